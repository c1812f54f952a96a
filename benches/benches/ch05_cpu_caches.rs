//! Chapter 5, "CPU caches and predictable access": the same data read in an
//! order the hardware predicts and in one it cannot, plus the latency ladder
//! (one dependent load at a time through working sets from 4 KiB to 1 GiB)
//! and the TLB's reach, all on the system's ordinary 4 KiB pages. The same
//! experiments on huge pages are `ch05_huge_pages`.
//!
//! The machine this was written on reports a 300 MiB L3 (a guest's view of a
//! shared host cache), so the working sets meant to come from DRAM are
//! 512 MiB or more. The list is smaller (128 MiB): its shuffled walk pays a
//! full memory latency per node, and must fit the time budget of about two
//! minutes for the whole target.

use std::hint::black_box;
use std::time::Duration;

use benches::cpu_caches::{
    LADDER_STEPS, MATRIX_N, MATRIX_PAD, STRIDE_LINES, ladder_sizes, tlb_page_counts,
};
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use listing_05_01_row_vs_column::{Matrix, NestedMatrix};
use listing_05_02_linked_list::{List, sum_list};
use listing_05_03_pointer_chase::ChaseRing;
use listing_05_06_strides::{buffer_for, touch_every_line, touch_every_page};
use listing_05_11_aos_and_soa::{
    Layout, example_accounts, lines_touched_scanning_one_field, sum_balances_aos, sum_balances_soa,
};

/// Four million 16-byte nodes (32 bytes each with the allocator's header).
const LIST_NODES: usize = 4 << 20;
/// Eight million 64-byte records: 512 MiB, of which the balances are 64 MiB.
const ACCOUNTS: usize = 8 << 20;

fn matrix(c: &mut Criterion) {
    let matrix = Matrix::new(MATRIX_N);
    let padded = Matrix::with_padding(MATRIX_N, MATRIX_PAD);
    let nested = NestedMatrix::new(MATRIX_N);
    let mut group = c.benchmark_group("cpu-caches/matrix");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(8));
    group.bench_function("row-major", |b| {
        b.iter(|| black_box(&matrix).sum_row_major())
    });
    group.bench_function("column-major", |b| {
        b.iter(|| black_box(&matrix).sum_column_major())
    });
    group.bench_function("column-major-padded", |b| {
        b.iter(|| black_box(&padded).sum_column_major())
    });
    group.bench_function("nested-row-major", |b| {
        b.iter(|| black_box(&nested).sum_row_major())
    });
    group.finish();
}

fn list(c: &mut Criterion) {
    let in_order = List::in_allocation_order(LIST_NODES);
    let shuffled = List::shuffled(LIST_NODES, 1);
    let mut group = c.benchmark_group("cpu-caches/list");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(10));
    group.bench_function("in-order", |b| b.iter(|| sum_list(black_box(&in_order))));
    group.bench_function("shuffled", |b| b.iter(|| sum_list(black_box(&shuffled))));
    group.finish();
}

fn stride(c: &mut Criterion) {
    let buffer = buffer_for(STRIDE_LINES);
    let mut group = c.benchmark_group("cpu-caches/stride");
    // Microseconds per iteration: many samples, so that a neighbour's burst
    // of activity on this 2-core machine moves the estimate little.
    group
        .sample_size(50)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    group.bench_function("line", |b| {
        b.iter(|| touch_every_line(black_box(&buffer), black_box(STRIDE_LINES)))
    });
    group.bench_function("page", |b| {
        b.iter(|| touch_every_page(black_box(&buffer), black_box(STRIDE_LINES)))
    });
    group.finish();
}

/// The TLB's reach: one line in each of a growing number of pages. The
/// lines themselves, 64 bytes a page, fit in L2 at every size; what grows is
/// the number of pages whose translations the loads need.
fn tlb(c: &mut Criterion) {
    let buffer = buffer_for(STRIDE_LINES);
    let mut group = c.benchmark_group("cpu-caches/tlb");
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
                    .map(|_| touch_every_page(black_box(&buffer), black_box(pages)))
                    .sum::<u64>()
            })
        });
    }
    group.finish();
}

fn layout(c: &mut Criterion) {
    benches::record_metric(
        "cpu-caches/lines-touched/aos",
        lines_touched_scanning_one_field(ACCOUNTS, Layout::ArrayOfStructs) as f64,
    );
    benches::record_metric(
        "cpu-caches/lines-touched/soa",
        lines_touched_scanning_one_field(ACCOUNTS, Layout::StructOfArrays) as f64,
    );
    let (records, columns) = example_accounts(ACCOUNTS);
    let mut group = c.benchmark_group("cpu-caches/layout");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    group.bench_function("aos", |b| b.iter(|| sum_balances_aos(black_box(&records))));
    group.bench_function("soa", |b| b.iter(|| sum_balances_soa(black_box(&columns))));
    group.finish();
}

fn latency(c: &mut Criterion) {
    let mut group = c.benchmark_group("cpu-caches/latency");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(700))
        .throughput(Throughput::Elements(LADDER_STEPS));
    for bytes in ladder_sizes() {
        let mut ring = ChaseRing::new(bytes, 1);
        group.bench_function(BenchmarkId::from_parameter(bytes), |b| {
            b.iter(|| ring.chase(black_box(LADDER_STEPS)))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = benches::criterion();
    targets = matrix, list, stride, tlb, layout, latency
}
criterion_main!(benches);
