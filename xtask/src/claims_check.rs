//! The claims step of `cargo xtask test`: every benchmark runs once in test
//! mode, then the registry, the book and the recorded results are checked
//! against each other, and the recorded Go runs against today's Go sources.
//! Timings are not judged here (that is `cargo xtask claims`'s job, on a
//! quiet machine); what is recorded is.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use anyhow::{Result, bail};
use book_model::claims::{self, FigureKind, Kind, REGISTRY_FILE, RESULTS_FILE, Registry, Results};
use book_model::directive;
use walkdir::WalkDir;

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
    let registry = Registry::load(root).map_err(anyhow::Error::msg)?;
    let results = Results::load(root).map_err(anyhow::Error::msg)?;
    let book = chapters()?;
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
    let mut problems = problems(&registry, &results, &book, &benchmarks, &recorded, &hashes);
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

/// The book's chapters: path (as the author sees it) and text.
fn chapters() -> Result<Vec<(String, String)>> {
    let root = crate::root();
    let mut chapters = Vec::new();
    for entry in WalkDir::new(root.join("src"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_some_and(|e| e == "md") {
            let path = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .display()
                .to_string();
            chapters.push((path, fs::read_to_string(entry.path())?));
        }
    }
    chapters.sort();
    Ok(chapters)
}

/// Everything that disagrees, each with where to fix it.
fn problems(
    registry: &Registry,
    results: &Results,
    book: &[(String, String)],
    benchmarks: &BTreeSet<String>,
    recorded: &Measured,
    hashes: &BTreeMap<u32, String>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut boxed = BTreeSet::new();
    for (path, text) in book {
        for name in claims::DIRECTIVES {
            let Ok(found) = directive::find(text, name) else {
                continue;
            };
            for d in found {
                let line = directive::line_at(text, d.span.start);
                for id in d.arguments.split_whitespace() {
                    if registry.get(id).is_none() {
                        problems.push(format!(
                            "{path}:{line}: `{{{{#{name} {}}}}}` names no claim \"{id}\" in {REGISTRY_FILE}",
                            d.arguments
                        ));
                    }
                    if name != "ratio" {
                        boxed.insert(id.to_owned());
                    }
                }
            }
        }
    }
    for claim in &registry.claims {
        let at = |message: String| format!("{REGISTRY_FILE}: claim {}: {message}", claim.id);
        if !boxed.contains(&claim.id) {
            problems.push(at(format!(
                "no chapter shows it; put `{{{{#claim {}}}}}` where the book makes it",
                claim.id
            )));
        }
        for id in [&claim.fast, &claim.slow] {
            let known = match claim.kind {
                Kind::Timing => benchmarks.contains(id),
                Kind::Count => recorded.metrics.contains_key(id),
                Kind::Reading => {
                    recorded.readings.contains_key(id) || recorded.metrics.contains_key(id)
                }
            };
            if !known {
                let what = match claim.kind {
                    Kind::Timing => "benchmark",
                    Kind::Count => "metric",
                    Kind::Reading => "reading",
                };
                problems.push(at(format!(
                    "names {what} \"{id}\", which the bench targets do not define"
                )));
            }
        }
        if claim.kind == Kind::Count
            && let (Some(&fast), Some(&slow)) = (
                recorded.metrics.get(&claim.fast),
                recorded.metrics.get(&claim.slow),
            )
        {
            let (fast, slow) = (exact(&claim.fast, fast), exact(&claim.slow, slow));
            if !claim.holds(&fast, &slow) {
                problems.push(at(format!(
                    "the count now gives {}, claimed {}",
                    claim.measured(&fast, &slow),
                    claim.condition()
                )));
            }
        }
        let Some(result) = results.claims.get(&claim.id) else {
            problems.push(at(format!(
                "has no result in {RESULTS_FILE}; run `cargo xtask bench --id {}`",
                claim.id
            )));
            continue;
        };
        if result.fast.id != claim.fast || result.slow.id != claim.slow {
            problems.push(at(format!(
                "{RESULTS_FILE} measured other benchmarks; run `cargo xtask bench --id {}`",
                claim.id
            )));
        } else if hashes.get(&claim.chapter) != Some(&result.code_hash) {
            problems.push(at(format!(
                "stale: the code it measures changed since {}; run `cargo xtask bench --id {}`",
                result.provenance.date, claim.id
            )));
        } else if !claim.holds(&result.fast, &result.slow) {
            problems.push(at(format!(
                "recorded {}, claimed {}: rewrite or drop the claim, openly",
                claim.measured(&result.fast, &result.slow),
                claim.condition()
            )));
        }
    }
    for figure in &registry.figures {
        let at = |message: String| format!("{REGISTRY_FILE}: figure {}: {message}", figure.id);
        let name = figure.file.trim_start_matches("src/");
        if !book.iter().any(|(_, text)| text.contains(name)) {
            problems.push(at(format!("no chapter shows {name}")));
        }
        if !crate::root().join(&figure.file).is_file() {
            problems.push(at(format!(
                "{} is missing; run `cargo xtask bench --id {}`",
                figure.file, figure.id
            )));
        }
        match figure.kind {
            FigureKind::Family => {
                for prefix in figure.prefixes() {
                    if benchmarks.iter().filter(|b| b.starts_with(prefix)).count() < 2 {
                        problems.push(at(format!(
                            "fewer than two benchmarks are named {prefix}<number>"
                        )));
                    }
                }
            }
            FigureKind::Lines => {
                for id in figure
                    .series
                    .iter()
                    .filter(|id| !recorded.curves.contains_key(*id))
                {
                    problems.push(at(format!(
                        "names series \"{id}\", which no bench target records"
                    )));
                }
            }
        }
        match results.series.get(&figure.id) {
            None => problems.push(at(format!(
                "has no data in {RESULTS_FILE}; run `cargo xtask bench --id {}`",
                figure.id
            ))),
            Some(series) if hashes.get(&figure.chapter) != Some(&series.code_hash) => problems
                .push(at(format!(
                    "stale: the code it measures changed since {}; run `cargo xtask bench --id {}`",
                    series.provenance.date, figure.id
                ))),
            Some(_) => {}
        }
    }
    problems
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

    fn check(book: &str, recorded: Option<ClaimResult>) -> Vec<String> {
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
            &[("src/ch01.md".into(), book.into())],
            &benchmarks,
            &Measured::default(),
            &hashes,
        )
    }

    #[test]
    fn a_consistent_claim_passes() {
        assert_eq!(
            check("{{#claim values.boxes}}", Some(result(2.5, "current"))),
            Vec::<String>::new()
        );
    }

    #[test]
    fn reports_a_stale_result() {
        let problems = check("{{#claim values.boxes}}", Some(result(2.5, "old")));
        assert!(
            problems[0].contains("stale")
                && problems[0].contains("cargo xtask bench --id values.boxes"),
            "{problems:?}"
        );
    }

    #[test]
    fn reports_a_result_below_threshold_and_a_missing_one() {
        assert!(
            check("{{#claim values.boxes}}", Some(result(1.5, "current")))[0]
                .contains("recorded 1.5×")
        );
        assert!(check("{{#claim values.boxes}}", None)[0].contains("has no result"));
    }

    #[test]
    fn book_and_registry_must_agree() {
        let problems = check("text\n{{#ratio values.nope}}", Some(result(2.5, "current")));
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("src/ch01.md:2: `{{#ratio values.nope}}` names no claim")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("no chapter shows it")),
            "{problems:?}"
        );
    }
}
