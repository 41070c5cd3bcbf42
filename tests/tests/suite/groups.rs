//! Group features compile: the `groups` OpenAPI fixture, generated as a standalone crate, is
//! checked by clippy with `-D warnings` (tests included) with one group on and the rest off,
//! and with `full`; so is the Markdown `client-docs` fixture, whose one group gates nothing
//! but the types no operation reaches. Every run shares one target directory under the workspace's `target/`, so
//! the dependencies are built once.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Writes the generated crate of fixture `kind/case` to `dir`, inside a workspace of its own
/// that uses the project's lock file.
fn write_crate(dir: &Path, kind: &str, case: &str) {
    let folder = tests::fixtures(kind).join(case);
    let output = specgen::generate(&[tests::load(&folder)], &tests::options(case))
        .expect("the fixture generates");
    let _ = std::fs::remove_dir_all(dir);
    for file in &output.files {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("a file has a folder")).expect("mkdir");
        let mut contents = file.contents.clone();
        if file.path == "Cargo.toml" {
            contents.push_str("\n[workspace]\n");
        }
        std::fs::write(&path, contents).expect("write a generated file");
    }
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy the lock");
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate is in the workspace")
        .to_path_buf()
}

/// `cargo clippy --all-targets` of the crate in `dir` with `features`, as `-D warnings`;
/// returns the failure's output.
fn clippy(dir: &Path, default_features: bool, features: &str) -> Result<(), String> {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.args(["clippy", "--quiet", "--all-targets", "--features", features]);
    if !default_features {
        command.arg("--no-default-features");
    }
    let out = command
        .args(["--", "-D", "warnings"])
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            workspace().join("target/group-features"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|err| format!("running cargo: {err}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.success() && !stderr.contains("warning") {
        Ok(())
    } else {
        Err(format!("features `{features}`:\n{stderr}"))
    }
}

#[test]
fn one_group_and_full_compile_without_warnings() {
    let dir = workspace().join("target/group-features/crate");
    write_crate(&dir, "openapi", "groups");
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("manifest");
    assert!(
        manifest.contains("default = [\"full\"]"),
        "the manifest has no group features:\n{manifest}"
    );
    let mut failures = Vec::new();
    // `stores` shares `Address` with `store_staff` and `Pet` with `pets`; `health` reaches
    // only its own type and the `Error` every group reaches.
    for group in ["stores", "health"] {
        failures.extend(clippy(&dir, false, &format!("client,{group}")).err());
    }
    failures.extend(clippy(&dir, true, "client,round-trip").err());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_single_group_compiles_without_warnings() {
    let dir = workspace().join("target/group-features/single");
    write_crate(&dir, "markdown", "client-docs");
    let result = clippy(&dir, false, "client,pets");
    assert!(result.is_ok(), "{}", result.unwrap_err());
}
