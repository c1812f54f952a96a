//! `cargo xtask bench`: run the benchmarks behind the selected claims and
//! figures, record each claim's result and each figure's points in
//! `benches/results.json`, and draw the figures. What to measure and how a
//! claim is judged are shared with `cargo xtask claims` (`claims.rs`).

use std::time::Instant;

use anyhow::Result;
use book_model::claims::{
    Claim, ClaimResult, Figure, FigureKind, Measurement, Provenance, Registry, Results, Series,
};

use crate::claims::{Row, fail_unless_all_hold, judge, select, table};
use crate::measure::{self, Measured};
use crate::{code_hash, figures, provenance};

/// Measures, records in benches/results.json, draws the figures.
pub fn run(chapter: Option<u32>, id: Option<&str>) -> Result<()> {
    let root = crate::root();
    let registry = Registry::load(root)?;
    let selection = select(&registry, chapter, id)?;
    let started = Instant::now();
    let measured = measure::run_chapters(&selection.chapters(), selection.filter.as_deref())?;
    let provenance = provenance::collect();
    let mut results = Results::load(root)?;
    let rows = record_claims(&selection.claims, &measured, &provenance, &mut results)?;
    record_figures(&selection.figures, &measured, &provenance, &mut results)?;
    draw_recorded(&selection.figures, &results)?;
    drop_unregistered(&registry, &mut results);
    results.save(root)?;
    println!("\n{}", table(&rows));
    println!(
        "recorded in benches/results.json in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    fail_unless_all_hold(
        &rows,
        "the recorded result fails the test step until the claim is rewritten, rethresholded openly, or dropped",
    )
}

/// Judges each claim on `measured` and records its result; returns the
/// table's rows.
fn record_claims<'a>(
    claims: &[&'a Claim],
    measured: &Measured,
    provenance: &Provenance,
    results: &mut Results,
) -> Result<Vec<Row<'a>>> {
    let mut rows = Vec::new();
    for &claim in claims {
        let (fast, slow, ratio) = judge(claim, measured)?;
        let code_hash = code_hash::of_chapter(claim.chapter)?;
        rows.push(Row {
            claim,
            book: None,
            fast: fast.clone(),
            slow: slow.clone(),
        });
        let result = ClaimResult {
            fast,
            slow,
            ratio,
            code_hash,
            provenance: provenance.clone(),
        };
        results.claims.insert(claim.id.clone(), result);
    }
    Ok(rows)
}

/// Records what each figure is drawn from: a family's points, or a bar
/// chart's (each bar's benchmark, its index as x). A model's lines are
/// drawn here: their curves are not kept, as the model recomputes them
/// exactly.
fn record_figures(
    figures: &[&Figure],
    measured: &Measured,
    provenance: &Provenance,
    results: &mut Results,
) -> Result<()> {
    for &figure in figures {
        let code_hash = code_hash::of_chapter(figure.chapter)?;
        let (points, compared) = match figure.kind {
            FigureKind::Family => family_points(figure, measured)?,
            FigureKind::Bars => (figures::bar_points(figure, measured)?, Vec::new()),
            FigureKind::Lines => {
                let curves = figures::curves(figure, measured)?;
                figures::write_figure(figure, figures::render_lines(figure, &curves, provenance))?;
                (Vec::new(), Vec::new())
            }
        };
        let series = Series {
            points,
            compared,
            provenance: provenance.clone(),
            code_hash,
        };
        results.series.insert(figure.id.clone(), series);
    }
    Ok(())
}

/// One family's points: each benchmark's parameter and what it measured.
type Points = Vec<(f64, Measurement)>;

/// A family figure's points: its first family's, then those of each family
/// it is compared with.
fn family_points(figure: &Figure, measured: &Measured) -> Result<(Points, Vec<Points>)> {
    let mut families = figure
        .prefixes()
        .into_iter()
        .map(|prefix| figures::points(figure, prefix, measured))
        .collect::<Result<Vec<_>>>()?;
    let first = families.remove(0);
    Ok((first, families))
}

/// Draws the family and bar figures from what is recorded, once all are:
/// one family may mark what another measured (the ladder, the TLB's
/// reach). Reports every figure drawn, lines included.
fn draw_recorded(figures: &[&Figure], results: &Results) -> Result<()> {
    for &figure in figures {
        let recorded = || &results.series[&figure.id];
        match figure.kind {
            FigureKind::Family => {
                let band = figures::reach_band(figure, &results.series);
                let svg = figures::render_family(figure, recorded(), band.as_ref());
                figures::write_figure(figure, svg)?;
            }
            FigureKind::Bars => {
                figures::write_figure(figure, figures::render_bars(figure, recorded()))?;
            }
            FigureKind::Lines => {}
        }
        eprintln!("drew {}", figure.file);
    }
    Ok(())
}

/// Drops the results of claims and figures no longer registered, openly.
fn drop_unregistered(registry: &Registry, results: &mut Results) {
    results.claims.retain(|id, _| registry.get(id).is_some());
    results.series.retain(|id, _| registry.figure(id).is_some());
}
