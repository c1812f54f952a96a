//! mdBook preprocessor for the book's own directives. mdBook runs it as
//! `preprocessor supports <renderer>` and then with `[context, book]` as
//! JSON on stdin, expecting the book back on stdout.

use std::io;
use std::path::Path;
use std::process::ExitCode;

use mdbook_preprocessor::book::{Book, BookItem};
use preprocessor::claims::{self, Registry, Results};
use preprocessor::{SourceError, caption, directive, go_runs, listings, machine};

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("supports") {
        // The directives expand to Markdown and inline HTML, which every
        // renderer this book uses (html, linkcheck2) takes.
        return ExitCode::SUCCESS;
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(errors) => {
            for error in errors {
                eprintln!("error: {error}");
            }
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Vec<String>> {
    let (ctx, mut book) = mdbook_preprocessor::parse_input(io::stdin())
        .map_err(|e| vec![format!("cannot read mdBook's input: {e:#}")])?;
    let repository_url: String = ctx
        .config
        .get("output.html.git-repository-url")
        .ok()
        .flatten()
        .ok_or_else(|| {
            vec![
                "book.toml: set output.html.git-repository-url; captions link listings to it"
                    .to_owned(),
            ]
        })?;
    let listings = listings::discover(&ctx.root).map_err(|e| vec![e])?;
    let registry = Registry::load(&ctx.root).map_err(|e| vec![e])?;
    let results = Results::load(&ctx.root).map_err(|e| vec![e])?;
    let src = ctx.root.join(&ctx.config.book.src);
    let expand = |content: &str| {
        let content = caption::expand(content, &listings, &repository_url)?;
        let content = machine::expand(&content, &results)?;
        let content = go_runs::expand(&content, &ctx.root)?;
        claims::expand(&content, &registry, &results)
    };
    let mut errors = caption::check_placement(&chapters_as_written(&book, &src), &listings);
    errors.extend(expand_book(&mut book, &src, expand));
    if !errors.is_empty() {
        return Err(errors);
    }
    serde_json::to_writer(io::stdout(), &book)
        .map_err(|e| vec![format!("cannot write the book back to mdBook: {e}")])
}

/// Expands every chapter, collecting every error rather than stopping at the first.
fn expand_book(
    book: &mut Book,
    src: &Path,
    expand: impl Fn(&str) -> Result<String, (String, String)>,
) -> Vec<String> {
    let mut errors = Vec::new();
    book.for_each_mut(|item| {
        let BookItem::Chapter(chapter) = item else {
            return;
        };
        let Some(source_path) = chapter.source_path.clone() else {
            return;
        };
        match expand(&chapter.content) {
            Ok(content) => chapter.content = content,
            Err((directive_text, message)) => {
                let file = src.join(&source_path);
                // Line numbers come from the file as written: mdBook has already
                // expanded includes in `chapter.content`, which shifts them.
                let line = std::fs::read_to_string(&file)
                    .ok()
                    .and_then(|text| directive::line_of(&text, &directive_text))
                    .unwrap_or(0);
                let file = Path::new(&ctx_relative(src)).join(&source_path);
                errors.push(
                    SourceError {
                        file,
                        line,
                        message,
                    }
                    .to_string(),
                );
            }
        }
    });
    errors
}

/// Each chapter's path (as the author sees it) and its text as written,
/// before mdBook expanded its includes.
fn chapters_as_written(book: &Book, src: &Path) -> Vec<(String, String)> {
    book.chapters()
        .filter_map(|chapter| {
            let source_path = chapter.source_path.as_ref()?;
            let text = std::fs::read_to_string(src.join(source_path)).ok()?;
            let path = Path::new(&ctx_relative(src)).join(source_path);
            Some((path.display().to_string(), text))
        })
        .collect()
}

/// `src` as the author sees it: the book's source folder name.
fn ctx_relative(src: &Path) -> String {
    src.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
