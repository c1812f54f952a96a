//! Go's heap goal, as `runtime/mgcpacer.go` computes it: GOGC's goal from
//! the marked (live) heap and the GC roots, never below the minimum heap,
//! and lowered by a memory limit when one is set.

// ANCHOR: goal
/// Go's minimum heap at GOGC=100: 4 MiB (`defaultHeapMinimum`).
pub const MIN_HEAP_BYTES: u64 = 4 << 20;

/// The heap size at which the next cycle must have finished, for a heap
/// that the last cycle found to hold `live_bytes`, with `roots_bytes` of
/// stacks and globals to scan. `gogc: None` is `GOGC=off`; `None` back
/// means the collector never runs.
pub fn heap_goal(
    live_bytes: u64,
    roots_bytes: u64,
    gogc: Option<u64>,
    memory_limit_bytes: Option<u64>,
) -> Option<u64> {
    let gogc_goal = gogc.map(|percent| {
        let goal = live_bytes + (live_bytes + roots_bytes) * percent / 100;
        goal.max(MIN_HEAP_BYTES * percent / 100)
    });
    // The limit covers all the memory Go uses; what is not heap (here,
    // the roots) is taken off before the rest is offered to the heap.
    let limit_goal = memory_limit_bytes.map(|limit| limit.saturating_sub(roots_bytes));
    match (gogc_goal, limit_goal) {
        (Some(gogc), Some(limit)) => Some(gogc.min(limit)),
        (goal, None) | (None, goal) => goal,
    }
}
// ANCHOR_END: goal

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1 << 20;

    #[test]
    fn the_notes_example_has_a_4_mib_goal() {
        assert_eq!(heap_goal(2 * MIB, 0, Some(100), None), Some(4 * MIB));
    }

    #[test]
    fn roots_raise_the_goal() {
        // Since Go 1.18 stacks and globals count: 2 MiB live + 1 MiB roots.
        assert_eq!(heap_goal(2 * MIB, MIB, Some(100), None), Some(5 * MIB));
    }

    #[test]
    fn gogc_scales_the_headroom_not_the_live_heap() {
        let live = 100 * MIB;
        assert_eq!(heap_goal(live, 0, Some(50), None), Some(150 * MIB));
        assert_eq!(heap_goal(live, 0, Some(100), None), Some(200 * MIB));
        assert_eq!(heap_goal(live, 0, Some(200), None), Some(300 * MIB));
    }

    #[test]
    fn tiny_heaps_get_the_minimum_heap() {
        assert_eq!(heap_goal(64 << 10, 0, Some(100), None), Some(4 * MIB));
        assert_eq!(heap_goal(64 << 10, 0, Some(200), None), Some(8 * MIB));
        assert_eq!(heap_goal(64 << 10, 0, Some(50), None), Some(2 * MIB));
    }

    #[test]
    fn gogc_off_without_a_limit_never_collects() {
        assert_eq!(heap_goal(2 * MIB, MIB, None, None), None);
    }

    #[test]
    fn a_memory_limit_lowers_the_goal_but_never_raises_it() {
        let (live, roots) = (60 * MIB, MIB);
        assert_eq!(
            heap_goal(live, roots, Some(100), Some(100 * MIB)),
            Some(99 * MIB)
        );
        assert_eq!(
            heap_goal(live, roots, Some(100), Some(1 << 40)),
            Some(121 * MIB)
        );
        assert_eq!(
            heap_goal(live, roots, None, Some(100 * MIB)),
            Some(99 * MIB)
        );
    }
}
