//! Two ways to remove allocations from a loop: build every key in one
//! buffer instead of a new `String` each time, and reserve a vector's
//! capacity up front instead of letting it grow.

// ANCHOR: reuse
/// Builds the key `prefix/word` for each word in a new `String`, and folds
/// the keys into a checksum.
pub fn checksum_fresh(prefix: &str, words: &[String]) -> u64 {
    let mut sum = 0;
    for word in words {
        let mut key = String::with_capacity(prefix.len() + 1 + word.len());
        key.push_str(prefix);
        key.push('/');
        key.push_str(word);
        sum = mix(sum, key.as_bytes());
    } // `key` is freed here, every iteration
    sum
}

/// The same keys, built one after another in a single buffer.
pub fn checksum_reused(prefix: &str, words: &[String]) -> u64 {
    let mut sum = 0;
    let mut key = String::with_capacity(64);
    for word in words {
        key.clear(); // length 0, capacity kept
        key.push_str(prefix);
        key.push('/');
        key.push_str(word);
        sum = mix(sum, key.as_bytes());
    }
    sum
}
// ANCHOR_END: reuse

/// FNV-1a over `bytes`, continuing from `sum`: a little work per key.
fn mix(mut sum: u64, bytes: &[u8]) -> u64 {
    for &byte in bytes {
        sum = (sum ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    sum
}

/// `n` short words: `w0`, `w1`, ..., the keys' last part.
pub fn sample_words(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("w{i}")).collect()
}

// ANCHOR: capacity
/// Pushes `n` squares into a vector that starts empty and grows as needed.
pub fn squares_growing(n: u64) -> Vec<u64> {
    let mut squares = Vec::new();
    for i in 0..n {
        squares.push(i * i);
    }
    squares
}

/// The same, with room for all `n` reserved before the first push.
pub fn squares_reserved(n: u64) -> Vec<u64> {
    let mut squares = Vec::with_capacity(n as usize);
    for i in 0..n {
        squares.push(i * i);
    }
    squares
}
// ANCHOR_END: capacity

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_checksums_agree() {
        let words = sample_words(1000);
        assert_eq!(
            checksum_fresh("users", &words),
            checksum_reused("users", &words)
        );
        assert_ne!(
            checksum_fresh("users", &words),
            checksum_fresh("orders", &words)
        );
    }

    #[test]
    fn both_vectors_hold_the_same_squares() {
        assert_eq!(squares_growing(10_000), squares_reserved(10_000));
        assert_eq!(squares_reserved(4), [0, 1, 4, 9]);
    }
}
