use std::env;
use std::hint::black_box;
use std::process::{Command, Output};
use std::thread;

// ANCHOR: descend
/// Bytes of stack each level of `descend` keeps for itself, at least.
const FRAME_BYTES: usize = 1024;

/// Calls itself `depth` levels deep; each level keeps a 1 KiB buffer in its
/// frame until the level below returns. Returns the depth reached.
fn descend(depth: u32) -> u32 {
    let buffer = [0_u8; FRAME_BYTES];
    black_box(&buffer); // the buffer exists: the optimiser may not remove it
    if depth == 0 {
        return 0;
    }
    let reached = descend(depth - 1) + 1;
    black_box(&buffer); // and it is still in use after the call below returns
    reached
}

/// Runs `descend(depth)` on a new thread with a stack of `stack_bytes`.
fn descend_on_thread(stack_bytes: usize, depth: u32) -> u32 {
    thread::Builder::new()
        .name("descend".to_owned())
        .stack_size(stack_bytes)
        .spawn(move || descend(depth))
        .expect("cannot start a thread")
        .join()
        .expect("the thread panicked")
}
// ANCHOR_END: descend

// ANCHOR: main
/// Deep enough to need about 4 MiB of stack: 4000 levels of at least 1 KiB.
const DEPTH: u32 = 4000;
const MIB: usize = 1024 * 1024;

fn main() {
    let args: Vec<String> = env::args().collect();
    match args.get(1).map(String::as_str) {
        // The child: recurse on a thread with the stack size we were given.
        Some("--child") => {
            let stack_mib: usize = args[2].parse().expect("a stack size in MiB");
            println!(
                "reached depth {}",
                descend_on_thread(stack_mib * MIB, DEPTH)
            );
        }
        // The parent: run this same program twice as a child, and report.
        _ => {
            for stack_mib in [16, 2] {
                let child = run_child(stack_mib);
                println!(
                    "depth {DEPTH} on a {stack_mib} MiB stack: {}",
                    describe(&child)
                );
            }
        }
    }
}

/// Runs this program again, as a child process that recurses on a thread
/// with a `stack_mib` stack. A crash kills the child, not us.
fn run_child(stack_mib: usize) -> Output {
    Command::new(env::current_exe().expect("the path of this program"))
        .args(["--child", &stack_mib.to_string()])
        .output()
        .expect("cannot run the child process")
}
// ANCHOR_END: main

/// What happened to the child: its answer, or how it died.
fn describe(child: &Output) -> String {
    if child.status.success() {
        return String::from_utf8_lossy(&child.stdout).trim().to_owned();
    }
    let stderr = String::from_utf8_lossy(&child.stderr);
    if stderr.contains("has overflowed its stack") {
        format!("{}, after reporting a stack overflow", how_it_ended(child))
    } else {
        format!("{}; it said: {}", how_it_ended(child), stderr.trim())
    }
}

#[cfg(unix)]
fn how_it_ended(child: &Output) -> String {
    use std::os::unix::process::ExitStatusExt;
    match child.status.signal() {
        Some(6) => "aborted (SIGABRT)".to_owned(),
        Some(signal) => format!("killed by signal {signal}"),
        None => format!("failed ({})", child.status),
    }
}

#[cfg(not(unix))]
fn how_it_ended(child: &Output) -> String {
    format!("failed ({})", child.status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descend_reaches_the_depth_it_was_asked_for() {
        assert_eq!(descend(0), 0);
        assert_eq!(descend(10), 10);
    }

    #[test]
    fn a_big_stack_holds_a_deep_recursion() {
        assert_eq!(descend_on_thread(16 * 1024 * 1024, 4000), 4000);
    }
}
