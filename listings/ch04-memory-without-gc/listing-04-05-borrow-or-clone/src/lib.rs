//! Returning a borrowed `&str` when the input is already right, and an owned
//! `String` only when something had to change: `Cow<str>`.

use std::borrow::Cow;

// ANCHOR: cow
/// Always returns a new `String`, even when `word` is already lower case.
pub fn lower_owned(word: &str) -> String {
    word.to_lowercase()
}

/// Borrows `word` when lower-casing would not change it; allocates only otherwise.
pub fn lower_cow(word: &str) -> Cow<'_, str> {
    // Not `char::is_uppercase`: a title-case letter such as `ǅ` is not upper
    // case, yet lower-casing changes it (to `ǆ`).
    if word.chars().all(|c| c.to_lowercase().eq([c])) {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.to_lowercase())
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
    fn both_give_the_same_text_for_every_char() {
        for c in char::MIN..=char::MAX {
            let word = c.to_string();
            assert_eq!(lower_cow(&word), lower_owned(&word), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn both_give_the_same_text_for_words() {
        // Title case (ǅ, ᾈ), a final sigma (Σ lower-cases to ς at the end of
        // a word), and a letter that grows (İ becomes two chars).
        for word in [
            "rust",
            "Rust",
            "RUST",
            "straße",
            "Ärger",
            "",
            "ǅungla",
            "ᾈ",
            "ΟΔΥΣΣΕΥΣ",
            "İstanbul",
        ] {
            assert_eq!(lower_cow(word), lower_owned(word), "{word}");
        }
    }

    #[test]
    fn cow_borrows_what_needs_no_change() {
        assert!(matches!(lower_cow("already"), Cow::Borrowed("already")));
        assert!(matches!(lower_cow("ǆungla"), Cow::Borrowed(_)));
        assert!(matches!(lower_cow("Changed"), Cow::Owned(_)));
        assert!(matches!(lower_cow("ǅungla"), Cow::Owned(_)));
    }
}
