//! Chapter 3, "Garbage collection and pacing": nothing here is timed for a
//! claim. The pacer models are deterministic, so their results are recorded
//! as counts (bytes, CPU-seconds, cycles) and curves (heap over time); the
//! one benchmark times a run of the model so that criterion has work to do.
//! Beside them, what the real Go runtime did with the same workloads, read
//! from the runs `cargo xtask go` recorded.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use listing_03_01_heap_goal::heap_goal;
use listing_03_02_pacer_model::{GcCost, LiveStep, MIB, Run, Settings, Workload, simulate};
use listing_03_04_concurrent_pacer as concurrent;
use serde::Deserialize;

/// The model's time step: 0.1 ms, in which the program allocates 25.6 KiB,
/// under 0.1% of the smallest headroom below.
const STEP_SECS: f64 = 1e-4;

/// 32 MiB live, 1 MiB of roots, 256 MiB allocated per second.
fn steady(duration_secs: f64) -> Workload {
    Workload {
        alloc_bytes_per_sec: 256.0 * MIB,
        live_bytes: 32.0 * MIB,
        live_step: None,
        roots_bytes: MIB,
        duration_secs,
    }
}

/// 40 MiB live, 70 MiB from 5 s on.
fn growing() -> Workload {
    Workload {
        alloc_bytes_per_sec: 256.0 * MIB,
        live_bytes: 40.0 * MIB,
        live_step: Some(LiveStep {
            at_secs: 5.0,
            live_bytes: 70.0 * MIB,
        }),
        roots_bytes: MIB,
        duration_secs: 10.0,
    }
}

fn gogc(percent: f64) -> Settings {
    Settings {
        gogc: Some(percent),
        memory_limit_bytes: None,
    }
}

const LIMITED: Settings = Settings {
    gogc: Some(100.0),
    memory_limit_bytes: Some(100.0 * MIB),
};

fn run(work: Workload, settings: Settings) -> Run {
    simulate(work, settings, GcCost::MODEL, STEP_SECS)
}

/// The heap's corners in seconds and MiB, the figure's units.
fn heap_in_mib(work: Workload, run: &Run) -> Vec<(f64, f64)> {
    run.heap_corners(work.live_bytes)
        .into_iter()
        .map(|(secs, bytes)| (secs, bytes / MIB))
        .collect()
}

fn record_model(_: &mut Criterion) {
    // The notes' example, with listing 03-01's integer heap goal.
    let live = 2u64 << 20;
    let goal = heap_goal(live, 0, Some(100), None).expect("GOGC=100 has a goal");
    benches::record_metric("gc-pacing/live-bytes/notes-example", live as f64);
    benches::record_metric("gc-pacing/goal-bytes/notes-example", goal as f64);
    benches::record_metric("gc-pacing/goal-mib/notes-example", goal as f64 / MIB);

    // GOGC 50, 100, 200 on the same steady program, over 10 s.
    let work = steady(10.0);
    for percent in [50, 100, 200] {
        let result = run(work, gogc(percent as f64));
        benches::record_metric(
            &format!("gc-pacing/gc-cpu/gogc-{percent}"),
            result.gc_cpu_secs,
        );
        benches::record_metric(
            &format!("gc-pacing/heap-overhead/gogc-{percent}"),
            result.heap_overhead_bytes(work.live_bytes),
        );
        benches::record_metric(
            &format!("gc-pacing/cycles/gogc-{percent}"),
            result.cycles.len() as f64,
        );
        // The figure shows the first 2 s, where the teeth can still be told apart.
        let short = steady(2.0);
        let curve = heap_in_mib(short, &run(short, gogc(percent as f64)));
        benches::record_series(&format!("gc-pacing/heap/gogc-{percent}"), &curve);
    }

    // A live heap that grows from 40 to 70 MiB, with and without a 100 MiB limit.
    let work = growing();
    let free = run(work, gogc(100.0));
    let limited = run(work, LIMITED);
    benches::record_metric("gc-pacing/peak-heap/no-limit", free.peak_heap_bytes);
    benches::record_metric("gc-pacing/peak-heap/limit", limited.peak_heap_bytes);
    benches::record_metric("gc-pacing/gc-cpu/no-limit", free.gc_cpu_secs);
    benches::record_metric("gc-pacing/gc-cpu/limit", limited.gc_cpu_secs);
    benches::record_series("gc-pacing/heap/no-limit", &heap_in_mib(work, &free));
    benches::record_series("gc-pacing/heap/limit", &heap_in_mib(work, &limited));
}

