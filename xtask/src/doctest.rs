//! `mdbook test` with the external crates the listings use.
//!
//! `mdbook test` runs `rustdoc --test` on each chapter without Cargo, so a
//! listing that says `extern crate crossbeam;` needs `-L` to a folder holding
//! exactly one compiled crossbeam. The `doctest-deps` package is built in its
//! own target folder for that.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use anyhow::{Result, bail};

use crate::{cmd, summary};

const TARGET_DIR: &str = "target/doctest-deps";

/// Runs `mdbook test`; returns how many code blocks it tested.
pub fn run() -> Result<usize> {
    let deps = build_deps()?;
    let transcript = cmd::run_and_capture(
        cmd::new("mdbook")
            .arg("test")
            .arg("-L")
            .arg(&deps)
            // Stable rustdoc checks only that a `compile_fail,E0499` block
            // fails, not that it fails with E0499; the error-code check is
            // gated on a nightly compiler. This lets the stable rustdoc run
            // it, for this one process, so each block must fail the way the
            // prose beside it says.
            .env("RUSTC_BOOTSTRAP", "1"),
    )?;
    if !transcript.success {
        bail!(
            "mdbook test failed ({}); the failing chapter and block are shown above",
            transcript.status
        );
    }
    Ok(summary::libtest_count(&transcript.lines))
}

/// Builds `doctest-deps` and returns its deps folder.
fn build_deps() -> Result<PathBuf> {
    let build = || {
        cmd::run(cmd::new("cargo").args([
            "build",
            "--quiet",
            "--package",
            "doctest-deps",
            "--target-dir",
            TARGET_DIR,
        ]))
    };
    build()?;
    let deps = crate::root().join(TARGET_DIR).join("debug/deps");
    // A dependency bumped since the last build leaves its old rlib beside the
    // new one, and rustdoc then stops with E0464. Start that folder afresh.
    if let Some(krate) = duplicated_crate(&deps)? {
        eprintln!("{TARGET_DIR}: two builds of `{krate}`; rebuilding that folder from scratch");
        fs::remove_dir_all(crate::root().join(TARGET_DIR))?;
        build()?;
    }
    Ok(deps)
}

/// A crate with more than one `lib<name>-<hash>.rlib` in `deps`, if any.
fn duplicated_crate(deps: &std::path::Path) -> Result<Option<String>> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for entry in fs::read_dir(deps)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name
            .strip_prefix("lib")
            .and_then(|n| n.strip_suffix(".rlib"))
            && let Some((krate, _hash)) = stem.rsplit_once('-')
        {
            *seen.entry(krate.to_owned()).or_default() += 1;
        }
    }
    Ok(seen
        .into_iter()
        .find(|(_, n)| *n > 1)
        .map(|(krate, _)| krate))
}
