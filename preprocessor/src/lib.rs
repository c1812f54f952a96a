//! The book's own mdBook directives, and what the project tool needs to know
//! about the book (where its listings are).
//!
//! The binary (`main.rs`) speaks mdBook's preprocessor protocol; everything it
//! does is here so it can be unit-tested and reused by `xtask`.

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