/// The runs of `go/ch03/pacing` that `cargo xtask go` recorded, as far as
/// the models need them. Included at build time, so that the chapter's code
/// hash covers them and a new recording makes these results stale.
const GO_RUNS: &str = include_str!("../go-runs.json");

#[derive(Deserialize)]
struct GoRuns {
    runs: Vec<GoRun>,
}

/// One setting of the workload, run several times.
#[derive(Deserialize)]
struct GoRun {
    id: String,
    gogc: String,
    memory_limit: String,
    live_mib: f64,
    rate_mib_per_sec: f64,
    seconds: f64,
    trials: Vec<Trial>,
}

#[derive(Deserialize)]
struct Trial {
    non_heap_bytes: f64,
    roots_bytes: f64,
    cycles: Vec<GcLine>,
}

/// One line of `GODEBUG=gctrace=1` (sizes in whole MiB, rounded down).
#[derive(Deserialize)]
struct GcLine {
    at_secs: f64,
    clock_ms: Clock,
    cpu_ms: Cpu,
    heap_start_mib: f64,
    heap_end_mib: f64,
    marked_mib: f64,
    goal_mib: f64,
    procs: f64,
    forced: bool,
}

#[derive(Deserialize)]
struct Clock {
    sweep_termination: f64,
    mark: f64,
    mark_termination: f64,
}

#[derive(Deserialize)]
struct Cpu {
    sweep_termination: f64,
    assist: f64,
    background: f64,
    idle: f64,
    mark_termination: f64,
}

fn median(mut values: Vec<f64>) -> f64 {
    assert!(!values.is_empty(), "the median of nothing");
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2.0
    }
}

impl Trial {
    /// The cycles of the workload: between the forced one that ends the
    /// program's set-up and the forced one before it exits.
    fn measured(&self) -> &[GcLine] {
        let forced: Vec<usize> = (0..self.cycles.len())
            .filter(|&i| self.cycles[i].forced)
            .collect();
        let [first, last] = forced[..] else {
            panic!(
                "each trial has two forced collections, around the workload; \
                 record the runs again with `cargo xtask go`"
            );
        };
        &self.cycles[first + 1..last]
    }

    /// The first forced cycle: the workload (and the model) starts at its end.
    fn set_up(&self) -> &GcLine {
        self.cycles
            .iter()
            .find(|c| c.forced)
            .expect("a forced cycle")
    }

    /// Seconds from the runtime's start to the end of the set-up.
    fn start_secs(&self) -> f64 {
        let set_up = self.set_up();
        let clock = &set_up.clock_ms;
        set_up.at_secs + (clock.sweep_termination + clock.mark + clock.mark_termination) / 1e3
    }
}

impl GoRun {
    fn cycles(&self) -> impl Iterator<Item = &GcLine> {
        self.trials.iter().flat_map(Trial::measured)
    }

    /// Cycles in the run, the median of its trials.
    fn real_cycles(&self) -> f64 {
        median(
            self.trials
                .iter()
                .map(|t| t.measured().len() as f64)
                .collect(),
        )
    }

    /// The CPU time the runtime counted for the collector, the median of
    /// the trials: both pauses, assists and background workers, but not
    /// the idle Ps' marking (gctrace's `%` leaves it out too, since those
    /// Ps had nothing else to do).
    fn real_gc_cpu_secs(&self) -> f64 {
        median(
            self.trials
                .iter()
                .map(|t| {
                    let ms: f64 = t
                        .measured()
                        .iter()
                        .map(|c| {
                            let cpu = &c.cpu_ms;
                            cpu.sweep_termination
                                + cpu.assist
                                + cpu.background
                                + cpu.mark_termination
                        })
                        .sum();
                    ms / 1e3
                })
                .collect(),
        )
    }

    /// A cycle's two pauses together, in milliseconds: the median over the
    /// run's cycles.
    fn real_pause_ms(&self) -> f64 {
        median(
            self.cycles()
                .map(|c| c.clock_ms.sweep_termination + c.clock_ms.mark_termination)
                .collect(),
        )
    }

    /// The heap above the live heap when marking ends, in MiB: the median
    /// over the run's cycles of each tooth's peak.
    fn real_overhead_mib(&self) -> f64 {
        median(self.cycles().map(|c| c.heap_end_mib).collect()) - self.live_mib
    }

    /// The median goal, in MiB as gctrace prints it (rounded down).
    fn real_goal_mib(&self) -> f64 {
        median(self.cycles().map(|c| c.goal_mib).collect())
    }

