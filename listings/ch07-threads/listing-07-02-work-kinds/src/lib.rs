//! Two kinds of work and one way to spread tasks over threads. A CPU-bound
//! task keeps its core busy from start to end, so threads beyond the
//! number of cores only take turns on them. A blocking task, standing in
//! for I/O, leaves its core idle while it waits, so more threads than cores
//! keep gaining: while one waits, another runs.

// ANCHOR: work
use std::hint::black_box;
use std::thread;
use std::time::Duration;

/// CPU-bound work: `work` steps of Marsaglia's xorshift generator. Each
/// step needs the one before, so the steps cannot overlap, and the
/// optimiser cannot merge them (as it merges the steps of a multiply-add
/// generator); the result is returned so that it cannot drop the loop.
#[inline(never)] // one real call per task, and a function whose assembly can be read
pub fn cpu_task(work: u64) -> u64 {
    // black_box hides the seed, so the result cannot be computed at
    // compile time; `| 1` because xorshift maps 0 to 0 forever.
    let mut state = black_box(work) | 1;
    for _ in 0..work {
        state = xorshift(state);
    }
    state
}

/// One step of xorshift64 (shifts 13, 7, 17).
fn xorshift(mut state: u64) -> u64 {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    state
}

/// Blocking work, standing in for I/O: the thread sleeps, and the kernel
/// runs other threads on its core until the time is up. Returns 1, one
/// finished task.
pub fn blocking_task(wait: Duration) -> u64 {
    thread::sleep(wait);
    1
}
// ANCHOR_END: work

// ANCHOR: run_on_threads
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// Runs tasks `0..tasks` on `threads` scoped threads and returns the sum of
/// their results (wrapping on overflow, so that it does not depend on the
/// order of the additions). Each thread takes the next task number from a
/// shared counter until none is left: a thread that finishes early takes
/// more tasks, and no task is run twice.
pub fn run_on_threads(threads: usize, tasks: usize, task: impl Fn(usize) -> u64 + Sync) -> u64 {
    assert!(threads > 0, "tasks need at least one thread");
    let next_task = AtomicUsize::new(0);
    let worker = || {
        let mut sum = 0u64;
        loop {
            // Relaxed is enough: the counter only hands out numbers, and the
            // sums come back through `join`, which synchronises.
            let index = next_task.fetch_add(1, Relaxed);
            if index >= tasks {
                return sum;
            }
            sum = sum.wrapping_add(task(index));
        }
    };
    thread::scope(|scope| {
        let workers: Vec<_> = (0..threads).map(|_| scope.spawn(worker)).collect();
        workers
            .into_iter()
            .map(|worker| worker.join().expect("a task panicked"))
            .fold(0, u64::wrapping_add)
    })
}
// ANCHOR_END: run_on_threads

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU64;

    const THREAD_COUNTS: [usize; 7] = [1, 2, 3, 4, 6, 8, 16];

    #[test]
    fn every_task_runs_exactly_once() {
        for threads in THREAD_COUNTS {
            for tasks in [0, 1, 5, 64, 100] {
                let runs: Vec<AtomicU64> = (0..tasks).map(|_| AtomicU64::new(0)).collect();
                let sum = run_on_threads(threads, tasks, |index| {
                    runs[index].fetch_add(1, Relaxed);
                    1
                });
                assert_eq!(sum, tasks as u64, "{threads} threads, {tasks} tasks");
                for (index, count) in runs.iter().enumerate() {
                    assert_eq!(
                        count.load(Relaxed),
                        1,
                        "task {index} of {tasks} on {threads} threads"
                    );
                }
            }
        }
    }

    #[test]
    fn the_sum_is_the_same_for_any_thread_count() {
        let task = |index: usize| cpu_task(1_000 + index as u64);
        let sequential = (0..64).map(task).fold(0, u64::wrapping_add);
        for threads in THREAD_COUNTS {
            assert_eq!(
                run_on_threads(threads, 64, task),
                sequential,
                "{threads} threads"
            );
        }
    }

    #[test]
    fn cpu_task_does_the_steps_it_is_given() {
        // The first step from seed 1, worked out by hand:
        // 1 ^ 1 << 13 = 0x2001; ^ 0x2001 >> 7 = 0x2041;
        // ^ 0x2041 << 17 = 0x4082_2041.
        assert_eq!(xorshift(1), 0x4082_2041);
        assert_eq!(cpu_task(0), 1);
        assert_eq!(cpu_task(1), xorshift(1));
        assert_eq!(cpu_task(3), xorshift(xorshift(xorshift(3))));
    }

    #[test]
    fn blocking_tasks_all_finish_on_any_thread_count() {
        // Correctness only: the sum counts finished tasks, whatever the
        // sleeps last.
        for threads in [1, 4, 16] {
            let sum = run_on_threads(threads, 8, |_| blocking_task(Duration::from_millis(1)));
            assert_eq!(sum, 8);
        }
    }

    #[test]
    #[should_panic(expected = "at least one thread")]
    fn zero_threads_is_refused() {
        run_on_threads(0, 1, |_| 1);
    }
}
