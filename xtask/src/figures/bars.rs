//! A bar chart: a few benchmarks that are steps of one program (the same
//! work done several ways), one horizontal bar each, top to bottom in the
//! registry's order. A bar's length is its time per iteration on a log axis
//! (steps often differ by orders of magnitude), with its 95% interval as a
//! whisker, the time at its end, and, after the first, its speed-up over
//! the step before.

use std::fmt::Write;

use anyhow::{Context, Result};
use book_model::claims::{Figure, Measurement, Series, escape, format_ns, format_ratio};

use super::axes::{Axes, LEFT, PLOT_HEIGHT, RIGHT, Scale, TOP, WIDTH, begin_svg, colour, end_svg};
use crate::measure::Measured;

/// The tallest a bar is drawn, and the room its label takes above it.
const BAR_HEIGHT: f64 = 28.0;
const LABEL_ROOM: f64 = 17.0;
/// A generous width of one character of the 12-pixel font.
const CHAR_WIDTH: f64 = 6.6;
const SPEED_UP_COLOUR: &str = "#1e7a46";

/// A bar chart's points: each benchmark in `bars`, in order, with its
/// index as x and its time per iteration as criterion estimated it.
pub fn bar_points(figure: &Figure, measured: &Measured) -> Result<Vec<(f64, Measurement)>> {
    figure
        .bars
        .iter()
        .enumerate()
        .map(|(n, id)| {
            let timing = measured.timings.get(id).with_context(|| {
                format!(
                    "figure {}: benchmark \"{id}\" did not run; check the id in `bars` against the bench target",
                    figure.id
                )
            })?;
            Ok((n as f64, timing.measurement.clone()))
        })
        .collect()
}

/// The bar chart of a recorded series: a bar per point, labelled from the
/// figure's `labels`.
pub fn render_bars(figure: &Figure, series: &Series) -> String {
    let bars = &series.points;
    let axes = bars_axes(bars);
    let mut svg = begin_svg(figure);
    axes.draw_vertical_grid(&mut svg);
    axes.draw_frame(&mut svg, figure);
    let row = PLOT_HEIGHT / bars.len().max(1) as f64;
    let thickness = BAR_HEIGHT.min(row * 0.4);
    let mut previous: Option<&Measurement> = None;
    for (n, ((_, m), label)) in bars.iter().zip(&figure.labels).enumerate() {
        // The label and the bar below it, centred in the bar's row.
        let top = TOP + row * n as f64 + (row - LABEL_ROOM - thickness) / 2.0;
        let bar = Bar {
            label,
            measurement: m,
            speed_up: previous.map(|before| speed_up(before, m)),
            top: top + LABEL_ROOM,
            thickness,
        };
        bar.draw(&mut svg, &axes);
        previous = Some(m);
    }
    end_svg(svg, &series.provenance)
}

/// Decades of time from below the fastest bar's interval (so that even the
/// shortest bar has a visible length) to above the slowest's. The y axis
/// counts bars; it has no grid.
fn bars_axes(bars: &[(f64, Measurement)]) -> Axes {
    let fastest = bars
        .iter()
        .map(|(_, m)| m.lower)
        .fold(f64::INFINITY, f64::min);
    let slowest = bars.iter().map(|(_, m)| m.upper).fold(0.0, f64::max);
    Axes {
        x: Scale::decades_of_ns(fastest / 2.0, slowest),
        y: Scale::linear_to(bars.len() as f64),
    }
}

/// "3.1× faster" than the step `before`, or "1.4× slower": the ratio of the
/// point estimates, as the bars show them.
fn speed_up(before: &Measurement, after: &Measurement) -> String {
    let ratio = before.point / after.point;
    if ratio >= 1.0 {
        format!("{} faster", format_ratio(ratio))
    } else {
        format!("{} slower", format_ratio(1.0 / ratio))
    }
}

/// One bar as drawn: its label above it, the bar from the axis's start to
/// its time, the whisker of its interval, its time and speed-up after it.
struct Bar<'a> {
    label: &'a str,
    measurement: &'a Measurement,
    speed_up: Option<String>,
    /// The canvas y of the bar's top edge, and its height.
    top: f64,
    thickness: f64,
}

