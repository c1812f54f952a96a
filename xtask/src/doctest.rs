//! `mdbook test` with the external crates the listings use.
//!
//! `mdbook test` runs `rustdoc --test` on each chapter without Cargo, so a
//! listing that says `extern crate crossbeam;` needs `-L` to a folder holding
//! exactly one compiled crossbeam. The `doctest-deps` package is built in its
//! own target folder for that. A crate the compiler ships in its own sysroot
//! too (`libc`) would still be found twice, so each crate in that folder is
//! also named by file with `--extern`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::{cmd, summary, tools};

const TARGET_DIR: &str = "target/doctest-deps";

/// Runs `mdbook test`; returns how many code blocks it tested.
pub fn run() -> Result<usize> {
    let deps = build_deps()?;
    let counter = RustdocCounter::new(&externs(&deps)?)?;
    let mut mdbook = counter.command("mdbook");
    mdbook
        .arg("test")
        .arg("-L")
        .arg(&deps)
        // Stable rustdoc checks only that a `compile_fail,E0499` block fails,
        // not that it fails with E0499: the error-code check is reserved for
        // nightly compilers. This lets stable rustdoc make it, for this one
        // process, so each block must fail the way the prose beside it says.
        .env("RUSTC_BOOTSTRAP", "1");
    let transcript = cmd::run_and_capture(&mut mdbook)?;
    if !transcript.success {
        // rustdoc names each failing block `---- ch01-x.md - Section (line 58) stdout ----`;
        // the line is counted after mdBook expanded the includes.
        let failing: Vec<&str> = transcript
            .lines
            .iter()
            .filter_map(|l| l.trim().strip_prefix("---- ")?.strip_suffix(" stdout ----"))
            .collect();
        bail!(
            "mdbook test failed ({}) in:\n  {}",
            transcript.status,
            failing.join("\n  ")
        );
    }
    let tests = counter.tests();
    if tests == 0 {
        bail!("mdbook test ran no code block; are the chapters listed in src/SUMMARY.md?");
    }
    Ok(tests)
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

/// `--extern NAME=PATH` for each crate in `deps`: rustdoc then takes that
/// file, and does not stop with E0464 when the sysroot has a crate of the
/// same name.
fn externs(deps: &Path) -> Result<Vec<String>> {
    let mut args = Vec::new();
    for (krate, path) in rlibs(deps)? {
        args.push("--extern".to_owned());
        args.push(format!("{krate}={}", path.display()));
    }
    Ok(args)
}

/// Each `lib<name>-<hash>.rlib` in `deps`, as (name, path).
fn rlibs(deps: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(deps)? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if let Some(stem) = name
            .strip_prefix("lib")
            .and_then(|n| n.strip_suffix(".rlib"))
            && let Some((krate, _hash)) = stem.rsplit_once('-')
        {
            found.push((krate.to_owned(), path.clone()));
        }
    }
    Ok(found)
}

/// A crate with more than one `lib<name>-<hash>.rlib` in `deps`, if any.
fn duplicated_crate(deps: &Path) -> Result<Option<String>> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (krate, _path) in rlibs(deps)? {
        *seen.entry(krate).or_default() += 1;
    }
    Ok(seen
        .into_iter()
        .find(|(_, n)| *n > 1)
        .map(|(krate, _)| krate))
}

/// mdBook shows rustdoc's report only when a test fails. To count the tests
/// it ran, we put a `rustdoc` first on its PATH that runs the real one, with
/// the `--extern` arguments mdBook has no option for, and keeps a copy of
/// each report.
struct RustdocCounter {
    dir: tempfile::TempDir,
}

impl RustdocCounter {
    fn new(extra_args: &[String]) -> Result<Self> {
        let sysroot = cmd::output_of(cmd::new("rustc").args(["--print", "sysroot"]))
            .context("cannot ask rustc for its sysroot")?;
        let real = Path::new(sysroot.trim()).join("bin/rustdoc");
        let dir = tempfile::tempdir()?;
        let log = dir.path().join("reports.log");
        let wrapper = dir.path().join("rustdoc");
        let script = format!(
            "#!/bin/sh\n\
             # cargo xtask test: run the real rustdoc, keep a copy of its report.\n\
             out=\"$(mktemp)\"\n\
             '{real}' \"$@\" {extra} >\"$out\" 2>&1\n\
             status=$?\n\
             cat \"$out\" >>'{log}'\n\
             cat \"$out\"\n\
             rm -f \"$out\"\n\
             exit $status\n",
            real = real.display(),
            extra = extra_args
                .iter()
                .map(|a| format!("'{a}'"))
                .collect::<Vec<_>>()
                .join(" "),
            log = log.display(),
        );
        fs::write(&wrapper, script)?;
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&wrapper, fs::Permissions::from_mode(0o755))?;
        Ok(Self { dir })
    }

    /// `program`, with the counting `rustdoc` first on its PATH.
    fn command(&self, program: &str) -> Command {
        let mut command = cmd::new(program);
        let mut dirs = vec![self.dir.path().to_path_buf()];
        dirs.extend(std::env::split_paths(&tools::path_with_install_dir()));
        command.env("PATH", std::env::join_paths(dirs).unwrap_or_default());
        command
    }

    /// Tests counted from every report rustdoc has written so far.
    fn tests(&self) -> usize {
        let log = fs::read_to_string(self.dir.path().join("reports.log")).unwrap_or_default();
        let lines: Vec<String> = log.lines().map(str::to_owned).collect();
        summary::libtest_count(&lines)
    }
}
