//! Hashes of the code a recording was made from: for a chapter's
//! benchmarks, its bench targets, the data files they `include_str!`, the
//! benches' shared support code and every listing the targets use; for the
//! Go records, the Go sources. A recorded
//! result whose hash differs was made from other code: stale.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use book_model::listings;
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
    let all = listings::discover(root)?;
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
    // Each setting is ended like a file, so ["ab", "c"] and ["a", "bc"]
    // differ.
    for setting in settings {
        hasher.update(setting.as_bytes());
        hasher.update([0]);
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

    /// A checkout holding `files`, `(path, contents)`, and the paths to hash.
    fn checkout(files: &[(&str, &str)]) -> (tempfile::TempDir, Vec<PathBuf>) {
        let root = tempfile::tempdir().unwrap();
        let paths = files
            .iter()
            .map(|(path, contents)| {
                let path = root.path().join(path);
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(&path, contents).unwrap();
                path
            })
            .collect();
        (root, paths)
    }

    fn hash(files: &[(&str, &str)], settings: &[&str]) -> String {
        let (root, paths) = checkout(files);
        of_files(root.path(), paths, settings).unwrap()
    }

    const BENCH: (&str, &str) = ("benches/benches/ch05_caches.rs", "fn main() {}\n");
    const SUPPORT: (&str, &str) = ("benches/src/lib.rs", "pub fn record() {}\n");

    #[test]
    fn a_hash_is_sixteen_hex_digits() {
        let hash = hash(&[BENCH, SUPPORT], &[]);
        assert_eq!(hash.len(), 16, "{hash}");
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()), "{hash}");
    }

    #[test]
    fn the_hash_changes_when_a_file_changes() {
        let edited = (SUPPORT.0, "pub fn record() { todo!() }\n");
        assert_ne!(hash(&[BENCH, SUPPORT], &[]), hash(&[BENCH, edited], &[]));
    }

    #[test]
    fn the_hash_changes_when_a_file_is_renamed() {
        let renamed = ("benches/src/support.rs", SUPPORT.1);
        assert_ne!(hash(&[BENCH, SUPPORT], &[]), hash(&[BENCH, renamed], &[]));
    }

    #[test]
    fn one_file_cannot_pass_for_two() {
        // Without separators, both would hash `a.rs`, `b.rs`, `fn g() {}`.
        assert_ne!(
            hash(&[("a.rs", "b.rsfn g() {}")], &[]),
            hash(&[("a.rs", ""), ("b.rs", "fn g() {}")], &[])
        );
    }

    #[test]
    fn the_hash_changes_when_a_setting_changes() {
        let files = [BENCH, SUPPORT];
        let plain = hash(&files, &[]);
        let optimised = hash(&files, &["-C opt-level=3"]);
        assert_ne!(plain, optimised);
        assert_ne!(optimised, hash(&files, &["-C opt-level=2"]));
        // Where one setting ends and the next begins is part of the hash.
        assert_ne!(hash(&files, &["ab", "c"]), hash(&files, &["a", "bc"]));
        assert_ne!(hash(&files, &[]), hash(&files, &[""]));
    }

    #[test]
    fn the_order_of_the_files_does_not_change_the_hash() {
        let (root, mut paths) = checkout(&[BENCH, SUPPORT, ("listings/a/src/lib.rs", "")]);
        let forwards = of_files(root.path(), paths.clone(), &[]).unwrap();
        paths.reverse();
        assert_eq!(of_files(root.path(), paths, &[]).unwrap(), forwards);
    }

    #[test]
    fn the_hash_does_not_depend_on_where_the_checkout_is() {
        // Each call makes its own temporary folder: two checkouts of one tree.
        assert_eq!(hash(&[BENCH, SUPPORT], &[]), hash(&[BENCH, SUPPORT], &[]));
    }

    #[test]
    fn a_missing_file_is_an_error_naming_it() {
        let (root, mut paths) = checkout(&[BENCH]);
        paths.push(root.path().join("benches/go-runs.json"));
        let error = of_files(root.path(), paths, &[]).unwrap_err();
        assert!(
            error.to_string().contains("cannot read")
                && error.to_string().ends_with("benches/go-runs.json"),
            "{error}"
        );
    }
}
