//! The price of counting references: an `Rc`'s count is a plain integer in
//! the heap block beside the value; an `Arc`'s is an atomic, and when
//! threads clone and drop the same `Arc` at once, the cache line holding it
//! bounces between their cores.

use std::hint::black_box;
use std::rc::Rc;
use std::sync::Arc;
use std::thread;

// ANCHOR: counting
/// Clones and drops `shared` `times` times on this thread: each clone adds
/// one to a plain integer, each drop subtracts one.
pub fn clone_rc(shared: &Rc<u64>, times: u64) {
    for _ in 0..times {
        drop(black_box(Rc::clone(shared)));
    }
}

/// The same number of clones and drops in all, shared out between `threads`
/// threads that all update the one atomic count at once.
pub fn clone_arc_contended(shared: &Arc<u64>, times: u64, threads: u64) {
    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                for _ in 0..times / threads {
                    drop(black_box(Arc::clone(shared)));
                }
            });
        }
    });
}
// ANCHOR_END: counting

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_clone_is_dropped_again() {
        let rc = Rc::new(7);
        clone_rc(&rc, 1000);
        assert_eq!(Rc::strong_count(&rc), 1);
        let arc = Arc::new(7);
        clone_arc_contended(&arc, 1000, 2);
        assert_eq!(Arc::strong_count(&arc), 1);
    }

    #[test]
    fn a_count_that_would_not_return_to_one_is_caught() {
        // The tests above would fail if a clone leaked: show that they can.
        let arc = Arc::new(7);
        let leaked = Arc::clone(&arc);
        clone_arc_contended(&arc, 10, 2);
        assert_eq!(Arc::strong_count(&arc), 2);
        drop(leaked);
        assert_eq!(Arc::strong_count(&arc), 1);
    }
}
