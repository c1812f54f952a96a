//! The loom models: each listing whose `Cargo.toml` depends on loom under
//! `[target.'cfg(loom)'.dependencies]` is tested again with `--cfg loom`,
//! which swaps its atomics, cells and threads for loom's and turns its
//! `#[cfg(all(test, loom))]` tests into models that loom runs under every
//! interleaving it explores.
//!
//! The flag changes the build of every crate, so the models build in their
//! own target folder: sharing `target/` would throw the ordinary build's
//! cache away on each run.

use std::path::Path;

use anyhow::{Context, Result, bail};
use book_model::files;
use book_model::listings;
use toml::{Table, Value};

use crate::{cmd, summary};

const TARGET_DIR: &str = "target/loom";

/// How many times loom may preempt a thread in one execution. loom's own
/// documentation: "In practice, setting the thread pre-emption bound to 2 or
/// 3 is enough to catch most bugs while significantly reducing the number of
/// possible executions." The book's models are small enough to explore in
/// full in well under a second; the bound keeps a larger model added later
/// from taking the test run's time. `LOOM_MAX_PREEMPTIONS` in the
/// environment overrides it.
const MAX_PREEMPTIONS: &str = "3";

/// Runs every listing's loom models; returns how many tests ran.
pub fn run() -> Result<usize> {
    let packages = with_loom_models(crate::root())?;
    if packages.is_empty() {
        eprintln!("no listing depends on loom under cfg(loom): nothing to model-check");
        return Ok(0);
    }
    let preemptions =
        std::env::var("LOOM_MAX_PREEMPTIONS").unwrap_or_else(|_| MAX_PREEMPTIONS.to_owned());
    let mut command = cmd::new("cargo");
    // `--tests`, not the doctests: RUSTFLAGS does not reach rustdoc, so a
    // doctest would run the ordinary build again and be counted as a model.
    command.args(["test", "--release", "--tests"]);
    for package in &packages {
        command.args(["--package", package]);
    }
    command
        .args(["--target-dir", TARGET_DIR])
        .env("RUSTFLAGS", "--cfg loom")
        .env("LOOM_MAX_PREEMPTIONS", &preemptions);
    eprintln!("with RUSTFLAGS=\"--cfg loom\" LOOM_MAX_PREEMPTIONS={preemptions}");
    let transcript = cmd::run_and_capture(&mut command)?;
    if !transcript.success {
        bail!(
            "the loom models failed ({}); the failing models are listed above",
            transcript.status
        );
    }
    let tests = summary::libtest_count(&transcript.lines);
    if tests == 0 {
        bail!(
            "{} depend on loom but ran no test with --cfg loom; put the models under #[cfg(all(test, loom))]",
            packages.join(", ")
        );
    }
    Ok(tests)
}

/// The package of each listing that depends on loom under `cfg(loom)`.
pub fn with_loom_models(root: &Path) -> Result<Vec<String>> {
    let mut packages = Vec::new();
    for listing in listings::discover(root)? {
        let path = listing.path(root).join("Cargo.toml");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let manifest: Table = files::parse_toml(&format!("{}/Cargo.toml", listing.dir), &text)?;
        if depends_on_loom_under_cfg_loom(&manifest) {
            packages.push(listing.package);
        }
    }
    Ok(packages)
}

/// Whether `[target.'cfg(loom)'.dependencies]` (or `dev-dependencies`)
/// names loom, by its own name or renamed with `package = "loom"`.
fn depends_on_loom_under_cfg_loom(manifest: &Table) -> bool {
    let Some(targets) = manifest.get("target").and_then(Value::as_table) else {
        return false;
    };
    targets
        .iter()
        .filter(|(cfg, _)| cfg.split_whitespace().collect::<String>() == "cfg(loom)")
        .filter_map(|(_, target)| target.as_table())
        .flat_map(|target| {
            ["dependencies", "dev-dependencies"]
                .into_iter()
                .filter_map(|table| target.get(table)?.as_table())
        })
        .flat_map(|dependencies| dependencies.iter())
        .any(|(name, dependency)| {
            let package = dependency.get("package").and_then(Value::as_str);
            package.unwrap_or(name) == "loom"
        })
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    fn manifest(text: &str) -> Table {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn finds_loom_under_cfg_loom_only() {
        let yes = |text| assert!(depends_on_loom_under_cfg_loom(&manifest(text)), "{text}");
        let no = |text| assert!(!depends_on_loom_under_cfg_loom(&manifest(text)), "{text}");
        yes("[target.'cfg(loom)'.dependencies]\nloom = \"0.7\"\n");
        yes("[target.\"cfg( loom )\".dev-dependencies]\nloom = { version = \"0.7\" }\n");
        yes("[target.'cfg(loom)'.dependencies.checker]\npackage = \"loom\"\nversion = \"0.7\"\n");
        // loom for every build, or under another cfg, is not a loom model.
        no("[dependencies]\nloom = \"0.7\"\n");
        no("[target.'cfg(unix)'.dependencies]\nloom = \"0.7\"\n");
        no("[target.'cfg(not(loom))'.dependencies]\nloom = \"0.7\"\n");
        // cfg(loom) with something else, or nothing at all.
        no("[target.'cfg(loom)'.dependencies]\nloomy = \"1\"\n");
        no("[package]\nname = \"x\"\n");
    }

    #[test]
    fn discovers_the_listings_with_loom_models() {
        let root = tempfile::tempdir().unwrap();
        let listing = |dir: &str, extra: &str| {
            let path = root.path().join("listings").join(dir);
            fs::create_dir_all(path.join("src")).unwrap();
            let name = dir.rsplit('/').next().unwrap();
            let text = format!("[package]\nname = \"{name}\"\nedition = \"2024\"\n{extra}");
            fs::write(path.join("Cargo.toml"), text).unwrap();
        };
        let loom = "[target.'cfg(loom)'.dependencies]\nloom = \"0.7\"\n";
        listing("ch08-data-races/listing-08-03-lock", loom);
        listing(
            "ch08-data-races/listing-08-01-types",
            "[dependencies]\nx = \"1\"\n",
        );
        listing("ch08-data-races/listing-08-02-handoff", loom);
        listing("ch09-channels/listing-09-01-queue", loom);
        assert_eq!(
            with_loom_models(root.path()).unwrap(),
            [
                "listing-08-02-handoff",
                "listing-08-03-lock",
                "listing-09-01-queue"
            ]
        );
    }

    #[test]
    fn a_broken_manifest_is_an_error_naming_the_file() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("listings/ch08-x/listing-08-01-y");
        fs::create_dir_all(&path).unwrap();
        fs::write(
            path.join("Cargo.toml"),
            "[package]\nname = \"listing-08-01-y\"\n",
        )
        .unwrap();
        with_loom_models(root.path()).unwrap();
        fs::write(path.join("Cargo.toml"), "[package\n").unwrap();
        let error = with_loom_models(root.path()).unwrap_err().to_string();
        assert!(error.contains("listing-08-01-y/Cargo.toml"), "{error}");
    }
}
