//! The book's listings: `listings/chNN-slug/listing-NN-MM-slug/`, one Cargo
//! package each, named after its folder.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail};

/// The folder, relative to the book's root, that holds every listing.
pub const LISTINGS_DIR: &str = "listings";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub chapter: u32,
    pub number: u32,
    /// Folder name, which is also the Cargo package name.
    pub package: String,
    /// Path relative to the book's root, with `/` separators.
    pub dir: String,
    /// Whether the package has a binary (`src/main.rs`) for the reader to run.
    pub runnable: bool,
    /// Whether it shows what it is for only when optimised: its `Cargo.toml`
    /// says `[package.metadata.book] release = true`.
    pub release: bool,
}

impl Listing {
    /// The label the book prints, "Listing 1-2".
    pub fn label(&self) -> String {
        format!("Listing {}-{}", self.chapter, self.number)
    }

    /// The listing's folder on disk.
    pub fn path(&self, root: &Path) -> PathBuf {
        root.join(&self.dir)
    }

    /// The command that shows what the listing does, from the repository's
    /// root: run its binary, or, for a library, run its tests.
    pub fn command(&self) -> String {
        let verb = if self.runnable { "run" } else { "test" };
        let profile = if self.release { " --release" } else { "" };
        format!("cargo {verb}{profile} -p {}", self.package)
    }
}

/// Every listing under `root/listings`, ordered by chapter and number.
///
/// A folder that breaks the naming scheme is an error, not silently skipped:
/// a listing the tools do not see is a listing nobody tests.
pub fn discover(root: &Path) -> anyhow::Result<Vec<Listing>> {
    let base = root.join(LISTINGS_DIR);
    let mut by_number: BTreeMap<(u32, u32), Listing> = BTreeMap::new();
    for chapter_dir in sorted_subdirs(&base)? {
        let chapter_name = file_name(&chapter_dir);
        let chapter = chapter_of(&chapter_name).ok_or_else(|| {
            anyhow!(
                "{}: a chapter's listings folder is named `chNN-slug` (e.g. `ch01-values-and-pointers`); rename it",
                chapter_dir.display()
            )
        })?;
        for listing_dir in sorted_subdirs(&chapter_dir)? {
            let package = file_name(&listing_dir);
            let (listing_chapter, number) = parse_listing_dir(&package).ok_or_else(|| {
                anyhow!(
                    "{}: a listing folder is named `listing-NN-MM-slug` (chapter NN, listing MM); rename it",
                    listing_dir.display()
                )
            })?;
            if listing_chapter != chapter {
                bail!(
                    "{}: listing of chapter {listing_chapter} sits in chapter {chapter}'s folder; move or renumber it",
                    listing_dir.display()
                );
            }
            let listing = Listing {
                chapter,
                number,
                package: package.clone(),
                dir: format!("{LISTINGS_DIR}/{chapter_name}/{package}"),
                runnable: listing_dir.join("src/main.rs").is_file(),
                release: wants_release(&listing_dir)?,
            };
            if let Some(other) = by_number.insert((chapter, number), listing) {
                bail!(
                    "{}: {} is numbered {chapter:02}-{number:02} too; give one of them another number",
                    listing_dir.display(),
                    other.dir
                );
            }
        }
    }
    Ok(by_number.into_values().collect())
}

/// Whether the listing's `Cargo.toml` asks for an optimised build
/// (`[package.metadata.book] release = true`).
fn wants_release(dir: &Path) -> anyhow::Result<bool> {
    let path = dir.join("Cargo.toml");
    let text =
        fs::read_to_string(&path).map_err(|e| anyhow!("{}: cannot read: {e}", path.display()))?;
    let manifest: toml::Table =
        toml::from_str(&text).map_err(|e| anyhow!("{}: {}", path.display(), e.message()))?;
    let book = manifest
        .get("package")
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("book"));
    match book.and_then(|b| b.get("release")) {
        None => Ok(false),
        Some(toml::Value::Boolean(release)) => Ok(*release),
        Some(other) => bail!(
            "{}: [package.metadata.book] release must be true or false, not {other}",
            path.display()
        ),
    }
}

/// The listing numbered `NN-MM` (as written in a caption directive).
pub fn find<'a>(listings: &'a [Listing], number: &str) -> Option<&'a Listing> {
    let (chapter, listing) = parse_number(number)?;
    listings
        .iter()
        .find(|l| l.chapter == chapter && l.number == listing)
}

/// `"01-02"` → `(1, 2)`. Both parts are two digits, as in folder names.
pub fn parse_number(number: &str) -> Option<(u32, u32)> {
    let (chapter, listing) = number.split_once('-')?;
    Some((two_digits(chapter)?, two_digits(listing)?))
}

