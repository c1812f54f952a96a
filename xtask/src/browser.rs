//! The real-browser check: the built book loaded in headless Chromium, as a
//! reader's browser loads it (`.ci/browser-check.py`: every request stays
//! on localhost, math renders with KaTeX's fonts, search finds a word).
//!
//! It needs Chromium and Python. Where they are missing and the machine can
//! install Debian's packages (root, apt-get: a CI machine), it installs them;
//! elsewhere the step is reported as skipped, with the command that would
//! install them, never as passed.

use std::fmt;

use anyhow::{Result, bail};

use crate::{book, cmd};

const SCRIPT: &str = ".ci/browser-check.py";
const PACKAGES: [&str; 2] = ["chromium", "python3"];

/// A step that could not run here, and what would make it run.
#[derive(Debug)]
pub struct Skipped(pub String);

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Skipped {}

/// Runs the check on the built site (`book::SITE_DIR`), after installing
/// what it needs where that is possible.
pub fn run() -> Result<()> {
    let missing: Vec<&str> = PACKAGES.into_iter().filter(|p| !on_path(p)).collect();
    if !missing.is_empty() {
        if can_install() {
            eprintln!(
                "browser check: installing {} with apt-get",
                missing.join(", ")
            );
            // A machine whose package sources lack them (another
            // distribution, no network) could not run the check: skipped,
            // with apt-get's reason, not failed and not passed.
            let installed = cmd::run(cmd::new("apt-get").args(["update", "-qq"])).and_then(|()| {
                cmd::run(
                    cmd::new("apt-get")
                        .args(["install", "-y", "-qq"])
                        .args(&missing),
                )
            });
            if let Err(error) = installed {
                return Err(Skipped(format!(
                    "{} could not be installed with apt-get ({error:#}); install {} and run `cargo xtask test` again",
                    missing.join(" and "),
                    if missing.len() == 1 { "it" } else { "them" },
                ))
                .into());
            }
        } else {
            return Err(Skipped(format!(
                "{} not found; install {} (Debian: `sudo apt-get install {}`) and run `cargo xtask test` again",
                missing.join(" and "),
                if missing.len() == 1 { "it" } else { "them" },
                missing.join(" ")
            ))
            .into());
        }
    }
    let site = crate::root().join(book::SITE_DIR);
    if !site.join("index.html").is_file() {
        bail!(
            "no built site in {}; run `cargo xtask build` first",
            book::SITE_DIR
        );
    }
    cmd::run(cmd::new("python3").arg(crate::root().join(SCRIPT)))
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// Root, with apt-get: a machine we may install Debian's packages on.
fn can_install() -> bool {
    on_path("apt-get")
        && cmd::output_of(cmd::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}
