//! `cargo xtask codegen`: regenerates the committed `generated/` crate from `specs/`, and with
//! `--check` verifies that it is up to date without writing anything.
//!
//! Every directory directly below `specs/` is one API, named after the directory. Its docs are
//! the `*.md` and `*.mdx` files below it (except `README.md`), and its config is the optional
//! `codegen.yaml` at its top. The generated modules live in `generated/src/apis/`, which belongs
//! to the generator entirely ([`Ownership::Dir`]): files there that it no longer produces are
//! removed, and no manifest is kept, so the committed tree is exactly the generated files. The
//! crate's `lib.rs` and `Cargo.toml` are written by hand, and never overwritten. Writing goes
//! through [`sync`], so paths are checked before anything is written, a symbolic link in the
//! way is refused, and a failed write changes nothing.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use specgen::Report;
use specgen::diagnostics::{Diagnostic, Severity};
use specgen::sync::{self, ChangeKind, Ownership, Plan};
use specgen::{ApiInput, Layout, Options, Output};

use crate::project_root;

/// The command named in generated headers and in the staleness message.
const REGENERATE: &str = "cargo xtask codegen";
/// Inputs, relative to the project root: one directory per API, read by
/// [`specgen::input::read_api_dir`].
const SPECS: &str = "specs";
/// The output crate, relative to the project root.
const GENERATED: &str = "generated";
/// The generated module tree, relative to [`GENERATED`].
const APIS: &str = "src/apis";

/// Whether to write the output or only compare it with what is committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write changed files and remove files no longer generated.
    Write,
    /// Write nothing; fail with a diff if anything would change.
    Check,
}

/// One generated crate and the folder of API specs it is generated from.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// Folder of API folders, relative to the project root.
    pub specs: &'static str,
    /// The crate the modules go into, relative to the project root.
    pub krate: &'static str,
}

/// What `cargo xtask codegen` maintains: the product crate, and the crate of sample APIs that
/// the serde round-trip tests run against.
pub const TARGETS: &[Target] = &[
    Target {
        specs: SPECS,
        krate: GENERATED,
    },
    Target {
        specs: "tests/roundtrip/specs",
        krate: "tests/roundtrip",
    },
];

/// Runs the generator over every target's specs and writes or checks its crate. Warnings go to
/// stderr (notes only with `verbose`, otherwise as a count). Fails, having written nothing
/// anywhere, when any specs have errors (the error carries every rendered diagnostic) or, in
/// check mode, when any crate is stale (the error lists the stale files, the diff and the
/// command to run).
pub fn run(mode: Mode, verbose: bool) -> Result<()> {
    run_at(&project_root(), TARGETS, mode, verbose, specgen::generate)
}

/// [`run`] for the project at `root` with `generate` standing in for [`specgen::generate`], so
/// the reading, writing and checking can be tested on their own.
fn run_at(
    root: &Path,
    targets: &[Target],
    mode: Mode,
    verbose: bool,
    generate: impl Fn(&[ApiInput], &Options) -> Result<Output, Vec<Diagnostic>>,
) -> Result<()> {
    let options = Options::new(Layout::Module { dir: APIS.into() }, REGENERATE);
    // Generate everything before touching any file, so an error anywhere writes nothing.
    let mut outputs = Vec::new();
    let mut failed = String::new();
    let mut n_errors = 0;
    for target in targets {
        let inputs = read_specs(&root.join(target.specs), target.specs)?;
        match generate(&inputs, &options) {
            Ok(output) => outputs.push((target, output)),
            Err(diagnostics) => {
                n_errors += diagnostics.iter().filter(|d| d.is_error()).count();
                failed.push_str(&render_diagnostics(&diagnostics, verbose));
            }
        }
    }
    if n_errors > 0 {
        bail!(
            "{failed}codegen: {}, nothing written",
            plural(n_errors, "error", "errors")
        );
    }
    let mut plans = Vec::new();
    for (target, output) in &outputs {
        eprint!("{}", render_diagnostics(&output.diagnostics, verbose));
        let plan = sync::plan(
            &root.join(target.krate),
            &output.files,
            &Ownership::Dir(APIS.into()),
        )
        .with_context(|| format!("comparing the generated files with `{}/`", target.krate))?;
        plans.push(plan);
    }
    match mode {
        Mode::Check => {
            let stale: Vec<String> = outputs
                .iter()
                .zip(&plans)
                .filter(|(_, plan)| !plan.is_empty())
                .map(|((target, output), plan)| {
                    format!(
                        "{}{}",
                        semantic_summary(root, target, output, &generate),
                        stale_message(target.krate, plan)
                    )
                })
                .collect();
            if !stale.is_empty() {
                bail!(
                    "{}\nrun `{REGENERATE}` and commit the result",
                    stale.join("\n")
                );
            }
            for (target, _) in &outputs {
                eprintln!("codegen: {}/ is up to date", target.krate);
            }
        }
        Mode::Write => {
            for ((target, output), plan) in outputs.iter().zip(&plans) {
                let applied = plan
                    .apply()
                    .with_context(|| format!("writing `{}/`", target.krate))?;
                for change in plan.changes() {
                    let verb = if change.kind == ChangeKind::Delete {
                        "removed"
                    } else {
                        "updated"
                    };
                    eprintln!("{verb} `{}/{}`", target.krate, change.path);
                }
                eprintln!(
                    "codegen: {}/: {}: {}",
                    target.krate,
                    count_models(&output.report),
                    applied.summary()
                );
                eprint!("{}", output.report);
            }
        }
    }
    Ok(())
}

