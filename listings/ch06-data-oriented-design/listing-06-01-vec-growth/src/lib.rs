//! What a `Vec<T>`, a `&[T]` and a `Box<[T]>` are made of, and how a `Vec`
//! grows when pushes outrun its capacity.

// Not needed with Cargo; `mdbook test` compiles this file with rustdoc alone,
// which finds a crate passed with -L only through `extern crate`.
extern crate static_assertions;

// ANCHOR: headers
use static_assertions::assert_eq_size;

// Three words: pointer, capacity, length. Go's slice header is three words
// too (pointer, length, capacity).
assert_eq_size!(Vec<u32>, [usize; 3]);

// Two words: a slice reference borrows elements it cannot grow, so it
// carries only pointer and length.
assert_eq_size!(&[u32], [usize; 2]);
assert_eq_size!(&mut [u32], [usize; 2]);

// Two words: a boxed slice owns its elements but has no capacity, so it
// cannot grow either.
assert_eq_size!(Box<[u32]>, [usize; 2]);

// Still two: the pointer is never null, so `None` is stored as null.
assert_eq_size!(Option<Box<[u32]>>, [usize; 2]);
// ANCHOR_END: headers

// ANCHOR: growth
/// A push that changed a vector's capacity: the length just after that
/// push, and the capacity the vector grew to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub len: usize,
    pub capacity: usize,
}

/// Pushes `pushes` values one at a time into an empty vector and records
/// every push that changed its capacity.
#[inline(never)]
pub fn capacity_steps(pushes: usize) -> Vec<Step> {
    push_and_record(Vec::new(), pushes)
}

/// Pushes `pushes` values one at a time into `values` and records every
/// push that changed its capacity.
fn push_and_record(mut values: Vec<u64>, pushes: usize) -> Vec<Step> {
    let mut steps = Vec::new();
    for value in 0..pushes as u64 {
        let capacity_before = values.capacity();
        values.push(value);
        if values.capacity() != capacity_before {
            steps.push(Step {
                len: values.len(),
                capacity: values.capacity(),
            });
        }
    }
    steps
}

/// The elements the growing pushes had to move to a new buffer: all those
/// already there, `len - 1` at each step (none at the first, which
/// allocates). This is the worst case: `realloc` may extend a buffer in
/// place and move nothing.
#[inline(never)]
pub fn elements_copied(steps: &[Step]) -> usize {
    steps.iter().map(|step| step.len - 1).sum()
}
// ANCHOR_END: growth

/// `capacity_steps` for a vector made with room for every push up front:
/// its one allocation happens in `with_capacity`, and no push changes the
/// capacity, so the result is empty.
#[inline(never)]
pub fn steps_with_capacity(pushes: usize) -> Vec<Step> {
    push_and_record(Vec::with_capacity(pushes), pushes)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The growth rule tested here is std's, not a documented guarantee:
    // rust-lang/rust, library/alloc/src/raw_vec/mod.rs, `min_non_zero_cap`
    // (behind `RawVec::MIN_NON_ZERO_CAP`: 8 for 1-byte elements, 4 up to
    // 1 KiB, 1 above) and `RawVecInner::grow_amortized` (new capacity =
    // max(2 × old capacity, required, minimum)).

    #[test]
    fn u64_capacities_start_at_4_and_double() {
        let capacities: Vec<usize> = capacity_steps(1000)
            .iter()
            .map(|step| step.capacity)
            .collect();
        assert_eq!(capacities, [4, 8, 16, 32, 64, 128, 256, 512, 1024]);
    }

    #[test]
    fn growth_happens_when_a_push_finds_the_vector_full() {
        for step in capacity_steps(5000) {
            // The push that grew it was one past the old capacity, half
            // the new one (the first push starts from capacity 0).
            assert!(
                step.len == 1 || step.len == step.capacity / 2 + 1,
                "{step:?}"
            );
        }
    }

    #[test]
    // The point is the capacity that a first push picks.
    #[allow(clippy::vec_init_then_push)]
    fn bytes_start_at_8_and_large_elements_at_1() {
        let mut bytes: Vec<u8> = Vec::new();
        bytes.push(1);
        assert_eq!(bytes.capacity(), 8);
        let mut big: Vec<[u8; 2048]> = Vec::new();
        big.push([0; 2048]);
        assert_eq!(big.capacity(), 1);
    }

    #[test]
    fn growths_are_about_log2_of_the_pushes() {
        for pushes in 1..=5000 {
            let steps = capacity_steps(pushes);
            let final_capacity = pushes.next_power_of_two().max(4);
            assert_eq!(steps.last().unwrap().capacity, final_capacity);
            // 4, 8, ..., final: one growth per power of two from 4 up.
            assert_eq!(
                steps.len() as u32,
                final_capacity.ilog2() - 1,
                "{pushes} pushes"
            );
        }
        assert_eq!(capacity_steps(0), []);
    }

    #[test]
    fn copies_are_a_geometric_series_under_two_per_push() {
        for pushes in 5..=5000 {
            let steps = capacity_steps(pushes);
            let copied = elements_copied(&steps);
            // 4 + 8 + ... + final/2 = final - 4.
            assert_eq!(copied, steps.last().unwrap().capacity - 4);
            assert!(copied < 2 * pushes, "{pushes} pushes, {copied} copied");
            // Fewer than one per push when the last growth is just filled.
            if pushes.is_power_of_two() {
                assert!(copied < pushes);
            }
        }
        assert_eq!(elements_copied(&capacity_steps(1000)), 1020);
    }

    #[test]
    fn with_capacity_never_grows() {
        for pushes in [0, 1, 3, 7, 8, 15, 16, 17, 33, 1000] {
            assert_eq!(steps_with_capacity(pushes), [], "{pushes} pushes");
        }
        let values: Vec<u64> = Vec::with_capacity(1000);
        assert!(values.capacity() >= 1000);
    }

    #[test]
    fn a_boxed_slice_drops_the_spare_capacity() {
        let mut values: Vec<u64> = Vec::with_capacity(10);
        values.extend([1, 2, 3]);
        assert_eq!(values.capacity(), 10);
        let boxed: Box<[u64]> = values.into_boxed_slice();
        assert_eq!(boxed.len(), 3);
        // Back to a Vec without reallocating: its capacity is what the box
        // really holds.
        let values = boxed.into_vec();
        assert_eq!(values.capacity(), values.len());
        assert_eq!(values, [1, 2, 3]);
    }
}
