//! What the functions ask of the allocator, counted with the `dhat` crate's
//! heap profiler in testing mode. dhat counts the allocations of every
//! thread, so this test has no libtest harness (`harness = false` in
//! `Cargo.toml`): its `main` runs on the process's only thread, and nothing
//! else allocates while it counts.

use listing_04_05_borrow_or_clone::{sample_words, total_len_cow, total_len_owned};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

/// What the allocator did while one piece of work ran.
struct Counts {
    /// Calls that asked for memory: dhat counts each `alloc` and each
    /// `realloc` as a block in `total_blocks`.
    calls: u64,
    /// Change in the bytes still allocated.
    live_bytes: i64,
}

fn count(work: impl FnOnce()) -> Counts {
    let before = dhat::HeapStats::get();
    work();
    let after = dhat::HeapStats::get();
    Counts {
        calls: after.total_blocks - before.total_blocks,
        live_bytes: after.curr_bytes as i64 - before.curr_bytes as i64,
    }
}

fn main() {
    let _profiler = dhat::Profiler::builder().testing().build();
    let words = sample_words(1000);
    let (mut owned_len, mut cow_len) = (0, 0);
    let owned = count(|| owned_len = total_len_owned(&words));
    let cow = count(|| cow_len = total_len_cow(&words));
    assert_eq!(owned_len, cow_len);
    assert_eq!(owned.calls, 1000, "a new `String` for every word");
    assert_eq!(cow.calls, 100, "one for each capitalised word");
    assert_eq!(owned.live_bytes, 0);
    assert_eq!(cow.live_bytes, 0);
    println!(
        "allocator calls: a new String per word {}, Cow {}",
        owned.calls, cow.calls
    );
}
