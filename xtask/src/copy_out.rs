//! The copy-out check: the book promises that a reader can copy any listing's
//! folder into their own project. So each listing's folder, and nothing
//! else, is copied into an empty folder outside this workspace, and built and
//! tested there offline (from the local registry cache). A listing with an
//! `output.txt` must print exactly that when run, since the book shows that
//! file as its output.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};
use book_model::files;
use book_model::listings::{self, Listing};
use toml::{Table, Value};

use crate::{cmd, summary};

/// Shared by every copied listing, so dependencies compile once.
const TARGET_DIR: &str = "target/copy-out";

/// Checks every listing; returns the number of tests run in the copies.
pub fn run() -> Result<usize> {
    let root = crate::root();
    let all = listings::discover(root)?;
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
    let text = fs::read_to_string(dir.join("Cargo.toml")).context("no Cargo.toml")?;
    let manifest: Table = files::parse_toml("Cargo.toml", &text)?;
    let name = manifest
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(Value::as_str);
    if name != Some(package) {
        bail!("Cargo.toml: the package must be named `{package}`, like its folder");
    }
    if let Some(key) = inherited_from_workspace(&manifest) {
        bail!(
            "Cargo.toml: `{key}.workspace = true` inherits from the workspace; write the value out so a copy builds alone"
        );
    }
    if let Some(dependency) = path_dependencies(&manifest).first() {
        bail!(
            "Cargo.toml: depends on `{dependency}` by path, which a reader who copies this one folder does not have; depend on a published crate, or give the listing the few lines it needs"
        );
    }
    Ok(())
}

/// The dotted key of the first value in `table` that says `workspace = true`
/// (`package.edition`, `dependencies.fastrand`, `lints`), if any.
fn inherited_from_workspace(table: &Table) -> Option<String> {
    table.iter().find_map(|(key, value)| {
        let inner = value.as_table()?;
        if inner.get("workspace").and_then(Value::as_bool) == Some(true) {
            return Some(key.clone());
        }
        inherited_from_workspace(inner).map(|rest| format!("{key}.{rest}"))
    })
}

/// The tables of dependencies Cargo reads, at the top of a manifest and
/// under each `[target.<cfg>]`.
const DEPENDENCY_TABLES: [&str; 3] = ["dependencies", "dev-dependencies", "build-dependencies"];

/// The `path` of each dependency that has one, however the manifest writes
/// it: an inline table, or a `[dependencies.name]` table.
fn path_dependencies(manifest: &Table) -> Vec<String> {
    let targets = manifest.get("target").and_then(Value::as_table);
    let scopes = std::iter::once(manifest).chain(
        targets
            .into_iter()
            .flat_map(|targets| targets.values().filter_map(Value::as_table)),
    );
    scopes
        .flat_map(|scope| {
            DEPENDENCY_TABLES
                .iter()
                .filter_map(|name| scope.get(*name)?.as_table())
        })
        .flat_map(|dependencies| dependencies.values())
        .filter_map(|dependency| dependency.get("path")?.as_str().map(str::to_owned))
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

    fn paths_in(manifest: &str) -> Vec<String> {
        path_dependencies(&toml::from_str(manifest).unwrap())
    }

    #[test]
    fn reads_path_dependencies_in_inline_tables() {
        let manifest = "[dependencies]\ncounting = { path = \"../listing-04-02-counting\" }\nfastrand = \"2\"\n[build-dependencies]\nx = { version = \"1\", path=\"../x\" }\n";
        assert_eq!(paths_in(manifest), ["../listing-04-02-counting", "../x"]);
    }

    #[test]
    fn reads_path_dependencies_in_their_own_tables() {
        let manifest = "[dev-dependencies.foo]\nversion = \"1\"\npath = \"..\"\n";
        assert_eq!(paths_in(manifest), [".."]);
        let manifest = "[target.'cfg(unix)'.dependencies]\nbar = { path = \"../bar\" }\n";
        assert_eq!(paths_in(manifest), ["../bar"]);
    }

    #[test]
    fn other_paths_are_not_dependencies() {
        let manifest = "[package]\nname = \"x\"\n# the old path = \"../y\" is gone\n[lib]\npath = \"src/lib.rs\"\n[[bin]]\nname = \"x\"\npath = \"src/main.rs\"\n[dependencies]\nfastrand = \"2\"\n";
        assert!(paths_in(manifest).is_empty());
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
        assert!(
            error
                .to_string()
                .contains("`package.edition.workspace = true` inherits from the workspace"),
            "{error}"
        );
        write(
            "[package]\nname = \"listing-01-01-x\" # not workspace = true\n[[test]]\nname = \"t\"\n",
        );
        check_manifest(dir.path(), "listing-01-01-x").unwrap();
        write(
            "[package]\nname = \"listing-01-01-x\"\n[dev-dependencies]\ncounting = { path = \"../listing-01-02-y\" }\n",
        );
        let error = check_manifest(dir.path(), "listing-01-01-x").unwrap_err();
        assert!(error.to_string().contains("by path"), "{error}");
    }
}
