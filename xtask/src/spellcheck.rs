//! Spelling, with typos; the book's own vocabulary is in `ci/typos.toml`.

use anyhow::{Result, bail};

use crate::cmd;
use crate::diagnostics::problems_in_log;

pub const CONFIG: &str = "ci/typos.toml";

pub fn run() -> Result<()> {
    let transcript = cmd::run_and_capture(cmd::new("typos").args(["--config", CONFIG]))?;
    if !transcript.success {
        let problems = problems_in_log("", &transcript.lines);
        bail!(
            "misspelt words (fix them, or add a word the book means to {CONFIG}):\n  {}",
            problems.join("\n  ")
        );
    }
    Ok(())
}
