//! `[[run]]`: what a listing's binary prints, for a build or arguments its
//! `output.txt` (the debug run, checked by copy-out) cannot show.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use super::{Made, Output, prompt};
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

pub fn output(entry: Entry) -> Output {
    Output {
        path: entry.output.clone(),
        make: Box::new(move |_| make(&entry)),
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
