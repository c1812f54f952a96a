//! What the functions ask of the allocator, counted with the `dhat` crate's
//! heap profiler in testing mode. dhat counts the allocations of every
//! thread, so this test has no libtest harness (`harness = false` in
//! `Cargo.toml`): its `main` runs on the process's only thread, and nothing
//! else allocates while it counts.

use std::hint::black_box;

use listing_04_07_arena::{BoxNode, tree_sum_arena, tree_sum_boxed};

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
    const NODES: u64 = (1 << 16) - 1;

    // One `Box` per node, each one freed again when the tree goes.
    let boxed = count(|| {
        black_box(tree_sum_boxed(16));
    });
    assert_eq!(boxed.calls, NODES);
    assert_eq!(boxed.bytes, NODES * size_of::<BoxNode>() as u64);
    assert_eq!(boxed.live_blocks, 0);
    assert_eq!(boxed.live_bytes, 0);

    // The arena asks for a few large chunks, and frees them all.
    let arena = count(|| {
        black_box(tree_sum_arena(16));
    });
    assert!(arena.calls < 32, "{} allocator calls", arena.calls);
    assert_eq!(arena.live_blocks, 0);
    assert_eq!(arena.live_bytes, 0);
    println!(
        "allocator calls: a Box per node {}, arena {}",
        boxed.calls, arena.calls
    );
}
