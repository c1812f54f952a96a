//! `cargo xtask claims`: re-measure the book's claims on this machine and
//! compare each with the book. Also what it shares with `cargo xtask bench`
//! (`bench.rs`): choosing what to measure (`select`), judging a claim on
//! what was measured (`judge`), and the table of verdicts.

use std::collections::BTreeSet;

use anyhow::{Context, Result, bail};
use book_model::claims::{
    Claim, ClaimKind, Figure, FigureKind, Measurement, Registry, Results, conservative_ratio,
};

use crate::measure::{self, Measured};
use crate::provenance;

/// What a command was asked to measure.
pub struct Selection<'a> {
    pub claims: Vec<&'a Claim>,
    pub figures: Vec<&'a Figure>,
    /// A criterion filter, when one id was asked for.
    pub filter: Option<String>,
}

impl Selection<'_> {
    /// The chapters whose bench targets must run.
    pub fn chapters(&self) -> BTreeSet<u32> {
        self.claims
            .iter()
            .map(|c| c.chapter)
            .chain(self.figures.iter().map(|f| f.chapter))
            .collect()
    }
}

/// The claim or figure `id`, else every claim and figure of `chapter`, else
/// all of them.
pub fn select<'a>(
    registry: &'a Registry,
    chapter: Option<u32>,
    id: Option<&str>,
) -> Result<Selection<'a>> {
    match id {
        Some(id) => select_id(registry, id),
        None => select_chapter(registry, chapter),
    }
}

/// One claim or figure, with a criterion filter that runs only what it needs.
fn select_id<'a>(registry: &'a Registry, id: &str) -> Result<Selection<'a>> {
    if let Some(claim) = registry.get(id) {
        return Ok(Selection {
            claims: vec![claim],
            figures: vec![],
            filter: Some(claim_filter(claim)),
        });
    }
    if let Some(figure) = registry.figure(id) {
        return Ok(Selection {
            claims: vec![],
            figures: vec![figure],
            filter: Some(figure_filter(figure)),
        });
    }
    let known: Vec<&str> = registry
        .claims
        .iter()
        .map(|c| c.id.as_str())
        .chain(registry.figures.iter().map(|f| f.id.as_str()))
        .collect();
    bail!(
        "no claim or figure \"{id}\" in benches/claims.toml; fix the id, or register it there (known ids: {})",
        known.join(", ")
    );
}

/// A criterion filter that matches no benchmark id.
const TIME_NOTHING: &str = "^$";

/// The criterion filter that runs exactly the two benchmarks a timing
/// compares.
fn claim_filter(claim: &Claim) -> String {
    match claim.kind {
        ClaimKind::Timing => format!(
            "^({}|{})$",
            regex::escape(&claim.fast),
            regex::escape(&claim.slow)
        ),
        // Counts and readings are recorded whatever the filter; time nothing.
        ClaimKind::Count | ClaimKind::Reading => TIME_NOTHING.to_owned(),
    }
}

/// The criterion filter that runs every family a figure draws, or exactly
/// the benchmarks of its bars.
fn figure_filter(figure: &Figure) -> String {
    match figure.kind {
        FigureKind::Family => format!(
            "^({})",
            figure
                .prefixes()
                .iter()
                .map(|p| regex::escape(p))
                .collect::<Vec<_>>()
                .join("|")
        ),
        FigureKind::Bars => format!(
            "^({})$",
            figure
                .bars
                .iter()
                .map(|id| regex::escape(id))
                .collect::<Vec<_>>()
                .join("|")
        ),
        // Curves are recorded whatever the filter; time nothing.
        FigureKind::Lines => TIME_NOTHING.to_owned(),
    }
}

