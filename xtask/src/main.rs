//! Project automation as plain Rust, run with `cargo xtask <task>` (the alias lives in
//! `.cargo/config.toml`). See <https://github.com/matklad/cargo-xtask/> for the convention.
//!
//! Tasks:
//! - `codegen [--check] [--verbose]`: regenerate `generated/` from `specs/`, or with `--check`
//!   verify that it is up to date without writing.
//! - `conformance [--no-compile] [--only TEXT]`: run the generator against the real-world
//!   corpus, with the lossless round trip of every OpenAPI document's examples; `--only` runs
//!   just the OpenAPI documents whose crate name contains `TEXT`.
//! - `diff [REV] [--format json]`: the semantic diff of `specs/` since a git revision.
//! - `fuzz <TARGET> [--seconds N]`: run a fuzz target of `fuzz/`, seeded from the corpus.
//! - `bench [--quick] [--compile | --compile-only] [--only TEXT]`: the performance figures.
//! - `bench-validate [PAYLOADS] [RUNS]`: what validation costs on top of deserialization.

mod agree;
mod bench;
mod bench_validate;
mod codegen;
mod conformance;
mod diff;
mod fuzz;
mod git_specs;
mod lossless;
mod openapi_conformance;
mod operations;
mod provenance;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  codegen [--check] [--verbose]   regenerate generated/ from specs/ (--check: verify only)
  conformance [--no-compile] [--only TEXT]
                                  run the generator against the real-world corpus, and round-trip
                                  every OpenAPI document's examples through its crate (--only:
                                  just the OpenAPI documents whose crate name contains TEXT,
                                  or one of its comma-separated texts)
  diff [REV] [--format json]      semantic diff of specs/ since REV (default HEAD); exit 3 if breaking
  fuzz <TARGET> [--seconds N]     seed from ../shared/corpus and run a cargo-fuzz target
  bench [--quick] [--compile | --compile-only] [--only TEXT]
                                  generation speed and memory next to the parse floor
  bench-validate [PAYLOADS] [RUNS]  time deserialize + validate against deserialize alone";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let res = match args.first().map(String::as_str) {
        Some("codegen") => {
            codegen_args(&args[1..]).and_then(|(mode, verbose)| codegen::run(mode, verbose))
        }
        Some("conformance") => conformance::run(&args[1..]),
        Some("bench-validate") => bench_validate::run(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("bench-one") => bench::run_one(&args[1..]),
        Some("diff") => {
            return diff::run(&args[1..]).unwrap_or_else(|err| {
                eprintln!("{err:#}");
                ExitCode::FAILURE
            });
        }
        Some("help" | "-h" | "--help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => usage_error(&format!("unknown task `{other}`")),
        None => usage_error("no task given"),
    };
    match res {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // `{:#}` puts the causes on the same line: `reading specs/x/A.md: No such file ...`.
            eprintln!("{err:#}");
            ExitCode::FAILURE
        }
    }
}

fn codegen_args(args: &[String]) -> anyhow::Result<(codegen::Mode, bool)> {
    let mut mode = codegen::Mode::Write;
    let mut verbose = false;
    for arg in args {
        match arg.as_str() {
            "--check" => mode = codegen::Mode::Check,
            "--verbose" | "-v" => verbose = true,
            other => return usage_error(&format!("unknown argument `{other}` for `codegen`")),
        }
    }
    Ok((mode, verbose))
}

fn usage_error<T>(message: &str) -> anyhow::Result<T> {
    anyhow::bail!("error: {message}\n\n{USAGE}")
}

/// The workspace root: the parent of this package's directory.
pub fn project_root() -> PathBuf {
    let dir = env!("CARGO_MANIFEST_DIR");
    PathBuf::from(dir)
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}
