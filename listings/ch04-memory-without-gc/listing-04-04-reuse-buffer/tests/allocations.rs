//! What the functions ask of the allocator, counted with the `dhat` crate's
//! heap profiler in testing mode. dhat counts the allocations of every
//! thread, so this test has no libtest harness (`harness = false` in
//! `Cargo.toml`): its `main` runs on the process's only thread, and nothing
//! else allocates while it counts.

use std::hint::black_box;

use listing_04_04_reuse_buffer::{
    checksum_fresh, checksum_reused, sample_words, squares_growing, squares_reserved,
};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

/// What the allocator did while one piece of work ran.
struct Counts {
    /// Calls that asked for memory: dhat counts each `alloc` and each
    /// `realloc` as a block in `total_blocks`.
    calls: u64,
    /// Bytes those calls asked for (for a `realloc`, the new size).
    bytes: u64,
    /// Change in the number of blocks still allocated.
    live_blocks: i64,
    /// Change in the bytes still allocated.
    live_bytes: i64,
}

fn count(work: impl FnOnce()) -> Counts {
    let before = dhat::HeapStats::get();
    work();
    let after = dhat::HeapStats::get();
    Counts {
        calls: after.total_blocks - before.total_blocks,
        bytes: after.total_bytes - before.total_bytes,
        live_blocks: after.curr_blocks as i64 - before.curr_blocks as i64,
        live_bytes: after.curr_bytes as i64 - before.curr_bytes as i64,
    }
}

fn main() {
    let _profiler = dhat::Profiler::builder().testing().build();

    // Each doubling resizes the block (`realloc`) rather than allocating a
    // new block beside the old one: grow to each capacity in turn, freeing
    // in between, and the peak rises to exactly the new block each time. A
    // new block beside the old would raise it to one and a half times that.
    let base = dhat::HeapStats::get().curr_bytes;
    for capacity in (3..=14).map(|k| 1_usize << k) {
        let grown = squares_growing(capacity as u64 / 2 + 1);
        assert_eq!(grown.capacity(), capacity);
        assert_eq!(dhat::HeapStats::get().max_bytes, base + capacity * 8);
    }

    // Growing to 10,000: capacity 4, then 8, 16, ..., 16,384 (the first
    // power of two above 10,000). One allocation of 32 bytes, then twelve
    // calls that each double the same block.
    let mut grown = Vec::new();
    let growing = count(|| grown = squares_growing(10_000));
    assert_eq!(grown.capacity(), 16_384);
    assert_eq!(growing.calls, 13);
    assert_eq!(growing.bytes, (0..13).map(|k| 32_u64 << k).sum::<u64>());
    assert_eq!(growing.live_blocks, 1);
    assert_eq!(growing.live_bytes, 16_384 * 8);
    drop(grown);

    let reserved = count(|| {
        black_box(squares_reserved(10_000));
    });
    assert_eq!(reserved.calls, 1);
    assert_eq!(reserved.bytes, 10_000 * 8);
    assert_eq!(reserved.live_bytes, 0);

    let words = sample_words(1000);
    let fresh = count(|| {
        black_box(checksum_fresh("users", &words));
    });
    let reused = count(|| {
        black_box(checksum_reused("users", &words));
    });
    assert_eq!(fresh.calls, 1000, "a new `String` per key");
    assert_eq!(reused.calls, 1, "one buffer for all the keys");
    assert_eq!(fresh.live_bytes, 0);
    assert_eq!(reused.live_bytes, 0);
    println!(
        "allocator calls: growing {}, reserved {}, a key per word {}, one buffer {}",
        growing.calls, reserved.calls, fresh.calls, reused.calls
    );
}
