//! Chapter 6, "Data-oriented design": the same work over the same data
//! arranged differently, one change at a time.
//!
//! - Records: one scan of 2^26 orders (64 Mi) stored whole (64 bytes each),
//!   split into hot and cold parts (24 bytes hot), with narrower types
//!   (12 bytes), and as three columns (9 bytes an order); the last two
//!   beside chapter 5's sum reading the same number of bytes, the reference
//!   for what one core can read from memory. The smallest layout takes
//!   576 MiB, over the largest L3 we have met (a guest told of 300 MiB);
//!   each iteration reads the next sixteenth of a layout, so that no part
//!   of it is in a cache when it is read again.
//! - The compiler: a branch on sorted and shuffled data, bounds checks,
//!   a float reduction, inlining; all on data that fits in L1 or L2, so
//!   that memory is not what is measured.
//! - The three levers: one program made faster by algorithm, allocation
//!   and data access, each step measured on the same input.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use listing_05_05_read_bandwidth::{RoundReader, working_set};
use listing_06_02_hot_and_cold::{
    CompactColumns, CompactOrder, OrderHot, compact_orders, generate_orders, open_revenue,
    open_revenue_columns, open_revenue_compact, open_revenue_hot,
};
use listing_06_03_branch_prediction::{
    keep_at_least_branchless, keep_at_least_branchy, random_values,
};
use listing_06_04_bounds_checks::{
    add_assign_indexed, add_assign_sliced, sum_channels, sum_channels_indexed,
};
use listing_06_05_vectorisation::{sum_f32_in_order, sum_f32_lanes};
use listing_06_06_inlining::{convert_all, convert_all_outlined};
use listing_06_07_three_levers::{
    Customer, generate, revenue_by_region_borrowed_keys, revenue_by_region_dense_ids,
    revenue_by_region_hash_index, revenue_by_region_nested_loops,
};

/// Orders in each layout: 64 Mi, so 4 GiB whole, 1.5 GiB hot, 768 MiB compact.
const ORDERS: usize = 64 << 20;
/// Orders scanned per iteration: a sixteenth of the set.
const ORDERS_PER_ITERATION: usize = ORDERS / 16;
/// Orders that fit in L2 on every processor we have met: 192 KiB compact.
const ORDERS_IN_L2: usize = 16 << 10;
/// A price, a quantity and a status byte, stored as columns.
const COLUMN_BYTES_PER_ORDER: usize = 4 + 4 + 1;
/// Elements of the kernels that must not be limited by memory: 16 KiB of
/// 4-byte values, in L1 on every processor we have met.
const IN_L1: usize = 4096;
/// Values the branch filters: 128 KiB, out of L1 but in L2, where a
/// mispredicted branch costs far more than the load beside it.
const BRANCH_VALUES: usize = 32 << 10;
/// The filters keep values of at least this: half of them, at random.
const THRESHOLD: u32 = 128;
/// The three levers' input: 25 orders per customer, few enough customers
/// that the first step's search per order runs in tens of milliseconds.
const CUSTOMERS: usize = 2_000;
const LEVER_ORDERS: usize = 50_000;

/// Hands out a slice's consecutive windows, going round, so that a set much
/// larger than the caches is read in parts and never found in them.
struct Windows<'a, T> {
    items: &'a [T],
    window: usize,
    at: usize,
}

impl<'a, T> Windows<'a, T> {
    fn new(items: &'a [T], window: usize) -> Windows<'a, T> {
        assert!(
            window > 0 && items.len().is_multiple_of(window),
            "a set of {} items does not split into windows of {window}",
            items.len()
        );
        Windows {
            items,
            window,
            at: 0,
        }
    }

    fn next(&mut self) -> &'a [T] {
        let window = &self.items[self.at..self.at + self.window];
        self.at = (self.at + self.window) % self.items.len();
        window
    }
}

