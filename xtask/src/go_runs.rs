//! `cargo xtask go`: runs the Go programs the book sets beside its models and
//! records what the runtime did. For now that is chapter 3's pacing workload:
//! each run of `go/ch03/pacing/runs.toml`, `trials` times, under
//! `GODEBUG=gctrace=1`, every GC cycle's trace line parsed, the lot written
//! to `benches/go-runs.json` with the Go version and a hash of the Go
//! sources. `cargo xtask test` only compares that hash with today's sources
//! (`check`), so it never needs Go.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::str::FromStr;
use std::sync::LazyLock;

use anyhow::{Context, Result, anyhow, bail};
use regex::{Captures, Regex};
use serde::Deserialize;

use book_model::go_runs::{
    ClockMs, CpuMs, Cycle, GoProvenance, RECORDING_FILE, Recording, Run, RunSpec, Trial,
};

use crate::go_toolchain::{
    GO_DIR, HOW_TO_GET_GO, INSTALL_GO, go_command, go_version, package_files,
};
use crate::{cmd, code_hash, provenance};

/// The program, as `go build` takes it in `go/`.
const PACKAGE: &str = "./ch03/pacing";
/// The runs to record.
const RUNS_FILE: &str = "go/ch03/pacing/runs.toml";
/// How many of its last stderr lines a failed run shows.
const TAIL_LINES: usize = 20;

/// `runs.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RunsFile {
    /// How many times each run is repeated.
    trials: usize,
    #[serde(rename = "run")]
    runs: Vec<RunSpec>,
}

/// A gctrace line. Durations are as `fmtNSAsMS` prints them: whole
/// milliseconds from 10 ms on, else at most three decimals.
static GC_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        concat!(
            r"^gc (?P<n>\d+) @(?P<at>{ms})s (?P<cpu>\d+)%(?: \(checking for goroutine leaks\))?: ",
            r"(?P<c_sweep>{ms})\+(?P<c_mark>{ms})\+(?P<c_term>{ms}) ms clock, ",
            r"(?P<sweep>{ms})\+(?P<assist>{ms})/(?P<background>{ms})/(?P<idle>{ms})\+(?P<term>{ms}) ms cpu, ",
            r"(?P<start>\d+)->(?P<end>\d+)->(?P<marked>\d+) MB, (?P<goal>\d+) MB goal, ",
            r"(?P<stacks>\d+) MB stacks, (?P<globals>\d+) MB globals, (?P<procs>\d+) P",
            r"(?P<forced> \(forced\))?$",
        ),
        ms = r"\d+(?:\.\d+)?"
    ))
    .expect("GC_LINE is a valid regular expression")
});

/// The program's closing lines on stdout.
static ALLOCATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^allocated (?P<mib>\d+(?:\.\d+)?) MiB of garbage in (?P<secs>\d+(?:\.\d+)?) s$",
    )
    .expect("ALLOCATED is a valid regular expression")
});
static NON_HEAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^non-heap memory (?P<bytes>\d+) bytes$")
        .expect("NON_HEAP is a valid regular expression")
});
static ROOTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^roots (?P<bytes>\d+) bytes$").expect("ROOTS is a valid regular expression")
});

/// `cargo xtask go`: builds the program, runs every trial, and writes the
/// recording only once all of them succeeded.
pub fn record() -> Result<()> {
    let root = crate::root();
    let version = go_version().ok_or_else(|| {
        anyhow!(
            "`cargo xtask go` runs Go programs, and there is no `go` on PATH ({HOW_TO_GET_GO}: \
             `{INSTALL_GO}`, then `PATH=\"$PWD/.go/bin:$PATH\" cargo xtask go`); \
             `cargo xtask test` does not need Go"
        )
    })?;
    let runs = RunsFile::load(root)?;
    // Hashed before building, so the hash is of the sources the binary has.
    let sources_hash = sources_hash(root)?;
    let dir = tempfile::tempdir().context("cannot make a temporary folder for the Go binary")?;
    let binary = dir.path().join("pacing");
    cmd::run(go_command().args(["build", "-o"]).arg(&binary).arg(PACKAGE))?;
    let recorded = run_all(&binary, &runs)?;
    let recording = Recording {
        provenance: go_provenance(&version, &recorded)?,
        sources_hash,
        trials: runs.trials,
        runs: recorded,
    };
    let text = serde_json::to_string_pretty(&recording)? + "\n";
    book_model::files::write_atomically(&root.join(RECORDING_FILE), text)
        .with_context(|| format!("cannot write {RECORDING_FILE}"))?;
    eprintln!(
        "wrote {RECORDING_FILE}; chapter 3's results now need `cargo xtask bench --chapter 3`. GC cycles in each trial:"
    );
    for run in &recording.runs {
        let cycles: Vec<String> = run
            .trials
            .iter()
            .map(|t| t.cycles.len().to_string())
            .collect();
        eprintln!("  {:<10} {}", run.spec.id, cycles.join(", "));
    }
    Ok(())
}

