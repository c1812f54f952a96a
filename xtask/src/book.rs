//! Building and serving the book, and the checks mdBook does not make.

use anyhow::{Result, bail};

use crate::{cmd, html_checks, katex, tools};

/// Where mdBook writes the site (HTML is one of two outputs, beside the
/// link checker, so it gets its own folder).
pub const SITE_DIR: &str = "book/html";

/// Builds the book. Fails on anything mdBook only logs (an `ERROR` line), on
/// a broken link (mdbook-linkcheck2), and on the site checks in
/// `html_checks` (directives left unexpanded, requests to other hosts, math
/// that did not render).
pub fn build() -> Result<()> {
    tools::install_all()?;
    katex::ensure_assets()?;
    let transcript = cmd::run_and_capture(cmd::new("mdbook").arg("build"))?;
    let errors: Vec<&String> = transcript
        .lines
        .iter()
        .filter(|l| is_error_line(l))
        .collect();
    if !transcript.success || !errors.is_empty() {
        let mut message = format!("mdbook build failed ({})", transcript.status);
        for line in errors {
            message.push_str("\n  ");
            message.push_str(line.trim());
        }
        bail!(message);
    }
    let site = crate::root().join(SITE_DIR);
    let report = html_checks::check_site(&site);
    if !report.problems.is_empty() {
        let mut message = format!("the built site has {} problem(s):", report.problems.len());
        for problem in &report.problems {
            message.push_str(&format!(
                "\n  {SITE_DIR}/{}: {}",
                problem.file.display(),
                problem.message
            ));
        }
        bail!(message);
    }
    if report.pages_with_math == 0 {
        bail!(
            "no page of the built site has rendered math; is the katex preprocessor configured in book.toml?"
        );
    }
    eprintln!(
        "built {} pages ({} with math) into {SITE_DIR}/: no remote requests, no unexpanded directives",
        report.pages, report.pages_with_math
    );
    Ok(())
}

/// Builds, then serves on localhost with live reload until interrupted.
pub fn serve(port: u16) -> Result<()> {
    build()?;
    eprintln!("serving the book at http://localhost:{port}/ (Ctrl-C to stop)");
    cmd::run(cmd::new("mdbook").args(["serve", "--port", &port.to_string()]))
}

/// mdBook logs errors it does not always exit non-zero for, as `ERROR`.
fn is_error_line(line: &str) -> bool {
    line.split_whitespace()
        .any(|word| word.trim_matches(|c: char| !c.is_ascii_alphabetic()) == "ERROR")
}

#[cfg(test)]
mod tests {
    use super::is_error_line;

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
