//! Chapter 4, "Memory without a garbage collector": the same work with more
//! and with fewer allocations, timed with the system allocator. The calls
//! each variant makes are counted by `ch04_allocator_calls`, a target of its
//! own, so that no counting adds to the times measured here.

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use criterion::{criterion_group, criterion_main};
use listing_04_04_reuse_buffer::{
    checksum_fresh, checksum_reused, sample_words, squares_growing, squares_reserved,
};
use listing_04_05_borrow_or_clone::{total_len_cow, total_len_owned};
use listing_04_06_object_pool::{Pool, encode_in_batches, encode_in_batches_fresh};
use listing_04_07_arena::{tree_sum_arena, tree_sum_boxed};
use listing_04_09_counting_across_threads::{
    Padded, clone_arc, clone_arc_own, clone_arc_shared, clone_rc,
};
use std::rc::Rc;
use std::sync::Arc;

use benches::memory_without_gc::{BATCH, BUFFER_BYTES, MESSAGES, SQUARES, TREE_DEPTH, WORDS};

/// Clones (and drops) per iteration: enough that starting two threads is noise.
const CLONES: u64 = 1_000_000;

fn buffers(c: &mut Criterion) {
    let words = sample_words(WORDS);
    let mut group = c.benchmark_group("memory-without-gc");
    group.throughput(Throughput::Elements(WORDS as u64));
    group.bench_function("buffer/reuse", |b| {
        b.iter(|| checksum_reused(black_box("users"), black_box(&words)))
    });
    group.bench_function("buffer/per-iteration", |b| {
        b.iter(|| checksum_fresh(black_box("users"), black_box(&words)))
    });
    group.throughput(Throughput::Elements(SQUARES));
    group.bench_function("capacity/reserved", |b| {
        b.iter(|| squares_reserved(black_box(SQUARES)))
    });
    group.bench_function("capacity/growing", |b| {
        b.iter(|| squares_growing(black_box(SQUARES)))
    });
    group.finish();
}

fn borrowing(c: &mut Criterion) {
    let words = listing_04_05_borrow_or_clone::sample_words(WORDS);
    let mut group = c.benchmark_group("memory-without-gc");
    group.throughput(Throughput::Elements(WORDS as u64));
    group.bench_function("lowercase/cow", |b| {
        b.iter(|| total_len_cow(black_box(&words)))
    });
    group.bench_function("lowercase/owned", |b| {
        b.iter(|| total_len_owned(black_box(&words)))
    });
    group.finish();
}

fn pools(c: &mut Criterion) {
    let messages: Vec<u64> = (0..MESSAGES).collect();
    let pool = Pool::new(BUFFER_BYTES);
    let mut group = c.benchmark_group("memory-without-gc");
    group.throughput(Throughput::Elements(MESSAGES));
    group.bench_function("pool/pooled", |b| {
        b.iter(|| encode_in_batches(&pool, black_box(&messages), BATCH))
    });
    group.bench_function("pool/fresh", |b| {
        b.iter(|| encode_in_batches_fresh(black_box(&messages), BATCH, BUFFER_BYTES))
    });
    group.finish();
}

fn arenas(c: &mut Criterion) {
    let mut group = c.benchmark_group("memory-without-gc");
    group.throughput(Throughput::Elements((1 << TREE_DEPTH) - 1));
    group.bench_function("tree/arena", |b| {
        b.iter(|| tree_sum_arena(black_box(TREE_DEPTH)))
    });
    group.bench_function("tree/box-per-node", |b| {
        b.iter(|| tree_sum_boxed(black_box(TREE_DEPTH)))
    });
    group.finish();
}

fn reference_counts(c: &mut Criterion) {
    let rc = Rc::new(Padded(7));
    let arc = Arc::new(Padded(7));
    let mut group = c.benchmark_group("memory-without-gc");
    group.throughput(Throughput::Elements(CLONES));
    group.sample_size(10);
    group.bench_function("refcount/rc", |b| {
        b.iter(|| clone_rc(black_box(&rc), CLONES))
    });
    group.bench_function("refcount/arc-one-thread", |b| {
        b.iter(|| clone_arc(black_box(&arc), CLONES))
    });
    group.bench_function("refcount/arc-two-threads-own", |b| {
        b.iter(|| clone_arc_own(black_box(CLONES), 2))
    });
    group.bench_function("refcount/arc-two-threads-shared", |b| {
        b.iter(|| clone_arc_shared(black_box(&arc), CLONES, 2))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = benches::criterion();
    targets = buffers, borrowing, pools, arenas, reference_counts
}
criterion_main!(benches);
