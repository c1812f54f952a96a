//! Chapter 5's workloads, shared by its bench targets on 4 KiB pages
//! (`ch05_cpu_caches`) and on 2 MiB pages (`ch05_huge_pages`), so that a pair
//! of results differs in the page size alone.

/// 8192 × 8192 cells of 8 bytes: 512 MiB, rows of exactly 64 KiB.
pub const MATRIX_N: usize = 8192;
/// Cells after each row of the padded matrix: one cache line.
pub const MATRIX_PAD: usize = 8;
/// Lines read by each stride: 1 MiB side by side, or one in each of 16,384
/// pages; also the reads per iteration of the TLB's experiment.
pub const STRIDE_LINES: usize = 16 << 10;
/// Dependent loads per iteration of the ladder.
pub const LADDER_STEPS: u64 = 1 << 16;

/// The ladder's working sets: 4 KiB to 1 GiB, two per octave (2^k and
/// 1.5 × 2^k bytes).
pub fn ladder_sizes() -> Vec<usize> {
    let mut sizes = Vec::new();
    for shift in 12..30 {
        sizes.push(1 << shift);
        sizes.push(3 << (shift - 1));
    }
    sizes.push(1 << 30);
    sizes
}

/// The TLB experiment's page counts: 16 to 16,384, two per octave.
pub fn tlb_page_counts() -> Vec<usize> {
    let mut counts = Vec::new();
    for shift in 4..14 {
        counts.push(1 << shift);
        counts.push(3 << (shift - 1));
    }
    counts.push(STRIDE_LINES);
    counts
}
