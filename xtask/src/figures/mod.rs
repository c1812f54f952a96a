//! The book's figures, as hand-written SVG, drawn from recorded results.
//! Three kinds of chart share one set of axes (`axes`): a family of
//! benchmarks on log–log axes (`family`), a model's curves on linear axes
//! (`lines`), and the steps of one program as horizontal bars on a log
//! axis of time (`bars`).

mod axes;
mod bars;
mod family;
mod lines;

use std::fs;

use anyhow::{Context, Result};
use book_model::claims::Figure;

pub use bars::{bar_points, render_bars};
pub use family::{points, reach_band, render_family};
pub use lines::{curves, render_lines};

/// Writes `svg` to the figure's file (whole, through a temporary file).
pub fn write_figure(figure: &Figure, svg: String) -> Result<()> {
    let path = crate::root().join(&figure.file);
    fs::create_dir_all(path.parent().expect("figures live in a folder"))?;
    book_model::files::write_atomically(&path, svg)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// A family figure for the tests of every kind of chart to start from.
#[cfg(test)]
pub fn example_figure() -> Figure {
    Figure {
        id: "cpu-caches.latency-ladder".into(),
        chapter: 5,
        kind: book_model::claims::FigureKind::Family,
        benchmarks: Some("cpu-caches/latency/".into()),
        compare: Vec::new(),
        curves: Vec::new(),
        bars: Vec::new(),
        labels: Vec::new(),
        x_unit: "bytes".into(),
        reach: None,
        file: "src/figures/x.svg".into(),
        title: "Latency".into(),
        x_label: "working set".into(),
        y_label: "ns per load".into(),
    }
}

/// A bars figure's registry entry, for the tests of recording and checking.
#[cfg(test)]
pub const EXAMPLE_BARS: &str = r#"
[[figure]]
id = "dod.levers"
chapter = 6
kind = "bars"
bars = ["dod/levers/1-nested", "dod/levers/2-hash"]
labels = ["nested loops", "hash index"]
file = "src/figures/levers.svg"
title = "t"
x_label = "x"
y_label = "y"
"#;

/// A timing for the drawing tests: `ns` per iteration, its interval from
/// `ns * lower` to `ns * upper`, over `elements` or `bytes` per iteration.
#[cfg(test)]
pub fn example_timing(
    id: &str,
    ns: f64,
    (lower, upper): (f64, f64),
    elements: Option<f64>,
    bytes: Option<f64>,
) -> crate::measure::Timing {
    crate::measure::Timing {
        measurement: book_model::claims::Measurement {
            id: id.into(),
            point: ns,
            lower: ns * lower,
            upper: ns * upper,
        },
        elements,
        bytes,
    }
}
