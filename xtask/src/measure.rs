//! Running the criterion benchmarks and reading what they measured: timings
//! from criterion's `estimates.json` and `benchmark.json`, counts
//! (`benches::record_metric`) and readings (`benches::record_readings`).
//!
//! criterion's files are read into structs that name exactly the fields we
//! use, so a change in its format fails with the file's name instead of
//! quietly changing a number.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::{Context, Result, bail};
use book_model::claims::Measurement;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use walkdir::WalkDir;

use crate::cmd;

const CRITERION_DIR: &str = "target/criterion";
/// Where `benches::record_metric` and `benches::record_readings` write.
const METRICS_DIR: &str = "target/book-metrics";
/// Where `benches::record_series` writes the curves a model computes.
const CURVES_DIR: &str = "target/book-metrics/series";
/// What a criterion file that does not parse tells the reader.
const CRITERION_FORMAT: &str = "in the format of criterion 0.8; criterion's format changed, \
     so update the structs that read it in xtask/src/measure.rs";

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
        let chapter = book_model::listings::chapter_of(&name)
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
/// (criterion's `Throughput::Elements` or `Throughput::Bytes`). Both are
/// `None` only when criterion recorded that it declared none.
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

/// Criterion estimates, metrics, readings and curves written since `started`.
fn read_since(started: SystemTime) -> Result<Measured> {
    let mut measured = Measured {
        timings: timings_since(started)?,
        ..Measured::default()
    };
    for path in json_files_since(&crate::root().join(METRICS_DIR), started)? {
        match read_metric(&path)? {
            Metric::Value(id, value) => {
                measured.metrics.insert(id, value);
            }
            Metric::Readings(id, readings) => {
                measured.readings.insert(id, readings);
            }
        }
    }
    for path in json_files_since(&crate::root().join(CURVES_DIR), started)? {
        let (id, points) = read_curve(&path)?;
        measured.curves.insert(id, points);
    }
    Ok(measured)
}

/// The timing of every benchmark criterion wrote since `started`.
fn timings_since(started: SystemTime) -> Result<BTreeMap<String, Timing>> {
    let mut timings = BTreeMap::new();
    for entry in WalkDir::new(crate::root().join(CRITERION_DIR))
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if is_latest_benchmark_file(path) && is_newer(path, started) {
            let (id, timing) = read_timing(path.parent().expect("has a parent"))?;
            timings.insert(id, timing);
        }
    }
    Ok(timings)
}

/// Whether `path` is a `new/benchmark.json`, where criterion keeps a
/// benchmark's latest run.
fn is_latest_benchmark_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "benchmark.json")
        && path
            .parent()
            .and_then(|p| p.file_name())
            .is_some_and(|n| n == "new")
}

/// What one metric file holds: a count, or several readings.
enum Metric {
    Value(String, f64),
    Readings(String, Vec<f64>),
}

/// The metric `benches::record_metric` or `benches::record_readings` wrote
/// to `path`.
fn read_metric(path: &Path) -> Result<Metric> {
    let metric: Value = read_json(path, "JSON")?;
    let id = metric["id"].as_str().map(str::to_owned);
    let readings: Option<Vec<f64>> = metric["readings"]
        .as_array()
        .and_then(|values| values.iter().map(Value::as_f64).collect());
    match (id, metric["value"].as_f64(), readings) {
        (Some(id), Some(value), None) => Ok(Metric::Value(id, value)),
        (Some(id), None, Some(readings)) if !readings.is_empty() => {
            Ok(Metric::Readings(id, readings))
        }
        _ => bail!(
            "{}: a metric is {{\"id\": ..., \"value\": ...}} or {{\"id\": ..., \"readings\": [...]}}",
            path.display()
        ),
    }
}

