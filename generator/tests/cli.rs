//! The `specgen` command as a user runs it: exit codes, messages, and what ends up on disk.
//! Every test works in its own temporary directory with relative paths, as a user would.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};
use std::time::SystemTime;

const PET: &str = "\
# Pet

## Fields

| Field                | Type                 | Required             | Description          |
| -------------------- | -------------------- | -------------------- | -------------------- |
| `name`               | *String*             | :heavy_check_mark:   | N/A                  |
";

/// Runs `specgen` with `args` in `dir`.
fn specgen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_specgen"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn write(dir: &Path, path: &str, contents: &str) {
    let path = dir.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, contents).unwrap();
}

/// Contents and modification time of every file below `dir`, by relative path.
fn snapshot(dir: &Path) -> BTreeMap<String, (String, SystemTime)> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, (String, SystemTime)>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let relative = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                let modified = fs::metadata(&path).unwrap().modified().unwrap();
                out.insert(relative, (fs::read_to_string(&path).unwrap(), modified));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn usage_errors_exit_with_2() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "pets/Pet.md", PET);
    for args in [
        &[][..],
        &["generate"][..],
        &["generate", "pets"][..],
        &["generate", "pets", "--out", "out", "--frobnicate"][..],
        &["generate", "pets", "--out", "out", "--name", "not a name"][..],
    ] {
        let output = specgen(tmp.path(), args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "specgen {args:?}: {}",
            stderr(&output)
        );
    }
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn missing_input_folder_is_a_usage_error_naming_the_path() {
    let tmp = tempfile::tempdir().unwrap();
    let output = specgen(tmp.path(), &["generate", "no/such/folder", "--out", "out"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("`no/such/folder`"),
        "{}",
        stderr(&output)
    );
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn file_input_is_a_usage_error_for_now() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "openapi.yaml", "openapi: 3.1.0\n");
    let output = specgen(tmp.path(), &["generate", "openapi.yaml", "--out", "out"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("`openapi.yaml` is a file"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn config_with_several_inputs_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a/Pet.md", PET);
    write(tmp.path(), "b/Pet.md", PET);
    write(tmp.path(), "codegen.yaml", "");
    let output = specgen(
        tmp.path(),
        &[
            "generate",
            "a",
            "b",
            "--config",
            "codegen.yaml",
            "--out",
            "out",
        ],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("`--config`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn unreadable_config_is_a_usage_error_naming_the_path() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "pets/Pet.md", PET);
    let output = specgen(
        tmp.path(),
        &[
            "generate",
            "pets",
            "--config",
            "missing.yaml",
            "--out",
            "out",
        ],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("`missing.yaml`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn folder_without_docs_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "pets/README.md", "# About\n");
    let output = specgen(tmp.path(), &["generate", "pets", "--out", "out"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("`pets`"), "{}", stderr(&output));
}

/// Needs the Markdown reader: an unknown type in the Type column is an input error.
#[test]
fn broken_doc_exits_with_1_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "pets/Pet.md",
        &PET.replace("*String*", "*Lng*   "),
    );
    let output = specgen(tmp.path(), &["generate", "pets", "--out", "out"]);
    let stderr = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error"), "{stderr}");
    assert!(
        stderr.contains("pets/Pet.md:"),
        "diagnostics show the path as typed: {stderr}"
    );
    assert!(stderr.contains(", nothing written"), "{stderr}");
    assert!(!tmp.path().join("out").exists());
}

/// Needs the Markdown reader and the emitter.
#[test]
fn generates_a_crate_and_rewrites_nothing_the_second_time() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "pets/docs/models/Pet.md", PET);
    write(tmp.path(), "pets/docs/models/README.md", "not a model\n");

    let first = specgen(
        tmp.path(),
        &["generate", "pets/docs/models", "--out", "pet-crate"],
    );
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let out = tmp.path().join("pet-crate");
    assert!(out.join("Cargo.toml").is_file());
    assert!(out.join("src/lib.rs").is_file());
    let cargo_toml = fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(
        cargo_toml.contains("pet-crate"),
        "package named after --out: {cargo_toml}"
    );
    let before = snapshot(&out);

    let second = specgen(
        tmp.path(),
        &["generate", "pets/docs/models", "--out", "pet-crate"],
    );
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("0 files written, 0 removed"),
        "{}",
        stderr(&second)
    );
    assert_eq!(snapshot(&out), before, "the second run rewrote files");

    let quiet = specgen(
        tmp.path(),
        &[
            "generate",
            "pets/docs/models",
            "--out",
            "pet-crate",
            "--quiet",
        ],
    );
    assert_eq!(quiet.status.code(), Some(0), "{}", stderr(&quiet));
    assert_eq!(stderr(&quiet), "");
}
