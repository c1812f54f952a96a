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

fn main() {
    let greeting = greeting_for("Ferris");
    let histogram = empty_histogram();
    let sentence = String::from("values and pointers");
    let word = first_word(&sentence);
    println!("{greeting}");
    println!(
        "{} empty buckets",
        histogram.counts.iter().filter(|&&n| n == 0).count()
    );
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
