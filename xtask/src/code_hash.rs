//! Hashes of the code a recording was made from: for a chapter's
//! benchmarks, its bench targets, the data files they `include_str!`, the
//! benches' shared support code and every listing the targets use; for the
//! Go records, the Go sources. A recorded
//! result whose hash differs was made from other code: stale.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use preprocessor::listings;
use sha2::{Digest, Sha256};
use walkdir::WalkDir;

use crate::measure;

/// The hash of what the chapter's benchmarks measure.
pub fn of_chapter(chapter: u32) -> Result<String> {
    let root = crate::root();
    let targets = measure::targets_for(chapter)?;
    let mut files: Vec<PathBuf> = targets.iter().map(|t| t.path.clone()).collect();
    files.extend(rust_files(&root.join("benches/src")));
    let mut sources = String::new();
    for target in &targets {
        let source = fs::read_to_string(&target.path)
            .with_context(|| format!("cannot read {}", target.path.display()))?;
        files.extend(included_files(&target.path, &source));
        sources.push_str(&source);
    }
    let all = listings::discover(root).map_err(anyhow::Error::msg)?;
    for listing in all
        .iter()
        .filter(|l| sources.contains(&l.package.replace('-', "_")))
    {
        let dir = listing.path(root);
        files.push(dir.join("Cargo.toml"));
        files.extend(rust_files(&dir.join("src")));
    }
    of_files(root, files, &[])
}

/// The first 8 bytes of a SHA-256, in hex, over each file (its path relative
/// to `root`, then its contents) in path order, then over `settings`: the
/// options a record also depends on, such as compiler flags.
pub fn of_files(root: &Path, mut files: Vec<PathBuf>, settings: &[&str]) -> Result<String> {
    files.sort();
    let mut hasher = Sha256::new();
    for file in files {
        let relative = file.strip_prefix(root).unwrap_or(&file);
        hasher.update(relative.to_string_lossy().as_bytes());
        hasher.update([0]);
        hasher.update(fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?);
        hasher.update([0]);
    }
    for setting in settings {
        hasher.update(setting.as_bytes());
    }
    let digest = hasher.finalize();
    Ok(digest.iter().take(8).map(|b| format!("{b:02x}")).collect())
}

/// The files a bench target reads at build time with `include_str!("…")`
/// (chapter 3's recorded Go runs), relative to the target, as rustc resolves
/// them.
fn included_files(target: &Path, source: &str) -> Vec<PathBuf> {
    let dir = target.parent().unwrap_or(Path::new("."));
    source
        .split("include_str!(\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"'))
        .map(|(path, _)| dir.join(path))
        .collect()
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| e.into_path())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_files_a_target_includes() {
        let source = "const RUNS: &str = include_str!(\"../go-runs.json\");\nfn main() {}\n";
        assert_eq!(
            included_files(Path::new("benches/benches/ch03.rs"), source),
            vec![PathBuf::from("benches/benches/../go-runs.json")]
        );
        assert!(included_files(Path::new("a.rs"), "fn main() {}").is_empty());
    }
}
