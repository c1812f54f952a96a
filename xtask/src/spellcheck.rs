//! Spelling, with typos; the book's own vocabulary is in `.ci/typos.toml`.
//! typos reports in JSON (`--format json`, one message a line), which we read
//! with serde rather than scrape the report it writes for people.

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::{cmd, tools};

pub const CONFIG: &str = ".ci/typos.toml";

pub fn run() -> Result<()> {
    let transcript =
        cmd::run_and_capture(cmd::new("typos").args(["--config", CONFIG, "--format", "json"]))
            .with_context(|| format!("{}; run `cargo xtask install-tools`", typos_pinned()))?;
    let (problems, other) = problems(&transcript.lines)?;
    if !problems.is_empty() {
        bail!(
            "misspelt words (fix them, or if a word is the book's vocabulary, add it to [default.extend-words] in {CONFIG}):\n  {}",
            problems.join("\n  ")
        );
    }
    if !transcript.success {
        // Not a typo: a bad config, a path it could not read.
        bail!(
            "typos failed ({}) without naming a typo:\n  {}",
            transcript.status,
            other.join("\n  ")
        );
    }
    Ok(())
}

/// "typos-cli 1.52.0 is needed", from the pinned version.
fn typos_pinned() -> String {
    let typos = tools::TOOLS.iter().find(|t| t.program == "typos");
    let tool = typos.expect("typos is a pinned tool");
    format!("{} {} is needed", tool.krate, tool.version)
}

/// One line of `typos --format json`. typos also reports files it skips
/// (`binary_file`) and, for other commands, file types and words: not
/// problems.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Message {
    Typo(Typo),
    Error {
        path: Option<String>,
        msg: String,
    },
    #[serde(other)]
    Other,
}

#[derive(Debug, Deserialize)]
struct Typo {
    path: String,
    /// Absent when the typo is in the file's name.
    line_num: Option<u64>,
    /// From the start of the line (of the name, without a line).
    byte_offset: u64,
    typo: String,
    /// `null` for a word the config forbids without offering another.
    corrections: Option<Vec<String>>,
}

/// The typos found, one message each, and whatever else typos said: the
/// errors it reported (a file it could not read) and what it wrote to stderr.
fn problems(lines: &[String]) -> Result<(Vec<String>, Vec<String>)> {
    let mut problems = Vec::new();
    let mut other = Vec::new();
    for line in lines {
        if !line.starts_with('{') {
            other.push(line.clone());
            continue;
        }
        let message: Message = serde_json::from_str(line).with_context(|| {
            format!("typos printed `{line}`, which is not the JSON we read; {}, run `cargo xtask install-tools`", typos_pinned())
        })?;
        match message {
            Message::Typo(typo) => problems.push(typo.to_string()),
            Message::Error {
                path: Some(path),
                msg,
            } => other.push(format!("{}: {msg}", shown(&path))),
            Message::Error { path: None, msg } => other.push(msg),
            Message::Other => {}
        }
    }
    Ok((problems, other))
}

/// A path as typos prints it, without its `./`.
fn shown(path: &str) -> &str {
    path.trim_start_matches("./")
}

/// `path:line:column: `typo` should be `correction``, as compilers write it.
impl std::fmt::Display for Typo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = shown(&self.path);
        let column = self.byte_offset + 1;
        match self.line_num {
            Some(line) => write!(f, "{path}:{line}:{column}: ")?,
            None => write!(f, "{path}: in the file's name, at {column}: ")?,
        }
        match self.corrections.as_deref() {
            None | Some([]) => write!(f, "`{}` is not allowed", self.typo),
            Some(corrections) => {
                let quoted: Vec<String> = corrections.iter().map(|c| format!("`{c}`")).collect();
                write!(f, "`{}` should be {}", self.typo, quoted.join(" or "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A misspelling typos knows, written in two halves so that the
    /// spellcheck does not flag this file.
    const MISSPELT: &str = concat!("te", "h");

    /// `text`'s lines, with `MISSPELT` put in.
    fn lines(text: &str) -> Vec<String> {
        let text = text.replace("MISSPELT", MISSPELT);
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn reports_each_typo_where_it_is() {
        // What typos 1.52.0 prints for a typo in a line, in a file's name,
        // for a word the config forbids, for a file it skips and for one it
        // cannot read; then what it writes to stderr.
        let output = lines(
            r#"{"type":"typo","path":"./src/ch01.md","line_num":12,"byte_offset":6,"typo":"MISSPELT","corrections":["the"]}
{"type":"typo","path":"./src/MISSPELT.md","byte_offset":0,"typo":"MISSPELT","corrections":["the","tea"]}
{"type":"typo","path":"./z.md","line_num":1,"byte_offset":6,"typo":"zorb","corrections":null}
{"type":"binary_file","path":"./src/figure.png"}
{"type":"error","path":"./b.md","msg":"cannot read"}
could not read config at `x.toml`"#,
        );
        let (problems, other) = problems(&output).unwrap();
        assert_eq!(
            problems,
            [
                format!("src/ch01.md:12:7: `{MISSPELT}` should be `the`"),
                format!(
                    "src/{MISSPELT}.md: in the file's name, at 1: `{MISSPELT}` should be `the` or `tea`"
                ),
                "z.md:1:7: `zorb` is not allowed".to_owned(),
            ]
        );
        assert_eq!(
            other,
            ["b.md: cannot read", "could not read config at `x.toml`"]
        );
    }

    #[test]
    fn json_of_another_shape_is_an_error() {
        let output = lines(r#"{"type":"typo","file":"a.md","typo":"MISSPELT"}"#);
        let error = format!("{:#}", problems(&output).unwrap_err());
        assert!(error.contains("typos-cli 1.52.0 is needed"), "{error}");
        assert!(error.contains("missing field `path`"), "{error}");
    }
}
