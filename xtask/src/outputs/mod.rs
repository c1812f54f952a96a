//! The compiler output the book quotes, made again and compared: what rustc
//! says about the programs it rejects, the assembly of functions the book
//! disassembles, what a listing prints in a build `output.txt` cannot show,
//! and what Go's compiler says about the Go twins.
//!
//! `cargo xtask outputs` writes every file under `outputs/`;
//! `cargo xtask test` makes them again and fails on any difference, so a
//! quote cannot drift from what the pinned compilers print. Go is optional:
//! without it, a Go output is only checked against a hash of its sources.

mod asm;
mod go;
mod run;
mod rustc;

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

pub const DIR: &str = "outputs";
const REGISTRY: &str = "outputs/outputs.toml";

/// `outputs/outputs.toml`. Programs rustc rejects need no entry.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Registry {
    #[serde(default)]
    asm: Vec<asm::Entry>,
    #[serde(default)]
    run: Vec<run::Entry>,
    #[serde(default)]
    go: Vec<go::Entry>,
}

/// One output made again, or why it could not be made here.
pub enum Made {
    /// The file's expected contents.
    Text(String),
    /// Not made on this machine (no `go`, not x86-64); the reason says what
    /// was checked instead.
    Skipped(String),
}

/// Why an output is being made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// To write it (`cargo xtask outputs`).
    Record,
    /// To compare it with its file (`cargo xtask test`).
    Check,
}

/// One file under `outputs/` and how to make it.
trait Output {
    /// The file, relative to the repository root.
    fn path(&self) -> &Path;
    fn make(&self, purpose: Purpose) -> Result<Made>;
}

impl Registry {
    fn load(root: &Path) -> Result<Registry> {
        let text = fs::read_to_string(root.join(REGISTRY))
            .with_context(|| format!("cannot read {REGISTRY}"))?;
        book_model::files::parse_toml(REGISTRY, &text)
    }
}

fn all_outputs(root: &Path, registry: &Registry) -> Result<Vec<Box<dyn Output>>> {
    let mut outputs: Vec<Box<dyn Output>> = rustc::outputs(root)?;
    outputs.extend(
        registry
            .asm
            .iter()
            .map(|e| Box::new(e.clone()) as Box<dyn Output>),
    );
    outputs.extend(
        registry
            .run
            .iter()
            .map(|e| Box::new(e.clone()) as Box<dyn Output>),
    );
    outputs.extend(
        registry
            .go
            .iter()
            .map(|e| Box::new(e.clone()) as Box<dyn Output>),
    );
    let mut seen = std::collections::BTreeSet::new();
    for output in &outputs {
        if !output.path().starts_with(DIR) {
            bail!(
                "{REGISTRY}: output {} must be under {DIR}/",
                output.path().display()
            );
        }
        if !seen.insert(output.path().to_path_buf()) {
            bail!(
                "{REGISTRY}: two entries write {}; give one another file",
                output.path().display()
            );
        }
    }
    Ok(outputs)
}

/// Makes every output for `purpose`, showing progress, and hands each one
/// and what came of it to `handle`.
fn make_all(
    outputs: &[Box<dyn Output>],
    purpose: Purpose,
    mut handle: impl FnMut(&dyn Output, Result<Made>) -> Result<()>,
) -> Result<()> {
    for (n, output) in outputs.iter().enumerate() {
        eprintln!(
            "output {}/{}: {}",
            n + 1,
            outputs.len(),
            output.path().display()
        );
        handle(output.as_ref(), output.make(purpose))?;
    }
    Ok(())
}

/// `cargo xtask outputs`: makes every output and writes the ones that changed.
pub fn record() -> Result<()> {
    let root = crate::root();
    let registry = Registry::load(root)?;
    let outputs = all_outputs(root, &registry)?;
    let mut written = 0;
    make_all(&outputs, Purpose::Record, |output, made| {
        match made? {
            Made::Text(text) => {
                let path = root.join(output.path());
                if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                    book_model::files::write_atomically(&path, &text)
                        .with_context(|| format!("cannot write {}", output.path().display()))?;
                    eprintln!("  wrote {}", output.path().display());
                    written += 1;
                }
            }
            Made::Skipped(reason) => eprintln!("  not made here: {reason}"),
        }
        Ok(())
    })?;
    go::record_sources(root, &registry.go)?;
    eprintln!("{} outputs, {written} changed", outputs.len());
    Ok(())
}

/// The test step: makes every output again; fails on any that differs from
/// its file. Returns how many outputs were compared.
pub fn check() -> Result<usize> {
    let root = crate::root();
    let registry = Registry::load(root)?;
    let outputs = all_outputs(root, &registry)?;
    let mut problems = Vec::new();
    let mut compared = 0;
    make_all(&outputs, Purpose::Check, |output, made| {
        let shown = output.path().display();
        let recorded = fs::read_to_string(root.join(output.path())).ok();
        match made {
            Err(error) => problems.push(format!("{shown}: {error:#}")),
            Ok(Made::Skipped(reason)) => eprintln!("  not made here: {reason}"),
            Ok(Made::Text(_)) if recorded.is_none() => {
                problems.push(format!("{shown}: missing; run `cargo xtask outputs`"));
            }
            Ok(Made::Text(text)) => {
                compared += 1;
                if let Some(difference) =
                    crate::diff::first_difference(recorded.as_deref().unwrap_or(""), &text)
                {
                    problems.push(format!(
                        "{shown}: the compiler now prints otherwise ({difference}); run `cargo xtask outputs` and reread the prose around it"
                    ));
                }
            }
        }
        Ok(())
    })?;
    problems.extend(go::stale_sources(root, &registry.go)?);
    problems.extend(orphans(root, &outputs)?);
    if !problems.is_empty() {
        bail!(
            "{} quoted output(s) out of date:\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
    }
    Ok(compared)
}

/// Files under `outputs/` that no entry makes: left behind by a rename.
fn orphans(root: &Path, outputs: &[Box<dyn Output>]) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(root.join(DIR)) {
        let entry = entry?;
        let relative = entry.path().strip_prefix(root)?.to_path_buf();
        let known = outputs.iter().any(|o| o.path() == relative)
            || rustc::is_source(&relative)
            || relative == Path::new(REGISTRY)
            || relative == Path::new(go::SOURCES_FILE);
        if entry.file_type().is_file() && !known {
            problems.push(format!(
                "{}: no entry of {REGISTRY} makes this file; delete it or register it",
                relative.display()
            ));
        }
    }
    Ok(problems)
}

/// A transcript line: the command as a reader types it.
fn prompt(command: &str) -> String {
    format!("$ {command}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_rejects_unknown_keys() {
        let error = toml::from_str::<Registry>("[[asm]]\npackage = \"x\"\nfunction = [\"f\"]\n")
            .unwrap_err();
        assert!(error.message().contains("unknown field"), "{error}");
    }
}
