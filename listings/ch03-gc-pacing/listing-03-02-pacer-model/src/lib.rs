//! A pacer model in the spirit of the Go GC guide's: a program allocates at
//! a steady rate, the heap grows until it reaches the goal, a cycle frees
//! everything that is not live, and each cycle costs CPU in proportion to
//! what it has to scan. Time advances in fixed steps; nothing is random, so
//! every run with the same inputs gives the same numbers.

// ANCHOR: inputs
/// One mebibyte, the unit Go's `gctrace` prints ("MB").
pub const MIB: f64 = 1024.0 * 1024.0;

/// What the program does.
#[derive(Clone, Copy, Debug)]
pub struct Workload {
    /// Bytes allocated per second of run time.
    pub alloc_bytes_per_sec: f64,
    /// Bytes still reachable at the start.
    pub live_bytes: f64,
    /// Optionally, the live heap jumps to a new size at some moment.
    pub live_step: Option<LiveStep>,
    /// Stacks and globals: scanned by every cycle, never freed.
    pub roots_bytes: f64,
    /// How long the model runs, in seconds.
    pub duration_secs: f64,
}

/// The live heap becomes `live_bytes` at `at_secs`.
#[derive(Clone, Copy, Debug)]
pub struct LiveStep {
    pub at_secs: f64,
    pub live_bytes: f64,
}

/// The two knobs: `GOGC` (`None` is `GOGC=off`) and `GOMEMLIMIT`.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    pub gogc: Option<f64>,
    pub memory_limit_bytes: Option<f64>,
}

/// What one cycle costs: scanning the live heap and the roots, plus a
/// fixed amount per cycle.
#[derive(Clone, Copy, Debug)]
pub struct GcCost {
    pub scan_bytes_per_cpu_sec: f64,
    pub fixed_cpu_secs: f64,
}

impl GcCost {
    /// Our assumption: 1 GiB scanned per CPU-second, 100 µs per cycle.
    pub const MODEL: GcCost = GcCost {
        scan_bytes_per_cpu_sec: 1024.0 * MIB,
        fixed_cpu_secs: 100e-6,
    };
}
// ANCHOR_END: inputs

/// Go's minimum heap at GOGC=100 (`defaultHeapMinimum`, 4 MiB).
pub const MIN_HEAP_BYTES: f64 = 4.0 * MIB;

/// The heap goal of listing 03-01, in `f64` bytes.
pub fn heap_goal(live_bytes: f64, roots_bytes: f64, settings: Settings) -> Option<f64> {
    let gogc_goal = settings.gogc.map(|percent| {
        let goal = live_bytes + (live_bytes + roots_bytes) * percent / 100.0;
        goal.max(MIN_HEAP_BYTES * percent / 100.0)
    });
    let limit_goal = settings
        .memory_limit_bytes
        .map(|limit| (limit - roots_bytes).max(0.0));
    match (gogc_goal, limit_goal) {
        (Some(gogc), Some(limit)) => Some(gogc.min(limit)),
        (goal, None) | (None, goal) => goal,
    }
}

/// One collection, as `GODEBUG=gctrace=1` would report it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cycle {
    /// When the cycle ran, in seconds from the start.
    pub at_secs: f64,
    /// Heap size when the cycle started, and after it freed the garbage.
    pub heap_before_bytes: f64,
    pub heap_after_bytes: f64,
    /// The goal the cycle was paced against.
    pub goal_bytes: f64,
    /// CPU time the cycle cost.
    pub cpu_secs: f64,
}

/// What a run of the model produced.
#[derive(Clone, Debug)]
pub struct Run {
    pub cycles: Vec<Cycle>,
    /// Heap size at the end of every step, after any collection.
    pub heap_bytes: Vec<f64>,
    pub step_secs: f64,
    pub peak_heap_bytes: f64,
    pub gc_cpu_secs: f64,
    pub duration_secs: f64,
}

// ANCHOR: simulate
/// Runs the model in steps of `step_secs`. Each step allocates; when the
/// heap reaches the goal, a cycle frees all but the live heap, costs
/// `cost` in CPU, and sets the next goal from the heap it found live.
pub fn simulate(work: Workload, settings: Settings, cost: GcCost, step_secs: f64) -> Run {
    let steps = (work.duration_secs / step_secs).round() as usize;
    let alloc_per_step = work.alloc_bytes_per_sec * step_secs;
    let mut live = work.live_bytes;
    let mut heap = live;
    let mut goal = heap_goal(live, work.roots_bytes, settings);
    let mut run = Run {
        cycles: Vec::new(),
        heap_bytes: Vec::with_capacity(steps),
        step_secs,
        peak_heap_bytes: heap,
        gc_cpu_secs: 0.0,
        duration_secs: steps as f64 * step_secs,
    };
    for step in 1..=steps {
        let now = step as f64 * step_secs;
        if let Some(jump) = work.live_step
            && live != jump.live_bytes
            && now >= jump.at_secs
        {
            heap += jump.live_bytes - live; // the program keeps more (or less)
            live = jump.live_bytes;
        }
        heap += alloc_per_step;
        run.peak_heap_bytes = run.peak_heap_bytes.max(heap);
        if let Some(current_goal) = goal
            && heap >= current_goal
        {
            let cpu_secs =
                (live + work.roots_bytes) / cost.scan_bytes_per_cpu_sec + cost.fixed_cpu_secs;
            run.cycles.push(Cycle {
                at_secs: now,
                heap_before_bytes: heap,
                heap_after_bytes: live,
                goal_bytes: current_goal,
                cpu_secs,
            });
            run.gc_cpu_secs += cpu_secs;
            heap = live;
            goal = heap_goal(live, work.roots_bytes, settings);
            assert!(
                goal.is_none_or(|g| g > live + alloc_per_step),
                "the goal leaves no room above the live heap: Go's GC CPU limiter \
                 would take over, and this model does not include it"
            );
        }
        run.heap_bytes.push(heap);
    }
    run
}
// ANCHOR_END: simulate

