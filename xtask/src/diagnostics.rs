//! Reading the errors out of the tools' logs, so a failure names the file
//! and line instead of "see above".

/// The errors in a log, each once (mdBook logs some once per output):
/// mdBook's own `ERROR` lines, which it does not always exit non-zero for,
/// and diagnostics in the codespan style of mdbook-linkcheck2 and typos
/// (`error: message` followed by `┌─ file:line:col` or `╭▸ ./file:line:col`),
/// given as `file:line:col: message`. `prefix` is prepended to those paths
/// (linkcheck2's are relative to `src/`).
pub fn problems_in_log(prefix: &str, lines: &[String]) -> Vec<String> {
    let mut problems: Vec<String> = Vec::new();
    let mut lines = lines.iter().map(|l| l.trim()).peekable();
    while let Some(line) = lines.next() {
        let problem = if let Some(message) = line.strip_prefix("error: ") {
            let location = lines.peek().and_then(|next| {
                next.strip_prefix("┌─ ")
                    .or_else(|| next.strip_prefix("╭▸ "))
                    .map(|l| l.trim_start_matches("./"))
            });
            match location {
                Some(location) => format!("{prefix}{location}: {message}"),
                None => message.to_owned(),
            }
        } else if is_error_line(line) {
            line.to_owned()
        } else {
            continue;
        };
        if !problems.contains(&problem) {
            problems.push(problem);
        }
    }
    problems
}

/// mdBook logs errors as `ERROR`.
fn is_error_line(line: &str) -> bool {
    line.split_whitespace()
        .any(|word| word.trim_matches(|c: char| !c.is_ascii_alphabetic()) == "ERROR")
}

#[cfg(test)]
mod tests {
    use super::{is_error_line, problems_in_log};

    #[test]
    fn locates_link_errors_and_drops_repeats() {
        let log: Vec<String> = [
            " INFO Invoking the \"linkcheck2\" renderer",
            "error: File not found: ch99-missing.md",
            "    ┌─ preface.md:101:5",
            "ERROR Rendering failed",
            "ERROR Rendering failed",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            problems_in_log("src/", &log),
            [
                "src/preface.md:101:5: File not found: ch99-missing.md",
                "ERROR Rendering failed"
            ]
        );
    }

    #[test]
    fn locates_spelling_errors() {
        // Spelt out in pieces, or the spellcheck would flag this very test.
        let typo = ["te", "h"].concat();
        let log = [
            format!("error: `{typo}` should be `the`"),
            "    ╭▸ ./src/preface.md:101:9".to_owned(),
            format!("101 │ This is {typo} end."),
        ];
        assert_eq!(
            problems_in_log("", &log),
            [format!("src/preface.md:101:9: `{typo}` should be `the`")]
        );
    }

    #[test]
    fn spots_error_lines() {
        assert!(is_error_line(
            "2026-11-27 03:40:01 [ERROR] (mdbook::preprocess::links): Error updating"
        ));
        assert!(is_error_line(" ERROR Unable to parse output.html"));
        assert!(!is_error_line(" INFO Book building has started"));
        assert!(!is_error_line("ERRORS are fine inside words"));
    }
}
