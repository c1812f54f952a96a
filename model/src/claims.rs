//! The book's performance claims: the registry (`benches/claims.toml`, what
//! the book says), the recorded results (`benches/results.json`, what was
//! measured), and how a claim is judged and rendered.
//!
//! A claim compares two measurements, `slow` over `fast`, against a
//! threshold. A timing measurement is a criterion benchmark, judged
//! conservatively: the slow variant's lower confidence bound over the fast
//! one's upper bound. A count is a number that is counted rather than timed
//! (what a deterministic model computes, or bytes the OS reports resident),
//! so its ratio is taken as it is. A reading is a number the operating
//! system reports, read several times; it is judged on its range.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write};
use std::fs;
use std::path::Path;

use anyhow::{anyhow, bail};
use serde::{Deserialize, Serialize};

use crate::directive::DirectiveError;

pub const REGISTRY_FILE: &str = "benches/claims.toml";
pub const RESULTS_FILE: &str = "benches/results.json";

/// Where a claim's statement names its bounds; the book fills them in.
pub const THRESHOLD: &str = "{threshold}";
pub const AT_MOST: &str = "{at_most}";
pub const PLACEHOLDERS: [&str; 2] = [THRESHOLD, AT_MOST];

/// What a claim compares (its `kind` in the registry); a figure has a
/// `FigureKind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ClaimKind {
    /// Two criterion benchmarks.
    #[default]
    Timing,
    /// Two numbers that are counted, not timed: what a deterministic model
    /// computes, or how often the allocator was called. Exact.
    Count,
    /// Numbers the operating system reports (bytes resident), which vary
    /// from one reading to the next: each side is read several times and
    /// judged on its range, as a timing is on its confidence interval. A
    /// side recorded as a count (a constant) takes part as it is.
    Reading,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// `chapter-slug.claim-slug`, e.g. `caches.row-vs-column`.
    pub id: String,
    /// The chapter that makes the claim; its bench target is `chNN_*`.
    pub chapter: u32,
    #[serde(default)]
    pub kind: ClaimKind,
    /// The sentence the book states; `{threshold}` (and `{at_most}`) are
    /// replaced by the bounds, so the sentence and the check cannot disagree.
    pub statement: String,
    /// Measurement ids: criterion benchmark ids, or model metric ids.
    pub fast: String,
    pub slow: String,
    /// The claim holds when slow ÷ fast is at least this.
    pub threshold: f64,
    /// For a model claim that pins a value: slow ÷ fast must not exceed this.
    pub at_most: Option<f64>,
    /// Labels for the two variants in the claim box (default: the ids).
    pub fast_label: Option<String>,
    pub slow_label: Option<String>,
    /// What on a reader's machine would change the ratio (cache sizes, core
    /// count, page size), shown in the box; a measured claim must say.
    pub depends_on: Option<String>,
}

impl Claim {
    pub fn statement(&self) -> String {
        let statement = self
            .statement
            .replace(THRESHOLD, &format_bound(self.threshold));
        match self.at_most {
            Some(max) => statement.replace(AT_MOST, &format_bound(max)),
            None => statement,
        }
    }

    pub fn label_fast(&self) -> &str {
        self.fast_label.as_deref().unwrap_or(&self.fast)
    }

    pub fn label_slow(&self) -> &str {
        self.slow_label.as_deref().unwrap_or(&self.slow)
    }

    /// Whether the measurements bear the claim out, conservatively: the
    /// smallest ratio their intervals allow must reach the threshold, and
    /// the largest must not pass `at_most`.
    pub fn holds(&self, fast: &Measurement, slow: &Measurement) -> bool {
        let (low, high) = ratio_bounds(fast, slow);
        low >= self.threshold && self.at_most.is_none_or(|max| high <= max)
    }

    /// What was measured, in the claim's terms: the conservative ratio, or
    /// for a claim bounded on both sides the range the intervals allow.
    pub fn measured(&self, fast: &Measurement, slow: &Measurement) -> String {
        let (low, high) = ratio_bounds(fast, slow);
        match self.at_most {
            // Two decimals: a range near 1× is the point of such a claim.
            Some(_) if high > low => format!("{low:.2}× to {high:.2}×"),
            _ => format_ratio(low),
        }
    }

    /// The condition in words: "≥ 1.5×", or "between 1.9× and 2.1×".
    pub fn condition(&self) -> String {
        match self.at_most {
            Some(max) if max == self.threshold => format!("exactly {}", format_bound(max)),
            Some(max) => format!(
                "between {} and {}",
                format_bound(self.threshold),
                format_bound(max)
            ),
            None => format!("≥ {}", format_bound(self.threshold)),
        }
    }

    /// A claim's rules: its id, its bounds, its wording.
    fn validate(&self) -> anyhow::Result<()> {
        validate_id(&self.id)?;
        self.validate_bounds()?;
        self.validate_wording()
    }

    /// A positive threshold, an `at_most` above it, two measurements.
    fn validate_bounds(&self) -> anyhow::Result<()> {
        if self.threshold.is_nan() || self.threshold <= 0.0 {
            bail!("needs a positive threshold");
        }
        if self.at_most.is_some_and(|max| max < self.threshold) {
            bail!("has `at_most` below its threshold");
        }
        if self.fast == self.slow {
            bail!("compares a measurement with itself");
        }
        Ok(())
    }

