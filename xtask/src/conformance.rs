//! `cargo xtask conformance`: the generator against real SDK docs written by others, in
//! `../shared/corpus`. For every folder: read every doc (no error or warning allowed), generate
//! a standalone crate, and compile all of them, plus the golden fixtures, with clippy and
//! `-D warnings` in one throwaway workspace. Then the models that the dialects of one API have
//! in common must agree (see `agree.rs`), and the docs of each folder that ships its OpenAPI
//! document are checked against it. A closing table gives, per folder, the generator version
//! (`provenance.rs`), the fields read as any JSON value, the guessed wire names the spec spells
//! otherwise, and the cross-check warnings.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use specgen::diagnostics::{Severity, render_all};
use specgen::model::Api;
use specgen::{Layout, Options};

use crate::agree;
use crate::project_root;
use crate::provenance;

/// APIs whose docs must read without a single warning (examples that do not fit their types
/// aside: they are listed instead).
const STRICT: &[&str] = &["Prove"];

/// APIs whose corpus folders ship no OpenAPI document but have one written for this project
/// (from the facts of the corpus) under `specs/`: their docs are checked against it.
const PROJECT_SPECS: &[(&str, &str)] = &[("Prove", "specs/prove/openapi.yaml")];

/// How the generator's warning about an example that does not fit its type starts.
pub const EXAMPLE_WARNING: &str = "the example of `";

/// Prints how many examples of a folder became tests and how many do not fit their types;
/// with `list`, each of the latter with its place in the spec.
pub fn print_examples(
    report: &specgen::Report,
    warnings: &[specgen::diagnostics::Diagnostic],
    list: bool,
) {
    let examples: usize = report.apis.iter().map(|api| api.examples).sum();
    let not_fitting: usize = report.apis.iter().map(|api| api.examples_not_fitting).sum();
    println!(
        "    examples: {examples}, {} tested, {not_fitting} not fitting their types",
        examples - not_fitting
    );
    if list {
        for warning in warnings {
            let place = warning
                .location
                .as_ref()
                .map(|l| format!("{}:{}: ", l.path, l.line))
                .unwrap_or_default();
            println!("      {place}{}", warning.message);
        }
    }
}

/// A corpus folder and where its model docs are.
pub struct Folder {
    /// Folder name under `corpus/`.
    pub name: &'static str,
    /// Docs root inside the folder.
    pub docs: &'static str,
}

/// The folders the suite reads, grouped by API for the agreement check.
pub const APIS: &[(&str, &[Folder])] = &[
    (
        "Prove",
        &[
            Folder {
                name: "prove-identity__prove-sdk-server-java",
                docs: "docs/models",
            },
            Folder {
                name: "prove-identity__prove-sdk-server-go",
                docs: "docs/models",
            },
            Folder {
                name: "prove-identity__prove-sdk-server-typescript",
                docs: "docs/models",
            },
        ],
    ),
    (
        "eGain",
        &[
            Folder {
                name: "eGain__egain-api-java",
                docs: "docs/models",
            },
            Folder {
                name: "eGain__egain-api-python",
                docs: "docs/models",
            },
            Folder {
                name: "eGain__egain-api-typescript",
                docs: "docs/models",
            },
        ],
    ),
    (
        "Authlete",
        &[
            Folder {
                name: "authlete__authlete-go-sdk",
                docs: "docs/models",
            },
            Folder {
                name: "authlete__authlete-ruby-sdk",
                docs: "docs/models",
            },
        ],
    ),
    (
        "factuarea",
        &[Folder {
            name: "factuarea__factuarea-php",
            docs: "docs/Models",
        }],
    ),
    (
        "StackOne",
        &[Folder {
            name: "StackOneHQ__stackone-client-csharp",
            docs: "docs/Models",
        }],
    ),
    (
        "Tigris",
        &[
            Folder {
                name: "speakeasy-sdks__tigris-go-sdk",
                docs: "docs/pkg/models",
            },
            Folder {
                name: "speakeasy-sdks__tigris-java-sdk",
                docs: "docs/models",
            },
            Folder {
                name: "speakeasy-sdks__tigris-php-sdk",
                docs: "docs/Models",
            },
            Folder {
                name: "speakeasy-sdks__tigris-ts-sdk",
                docs: "docs/sdk/models",
            },
        ],
    ),
    (
        "Wingspan",
        &[
            Folder {
                name: "speakeasy-sdks__wingspan-ts",
                docs: "docs/models",
            },
            Folder {
                name: "speakeasy-sdks__wingspan-python",
                docs: "docs/models",
            },
        ],
    ),
    (
        "Plex",
        &[Folder {
            name: "LukeHagar__plexcsharp",
            docs: "docs/Models",
        }],
    ),
    (
        "Speakeasy",
        &[Folder {
            name: "speakeasy-api__speakeasy-client-sdk-ruby",
            docs: "docs/models",
        }],
    ),
    (
        "Mistral",
        &[Folder {
            name: "mistralai__client-ts",
            docs: "docs/models",
        }],
    ),
    (
        "Novu",
        &[Folder {
            name: "novuhq__novu-go",
            docs: "docs/models",
        }],
    ),
];

