//! Running the criterion benchmarks and reading what they measured: timings
//! from criterion's `estimates.json`, counts (`benches::record_metric`) and
//! readings (`benches::record_readings`).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::PathBuf;
use std::time::SystemTime;

use anyhow::{Context, Result, bail};
use preprocessor::claims::Measurement;
use serde_json::Value;
use walkdir::WalkDir;

use crate::cmd;

const CRITERION_DIR: &str = "target/criterion";
const METRICS_DIR: &str = "target/book-metrics";

/// A bench target of a chapter: `benches/benches/chNN_slug.rs`. A chapter
/// has one, or several when its measurements must not share a process (one
/// that times with the system allocator, one that counts with its own).
#[derive(Debug, Clone)]
pub struct BenchTarget {
    pub chapter: u32,
    pub name: String,
    pub path: PathBuf,
}

pub fn targets() -> Result<Vec<BenchTarget>> {
    let dir = crate::root().join("benches/benches");
    let mut targets = Vec::new();
    for entry in fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        let Some(name) = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned) else {
            continue;
        };
        let chapter = name
            .strip_prefix("ch")
            .and_then(|rest| rest.get(..2))
            .and_then(|digits| digits.parse().ok())
            .with_context(|| format!("{}: a bench target is named chNN_slug.rs", path.display()))?;
        targets.push(BenchTarget {
            chapter,
            name,
            path,
        });
    }
    targets.sort_by(|a, b| (a.chapter, &a.name).cmp(&(b.chapter, &b.name)));
    Ok(targets)
}

/// Every bench target of `chapter`; at least one.
pub fn targets_for(chapter: u32) -> Result<Vec<BenchTarget>> {
    let found: Vec<BenchTarget> = targets()?
        .into_iter()
        .filter(|t| t.chapter == chapter)
        .collect();
    if found.is_empty() {
        bail!("chapter {chapter} has no bench target benches/benches/ch{chapter:02}_*.rs");
    }
    Ok(found)
}

/// One benchmark's estimate, and the throughput per iteration it declared
/// (criterion's `Throughput::Elements` or `Throughput::Bytes`), if any.
#[derive(Debug, Clone)]
pub struct Timing {
    pub measurement: Measurement,
    pub elements: Option<f64>,
    pub bytes: Option<f64>,
}

/// Everything one run measured.
#[derive(Debug, Default)]
pub struct Measured {
    pub timings: BTreeMap<String, Timing>,
    pub metrics: BTreeMap<String, f64>,
    /// Numbers read several times from the OS (`benches::record_readings`).
    pub readings: BTreeMap<String, Vec<f64>>,
    /// Curves a model computed, `(x, y)` points (`benches::record_series`).
    pub curves: BTreeMap<String, Vec<(f64, f64)>>,
}

impl Measured {
    fn extend(&mut self, other: Measured) {
        self.timings.extend(other.timings);
        self.metrics.extend(other.metrics);
        self.readings.extend(other.readings);
        self.curves.extend(other.curves);
    }
}

/// Runs `target`'s benchmarks (those whose id matches the regex `filter`,
/// if given) and returns what they measured in this run.
pub fn run(target: &BenchTarget, filter: Option<&str>) -> Result<Measured> {
    let started = SystemTime::now();
    let mut command = cmd::new("cargo");
    command.args([
        "bench",
        "--package",
        "benches",
        "--bench",
        &target.name,
        "--",
    ]);
    command.args(filter);
    command.env("CRITERION_HOME", crate::root().join(CRITERION_DIR));
    cmd::run(&mut command).with_context(|| format!("benchmarks of {} failed", target.name))?;
    read_since(started)
}

/// Runs every benchmark once in test mode (proves they run; times nothing)
/// and returns the benchmark ids seen, and the counts and curves recorded.
pub fn run_test_mode() -> Result<(BTreeSet<String>, Measured)> {
    let started = SystemTime::now();
    let transcript = cmd::run_and_capture(
        cmd::new("cargo")
            .args(["bench", "--package", "benches", "--", "--test"])
            .env("CRITERION_HOME", crate::root().join(CRITERION_DIR)),
    )?;
    if !transcript.success {
        bail!(
            "a benchmark failed in test mode ({}); see its output above",
            transcript.status
        );
    }
    let ids: BTreeSet<String> = transcript
        .lines
        .iter()
        .filter_map(|l| l.trim().strip_prefix("Testing ").map(str::to_owned))
        .collect();
    Ok((ids, read_since(started)?))
}

