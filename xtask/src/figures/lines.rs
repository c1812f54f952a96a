//! A lines chart: the curves a model computes (`benches::record_series`),
//! on linear axes from zero, with a legend.

use anyhow::{Context, Result, bail};
use book_model::claims::{Figure, Provenance};

use super::axes::{Axes, Scale, begin_svg, colour, end_svg, legend};
use crate::measure::Measured;

/// One curve of a lines figure: its legend label and its points.
pub type Curve<'a> = (&'a str, Vec<(f64, f64)>);

/// A lines figure's curves, in the order of its legend.
pub fn curves<'a>(figure: &'a Figure, measured: &Measured) -> Result<Vec<Curve<'a>>> {
    let mut curves = Vec::new();
    for (id, label) in figure.curves.iter().zip(&figure.labels) {
        let points = measured.curves.get(id).with_context(|| {
            format!("figure {}: no series \"{id}\" was recorded; the bench target must call benches::record_series", figure.id)
        })?;
        if points.len() < 2 {
            bail!(
                "figure {}: series \"{id}\" has fewer than two points",
                figure.id
            );
        }
        curves.push((label.as_str(), points.clone()));
    }
    Ok(curves)
}

/// The lines chart of `curves`, each with its entry in the legend.
pub fn render_lines(figure: &Figure, curves: &[Curve<'_>], provenance: &Provenance) -> String {
    let axes = lines_axes(curves);
    let mut svg = begin_svg(figure);
    axes.draw_grid(&mut svg);
    axes.draw_frame(&mut svg, figure);
    for (n, (label, points)) in curves.iter().enumerate() {
        axes.draw_curve(&mut svg, points.iter().copied(), colour(n), 1.8);
        legend(&mut svg, n, label);
    }
    end_svg(svg, provenance)
}

/// Linear axes from zero, reaching every curve's largest x and y.
fn lines_axes(curves: &[Curve<'_>]) -> Axes {
    let all = || curves.iter().flat_map(|(_, points)| points.iter());
    let x_max = all().map(|p| p.0).fold(0.0, f64::max);
    let y_max = all().map(|p| p.1).fold(0.0, f64::max);
    Axes {
        x: Scale::linear_to(x_max),
        y: Scale::linear_to(y_max),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::example_figure;
    use book_model::claims::FigureKind;

    #[test]
    fn draws_lines_with_a_legend() {
        let figure = Figure {
            kind: FigureKind::Lines,
            benchmarks: None,
            compare: Vec::new(),
            x_unit: "bytes".into(),
            curves: vec!["gc/heap/a".into(), "gc/heap/b".into()],
            labels: vec!["GOGC=100".into(), "GOGC=200".into()],
            ..example_figure()
        };
        let mut measured = Measured::default();
        measured
            .curves
            .insert("gc/heap/a".into(), vec![(0.0, 2.0), (1.0, 4.0), (2.0, 2.0)]);
        measured
            .curves
            .insert("gc/heap/b".into(), vec![(0.0, 2.0), (2.0, 6.0)]);
        let curves = curves(&figure, &measured).unwrap();
        let svg = render_lines(&figure, &curves, &Provenance::example());
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert!(svg.contains(">GOGC=200</text>"));
        measured.curves.remove("gc/heap/b");
        let error = super::curves(&figure, &measured).unwrap_err().to_string();
        assert!(error.contains("no series \"gc/heap/b\""), "{error}");
    }
}