/// The dev profile of the workspaces the generated crates are built in. Debug info and
/// incremental caches would only cost disk (GitHub's crate alone leaves gigabytes of them):
/// these builds are checked, not debugged, and every run regenerates the crates.
pub const WORKSPACE_PROFILE: &str = "\n[profile.dev]\ndebug = false\nincremental = false\n";

/// Runs the suite; `--no-compile` skips building the generated crates; `--only TEXT` runs only
/// the OpenAPI documents whose crate name contains `TEXT` (their generation, compilation and
/// lossless round trip), leaving out the Markdown corpus, the fixtures and the CLI check.
pub fn run(args: &[String]) -> Result<()> {
    let mut compile = true;
    let mut only = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--no-compile" => compile = false,
            "--only" => match args.next() {
                Some(text) => only = Some(text.clone()),
                None => bail!("`--only` takes the text a document's crate name contains"),
            },
            other => bail!(
                "unknown argument `{other}` for `conformance` (it takes `--no-compile` and `--only TEXT`)"
            ),
        }
    }
    let root = project_root();
    let corpus = shared_dir(&root)?.join("corpus");
    let work = root.join("target/conformance");
    let mut failures = Vec::new();
    let mut members = Vec::new();
    if let Some(only) = &only {
        // Only the selected crates' folders are rewritten: the others stay as they are.
        return run_openapi(&root, &corpus, &work, compile, only, members, failures);
    }
    let crates_dir = work.join("crates");
    if crates_dir.exists() {
        std::fs::remove_dir_all(&crates_dir)
            .with_context(|| format!("cleaning {}", crates_dir.display()))?;
    }
    let mut rows: Vec<Row> = Vec::new();
    for (api_name, folders) in APIS {
        let mut models: Vec<(String, Api)> = Vec::new();
        for folder in *folders {
            let dir = corpus.join(folder.name).join(folder.docs);
            let display = format!("../shared/corpus/{}/{}", folder.name, folder.docs);
            let input = specgen::input::read_api_dir(&dir, folder.name, &display)
                .with_context(|| format!("reading {display}"))?;
            let n_docs = input.docs.len();
            let started = Instant::now();
            let crate_name = folder
                .name
                .replace("__", "-")
                .replace('_', "-")
                .to_lowercase();
            let options = Options::new(
                Layout::Crate {
                    name: crate_name.clone(),
                },
                "cargo xtask conformance",
            );
            let output = match specgen::generate(&[input], &options) {
                Ok(output) => output,
                Err(diagnostics) => {
                    rows.push(Row {
                        folder: folder.name,
                        version: provenance::generator_version(&corpus, folder.name),
                        ..Row::default()
                    });
                    failures.push(format!(
                        "{display}: generation failed\n{}",
                        render_all(&diagnostics)
                    ));
                    continue;
                }
            };
            let count = |severity| {
                output
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == severity)
                    .count()
            };
            let (warnings, notes) = (count(Severity::Warning), count(Severity::Note));
            let version = provenance::generator_version(&corpus, folder.name);
            rows.push(Row {
                folder: folder.name,
                version: version.clone(),
                untyped: Some(output.report.apis.iter().map(|a| a.untyped).sum()),
                ..Row::default()
            });
            println!(
                "{:<48} generator {version}  {:>5} docs  {:>4} types  {:>4} files  {warnings} warnings  {notes} notes  {:.0} ms",
                folder.name,
                n_docs,
                output.apis.iter().map(|a| a.types.len()).sum::<usize>(),
                output.files.len(),
                started.elapsed().as_secs_f64() * 1000.0
            );
            print!("    {}", output.report);
            // Examples that do not fit their types are the spec's problem, reported (and left
            // out of the example tests) but not held against the reader.
            let (examples, shown): (Vec<_>, Vec<_>) = output
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .cloned()
                .partition(|d| d.message.starts_with(EXAMPLE_WARNING));
            let warnings = shown.len();
            print_examples(&output.report, &examples, STRICT.contains(api_name));
            if warnings > 0 && STRICT.contains(api_name) {
                failures.push(format!(
                    "{display}: {warnings} warnings\n{}",
                    render_all(&shown)
                ));
            } else {
                // Counted per kind, so a thousand-doc folder's warnings fit on a few lines.
                let mut kinds: std::collections::BTreeMap<String, usize> = Default::default();
                for d in &shown {
                    // Cells read as any JSON value, by code: one line per shape would be
                    // as long as the folder.
                    let kind = if d.message.contains("any JSON value") {
                        format!("[{}] read as any JSON value", d.code)
                    } else {
                        d.message.split(':').next().unwrap_or("").to_string()
                    };
                    *kinds.entry(kind).or_default() += 1;
                }
                for (kind, n) in kinds {
                    println!("    warning ({n}): {kind}");
                }
            }
            write_crate(&crates_dir.join(&crate_name), &output.files)?;
            members.push(format!("crates/{crate_name}"));
            models.extend(
                output
                    .apis
                    .into_iter()
                    .map(|a| (folder.name.to_string(), a)),
            );
        }
        if folders.len() < 2 {
            continue;
        }
        let report = agree::compare(&models);
        println!("{api_name}: {}", report.summary());
        print!("{}", report.details());
        if !report.disagreements.is_empty() {
            failures.push(format!(
                "{api_name}: {} unexplained disagreements between dialects",
                report.disagreements.len()
            ));
        }
    }
    for (prefix, case) in fixture_cases(&root)? {
        let name = format!(
            "fixture-{prefix}{}",
            case.file_name().and_then(|n| n.to_str()).unwrap_or("case")
        );
        let input = specgen::input::read_api_dir(&case, &name, &case.display().to_string())?;
        match specgen::generate(
            &[input],
            &Options::new(
                Layout::Crate { name: name.clone() },
                "cargo xtask conformance",
            ),
        ) {
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
    // The command-line tool on a docs folder outside the repository, as a user runs it.
    let cli_docs = corpus.join("prove-identity__prove-sdk-server-go/docs/models");
    let cli_out = crates_dir.join("cli-prove-go");
    let cli = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "run",
            "--quiet",
            "--package",
            "specgen",
            "--",
            "generate",
            "--quiet",
        ])
        .arg(&cli_docs)
        .arg("--out")
        .arg(&cli_out)
        .current_dir(&root)
        .status()
        .context("running the specgen command")?;
    if cli.success() && cli_out.join("Cargo.toml").is_file() {
        println!(
            "specgen generate {} --out {}: ok",
            cli_docs.display(),
            cli_out.display()
        );
        members.push("crates/cli-prove-go".to_string());
    } else {
        failures.push(format!(
            "`specgen generate` on {} failed ({cli})",
            cli_docs.display()
        ));
    }
    docs_against_specs(&root, &corpus, &mut rows)?;
    print_table(&rows);
    failures.extend(crate::operations::run(&corpus)?);
    let filter = std::env::var("SPECGEN_OPENAPI").unwrap_or_default();
    run_openapi(&root, &corpus, &work, compile, &filter, members, failures)
}

