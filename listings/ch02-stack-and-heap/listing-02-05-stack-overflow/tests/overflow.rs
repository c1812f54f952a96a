//! Runs the listing's program as the book describes: the child that
//! overflows must abort, the parent must survive and report it.

use std::process::{Command, Output};

fn program(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_listing-02-05-stack-overflow"))
        .args(args)
        .output()
        .expect("cannot run the listing's program")
}

#[test]
fn the_recursion_fits_in_a_16_mib_stack() {
    let child = program(&["--child", "16"]);
    assert!(child.status.success(), "{child:?}");
    assert_eq!(
        String::from_utf8_lossy(&child.stdout),
        "reached depth 4000\n"
    );
}

#[test]
fn the_recursion_overflows_a_2_mib_stack_and_the_process_aborts() {
    let child = program(&["--child", "2"]);
    assert!(!child.status.success());
    let stderr = String::from_utf8_lossy(&child.stderr);
    // The two lines the book quotes, but for the thread id between them.
    assert!(
        stderr.contains("thread 'descend' (") && stderr.contains(") has overflowed its stack\n"),
        "stderr: {stderr}"
    );
    assert!(
        stderr.contains("fatal runtime error: stack overflow, aborting"),
        "stderr: {stderr}"
    );
    assert!(
        child.stdout.is_empty(),
        "the child must not reach its println"
    );
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(child.status.signal(), Some(6), "SIGABRT");
    }
}

#[test]
fn the_parent_survives_and_reports_both_children() {
    let parent = program(&[]);
    assert!(parent.status.success(), "{parent:?}");
    let stdout = String::from_utf8_lossy(&parent.stdout);
    assert!(
        stdout.contains("16 MiB stack: reached depth 4000"),
        "{stdout}"
    );
    assert!(
        stdout.contains("2 MiB stack: aborted (SIGABRT), after reporting a stack overflow"),
        "{stdout}"
    );
}
