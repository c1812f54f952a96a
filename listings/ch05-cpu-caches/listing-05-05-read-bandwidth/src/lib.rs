//! Read bandwidth: how many bytes per second one core can add up, from
//! working sets that fit in each level of cache and from one that fits in
//! none.

// ANCHOR: sum
/// Adds up `words`. Wrapping addition is associative, so the optimiser may
/// keep several partial sums in vector registers and add them at the end:
/// the loop is then limited by how fast the loads arrive, not by one chain
/// of additions.
#[inline(always)]
fn add_up(words: &[u64]) -> u64 {
    words.iter().fold(0, |sum, &word| sum.wrapping_add(word))
}

/// `add_up`, compiled for AVX2's 32-byte registers where the processor has
/// them, and otherwise for the target's baseline (on x86-64, SSE2's 16-byte
/// registers; on other targets, whatever their baseline has).
#[inline(never)]
pub fn sum_words(words: &[u64]) -> u64 {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: `sum_words_avx2` needs AVX2 and nothing else, and the
        // processor has it: we just asked.
        return unsafe { sum_words_avx2(words) };
    }
    add_up(words)
}

/// The same loop, compiled with AVX2 enabled.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline(never)]
fn sum_words_avx2(words: &[u64]) -> u64 {
    add_up(words)
}
// ANCHOR_END: sum

/// A working set of 8-byte words, every one written, so that every page is
/// backed by memory of its own: reading memory that was never written
/// would find every page mapped to the kernel's one shared page of zeros.
/// (`vec![0; n]` would be such memory: it asks the allocator for zeroed
/// memory, which glibc takes fresh from the kernel without writing it.)
pub fn working_set(bytes: usize) -> Vec<u64> {
    vec![1; bytes / size_of::<u64>()]
}

/// Reads a working set round and round, a fixed number of bytes per call,
/// continuing where the last call stopped. A benchmark that reads the same
/// number of bytes per iteration from every working set can compare their
/// times directly; a set larger than one call's share is still read whole
/// over several calls, so that it never fits in a cache between two reads.
pub struct RoundReader<'a> {
    words: &'a [u64],
    at: usize,
}

impl<'a> RoundReader<'a> {
    /// A reader of `words`, which must not be empty.
    pub fn new(words: &'a [u64]) -> RoundReader<'a> {
        assert!(!words.is_empty(), "a working set needs at least one word");
        RoundReader { words, at: 0 }
    }

    /// Adds up the next `bytes` bytes (whole words), going back to the
    /// start of the set at its end.
    pub fn read(&mut self, bytes: usize) -> u64 {
        let mut left = bytes / size_of::<u64>();
        let mut sum = 0u64;
        while left > 0 {
            let end = (self.at + left).min(self.words.len());
            sum = sum.wrapping_add(sum_words(&self.words[self.at..end]));
            left -= end - self.at;
            self.at = if end == self.words.len() { 0 } else { end };
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sum_is_the_sum() {
        let words: Vec<u64> = (1..=1000).collect();
        assert_eq!(sum_words(&words), 500_500);
        assert_eq!(sum_words(&[]), 0);
        // Odd lengths exercise the loop's tail after the wide part.
        for len in [1, 3, 7, 15, 17, 33, 1023] {
            let words: Vec<u64> = (0..len).collect();
            assert_eq!(sum_words(&words), len * (len - 1) / 2, "len = {len}");
        }
    }

    #[test]
    fn every_compiled_version_gives_the_same_sum() {
        // Lengths around the wide loops' steps (4 and 16 words) test their tails.
        let words: Vec<u64> = (0..300u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        let mut expected = 0u64;
        for len in 0..words.len() {
            if len > 0 {
                expected = expected.wrapping_add(words[len - 1]);
            }
            assert_eq!(sum_words(&words[..len]), expected, "len = {len}");
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the processor has AVX2, checked just above.
                assert_eq!(unsafe { sum_words_avx2(&words[..len]) }, expected);
            }
        }
    }

    #[test]
    fn the_sum_wraps_instead_of_overflowing() {
        assert_eq!(sum_words(&[u64::MAX, 2]), 1);
    }

    #[test]
    fn a_working_set_has_every_word_written() {
        let set = working_set(1 << 20);
        assert_eq!(size_of_val(set.as_slice()), 1 << 20);
        assert!(set.iter().all(|&word| word == 1));
    }

    #[test]
    fn the_reader_reads_the_bytes_asked_for_going_round() {
        let words: Vec<u64> = (0..10).collect();
        let mut reader = RoundReader::new(&words);
        // 4 words: 0 + 1 + 2 + 3.
        assert_eq!(reader.read(32), 6);
        // 8 words: 4 to 9, then round to 0 and 1.
        assert_eq!(reader.read(64), 4 + 5 + 6 + 7 + 8 + 9 + 1);
        // 25 words: 2 to 9, then 0 to 9 once more, then 0 to 6.
        assert_eq!(reader.read(200), (2..10).sum::<u64>() + 45 + 21);
    }

    #[test]
    fn every_set_size_reads_the_same_number_of_bytes() {
        let set = working_set(1 << 20);
        let bytes_per_read = 3 << 18;
        for set_bytes in [4096, 6144, 1 << 19, 1 << 20] {
            let mut reader = RoundReader::new(&set[..set_bytes / 8]);
            // Every word is 1: the sum counts the words read.
            let words_read = reader.read(bytes_per_read) + reader.read(bytes_per_read);
            assert_eq!(
                words_read,
                2 * bytes_per_read as u64 / 8,
                "set of {set_bytes}"
            );
        }
    }
}