/// Every trial of every run, one after the other (in parallel they would
/// share the processor, and the pacer's timings with it), showing progress.
fn run_all(binary: &Path, runs: &RunsFile) -> Result<Vec<Run>> {
    let seconds: f64 = runs.runs.iter().map(|r| r.seconds).sum();
    eprintln!(
        "{} runs × {} trials: about {:.0} minutes",
        runs.runs.len(),
        runs.trials,
        seconds * runs.trials as f64 / 60.0
    );
    let mut recorded = Vec::new();
    for spec in &runs.runs {
        let mut trials = Vec::new();
        for n in 1..=runs.trials {
            let trial = run_trial(binary, spec)?;
            eprintln!(
                "{} trial {n}/{}: {} cycles",
                spec.id,
                runs.trials,
                trial.cycles.len()
            );
            trials.push(trial);
        }
        recorded.push(Run {
            spec: spec.clone(),
            trials,
        });
    }
    Ok(recorded)
}

/// The freshness check of `cargo xtask test`, without Go: what is wrong with
/// the recording, each with what to do about it.
pub fn check() -> Result<Vec<String>> {
    let root = crate::root();
    let runs = RunsFile::load(root)?;
    let rerun = "run `cargo xtask go` with Go on PATH (see go/README.md)";
    let recording = match Recording::load(root) {
        Ok(recording) => recording,
        Err(problem) => return Ok(vec![format!("{RECORDING_FILE} {problem:#}; {rerun}")]),
    };
    let mut problems = Vec::new();
    if recording.sources_hash != sources_hash(root)? {
        problems.push(format!(
            "{RECORDING_FILE} was recorded from other Go sources than today's {GO_DIR}/{} (or {RUNS_FILE}); {rerun}",
            PACKAGE.trim_start_matches("./")
        ));
    }
    let specs: Vec<&RunSpec> = recording.runs.iter().map(|r| &r.spec).collect();
    let every_run_complete = recording.runs.iter().all(|r| r.trials.len() == runs.trials);
    if specs != runs.runs.iter().collect::<Vec<_>>()
        || recording.trials != runs.trials
        || !every_run_complete
    {
        problems.push(format!(
            "{RECORDING_FILE} holds other runs or trials than {RUNS_FILE} lists; {rerun}"
        ));
    }
    Ok(problems)
}

impl RunsFile {
    fn load(root: &Path) -> Result<RunsFile> {
        let text = fs::read_to_string(root.join(RUNS_FILE))
            .with_context(|| format!("cannot read {RUNS_FILE}"))?;
        RunsFile::parse(&text)
    }

    fn parse(text: &str) -> Result<RunsFile> {
        let runs: RunsFile = book_model::files::parse_toml(RUNS_FILE, text)?;
        if runs.trials == 0 || runs.runs.is_empty() {
            bail!("{RUNS_FILE}: needs `trials` of at least 1 and at least one [[run]]");
        }
        let mut seen = BTreeSet::new();
        if let Some(twice) = runs.runs.iter().find(|r| !seen.insert(&r.id)) {
            bail!(
                "{RUNS_FILE}: two runs have id \"{}\"; give each its own",
                twice.id
            );
        }
        Ok(runs)
    }
}

/// The hash of what a recording depends on: the module file, the program's
/// `.go` files, and the runs.
fn sources_hash(root: &Path) -> Result<String> {
    let mut files = package_files(root, PACKAGE)?;
    files.push(root.join(RUNS_FILE));
    code_hash::of_files(root, files, &[])
}

