//! KaTeX's stylesheet and fonts, served from the book itself.
//!
//! mdbook-katex renders math to HTML at build time, but the HTML needs
//! KaTeX's CSS and fonts; by default it links them from a CDN, which would
//! make every page ask another host. We take them from the `katex` npm
//! package at exactly the version mdbook-katex renders with, and put them in
//! `src/katex/` (not committed), which mdBook copies into the site;
//! `theme/head.hbs` links the stylesheet.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::cmd;

/// The KaTeX that mdbook-katex 0.10.0 renders with; CSS and fonts must match.
pub const VERSION: &str = "0.16.4";

/// Folder (under the book's `src/`) the assets are copied to.
pub const ASSETS_DIR: &str = "src/katex";

/// Puts KaTeX's CSS and fonts in `src/katex/`, unless they are there already.
pub fn ensure_assets() -> Result<()> {
    let root = crate::root();
    let assets = root.join(ASSETS_DIR);
    let stamp = assets.join("VERSION");
    if fs::read_to_string(&stamp).is_ok_and(|v| v.trim() == VERSION) {
        return Ok(());
    }
    let cache = root.join("target/katex");
    let package = cache.join("package");
    if !package.join("dist/katex.min.css").is_file() {
        fetch(&cache)?;
    }
    // Build the folder beside its final place, then swap it in whole, so an
    // interrupted copy never leaves half a folder that looks finished.
    let staging = root.join("src/.katex.partial");
    let _ = fs::remove_dir_all(&staging);
    fs::create_dir_all(staging.join("fonts"))?;
    fs::copy(
        package.join("dist/katex.min.css"),
        staging.join("katex.min.css"),
    )?;
    for font in fs::read_dir(package.join("dist/fonts"))? {
        let font = font?.path();
        if let Some(name) = font.file_name() {
            fs::copy(&font, staging.join("fonts").join(name))?;
        }
    }
    fs::write(staging.join("VERSION"), VERSION)?;
    let _ = fs::remove_dir_all(&assets);
    fs::rename(&staging, &assets)
        .with_context(|| format!("cannot move KaTeX's assets into {}", assets.display()))?;
    eprintln!("KaTeX {VERSION}: stylesheet and fonts copied to {ASSETS_DIR}/");
    Ok(())
}

/// Downloads the pinned `katex` package with npm and unpacks it in `cache`.
fn fetch(cache: &Path) -> Result<()> {
    if cmd::output_of(cmd::new("npm").arg("--version")).is_none() {
        bail!(
            "npm not found: the book serves KaTeX {VERSION}'s CSS and fonts from the npm package `katex`; install Node.js and npm (e.g. `apt-get install npm`)"
        );
    }
    let _ = fs::remove_dir_all(cache);
    fs::create_dir_all(cache)?;
    cmd::run(
        cmd::new("npm")
            .args([
                "pack",
                &format!("katex@{VERSION}"),
                "--silent",
                "--pack-destination",
            ])
            .arg(cache),
    )
    .context("cannot download KaTeX from the npm registry")?;
    let tarball = cache.join(format!("katex-{VERSION}.tgz"));
    if !tarball.is_file() {
        bail!("npm pack did not write {}", tarball.display());
    }
    cmd::run(
        cmd::new("tar")
            .arg("-xzf")
            .arg(&tarball)
            .arg("-C")
            .arg(cache),
    )?;
    let manifest = fs::read_to_string(cache.join("package/package.json"))?;
    if !manifest.contains(&format!("\"version\": \"{VERSION}\"")) {
        bail!("the downloaded katex package is not version {VERSION}");
    }
    Ok(())
}