/// The OpenAPI part of the suite (documents whose crate name contains `filter`) and the
/// compilation of every crate in `members` and of the OpenAPI crates, with the lossless round
/// trip of the documents' examples; fails with every failure recorded.
fn run_openapi(
    root: &Path,
    corpus: &Path,
    work: &Path,
    compile: bool,
    filter: &str,
    mut members: Vec<String>,
    mut failures: Vec<String>,
) -> Result<()> {
    let mut lossless = crate::openapi_conformance::Lossless::default();
    crate::openapi_conformance::run(
        root,
        corpus,
        compile,
        filter,
        &mut members,
        &mut failures,
        &mut lossless,
    )?;
    if compile {
        if !members.is_empty() {
            compile_all(root, work, &members, &mut failures)?;
        }
        crate::openapi_conformance::run_small_harnesses(work, &mut lossless, &mut failures)?;
        lossless.finish(&mut failures);
    }
    if failures.is_empty() {
        println!(
            "conformance: {} crates generated{}, every check passed",
            members.len(),
            if compile { " and compiled" } else { "" }
        );
        Ok(())
    } else {
        bail!("conformance failed:\n\n{}", failures.join("\n\n"))
    }
}

/// For every corpus folder that ships its OpenAPI document, or whose API has one in `specs/`
/// (`PROJECT_SPECS`): the docs' model against the spec's, with the differences the docs cannot
/// express counted by reason, the disagreements by kind, and the docs' wire names that differ
/// from the spec by where the docs got them. Docs models the spec does not define are listed
/// apart (a project spec covers only some operations), with the spec types no docs model
/// stands for, which tell whether they are models the spec leaves out or pairings missed.
fn docs_against_specs(root: &Path, corpus: &Path, rows: &mut [Row]) -> Result<()> {
    println!("\ndocs against OpenAPI documents:");
    for (api_name, folders) in APIS {
        let project_spec = PROJECT_SPECS
            .iter()
            .find(|(api, _)| api == api_name)
            .map(|(_, path)| *path);
        for folder in *folders {
            let (spec, spec_display) =
                match (provenance::spec_path(corpus, folder.name), project_spec) {
                    (Some(shipped), _) => (shipped, ""),
                    (None, Some(path)) => (
                        root.join(path),
                        path.rsplit_once('/').map_or("", |(dir, _)| dir),
                    ),
                    (None, None) => continue,
                };
            // The docs as the SDK publishes them: the model docs and, where the SDK has them,
            // the operation pages, whose parameter names are evidence of the naming policy.
            let docs_dir = match folder.docs.split_once('/') {
                Some((top, _)) if corpus.join(folder.name).join(top).join("sdks").is_dir() => top,
                _ => folder.docs,
            };
            let docs = corpus.join(folder.name).join(docs_dir);
            let mut input = specgen::input::read_api_dir(
                &docs,
                folder.name,
                &format!("../shared/corpus/{}/{}", folder.name, docs_dir),
            )?;
            input.openapi =
                specgen::input::read_openapi_file(&spec, folder.name, spec_display)?.openapi;
            let options = Options::new(
                Layout::Crate {
                    name: "crosscheck".into(),
                },
                "cargo xtask conformance",
            );
            let output = match specgen::generate(&[input], &options) {
                Ok(output) => output,
                Err(diagnostics) => {
                    println!(
                        "  {}: generation failed\n{}",
                        folder.name,
                        render_all(&diagnostics)
                    );
                    continue;
                }
            };
            let Some(Some(check)) = output.crosschecks.first() else {
                continue;
            };
            let sum = |m: &std::collections::BTreeMap<&str, usize>| m.values().sum::<usize>();
            if let Some(row) = rows.iter_mut().find(|r| r.folder == folder.name) {
                row.disagreements = Some(sum(&check.disagreements));
                row.docs_only = Some(check.docs_only.len() + check.docs_only_operations.len());
                row.guessed_wrong = Some(
                    check
                        .wire_mismatches
                        .iter()
                        .filter(|((source, _), _)| source.contains("guessed"))
                        .map(|(_, n)| n)
                        .sum(),
                );
            }
            println!(
                "  {:<44} {} models, {} fields: {} differences the docs cannot express, {} disagreements",
                folder.name,
                check.models,
                check.fields,
                sum(&check.allowed),
                sum(&check.disagreements)
            );
            for (reason, n) in &check.allowed {
                println!("      allowed ({n}): {reason}");
            }
            for (kind, n) in &check.disagreements {
                println!("      disagree ({n}): {kind}");
            }
            if !check.docs_only.is_empty() {
                println!(
                    "      docs-only models ({}): the docs describe them, the spec does not define them (not disagreements: the spec leaves them out); spec types no docs model stands for: {}",
                    check.docs_only.len(),
                    if check.spec_only.is_empty() {
                        "none".to_string()
                    } else {
                        check.spec_only.join(", ")
                    }
                );
            }
            if !check.docs_only_operations.is_empty() {
                println!(
                    "      docs-only operations ({}): the docs describe them, the spec does not define them (not disagreements)",
                    check.docs_only_operations.len()
                );
            }
            for ((source, reason), n) in &check.wire_mismatches {
                println!("      wire names differing from the spec ({n}), from {source}: {reason}");
            }
            for (field, guess, spec) in &check.guessed_wrong {
                println!("        guessed `{guess}` for {field}, the spec has `{spec}`");
            }
        }
    }
    Ok(())
}

