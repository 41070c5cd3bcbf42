//! Shared helpers of the workspace tests: running the generator on a fixture folder and
//! comparing the result with an expected file.

use std::path::{Path, PathBuf};

use specgen::{ApiInput, Layout, Options};

/// The environment variable that makes golden tests write their expected files.
pub const UPDATE: &str = "UPDATE_EXPECT";

/// `tests/fixtures/<kind>`.
pub fn fixtures(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(kind)
}

/// The fixture folders of `kind`, sorted.
pub fn cases(kind: &str) -> Vec<PathBuf> {
    let mut res: Vec<PathBuf> = std::fs::read_dir(fixtures(kind))
        .expect("fixtures folder exists")
        .map(|e| e.expect("readable fixtures folder").path())
        .filter(|p| p.is_dir())
        .collect();
    res.sort();
    res
}

/// Reads a fixture folder as one API named after the folder.
pub fn load(case: &Path) -> ApiInput {
    let name = case
        .file_name()
        .and_then(|n| n.to_str())
        .expect("fixture names are UTF-8");
    let root = format!(
        "{}",
        case.strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(case)
            .display()
    );
    specgen::input::read_api_dir(case, name, &root).expect("fixture folder is readable")
}

/// Options used for every golden: a standalone crate named after the fixture.
pub fn options(name: &str) -> Options {
    Options::new(
        Layout::Crate {
            name: name.replace('_', "-"),
        },
        "UPDATE_EXPECT=1 cargo test -p tests",
    )
}

/// All generated files of a run as one text: each file behind a `//- path` line. The runtime
/// copy (`src/runtime.rs`) is left out: it is the hand-written `generated/src/runtime.rs`, the
/// same for every crate.
pub fn render_files(files: &[specgen::GeneratedFile]) -> String {
    files
        .iter()
        .filter(|f| f.path != "src/runtime.rs")
        .map(|f| format!("//- {}\n{}", f.path, f.contents))
        .collect()
}

/// Compares `actual` with the file at `expected`; with `UPDATE_EXPECT=1` writes it instead.
/// Returns a failure message naming the file and the update switch.
pub fn check(expected: &Path, actual: &str) -> Result<(), String> {
    if std::env::var_os(UPDATE).is_some() {
        std::fs::write(expected, actual)
            .map_err(|e| format!("cannot write {}: {e}", expected.display()))?;
        return Ok(());
    }
    let want = std::fs::read_to_string(expected).unwrap_or_default();
    if want == actual {
        return Ok(());
    }
    let diff = similar::TextDiff::from_lines(want.as_str(), actual)
        .unified_diff()
        .header(&expected.display().to_string(), "actual")
        .to_string();
    Err(format!(
        "{} does not match the generator's output; if the change is intended, run `{UPDATE}=1 cargo test -p tests` and review the diff\n{diff}",
        expected.display()
    ))
}
