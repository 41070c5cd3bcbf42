//! The OpenAPI part of `cargo xtask conformance`: every OpenAPI document of the corpus
//! (`<folder>/.speakeasy/out.openapi.yaml`, `<folder>/spec/openapi.json`) and of
//! `../shared/openapi` is generated as a standalone crate, and so is every fixture under
//! `tests/fixtures/openapi`; the crates join the workspace that conformance compiles with
//! clippy and `-D warnings`. Per document it prints the schemas read, the types emitted, the
//! warnings (counted by kind) and the generation time.
//!
//! Beside every document's crate, a harness crate round-trips the document's examples through
//! it (see `lossless.rs`); the harnesses of the small crates are members of the shared
//! workspace, so each crate's library is built once, and run once it is compiled.
//!
//! Crates of more than [`LARGE`] types (Stripe's, GitHub's) are compiled here instead, one at
//! a time and without the test target: rustc needs about 10 GB for GitHub's crate, and the
//! shared workspace would build two such crates (or a crate and its test harness) at once.
//! Each is compiled once, by building its harness with `clippy-driver` wrapping rustc for the
//! workspace's members (`RUSTC_WORKSPACE_WRAPPER`, lints denied through `CLIPPY_ARGS`): the
//! lints and the code the harness runs come out of one compilation.
//!
//! Every crate is generated with the size budget of [`specgen::model::size`]: each type file
//! asserts in a `const` that the type is small, which `cargo clippy` (like `cargo check`)
//! evaluates, so a type that grows large fails the run without a test harness.
//!
//! `cargo xtask conformance --only <text>` (or `SPECGEN_OPENAPI=<text>` for the whole suite)
//! limits the run to the documents whose name contains the text (handy because Stripe's and
//! GitHub's crates take minutes to compile).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use specgen::diagnostics::{Severity, render_all};
use specgen::{Layout, Options};

use crate::conformance::write_crate;

/// Crates with more types than this are compiled on their own.
const LARGE: usize = 2000;

/// One OpenAPI document to generate.
struct Spec {
    /// Crate name (`openapi-stripe-spec3-2023-09-12`).
    name: String,
    path: PathBuf,
    /// How the path is shown (`../shared/openapi/stripe-spec3-2023-09-12.yaml`).
    display: String,
}

