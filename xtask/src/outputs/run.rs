//! `[[run]]`: what a listing's binary prints, for a build or arguments its
//! `output.txt` (the debug run, checked by copy-out) cannot show.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use super::{Made, Output, Purpose, prompt};
use crate::cmd;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    package: String,
    #[serde(default)]
    release: bool,
    #[serde(default)]
    args: Vec<String>,
    output: PathBuf,
}

impl Output for Entry {
    fn path(&self) -> &Path {
        &self.output
    }

    fn make(&self, _: Purpose) -> Result<Made> {
        make(self)
    }
}

fn make(entry: &Entry) -> Result<Made> {
    let mut cargo_args = vec!["run".to_owned()];
    if entry.release {
        cargo_args.push("--release".into());
    }
    cargo_args.extend(["-p".into(), entry.package.clone()]);
    if !entry.args.is_empty() {
        cargo_args.push("--".into());
        cargo_args.extend(entry.args.iter().cloned());
    }
    let mut command = cmd::new("cargo");
    command.arg("--quiet").args(&cargo_args);
    eprintln!("$ {}", cmd::display(&command));
    let output = command.output().context("cannot run cargo")?;
    if !output.status.success() {
        bail!(
            "`cargo {}` failed ({}):\n{}",
            cargo_args.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let mut text = prompt(&format!("cargo {}", cargo_args.join(" ")));
    text.push_str(&String::from_utf8_lossy(&output.stdout));
    Ok(Made::Text(text))
}