    /// The statement writes every bound it is checked against, and a
    /// measured claim says what would change it.
    fn validate_wording(&self) -> anyhow::Result<()> {
        if !self.statement.contains(THRESHOLD) {
            bail!("must state its threshold: write `{{threshold}}` in the statement");
        }
        // A count is the same everywhere; a measurement is not.
        if self.kind != ClaimKind::Count && self.depends_on.is_none() {
            bail!(
                "is measured, so it must say in `depends_on` what on a reader's machine would change its ratio"
            );
        }
        // A range needs both ends in the sentence; an exact value, one.
        let needs_at_most = self.at_most.is_some_and(|max| max != self.threshold);
        if self.statement.contains(AT_MOST) != needs_at_most {
            bail!("must write `{{at_most}}` in its statement exactly when `at_most` sets a range");
        }
        Ok(())
    }
}

/// What a figure draws (its `kind` in the registry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum FigureKind {
    /// A family of benchmarks, such as the latency ladder: every benchmark
    /// whose id starts with `benchmarks`, the rest of the id as x, time per
    /// element as y, on log–log axes with the machine's caches marked. More
    /// families (`compare`) may share the axes, each with a legend label.
    #[default]
    Family,
    /// Curves a model computes (`benches::record_series`), on linear axes
    /// with a legend.
    Lines,
    /// A few benchmarks that are steps of one program (the same work done
    /// several ways): one horizontal bar per benchmark named in `bars`, top
    /// to bottom, its time per iteration on a log axis, each labelled and
    /// each after the first with its speed-up over the one before.
    Bars,
}

/// A chart the tool draws and the book shows.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub id: String,
    pub chapter: u32,
    #[serde(default)]
    pub kind: FigureKind,
    /// For a family: the benchmark id prefix.
    pub benchmarks: Option<String>,
    /// For a family: the prefixes of more families drawn on the same axes.
    #[serde(default)]
    pub compare: Vec<String>,
    /// For lines: the ids of the curves a model records
    /// (`benches::record_series`) that the figure draws; `series` in the
    /// registry.
    #[serde(default, rename = "series")]
    pub curves: Vec<String>,
    /// For bars: the criterion benchmark ids to draw, one bar each, top to
    /// bottom.
    #[serde(default)]
    pub bars: Vec<String>,
    /// A legend label for each curve, or for each family (the first, then
    /// those in `compare`) when there are several; for bars, each bar's
    /// label.
    #[serde(default)]
    pub labels: Vec<String>,
    /// What the x axis counts: `bytes` (the default: ticks in KiB, MiB...,
    /// and the caches marked) or a plain unit such as `pages`.
    #[serde(default = "bytes")]
    pub x_unit: String,
    /// For a family on a byte axis: a TLB's reach to mark, found in another
    /// figure's recorded curve.
    #[serde(default)]
    pub reach: Option<Reach>,
    /// The SVG to write, relative to the book's root (under `src/figures/`).
    pub file: String,
    pub title: String,
    pub x_label: String,
    pub y_label: String,
}

/// A TLB's reach as measured: the knee of another figure's first family,
/// whose x counts pages of `page_bytes`, marked on this figure in bytes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reach {
    pub figure: String,
    pub page_bytes: u64,
    pub label: String,
}

fn bytes() -> String {
    "bytes".to_owned()
}

impl Figure {
    /// The benchmark id prefix of a family (empty for lines and bars, which
    /// have none).
    pub fn prefix(&self) -> &str {
        self.benchmarks.as_deref().unwrap_or_default()
    }

    /// Whether the x axis counts bytes (and so can mark caches and reaches).
    pub fn counts_bytes(&self) -> bool {
        self.x_unit == "bytes"
    }

    /// Every family's prefix: the first, then those it is compared with.
    pub fn prefixes(&self) -> Vec<&str> {
        self.benchmarks
            .as_deref()
            .into_iter()
            .chain(self.compare.iter().map(String::as_str))
            .collect()
    }

    /// A family names its benchmarks (and a label for each family when it
    /// compares several); lines name their curves, each with a label; bars
    /// name their benchmarks, each with a label. No kind takes another's
    /// fields.
    fn validate_shape(&self) -> anyhow::Result<()> {
        let well_formed = match self.kind {
            FigureKind::Family => {
                self.benchmarks.is_some()
                    && self.curves.is_empty()
                    && (self.compare.is_empty() || self.labels.len() == self.compare.len() + 1)
            }
            FigureKind::Lines => {
                self.benchmarks.is_none()
                    && !self.curves.is_empty()
                    && self.labels.len() == self.curves.len()
            }
            FigureKind::Bars => return self.validate_bars(),
        };
        if !self.bars.is_empty() {
            bail!(
                "names `bars`, which only a bar chart draws: add `kind = \"bars\"` (and remove `benchmarks`, `compare` and `series`), or remove `bars`"
            );
        }
        if !well_formed {
            bail!(
                "needs `benchmarks` (a family; with `compare`, a label for each family), `kind = \"lines\"` with `series` and as many `labels`, or `kind = \"bars\"` with `bars` and as many `labels`"
            );
        }
        Ok(())
    }

    /// A bar chart names one or more benchmarks, each once, and labels each;
    /// it draws nothing else.
    fn validate_bars(&self) -> anyhow::Result<()> {
        if self.benchmarks.is_some() || !self.compare.is_empty() || !self.curves.is_empty() {
            bail!(
                "is `kind = \"bars\"`, which draws the benchmarks named in `bars`: remove `benchmarks`, `compare` and `series`"
            );
        }
        if self.bars.is_empty() {
            bail!(
                "is `kind = \"bars\"` but names no bars: write `bars = [\"benchmark/id\", ...]`, the benchmarks to draw top to bottom, and a label for each in `labels`"
            );
        }
        if self.labels.len() != self.bars.len() {
            bail!(
                "has {} bar(s) and {} label(s): write one label in `labels` for each id in `bars`, in the same order",
                self.bars.len(),
                self.labels.len()
            );
        }
        let mut seen = BTreeSet::new();
        if let Some(twice) = self.bars.iter().find(|id| !seen.insert(id.as_str())) {
            bail!("names benchmark \"{twice}\" twice in `bars`: draw each step once");
        }
        Ok(())
    }

