//! Shared helpers of the workspace tests: running the generator on a fixture folder and
//! comparing the result with an expected file; and the bodies of the fuzz targets (`fuzz`).

pub mod fuzz;

use std::path::{Path, PathBuf};

use specgen::diagnostics::Diagnostic;
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

/// The runtime copies a standalone crate gets: the hand-written `generated/src/runtime/`
/// (less the parts the crate does not use, which its `Cargo.toml` shows), and
/// `generated/src/client.rs` when its APIs have operations.
pub const RUNTIME_COPIES: [&str; 2] = ["src/runtime/", "src/client.rs"];

/// Whether `path` is one of the [`RUNTIME_COPIES`].
pub fn is_runtime_copy(path: &str) -> bool {
    RUNTIME_COPIES
        .iter()
        .any(|copy| match copy.strip_suffix('/') {
            Some(_) => path.starts_with(copy),
            None => path == *copy,
        })
}

/// All generated files of a run as one text: each file behind a `//- path` line. The runtime
/// copies ([`RUNTIME_COPIES`]) are left out: they are the same for every crate.
pub fn render_files(files: &[specgen::GeneratedFile]) -> String {
    files
        .iter()
        .filter(|f| !is_runtime_copy(&f.path))
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

/// The generated files, diagnostics and report of a successful run, each section behind a
/// `//- ` line: the body of most `.expected` files.
pub fn render_run(files: &[specgen::GeneratedFile], output: &specgen::Output) -> String {
    let mut text = render_files(files);
    text.push_str("//- diagnostics\n");
    text.push_str(&specgen::diagnostics::render_all(&output.diagnostics));
    if !output.silenced.is_empty() {
        text.push_str("//- silenced\n");
        for diagnostic in &output.silenced {
            let at = diagnostic
                .location
                .as_ref()
                .map(|l| format!(" ({}:{})", l.path, l.line))
                .unwrap_or_default();
            text.push_str(&format!(
                "{}[{}]{at}\n",
                diagnostic.severity,
                diagnostic.code.as_str()
            ));
        }
    }
    text.push_str("//- report\n");
    text.push_str(&output.report.to_string());
    text
}

/// Generates every fixture folder of `tests/fixtures/<kind>` and hands the case and its result
/// to `compare`, which returns what is wrong, if anything. Panics with every failure at once.
fn each_fixture(
    kind: &str,
    mut compare: impl FnMut(&Path, Result<specgen::Output, Vec<Diagnostic>>) -> Option<String>,
) {
    let cases = cases(kind);
    assert!(
        !cases.is_empty(),
        "no fixtures found in tests/fixtures/{kind}"
    );
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let input = load(case);
            let name = input.name.clone();
            compare(case, specgen::generate(&[input], &options(&name)))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Generates every fixture folder of `tests/fixtures/<kind>` and compares `render` of the
/// output with `<case>.expected`. Panics with every failure (a run that fails, an expected file
/// that differs) at once.
pub fn run_fixtures(kind: &str, render: impl Fn(&specgen::Output) -> String) {
    each_fixture(kind, |case, result| match result {
        Ok(output) => check(&case.with_extension("expected"), &render(&output)).err(),
        Err(diagnostics) => Some(format!(
            "{}: generation failed:\n{}",
            case.display(),
            specgen::diagnostics::render_all(&diagnostics)
        )),
    });
}

/// Runs every fixture folder of `tests/fixtures/<kind>` and compares its diagnostics with
/// `<case>.stderr`: all of them (errors first by place, warnings, notes) when the run fails, or
/// the warnings and notes of a run that degrades. A run that succeeds without a word fails the
/// test.
pub fn run_error_fixtures(kind: &str) {
    run_diagnostic_fixtures(kind, true);
}

/// Runs every fixture folder of `tests/fixtures/<kind>`, which must generate, and compares the
/// warnings and notes of the run with `<case>.stderr`. A run that fails, or says nothing,
/// fails the test.
pub fn run_warning_fixtures(kind: &str) {
    run_diagnostic_fixtures(kind, false);
}

fn run_diagnostic_fixtures(kind: &str, may_fail: bool) {
    each_fixture(kind, |case, result| {
        let diagnostics = match result {
            Ok(output) if output.diagnostics.is_empty() => {
                return Some(format!(
                    "{}: generation succeeded without a diagnostic; an error, a warning or a note was expected",
                    case.display()
                ));
            }
            Ok(output) => output.diagnostics,
            Err(diagnostics) if !may_fail => {
                return Some(format!(
                    "{}: generation failed; only warnings and notes were expected:\n{}",
                    case.display(),
                    specgen::diagnostics::render_all(&diagnostics)
                ));
            }
            Err(diagnostics) => {
                assert!(
                    diagnostics.iter().any(|d| d.is_error()),
                    "{}: failed without an error",
                    case.display()
                );
                diagnostics
            }
        };
        let rendered = specgen::diagnostics::render_all(&diagnostics);
        check(&case.with_extension("stderr"), &rendered).err()
    });
}

/// Every expected file (`*.expected`, `*.stderr`) below `tests/fixtures`, with its text.
pub fn expectation_files() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("readable fixtures folder")
            .map(|e| e.expect("readable fixtures folder").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path
                .extension()
                .is_some_and(|ext| ext == "expected" || ext == "stderr")
            {
                let text = std::fs::read_to_string(&path).expect("expected files are UTF-8");
                out.push((path, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        &mut out,
    );
    out
}
