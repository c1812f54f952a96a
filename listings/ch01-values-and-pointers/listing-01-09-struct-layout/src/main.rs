// Not needed with Cargo; `mdbook test` compiles this file with rustdoc alone,
// which finds a crate passed with -L only through `extern crate`.
extern crate static_assertions;

use std::mem::{align_of, offset_of, size_of};
use std::num::NonZeroU32;

use static_assertions::{assert_eq_size, const_assert_eq};

// ANCHOR: types
/// A flag, a timestamp and a sensor number, declared in a careless order:
/// one byte, then eight, then two.
pub struct Reading {
    pub valid: bool,
    pub timestamp: u64,
    pub sensor: u16,
}

/// The same fields with `repr(C)`: declaration order, as C and Go lay them out.
#[repr(C)]
pub struct CReading {
    pub valid: bool,
    pub timestamp: u64,
    pub sensor: u16,
}

/// Four variants in one byte: 252 of its 256 values are never used.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Direction {
    North,
    East,
    South,
    West,
}
// ANCHOR_END: types

// ANCHOR: proofs
// repr(C): each field at the next multiple of its alignment, in order.
const_assert_eq!(offset_of!(CReading, valid), 0);
const_assert_eq!(offset_of!(CReading, timestamp), 8); // after 7 bytes of padding
const_assert_eq!(offset_of!(CReading, sensor), 16);
const_assert_eq!(size_of::<CReading>(), 24); // 6 bytes of padding at the end
const_assert_eq!(align_of::<CReading>(), 8); // the largest field alignment

// repr(Rust) may reorder: today's rustc packs 8 + 2 + 1 bytes into 16.
const_assert_eq!(size_of::<Reading>(), 16);
const_assert_eq!(align_of::<Reading>(), 8);

// Niches: a bit pattern the type never uses stores `None`.
assert_eq_size!(Option<&u64>, &u64); // a reference is never null
assert_eq_size!(Option<Box<u64>>, Box<u64>); // nor is a Box
assert_eq_size!(Option<NonZeroU32>, u32); // zero is free
assert_eq_size!(Option<bool>, bool); // a bool uses 2 of 256 values
assert_eq_size!(Option<Reading>, Reading); // ...even as a field of a struct
assert_eq_size!(Option<Direction>, Direction); // an enum uses 4 of 256
assert_eq_size!(Option<u32>, [u32; 2]); // every u32 is valid: a tag, and padding
// ANCHOR_END: proofs

// ANCHOR: look
fn main() {
    print_layout::<Reading>(
        "Reading",
        &[
            ("valid", offset_of!(Reading, valid)),
            ("timestamp", offset_of!(Reading, timestamp)),
            ("sensor", offset_of!(Reading, sensor)),
        ],
    );
    print_layout::<CReading>(
        "CReading",
        &[
            ("valid", offset_of!(CReading, valid)),
            ("timestamp", offset_of!(CReading, timestamp)),
            ("sensor", offset_of!(CReading, sensor)),
        ],
    );
    print_layout::<Option<Reading>>("Option<Reading>", &[]);
    print_layout::<Option<Direction>>("Option<Direction>", &[]);
    print_layout::<Option<u32>>("Option<u32>", &[]);
}

/// Prints a type's size and alignment, then its fields in declaration order.
fn print_layout<T>(name: &str, field_offsets: &[(&str, usize)]) {
    let fields: Vec<String> = field_offsets
        .iter()
        .map(|(field, offset)| format!("{field} at {offset}"))
        .collect();
    let line = format!(
        "{name:<17} size {:>2}, align {}  {}",
        size_of::<T>(),
        align_of::<T>(),
        fields.join(", ")
    );
    println!("{}", line.trim_end());
}
// ANCHOR_END: look

#[cfg(test)]
mod tests {
    use super::*;

    /// (offset, size, alignment) of each field of `Reading`.
    fn reading_fields() -> [(usize, usize, usize); 3] {
        [
            (
                offset_of!(Reading, valid),
                size_of::<bool>(),
                align_of::<bool>(),
            ),
            (
                offset_of!(Reading, timestamp),
                size_of::<u64>(),
                align_of::<u64>(),
            ),
            (
                offset_of!(Reading, sensor),
                size_of::<u16>(),
                align_of::<u16>(),
            ),
        ]
    }

    #[test]
    fn the_default_layout_keeps_its_three_promises() {
        // The reference's only guarantees for repr(Rust): fields aligned,
        // fields not overlapping, struct aligned at least like its fields.
        let mut fields = reading_fields();
        assert!(fields.iter().all(|(offset, _, align)| offset % align == 0));
        fields.sort();
        assert!(fields.windows(2).all(|w| w[0].0 + w[0].1 <= w[1].0));
        let largest_align = fields.iter().map(|(_, _, align)| *align).max().unwrap();
        assert!(align_of::<Reading>() >= largest_align);
    }

    #[test]
    fn declaration_order_wastes_more_padding() {
        let data: usize = reading_fields().iter().map(|(_, size, _)| size).sum();
        assert_eq!(data, 11);
        assert_eq!(size_of::<CReading>() - data, 13); // 7 between, 6 at the end
        assert_eq!(size_of::<Reading>() - data, 5); // only at the end
    }

    #[test]
    fn the_size_is_the_step_between_elements_of_an_array() {
        let readings = [
            CReading {
                valid: true,
                timestamp: 1,
                sensor: 7,
            },
            CReading {
                valid: false,
                timestamp: 2,
                sensor: 8,
            },
        ];
        let step =
            &readings[1] as *const CReading as usize - &readings[0] as *const CReading as usize;
        assert_eq!(step, size_of::<CReading>());
    }

    #[test]
    fn an_enum_with_spare_values_keeps_none_in_one_of_them() {
        let headings = [None, Some(Direction::North), Some(Direction::West)];
        assert_eq!(size_of_val(&headings), 3); // one byte each
        assert_eq!(headings[2], Some(Direction::West));
        assert!(headings[0].is_none() && headings[1] != headings[2]);
    }

    #[test]
    fn none_and_some_fit_in_the_size_of_the_value() {
        let nothing: Option<Reading> = None;
        let something = Some(Reading {
            valid: false,
            timestamp: 5,
            sensor: 2,
        });
        assert_eq!(size_of_val(&nothing), size_of::<Reading>());
        assert!(something.is_some_and(|r| !r.valid && r.timestamp == 5 && r.sensor == 2));
    }
}
