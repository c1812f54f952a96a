//! Counts heap allocations with the `dhat` crate, installed as the global
//! allocator. dhat counts the allocations of every thread, so this test has
//! no libtest harness (`harness = false` in `Cargo.toml`): its `main` runs on
//! the process's only thread, and nothing else allocates while it counts.

use std::hint::black_box;

use listing_01_10_receivers_and_trait_objects::{Square, area_of, boxed_square};

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

fn main() {
    let _profiler = dhat::Profiler::builder().testing().build();
    let square = Square { side: 3.0 };

    // A borrowed trait object points at the square where it is.
    let before = dhat::HeapStats::get();
    let borrowed_area = area_of(black_box(&square));
    let after_borrow = dhat::HeapStats::get();
    dhat::assert_eq!(after_borrow.total_blocks, before.total_blocks);

    // A boxed one moves the square into one new allocation of its size.
    let boxed = black_box(boxed_square(3.0));
    let after_box = dhat::HeapStats::get();
    dhat::assert_eq!(after_box.total_blocks - after_borrow.total_blocks, 1);
    dhat::assert_eq!(
        after_box.total_bytes - after_borrow.total_bytes,
        size_of::<Square>() as u64
    );
    dhat::assert_eq!(boxed.area(), borrowed_area);
    println!("allocations: borrowed trait object 0, boxed trait object 1");
}
