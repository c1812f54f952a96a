//! Chapter 1, "Values and pointers": summing numbers stored as values side
//! by side vs as boxes, each number behind its own pointer.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use listing_01_11_values_in_a_row::{make_boxed, make_values, sum_boxed, sum_values};

/// 2^20 numbers: 8 MiB as values. Boxed, 8 MiB of pointers plus one heap
/// chunk per number (32 bytes each with glibc's malloc: 32 MiB).
const COUNT: usize = 1 << 20;

fn values_vs_boxes(c: &mut Criterion) {
    let values = make_values(COUNT);
    let boxed = make_boxed(COUNT);
    let mut group = c.benchmark_group("values-and-pointers");
    group.bench_function("sum_values", |b| b.iter(|| sum_values(black_box(&values))));
    group.bench_function("sum_boxed", |b| b.iter(|| sum_boxed(black_box(&boxed))));
    group.finish();
}

criterion_group! {
    name = benches;
    config = benches::criterion();
    targets = values_vs_boxes
}
criterion_main!(benches);
