//! `specgen diff OLD NEW` as a user runs it: two folders, two OpenAPI documents, or versions
//! at git revisions; the report as text and as JSON, and the exit status (0 when nothing
//! breaks, 3 when something does, 1 for input errors, 2 for usage errors).

use std::path::Path;
use std::process::{Command, Output};

use super::{specgen, stderr, stdout, usage_error, write};

use serde_json::Value;

/// A Markdown model doc of a struct with the given `(field, type, required)` rows.
fn doc(name: &str, fields: &[(&str, &str, bool)]) -> String {
    let mut text = format!(
        "# {name}\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n"
    );
    for (field, ty, required) in fields {
        let required = if *required {
            ":heavy_check_mark:"
        } else {
            ":heavy_minus_sign:"
        };
        text.push_str(&format!("| `{field}` | *{ty}* | {required} | N/A |\n"));
    }
    text
}

/// An OpenAPI document with one enum schema `Status` of `values`, used by a `Pet` schema.
fn openapi(values: &[&str]) -> String {
    let values: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
    format!(
        "openapi: 3.1.0\ninfo: {{title: Pets, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      required: [name]\n      properties:\n        name: {{type: string}}\n        status: {{$ref: '#/components/schemas/Status'}}\n    Status:\n      type: string\n      enum: [{}]\n",
        values.join(", ")
    )
}

/// The changes of a JSON report, as `(path, kind, request, response)`.
fn json_changes(output: &Output) -> Vec<(String, String, String, String)> {
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|err| panic!("not JSON ({err}): {}", stdout(output)));
    report["changes"]
        .as_array()
        .expect("a `changes` array")
        .iter()
        .map(|c| {
            let field = |key: &str| c[key].as_str().unwrap_or_default().to_string();
            (
                field("path"),
                field("kind"),
                field("request"),
                field("response"),
            )
        })
        .collect()
}

fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args([
            "-c",
            "user.name=specgen",
            "-c",
            "user.email=specgen@example.com",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {}", stderr(&output));
}

#[test]
fn two_folders_compare_as_one_api_named_after_new() {
    let tmp = tempfile::tempdir().unwrap();
    let old = doc("Pet", &[("name", "String", true), ("tag", "String", false)]);
    write(tmp.path(), "v1/Pet.md", &old);
    // Only an optional field added: nothing breaks.
    write(
        tmp.path(),
        "v2/Pet.md",
        &doc(
            "Pet",
            &[
                ("name", "String", true),
                ("tag", "String", false),
                ("age", "Long", false),
            ],
        ),
    );
    let output = specgen(tmp.path(), &["diff", "v1", "v2"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("1 change, 0 breaking:"), "{text}");
    assert!(text.contains("v2::Pet.age: optional field added"), "{text}");
    assert!(!text.contains("model removed"), "{text}");

    // `name` no longer required: responses may leave it out, which breaks clients.
    write(
        tmp.path(),
        "v3/Pet.md",
        &doc(
            "Pet",
            &[("name", "String", false), ("tag", "String", false)],
        ),
    );
    let output = specgen(tmp.path(), &["diff", "v1", "v3"]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("[request ok       response BREAKING] v3::Pet.name: became optional"),
        "{text}"
    );

    let output = specgen(tmp.path(), &["diff", "v1", "v1"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "no semantic changes\n");
}

#[test]
fn two_openapi_documents_report_as_json() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "old/pets.yaml",
        &openapi(&["sold", "available"]),
    );
    write(
        tmp.path(),
        "new/pets.yaml",
        &openapi(&["available", "pending"]),
    );
    let output = specgen(
        tmp.path(),
        &["diff", "old/pets.yaml", "new/pets.yaml", "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let changes = json_changes(&output);
    let status: Vec<_> = changes
        .iter()
        .filter(|(path, ..)| path == "pets::Status")
        .map(|(_, kind, request, response)| (kind.as_str(), request.as_str(), response.as_str()))
        .collect();
    assert!(
        status.contains(&("enum_value_removed", "breaking", "compatible")),
        "{changes:?}"
    );
    assert!(
        status
            .iter()
            .any(|(kind, request, _)| *kind == "enum_value_added" && *request == "compatible"),
        "{changes:?}"
    );
    assert_eq!(status.len(), 2, "{changes:?}");

    // The same documents, unchanged: an empty list, and exit 0.
    let output = specgen(
        tmp.path(),
        &["diff", "old/pets.yaml", "old/pets.yaml", "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(json_changes(&output).is_empty(), "{}", stdout(&output));
}

#[test]
fn versions_at_git_revisions_compare_with_each_other_and_the_working_tree() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    let v1 = doc("Pet", &[("name", "String", true), ("tag", "String", false)]);
    write(repo, "specs/pets/components/Pet.md", &v1);
    write(repo, "specs/pets/openapi/pets.yaml", &openapi(&["sold"]));
    git(repo, &["init", "-q"]);
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", "v1"]);
    // A field removed, committed; then a type change left in the working tree.
    let v2 = doc("Pet", &[("name", "String", true)]);
    write(repo, "specs/pets/components/Pet.md", &v2);
    git(repo, &["commit", "-q", "-am", "v2"]);
    write(
        repo,
        "specs/pets/components/Pet.md",
        &doc("Pet", &[("name", "Long", true)]),
    );

    let output = specgen(repo, &["diff", "HEAD~1:specs/pets", "HEAD:specs/pets"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("pets::components::Pet.tag: field removed"),
        "an optional field removed breaks nobody: {text}"
    );

    // From a subfolder, `./` paths are relative to it; the working tree is a plain path.
    let output = specgen(
        &repo.join("specs"),
        &["diff", "HEAD:./pets", "pets", "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let changes = json_changes(&output);
    assert!(
        changes.iter().any(
            |(path, kind, request, response)| path == "pets::components::Pet.name"
                && kind == "type_changed"
                && request == "breaking"
                && response == "breaking"
        ),
        "{changes:?}"
    );

    // A single OpenAPI document at a revision; the module is named after the file.
    let output = specgen(
        repo,
        &[
            "diff",
            "HEAD~1:specs/pets/openapi/pets.yaml",
            "HEAD:specs/pets/openapi/pets.yaml",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "no semantic changes\n");
}

#[test]
fn input_errors_exit_with_1_and_usage_errors_with_2() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "good/pets.yaml", &openapi(&["sold"]));
    write(tmp.path(), "bad/pets.yaml", "openapi: [3.1.0\n");
    let output = specgen(tmp.path(), &["diff", "good/pets.yaml", "bad/pets.yaml"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("bad/pets.yaml:"), "located diagnostics: {err}");
    assert!(
        err.contains("in `bad/pets.yaml`, nothing compared"),
        "{err}"
    );
    assert!(stdout(&output).is_empty(), "{}", stdout(&output));

    for args in [
        &["diff", "good/pets.yaml"][..],
        &[
            "diff",
            "good/pets.yaml",
            "good/pets.yaml",
            "--format",
            "xml",
        ][..],
        &["diff", "good/pets.yaml", "missing.yaml"][..],
        &["diff", "good/pets.yaml", "HEAD:good/pets.yaml"][..],
    ] {
        let err = usage_error(tmp.path(), args);
        assert!(!err.is_empty(), "specgen {args:?} says why");
    }
}

#[test]
fn a_type_cell_nested_thousands_deep_is_a_located_error() {
    // Such a cell once overflowed the stack (exit 134, no diagnostic).
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "v1/Pet.md",
        &doc("Pet", &[("name", "String", true)]),
    );
    let deep = format!("{}Long{}", "List\\<".repeat(2000), ">".repeat(2000));
    write(
        tmp.path(),
        "v2/Pet.md",
        &doc("Pet", &[("name", "String", true), ("deep", &deep, true)]),
    );
    write(tmp.path(), "v2/codegen.yaml", "strict_types: true\n");
    let output = specgen(tmp.path(), &["diff", "v1", "v2"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("error[nested-too-deep]: the type nests deeper than 32 levels"),
        "{err}"
    );
    assert!(err.contains("v2/Pet.md:8:"), "located at the cell: {err}");
}
