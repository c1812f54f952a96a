//! A family chart: each family of benchmarks' time per element against its
//! parameter, on log–log axes, with the recording machine's caches marked
//! when the x axis counts bytes (Algorithmica's style: physical units, the
//! working set on a log axis, so the reader sees each cache's step), and a
//! band (a TLB's reach) shaded behind the curves.

use std::collections::BTreeMap;
use std::fmt::Write;

use anyhow::{Context, Result, bail};
use book_model::claims::{CacheLevel, Figure, Measurement, Series, escape, format_bytes};

use super::axes::{
    Axes, LEFT, PLOT_HEIGHT, PLOT_WIDTH, RIGHT, Scale, TOP, WIDTH, begin_svg, colour, end_svg,
    legend, vertical_line,
};
use crate::measure::{Measured, Timing};

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
        points.push((x, per_element_or_bandwidth(id, timing)));
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

/// A timing as a family chart plots it: the time per declared element, or
/// the bandwidth in bytes per ns if the benchmark declared bytes.
fn per_element_or_bandwidth(id: &str, timing: &Timing) -> Measurement {
    let m = &timing.measurement;
    match timing.bytes {
        // A shorter time is a higher bandwidth: the bounds swap.
        Some(bytes) => Measurement {
            id: id.to_owned(),
            point: bytes / m.point,
            lower: bytes / m.upper,
            upper: bytes / m.lower,
        },
        None => {
            let per = timing.elements.unwrap_or(1.0);
            Measurement {
                id: id.to_owned(),
                point: m.point / per,
                lower: m.lower / per,
                upper: m.upper / per,
            }
        }
    }
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

/// The family chart of a recorded series, with a legend when it compares
/// several families.
pub fn render_family(figure: &Figure, series: &Series, band: Option<&Band>) -> String {
    let families: Vec<&Vec<(f64, Measurement)>> = std::iter::once(&series.points)
        .chain(&series.compared)
        .collect();
    let axes = family_axes(figure, &families);
    let mut svg = begin_svg(figure);
    if let Some(band) = band {
        shade_band(&mut svg, &axes, band);
    }
    axes.draw_grid(&mut svg);
    if figure.counts_bytes() {
        mark_caches(&mut svg, &axes, &series.provenance.cache_levels);
    }
    axes.draw_frame(&mut svg, figure);
    for (n, points) in families.iter().enumerate() {
        draw_measurements(&mut svg, &axes, points, colour(n));
        if families.len() > 1 {
            legend(&mut svg, n, &figure.labels[n]);
        }
    }
    end_svg(svg, &series.provenance)
}

/// Octaves across the families' parameters (in bytes if the figure counts
/// them), and decades enclosing every point's interval.
fn family_axes(figure: &Figure, families: &[&Vec<(f64, Measurement)>]) -> Axes {
    let all = || families.iter().flat_map(|points| points.iter());
    let x_min = all().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let x_max = all().map(|p| p.0).fold(0.0, f64::max);
    let y_min = all().map(|(_, m)| m.lower).fold(f64::INFINITY, f64::min);
    let y_max = all().map(|(_, m)| m.upper).fold(0.0, f64::max);
    Axes {
        x: Scale::Octaves {
            min: x_min,
            max: x_max,
            bytes: figure.counts_bytes(),
        },
        y: Scale::decades(y_min, y_max),
    }
}

/// The band, shaded over the plot's height where it overlaps the x axis,
/// and its label.
fn shade_band(svg: &mut String, axes: &Axes, band: &Band) {
    let (x_min, x_max) = axes.x.bounds();
    let overlaps = band.to > x_min && band.from < x_max;
    if !overlaps {
        return;
    }
    let (from, to) = (axes.px(band.from.max(x_min)), axes.px(band.to.min(x_max)));
    let _ = writeln!(
        svg,
        r##"<rect x="{from:.1}" y="{TOP}" width="{:.1}" height="{PLOT_HEIGHT}" fill="#f3e6c8"/>"##,
        to - from
    );
    // The label sits beside the band, right of it, or left of it in the
    // right half of the plot, so that it never covers the band.
    let (label_x, anchor) = if to < LEFT + PLOT_WIDTH / 2.0 {
        (to + 4.0, "start")
    } else {
        (from - 4.0, "end")
    };
    let _ = writeln!(
        svg,
        r##"<text x="{label_x:.1}" y="{:.1}" text-anchor="{anchor}" fill="#8a6d1f">{} ({}–{})</text>"##,
        TOP + PLOT_HEIGHT - 8.0,
        escape(&band.label),
        format_bytes(band.from as u64),
        format_bytes(band.to as u64)
    );
}

/// Each cache whose size is on the x axis: a dashed line, and its name and
/// size, one row lower for each level so the labels never collide.
fn mark_caches(svg: &mut String, axes: &Axes, caches: &[CacheLevel]) {
    let (x_min, x_max) = axes.x.bounds();
    for (n, level) in caches.iter().enumerate() {
        let x = level.bytes as f64;
        if x < x_min || x > x_max {
            continue;
        }
        let px = axes.px(x);
        vertical_line(svg, px, r##"stroke="#888888" stroke-dasharray="5 4""##);
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
            escape(&level.name),
            format_bytes(level.bytes)
        );
    }
}

/// One family's measurements: a line through the points, and at each
/// point its 95% interval and a dot whose tooltip gives the numbers.
fn draw_measurements(svg: &mut String, axes: &Axes, points: &[(f64, Measurement)], colour: &str) {
    let line = points.iter().map(|(x, m)| (*x, m.point));
    axes.draw_curve(svg, line, colour, 2.0);
    for (x, m) in points {
        let px = axes.px(*x);
        let _ = writeln!(
            svg,
            r##"<line x1="{px:.1}" x2="{px:.1}" y1="{:.1}" y2="{:.1}" stroke="{colour}"/><circle cx="{px:.1}" cy="{:.1}" r="3" fill="{colour}"><title>{}: {:.2} [{:.2}, {:.2}]</title></circle>"##,
            axes.py(m.lower),
            axes.py(m.upper),
            axes.py(m.point),
            axes.x.format(*x),
            m.point,
            m.lower,
            m.upper
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::{example_figure, example_timing};
    use book_model::claims::Provenance;

    fn measured() -> Measured {
        let mut measured = Measured::default();
        for (bytes, ns) in [
            (4096.0, 1000.0),
            (1048576.0, 4000.0),
            (1073741824.0, 100_000.0),
        ] {
            let id = format!("cpu-caches/latency/{bytes}");
            let timing = example_timing(&id, ns, (0.9, 1.1), Some(1000.0), None);
            measured.timings.insert(id, timing);
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
    fn takes_the_family_in_order_per_element() {
        let points = points(&example_figure(), "cpu-caches/latency/", &measured()).unwrap();
        let xs: Vec<f64> = points.iter().map(|p| p.0).collect();
        assert_eq!(xs, [4096.0, 1048576.0, 1073741824.0]);
        assert_eq!(points[2].1.point, 100.0);
    }

    #[test]
    fn a_family_that_declares_bytes_is_drawn_as_bandwidth() {
        let mut measured = Measured::default();
        for (size, ns) in [(16384.0, 500.0), (1073741824.0, 4000.0)] {
            let id = format!("cpu-caches/bandwidth/{size}");
            let timing = example_timing(&id, ns, (0.5, 2.0), None, Some(1000.0));
            measured.timings.insert(id, timing);
        }
        let points = points(&example_figure(), "cpu-caches/bandwidth/", &measured).unwrap();
        let (gb_per_s, range) = (points[0].1.point, (points[0].1.lower, points[0].1.upper));
        assert_eq!(gb_per_s, 2.0);
        assert_eq!(range, (1.0, 4.0), "a shorter time is the higher bound");
    }

    #[test]
    fn needs_two_points() {
        let error = points(&example_figure(), "cpu-caches/matrix/", &measured())
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("does not end in a number") || error.contains("at least two"),
            "{error}"
        );
    }

    #[test]
    fn draws_compared_families_with_a_legend_and_plain_ticks() {
        let mut figure = example_figure();
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
        let svg = render_family(&figure, &series, None);
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
        let mut ladder = example_figure();
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
        let svg = render_family(&ladder, &series, Some(&band));
        assert!(svg.contains("TLB reach (8 MiB–16 MiB)"), "{svg}");
        recorded.clear();
        assert!(reach_band(&ladder, &recorded).is_none(), "nothing recorded");
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
            points: points(&example_figure(), "cpu-caches/latency/", &measured()).unwrap(),
            compared: Vec::new(),
            code_hash: "x".into(),
            provenance,
        };
        let svg = render_family(&example_figure(), &series, None);
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains("L1d 48 KiB"));
        assert!(
            !svg.contains("L3 4 GiB"),
            "a cache beyond the data is not marked"
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>\n"));
    }
}
