//! `{{#caption NN-MM text}}`: the caption under a listing, TRPL style. It
//! names the listing, links to its folder in the repository, and gives the
//! command that runs it (`cargo run -p` for a binary, `cargo test -p` for a
//! library), derived from the package, so it is never mistyped.

use anyhow::{anyhow, bail};

use crate::directive::{self, Directive, DirectiveError};
use crate::listings::{self, Listing};

pub const NAME: &str = "caption";

/// Expands every caption directive in `content`. `Err` carries the offending
/// directive's text and what is wrong with it.
pub fn expand(
    content: &str,
    listings: &[Listing],
    repository_url: &str,
) -> Result<String, DirectiveError> {
    let found = directive::find(content, NAME).map_err(DirectiveError::unlocated)?;
    directive::replace_all(content, &found, |d: &Directive<'_>| {
        render(d.arguments, listings, repository_url).map_err(|e| DirectiveError::at(content, d, e))
    })
}

fn render(arguments: &str, listings: &[Listing], repository_url: &str) -> anyhow::Result<String> {
    let (number, text) = arguments.split_once(' ').unwrap_or((arguments, ""));
    let text = text.trim();
    if listings::parse_number(number).is_none() {
        bail!(
            "caption must start with the listing's number as NN-MM (e.g. `{{{{#caption 01-02 Moving a String}}}}`), found `{number}`"
        );
    }
    if text.is_empty() {
        bail!("caption {number} has no text; say what the listing shows");
    }
    let listing = listings::find(listings, number).ok_or_else(|| {
        anyhow!(
            "caption {number} names no listing: there is no folder listings/ch{}-*/listing-{number}-*; create it or fix the number",
            &number[..2]
        )
    })?;
    let url = format!(
        "{}/tree/main/{}",
        repository_url.trim_end_matches('/'),
        listing.dir
    );
    // A `<span>` that is not alone on its line keeps the paragraph Markdown,
    // so the caption's own `code` and *emphasis* still render.
    Ok(format!(
        "<span class=\"listing-caption\">[**{label}**]({url}): {text} <span class=\"listing-command\">`{command}`</span></span>",
        label = listing.label(),
        command = listing.command(),
    ))
}

/// Checks where captions stand: each chapter file (`chNN-slug.md`) captions
/// only its own chapter's listings, in increasing order (a listing shown in
/// several pieces repeats its number), and every listing is shown somewhere.
/// `chapters` are `(path as the author sees it, text as written)`.
pub fn check_placement(chapters: &[(String, String)], listings: &[Listing]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut shown = std::collections::BTreeSet::new();
    for (path, text) in chapters {
        let file_chapter = path.rsplit('/').next().and_then(listings::chapter_of);
        let Ok(found) = directive::find(text, NAME) else {
            continue;
        };
        let mut previous = None;
        for d in found {
            let line = directive::line_at(text, d.span.start);
            let number = d.arguments.split(' ').next().unwrap_or_default();
            let Some((chapter, listing)) = listings::parse_number(number) else {
                continue;
            };
            shown.insert((chapter, listing));
            if file_chapter.is_some_and(|c| c != chapter) {
                problems.push(format!(
                    "{path}:{line}: caption {number} belongs to chapter {chapter}'s file"
                ));
            }
            if previous.is_some_and(|p| (chapter, listing) < p) {
                problems.push(format!(
                    "{path}:{line}: caption {number} comes after a higher number; number listings in the order the chapter shows them"
                ));
            }
            previous = Some((chapter, listing));
        }
    }
    for listing in listings {
        if !shown.contains(&(listing.chapter, listing.number)) {
            problems.push(format!(
                "{}: no chapter shows this listing; add its caption under the code, or remove it",
                listing.dir
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listings() -> Vec<Listing> {
        vec![Listing {
            chapter: 1,
            number: 2,
            package: "listing-01-02-move".into(),
            dir: "listings/ch01-values/listing-01-02-move".into(),
            runnable: true,
            release: false,
        }]
    }

    #[test]
    fn renders_label_link_text_and_package() {
        let out = expand(
            "x\n{{#caption 01-02 Moving a `String`}}\ny",
            &listings(),
            "https://h/r/",
        )
        .unwrap();
        assert_eq!(
            out,
            "x\n<span class=\"listing-caption\">[**Listing 1-2**](https://h/r/tree/main/listings/ch01-values/listing-01-02-move): \
             Moving a `String` <span class=\"listing-command\">`cargo run -p listing-01-02-move`</span></span>\ny"
        );
    }

    #[test]
    fn checks_where_captions_stand() {
        let mut all = listings();
        all.push(Listing {
            chapter: 1,
            number: 3,
            package: "listing-01-03-borrow".into(),
            dir: "listings/ch01-values/listing-01-03-borrow".into(),
            runnable: false,
            release: false,
        });
        let good = (
            "src/ch01-values.md".to_owned(),
            "{{#caption 01-02 a}}\n{{#caption 01-02 b}}\n{{#caption 01-03 c}}".to_owned(),
        );
        assert_eq!(check_placement(&[good], &all), Vec::<String>::new());

        let swapped = (
            "src/ch01-values.md".to_owned(),
            "{{#caption 01-03 c}}\n{{#caption 01-02 a}}".to_owned(),
        );
        let problems = check_placement(&[swapped], &all);
        assert!(
            problems[0].starts_with("src/ch01-values.md:2: caption 01-02 comes after"),
            "{problems:?}"
        );

        let elsewhere = (
            "src/ch02-stack.md".to_owned(),
            "{{#caption 01-02 a}}".to_owned(),
        );
        let problems = check_placement(&[elsewhere], &all);
        assert!(
            problems[0].contains("belongs to chapter 1's file"),
            "{problems:?}"
        );
        assert!(
            problems[1].starts_with("listings/ch01-values/listing-01-03-borrow: no chapter shows"),
            "{problems:?}"
        );
    }

    #[test]
    fn rejects_an_unknown_listing() {
        let error = expand("{{#caption 01-09 Nothing}}", &listings(), "u").unwrap_err();
        assert_eq!(error.directive, "{{#caption 01-09 Nothing}}");
        assert!(
            error.message.contains("listings/ch01-*/listing-01-09-*"),
            "{error}"
        );
    }

    #[test]
    fn rejects_a_malformed_number_or_missing_text() {
        let error = expand("{{#caption 1-2 Moving}}", &listings(), "u").unwrap_err();
        assert!(error.message.contains("NN-MM"), "{error}");
        let error = expand("{{#caption 01-02}}", &listings(), "u").unwrap_err();
        assert!(error.message.contains("has no text"), "{error}");
    }
}
