//! Prints what `GODEBUG=gctrace=1` would show for the model under a few
//! settings: the notes' example, GOGC 50/100/200, and a memory limit.

use listing_03_02_pacer_model::{LiveStep, MIB, Settings, Workload, trace};

fn main() {
    let steady = |live_mib: f64| Workload {
        alloc_bytes_per_sec: 256.0 * MIB,
        live_bytes: live_mib * MIB,
        live_step: None,
        roots_bytes: MIB,
        duration_secs: 10.0,
    };
    let gogc = |percent: f64| Settings {
        gogc: Some(percent),
        memory_limit_bytes: None,
    };
    let notes = Workload {
        roots_bytes: 0.0,
        ..steady(2.0)
    };
    let title = "the notes' example: 2 MB live, no roots, GOGC=100";
    print!("{}", trace(title, notes, gogc(100.0)));
    for percent in [50.0, 100.0, 200.0] {
        let title = format!("32 MB live, GOGC={percent}");
        print!("{}", trace(&title, steady(32.0), gogc(percent)));
    }
    let growing = Workload {
        live_step: Some(LiveStep {
            at_secs: 5.0,
            live_bytes: 70.0 * MIB,
        }),
        ..steady(40.0)
    };
    let title = "40 MB live, 70 MB from 5 s, GOGC=100";
    print!("{}", trace(title, growing, gogc(100.0)));
    let limited = Settings {
        gogc: Some(100.0),
        memory_limit_bytes: Some(100.0 * MIB),
    };
    print!(
        "{}",
        trace("the same with GOMEMLIMIT=100MiB", growing, limited)
    );
}