    fn settings(&self) -> Settings {
        let gogc =
            (self.gogc != "off").then(|| self.gogc.parse().expect("GOGC is a number or off"));
        let memory_limit_bytes = (self.memory_limit != "off").then(|| {
            let mib = self
                .memory_limit
                .strip_suffix("MiB")
                .expect("GOMEMLIMIT in MiB");
            mib.parse::<f64>().expect("GOMEMLIMIT is a number of MiB") * MIB
        });
        Settings {
            gogc,
            memory_limit_bytes,
        }
    }

    fn roots_bytes(&self) -> f64 {
        median(self.trials.iter().map(|t| t.roots_bytes).collect())
    }

    fn simple(&self) -> Run {
        let work = Workload {
            alloc_bytes_per_sec: self.rate_mib_per_sec * MIB,
            live_bytes: self.live_mib * MIB,
            live_step: None,
            roots_bytes: self.roots_bytes(),
            duration_secs: self.seconds,
        };
        simulate(work, self.settings(), GcCost::MODEL, STEP_SECS)
    }

    /// The live heap and the roots: what a cycle scans.
    fn scan_bytes(&self) -> f64 {
        self.live_mib * MIB + self.roots_bytes()
    }

    /// How long marking took: the median over the run's cycles.
    fn mark_secs(&self) -> f64 {
        median(self.cycles().map(|c| c.clock_ms.mark / 1e3).collect())
    }

    fn non_heap_bytes(&self) -> f64 {
        median(self.trials.iter().map(|t| t.non_heap_bytes).collect())
    }

    /// The runway as `runtime/mgcpacer.go` computes it, from each cycle's
    /// mark time and CPU split: the cons/mark ratio of `endCycle` (what the
    /// program allocated while marking, over the scan work, with marking
    /// credited its planned 25% plus assists and idle Ps), the largest of
    /// the last five (its bias towards starting early), times three times
    /// the scan work (`commit`: three parts of the CPU for the program to one
    /// for marking). With the allocation while marking taken as rate × mark
    /// time, a cycle's estimate is 3 × rate × T × (u + u_idle) / (1 − u).
    /// The median over the run.
    fn runway_bytes(&self) -> f64 {
        let rate = self.rate_mib_per_sec * MIB;
        let mut planned = Vec::new();
        for trial in &self.trials {
            let estimates: Vec<f64> = trial
                .measured()
                .iter()
                .map(|c| {
                    let all_ps_ms = c.clock_ms.mark * c.procs;
                    let u = 0.25 + c.cpu_ms.assist / all_ps_ms;
                    let u_idle = c.cpu_ms.idle / all_ps_ms;
                    3.0 * rate * c.clock_ms.mark / 1e3 * (u + u_idle) / (1.0 - u)
                })
                .collect();
            for end in 1..=estimates.len() {
                let last_five = &estimates[end.saturating_sub(5)..end];
                planned.push(last_five.iter().copied().fold(0.0, f64::max));
            }
        }
        median(planned)
    }

    /// The concurrent model's run of this setting, with what it knows of
    /// the machine from the calibration run.
    fn concurrent(&self, calibration: &Calibration) -> concurrent::Run {
        let work = concurrent::Workload {
            alloc_bytes_per_sec: self.rate_mib_per_sec * MIB,
            live_bytes: self.live_mib * MIB,
            roots_bytes: self.roots_bytes(),
            duration_secs: self.seconds,
        };
        let Settings {
            gogc,
            memory_limit_bytes,
        } = self.settings();
        let settings = concurrent::Settings {
            gogc,
            memory_limit_bytes,
        };
        concurrent::simulate(work, settings, calibration.machine_for(self), STEP_SECS)
    }

    /// The first trial's heap, in seconds and MiB from the workload's start:
    /// up from the marked heap to where marking started, on to where it
    /// ended, down to what it marked.
    fn real_heap_mib(&self, until_secs: f64) -> Vec<(f64, f64)> {
        let trial = &self.trials[0];
        let start = trial.start_secs();
        let mut points = vec![(0.0, trial.set_up().marked_mib)];
        for cycle in trial.measured() {
            let at = cycle.at_secs - start;
            let end = at + (cycle.clock_ms.sweep_termination + cycle.clock_ms.mark) / 1e3;
            if end > until_secs {
                break;
            }
            points.push((at, cycle.heap_start_mib));
            points.push((end, cycle.heap_end_mib));
            points.push((end, cycle.marked_mib));
        }
        points
    }
}

