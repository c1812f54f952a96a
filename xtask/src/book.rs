//! Building and serving the book, and the checks mdBook does not make.

use anyhow::{Result, bail};

use crate::diagnostics::problems_in_log;
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
    let mut problems = problems_in_log("src/", &transcript.lines);
    if !transcript.success {
        problems.push(format!("mdbook build exited with {}", transcript.status));
    }
    // Check the site even after an error: it names the page that shows it.
    let site = crate::root().join(SITE_DIR);
    let report = html_checks::check_site(&site);
    for problem in &report.problems {
        problems.push(format!(
            "{SITE_DIR}/{}: {}",
            problem.file.display(),
            problem.message
        ));
    }
    if problems.is_empty() && report.pages_with_math == 0 {
        problems.push("no page of the built site has rendered math; is the katex preprocessor configured in book.toml?".into());
    }
    if !problems.is_empty() {
        bail!(
            "the book does not build cleanly:\n  {}",
            problems.join("\n  ")
        );
    }
    eprintln!(
        "built {} pages ({} with math) into {SITE_DIR}/: no remote requests, no unexpanded directives",
        report.pages, report.pages_with_math
    );
    Ok(())
}

/// Serves on localhost, rebuilding on every change, until interrupted. It
/// needs only mdBook and the math preprocessor; the link checker, an
/// optional output, runs too where it is installed. `build` is the check.
pub fn serve(port: u16) -> Result<()> {
    tools::install_for_serving()?;
    katex::ensure_assets()?;
    eprintln!("serving the book at http://localhost:{port}/ (Ctrl-C to stop)");
    cmd::run(cmd::new("mdbook").args(["serve", "--port", &port.to_string()]))
}
