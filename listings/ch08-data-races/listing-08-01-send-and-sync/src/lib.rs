//! Which types may cross threads, checked when this crate compiles.
//! `Send`: a value may move to another thread. `Sync`: a `&` reference may
//! be shared with another thread (`T: Sync` exactly when `&T: Send`). The
//! compiler implements both for a type whose parts all have them; a type
//! that shares state without synchronising opts out. `thread::spawn` and
//! `thread::scope`'s `spawn` demand `Send` of what the closure takes along,
//! which is how a data race becomes a compile error.

// Not needed with Cargo; `mdbook test` compiles this file with rustdoc alone,
// which finds a crate passed with -L only through `extern crate`.
extern crate static_assertions;

// ANCHOR: assertions
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::{Arc, Mutex, MutexGuard};

use static_assertions::{assert_impl_all, assert_not_impl_any};

// Plain data owns nothing shared: both.
assert_impl_all!(u64: Send, Sync);
assert_impl_all!(Vec<String>: Send, Sync);

// Rc's count is a plain integer: two threads cloning at once would race.
assert_not_impl_any!(Rc<u64>: Send, Sync);
// Arc's count is atomic; it shares its value, so it asks T: Send + Sync.
assert_impl_all!(Arc<u64>: Send, Sync);
assert_not_impl_any!(Arc<Cell<u64>>: Send, Sync);

// Cell and RefCell mutate through `&`: one thread may own one (Send), but
// not share it (not Sync).
assert_impl_all!(Cell<u64>: Send);
assert_not_impl_any!(Cell<u64>: Sync);
assert_impl_all!(RefCell<u64>: Send);
assert_not_impl_any!(RefCell<u64>: Sync);

// A Mutex lets one thread at a time in, so it is Sync when its value can
// move between threads (T: Send), even if the value itself is not Sync.
assert_impl_all!(Mutex<Cell<u64>>: Send, Sync);
assert_not_impl_any!(Mutex<Rc<u64>>: Send, Sync);

// A shared reference is Send exactly when its referent is Sync.
assert_impl_all!(&'static u64: Send, Sync);
assert_not_impl_any!(&'static Cell<u64>: Send, Sync);

// Raw pointers promise nothing: neither (a type holding one opts back in
// with `unsafe impl`, and argues why).
assert_not_impl_any!(*const u64: Send, Sync);
assert_not_impl_any!(*mut u64: Send, Sync);

// A guard must unlock on the thread that locked: pthreads requires it, and
// std keeps its guard portable to it. Sharing one is fine when T: Sync.
assert_not_impl_any!(MutexGuard<'static, u64>: Send);
assert_impl_all!(MutexGuard<'static, u64>: Sync);
// ANCHOR_END: assertions

// ANCHOR: fixed
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::thread;

/// Two threads increment one counter: through a `Mutex`, one at a time.
pub fn count_with_a_mutex(increments: u64) -> u64 {
    let count = Mutex::new(0u64);
    thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                for _ in 0..increments {
                    *count.lock().unwrap() += 1;
                }
            });
        }
    });
    count.into_inner().unwrap()
}

/// The same with an atomic: each addition is one indivisible instruction.
pub fn count_with_an_atomic(increments: u64) -> u64 {
    let count = AtomicU64::new(0);
    thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                for _ in 0..increments {
                    count.fetch_add(1, Relaxed);
                }
            });
        }
    });
    count.into_inner()
}
// ANCHOR_END: fixed

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_increment_is_lost() {
        assert_eq!(count_with_a_mutex(100_000), 200_000);
        assert_eq!(count_with_an_atomic(100_000), 200_000);
    }

    #[test]
    fn a_mutex_shares_a_cell_between_threads() {
        // What `Mutex<Cell<u64>>: Sync` above allows.
        let cell = Mutex::new(Cell::new(0u64));
        thread::scope(|scope| {
            for _ in 0..2 {
                scope.spawn(|| {
                    for _ in 0..1_000 {
                        let guard = cell.lock().unwrap();
                        guard.set(guard.get() + 1);
                    }
                });
            }
        });
        assert_eq!(cell.into_inner().unwrap().get(), 2_000);
    }
}