/// Every claim and figure of `chapter` (of every chapter if `None`); all
/// their benchmarks run.
fn select_chapter(registry: &Registry, chapter: Option<u32>) -> Result<Selection<'_>> {
    let in_scope = |c: u32| chapter.is_none_or(|wanted| wanted == c);
    let selection = Selection {
        claims: registry
            .claims
            .iter()
            .filter(|c| in_scope(c.chapter))
            .collect(),
        figures: registry
            .figures
            .iter()
            .filter(|f| in_scope(f.chapter))
            .collect(),
        filter: None,
    };
    if selection.claims.is_empty() && selection.figures.is_empty() {
        match chapter {
            Some(chapter) => bail!("chapter {chapter} makes no claim and draws no figure"),
            None => bail!("benches/claims.toml registers no claim and no figure"),
        }
    }
    Ok(selection)
}

/// The two measurements a claim compares, and its ratio.
pub fn judge(claim: &Claim, measured: &Measured) -> Result<(Measurement, Measurement, f64)> {
    let get = |id: &str| -> Result<Measurement> {
        match claim.kind {
            ClaimKind::Timing => measured.timings.get(id).map(|t| t.measurement.clone()).with_context(|| {
                format!("claim {}: benchmark \"{id}\" did not run; check the id against the bench target", claim.id)
            }),
            ClaimKind::Count => measured.metrics.get(id).map(|&value| exact(id, value)).with_context(|| {
                format!("claim {}: no metric \"{id}\" was recorded; the bench target must call benches::record_metric", claim.id)
            }),
            ClaimKind::Reading => measured
                .readings
                .get(id)
                .filter(|values| !values.is_empty())
                .map(|values| spread(id, values))
                .or_else(|| measured.metrics.get(id).map(|&value| exact(id, value)))
                .with_context(|| {
                    format!("claim {}: no readings \"{id}\" were recorded; the bench target must call benches::record_readings", claim.id)
                }),
        }
    };
    let (fast, slow) = (get(&claim.fast)?, get(&claim.slow)?);
    let ratio = match claim.kind {
        ClaimKind::Timing | ClaimKind::Reading => conservative_ratio(&fast, &slow),
        ClaimKind::Count => slow.point / fast.point,
    };
    Ok((fast, slow, ratio))
}

/// A count as a measurement: no interval, the number itself.
pub fn exact(id: &str, value: f64) -> Measurement {
    Measurement {
        id: id.to_owned(),
        point: value,
        lower: value,
        upper: value,
    }
}

/// Several readings as a measurement: their median, between their extremes.
/// `readings` must not be empty.
pub fn spread(id: &str, readings: &[f64]) -> Measurement {
    let mut sorted = readings.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    let median = if sorted.len().is_multiple_of(2) {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    } else {
        sorted[middle]
    };
    Measurement {
        id: id.to_owned(),
        point: median,
        lower: sorted[0],
        upper: sorted[sorted.len() - 1],
    }
}

/// `cargo xtask claims`: re-measure on this machine, compare with the book.
pub fn check(chapter: Option<u32>, id: Option<&str>) -> Result<()> {
    let root = crate::root();
    let registry = Registry::load(root)?;
    let results = Results::load(root)?;
    let mut selection = select(&registry, chapter, id)?;
    selection.figures.clear();
    if selection.claims.is_empty() {
        match (id, chapter) {
            (Some(id), _) => {
                bail!("\"{id}\" is a figure, not a claim; `cargo xtask bench --id {id}` redraws it")
            }
            (None, Some(chapter)) => bail!(
                "chapter {chapter} draws figures but makes no claim; `cargo xtask bench --chapter {chapter}` redraws them"
            ),
            (None, None) => bail!("benches/claims.toml registers no claim"),
        }
    }
    let measured = measure::run_chapters(&selection.chapters(), selection.filter.as_deref())?;
    let mut rows = Vec::new();
    for claim in &selection.claims {
        let (fast, slow, _) = judge(claim, &measured)?;
        let book = results
            .claims
            .get(&claim.id)
            .map(|r| claim.measured(&r.fast, &r.slow));
        rows.push(Row {
            claim,
            book,
            fast,
            slow,
        });
    }
    println!("\n{}", table(&rows));
    println!("this machine: {}", provenance::collect().line());
    fail_unless_all_hold(
        &rows,
        "on this machine; the book's figures were measured on the machine its claim boxes name",
    )
}

