//! Comparing a recorded text with what a program prints now.

/// `None` if equal; otherwise the first line that differs, both versions.
pub fn first_difference(recorded: &str, now: &str) -> Option<String> {
    if recorded == now {
        return None;
    }
    let mut recorded_lines = recorded.lines();
    let mut now_lines = now.lines();
    for number in 1.. {
        match (recorded_lines.next(), now_lines.next()) {
            (Some(r), Some(n)) if r == n => continue,
            (None, None) => return Some("only line endings differ".into()),
            (r, n) => {
                return Some(format!(
                    "line {number}: recorded {:?}, now {:?}",
                    r.unwrap_or("<end>"),
                    n.unwrap_or("<end>")
                ));
            }
        }
    }
    unreachable!("`1..` does not end")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_differing_line() {
        assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
        let d = first_difference("a\nb\n", "a\nc\n").unwrap();
        assert!(
            d.starts_with("line 2:") && d.contains("\"b\"") && d.contains("\"c\""),
            "{d}"
        );
        assert!(
            first_difference("a\n", "a\nextra\n")
                .unwrap()
                .contains("<end>")
        );
        assert_eq!(
            first_difference("a\n", "a").as_deref(),
            Some("only line endings differ")
        );
    }
}