/// Reads every API folder in `specs` (shown as `display`), in name order. A missing folder
/// means no APIs.
fn read_specs(specs: &Path, display: &str) -> Result<Vec<ApiInput>> {
    let entries = match fs::read_dir(specs) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(err).with_context(|| format!("reading `{display}/`")),
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("reading `{display}/`"))?;
        if !entry.file_type()?.is_dir() {
            continue;
        }
        let name = entry.file_name().into_string().map_err(|name| {
            anyhow!("`{display}/{}` is not a UTF-8 name", name.to_string_lossy())
        })?;
        if !name.starts_with('.') {
            names.push(name);
        }
    }
    names.sort();
    names
        .iter()
        .map(|name| {
            let shown = format!("{display}/{name}");
            specgen::input::read_api_dir(&specs.join(name), name, &shown)
                .with_context(|| format!("reading `{shown}/`"))
        })
        .collect()
}

/// Errors and warnings rendered in order; notes too when `verbose`, else a line counting them.
fn render_diagnostics(diagnostics: &[Diagnostic], verbose: bool) -> String {
    let mut out = String::new();
    let mut n_hidden_notes = 0;
    for diagnostic in diagnostics {
        if diagnostic.severity == Severity::Note && !verbose {
            n_hidden_notes += 1;
        } else {
            // Colour only on a terminal; CI logs and pipes get the plain form.
            if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
                out.push_str(&diagnostic.render_styled());
            } else {
                out.push_str(&diagnostic.render());
            }
            out.push('\n');
        }
    }
    if n_hidden_notes > 0 {
        out.push_str(&format!(
            "codegen: {} not shown, run `{REGENERATE} --verbose` to see them\n",
            plural(n_hidden_notes, "note", "notes")
        ));
    }
    out
}

/// `1 API, 2 models`.
fn count_models(report: &Report) -> String {
    let n_models: usize = report
        .apis
        .iter()
        .map(|api| api.structs + api.enums + api.free_form)
        .sum();
    format!(
        "{}, {}",
        plural(report.apis.len(), "API", "APIs"),
        plural(n_models, "model", "models")
    )
}

/// What the spec edits mean for clients, between the last commit's specs and the working
/// tree; empty when git cannot tell (no repository, a first commit).
fn semantic_summary(
    root: &Path,
    target: &Target,
    output: &Output,
    generate: &impl Fn(&[ApiInput], &Options) -> Result<Output, Vec<Diagnostic>>,
) -> String {
    let Ok(old_inputs) = crate::git_specs::read_at(root, "HEAD", target.specs) else {
        return String::new();
    };
    let options = Options::new(Layout::Module { dir: APIS.into() }, REGENERATE);
    let Ok(old) = generate(&old_inputs, &options) else {
        return String::new();
    };
    let changes = specgen::diff::diff(&old.apis, &output.apis);
    format!(
        "semantic changes in `{}/` since the last commit: {changes}\n",
        target.specs
    )
}

