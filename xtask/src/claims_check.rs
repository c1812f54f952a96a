//! The claims step of `cargo xtask test`: every benchmark runs once in test
//! mode, then the registry, the book and the recorded results are checked
//! against each other, and the recorded Go runs against today's Go sources.
//! Timings are not judged here (that is `cargo xtask claims`'s job, on a
//! quiet machine); what is recorded is.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Result, bail};
use book_model::claims::{
    Claim, ClaimKind, Figure, FigureKind, REGISTRY_FILE, RESULTS_FILE, Registry, Results, Series,
};

use crate::claims::exact;
use crate::measure::Measured;
use crate::{code_hash, go_runs, measure};

/// Runs the step; returns how many benchmarks ran.
pub fn run() -> Result<usize> {
    let root = crate::root();
    let (benchmarks, recorded) = measure::run_test_mode()?;
    if benchmarks.is_empty() {
        bail!("criterion ran no benchmark; does benches/Cargo.toml declare its [[bench]] targets?");
    }
    let registry = Registry::load(root)?;
    let results = Results::load(root)?;
    let mut hashes = BTreeMap::new();
    for chapter in registry
        .claims
        .iter()
        .map(|c| c.chapter)
        .chain(registry.figures.iter().map(|f| f.chapter))
    {
        if let std::collections::btree_map::Entry::Vacant(slot) = hashes.entry(chapter) {
            slot.insert(code_hash::of_chapter(chapter)?);
        }
    }
    let mut problems = problems(&registry, &results, &benchmarks, &recorded, &hashes);
    problems.extend(go_runs::check()?);
    if !problems.is_empty() {
        bail!(
            "{} problem(s) with the book's claims or recorded runs:\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
    }
    eprintln!(
        "{} claims and {} figures: registered, in the book, measured on the current code, holding",
        registry.claims.len(),
        registry.figures.len()
    );
    eprintln!(
        "{}: recorded from today's Go sources",
        book_model::go_runs::RECORDING_FILE
    );
    Ok(benchmarks.len())
}

/// Everything that disagrees, each with where to fix it.
/// (Whether the book shows each claim and figure is the book build's check:
/// `book_model::claims::unshown`, run by the preprocessor.)
fn problems(
    registry: &Registry,
    results: &Results,
    benchmarks: &BTreeSet<String>,
    recorded: &Measured,
    hashes: &BTreeMap<u32, String>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for claim in &registry.claims {
        let mut found = claim_problems(claim, benchmarks, recorded);
        found.extend(recorded_result_problem(claim, results, hashes));
        problems.extend(in_registry("claim", &claim.id, found));
    }
    for figure in &registry.figures {
        let mut found = figure_problems(figure, benchmarks, recorded);
        found.extend(recorded_data_problem(figure, results, hashes));
        problems.extend(in_registry("figure", &figure.id, found));
    }
    problems
}

/// The problems of the claim or figure `id`, each saying where it is
/// registered.
fn in_registry(what: &str, id: &str, problems: Vec<String>) -> impl Iterator<Item = String> {
    problems
        .into_iter()
        .map(move |message| format!("{REGISTRY_FILE}: {what} {id}: {message}"))
}

/// What is wrong with a claim itself: its measurements not defined, or its
/// count no longer holding.
fn claim_problems(
    claim: &Claim,
    benchmarks: &BTreeSet<String>,
    recorded: &Measured,
) -> Vec<String> {
    let mut problems = Vec::new();
    for id in [&claim.fast, &claim.slow] {
        if !is_defined(claim.kind, id, benchmarks, recorded) {
            problems.push(format!(
                "names {} \"{id}\", which the bench targets do not define",
                measurement_noun(claim.kind)
            ));
        }
    }
    problems.extend(count_not_holding(claim, recorded));
    problems
}

/// Whether a bench target defines measurement `id` of a claim of `kind`.
fn is_defined(
    kind: ClaimKind,
    id: &str,
    benchmarks: &BTreeSet<String>,
    recorded: &Measured,
) -> bool {
    match kind {
        ClaimKind::Timing => benchmarks.contains(id),
        ClaimKind::Count => recorded.metrics.contains_key(id),
        ClaimKind::Reading => {
            recorded.readings.contains_key(id) || recorded.metrics.contains_key(id)
        }
    }
}

/// What a measurement of a claim of `kind` is called in a message.
fn measurement_noun(kind: ClaimKind) -> &'static str {
    match kind {
        ClaimKind::Timing => "benchmark",
        ClaimKind::Count => "metric",
        ClaimKind::Reading => "reading",
    }
}