/// One line of the closing table: a corpus folder and what reading it gave.
#[derive(Default)]
struct Row {
    folder: &'static str,
    /// The Speakeasy generator that wrote the docs (`CLI / generation`).
    version: String,
    /// Fields typed as any JSON value because their Type cell could not be read; `None` when
    /// the folder failed to generate.
    untyped: Option<usize>,
    /// Guessed wire names that the folder's OpenAPI document spells otherwise; `None` without
    /// a document.
    guessed_wrong: Option<usize>,
    /// Cross-check warnings (docs against the folder's OpenAPI document), docs-only models
    /// and operations aside.
    disagreements: Option<usize>,
    /// Docs models and operations the OpenAPI document does not define (a project spec covers
    /// part of the API).
    docs_only: Option<usize>,
}

/// Per folder: generator version, fields read as any JSON value, guessed wire names the spec
/// contradicts, cross-check warnings that are disagreements, and docs models the spec does not
/// define (`-` where the folder has no spec or did not read).
fn print_table(rows: &[Row]) {
    let shown = |n: Option<usize>| n.map_or("-".to_string(), |n| n.to_string());
    println!(
        "\n{:<44} {:<26} {:>9} {:>13} {:>11} {:>9}",
        "folder",
        "generator (CLI / gen.)",
        "any-typed",
        "guessed wrong",
        "cross-check",
        "docs-only"
    );
    for row in rows {
        println!(
            "{:<44} {:<26} {:>9} {:>13} {:>11} {:>9}",
            row.folder,
            row.version,
            row.untyped.map_or("failed".to_string(), |n| n.to_string()),
            shown(row.guessed_wrong),
            shown(row.disagreements),
            shown(row.docs_only)
        );
    }
}

