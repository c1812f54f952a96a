//! `[[asm]]`: functions of a listing's library as a release build compiles
//! them, by the recipe the book gives the reader:
//! `cargo rustc --release -p PACKAGE --lib -- --emit asm -C llvm-args=-x86-asm-syntax=intel`.
//! Kept: the named functions' instructions and labels. Dropped: assembler
//! directives and comments. Symbols are demangled, without their hashes.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use regex::Regex;
use serde::Deserialize;

use super::{Made, Output, Purpose, prompt};
use crate::cmd;

/// Its own target folder, so a reader's `target/release` is left alone.
const TARGET_DIR: &str = "target/outputs";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    package: String,
    /// Names of functions at the top of the listing's library.
    functions: Vec<String>,
    output: PathBuf,
}

impl Output for Entry {
    fn path(&self) -> &Path {
        &self.output
    }

    fn make(&self, _: Purpose) -> Result<Made> {
        make(self)
    }
}

fn make(entry: &Entry) -> Result<Made> {
    if std::env::consts::ARCH != "x86_64" {
        return Ok(Made::Skipped(format!(
            "the book quotes x86-64 assembly; this machine is {}",
            std::env::consts::ARCH
        )));
    }
    let recipe = format!(
        "cargo rustc --release -p {} --lib -- --emit asm -C llvm-args=-x86-asm-syntax=intel",
        entry.package
    );
    let mut command = cmd::new("cargo");
    command
        .args([
            "rustc",
            "--quiet",
            "--release",
            "-p",
            &entry.package,
            "--lib",
        ])
        .args(["--target-dir", TARGET_DIR, "--"])
        .args(["--emit", "asm", "-C", "llvm-args=-x86-asm-syntax=intel"]);
    cmd::run(&mut command)?;
    let crate_name = entry.package.replace('-', "_");
    let assembly = newest_assembly(&crate_name)?;
    let mut text = prompt("rustc --version");
    text.push_str(
        cmd::output_of(cmd::new("rustc").arg("--version"))
            .context("cannot ask rustc for its version")?
            .trim_end(),
    );
    text.push('\n');
    text.push_str(&prompt(&recipe));
    for function in &entry.functions {
        let path = format!("{crate_name}::{function}");
        let body = extract(&assembly, &path).with_context(|| {
            format!(
                "no function `{path}` in the assembly: is it `pub`, non-generic and `#[inline(never)]`?"
            )
        })?;
        text.push('\n');
        text.push_str(&body);
    }
    Ok(Made::Text(text))
}

/// The newest `.s` file rustc wrote for `crate_name`. (When the code has not
/// changed, cargo does not run rustc again, and the last one still holds.)
fn newest_assembly(crate_name: &str) -> Result<String> {
    let deps = crate::root().join(TARGET_DIR).join("release/deps");
    let prefix = format!("{crate_name}-");
    let newest = fs::read_dir(&deps)
        .with_context(|| format!("cannot read {}", deps.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "s")
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(&prefix))
        })
        .max_by_key(|p| fs::metadata(p).and_then(|m| m.modified()).ok())
        .with_context(|| {
            format!(
                "cargo wrote no assembly for {crate_name} in {}",
                deps.display()
            )
        })?;
    fs::read_to_string(&newest).with_context(|| format!("cannot read {}", newest.display()))
}

/// One function's body from `assembly`, found by its demangled path.
fn extract(assembly: &str, path: &str) -> Option<String> {
    let mut lines = assembly.lines();
    lines.find(|line| {
        line.strip_suffix(':')
            .is_some_and(|label| !label.starts_with(['.', '\t', ' ']) && demangle(label) == path)
    })?;
    let mut body = format!("{path}:\n");
    for line in lines {
        if line.starts_with(".Lfunc_end") {
            break;
        }
        if let Some(kept) = keep(line) {
            body.push_str(&demangle_symbols(&kept));
            body.push('\n');
        }
    }
    Some(body)
}

/// A line as the book shows it, or `None` for directives and comments.
fn keep(line: &str) -> Option<String> {
    let trimmed = line.trim();
    if trimmed == "#APP" || trimmed == "#NO_APP" {
        return Some(format!("\t{trimmed}"));
    }
    let code = match line.find('#') {
        Some(at) => &line[..at],
        None => line,
    }
    .trim_end();
    let is_label = !code.starts_with(['\t', ' ']) && code.ends_with(':');
    let is_directive = code.trim_start().starts_with('.') && !is_label;
    (!code.is_empty() && !is_directive).then(|| code.to_owned())
}

fn demangle(symbol: &str) -> String {
    format!("{:#}", rustc_demangle::demangle(symbol))
}

/// Every mangled Rust symbol in `line`, demangled.
fn demangle_symbols(line: &str) -> String {
    static SYMBOL: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let symbol = SYMBOL.get_or_init(|| {
        Regex::new(r"_ZN[0-9A-Za-z_$.]+E|_R[0-9A-Za-z_]+").expect("a valid pattern")
    });
    symbol
        .replace_all(line, |m: &regex::Captures<'_>| demangle(&m[0]))
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASSEMBLY: &str = "\t.section\t.text._ZN4demo6answer17h0123456789abcdefE,\"ax\",@progbits
\t.globl\t_ZN4demo6answer17h0123456789abcdefE
\t.p2align\t4
\t.type\t_ZN4demo6answer17h0123456789abcdefE,@function
_ZN4demo6answer17h0123456789abcdefE:
\t.cfi_startproc
# %bb.0:
\tpush\trax
\tcall\tqword ptr [rip + _ZN4demo5other17hfedcba9876543210E@GOTPCREL]
\tmov\teax, 42                         # imm = 0x2A
\t#APP
\t#NO_APP
.LBB0_2:                                # =>This Inner Loop Header: Depth=1
\tpop\trcx
\tret
.Lfunc_end0:
\t.size\t_ZN4demo6answer17h0123456789abcdefE, .Lfunc_end0-_ZN4demo6answer17h0123456789abcdefE
";

    #[test]
    fn extracts_a_function_without_directives_and_with_readable_names() {
        assert_eq!(
            extract(ASSEMBLY, "demo::answer").unwrap(),
            "demo::answer:\n\tpush\trax\n\tcall\tqword ptr [rip + demo::other@GOTPCREL]\n\tmov\teax, 42\n\t#APP\n\t#NO_APP\n.LBB0_2:\n\tpop\trcx\n\tret\n"
        );
        assert_eq!(extract(ASSEMBLY, "demo::missing"), None);
    }
}
