//! The price of counting references: an `Rc`'s count is a plain integer in
//! the heap block beside the value; an `Arc`'s is an atomic. On one thread
//! the atomic instruction costs more than the plain addition; when threads
//! clone and drop the same `Arc` at once, the cache line holding its count
//! also travels between their cores.

use std::hint::black_box;
use std::rc::Rc;
use std::sync::Arc;
use std::thread;

// ANCHOR: counting
/// A value aligned to 128 bytes. The block of an `Arc<Padded>`, counts and
/// value, is then aligned to 128 bytes and at least 256 long, so the counts
/// of two such `Arc`s never share a 64-byte cache line, nor the pair of
/// lines that x86-64's spatial prefetcher fetches together.
#[repr(align(128))]
pub struct Padded(pub u64);

/// Clones and drops `shared` `times` times on this thread: each clone adds
/// one to a plain integer, each drop subtracts one.
pub fn clone_rc(shared: &Rc<Padded>, times: u64) {
    for _ in 0..times {
        drop(black_box(Rc::clone(shared)));
    }
}

/// The same with an `Arc`, still on one thread: the same additions, made
/// with atomic instructions.
pub fn clone_arc(shared: &Arc<Padded>, times: u64) {
    for _ in 0..times {
        drop(black_box(Arc::clone(shared)));
    }
}

/// The same number of clones in all, shared out between `threads` threads
/// that all update the one count at once.
pub fn clone_arc_shared(shared: &Arc<Padded>, times: u64, threads: u64) {
    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| clone_arc(shared, times / threads));
        }
    });
}

/// The same threads and the same clones, but each thread clones an `Arc`
/// of its own: no count is shared.
pub fn clone_arc_own(times: u64, threads: u64) {
    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(move || clone_arc(&Arc::new(Padded(0)), times / threads));
        }
    });
}
// ANCHOR_END: counting

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_clone_is_dropped_again() {
        let rc = Rc::new(Padded(7));
        clone_rc(&rc, 1000);
        assert_eq!(Rc::strong_count(&rc), 1);
        let arc = Arc::new(Padded(7));
        clone_arc(&arc, 1000);
        assert_eq!(Arc::strong_count(&arc), 1);
        clone_arc_shared(&arc, 1000, 2);
        assert_eq!(Arc::strong_count(&arc), 1);
        clone_arc_own(1000, 2);
        assert_eq!(arc.0, 7);
    }

    #[test]
    fn a_count_that_would_not_return_to_one_is_caught() {
        // The test above would fail if a clone leaked: show that it can.
        let arc = Arc::new(Padded(7));
        let leaked = Arc::clone(&arc);
        clone_arc_shared(&arc, 10, 2);
        assert_eq!(Arc::strong_count(&arc), 2);
        drop(leaked);
        assert_eq!(Arc::strong_count(&arc), 1);
    }

    #[test]
    fn two_padded_arcs_are_256_bytes_apart_or_more() {
        // Two blocks alive at once do not overlap, and each is 128-aligned
        // and at least 256 bytes long: no 128-byte region holds both counts.
        let (a, b) = (Arc::new(Padded(1)), Arc::new(Padded(2)));
        let (a, b) = (Arc::as_ptr(&a) as usize, Arc::as_ptr(&b) as usize);
        assert_eq!(a % 128, 0);
        assert!(a.abs_diff(b) >= 256, "{a:#x} and {b:#x}");
    }
}
