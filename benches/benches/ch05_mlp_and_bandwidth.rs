//! Chapter 5, "CPU caches and predictable access": memory-level parallelism
//! (one pointer chase against k chases interleaved in one loop, all through
//! the same 1 GiB ring) and read bandwidth per level (summing working sets
//! from 4 KiB to 1 GiB on one core).
//!
//! The machine this was written on reports a 300 MiB L3 (a guest's view of a
//! shared host cache), so the ring and the largest working set take 1 GiB.
//! Both are built once, outside the timed loops, with every page written.
//!
//! Every benchmark of a family does the same work per iteration (the same
//! number of dependent loads, the same number of bytes read), so that a
//! claim can compare any two of them by their time per iteration.

use std::hint::black_box;
use std::time::Duration;

use benches::cpu_caches::ladder_sizes;
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use listing_05_04_parallel_chases::Ring;
use listing_05_05_read_bandwidth::{RoundReader, working_set};

/// The ring and the largest working set: well over any L3 we may meet.
const GIB: usize = 1 << 30;
/// The numbers of chains interleaved: 1 to 32, doubling.
const CHAINS: [usize; 6] = [1, 2, 4, 8, 16, 32];
/// Dependent loads per iteration, over all chains together.
const LOADS_PER_ITERATION: u64 = 1 << 16;
/// Bytes read per iteration, from every working set.
const BYTES_PER_ITERATION: usize = 64 << 20;

fn chases(c: &mut Criterion) {
    let ring = Ring::new(GIB, 1);
    let mut group = c.benchmark_group("cpu-caches/chases");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .throughput(Throughput::Elements(LOADS_PER_ITERATION));
    for chains in CHAINS {
        let mut cursors = ring.cursors(chains);
        let steps = LOADS_PER_ITERATION / chains as u64;
        group.bench_function(BenchmarkId::from_parameter(chains), |b| {
            b.iter(|| ring.chase_all(black_box(&mut cursors), black_box(steps)))
        });
    }
    group.finish();
}

fn bandwidth(c: &mut Criterion) {
    let words = working_set(GIB);
    let mut group = c.benchmark_group("cpu-caches/bandwidth");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .warm_up_time(Duration::from_millis(100))
        .measurement_time(Duration::from_millis(400))
        .throughput(Throughput::Bytes(BYTES_PER_ITERATION as u64));
    // The latency ladder's working sets, so that the two figures share an
    // x axis.
    for bytes in ladder_sizes() {
        let mut reader = RoundReader::new(&words[..bytes / size_of::<u64>()]);
        group.bench_function(BenchmarkId::from_parameter(bytes), |b| {
            b.iter(|| reader.read(black_box(BYTES_PER_ITERATION)))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = benches::criterion();
    targets = chases, bandwidth
}
criterion_main!(benches);