/// A claim judged on what was measured, for the table of verdicts.
pub struct Row<'a> {
    pub claim: &'a Claim,
    /// What the book recorded, in the claim's terms.
    pub book: Option<String>,
    pub fast: Measurement,
    pub slow: Measurement,
}

impl Row<'_> {
    fn holds(&self) -> bool {
        self.claim.holds(&self.fast, &self.slow)
    }

    fn measured(&self) -> String {
        self.claim.measured(&self.fast, &self.slow)
    }
}

/// The verdicts as a table: claimed, recorded in the book, measured here.
pub fn table(rows: &[Row<'_>]) -> String {
    let width = rows
        .iter()
        .map(|r| r.claim.id.len())
        .max()
        .unwrap_or(5)
        .max(5);
    let mut out = format!(
        "{:<width$}  {:>20}  {:>16}  {:>16}  verdict\n",
        "claim", "claimed", "book", "this machine"
    );
    for row in rows {
        let book = row.book.clone().unwrap_or_else(|| "-".to_owned());
        let verdict = if row.holds() { "holds" } else { "FAILS" };
        out.push_str(&format!(
            "{:<width$}  {:>20}  {:>16}  {:>16}  {verdict}\n",
            row.claim.id,
            row.claim.condition(),
            book,
            row.measured()
        ));
    }
    out
}

/// `Err` listing every row that does not hold, and what follows from it.
pub fn fail_unless_all_hold(rows: &[Row<'_>], consequence: &str) -> Result<()> {
    let failing: Vec<String> = rows
        .iter()
        .filter(|r| !r.holds())
        .map(|r| {
            format!(
                "{}: measured {}, claimed {}",
                r.claim.id,
                r.measured(),
                r.claim.condition()
            )
        })
        .collect();
    if failing.is_empty() {
        return Ok(());
    }
    bail!(
        "{} claim(s) do not hold ({consequence}):\n  {}",
        failing.len(),
        failing.join("\n  ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::Timing;

    /// Chapter 5 makes a timing claim and a banded count and draws a family;
    /// chapter 3 makes a count and a reading claim; chapter 7 only draws lines.
    const REGISTRY: &str = r#"
[[claim]]
id = "caches.row-vs-column"
chapter = 5
statement = "Row by row is at least {threshold} faster."
fast = "caches/row-major"
slow = "caches/column-major"
threshold = 4.0
depends_on = "the size of your L3"

[[claim]]
id = "caches.twice"
chapter = 5
kind = "count"
statement = "Twice as many misses: between {threshold} and {at_most}."
fast = "caches/misses-once"
slow = "caches/misses-twice"
threshold = 1.9
at_most = 2.1

[[claim]]
id = "heap.reserve"
chapter = 3
kind = "count"
statement = "Growing allocates at least {threshold} as often as reserving."
fast = "heap/reserved"
slow = "heap/grown"
threshold = 10.0

[[claim]]
id = "heap.resident"
chapter = 3
kind = "reading"
statement = "Boxes take at least {threshold} the memory."
fast = "heap/resident-values"
slow = "heap/resident-boxes"
threshold = 2.0
depends_on = "your allocator"

[[figure]]
id = "caches.ladder"
chapter = 5
benchmarks = "caches/latency/"
compare = ["caches/latency-huge/"]
labels = ["4 KiB pages", "2 MiB pages"]
file = "src/figures/ladder.svg"
title = "t"
x_label = "x"
y_label = "y"

[[figure]]
id = "threads.scaling"
chapter = 7
kind = "lines"
series = ["threads/ideal"]
labels = ["ideal"]
file = "src/figures/scaling.svg"
title = "t"
x_label = "x"
y_label = "y"
"#;

    fn registry() -> Registry {
        Registry::parse(REGISTRY).unwrap()
    }

    fn claim_ids(selection: &Selection<'_>) -> Vec<String> {
        selection.claims.iter().map(|c| c.id.clone()).collect()
    }

    fn figure_ids(selection: &Selection<'_>) -> Vec<String> {
        selection.figures.iter().map(|f| f.id.clone()).collect()
    }

    /// Whether a selection's criterion filter lets benchmark `id` run.
    fn runs(selection: &Selection<'_>, id: &str) -> bool {
        let filter = selection.filter.as_deref().expect("a filter");
        regex::Regex::new(filter).unwrap().is_match(id)
    }

    #[test]
    fn a_chapter_selects_its_own_claims_and_figures_and_nothing_else() {
        let registry = registry();
        let selection = select(&registry, Some(5), None).unwrap();
        assert_eq!(
            claim_ids(&selection),
            ["caches.row-vs-column", "caches.twice"]
        );
        assert_eq!(figure_ids(&selection), ["caches.ladder"]);
        assert_eq!(selection.chapters(), BTreeSet::from([5]));
        assert!(
            selection.filter.is_none(),
            "a chapter runs all its benchmarks"
        );
        let figures_only = select(&registry, Some(7), None).unwrap();
        assert!(figures_only.claims.is_empty());
        assert_eq!(figure_ids(&figures_only), ["threads.scaling"]);
    }

    #[test]
    fn no_selection_takes_every_claim_and_figure() {
        let registry = registry();
        let selection = select(&registry, None, None).unwrap();
        assert_eq!(selection.claims.len(), 4);
        assert_eq!(selection.figures.len(), 2);
        assert_eq!(selection.chapters(), BTreeSet::from([3, 5, 7]));
    }

    #[test]
    fn a_chapter_with_nothing_to_measure_is_an_error_naming_it() {
        let registry = registry();
        let error = select(&registry, Some(9), None).err().unwrap();
        assert_eq!(
            error.to_string(),
            "chapter 9 makes no claim and draws no figure"
        );
    }

    #[test]
    fn a_timing_claim_by_id_runs_exactly_its_two_benchmarks() {
        let registry = registry();
        let selection = select(&registry, None, Some("caches.row-vs-column")).unwrap();
        assert_eq!(claim_ids(&selection), ["caches.row-vs-column"]);
        assert!(selection.figures.is_empty());
        assert_eq!(selection.chapters(), BTreeSet::from([5]));
        assert!(runs(&selection, "caches/row-major"));
        assert!(runs(&selection, "caches/column-major"));
        // Anchored: a benchmark whose id merely starts or ends the same does not run.
        assert!(!runs(&selection, "caches/row-major-2"));
        assert!(!runs(&selection, "big/caches/row-major"));
        assert!(!runs(&selection, "caches/latency/4096"));
    }

    #[test]
    fn a_count_claim_by_id_times_no_benchmark() {
        let registry = registry();
        let selection = select(&registry, None, Some("heap.reserve")).unwrap();
        assert_eq!(claim_ids(&selection), ["heap.reserve"]);
        assert!(!runs(&selection, "heap/reserved"));
        assert!(!runs(&selection, "heap/grown"));
    }

    #[test]
    fn a_figure_by_id_runs_every_family_it_draws() {
        let registry = registry();
        let selection = select(&registry, None, Some("caches.ladder")).unwrap();
        assert!(selection.claims.is_empty());
        assert_eq!(figure_ids(&selection), ["caches.ladder"]);
        assert_eq!(selection.chapters(), BTreeSet::from([5]));
        assert!(runs(&selection, "caches/latency/4096"));
        assert!(runs(&selection, "caches/latency-huge/4096"));
        assert!(!runs(&selection, "caches/row-major"));
        let lines = select(&registry, None, Some("threads.scaling")).unwrap();
        assert_eq!(figure_ids(&lines), ["threads.scaling"]);
        assert!(
            !runs(&lines, "threads/ideal"),
            "a model's curves are not timed"
        );
    }

    #[test]
    fn a_bar_chart_by_id_runs_exactly_its_bars() {
        let registry = Registry::parse(crate::figures::EXAMPLE_BARS).unwrap();
        let selection = select(&registry, None, Some("dod.levers")).unwrap();
        assert_eq!(figure_ids(&selection), ["dod.levers"]);
        assert_eq!(selection.chapters(), BTreeSet::from([6]));
        assert!(runs(&selection, "dod/levers/1-nested"));
        assert!(runs(&selection, "dod/levers/2-hash"));
        assert!(!runs(&selection, "dod/levers/2-hash-map"));
        assert!(!runs(&selection, "dod/levers/3-borrowed"));
    }

    #[test]
    fn an_unknown_id_is_an_error_listing_the_known_ones() {
        let registry = registry();
        let error = select(&registry, Some(5), Some("caches.row-vs-nothing"))
            .err()
            .unwrap()
            .to_string();
        assert!(
            error
                .starts_with("no claim or figure \"caches.row-vs-nothing\" in benches/claims.toml"),
            "{error}"
        );
        for known in ["caches.row-vs-column", "heap.resident", "threads.scaling"] {
            assert!(error.contains(known), "{error} should offer {known}");
        }
    }

    fn measurement(id: &str, point: f64) -> Measurement {
        Measurement {
            id: id.into(),
            point,
            lower: point * 0.9,
            upper: point * 1.1,
        }
    }

    /// A run that timed the row-vs-column pair at these points (± 10%).
    fn timed(fast: f64, slow: f64) -> Measured {
        let mut measured = Measured::default();
        for m in [
            measurement("caches/row-major", fast),
            measurement("caches/column-major", slow),
        ] {
            let timing = Timing {
                measurement: m.clone(),
                elements: None,
                bytes: None,
            };
            measured.timings.insert(m.id, timing);
        }
        measured
    }

    /// A run that counted `metrics`.
    fn counted(metrics: &[(&str, f64)]) -> Measured {
        let mut measured = Measured::default();
        for &(id, value) in metrics {
            measured.metrics.insert(id.into(), value);
        }
        measured
    }

    /// The row the table prints for `claim` judged on `measured`.
    fn row_of(claim: &Claim, measured: &Measured) -> String {
        let (fast, slow, _) = judge(claim, measured).unwrap();
        let rows = [Row {
            claim,
            book: None,
            fast,
            slow,
        }];
        let printed = table(&rows);
        let mut lines = printed.lines();
        assert!(lines.next().unwrap().starts_with("claim"), "{printed}");
        lines.next().unwrap().to_owned()
    }

    #[test]
    fn a_timing_is_judged_on_its_conservative_ratio() {
        let registry = registry();
        let claim = registry.get("caches.row-vs-column").unwrap();
        let (fast, slow, ratio) = judge(claim, &timed(1e6, 1e7)).unwrap();
        assert_eq!(
            (fast.id.as_str(), slow.id.as_str()),
            ("caches/row-major", "caches/column-major")
        );
        // 0.9e7 / 1.1e6, not the 10× the point estimates suggest.
        assert!((ratio - 8.1818).abs() < 1e-3, "{ratio}");
    }

    #[test]
    fn a_ratio_above_the_threshold_holds() {
        let registry = registry();
        let claim = registry.get("caches.row-vs-column").unwrap();
        let row = row_of(claim, &timed(1e6, 1e7));
        assert!(row.starts_with("caches.row-vs-column"), "{row}");
        assert!(row.contains("≥ 4×"), "{row}");
        assert!(row.contains("8.2×"), "{row}");
        assert!(row.ends_with("holds"), "{row}");
    }

    #[test]
    fn a_ratio_whose_interval_reaches_below_the_threshold_fails() {
        let registry = registry();
        let claim = registry.get("caches.row-vs-column").unwrap();
        // The points say exactly 4×; the intervals allow 3.3×.
        let row = row_of(claim, &timed(1e6, 4e6));
        assert!(row.ends_with("FAILS"), "{row}");
        assert!(row.contains("3.3×"), "{row}");
    }

    #[test]
    fn a_band_holds_inside_and_fails_on_either_side() {
        let registry = registry();
        let claim = registry.get("caches.twice").unwrap();
        let judged = |slow: f64| {
            let measured = counted(&[("caches/misses-once", 100.0), ("caches/misses-twice", slow)]);
            let (_, _, ratio) = judge(claim, &measured).unwrap();
            (ratio, row_of(claim, &measured))
        };
        let (ratio, row) = judged(200.0);
        assert_eq!(ratio, 2.0, "a count is exact: slow over fast");
        assert!(row.contains("between 1.9× and 2.1×"), "{row}");
        assert!(row.ends_with("holds"), "{row}");
        for outside in [150.0, 250.0] {
            let (_, row) = judged(outside);
            assert!(row.ends_with("FAILS"), "{outside}: {row}");
        }
        // The bounds themselves are inside.
        assert!(judged(190.0).1.ends_with("holds"));
        assert!(judged(210.0).1.ends_with("holds"));
    }

    #[test]
    fn readings_are_judged_on_their_range_and_may_be_a_constant() {
        let registry = registry();
        let claim = registry.get("heap.resident").unwrap();
        let mut measured = Measured::default();
        measured
            .readings
            .insert("heap/resident-boxes".into(), vec![30.0, 50.0, 40.0]);
        measured.metrics.insert("heap/resident-values".into(), 10.0);
        let (fast, slow, ratio) = judge(claim, &measured).unwrap();
        assert_eq!((fast.lower, fast.upper), (10.0, 10.0));
        assert_eq!(slow.point, 40.0);
        assert_eq!(
            ratio, 3.0,
            "the smallest slow reading over the fast constant"
        );
    }

    #[test]
    fn a_missing_measurement_is_an_error_saying_what_to_check() {
        let registry = registry();
        let mut measured = timed(1e6, 1e7);
        measured.timings.remove("caches/column-major");
        let claim = registry.get("caches.row-vs-column").unwrap();
        let error = judge(claim, &measured).err().unwrap().to_string();
        assert!(
            error.contains("benchmark \"caches/column-major\" did not run"),
            "{error}"
        );
        let claim = registry.get("heap.reserve").unwrap();
        let error = judge(claim, &counted(&[("heap/reserved", 1.0)]))
            .err()
            .unwrap()
            .to_string();
        assert!(error.contains("no metric \"heap/grown\""), "{error}");
        assert!(error.contains("benches::record_metric"), "{error}");
    }

    #[test]
    fn only_claims_that_fail_are_reported_with_what_was_measured() {
        let registry = registry();
        let timing = registry.get("caches.row-vs-column").unwrap();
        let count = registry.get("heap.reserve").unwrap();
        let row = |claim, measured: &Measured| {
            let (fast, slow, _) = judge(claim, measured).unwrap();
            Row {
                claim,
                book: None,
                fast,
                slow,
            }
        };
        let holding = row(timing, &timed(1e6, 1e7));
        let failing = row(
            count,
            &counted(&[("heap/reserved", 1.0), ("heap/grown", 5.0)]),
        );
        assert!(fail_unless_all_hold(std::slice::from_ref(&holding), "x").is_ok());
        let error = fail_unless_all_hold(&[holding, failing], "because")
            .err()
            .unwrap()
            .to_string();
        assert!(
            error.starts_with("1 claim(s) do not hold (because):"),
            "{error}"
        );
        assert!(
            error.contains("heap.reserve: measured 5×, claimed ≥ 10×"),
            "{error}"
        );
        assert!(!error.contains("caches.row-vs-column"), "{error}");
    }

    #[test]
    fn readings_are_their_median_between_their_extremes() {
        let m = spread("r", &[9.0, 3.0, 5.0]);
        assert_eq!((m.lower, m.point, m.upper), (3.0, 5.0, 9.0));
        let m = spread("r", &[4.0, 1.0, 2.0, 3.0]);
        assert_eq!((m.lower, m.point, m.upper), (1.0, 2.5, 4.0));
    }
}
