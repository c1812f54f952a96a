// ANCHOR: all
fn total_length(words: &[String]) -> usize {
    words.iter().map(|word| word.len()).sum()
}

fn shout(word: &mut String) {
    word.make_ascii_uppercase();
    word.push('!');
}

fn main() {
    let mut words = vec![String::from("share"), String::from("mutate")];
    let length = total_length(&words); // lend words for reading
    shout(&mut words[1]); // lend one word, exclusively, for writing
    println!("{length} bytes, then {words:?}");
}
// ANCHOR_END: all

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_length_counts_bytes_and_leaves_the_words_alone() {
        let words = vec![String::from("share"), String::from("mutate")];
        assert_eq!(total_length(&words), 11);
        assert_eq!(words, ["share", "mutate"]); // still ours, unchanged
    }

    #[test]
    fn shout_changes_the_callers_string_in_place() {
        let mut word = String::with_capacity(16);
        word.push_str("mutate");
        let buffer = word.as_ptr();
        shout(&mut word);
        assert_eq!(word, "MUTATE!");
        assert_eq!(word.as_ptr(), buffer); // same String, changed where it lives
    }
}