fn records(c: &mut Criterion) {
    let mut group = c.benchmark_group("data-oriented-design/records");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(40)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::Elements(ORDERS_PER_ITERATION as u64));
    // One layout after another, each made from the last, so that no more
    // than two are in memory at once (4 GiB whole, 1.5 GiB hot).
    let whole = generate_orders(ORDERS, 1);
    let mut windows = Windows::new(&whole, ORDERS_PER_ITERATION);
    group.bench_function("whole", |b| {
        b.iter(|| open_revenue(black_box(windows.next())))
    });
    let hot: Vec<OrderHot> = whole.iter().map(OrderHot::from).collect();
    drop(whole);
    let compact = compact_orders(&hot);
    let columns = CompactColumns::from(compact.as_slice());
    // Chapter 5's sum, over as many bytes per iteration as the compact and
    // the columnar scans read, from a buffer as large as the compact orders.
    let compact_bytes = ORDERS_PER_ITERATION * size_of::<CompactOrder>();
    let column_bytes = ORDERS_PER_ITERATION * COLUMN_BYTES_PER_ORDER;
    let words = working_set(size_of_val(compact.as_slice()));
    let mut windows = Windows::new(&hot, ORDERS_PER_ITERATION);
    group.bench_function("hot", |b| {
        b.iter(|| open_revenue_hot(black_box(windows.next())))
    });
    let mut windows = Windows::new(&compact, ORDERS_PER_ITERATION);
    group.bench_function("compact", |b| {
        b.iter(|| open_revenue_compact(black_box(windows.next())))
    });
    let mut reader = RoundReader::new(&words);
    group.bench_function("sum-words-compact-bytes", |b| {
        b.iter(|| reader.read(black_box(compact_bytes)))
    });
    // The same loop on orders that stay in L2, read over and over: what the
    // loop itself can do when memory is not waited for.
    let in_l2 = &compact[..ORDERS_IN_L2];
    group.bench_function("compact-in-l2", |b| {
        b.iter(|| {
            (0..ORDERS_PER_ITERATION / ORDERS_IN_L2).fold(0u64, |sum, _| {
                sum.wrapping_add(open_revenue_compact(black_box(in_l2)))
            })
        })
    });
    // The columns' loop on orders in L2 too: its own work, without memory.
    let (prices, quantities, statuses) = (
        &columns.price_cents[..ORDERS_IN_L2],
        &columns.quantity[..ORDERS_IN_L2],
        &columns.status[..ORDERS_IN_L2],
    );
    group.bench_function("columns-in-l2", |b| {
        b.iter(|| {
            (0..ORDERS_PER_ITERATION / ORDERS_IN_L2).fold(0u64, |sum, _| {
                sum.wrapping_add(open_revenue_columns(
                    black_box(prices),
                    black_box(quantities),
                    black_box(statuses),
                ))
            })
        })
    });
    let mut prices = Windows::new(&columns.price_cents, ORDERS_PER_ITERATION);
    let mut quantities = Windows::new(&columns.quantity, ORDERS_PER_ITERATION);
    let mut statuses = Windows::new(&columns.status, ORDERS_PER_ITERATION);
    group.bench_function("columns", |b| {
        b.iter(|| {
            open_revenue_columns(
                black_box(prices.next()),
                black_box(quantities.next()),
                black_box(statuses.next()),
            )
        })
    });
    group.bench_function("sum-words-column-bytes", |b| {
        b.iter(|| reader.read(black_box(column_bytes)))
    });
    group.finish();
}

/// The kernels in L1 and L2 take microseconds, and two of their claims say
/// "the same time": many samples over several seconds, so that a
/// neighbour's burst on this 2-core machine moves the estimate little.
fn in_cache_group<'a>(
    c: &'a mut Criterion,
    name: &str,
    elements: usize,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sample_size(200)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(6))
        .throughput(Throughput::Elements(elements as u64));
    group
}

