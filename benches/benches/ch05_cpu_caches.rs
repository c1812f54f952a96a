//! Chapter 5, "CPU caches and predictable access": the same data read in an
//! order the hardware predicts and in one it cannot, plus the latency ladder
//! (one dependent load at a time through working sets from 4 KiB to 1 GiB,
//! and its control, one line per page) and the TLB's reach, all on the
//! system's ordinary 4 KiB pages. The same experiments on huge pages are
//! `ch05_huge_pages`.
//!
//! The machine this was written on reports a 300 MiB L3 (a guest's view of a
//! shared host cache), so the working sets meant to come from DRAM are
//! 512 MiB or more. The list is smaller (128 MiB): its shuffled walk pays a
//! full memory latency per node, and must fit the time budget of about two
//! minutes for the whole target.

use std::hint::black_box;
use std::time::Duration;

use benches::cpu_caches::{self, MATRIX_N, MATRIX_PAD, STRIDE_LINES, ladder_sizes};
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use listing_05_01_row_vs_column::{Matrix, NestedMatrix};
use listing_05_02_linked_list::{List, sum_list};
use listing_05_03_pointer_chase::ChaseRing;
use listing_05_06_strides::buffer_for;
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
    cpu_caches::strides(c, "cpu-caches/stride", &buffer_for(STRIDE_LINES));
}

fn tlb(c: &mut Criterion) {
    cpu_caches::tlb_reach(c, "cpu-caches/tlb", &buffer_for(STRIDE_LINES));
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
    cpu_caches::chase_ladder(c, "cpu-caches/latency", ladder_sizes(), |bytes| {
        ChaseRing::new(bytes, 1)
    });
}

/// The ladder's control for the TLB: at each size of the ladder from 64 KiB
/// to 64 MiB, a ring with as many 4 KiB pages but one line in each, so that
/// its lines (at most 1 MiB) stay in L2. Named by the bytes of pages, as the
/// ladder's rings are, so that the two share the ladder's x axis.
fn page_chase(c: &mut Criterion) {
    let sizes = ladder_sizes()
        .into_iter()
        .filter(|&b| (64 << 10..=64 << 20).contains(&b));
    cpu_caches::chase_ladder(c, "cpu-caches/page-chase", sizes, |bytes| {
        ChaseRing::one_line_per_page(bytes / 4096, 1)
    });
}

criterion_group! {
    name = benches;
    config = benches::criterion();
    targets = matrix, list, stride, tlb, layout, latency, page_chase
}
criterion_main!(benches);
