//! Listing 3-2's pacer model with what the real collector adds: marking
//! takes time, the program keeps allocating while it runs, and everything it
//! allocates then is marked live for that cycle; the cycle starts at a
//! trigger before the goal; and under a memory limit the goal leaves room
//! for the runtime's own memory. The rules and constants are those of
//! `runtime/mgcpacer.go` (Go 1.27); time advances in fixed steps, and nothing
//! is random.

/// One mebibyte, the unit Go's `gctrace` prints ("MB").
pub const MIB: f64 = 1024.0 * 1024.0;

// ANCHOR: inputs
/// What the program does: a steady allocation rate over a live heap.
#[derive(Clone, Copy, Debug)]
pub struct Workload {
    pub alloc_bytes_per_sec: f64,
    pub live_bytes: f64,
    /// Stacks and globals: scanned by every cycle, never freed.
    pub roots_bytes: f64,
    pub duration_secs: f64,
}

/// The two knobs: `GOGC` (`None` is `GOGC=off`) and `GOMEMLIMIT`.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    pub gogc: Option<f64>,
    pub memory_limit_bytes: Option<f64>,
}

/// What the model cannot know from the program alone, measured on the
/// machine that runs it.
#[derive(Clone, Copy, Debug)]
pub struct Machine {
    /// How fast marking gets through the live heap and the roots, in bytes
    /// per second of wall-clock time.
    pub mark_bytes_per_sec: f64,
    /// How much the pacer expects the program to allocate while a cycle
    /// marks, and so how far before the goal it starts the next one (the
    /// runtime estimates it from its last cycles: see the chapter).
    pub runway_bytes: f64,
    /// What the runtime counts against the memory limit besides the heap's
    /// objects and free pages: `nonHeapMemory` in `memoryLimitHeapGoal`.
    pub non_heap_bytes: f64,
}
// ANCHOR_END: inputs

/// Go's minimum heap at GOGC=100 (`defaultHeapMinimum`).
const MIN_HEAP_BYTES: f64 = 4.0 * MIB;

// ANCHOR: goal
/// The heap goal after a cycle that marked `marked` bytes: GOGC's goal,
/// or the memory limit's if that is lower.
pub fn heap_goal(
    marked: f64,
    work: &Workload,
    settings: Settings,
    machine: &Machine,
) -> Option<f64> {
    let gogc_goal = settings.gogc.map(|percent| {
        let goal = marked + (marked + work.roots_bytes) * percent / 100.0;
        goal.max(MIN_HEAP_BYTES * percent / 100.0)
    });
    let limit_goal = settings.memory_limit_bytes.map(|limit| {
        // Globals are not in the runtime's mapped memory; stacks and its
        // other structures are, in `non_heap_bytes`.
        let room = limit - machine.non_heap_bytes;
        // Headroom for pacing errors: 3% (memoryLimitHeapGoalHeadroomPercent),
        // at least 1 MiB (memoryLimitMinHeapGoalHeadroom).
        let headroom = (room * 0.03).max(MIB);
        let goal = if room < 2.0 * headroom {
            headroom
        } else {
            room - headroom
        };
        // Never below the marked heap: a goal under what is live means
        // collecting continuously, which the CPU limiter then caps.
        goal.max(marked)
    });
    match (gogc_goal, limit_goal) {
        (Some(gogc), Some(limit)) => Some(gogc.min(limit)),
        (goal, None) | (None, goal) => goal,
    }
}
// ANCHOR_END: goal

// ANCHOR: trigger
/// Where the next cycle starts: `runway` before the goal, within the
/// pacer's bounds of 45/64 and 61/64 of the way from the marked heap to the
/// goal (or as late as 4 MiB before a large goal).
pub fn trigger(marked: f64, goal: f64, runway: f64) -> f64 {
    let headroom = goal - marked;
    let lowest = marked + headroom * 45.0 / 64.0;
    let mut highest = marked + headroom * 61.0 / 64.0;
    if goal > MIN_HEAP_BYTES {
        highest = highest.max(goal - MIN_HEAP_BYTES);
    }
    (goal - runway).clamp(lowest, highest.max(lowest))
}

// ANCHOR_END: trigger

/// One collection, with the fields `GODEBUG=gctrace=1` prints.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cycle {
    /// When marking started, in seconds from the start.
    pub at_secs: f64,
    pub mark_secs: f64,
    /// The heap when marking started and when it ended, and the bytes marked.
    pub heap_start_bytes: f64,
    pub heap_end_bytes: f64,
    pub marked_bytes: f64,
    /// The goal the cycle was paced against.
    pub goal_bytes: f64,
}

/// What a run of the model produced.
#[derive(Clone, Debug)]
pub struct Run {
    pub cycles: Vec<Cycle>,
    pub duration_secs: f64,
}

/// Where the model is in a cycle.
enum Phase {
    /// Allocating towards the trigger.
    Waiting,
    /// Marking until `until_secs`; `black` bytes allocated since it started.
    Marking {
        since_secs: f64,
        until_secs: f64,
        heap_start: f64,
        black: f64,
    },
}

