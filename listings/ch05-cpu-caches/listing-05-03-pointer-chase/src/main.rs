//! A quick latency ladder without criterion: build rings from 4 KiB to
//! 256 MiB and print the time per dependent load. Run it optimised:
//! `cargo run --release -p listing-05-03-pointer-chase`.

use std::hint::black_box;
use std::time::Instant;

use listing_05_03_pointer_chase::ChaseRing;

fn main() {
    println!("{:>12}  {:>12}", "working set", "ns per load");
    for shift in 12..=28 {
        let bytes = 1usize << shift;
        let mut ring = ChaseRing::new(bytes, 1);
        // One lap to bring what fits into the caches, then the timed steps.
        ring.chase(ring.len() as u64);
        let steps = 1 << 22;
        let start = Instant::now();
        black_box(ring.chase(black_box(steps)));
        let ns = start.elapsed().as_nanos() as f64 / steps as f64;
        println!("{:>12}  {ns:>12.1}", human(bytes));
    }
}

fn human(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 => format!("{} MiB", b >> 20),
        b => format!("{} KiB", b >> 10),
    }
}
