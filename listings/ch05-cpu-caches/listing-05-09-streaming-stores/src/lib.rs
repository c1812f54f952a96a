//! Filling a buffer with ordinary stores, which read each line before they
//! write it, and with non-temporal stores, which write whole lines around
//! the caches.

// ANCHOR: fill
/// Ordinary stores. Before a core writes into a line it must own the line,
/// so a store to a line that is not in its cache first reads that line from
/// memory (a read for ownership), even though every byte will be replaced.
pub fn fill_with_stores(buffer: &mut [u64], value: u64) {
    for word in buffer {
        *word = value;
    }
}

/// Non-temporal ("streaming") stores: the core collects a line's 64 bytes
/// in a write-combining buffer and sends the whole line to memory, without
/// reading it first and without keeping it in the cache.
#[cfg(target_arch = "x86_64")]
pub fn fill_streaming(buffer: &mut [u64], value: u64) {
    use std::arch::x86_64::{__m128i, _mm_set1_epi64x, _mm_sfence, _mm_stream_si128};
    // SAFETY: every bit pattern is a valid `u64` and a valid `__m128i`, so
    // the 16-byte-aligned middle of the buffer may be seen as vectors.
    let (head, middle, tail) = unsafe { buffer.align_to_mut::<__m128i>() };
    head.fill(value);
    tail.fill(value);
    // SAFETY: needs SSE2, which every x86-64 processor has.
    let two_values = unsafe { _mm_set1_epi64x(value as i64) };
    for vector in middle {
        // SAFETY: SSE2 as above; `vector` is aligned and ours to write.
        unsafe { _mm_stream_si128(vector, two_values) };
    }
    // SAFETY: needs SSE, likewise. Streaming stores are weakly ordered: this
    // fence must come before any other access to the buffer (see the
    // documentation of `_mm_sfence`).
    unsafe { _mm_sfence() };
}
// ANCHOR_END: fill

/// On other processors, ordinary stores: their non-temporal stores have
/// other intrinsics, which this listing does not use. The tests still check
/// that the result is right.
#[cfg(not(target_arch = "x86_64"))]
pub fn fill_streaming(buffer: &mut [u64], value: u64) {
    fill_with_stores(buffer, value)
}

// ANCHOR: memset
/// Zeros with `slice::fill`, which LLVM turns into a call to the C library's
/// `memset`: the C library then chooses how to store.
pub fn fill_with_memset(buffer: &mut [u64]) {
    buffer.fill(0)
}
// ANCHOR_END: memset

/// Reads every word and writes it back plus one: a read and a write for
/// every line, for comparison with a fill that only writes.
pub fn add_one_to_each(buffer: &mut [u64]) {
    for word in buffer {
        *word = word.wrapping_add(1);
    }
}

/// A buffer of `bytes` (whole words), every byte written: memory that was
/// never written is mapped to the kernel's one shared page of zeros, and
/// the first fill would also pay for the page faults that map it.
pub fn buffer(bytes: usize) -> Vec<u64> {
    vec![1; bytes / size_of::<u64>()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streaming_fills_every_word_at_every_alignment_and_length() {
        let mut words = vec![0u64; 64];
        // Slices that start and end on and off 16-byte boundaries, so that
        // the head, the middle and the tail are each empty and not empty.
        for start in 0..4 {
            for len in 0..40 {
                words.fill(0);
                let value = 0x0123_4567_89ab_cdef ^ (start * 100 + len) as u64;
                fill_streaming(&mut words[start..start + len], value);
                for (i, &word) in words.iter().enumerate() {
                    let inside = (start..start + len).contains(&i);
                    assert_eq!(
                        word,
                        if inside { value } else { 0 },
                        "start {start}, len {len}, word {i}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_three_fills_write_what_they_say() {
        let mut streamed = buffer(1 << 20);
        let mut stored = buffer(1 << 20);
        fill_streaming(&mut streamed, 42);
        fill_with_stores(&mut stored, 42);
        assert_eq!(streamed, stored);
        assert!(stored.iter().all(|&w| w == 42));
        fill_with_memset(&mut stored);
        assert!(stored.iter().all(|&w| w == 0));
    }

    #[test]
    fn adding_one_reads_each_word_and_writes_it_back() {
        let mut words = buffer(4096);
        add_one_to_each(&mut words);
        add_one_to_each(&mut words);
        assert!(words.iter().all(|&w| w == 3));
    }

    #[test]
    fn a_buffer_is_whole_words_of_ones() {
        let words = buffer(1000);
        assert_eq!(words.len(), 125);
        assert!(words.iter().all(|&w| w == 1));
    }
}
