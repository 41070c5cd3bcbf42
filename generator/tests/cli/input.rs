//! What `specgen` reads: only files below the API's root (its folder, or the folder above it
//! that `ref_root` names), never through symlinks that leave it, never absolute paths; and
//! what it says about files it does not read (refused, not UTF-8), each at its place, with
//! the run's other errors.

use std::fs;
use std::path::Path;
use std::process::Command;

use super::{specgen, stderr, stdout, write};

/// A marker in files outside the root: it must never show in anything the command prints or
/// writes.
const SECRET: &str = "SPECGEN-TEST-SECRET-5f0c1e";

/// An OpenAPI document whose `Pet` schema has one property per `(name, ref)`.
fn document(refs: &[(&str, &str)]) -> String {
    let mut text = String::from(
        "openapi: 3.1.0\ninfo: {title: Pets, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        name: {type: string}\n",
    );
    for (name, target) in refs {
        text.push_str(&format!("        {name}:\n          $ref: '{target}'\n"));
    }
    text
}

/// A schema file with a `Secret` schema whose description holds the marker.
fn secret_schema() -> String {
    format!(
        "Secret:\n  type: object\n  description: {SECRET}\n  properties:\n    token: {{type: string}}\n"
    )
}

/// Everything below `dir` as text (lossy), for looking for the marker.
fn all_text(dir: &Path) -> String {
    let mut res = String::new();
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                res.push_str(&all_text(&path));
            } else {
                res.push_str(&String::from_utf8_lossy(&fs::read(&path).unwrap()));
            }
        }
    }
    res
}

/// Runs `specgen generate specs/pets --out out` in `dir`; expects exit status 1 and no output
/// folder, and that the marker shows nowhere. Returns stderr.
fn generate_fails(dir: &Path) -> String {
    let output = specgen(dir, &["generate", "specs/pets", "--out", "out"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(!dir.join("out").exists(), "nothing is written");
    assert!(!err.contains(SECRET), "{err}");
    assert!(!stdout(&output).contains(SECRET));
    err
}

#[test]
fn a_ref_to_a_sibling_folder_is_refused_at_the_ref_and_never_read() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "other/secret.yaml", &secret_schema());
    write(
        tmp.path(),
        "specs/pets/openapi.yaml",
        &document(&[("secret", "../../other/secret.yaml#/Secret")]),
    );
    let err = generate_fails(tmp.path());
    assert!(err.contains("error[refused-file]"), "{err}");
    assert!(err.contains("--> specs/pets/openapi.yaml:11:11"), "{err}");
    assert!(err.contains("outside `specs/pets`"), "{err}");
}

#[test]
fn absolute_and_climbing_refs_to_system_files_are_refused_without_reading_them() {
    let tmp = tempfile::tempdir().unwrap();
    let climb = format!("{}etc/passwd", "../".repeat(40));
    write(
        tmp.path(),
        "specs/pets/openapi.yaml",
        &document(&[("absolute", "/etc/passwd"), ("climbing", &climb)]),
    );
    let err = generate_fails(tmp.path());
    assert_eq!(err.matches("error[refused-file]").count(), 2, "{err}");
    assert!(err.contains("--> specs/pets/openapi.yaml:11:11"), "{err}");
    assert!(err.contains("by an absolute path"), "{err}");
    assert!(err.contains("--> specs/pets/openapi.yaml:13:11"), "{err}");
    if let Ok(passwd) = fs::read_to_string("/etc/passwd") {
        let first = passwd.lines().next().unwrap_or_default();
        assert!(first.is_empty() || !err.contains(first), "{err}");
    }
}

/// Like `/proc/self/environ`: a file outside the root, of NUL-separated variables that are not
/// YAML. Its text never reaches a message, not even as a syntax error's snippet.
#[test]
fn an_environment_like_file_outside_the_root_never_shows_in_messages() {
    let tmp = tempfile::tempdir().unwrap();
    let environ = format!("PATH=/usr/bin\0API_TOKEN={SECRET}\0HOME=/root\0");
    write(tmp.path(), "proc/environ", &environ);
    write(tmp.path(), "proc/environ.yaml", &environ);
    // With the root widened to `specs`, `proc` is still outside it.
    write(tmp.path(), "specs/pets/codegen.yaml", "ref_root: ..\n");
    write(
        tmp.path(),
        "specs/pets/openapi.yaml",
        &document(&[
            ("plain", "../../proc/environ"),
            ("yaml", "../../proc/environ.yaml"),
            ("deep", "sub/../../../proc/environ.yaml#/x"),
        ]),
    );
    let err = generate_fails(tmp.path());
    assert_eq!(err.matches("error[refused-file]").count(), 3, "{err}");
    assert!(!err.contains("API_TOKEN"), "{err}");
    assert!(err.contains("outside `specs/pets/..`"), "{err}");
}