    /// The book serves figures from `src/figures/`, as SVG.
    fn validate_file(&self) -> anyhow::Result<()> {
        if !(self.file.starts_with("src/figures/") && self.file.ends_with(".svg")) {
            bail!("must be drawn to src/figures/<name>.svg");
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registry {
    #[serde(default, rename = "claim")]
    pub claims: Vec<Claim>,
    #[serde(default, rename = "figure")]
    pub figures: Vec<Figure>,
}

impl Registry {
    pub fn load(root: &Path) -> anyhow::Result<Registry> {
        let path = root.join(REGISTRY_FILE);
        let text =
            fs::read_to_string(&path).map_err(|e| anyhow!("{REGISTRY_FILE}: cannot read: {e}"))?;
        Registry::parse(&text)
    }

    pub fn parse(text: &str) -> anyhow::Result<Registry> {
        let registry: Registry = crate::files::parse_toml(REGISTRY_FILE, text)?;
        registry.validate(text)?;
        Ok(registry)
    }

    /// Checks every rule a claim or a figure must keep; the first one
    /// broken is the error, at the line that registers it.
    fn validate(&self, text: &str) -> anyhow::Result<()> {
        let mut seen = BTreeSet::new();
        for claim in &self.claims {
            let at = |message: &dyn fmt::Display| registered_at(text, "claim", &claim.id, message);
            if !seen.insert(claim.id.as_str()) {
                return Err(at(&"is registered twice"));
            }
            claim.validate().map_err(|e| at(&e))?;
        }
        for figure in &self.figures {
            let at =
                |message: &dyn fmt::Display| registered_at(text, "figure", &figure.id, message);
            if !seen.insert(figure.id.as_str()) {
                return Err(at(&"shares its id with another claim or figure"));
            }
            self.validate_figure(figure).map_err(|e| at(&e))?;
        }
        Ok(())
    }

    /// A figure's rules: its id, its shape, the reach it marks, its file.
    fn validate_figure(&self, figure: &Figure) -> anyhow::Result<()> {
        validate_id(&figure.id)?;
        figure.validate_shape()?;
        self.validate_reach(figure)?;
        figure.validate_file()
    }

    /// A reach is read off a family counting pages and marked on a family
    /// counting bytes.
    fn validate_reach(&self, figure: &Figure) -> anyhow::Result<()> {
        let Some(reach) = &figure.reach else {
            return Ok(());
        };
        let counts_pages = self
            .figures
            .iter()
            .any(|f| f.id == reach.figure && f.kind == FigureKind::Family && !f.counts_bytes());
        if !counts_pages || !figure.counts_bytes() || figure.kind != FigureKind::Family {
            bail!(
                "marks the reach of \"{}\", which must be a family figure counting pages, on a family figure counting bytes",
                reach.figure
            );
        }
        Ok(())
    }

    pub fn get(&self, id: &str) -> Option<&Claim> {
        self.claims.iter().find(|c| c.id == id)
    }

    pub fn figure(&self, id: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.id == id)
    }
}

/// `message` about the claim or figure `id`, at the line of the registry's
/// `text` that registers it.
fn registered_at(text: &str, what: &str, id: &str, message: &dyn fmt::Display) -> anyhow::Error {
    let line = crate::directive::line_of(text, &format!("\"{id}\"")).unwrap_or(0);
    anyhow!("{REGISTRY_FILE}:{line}: {what} \"{id}\" {message:#}")
}

/// An id is `chapter.name`, both parts in lowercase letters, digits and dashes.
fn validate_id(id: &str) -> anyhow::Result<()> {
    let part = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    match id.split_once('.') {
        Some((chapter, name)) if part(chapter) && part(name) => Ok(()),
        _ => bail!("must be `chapter.name` in lowercase letters, digits and dashes"),
    }
}

/// One measured variant, in nanoseconds per iteration for timings (or in
/// the model's own unit, with `lower == point == upper`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Measurement {
    pub id: String,
    pub point: f64,
    pub lower: f64,
    pub upper: f64,
}

/// Where and how a result was measured.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Provenance {
    pub cpu: String,
    pub cores: usize,
    /// The cache sizes in one line, for the provenance line.
    pub caches: String,
    pub os: String,
    pub rustc: String,
    pub date: String,
    /// Each data or unified cache of one core, smallest first.
    #[serde(default)]
    pub cache_levels: Vec<CacheLevel>,
    /// Transparent huge pages, as `/sys/kernel/mm/transparent_hugepage/enabled`
    /// says: `always [madvise] never` means `madvise`.
    #[serde(default)]
    pub huge_pages: String,
    /// The C library, whose `malloc` is Rust's default allocator on Linux.
    #[serde(default)]
    pub libc: String,
}

/// One level of the cache hierarchy, as the operating system reports it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct CacheLevel {
    /// `L1d`, `L2`, `L3`.
    pub name: String,
    pub bytes: u64,
    pub ways: Option<u64>,
    pub sets: Option<u64>,
    pub line_bytes: Option<u64>,
}