// ANCHOR: simulate
/// Runs the model in steps of `step_secs`, from a heap of exactly the live
/// data (as after a forced collection).
pub fn simulate(work: Workload, settings: Settings, machine: Machine, step_secs: f64) -> Run {
    let steps = (work.duration_secs / step_secs).round() as usize;
    let live = work.live_bytes;
    let runway = machine.runway_bytes;
    let mut heap = live;
    let mut goal = heap_goal(live, &work, settings, &machine);
    let mut start_at = goal.map(|goal| trigger(live, goal, runway));
    let mut phase = Phase::Waiting;
    let mut held_back = 0.0; // allocation the assists postponed
    let mut run = Run {
        cycles: Vec::new(),
        duration_secs: steps as f64 * step_secs,
    };
    for step in 1..=steps {
        let now = step as f64 * step_secs;
        let mut allocate = work.alloc_bytes_per_sec * step_secs + held_back;
        if let (Phase::Marking { .. }, Some(goal)) = (&phase, goal) {
            // Mark assists slow the program so that the heap ends at the goal.
            allocate = allocate.min((goal - heap).max(0.0));
        }
        held_back += work.alloc_bytes_per_sec * step_secs - allocate;
        heap += allocate;
        if let Phase::Marking { black, .. } = &mut phase {
            // Allocated black: marked live for this cycle, whatever it becomes.
            *black += allocate;
        } else if start_at.is_some_and(|at| heap >= at) {
            let mark_secs = (live + work.roots_bytes) / machine.mark_bytes_per_sec;
            phase = Phase::Marking {
                since_secs: now,
                until_secs: now + mark_secs,
                heap_start: heap,
                black: 0.0,
            };
        }
        if let Phase::Marking {
            since_secs,
            until_secs,
            heap_start,
            black,
        } = phase
            && now >= until_secs
        {
            let marked = live + black;
            run.cycles.push(Cycle {
                at_secs: since_secs,
                mark_secs: now - since_secs,
                heap_start_bytes: heap_start,
                heap_end_bytes: heap,
                marked_bytes: marked,
                goal_bytes: goal.expect("a cycle started, so there is a goal"),
            });
            heap = marked; // sweeping frees the rest
            goal = heap_goal(marked, &work, settings, &machine);
            start_at = goal.map(|goal| trigger(marked, goal, runway));
            phase = Phase::Waiting;
        }
    }
    run
}
// ANCHOR_END: simulate

