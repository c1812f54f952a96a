use std::rc::Rc;

// ANCHOR: all
fn main() {
    let settings = Rc::new(String::from("theme = dark"));
    let for_parser = Rc::clone(&settings); // copies a pointer, counts one more owner
    println!("owners after clone: {}", Rc::strong_count(&settings));

    drop(for_parser); // one owner fewer; the String stays
    println!("owners after drop: {}", Rc::strong_count(&settings));
    println!("settings = {settings}");
}
// ANCHOR_END: all

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clone_counts_an_owner_and_drop_uncounts_it() {
        let settings = Rc::new(String::from("theme = dark"));
        assert_eq!(Rc::strong_count(&settings), 1);
        let for_parser = Rc::clone(&settings);
        assert_eq!(Rc::strong_count(&settings), 2);
        drop(for_parser);
        assert_eq!(Rc::strong_count(&settings), 1);
    }

    #[test]
    fn both_owners_point_at_the_same_value() {
        let settings = Rc::new(String::from("theme = dark"));
        let for_parser = Rc::clone(&settings);
        assert!(Rc::ptr_eq(&settings, &for_parser));
        assert_eq!(settings.as_ptr(), for_parser.as_ptr()); // one String, not two
    }

    #[test]
    fn the_value_is_dropped_with_its_last_owner() {
        let settings = Rc::new(String::from("theme = dark"));
        let watcher = Rc::downgrade(&settings); // a pointer that does not own
        let for_parser = Rc::clone(&settings);
        drop(settings);
        assert!(watcher.upgrade().is_some()); // for_parser still owns it
        drop(for_parser);
        assert!(watcher.upgrade().is_none()); // last owner gone: value dropped
    }
}
