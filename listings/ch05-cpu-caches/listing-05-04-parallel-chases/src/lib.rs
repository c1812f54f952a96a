//! Memory-level parallelism: one pointer chase through a ring of cache-line
//! slots, against several independent chases through the same ring,
//! interleaved in one loop.

// Not needed with Cargo; `mdbook test` compiles this file with rustdoc alone,
// which finds a crate passed with -L only through `extern crate`.
extern crate fastrand;

/// The line size of x86-64 processors, and of many others.
pub const CACHE_LINE: usize = 64;

/// How many evenly spaced points of the cycle a ring remembers, for
/// starting chains far apart from each other.
const WAYPOINTS: usize = 1024;

/// One slot per cache line: the index of the next slot, padded to 64 bytes.
#[derive(Clone, Copy)]
#[repr(align(64))]
struct Slot {
    next: usize,
}

/// Cache-line slots linked into one cycle through every slot, in a random
/// order.
pub struct Ring {
    slots: Vec<Slot>,
    /// Slots `len / WAYPOINTS` steps apart along the cycle.
    waypoints: Vec<usize>,
}

// ANCHOR: chases
impl Ring {
    /// `chains` starting slots spread evenly around the cycle, so that no
    /// chain walks where another one has just been.
    pub fn cursors(&self, chains: usize) -> Vec<usize> {
        assert!((1..=WAYPOINTS).contains(&chains));
        (0..chains)
            .map(|chain| self.waypoints[chain * WAYPOINTS / chains])
            .collect()
    }

    /// Follows `steps` links from every cursor, one link of each chain in
    /// turn. A cursor's next slot comes from its own last load only, so the
    /// chains do not wait for each other: with `k` cursors, up to `k` loads
    /// can be on their way at once.
    #[inline(never)]
    pub fn chase_all(&self, cursors: &mut [usize], steps: u64) {
        for _ in 0..steps {
            for at in cursors.iter_mut() {
                *at = self.slots[*at].next;
            }
        }
    }
}
// ANCHOR_END: chases

impl Ring {
    /// A ring filling `bytes` (rounded down to whole lines, at least one).
    ///
    /// The slots are shuffled into a random order and each is linked to the
    /// one after it, the last to the first: one cycle through every slot,
    /// as Sattolo's algorithm in listing 5-3 makes, but with the order at
    /// hand to place the waypoints without walking the ring. Every slot is
    /// written, so every page is backed by memory of its own.
    pub fn new(bytes: usize, seed: u64) -> Ring {
        let len = (bytes / CACHE_LINE).max(1);
        let mut order: Vec<usize> = (0..len).collect();
        fastrand::Rng::with_seed(seed).shuffle(&mut order);
        let mut slots = vec![Slot { next: 0 }; len];
        for (i, &slot) in order.iter().enumerate() {
            slots[slot].next = order[(i + 1) % len];
        }
        let waypoints = (0..WAYPOINTS).map(|w| order[w * len / WAYPOINTS]).collect();
        Ring { slots, waypoints }
    }

    /// How many slots (cache lines) the ring has.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Never true: a ring has at least one slot.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// How many bytes the slots take.
    pub fn bytes(&self) -> usize {
        size_of_val(self.slots.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// Each slot's position along the cycle, counted from `start`.
    fn positions(ring: &Ring, start: usize) -> Vec<usize> {
        let mut position = vec![usize::MAX; ring.len()];
        let mut at = [start];
        for step in 0..ring.len() {
            position[at[0]] = step;
            ring.chase_all(&mut at, 1);
        }
        position
    }

    #[test]
    fn a_slot_is_one_cache_line() {
        assert_eq!(size_of::<Slot>(), CACHE_LINE);
        assert_eq!(align_of::<Slot>(), CACHE_LINE);
        let ring = Ring::new(1 << 20, 1);
        assert_eq!(ring.len(), (1 << 20) / CACHE_LINE);
        assert_eq!(ring.bytes(), 1 << 20);
    }

    #[test]
    fn the_ring_is_one_cycle_through_every_slot() {
        for (bytes, seed) in [(64, 0), (128, 1), (4096, 2), (100_000, 3), (1 << 20, 4)] {
            let ring = Ring::new(bytes, seed);
            let mut visits = vec![0u32; ring.len()];
            let mut at = [0];
            for step in 1..=ring.len() {
                ring.chase_all(&mut at, 1);
                visits[at[0]] += 1;
                assert_eq!(
                    at[0] == 0,
                    step == ring.len(),
                    "bytes = {bytes}, step = {step}"
                );
            }
            assert!(visits.iter().all(|&v| v == 1), "bytes = {bytes}");
        }
    }

    #[test]
    fn the_order_is_random() {
        let ring = Ring::new(1 << 22, 7);
        let mut at = [0];
        let mut sequential = 0;
        for _ in 0..ring.len() {
            let before = at[0];
            ring.chase_all(&mut at, 1);
            sequential += usize::from(at[0] == before + 1);
        }
        // Few links lead to the next line in memory, as a prefetcher would guess.
        assert!(
            sequential < 10,
            "{sequential} of {} links are sequential",
            ring.len()
        );
    }

    #[test]
    fn cursors_are_spread_evenly_around_the_cycle() {
        let ring = Ring::new(1 << 22, 5);
        let len = ring.len();
        for chains in [1, 2, 3, 4, 8, 16, 32, 64] {
            let cursors = ring.cursors(chains);
            let position = positions(&ring, cursors[0]);
            let mut along: Vec<usize> = cursors.iter().map(|&c| position[c]).collect();
            along.sort_unstable();
            along.dedup();
            assert_eq!(along.len(), chains, "cursors must be distinct");
            along.push(len);
            for gap in along.windows(2).map(|w| w[1] - w[0]) {
                // Even to within one waypoint's spacing.
                let even = len / chains;
                assert!(
                    gap.abs_diff(even) <= len / WAYPOINTS + 1,
                    "{chains} chains: gap {gap}"
                );
            }
        }
    }

    #[test]
    fn chasing_together_ends_where_chasing_alone_does() {
        let ring = Ring::new(1 << 20, 9);
        let mut together = ring.cursors(8);
        let alone: Vec<usize> = together
            .iter()
            .map(|&start| {
                let mut at = [start];
                ring.chase_all(&mut at, 1000);
                at[0]
            })
            .collect();
        ring.chase_all(&mut together, 1000);
        assert_eq!(together, alone);
    }

    #[test]
    fn chains_never_load_a_slot_another_chain_loaded_in_the_same_lap() {
        let ring = Ring::new(1 << 20, 11);
        let chains = 16;
        let mut cursors = ring.cursors(chains);
        let mut seen = HashSet::new();
        // Each chain walks just under its share of the cycle.
        for _ in 0..ring.len() / chains - ring.len() / WAYPOINTS - 1 {
            for &at in &cursors {
                assert!(seen.insert(at), "slot {at} loaded twice");
            }
            ring.chase_all(&mut cursors, 1);
        }
    }
}
