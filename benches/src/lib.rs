//! What every benchmark target shares: one criterion configuration, sized so
//! that the whole book's benchmarks run in minutes on a 2-core machine, and
//! the recording of what is not timed: counts (what a deterministic model
//! computes, how often the allocator was called) and readings (numbers the
//! OS reports, such as bytes resident, read several times).

pub mod cpu_caches;
pub mod memory_without_gc;

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::Criterion;
use serde_json::json;

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
    write_json(&metrics_dir(), id, &json!({ "id": id, "value": value }));
}

/// Records several readings of a number the operating system reports (bytes
/// resident, say), which varies from one reading to the next, under `id`,
/// for a `kind = "reading"` claim: it is judged on their range.
pub fn record_readings(id: &str, readings: &[f64]) {
    assert!(
        !readings.is_empty() && readings.iter().all(|r| r.is_finite()),
        "readings {id} must be finite numbers, at least one"
    );
    write_json(
        &metrics_dir(),
        id,
        &json!({ "id": id, "readings": readings }),
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
    let points: Vec<[f64; 2]> = points.iter().map(|&(x, y)| [x, y]).collect();
    let dir = metrics_dir().join("series");
    write_json(&dir, id, &json!({ "id": id, "points": points }));
}

/// Writes `value` to `dir/<id with / as __>.json`, one file per id.
fn write_json(dir: &Path, id: &str, value: &serde_json::Value) {
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    let file = dir.join(format!("{}.json", id.replace('/', "__")));
    std::fs::write(&file, format!("{value}\n"))
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", file.display()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_written_as_json_escapes_it() {
        // Debug formatting would write `\u{7f}`, which JSON does not know.
        let dir = std::env::temp_dir().join(format!("benches-lib-test-{}", std::process::id()));
        write_json(
            &dir,
            "a/\"b\"\u{7f}",
            &json!({ "id": "a/\"b\"\u{7f}", "value": 1.5 }),
        );
        let text = std::fs::read_to_string(dir.join("a__\"b\"\u{7f}.json")).unwrap();
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["id"], "a/\"b\"\u{7f}");
        assert_eq!(back["value"], 1.5);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
