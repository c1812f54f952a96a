//! How much memory idle threads really use: each reserves a 2 MiB stack,
//! but only the pages it touches become resident. Linux only: resident
//! memory is read from `/proc/self/status`.

use std::io;
use std::sync::{Arc, Barrier};
use std::thread;

/// The stack each thread reserves: 2 MiB, the standard library's current
/// default, asked for explicitly so that `RUST_MIN_STACK` cannot change it.
pub const STACK_BYTES: usize = 2 * 1024 * 1024;

/// How many idle threads the program and the benchmark start: enough that
/// the growth per thread is not lost among the rest of the process's pages.
pub const IDLE_THREADS: usize = 200;

// ANCHOR: resident
/// This process's resident memory: the pages that physical memory backs.
pub fn resident_bytes() -> io::Result<u64> {
    let status = std::fs::read_to_string("/proc/self/status").map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot read /proc/self/status ({e}); this listing runs on Linux only"),
        )
    })?;
    parse_vm_rss(&status)
}

/// The `VmRSS:` line of a `/proc/<pid>/status` file, in bytes.
fn parse_vm_rss(status: &str) -> io::Result<u64> {
    let kib = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().strip_suffix(" kB"))
        .and_then(|number| number.trim().parse::<u64>().ok())
        .ok_or_else(|| io::Error::other("no `VmRSS: <n> kB` line in /proc/self/status"))?;
    Ok(kib * 1024)
}
// ANCHOR_END: resident

// ANCHOR: idle_threads
/// Starts `count` threads that wait and do nothing, and returns how much the
/// process's resident memory grew per thread while they all wait.
pub fn resident_bytes_per_idle_thread(count: usize) -> io::Result<f64> {
    let before = resident_bytes()?;
    let all_started = Arc::new(Barrier::new(count + 1));
    let may_finish = Arc::new(Barrier::new(count + 1));
    let mut threads = Vec::with_capacity(count);
    for _ in 0..count {
        let all_started = Arc::clone(&all_started);
        let may_finish = Arc::clone(&may_finish);
        let thread = thread::Builder::new()
            .stack_size(STACK_BYTES)
            .spawn(move || {
                all_started.wait();
                may_finish.wait();
            })?;
        threads.push(thread);
    }
    all_started.wait(); // every thread is running and parked
    let during = resident_bytes()?;
    may_finish.wait();
    for thread in threads {
        thread.join().expect("an idle thread panicked");
    }
    Ok(during.saturating_sub(before) as f64 / count as f64)
}
// ANCHOR_END: idle_threads

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_resident_line_in_bytes() {
        let status = "Name:\tdemo\nVmPeak:\t  10000 kB\nVmRSS:\t    2048 kB\nThreads:\t1\n";
        assert_eq!(parse_vm_rss(status).unwrap(), 2048 * 1024);
    }

    #[test]
    fn a_status_without_vm_rss_is_an_error() {
        assert!(parse_vm_rss("Name:\tdemo\n").is_err());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn an_idle_thread_keeps_only_a_small_part_of_its_stack_resident() {
        let per_thread = resident_bytes_per_idle_thread(64).unwrap();
        assert!(
            per_thread < (STACK_BYTES / 8) as f64,
            "{per_thread} bytes resident per thread"
        );
    }
}
