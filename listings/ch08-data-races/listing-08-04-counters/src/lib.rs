//! Counting from several threads at once. One atomic counter that every
//! thread increments is correct but slow when threads really run in
//! parallel: every increment needs the counter's cache line in the adding
//! core's cache, exclusively, so the line travels from core to core. Two
//! fixes: count locally and add once at the end; or give each thread its
//! own counter, on its own cache line. Counters of their own that sit side
//! by side in one line still make the line travel: false sharing.
//!
//! Each way has a per-thread function, which counts into the counter it is
//! given, and a function that runs it on `threads` scoped threads and
//! returns the total. A benchmark can start its threads once and time only
//! the per-thread functions (the tests show such rounds, with a `Barrier`).

// Not needed with Cargo; `mdbook test` compiles this file with rustdoc alone,
// which finds a crate passed with -L only through `extern crate`.
extern crate crossbeam_utils;

// ANCHOR: contention
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::thread;

/// One thread's share of the count: an atomic addition per increment.
/// `Relaxed` is enough: no other memory is published through the counter,
/// and the total is read after the threads are joined.
pub fn add_one_at_a_time(counter: &AtomicU64, increments: u64) {
    for _ in 0..increments {
        counter.fetch_add(1, Relaxed);
    }
}

/// The fix for contention: count in a local variable, then add the local
/// count to the shared counter once.
pub fn add_once_at_the_end(counter: &AtomicU64, increments: u64) {
    let mut local = 0u64;
    for _ in 0..increments {
        // Without black_box the optimiser replaces the loop by
        // `local = increments`; with it, each increment is one addition.
        local = black_box(local + 1);
    }
    counter.fetch_add(local, Relaxed);
}

/// Every thread adds to the one shared counter, one at a time.
pub fn count_with_one_shared_counter(threads: usize, increments: u64) -> u64 {
    let total = AtomicU64::new(0);
    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| add_one_at_a_time(&total, increments));
        }
    });
    total.into_inner()
}

/// Every thread counts locally and adds to the shared counter once.
pub fn count_with_local_counters(threads: usize, increments: u64) -> u64 {
    let total = AtomicU64::new(0);
    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| add_once_at_the_end(&total, increments));
        }
    });
    total.into_inner()
}
// ANCHOR_END: contention

// ANCHOR: false_sharing
use crossbeam_utils::CachePadded;

/// Each thread adds to a counter of its own, one at a time; the counters
/// sit side by side, 8 bytes apart, so neighbours share a 64-byte line.
pub fn count_in_adjacent_slots(threads: usize, increments: u64) -> u64 {
    let slots: Vec<AtomicU64> = (0..threads).map(|_| AtomicU64::new(0)).collect();
    thread::scope(|scope| {
        for slot in &slots {
            scope.spawn(move || add_one_at_a_time(slot, increments));
        }
    });
    slots.iter().map(|slot| slot.load(Relaxed)).sum()
}

/// The same, with each counter padded and aligned to 128 bytes on x86-64.
/// The line is 64 bytes there; crossbeam pads to two because Intel's
/// spatial prefetcher (since Sandy Bridge) fetches lines in pairs, so a
/// neighbour one line away can still be dragged along (the comment on
/// `CachePadded` in crossbeam-utils/src/cache_padded.rs, citing Intel's
/// optimization manual).
pub fn count_in_padded_slots(threads: usize, increments: u64) -> u64 {
    let slots: Vec<CachePadded<AtomicU64>> = (0..threads)
        .map(|_| CachePadded::new(AtomicU64::new(0)))
        .collect();
    thread::scope(|scope| {
        for slot in &slots {
            scope.spawn(move || add_one_at_a_time(slot, increments));
        }
    });
    slots.iter().map(|slot| slot.load(Relaxed)).sum()
}
// ANCHOR_END: false_sharing

#[cfg(test)]
mod tests {
    use std::sync::Barrier;

    use super::*;

    const THREADS: usize = 4;
    const INCREMENTS: u64 = 100_000;
    const TOTAL: u64 = THREADS as u64 * INCREMENTS;

    #[test]
    fn every_way_counts_every_increment() {
        assert_eq!(count_with_one_shared_counter(THREADS, INCREMENTS), TOTAL);
        assert_eq!(count_with_local_counters(THREADS, INCREMENTS), TOTAL);
        assert_eq!(count_in_adjacent_slots(THREADS, INCREMENTS), TOTAL);
        assert_eq!(count_in_padded_slots(THREADS, INCREMENTS), TOTAL);
    }

    #[test]
    fn one_thread_and_no_increments_count_right_too() {
        assert_eq!(count_with_one_shared_counter(1, 7), 7);
        assert_eq!(count_with_local_counters(1, 7), 7);
        assert_eq!(count_in_adjacent_slots(3, 0), 0);
        assert_eq!(count_in_padded_slots(0, 7), 0);
    }

    #[test]
    fn adjacent_slots_are_8_bytes_apart_and_padded_ones_a_padding_apart() {
        let adjacent = [AtomicU64::new(0), AtomicU64::new(0)];
        let padded = [
            CachePadded::new(AtomicU64::new(0)),
            CachePadded::new(AtomicU64::new(0)),
        ];
        let address = |slot: &AtomicU64| slot.as_ptr() as usize;
        assert_eq!(address(&adjacent[1]) - address(&adjacent[0]), 8);
        let padding = align_of::<CachePadded<AtomicU64>>();
        assert_eq!(address(&padded[1]) - address(&padded[0]), padding);
        assert_eq!(address(&padded[0]) % padding, 0);
        #[cfg(target_arch = "x86_64")]
        assert_eq!(size_of::<CachePadded<AtomicU64>>(), 128);
    }

    #[test]
    fn threads_started_once_count_in_rounds() {
        // How a benchmark uses the per-thread functions: the threads start
        // once; each round, a barrier releases them to count and a second
        // one waits for them all, so only the counting lies between the two.
        const ROUNDS: u64 = 5;
        let shared = AtomicU64::new(0);
        let local = AtomicU64::new(0);
        let slots: Vec<CachePadded<AtomicU64>> = (0..THREADS)
            .map(|_| CachePadded::new(AtomicU64::new(0)))
            .collect();
        let barrier = Barrier::new(THREADS + 1);
        thread::scope(|scope| {
            for slot in &slots {
                let (shared, local, barrier) = (&shared, &local, &barrier);
                scope.spawn(move || {
                    for _ in 0..ROUNDS {
                        barrier.wait();
                        add_one_at_a_time(shared, INCREMENTS);
                        add_once_at_the_end(local, INCREMENTS);
                        add_one_at_a_time(slot, INCREMENTS);
                        barrier.wait();
                    }
                });
            }
            for round in 1..=ROUNDS {
                barrier.wait(); // start
                barrier.wait(); // every thread has finished this round
                assert_eq!(shared.load(Relaxed), round * TOTAL);
                assert_eq!(local.load(Relaxed), round * TOTAL);
                let slots_total: u64 = slots.iter().map(|slot| slot.load(Relaxed)).sum();
                assert_eq!(slots_total, round * TOTAL);
            }
        });
    }
}
