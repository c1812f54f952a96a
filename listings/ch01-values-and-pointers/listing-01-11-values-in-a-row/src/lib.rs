//! The same numbers stored two ways: as values side by side in one buffer,
//! and as pointers to values that each live in their own heap allocation.

// ANCHOR: values
/// `n` numbers, stored in the vector's buffer itself: 0, 1, 2, ...
pub fn make_values(n: usize) -> Vec<i64> {
    (0..).take(n).collect()
}

/// The same `n` numbers, each in its own heap allocation; the vector's
/// buffer holds only the addresses.
pub fn make_boxed(n: usize) -> Vec<Box<i64>> {
    (0..).take(n).map(Box::new).collect()
}

/// Reads each number where it sits.
pub fn sum_values(values: &[i64]) -> i64 {
    values.iter().sum()
}

/// Reads each address, then follows it to the number.
pub fn sum_boxed(values: &[Box<i64>]) -> i64 {
    values.iter().map(|boxed| **boxed).sum()
}
// ANCHOR_END: values

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_layouts_hold_the_same_numbers() {
        let values = make_values(5);
        let boxed = make_boxed(5);
        assert_eq!(values, [0, 1, 2, 3, 4]);
        assert!(values.iter().zip(&boxed).all(|(v, b)| *v == **b));
    }

    #[test]
    fn both_layouts_give_the_same_sum() {
        for n in [0, 1, 2, 1000, 100_000] {
            let expected = (n as i64) * (n as i64 - 1) / 2;
            assert_eq!(sum_values(&make_values(n)), expected, "n = {n}");
            assert_eq!(sum_boxed(&make_boxed(n)), expected, "n = {n}");
        }
    }

    #[test]
    fn the_boxed_vector_holds_addresses_not_numbers() {
        let boxed = make_boxed(3);
        // The elements are pointers (one word each), every one to its own allocation.
        assert_eq!(size_of_val(&boxed[0]), size_of::<usize>());
        assert_ne!(&*boxed[0] as *const i64, &*boxed[1] as *const i64);
    }
}
