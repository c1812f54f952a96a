//! The book's figures, as hand-written SVG. A family of benchmarks is a
//! log–log chart of time per element against the benchmark's parameter,
//! with the machine's cache sizes marked (Algorithmica's style: physical
//! units, the working set on a log axis, so the reader sees each cache's
//! step). A model's curves are lines on linear axes, with a legend.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::fs;

use anyhow::{Context, Result, bail};
use book_model::claims::{Figure, Measurement, Provenance, Series, escape, format_bytes};

use crate::measure::Measured;

/// One family's points: x from each benchmark id's last part; y the time
/// per element (per iteration divided by the declared `Elements`), or, for
/// a benchmark that declared `Bytes`, the bandwidth in GB/s (bytes per ns).
pub fn points(
    figure: &Figure,
    prefix: &str,
    measured: &Measured,
) -> Result<Vec<(f64, Measurement)>> {
    let mut points = Vec::new();
    for (id, timing) in measured.timings.range(prefix.to_owned()..) {
        let Some(parameter) = id.strip_prefix(prefix) else {
            break;
        };
        let x: f64 = parameter.parse().with_context(|| {
            format!(
                "figure {}: benchmark \"{id}\" does not end in a number",
                figure.id
            )
        })?;
        let m = &timing.measurement;
        let scaled = match timing.bytes {
            // A shorter time is a higher bandwidth: the bounds swap.
            Some(bytes) => Measurement {
                id: id.clone(),
                point: bytes / m.point,
                lower: bytes / m.upper,
                upper: bytes / m.lower,
            },
            None => {
                let per = timing.elements.unwrap_or(1.0);
                Measurement {
                    id: id.clone(),
                    point: m.point / per,
                    lower: m.lower / per,
                    upper: m.upper / per,
                }
            }
        };
        points.push((x, scaled));
    }
    if points.len() < 2 {
        bail!(
            "figure {}: found {} benchmark(s) named {}<number>; a chart needs at least two",
            figure.id,
            points.len(),
            prefix
        );
    }
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(points)
}

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 440.0;
const LEFT: f64 = 72.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 48.0;
const BOTTOM: f64 = 64.0;

/// Writes `svg` to the figure's file (whole, through a temporary file).
pub fn draw(figure: &Figure, svg: String) -> Result<()> {
    let path = crate::root().join(&figure.file);
    fs::create_dir_all(path.parent().expect("figures live in a folder"))?;
    book_model::files::write_atomically(&path, svg)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// One curve of a lines figure: its legend label and its points.
pub type Curve<'a> = (&'a str, Vec<(f64, f64)>);