fn shared_dir(root: &Path) -> Result<PathBuf> {
    let shared = match std::env::var_os("SPECGEN_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => root.parent().map(|p| p.join("shared")).unwrap_or_default(),
    };
    if !shared.join("corpus").is_dir() {
        bail!(
            "the conformance suite reads the real-world corpus in {}, which is not there\n\
             hint: clone the project next to its `shared` folder (so that `../shared/corpus` exists), \
             or point SPECGEN_SHARED at that folder",
            shared.join("corpus").display()
        );
    }
    Ok(shared)
}

/// The golden fixtures compiled with the corpus, with a crate name prefix for each folder:
/// the Markdown ones and the validation ones (whose example tests then run too).
fn fixture_cases(root: &Path) -> Result<Vec<(&'static str, PathBuf)>> {
    let mut cases = Vec::new();
    for (folder, prefix) in [("markdown", ""), ("validate", "validate-")] {
        let dir = root.join("tests/fixtures").join(folder);
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                cases.push((prefix, path));
            }
        }
    }
    cases.sort();
    Ok(cases)
}

/// Writes a generated crate into `dir`, emptied first.
pub(crate) fn write_crate(dir: &Path, files: &[specgen::GeneratedFile]) -> Result<()> {
    // A file an earlier run wrote and this one does not (the runtime was once `runtime.rs`)
    // must not stay beside the new ones: the crate's folder is this suite's alone.
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("cleaning {}", dir.display()))?;
    }
    for file in files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &file.contents)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// Builds every generated crate in one workspace, so dependencies compile once, with clippy
