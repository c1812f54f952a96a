//! Chapter 5, "CPU caches and predictable access": cache sets (a chase
//! through a few lines a power of two apart, against the same lines one
//! line further apart), writes (filling 1 GiB with ordinary and with
//! non-temporal stores) and software prefetch (random lookups into 1 GiB,
//! and a scan in order, with and without a prefetch some steps ahead).
//!
//! The machine this was written on reports a 300 MiB L3 (a guest's view of a
//! shared host cache), so the buffers meant to come from DRAM take 1 GiB.
//! They are built once per group, outside the timed loops, with every page
//! written.

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use listing_05_08_set_conflicts::{NEXT_SET, SAME_SET, chase, strided_ring};
use listing_05_09_streaming_stores::{
    add_one_to_each, buffer, fill_streaming, fill_with_memset, fill_with_stores,
};
use listing_05_10_software_prefetch::{
    PREFETCH_DISTANCE, data, hash_lookups, hash_lookups_prefetching, random_indices, sum_in_order,
    sum_in_order_prefetching, sum_lookups, sum_lookups_prefetching,
};

const GIB: usize = 1 << 30;

/// Lines in a ring: around the L1's 12 ways, the L2's limit for lines
/// 4 KiB apart (32 of its sets of 16 ways: 512 lines) and the L1's size
/// (768 lines 4160 bytes apart fill its 64 sets of 12 exactly).
const RING_LINES: [usize; 11] = [8, 12, 13, 16, 32, 128, 384, 512, 768, 1024, 1536];
/// Dependent loads per iteration, whatever the ring's size.
const RING_STEPS: usize = 1 << 14;

fn sets(c: &mut Criterion) {
    let mut group = c.benchmark_group("cpu-caches/sets");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(150))
        .measurement_time(Duration::from_millis(300))
        .throughput(Throughput::Elements(RING_STEPS as u64));
    for stride in [SAME_SET, NEXT_SET] {
        for lines in RING_LINES {
            let ring = strided_ring(lines, stride);
            group.bench_function(BenchmarkId::new(stride.to_string(), lines), |b| {
                b.iter(|| chase(black_box(&ring), black_box(RING_STEPS)))
            });
        }
    }
    group.finish();
}

fn writes(c: &mut Criterion) {
    let mut words = buffer(GIB);
    let mut group = c.benchmark_group("cpu-caches/writes");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .throughput(Throughput::Bytes(GIB as u64));
    group.bench_function("stores", |b| {
        b.iter(|| fill_with_stores(black_box(&mut words), black_box(7)))
    });
    group.bench_function("streaming", |b| {
        b.iter(|| fill_streaming(black_box(&mut words), black_box(7)))
    });
    group.bench_function("memset", |b| {
        b.iter(|| fill_with_memset(black_box(&mut words)))
    });
    group.bench_function("add-one", |b| {
        b.iter(|| add_one_to_each(black_box(&mut words)))
    });
    group.finish();
}

/// Lookups per iteration, and how many indices there are to take them
/// from: each iteration takes the next 2^20, so that sixteen iterations
/// pass before the same lines are looked up again.
const LOOKUPS: usize = 1 << 20;
const INDICES: usize = 1 << 24;
/// Prefetch distances, in lookups.
const DISTANCES: [usize; 8] = [1, 4, 16, 64, 256, 1024, 4096, 16384];

/// Hands out the next `LOOKUPS` indices, round and round.
struct Batches {
    indices: Vec<u32>,
    at: usize,
}

impl Batches {
    fn next(&mut self) -> &[u32] {
        let batch = &self.indices[self.at..self.at + LOOKUPS];
        self.at = (self.at + LOOKUPS) % self.indices.len();
        batch
    }
}

fn prefetch(c: &mut Criterion) {
    let data = data(GIB / size_of::<u64>());
    let mut batches = Batches {
        indices: random_indices(data.len(), INDICES, 1),
        at: 0,
    };
    let mut group = c.benchmark_group("cpu-caches/prefetch");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(800))
        .throughput(Throughput::Elements(LOOKUPS as u64));
    group.bench_function("hash", |b| {
        b.iter(|| hash_lookups(black_box(&data), batches.next()))
    });
    for distance in DISTANCES {
        group.bench_function(BenchmarkId::new("hash-distance", distance), |b| {
            b.iter(|| hash_lookups_prefetching(black_box(&data), batches.next(), distance))
        });
    }
    // The plain lookups gain nothing from a prefetch, and a claim says so
    // with a range around 1×: more samples give it tighter intervals.
    group.sample_size(20);
    group.bench_function("sum", |b| {
        b.iter(|| sum_lookups(black_box(&data), batches.next()))
    });
    group.bench_function("sum-prefetching", |b| {
        b.iter(|| sum_lookups_prefetching(black_box(&data), batches.next(), PREFETCH_DISTANCE))
    });
    group
        .sample_size(10)
        .throughput(Throughput::Bytes(GIB as u64));
    group.bench_function("scan", |b| b.iter(|| sum_in_order(black_box(&data))));
    group.bench_function("scan-prefetching", |b| {
        b.iter(|| sum_in_order_prefetching(black_box(&data), PREFETCH_DISTANCE))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = benches::criterion();
    targets = sets, writes, prefetch
}
criterion_main!(benches);