impl Run {
    /// GC CPU time as a fraction of the CPU time `cpus` cores offer
    /// over the run.
    pub fn gc_cpu_fraction(&self, cpus: f64) -> f64 {
        self.gc_cpu_secs / (self.duration_secs * cpus)
    }

    /// The heap's path as `(seconds, bytes)` corners: it grows in a
    /// straight line between them, so a line through these points is exact
    /// (to one step's allocation).
    pub fn heap_corners(&self, start_bytes: f64) -> Vec<(f64, f64)> {
        let mut points = vec![(0.0, start_bytes)];
        for cycle in &self.cycles {
            points.push((cycle.at_secs, cycle.heap_before_bytes));
            points.push((cycle.at_secs, cycle.heap_after_bytes));
        }
        if let Some(&last) = self.heap_bytes.last() {
            points.push((self.duration_secs, last));
        }
        points
    }

    /// Peak heap above the given live heap.
    pub fn heap_overhead_bytes(&self, live_bytes: f64) -> f64 {
        self.peak_heap_bytes - live_bytes
    }
}

// ANCHOR: trace
/// What `GODEBUG=gctrace=1` would print for a run of the model: its first
/// three cycles, one line each, then a summary of the run.
pub fn trace(title: &str, work: Workload, settings: Settings) -> String {
    let run = simulate(work, settings, GcCost::MODEL, 1e-4);
    let mut text = format!("{title}\n");
    for (n, cycle) in run.cycles.iter().enumerate().take(3) {
        text += &format!(
            "  gc {} @{:.3}s: {:.1}->{:.1} MB, {:.1} MB goal, {:.3} ms cpu\n",
            n + 1,
            cycle.at_secs,
            cycle.heap_before_bytes / MIB,
            cycle.heap_after_bytes / MIB,
            cycle.goal_bytes / MIB,
            cycle.cpu_secs * 1e3,
        );
    }
    text += &format!(
        "  {} cycles in {:.0} s, peak heap {:.1} MB, GC CPU {:.1} ms ({:.3}% of 4 CPUs)\n",
        run.cycles.len(),
        run.duration_secs,
        run.peak_heap_bytes / MIB,
        run.gc_cpu_secs * 1e3,
        run.gc_cpu_fraction(4.0) * 100.0,
    );
    text
}
// ANCHOR_END: trace

#[cfg(test)]
mod tests {
    use super::*;

    const STEP: f64 = 1e-4;

    fn steady(live_mib: f64, roots_mib: f64) -> Workload {
        Workload {
            alloc_bytes_per_sec: 256.0 * MIB,
            live_bytes: live_mib * MIB,
            live_step: None,
            roots_bytes: roots_mib * MIB,
            duration_secs: 10.0,
        }
    }

    fn gogc(percent: f64) -> Settings {
        Settings {
            gogc: Some(percent),
            memory_limit_bytes: None,
        }
    }

    #[test]
    fn the_notes_example_collects_at_4_mib() {
        let run = simulate(steady(2.0, 0.0), gogc(100.0), GcCost::MODEL, STEP);
        assert!(!run.cycles.is_empty());
        for cycle in &run.cycles {
            assert_eq!(cycle.goal_bytes, 4.0 * MIB);
            assert_eq!(cycle.heap_after_bytes, 2.0 * MIB);
            // It starts at the goal, overshooting by less than one step.
            assert!(cycle.heap_before_bytes >= 4.0 * MIB);
            assert!(cycle.heap_before_bytes < 4.0 * MIB + 256.0 * MIB * STEP);
        }
    }

