// Counts heap allocations with dhat, installed as the global allocator.
// dhat allows one profiler at a time, so this file holds a single test.

use std::hint::black_box;

use listing_01_10_receivers_and_trait_objects::{Square, area_of, boxed_square};

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

#[test]
fn a_borrowed_trait_object_allocates_nothing_and_a_boxed_one_allocates_once() {
    let _profiler = dhat::Profiler::builder().testing().build();
    let square = Square { side: 3.0 };

    let before = dhat::HeapStats::get();
    let borrowed_area = area_of(black_box(&square));
    let after_borrow = dhat::HeapStats::get();
    dhat::assert_eq!(after_borrow.total_blocks, before.total_blocks);

    let boxed = black_box(boxed_square(3.0));
    let after_box = dhat::HeapStats::get();
    dhat::assert_eq!(after_box.total_blocks - after_borrow.total_blocks, 1);
    dhat::assert_eq!(
        after_box.total_bytes - after_borrow.total_bytes,
        size_of::<Square>() as u64
    );
    dhat::assert_eq!(boxed.area(), borrowed_area);
}