/// What the concurrent model knows of the machine, all of it taken from one
/// run, GOGC=100: how fast marking goes, the runway the pacer planned, and
/// the runtime's memory beside the heap. Every other setting is a prediction.
struct Calibration {
    mark_bytes_per_sec: f64,
    mark_secs: f64,
    runway_bytes: f64,
    non_heap_bytes: f64,
}

/// The run the model is calibrated on.
const CALIBRATION_RUN: &str = "gogc-100";

impl Calibration {
    fn from(runs: &[GoRun]) -> Calibration {
        let run = runs
            .iter()
            .find(|r| r.id == CALIBRATION_RUN)
            .expect("benches/go-runs.json has the calibration run, gogc-100");
        let mark_secs = run.mark_secs();
        Calibration {
            mark_bytes_per_sec: run.scan_bytes() / mark_secs,
            mark_secs,
            runway_bytes: run.runway_bytes(),
            non_heap_bytes: run.non_heap_bytes(),
        }
    }

    /// The machine for another setting. Marking takes time in proportion
    /// to what it scans, and the runway is proportional to the mark time
    /// (the program allocates at the same rate for as long), so both scale
    /// with the heap; the rest carries over.
    fn machine_for(&self, run: &GoRun) -> concurrent::Machine {
        let mark_secs = run.scan_bytes() / self.mark_bytes_per_sec;
        concurrent::Machine {
            mark_bytes_per_sec: self.mark_bytes_per_sec,
            runway_bytes: self.runway_bytes * mark_secs / self.mark_secs,
            non_heap_bytes: self.non_heap_bytes,
        }
    }
}

fn go_runs() -> Vec<GoRun> {
    let runs: GoRuns = serde_json::from_str(GO_RUNS)
        .expect("benches/go-runs.json does not parse: run `cargo xtask go` to record it again");
    runs.runs
}

/// The models beside the real runtime: cycles and median goals per
/// setting; the real GC CPU time, pauses and heap overhead; and one
/// setting's heap over time.
fn record_against_go(_: &mut Criterion) {
    let runs = go_runs();
    let calibration = Calibration::from(&runs);
    for run in runs {
        let id = &run.id;
        benches::record_metric(&format!("gc-pacing/cycles/real/{id}"), run.real_cycles());
        let simple = run.simple();
        benches::record_metric(
            &format!("gc-pacing/cycles/simple/{id}"),
            simple.cycles.len() as f64,
        );
        benches::record_metric(
            &format!("gc-pacing/goal/simple/{id}"),
            median(simple.cycles.iter().map(|c| c.goal_bytes / MIB).collect()),
        );
        let concurrent = run.concurrent(&calibration);
        benches::record_metric(
            &format!("gc-pacing/cycles/concurrent/{id}"),
            concurrent.cycles.len() as f64,
        );
        benches::record_metric(&format!("gc-pacing/goal/real/{id}"), run.real_goal_mib());
        benches::record_metric(
            &format!("gc-pacing/goal/concurrent/{id}"),
            median(
                concurrent
                    .cycles
                    .iter()
                    .map(|c| c.goal_bytes / MIB)
                    .collect(),
            ),
        );
        benches::record_metric(
            &format!("gc-pacing/gc-cpu/real/{id}"),
            run.real_gc_cpu_secs(),
        );
        benches::record_metric(&format!("gc-pacing/pause/real/{id}"), run.real_pause_ms());
        benches::record_metric(
            &format!("gc-pacing/overhead/real/{id}"),
            run.real_overhead_mib(),
        );
        if id == "gogc-100" {
            // The first second, where the teeth can be told apart.
            let until = 1.0;
            let first_second = |corners: Vec<(f64, f64)>| -> Vec<(f64, f64)> {
                corners
                    .into_iter()
                    .filter(|&(secs, _)| secs <= until)
                    .map(|(secs, bytes)| (secs, bytes / MIB))
                    .collect()
            };
            let live = run.live_mib * MIB;
            benches::record_series("gc-pacing/heap/real", &run.real_heap_mib(until));
            benches::record_series(
                "gc-pacing/heap/concurrent",
                &first_second(concurrent.heap_corners(live)),
            );
            benches::record_series(
                "gc-pacing/heap/simple",
                &first_second(simple.heap_corners(live)),
            );
        }
    }
}

fn simulate_bench(c: &mut Criterion) {
    let work = steady(1.0);
    c.bench_function("gc-pacing/simulate", |b| {
        b.iter(|| run(black_box(work), black_box(gogc(100.0))).cycles.len())
    });
}

criterion_group! {
    name = benches;
    config = benches::criterion();
    targets = record_model, record_against_go, simulate_bench
}
criterion_main!(benches);
