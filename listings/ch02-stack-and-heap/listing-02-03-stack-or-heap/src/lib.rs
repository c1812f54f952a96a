//! The same small scratch table, kept in the call's frame or allocated on the
//! heap for every call.

// ANCHOR: stack_or_heap
/// How many different byte values `bytes` contains, with a table of 256
/// flags in this call's frame.
#[inline(never)]
pub fn count_distinct_on_stack(bytes: &[u8]) -> usize {
    let mut seen = [false; 256];
    let mut distinct = 0;
    for &byte in bytes {
        let slot = &mut seen[usize::from(byte)];
        if !*slot {
            *slot = true;
            distinct += 1;
        }
    }
    distinct
}

/// The same count, with the same table allocated on the heap.
#[inline(never)]
pub fn count_distinct_on_heap(bytes: &[u8]) -> usize {
    let mut seen = vec![false; 256];
    let mut distinct = 0;
    for &byte in bytes {
        let slot = &mut seen[usize::from(byte)];
        if !*slot {
            *slot = true;
            distinct += 1;
        }
    }
    distinct
}
// ANCHOR_END: stack_or_heap

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_count_the_same() {
        let inputs: [&[u8]; 5] = [b"", b"a", b"hello", b"mississippi", &[0, 255, 0, 255, 128]];
        for (input, expected) in inputs.into_iter().zip([0, 1, 4, 4, 3]) {
            assert_eq!(count_distinct_on_stack(input), expected, "{input:?}");
            assert_eq!(count_distinct_on_heap(input), expected, "{input:?}");
        }
    }

    #[test]
    fn every_byte_value_fits_in_the_table() {
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(count_distinct_on_stack(&all), 256);
        assert_eq!(count_distinct_on_heap(&all), 256);
    }
}
