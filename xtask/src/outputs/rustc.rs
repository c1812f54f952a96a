//! Programs rustc rejects: every `outputs/chNN/NAME.rs`, compiled as a reader
//! would compile it (as `src/main.rs` of a new package, or `src/lib.rs` when
//! it has no `main`), with rustc's diagnostics kept in `NAME.stderr`.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use super::{DIR, Made, Output, Purpose};
use crate::cmd;

/// A program rustc rejects, and the `.stderr` beside it.
struct Rejected {
    source: PathBuf,
    stderr: PathBuf,
}

impl Output for Rejected {
    fn path(&self) -> &Path {
        &self.stderr
    }

    fn make(&self, _: Purpose) -> Result<Made> {
        diagnostics(&crate::root().join(&self.source)).map(Made::Text)
    }
}

/// Every rejected program under `outputs/`, as an output of its `.stderr`.
pub fn outputs(root: &Path) -> Result<Vec<Box<dyn Output>>> {
    let mut sources: Vec<PathBuf> = walkdir::WalkDir::new(root.join(DIR))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| is_source(e.path()))
        .map(|e| e.path().strip_prefix(root).map(Path::to_path_buf))
        .collect::<Result<_, _>>()?;
    sources.sort();
    Ok(sources
        .into_iter()
        .map(|source| {
            let stderr = source.with_extension("stderr");
            Box::new(Rejected { source, stderr }) as Box<dyn Output>
        })
        .collect())
}

pub fn is_source(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "rs")
}

/// What rustc says about `source`, which must not compile.
fn diagnostics(source: &Path) -> Result<String> {
    let program =
        fs::read_to_string(source).with_context(|| format!("cannot read {}", source.display()))?;
    let (crate_type, file) = if program.contains("fn main(") {
        ("bin", "src/main.rs")
    } else {
        ("lib", "src/lib.rs")
    };
    let package = tempfile::tempdir()?;
    fs::create_dir(package.path().join("src"))?;
    fs::write(package.path().join(file), &program)?;
    let output = cmd::new("rustc")
        .current_dir(package.path())
        .args([
            "--edition",
            "2024",
            "--crate-type",
            crate_type,
            "--crate-name",
            "demo",
        ])
        .args([
            "--error-format",
            "json",
            "--emit",
            "metadata",
            "--out-dir",
            "out",
        ])
        .arg(file)
        .output()
        .context("cannot run rustc")?;
    if output.status.success() {
        bail!(
            "rustc accepts this program; a program under {DIR}/ is one the book shows rustc rejecting"
        );
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    render(&stderr)
}

/// The diagnostics as rustc prints them to a terminal, without the closing
/// summary ("aborting due to...", "For more information...").
fn render(json_lines: &str) -> Result<String> {
    let mut rendered = Vec::new();
    for line in json_lines.lines().filter(|l| l.starts_with('{')) {
        let diagnostic: Value = serde_json::from_str(line).context("rustc printed bad JSON")?;
        let message = diagnostic["message"].as_str().unwrap_or_default();
        let level = diagnostic["level"].as_str().unwrap_or_default();
        let summary = message.starts_with("aborting due to")
            || (message.ends_with("emitted") && message.contains("warning"))
            || level == "failure-note";
        if !summary && let Some(text) = diagnostic["rendered"].as_str() {
            rendered.push(text.trim_end().to_owned());
        }
    }
    if rendered.is_empty() {
        bail!("rustc failed without a diagnostic");
    }
    Ok(rendered.join("\n\n") + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_diagnostics_and_drops_the_summary() {
        let lines = [
            r#"{"message":"borrow of moved value","level":"error","rendered":"error[E0382]: borrow of moved value\n --> src/main.rs:8:16\n"}"#,
            r#"{"message":"unused variable","level":"warning","rendered":"warning: unused variable\n"}"#,
            r#"{"message":"aborting due to 1 previous error; 1 warning emitted","level":"error","rendered":"error: aborting\n"}"#,
            r#"{"message":"For more information about this error, try `rustc --explain E0382`.","level":"failure-note","rendered":"For more\n"}"#,
        ]
        .join("\n");
        assert_eq!(
            render(&lines).unwrap(),
            "error[E0382]: borrow of moved value\n --> src/main.rs:8:16\n\nwarning: unused variable\n"
        );
    }

    #[test]
    fn a_program_that_compiles_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("fine.rs");
        fs::write(&source, "fn main() {}\n").unwrap();
        let error = diagnostics(&source).unwrap_err();
        assert!(
            error.to_string().contains("rustc accepts this program"),
            "{error}"
        );
    }

    #[test]
    fn reports_what_rustc_says() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("moved.rs");
        fs::write(
            &source,
            "fn main() {\n    let a = String::new();\n    let b = a;\n    println!(\"{a}{b}\");\n}\n",
        )
        .unwrap();
        let text = diagnostics(&source).unwrap();
        assert!(
            text.starts_with("error[E0382]: borrow of moved value: `a`\n --> src/main.rs:4:16"),
            "{text}"
        );
        assert!(!text.contains("aborting"), "{text}");
    }
}
