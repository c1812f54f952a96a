//! The `preprocessor` binary run as mdBook runs it, on a small book in a
//! temporary folder: `supports <renderer>` first, then `[context, book]` as
//! JSON on stdin, the book back on stdout, or errors on stderr as
//! `file:line: message` and a failing exit status.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use book_model::claims::{ClaimResult, Measurement, Provenance, Results};
use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::{Book, BookItem, Chapter};
use mdbook_preprocessor::config::Config;
use tempfile::TempDir;

const BOOK_TOML: &str = r#"
[book]
title = "A small book"
src = "src"

[output.html]
git-repository-url = "https://example.org/book"
"#;

const CLAIMS_TOML: &str = r#"
[[claim]]
id = "values.copy-vs-box"
chapter = 1
statement = "Values side by side are at least {threshold} faster than boxes."
fast = "values/sum_values"
slow = "values/sum_boxed"
threshold = 2.0
depends_on = "your allocator"
"#;

const CHAPTER_FILE: &str = "ch01-values.md";

const LISTING: &str = "listings/ch01-values/listing-01-01-move";

/// A book in a temporary folder: `book.toml`, one chapter written as
/// `chapter`, the claims registry, a recorded result, and one listing.
fn book(chapter: &str) -> TempDir {
    let root = tempfile::tempdir().unwrap();
    let write = |path: &str, contents: &str| {
        let path = root.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    };
    write("book.toml", BOOK_TOML);
    write(&format!("src/{CHAPTER_FILE}"), chapter);
    write("benches/claims.toml", CLAIMS_TOML);
    write(
        &format!("{LISTING}/Cargo.toml"),
        "[package]\nname = \"listing-01-01-move\"\n",
    );
    write(&format!("{LISTING}/src/main.rs"), "fn main() {}\n");
    recorded_results().save(root.path()).unwrap();
    root
}

/// The claim measured at 1 ms against 10 ms, each ± 10%: 8.2× conservatively.
fn recorded_results() -> Results {
    let measurement = |id: &str, point: f64| Measurement {
        id: id.into(),
        point,
        lower: point * 0.9,
        upper: point * 1.1,
    };
    let mut results = Results::default();
    results.claims.insert(
        "values.copy-vs-box".into(),
        ClaimResult {
            fast: measurement("values/sum_values", 1e6),
            slow: measurement("values/sum_boxed", 1e7),
            ratio: 0.9e7 / 1.1e6,
            code_hash: "0123456789abcdef".into(),
            provenance: Provenance::example(),
        },
    );
    results
}

/// Runs the preprocessor on the book at `root` as mdBook would, with the
/// chapter's content as mdBook hands it over (its includes already expanded).
fn preprocess(root: &Path, content: &str) -> Output {
    let config: Config = BOOK_TOML.parse().unwrap();
    let context = PreprocessorContext::new(root.to_path_buf(), config, "html".into());
    let chapter = Chapter::new("Values", content.into(), CHAPTER_FILE, Vec::new());
    let book = Book::new_with_items(vec![BookItem::Chapter(chapter)]);
    let input = serde_json::to_vec(&(&context, &book)).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_preprocessor"))
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The child reads all of stdin before it writes: no deadlock.
    child.stdin.take().unwrap().write_all(&input).unwrap();
    child.wait_with_output().unwrap()
}

/// The single chapter's content in the book the preprocessor gave back.
fn content_of(output: &Output) -> String {
    let book: Book = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not a book ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    let chapters: Vec<&Chapter> = book.chapters().collect();
    assert_eq!(chapters.len(), 1);
    chapters[0].content.clone()
}

#[test]
fn supports_the_html_renderer() {
    let status = Command::new(env!("CARGO_BIN_EXE_preprocessor"))
        .args(["supports", "html"])
        .stdin(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn expands_a_chapters_directives_and_gives_the_book_back() {
    let chapter = "# Values\n\n\
                   {{#caption 01-01 Moving a `String`}}\n\n\
                   It is {{#ratio values.copy-vs-box}} faster.\n\n\
                   {{#claim values.copy-vs-box}}\n";
    let root = book(chapter);
    let output = preprocess(root.path(), chapter);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let content = content_of(&output);
    assert!(content.starts_with("# Values\n\n"), "{content}");
    assert!(
        content.contains(
            "[**Listing 1-1**](https://example.org/book/tree/main/listings/ch01-values/listing-01-01-move): \
             Moving a `String`"
        ),
        "{content}"
    );
    assert!(
        content.contains("`cargo run -p listing-01-01-move`"),
        "{content}"
    );
    assert!(content.contains("It is 8.2× faster."), "{content}");
    assert!(
        content.contains("<div class=\"claim\" id=\"claim-values.copy-vs-box\">"),
        "{content}"
    );
    assert!(!content.contains("{{#"), "a directive was left: {content}");
}

#[test]
fn an_unknown_claim_fails_naming_the_file_and_line_as_written() {
    // mdBook hands over the chapter with its include expanded, three lines
    // where the file has one; the error must point into the file.
    let written = "# Values\n\n{{#include intro.md}}\n\n\
                   {{#caption 01-01 Moving}}\n\n\
                   {{#claim values.nope}}\n";
    let expanded = written.replace("{{#include intro.md}}", "One.\n\nTwo.");
    let root = book(written);
    let output = preprocess(root.path(), &expanded);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "error: src/ch01-values.md:7: no claim \"values.nope\" in benches/claims.toml; \
             register it there or fix the id"
        ),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "no book is given back on failure");
}