/// A count claim judged on the counts this run recorded: a count is
/// exact, so it needs no quiet machine.
fn count_not_holding(claim: &Claim, recorded: &Measured) -> Option<String> {
    if claim.kind != ClaimKind::Count {
        return None;
    }
    let fast = exact(&claim.fast, *recorded.metrics.get(&claim.fast)?);
    let slow = exact(&claim.slow, *recorded.metrics.get(&claim.slow)?);
    (!claim.holds(&fast, &slow)).then(|| {
        format!(
            "the count now gives {}, claimed {}",
            claim.measured(&fast, &slow),
            claim.condition()
        )
    })
}

/// What is wrong with a claim's recorded result: missing, of other
/// benchmarks, stale, or not holding.
fn recorded_result_problem(
    claim: &Claim,
    results: &Results,
    hashes: &BTreeMap<u32, String>,
) -> Option<String> {
    let Some(result) = results.claims.get(&claim.id) else {
        return Some(format!(
            "has no result in {RESULTS_FILE}; {}",
            bench_again(&claim.id)
        ));
    };
    if result.fast.id != claim.fast || result.slow.id != claim.slow {
        Some(format!(
            "{RESULTS_FILE} measured other benchmarks; {}",
            bench_again(&claim.id)
        ))
    } else if is_stale(hashes, claim.chapter, &result.code_hash) {
        Some(stale(&result.provenance.date, &claim.id))
    } else if !claim.holds(&result.fast, &result.slow) {
        Some(format!(
            "recorded {}, claimed {}: rewrite or drop the claim, openly",
            claim.measured(&result.fast, &result.slow),
            claim.condition()
        ))
    } else {
        None
    }
}

/// What is wrong with a figure itself: not drawn, or what it draws not
/// measured.
fn figure_problems(
    figure: &Figure,
    benchmarks: &BTreeSet<String>,
    recorded: &Measured,
) -> Vec<String> {
    let mut problems = Vec::new();
    if !crate::root().join(&figure.file).is_file() {
        problems.push(format!(
            "{} is missing; {}",
            figure.file,
            bench_again(&figure.id)
        ));
    }
    problems.extend(unmeasured_sources(figure, benchmarks, recorded));
    problems
}

/// A problem for each family of fewer than two benchmarks, each model
/// curve no bench target records, or each bar's benchmark no bench target
/// defines.
fn unmeasured_sources(
    figure: &Figure,
    benchmarks: &BTreeSet<String>,
    recorded: &Measured,
) -> Vec<String> {
    match figure.kind {
        FigureKind::Family => figure
            .prefixes()
            .into_iter()
            .filter(|prefix| benchmarks.iter().filter(|b| b.starts_with(prefix)).count() < 2)
            .map(|prefix| format!("fewer than two benchmarks are named {prefix}<number>"))
            .collect(),
        FigureKind::Lines => figure
            .curves
            .iter()
            .filter(|id| !recorded.curves.contains_key(*id))
            .map(|id| format!("names series \"{id}\", which no bench target records"))
            .collect(),
        FigureKind::Bars => figure
            .bars
            .iter()
            .filter(|id| !benchmarks.contains(*id))
            .map(|id| {
                format!("names benchmark \"{id}\" in `bars`, which the bench targets do not define")
            })
            .collect(),
    }
}

/// What is wrong with the points recorded for a figure: missing, of other
/// benchmarks than its bars, or stale.
fn recorded_data_problem(
    figure: &Figure,
    results: &Results,
    hashes: &BTreeMap<u32, String>,
) -> Option<String> {
    match results.series.get(&figure.id) {
        None => Some(format!(
            "has no data in {RESULTS_FILE}; {}",
            bench_again(&figure.id)
        )),
        Some(series) if figure.kind == FigureKind::Bars && !records_bars(figure, series) => {
            Some(format!(
                "{RESULTS_FILE} measured other benchmarks than its `bars`; {}",
                bench_again(&figure.id)
            ))
        }
        Some(series) if is_stale(hashes, figure.chapter, &series.code_hash) => {
            Some(stale(&series.provenance.date, &figure.id))
        }
        Some(_) => None,
    }
}

/// Whether `series` holds one point for each of a bar chart's benchmarks,
/// in the order of its `bars`.
fn records_bars(figure: &Figure, series: &Series) -> bool {
    series.compared.is_empty()
        && series
            .points
            .iter()
            .map(|(_, m)| m.id.as_str())
            .eq(figure.bars.iter().map(String::as_str))
}

/// Whether `code_hash`, recorded for `chapter`, is no longer the hash of
/// the code that chapter's benchmarks measure.
fn is_stale(hashes: &BTreeMap<u32, String>, chapter: u32, code_hash: &str) -> bool {
    hashes.get(&chapter).map(String::as_str) != Some(code_hash)
}

/// The problem of a result recorded on `date` from code changed since.
fn stale(date: &str, id: &str) -> String {
    format!(
        "stale: the code it measures changed since {date}; {}",
        bench_again(id)
    )
}

