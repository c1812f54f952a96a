// ANCHOR: all
struct Histogram {
    counts: [u64; 1024], // 8 KiB: more than we want to copy around
}

// An owned value: the String (three words) moves out to the caller.
fn greeting_for(name: &str) -> String {
    let mut greeting = String::from("Hello, ");
    greeting.push_str(name);
    greeting
}

// A Box: the Histogram lives on the heap; only the pointer moves out.
fn empty_histogram() -> Box<Histogram> {
    Box::new(Histogram { counts: [0; 1024] })
}

// A reference into the caller's data: valid as long as `text` is.
fn first_word(text: &str) -> &str {
    text.split_once(' ').map_or(text, |(word, _rest)| word)
}
// ANCHOR_END: all

// ANCHOR: heap-array
// 1024 zeroed counters built on the heap: no 8 KiB array on the stack first.
// The conversion reuses the vector's buffer; it fails only on a wrong length.
fn zeroed_counts() -> Box<[u64; 1024]> {
    vec![0; 1024]
        .into_boxed_slice()
        .try_into()
        .expect("the vector holds exactly 1024 counts")
}
// ANCHOR_END: heap-array

fn main() {
    let greeting = greeting_for("Ferris");
    let histogram = empty_histogram();
    let counts = zeroed_counts();
    let sentence = String::from("values and pointers");
    let word = first_word(&sentence);
    println!("{greeting}");
    println!(
        "{} empty buckets",
        histogram.counts.iter().filter(|&&n| n == 0).count()
    );
    println!("{} zeroed counts", counts.len());
    println!("first word: {word}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_returned_string_holds_what_the_callee_built() {
        assert_eq!(greeting_for("Ferris"), "Hello, Ferris");
    }

    #[test]
    fn a_returned_box_is_one_pointer_to_the_whole_histogram() {
        let histogram = empty_histogram();
        assert!(histogram.counts.iter().all(|&n| n == 0));
        assert_eq!(size_of::<Box<Histogram>>(), size_of::<usize>());
        assert_eq!(size_of::<Histogram>(), 1024 * size_of::<u64>());
    }

    #[test]
    fn a_boxed_slice_becomes_a_boxed_array_in_place() {
        let counts = vec![0_u64; 1024];
        let buffer = counts.as_ptr();
        let boxed_slice = counts.into_boxed_slice(); // capacity == length: no reallocation
        let boxed_array: Box<[u64; 1024]> = boxed_slice.try_into().unwrap();
        assert_eq!(boxed_array.as_ptr(), buffer); // same heap buffer, never copied
        assert_eq!(size_of_val(&boxed_array), size_of::<usize>()); // one word: the length is in the type
        assert!(zeroed_counts().iter().all(|&n| n == 0));
    }

    #[test]
    fn a_boxed_slice_of_the_wrong_length_is_handed_back() {
        let too_short = vec![0_u64; 1000].into_boxed_slice();
        let result: Result<Box<[u64; 1024]>, Box<[u64]>> = too_short.try_into();
        assert_eq!(result.unwrap_err().len(), 1000);
    }

    #[test]
    fn first_word_points_into_the_callers_text() {
        let sentence = String::from("values and pointers");
        let word = first_word(&sentence);
        assert_eq!(word, "values");
        assert_eq!(word.as_ptr(), sentence.as_ptr()); // no copy: a view
    }

    #[test]
    fn first_word_of_a_single_word_is_the_whole_text() {
        assert_eq!(first_word("pointers"), "pointers");
        assert_eq!(first_word(""), "");
    }
}