impl Bar<'_> {
    fn draw(&self, svg: &mut String, axes: &Axes) {
        let m = self.measurement;
        let middle = self.top + self.thickness / 2.0;
        // Above the bar, over the light grid: plain text, which every SVG
        // renderer draws alike (a halo needs `paint-order`, which some lack).
        let _ = writeln!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" fill="#222">{}</text>"##,
            LEFT + 4.0,
            self.top - 5.0,
            escape(self.label)
        );
        let end = axes.px(m.point);
        let _ = writeln!(
            svg,
            r##"<rect x="{LEFT}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}"><title>{}: {} [{}, {}]</title></rect>"##,
            self.top,
            end - LEFT,
            self.thickness,
            colour(0),
            escape(&m.id),
            format_ns(m.point),
            format_ns(m.lower),
            format_ns(m.upper)
        );
        self.draw_whisker(svg, axes, middle);
        self.draw_time(svg, axes, middle);
    }

    /// The 95% interval: a line across the bar's end, capped at both ends.
    fn draw_whisker(&self, svg: &mut String, axes: &Axes, middle: f64) {
        let (from, to) = (
            axes.px(self.measurement.lower),
            axes.px(self.measurement.upper),
        );
        let (cap_top, cap_bottom) = (middle - self.thickness / 4.0, middle + self.thickness / 4.0);
        let _ = writeln!(
            svg,
            r##"<path d="M{from:.1},{middle:.1}H{to:.1}M{from:.1},{cap_top:.1}V{cap_bottom:.1}M{to:.1},{cap_top:.1}V{cap_bottom:.1}" stroke="#222" stroke-width="1.2" fill="none"/>"##
        );
    }

    /// The time and the speed-up, right of the whisker; inside the bar, in
    /// white, when they would run off the chart.
    fn draw_time(&self, svg: &mut String, axes: &Axes, middle: f64) {
        let time = format_ns(self.measurement.point);
        let speed_up = self.speed_up.as_deref().unwrap_or_default();
        let chars = time.chars().count() + speed_up.chars().count() + 2;
        let after = axes.px(self.measurement.upper) + 6.0;
        let fits_after = after + chars as f64 * CHAR_WIDTH <= WIDTH - RIGHT;
        let (x, anchor, fill, accent) = if fits_after {
            (after, "start", "#222", SPEED_UP_COLOUR)
        } else {
            let inside = axes.px(self.measurement.lower) - 6.0;
            (inside, "end", "#ffffff", "#ffffff")
        };
        let _ = write!(
            svg,
            r##"<text x="{x:.1}" y="{:.1}" text-anchor="{anchor}" fill="{fill}">{time}"##,
            middle + 4.0
        );
        if !speed_up.is_empty() {
            let _ = write!(
                svg,
                r##"<tspan dx="10" fill="{accent}" font-weight="bold">{speed_up}</tspan>"##
            );
        }
        svg.push_str("</text>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::{example_figure, example_timing};
    use book_model::claims::{FigureKind, Provenance};

    const STEPS: [(&str, &str, f64); 4] = [
        ("dod/levers/1-nested-loops", "1. nested loops", 40e6),
        ("dod/levers/2-hash-index", "2. hash index", 400e3),
        ("dod/levers/3-borrowed-keys", "3. borrowed keys", 130e3),
        ("dod/levers/4-dense-ids", "4. dense ids", 8e3),
    ];

    fn figure() -> Figure {
        Figure {
            kind: FigureKind::Bars,
            benchmarks: None,
            bars: STEPS.iter().map(|s| s.0.to_owned()).collect(),
            labels: STEPS.iter().map(|s| s.1.to_owned()).collect(),
            title: "Revenue by region, one step at a time".into(),
            x_label: "time per run".into(),
            y_label: "step".into(),
            ..example_figure()
        }
    }

    fn measured() -> Measured {
        let mut measured = Measured::default();
        for (id, _, ns) in STEPS {
            // Per iteration, whatever throughput a step declares.
            let timing = example_timing(id, ns, (0.95, 1.05), Some(1000.0), None);
            measured.timings.insert(id.into(), timing);
        }
        measured
    }

    fn series() -> Series {
        Series {
            points: bar_points(&figure(), &measured()).unwrap(),
            compared: Vec::new(),
            provenance: Provenance::example(),
            code_hash: "x".into(),
        }
    }

    #[test]
    fn takes_the_bars_in_order_per_iteration() {
        let points = bar_points(&figure(), &measured()).unwrap();
        let xs: Vec<f64> = points.iter().map(|p| p.0).collect();
        assert_eq!(xs, [0.0, 1.0, 2.0, 3.0]);
        let ids: Vec<&str> = points.iter().map(|p| p.1.id.as_str()).collect();
        assert_eq!(ids, STEPS.map(|s| s.0));
        assert_eq!(points[0].1.point, 40e6, "not divided by the elements");
    }

    #[test]
    fn a_bar_that_did_not_run_is_an_error_naming_it() {
        let mut measured = measured();
        measured.timings.remove("dod/levers/3-borrowed-keys");
        let error = bar_points(&figure(), &measured).unwrap_err().to_string();
        assert!(
            error.contains("benchmark \"dod/levers/3-borrowed-keys\" did not run"),
            "{error}"
        );
    }

    #[test]
    fn draws_one_bar_per_benchmark_in_order_with_label_time_and_speed_up() {
        let svg = render_bars(&figure(), &series());
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>\n"));
        assert_eq!(svg.matches("</title></rect>").count(), 4, "{svg}");
        let at = |text: &str| svg.find(text).unwrap_or_else(|| panic!("{text}: {svg}"));
        let labels = STEPS.map(|s| at(&format!(">{}</text>", s.1)));
        assert!(labels.is_sorted(), "top to bottom in order: {labels:?}");
        let bars = STEPS.map(|s| at(&format!("<title>{}: ", s.0)));
        assert!(bars.is_sorted(), "{bars:?}");
        // The first bar has no step before it; 40 ms / 400 µs = 100×.
        assert!(svg.contains(">40.0 ms</text>"), "{svg}");
        assert!(svg.contains(">400 µs<tspan"), "{svg}");
        assert!(svg.contains(">100× faster</tspan>"), "{svg}");
        assert!(svg.contains(">3.1× faster</tspan>"), "{svg}");
        assert!(svg.contains(">16× faster</tspan>"), "{svg}");
        assert_eq!(svg.matches("faster").count(), 3);
        assert_eq!(svg.matches("<path d=").count(), 4, "a whisker per bar");
        assert!(svg.contains("Test CPU, 2 cores"), "the provenance line");
    }

    #[test]
    fn the_log_axis_covers_every_bar_in_time_units() {
        let svg = render_bars(&figure(), &series());
        // The fastest interval starts at 7.6 µs, the slowest ends at 42 ms.
        let axes = bars_axes(&series().points);
        assert_eq!(axes.x.bounds(), (1e3, 1e8));
        for tick in ["1 µs", "10 µs", "1 ms", "100 ms"] {
            assert!(svg.contains(&format!(">{tick}</text>")), "{tick}: {svg}");
        }
        assert!(svg.contains(">time per run (log scale)</text>"), "{svg}");
        for (_, m) in &series().points {
            assert!(axes.px(m.lower) > LEFT && axes.px(m.upper) < WIDTH - RIGHT);
        }
    }

    #[test]
    fn a_slower_step_says_so() {
        let fast = |point: f64| Measurement {
            id: "a".into(),
            point,
            lower: point,
            upper: point,
        };
        assert_eq!(speed_up(&fast(300.0), &fast(100.0)), "3× faster");
        assert_eq!(speed_up(&fast(100.0), &fast(150.0)), "1.5× slower");
    }

    #[test]
    fn a_time_that_would_run_off_the_chart_goes_inside_its_bar() {
        let mut series = series();
        // The slowest bar's interval ends at the axis's last decade.
        series.points[0].1.upper = 1e8;
        let svg = render_bars(&figure(), &series);
        assert!(
            svg.contains(r##"text-anchor="end" fill="#ffffff">40.0 ms</text>"##),
            "{svg}"
        );
    }
}
