//! Reading the TOML files authors write, and writing the files the tools
//! generate.

use std::fs;
use std::io;
use std::path::Path;

/// Parses `text`, the contents of `file`, as TOML; an error names the file
/// and the line, so the author can jump straight to it.
pub fn parse_toml<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> anyhow::Result<T> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map_or(0, |span| crate::directive::line_at(text, span.start));
        anyhow::anyhow!("{file}:{line}: {}", e.message())
    })
}

/// Writes `contents` to `path` whole, through `<path>.partial` and a rename,
/// so an interrupted run never leaves half a file behind.
pub fn write_atomically(path: &Path, contents: impl AsRef<[u8]>) -> io::Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = Path::new(&partial);
    fs::write(partial, contents)?;
    fs::rename(partial, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_toml_error_names_file_and_line() {
        let text = "# how many\ntrials = \"three\"\n";
        let error = parse_toml::<std::collections::BTreeMap<String, u32>>("runs.toml", text)
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("runs.toml:2: "), "{error}");
    }

    #[test]
    fn replaces_the_file_and_leaves_nothing_beside_it() {
        let dir = std::env::temp_dir().join(format!("files-test-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.txt");
        fs::write(&path, "old").unwrap();
        write_atomically(&path, "new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
        fs::remove_dir_all(dir).unwrap();
    }
}
