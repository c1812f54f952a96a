//! What every chart shares: the canvas and its plot area, a scale per axis
//! (linear from zero, octaves, decades of plain numbers or of time) with its
//! ticks, grid lines and tick labels, and the furniture around the plot:
//! title, frame, axis labels, legend and the provenance footer. A kind of
//! chart picks two scales and draws its marks between the grid and the
//! footer.

use std::fmt::Write;

use book_model::claims::{Figure, Provenance, escape, format_bytes};

pub const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 440.0;
pub const LEFT: f64 = 72.0;
pub const RIGHT: f64 = 24.0;
pub const TOP: f64 = 48.0;
const BOTTOM: f64 = 64.0;
pub const PLOT_WIDTH: f64 = WIDTH - LEFT - RIGHT;
pub const PLOT_HEIGHT: f64 = HEIGHT - TOP - BOTTOM;

const PALETTE: [&str; 6] = [
    "#2c6fbb", "#c0392b", "#27ae60", "#8e44ad", "#d68910", "#17a2b8",
];

/// The colour of a chart's `n`th curve.
pub fn colour(n: usize) -> &'static str {
    PALETTE[n % PALETTE.len()]
}

// Grid greys, darkest first.
const GRID_DECADE: &str = "#cccccc";
const GRID_STEP: &str = "#dddddd";
const GRID_FAINT: &str = "#eeeeee";

/// How values map onto one axis, and where its ticks fall.
#[derive(Debug, Clone, Copy)]
pub enum Scale {
    /// From zero to `top`, a tick every `step`.
    Linear { step: f64, top: f64 },
    /// Base 2, from `min` to `max`, a grid line at every power of two;
    /// `bytes` labels them in KiB, MiB, GiB.
    Octaves { min: f64, max: f64, bytes: bool },
    /// Base 10, from the power of ten `lo` to the power of ten `hi`; `ns`
    /// says the values are nanoseconds, labelled in ns, µs, ms or s.
    Decades { lo: f64, hi: f64, ns: bool },
}

/// One grid line: its value, its grey (across the plot), and whether it is
/// labelled.
struct Tick {
    value: f64,
    grey: &'static str,
    labelled: bool,
}

impl Scale {
    /// A linear scale from zero with round ticks, reaching at least `max`.
    pub fn linear_to(max: f64) -> Scale {
        let (step, top) = nice_axis(max);
        Scale::Linear { step, top }
    }

    /// A log scale from the power of ten at or below `min` to the one at or
    /// above `max`. A log axis cannot reach zero: it starts at 0.001 at
    /// the lowest.
    pub fn decades(min: f64, max: f64) -> Scale {
        let (lo, hi) = decade_bounds(min, max);
        Scale::Decades { lo, hi, ns: false }
    }

    /// Decades of nanoseconds, as `decades` chooses them, each tick labelled
    /// in the unit that reads best at its size.
    pub fn decades_of_ns(min: f64, max: f64) -> Scale {
        let (lo, hi) = decade_bounds(min, max);
        Scale::Decades { lo, hi, ns: true }
    }

    /// The first and last values on the axis.
    pub fn bounds(&self) -> (f64, f64) {
        match *self {
            Scale::Linear { top, .. } => (0.0, top),
            Scale::Octaves { min, max, .. } => (min, max),
            Scale::Decades { lo, hi, .. } => (lo, hi),
        }
    }

    /// How far along the axis `value` is: 0 at its start, 1 at its end.
    fn fraction(&self, value: f64) -> f64 {
        match *self {
            Scale::Linear { top, .. } => value / top,
            Scale::Octaves { min, max, .. } => {
                (value.log2() - min.log2()) / (max.log2() - min.log2())
            }
            Scale::Decades { lo, hi, .. } => {
                (value.log10() - lo.log10()) / (hi.log10() - lo.log10())
            }
        }
    }

    /// The grid lines, from the start of the axis to its end.
    fn ticks(&self) -> Vec<Tick> {
        match *self {
            Scale::Linear { step, top } => linear_ticks(step, top),
            Scale::Octaves { min, max, .. } => octave_ticks(min, max),
            // A time axis runs across the chart, where labels at 2 and 5
            // times each decade crowd one another past four decades.
            Scale::Decades { lo, hi, ns } => decade_ticks(lo, hi, !ns || hi / lo <= 1.0001e4),
        }
    }

    /// A value as its axis writes it: in a tick label, or beside a point.
    pub fn format(&self, value: f64) -> String {
        match *self {
            Scale::Linear { .. } => format_linear_tick(value),
            Scale::Octaves { bytes: true, .. } => format_bytes(value as u64),
            Scale::Decades { ns: true, .. } => format_time_tick(value),
            Scale::Octaves { .. } | Scale::Decades { .. } => format_log_tick(value),
        }
    }

