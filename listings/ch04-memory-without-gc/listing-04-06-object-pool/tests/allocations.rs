//! What the functions ask of the allocator, counted with the `dhat` crate's
//! heap profiler in testing mode. dhat counts the allocations of every
//! thread, so this test has no libtest harness (`harness = false` in
//! `Cargo.toml`): its `main` runs on the process's only thread, and nothing
//! else allocates while it counts.

use listing_04_06_object_pool::{Pool, encode_in_batches, encode_in_batches_fresh};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

/// What the allocator did while one piece of work ran.
struct Counts {
    /// Calls that asked for memory: dhat counts each `alloc` and each
    /// `realloc` as a block in `total_blocks`.
    calls: u64,
    /// Change in the number of blocks still allocated.
    live_blocks: i64,
}

fn count(work: impl FnOnce()) -> Counts {
    let before = dhat::HeapStats::get();
    work();
    let after = dhat::HeapStats::get();
    Counts {
        calls: after.total_blocks - before.total_blocks,
        live_blocks: after.curr_blocks as i64 - before.curr_blocks as i64,
    }
}

fn main() {
    let _profiler = dhat::Profiler::builder().testing().build();
    let pool = Pool::new(64);
    let messages: Vec<u64> = (0..1000).collect();

    // Warm up: the first batch fills the pool. Nine blocks stay allocated:
    // eight buffers, and the pool's list that holds them.
    let warm_up = count(|| assert_eq!(encode_in_batches(&pool, &messages[..8], 8), 64));
    assert_eq!(pool.idle(), 8);
    assert_eq!(warm_up.live_blocks, 8 + 1);

    let mut bytes = 0;
    let pooled = count(|| bytes = encode_in_batches(&pool, &messages, 8));
    assert_eq!(bytes, 8000);
    // Only the `in_flight` list of each of the 125 batches allocates;
    // every buffer came from the pool.
    assert_eq!(pooled.calls, 125);
    assert_eq!(pooled.live_blocks, 0);
    assert_eq!(pool.idle(), 8);

    let fresh = count(|| bytes = encode_in_batches_fresh(&messages, 8, 64));
    assert_eq!(bytes, 8000);
    assert_eq!(fresh.calls, 125 + 1000);
    assert_eq!(fresh.live_blocks, 0);
    println!(
        "allocator calls: pooled {}, new buffers {}",
        pooled.calls, fresh.calls
    );
}
