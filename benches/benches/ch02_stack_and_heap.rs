//! Chapter 2, "The stack and the heap": a scratch table in the frame vs on
//! the heap; passing an array by value vs by reference, over sizes; and the
//! resident memory of idle threads against their stacks' reservation.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkGroup, BenchmarkId, Criterion, Throughput, measurement::WallTime};
use criterion::{criterion_group, criterion_main};
use listing_02_02_move_or_borrow::{tag_by_reference, tag_by_value};
use listing_02_03_stack_or_heap::{count_distinct_on_heap, count_distinct_on_stack};
use listing_02_06_idle_threads::{IDLE_THREADS, STACK_BYTES, resident_bytes_per_idle_thread};

/// A short key: the scratch table's work is small, as it often is.
const KEY: &[u8] = b"stack-and-heap/alloc";

fn stack_or_heap(c: &mut Criterion) {
    let mut group = c.benchmark_group("stack-and-heap");
    group.throughput(Throughput::Elements(1));
    group.bench_function("alloc/stack", |b| {
        b.iter(|| count_distinct_on_stack(black_box(KEY)))
    });
    group.bench_function("alloc/heap", |b| {
        b.iter(|| count_distinct_on_heap(black_box(KEY)))
    });
    group.finish();
}

/// One size of the move/borrow family. Both callees are called through a
/// function pointer the optimiser cannot see through, so that each call is
/// compiled as written: if LLVM could see that `tag_by_value` only reads its
/// parameter, it could hand it the caller's array instead of a copy (we saw
/// rustc 1.95 do so for a direct call), and there would be no copy to measure.
/// The caller keeps its array in a box, so every call by value copies it, as
/// the listing's `pass_a_copy_of_a_page` does. criterion measures the two
/// variants one after the other: at 16 bytes, where they cost the same, their
/// ratio moves with any drift in the machine's speed between the two.
fn move_and_borrow<const N: usize>(group: &mut BenchmarkGroup<'_, WallTime>) {
    let message: Box<[u8; N]> = black_box(Box::new([1; N]));
    let by_value: fn([u8; N]) -> u8 = black_box(tag_by_value::<N>);
    let by_reference: fn(&[u8; N]) -> u8 = black_box(tag_by_reference::<N>);
    group.bench_with_input(BenchmarkId::new("move", N), &N, |b, _| {
        b.iter(|| by_value(*message))
    });
    group.bench_with_input(BenchmarkId::new("borrow", N), &N, |b, _| {
        b.iter(|| by_reference(&message))
    });
}

fn move_or_borrow(c: &mut Criterion) {
    let mut group = c.benchmark_group("stack-and-heap");
    // 2 × 9 sizes: shorter than the default so the target runs in about a minute.
    group
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(1200))
        .throughput(Throughput::Elements(1));
    move_and_borrow::<16>(&mut group);
    move_and_borrow::<64>(&mut group);
    move_and_borrow::<256>(&mut group);
    move_and_borrow::<1024>(&mut group);
    move_and_borrow::<4096>(&mut group);
    move_and_borrow::<16384>(&mut group);
    move_and_borrow::<65536>(&mut group);
    move_and_borrow::<262144>(&mut group);
    move_and_borrow::<1048576>(&mut group);
    group.finish();
}

/// Read, not timed: resident memory per idle thread, as the kernel reports
/// it (`VmRSS`, which varies from one reading to the next), against the
/// 2 MiB each thread's stack reserves. Several readings in one process: the
/// later ones may start threads on stacks that glibc kept from the earlier
/// ones' exited threads (up to 40 MiB of them by default), which are resident
/// already, so they may read a little lower. Runs last: once a process has
/// started a thread, glibc's allocator locks its arena on every call that
/// misses the per-thread cache (every `calloc`, before glibc 2.41), and the
/// timed benchmarks above should see the allocator of a single-threaded
/// program.
fn idle_threads(_: &mut Criterion) {
    let readings: Vec<f64> = (0..READINGS)
        .map(|_| {
            resident_bytes_per_idle_thread(IDLE_THREADS)
                .unwrap_or_else(|e| panic!("cannot measure resident memory: {e}"))
        })
        .collect();
    benches::record_metric("stack-and-heap/threads/reserved-bytes", STACK_BYTES as f64);
    benches::record_readings("stack-and-heap/threads/resident-bytes", &readings);
}

/// Readings of resident memory per idle thread: enough to show the spread.
const READINGS: usize = 5;

criterion_group! {
    name = benches;
    config = benches::criterion();
    targets = stack_or_heap, move_or_borrow, idle_threads
}
criterion_main!(benches);
