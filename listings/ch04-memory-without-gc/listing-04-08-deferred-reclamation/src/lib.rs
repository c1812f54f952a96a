//! Deferred reclamation with crossbeam-epoch: a value taken out of a shared
//! slot is not freed at once, because another thread may still be reading
//! it. It waits in a garbage bag until the global epoch has moved on far
//! enough, and is freed by a later pin or flush.

// Not needed with Cargo; `mdbook test` compiles this file with rustdoc alone,
// which finds a crate passed with -L only through `extern crate`.
extern crate crossbeam;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crossbeam::epoch::{Atomic, Collector, LocalHandle, Owned};

// ANCHOR: tracked
/// A value that counts, in a shared counter, how many of its kind were freed.
pub struct Tracked {
    freed: Arc<AtomicUsize>,
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.freed.fetch_add(1, Ordering::Relaxed);
    }
}
// ANCHOR_END: tracked

// ANCHOR: replace
/// Replaces the value in `slot` `times` times, handing each old value to the
/// collector. Returns how many had been freed when the last one was handed
/// over, while this thread was still pinned.
pub fn replace_many(
    handle: &LocalHandle,
    slot: &Atomic<Tracked>,
    freed: &Arc<AtomicUsize>,
    times: usize,
) -> usize {
    let guard = handle.pin(); // "I may be reading shared data"
    for _ in 0..times {
        let new = Owned::new(Tracked {
            freed: Arc::clone(freed),
        });
        let old = slot.swap(new, Ordering::AcqRel, &guard);
        if !old.is_null() {
            // SAFETY: `defer_destroy` asks two things. No thread that pins
            // later can reach `old`: `swap` took it out of `slot`, the only
            // place that pointed to it. And another thread may run its
            // destructor, so it must be safe to send: `Tracked` is `Send`.
            unsafe { guard.defer_destroy(old) };
        }
    }
    freed.load(Ordering::Relaxed)
} // unpinned here
// ANCHOR_END: replace

// ANCHOR: flush
/// Flushes until `expected` values have been freed, at most `bound` times;
/// returns how many flushes it took.
pub fn flush_until_freed(
    handle: &LocalHandle,
    freed: &AtomicUsize,
    expected: usize,
    bound: usize,
) -> usize {
    let mut flushes = 0;
    while freed.load(Ordering::Relaxed) < expected {
        assert!(flushes < bound, "garbage not freed after {bound} flushes");
        handle.pin().flush(); // seal this thread's bag, try to advance, collect
        flushes += 1;
    }
    flushes
}
// ANCHOR_END: flush

/// A collector of our own, so that no other thread's pins collect our garbage.
pub fn private_collector() -> (Collector, LocalHandle) {
    let collector = Collector::new();
    let handle = collector.register();
    (collector, handle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A slot holding one value, which the test frees at the end.
    fn slot_with_one(freed: &Arc<AtomicUsize>) -> Atomic<Tracked> {
        Atomic::new(Tracked {
            freed: Arc::clone(freed),
        })
    }

    fn free_last(slot: Atomic<Tracked>) {
        // SAFETY: every thread is done with the slot; its last value is ours.
        drop(unsafe { slot.into_owned() });
    }

    #[test]
    fn garbage_is_freed_later_not_at_once() {
        let (_collector, handle) = private_collector();
        let freed = Arc::new(AtomicUsize::new(0));
        let slot = slot_with_one(&freed);
        // 1000 values handed over: none is freed while we are pinned.
        assert_eq!(replace_many(&handle, &slot, &freed, 1000), 0);
        assert_eq!(freed.load(Ordering::Relaxed), 0);
        let flushes = flush_until_freed(&handle, &freed, 1000, 100);
        // The epoch must advance twice before anything is freed, and each
        // collection frees at most 8 bags of 64: one flush cannot do it.
        assert!(flushes >= 3, "freed after {flushes} flushes");
        assert_eq!(freed.load(Ordering::Relaxed), 1000);
        free_last(slot);
    }

    #[test]
    fn pins_alone_free_the_full_bags_but_not_the_partial_one() {
        let (_collector, handle) = private_collector();
        let freed = Arc::new(AtomicUsize::new(0));
        let slot = slot_with_one(&freed);
        replace_many(&handle, &slot, &freed, 1000);
        // 1000 = 15 full bags of 64 (sent to the global queue as they filled)
        // + 40 items still in this thread's bag. Every 128th pin collects.
        let mut pins = 0;
        while freed.load(Ordering::Relaxed) < 960 {
            assert!(pins < 100_000, "full bags never freed: {freed:?}");
            drop(handle.pin());
            pins += 1;
        }
        assert!(pins > 128, "freed after only {pins} pins");
        for _ in 0..10 * 128 {
            drop(handle.pin());
        }
        assert_eq!(
            freed.load(Ordering::Relaxed),
            960,
            "the partial bag stays local"
        );
        // A flush seals the partial bag; a few more collect it.
        for _ in 0..10 {
            handle.pin().flush();
        }
        assert_eq!(freed.load(Ordering::Relaxed), 1000);
        free_last(slot);
    }

    #[test]
    fn dropping_the_collector_frees_everything_left() {
        let freed = Arc::new(AtomicUsize::new(0));
        let slot = slot_with_one(&freed);
        {
            let (_collector, handle) = private_collector();
            replace_many(&handle, &slot, &freed, 100);
            assert_eq!(freed.load(Ordering::Relaxed), 0);
        }
        assert_eq!(freed.load(Ordering::Relaxed), 100);
        free_last(slot);
    }

    #[test]
    fn tracked_may_be_dropped_on_another_thread() {
        // The second condition of `defer_destroy`, checked by the compiler.
        fn is_send<T: Send>() {}
        is_send::<Tracked>();
    }
}
