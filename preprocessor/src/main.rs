//! The mdBook preprocessor for the book's own directives: a thin binary over
//! `book-model`, which does the work. mdBook runs it as
//! `preprocessor supports <renderer>`, then with `[context, book]` as JSON on
//! stdin, and takes the book back on stdout; errors go to stderr as
//! `file:line: message`, every one of them, with a failing exit status.

use std::io;
use std::path::Path;
use std::process::ExitCode;

use book_model::claims::{self, Registry, Results};
use book_model::directive::{self, DirectiveError};
use book_model::{SourceError, caption, go_runs, listings, machine};
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::errors::{Error, Result};
use mdbook_preprocessor::{MDBOOK_VERSION, Preprocessor, PreprocessorContext};

/// Captions, claim boxes and tables, ratios, machine facts, Go provenance.
struct Directives;

impl Preprocessor for Directives {
    fn name(&self) -> &str {
        "directives"
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> Result<Book> {
        expand(ctx, &mut book).map_err(|errors| Error::msg(errors.join("\nerror: ")))?;
        Ok(book)
    }

    /// The directives expand to Markdown and inline HTML, which every
    /// renderer this book uses (html, linkcheck2) takes.
    fn supports_renderer(&self, _renderer: &str) -> Result<bool> {
        Ok(true)
    }
}

fn main() -> ExitCode {
    let directives = Directives;
    let mut args = std::env::args().skip(1);
    if args.next().as_deref() == Some("supports") {
        let renderer = args.next().unwrap_or_default();
        return match directives.supports_renderer(&renderer) {
            Ok(true) => ExitCode::SUCCESS,
            _ => ExitCode::FAILURE,
        };
    }
    match handle(&directives) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// One run as mdBook makes it: the book in, expanded, back out.
fn handle(preprocessor: &dyn Preprocessor) -> Result<()> {
    let (ctx, book) = mdbook_preprocessor::parse_input(io::stdin())?;
    if ctx.mdbook_version != MDBOOK_VERSION {
        eprintln!(
            "warning: the {} preprocessor was built against mdBook {MDBOOK_VERSION} and is being run by mdBook {}",
            preprocessor.name(),
            ctx.mdbook_version
        );
    }
    let book = preprocessor.run(&ctx, book)?;
    serde_json::to_writer(io::stdout(), &book)
        .map_err(|e| Error::msg(format!("cannot write the book back to mdBook: {e}")))
}

/// Expands every directive of every chapter, or returns every problem found.
fn expand(ctx: &PreprocessorContext, book: &mut Book) -> std::result::Result<(), Vec<String>> {
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
    let load_error = |e: Error| vec![format!("{e:#}")];
    let listings = listings::discover(&ctx.root).map_err(load_error)?;
    let registry = Registry::load(&ctx.root).map_err(load_error)?;
    let results = Results::load(&ctx.root).map_err(load_error)?;
    let src = ctx.root.join(&ctx.config.book.src);
    let expand = |content: &str| {
        let content = caption::expand(content, &listings, &repository_url)?;
        let content = machine::expand(&content, &results)?;
        let content = go_runs::expand(&content, &ctx.root)?;
        claims::expand(&content, &registry, &results)
    };
    let chapters = chapters_as_written(book, &src);
    let mut errors = caption::check_placement(&chapters, &listings);
    errors.extend(claims::unshown(&registry, &chapters));
    errors.extend(expand_book(book, &src, expand));
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Expands every chapter, collecting every error rather than stopping at the first.
fn expand_book(
    book: &mut Book,
    src: &Path,
    expand: impl Fn(&str) -> Result<String, DirectiveError>,
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
            Err(DirectiveError { directive, message }) => {
                let file = src.join(&source_path);
                // Line numbers come from the file as written: mdBook has already
                // expanded includes in `chapter.content`, which shifts them.
                let line = std::fs::read_to_string(&file)
                    .ok()
                    .and_then(|text| directive::line_of(&text, &directive))
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
