//! Chapter 7, "Threads and scheduling": what handing work to another thread
//! costs, and how CPU-bound and blocking work scale with the number of
//! threads.
//!
//! This machine has 2 cores shared with other guests. The CPU-bound sweep
//! gains up to 2 threads and is flat beyond; on a machine with more cores
//! the flat part starts at its core count. The blocking sweep keeps gaining
//! past the core count on any machine, until threads outnumber tasks or
//! the waits stop being the larger part of the time.

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use listing_07_01_context_switch::{PingPong, call_round_trips};
use listing_07_02_work_kinds::{blocking_task, cpu_task, run_on_threads};
use listing_07_03_thread_pool::{ThreadPool, run_on_pool, run_thread_per_task, small_task};

/// Round trips per iteration, for both variants: one iteration of the
/// thread variant lasts about a millisecond.
const ROUND_TRIPS: u64 = 100;
/// Tasks per iteration in both sweeps: divisible by every thread count up
/// to 8, so that the threads get equal shares there.
const TASKS: usize = 64;
/// Generator steps per CPU-bound task: a few hundred microseconds.
const CPU_WORK: u64 = 200_000;
/// The wait per blocking task.
const IO_WAIT: Duration = Duration::from_millis(1);
/// The thread counts of both sweeps; 1 is the sequential baseline.
const THREAD_COUNTS: [usize; 7] = [1, 2, 3, 4, 6, 8, 16];

fn round_trip(c: &mut Criterion) {
    let mut group = c.benchmark_group("threads/round-trip");
    group.throughput(Throughput::Elements(ROUND_TRIPS));
    group.bench_function("function-call", |b| {
        b.iter(|| call_round_trips(black_box(ROUND_TRIPS)))
    });
    // The partner thread is started here, once, outside the timed loop.
    let mut ping_pong = PingPong::new();
    group.bench_function("two-threads", |b| {
        b.iter(|| ping_pong.round_trips(black_box(ROUND_TRIPS)))
    });
    group.finish();
}

/// The same `TASKS` tasks on each number of threads. The threads are
/// created inside `run_on_threads`, so their creation is timed: tens of
/// microseconds for one or two threads, a few hundred for 16 (on the
/// 2-core machine this was written on), against 5 to 70 milliseconds of
/// work per iteration. It is the cost a program that starts threads for a
/// batch of work pays.
fn sweep(
    c: &mut Criterion,
    name: &str,
    measurement_time: Duration,
    task: impl Fn(usize) -> u64 + Sync,
) {
    let mut group = c.benchmark_group(name);
    group
        // Flat: every sample runs the same number of iterations, each of
        // milliseconds; more samples than the default, because other work
        // on a shared machine takes cores away at random.
        .sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .measurement_time(measurement_time)
        .throughput(Throughput::Elements(TASKS as u64));
    for threads in THREAD_COUNTS {
        group.bench_with_input(
            BenchmarkId::from_parameter(threads),
            &threads,
            |b, &threads| b.iter(|| run_on_threads(threads, TASKS, &task)),
        );
    }
    group.finish();
}

fn cpu_bound(c: &mut Criterion) {
    // Twice the default time: CPU-bound threads feel every neighbour.
    let time = Duration::from_secs(4);
    sweep(c, "threads/cpu-bound", time, |_| {
        cpu_task(black_box(CPU_WORK))
    });
}

fn io_bound(c: &mut Criterion) {
    // Sleeping threads hardly compete for the cores: the default time.
    let time = Duration::from_secs(2);
    sweep(c, "threads/io-bound", time, |_| {
        blocking_task(black_box(IO_WAIT))
    });
}

/// Tasks per iteration in the pool group; each is `small_task`, a few
/// microseconds of work, so that starting a thread is not small beside it.
const POOL_TASKS: usize = 1_000;

/// The same tiny tasks on a new thread each, and on a pool with one thread
/// per core. The pool is built once, outside the timed loop, as a program
/// keeps its pool; thread-per-task pays for a thread's start and join in
/// every task.
fn pool(c: &mut Criterion) {
    let mut group = c.benchmark_group("threads/pool");
    group
        // Flat: every sample runs the same number of iterations, each of
        // milliseconds; more samples and time than the default, because
        // other work on a shared machine takes cores away at random.
        .sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .measurement_time(Duration::from_secs(4))
        .throughput(Throughput::Elements(POOL_TASKS as u64));
    group.bench_function("thread-per-task", |b| {
        b.iter(|| run_thread_per_task(black_box(POOL_TASKS), small_task))
    });
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let pool = ThreadPool::new(cores);
    group.bench_function("pool", |b| {
        b.iter(|| run_on_pool(&pool, black_box(POOL_TASKS), small_task))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = benches::criterion();
    targets = round_trip, cpu_bound, io_bound, pool
}
criterion_main!(benches);
