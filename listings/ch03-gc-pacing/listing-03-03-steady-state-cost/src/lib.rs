//! The pacer model's steady state in closed form: how often the collector
//! runs and what that costs per second, for a constant live heap.

// ANCHOR: steady
/// Cycles per second: each cycle lets the program allocate the headroom
/// between the live heap and the goal, and then must run again.
pub fn cycles_per_sec(alloc_bytes_per_sec: f64, live_bytes: f64, goal_bytes: f64) -> f64 {
    alloc_bytes_per_sec / (goal_bytes - live_bytes)
}

/// GC CPU-seconds per second: cycles per second times the cost of one
/// cycle, which scans the live heap and the roots and pays a fixed amount.
pub fn gc_cpu_per_sec(
    alloc_bytes_per_sec: f64,
    live_bytes: f64,
    roots_bytes: f64,
    goal_bytes: f64,
    scan_bytes_per_cpu_sec: f64,
    fixed_cpu_secs: f64,
) -> f64 {
    let per_cycle = (live_bytes + roots_bytes) / scan_bytes_per_cpu_sec + fixed_cpu_secs;
    cycles_per_sec(alloc_bytes_per_sec, live_bytes, goal_bytes) * per_cycle
}
// ANCHOR_END: steady

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: f64 = 1024.0 * 1024.0;

    /// GOGC's goal for `percent`, above the minimum heap.
    fn goal(live: f64, roots: f64, percent: f64) -> f64 {
        live + (live + roots) * percent / 100.0
    }

    fn cost(percent: f64, alloc: f64) -> f64 {
        let (live, roots) = (32.0 * MIB, MIB);
        gc_cpu_per_sec(
            alloc,
            live,
            roots,
            goal(live, roots, percent),
            1024.0 * MIB,
            100e-6,
        )
    }

    #[test]
    fn doubling_gogc_halves_the_cost_exactly() {
        let ratio = cost(100.0, 256.0 * MIB) / cost(200.0, 256.0 * MIB);
        assert!((ratio - 2.0).abs() < 1e-12, "{ratio}");
    }

    #[test]
    fn the_cost_is_proportional_to_the_allocation_rate() {
        let ratio = cost(100.0, 512.0 * MIB) / cost(100.0, 256.0 * MIB);
        assert!((ratio - 2.0).abs() < 1e-12, "{ratio}");
    }

    #[test]
    fn the_live_heap_cancels_out_once_gogc_sets_the_goal() {
        // Twice the live heap: each cycle scans twice as much, but the
        // headroom doubles too, so the cost per second barely moves (only
        // the fixed cost per cycle, now paid half as often, is saved).
        let alloc = 256.0 * MIB;
        let scan = 1024.0 * MIB;
        let small = gc_cpu_per_sec(alloc, 32.0 * MIB, 0.0, 64.0 * MIB, scan, 0.0);
        let large = gc_cpu_per_sec(alloc, 64.0 * MIB, 0.0, 128.0 * MIB, scan, 0.0);
        assert!((small - large).abs() < 1e-12);
        assert!((small - 0.25).abs() < 1e-12, "{small}"); // 256 MiB/s ÷ 1 GiB/s
    }

    #[test]
    fn a_lower_goal_means_more_cycles() {
        let alloc = 256.0 * MIB;
        let at_goal = |goal_mib: f64| cycles_per_sec(alloc, 32.0 * MIB, goal_mib * MIB);
        assert_eq!(at_goal(64.0), 8.0);
        assert_eq!(at_goal(48.0), 16.0);
    }
}
