//! Finding `{{#name arguments}}` directives in a chapter's Markdown.

use std::fmt;

/// One directive found in a chapter: `{{#name arguments}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive<'a> {
    /// Byte range of the whole directive, braces included.
    pub span: std::ops::Range<usize>,
    pub arguments: &'a str,
}

/// What is wrong with one directive of a chapter. The preprocessor turns it
/// into `file:line: message` by finding `directive` in the chapter as
/// written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveError {
    /// The directive's text as written, braces included; empty when the
    /// problem is not one directive's (an unterminated one).
    pub directive: String,
    pub message: String,
}

impl DirectiveError {
    /// `error` about the directive `d` found in `text`.
    pub fn at(text: &str, d: &Directive<'_>, error: impl fmt::Display) -> Self {
        DirectiveError {
            directive: text[d.span.clone()].to_owned(),
            message: format!("{error:#}"),
        }
    }

    /// A problem with the chapter's directives as a whole (one left
    /// unterminated), from `find`.
    pub fn unlocated(error: anyhow::Error) -> Self {
        DirectiveError {
            directive: String::new(),
            message: format!("{error:#}"),
        }
    }
}

impl fmt::Display for DirectiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DirectiveError {}

/// Every `{{#name ...}}` in `text`, in order. A directive ends at the first
/// `}}`; one left unterminated is an error.
pub fn find<'a>(text: &'a str, name: &str) -> anyhow::Result<Vec<Directive<'a>>> {
    let opening = format!("{{{{#{name}");
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = text[from..].find(&opening) {
        let start = from + offset;
        let after_name = start + opening.len();
        // `{{#captions` is another directive, not ours.
        if !text[after_name..].starts_with([' ', '}']) {
            from = after_name;
            continue;
        }
        let Some(length) = text[after_name..].find("}}") else {
            anyhow::bail!("`{opening}` is never closed with `}}}}`");
        };
        let end = after_name + length + 2;
        found.push(Directive {
            span: start..end,
            arguments: text[after_name..end - 2].trim(),
        });
        from = end;
    }
    Ok(found)
}

/// Replaces each directive with what `expand` makes of it.
pub fn replace_all<E>(
    text: &str,
    directives: &[Directive<'_>],
    mut expand: impl FnMut(&Directive<'_>) -> Result<String, E>,
) -> Result<String, E> {
    let mut out = String::with_capacity(text.len());
    let mut copied_up_to = 0;
    for directive in directives {
        out.push_str(&text[copied_up_to..directive.span.start]);
        out.push_str(&expand(directive)?);
        copied_up_to = directive.span.end;
    }
    out.push_str(&text[copied_up_to..]);
    Ok(out)
}

/// The 1-based line of `needle`'s first occurrence in `haystack`, if any.
pub fn line_of(haystack: &str, needle: &str) -> Option<usize> {
    haystack.find(needle).map(|at| line_at(haystack, at))
}

/// The 1-based line that byte `offset` of `text` is on.
pub fn line_at(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_directives_and_their_arguments() {
        let text = "a {{#caption 01-02 Two words}} b {{#caption 01-03 x}}";
        let found = find(text, "caption").unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].arguments, "01-02 Two words");
        assert_eq!(&text[found[1].span.clone()], "{{#caption 01-03 x}}");
    }

    #[test]
    fn ignores_longer_names_and_other_directives() {
        let text = "{{#captions x}} {{#include a.rs}} {{#caption 01-01 y}}";
        let found = find(text, "caption").unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].arguments, "01-01 y");
    }

    #[test]
    fn reports_an_unterminated_directive() {
        let error = find("{{#caption 01-01 no end", "caption")
            .unwrap_err()
            .to_string();
        assert!(error.contains("never closed"), "{error}");
    }

    #[test]
    fn replaces_in_place() {
        let text = "<{{#caption 1}}|{{#caption 2}}>";
        let found = find(text, "caption").unwrap();
        let out = replace_all(text, &found, |d| Ok::<_, ()>(format!("[{}]", d.arguments)));
        assert_eq!(out.unwrap(), "<[1]|[2]>");
    }

    #[test]
    fn locates_lines() {
        assert_eq!(line_of("a\nb\nc", "c"), Some(3));
        assert_eq!(line_of("a", "z"), None);
    }
}