impl Provenance {
    /// A fixed provenance, for tests.
    pub fn example() -> Provenance {
        Provenance {
            cpu: "Test CPU".into(),
            cores: 2,
            caches: "L1d 32 KiB".into(),
            os: "Linux".into(),
            rustc: "rustc 1.95.0".into(),
            date: "2026-11-27".into(),
            cache_levels: vec![CacheLevel {
                name: "L1d".into(),
                bytes: 32 << 10,
                ways: Some(8),
                sets: Some(64),
                line_bytes: Some(64),
            }],
            huge_pages: "madvise".into(),
            libc: "glibc 2.36".into(),
        }
    }

    pub fn line(&self) -> String {
        format!(
            "{}, {} cores ({}); {}; {}; measured {}",
            self.cpu, self.cores, self.caches, self.os, self.rustc, self.date
        )
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct ClaimResult {
    pub fast: Measurement,
    pub slow: Measurement,
    pub ratio: f64,
    /// Hash of the code measured: the bench target, the benches' support
    /// code and the listings it uses. A mismatch means the result is stale.
    pub code_hash: String,
    pub provenance: Provenance,
}

/// What a figure was drawn from: a family's measured points (a model's
/// curves are not kept: the model recomputes them exactly), where, and on
/// what code.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Series {
    #[serde(default)]
    pub points: Vec<(f64, Measurement)>,
    /// The points of the families the figure compares the first with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compared: Vec<Vec<(f64, Measurement)>>,
    pub provenance: Provenance,
    pub code_hash: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct Results {
    #[serde(default)]
    pub claims: BTreeMap<String, ClaimResult>,
    #[serde(default)]
    pub series: BTreeMap<String, Series>,
}

impl Results {
    pub fn load(root: &Path) -> anyhow::Result<Results> {
        let path = root.join(RESULTS_FILE);
        match fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| anyhow!("{RESULTS_FILE}: {e}")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Results::default()),
            Err(e) => bail!("{RESULTS_FILE}: cannot read: {e}"),
        }
    }

    /// Writes the file whole through a temporary file, so an interrupted
    /// write never leaves half a results file behind.
    pub fn save(&self, root: &Path) -> anyhow::Result<()> {
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        crate::files::write_atomically(&root.join(RESULTS_FILE), text)
            .map_err(|e| anyhow!("{RESULTS_FILE}: {e}"))
    }
}

/// The conservative ratio: the slow variant's lower bound over the fast
/// variant's upper bound. (For a count, both bounds are the number itself.)
pub fn conservative_ratio(fast: &Measurement, slow: &Measurement) -> f64 {
    ratio_bounds(fast, slow).0
}

/// The smallest and largest ratios, slow over fast, that the two intervals allow.
pub fn ratio_bounds(fast: &Measurement, slow: &Measurement) -> (f64, f64) {
    (slow.lower / fast.upper, slow.upper / fast.lower)
}

/// `2.345` → `"2.3×"`; below 10 one decimal, above none.
pub fn format_ratio(ratio: f64) -> String {
    // Two decimals below 2×, where a tenth is a large step (0.95× against
    // a bound of 0.9×); one up to 10×; none beyond.
    let decimals = match ratio {
        r if r >= 10.0 => 0,
        r if r >= 2.0 => 1,
        _ => 2,
    };
    times(ratio, decimals)
}

/// A claim's bound as the registry writes it: `4.0` → `"4×"`, `1.95` →
/// `"1.95×"` (a bound is never rounded: the sentence must say what is checked).
pub fn format_bound(bound: f64) -> String {
    times(bound, 3)
}

/// `value` to at most `decimals` decimals, without trailing zeros, and `×`.
fn times(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let text = if decimals > 0 {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    format!("{text}×")
}

/// 49152 → "48 KiB"; 1.5 GiB → "1.5 GiB".
pub fn format_bytes(bytes: u64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < units.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if value.fract() == 0.0 {
        format!("{value:.0} {}", units[unit])
    } else {
        format!("{value:.1} {}", units[unit])
    }
}

/// Nanoseconds in the unit a reader takes in at a glance.
pub fn format_ns(ns: f64) -> String {
    let (value, unit) = match ns {
        n if n >= 1e9 => (n / 1e9, "s"),
        n if n >= 1e6 => (n / 1e6, "ms"),
        n if n >= 1e3 => (n / 1e3, "µs"),
        n => (n, "ns"),
    };
    let digits = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    format!("{value:.digits$} {unit}")
}

/// The claim box: statement, verdict, both variants as bars with their
/// confidence intervals, provenance, and the command that re-measures it.
pub fn render_box(claim: &Claim, result: &ClaimResult) -> String {
    let holds = claim.holds(&result.fast, &result.slow);
    let mut html = String::new();
    let _ = write!(
        html,
        "<div class=\"claim\" id=\"claim-{id}\">\n\
         <p class=\"claim-statement\">{statement}</p>\n\
         <p class=\"claim-verdict\"><strong>{ratio}</strong> measured ({condition} claimed): {verdict}.</p>\n",
        id = claim.id,
        statement = inline_markdown(&claim.statement()),
        ratio = claim.measured(&result.fast, &result.slow),
        condition = claim.condition(),
        verdict = if holds { "holds" } else { "does not hold" },
    );
    let scale = result.slow.upper.max(result.fast.upper);
    html.push_str("<div class=\"claim-bars\">\n");
    for (label, m) in [
        (claim.label_fast(), &result.fast),
        (claim.label_slow(), &result.slow),
    ] {
        let value = format_value(claim.kind, m);
        let _ = writeln!(
            html,
            "<div class=\"claim-bar\"><span class=\"claim-label\">{label}</span>\
             <span class=\"claim-track\"><span class=\"claim-fill\" style=\"width: {width:.1}%\"></span></span>\
             <span class=\"claim-value\">{value}</span></div>",
            label = inline_markdown(label),
            width = (m.point / scale * 100.0).clamp(0.5, 100.0),
        );
    }
    html.push_str("</div>\n");
    push_small_print(
        &mut html,
        claim,
        result,
        &format!(
            "Check it on your machine: <code>cargo xtask claims --id {}</code>",
            claim.id
        ),
    );
    html
}

/// A count or a reading as the box shows it: whole numbers as they are,
/// large ones (bytes per thread, say) to the unit, small ones to three
/// decimals (a model's CPU-seconds).
fn format_count(value: f64) -> String {
    if (value.fract() == 0.0 || value.abs() >= 100.0) && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        format!("{value:.3}")
    }
}