fn stale_message(krate: &str, plan: &Plan) -> String {
    let mut out = format!(
        "codegen: {krate}/ is stale; {} would change:\n",
        plural(plan.changes().len(), "file", "files")
    );
    for change in plan.changes() {
        out.push_str(&format!("  {} `{krate}/{}`\n", change.kind, change.path));
    }
    out.push('\n');
    out.push_str(&plan.unified_diff_with_prefix(&format!("{krate}/")));
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use specgen::GeneratedFile;
    use specgen::diagnostics::Code;

    use super::*;

    /// Fails `cargo test --workspace` when `generated/` does not match `specs/`, with the diff
    /// and the command that fixes it.
    #[test]
    fn generated_code_is_fresh() {
        if let Err(err) = run(Mode::Check, false) {
            panic!("{err:#}");
        }
    }

    fn write(root: &Path, path: &str, contents: &str) {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }

    /// Stands in for the generator: one module per doc holding the doc's text, and a root module
    /// listing them.
    fn fake_generate(inputs: &[ApiInput], options: &Options) -> Result<Output, Vec<Diagnostic>> {
        assert_eq!(options.layout, Layout::Module { dir: APIS.into() });
        let mut files = Vec::new();
        let mut root = String::from("// @generated\n");
        for input in inputs {
            root.push_str(&format!("pub mod {};\n", input.name));
            for doc in &input.docs {
                let stem = doc.path.trim_end_matches(".md");
                let path = format!("{APIS}/{}/{stem}.rs", input.name);
                files.push(GeneratedFile {
                    path,
                    contents: format!("// @generated\n{}", doc.text),
                });
            }
        }
        files.push(GeneratedFile {
            path: format!("{APIS}/mod.rs"),
            contents: root,
        });
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Output {
            files,
            diagnostics: Vec::new(),
            report: Report::default(),
            apis: Vec::new(),
            markdown: Vec::new(),
            silenced: Vec::new(),
            crosschecks: Vec::new(),
            spec_examples: Vec::new(),
            type_paths: Vec::new(),
        })
    }

    #[test]
    fn reads_one_api_per_directory_with_sorted_relative_doc_paths() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write(root, "specs/zoo/b/Z.md", "z");
        write(root, "specs/zoo/A.mdx", "a");
        write(root, "specs/zoo/README.md", "read me");
        write(root, "specs/zoo/notes.txt", "no");
        write(root, "specs/zoo/codegen.yaml", "config");
        write(root, "specs/ant/Pet.md", "pet");
        write(root, "specs/stray.md", "not an API");

        let inputs = read_specs(&root.join("specs"), "specs").unwrap();
        let summary: Vec<_> = inputs
            .iter()
            .map(|api| {
                let docs: Vec<_> = api
                    .docs
                    .iter()
                    .map(|d| (d.path.as_str(), d.text.as_str()))
                    .collect();
                let config = api
                    .config
                    .as_ref()
                    .map(|c| (c.path.as_str(), c.text.as_str()));
                (api.name.as_str(), api.root.as_str(), docs, config)
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("ant", "specs/ant", vec![("Pet.md", "pet")], None),
                (
                    "zoo",
                    "specs/zoo",
                    vec![("A.mdx", "a"), ("b/Z.md", "z")],
                    Some(("codegen.yaml", "config"))
                ),
            ]
        );
        assert!(
            read_specs(&root.join("nowhere"), "nowhere")
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn writes_then_checks_then_reports_stale_files_with_a_diff() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write(root, "specs/pets/Cat.md", "meow\n");
        write(root, "specs/pets/Dog.md", "woof\n");
        write(root, "generated/src/lib.rs", "mod apis;\n");
        write(root, "generated/src/apis/old/Gone.rs", "// @generated\n");

        run_at(root, &TARGETS[..1], Mode::Write, false, fake_generate).unwrap();
        let read = |path: &str| fs::read_to_string(root.join(path)).unwrap();
        assert_eq!(
            read("generated/src/apis/pets/Cat.rs"),
            "// @generated\nmeow\n"
        );
        assert_eq!(
            read("generated/src/apis/mod.rs"),
            "// @generated\npub mod pets;\n"
        );
        assert!(!root.join("generated/src/apis/old").exists());
        assert_eq!(read("generated/src/lib.rs"), "mod apis;\n");
        run_at(root, &TARGETS[..1], Mode::Check, false, fake_generate).unwrap();

        write(root, "specs/pets/Cat.md", "purr\n");
        fs::remove_file(root.join("specs/pets/Dog.md")).unwrap();
        let err = run_at(root, &TARGETS[..1], Mode::Check, false, fake_generate)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "codegen: generated/ is stale; 2 files would change:
  update `generated/src/apis/pets/Cat.rs`
  delete `generated/src/apis/pets/Dog.rs`

--- a/generated/src/apis/pets/Cat.rs
+++ b/generated/src/apis/pets/Cat.rs
@@ -1,2 +1,2 @@
 // @generated
-meow
+purr
--- a/generated/src/apis/pets/Dog.rs
+++ b/generated/src/apis/pets/Dog.rs
@@ -1,2 +0,0 @@
-// @generated
-woof

run `cargo xtask codegen` and commit the result"
        );
        assert_eq!(
            read("generated/src/apis/pets/Cat.rs"),
            "// @generated\nmeow\n",
            "check wrote"
        );

        run_at(root, &TARGETS[..1], Mode::Write, false, fake_generate).unwrap();
        assert_eq!(
            read("generated/src/apis/pets/Cat.rs"),
            "// @generated\npurr\n"
        );
        assert!(!root.join("generated/src/apis/pets/Dog.rs").exists());
        run_at(root, &TARGETS[..1], Mode::Check, false, fake_generate).unwrap();
    }

    #[test]
    fn temporaries_of_a_killed_run_are_no_change_and_go_with_the_next_write() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write(root, "specs/pets/Cat.md", "meow\n");
        run_at(root, &TARGETS[..1], Mode::Write, false, fake_generate).unwrap();
        write(root, "generated/src/apis/pets/.specgen-99-0.tmp", "");
        write(root, "generated/src/apis/.Cat.rs.99.1.tmp", "");
        run_at(root, &TARGETS[..1], Mode::Check, false, fake_generate).unwrap();
        run_at(root, &TARGETS[..1], Mode::Write, false, fake_generate).unwrap();
        assert!(
            !root
                .join("generated/src/apis/pets/.specgen-99-0.tmp")
                .exists()
        );
        assert!(!root.join("generated/src/apis/.Cat.rs.99.1.tmp").exists());
        assert!(root.join("generated/src/apis/pets/Cat.rs").is_file());
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_in_the_generated_tree_is_refused_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write(root, "specs/pets/Cat.md", "meow\n");
        write(root, "elsewhere/keep.rs", "mine\n");
        fs::create_dir_all(root.join("generated/src")).unwrap();
        std::os::unix::fs::symlink(root.join("elsewhere"), root.join("generated/src/apis"))
            .unwrap();
        for mode in [Mode::Check, Mode::Write] {
            let err = run_at(root, &TARGETS[..1], mode, false, fake_generate).unwrap_err();
            assert!(format!("{err:#}").contains("symbolic link"), "{err:#}");
        }
        let kept: Vec<_> = fs::read_dir(root.join("elsewhere"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(kept, ["keep.rs"]);
    }

    #[test]
    fn errors_are_rendered_counted_and_nothing_is_written() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write(root, "specs/pets/Cat.md", "meow\n");
        let failing = |_: &[ApiInput], _: &Options| -> Result<Output, Vec<Diagnostic>> {
            Err(vec![
                Diagnostic::unlocated(Severity::Error, Code::MissingTitle, "bad cat")
                    .with_hint("fix it"),
                Diagnostic::unlocated(Severity::Warning, Code::BareUnion, "odd cat"),
            ])
        };
        let err = run_at(root, &TARGETS[..1], Mode::Write, false, failing)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "error[missing-title]: bad cat\n  |\n  = help: fix it\n\nwarning[bare-union]: odd cat\n\ncodegen: 1 error, nothing written"
        );
        assert!(!root.join("generated").exists());
    }

    #[test]
    fn diagnostics_hide_notes_unless_verbose() {
        let diagnostics = [
            Diagnostic::unlocated(Severity::Warning, Code::BareUnion, "w"),
            Diagnostic::unlocated(Severity::Note, Code::RootRenamed, "n"),
            Diagnostic::unlocated(Severity::Note, Code::RootRenamed, "m"),
        ];
        assert_eq!(
            render_diagnostics(&diagnostics, false),
            "warning[bare-union]: w\n\ncodegen: 2 notes not shown, run `cargo xtask codegen --verbose` to see them\n"
        );
        assert_eq!(
            render_diagnostics(&diagnostics, true),
            "warning[bare-union]: w\n\nnote[root-renamed]: n\n\nnote[root-renamed]: m\n\n"
        );
    }
}
