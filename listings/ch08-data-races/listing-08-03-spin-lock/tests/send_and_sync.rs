//! Which threads may hold what: checked when this test compiles.

use std::cell::Cell;

use listing_08_03_spin_lock::{Guard, SpinLock};
use static_assertions::{assert_impl_all, assert_not_impl_any};

// A lock is shared between threads when its value may move between them.
assert_impl_all!(SpinLock<Cell<u64>>: Send, Sync);
assert_not_impl_any!(SpinLock<std::rc::Rc<u64>>: Sync);

// A shared guard gives `&T`: shareable only when `T` is `Sync`.
assert_impl_all!(Guard<'static, u64>: Sync);
assert_not_impl_any!(Guard<'static, Cell<u64>>: Sync);

// Outside a model loom's atomics panic: this test runs without `--cfg loom`.
#[cfg(not(loom))]
#[test]
fn a_lock_of_a_cell_can_be_shared() {
    let lock = SpinLock::new(Cell::new(0));
    std::thread::scope(|scope| {
        scope.spawn(|| lock.lock().set(1));
    });
    assert_eq!(lock.into_inner().get(), 1);
}