/// and `-D warnings`, and documents them with rustdoc warnings denied; all with every feature,
/// so the clients of the APIs with operations are compiled, documented and their examples
/// built too.
fn compile_all(
    root: &Path,
    work: &Path,
    members: &[String],
    failures: &mut Vec<String>,
) -> Result<()> {
    let mut manifest = String::from("[workspace]\nresolver = \"2\"\nmembers = [\n");
    for member in members {
        writeln!(manifest, "    \"{member}\",")?;
    }
    manifest.push_str("]\n");
    manifest.push_str(WORKSPACE_PROFILE);
    std::fs::write(work.join("Cargo.toml"), manifest)?;
    // The project's lock file pins the same serde versions the committed crate builds with.
    std::fs::copy(root.join("Cargo.lock"), work.join("Cargo.lock"))?;
    let started = Instant::now();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "clippy",
            "--workspace",
            "--all-targets",
            // The client of every folder with operations too (feature `client`).
            "--all-features",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(work)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .status()
        .context("running cargo clippy on the generated crates")?;
    println!(
        "compiled {} crates with clippy -D warnings in {:.1} s",
        members.len(),
        started.elapsed().as_secs_f64()
    );
    if !status.success() {
        failures.push(format!(
            "the generated crates in {} do not compile cleanly (see the output above)",
            work.display()
        ));
    }
    let cargo = || {
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        command
            .current_dir(work)
            .env("CARGO_TARGET_DIR", work.join("target"));
        command
    };
    // Their docs, with rustdoc's warnings denied: one crate at a time, each into an emptied
    // doc folder. rustdoc merges every crate of a doc folder into one search index, read and
    // written again by each crate it documents, so one `cargo doc --workspace` over this many
    // crates costs time and memory growing with the square of their number (a small crate
    // took 12 s and 3.3 GB beside 136 others, 0.5 s and 0.25 GB alone).
    let started = Instant::now();
    let doc_dir = work.join("target").join("doc");
    let mut undocumented = Vec::new();
    for member in members {
        if doc_dir.exists() {
            std::fs::remove_dir_all(&doc_dir)
                .with_context(|| format!("emptying {}", doc_dir.display()))?;
        }
        let status = cargo()
            .args([
                "doc",
                "--all-features",
                "--no-deps",
                "--quiet",
                "--manifest-path",
            ])
            .arg(work.join(member).join("Cargo.toml"))
            .env("RUSTDOCFLAGS", "-D warnings")
            .status()
            .context("running cargo doc")?;
        if !status.success() {
            undocumented.push(member.as_str());
        }
    }
    println!(
        "documented with rustdoc -D warnings for {} crates in {:.1} s",
        members.len(),
        started.elapsed().as_secs_f64()
    );
    if !undocumented.is_empty() {
        failures.push(format!(
            "`cargo doc` failed on {} of the generated crates in {} (see the output above): {}",
            undocumented.len(),
            work.display(),
            undocumented.join(", ")
        ));
    }
    // Their example tests.
    let started = Instant::now();
    let status = cargo()
        .args(["test", "--workspace", "--all-features", "--quiet"])
        .status()
        .context("running cargo test")?;
    println!(
        "ran their example tests for {} crates in {:.1} s",
        members.len(),
        started.elapsed().as_secs_f64()
    );
    if !status.success() {
        failures.push(format!(
            "`cargo test` failed on the generated crates in {} (see the output above)",
            work.display()
        ));
    }
    Ok(())
}