impl Run {
    /// The heap's path as `(seconds, bytes)` corners, starting from
    /// `start_bytes`: it grows in straight lines between them (to a step).
    pub fn heap_corners(&self, start_bytes: f64) -> Vec<(f64, f64)> {
        let mut points = vec![(0.0, start_bytes)];
        for cycle in &self.cycles {
            let end = cycle.at_secs + cycle.mark_secs;
            points.push((cycle.at_secs, cycle.heap_start_bytes));
            points.push((end, cycle.heap_end_bytes));
            points.push((end, cycle.marked_bytes));
        }
        points
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STEP: f64 = 1e-4;

    fn steady(live_mib: f64) -> Workload {
        Workload {
            alloc_bytes_per_sec: 256.0 * MIB,
            live_bytes: live_mib * MIB,
            roots_bytes: 0.0,
            duration_secs: 10.0,
        }
    }

    fn gogc(percent: f64) -> Settings {
        Settings {
            gogc: Some(percent),
            memory_limit_bytes: None,
        }
    }

    /// Marks 32 MiB in 40 ms, in which 10.24 MiB are allocated at 256 MiB/s;
    /// the pacer plans for just that; 8 MiB of runtime memory.
    fn machine() -> Machine {
        Machine {
            mark_bytes_per_sec: 32.0 * MIB / 0.040,
            runway_bytes: 10.24 * MIB,
            non_heap_bytes: 8.0 * MIB,
        }
    }

    fn instant() -> Machine {
        Machine {
            mark_bytes_per_sec: f64::INFINITY,
            runway_bytes: 0.0,
            ..machine()
        }
    }

    #[test]
    fn what_is_allocated_while_marking_is_marked() {
        let run = simulate(steady(32.0), gogc(100.0), machine(), STEP);
        // The first cycle, paced from the live heap alone, is cut short by
        // assists at its goal; from the second on, marking runs its course.
        for cycle in &run.cycles[1..] {
            // 40 ms at 256 MiB/s: 10.24 MiB allocated black (to a step or
            // two: where the cycle starts, and where assists clip it).
            let black = cycle.marked_bytes - 32.0 * MIB;
            assert!(
                (black - 10.24 * MIB).abs() <= 2.0 * 256.0 * MIB * STEP,
                "{cycle:?}"
            );
            // And the next goal is paced from the marked heap, not the live one.
            let next = heap_goal(cycle.marked_bytes, &steady(32.0), gogc(100.0), &machine());
            assert_eq!(next, Some(2.0 * cycle.marked_bytes));
        }
    }

    #[test]
    fn instant_marking_starts_the_cycle_at_the_highest_trigger() {
        let run = simulate(steady(32.0), gogc(100.0), instant(), STEP);
        for cycle in &run.cycles {
            assert_eq!(cycle.marked_bytes, 32.0 * MIB);
            let start = cycle.heap_start_bytes - 32.0 * MIB;
            assert!(
                (start - 32.0 * MIB * 61.0 / 64.0).abs() <= 256.0 * MIB * STEP,
                "{cycle:?}"
            );
        }
        // 2,560 MiB allocated in cycles of 30.5 MiB: 83 of them, not the 80
        // that cycles at the goal would give.
        assert_eq!(run.cycles.len(), 83);
    }

    #[test]
    fn the_trigger_stays_within_the_pacer_bounds() {
        let (marked, goal) = (40.0 * MIB, 80.0 * MIB);
        // No runway: as late as it may, 61/64 of the way.
        assert_eq!(
            trigger(marked, goal, 0.0),
            marked + 40.0 * MIB * 61.0 / 64.0
        );
        assert_eq!(trigger(marked, goal, 8.0 * MIB), goal - 8.0 * MIB);
        // A long runway: as early as it may, 45/64 of the way.
        assert_eq!(
            trigger(marked, goal, 40.0 * MIB),
            marked + 40.0 * MIB * 45.0 / 64.0
        );
        // A large heap may trigger as late as 4 MiB before its goal.
        assert_eq!(trigger(200.0 * MIB, 400.0 * MIB, 0.0), 396.0 * MIB);
    }

    #[test]
    fn a_longer_runway_starts_cycles_earlier_and_runs_more() {
        let planned = simulate(steady(32.0), gogc(200.0), machine(), STEP);
        let cautious = Machine {
            runway_bytes: 20.0 * MIB,
            ..machine()
        };
        let early = simulate(steady(32.0), gogc(200.0), cautious, STEP);
        assert!(early.cycles.len() > planned.cycles.len());
        // Marking ends well before the goal: 20 MiB of runway, 10.24 used.
        for cycle in &early.cycles[1..] {
            assert!(
                cycle.heap_end_bytes < cycle.goal_bytes - 9.0 * MIB,
                "{cycle:?}"
            );
        }
    }

    #[test]
    fn assists_hold_the_heap_at_the_goal() {
        // GOGC=50: the trigger comes no earlier than 45/64 of the way,
        // leaving about 6 MiB, less than the 10 MiB marking would see
        // allocated.
        let run = simulate(steady(32.0), gogc(50.0), machine(), STEP);
        assert!(!run.cycles.is_empty());
        for cycle in &run.cycles {
            assert!(cycle.heap_end_bytes <= cycle.goal_bytes + 1.0, "{cycle:?}");
        }
        // The program still allocates all it meant to, only later.
        let last = run.cycles.last().unwrap();
        assert!(last.at_secs > 9.5, "{last:?}");
    }

    #[test]
    fn the_limit_leaves_room_for_the_runtimes_own_memory() {
        let limited = |limit_mib: f64| Settings {
            gogc: Some(100.0),
            memory_limit_bytes: Some(limit_mib * MIB),
        };
        let goal = |marked_mib: f64, limit_mib: f64| {
            heap_goal(
                marked_mib * MIB,
                &steady(32.0),
                limited(limit_mib),
                &machine(),
            )
            .unwrap()
                / MIB
        };
        // 64 MiB less 8 of runtime memory, less 3%.
        assert!((goal(40.0, 64.0) - 56.0 * 0.97).abs() < 1e-9);
        // Under a small limit the headroom is at least 1 MiB.
        assert!((goal(2.0, 12.0) - 3.0).abs() < 1e-9);
        // A limit far above GOGC's goal changes nothing.
        assert_eq!(goal(40.0, 1024.0), 80.0);
    }

    #[test]
    fn the_limit_goal_never_drops_below_the_marked_heap() {
        let too_low = Settings {
            gogc: Some(100.0),
            memory_limit_bytes: Some(30.0 * MIB),
        };
        let work = Workload {
            duration_secs: 1.0,
            ..steady(32.0)
        };
        let run = simulate(work, too_low, machine(), STEP);
        // Cycles run back to back, each paced against the heap it marked.
        assert!(run.cycles.len() >= 20, "{}", run.cycles.len());
        for pair in run.cycles.windows(2) {
            assert_eq!(pair[1].goal_bytes, pair[0].marked_bytes);
        }
    }

    #[test]
    fn gogc_off_without_a_limit_never_collects() {
        let off = Settings {
            gogc: None,
            memory_limit_bytes: None,
        };
        assert!(
            simulate(steady(2.0), off, machine(), STEP)
                .cycles
                .is_empty()
        );
    }

    #[test]
    fn the_model_is_deterministic() {
        let a = simulate(steady(32.0), gogc(100.0), machine(), STEP);
        let b = simulate(steady(32.0), gogc(100.0), machine(), STEP);
        assert_eq!(a.cycles, b.cycles);
    }
}
