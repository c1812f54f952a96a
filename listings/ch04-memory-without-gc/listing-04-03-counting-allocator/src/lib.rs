//! A global allocator that forwards every request to the system allocator
//! and counts it: Rust's answer to `GODEBUG=gctrace=1` and `go test
//! -benchmem`. Install it in the program, test or bench that wants counts:
//!
//! ```text
//! #[global_allocator]
//! static ALLOCATOR: CountingAllocator = CountingAllocator;
//! ```
//!
//! `count` measures one closure on the calling thread only. `totals` sums
//! every thread, and is off until `start_totals` turns it on, because shared
//! counters cost every allocation in the process an atomic operation.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering::Relaxed};

/// What the allocator saw during a phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stats {
    /// Calls to `alloc` and `alloc_zeroed`: new blocks.
    pub allocations: u64,
    /// Calls to `realloc`: a block grown or shrunk, perhaps moved.
    pub reallocations: u64,
    /// Calls to `dealloc`: blocks given back.
    pub deallocations: u64,
    /// Bytes asked for by `alloc`, plus the growth asked for by `realloc`.
    pub bytes_allocated: u64,
    /// Bytes still allocated at the end, minus those at the start.
    pub live_bytes: i64,
    /// The highest `live_bytes` reached during the phase.
    pub peak_bytes: i64,
}

impl Stats {
    pub const ZERO: Stats = Stats {
        allocations: 0,
        reallocations: 0,
        deallocations: 0,
        bytes_allocated: 0,
        live_bytes: 0,
        peak_bytes: 0,
    };

    /// Every call that asked the allocator for memory: `allocations + reallocations`.
    pub fn allocator_calls(&self) -> u64 {
        self.allocations + self.reallocations
    }
}

// ANCHOR: allocator
/// Forwards to `System` and counts, per thread and (when switched on) in total.
pub struct CountingAllocator;

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: our caller promises what `GlobalAlloc::alloc` requires
        // (a layout of non-zero size), and we pass the layout on unchanged.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            record(1, 0, 0, layout.size() as i64);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            record(1, 0, 0, layout.size() as i64);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: our caller promises that `ptr` came from this allocator with
        // `layout`. Every block this allocator hands out comes from `System`
        // (all four methods forward to it), so `ptr` came from `System` with
        // that same layout, which is what `System.dealloc` requires.
        unsafe { System.dealloc(ptr, layout) };
        record(0, 0, 1, -(layout.size() as i64));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from `System` with `layout`, as argued in
        // `dealloc`; our caller promises that `new_size` is non-zero and,
        // rounded up to `layout.align()`, does not overflow `isize`.
        let new_ptr = unsafe { System.realloc(ptr, layout, new_size) };
        if !new_ptr.is_null() {
            record(0, 1, 0, new_size as i64 - layout.size() as i64);
        }
        new_ptr
    }
}
// ANCHOR_END: allocator

// ANCHOR: record
thread_local! {
    // The allocator itself reads this. `thread_local!` never allocates
    // through the global allocator (`GlobalAlloc`'s docs, "Re-entrance"),
    // so reading it cannot call us again. An access can fail only while or
    // after the key's destructor runs, and `Cell<Stats>` has none.
    static THIS_THREAD: Cell<Stats> = const { Cell::new(Stats::ZERO) };
}

static SEEN_A_CALL: AtomicBool = AtomicBool::new(false);
static TOTALS_ON: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static REALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static DEALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES_ALLOCATED: AtomicU64 = AtomicU64::new(0);
static LIVE_BYTES: AtomicI64 = AtomicI64::new(0);
static PEAK_BYTES: AtomicI64 = AtomicI64::new(0);

/// Adds one event to this thread's counts and, if on, to the totals. It
/// must not allocate (it would call itself) and must not panic (unwinding
/// out of an allocator is undefined behaviour): it only touches a `Cell`
/// and atomics.
fn record(allocations: u64, reallocations: u64, deallocations: u64, change: i64) {
    if !SEEN_A_CALL.load(Relaxed) {
        SEEN_A_CALL.store(true, Relaxed);
    }
    let grown = change.max(0) as u64;
    // `with` would not panic either (see above); `try_with` is caution.
    let _ = THIS_THREAD.try_with(|cell| {
        let mut s = cell.get();
        s.allocations += allocations;
        s.reallocations += reallocations;
        s.deallocations += deallocations;
        s.bytes_allocated += grown;
        s.live_bytes += change;
        s.peak_bytes = s.peak_bytes.max(s.live_bytes);
        cell.set(s);
    });
    if TOTALS_ON.load(Relaxed) {
        ALLOCATIONS.fetch_add(allocations, Relaxed);
        REALLOCATIONS.fetch_add(reallocations, Relaxed);
        DEALLOCATIONS.fetch_add(deallocations, Relaxed);
        BYTES_ALLOCATED.fetch_add(grown, Relaxed);
        let live = LIVE_BYTES.fetch_add(change, Relaxed) + change;
        PEAK_BYTES.fetch_max(live, Relaxed);
    }
}
// ANCHOR_END: record