#[cfg(unix)]
#[test]
fn symlinks_that_leave_the_root_are_refused_for_refs_and_docs() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "other/secret.yaml", &secret_schema());
    write(
        tmp.path(),
        "other/Leak.md",
        &format!(
            "# Leak\n\n{SECRET}\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `x` | *String* | :heavy_check_mark: | {SECRET} |\n"
        ),
    );
    write(
        tmp.path(),
        "specs/pets/openapi.yaml",
        &document(&[
            ("file", "link.yaml#/Secret"),
            ("folder", "linked/secret.yaml#/Secret"),
        ]),
    );
    let pets = tmp.path().join("specs/pets");
    symlink("../../other/secret.yaml", pets.join("link.yaml")).unwrap();
    symlink(tmp.path().join("other"), pets.join("linked")).unwrap();
    fs::create_dir_all(pets.join("docs")).unwrap();
    symlink(tmp.path().join("other/Leak.md"), pets.join("docs/Leak.md")).unwrap();
    let err = generate_fails(tmp.path());
    assert_eq!(err.matches("error[refused-file]").count(), 3, "{err}");
    assert!(err.contains("--> specs/pets/docs/Leak.md:1:1"), "{err}");
    assert!(err.contains("--> specs/pets/openapi.yaml:11:11"), "{err}");
    assert!(err.contains("--> specs/pets/openapi.yaml:13:11"), "{err}");
    assert!(err.contains("through a symlink"), "{err}");
}

#[cfg(unix)]
#[test]
fn symlinks_within_the_root_and_a_widened_root_are_read() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "specs/shared/common.yaml",
        "Name:\n  type: object\n  description: The shared name.\n  properties:\n    first: {type: string}\n",
    );
    write(tmp.path(), "specs/pets/codegen.yaml", "ref_root: ..\n");
    // `ref_root` reaches up to the top of the repository that holds the spec.
    fs::create_dir_all(tmp.path().join(".git")).unwrap();
    write(
        tmp.path(),
        "specs/pets/openapi.yaml",
        &document(&[
            ("shared", "../shared/common.yaml#/Name"),
            ("alias", "alias.yaml#/Name"),
        ]),
    );
    symlink(
        "../shared/common.yaml",
        tmp.path().join("specs/pets/alias.yaml"),
    )
    .unwrap();
    let output = specgen(tmp.path(), &["generate", "specs/pets", "--out", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(all_text(&tmp.path().join("out")).contains("The shared name."));
}

#[test]
fn files_that_are_not_utf8_are_located_errors_beside_the_others() {
    let tmp = tempfile::tempdir().unwrap();
    let pets = tmp.path().join("specs/pets");
    fs::create_dir_all(&pets).unwrap();
    fs::write(
        pets.join("Bad.md"),
        b"# Bad\n\n## Fields\n\n| `id` | caf\xe9 |\n".as_slice(),
    )
    .unwrap();
    fs::write(
        pets.join("Order.md"),
        "# Order\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `id` | *Lng* | :heavy_check_mark: | N/A |\n",
    )
    .unwrap();
    // An unreadable Type cell is an error only when the config asks for strict types.
    fs::write(pets.join("codegen.yaml"), "strict_types: true\n").unwrap();
    let err = generate_fails(tmp.path());
    assert!(err.contains("error[not-utf8]"), "{err}");
    assert!(err.contains("--> specs/pets/Bad.md:5:13"), "{err}");
    assert!(err.contains("error[unknown-type]"), "{err}");
    assert!(err.contains("2 errors, nothing written"), "{err}");

    // The same in an OpenAPI document's `$ref` target.
    fs::remove_file(pets.join("Bad.md")).unwrap();
    fs::remove_file(pets.join("Order.md")).unwrap();
    fs::write(
        pets.join("openapi.yaml"),
        document(&[("latin", "latin.yaml#/Latin"), ("gone", "#/nothing")]),
    )
    .unwrap();
    fs::write(
        pets.join("latin.yaml"),
        b"Latin:\n  description: \xff\n".as_slice(),
    )
    .unwrap();
    let err = generate_fails(tmp.path());
    assert!(err.contains("--> specs/pets/latin.yaml:2:16"), "{err}");
    assert!(err.contains("error[dangling-ref]"), "{err}");
}

fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {}", stderr(&output));
}