/// Runs the built program once with `spec`'s settings.
fn run_trial(binary: &Path, spec: &RunSpec) -> Result<Trial> {
    let env = [
        ("GODEBUG", "gctrace=1"),
        ("GOGC", spec.gogc.as_str()),
        ("GOMEMLIMIT", spec.memory_limit.as_str()),
    ];
    let mut command = cmd::new(binary);
    command.envs(env).args([
        "-live".to_owned(),
        spec.live_mib.to_string(),
        "-rate".to_owned(),
        spec.rate_mib_per_sec.to_string(),
        "-seconds".to_owned(),
        spec.seconds.to_string(),
    ]);
    let line: String = env
        .iter()
        .map(|(k, v)| format!("{k}={v} "))
        .collect::<String>()
        + &cmd::display(&command);
    let output = command
        .output()
        .with_context(|| format!("cannot start `{line}`"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        let lines: Vec<&str> = stderr.lines().collect();
        let tail = &lines[lines.len().saturating_sub(TAIL_LINES)..];
        bail!(
            "`{line}` failed ({}); the end of its stderr:\n{}",
            output.status,
            tail.join("\n")
        );
    }
    parse_trial(&String::from_utf8_lossy(&output.stdout), &stderr)
        .with_context(|| format!("`{line}`"))
}

/// A trial from what the program printed: its closing lines on stdout, one
/// gctrace line per cycle on stderr (other stderr lines are not the runtime's
/// trace, and are left alone).
fn parse_trial(stdout: &str, stderr: &str) -> Result<Trial> {
    let missing = |what: &str| {
        anyhow!(
            "printed no `{what}` line on stdout; does {PACKAGE} still end with it? Its stdout:\n{stdout}"
        )
    };
    let allocated = ALLOCATED
        .captures(stdout)
        .ok_or_else(|| missing("allocated N MiB of garbage in N s"))?;
    let non_heap = NON_HEAP
        .captures(stdout)
        .ok_or_else(|| missing("non-heap memory N bytes"))?;
    let roots = ROOTS
        .captures(stdout)
        .ok_or_else(|| missing("roots N bytes"))?;
    let cycles = stderr
        .lines()
        .filter(|line| line.starts_with("gc "))
        .map(parse_cycle)
        .collect::<Result<_>>()?;
    Ok(Trial {
        allocated_mib: number(&allocated, "mib")?,
        elapsed_secs: number(&allocated, "secs")?,
        non_heap_bytes: number(&non_heap, "bytes")?,
        roots_bytes: number(&roots, "bytes")?,
        cycles,
    })
}

/// One gctrace line, or an error that quotes it.
fn parse_cycle(line: &str) -> Result<Cycle> {
    let c = GC_LINE.captures(line).ok_or_else(|| {
        anyhow!(
            "this gctrace line is not in the format GC_LINE in xtask/src/go_runs.rs expects; \
             the runtime's format (runtime/mgc.go) moved, so update the pattern:\n  {line}"
        )
    })?;
    Ok(Cycle {
        n: number(&c, "n")?,
        at_secs: number(&c, "at")?,
        cpu_percent: number(&c, "cpu")?,
        clock_ms: ClockMs {
            sweep_termination: number(&c, "c_sweep")?,
            mark: number(&c, "c_mark")?,
            mark_termination: number(&c, "c_term")?,
        },
        cpu_ms: CpuMs {
            sweep_termination: number(&c, "sweep")?,
            assist: number(&c, "assist")?,
            background: number(&c, "background")?,
            idle: number(&c, "idle")?,
            mark_termination: number(&c, "term")?,
        },
        heap_start_mib: number(&c, "start")?,
        heap_end_mib: number(&c, "end")?,
        marked_mib: number(&c, "marked")?,
        goal_mib: number(&c, "goal")?,
        stacks_mib: number(&c, "stacks")?,
        globals_mib: number(&c, "globals")?,
        procs: number(&c, "procs")?,
        forced: c.name("forced").is_some(),
    })
}

/// A captured number. The patterns admit only digits and a point, so this
/// fails only on a number too large for its field.
fn number<T: FromStr>(captures: &Captures, name: &str) -> Result<T> {
    let text = captures.name(name).map_or("", |m| m.as_str());
    text.parse().map_err(|_| {
        anyhow!(
            "{name} = {text:?} does not fit a {}",
            std::any::type_name::<T>()
        )
    })
}

/// `go1.27.3 linux/amd64` and the machine, with the number of Ps the
/// cycles ran with (the runtime's GOMAXPROCS).
fn go_provenance(version: &str, runs: &[Run]) -> Result<GoProvenance> {
    let procs: BTreeSet<u32> = runs
        .iter()
        .flat_map(|r| &r.trials)
        .flat_map(|t| &t.cycles)
        .map(|c| c.procs)
        .collect();
    let gomaxprocs = match procs.iter().collect::<Vec<_>>()[..] {
        [&one] => one,
        [] => bail!("no trial ran a GC cycle, so the number of Ps is unknown"),
        _ => bail!(
            "the GC cycles report different numbers of Ps ({procs:?}); did GOMAXPROCS change between runs?"
        ),
    };
    let machine = provenance::collect();
    Ok(GoProvenance {
        go: version
            .strip_prefix("go version ")
            .unwrap_or(version)
            .to_owned(),
        cpu: machine.cpu,
        cores: machine.cores,
        gomaxprocs,
        os: machine.os,
        date: machine.date,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = "gc 5 @0.306s 7%: 0.040+36+0.010 ms clock, 0.081+0.085/10/26+0.020 ms cpu, 70->80->41 MB, 83 MB goal, 0 MB stacks, 0 MB globals, 2 P";

    #[test]
    fn parses_a_gctrace_line() {
        let cycle = parse_cycle(LINE).unwrap();
        assert_eq!(
            cycle,
            Cycle {
                n: 5,
                at_secs: 0.306,
                cpu_percent: 7.0,
                clock_ms: ClockMs {
                    sweep_termination: 0.04,
                    mark: 36.0,
                    mark_termination: 0.01,
                },
                cpu_ms: CpuMs {
                    sweep_termination: 0.081,
                    assist: 0.085,
                    background: 10.0,
                    idle: 26.0,
                    mark_termination: 0.02,
                },
                heap_start_mib: 70,
                heap_end_mib: 80,
                marked_mib: 41,
                goal_mib: 83,
                stacks_mib: 0,
                globals_mib: 0,
                procs: 2,
                forced: false,
            }
        );
    }

    #[test]
    fn parses_a_forced_cycle_and_a_leak_check() {
        let line = "gc 12 @3.5s 0% (checking for goroutine leaks): 0+1.2+0 ms clock, \
                    0+0/0.52/0+0 ms cpu, 4->4->0 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 8 P (forced)";
        let cycle = parse_cycle(line).unwrap();
        assert!(cycle.forced);
        assert_eq!((cycle.n, cycle.procs, cycle.clock_ms.mark), (12, 8, 1.2));
        assert!(!parse_cycle(LINE).unwrap().forced);
    }

    #[test]
    fn a_gctrace_line_in_another_format_is_an_error() {
        let stderr = format!("{LINE}\ngc 6 @0.4s 7%: 0.04+36+0.01 ms clock, 70->80->41 MB\n");
        let error = parse_trial(STDOUT, &stderr).unwrap_err().to_string();
        assert!(error.contains("the runtime's format"), "{error}");
        assert!(error.contains("gc 6 @0.4s"), "{error}");
    }

    const STDOUT: &str = "allocated 2559 MiB of garbage in 10.0 s\n\
        non-heap memory 10113664 bytes\nroots 161314 bytes\n";

    #[test]
    fn parses_what_the_program_prints() {
        let stderr = format!("{LINE}\nsome other runtime message\n{LINE}\n");
        let trial = parse_trial(STDOUT, &stderr).unwrap();
        assert_eq!(
            (
                trial.allocated_mib,
                trial.elapsed_secs,
                trial.non_heap_bytes,
                trial.roots_bytes
            ),
            (2559.0, 10.0, 10_113_664, 161_314)
        );
        assert_eq!(trial.cycles.len(), 2);
        let error = parse_trial("allocated 2559 MiB of garbage in 10.0 s\n", "")
            .unwrap_err()
            .to_string();
        assert!(error.contains("non-heap memory N bytes"), "{error}");
    }

    #[test]
    fn reads_the_real_runs_file() {
        let runs = RunsFile::load(crate::root()).unwrap();
        assert!(runs.trials >= 1);
        assert!(runs.runs.iter().any(|r| r.id == "gogc-100"));
    }

    #[test]
    fn refuses_an_unknown_key_and_a_repeated_id() {
        let run = "[[run]]\nid = \"a\"\ngogc = \"100\"\nmemory_limit = \"off\"\n\
                   live_mib = 2\nrate_mib_per_sec = 256\nseconds = 1\n";
        assert!(RunsFile::parse(&format!("trials = 1\n{run}")).is_ok());
        let error = RunsFile::parse(&format!("trials = 1\n{run}gomaxprocs = 4\n"))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("runs.toml:9") && error.contains("unknown field"),
            "{error}"
        );
        let error = RunsFile::parse(&format!("trials = 1\n{run}{run}"))
            .unwrap_err()
            .to_string();
        assert!(error.contains("two runs have id \"a\""), "{error}");
    }

    #[test]
    fn a_recording_reads_back_with_its_runs_flat() {
        let run = Run {
            spec: RunSpec {
                id: "gogc-100".into(),
                gogc: "100".into(),
                memory_limit: "off".into(),
                live_mib: 32.0,
                rate_mib_per_sec: 256.0,
                seconds: 10.0,
            },
            trials: vec![parse_trial(STDOUT, LINE).unwrap()],
        };
        let json = serde_json::to_value(&run).unwrap();
        assert_eq!(json["id"], "gogc-100");
        assert_eq!(json["trials"][0]["cycles"][0]["cpu_ms"]["idle"], 26.0);
        // Pretty-printed, each cycle still takes one line.
        let text = serde_json::to_string_pretty(&run).unwrap();
        assert!(
            text.lines().any(
                |l| l.trim_start().starts_with("{\"n\":5,") && l.ends_with("\"forced\":false}")
            ),
            "{text}"
        );
        let back: Run = serde_json::from_value(json).unwrap();
        assert_eq!((back.spec, back.trials), (run.spec, run.trials));
    }
}
