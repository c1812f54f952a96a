//! A hash of the code a chapter's benchmarks measure: its bench targets, the
//! benches' shared support code, and every listing the targets use. A
//! recorded result whose hash differs was measured on other code: stale.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use preprocessor::listings;
use sha2::{Digest, Sha256};
use walkdir::WalkDir;

use crate::measure;

pub fn of_chapter(chapter: u32) -> Result<String> {
    let root = crate::root();
    let targets = measure::targets_for(chapter)?;
    let mut files: Vec<PathBuf> = targets.iter().map(|t| t.path.clone()).collect();
    files.extend(rust_files(&root.join("benches/src")));
    let mut sources = String::new();
    for target in &targets {
        sources.push_str(
            &fs::read_to_string(&target.path)
                .with_context(|| format!("cannot read {}", target.path.display()))?,
        );
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
    files.sort();
    let mut hasher = Sha256::new();
    for file in files {
        let relative = file.strip_prefix(root).unwrap_or(&file);
        hasher.update(relative.to_string_lossy().as_bytes());
        hasher.update([0]);
        hasher.update(fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?);
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    Ok(digest.iter().take(8).map(|b| format!("{b:02x}")).collect())
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| e.into_path())
        .collect()
}