fn branches(c: &mut Criterion) {
    let shuffled = random_values(BRANCH_VALUES, 1);
    let mut sorted = shuffled.clone();
    sorted.sort_unstable();
    let mut kept = Vec::with_capacity(BRANCH_VALUES);
    let mut group = in_cache_group(c, "data-oriented-design/branch", BRANCH_VALUES);
    for (order, values) in [("sorted", &sorted), ("shuffled", &shuffled)] {
        group.bench_function(format!("branchy-{order}"), |b| {
            b.iter(|| keep_at_least_branchy(black_box(values), black_box(THRESHOLD), &mut kept))
        });
        group.bench_function(format!("branchless-{order}"), |b| {
            b.iter(|| keep_at_least_branchless(black_box(values), black_box(THRESHOLD), &mut kept))
        });
    }
    group.finish();
}

fn bounds_checks(c: &mut Criterion) {
    let src: Vec<u32> = (0..IN_L1 as u32).collect();
    let mut dst = vec![1u32; IN_L1];
    // 16 KiB of RGBA pixels, as many bytes as each slice of numbers.
    let pixels: Vec<u8> = (0..IN_L1 * 4).map(|i| (i * 7 % 251) as u8).collect();
    let mut group = in_cache_group(c, "data-oriented-design/bounds", IN_L1);
    group.bench_function("indexed", |b| {
        b.iter(|| add_assign_indexed(black_box(&mut dst), black_box(&src), black_box(IN_L1)))
    });
    group.bench_function("sliced", |b| {
        b.iter(|| add_assign_sliced(black_box(&mut dst), black_box(&src), black_box(IN_L1)))
    });
    group.bench_function("channels-indexed", |b| {
        b.iter(|| sum_channels_indexed(black_box(&pixels)))
    });
    group.bench_function("channels-chunks-exact", |b| {
        b.iter(|| sum_channels(black_box(&pixels)))
    });
    group.finish();
}

fn float_sum(c: &mut Criterion) {
    let values: Vec<f32> = (0..IN_L1).map(|i| (i % 100) as f32 / 100.0).collect();
    let mut group = in_cache_group(c, "data-oriented-design/float-sum", IN_L1);
    group.bench_function("in-order", |b| {
        b.iter(|| sum_f32_in_order(black_box(&values)))
    });
    group.bench_function("lanes", |b| b.iter(|| sum_f32_lanes(black_box(&values))));
    group.finish();
}

fn inlining(c: &mut Criterion) {
    let temps: Vec<f32> = (0..IN_L1).map(|i| (i % 80) as f32 - 20.0).collect();
    let mut group = in_cache_group(c, "data-oriented-design/inlining", IN_L1);
    // A fresh copy each time, made outside the timed call: converting the
    // same values over and over would drive them to infinity.
    group.bench_function("inlined", |b| {
        b.iter_batched_ref(
            || temps.clone(),
            |t| convert_all(black_box(t)),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("outlined", |b| {
        b.iter_batched_ref(
            || temps.clone(),
            |t| convert_all_outlined(black_box(t)),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn levers(c: &mut Criterion) {
    let (customers, orders) = generate(CUSTOMERS, LEVER_ORDERS, 1);
    let mut group = c.benchmark_group("data-oriented-design/levers");
    // Milliseconds per run: many samples, so that the smallest step (a few
    // per cent of the time per order) is told apart from a neighbour's burst.
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(50)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(4));
    type Step = fn(&[Customer], &[listing_06_07_three_levers::Order]) -> Vec<(String, u64)>;
    let steps: [(&str, Step); 4] = [
        ("1-nested-loops", revenue_by_region_nested_loops),
        ("2-hash-index", revenue_by_region_hash_index),
        ("3-borrowed-keys", revenue_by_region_borrowed_keys),
        ("4-dense-ids", revenue_by_region_dense_ids),
    ];
    for (name, step) in steps {
        group.bench_function(name, |b| {
            b.iter(|| step(black_box(&customers), black_box(&orders)))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = benches::criterion();
    targets = records, branches, bounds_checks, float_sum, inlining, levers
}
criterion_main!(benches);
