//! Checks of the built site that mdBook itself does not make: directives
//! left unexpanded, requests to other hosts, missing local assets, and math
//! that KaTeX failed to render.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use walkdir::WalkDir;

/// One problem in one file of the built site.
#[derive(Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub message: String,
}

/// What the checks found across the whole site.
#[derive(Debug, Default)]
pub struct Report {
    pub problems: Vec<Problem>,
    pub pages: usize,
    pub pages_with_math: usize,
}

/// Tags whose `src`/`href` the browser fetches while loading the page
/// (`<a href>` is followed only when clicked, so it is not here).
static FETCHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?is)<(?:link|script|img|iframe|source|audio|video|embed|object|track)\b[^>]*?\s(?:src|href|data|poster)\s*=\s*["']([^"']*)["']"#,
    )
    .expect("valid regex")
});

/// `url(...)` and `@import` in stylesheets.
static CSS_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?:url\(\s*["']?([^"')]+)["']?\s*\)|@import\s+["']([^"']+)["'])"#)
        .expect("valid regex")
});

pub fn check_site(site: &Path) -> Report {
    let mut report = Report::default();
    for entry in WalkDir::new(site).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        let Some(extension) = path.extension().and_then(|e| e.to_str()) else {
            continue;
        };
        let Ok(text) = fs::read_to_string(path) else {
            continue;
        };
        let relative = path.strip_prefix(site).unwrap_or(path).to_path_buf();
        let mut problem = |message: String| {
            report.problems.push(Problem {
                file: relative.clone(),
                message,
            });
        };
        match extension {
            "html" => {
                report.pages += 1;
                for message in check_page(&text, path.parent().unwrap_or(site)) {
                    problem(message);
                }
                if text.contains("class=\"katex\"") {
                    report.pages_with_math += 1;
                }
            }
            "css" => {
                for message in check_stylesheet(&text, path.parent().unwrap_or(site)) {
                    problem(message);
                }
            }
            _ => {}
        }
    }
    report
}

/// Problems in one HTML page; `dir` is its folder, for resolving local URLs.
pub fn check_page(html: &str, dir: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(at) = html.find("{{#") {
        problems.push(format!(
            "unexpanded directive `{}`: a preprocessor did not run or the directive is misspelled",
            snippet(html, at)
        ));
    }
    // A listing may print `{threshold}` itself (a format string in its
    // tests): only text outside code is a claim's.
    let prose = outside_code(html);
    for placeholder in book_model::claims::PLACEHOLDERS {
        if let Some(at) = prose.find(placeholder) {
            problems.push(format!(
                "a claim's `{placeholder}` was not filled in: `{}`",
                snippet(&prose, at)
            ));
        }
    }
    if let Some(at) = html.find("katex-error") {
        problems.push(format!(
            "KaTeX could not render some math: `{}`",
            snippet(html, at)
        ));
    }
    if html.contains("class=\"katex\"") && !html.contains("katex/katex.min.css") {
        problems.push("has math but does not link katex/katex.min.css (theme/head.hbs)".into());
    }
    let urls = FETCHED.captures_iter(html).map(|c| c[1].to_owned());
    problems.extend(check_urls(urls, dir));
    problems
}

/// Problems in one stylesheet; `dir` is its folder.
pub fn check_stylesheet(css: &str, dir: &Path) -> Vec<String> {
    let urls = CSS_URL.captures_iter(css).filter_map(|c| {
        c.get(1)
            .or_else(|| c.get(2))
            .map(|m| m.as_str().trim().to_owned())
    });
    check_urls(urls, dir)
}

/// Each URL must be local and exist in the site (deduplicated per file).
fn check_urls(urls: impl Iterator<Item = String>, dir: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let unique: BTreeSet<String> = urls.collect();
    for url in unique {
        if url.starts_with("data:") || url.starts_with('#') || url.is_empty() {
            continue;
        }
        if is_remote(&url) {
            problems.push(format!(
                "loads `{url}` from another host; serve it from the book instead"
            ));
            continue;
        }
        let path = url.split(['?', '#']).next().unwrap_or_default();
        if !dir.join(path).exists() {
            problems.push(format!("loads `{url}`, which is not in the built site"));
        }
    }
    problems
}

fn is_remote(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("//") || lower.contains("://")
}

/// A short excerpt of `text` starting at byte `at`, for error messages.
/// `html` without its `<code>` elements (which mdBook never nests).
fn outside_code(html: &str) -> String {
    let mut prose = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<code") {
        prose.push_str(&rest[..start]);
        rest = match rest[start..].find("</code>") {
            Some(end) => &rest[start + end + "</code>".len()..],
            None => "",
        };
    }
    prose.push_str(rest);
    prose
}

fn snippet(text: &str, at: usize) -> String {
    text[at..]
        .chars()
        .take(100)
        .take_while(|&c| c != '\n')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("css")).unwrap();
        fs::write(dir.path().join("css/general.css"), "").unwrap();
        dir
    }

    #[test]
    fn a_clean_page_passes() {
        let dir = site();
        let html =
            r#"<link rel="stylesheet" href="css/general.css"><a href="https://github.com/x">x</a>"#;
        assert_eq!(check_page(html, dir.path()), Vec::<String>::new());
    }

    #[test]
    fn flags_remote_and_missing_resources() {
        let dir = site();
        let html = r#"<link rel="stylesheet" href="https://cdn.example/katex.css">
            <script src="//cdn.example/x.js"></script><img src="figures/missing.svg">"#;
        let problems = check_page(html, dir.path());
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert_eq!(
            problems
                .iter()
                .filter(|p| p.contains("another host"))
                .count(),
            2
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("`figures/missing.svg`, which is not in the built site"))
        );
    }

    #[test]
    fn flags_unexpanded_directives_and_math_errors() {
        let dir = site();
        let problems = check_page(
            "<p>{{#claim caches.x}}</p><span class=\"katex-error\">",
            dir.path(),
        );
        assert!(
            problems[0].contains("unexpanded directive `{{#claim caches.x}}"),
            "{problems:?}"
        );
        assert!(problems[1].contains("KaTeX could not render"));
    }

    #[test]
    fn a_placeholder_in_code_is_a_listing_s_own() {
        let dir = site();
        let page =
            "<pre><code>assert!(x, \"threshold {threshold}\");</code></pre><p>at least 2×</p>";
        assert!(check_page(page, dir.path()).is_empty());
        let problems = check_page(&format!("{page}<p>at least {{threshold}}</p>"), dir.path());
        assert!(
            problems[0].contains("`{threshold}` was not filled in"),
            "{problems:?}"
        );
    }

    #[test]
    fn flags_unfilled_claim_placeholders() {
        let dir = site();
        let problems = check_page("<p>between 0.5× and {at_most} as long</p>", dir.path());
        assert!(
            problems[0].contains("`{at_most}` was not filled in"),
            "{problems:?}"
        );
    }

    #[test]
    fn math_needs_the_local_stylesheet() {
        let dir = site();
        let problems = check_page(r#"<span class="katex">x</span>"#, dir.path());
        assert!(problems[0].contains("katex/katex.min.css"), "{problems:?}");
    }

    #[test]
    fn stylesheets_must_not_import_or_load_remote_fonts() {
        let dir = site();
        let css = r#"@import "https://fonts.example/a.css"; .a { src: url(fonts/KaTeX_Main.woff2) format("woff2") }"#;
        let problems = check_stylesheet(css, dir.path());
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("another host")));
        assert!(
            problems
                .iter()
                .any(|p| p.contains("fonts/KaTeX_Main.woff2"))
        );
    }
}
