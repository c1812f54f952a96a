//! A minimal spin lock: one atomic flag says whether the value is taken.
//! Taking the lock is an `Acquire` compare-and-exchange from false to true;
//! the guard's drop releases it with a `Release` store. Each holder's writes
//! to the value therefore happen before the next holder's reads.
//!
//! Built with `RUSTFLAGS="--cfg loom"`, the same code runs on loom's
//! atomics and cell, and the model at the bottom checks every interleaving.

/// The atomic flag, the cell and the spin hint: std's in a normal build,
/// loom's checked copies under `--cfg loom`.
mod sync {
    #[cfg(loom)]
    pub use loom::{cell::UnsafeCell, hint::spin_loop, sync::atomic::AtomicBool};
    #[cfg(not(loom))]
    pub use std::{hint::spin_loop, sync::atomic::AtomicBool};

    #[cfg(not(loom))]
    pub use cell::UnsafeCell;

    /// std's `UnsafeCell` behind loom's interface. loom's cell has no
    /// `get`: `with` and `with_mut` hand the pointer to a closure, so that
    /// loom sees when each access begins and can report one that does not
    /// happen after the previous access from another thread.
    #[cfg(not(loom))]
    mod cell {
        pub struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

        impl<T> UnsafeCell<T> {
            pub const fn new(value: T) -> Self {
                Self(std::cell::UnsafeCell::new(value))
            }

            pub fn with<R>(&self, read: impl FnOnce(*const T) -> R) -> R {
                read(self.0.get())
            }

            pub fn with_mut<R>(&self, write: impl FnOnce(*mut T) -> R) -> R {
                write(self.0.get())
            }

            pub fn into_inner(self) -> T {
                self.0.into_inner()
            }
        }
    }
}

use std::ops::{Deref, DerefMut};
use std::sync::atomic::Ordering::{Acquire, Relaxed, Release};

use sync::{AtomicBool, UnsafeCell, spin_loop};

// ANCHOR: lock
pub struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// SAFETY: only the thread holding the guard reaches the value, and the
// Acquire/Release pair orders one holder's accesses before the next one's.
// Sharing the lock thus moves the value from thread to thread, which is
// sound when `T: Send` (the same bound as `std::sync::Mutex`).
unsafe impl<T: Send> Sync for SpinLock<T> {}

impl<T> SpinLock<T> {
    pub fn new(value: T) -> Self {
        Self {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    /// Spins until the flag goes from false to true in our hands. The weak
    /// exchange may fail even when the flag is false; the loop retries.
    pub fn lock(&self) -> Guard<'_, T> {
        while self
            .locked
            .compare_exchange_weak(false, true, Acquire, Relaxed)
            .is_err()
        {
            spin_loop();
        }
        Guard { lock: self }
    }

    /// Takes the lock if it is free, without waiting.
    pub fn try_lock(&self) -> Option<Guard<'_, T>> {
        self.locked
            .compare_exchange(false, true, Acquire, Relaxed)
            .ok()
            .map(|_| Guard { lock: self })
    }

    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }
}

/// Proof that its owner holds the lock; dropping it unlocks.
pub struct Guard<'a, T> {
    lock: &'a SpinLock<T>,
}

// SAFETY: a shared guard hands out only `&T`, which threads may share when
// `T: Sync`. Without this line the guard would be `Sync` whenever the lock
// is, that is whenever `T: Send`: a `Guard<Cell<u64>>` shared between two
// threads would let both call `Cell::set` at once.
unsafe impl<T: Sync> Sync for Guard<'_, T> {}

impl<T> Deref for Guard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: this guard's existence means the flag is set and no other
        // guard of this lock exists, so nothing else mutates the value; the
        // reference borrows the guard, so it ends before the unlock.
        self.lock.value.with(|value| unsafe { &*value })
    }
}

impl<T> DerefMut for Guard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as for `deref`; and `&mut self` makes this the only
        // reference to the value made through this guard.
        self.lock.value.with_mut(|value| unsafe { &mut *value })
    }
}

impl<T> Drop for Guard<'_, T> {
    fn drop(&mut self) {
        self.lock.locked.store(false, Release);
    }
}
// ANCHOR_END: lock

#[cfg(all(test, not(loom)))]
mod tests {
    use std::thread;

    use super::*;

    const THREADS: u64 = 4;
    const INCREMENTS: u64 = 100_000;

    #[test]
    fn the_count_is_exact_after_the_threads_join() {
        let count = SpinLock::new(0u64);
        thread::scope(|scope| {
            for _ in 0..THREADS {
                scope.spawn(|| {
                    for _ in 0..INCREMENTS {
                        *count.lock() += 1;
                    }
                });
            }
        });
        assert_eq!(count.into_inner(), THREADS * INCREMENTS);
    }

    #[test]
    fn a_vector_behind_the_lock_loses_no_push() {
        // A read-modify-write much longer than `+= 1`: two threads inside it
        // at once would lose pushes or corrupt the vector.
        let items = SpinLock::new(Vec::new());
        thread::scope(|scope| {
            for thread in 0..THREADS {
                let items = &items;
                scope.spawn(move || {
                    for i in 0..1_000 {
                        items.lock().push(thread * 1_000 + i);
                    }
                });
            }
        });
        let mut items = items.into_inner();
        items.sort_unstable();
        assert_eq!(items, (0..THREADS * 1_000).collect::<Vec<_>>());
    }

    #[test]
    fn a_held_lock_is_not_taken_again_until_its_guard_drops() {
        let lock = SpinLock::new(1);
        let guard = lock.try_lock().expect("a new lock is free");
        assert!(lock.try_lock().is_none());
        assert_eq!(*guard, 1);
        drop(guard);
        *lock.try_lock().expect("free again after the drop") += 1;
        assert_eq!(*lock.lock(), 2);
    }
}

/// The loom model: `RUSTFLAGS="--cfg loom" cargo test --release -p
/// listing-08-03-spin-lock`.
#[cfg(all(test, loom))]
mod loom_models {
    use loom::sync::Arc;
    use loom::thread;

    use super::*;

    #[test]
    fn two_threads_increment_through_the_lock() {
        loom::model(|| {
            let count = Arc::new(SpinLock::new(0));
            let threads: Vec<_> = (0..2)
                .map(|_| {
                    let count = Arc::clone(&count);
                    thread::spawn(move || *count.lock() += 1)
                })
                .collect();
            for thread in threads {
                thread.join().unwrap();
            }
            assert_eq!(*count.lock(), 2);
        });
    }
}
