//! A fixed pool of worker threads fed by a channel of jobs, against a new
//! thread for every task. Starting an OS thread costs a system call, a stack
//! mapping and a trip through the kernel's scheduler; a pool pays that once,
//! and then each task costs a boxed closure and a channel send.
//!
//! A job that panics does not take its worker down: the worker catches the
//! panic, counts it, and takes the next job, so the pool keeps its size.
//! `ThreadPool::panicked_jobs` reports the count. The panic message still
//! goes to stderr through the panic hook, as for any panic.

// Not needed with Cargo; `mdbook test` compiles this file with rustdoc alone,
// which finds a crate passed with -L only through `extern crate`.
extern crate crossbeam_channel;

// ANCHOR: pool
use crossbeam_channel::{Receiver, Sender, unbounded};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::thread::{self, JoinHandle};

/// A unit of work: any closure that can move to another thread, run once.
type Job = Box<dyn FnOnce() + Send + 'static>;

pub struct ThreadPool {
    // `Option` so that `drop` can close the channel before joining.
    jobs: Option<Sender<Job>>,
    workers: Vec<JoinHandle<()>>,
    panicked_jobs: Arc<AtomicUsize>,
}

impl ThreadPool {
    /// Starts `threads` workers, which wait for jobs on one shared channel.
    pub fn new(threads: usize) -> ThreadPool {
        assert!(threads > 0, "a pool needs at least one thread");
        let (jobs, queue) = unbounded::<Job>();
        let panicked_jobs = Arc::new(AtomicUsize::new(0));
        let workers = (0..threads)
            .map(|_| {
                let queue = queue.clone();
                let panicked_jobs = Arc::clone(&panicked_jobs);
                thread::spawn(move || work(queue, panicked_jobs))
            })
            .collect();
        ThreadPool {
            jobs: Some(jobs),
            workers,
            panicked_jobs,
        }
    }

    /// Queues `job`; the first idle worker runs it.
    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        let jobs = self.jobs.as_ref().expect("the channel closes only in drop");
        // Cannot fail: the workers hold the receiving ends until the
        // channel closes, and no panic reaches them (see `work`).
        jobs.send(Box::new(job)).expect("the workers are alive");
    }

    /// How many jobs have panicked so far.
    pub fn panicked_jobs(&self) -> usize {
        self.panicked_jobs.load(Relaxed)
    }
}

/// A worker's loop: run jobs until the channel is closed and empty.
fn work(queue: Receiver<Job>, panicked_jobs: Arc<AtomicUsize>) {
    for job in queue.iter() {
        // A panicking job must not end the worker, or the pool would
        // shrink by one thread with every panic.
        if catch_unwind(AssertUnwindSafe(job)).is_err() {
            panicked_jobs.fetch_add(1, Relaxed);
        }
    }
}

impl Drop for ThreadPool {
    /// Closes the channel, then waits: every job already queued still runs.
    fn drop(&mut self) {
        drop(self.jobs.take());
        for worker in self.workers.drain(..) {
            worker.join().expect("workers catch their jobs' panics");
        }
    }
}
// ANCHOR_END: pool

// ANCHOR: compare
/// A new OS thread for each task; the results come back through `join`.
pub fn run_thread_per_task(tasks: usize, task: fn(usize) -> u64) -> u64 {
    let handles: Vec<JoinHandle<u64>> =
        (0..tasks).map(|i| thread::spawn(move || task(i))).collect();
    handles
        .into_iter()
        .map(|handle| handle.join().expect("a task panicked"))
        .sum()
}

/// The same tasks on the pool's threads; the results come back through a
/// channel.
pub fn run_on_pool(pool: &ThreadPool, tasks: usize, task: fn(usize) -> u64) -> u64 {
    let (results, received) = unbounded();
    for i in 0..tasks {
        let results = results.clone();
        pool.execute(move || results.send(task(i)).expect("the receiver waits"));
    }
    // Our own sender must go, or the loop below would wait for it forever.
    drop(results);
    // The channel closes when the last job has sent its result or
    // panicked (either way its sender is dropped).
    let (count, sum) = received
        .iter()
        .fold((0, 0), |(count, sum), result| (count + 1, sum + result));
    assert_eq!(count, tasks, "a task panicked");
    sum
}
// ANCHOR_END: compare