/// Generates a crate for every OpenAPI document and fixture into `target/conformance/crates`,
/// adds the crates to `members` (relative to the conformance workspace, like
/// `crates/<name>`) or, when large and `compile` is set, compiles them on their own; records
/// what fails. Only documents and fixtures whose crate name contains `filter` (or one of its
/// comma-separated texts) are run.
pub fn run(
    root: &Path,
    corpus: &Path,
    compile: bool,
    filter: &str,
    members: &mut Vec<String>,
    failures: &mut Vec<String>,
    lossless: &mut Lossless,
) -> Result<()> {
    let work = root.join("target/conformance");
    let work = work.as_path();
    let crates_dir = work.join("crates");
    let harness_dir = work.join("harness");
    let large_dir = work.join("large");
    // A filtered run cleans only the folders of the crates it writes (below).
    if filter.is_empty() {
        clean(&harness_dir)?;
        clean(&large_dir)?;
    }
    let mut large = Vec::new();
    let specs: Vec<Spec> = documents(corpus)?
        .into_iter()
        .filter(|spec| selected(filter, &spec.name))
        .collect();
    println!(
        "{:<48} {:>7} {:>6} {:>8} {:>7}",
        "OpenAPI document", "schemas", "types", "warnings", "ms"
    );
    for spec in &specs {
        let display_root = spec.display.rsplit_once('/').map_or("", |(d, _)| d);
        let input = specgen::input::read_openapi_file(&spec.path, &spec.name, display_root)
            .with_context(|| format!("reading {}", spec.display))?;
        let n_schemas = input
            .openapi
            .first()
            .and_then(specgen::openapi::count_schemas)
            .unwrap_or(0);
        let options = Options::new(
            Layout::Crate {
                name: spec.name.clone(),
            },
            "cargo xtask conformance",
        )
        // Every type asserts at compile time that it stays within the size budget (1 KiB, or
        // 32 bytes per field for a struct of more than 32 fields); the clippy run
        // that compiles the crate evaluates the assertions.
        .with_size_budget(specgen::model::size::BUDGET_BYTES);
        let started = Instant::now();
        let res = specgen::generate(&[input], &options);
        let elapsed = started.elapsed();
        let output = match res {
            Ok(output) => output,
            Err(diagnostics) => {
                failures.push(format!(
                    "{}: generation failed\n{}",
                    spec.display,
                    render_all(&diagnostics)
                ));
                continue;
            }
        };
        let warnings: Vec<_> = output
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect();
        let n_types: usize = output.apis.iter().map(|a| a.types.len()).sum();
        println!(
            "{:<48} {:>7} {:>6} {:>8} {:>7.0}",
            spec.name,
            n_schemas,
            n_types,
            warnings.len(),
            elapsed.as_secs_f64() * 1000.0
        );
        print!("    {}", output.report);
        let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
        for warning in &warnings {
            *kinds.entry(kind_of(&warning.message)).or_default() += 1;
        }
        for (kind, n) in kinds {
            println!("    warning ({n}): {kind}");
        }
        let cases: Vec<_> = output.spec_examples.into_iter().flatten().collect();
        let type_paths: Vec<String> = output.type_paths.into_iter().flatten().collect();
        crate::lossless::print_listed(&spec.name, &cases);
        for dir in [&crates_dir, &harness_dir, &large_dir] {
            clean(&dir.join(&spec.name))?;
        }
        clean(&large_dir.join(format!("lossless-{}", spec.name)))?;
        if n_types > LARGE {
            let crate_dir = large_dir.join(&spec.name);
            write_crate(&crate_dir, &output.files)?;
            let harness = crate::lossless::write_harness(
                &large_dir.join(format!("lossless-{}", spec.name)),
                &spec.name,
                &crate_dir,
                cases,
                &type_paths,
            )?;
            large.push((spec.name.clone(), n_types, harness));
        } else {
            let crate_dir = crates_dir.join(&spec.name);
            write_crate(&crate_dir, &output.files)?;
            members.push(format!("crates/{}", spec.name));
            let harness = crate::lossless::write_harness(
                &harness_dir.join(&spec.name),
                &spec.name,
                &crate_dir,
                cases,
                &type_paths,
            )?;
            members.push(format!("harness/{}", spec.name));
            lossless.small.push(harness);
        }
    }
    for case in fixtures(root)? {
        let case_name = case.file_name().and_then(|n| n.to_str()).unwrap_or("case");
        let name = format!("openapi-fixture-{case_name}");
        if !selected(filter, &name) {
            continue;
        }
        let input = specgen::input::read_api_dir(&case, case_name, &case.display().to_string())?;
        let options = Options::new(
            Layout::Crate { name: name.clone() },
            "cargo xtask conformance",
        );
        match specgen::generate(&[input], &options) {
            Ok(output) => {
                write_crate(&crates_dir.join(&name), &output.files)?;
                members.push(format!("crates/{name}"));
            }
            Err(diagnostics) => failures.push(format!(
                "{}: generation failed\n{}",
                case.display(),
                render_all(&diagnostics)
            )),
        }
    }
    if compile && !large.is_empty() {
        compile_large(root, work, &large_dir, &large, failures, lossless)?;
    }
    Ok(())
}

/// Whether the crate `name` is run under `filter`: texts separated by commas, one of which
/// the name contains (an empty filter runs everything).
fn selected(filter: &str, name: &str) -> bool {
    filter.split(',').any(|text| name.contains(text))
}

/// The lossless round trips (see `lossless.rs`): the harnesses of the small crates, run once
/// the shared workspace is built, and the table so far.
#[derive(Default)]
pub struct Lossless {
    small: Vec<crate::lossless::Harness>,
    table: Vec<(String, crate::lossless::Tally)>,
    details: String,
    unexplained: usize,
    /// Seconds spent building and running harnesses beyond the crates' own compilation.
    seconds: f64,
}

impl Lossless {
    /// Prints the table and records a failure when a case is unexplained.
    pub fn finish(&self, failures: &mut Vec<String>) {
        crate::lossless::print_table(&self.table, &self.details);
        println!(
            "the small documents' harnesses were built and run in {:.1} s",
            self.seconds
        );
        if self.unexplained > 0 {
            failures.push(format!(
                "{} spec examples do not round-trip without loss although they fit their types (see the table above)",
                self.unexplained
            ));
        }
    }
}

/// Builds and runs the harness of every small crate in the shared conformance workspace.
pub fn run_small_harnesses(
    work: &Path,
    lossless: &mut Lossless,
    failures: &mut Vec<String>,
) -> Result<()> {
    let harnesses = std::mem::take(&mut lossless.small);
    let started = Instant::now();
    for harness in &harnesses {
        match crate::lossless::run_harness(
            work,
            &work.join("target"),
            harness,
            &[],
            &mut lossless.table,
            &mut lossless.details,
        ) {
            Ok(n) => lossless.unexplained += n,
            Err(err) => failures.push(format!("{err:#}")),
        }
    }
    lossless.seconds += started.elapsed().as_secs_f64();
    Ok(())
}

