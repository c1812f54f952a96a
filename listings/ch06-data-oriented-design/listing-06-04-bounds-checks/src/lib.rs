//! Indexing against iterating: where a bounds check stays in a loop, and
//! where the compiler moves it out or drops it.

// ANCHOR: indexed
/// Adds `src[i]` to `dst[i]` for every `i` below `n`. Nothing ties `n` to
/// the slices' lengths, so every index is checked, and an `n` too large
/// must panic at exactly the first index out of range, after the writes
/// before it. The optimiser keeps that promise without a check per element:
/// it works out how far no check can fail (the smallest of `n` and the two
/// lengths), adds that far eight at a time, and leaves the checks to a
/// loop that finishes one element at a time.
#[inline(never)]
pub fn add_assign_indexed(dst: &mut [u32], src: &[u32], n: usize) {
    for i in 0..n {
        dst[i] = dst[i].wrapping_add(src[i]);
    }
}
// ANCHOR_END: indexed

// ANCHOR: sliced
/// The same loop after cutting both slices to `n` up front: one check each,
/// before the loop, which panics before any write. Inside, `i < n` and both
/// lengths are `n`, so no check is left at all.
#[inline(never)]
pub fn add_assign_sliced(dst: &mut [u32], src: &[u32], n: usize) {
    let (dst, src) = (&mut dst[..n], &src[..n]);
    for i in 0..n {
        dst[i] = dst[i].wrapping_add(src[i]);
    }
}
// ANCHOR_END: sliced

// ANCHOR: zipped
/// No index at all: `zip` stops at the shorter slice, so there is nothing
/// to check and nothing to panic about.
#[inline(never)]
pub fn add_assign_zipped(dst: &mut [u32], src: &[u32]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d = d.wrapping_add(*s);
    }
}
// ANCHOR_END: zipped

// ANCHOR: chunks
/// Per-channel sums of RGBA pixels, 4 bytes each. Every chunk of
/// `chunks_exact(4)` has length 4, and the compiler knows it; zipped with
/// the four sums, there is no index left to check. The optimiser then adds
/// a whole pixel at once: its four bytes widened into one vector register
/// and added to the four sums with one `paddd`. The last
/// `pixels.len() % 4` bytes, not a whole pixel, are left out;
/// `remainder()` would give them. A `u32` sum holds up to
/// `u32::MAX / 255` = 16,843,009 pixels, just over 64 MiB of them, without
/// overflowing (past that, `+=` panics in a debug build and wraps in a
/// release build).
#[inline(never)]
pub fn sum_channels(pixels: &[u8]) -> [u32; 4] {
    let mut sums = [0u32; 4];
    for pixel in pixels.chunks_exact(4) {
        for (sum, &byte) in sums.iter_mut().zip(pixel) {
            *sum += u32::from(byte);
        }
    }
    sums
}

/// The same sums with computed indexes. `4 * i + 3 < pixels.len()` does
/// follow from `i < pixels.len() / 4`, but the optimiser does not prove it:
/// all four checks stay in the loop, one compare and branch per byte, and
/// with them the loop stays one byte at a time.
#[inline(never)]
pub fn sum_channels_indexed(pixels: &[u8]) -> [u32; 4] {
    let mut sums = [0u32; 4];
    for i in 0..pixels.len() / 4 {
        sums[0] += u32::from(pixels[4 * i]);
        sums[1] += u32::from(pixels[4 * i + 1]);
        sums[2] += u32::from(pixels[4 * i + 2]);
        sums[3] += u32::from(pixels[4 * i + 3]);
    }
    sums
}
// ANCHOR_END: chunks

#[cfg(test)]
mod tests {
    use super::*;

    const LENGTHS: [usize; 11] = [0, 1, 3, 7, 8, 15, 16, 17, 33, 1000, 1027];

    /// Values whose sums wrap: the top bit is often set.
    fn values(len: usize, seed: u32) -> Vec<u32> {
        (0..len as u32)
            .map(|i| (i ^ seed).wrapping_mul(0x9E37_79B9))
            .collect()
    }

    fn reference(dst: &[u32], src: &[u32]) -> Vec<u32> {
        dst.iter()
            .zip(src)
            .map(|(&d, &s)| ((u64::from(d) + u64::from(s)) % (1 << 32)) as u32)
            .collect()
    }

