use listing_02_06_idle_threads::{IDLE_THREADS, STACK_BYTES, resident_bytes_per_idle_thread};

// ANCHOR: main
fn main() {
    let threads = IDLE_THREADS;
    match resident_bytes_per_idle_thread(threads) {
        Ok(per_thread) => {
            let reserved_kib = STACK_BYTES / 1024;
            let resident_kib = per_thread / 1024.0;
            println!("{threads} idle threads, each with a {reserved_kib} KiB stack reserved:");
            println!("resident memory grew by {resident_kib:.1} KiB per thread");
        }
        Err(e) => {
            eprintln!("cannot measure resident memory: {e}");
            std::process::exit(1);
        }
    }
}
// ANCHOR_END: main
