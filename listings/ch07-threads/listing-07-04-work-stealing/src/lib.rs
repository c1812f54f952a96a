//! A small work-stealing scheduler in the shape of Go's run queues, built
//! from crossbeam-deque's three queue types:
//!
//! | here                          | Go's runtime (1.27)                                  |
//! |-------------------------------|------------------------------------------------------|
//! | `Injector<Task>`, shared      | the global run queue, `sched.runq` (`runtime/runtime2.go`) |
//! | one `Worker<Task>` per thread | a P's local run queue, `runq [256]guintptr` (`runtime/runtime2.go`) |
//! | the other threads' `Stealer`s | `stealWork` → `runqsteal` → `runqgrab` (`runtime/proc.go`) |
//!
//! A thread looks for its next task in the order of crossbeam-deque's own
//! example, which is also the order of Go's `findRunnable`: its own queue
//! first, then a batch from the global queue, then another thread's queue.
//! The differences, so that the analogy is not taken too far:
//!
//! - Go's local queue is a fixed ring of 256 goroutines; when it is full,
//!   `runqput` moves half of it to the global queue (`runqputslow`). A
//!   crossbeam `Worker` grows instead.
//! - Go takes from the global queue first once every 61 scheduler ticks
//!   (`pp.schedtick%61 == 0` in `findRunnable`), so that two goroutines
//!   that keep respawning each other cannot starve it. We do not: our
//!   tasks all finish, so nothing starves.
//! - Go steals half of a victim's queue (`runqgrab`: `n = n - n/2`);
//!   crossbeam's `steal_batch_and_pop` takes "around half", at most 32
//!   tasks. The crossbeam example steals one task with `steal`; we steal a
//!   batch, as Go does.
//! - Go's local queue is FIFO, plus a `runnext` slot for the goroutine
//!   just made ready. Ours is LIFO: a task that splits its range works
//!   depth first, so the queue stays short, and a thief, which takes from
//!   the other end, gets the oldest and so the largest pieces.
//! - Go visits its victims in a random order (`stealOrder.start(cheaprand())`
//!   in `stealWork`); ours always start with the first sibling.
//! - Go parks an idle thread; ours yields and looks again. A `leaf_sum`
//!   that panics would leave the other threads looking forever: a real
//!   scheduler must catch panics, as listing 7-3's pool does.

// Not needed with Cargo; `mdbook test` compiles this file with rustdoc alone,
// which finds a crate passed with -L only through `extern crate`.
extern crate crossbeam_deque;

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::thread;

// ANCHOR: find_task
use crossbeam_deque::{Injector, Steal, Stealer, Worker};
use std::iter;

/// A task: add up the numbers in a range.
type Task = Range<u64>;

/// Where a thread looks for its next task, in Go's order.
fn find_task(
    local: &Worker<Task>,
    global: &Injector<Task>,
    siblings: &[Stealer<Task>],
) -> Option<Task> {
    // 1. Its own queue (Go: runqget).
    local.pop().or_else(|| {
        iter::repeat_with(|| {
            // 2. A batch from the global queue into its own (Go:
            //    globrunqgetbatch, then runqputbatch).
            global
                .steal_batch_and_pop(local)
                // 3. About half of a sibling's queue (Go: runqsteal);
                //    `collect` stops at the first sibling that had work.
                .or_else(|| {
                    siblings
                        .iter()
                        .map(|s| s.steal_batch_and_pop(local))
                        .collect()
                })
        })
        // `Retry` means a steal lost a race with another thread: look again.
        .find(|steal| !steal.is_retry())
        .and_then(Steal::success)
    })
}
// ANCHOR_END: find_task

// ANCHOR: scheduler
/// Sums `range` on `threads` threads. A task longer than `leaf` splits in
/// two halves and pushes both on its own thread's queue; idle threads
/// steal them. `leaf_sum` adds up one short range.
pub fn run_range_tasks(
    threads: usize,
    range: Range<u64>,
    leaf: u64,
    leaf_sum: impl Fn(Range<u64>) -> u64 + Sync,
) -> u64 {
    assert!(threads > 0 && leaf > 0);
    let global = Injector::new();
    global.push(range);
    // Tasks queued or running. It reaches zero only when the work is done:
    // a task counts its halves before it stops counting itself. Relaxed is
    // enough: the counter only says when to stop, and the sums come back
    // through `join`.
    let unfinished = AtomicUsize::new(1);
    let locals: Vec<Worker<Task>> = (0..threads).map(|_| Worker::new_lifo()).collect();
    let stealers: Vec<Stealer<Task>> = locals.iter().map(Worker::stealer).collect();
    thread::scope(|scope| {
        let handles: Vec<_> = locals
            .into_iter()
            .enumerate()
            .map(|(me, local)| {
                let (global, stealers, unfinished, leaf_sum) =
                    (&global, &stealers, &unfinished, &leaf_sum);
                scope.spawn(move || {
                    let siblings: Vec<Stealer<Task>> = stealers
                        .iter()
                        .enumerate()
                        .filter(|&(other, _)| other != me)
                        .map(|(_, stealer)| stealer.clone())
                        .collect();
                    let mut sum = 0;
                    loop {
                        match find_task(&local, global, &siblings) {
                            Some(task) if task.end - task.start > leaf => {
                                let middle = task.start + (task.end - task.start) / 2;
                                unfinished.fetch_add(2, Relaxed);
                                local.push(task.start..middle);
                                local.push(middle..task.end);
                                unfinished.fetch_sub(1, Relaxed);
                            }
                            Some(task) => {
                                sum += leaf_sum(task);
                                unfinished.fetch_sub(1, Relaxed);
                            }
                            None if unfinished.load(Relaxed) == 0 => return sum,
                            // Others still run tasks that may split: wait.
                            None => thread::yield_now(),
                        }
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().unwrap())
            .sum()
    })
}

/// The sum of `range`, split into pieces of at most `leaf` numbers.
pub fn sum_range_work_stealing(threads: usize, range: Range<u64>, leaf: u64) -> u64 {
    run_range_tasks(threads, range, leaf, |piece| piece.sum())
}
// ANCHOR_END: scheduler

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// 0 + 1 + ... + (n - 1).
    fn closed_form(n: u64) -> u64 {
        n * (n - 1) / 2
    }

    #[test]
    fn the_sum_matches_the_closed_form_for_any_thread_count() {
        for threads in [1, 2, 3, 4, 8] {
            for (n, leaf) in [(1_000_000, 1_000), (1_000_001, 7), (10, 100), (1, 1)] {
                assert_eq!(
                    sum_range_work_stealing(threads, 0..n, leaf),
                    closed_form(n),
                    "threads {threads}, n {n}, leaf {leaf}"
                );
            }
        }
        assert_eq!(sum_range_work_stealing(2, 5..5, 3), 0);
    }

    #[test]
    fn every_piece_runs_exactly_once() {
        for threads in [1, 2, 4] {
            let pieces = Mutex::new(Vec::new());
            let counted = run_range_tasks(threads, 0..100_000, 64, |piece| {
                let length = piece.end - piece.start;
                pieces.lock().unwrap().push(piece);
                length
            });
            assert_eq!(counted, 100_000);
            let mut pieces = pieces.into_inner().unwrap();
            pieces.sort_by_key(|piece| piece.start);
            // Sorted by start, the pieces must tile 0..100_000: no piece
            // missing, none run twice, none overlapping.
            let mut next = 0;
            for piece in &pieces {
                assert_eq!(piece.start, next, "threads {threads}");
                assert!(piece.end - piece.start <= 64);
                next = piece.end;
            }
            assert_eq!(next, 100_000);
        }
    }
}
