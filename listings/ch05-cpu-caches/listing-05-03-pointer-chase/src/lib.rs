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
        // Sattolo's algorithm: like Fisher–Yates, but `j` is drawn from
        // `0..i`, never `i` itself, which makes the result a single cycle.
        let mut next: Vec<usize> = (0..len).collect();
        let mut random = fastrand::Rng::with_seed(seed);
        for i in (1..len).rev() {
            let j = random.usize(..i);
            next.swap(i, j);
        }
        let slots = next.into_iter().map(|next| Slot { next }).collect();
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
// ANCHOR_END: ring

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
