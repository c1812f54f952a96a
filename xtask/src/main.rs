//! `cargo xtask`: the one entry point for readers, authors and CI.

mod bench;
mod book;
mod browser;
mod claims;
mod claims_check;
mod cmd;
mod code_hash;
mod copy_out;
mod diagnostics;
mod diff;
mod doctest;
mod figures;
mod go_runs;
mod go_toolchain;
mod html_checks;
mod katex;
mod loom;
mod measure;
mod outputs;
mod provenance;
mod spellcheck;
mod summary;
mod test;
mod tools;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Build, serve and test the book",
    version
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Install the pinned mdBook, mdbook-katex, mdbook-linkcheck2 and typos
    /// (skipped for each one already on PATH at the right version).
    InstallTools,
    /// Build the book into book/html, failing on any error mdBook only logs.
    Build,
    /// Build and serve the book on localhost, rebuilding on every change.
    Serve {
        /// Port to listen on.
        #[arg(long, default_value_t = 3000)]
        port: u16,
    },
    /// Run everything CI checks, and print a summary table.
    Test,
    /// Run `mdbook test` (every Rust code block in the book) with the
    /// crates the code blocks use; one step of `test`.
    Doctest,
    /// Run the loom models: the tests of each listing that depends on loom
    /// under `cfg(loom)`, built with `--cfg loom`; one step of `test`.
    Loom,
    /// Run the benchmarks behind the book's claims and figures, record the
    /// results in benches/results.json and redraw the figures.
    Bench {
        /// Only the claims and figures of this chapter (its number).
        #[arg(long, conflicts_with = "id")]
        chapter: Option<u32>,
        /// Only this claim or figure, e.g. `cpu-caches.row-vs-column`.
        #[arg(long)]
        id: Option<String>,
    },
    /// Re-measure the book's claims on this machine and compare each with
    /// the book's figure; fails if one does not hold here.
    Claims {
        /// Only the claims of this chapter (its number).
        #[arg(long, conflicts_with = "id")]
        chapter: Option<u32>,
        /// Only this claim.
        #[arg(long)]
        id: Option<String>,
    },
    /// Make again every compiler output the book quotes (rustc's errors,
    /// assembly, runs of listings, Go's escape analysis) and write the files
    /// under outputs/.
    Outputs,
    /// Run the Go programs the book sets beside its models and record what
    /// the runtime did in benches/go-runs.json (needs Go; a few minutes).
    Go,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::InstallTools => tools::install_all(),
        Command::Build => book::build(),
        Command::Serve { port } => book::serve(port),
        Command::Test => test::run(),
        Command::Loom => loom::run().map(|tests| {
            eprintln!("loom models: {tests} tests passed");
        }),
        Command::Bench { chapter, id } => bench::run(chapter, id.as_deref()),
        Command::Claims { chapter, id } => claims::check(chapter, id.as_deref()),
        Command::Outputs => outputs::record(),
        Command::Doctest => tools::install_for_serving().and_then(|()| {
            doctest::run().map(|tests| {
                eprintln!("mdbook test: {tests} code blocks passed");
            })
        }),
        Command::Go => go_runs::record(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: every command works from there, wherever it is run.
pub fn root() -> &'static Path {
    static ROOT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    ROOT.get_or_init(|| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("xtask lives one folder below the workspace root")
            .to_path_buf()
    })
}
