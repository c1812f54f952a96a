//! The table `cargo xtask test` ends with, and reading test counts out of
//! the runners' output.

use std::fmt::Write;
use std::time::Duration;

pub struct StepResult {
    pub name: &'static str,
    pub passed: bool,
    /// Tests the step ran, where it runs tests.
    pub tests: Option<usize>,
    pub time: Duration,
    /// Why it failed, in one line.
    pub failure: Option<String>,
    /// Why it could not run here (and what would make it run): shown as
    /// skipped, never as passed.
    pub skipped: Option<String>,
}

pub fn table(results: &[StepResult]) -> String {
    let width = results
        .iter()
        .map(|r| r.name.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<width$}  {:<7}  {:>6}  {:>8}",
        "step", "result", "tests", "seconds"
    );
    let _ = writeln!(out, "{:-<width$}  -------  ------  --------", "");
    for r in results {
        let tests = r.tests.map_or("-".to_owned(), |n| n.to_string());
        let result = match (r.passed, &r.skipped) {
            (false, _) => "FAILED",
            (true, Some(_)) => "skipped",
            (true, None) => "ok",
        };
        let _ = writeln!(
            out,
            "{:<width$}  {result:<7}  {tests:>6}  {:>8.1}",
            r.name,
            r.time.as_secs_f64()
        );
    }
    let passed = results
        .iter()
        .filter(|r| r.passed && r.skipped.is_none())
        .count();
    let skipped = results.iter().filter(|r| r.skipped.is_some()).count();
    let tests: usize = results.iter().filter_map(|r| r.tests).sum();
    let total: f64 = results.iter().map(|r| r.time.as_secs_f64()).sum();
    let _ = writeln!(
        out,
        "{passed} of {} steps passed{}, {tests} tests in all, {total:.0} s",
        results.len(),
        if skipped > 0 {
            format!(", {skipped} skipped")
        } else {
            String::new()
        }
    );
    out
}

/// Tests counted from libtest's summary lines (`test result: ok. 3 passed;
/// 0 failed; ...`), which `cargo test` and rustdoc print once per binary.
pub fn libtest_count(lines: &[String]) -> usize {
    lines
        .iter()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("test result: ")?;
            let (_, after) = rest.split_once(". ")?;
            let passed = after.split(" passed").next()?.trim();
            passed.parse::<usize>().ok()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_libtest_summaries() {
        let lines: Vec<String> = [
            "running 3 tests",
            "test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s",
            "test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out",
            "   test result: FAILED. 2 passed; 1 failed; 0 ignored",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(libtest_count(&lines), 5);
    }

    #[test]
    fn prints_a_row_per_step_and_a_total() {
        let step = |name, passed, tests, millis, failure: Option<&str>, skipped: Option<&str>| {
            StepResult {
                name,
                passed,
                tests,
                time: Duration::from_millis(millis),
                failure: failure.map(String::from),
                skipped: skipped.map(String::from),
            }
        };
        let results = [
            step("cargo test", true, Some(12), 3000, None, None),
            step("rustfmt", false, None, 500, Some("x"), None),
            step("browser", true, None, 100, None, Some("chromium not found")),
        ];
        let table = table(&results);
        assert!(
            table.contains("cargo test  ok           12       3.0"),
            "{table}"
        );
        assert!(
            table.contains("rustfmt     FAILED        -       0.5"),
            "{table}"
        );
        // A step that could not run is never counted as passed.
        assert!(
            table.contains("browser     skipped       -       0.1"),
            "{table}"
        );
        assert!(
            table.contains("1 of 3 steps passed, 1 skipped, 12 tests in all"),
            "{table}"
        );
    }
}