/// The id and `(x, y)` points of the curve `benches::record_series` wrote
/// to `path`.
fn read_curve(path: &Path) -> Result<(String, Vec<(f64, f64)>)> {
    let curve: Value = read_json(path, "JSON")?;
    let id = curve["id"].as_str();
    let points: Option<Vec<(f64, f64)>> = curve["points"].as_array().and_then(|points| {
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
    Ok((id.to_owned(), points))
}

/// The fields we read of criterion's `new/benchmark.json`.
#[derive(Debug, Deserialize)]
struct CriterionBenchmark {
    full_id: String,
    /// `null` when the benchmark declared no throughput, and then its time
    /// is per iteration. The key itself is required (a plain `Option` would
    /// accept its absence): were it renamed, a time per element must not
    /// quietly become a time per iteration.
    #[serde(deserialize_with = "Option::deserialize")]
    throughput: Option<Throughput>,
}

/// criterion's `Throughput`: what one iteration processes.
#[derive(Debug, Deserialize)]
enum Throughput {
    Bits(u64),
    Bytes(u64),
    BytesDecimal(u64),
    Elements(u64),
    ElementsAndBytes { elements: u64, bytes: u64 },
}

impl Throughput {
    /// The elements and the bytes one iteration processes. Bits count as
    /// bytes (8 to a byte), and `BytesDecimal` as `Bytes`: they differ only
    /// in the unit criterion prints.
    fn per_iteration(&self) -> (Option<f64>, Option<f64>) {
        match *self {
            Throughput::Elements(n) => (Some(n as f64), None),
            Throughput::Bytes(n) | Throughput::BytesDecimal(n) => (None, Some(n as f64)),
            Throughput::Bits(n) => (None, Some(n as f64 / 8.0)),
            Throughput::ElementsAndBytes { elements, bytes } => {
                (Some(elements as f64), Some(bytes as f64))
            }
        }
    }
}

/// The fields we read of criterion's `new/estimates.json`.
#[derive(Debug, Deserialize)]
struct CriterionEstimates {
    mean: Estimate,
    /// `null` where criterion fitted no line (flat sampling); required, as
    /// for `throughput`.
    #[serde(deserialize_with = "Option::deserialize")]
    slope: Option<Estimate>,
}

#[derive(Debug, Deserialize)]
struct Estimate {
    point_estimate: f64,
    confidence_interval: ConfidenceInterval,
}

#[derive(Debug, Deserialize)]
struct ConfidenceInterval {
    lower_bound: f64,
    upper_bound: f64,
}

/// The id and timing criterion wrote in `dir`, a benchmark's `new/` folder.
fn read_timing(dir: &Path) -> Result<(String, Timing)> {
    let benchmark: CriterionBenchmark = read_json(&dir.join("benchmark.json"), CRITERION_FORMAT)?;
    let estimates: CriterionEstimates = read_json(&dir.join("estimates.json"), CRITERION_FORMAT)?;
    let (elements, bytes) = benchmark
        .throughput
        .as_ref()
        .map_or((None, None), Throughput::per_iteration);
    let timing = Timing {
        measurement: estimate(&benchmark.full_id, &estimates),
        elements,
        bytes,
    };
    Ok((benchmark.full_id, timing))
}

/// Criterion's estimate of time per iteration: the regression slope where
/// criterion fitted one (linear sampling), else the mean (flat sampling).
fn estimate(id: &str, estimates: &CriterionEstimates) -> Measurement {
    let statistic = estimates.slope.as_ref().unwrap_or(&estimates.mean);
    Measurement {
        id: id.to_owned(),
        point: statistic.point_estimate,
        lower: statistic.confidence_interval.lower_bound,
        upper: statistic.confidence_interval.upper_bound,
    }
}

/// The `.json` files directly in `dir` written since `started`.
fn json_files_since(dir: &Path, started: SystemTime) -> Result<Vec<PathBuf>> {
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

fn is_newer(path: &Path, than: SystemTime) -> bool {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .is_ok_and(|t| t >= than)
}

/// `path` read as a `T`; an error says the file is not `expected`.
fn read_json<T: DeserializeOwned>(path: &Path, expected: &str) -> Result<T> {
    let text =
        fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{}: not {expected}", path.display()))
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

    /// Real files criterion 0.8 wrote: a benchmark that declared
    /// `Throughput::Elements` and was sampled flat (no slope)...
    const ELEMENTS_BENCHMARK: &str = r#"{"group_id":"cpu-caches/prefetch","function_id":"hash","value_str":null,"throughput":{"Elements":1048576},"full_id":"cpu-caches/prefetch/hash","directory_name":"cpu-caches_prefetch/hash","title":"cpu-caches/prefetch/hash"}"#;
    const FLAT_ESTIMATES: &str = r#"{"mean":{"confidence_interval":{"confidence_level":0.95,"lower_bound":74342632.40375,"upper_bound":87161465.86375},"point_estimate":79636476.5,"standard_error":3374036.9836752582},"median":{"confidence_interval":{"confidence_level":0.95,"lower_bound":71516291.0,"upper_bound":80665990.0},"point_estimate":78226264.75,"standard_error":2378511.802097785},"median_abs_dev":{"confidence_interval":{"confidence_level":0.95,"lower_bound":570872.1546649933,"upper_bound":12090074.60910827},"point_estimate":3766144.931137562,"standard_error":2858390.692397722},"slope":null,"std_dev":{"confidence_interval":{"confidence_level":0.95,"lower_bound":3051447.535637962,"upper_bound":16787737.903119285},"point_estimate":11230523.002841866,"standard_error":4389439.415310511}}"#;
    /// ... and one that declared none and was sampled linearly.
    const PLAIN_BENCHMARK: &str = r#"{"group_id":"cpu-caches/stride","function_id":"page","value_str":null,"throughput":null,"full_id":"cpu-caches/stride/page","directory_name":"cpu-caches_stride/page","title":"cpu-caches/stride/page"}"#;
    const LINEAR_ESTIMATES: &str = r#"{"mean":{"confidence_interval":{"confidence_level":0.95,"lower_bound":201255.43633212373,"upper_bound":232256.32520200172},"point_estimate":214830.20218920853,"standard_error":7970.578643528831},"median":{"confidence_interval":{"confidence_level":0.95,"lower_bound":192250.36081932773,"upper_bound":219915.92698412697},"point_estimate":202564.76456207485,"standard_error":8002.463620002022},"median_abs_dev":{"confidence_interval":{"confidence_level":0.95,"lower_bound":26380.106272416193,"upper_bound":46567.92549056175},"point_estimate":40626.187075594135,"standard_error":5286.17183899384},"slope":{"confidence_interval":{"confidence_level":0.95,"lower_bound":220438.41315317806,"upper_bound":262981.09846640495},"point_estimate":238249.9428538148,"standard_error":11054.764935101877},"std_dev":{"confidence_interval":{"confidence_level":0.95,"lower_bound":28490.770256061624,"upper_bound":84605.24580584194},"point_estimate":56769.544050451776,"standard_error":16677.291014921135}}"#;

    /// Reads a `new/` folder holding `benchmark` and `estimates`.
    fn read(benchmark: &str, estimates: &str) -> Result<(String, Timing)> {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("benchmark.json"), benchmark).unwrap();
        fs::write(dir.path().join("estimates.json"), estimates).unwrap();
        read_timing(dir.path())
    }

    /// serde_json parses floats to within an ulp, not always to the nearest.
    fn assert_interval(timing: &Timing, [lower, point, upper]: [f64; 3]) {
        let m = &timing.measurement;
        for (read, written) in [(m.lower, lower), (m.point, point), (m.upper, upper)] {
            assert!(
                (read - written).abs() <= 1e-12 * written,
                "{read} != {written}"
            );
        }
    }

    #[test]
    fn reads_the_mean_and_the_elements_of_a_flat_benchmark() {
        let (id, timing) = read(ELEMENTS_BENCHMARK, FLAT_ESTIMATES).unwrap();
        assert_eq!(id, "cpu-caches/prefetch/hash");
        assert_interval(&timing, [74342632.40375, 79636476.5, 87161465.86375]);
        assert_eq!((timing.elements, timing.bytes), (Some(1048576.0), None));
    }

    #[test]
    fn reads_the_slope_of_a_linear_benchmark_without_throughput() {
        let (id, timing) = read(PLAIN_BENCHMARK, LINEAR_ESTIMATES).unwrap();
        assert_eq!(id, "cpu-caches/stride/page");
        assert_interval(
            &timing,
            [220438.41315317806, 238249.9428538148, 262981.09846640495],
        );
        assert_eq!((timing.elements, timing.bytes), (None, None));
    }

    #[test]
    fn reads_every_kind_of_throughput() {
        let with = |throughput: &str| {
            let benchmark = format!(r#"{{"full_id":"x","throughput":{throughput}}}"#);
            let (_, timing) = read(&benchmark, FLAT_ESTIMATES).unwrap();
            (timing.elements, timing.bytes)
        };
        assert_eq!(with(r#"{"Bytes":64}"#), (None, Some(64.0)));
        assert_eq!(with(r#"{"BytesDecimal":64}"#), (None, Some(64.0)));
        assert_eq!(with(r#"{"Bits":512}"#), (None, Some(64.0)));
        assert_eq!(
            with(r#"{"ElementsAndBytes":{"elements":8,"bytes":64}}"#),
            (Some(8.0), Some(64.0))
        );
    }

    /// An error must name the file and say that criterion's format changed.
    fn assert_format_error(result: Result<(String, Timing)>, file: &str, detail: &str) {
        let error = format!("{:#}", result.unwrap_err());
        assert!(error.contains(file), "{error}");
        assert!(error.contains("criterion's format changed"), "{error}");
        assert!(error.contains(detail), "{error}");
    }

    #[test]
    fn a_missing_throughput_is_an_error_not_a_time_per_iteration() {
        let benchmark = ELEMENTS_BENCHMARK.replace(r#""throughput":{"Elements":1048576},"#, "");
        assert_format_error(
            read(&benchmark, FLAT_ESTIMATES),
            "benchmark.json",
            "missing field `throughput`",
        );
        let renamed = ELEMENTS_BENCHMARK.replace("Elements", "Items");
        assert_format_error(
            read(&renamed, FLAT_ESTIMATES),
            "benchmark.json",
            "unknown variant `Items`",
        );
    }

    #[test]
    fn malformed_estimates_are_an_error() {
        let no_slope = LINEAR_ESTIMATES.replace(r#""slope""#, r#""regression""#);
        assert_format_error(
            read(PLAIN_BENCHMARK, &no_slope),
            "estimates.json",
            "missing field `slope`",
        );
        let no_bound = FLAT_ESTIMATES.replacen("lower_bound", "low", 1);
        assert_format_error(
            read(PLAIN_BENCHMARK, &no_bound),
            "estimates.json",
            "missing field `lower_bound`",
        );
    }
}
