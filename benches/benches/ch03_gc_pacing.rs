//! Chapter 3, "Garbage collection and pacing": nothing here is timed for a
//! claim. The pacer model is deterministic, so its results are recorded as
//! counts (bytes, CPU-seconds) and curves (heap over time); the one
//! benchmark times a run of the model so that criterion has work to do.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use listing_03_01_heap_goal::heap_goal;
use listing_03_02_pacer_model::{GcCost, LiveStep, MIB, Run, Settings, Workload, simulate};

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

fn simulate_bench(c: &mut Criterion) {
    let work = steady(1.0);
    c.bench_function("gc-pacing/simulate", |b| {
        b.iter(|| run(black_box(work), black_box(gogc(100.0))).cycles.len())
    });
}

criterion_group! {
    name = benches;
    config = benches::criterion();
    targets = record_model, simulate_bench
}
criterion_main!(benches);