/// The chapter a name belongs to, by the project's one naming rule: `ch`,
/// two digits, a dash or underscore, then a slug. `ch03-gc-pacing` (a
/// listings folder), `ch03-gc-pacing.md` (a chapter), `ch03_gc_pacing` (a
/// bench target) → 3.
pub fn chapter_of(name: &str) -> Option<u32> {
    let rest = name.strip_prefix("ch")?;
    let (number, slug) = rest.split_at_checked(2)?;
    let slug = slug.strip_prefix('-').or_else(|| slug.strip_prefix('_'))?;
    (!slug.is_empty()).then_some(())?;
    two_digits(number)
}

fn parse_listing_dir(name: &str) -> Option<(u32, u32)> {
    let rest = name.strip_prefix("listing-")?;
    let mut parts = rest.splitn(3, '-');
    let chapter = two_digits(parts.next()?)?;
    let number = two_digits(parts.next()?)?;
    let slug = parts.next()?;
    (!slug.is_empty()).then_some((chapter, number))
}

fn two_digits(s: &str) -> Option<u32> {
    (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

fn sorted_subdirs(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => bail!("{}: cannot read: {e}", dir.display()),
    };
    let mut dirs = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| anyhow!("{}: cannot read: {e}", dir.display()))?
            .path();
        if path.is_dir() {
            dirs.push(path);
        }
    }
    dirs.sort();
    Ok(dirs)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder holding `listings/<dir>` for each of `dirs`.
    fn tree(dirs: &[&str]) -> PathBuf {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let root = std::env::temp_dir().join(format!("listings-test-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        for dir in dirs {
            let listing = root.join(LISTINGS_DIR).join(dir);
            fs::create_dir_all(&listing).unwrap();
            fs::write(listing.join("Cargo.toml"), "[package]\n").unwrap();
        }
        root
    }

    #[test]
    fn parses_names() {
        assert_eq!(parse_number("01-02"), Some((1, 2)));
        assert_eq!(parse_number("1-2"), None);
        assert_eq!(
            parse_listing_dir("listing-05-12-row-vs-column"),
            Some((5, 12))
        );
        assert_eq!(parse_listing_dir("listing-05-12-"), None);
        assert_eq!(chapter_of("ch05-cpu-caches"), Some(5));
        assert_eq!(chapter_of("chapter5"), None);
        assert_eq!(chapter_of("ch03-gc-pacing.md"), Some(3));
        assert_eq!(chapter_of("ch03_gc_pacing"), Some(3));
        assert_eq!(chapter_of("ch03"), None);
        assert_eq!(chapter_of("ch03-"), None);
    }

    #[test]
    fn discovers_listings_in_order() {
        let root = tree(&[
            "ch01-values/listing-01-02-b",
            "ch01-values/listing-01-01-a",
            "ch02-stack/listing-02-01-c",
        ]);
        let found = discover(&root).unwrap();
        let packages: Vec<_> = found.iter().map(|l| l.package.as_str()).collect();
        assert_eq!(
            packages,
            ["listing-01-01-a", "listing-01-02-b", "listing-02-01-c"]
        );
        assert_eq!(found[1].label(), "Listing 1-2");
        assert_eq!(found[2].dir, "listings/ch02-stack/listing-02-01-c");
        assert_eq!(found[0].command(), "cargo test -p listing-01-01-a");
        assert_eq!(find(&found, "02-01").unwrap().package, "listing-02-01-c");
        assert!(find(&found, "02-02").is_none());
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn a_listing_may_ask_to_run_optimised() {
        let root = tree(&["ch05-caches/listing-05-03-chase"]);
        let dir = root
            .join(LISTINGS_DIR)
            .join("ch05-caches/listing-05-03-chase");
        fs::create_dir_all(dir.join("src")).unwrap();
        fs::write(dir.join("src/main.rs"), "fn main() {}\n").unwrap();
        fs::write(
            dir.join("Cargo.toml"),
            "[package]\nname = \"x\"\n[package.metadata.book]\nrelease = true\n",
        )
        .unwrap();
        let found = discover(&root).unwrap();
        assert_eq!(
            found[0].command(),
            "cargo run --release -p listing-05-03-chase"
        );
        fs::write(
            dir.join("Cargo.toml"),
            "[package]\n[package.metadata.book]\nrelease = \"yes\"\n",
        )
        .unwrap();
        assert!(
            discover(&root)
                .unwrap_err()
                .to_string()
                .contains("true or false")
        );
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn rejects_misplaced_and_duplicate_listings() {
        let root = tree(&["ch01-values/listing-02-01-a"]);
        assert!(
            discover(&root)
                .unwrap_err()
                .to_string()
                .contains("chapter 2")
        );
        fs::remove_dir_all(root).unwrap();

        let root = tree(&["ch01-values/listing-01-01-a", "ch01-values/listing-01-01-b"]);
        assert!(
            discover(&root)
                .unwrap_err()
                .to_string()
                .contains("numbered 01-01 too")
        );
        fs::remove_dir_all(root).unwrap();

        let root = tree(&["ch01-values/copy-and-move"]);
        assert!(
            discover(&root)
                .unwrap_err()
                .to_string()
                .contains("listing-NN-MM-slug")
        );
        fs::remove_dir_all(root).unwrap();
    }
}
