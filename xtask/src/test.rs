//! `cargo xtask test`: everything CI checks, in the README's order, then a
//! table of what ran. Every step runs even when an earlier one failed, so one
//! run shows every problem.

use std::time::Instant;

use anyhow::{Result, bail};

use crate::browser::Skipped;
use crate::summary::{self, StepResult};
use crate::{
    book, browser, claims_check, cmd, copy_out, doctest, loom, outputs, spellcheck, tools,
};

/// A step returns how many tests it ran, or `None` if it is not a test runner.
type Step = fn() -> Result<Option<usize>>;

const STEPS: [(&str, Step); 12] = [
    ("install tools", || tools::install_all().map(|()| None)),
    ("rustfmt", || {
        cmd::run(cmd::new("cargo").args(["fmt", "--all", "--check"])).map(|()| None)
    }),
    ("clippy", || {
        cmd::run(cmd::new("cargo").args([
            "clippy",
            "--quiet",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
        .map(|()| None)
    }),
    ("cargo test", cargo_test),
    ("loom models", || loom::run().map(Some)),
    ("mdbook test", || doctest::run().map(Some)),
    ("quoted outputs", || outputs::check().map(Some)),
    ("book build + links", || book::build().map(|()| None)),
    ("browser", || browser::run().map(|()| None)),
    ("spellcheck", || spellcheck::run().map(|()| None)),
    ("benches + claims", || claims_check::run().map(Some)),
    ("copy-out", || copy_out::run().map(Some)),
];

pub fn run() -> Result<()> {
    let started = Instant::now();
    let mut results = Vec::new();
    for (n, (name, step)) in STEPS.iter().enumerate() {
        eprintln!("\n==> [{}/{}] {name}", n + 1, STEPS.len());
        let step_started = Instant::now();
        let outcome = step();
        let time = step_started.elapsed();
        let mut result = StepResult {
            name,
            passed: true,
            tests: None,
            time,
            failure: None,
            skipped: None,
        };
        match outcome {
            Ok(tests) => result.tests = tests,
            Err(error) => match error.downcast_ref::<Skipped>() {
                Some(Skipped(why)) => {
                    eprintln!("skipped: {why}");
                    result.skipped = Some(why.clone());
                }
                None => {
                    result.passed = false;
                    result.failure = Some(format!("{error:#}"));
                }
            },
        }
        results.push(result);
    }
    println!("\n{}", summary::table(&results));
    let failures: Vec<String> = results
        .iter()
        .filter_map(|r| r.failure.as_ref().map(|f| format!("{}: {f}", r.name)))
        .collect();
    if !failures.is_empty() {
        bail!(
            "{} step(s) failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
    for skipped in results
        .iter()
        .filter_map(|r| Some((r.name, r.skipped.as_ref()?)))
    {
        println!("{} skipped: {}", skipped.0, skipped.1);
    }
    println!(
        "everything that ran passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn cargo_test() -> Result<Option<usize>> {
    let transcript = cmd::run_and_capture(cmd::new("cargo").args(["test", "--workspace"]))?;
    if !transcript.success {
        bail!(
            "cargo test failed ({}); the failing tests are listed above",
            transcript.status
        );
    }
    Ok(Some(summary::libtest_count(&transcript.lines)))
}