/// One side of a claim as the book prints it: a time with its interval, a
/// count, or a reading with its range.
fn format_value(kind: ClaimKind, m: &Measurement) -> String {
    match kind {
        ClaimKind::Timing => format!(
            "{} per iteration ({} – {})",
            format_ns(m.point),
            format_ns(m.lower),
            format_ns(m.upper)
        ),
        ClaimKind::Count => format_count(m.point),
        ClaimKind::Reading if m.lower == m.upper => format_count(m.point),
        ClaimKind::Reading => format!(
            "{} (readings from {} to {})",
            format_count(m.point),
            format_count(m.lower),
            format_count(m.upper)
        ),
    }
}

/// How a claim of this kind is judged, for the box's small print.
fn method(kind: ClaimKind) -> &'static str {
    match kind {
        ClaimKind::Timing => {
            "Ratio: the slow variant's lower confidence bound over the fast variant's upper bound (95% intervals from criterion)."
        }
        ClaimKind::Count => "Counted, not timed: the ratio of the two numbers is exact.",
        ClaimKind::Reading => {
            "Read from the operating system, not timed: a bar shows the median of several readings and the text their range; the ratio divides the slow side's smallest reading by the fast side's largest."
        }
    }
}

/// Several claims made together (one per setting of an experiment), as one
/// table: a row per claim with its statement (which says what is claimed),
/// both sides, the ratio and whether it holds; the small print once, from
/// the first claim.
pub fn render_table(rows: &[(&Claim, &ClaimResult)]) -> String {
    let Some(&(first, first_result)) = rows.first() else {
        return String::new();
    };
    let mut html = format!(
        "<div class=\"claim claim-table\" id=\"claim-{id}\">\n<table>\n\
         <thead><tr><th>claim</th><th>measured</th><th>ratio</th><th></th></tr></thead>\n<tbody>\n",
        id = first.id
    );
    for &(claim, result) in rows {
        let holds = claim.holds(&result.fast, &result.slow);
        let _ = writeln!(
            html,
            "<tr id=\"claim-{id}\"><td>{statement}</td><td>{fast_label}: {fast}<br>{slow_label}: {slow}</td>\
             <td>{ratio}</td><td>{verdict}</td></tr>",
            id = claim.id,
            statement = inline_markdown(&claim.statement()),
            fast_label = inline_markdown(claim.label_fast()),
            fast = format_value(claim.kind, &result.fast),
            slow_label = inline_markdown(claim.label_slow()),
            slow = format_value(claim.kind, &result.slow),
            ratio = claim.measured(&result.fast, &result.slow),
            verdict = if holds { "holds" } else { "does not hold" },
        );
    }
    html.push_str("</tbody>\n</table>\n");
    push_small_print(
        &mut html,
        first,
        first_result,
        &format!(
            "Check them on your machine: <code>cargo xtask claims --chapter {}</code>",
            first.chapter
        ),
    );
    html
}

/// The end of a box or table: what the ratio depends on, how it is judged,
/// where it was measured, and the command that checks it (`check`, HTML).
fn push_small_print(html: &mut String, claim: &Claim, result: &ClaimResult, check: &str) {
    if let Some(depends_on) = &claim.depends_on {
        let _ = writeln!(
            html,
            "<p class=\"claim-depends\">On your machine: {}</p>",
            inline_markdown(depends_on)
        );
    }
    let _ = write!(
        html,
        "<p class=\"claim-provenance\">{method} {provenance}.</p>\n\
         <p class=\"claim-command\">{check}</p>\n\
         </div>\n",
        method = method(claim.kind),
        provenance = escape(&result.provenance.line()),
    );
}