/// The command that records claim or figure `id` again.
fn bench_again(id: &str) -> String {
    format!("run `cargo xtask bench --id {id}`")
}

#[cfg(test)]
mod tests {
    use super::*;
    use book_model::claims::{ClaimResult, Provenance};

    const REGISTRY: &str = r#"
[[claim]]
id = "values.boxes"
chapter = 1
statement = "Values are at least {threshold} faster."
fast = "values/sum_values"
slow = "values/sum_boxed"
threshold = 2.0
depends_on = "your allocator."
"#;

    /// A recorded result whose slow variant took `ratio` times the fast one.
    fn result(ratio: f64, hash: &str) -> ClaimResult {
        ClaimResult {
            fast: exact("values/sum_values", 1.0),
            slow: exact("values/sum_boxed", ratio),
            ratio,
            code_hash: hash.into(),
            provenance: Provenance::example(),
        }
    }

    fn check(recorded: Option<ClaimResult>) -> Vec<String> {
        let registry = Registry::parse(REGISTRY).unwrap();
        let mut results = Results::default();
        if let Some(r) = recorded {
            results.claims.insert("values.boxes".into(), r);
        }
        let benchmarks: BTreeSet<String> = ["values/sum_values", "values/sum_boxed"]
            .map(String::from)
            .into();
        let hashes = BTreeMap::from([(1, "current".to_owned())]);
        problems(
            &registry,
            &results,
            &benchmarks,
            &Measured::default(),
            &hashes,
        )
    }

    #[test]
    fn a_consistent_claim_passes() {
        assert_eq!(check(Some(result(2.5, "current"))), Vec::<String>::new());
    }

    #[test]
    fn reports_a_stale_result() {
        let problems = check(Some(result(2.5, "old")));
        assert!(
            problems[0].contains("stale")
                && problems[0].contains("cargo xtask bench --id values.boxes"),
            "{problems:?}"
        );
    }

    use crate::figures::EXAMPLE_BARS as BARS;

    /// Recorded bars for the benchmarks `ids`, on code of hash `hash`.
    fn bars(ids: &[&str], hash: &str) -> Series {
        Series {
            points: ids
                .iter()
                .enumerate()
                .map(|(n, id)| (n as f64, exact(id, 1e3)))
                .collect(),
            compared: Vec::new(),
            provenance: Provenance::example(),
            code_hash: hash.into(),
        }
    }

    /// The problems of the bar chart in `BARS`, as recorded in `recorded`
    /// and defined by the bench targets as `benchmarks`.
    fn check_bars(recorded: Option<Series>, benchmarks: &[&str]) -> Vec<String> {
        let registry = Registry::parse(BARS).unwrap();
        let figure = &registry.figures[0];
        let mut results = Results::default();
        if let Some(series) = recorded {
            results.series.insert(figure.id.clone(), series);
        }
        let benchmarks: BTreeSet<String> = benchmarks.iter().map(|b| b.to_string()).collect();
        let hashes = BTreeMap::from([(6, "current".to_owned())]);
        let mut problems = unmeasured_sources(figure, &benchmarks, &Measured::default());
        problems.extend(recorded_data_problem(figure, &results, &hashes));
        problems
    }

    const LEVERS: [&str; 2] = ["dod/levers/1-nested", "dod/levers/2-hash"];

    #[test]
    fn consistent_bars_pass() {
        assert_eq!(
            check_bars(Some(bars(&LEVERS, "current")), &LEVERS),
            Vec::<String>::new()
        );
    }

    #[test]
    fn reports_bars_stale_missing_undefined_or_of_other_benchmarks() {
        let stale = check_bars(Some(bars(&LEVERS, "old")), &LEVERS);
        assert!(
            stale.len() == 1 && stale[0].contains("stale") && stale[0].contains("--id dod.levers"),
            "{stale:?}"
        );
        assert!(check_bars(None, &LEVERS)[0].contains("has no data"));
        let undefined = check_bars(Some(bars(&LEVERS, "current")), &LEVERS[..1]);
        assert_eq!(
            undefined,
            [
                "names benchmark \"dod/levers/2-hash\" in `bars`, which the bench targets do not define"
            ]
        );
        let reordered = [LEVERS[1], LEVERS[0]];
        for other in [&LEVERS[..1], &reordered[..]] {
            let problems = check_bars(Some(bars(other, "current")), &LEVERS);
            assert!(
                problems.len() == 1 && problems[0].contains("measured other benchmarks"),
                "{other:?}: {problems:?}"
            );
        }
    }

    #[test]
    fn reports_a_result_below_threshold_and_a_missing_one() {
        assert!(check(Some(result(1.5, "current")))[0].contains("recorded 1.5×"));
        assert!(check(None)[0].contains("has no result"));
    }
}
