//! What the book is made of, and the checks that tie it together, shared by
//! the mdBook preprocessor (`preprocessor/`, a thin binary) and the project
//! tool (`xtask/`).
//!
//! The words, once, in the order the data flows:
//!
//! - A **listing** is a Cargo package under `listings/`, numbered by its
//!   folder (`listings::discover`); a chapter shows it and gives it a
//!   **caption** (`{{#caption 03-02 ...}}`, `caption`).
//! - A **claim** is a sentence the book makes about two measurements, with a
//!   threshold; a **figure** draws recorded curves. Both are registered in
//!   `benches/claims.toml` (`claims::Registry`).
//! - `cargo xtask bench` runs the bench targets, which record **timings**
//!   (criterion), **metrics** (counts) and **readings** (several values the
//!   OS reports), and writes each claim's two measurements and ratio, with
//!   the machine's **provenance** and a hash of the code measured, to
//!   `benches/results.json` (`claims::Results`); it draws the figures.
//! - `cargo xtask go` records real Go runs in `benches/go-runs.json`
//!   (`go_runs`).
//! - The preprocessor expands the **directives** (`directive`) of each
//!   chapter: captions, claim boxes and tables, ratios, machine facts and Go
//!   provenance, from those files.
//! - `cargo xtask test` checks that all of it agrees: every claim shown and
//!   registered, every result fresh and holding, every listing captioned in
//!   order.
//!
//! Errors carry the file and line to fix (`SourceError`); a directive's
//! error carries the directive as written (`directive::DirectiveError`), which
//! the preprocessor finds in the chapter to give its line.

pub mod caption;
pub mod claims;
pub mod directive;
pub mod files;
pub mod go_runs;
pub mod listings;
pub mod machine;

use std::fmt;
use std::path::PathBuf;

/// An error in the book's source, located at `file:line` so the author can
/// jump straight to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

impl std::error::Error for SourceError {}