/// A task of a few microseconds, for comparing the two ways: 2,000
/// dependent multiply-adds that the optimiser cannot fold away. The result
/// fits in 32 bits, so sums of many results do not overflow.
pub fn small_task(seed: usize) -> u64 {
    let mut value = seed as u64;
    for step in 0..2_000u64 {
        value = std::hint::black_box(
            value
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(step),
        );
    }
    value >> 32
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::sync::Mutex;
    use std::time::Duration;

    #[test]
    fn every_job_runs_exactly_once() {
        let runs: Arc<Vec<AtomicUsize>> =
            Arc::new((0..1_000).map(|_| AtomicUsize::new(0)).collect());
        let pool = ThreadPool::new(4);
        for i in 0..runs.len() {
            let runs = Arc::clone(&runs);
            pool.execute(move || {
                runs[i].fetch_add(1, Relaxed);
            });
        }
        drop(pool);
        for (i, count) in runs.iter().enumerate() {
            assert_eq!(count.load(Relaxed), 1, "job {i}");
        }
    }

    #[test]
    fn drop_waits_for_queued_jobs() {
        let finished = Arc::new(AtomicUsize::new(0));
        let pool = ThreadPool::new(2);
        for _ in 0..20 {
            let finished = Arc::clone(&finished);
            pool.execute(move || {
                // Keeps jobs queued when drop starts; a correct pool
                // passes whatever the sleep's length.
                thread::sleep(Duration::from_millis(2));
                finished.fetch_add(1, Relaxed);
            });
        }
        drop(pool);
        assert_eq!(finished.load(Relaxed), 20);
    }

    #[test]
    fn jobs_run_on_no_more_threads_than_the_pool_has() {
        let threads_seen = Arc::new(Mutex::new(HashSet::new()));
        let pool = ThreadPool::new(3);
        for _ in 0..300 {
            let threads_seen = Arc::clone(&threads_seen);
            pool.execute(move || {
                threads_seen.lock().unwrap().insert(thread::current().id());
            });
        }
        drop(pool);
        let threads_seen = threads_seen.lock().unwrap();
        assert!(
            (1..=3).contains(&threads_seen.len()),
            "{}",
            threads_seen.len()
        );
        assert!(!threads_seen.contains(&thread::current().id()));
    }

    #[test]
    fn both_ways_compute_what_one_thread_computes() {
        let sequential: u64 = (0..200).map(small_task).sum();
        let pool = ThreadPool::new(2);
        assert_eq!(run_thread_per_task(200, small_task), sequential);
        assert_eq!(run_on_pool(&pool, 200, small_task), sequential);
        // The pool is reusable: a second batch on the same threads.
        assert_eq!(run_on_pool(&pool, 200, small_task), sequential);
    }

    #[test]
    fn a_panicking_job_is_counted_and_the_pool_keeps_working() {
        // One thread: if the panic killed it, nothing after it would run.
        let pool = ThreadPool::new(1);
        pool.execute(|| panic!("a job that fails (this message is expected)"));
        let ran_after = Arc::new(AtomicUsize::new(0));
        for _ in 0..10 {
            let ran_after = Arc::clone(&ran_after);
            pool.execute(move || {
                ran_after.fetch_add(1, Relaxed);
            });
        }
        fn one(_: usize) -> u64 {
            1
        }
        assert_eq!(run_on_pool(&pool, 10, one), 10);
        assert_eq!(pool.panicked_jobs(), 1);
        drop(pool);
        assert_eq!(ran_after.load(Relaxed), 10);
    }

    #[test]
    #[should_panic(expected = "a task panicked")]
    fn run_on_pool_reports_a_panicking_task() {
        fn fails_at_three(i: usize) -> u64 {
            assert_ne!(i, 3, "task 3 fails (this message is expected)");
            1
        }
        let pool = ThreadPool::new(2);
        run_on_pool(&pool, 10, fails_at_three);
    }
}