    #[test]
    fn every_add_agrees_with_the_reference() {
        for len in LENGTHS {
            let src = values(len, 7);
            let expected = reference(&values(len, 1), &src);

            let mut dst = values(len, 1);
            add_assign_indexed(&mut dst, &src, len);
            assert_eq!(dst, expected, "indexed, len = {len}");

            let mut dst = values(len, 1);
            add_assign_sliced(&mut dst, &src, len);
            assert_eq!(dst, expected, "sliced, len = {len}");

            let mut dst = values(len, 1);
            add_assign_zipped(&mut dst, &src);
            assert_eq!(dst, expected, "zipped, len = {len}");
        }
    }

    #[test]
    fn a_shorter_n_leaves_the_rest_alone() {
        let src = values(40, 7);
        let mut indexed = values(40, 1);
        let mut sliced = values(40, 1);
        add_assign_indexed(&mut indexed, &src, 17);
        add_assign_sliced(&mut sliced, &src, 17);
        let mut expected = reference(&values(17, 1), &src[..17]);
        expected.extend_from_slice(&values(40, 1)[17..]);
        assert_eq!(indexed, expected);
        assert_eq!(sliced, expected);
    }

    #[test]
    fn zip_stops_at_the_shorter_slice() {
        let src = values(10, 7);
        let mut dst = values(20, 1);
        add_assign_zipped(&mut dst, &src);
        assert_eq!(dst[..10], reference(&values(10, 1), &src));
        assert_eq!(dst[10..], values(20, 1)[10..]);
    }

    #[test]
    #[should_panic(expected = "index out of bounds")]
    fn indexed_panics_when_n_is_too_large() {
        add_assign_indexed(&mut [1, 2, 3], &[1, 2, 3, 4], 4);
    }

    #[test]
    #[should_panic(expected = "out of range for slice")]
    fn sliced_panics_when_n_is_too_large() {
        add_assign_sliced(&mut [1, 2, 3, 4], &[1, 2, 3], 4);
    }

    #[test]
    fn indexed_writes_up_to_the_first_bad_index_sliced_writes_nothing() {
        use std::panic::{AssertUnwindSafe, catch_unwind};

        let mut dst = [1, 2, 3];
        let result = catch_unwind(AssertUnwindSafe(|| {
            add_assign_indexed(&mut dst, &[10, 20], 3);
        }));
        assert!(result.is_err());
        assert_eq!(dst, [11, 22, 3]);

        let mut dst = [1, 2, 3];
        let result = catch_unwind(AssertUnwindSafe(|| {
            add_assign_sliced(&mut dst, &[10, 20], 3);
        }));
        assert!(result.is_err());
        assert_eq!(dst, [1, 2, 3]);
    }

    fn reference_channels(pixels: &[u8]) -> [u32; 4] {
        let mut sums = [0u32; 4];
        for (i, &byte) in pixels.iter().enumerate().take(pixels.len() / 4 * 4) {
            sums[i % 4] += u32::from(byte);
        }
        sums
    }

    #[test]
    fn both_channel_sums_agree_with_the_reference() {
        for pixel_count in LENGTHS {
            let pixels: Vec<u8> = (0..pixel_count * 4).map(|i| (i * 37 % 256) as u8).collect();
            let expected = reference_channels(&pixels);
            assert_eq!(sum_channels(&pixels), expected, "{pixel_count} pixels");
            assert_eq!(sum_channels_indexed(&pixels), expected);
        }
    }

    #[test]
    fn the_bytes_of_a_partial_pixel_are_ignored() {
        let pixels = [1, 2, 3, 4, 5, 6, 7, 8];
        for extra in 0..4 {
            let mut bytes = pixels.to_vec();
            bytes.extend(std::iter::repeat_n(200, extra));
            assert_eq!(sum_channels(&bytes), [6, 8, 10, 12]);
            assert_eq!(sum_channels_indexed(&bytes), [6, 8, 10, 12]);
        }
    }

    #[test]
    fn full_channels_sum_without_overflow() {
        let pixels = vec![255u8; 4 * 100_000];
        assert_eq!(sum_channels(&pixels), [255 * 100_000; 4]);
        assert_eq!(sum_channels_indexed(&pixels), [255 * 100_000; 4]);
    }
}
