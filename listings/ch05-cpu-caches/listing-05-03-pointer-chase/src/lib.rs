//! A ring of cache-line-sized slots linked in a random cyclic order, for
//! measuring how long one load takes when the next address depends on it.

// Not needed with Cargo; `mdbook test` compiles this file with rustdoc alone,
// which finds a crate passed with -L only through `extern crate`.
extern crate fastrand;

/// The line size of x86-64 processors, and of many others.
pub const CACHE_LINE: usize = 64;

// ANCHOR: ring
/// One slot per cache line: the index of the next slot, padded to 64 bytes.
#[derive(Clone, Copy)]
#[repr(align(64))]
struct Slot {
    next: usize,
}

pub struct ChaseRing {
    slots: Vec<Slot>,
    position: usize,
}

impl ChaseRing {
    /// A ring filling `bytes` (rounded down to whole lines, at least one),
    /// whose links form one cycle through every slot in a random order.
    pub fn new(bytes: usize, seed: u64) -> ChaseRing {
        let len = (bytes / CACHE_LINE).max(1);
        let slots = single_cycle(len, seed)
            .into_iter()
            .map(|next| Slot { next })
            .collect();
        ChaseRing { slots, position: 0 }
    }

    /// Follows `steps` links from where the last call stopped. Each load's
    /// address is the result of the load before it: no two can overlap.
    pub fn chase(&mut self, steps: u64) -> usize {
        let mut at = self.position;
        for _ in 0..steps {
            at = self.slots[at].next;
        }
        self.position = at;
        at
    }
}

/// `0..len` shuffled by Sattolo's algorithm: like Fisher–Yates, but `j` is
/// drawn from `0..i`, never `i` itself, which makes the result, read as
/// "the slot after `i` is `next[i]`", a single cycle.
fn single_cycle(len: usize, seed: u64) -> Vec<usize> {
    let mut next: Vec<usize> = (0..len).collect();
    let mut random = fastrand::Rng::with_seed(seed);
    for i in (1..len).rev() {
        let j = random.usize(..i);
        next.swap(i, j);
    }
    next
}
// ANCHOR_END: ring

/// The step between the slots of [`ChaseRing::one_line_per_page`]: a 4 KiB
/// page and one line, so that each slot is in a page of its own and, unlike
/// slots exactly a page apart, in a different set of the L1 cache.
pub const PAGE_AND_A_LINE: usize = 4096 + CACHE_LINE;

impl ChaseRing {
    /// A ring of one line in each of `pages` pages, in a random single
    /// cycle: as many pages as a ring of `pages × 4 KiB`, but only
    /// `pages × 64` bytes of lines, which stay in the L2 cache. Its loads
    /// miss the TLB as the larger ring's do, and the caches far less.
    pub fn one_line_per_page(pages: usize, seed: u64) -> ChaseRing {
        let pages = pages.max(1);
        let step = PAGE_AND_A_LINE / CACHE_LINE;
        let mut slots = vec![Slot { next: 0 }; pages * step];
        for (page, next) in single_cycle(pages, seed).into_iter().enumerate() {
            slots[page * step].next = next * step;
        }
        ChaseRing { slots, position: 0 }
    }
}

impl ChaseRing {
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

    /// The addresses the slots occupy.
    pub fn addresses(&self) -> std::ops::Range<usize> {
        let start = self.slots.as_ptr() as usize;
        start..start + self.bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_is_one_cache_line() {
        assert_eq!(size_of::<Slot>(), CACHE_LINE);
        assert_eq!(align_of::<Slot>(), CACHE_LINE);
        let ring = ChaseRing::new(4096, 1);
        assert_eq!(ring.len(), 64);
        assert_eq!(ring.bytes(), 4096);
        assert_eq!(ring.slots.as_ptr() as usize % CACHE_LINE, 0);
    }

    #[test]
    fn the_ring_visits_every_slot_exactly_once_before_returning() {
        for (bytes, seed) in [(64, 0), (128, 1), (4096, 2), (100_000, 3), (1 << 20, 4)] {
            let mut ring = ChaseRing::new(bytes, seed);
            let len = ring.len();
            let mut visits = vec![0u32; len];
            for step in 1..=len {
                let at = ring.chase(1);
                visits[at] += 1;
                // Back at the start only after the last step.
                assert_eq!(at == 0, step == len, "bytes = {bytes}, step = {step}");
            }
            assert!(visits.iter().all(|&v| v == 1), "bytes = {bytes}");
        }
    }

    #[test]
    fn one_line_per_page_visits_each_page_once_in_one_cycle() {
        for (pages, seed) in [(1, 0), (2, 1), (16, 2), (1000, 3)] {
            let mut ring = ChaseRing::one_line_per_page(pages, seed);
            let base = ring.addresses().start;
            let mut pages_seen = std::collections::HashSet::new();
            let mut sets_seen = std::collections::HashSet::new();
            for step in 1..=pages {
                let at = ring.chase(1);
                let address = base + at * CACHE_LINE;
                assert!(pages_seen.insert(address / 4096), "a page visited twice");
                sets_seen.insert(address / CACHE_LINE % 64);
                assert_eq!(at == 0, step == pages, "pages = {pages}, step = {step}");
            }
            // Spread over the L1's 64 sets, not piled into one.
            assert_eq!(sets_seen.len(), pages.min(64), "pages = {pages}");
        }
    }

    #[test]
    fn chasing_continues_where_it_stopped() {
        let mut in_two_goes = ChaseRing::new(1 << 16, 5);
        in_two_goes.chase(300);
        let mut in_one_go = ChaseRing::new(1 << 16, 5);
        assert_eq!(in_two_goes.chase(700), in_one_go.chase(1000));
    }

    #[test]
    fn the_order_is_random_and_depends_on_the_seed() {
        let order = |seed| {
            let mut ring = ChaseRing::new(1 << 16, seed);
            (0..ring.len()).map(|_| ring.chase(1)).collect::<Vec<_>>()
        };
        let first = order(1);
        assert_eq!(first, order(1));
        assert_ne!(first, order(2));
        // Few links lead to the next line in memory, as a prefetcher would guess.
        let sequential = first.windows(2).filter(|w| w[1] == w[0] + 1).count();
        assert!(
            sequential < 10,
            "{sequential} of {} links are sequential",
            first.len()
        );
    }

    #[test]
    fn tiny_sizes_round_up_to_one_slot_that_links_to_itself() {
        let mut ring = ChaseRing::new(0, 9);
        assert!(!ring.is_empty());
        assert_eq!(ring.len(), 1);
        assert_eq!(ring.chase(5), 0);
    }
}
