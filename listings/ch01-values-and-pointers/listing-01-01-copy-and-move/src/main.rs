// ANCHOR: all
fn main() {
    let width: u32 = 640;
    let other_width = width; // u32 is Copy: its four bytes are duplicated
    println!("width = {width}, other_width = {other_width}");

    let title = String::from("Values and pointers");
    let buffer = title.as_ptr(); // where the text lives, on the heap
    let moved_title = title; // String is not Copy: the value moves
    assert_eq!(moved_title.as_ptr(), buffer); // the text itself stayed put
    println!("moved_title = {moved_title}");
}
// ANCHOR_END: all

#[cfg(test)]
mod tests {
    #[test]
    fn a_copy_is_independent_of_its_source() {
        let mut width: u32 = 640;
        let other_width = width;
        width += 1;
        assert_eq!(width, 641);
        assert_eq!(other_width, 640);
    }

    #[test]
    fn a_move_copies_the_handle_not_the_text() {
        let title = String::from("Values and pointers");
        let (buffer, length, capacity) = (title.as_ptr(), title.len(), title.capacity());
        let moved_title = title;
        assert_eq!(moved_title.as_ptr(), buffer);
        assert_eq!(moved_title.len(), length);
        assert_eq!(moved_title.capacity(), capacity);
    }

    #[test]
    fn passing_a_copy_type_to_a_function_leaves_the_caller_untouched() {
        fn add_one(mut n: u32) -> u32 {
            n += 1;
            n
        }
        let width: u32 = 640;
        assert_eq!(add_one(width), 641);
        assert_eq!(width, 640);
    }
}
