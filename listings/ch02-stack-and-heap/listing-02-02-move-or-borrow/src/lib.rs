//! Passing an array by value (the callee gets its own copy of every byte)
//! and by reference (the callee gets one address), and what a caller
//! compiles to in each case.

// ANCHOR: move_or_borrow
/// Reads the first byte of a message that was passed by value: the callee
/// owns all `N` bytes of its parameter.
#[inline(never)]
pub fn tag_by_value<const N: usize>(message: [u8; N]) -> u8 {
    message[0]
}

/// Reads the first byte of a message that was lent: the call passes one
/// address, whatever `N` is.
#[inline(never)]
pub fn tag_by_reference<const N: usize>(message: &[u8; N]) -> u8 {
    message[0]
}
// ANCHOR_END: move_or_borrow

// ANCHOR: callers
/// Keeps its message and passes the callee a copy of its 4,096 bytes.
#[inline(never)]
pub fn pass_a_copy_of_a_page(callee: fn([u8; 4096]) -> u8, message: &[u8; 4096]) -> u8 {
    callee(*message)
}

/// Was given its message by value and moves it on: it never uses it again.
#[inline(never)]
pub fn pass_a_page_on(callee: fn([u8; 4096]) -> u8, message: [u8; 4096]) -> u8 {
    callee(message)
}

/// Lends its message.
#[inline(never)]
pub fn lend_a_page(callee: fn(&[u8; 4096]) -> u8, message: &[u8; 4096]) -> u8 {
    callee(message)
}

/// Keeps its message and passes the callee a copy of its 16 bytes.
#[inline(never)]
pub fn pass_a_copy_of_16_bytes(callee: fn([u8; 16]) -> u8, message: &[u8; 16]) -> u8 {
    callee(*message)
}
// ANCHOR_END: callers

#[cfg(test)]
mod tests {
    use super::*;

    fn message<const N: usize>() -> [u8; N] {
        let mut message = [0xAB; N];
        message[0] = 7;
        message
    }

    /// A callee that changes its own copy before reading it.
    fn scribble_then_tag<const N: usize>(mut message: [u8; N]) -> u8 {
        message[0] = 0;
        message[0]
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
    fn the_callers_hand_on_the_message() {
        let page = message::<4096>();
        assert_eq!(pass_a_copy_of_a_page(tag_by_value, &page), 7);
        assert_eq!(pass_a_page_on(tag_by_value, page), 7);
        assert_eq!(lend_a_page(tag_by_reference, &page), 7);
        assert_eq!(pass_a_copy_of_16_bytes(tag_by_value, &message::<16>()), 7);
    }

    #[test]
    fn a_callee_that_changes_its_copy_leaves_the_callers_message_alone() {
        let page = message::<4096>();
        assert_eq!(pass_a_copy_of_a_page(scribble_then_tag, &page), 0);
        assert_eq!(page[0], 7);
        let small = message::<16>();
        assert_eq!(pass_a_copy_of_16_bytes(scribble_then_tag, &small), 0);
        assert_eq!(small[0], 7);
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