/// Criterion estimates and metrics written since `started`.
fn read_since(started: SystemTime) -> Result<Measured> {
    let root = crate::root();
    let mut measured = Measured::default();
    for entry in WalkDir::new(root.join(CRITERION_DIR))
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.file_name().is_some_and(|n| n == "benchmark.json")
            && path
                .parent()
                .and_then(|p| p.file_name())
                .is_some_and(|n| n == "new")
            && is_newer(path, started)
        {
            let dir = path.parent().expect("has a parent");
            let benchmark = read_json(path)?;
            let estimates = read_json(&dir.join("estimates.json"))?;
            let id = benchmark["full_id"]
                .as_str()
                .context("benchmark.json without full_id")?
                .to_owned();
            let elements = benchmark["throughput"]["Elements"].as_f64();
            let bytes = benchmark["throughput"]["Bytes"].as_f64();
            let measurement = estimate(&id, &estimates)
                .with_context(|| format!("{}: unexpected estimates", dir.display()))?;
            measured.timings.insert(
                id,
                Timing {
                    measurement,
                    elements,
                    bytes,
                },
            );
        }
    }
    let metrics_dir = root.join(METRICS_DIR);
    for path in json_files_since(&metrics_dir, started)? {
        let metric = read_json(&path)?;
        let id = metric["id"].as_str().map(str::to_owned);
        let readings: Option<Vec<f64>> = metric["readings"]
            .as_array()
            .and_then(|values| values.iter().map(Value::as_f64).collect());
        match (id, metric["value"].as_f64(), readings) {
            (Some(id), Some(value), None) => {
                measured.metrics.insert(id, value);
            }
            (Some(id), None, Some(readings)) if !readings.is_empty() => {
                measured.readings.insert(id, readings);
            }
            _ => bail!(
                "{}: a metric is {{\"id\": ..., \"value\": ...}} or {{\"id\": ..., \"readings\": [...]}}",
                path.display()
            ),
        }
    }
    for path in json_files_since(&metrics_dir.join("series"), started)? {
        let series = read_json(&path)?;
        let id = series["id"].as_str();
        let points: Option<Vec<(f64, f64)>> = series["points"].as_array().and_then(|points| {
            points
                .iter()
                .map(|p| Some((p[0].as_f64()?, p[1].as_f64()?)))
                .collect()
        });
        let (Some(id), Some(points)) = (id, points) else {
            bail!(
                "{}: a series is {{\"id\": ..., \"points\": [[x, y], ...]}}",
                path.display()
            );
        };
        measured.curves.insert(id.to_owned(), points);
    }
    Ok(measured)
}

/// Criterion's estimate of time per iteration: the regression slope where
/// criterion fitted one (linear sampling), else the mean (flat sampling).
fn estimate(id: &str, estimates: &Value) -> Option<Measurement> {
    let statistic = if estimates["slope"].is_object() {
        &estimates["slope"]
    } else {
        &estimates["mean"]
    };
    Some(Measurement {
        id: id.to_owned(),
        point: statistic["point_estimate"].as_f64()?,
        lower: statistic["confidence_interval"]["lower_bound"].as_f64()?,
        upper: statistic["confidence_interval"]["upper_bound"].as_f64()?,
    })
}

/// The `.json` files directly in `dir` written since `started`.
fn json_files_since(dir: &std::path::Path, started: SystemTime) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") && is_newer(&path, started) {
            files.push(path);
        }
    }
    Ok(files)
}

fn is_newer(path: &std::path::Path, than: SystemTime) -> bool {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .is_ok_and(|t| t >= than)
}

fn read_json(path: &std::path::Path) -> Result<Value> {
    let text =
        fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{}: not JSON", path.display()))
}

/// Runs the bench targets of `chapters`, each limited to `filter` if given.
pub fn run_chapters(chapters: &BTreeSet<u32>, filter: Option<&str>) -> Result<Measured> {
    let mut measured = Measured::default();
    let mut targets = Vec::new();
    for chapter in chapters {
        targets.extend(targets_for(*chapter)?);
    }
    for (n, target) in targets.iter().enumerate() {
        eprintln!(
            "\n==> bench target {}/{}: {}",
            n + 1,
            targets.len(),
            target.name
        );
        measured.extend(run(target, filter)?);
    }
    Ok(measured)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefers_the_slope_and_falls_back_to_the_mean() {
        let interval = |p: f64| serde_json::json!({"point_estimate": p, "confidence_interval": {"lower_bound": p - 1.0, "upper_bound": p + 1.0}});
        let both = serde_json::json!({"mean": interval(10.0), "slope": interval(20.0)});
        assert_eq!(estimate("x", &both).unwrap().point, 20.0);
        let flat = serde_json::json!({"mean": interval(10.0), "slope": null});
        let m = estimate("x", &flat).unwrap();
        assert_eq!((m.lower, m.point, m.upper), (9.0, 10.0, 11.0));
    }
}