    /// What an axis's `label` needs added to say how the axis is scaled.
    fn label_suffix(&self, label: &str) -> &'static str {
        match self {
            Scale::Linear { .. } => "",
            _ if label.contains("log scale") => "",
            Scale::Octaves { .. } | Scale::Decades { .. } => " (log scale)",
        }
    }
}

/// The power of ten at or below `min` (0.001 at the lowest) and the one at
/// or above `max`.
fn decade_bounds(min: f64, max: f64) -> (f64, f64) {
    (
        10f64.powf(min.max(1e-3).log10().floor()),
        10f64.powf(max.log10().ceil()),
    )
}

/// Every `step` from zero to `top`; the end allows for the rounding in
/// summing the steps.
fn linear_ticks(step: f64, top: f64) -> Vec<Tick> {
    let mut ticks = Vec::new();
    let mut value = 0.0;
    while value <= top * 1.0001 {
        ticks.push(Tick {
            value,
            grey: GRID_STEP,
            labelled: true,
        });
        value += step;
    }
    ticks
}

/// Every power of two inside the axis, labelled every other octave, so the
/// labels do not crowd.
fn octave_ticks(min: f64, max: f64) -> Vec<Tick> {
    let (first, last) = (min.log2().ceil() as i32, max.log2().floor() as i32);
    (first..=last)
        .map(|k| Tick {
            value: 2f64.powi(k),
            grey: GRID_FAINT,
            labelled: k % 2 == 0,
        })
        .collect()
}

/// Every power of ten, darker, with 2 and 5 times it between; all labelled,
/// or only the powers of ten unless `label_between`.
fn decade_ticks(lo: f64, hi: f64, label_between: bool) -> Vec<Tick> {
    let mut ticks = Vec::new();
    let mut decade = lo;
    while decade <= hi * 1.0001 {
        for (factor, grey) in [(1.0, GRID_DECADE), (2.0, GRID_FAINT), (5.0, GRID_FAINT)] {
            let value = decade * factor;
            if value > hi * 1.0001 {
                break;
            }
            ticks.push(Tick {
                value,
                grey,
                labelled: factor == 1.0 || label_between,
            });
        }
        decade *= 10.0;
    }
    ticks
}

/// A round step (1, 2 or 5 times a power of ten) giving about five ticks,
/// and the top of the axis, a whole number of steps at or above `max`.
fn nice_axis(max: f64) -> (f64, f64) {
    if max <= 0.0 {
        return (1.0, 1.0);
    }
    let rough = max / 5.0;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|f| f * magnitude)
        .find(|s| *s >= rough)
        .unwrap_or(magnitude * 10.0);
    (step, (max / step).ceil() * step)
}

