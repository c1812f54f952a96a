//! Chapter 4, "Memory without a garbage collector": what each variant of the
//! chapter's work asks of the allocator, counted, not timed. This target
//! installs the chapter's counting allocator (Listing 4-3) for itself; the
//! times are measured by `ch04_memory_without_gc`, with the system
//! allocator, so that the counting never adds to them.

use std::hint::black_box;

use benches::memory_without_gc::{BATCH, BUFFER_BYTES, MESSAGES, SQUARES, TREE_DEPTH, WORDS};
use criterion::Criterion;
use criterion::{criterion_group, criterion_main};
use listing_04_03_counting_allocator::{CountingAllocator, Stats, count};
use listing_04_04_reuse_buffer::{
    checksum_fresh, checksum_reused, sample_words, squares_growing, squares_reserved,
};
use listing_04_05_borrow_or_clone::{total_len_cow, total_len_owned};
use listing_04_06_object_pool::{Pool, encode_in_batches, encode_in_batches_fresh};
use listing_04_07_arena::{tree_sum_arena, tree_sum_boxed};

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Counted, not timed: the allocator calls (`alloc` + `realloc`) each
/// variant makes for one run of the work it is timed on.
fn allocations(_: &mut Criterion) {
    fn run<T>(work: impl FnOnce() -> T) -> Stats {
        count(|| drop(black_box(work())))
    }
    fn record(id: &str, stats: Stats) {
        assert_eq!(stats.live_bytes, 0, "{id} kept memory: {stats:?}");
        let id = format!("memory-without-gc/allocations/{id}");
        benches::record_metric(&id, stats.allocator_calls() as f64);
    }
    let words = sample_words(WORDS);
    record("buffer/reuse", run(|| checksum_reused("users", &words)));
    record(
        "buffer/per-iteration",
        run(|| checksum_fresh("users", &words)),
    );
    record("capacity/reserved", run(|| squares_reserved(SQUARES)));
    record("capacity/growing", run(|| squares_growing(SQUARES)));
    let words = listing_04_05_borrow_or_clone::sample_words(WORDS);
    record("lowercase/cow", run(|| total_len_cow(&words)));
    record("lowercase/owned", run(|| total_len_owned(&words)));
    let messages: Vec<u64> = (0..MESSAGES).collect();
    let pool = Pool::new(BUFFER_BYTES);
    encode_in_batches(&pool, &messages, BATCH); // fill the pool first, as the timed loop does
    record(
        "pool/pooled",
        run(|| encode_in_batches(&pool, &messages, BATCH)),
    );
    record(
        "pool/fresh",
        run(|| encode_in_batches_fresh(&messages, BATCH, BUFFER_BYTES)),
    );
    record("tree/arena", run(|| tree_sum_arena(TREE_DEPTH)));
    record("tree/box-per-node", run(|| tree_sum_boxed(TREE_DEPTH)));
}

criterion_group! {
    name = benches;
    config = benches::criterion();
    targets = allocations
}
criterion_main!(benches);
