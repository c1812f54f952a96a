// ANCHOR: all
fn main() {
    let original = vec![String::from("frame"), String::from("heap")];
    let mut copy = original.clone(); // new buffer, new Strings, same text
    copy[0].make_ascii_uppercase();
    copy.push(String::from("pointer"));

    assert_ne!(copy.as_ptr(), original.as_ptr());
    println!("original = {original:?}");
    println!("copy     = {copy:?}");
}
// ANCHOR_END: all

#[cfg(test)]
mod tests {
    #[test]
    fn a_clone_is_independent_of_the_original() {
        let original = vec![String::from("frame"), String::from("heap")];
        let mut copy = original.clone();
        copy[0].make_ascii_uppercase();
        copy.push(String::from("pointer"));
        assert_eq!(original, ["frame", "heap"]);
        assert_eq!(copy, ["FRAME", "heap", "pointer"]);
    }

    #[test]
    fn a_clone_owns_new_heap_buffers_all_the_way_down() {
        let original = vec![String::from("frame")];
        let copy = original.clone();
        assert_ne!(copy.as_ptr(), original.as_ptr()); // the Vec's buffer
        assert_ne!(copy[0].as_ptr(), original[0].as_ptr()); // each String's buffer
        assert_eq!(copy, original);
    }
}
