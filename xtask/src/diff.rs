//! `cargo xtask diff [REV] [--format json]`: the semantic diff of `specs/` between a git
//! revision (default `HEAD`) and the working tree. Exit status 0 when nothing breaks, 3 when
//! something does.

use std::process::ExitCode;

use anyhow::{Result, bail};
use specgen::diagnostics::render_all;
use specgen::{Layout, Options};

/// Runs the diff and returns the exit status to use.
pub fn run(args: &[String]) -> Result<ExitCode> {
    let mut rev = "HEAD".to_string();
    let mut json = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--format" => match it.next().map(String::as_str) {
                Some("json") => json = true,
                Some("text") => json = false,
                other => bail!("`--format` takes `text` or `json`, not {other:?}"),
            },
            other if other.starts_with('-') => bail!("unknown argument `{other}` for `diff`"),
            other => rev = other.to_string(),
        }
    }
    let options = Options::new(
        Layout::Module {
            dir: "src/apis".into(),
        },
        "cargo xtask codegen",
    );
    let generate =
        |inputs: &[specgen::ApiInput], label: &str| match specgen::generate(inputs, &options) {
            Ok(output) => Ok(output.apis),
            Err(diagnostics) => bail!(
                "the specs at {label} have errors:\n{}",
                render_all(&diagnostics)
            ),
        };
    let old = generate(
        &crate::git_specs::read_at(&crate::project_root(), &rev, "specs")?,
        &rev,
    )?;
    let root = crate::project_root().join("specs");
    let mut new_inputs = Vec::new();
    let mut names: Vec<String> = std::fs::read_dir(&root)?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    for name in names {
        new_inputs.push(specgen::input::read_api_dir(
            &root.join(&name),
            &name,
            &format!("specs/{name}"),
        )?);
    }
    let new = generate(&new_inputs, "the working tree")?;
    let changes = specgen::diff::diff(&old, &new);
    if json {
        println!("{}", changes.to_json());
    } else {
        print!("{changes}");
    }
    Ok(if changes.is_breaking() {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}
