//! A quick latency ladder without criterion: build rings from 4 KiB to
//! 256 MiB and print the time per dependent load, and beside it, from
//! 64 KiB to 64 MiB, the time through a ring with one line per 4 KiB page,
//! which misses the TLB as often but keeps its lines in L2. Run it
//! optimised: `cargo run --release -p listing-05-03-pointer-chase`.

use std::hint::black_box;
use std::time::Instant;

use listing_05_03_pointer_chase::ChaseRing;

fn main() {
    println!(
        "{:>12}  {:>12}  {:>14}",
        "working set", "ns per load", "one per page"
    );
    for shift in 12..=28 {
        let bytes = 1usize << shift;
        let every_line = ns_per_load(ChaseRing::new(bytes, 1));
        let one_per_page = if (16..=26).contains(&shift) {
            let ns = ns_per_load(ChaseRing::one_line_per_page(bytes / 4096, 1));
            format!("{ns:.1}")
        } else {
            "-".to_owned()
        };
        println!(
            "{:>12}  {every_line:>12.1}  {one_per_page:>14}",
            human(bytes)
        );
    }
}

fn ns_per_load(mut ring: ChaseRing) -> f64 {
    // A lap, and at least a million steps, to bring what fits into the
    // caches and the TLB and to let the core reach its clock; then the
    // timed steps.
    ring.chase((ring.len() as u64).max(1 << 20));
    let steps = 1 << 22;
    let start = Instant::now();
    black_box(ring.chase(black_box(steps)));
    start.elapsed().as_nanos() as f64 / steps as f64
}

fn human(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 => format!("{} MiB", b >> 20),
        b => format!("{} KiB", b >> 10),
    }
}
