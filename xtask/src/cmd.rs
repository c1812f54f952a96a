//! Running other programs: show what runs, fail with a message that says
//! which command failed, and capture output where a step needs to read it.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::thread;

use anyhow::{Context, Result, bail};

/// A command that starts in the workspace root, with the pinned tools'
/// folder first on PATH (so a stale mdBook elsewhere on PATH is never used),
/// and with nothing on its standard input: none of them should ask a
/// question, and one that did would wait forever in CI.
pub fn new(program: impl AsRef<OsStr>) -> Command {
    let mut command = Command::new(program);
    command.current_dir(crate::root());
    command.env("PATH", crate::tools::path_with_install_dir());
    command.stdin(Stdio::null());
    command
}

/// The command line as a person would type it.
pub fn display(command: &Command) -> String {
    let mut line = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        line.push(' ');
        line.push_str(&arg.to_string_lossy());
    }
    line
}

/// Runs `command` with its output shown, failing if it exits non-zero.
pub fn run(command: &mut Command) -> Result<()> {
    let line = display(command);
    eprintln!("$ {line}");
    let status = command
        .status()
        .with_context(|| format!("cannot start `{line}`"))?;
    if !status.success() {
        bail!("`{line}` failed ({status})");
    }
    Ok(())
}

/// What a finished command printed, stdout and stderr interleaved as they
/// came, and whether it succeeded.
pub struct Transcript {
    pub success: bool,
    pub status: String,
    pub lines: Vec<String>,
}

/// Runs `command`, echoing its output as it arrives (so CI logs show
/// progress) and keeping every line for the caller to read.
pub fn run_and_capture(command: &mut Command) -> Result<Transcript> {
    let line = display(command);
    eprintln!("$ {line}");
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start `{line}`"))?;
    let (sender, receiver) = std::sync::mpsc::channel::<String>();
    let readers = [
        echo_lines(child.stdout.take().expect("piped"), sender.clone(), false),
        echo_lines(child.stderr.take().expect("piped"), sender, true),
    ];
    let lines: Vec<String> = receiver.iter().collect();
    for reader in readers {
        reader.join().expect("output reader panicked");
    }
    let status = child
        .wait()
        .with_context(|| format!("`{line}` did not finish"))?;
    Ok(Transcript {
        success: status.success(),
        status: status.to_string(),
        lines,
    })
}

fn echo_lines(
    stream: impl std::io::Read + Send + 'static,
    sender: std::sync::mpsc::Sender<String>,
    to_stderr: bool,
) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if to_stderr {
                eprintln!("{line}");
            } else {
                println!("{line}");
            }
            if sender.send(strip_ansi(&line)).is_err() {
                break;
            }
        }
    })
}

/// `line` without terminal escape sequences, which some tools print even
/// into a pipe and which would hide words such as `ERROR` from a search:
/// colours (CSI) and also hyperlinks (OSC 8), whose URL is not text.
pub fn strip_ansi(line: &str) -> String {
    // The crate drops tabs with the other control characters; they
    // separate words (libtest's, Go's), so keep them.
    line.split('\t')
        .map(strip_ansi_escapes::strip_str)
        .collect::<Vec<_>>()
        .join("\t")
}

/// What `command` prints on stdout, if it runs and succeeds.
pub fn output_of(command: &mut Command) -> Option<String> {
    let output = command.stderr(Stdio::null()).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::strip_ansi;

    #[test]
    fn strips_colour_codes() {
        let line = "\u{1b}[2m2026\u{1b}[0m \u{1b}[31mERROR\u{1b}[0m broken";
        assert_eq!(strip_ansi(line), "2026 ERROR broken");
        assert_eq!(
            strip_ansi("\u{1b}[31mERROR\u{1b}[0m\tbroken"),
            "ERROR\tbroken"
        );
    }

    #[test]
    fn strips_hyperlinks_but_keeps_their_text() {
        let line = "see \u{1b}]8;;http://x\u{1b}\\text\u{1b}]8;;\u{1b}\\ here";
        assert_eq!(strip_ansi(line), "see text here");
    }

    #[test]
    fn strips_hyperlinks_ended_by_bel_and_colour_inside_them() {
        let line = "\u{1b}]8;;http://x\u{7}\u{1b}[1mtext\u{1b}[0m\u{1b}]8;;\u{7}";
        assert_eq!(strip_ansi(line), "text");
    }
}