// ANCHOR: count
/// Runs `work` and returns what the allocator did *on this thread* while it
/// ran. Allocations by other threads are not counted, not even by threads
/// `work` starts. Panics if `CountingAllocator` is not the global allocator.
pub fn count(work: impl FnOnce()) -> Stats {
    assert!(
        installed(),
        "install CountingAllocator with #[global_allocator] first"
    );
    let before = this_thread();
    // Measure the peak from here, and give the old peak back afterwards, so
    // that `count` calls may nest.
    THIS_THREAD.with(|cell| {
        cell.set(Stats {
            peak_bytes: before.live_bytes,
            ..before
        })
    });
    work();
    let after = this_thread();
    THIS_THREAD.with(|cell| {
        cell.set(Stats {
            peak_bytes: after.peak_bytes.max(before.peak_bytes),
            ..after
        })
    });
    Stats {
        allocations: after.allocations - before.allocations,
        reallocations: after.reallocations - before.reallocations,
        deallocations: after.deallocations - before.deallocations,
        bytes_allocated: after.bytes_allocated - before.bytes_allocated,
        live_bytes: after.live_bytes - before.live_bytes,
        peak_bytes: after.peak_bytes - before.live_bytes,
    }
}
// ANCHOR_END: count

/// This thread's counts since it started.
pub fn this_thread() -> Stats {
    THIS_THREAD.with(Cell::get)
}

/// Whether `CountingAllocator` is the global allocator. The first time it
/// finds no call counted yet, it allocates a byte to find out.
pub fn installed() -> bool {
    if !SEEN_A_CALL.load(Relaxed) {
        drop(std::hint::black_box(Box::new(0_u8)));
    }
    SEEN_A_CALL.load(Relaxed)
}

/// Starts counting every thread's allocations in shared atomic counters.
/// Live and peak bytes count from this moment on.
pub fn start_totals() {
    TOTALS_ON.store(true, Relaxed);
}

/// The process-wide counts since `start_totals`, all threads together.
pub fn totals() -> Stats {
    Stats {
        allocations: ALLOCATIONS.load(Relaxed),
        reallocations: REALLOCATIONS.load(Relaxed),
        deallocations: DEALLOCATIONS.load(Relaxed),
        bytes_allocated: BYTES_ALLOCATED.load(Relaxed),
        live_bytes: LIVE_BYTES.load(Relaxed),
        peak_bytes: PEAK_BYTES.load(Relaxed),
    }
}

// ANCHOR: install
#[cfg(test)]
#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;
// ANCHOR_END: install

#[cfg(test)]
mod tests {
    use super::*;
    use std::hint::black_box;
    use std::sync::Barrier;

    #[test]
    fn a_box_is_one_allocation_and_one_deallocation() {
        let stats = count(|| drop(black_box(Box::new(7_u64))));
        assert_eq!(stats.allocations, 1);
        assert_eq!(stats.deallocations, 1);
        assert_eq!(stats.bytes_allocated, 8);
        assert_eq!(stats.live_bytes, 0);
        assert_eq!(stats.peak_bytes, 8);
    }

    #[test]
    fn memory_kept_past_the_phase_is_live() {
        let mut kept = Vec::new();
        let stats = count(|| kept = black_box(Vec::<u8>::with_capacity(100)));
        assert_eq!(stats.allocations, 1);
        assert_eq!(stats.deallocations, 0);
        assert_eq!(stats.live_bytes, 100);
        let freed = count(|| drop(std::mem::take(&mut kept)));
        assert_eq!(freed.deallocations, 1);
        assert_eq!(freed.live_bytes, -100);
    }

    #[test]
    fn growing_a_vector_reallocates() {
        let stats = count(|| {
            let mut v = Vec::new();
            for i in 0..100_u64 {
                v.push(black_box(i));
            }
            black_box(&v);
        });
        // Capacity 4, then 8, 16, 32, 64, 128: one allocation, five reallocations.
        assert_eq!(stats.allocations, 1);
        assert_eq!(stats.reallocations, 5);
        assert_eq!(stats.peak_bytes, 128 * 8);
    }

    #[test]
    fn zero_sized_values_do_not_allocate() {
        let stats = count(|| drop(black_box(Box::new(()))));
        assert_eq!(stats, Stats::ZERO);
    }

    #[test]
    fn other_threads_are_not_counted_but_totals_see_them() {
        start_totals();
        let barrier = Barrier::new(2);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                barrier.wait();
                for i in 0..1000_u64 {
                    drop(black_box(Box::new(i)));
                }
                barrier.wait();
            });
            let before = totals();
            let stats = count(|| {
                barrier.wait(); // the other thread allocates between the two waits
                barrier.wait();
            });
            assert_eq!(stats.allocations, 0, "this thread allocated nothing");
            assert!(totals().allocations >= before.allocations + 1000);
        });
    }

    #[test]
    fn counts_nest() {
        let mut inner = Stats::ZERO;
        let outer = count(|| {
            drop(black_box(vec![0_u8; 64]));
            inner = count(|| drop(black_box(vec![0_u8; 16])));
        });
        assert_eq!(inner.allocations, 1);
        assert_eq!(outer.allocations, 2);
        assert_eq!(outer.peak_bytes, 64);
    }
}
