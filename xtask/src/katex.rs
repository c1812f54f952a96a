//! KaTeX's stylesheet and fonts, served from the book itself.
//!
//! mdbook-katex renders math to HTML at build time, but the HTML needs
//! KaTeX's CSS and fonts; by default it links them from a CDN, which would
//! make every page ask another host. We take them from the `katex` npm
//! package at exactly the version mdbook-katex renders with (downloaded from
//! the npm registry and checked against its published hash: no Node or npm
//! needed), and put them in `src/katex/` (not committed), which mdBook copies
//! into the site; `theme/head.hbs` links the stylesheet.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};

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

/// The package's tarball on the npm registry.
const TARBALL_URL: &str = "https://registry.npmjs.org/katex/-/katex-0.16.4.tgz";

/// The integrity the registry publishes for that tarball (`dist.integrity`
/// at <https://registry.npmjs.org/katex/0.16.4>): a download that hashes to
/// anything else is refused.
const INTEGRITY: &str = "sha512-WudRKUj8yyBeVDI4aYMNxhx5Vhh2PjpzQw1GRu/LVGqL4m1AxwD1GcUp0IMbdJaf5zsjtj8ghP0DOQRYhroNkw==";

/// Downloads the pinned `katex` package from the npm registry over HTTPS,
/// checks it against the published integrity, and unpacks it in `cache`:
/// no Node or npm needed.
fn fetch(cache: &Path) -> Result<()> {
    let tarball = download(TARBALL_URL)?;
    check_integrity(&tarball, INTEGRITY)?;
    let _ = fs::remove_dir_all(cache);
    fs::create_dir_all(cache)?;
    tar::Archive::new(flate2::read::GzDecoder::new(tarball.as_slice()))
        .unpack(cache)
        .with_context(|| format!("cannot unpack {TARBALL_URL} into {}", cache.display()))?;
    let manifest = fs::read_to_string(cache.join("package/package.json"))?;
    if !manifest.contains(&format!("\"version\": \"{VERSION}\"")) {
        bail!("the downloaded katex package is not version {VERSION}");
    }
    Ok(())
}

/// `url`'s body. Certificates are checked against the system's trusted
/// roots, so a machine behind a proxy with its own authority works as `curl`
/// does there.
fn download(url: &str) -> Result<Vec<u8>> {
    use ureq::tls::{RootCerts, TlsConfig};
    let tls = TlsConfig::builder()
        .root_certs(RootCerts::PlatformVerifier)
        .build();
    let agent =
        ureq::Agent::new_with_config(ureq::config::Config::builder().tls_config(tls).build());
    agent
        .get(url)
        .call()
        .and_then(|mut response| response.body_mut().read_to_vec())
        .with_context(|| {
            format!(
                "cannot download KaTeX {VERSION} from {url}; the book serves its CSS and fonts \
                 itself, and fetches them once from the npm registry (check the network, or \
                 a proxy in HTTPS_PROXY)"
            )
        })
}

/// Fails unless `bytes` hash to `integrity`, a Subresource Integrity string
/// (`sha512-` and the base64 digest), as npm publishes it.
fn check_integrity(bytes: &[u8], integrity: &str) -> Result<()> {
    use base64::Engine;
    use sha2::{Digest, Sha512};
    let digest = base64::engine::general_purpose::STANDARD.encode(Sha512::digest(bytes));
    let found = format!("sha512-{digest}");
    if found != integrity {
        bail!(
            "{TARBALL_URL} does not match the integrity the registry published \
             (expected {integrity}, got {found}); refusing to use it"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrity_is_the_base64_sha512_of_the_bytes() {
        // `printf abc | openssl dgst -sha512 -binary | base64`
        let abc = "sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==";
        assert!(check_integrity(b"abc", abc).is_ok());
        let error = check_integrity(b"xyz", abc).unwrap_err().to_string();
        assert!(error.contains("refusing"), "{error}");
    }
}
