//! Returning a borrowed `&str` when the input is already right, and an owned
//! `String` only when something had to change: `Cow<str>`.

use std::borrow::Cow;

// ANCHOR: cow
/// Always returns a new `String`, even when `word` is already lower case.
pub fn lower_owned(word: &str) -> String {
    word.to_lowercase()
}

/// Borrows `word` when it has no upper-case letter; allocates only otherwise.
pub fn lower_cow(word: &str) -> Cow<'_, str> {
    if word.chars().any(char::is_uppercase) {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}
// ANCHOR_END: cow

/// Total length of the lower-cased words, through `lower_owned`.
pub fn total_len_owned(words: &[String]) -> usize {
    words.iter().map(|w| lower_owned(w).len()).sum()
}

/// The same total, through `lower_cow`.
pub fn total_len_cow(words: &[String]) -> usize {
    words.iter().map(|w| lower_cow(w).len()).sum()
}

/// `n` words, every tenth capitalised: `Word0`, `word1`, ..., `word9`, `Word10`, ...
pub fn sample_words(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            if i % 10 == 0 {
                format!("Word{i}")
            } else {
                format!("word{i}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_give_the_same_text() {
        for word in ["rust", "Rust", "RUST", "straße", "Ärger", ""] {
            assert_eq!(lower_cow(word), lower_owned(word), "{word}");
        }
    }

    #[test]
    fn cow_borrows_what_needs_no_change() {
        assert!(matches!(lower_cow("already"), Cow::Borrowed("already")));
        assert!(matches!(lower_cow("Changed"), Cow::Owned(_)));
    }
}
