//! `cargo xtask bench` (measure, record, draw) and `cargo xtask claims`
//! (re-measure on this machine and compare with the book).

use std::collections::BTreeSet;

use anyhow::{Context, Result, bail};
use preprocessor::claims::{
    Claim, ClaimResult, Figure, FigureKind, Kind, Measurement, Registry, Results, Series,
    conservative_ratio,
};

use crate::measure::{self, Measured};
use crate::{code_hash, figures, provenance};

/// What a command was asked to measure.
pub struct Selection<'a> {
    pub claims: Vec<&'a Claim>,
    pub figures: Vec<&'a Figure>,
    /// A criterion filter, when one id was asked for.
    pub filter: Option<String>,
}

impl Selection<'_> {
    fn chapters(&self) -> BTreeSet<u32> {
        self.claims
            .iter()
            .map(|c| c.chapter)
            .chain(self.figures.iter().map(|f| f.chapter))
            .collect()
    }
}

pub fn select<'a>(
    registry: &'a Registry,
    chapter: Option<u32>,
    id: Option<&str>,
) -> Result<Selection<'a>> {
    if let Some(id) = id {
        if let Some(claim) = registry.get(id) {
            let filter = match claim.kind {
                Kind::Timing => Some(format!(
                    "^({}|{})$",
                    regex::escape(&claim.fast),
                    regex::escape(&claim.slow)
                )),
                // Counts and readings are recorded whatever the filter; time nothing.
                Kind::Count | Kind::Reading => Some("^$".to_owned()),
            };
            return Ok(Selection {
                claims: vec![claim],
                figures: vec![],
                filter,
            });
        }
        if let Some(figure) = registry.figures.iter().find(|f| f.id == id) {
            let filter = match figure.kind {
                FigureKind::Family => Some(format!(
                    "^({})",
                    figure
                        .prefixes()
                        .iter()
                        .map(|p| regex::escape(p))
                        .collect::<Vec<_>>()
                        .join("|")
                )),
                // Curves are recorded whatever the filter; time nothing.
                FigureKind::Lines => Some("^$".to_owned()),
            };
            return Ok(Selection {
                claims: vec![],
                figures: vec![figure],
                filter,
            });
        }
        let known: Vec<&str> = registry
            .claims
            .iter()
            .map(|c| c.id.as_str())
            .chain(registry.figures.iter().map(|f| f.id.as_str()))
            .collect();
        bail!(
            "no claim or figure \"{id}\" in benches/claims.toml; known ids: {}",
            known.join(", ")
        );
    }
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
        bail!(
            "chapter {} makes no claim and draws no figure",
            chapter.unwrap_or_default()
        );
    }
    Ok(selection)
}

