//! Chapter 8, "Data races and synchronisation": what sharing costs when
//! threads write. Every thread is started once per sample, outside the
//! timed region; a round starts and ends at a barrier, and only the time
//! between the two is measured.
//!
//! This machine has 2 cores shared with other guests, so every benchmark
//! runs 2 threads; a machine with more cores shows larger ratios (more
//! cores fighting for one line).

use std::hint::black_box;
use std::sync::Barrier;
use std::sync::atomic::AtomicU64;
use std::thread;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use crossbeam_utils::CachePadded;
use listing_08_04_counters::{add_once_at_the_end, add_one_at_a_time};

/// One thread per core of the machine this was written on.
const THREADS: usize = 2;
/// Increments per thread per round: tens of milliseconds when contended,
/// so that the barriers' microseconds do not count.
const INCREMENTS: u64 = 1 << 20;

/// Runs `work(thread)` on `THREADS` threads for `rounds` rounds and returns
/// the time of the rounds alone: the threads are created before the first
/// round and joined after the last.
fn time_rounds(rounds: u64, work: impl Fn(usize) + Sync) -> Duration {
    let start = Barrier::new(THREADS + 1);
    let end = Barrier::new(THREADS + 1);
    thread::scope(|scope| {
        for thread in 0..THREADS {
            let (start, end, work) = (&start, &end, &work);
            scope.spawn(move || {
                for _ in 0..rounds {
                    start.wait();
                    work(thread);
                    end.wait();
                }
            });
        }
        let mut timed = Duration::ZERO;
        for _ in 0..rounds {
            start.wait();
            let began = Instant::now();
            end.wait();
            timed += began.elapsed();
        }
        timed
    })
}

fn counters(c: &mut Criterion) {
    let mut group = c.benchmark_group("data-races/counters");
    group
        .sample_size(20)
        .throughput(Throughput::Elements(THREADS as u64 * INCREMENTS));
    let shared = AtomicU64::new(0);
    group.bench_function("one-shared-counter", |b| {
        b.iter_custom(|rounds| {
            time_rounds(rounds, |_| {
                add_one_at_a_time(black_box(&shared), INCREMENTS)
            })
        })
    });
    group.bench_function("local-counters", |b| {
        b.iter_custom(|rounds| {
            time_rounds(rounds, |_| {
                add_once_at_the_end(black_box(&shared), INCREMENTS)
            })
        })
    });
    let adjacent: Vec<AtomicU64> = (0..THREADS).map(|_| AtomicU64::new(0)).collect();
    group.bench_function("adjacent-slots", |b| {
        b.iter_custom(|rounds| {
            time_rounds(rounds, |t| {
                add_one_at_a_time(black_box(&adjacent[t]), INCREMENTS)
            })
        })
    });
    let padded: Vec<CachePadded<AtomicU64>> = (0..THREADS)
        .map(|_| CachePadded::new(AtomicU64::new(0)))
        .collect();
    group.bench_function("padded-slots", |b| {
        b.iter_custom(|rounds| {
            time_rounds(rounds, |t| {
                add_one_at_a_time(black_box(&padded[t]), INCREMENTS)
            })
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = benches::criterion();
    targets = counters
}
criterion_main!(benches);
