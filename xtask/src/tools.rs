//! The pinned tools the book is built and checked with.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Result, bail};

use crate::cmd;

pub struct Tool {
    /// The program's name on PATH.
    pub program: &'static str,
    /// The crate `cargo install` builds it from.
    pub krate: &'static str,
    pub version: &'static str,
    /// Needed to serve the book, not only to check it.
    pub serves: bool,
}

/// Pinned versions: the book is tested with exactly these.
pub const TOOLS: [Tool; 4] = [
    Tool {
        program: "mdbook",
        krate: "mdbook",
        version: "0.5.4",
        serves: true,
    },
    Tool {
        program: "mdbook-katex",
        krate: "mdbook-katex",
        version: "0.10.0",
        serves: true,
    },
    Tool {
        program: "mdbook-linkcheck2",
        krate: "mdbook-linkcheck2",
        version: "0.13.0",
        serves: false,
    },
    Tool {
        program: "typos",
        krate: "typos-cli",
        version: "1.52.0",
        serves: false,
    },
];

/// Where `cargo install` puts programs: `$CARGO_HOME/bin`, or `~/.cargo/bin`.
pub fn install_dir() -> PathBuf {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"));
    cargo_home.join("bin")
}

/// PATH with the install folder first, so the programs we installed win.
pub fn path_with_install_dir() -> OsString {
    let mut dirs = vec![install_dir()];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).unwrap_or_default()
}

/// What `program --version` says, if the program runs at all.
fn installed_version(tool: &Tool) -> Option<String> {
    cmd::output_of(cmd::new(tool.program).arg("--version")).map(|s| s.trim().to_owned())
}

/// Whether `--version` output names exactly `version` (not 0.5.40 for 0.5.4).
fn names_version(output: &str, version: &str) -> bool {
    output
        .split(|c: char| c.is_whitespace() || c == 'v')
        .any(|word| word == version)
}

/// Installs each pinned tool that is missing or at another version.
pub fn install_all() -> Result<()> {
    install(TOOLS.iter())
}

/// Installs only what serving the book needs: mdBook and its math
/// preprocessor, not the link checker or the spellchecker.
pub fn install_for_serving() -> Result<()> {
    install(TOOLS.iter().filter(|tool| tool.serves))
}

fn install<'a>(tools: impl Iterator<Item = &'a Tool> + Clone) -> Result<()> {
    for tool in tools.clone() {
        match installed_version(tool) {
            Some(found) if names_version(&found, tool.version) => {
                eprintln!("{} {}: already installed", tool.program, tool.version);
            }
            found => {
                let why = found.map_or("not installed".to_owned(), |f| format!("found `{f}`"));
                eprintln!(
                    "{} {}: {why}; installing with `cargo install --locked` (a few minutes)",
                    tool.program, tool.version
                );
                let started = Instant::now();
                cmd::run(cmd::new("cargo").args([
                    "install",
                    "--locked",
                    "--version",
                    tool.version,
                    tool.krate,
                ]))?;
                eprintln!(
                    "{}: installed in {:.0} s",
                    tool.program,
                    started.elapsed().as_secs_f64()
                );
            }
        }
    }
    check(tools)
}

/// Fails, naming the tool and the fix, unless each of `tools` is on PATH at
/// its pinned version.
fn check<'a>(tools: impl Iterator<Item = &'a Tool>) -> Result<()> {
    for tool in tools {
        match installed_version(tool) {
            Some(found) if names_version(&found, tool.version) => {}
            Some(found) => bail!(
                "{} is `{found}`, the book needs {}; run `cargo xtask install-tools`",
                tool.program,
                tool.version
            ),
            None => bail!(
                "{} not found on PATH (looked in {} first); run `cargo xtask install-tools`",
                tool.program,
                install_dir().display()
            ),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_version_strings() {
        assert!(names_version("mdbook v0.5.4", "0.5.4"));
        assert!(names_version("typos-cli 1.52.0", "1.52.0"));
        assert!(names_version("mdbook-katex 0.10.0\n", "0.10.0"));
        assert!(!names_version("mdbook v0.5.40", "0.5.4"));
        assert!(!names_version("mdbook v0.4.52", "0.5.4"));
    }
}
