//! The copy-out check: the book promises that a reader can copy any listing's
//! folder into their own project. So each listing's folder, and nothing
//! else, is copied into an empty folder outside this workspace, and built and
//! tested there offline (from the local registry cache). A listing with an
//! `output.txt` must print exactly that when run, since the book shows that
//! file as its output.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};
use preprocessor::listings::{self, Listing};

use crate::{cmd, summary};

/// Shared by every copied listing, so dependencies compile once.
const TARGET_DIR: &str = "target/copy-out";

/// Checks every listing; returns the number of tests run in the copies.
pub fn run() -> Result<usize> {
    let root = crate::root();
    let all = listings::discover(root).map_err(anyhow::Error::msg)?;
    if all.is_empty() {
        bail!("no listings found under {}/", listings::LISTINGS_DIR);
    }
    let scratch = tempfile::tempdir().context("cannot make a temporary folder")?;
    let mut tests = 0;
    let mut failures = Vec::new();
    for (n, listing) in all.iter().enumerate() {
        eprintln!("copy-out {}/{}: {}", n + 1, all.len(), listing.package);
        match check(listing, root, scratch.path()) {
            Ok(count) => tests += count,
            Err(error) => failures.push(format!("{}: {error:#}", listing.dir)),
        }
    }
    if !failures.is_empty() {
        bail!(
            "{} listing(s) do not stand alone:\n  {}",
            failures.len(),
            failures.join("\n  ")
        );
    }
    Ok(tests)
}

fn check(listing: &Listing, root: &Path, scratch: &Path) -> Result<usize> {
    let source = listing.path(root);
    check_manifest(&source, &listing.package)?;
    let copy = scratch.join(&listing.package);
    copy_tree(&source, &copy)?;
    let target = root.join(TARGET_DIR);
    let cargo = |args: &[&str]| {
        let mut command = cmd::new("cargo");
        command
            .args(args)
            .arg("--offline")
            .arg("--target-dir")
            .arg(&target)
            .current_dir(&copy);
        command
    };
    let transcript = cmd::run_and_capture(&mut cargo(&["test", "--quiet"]))?;
    if !transcript.success {
        bail!(
            "`cargo test` fails in a copy of the folder ({})",
            transcript.status
        );
    }
    let tests = summary::libtest_count(&transcript.lines);
    let expected_file = source.join("output.txt");
    if expected_file.is_file() {
        let expected = fs::read_to_string(&expected_file)?;
        let output = cargo(&["run", "--quiet"])
            .output()
            .context("cannot run the listing")?;
        if !output.status.success() {
            bail!("`cargo run` fails ({})", output.status);
        }
        let actual = String::from_utf8_lossy(&output.stdout);
        if let Some(difference) = crate::diff::first_difference(&expected, &actual) {
            bail!(
                "prints other than output.txt (the recorded output), which the book shows: {difference}; run it and update output.txt"
            );
        }
    }
    Ok(tests)
}

/// The package must be named after its folder, and must not lean on this
/// workspace or on another listing (a copied folder has neither).
fn check_manifest(dir: &Path, package: &str) -> Result<()> {
    let manifest = fs::read_to_string(dir.join("Cargo.toml")).context("no Cargo.toml")?;
    let named = manifest
        .lines()
        .any(|line| line.replace(' ', "") == format!("name=\"{package}\""));
    if !named {
        bail!("Cargo.toml: the package must be named `{package}`, like its folder");
    }
    if let Some(line) = manifest
        .lines()
        .find(|l| l.contains(".workspace") || l.contains("workspace = true"))
    {
        bail!(
            "Cargo.toml: `{}` inherits from the workspace; write the value out so a copy builds alone",
            line.trim()
        );
    }
    if let Some(dependency) = path_dependencies(&manifest).first() {
        bail!(
            "Cargo.toml: depends on `{dependency}` by path, which a reader who copies this one folder does not have; depend on a published crate, or give the listing the few lines it needs"
        );
    }
    Ok(())
}

/// The `path = "..."` values in a manifest.
fn path_dependencies(manifest: &str) -> Vec<String> {
    manifest
        .lines()
        .filter_map(|line| {
            let at = line.find("path")?;
            let rest = line[at + 4..].trim_start().strip_prefix('=')?.trim_start();
            let rest = rest.strip_prefix('"')?;
            Some(rest[..rest.find('"')?].to_owned())
        })
        .collect()
}

/// Copies a listing folder, leaving out build output.
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_entry(|e| e.file_name() != "target")
    {
        let entry = entry?;
        let destination = to.join(entry.path().strip_prefix(from)?);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&destination)?;
        } else {
            fs::copy(entry.path(), &destination)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_path_dependencies() {
        let manifest = "[dependencies]\ncounting = { path = \"../listing-04-02-counting\" }\nfastrand = \"2\"\nx = { version = \"1\", path=\"../x\" }\n";
        assert_eq!(
            path_dependencies(manifest),
            ["../listing-04-02-counting", "../x"]
        );
    }

    #[test]
    fn manifests_must_stand_alone() {
        let dir = tempfile::tempdir().unwrap();
        let write = |text: &str| fs::write(dir.path().join("Cargo.toml"), text).unwrap();
        write("[package]\nname = \"listing-01-01-x\"\nedition = \"2024\"\n");
        check_manifest(dir.path(), "listing-01-01-x").unwrap();
        let error = check_manifest(dir.path(), "listing-01-02-y").unwrap_err();
        assert!(error.to_string().contains("named `listing-01-02-y`"));
        write("[package]\nname = \"listing-01-01-x\"\nedition.workspace = true\n");
        let error = check_manifest(dir.path(), "listing-01-01-x").unwrap_err();
        assert!(error.to_string().contains("inherits from the workspace"));
        write(
            "[package]\nname = \"listing-01-01-x\"\n[dev-dependencies]\ncounting = { path = \"../listing-01-02-y\" }\n",
        );
        let error = check_manifest(dir.path(), "listing-01-01-x").unwrap_err();
        assert!(error.to_string().contains("by path"), "{error}");
    }
}
