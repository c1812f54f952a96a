//! Chapter 5's experiments on huge pages: the latency ladder, the TLB's
//! reach and the column walk of `ch05_cpu_caches` again, with every large
//! buffer on 2 MiB pages, so that each pair of results differs in the page
//! size alone.
//!
//! Each buffer is made as usual, then handed to listing 5-7's
//! `collapse_into_huge_pages` (`madvise(MADV_COLLAPSE)`, Linux 6.1 and
//! later), and checked in `/proc/self/smaps`: a run that got no huge pages
//! fails, saying why, rather than record 4 KiB pages as huge ones.

#[cfg(target_os = "linux")]
mod on_linux {
    use std::hint::black_box;
    use std::io;
    use std::ops::Range;
    use std::time::Duration;

    use benches::cpu_caches::{self, MATRIX_N, MATRIX_PAD, STRIDE_LINES, ladder_sizes};
    use criterion::{Criterion, SamplingMode, criterion_group};
    use listing_05_01_row_vs_column::Matrix;
    use listing_05_03_pointer_chase::ChaseRing;
    use listing_05_06_strides::buffer_for;
    use listing_05_07_huge_pages::{
        addresses, collapse_into_huge_pages, huge_page_bytes, transparent_huge_pages,
        whole_huge_pages,
    };

    /// Makes a buffer with `make`, collapses the `memory` it occupies into
    /// huge pages and returns it once every whole, aligned 2 MiB stretch of
    /// that memory is on them (the rest, less than a huge page at each end,
    /// cannot be). The kernel collapses only when it has free,
    /// unfragmented memory, so a refusal is tried again a few times before
    /// the benchmark fails, saying why. In test mode (`--test`), which only
    /// proves the benchmarks run, a refusal is reported and the run goes on.
    fn on_huge_pages<T>(
        what: &str,
        make: impl Fn() -> T,
        memory: impl Fn(&T) -> Range<usize>,
    ) -> T {
        let mut refusal = String::new();
        for attempt in 1..=3 {
            let buffer = make();
            let range = memory(&buffer);
            match collapse_into_huge_pages(range.clone()) {
                Err(e) if e.kind() == io::ErrorKind::InvalidInput => {
                    refusal = e.to_string();
                    break;
                }
                Err(e) => refusal = e.to_string(),
                Ok(()) => {
                    let possible = whole_huge_pages(range.clone()).len() as u64;
                    let huge = huge_page_bytes(range).unwrap_or_else(|e| panic!("{what}: {e}"));
                    if huge >= possible {
                        return buffer;
                    }
                    refusal = format!(
                        "only {} of the {} MiB that could be are on huge pages",
                        huge >> 20,
                        possible >> 20
                    );
                }
            }
            drop(buffer);
            if attempt < 3 {
                std::thread::sleep(Duration::from_secs(1));
            }
        }
        let mode = transparent_huge_pages().unwrap_or_else(|e| e.to_string());
        let message = format!(
            "{what}: {refusal} (transparent huge pages: {mode}). Collapsing also needs \
             enough free, unfragmented memory; try again, or free memory first"
        );
        if std::env::args().any(|a| a == "--test") {
            eprintln!("warning: {message}");
            make()
        } else {
            panic!("{message}")
        }
    }

    fn latency(c: &mut Criterion) {
        // From 4 MiB up: smaller rings span too few huge pages to matter.
        let sizes = ladder_sizes().into_iter().filter(|&b| b >= 4 << 20);
        cpu_caches::chase_ladder(c, "cpu-caches/latency-huge", sizes, |bytes| {
            on_huge_pages(
                &format!("a {} MiB ring", bytes >> 20),
                || ChaseRing::new(bytes, 1),
                ChaseRing::addresses,
            )
        });
    }

    fn stride(c: &mut Criterion) {
        let buffer = on_huge_pages(
            "the stride buffer",
            || buffer_for(STRIDE_LINES),
            |b| addresses(b),
        );
        cpu_caches::strides(c, "cpu-caches/stride-huge", &buffer);
    }

    fn tlb(c: &mut Criterion) {
        let buffer = on_huge_pages(
            "the TLB buffer",
            || buffer_for(STRIDE_LINES),
            |b| addresses(b),
        );
        cpu_caches::tlb_reach(c, "cpu-caches/tlb-huge", &buffer);
    }

    fn matrix(c: &mut Criterion) {
        let mut group = c.benchmark_group("cpu-caches/matrix-huge");
        group
            .sampling_mode(SamplingMode::Flat)
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(8));
        // One matrix at a time: two would sit side by side in one mapping of
        // /proc/self/smaps, where their huge pages cannot be told apart.
        let matrix = on_huge_pages("the matrix", || Matrix::new(MATRIX_N), Matrix::addresses);
        group.bench_function("column-major", |b| {
            b.iter(|| black_box(&matrix).sum_column_major())
        });
        drop(matrix);
        let padded = on_huge_pages(
            "the padded matrix",
            || Matrix::with_padding(MATRIX_N, MATRIX_PAD),
            Matrix::addresses,
        );
        group.bench_function("column-major-padded", |b| {
            b.iter(|| black_box(&padded).sum_column_major())
        });
        group.finish();
    }

    criterion_group! {
        name = benches;
        config = benches::criterion();
        targets = matrix, stride, tlb, latency
    }

    pub fn main() {
        benches();
        Criterion::default().configure_from_args().final_summary();
    }
}

#[cfg(target_os = "linux")]
fn main() {
    on_linux::main();
}

/// Transparent huge pages, `madvise(MADV_COLLAPSE)` and `/proc/self/smaps` are Linux's.
#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("ch05_huge_pages measures Linux's transparent huge pages; nothing to run here");
}
