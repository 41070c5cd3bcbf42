//! A killed run never leaves a half-written crate: every file is either as the previous run
//! left it or as the new run wants it, never truncated, and the next run completes the tree.
//! The spec is large (2,000 models) so the kill lands while files are being written.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use specgen::files::SourceFile;
use specgen::{ApiInput, Layout, Options};

const MODELS: usize = 2000;

/// A docs folder of `MODELS` models whose descriptions carry `version`, so every generated
/// file changes between versions.
fn docs(version: &str) -> Vec<SourceFile> {
    (0..MODELS)
        .map(|i| {
            let text = format!(
                "# Model{i}\n\nVersion {version} of model {i}.\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `id` | *String* | :heavy_check_mark: | N/A |\n| `count` | *Optional\\<Long>* | :heavy_minus_sign: | Version {version}. |\n"
            );
            SourceFile::new(format!("components/Model{i}.md"), text)
        })
        .collect()
}

fn write_docs(dir: &Path, version: &str) {
    for doc in docs(version) {
        let path = dir.join(&doc.path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, doc.text).unwrap();
    }
}

/// The files the command writes for `version`, computed with the library.
fn expected(version: &str) -> BTreeMap<String, String> {
    let input = ApiInput {
        name: "api".into(),
        docs: docs(version),
        root: "api".into(),
        ..ApiInput::default()
    };
    let options = Options::new(Layout::Crate { name: "out".into() }, "specgen generate");
    let output = specgen::generate(&[input], &options).expect("the spec generates");
    output
        .files
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect()
}

/// The crate's files below `dir`: everything but specgen's manifest.
fn on_disk(dir: &Path) -> BTreeMap<String, String> {
    let mut acc = everything_on_disk(dir);
    acc.remove(".specgen-manifest");
    acc
}

/// Every module a `mod.rs` or `lib.rs` on disk declares exists as a file or folder.
fn check_modules_exist(disk: &BTreeMap<String, String>, delay_ms: u64) {
    for (path, contents) in disk {
        let Some(dir) = path
            .strip_suffix("mod.rs")
            .or_else(|| path.strip_suffix("lib.rs"))
        else {
            continue;
        };
        for line in contents.lines() {
            let Some(module) = line
                .trim_start_matches("pub ")
                .strip_prefix("mod ")
                .and_then(|rest| rest.strip_suffix(';'))
            else {
                continue;
            };
            let module = module.trim_start_matches("r#");
            assert!(
                disk.contains_key(&format!("{dir}{module}.rs"))
                    || disk.contains_key(&format!("{dir}{module}/mod.rs")),
                "{path} names module `{module}`, which is missing after a kill at {delay_ms} ms"
            );
        }
    }
}

fn everything_on_disk(dir: &Path) -> BTreeMap<String, String> {
    let mut acc = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                acc.insert(rel, fs::read_to_string(&path).unwrap());
            }
        }
    }
    acc
}

fn run(dir: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_specgen"))
        .args([
            "generate", "api", "--out", "out", "--name", "out", "--quiet",
        ])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn a_killed_run_leaves_every_file_old_or_new_and_the_next_run_completes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let api = dir.join("api");
    write_docs(&api, "one");
    assert!(run(dir).wait().unwrap().success());
    let old = expected("one");
    assert!(dir.join("out/.specgen-manifest").is_file());
    assert_eq!(
        on_disk(&dir.join("out")),
        old,
        "the first run writes exactly the generated files"
    );

    write_docs(&api, "two");
    let new = expected("two");
    let mut saw_partial = false;
    // Kill at growing delays: some land before writing starts, some during, some after.
    for delay_ms in [5, 20, 50, 100, 200, 400] {
        let mut child = run(dir);
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let disk = on_disk(&dir.join("out"));
        for (path, contents) in &disk {
            if path.contains(".tmp") || path.starts_with('.') || path.contains("/.") {
                // A temporary file of the interrupted write: not one of the crate's files.
                continue;
            }
            let is_old = old.get(path) == Some(contents);
            let is_new = new.get(path) == Some(contents);
            assert!(
                is_old || is_new,
                "{path} is neither the old nor the new version after a kill at {delay_ms} ms"
            );
        }
        check_modules_exist(&disk, delay_ms);
        let n_new = new.iter().filter(|(p, c)| disk.get(*p) == Some(*c)).count();
        saw_partial |= n_new > 0 && n_new < new.len();
    }
    assert!(run(dir).wait().unwrap().success());
    // Nothing else either: temporary files of the killed runs are cleaned up too.
    assert_eq!(
        everything_on_disk(&dir.join("out"))
            .keys()
            .filter(|path| path.contains(".tmp"))
            .count(),
        0
    );
    assert_eq!(
        on_disk(&dir.join("out")),
        new,
        "the next run completes the tree"
    );
    // Not asserted (it depends on timing), but reported: whether a kill hit mid-write.
    eprintln!("a kill landed mid-write: {saw_partial}");
}
