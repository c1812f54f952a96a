//! An allocation the optimiser can prove unneeded, and the same allocation
//! made observable with `black_box`.

use std::hint::black_box;

// ANCHOR: optimised_away
/// Puts 41 in a box, reads it back and adds one.
#[inline(never)]
pub fn answer_from_a_box() -> u64 {
    let boxed = Box::new(41);
    *boxed + 1
}

/// The same, but the box goes through `black_box` first: the optimiser must
/// assume that unknown code looked at it, so the allocation has to happen.
#[inline(never)]
pub fn answer_from_an_observed_box() -> u64 {
    let boxed = black_box(Box::new(41));
    *boxed + 1
}
// ANCHOR_END: optimised_away

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_give_the_same_answer() {
        assert_eq!(answer_from_a_box(), 42);
        assert_eq!(answer_from_an_observed_box(), 42);
    }

    #[test]
    fn black_box_returns_its_argument_unchanged() {
        let boxed = Box::new(41_u64);
        let address = &raw const *boxed;
        let returned = black_box(boxed);
        assert_eq!(&raw const *returned, address);
        assert_eq!(*returned, 41);
    }
}