    #[test]
    fn doubling_gogc_halves_gc_cpu_and_doubles_heap_overhead() {
        let work = steady(32.0, 1.0);
        let at_100 = simulate(work, gogc(100.0), GcCost::MODEL, STEP);
        let at_200 = simulate(work, gogc(200.0), GcCost::MODEL, STEP);
        // Cycles come in whole numbers and the last one of a run is cut
        // short: with about 40 cycles at GOGC=200, that is within 5%.
        let cpu_ratio = at_100.gc_cpu_secs / at_200.gc_cpu_secs;
        assert!((1.9..=2.1).contains(&cpu_ratio), "{cpu_ratio}");
        // The peak overshoots the goal by less than one step (0.08% here).
        let live = work.live_bytes;
        let overhead_ratio = at_200.heap_overhead_bytes(live) / at_100.heap_overhead_bytes(live);
        assert!((1.99..=2.01).contains(&overhead_ratio), "{overhead_ratio}");
    }

    #[test]
    fn a_memory_limit_caps_the_peak_and_costs_cpu() {
        let work = Workload {
            live_step: Some(LiveStep {
                at_secs: 5.0,
                live_bytes: 70.0 * MIB,
            }),
            ..steady(40.0, 1.0)
        };
        let free = simulate(work, gogc(100.0), GcCost::MODEL, STEP);
        let limited = simulate(
            work,
            Settings {
                gogc: Some(100.0),
                memory_limit_bytes: Some(100.0 * MIB),
            },
            GcCost::MODEL,
            STEP,
        );
        // Without the limit the heap heads for 70 + 71 MiB; with it, the heap
        // and the 1 MiB of roots stay within 100 MiB (to one step).
        assert!(free.peak_heap_bytes > 140.0 * MIB);
        assert!(limited.peak_heap_bytes + MIB <= 100.0 * MIB + 256.0 * MIB * STEP);
        assert!(limited.gc_cpu_secs > 1.5 * free.gc_cpu_secs);
    }

    #[test]
    fn gogc_off_without_a_limit_never_collects() {
        let off = Settings {
            gogc: None,
            memory_limit_bytes: None,
        };
        let run = simulate(steady(2.0, 0.0), off, GcCost::MODEL, STEP);
        assert!(run.cycles.is_empty());
        assert_eq!(run.gc_cpu_secs, 0.0);
        let expected = 2.0 * MIB + 256.0 * MIB * 10.0;
        assert!((run.peak_heap_bytes - expected).abs() < 1.0);
    }

    #[test]
    fn gogc_off_with_a_limit_collects_at_the_limit() {
        let off_with_limit = Settings {
            gogc: None,
            memory_limit_bytes: Some(64.0 * MIB),
        };
        let run = simulate(steady(8.0, 0.0), off_with_limit, GcCost::MODEL, STEP);
        assert!(!run.cycles.is_empty());
        assert!(run.cycles.iter().all(|c| c.goal_bytes == 64.0 * MIB));
    }

    #[test]
    fn tiny_live_heaps_are_paced_against_the_minimum_heap() {
        let run = simulate(steady(0.5, 0.0), gogc(100.0), GcCost::MODEL, STEP);
        assert!(run.cycles.iter().all(|c| c.goal_bytes == MIN_HEAP_BYTES));
        let run = simulate(steady(0.5, 0.0), gogc(50.0), GcCost::MODEL, STEP);
        assert!(
            run.cycles
                .iter()
                .all(|c| c.goal_bytes == MIN_HEAP_BYTES / 2.0)
        );
    }

    #[test]
    fn a_larger_live_heap_costs_more_per_cycle_but_the_pause_is_not_modelled() {
        let small = simulate(steady(16.0, 0.0), gogc(100.0), GcCost::MODEL, STEP);
        let large = simulate(steady(64.0, 0.0), gogc(100.0), GcCost::MODEL, STEP);
        assert!(large.cycles[0].cpu_secs > 3.0 * small.cycles[0].cpu_secs);
        // A heap four times larger is collected a quarter as often.
        let ratio = small.cycles.len() as f64 / large.cycles.len() as f64;
        assert!((3.8..=4.2).contains(&ratio), "{ratio}");
    }

    #[test]
    fn the_model_is_deterministic() {
        let a = simulate(steady(32.0, 1.0), gogc(100.0), GcCost::MODEL, STEP);
        let b = simulate(steady(32.0, 1.0), gogc(100.0), GcCost::MODEL, STEP);
        assert_eq!(a.cycles, b.cycles);
        assert_eq!(a.heap_bytes, b.heap_bytes);
    }

    #[test]
    #[should_panic(expected = "limiter")]
    fn a_limit_below_the_live_heap_is_outside_the_model() {
        let too_low = Settings {
            gogc: Some(100.0),
            memory_limit_bytes: Some(30.0 * MIB),
        };
        simulate(steady(32.0, 1.0), too_low, GcCost::MODEL, STEP);
    }

    #[test]
    fn the_trace_shows_the_notes_example_like_gctrace() {
        let text = trace("notes", steady(2.0, 0.0), gogc(100.0));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 5, "{text}");
        assert_eq!(lines[0], "notes");
        assert!(
            lines[1].starts_with("  gc 1 @0.008s: 4.0->2.0 MB, 4.0 MB goal"),
            "{text}"
        );
        assert!(lines[4].contains("peak heap 4.0 MB"), "{text}");
    }
}
