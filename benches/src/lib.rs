//! What every benchmark target shares: one criterion configuration, sized so
//! that the whole book's benchmarks run in minutes on a 2-core machine, and
//! the recording of what is not timed: counts (what a deterministic model
//! computes, how often the allocator was called) and readings (numbers the
//! OS reports, such as bytes resident, read several times).

pub mod cpu_caches;
pub mod memory_without_gc;

use std::path::PathBuf;
use std::time::Duration;

use criterion::Criterion;

/// Short warm-up and measurement, enough samples for a tight confidence
/// interval on kernels that take micro- to milliseconds.
pub fn criterion() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
}

/// Where metrics go: `target/book-metrics/` in the workspace, one JSON file
/// each, read by `cargo xtask bench` and `cargo xtask claims`.
pub fn metrics_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/book-metrics")
}

/// Records a counted `value` (a model's result, a byte count) under `id`
/// (e.g. `cpu-caches/lines-touched/aos`). Call it from a bench target's
/// group function, so that test mode (`cargo bench -- --test`) records it too.
pub fn record_metric(id: &str, value: f64) {
    assert!(
        value.is_finite(),
        "metric {id} is not a finite number: {value}"
    );
    write_metric_file(id, &format!("{{\"id\": {id:?}, \"value\": {value:?}}}\n"));
}

fn write_metric_file(id: &str, json: &str) {
    let dir = metrics_dir();
    std::fs::create_dir_all(&dir).expect("cannot create target/book-metrics");
    let file = dir.join(format!("{}.json", id.replace('/', "__")));
    std::fs::write(&file, json).unwrap_or_else(|e| panic!("cannot write {}: {e}", file.display()));
}

/// Records several readings of a number the operating system reports (bytes
/// resident, say), which varies from one reading to the next, under `id`,
/// for a `kind = "reading"` claim: it is judged on their range.
pub fn record_readings(id: &str, readings: &[f64]) {
    assert!(
        !readings.is_empty() && readings.iter().all(|r| r.is_finite()),
        "readings {id} must be finite numbers, at least one"
    );
    let values: Vec<String> = readings.iter().map(|r| format!("{r:?}")).collect();
    write_metric_file(
        id,
        &format!(
            "{{\"id\": {id:?}, \"readings\": [{}]}}\n",
            values.join(", ")
        ),
    );
}

/// Records a curve a model computes, `(x, y)` points in the units of the
/// figure that plots it (e.g. seconds and MiB), under `id`
/// (e.g. `gc-pacing/heap/gogc-100`), for a `kind = "lines"` figure.
pub fn record_series(id: &str, points: &[(f64, f64)]) {
    assert!(
        points.iter().all(|(x, y)| x.is_finite() && y.is_finite()),
        "series {id} has a point that is not a finite number"
    );
    let dir = metrics_dir().join("series");
    std::fs::create_dir_all(&dir).expect("cannot create target/book-metrics/series");
    let file = dir.join(format!("{}.json", id.replace('/', "__")));
    let pairs: Vec<String> = points
        .iter()
        .map(|(x, y)| format!("[{x:?}, {y:?}]"))
        .collect();
    let json = format!("{{\"id\": {id:?}, \"points\": [{}]}}\n", pairs.join(", "));
    std::fs::write(&file, json).unwrap_or_else(|e| panic!("cannot write {}: {e}", file.display()));
}