/// Compiles each large crate with clippy and `-D warnings`, one after the other, in a
/// workspace of their own that shares the conformance target directory, and runs its harness:
/// one compilation, with `clippy-driver` wrapping rustc, lints the crate (with its client:
/// the harness turns the `client` feature on where the crate has one) and builds the code the
/// harness runs.
fn compile_large(
    root: &Path,
    work: &Path,
    dir: &Path,
    crates: &[(String, usize, crate::lossless::Harness)],
    failures: &mut Vec<String>,
    lossless: &mut Lossless,
) -> Result<()> {
    let mut manifest = String::from("[workspace]\nresolver = \"2\"\nmembers = [\n");
    for (name, _, _) in crates {
        manifest.push_str(&format!("    \"{name}\",\n"));
        manifest.push_str(&format!("    \"lossless-{name}\",\n"));
    }
    manifest.push_str("]\n");
    manifest.push_str(crate::conformance::WORKSPACE_PROFILE);
    std::fs::write(dir.join("Cargo.toml"), manifest)?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))?;
    let clippy_driver = clippy_driver();
    let env = [
        (
            "RUSTC_WORKSPACE_WRAPPER",
            clippy_driver.display().to_string(),
        ),
        (
            "CLIPPY_ARGS",
            "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__".to_string(),
        ),
    ];
    for (name, n_types, harness) in crates {
        let started = Instant::now();
        let res = crate::lossless::run_harness(
            dir,
            &work.join("target"),
            harness,
            &env,
            &mut lossless.table,
            &mut lossless.details,
        );
        println!(
            "compiled {name} ({n_types} types) with clippy -D warnings and ran its examples in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        match res {
            Ok(n) => lossless.unexplained += n,
            Err(err) => failures.push(format!(
                "the generated crate {} does not compile cleanly, or its examples did not run: {err:#}",
                dir.join(name).display()
            )),
        }
    }
    Ok(())
}

/// The `clippy-driver` of the toolchain that runs this (beside `cargo`), else the one on the
/// `PATH`.
fn clippy_driver() -> PathBuf {
    let cargo = PathBuf::from(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    if let Some(dir) = cargo.parent() {
        let beside = dir.join("clippy-driver");
        if beside.is_file() {
            return beside;
        }
    }
    PathBuf::from("clippy-driver")
}

/// The OpenAPI documents of the corpus folders and of `../shared/openapi`, by crate name.
fn documents(corpus: &Path) -> Result<Vec<Spec>> {
    let mut res = Vec::new();
    let mut folders: Vec<PathBuf> = std::fs::read_dir(corpus)
        .with_context(|| format!("reading {}", corpus.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    for folder in folders {
        let folder_name = folder
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        for (relative, suffix) in [
            (".speakeasy/out.openapi.yaml", ""),
            ("spec/openapi.json", "-json"),
        ] {
            let path = folder.join(relative);
            if path.is_file() {
                res.push(Spec {
                    name: crate_name(&format!("openapi-{folder_name}{suffix}")),
                    display: format!("../shared/corpus/{folder_name}/{relative}"),
                    path,
                });
            }
        }
    }
    let shared_openapi = corpus.parent().unwrap_or(corpus).join("openapi");
    if shared_openapi.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&shared_openapi)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
            })
            .collect();
        files.sort();
        for path in files {
            let file = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_string();
            let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
            res.push(Spec {
                name: crate_name(&format!("openapi-{stem}")),
                display: format!("../shared/openapi/{file}"),
                path,
            });
        }
    }
    Ok(res)
}

/// The fixture folders of `tests/fixtures/openapi`.
fn fixtures(root: &Path) -> Result<Vec<PathBuf>> {
    let dir = root.join("tests/fixtures/openapi");
    let mut cases = Vec::new();
    if dir.is_dir() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                cases.push(path);
            }
        }
    }
    cases.sort();
    Ok(cases)
}

/// A package name: lowercase letters, digits and `-`.
fn crate_name(name: &str) -> String {
    let mut res = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            res.push(c.to_ascii_lowercase());
        } else if !res.ends_with('-') {
            res.push('-');
        }
    }
    res.trim_matches('-').to_string()
}

/// A warning's message with its quoted names left out, so warnings of one kind count
/// together.
fn kind_of(message: &str) -> String {
    let mut res = String::new();
    let mut quoted = false;
    for c in message.chars() {
        if c == '`' {
            quoted = !quoted;
            if quoted {
                res.push_str("`…`");
            }
        } else if !quoted {
            res.push(c);
        }
    }
    res
}

/// Removes `dir` and what it holds, if it exists.
fn clean(dir: &Path) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("cleaning {}", dir.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_kinds() {
        assert_eq!(
            crate_name("openapi-eGain__egain-api-java"),
            "openapi-egain-egain-api-java"
        );
        assert_eq!(
            kind_of("enum value `+1` is named `Plus1` in Rust"),
            "enum value `…` is named `…` in Rust"
        );
    }
}
