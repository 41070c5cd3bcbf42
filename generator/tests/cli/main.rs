//! Tests of the `specgen` binary as users run it: `generate`, `diff`, an interrupted run, and
//! what `generate` may do to the output folder.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

mod diff;
mod generate;
mod input;
mod interrupt;
mod output;

/// Runs `specgen` with `args` in `dir`.
fn specgen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_specgen"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// Runs `specgen` with `args` in `dir`, expects a usage error (exit status 2) and returns what
/// it printed to stderr.
fn usage_error(dir: &Path, args: &[&str]) -> String {
    let output = specgen(dir, args);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "specgen {args:?}: {err}");
    err
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Writes `contents` to `path` below `dir`, creating folders on the way.
fn write(dir: &Path, path: &str, contents: &str) {
    let path = dir.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, contents).unwrap();
}
