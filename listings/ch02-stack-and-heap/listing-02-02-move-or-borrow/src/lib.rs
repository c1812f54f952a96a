//! Passing an array by value (the callee gets its own copy of every byte)
//! and by reference (the callee gets one address).

// ANCHOR: move_or_borrow
/// Reads the first byte of a message that was passed by value: the call
/// copies all `N` bytes of the caller's array into this function's parameter.
#[inline(never)]
pub fn tag_by_value<const N: usize>(message: [u8; N]) -> u8 {
    message[0]
}

/// Reads the first byte of a message that was lent: the call copies one
/// address, whatever `N` is.
#[inline(never)]
pub fn tag_by_reference<const N: usize>(message: &[u8; N]) -> u8 {
    message[0]
}
// ANCHOR_END: move_or_borrow

#[cfg(test)]
mod tests {
    use super::*;

    fn message<const N: usize>() -> [u8; N] {
        let mut message = [0xAB; N];
        message[0] = 7;
        message
    }

    #[test]
    fn both_read_the_same_tag_at_every_size() {
        assert_eq!(tag_by_value(message::<8>()), 7);
        assert_eq!(tag_by_reference(&message::<8>()), 7);
        assert_eq!(tag_by_value(message::<16>()), 7);
        assert_eq!(tag_by_reference(&message::<16>()), 7);
        assert_eq!(tag_by_value(message::<4096>()), 7);
        assert_eq!(tag_by_reference(&message::<4096>()), 7);
        assert_eq!(tag_by_value(message::<65536>()), 7);
        assert_eq!(tag_by_reference(&message::<65536>()), 7);
    }

    #[test]
    fn the_caller_keeps_its_array_after_passing_a_copy() {
        let kept = message::<1024>();
        assert_eq!(tag_by_value(kept), 7);
        // `[u8; N]` is `Copy`: the call took a copy, so `kept` is still usable.
        assert_eq!(tag_by_reference(&kept), 7);
    }

    #[test]
    fn a_value_parameter_is_as_big_as_the_array_a_reference_is_one_word() {
        assert_eq!(size_of::<[u8; 65536]>(), 65536);
        assert_eq!(size_of::<&[u8; 65536]>(), size_of::<usize>());
    }
}
