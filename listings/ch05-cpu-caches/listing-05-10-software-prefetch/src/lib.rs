//! Software prefetch: asking for a line some steps before the program needs
//! it, where neither the hardware prefetcher nor the out-of-order core would
//! ask for it in time.

// Not needed with Cargo; `mdbook test` compiles this file with rustdoc alone,
// which finds a crate passed with -L only through `extern crate`.
extern crate fastrand;

/// The line size of x86-64 processors.
pub const CACHE_LINE: usize = 64;
const WORDS_PER_LINE: usize = CACHE_LINE / size_of::<u64>();

/// How far ahead the benchmarks prefetch, in lookups (or lines, for the
/// scan): far enough to cover a trip to memory at the pace of these loops,
/// near enough that a line is still in the L1 when its turn comes.
pub const PREFETCH_DISTANCE: usize = 64;

// ANCHOR: prefetch
/// Asks for the line holding `data[at]` to be brought into every level of
/// cache, without waiting for it. It is a hint: it changes no value the
/// program can see, and it never faults, even for an address outside
/// `data` (`wrapping_add` computes one without claiming it is inside).
#[inline(always)]
fn prefetch(data: &[u64], at: usize) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: needs SSE, which every x86-64 processor has; a prefetch
        // reads nothing into the program and cannot fault.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(data.as_ptr().wrapping_add(at).cast()) };
    }
    // Elsewhere: no prefetch, so both versions below do the same thing.
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (data, at);
}
// ANCHOR_END: prefetch

// ANCHOR: gather
/// Work done on each value looked up, about as much as hashing a short key:
/// rounds of multiply and shift, each depending on the last.
fn mix(mut hash: u64) -> u64 {
    for _ in 0..8 {
        hash ^= hash >> 29;
        hash = hash.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    }
    hash
}

/// Looks up `data[i]` for every `i` in `indices`, mixing each value into
/// a hash.
pub fn hash_lookups(data: &[u64], indices: &[u32]) -> u64 {
    let mut hash = 0;
    for &i in indices {
        hash = mix(hash ^ data[i as usize]);
    }
    hash
}

/// The same, and meanwhile prefetches the value `distance` lookups ahead.
pub fn hash_lookups_prefetching(data: &[u64], indices: &[u32], distance: usize) -> u64 {
    let mut hash = 0;
    for (n, &i) in indices.iter().enumerate() {
        if let Some(&ahead) = indices.get(n + distance) {
            prefetch(data, ahead as usize);
        }
        hash = mix(hash ^ data[i as usize]);
    }
    hash
}
// ANCHOR_END: gather

// ANCHOR: plain
/// The lookups without the work: each load is independent of the others,
/// and nothing but a few instructions separates them.
pub fn sum_lookups(data: &[u64], indices: &[u32]) -> u64 {
    let mut sum = 0u64;
    for &i in indices {
        sum = sum.wrapping_add(data[i as usize]);
    }
    sum
}

/// The same with a prefetch `distance` lookups ahead.
pub fn sum_lookups_prefetching(data: &[u64], indices: &[u32], distance: usize) -> u64 {
    let mut sum = 0u64;
    for (n, &i) in indices.iter().enumerate() {
        if let Some(&ahead) = indices.get(n + distance) {
            prefetch(data, ahead as usize);
        }
        sum = sum.wrapping_add(data[i as usize]);
    }
    sum
}
// ANCHOR_END: plain

// ANCHOR: scan
/// Sums `data` in order, one cache line (eight words) at a time: the
/// hardware prefetcher sees the run and fetches ahead by itself.
pub fn sum_in_order(data: &[u64]) -> u64 {
    let mut sum = 0u64;
    for line in data.chunks_exact(WORDS_PER_LINE) {
        sum = line.iter().fold(sum, |sum, &word| sum.wrapping_add(word));
    }
    sum
}

/// The same, prefetching the line `distance` lines ahead of each.
pub fn sum_in_order_prefetching(data: &[u64], distance: usize) -> u64 {
    let mut sum = 0u64;
    for (n, line) in data.chunks_exact(WORDS_PER_LINE).enumerate() {
        prefetch(data, (n + distance) * WORDS_PER_LINE);
        sum = line.iter().fold(sum, |sum, &word| sum.wrapping_add(word));
    }
    sum
}
// ANCHOR_END: scan

/// `words` words of data, every one written (and different), so that every
/// page is backed by memory of its own.
pub fn data(words: usize) -> Vec<u64> {
    (0..words as u64)
        .map(|w| w.wrapping_mul(0x9e37_79b9_7f4a_7c15))
        .collect()
}

/// `count` indices into `0..words`, drawn at random from a seeded
/// generator: no prefetcher can guess the next one from the last.
pub fn random_indices(words: usize, count: usize, seed: u64) -> Vec<u32> {
    let words = u32::try_from(words).expect("indices are u32");
    let mut random = fastrand::Rng::with_seed(seed);
    (0..count).map(|_| random.u32(..words)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefetching_changes_no_result_at_any_distance() {
        let data = data(10_000);
        let indices = random_indices(data.len(), 5_000, 1);
        let hash = hash_lookups(&data, &indices);
        let sum = sum_lookups(&data, &indices);
        let in_order = sum_in_order(&data);
        for distance in [0, 1, 2, 16, 64, 4_999, 5_000, 1 << 20] {
            assert_eq!(hash_lookups_prefetching(&data, &indices, distance), hash);
            assert_eq!(sum_lookups_prefetching(&data, &indices, distance), sum);
            assert_eq!(sum_in_order_prefetching(&data, distance), in_order);
        }
    }

    #[test]
    fn the_lookups_read_the_values_at_the_indices() {
        let data = data(100);
        let indices = [3, 3, 99, 0];
        let expected = data[3]
            .wrapping_add(data[3])
            .wrapping_add(data[99])
            .wrapping_add(data[0]);
        assert_eq!(sum_lookups(&data, &indices), expected);
        assert_eq!(
            hash_lookups(&data, &indices),
            mix(mix(mix(mix(data[3]) ^ data[3]) ^ data[99]) ^ data[0])
        );
    }

    #[test]
    fn the_hash_depends_on_every_value_and_on_their_order() {
        let data = data(100);
        assert_ne!(hash_lookups(&data, &[1, 2]), hash_lookups(&data, &[2, 1]));
        assert_ne!(hash_lookups(&data, &[1, 2]), hash_lookups(&data, &[1, 3]));
    }

    #[test]
    fn the_in_order_sum_reads_every_whole_line() {
        let data = data(64);
        let expected = data.iter().fold(0u64, |s, &w| s.wrapping_add(w));
        assert_eq!(sum_in_order(&data), expected);
    }

    #[test]
    fn the_indices_are_in_range_spread_out_and_seeded() {
        let words = 1 << 20;
        let indices = random_indices(words, 100_000, 7);
        assert!(indices.iter().all(|&i| (i as usize) < words));
        assert_eq!(indices, random_indices(words, 100_000, 7));
        // Consecutive lookups rarely fall in the same or the next line.
        let near = indices
            .windows(2)
            .filter(|w| {
                (w[1] as usize / WORDS_PER_LINE).abs_diff(w[0] as usize / WORDS_PER_LINE) <= 1
            })
            .count();
        assert!(near < 10, "{near} consecutive lookups are neighbours");
    }

    #[test]
    fn the_data_is_written_and_distinct() {
        let data = data(1000);
        assert!(data[1..].iter().all(|&w| w != 0));
        let distinct: std::collections::HashSet<_> = data.iter().collect();
        assert_eq!(distinct.len(), 1000);
    }
}
