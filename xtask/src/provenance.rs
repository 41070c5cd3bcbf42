//! Where a corpus folder comes from: the Speakeasy generator version that wrote its docs and
//! the OpenAPI document it ships, read from the folder's own records (`.speakeasy/gen.lock`,
//! `SOURCE.txt`) or, failing those, from the corpus README's table.

use std::path::{Path, PathBuf};

/// The generator version of a folder as `CLI / generation` (`1.761.9 / 2.881.4`), or `?`.
pub fn generator_version(corpus: &Path, folder: &str) -> String {
    let dir = corpus.join(folder);
    for record in [".speakeasy/gen.lock", "SOURCE.txt"] {
        let Ok(text) = std::fs::read_to_string(dir.join(record)) else {
            continue;
        };
        if let Some(cli) = value(&text, "speakeasyVersion") {
            let generation = value(&text, "generationVersion").unwrap_or("?");
            return format!("{cli} / {generation}");
        }
    }
    std::fs::read_to_string(corpus.join("README.md"))
        .ok()
        .and_then(|readme| readme_version(&readme, folder))
        .unwrap_or_else(|| "?".to_string())
}

/// The OpenAPI document a folder ships (the first `spec_path` of its `SOURCE.txt`, else
/// `.speakeasy/out.openapi.yaml`), when it is there.
pub fn spec_path(corpus: &Path, folder: &str) -> Option<PathBuf> {
    let dir = corpus.join(folder);
    let named = std::fs::read_to_string(dir.join("SOURCE.txt"))
        .ok()
        .and_then(|text| {
            value(&text, "spec_path")
                .and_then(|paths| paths.split(',').next())
                .map(|path| dir.join(path.trim()))
        });
    named
        .into_iter()
        .chain([dir.join(".speakeasy/out.openapi.yaml")])
        .find(|path| path.is_file())
}

/// The value of a `key: value` line (YAML or `SOURCE.txt`), unquoted.
fn value<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    text.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix(key)?.strip_prefix(':')?;
        let rest = rest.trim().trim_matches('"');
        (!rest.is_empty()).then_some(rest)
    })
}

/// The last column of the README table's row for `folder`: `1.761.9 / 2.881.4 (2026-04)`.
fn readme_version(readme: &str, folder: &str) -> Option<String> {
    readme.lines().find_map(|line| {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        (cells.get(1) == Some(&folder))
            .then(|| {
                cells
                    .iter()
                    .rev()
                    .find(|c| !c.is_empty())
                    .map(|c| c.to_string())
            })
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_versions_from_records_and_the_readme_table() {
        let record = "origin: x\nspeakeasyVersion: 1.227.0\ngenerationVersion: 2.291.0\n";
        assert_eq!(value(record, "speakeasyVersion"), Some("1.227.0"));
        assert_eq!(value(record, "generationVersion"), Some("2.291.0"));
        assert_eq!(value(record, "spec_path"), None);
        let readme = "| folder | dialect | generator |\n|---|---|---|\n| a__b | Go | 1.75.0 / 2.89.1 (2023-08) |\n";
        assert_eq!(
            readme_version(readme, "a__b").as_deref(),
            Some("1.75.0 / 2.89.1 (2023-08)")
        );
        assert_eq!(readme_version(readme, "c__d"), None);
    }
}
