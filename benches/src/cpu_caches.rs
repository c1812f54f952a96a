//! Chapter 5's workloads, shared by its bench targets on 4 KiB pages
//! (`ch05_cpu_caches`) and on 2 MiB pages (`ch05_huge_pages`), so that a pair
//! of results differs in the page size alone.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use listing_05_03_pointer_chase::ChaseRing;
use listing_05_06_strides::{touch_every_line, touch_every_page};

/// 8192 × 8192 cells of 8 bytes: 512 MiB, rows of exactly 64 KiB.
pub const MATRIX_N: usize = 8192;
/// Cells after each row of the padded matrix: one cache line.
pub const MATRIX_PAD: usize = 8;
/// Lines read by each stride: 1 MiB side by side, or one in each of 16,384
/// pages; also the reads per iteration of the TLB's experiment.
pub const STRIDE_LINES: usize = 16 << 10;
/// Dependent loads per iteration of the ladder.
pub const LADDER_STEPS: u64 = 1 << 16;

/// The ladder's working sets: 4 KiB to 1 GiB, two per octave (2^k and
/// 1.5 × 2^k bytes).
pub fn ladder_sizes() -> Vec<usize> {
    let mut sizes = Vec::new();
    for shift in 12..30 {
        sizes.push(1 << shift);
        sizes.push(3 << (shift - 1));
    }
    sizes.push(1 << 30);
    sizes
}

/// The TLB experiment's page counts: 16 to 16,384, two per octave.
pub fn tlb_page_counts() -> Vec<usize> {
    let mut counts = Vec::new();
    for shift in 4..14 {
        counts.push(1 << shift);
        counts.push(3 << (shift - 1));
    }
    counts.push(STRIDE_LINES);
    counts
}

/// Listing 5-6's two strides over `buffer` (made by its `buffer_for`), as
/// benchmarks `{group}/line` and `{group}/page`.
pub fn strides(c: &mut Criterion, group: &str, buffer: &[u8]) {
    let mut group = c.benchmark_group(group);
    // Microseconds per iteration: many samples, so that a neighbour's burst
    // of activity on this 2-core machine moves the estimate little.
    group
        .sample_size(50)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    group.bench_function("line", |b| {
        b.iter(|| touch_every_line(black_box(buffer), black_box(STRIDE_LINES)))
    });
    group.bench_function("page", |b| {
        b.iter(|| touch_every_page(black_box(buffer), black_box(STRIDE_LINES)))
    });
    group.finish();
}

/// The TLB's reach: one line in each of a growing number of pages of
/// `buffer`, as benchmarks `{group}/{pages}`. The lines themselves, 64 bytes
/// a page, fit in L2 at every size; what grows is the number of pages whose
/// translations the loads need.
pub fn tlb_reach(c: &mut Criterion, group: &str, buffer: &[u8]) {
    let mut group = c.benchmark_group(group);
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_millis(600));
    // The same number of reads at every size, in passes over `pages` pages,
    // so that any two sizes can be compared per iteration.
    for pages in tlb_page_counts() {
        let passes = STRIDE_LINES / pages;
        group.throughput(Throughput::Elements((passes * pages) as u64));
        group.bench_function(BenchmarkId::from_parameter(pages), |b| {
            b.iter(|| {
                (0..passes)
                    .map(|_| touch_every_page(black_box(buffer), black_box(pages)))
                    .sum::<u64>()
            })
        });
    }
    group.finish();
}

/// A latency ladder: for each of `sizes`, the ring `make` builds for it,
/// followed for `LADDER_STEPS` links per iteration, as `{group}/{bytes}`.
/// Each ring is dropped before the next is built.
pub fn chase_ladder(
    c: &mut Criterion,
    group: &str,
    sizes: impl IntoIterator<Item = usize>,
    mut make: impl FnMut(usize) -> ChaseRing,
) {
    let mut group = c.benchmark_group(group);
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(700))
        .throughput(Throughput::Elements(LADDER_STEPS));
    for bytes in sizes {
        let mut ring = make(bytes);
        group.bench_function(BenchmarkId::from_parameter(bytes), |b| {
            b.iter(|| ring.chase(black_box(LADDER_STEPS)))
        });
    }
    group.finish();
}