#[cfg(unix)]
#[test]
fn at_a_git_revision_refs_outside_the_root_and_symlinks_are_refused() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "other/secret.yaml", &secret_schema());
    write(
        tmp.path(),
        "specs/pets/openapi.yaml",
        &document(&[
            ("outside", "../../other/secret.yaml#/Secret"),
            ("link", "link.yaml#/Secret"),
        ]),
    );
    symlink(
        "../../other/secret.yaml",
        tmp.path().join("specs/pets/link.yaml"),
    )
    .unwrap();
    git(tmp.path(), &["init", "-q"]);
    git(tmp.path(), &["add", "."]);
    git(tmp.path(), &["commit", "-q", "-m", "specs"]);
    let output = specgen(tmp.path(), &["diff", "HEAD:specs/pets", "HEAD:specs/pets"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        !err.contains(SECRET) && !stdout(&output).contains(SECRET),
        "{err}"
    );
    assert!(
        err.contains("--> HEAD:specs/pets/openapi.yaml:11:11"),
        "{err}"
    );
    assert!(
        err.contains("--> HEAD:specs/pets/openapi.yaml:13:11"),
        "{err}"
    );
    assert!(err.contains("through a symlink"), "{err}");
}

/// A spec folder's own config cannot open the whole file system to its refs: `ref_root`
/// reaches no further than the top of the repository that holds the spec, and without one,
/// no further than the spec's folder.
#[test]
fn ref_root_reaches_no_further_than_the_repository() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "home/credentials.yaml", &secret_schema());
    let refs = document(&[("secret", "../../../home/credentials.yaml#/Secret")]);
    write(
        tmp.path(),
        "repo/specs/pets/codegen.yaml",
        "ref_root: ../../../..\n",
    );
    write(tmp.path(), "repo/specs/pets/openapi.yaml", &refs);
    let repo = tmp.path().join("repo");
    let err = generate_fails(&repo);
    assert!(err.contains("error[refused-file]"), "{err}");
    assert!(err.contains("outside the git repository"), "{err}");

    fs::create_dir_all(repo.join(".git")).unwrap();
    let err = generate_fails(&repo);
    assert!(err.contains("outside the git repository"), "{err}");
    assert!(err.contains("--> specs/pets/openapi.yaml:11:11"), "{err}");
}

/// `ref_root` widens what `$ref`s may name, not where docs come from: a doc that is a symlink
/// out of the spec's folder is refused either way.
#[cfg(unix)]
#[test]
fn docs_never_come_from_outside_the_spec_folder() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir_all(tmp.path().join(".git")).unwrap();
    write(
        tmp.path(),
        "specs/shared/Leak.md",
        &format!("# Leak\n\n{SECRET}\n"),
    );
    write(tmp.path(), "specs/pets/codegen.yaml", "ref_root: ..\n");
    write(
        tmp.path(),
        "specs/pets/Pet.md",
        "# Pet\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `id` | *String* | :heavy_check_mark: | N/A |\n",
    );
    symlink("../shared/Leak.md", tmp.path().join("specs/pets/Leak.md")).unwrap();
    let err = generate_fails(tmp.path());
    assert!(err.contains("--> specs/pets/Leak.md:1:1"), "{err}");
    assert!(err.contains("outside `specs/pets`"), "{err}");
}

#[test]
fn a_config_given_by_flag_that_is_not_utf8_is_a_located_error_beside_the_others() {
    let tmp = tempfile::tempdir().unwrap();
    let pets = tmp.path().join("specs/pets");
    fs::create_dir_all(&pets).unwrap();
    fs::write(
        pets.join("Order.md"),
        "# Order\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `id` | *Lng* | :heavy_check_mark: | N/A |\n",
    )
    .unwrap();
    fs::write(
        tmp.path().join("codegen.yaml"),
        b"dialect: java\ndescription: caf\xe9\n".as_slice(),
    )
    .unwrap();
    let output = specgen(
        tmp.path(),
        &[
            "generate",
            "specs/pets",
            "--out",
            "out",
            "--config",
            "codegen.yaml",
        ],
    );
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(!tmp.path().join("out").exists(), "nothing is written");
    assert!(err.contains("error[not-utf8]"), "{err}");
    assert!(err.contains("codegen.yaml:2:17"), "{err}");
    // Without a config read, types are not strict: the unreadable cell is reported beside it.
    assert!(err.contains("warning[unknown-type]"), "{err}");
}