/// A tick on a linear axis: whole numbers as they are, others to one
/// decimal.
fn format_linear_tick(value: f64) -> String {
    if value.fract().abs() < 1e-9 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// A tick on a log axis: fractions as they are.
fn format_log_tick(value: f64) -> String {
    if value >= 1.0 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

/// A tick on a time axis, in nanoseconds: in the unit that makes it a
/// plain number, as `format_bytes` does for sizes (500 ns, 1 µs, 20 ms).
fn format_time_tick(ns: f64) -> String {
    let (value, unit) = match ns {
        n if n >= 1e9 => (n / 1e9, "s"),
        n if n >= 1e6 => (n / 1e6, "ms"),
        n if n >= 1e3 => (n / 1e3, "µs"),
        n => (n, "ns"),
    };
    format!("{} {unit}", format_log_tick(value))
}

/// The two scales of a chart, and where they put a value on the canvas.
pub struct Axes {
    pub x: Scale,
    pub y: Scale,
}

impl Axes {
    /// The canvas x of `value` on the x axis.
    pub fn px(&self, value: f64) -> f64 {
        LEFT + self.x.fraction(value) * PLOT_WIDTH
    }

    /// The canvas y of `value` on the y axis (which points down).
    pub fn py(&self, value: f64) -> f64 {
        TOP + PLOT_HEIGHT - self.y.fraction(value) * PLOT_HEIGHT
    }

    /// The grid, horizontal lines first, each labelled on its axis.
    pub fn draw_grid(&self, svg: &mut String) {
        self.draw_horizontal_grid(svg);
        self.draw_vertical_grid(svg);
    }

    fn draw_horizontal_grid(&self, svg: &mut String) {
        for tick in self.y.ticks() {
            let py = self.py(tick.value);
            let _ = writeln!(
                svg,
                r#"<line x1="{LEFT}" x2="{}" y1="{py:.1}" y2="{py:.1}" stroke="{}"/>"#,
                WIDTH - RIGHT,
                tick.grey
            );
            let _ = writeln!(
                svg,
                r##"<text x="{}" y="{:.1}" text-anchor="end" fill="#444">{}</text>"##,
                LEFT - 6.0,
                py + 4.0,
                self.y.format(tick.value)
            );
        }
    }

    /// Vertical grid lines are always faint, so that a chart's own vertical
    /// marks (a cache's size) stand out from them.
    pub fn draw_vertical_grid(&self, svg: &mut String) {
        for tick in self.x.ticks() {
            let px = self.px(tick.value);
            vertical_line(svg, px, &format!(r#"stroke="{GRID_FAINT}""#));
            if tick.labelled {
                let _ = writeln!(
                    svg,
                    r##"<text x="{px:.1}" y="{}" text-anchor="middle" fill="#444">{}</text>"##,
                    TOP + PLOT_HEIGHT + 18.0,
                    self.x.format(tick.value)
                );
            }
        }
    }

    /// The plot's frame and the two axis labels, each saying if its axis
    /// is a log scale (unless the label says so already).
    pub fn draw_frame(&self, svg: &mut String, figure: &Figure) {
        let _ = writeln!(
            svg,
            r##"<rect x="{LEFT}" y="{TOP}" width="{PLOT_WIDTH}" height="{PLOT_HEIGHT}" fill="none" stroke="#888888"/>"##
        );
        let _ = writeln!(
            svg,
            r##"<text x="{}" y="{}" text-anchor="middle" fill="#222">{}{}</text>"##,
            LEFT + PLOT_WIDTH / 2.0,
            HEIGHT - 22.0,
            escape(&figure.x_label),
            self.x.label_suffix(&figure.x_label)
        );
        let _ = writeln!(
            svg,
            r##"<text transform="translate(18 {}) rotate(-90)" text-anchor="middle" fill="#222">{}{}</text>"##,
            TOP + PLOT_HEIGHT / 2.0,
            escape(&figure.y_label),
            self.y.label_suffix(&figure.y_label)
        );
    }

    /// A curve through `points` (values on the two axes).
    pub fn draw_curve(
        &self,
        svg: &mut String,
        points: impl Iterator<Item = (f64, f64)>,
        colour: &str,
        width: f64,
    ) {
        let path: Vec<String> = points
            .map(|(x, y)| format!("{:.1},{:.1}", self.px(x), self.py(y)))
            .collect();
        let _ = writeln!(
            svg,
            r##"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="{width}"/>"##,
            path.join(" ")
        );
    }
}

/// A line from the top of the plot to its bottom at canvas x `px`, drawn
/// with the SVG attributes `stroke`.
pub fn vertical_line(svg: &mut String, px: f64, stroke: &str) {
    let _ = writeln!(
        svg,
        r#"<line x1="{px:.1}" x2="{px:.1}" y1="{TOP}" y2="{}" {stroke}/>"#,
        TOP + PLOT_HEIGHT
    );
}

/// The start of a figure's SVG: the canvas, its own white background (the
/// figure reads the same in the book's light and dark themes), the title.
pub fn begin_svg(figure: &Figure) -> String {
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(svg, r#"<title>{}</title>"#, escape(&figure.title));
    let _ = writeln!(
        svg,
        r##"<rect width="100%" height="100%" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        svg,
        r##"<text x="{}" y="20" text-anchor="middle" font-size="15" fill="#222">{}</text>"##,
        WIDTH / 2.0,
        escape(&figure.title)
    );
    svg
}

/// The end of a figure's SVG: what machine measured it, and the closing tag.
pub fn end_svg(mut svg: String, provenance: &Provenance) -> String {
    provenance_footer(&mut svg, provenance);
    svg.push_str("</svg>\n");
    svg
}

/// The machine, toolchain and date of the measurement, on one line at the
/// bottom right.
fn provenance_footer(svg: &mut String, provenance: &Provenance) {
    let line = provenance.line();
    // A long line (a long CPU name, a long kernel version) would run off the
    // left edge: shrink its type to fit instead. 0.55 em per character is a
    // generous estimate for this font.
    let room = WIDTH - RIGHT - 8.0;
    let size = (room / (line.chars().count() as f64 * 0.55)).min(10.0);
    let _ = writeln!(
        svg,
        r##"<text x="{}" y="{}" text-anchor="end" font-size="{size:.1}" fill="#666">{}</text>"##,
        WIDTH - RIGHT,
        HEIGHT - 6.0,
        escape(&line)
    );
}

/// The `n`th entry of a legend along the top, above the plot, where no
/// curve is.
pub fn legend(svg: &mut String, n: usize, label: &str) {
    let (lx, ly) = (LEFT + 150.0 * n as f64, TOP - 8.0);
    let _ = writeln!(
        svg,
        r##"<line x1="{lx}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="3"/><text x="{}" y="{ly}" fill="#222">{}</text>"##,
        lx + 18.0,
        ly - 4.0,
        ly - 4.0,
        colour(n),
        lx + 24.0,
        escape(label)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_round_axis_steps() {
        assert_eq!(nice_axis(9.3), (2.0, 10.0));
        assert_eq!(nice_axis(0.42), (0.1, 0.5));
        assert_eq!(nice_axis(130.0), (50.0, 150.0));
    }

    fn labels(scale: Scale) -> Vec<String> {
        let ticks = scale.ticks();
        let labelled = ticks.iter().filter(|t| t.labelled);
        labelled.map(|t| scale.format(t.value)).collect()
    }

    #[test]
    fn ticks_a_linear_axis_from_zero() {
        assert_eq!(
            labels(Scale::linear_to(0.9)),
            ["0", "0.2", "0.4", "0.6", "0.8", "1"]
        );
    }

    #[test]
    fn ticks_decades_with_two_and_five_between() {
        let scale = Scale::decades(2.5, 300.0);
        assert_eq!(scale.bounds(), (1.0, 1000.0));
        assert_eq!(
            labels(scale),
            ["1", "2", "5", "10", "20", "50", "100", "200", "500", "1000"]
        );
        let greys: Vec<&str> = scale.ticks().iter().map(|t| t.grey).take(3).collect();
        assert_eq!(
            greys,
            [GRID_DECADE, GRID_FAINT, GRID_FAINT],
            "decades darker"
        );
    }

    #[test]
    fn ticks_decades_of_time_in_readable_units() {
        let scale = Scale::decades_of_ns(300.0, 4e4);
        assert_eq!(scale.bounds(), (100.0, 1e5));
        assert_eq!(
            labels(scale),
            [
                "100 ns", "200 ns", "500 ns", "1 µs", "2 µs", "5 µs", "10 µs", "20 µs", "50 µs",
                "100 µs"
            ]
        );
        assert_eq!(scale.format(0.5), "0.5 ns");
        assert_eq!(scale.format(2e9), "2 s");
        // Past four decades only the powers of ten are labelled, so that
        // labels across the chart do not run into one another.
        let wide = Scale::decades_of_ns(50.0, 2e9);
        assert_eq!(
            labels(wide),
            [
                "10 ns", "100 ns", "1 µs", "10 µs", "100 µs", "1 ms", "10 ms", "100 ms", "1 s",
                "10 s"
            ]
        );
        assert_eq!(wide.ticks().len(), 28, "the grid keeps 2 and 5 between");
    }

    #[test]
    fn says_log_scale_once() {
        let scale = Scale::decades(1.0, 10.0);
        assert_eq!(scale.label_suffix("time"), " (log scale)");
        assert_eq!(scale.label_suffix("time (log scale)"), "");
        assert_eq!(Scale::linear_to(1.0).label_suffix("time"), "");
    }

    #[test]
    fn labels_every_other_octave_in_bytes_or_plain() {
        let bytes = Scale::Octaves {
            min: 3000.0,
            max: 40000.0,
            bytes: true,
        };
        assert_eq!(bytes.ticks().len(), 4, "4, 8, 16 and 32 KiB");
        assert_eq!(labels(bytes), ["4 KiB", "16 KiB"]);
        let pages = Scale::Octaves {
            min: 0.5,
            max: 4.0,
            bytes: false,
        };
        assert_eq!(labels(pages), ["1", "4"]);
        assert_eq!(pages.format(0.5), "0.5");
    }

    #[test]
    fn puts_the_ends_of_the_axes_at_the_corners_of_the_plot() {
        let axes = Axes {
            x: Scale::Octaves {
                min: 4.0,
                max: 64.0,
                bytes: false,
            },
            y: Scale::linear_to(10.0),
        };
        assert_eq!((axes.px(4.0), axes.px(64.0)), (LEFT, LEFT + PLOT_WIDTH));
        assert_eq!((axes.py(0.0), axes.py(10.0)), (TOP + PLOT_HEIGHT, TOP));
        assert_eq!(
            axes.px(16.0),
            LEFT + PLOT_WIDTH / 2.0,
            "log: the middle octave"
        );
    }

    #[test]
    fn shrinks_a_long_footer_to_the_width() {
        let mut short = String::new();
        provenance_footer(&mut short, &Provenance::example());
        assert!(short.contains(r#"font-size="10.0""#), "{short}");
        let mut provenance = Provenance::example();
        provenance.cpu = "Intel(R) Xeon(R) Processor ".repeat(6);
        let mut long = String::new();
        provenance_footer(&mut long, &provenance);
        assert!(!long.contains(r#"font-size="10.0""#), "{long}");
    }
}