/// The two measurements a claim compares, and its ratio.
pub fn judge(claim: &Claim, measured: &Measured) -> Result<(Measurement, Measurement, f64)> {
    let get = |id: &str| -> Result<Measurement> {
        match claim.kind {
            Kind::Timing => measured.timings.get(id).map(|t| t.measurement.clone()).with_context(|| {
                format!("claim {}: benchmark \"{id}\" did not run; check the id against the bench target", claim.id)
            }),
            Kind::Count => measured.metrics.get(id).map(|&value| exact(id, value)).with_context(|| {
                format!("claim {}: no metric \"{id}\" was recorded; the bench target must call benches::record_metric", claim.id)
            }),
            Kind::Reading => measured
                .readings
                .get(id)
                .map(|values| spread(id, values))
                .or_else(|| measured.metrics.get(id).map(|&value| exact(id, value)))
                .with_context(|| {
                    format!("claim {}: no readings \"{id}\" were recorded; the bench target must call benches::record_readings", claim.id)
                }),
        }
    };
    let (fast, slow) = (get(&claim.fast)?, get(&claim.slow)?);
    let ratio = match claim.kind {
        Kind::Timing | Kind::Reading => conservative_ratio(&fast, &slow),
        Kind::Count => slow.point / fast.point,
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

/// `cargo xtask bench`: measure, record in benches/results.json, draw figures.
pub fn bench(chapter: Option<u32>, id: Option<&str>) -> Result<()> {
    let root = crate::root();
    let registry = Registry::load(root).map_err(anyhow::Error::msg)?;
    let selection = select(&registry, chapter, id)?;
    let started = std::time::Instant::now();
    let measured = measure::run_chapters(&selection.chapters(), selection.filter.as_deref())?;
    let provenance = provenance::collect();
    let mut results = Results::load(root).map_err(anyhow::Error::msg)?;
    let mut rows = Vec::new();
    for claim in &selection.claims {
        let (fast, slow, ratio) = judge(claim, &measured)?;
        let code_hash = code_hash::of_chapter(claim.chapter)?;
        rows.push(Row {
            claim,
            book: None,
            fast: fast.clone(),
            slow: slow.clone(),
        });
        results.claims.insert(
            claim.id.clone(),
            ClaimResult {
                fast,
                slow,
                ratio,
                code_hash,
                provenance: provenance.clone(),
            },
        );
    }
    for figure in &selection.figures {
        let code_hash = code_hash::of_chapter(figure.chapter)?;
        let series = match figure.kind {
            FigureKind::Family => {
                let mut families = figure
                    .prefixes()
                    .into_iter()
                    .map(|prefix| figures::points(figure, prefix, &measured))
                    .collect::<Result<Vec<_>>>()?;
                let points = families.remove(0);
                Series {
                    points,
                    compared: families,
                    provenance: provenance.clone(),
                    code_hash,
                }
            }
            FigureKind::Lines => {
                let curves = figures::curves(figure, &measured)?;
                figures::draw(figure, figures::render_lines(figure, &curves, &provenance))?;
                Series {
                    points: Vec::new(),
                    compared: Vec::new(),
                    provenance: provenance.clone(),
                    code_hash,
                }
            }
        };
        results.series.insert(figure.id.clone(), series);
    }
    // Families are drawn once all are recorded: one may mark what another
    // measured (the ladder, the TLB's reach).
    for figure in &selection.figures {
        if figure.kind == FigureKind::Family {
            let band = figures::reach_band(figure, &results.series);
            figures::draw(
                figure,
                figures::render(figure, &results.series[&figure.id], band.as_ref()),
            )?;
        }
        eprintln!("drew {}", figure.file);
    }
    // Results of claims and figures no longer registered are dropped, openly.
    results.claims.retain(|id, _| registry.get(id).is_some());
    results
        .series
        .retain(|id, _| registry.figures.iter().any(|f| f.id == *id));
    results.save(root).map_err(anyhow::Error::msg)?;
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

/// `cargo xtask claims`: re-measure on this machine, compare with the book.
pub fn check(chapter: Option<u32>, id: Option<&str>) -> Result<()> {
    let root = crate::root();
    let registry = Registry::load(root).map_err(anyhow::Error::msg)?;
    let results = Results::load(root).map_err(anyhow::Error::msg)?;
    let mut selection = select(&registry, chapter, id)?;
    selection.figures.clear();
    if selection.claims.is_empty() {
        bail!(
            "\"{}\" is a figure, not a claim; `cargo xtask bench --id` redraws it",
            id.unwrap_or_default()
        );
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

struct Row<'a> {
    claim: &'a Claim,
    /// What the book recorded, in the claim's terms.
    book: Option<String>,
    fast: Measurement,
    slow: Measurement,
}

impl Row<'_> {
    fn holds(&self) -> bool {
        self.claim.holds(&self.fast, &self.slow)
    }

    fn measured(&self) -> String {
        self.claim.measured(&self.fast, &self.slow)
    }
}

fn table(rows: &[Row<'_>]) -> String {
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

fn fail_unless_all_hold(rows: &[Row<'_>], consequence: &str) -> Result<()> {
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

    #[test]
    fn readings_are_their_median_between_their_extremes() {
        let m = spread("r", &[9.0, 3.0, 5.0]);
        assert_eq!((m.lower, m.point, m.upper), (3.0, 5.0, 9.0));
        let m = spread("r", &[4.0, 1.0, 2.0, 3.0]);
        assert_eq!((m.lower, m.point, m.upper), (1.0, 2.5, 4.0));
    }
}