/// HTML-escapes `text` and turns `code` spans into `<code>` (the claim box is
/// an HTML block, where Markdown is not rendered).
pub fn inline_markdown(text: &str) -> String {
    let mut out = String::new();
    for (n, part) in escape(text).split('`').enumerate() {
        if n % 2 == 1 {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

/// HTML-escapes `text` for an element's content or a quoted attribute.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Expands `{{#claim ID}}` (the box), `{{#claim-table ID ID ...}}` (several
/// claims in one table) and `{{#ratio ID}}` (the measured ratio, inline) in
/// a chapter. `Err` carries the directive and the problem.
pub fn expand(
    content: &str,
    registry: &Registry,
    results: &Results,
) -> Result<String, DirectiveError> {
    let mut content = content.to_owned();
    for name in DIRECTIVES {
        let found = crate::directive::find(&content, name).map_err(DirectiveError::unlocated)?;
        content = crate::directive::replace_all(&content, &found, |d| {
            let at = |error: &dyn fmt::Display| DirectiveError::at(&content, d, error);
            let rows = d
                .arguments
                .split_whitespace()
                .map(|id| lookup(id, registry, results))
                .collect::<anyhow::Result<Vec<_>>>()
                .map_err(|e| at(&e))?;
            match (name, rows.as_slice()) {
                ("claim-table", [_, ..]) => Ok(render_table(&rows)),
                ("claim", [(claim, result)]) => Ok(render_box(claim, result)),
                ("ratio", [(_, result)]) => Ok(format_ratio(result.ratio)),
                _ => Err(at(&format_args!(
                    "`{{{{#{name}}}}}` takes {}",
                    directive_arguments(name)
                ))),
            }
        })?;
    }
    Ok(content)
}

/// What the book does not show: each claim must be in a box or a table (an
/// inline ratio alone does not show it), each figure's file must appear in
/// a chapter. `chapters` are `(path, text as written)`.
pub fn unshown(registry: &Registry, chapters: &[(String, String)]) -> Vec<String> {
    let mut shown = std::collections::BTreeSet::new();
    for (_, text) in chapters {
        for name in DIRECTIVES.into_iter().filter(|name| *name != "ratio") {
            for d in crate::directive::find(text, name).unwrap_or_default() {
                shown.extend(d.arguments.split_whitespace());
            }
        }
    }
    let claims = registry
        .claims
        .iter()
        .filter(|claim| !shown.contains(claim.id.as_str()))
        .map(|claim| {
            format!(
                "{REGISTRY_FILE}: claim {id}: no chapter shows it; put `{{{{#claim {id}}}}}` where the book makes it",
                id = claim.id
            )
        });
    let figures = registry.figures.iter().filter_map(|figure| {
        let name = figure.file.trim_start_matches("src/");
        (!chapters.iter().any(|(_, text)| text.contains(name))).then(|| {
            format!(
                "{REGISTRY_FILE}: figure {}: no chapter shows {name}",
                figure.id
            )
        })
    });
    claims.chain(figures).collect()
}

/// The directives this module expands; each names claims by id.
pub const DIRECTIVES: [&str; 3] = ["claim", "claim-table", "ratio"];

/// What a directive's arguments must be, for its error message.
fn directive_arguments(name: &str) -> &'static str {
    if name == "claim-table" {
        "one or more claim ids, separated by spaces"
    } else {
        "exactly one claim id"
    }
}

fn lookup<'a>(
    id: &str,
    registry: &'a Registry,
    results: &'a Results,
) -> anyhow::Result<(&'a Claim, &'a ClaimResult)> {
    let claim = registry.get(id).ok_or_else(|| {
        anyhow!("no claim \"{id}\" in {REGISTRY_FILE}; register it there or fix the id")
    })?;
    let result = results.claims.get(id).ok_or_else(|| {
        anyhow!("claim \"{id}\" has no recorded result in {RESULTS_FILE}; run `cargo xtask bench --id {id}`")
    })?;
    Ok((claim, result))
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGISTRY: &str = r#"
[[claim]]
id = "caches.row-vs-column"
chapter = 5
statement = "Row by row is at least {threshold} faster than `column` by column."
fast = "caches/row-major"
slow = "caches/column-major"
threshold = 4.0
depends_on = "the size of your `L3`"
"#;

    fn measurement(id: &str, point: f64) -> Measurement {
        Measurement {
            id: id.into(),
            point,
            lower: point * 0.9,
            upper: point * 1.1,
        }
    }

    fn result() -> ClaimResult {
        let fast = measurement("caches/row-major", 1e6);
        let slow = measurement("caches/column-major", 1e7);
        ClaimResult {
            ratio: conservative_ratio(&fast, &slow),
            fast,
            slow,
            code_hash: "abc".into(),
            provenance: Provenance::example(),
        }
    }

    #[test]
    fn parses_and_states_a_claim() {
        let registry = Registry::parse(REGISTRY).unwrap();
        let claim = registry.get("caches.row-vs-column").unwrap();
        assert_eq!(claim.kind, ClaimKind::Timing);
        assert_eq!(
            claim.statement(),
            "Row by row is at least 4× faster than `column` by column."
        );
    }

    #[test]
    fn rejects_bad_registries_with_the_line() {
        let twice = format!("{REGISTRY}{REGISTRY}");
        assert!(
            Registry::parse(&twice)
                .unwrap_err()
                .to_string()
                .contains("registered twice")
        );
        let typo = REGISTRY.replace("threshold =", "limit =");
        let error = Registry::parse(&typo).unwrap_err().to_string();
        assert!(error.starts_with("benches/claims.toml:8:"), "{error}");
        let bad_id = REGISTRY.replace("caches.row-vs-column", "Row vs column");
        assert!(
            Registry::parse(&bad_id)
                .unwrap_err()
                .to_string()
                .contains("chapter.name")
        );
    }

    #[test]
    fn judges_conservatively() {
        let r = result();
        // 0.9e7 / 1.1e6, not the 10× the point estimates suggest.
        assert!((r.ratio - 8.1818).abs() < 1e-3, "{}", r.ratio);
        let claim = Registry::parse(REGISTRY).unwrap().claims.remove(0);
        assert!(claim.holds(&r.fast, &r.slow));
        let close = measurement("caches/column-major", 4.0e6);
        assert!(
            !claim.holds(&r.fast, &close),
            "4e6 ± 10% over 1e6 ± 10% may be under 4×"
        );
    }

    #[test]
    fn an_upper_bound_is_judged_on_the_largest_ratio() {
        let mut claim = Registry::parse(REGISTRY).unwrap().claims.remove(0);
        claim.threshold = 0.5;
        claim.at_most = Some(2.0);
        let fast = measurement("a", 1.0);
        // Point ratio 1.7, but the intervals allow 1.9 × 1.1 / 0.9 > 2.
        let slow = measurement("b", 1.9);
        assert!(!claim.holds(&fast, &slow));
        assert!(claim.holds(&fast, &measurement("b", 1.5)));
        assert_eq!(
            claim.measured(&fast, &measurement("b", 1.5)),
            "1.23× to 1.83×"
        );
    }

    #[test]
    fn states_bounds_exactly() {
        assert_eq!(format_bound(4.0), "4×");
        assert_eq!(format_bound(1.95), "1.95×");
        assert_eq!(format_bound(0.5), "0.5×");
        let mut claim = Registry::parse(REGISTRY).unwrap().claims.remove(0);
        claim.statement = "between {threshold} and {at_most}".into();
        claim.threshold = 1.95;
        claim.at_most = Some(2.05);
        assert_eq!(claim.statement(), "between 1.95× and 2.05×");
        assert_eq!(claim.condition(), "between 1.95× and 2.05×");
    }

    #[test]
    fn formats_counts_and_readings() {
        assert_eq!(format_count(1000.0), "1000");
        assert_eq!(format_count(7536.64), "7537");
        assert_eq!(format_count(2.49), "2.490");
    }

    #[test]
    fn a_measured_claim_says_what_it_depends_on() {
        let silent = REGISTRY.replace("depends_on = \"the size of your `L3`\"\n", "");
        let error = Registry::parse(&silent).unwrap_err().to_string();
        assert!(error.contains("must say in `depends_on`"), "{error}");
        let count = silent.replace("threshold = 4.0", "kind = \"count\"\nthreshold = 4.0");
        assert!(Registry::parse(&count).is_ok(), "a count needs no caveat");
    }

    #[test]
    fn formats_ratios_and_times() {
        assert_eq!(format_ratio(4.0), "4×");
        assert_eq!(format_ratio(2.345), "2.3×");
        assert_eq!(format_ratio(11.6), "12×");
        assert_eq!(format_ratio(0.944), "0.94×");
        assert_eq!(format_ratio(1.5), "1.5×");
        assert_eq!(format_ratio(1.0), "1×");
        assert_eq!(format_ns(320_404.5), "320 µs");
        assert_eq!(format_ns(1.7418e6), "1.74 ms");
        assert_eq!(format_ns(3.2), "3.20 ns");
        assert_eq!(format_bytes(48 << 10), "48 KiB");
        assert_eq!(format_bytes(3 << 29), "1.5 GiB");
        assert_eq!(format_bytes(512), "512 B");
    }

    #[test]
    fn renders_the_box() {
        let claim = Registry::parse(REGISTRY).unwrap().claims.remove(0);
        let html = render_box(&claim, &result());
        assert!(html.contains("<code>column</code>"), "{html}");
        assert!(
            html.contains("<strong>8.2×</strong> measured (≥ 4× claimed): holds."),
            "{html}"
        );
        assert!(
            html.contains("1.00 ms per iteration (900 µs – 1.10 ms)"),
            "{html}"
        );
        assert!(html.contains("Test CPU, 2 cores (L1d 32 KiB)"), "{html}");
        assert!(
            html.contains("On your machine: the size of your <code>L3</code>"),
            "{html}"
        );
        assert!(
            html.contains("cargo xtask claims --id caches.row-vs-column"),
            "{html}"
        );
    }

    #[test]
    fn expands_boxes_and_inline_ratios() {
        let registry = Registry::parse(REGISTRY).unwrap();
        let mut results = Results::default();
        results
            .claims
            .insert("caches.row-vs-column".into(), result());
        let text =
            "It is {{#ratio caches.row-vs-column}} faster.\n\n{{#claim caches.row-vs-column}}\n";
        let out = expand(text, &registry, &results).unwrap();
        assert!(
            out.starts_with("It is 8.2× faster.\n\n<div class=\"claim\""),
            "{out}"
        );
        let error = expand("{{#ratio caches.nope}}", &registry, &results).unwrap_err();
        assert_eq!(error.directive, "{{#ratio caches.nope}}");
        assert!(
            error.message.contains("no claim \"caches.nope\""),
            "{error}"
        );
        let error = expand(
            "{{#claim caches.row-vs-column}}",
            &registry,
            &Results::default(),
        )
        .unwrap_err();
        assert!(
            error
                .message
                .contains("cargo xtask bench --id caches.row-vs-column"),
            "{error}"
        );
    }

    #[test]
    fn a_claim_named_only_by_a_ratio_or_nowhere_is_unshown() {
        let registry = Registry::parse(REGISTRY).unwrap();
        let chapter = |text: &str| vec![("src/ch05.md".to_owned(), text.to_owned())];
        assert!(unshown(&registry, &chapter("{{#claim caches.row-vs-column}}")).is_empty());
        assert!(unshown(&registry, &chapter("{{#claim-table caches.row-vs-column}}")).is_empty());
        for text in ["{{#ratio caches.row-vs-column}}", "nothing"] {
            let problems = unshown(&registry, &chapter(text));
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert!(
                problems[0].contains("claim caches.row-vs-column: no chapter shows it"),
                "{problems:?}"
            );
        }
    }

    #[test]
    fn expands_several_claims_into_one_table() {
        let registry = Registry::parse(REGISTRY).unwrap();
        let mut results = Results::default();
        results
            .claims
            .insert("caches.row-vs-column".into(), result());
        let text = "{{#claim-table caches.row-vs-column caches.row-vs-column}}";
        let out = expand(text, &registry, &results).unwrap();
        assert!(out.starts_with("<div class=\"claim claim-table\""), "{out}");
        assert_eq!(
            out.matches("<tr id=\"claim-caches.row-vs-column\">")
                .count(),
            2,
            "{out}"
        );
        assert!(out.contains("<td>8.2×</td><td>holds</td>"), "{out}");
        assert!(out.contains("cargo xtask claims --chapter 5"), "{out}");
        // A box or a ratio names exactly one claim; a table at least one.
        for wrong in [
            "{{#claim caches.row-vs-column caches.row-vs-column}}",
            "{{#ratio caches.row-vs-column caches.row-vs-column}}",
            "{{#claim-table}}",
        ] {
            let error = expand(wrong, &registry, &results).unwrap_err();
            assert_eq!(error.directive, wrong);
            assert!(error.message.contains("takes"), "{error}");
        }
    }

    #[test]
    fn a_reach_must_come_from_a_curve_of_pages() {
        let figures = |tlb_unit: &str| {
            format!(
                r#"
[[figure]]
id = "caches.ladder"
chapter = 5
benchmarks = "caches/latency/"
reach = {{ figure = "caches.tlb", page_bytes = 4096, label = "TLB reach" }}
file = "src/figures/ladder.svg"
title = "t"
x_label = "x"
y_label = "y"

[[figure]]
id = "caches.tlb"
chapter = 5
benchmarks = "caches/tlb/"
x_unit = "{tlb_unit}"
file = "src/figures/tlb.svg"
title = "t"
x_label = "x"
y_label = "y"
"#
            )
        };
        assert!(Registry::parse(&figures("pages")).is_ok());
        let error = Registry::parse(&figures("bytes")).unwrap_err().to_string();
        assert!(
            error.contains("must be a family figure counting pages"),
            "{error}"
        );
    }

    const BARS: &str = r#"
[[figure]]
id = "data-oriented-design.three-levers"
chapter = 6
kind = "bars"
bars = ["dod/levers/1-nested", "dod/levers/2-hash"]
labels = ["1. nested loops", "2. hash index"]
file = "src/figures/ch06-three-levers.svg"
title = "t"
x_label = "time per run"
y_label = "step"
"#;

    /// The error `Registry::parse` gives for `text`.
    fn parse_error(text: &str) -> String {
        Registry::parse(text).unwrap_err().to_string()
    }

    #[test]
    fn parses_a_bar_chart() {
        let registry = Registry::parse(BARS).unwrap();
        let figure = registry
            .figure("data-oriented-design.three-levers")
            .unwrap();
        assert_eq!(figure.kind, FigureKind::Bars);
        assert_eq!(figure.bars, ["dod/levers/1-nested", "dod/levers/2-hash"]);
        assert_eq!(figure.labels, ["1. nested loops", "2. hash index"]);
        assert_eq!(figure.prefix(), "", "bars have no family prefix");
    }

    #[test]
    fn a_bar_chart_labels_each_bar_and_draws_nothing_else() {
        let one_label = BARS.replace(", \"2. hash index\"", "");
        let error = parse_error(&one_label);
        assert!(
            error.starts_with("benches/claims.toml:3:")
                && error.contains(
                    "has 2 bar(s) and 1 label(s): write one label in `labels` for each id in `bars`"
                ),
            "{error}"
        );
        let no_bars = BARS
            .replace(
                "bars = [\"dod/levers/1-nested\", \"dod/levers/2-hash\"]",
                "bars = []",
            )
            .replace(
                "labels = [\"1. nested loops\", \"2. hash index\"]",
                "labels = []",
            );
        assert!(parse_error(&no_bars).contains("names no bars: write `bars = ["));
        let twice = BARS.replace("dod/levers/2-hash", "dod/levers/1-nested");
        assert!(parse_error(&twice).contains("names benchmark \"dod/levers/1-nested\" twice"));
        for other in [
            "benchmarks = \"dod/levers/\"",
            "compare = [\"dod/other/\"]",
            "series = [\"dod/model\"]",
        ] {
            let mixed = BARS.replace("kind = \"bars\"", &format!("kind = \"bars\"\n{other}"));
            let error = parse_error(&mixed);
            assert!(
                error.contains("remove `benchmarks`, `compare` and `series`"),
                "{other}: {error}"
            );
        }
    }

    #[test]
    fn only_a_bar_chart_names_bars() {
        let family = BARS.replace("kind = \"bars\"", "benchmarks = \"dod/levers/\"");
        assert!(parse_error(&family).contains("add `kind = \"bars\"`"));
        let forgotten = BARS.replace("kind = \"bars\"\n", "");
        assert!(parse_error(&forgotten).contains("add `kind = \"bars\"`"));
        let lines = BARS.replace(
            "kind = \"bars\"",
            "kind = \"lines\"\nseries = [\"a\", \"b\"]",
        );
        assert!(parse_error(&lines).contains("only a bar chart draws"));
    }

    #[test]
    fn results_round_trip() {
        let mut results = Results::default();
        results
            .claims
            .insert("caches.row-vs-column".into(), result());
        let text = serde_json::to_string(&results).unwrap();
        assert_eq!(serde_json::from_str::<Results>(&text).unwrap(), results);
    }
}
