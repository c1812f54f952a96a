//! A one-shot hand-off between two threads. The producer writes the data,
//! then raises a flag; the consumer waits for the flag, then reads the data.
//! Whether the consumer is sure to see the data depends only on the memory
//! ordering of the flag's store and load: `Release` and `Acquire` make it
//! sure; `Relaxed` does not.
//!
//! Built with `RUSTFLAGS="--cfg loom"`, the same code runs on loom's
//! atomics, and the tests at the bottom become loom models: loom runs each
//! one under every interleaving of its threads, and every value each
//! `Relaxed` load is allowed to return, that the memory model permits.

/// The atomics and the spin hint: std's in a normal build, loom's checked
/// copies under `--cfg loom` (loom must see every spin, or a spinning
/// thread would keep the model from moving on).
mod sync {
    #[cfg(loom)]
    pub use loom::{
        hint::spin_loop,
        sync::atomic::{AtomicBool, AtomicU64},
    };
    #[cfg(not(loom))]
    pub use std::{
        hint::spin_loop,
        sync::atomic::{AtomicBool, AtomicU64},
    };
}

use std::sync::atomic::Ordering::{Acquire, Relaxed, Release};

use sync::{AtomicBool, AtomicU64, spin_loop};

// ANCHOR: handoff
/// A value handed from one producer to consumers, once.
#[derive(Default)]
pub struct Handoff {
    data: AtomicU64,
    ready: AtomicBool,
}

impl Handoff {
    pub fn new() -> Self {
        Self::default()
    }

    /// Called once, by the producer. The `Release` store keeps every write
    /// made before it, the data's included, from being seen after it.
    pub fn publish(&self, value: u64) {
        self.data.store(value, Relaxed);
        self.ready.store(true, Release);
    }

    /// The data, once the flag is up. An `Acquire` load that sees the flag
    /// a `Release` store raised sees every write made before that store.
    pub fn try_read(&self) -> Option<u64> {
        self.ready.load(Acquire).then(|| self.data.load(Relaxed))
    }

    /// Spins until the flag is up, then reads the data.
    pub fn wait(&self) -> u64 {
        loop {
            if let Some(value) = self.try_read() {
                return value;
            }
            spin_loop();
        }
    }
}
// ANCHOR_END: handoff

// ANCHOR: relaxed
/// The same hand-off with a `Relaxed` flag: WRONG. Nothing orders the data
/// before the flag, so a consumer may see the flag up and the data still 0.
#[derive(Default)]
pub struct RelaxedHandoff {
    data: AtomicU64,
    ready: AtomicBool,
}

impl RelaxedHandoff {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn publish(&self, value: u64) {
        self.data.store(value, Relaxed);
        self.ready.store(true, Relaxed); // was Release
    }

    pub fn try_read(&self) -> Option<u64> {
        self.ready.load(Relaxed).then(|| self.data.load(Relaxed)) // was Acquire
    }
}
// ANCHOR_END: relaxed

impl RelaxedHandoff {
    pub fn wait(&self) -> u64 {
        loop {
            if let Some(value) = self.try_read() {
                return value;
            }
            spin_loop();
        }
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use std::thread;

    use super::*;

    #[test]
    fn nothing_is_read_before_the_data_is_published() {
        let handoff = Handoff::new();
        assert_eq!(handoff.try_read(), None);
        handoff.publish(42);
        assert_eq!(handoff.try_read(), Some(42));
        assert_eq!(handoff.wait(), 42);
    }

    #[test]
    fn the_consumer_sees_the_data_on_another_thread() {
        // Many fresh hand-offs, so the consumer sometimes waits and
        // sometimes finds the flag already up.
        for round in 1..=500 {
            let handoff = Handoff::new();
            let seen = thread::scope(|scope| {
                let consumer = scope.spawn(|| handoff.wait());
                handoff.publish(round);
                consumer.join().unwrap()
            });
            assert_eq!(seen, round);
        }
    }

    #[test]
    fn the_relaxed_version_works_on_one_thread() {
        // On one thread program order is enough: the bug needs two threads.
        // Even then an x86-64 processor keeps stores in order, and loads in
        // order, so a run here fails only if the compiler reorders them,
        // which `Relaxed` allows. The loom models below show the bug; so
        // would a processor that reorders, such as an ARM one.
        let handoff = RelaxedHandoff::new();
        assert_eq!(handoff.try_read(), None);
        handoff.publish(42);
        assert_eq!(handoff.wait(), 42);
    }
}

/// The loom models: `RUSTFLAGS="--cfg loom" cargo test --release -p
/// listing-08-02-release-acquire`.
#[cfg(all(test, loom))]
mod loom_models {
    use loom::sync::Arc;
    use loom::thread;

    use super::*;

    const DATA: u64 = 42;

    // ANCHOR: model
    #[test]
    fn release_and_acquire_hand_the_data_over() {
        loom::model(|| {
            let handoff = Arc::new(Handoff::new());
            let producer = {
                let handoff = Arc::clone(&handoff);
                thread::spawn(move || handoff.publish(DATA))
            };
            assert_eq!(
                handoff.wait(),
                DATA,
                "the consumer saw the flag but not the data"
            );
            producer.join().unwrap();
        });
    }

    // ANCHOR_END: model

    // ANCHOR: wrong
    #[test]
    #[should_panic(expected = "the consumer saw the flag but not the data")]
    fn loom_finds_a_consumer_that_sees_the_flag_but_not_the_data() {
        loom::model(|| {
            let handoff = Arc::new(RelaxedHandoff::new());
            let producer = {
                let handoff = Arc::clone(&handoff);
                thread::spawn(move || handoff.publish(DATA))
            };
            assert_eq!(
                handoff.wait(),
                DATA,
                "the consumer saw the flag but not the data"
            );
            producer.join().unwrap();
        });
    }
    // ANCHOR_END: wrong
}
