//! `{{#machine ID FACT}}`: a fact about the machine that measured the claim
//! or figure `ID`, from its recorded provenance, so prose that says "48 KiB
//! on this machine" cannot go stale when the results are recorded elsewhere.
//! `{{#machine cpu-caches.latency-ladder l1d}}` renders `48 KiB`.

use anyhow::{anyhow, bail};

use crate::claims::{Provenance, Results, format_bytes};
use crate::directive::{self, DirectiveError};

pub const NAME: &str = "machine";

/// The facts a chapter may name, for the error message.
const FACTS: &str = "cpu, cores, os, rustc, libc, huge-pages, date, and for a cache \
    (l1d, l2, l3): its size by name, or <cache>-ways, <cache>-sets, <cache>-line";

/// Expands every `{{#machine ...}}` in `content`. `Err` carries the offending
/// directive's text and what is wrong with it.
pub fn expand(content: &str, results: &Results) -> Result<String, DirectiveError> {
    let found = directive::find(content, NAME).map_err(DirectiveError::unlocated)?;
    directive::replace_all(content, &found, |d| {
        render(d.arguments, results).map_err(|e| DirectiveError::at(content, d, e))
    })
}

fn render(arguments: &str, results: &Results) -> anyhow::Result<String> {
    let Some((id, fact_name)) = arguments.split_once(' ') else {
        bail!(
            "write `{{{{#machine ID FACT}}}}`, e.g. `{{{{#machine cpu-caches.latency-ladder l1d}}}}`; found `{arguments}`"
        );
    };
    let provenance = results
        .claims
        .get(id)
        .map(|r| &r.provenance)
        .or_else(|| results.series.get(id).map(|s| &s.provenance))
        .ok_or_else(|| {
            anyhow!("no recorded claim or figure \"{id}\" in benches/results.json; run `cargo xtask bench --id {id}`")
        })?;
    fact(provenance, fact_name.trim())
        .ok_or_else(|| anyhow!("the machine that measured \"{id}\" recorded no fact `{fact_name}`; known facts: {FACTS}"))
}

fn fact(provenance: &Provenance, name: &str) -> Option<String> {
    let known = |text: &str| (!text.is_empty() && text != "unknown").then(|| text.to_owned());
    match name {
        "cpu" => known(&provenance.cpu),
        "cores" => Some(provenance.cores.to_string()),
        "os" => known(&provenance.os),
        "rustc" => known(&provenance.rustc),
        "libc" => known(&provenance.libc),
        "huge-pages" => known(&provenance.huge_pages),
        "date" => known(&provenance.date),
        _ => {
            let (cache, detail) = name.split_once('-').unwrap_or((name, "size"));
            let level = provenance
                .cache_levels
                .iter()
                .find(|level| level.name.eq_ignore_ascii_case(cache))?;
            match detail {
                "size" => Some(format_bytes(level.bytes)),
                "ways" => level.ways.map(|n| n.to_string()),
                "sets" => level.sets.map(|n| n.to_string()),
                "line" => level.line_bytes.map(|n| format!("{n} bytes")),
                _ => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::{ClaimResult, Measurement, Series};

    fn results() -> Results {
        let mut results = Results::default();
        results.series.insert(
            "cpu-caches.latency-ladder".into(),
            Series {
                points: Vec::new(),
                compared: Vec::new(),
                provenance: Provenance::example(),
                code_hash: "x".into(),
            },
        );
        let m = |id: &str| Measurement {
            id: id.into(),
            point: 1.0,
            lower: 1.0,
            upper: 1.0,
        };
        results.claims.insert(
            "values.boxes".into(),
            ClaimResult {
                fast: m("a"),
                slow: m("b"),
                ratio: 1.0,
                code_hash: "x".into(),
                provenance: Provenance::example(),
            },
        );
        results
    }

    #[test]
    fn renders_facts_of_the_recording_machine() {
        let text = "L1 {{#machine cpu-caches.latency-ladder l1d}}, {{#machine values.boxes l1d-sets}} sets \
                    of {{#machine values.boxes l1d-ways}}, {{#machine values.boxes huge-pages}}, {{#machine values.boxes libc}}";
        assert_eq!(
            expand(text, &results()).unwrap(),
            "L1 32 KiB, 64 sets of 8, madvise, glibc 2.36"
        );
    }

    #[test]
    fn names_what_is_wrong() {
        let error = expand("{{#machine nope.nothing l1d}}", &results()).unwrap_err();
        assert_eq!(error.directive, "{{#machine nope.nothing l1d}}");
        assert!(
            error
                .message
                .contains("cargo xtask bench --id nope.nothing"),
            "{error}"
        );
        let error = expand("{{#machine values.boxes l4}}", &results()).unwrap_err();
        assert!(error.message.contains("known facts"), "{error}");
        let error = expand("{{#machine values.boxes}}", &results()).unwrap_err();
        assert!(error.message.contains("ID FACT"), "{error}");
    }
}
