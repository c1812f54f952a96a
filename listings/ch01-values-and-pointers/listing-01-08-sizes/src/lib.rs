// Not needed with Cargo; `mdbook test` compiles this file with rustdoc alone,
// which finds a crate passed with -L only through `extern crate`.
extern crate static_assertions;

// ANCHOR: sizes
use std::fmt::Display;

use static_assertions::assert_eq_size;

// One word: a reference or a Box to a sized type is just an address.
assert_eq_size!(&u64, usize);
assert_eq_size!(Box<u64>, usize);

// Still one word: a Box is never null, so `None` is stored as null.
assert_eq_size!(Option<Box<u64>>, Box<u64>);
assert_eq_size!(Option<&u64>, &u64);

// Two words: a slice or str reference carries its length beside the address.
assert_eq_size!(&[u64], [usize; 2]);
assert_eq_size!(&str, [usize; 2]);

// Two words: a trait object pointer carries a vtable pointer beside the address.
assert_eq_size!(&dyn Display, [usize; 2]);
assert_eq_size!(Box<dyn Display>, [usize; 2]);

// Three words: pointer, capacity and length; the elements are on the heap.
assert_eq_size!(Vec<u64>, [usize; 3]);
assert_eq_size!(String, [usize; 3]);
// ANCHOR_END: sizes

#[cfg(test)]
mod tests {
    const WORD: usize = size_of::<usize>();

    #[test]
    fn references_and_boxes_are_one_word() {
        assert_eq!(size_of::<&u64>(), WORD);
        assert_eq!(size_of::<Box<[u64; 1000]>>(), WORD); // whatever it points to
        assert_eq!(size_of::<Option<Box<u64>>>(), WORD);
    }

    #[test]
    fn an_option_box_is_one_word_whether_none_or_some() {
        let nothing: Option<Box<u64>> = None;
        let something = Some(Box::new(7_u64));
        assert_eq!(size_of_val(&nothing), WORD);
        assert_eq!(size_of_val(&something), WORD);
        assert_eq!(something.as_deref(), Some(&7));
    }

    #[test]
    fn a_slice_reference_is_two_words_however_long_the_slice() {
        let short: &str = "a";
        let long: &str = "a much longer string slice";
        assert_eq!(size_of_val(short), 1); // the text it points to...
        assert_eq!(size_of_val(long), 26); // ...grows with its length,
        assert_eq!(size_of::<&str>(), 2 * WORD); // the reference does not
        assert_eq!(size_of::<&[u64]>(), 2 * WORD);
    }

    #[test]
    fn a_trait_object_pointer_is_two_words_whatever_it_points_to() {
        use std::fmt::Display;
        let small: &dyn Display = &7_u8;
        let large: &dyn Display = &[0_u64; 100].len();
        assert_eq!(size_of_val(small), 1); // what the pointers point to differs...
        assert_eq!(size_of_val(large), WORD);
        assert_eq!(size_of::<&dyn Display>(), 2 * WORD); // ...the pointers do not
        assert_eq!(size_of::<Box<dyn Display>>(), 2 * WORD);
        assert_eq!(format!("{small} {large}"), "7 100");
    }

    #[test]
    fn vecs_and_strings_are_three_words_whatever_they_hold() {
        let big: Vec<u64> = vec![0; 10_000];
        assert_eq!(size_of_val(&big), 3 * WORD);
        assert_eq!(size_of::<String>(), 3 * WORD);
    }
}
