//! What `cargo xtask go` recorded in `benches/go-runs.json`: the runs of the
//! Go programs the book sets beside its models, each GC cycle as the
//! runtime's `gctrace` line gave it, with where they ran. `xtask` writes
//! and checks the file; the `{{#go-provenance}}` directive says in the book
//! where the runs were made.

use std::fs;
use std::path::Path;

use anyhow::anyhow;
use serde::{Deserialize, Serialize};

use crate::directive::{self, DirectiveError};

/// What was recorded.
pub const RECORDING_FILE: &str = "benches/go-runs.json";

/// One way to run the program, as `runs.toml` gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunSpec {
    pub id: String,
    /// As the `GOGC` environment variable takes it: `100`, `off`.
    pub gogc: String,
    /// As `GOMEMLIMIT` takes it: `64MiB`, `off`.
    pub memory_limit: String,
    pub live_mib: f64,
    pub rate_mib_per_sec: f64,
    pub seconds: f64,
}

/// `benches/go-runs.json`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Recording {
    pub provenance: GoProvenance,
    /// The hash of `go.mod`, the program's `.go` files and `runs.toml`.
    pub sources_hash: String,
    pub trials: usize,
    pub runs: Vec<Run>,
}

/// Where the runs were made.
#[derive(Debug, Serialize, Deserialize)]
pub struct GoProvenance {
    /// `go1.27.3 linux/amd64`.
    pub go: String,
    pub cpu: String,
    pub cores: usize,
    /// The number of Ps every GC cycle reported.
    pub gomaxprocs: u32,
    pub os: String,
    pub date: String,
}

/// One run of `runs.toml` and its trials.
#[derive(Debug, Serialize, Deserialize)]
pub struct Run {
    #[serde(flatten)]
    pub spec: RunSpec,
    pub trials: Vec<Trial>,
}

/// One execution of the program: its closing stdout lines and its GC cycles.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Trial {
    pub allocated_mib: f64,
    pub elapsed_secs: f64,
    /// What the runtime counts against `GOMEMLIMIT` beside the heap.
    pub non_heap_bytes: u64,
    /// Globals and goroutine stacks: what a cycle scans besides the heap.
    pub roots_bytes: u64,
    /// One cycle per line in the file, so that it stays readable and small.
    #[serde(serialize_with = "one_per_line")]
    pub cycles: Vec<Cycle>,
}

/// Writes each cycle as one compact JSON object, which the pretty printer
/// then puts on a line of its own.
fn one_per_line<S: serde::Serializer>(cycles: &[Cycle], out: S) -> Result<S::Ok, S::Error> {
    use serde::ser::{Error, SerializeSeq};
    let mut seq = out.serialize_seq(Some(cycles.len()))?;
    for cycle in cycles {
        let line = serde_json::to_string(cycle).map_err(S::Error::custom)?;
        let raw = serde_json::value::RawValue::from_string(line).map_err(S::Error::custom)?;
        seq.serialize_element(&raw)?;
    }
    seq.end()
}

/// One gctrace line (`runtime/mgc.go`, `gcMarkTermination`).
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Cycle {
    pub n: u64,
    /// Since the program started.
    pub at_secs: f64,
    /// The share of CPU time spent in GC since the program started.
    pub cpu_percent: f64,
    pub clock_ms: ClockMs,
    pub cpu_ms: CpuMs,
    pub heap_start_mib: u64,
    pub heap_end_mib: u64,
    pub marked_mib: u64,
    pub goal_mib: u64,
    pub stacks_mib: u64,
    pub globals_mib: u64,
    pub procs: u32,
    /// Started by `runtime.GC`, not by the pacer.
    pub forced: bool,
}

/// Wall-clock time of a cycle's phases.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct ClockMs {
    pub sweep_termination: f64,
    pub mark: f64,
    pub mark_termination: f64,
}

/// CPU time of a cycle's phases, the mark phase split by who did the work.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct CpuMs {
    pub sweep_termination: f64,
    /// Mutator assists.
    pub assist: f64,
    /// Dedicated and fractional mark workers.
    pub background: f64,
    /// Mark workers on idle Ps.
    pub idle: f64,
    pub mark_termination: f64,
}

impl Recording {
    /// The recording, or what is wrong with it, said after its file name.
    pub fn load(root: &Path) -> anyhow::Result<Recording> {
        let text = fs::read_to_string(root.join(RECORDING_FILE)).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => anyhow!("is missing"),
            _ => anyhow!("cannot be read ({e})"),
        })?;
        serde_json::from_str(&text).map_err(|e| anyhow!("does not parse ({e})"))
    }
}

impl GoProvenance {
    /// `go1.27.3 linux/amd64 with GOMAXPROCS=2 on Intel(R) Xeon(R)
    /// Processor (2 cores), Linux 6.18; recorded 2026-11-27`.
    pub fn line(&self) -> String {
        format!(
            "{} with GOMAXPROCS={} on {} ({} cores), {}; recorded {}",
            self.go, self.gomaxprocs, self.cpu, self.cores, self.os, self.date
        )
    }
}

pub const NAME: &str = "go-provenance";

/// Expands every `{{#go-provenance}}` in `content`: where the recorded Go
/// runs were made. `Err` carries the directive and what is wrong.
pub fn expand(content: &str, root: &Path) -> Result<String, DirectiveError> {
    let found = directive::find(content, NAME).map_err(DirectiveError::unlocated)?;
    if found.is_empty() {
        return Ok(content.to_owned());
    }
    let provenance = Recording::load(root)
        .map(|r| r.provenance.line())
        .map_err(|problem| DirectiveError {
            directive: format!("{{{{#{NAME}}}}}"),
            message: format!(
                "{RECORDING_FILE} {problem:#}; run `cargo xtask go` (see go/README.md)"
            ),
        });
    directive::replace_all(content, &found, |d| {
        if !d.arguments.is_empty() {
            return Err(DirectiveError::at(
                content,
                d,
                format!("`{{{{#{NAME}}}}}` takes no arguments"),
            ));
        }
        provenance.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recording() -> Recording {
        Recording {
            provenance: GoProvenance {
                go: "go1.27.3 linux/amd64".into(),
                cpu: "Some CPU".into(),
                cores: 2,
                gomaxprocs: 2,
                os: "Linux 6.18".into(),
                date: "2026-11-27".into(),
            },
            sources_hash: "0123456789abcdef".into(),
            trials: 1,
            runs: Vec::new(),
        }
    }

    #[test]
    fn says_where_the_runs_were_made() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join(RECORDING_FILE);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(&file, serde_json::to_string(&recording()).unwrap()).unwrap();
        let out = expand("Recorded with {{#go-provenance}}.", root.path()).unwrap();
        assert_eq!(
            out,
            "Recorded with go1.27.3 linux/amd64 with GOMAXPROCS=2 on Some CPU (2 cores), \
             Linux 6.18; recorded 2026-11-27."
        );
        let error = expand("{{#go-provenance cpu}}", root.path()).unwrap_err();
        assert!(error.message.contains("takes no arguments"), "{error}");
    }

    #[test]
    fn a_missing_recording_says_how_to_make_it() {
        let root = tempfile::tempdir().unwrap();
        assert_eq!(expand("no directive", root.path()).unwrap(), "no directive");
        let error = expand("{{#go-provenance}}", root.path()).unwrap_err();
        assert!(
            error.message.contains("is missing; run `cargo xtask go`"),
            "{error}"
        );
    }
}