/// A lines figure's curves, in the order of its legend.
pub fn curves<'a>(figure: &'a Figure, measured: &Measured) -> Result<Vec<Curve<'a>>> {
    let mut curves = Vec::new();
    for (id, label) in figure.series.iter().zip(&figure.labels) {
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

const PALETTE: [&str; 6] = [
    "#2c6fbb", "#c0392b", "#27ae60", "#8e44ad", "#d68910", "#17a2b8",
];

/// Curves on linear axes from zero, with a legend.
pub fn render_lines(figure: &Figure, curves: &[Curve<'_>], provenance: &Provenance) -> String {
    let all = || curves.iter().flat_map(|(_, points)| points.iter());
    let x_max = all().map(|p| p.0).fold(0.0, f64::max);
    let y_max = all().map(|p| p.1).fold(0.0, f64::max);
    let (x_step, x_top) = nice_axis(x_max);
    let (y_step, y_top) = nice_axis(y_max);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let sx = |x: f64| LEFT + x / x_top * plot_w;
    let sy = |y: f64| TOP + plot_h - y / y_top * plot_h;

    let mut svg = header(figure);
    let mut tick = 0.0;
    while tick <= y_top * 1.0001 {
        y_gridline(&mut svg, sy(tick), "#dddddd", &format_linear_tick(tick));
        tick += y_step;
    }
    let mut tick = 0.0;
    while tick <= x_top * 1.0001 {
        let px = sx(tick);
        let _ = writeln!(
            svg,
            r##"<line x1="{px:.1}" x2="{px:.1}" y1="{TOP}" y2="{}" stroke="#eeeeee"/>"##,
            TOP + plot_h
        );
        let _ = writeln!(
            svg,
            r##"<text x="{px:.1}" y="{}" text-anchor="middle" fill="#444">{}</text>"##,
            TOP + plot_h + 18.0,
            format_linear_tick(tick)
        );
        tick += x_step;
    }
    axes(&mut svg, figure, "");
    for (n, (label, points)) in curves.iter().enumerate() {
        let colour = PALETTE[n % PALETTE.len()];
        let path: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{:.1},{:.1}", sx(*x), sy(*y)))
            .collect();
        let _ = writeln!(
            svg,
            r##"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="1.8"/>"##,
            path.join(" ")
        );
        // The legend runs along the top, above the plot, where no curve is.
        legend(&mut svg, n, colour, label);
    }
    footer(&mut svg, provenance);
    svg
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

/// A horizontal grid line at `py`, labelled on the y axis.
fn y_gridline(svg: &mut String, py: f64, stroke: &str, label: &str) {
    let _ = writeln!(
        svg,
        r#"<line x1="{LEFT}" x2="{}" y1="{py:.1}" y2="{py:.1}" stroke="{stroke}"/>"#,
        WIDTH - RIGHT
    );
    let _ = writeln!(
        svg,
        r##"<text x="{}" y="{:.1}" text-anchor="end" fill="#444">{label}</text>"##,
        LEFT - 6.0,
        py + 4.0
    );
}

fn header(figure: &Figure) -> String {
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

/// The plot's frame and the two axis labels (`scale` names the scale, if any).
fn axes(svg: &mut String, figure: &Figure, scale: &str) {
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let _ = writeln!(
        svg,
        r##"<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#888888"/>"##
    );
    let _ = writeln!(
        svg,
        r##"<text x="{}" y="{}" text-anchor="middle" fill="#222">{}{scale}</text>"##,
        LEFT + plot_w / 2.0,
        HEIGHT - 22.0,
        escape(&figure.x_label)
    );
    let _ = writeln!(
        svg,
        r##"<text transform="translate(18 {}) rotate(-90)" text-anchor="middle" fill="#222">{}{scale}</text>"##,
        TOP + plot_h / 2.0,
        escape(&figure.y_label)
    );
}

fn footer(svg: &mut String, provenance: &Provenance) {
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
    svg.push_str("</svg>\n");
}

/// Where a curve's time per element first doubles: the last x before the
/// step and the first x at or past it. The level to double is the median of
/// the first half of the points, the plateau before any step. `None` if the
/// curve never doubles, or doubles at once.
pub fn knee(points: &[(f64, Measurement)]) -> Option<(f64, f64)> {
    let mut plateau: Vec<f64> = points[..points.len() / 2]
        .iter()
        .map(|(_, m)| m.point)
        .collect();
    plateau.sort_by(f64::total_cmp);
    let level = *plateau.get(plateau.len() / 2)?;
    let step = points.iter().position(|(_, m)| m.point >= 2.0 * level)?;
    (step > 0).then(|| (points[step - 1].0, points[step].0))
}

/// A band on the x axis, from one value to another, with a label.
pub struct Band {
    pub from: f64,
    pub to: f64,
    pub label: String,
}

/// The TLB reach a figure marks, from the figure it names in `reach`: the
/// knee of that figure's recorded curve of pages, in bytes.
pub fn reach_band(figure: &Figure, recorded: &BTreeMap<String, Series>) -> Option<Band> {
    let reach = figure.reach.as_ref()?;
    let (from, to) = knee(&recorded.get(&reach.figure)?.points)?;
    let page = reach.page_bytes as f64;
    Some(Band {
        from: from * page,
        to: to * page,
        label: reach.label.clone(),
    })
}

/// A family figure: each family's time per element against its parameter,
/// on log–log axes, with the recording machine's caches marked when the x
/// axis counts bytes, and a legend when there are several families. A
/// `band` (a TLB's reach) is shaded behind the curves.
pub fn render(figure: &Figure, series: &Series, band: Option<&Band>) -> String {
    let caches = &series.provenance.cache_levels;
    let families: Vec<&Vec<(f64, Measurement)>> = std::iter::once(&series.points)
        .chain(&series.compared)
        .collect();
    let all = || families.iter().flat_map(|points| points.iter());
    let x_min = all().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let x_max = all().map(|p| p.0).fold(0.0, f64::max);
    let y_min = all()
        .map(|(_, m)| m.lower)
        .fold(f64::INFINITY, f64::min)
        .max(1e-3);
    let y_max = all().map(|(_, m)| m.upper).fold(0.0, f64::max);
    let (y_lo, y_hi) = (
        10f64.powf(y_min.log10().floor()),
        10f64.powf(y_max.log10().ceil()),
    );
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let sx = |x: f64| LEFT + (x.log2() - x_min.log2()) / (x_max.log2() - x_min.log2()) * plot_w;
    let sy =
        |y: f64| TOP + plot_h - (y.log10() - y_lo.log10()) / (y_hi.log10() - y_lo.log10()) * plot_h;
    let bytes = figure.counts_bytes();

    let mut svg = header(figure);
    if let Some(band) = band.filter(|b| b.to > x_min && b.from < x_max) {
        let (from, to) = (sx(band.from.max(x_min)), sx(band.to.min(x_max)));
        let _ = writeln!(
            svg,
            r##"<rect x="{from:.1}" y="{TOP}" width="{:.1}" height="{plot_h}" fill="#f3e6c8"/>"##,
            to - from
        );
        // The label sits beside the band, right of it, or left of it in
        // the right half of the plot, so that it never covers the band.
        let (label_x, anchor) = if to < LEFT + plot_w / 2.0 {
            (to + 4.0, "start")
        } else {
            (from - 4.0, "end")
        };
        let _ = writeln!(
            svg,
            r##"<text x="{label_x:.1}" y="{:.1}" text-anchor="{anchor}" fill="#8a6d1f">{} ({}–{})</text>"##,
            TOP + plot_h - 8.0,
            escape(&band.label),
            format_bytes(band.from as u64),
            format_bytes(band.to as u64)
        );
    }
    // Y grid: every power of ten, with 2 and 5 between.
    let mut decade = y_lo;
    while decade <= y_hi * 1.0001 {
        for (factor, major) in [(1.0, true), (2.0, false), (5.0, false)] {
            let y = decade * factor;
            if y > y_hi * 1.0001 {
                break;
            }
            let stroke = if major { "#cccccc" } else { "#eeeeee" };
            y_gridline(&mut svg, sy(y), stroke, &format_log_tick(y));
        }
        decade *= 10.0;
    }
    // X grid: powers of two, labelled every other octave.
    let (first, last) = (x_min.log2().ceil() as i32, x_max.log2().floor() as i32);
    for k in first..=last {
        let px = sx(2f64.powi(k));
        let _ = writeln!(
            svg,
            r##"<line x1="{px:.1}" x2="{px:.1}" y1="{TOP}" y2="{}" stroke="#eeeeee"/>"##,
            TOP + plot_h
        );
        if k % 2 == 0 {
            let label = if bytes {
                format_bytes(1u64 << k)
            } else {
                format_log_tick(2f64.powi(k))
            };
            let _ = writeln!(
                svg,
                r##"<text x="{px:.1}" y="{}" text-anchor="middle" fill="#444">{label}</text>"##,
                TOP + plot_h + 18.0,
            );
        }
    }
    // The caches of the machine that measured it, on a byte axis.
    for (n, level) in caches.iter().enumerate().filter(|_| bytes) {
        let (name, bytes) = (&level.name, &level.bytes);
        let x = *bytes as f64;
        if x < x_min || x > x_max {
            continue;
        }
        let px = sx(x);
        let _ = writeln!(
            svg,
            r##"<line x1="{px:.1}" x2="{px:.1}" y1="{TOP}" y2="{}" stroke="#888888" stroke-dasharray="5 4"/>"##,
            TOP + plot_h
        );
        // Labels sit right of their line, or left of it near the right edge.
        let (label_x, anchor) = if px > WIDTH - RIGHT - 100.0 {
            (px - 4.0, "end")
        } else {
            (px + 4.0, "start")
        };
        let _ = writeln!(
            svg,
            r##"<text x="{label_x:.1}" y="{}" text-anchor="{anchor}" fill="#666666">{} {}</text>"##,
            TOP + 14.0 + 14.0 * n as f64,
            escape(name),
            format_bytes(*bytes)
        );
    }
    axes(&mut svg, figure, " (log scale)");
    // The measurements: a line, a dot per point, and each 95% interval.
    for (n, points) in families.iter().enumerate() {
        let colour = PALETTE[n % PALETTE.len()];
        let path: Vec<String> = points
            .iter()
            .map(|(x, m)| format!("{:.1},{:.1}", sx(*x), sy(m.point)))
            .collect();
        let _ = writeln!(
            svg,
            r##"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"/>"##,
            path.join(" ")
        );
        for (x, m) in points.iter() {
            let px = sx(*x);
            let at = if bytes {
                format_bytes(*x as u64)
            } else {
                format_log_tick(*x)
            };
            let _ = writeln!(
                svg,
                r##"<line x1="{px:.1}" x2="{px:.1}" y1="{:.1}" y2="{:.1}" stroke="{colour}"/><circle cx="{px:.1}" cy="{:.1}" r="3" fill="{colour}"><title>{at}: {:.2} [{:.2}, {:.2}]</title></circle>"##,
                sy(m.lower),
                sy(m.upper),
                sy(m.point),
                m.point,
                m.lower,
                m.upper
            );
        }
        if families.len() > 1 {
            legend(&mut svg, n, colour, &figure.labels[n]);
        }
    }
    footer(&mut svg, &series.provenance);
    svg
}

/// The `n`th entry of a legend along the top, above the plot.
fn legend(svg: &mut String, n: usize, colour: &str, label: &str) {
    let (lx, ly) = (LEFT + 150.0 * n as f64, TOP - 8.0);
    let _ = writeln!(
        svg,
        r##"<line x1="{lx}" x2="{}" y1="{}" y2="{}" stroke="{colour}" stroke-width="3"/><text x="{}" y="{ly}" fill="#222">{}</text>"##,
        lx + 18.0,
        ly - 4.0,
        ly - 4.0,
        lx + 24.0,
        escape(label)
    );
}

/// A tick on a log axis (powers of two): fractions as they are.
fn format_log_tick(value: f64) -> String {
    if value >= 1.0 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::Timing;
    use book_model::claims::{CacheLevel, FigureKind, Provenance};

    fn figure() -> Figure {
        Figure {
            id: "cpu-caches.latency-ladder".into(),
            chapter: 5,
            kind: FigureKind::Family,
            benchmarks: Some("cpu-caches/latency/".into()),
            compare: Vec::new(),
            series: Vec::new(),
            labels: Vec::new(),
            x_unit: "bytes".into(),
            reach: None,
            file: "src/figures/x.svg".into(),
            title: "Latency".into(),
            x_label: "working set".into(),
            y_label: "ns per load".into(),
        }
    }

    fn measured() -> Measured {
        let mut measured = Measured::default();
        for (bytes, ns) in [
            (4096.0, 1000.0),
            (1048576.0, 4000.0),
            (1073741824.0, 100_000.0),
        ] {
            let id = format!("cpu-caches/latency/{bytes}");
            let measurement = Measurement {
                id: id.clone(),
                point: ns,
                lower: ns * 0.9,
                upper: ns * 1.1,
            };
            measured.timings.insert(
                id,
                Timing {
                    measurement,
                    elements: Some(1000.0),
                    bytes: None,
                },
            );
        }
        let other = Measurement {
            id: "cpu-caches/matrix/row-major".into(),
            point: 1.0,
            lower: 1.0,
            upper: 1.0,
        };
        measured.timings.insert(
            "cpu-caches/matrix/row-major".into(),
            Timing {
                measurement: other,
                elements: None,
                bytes: None,
            },
        );
        measured
    }

    #[test]
    fn takes_the_family_in_order_per_element() {
        let points = points(&figure(), "cpu-caches/latency/", &measured()).unwrap();
        let xs: Vec<f64> = points.iter().map(|p| p.0).collect();
        assert_eq!(xs, [4096.0, 1048576.0, 1073741824.0]);
        assert_eq!(points[2].1.point, 100.0);
    }

    #[test]
    fn a_family_that_declares_bytes_is_drawn_as_bandwidth() {
        let mut measured = Measured::default();
        for (size, ns) in [(16384.0, 500.0), (1073741824.0, 4000.0)] {
            let id = format!("cpu-caches/bandwidth/{size}");
            let measurement = Measurement {
                id: id.clone(),
                point: ns,
                lower: ns * 0.5,
                upper: ns * 2.0,
            };
            let timing = Timing {
                measurement,
                elements: None,
                bytes: Some(1000.0),
            };
            measured.timings.insert(id, timing);
        }
        let points = points(&figure(), "cpu-caches/bandwidth/", &measured).unwrap();
        let (gb_per_s, range) = (points[0].1.point, (points[0].1.lower, points[0].1.upper));
        assert_eq!(gb_per_s, 2.0);
        assert_eq!(range, (1.0, 4.0), "a shorter time is the higher bound");
    }

    #[test]
    fn needs_two_points() {
        let error = points(&figure(), "cpu-caches/matrix/", &measured())
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("does not end in a number") || error.contains("at least two"),
            "{error}"
        );
    }

    #[test]
    fn draws_compared_families_with_a_legend_and_plain_ticks() {
        let mut figure = figure();
        figure.compare = vec!["cpu-caches/latency/".into()];
        figure.labels = vec!["4 KiB pages".into(), "2 MiB pages".into()];
        figure.x_unit = "pages".into();
        let family = points(&figure, "cpu-caches/latency/", &measured()).unwrap();
        let series = Series {
            points: family.clone(),
            compared: vec![family],
            code_hash: "x".into(),
            provenance: Provenance::example(),
        };
        let svg = render(&figure, &series, None);
        assert_eq!(svg.matches("<circle").count(), 6);
        assert!(
            svg.contains("2 MiB pages") && svg.contains("4 KiB pages"),
            "{svg}"
        );
        assert!(
            !svg.contains("stroke-dasharray"),
            "caches are marked on a byte axis only"
        );
        assert!(svg.contains(">4096</text>"), "plain ticks for pages: {svg}");
    }

    #[test]
    fn draws_lines_with_a_legend() {
        let figure = Figure {
            kind: FigureKind::Lines,
            benchmarks: None,
            compare: Vec::new(),
            x_unit: "bytes".into(),
            series: vec!["gc/heap/a".into(), "gc/heap/b".into()],
            labels: vec!["GOGC=100".into(), "GOGC=200".into()],
            ..figure()
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

    fn curve(times: &[(f64, f64)]) -> Vec<(f64, Measurement)> {
        times
            .iter()
            .map(|&(x, t)| {
                let m = Measurement {
                    id: format!("cpu-caches/tlb/{x}"),
                    point: t,
                    lower: t,
                    upper: t,
                };
                (x, m)
            })
            .collect()
    }

    #[test]
    fn finds_where_the_time_first_doubles() {
        // The TLB-reach curve recorded on the Xeon, rounded.
        let pages = curve(&[
            (256.0, 0.9),
            (512.0, 0.9),
            (1024.0, 1.0),
            (1536.0, 1.3),
            (2048.0, 2.7),
            (4096.0, 7.1),
            (8192.0, 7.2),
            (16384.0, 8.8),
        ]);
        assert_eq!(knee(&pages), Some((1536.0, 2048.0)));
        let flat = curve(&[(1.0, 1.0), (2.0, 1.1), (4.0, 1.9), (8.0, 1.2)]);
        assert_eq!(knee(&flat), None, "never doubles");
        assert_eq!(knee(&[]), None);
    }

    #[test]
    fn shades_the_reach_named_by_another_figure() {
        let mut ladder = figure();
        ladder.reach = Some(book_model::claims::Reach {
            figure: "cpu-caches.tlb-reach-figure".into(),
            page_bytes: 4096,
            label: "TLB reach".into(),
        });
        let pages = curve(&[(1024.0, 1.0), (2048.0, 1.0), (4096.0, 5.0), (8192.0, 6.0)]);
        let mut recorded = BTreeMap::new();
        recorded.insert(
            "cpu-caches.tlb-reach-figure".to_owned(),
            Series {
                points: pages,
                compared: Vec::new(),
                provenance: Provenance::example(),
                code_hash: "x".into(),
            },
        );
        let band = reach_band(&ladder, &recorded).unwrap();
        assert_eq!((band.from, band.to), (8.0 * 1048576.0, 16.0 * 1048576.0));
        let series = Series {
            points: curve(&[(4.0 * 1048576.0, 40.0), (64.0 * 1048576.0, 150.0)]),
            compared: Vec::new(),
            provenance: Provenance::example(),
            code_hash: "x".into(),
        };
        let svg = render(&ladder, &series, Some(&band));
        assert!(svg.contains("TLB reach (8 MiB–16 MiB)"), "{svg}");
        recorded.clear();
        assert!(reach_band(&ladder, &recorded).is_none(), "nothing recorded");
    }

    #[test]
    fn shrinks_a_long_footer_to_the_width() {
        let mut short = String::new();
        footer(&mut short, &Provenance::example());
        assert!(short.contains(r#"font-size="10.0""#), "{short}");
        let mut provenance = Provenance::example();
        provenance.cpu = "Intel(R) Xeon(R) Processor ".repeat(6);
        let mut long = String::new();
        footer(&mut long, &provenance);
        assert!(!long.contains(r#"font-size="10.0""#), "{long}");
    }

    #[test]
    fn picks_round_axis_steps() {
        assert_eq!(nice_axis(9.3), (2.0, 10.0));
        assert_eq!(nice_axis(0.42), (0.1, 0.5));
        assert_eq!(nice_axis(130.0), (50.0, 150.0));
    }

    #[test]
    fn draws_points_and_cache_marks() {
        let level = |name: &str, bytes: u64| CacheLevel {
            name: name.into(),
            bytes,
            ways: None,
            sets: None,
            line_bytes: None,
        };
        let mut provenance = Provenance::example();
        provenance.cache_levels = vec![level("L1d", 48 << 10), level("L3", 4 << 30)];
        let series = Series {
            points: points(&figure(), "cpu-caches/latency/", &measured()).unwrap(),
            compared: Vec::new(),
            code_hash: "x".into(),
            provenance,
        };
        let svg = render(&figure(), &series, None);
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains("L1d 48 KiB"));
        assert!(
            !svg.contains("L3 4 GiB"),
            "a cache beyond the data is not marked"
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>\n"));
    }
}
