//! `[[go]]`: what Go's compiler says about a package of `go/`, filtered as a
//! reader would filter it:
//! `go build -gcflags='-m -m' ./ch01 2>&1 | grep -E 'PATTERN'`.
//!
//! Go is not needed to build or test the book. Without a `go` on PATH, or
//! with another version than the one recorded, an output is only checked
//! against the hash of its package's sources kept in `SOURCES_FILE`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use regex::Regex;
use serde::Deserialize;

use super::{Made, Output, Purpose, prompt};
use crate::code_hash;
use crate::go_toolchain::{GO_DIR, HOW_TO_GET_GO, go_command, go_version, package_files};

/// Output file → hash of the Go sources it was made from.
pub const SOURCES_FILE: &str = "outputs/go-sources.json";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// A package path as `go build` takes it, relative to `go/`: `./ch01`.
    package: String,
    gcflags: String,
    /// An extended regular expression, as `grep -E` takes it.
    grep: String,
    output: PathBuf,
}

impl Output for Entry {
    fn path(&self) -> &Path {
        &self.output
    }

    fn make(&self, purpose: Purpose) -> Result<Made> {
        make(self, purpose)
    }
}

fn make(entry: &Entry, purpose: Purpose) -> Result<Made> {
    let root = crate::root();
    let recorded = fs::read_to_string(root.join(&entry.output)).unwrap_or_default();
    let Some(version) = go_version() else {
        return Ok(Made::Skipped(format!(
            "no `go` on PATH; checked against the hash of its sources instead ({HOW_TO_GET_GO})"
        )));
    };
    if purpose == Purpose::Check
        && !recorded.is_empty()
        && !recorded.contains(&format!("\n{version}\n"))
    {
        return Ok(Made::Skipped(format!(
            "recorded with another Go than `{version}`; checked against the hash of its sources instead"
        )));
    }
    let grep = Regex::new(&entry.grep)
        .with_context(|| format!("grep = {:?} is not a regular expression", entry.grep))?;
    let output = go_command()
        .args(["build", "-o", "/dev/null"])
        .arg(format!("-gcflags={}", entry.gcflags))
        .arg(&entry.package)
        .output()
        .context("cannot run go build")?;
    let said = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        bail!("`go build {}` failed:\n{said}", entry.package);
    }
    let mut text = prompt("go version");
    text.push_str(&version);
    text.push('\n');
    text.push_str(&prompt(&format!(
        "go build -gcflags='{}' {} 2>&1 | grep -E '{}'",
        entry.gcflags, entry.package, entry.grep
    )));
    for line in said.lines().filter(|l| grep.is_match(l)) {
        text.push_str(line);
        text.push('\n');
    }
    Ok(Made::Text(text))
}

/// Hash of the module file, of the package's `.go` files and of the flags.
fn sources_hash(root: &Path, entry: &Entry) -> Result<String> {
    code_hash::of_files(
        root,
        package_files(root, &entry.package)?,
        &[&entry.gcflags, &entry.grep],
    )
}

fn read_sources(root: &Path) -> Result<BTreeMap<String, String>> {
    match fs::read_to_string(root.join(SOURCES_FILE)) {
        Ok(text) => {
            serde_json::from_str(&text).with_context(|| format!("{SOURCES_FILE}: not JSON"))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(e) => Err(e).context(format!("cannot read {SOURCES_FILE}")),
    }
}

/// After `cargo xtask outputs`: remember the sources of every Go output that
/// this machine could make (the others keep their recorded hash).
pub fn record_sources(root: &Path, entries: &[Entry]) -> Result<()> {
    let old = read_sources(root)?;
    let mut new = BTreeMap::new();
    for entry in entries {
        let key = entry.output.display().to_string();
        let hash = sources_hash(root, entry)?;
        let made_here = go_version().is_some_and(|v| {
            fs::read_to_string(root.join(&entry.output))
                .is_ok_and(|t| t.contains(&format!("\n{v}\n")))
        });
        match old.get(&key) {
            Some(recorded) if !made_here => {
                new.insert(key, recorded.clone());
            }
            None if !made_here => {
                bail!("{key} has never been made: it needs a `go` on PATH ({HOW_TO_GET_GO})")
            }
            _ => {
                new.insert(key, hash);
            }
        }
    }
    let text = serde_json::to_string_pretty(&new)? + "\n";
    book_model::files::write_atomically(&root.join(SOURCES_FILE), text)
        .with_context(|| format!("cannot write {SOURCES_FILE}"))
}

/// Go outputs whose sources changed since they were made.
pub fn stale_sources(root: &Path, entries: &[Entry]) -> Result<Vec<String>> {
    let recorded = read_sources(root)?;
    let mut problems = Vec::new();
    for entry in entries {
        let key = entry.output.display().to_string();
        if recorded.get(&key) != Some(&sources_hash(root, entry)?) {
            problems.push(format!(
                "{key}: made from other Go sources than today's {GO_DIR}/{}; run `cargo xtask outputs` with Go on PATH ({HOW_TO_GET_GO})",
                entry.package.trim_start_matches("./")
            ));
        }
    }
    Ok(problems)
}
