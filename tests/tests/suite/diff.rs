//! The semantic diff classifies each kind of edit to a spec: a removed required field, a new
//! enum value, a changed type and a renamed wire name, each breaking requests, responses or
//! both as a client author would expect.

use specgen::diff::{ChangeKind, Impact, diff};
use specgen::files::SourceFile;

/// The models of `input` after generation.
fn models(input: specgen::ApiInput) -> Vec<specgen::model::Api> {
    let name = input.name.clone();
    specgen::generate(&[input], &tests::options(&name))
        .expect("fixture generates")
        .apis
}

/// Replaces the first `from` with `to` in the Markdown doc or OpenAPI document at `path`.
fn edit(input: &mut specgen::ApiInput, path: &str, from: &str, to: &str) {
    let doc: &mut SourceFile = input
        .docs
        .iter_mut()
        .chain(&mut input.openapi)
        .find(|d| d.path == path)
        .expect("doc exists");
    assert!(doc.text.contains(from), "{path} does not contain {from:?}");
    doc.text = doc.text.replacen(from, to, 1);
}

#[test]
fn edits_are_classified_for_requests_and_responses() {
    let case = tests::fixtures("markdown").join("java-models");
    let old = tests::load(&case);
    let mut new = old.clone();
    // Remove the required `name` field of Pet.
    edit(
        &mut new,
        "components/Pet.md",
        "| `name` | *String* | :heavy_check_mark: | The pet's name \\| nickname. | Rex |\n",
        "",
    );
    // Add an enum value.
    edit(
        &mut new,
        "components/PetStatus.md",
        "| `SOLD`      | sold      |",
        "| `SOLD`      | sold      |\n| `LOST`      | lost      |",
    );
    // Change a type.
    edit(
        &mut new,
        "components/Pet.md",
        "| `age` | *Optional\\<Integer>* |",
        "| `age` | *Optional\\<String>* |",
    );
    // Rename a wire name: the example evidence for Owner's `ownerName` says `owner_name`.
    edit(
        &mut new,
        "components/Pet.md",
        "\"owner_name\": \"Ann\"",
        "\"ownerFullName\": \"Ann\"",
    );
    edit(
        &mut new,
        "components/Owner.md",
        "| `ownerName` |",
        "| `ownerFullName` |",
    );
    new.config = Some(SourceFile::new(
        "codegen.yaml",
        "closed_enums: [PetStatus]\nwire_names:\n  overrides:\n    Owner:\n      ownerFullName: owner_name\n",
    ));
    let changes = diff(&models(old), &models(new));
    let find = |kind: ChangeKind, path_end: &str| {
        changes
            .changes
            .iter()
            .find(|c| c.kind == kind && c.path.ends_with(path_end))
            .unwrap_or_else(|| panic!("no {kind:?} at {path_end} in\n{changes}"))
    };
    let removed = find(ChangeKind::FieldRemoved, "Pet.name");
    assert_eq!(
        (removed.request, removed.response),
        (Impact::Compatible, Impact::Breaking)
    );
    let value = find(ChangeKind::EnumValueAdded, "PetStatus");
    assert_eq!(
        (value.request, value.response),
        (Impact::Compatible, Impact::Breaking),
        "a closed enum's new value breaks responses"
    );
    let ty = find(ChangeKind::TypeChanged, "Pet.age");
    assert_eq!(
        (ty.request, ty.response),
        (Impact::Breaking, Impact::Breaking)
    );
    // The SDK name changed too, so the member shows as removed and added; its wire name is kept.
    assert!(
        changes
            .changes
            .iter()
            .any(|c| c.path.ends_with("Owner.ownerFullName") && c.kind == ChangeKind::FieldAdded)
    );
    assert!(changes.is_breaking());
    let json: serde_json::Value = serde_json::from_str(&changes.to_json()).expect("valid JSON");
    assert!(
        json["changes"]
            .as_array()
            .is_some_and(|a| a.len() == changes.changes.len())
    );
}

#[test]
fn a_wire_rename_of_the_same_member_is_breaking_both_ways() {
    let case = tests::fixtures("markdown").join("wire-names");
    let old = tests::load(&case);
    let mut new = old.clone();
    let config = new.config.as_mut().expect("fixture has a config");
    config.text = config
        .text
        .replace("accountId: acct", "accountId: account_id");
    let changes = diff(&models(old), &models(new));
    let renamed = changes
        .changes
        .iter()
        .find(|c| c.kind == ChangeKind::WireNameChanged)
        .expect("wire rename found");
    assert!(renamed.path.ends_with("Account.accountId"), "{renamed:?}");
    assert_eq!(
        (renamed.request, renamed.response),
        (Impact::Breaking, Impact::Breaking)
    );
    assert_eq!(changes.changes.len(), 1, "{changes}");
}

#[test]
fn identical_specs_have_no_changes() {
    let case = tests::fixtures("markdown").join("java-models");
    let changes = diff(&models(tests::load(&case)), &models(tests::load(&case)));
    assert!(
        changes.changes.is_empty() && !changes.is_breaking(),
        "{changes}"
    );
}

/// Items or values that may now be `null` are classed like a field that may now be `null`:
/// they break what clients receive; items that no longer may be `null` break what clients
/// send; both at once in one type break both.
#[test]
fn items_becoming_nullable_are_classed_like_nullable_fields() {
    let case = tests::fixtures("openapi").join("nullable-items-3-0");
    let nullable = tests::load(&case);
    let mut plain = nullable.clone();
    let spec = "openapi.yaml";
    edit(
        &mut plain,
        spec,
        "type: number\n            nullable: true\n",
        "type: number\n",
    );
    edit(
        &mut plain,
        spec,
        "type: integer\n            nullable: true\n",
        "type: integer\n",
    );
    edit(
        &mut plain,
        spec,
        "type: string\n        nullable: true\n",
        "type: string\n",
    );
    let (nullable, plain) = (models(nullable), models(plain));
    let find = |changes: &specgen::diff::ApiDiff, path_end: &str| {
        let found: Vec<_> = changes
            .changes
            .iter()
            .filter(|c| c.path.ends_with(path_end))
            .collect();
        assert_eq!(found.len(), 1, "one change at {path_end} in\n{changes}");
        assert_eq!(found[0].kind, ChangeKind::TypeChanged, "{changes}");
        (found[0].request, found[0].response, found[0].detail.clone())
    };
    for (old, new, impacts, words) in [
        (
            &plain,
            &nullable,
            (Impact::Compatible, Impact::Breaking),
            "may now be null in responses",
        ),
        (
            &nullable,
            &plain,
            (Impact::Breaking, Impact::Compatible),
            "no longer accept null",
        ),
    ] {
        let changes = diff(old, new);
        assert_eq!(changes.changes.len(), 3, "{changes}");
        for (path, what) in [
            ("Station.readings", "items"),
            ("Station.limits", "values"),
            ("::Tags", "items"),
        ] {
            let (request, response, detail) = find(&changes, path);
            assert_eq!((request, response), impacts, "{path}");
            assert!(
                detail.ends_with(&format!("{what} {words}")),
                "{path}: {detail}"
            );
        }
    }
    let (_, _, detail) = find(&diff(&plain, &nullable), "Station.readings");
    assert_eq!(
        detail,
        "type `[number]` became `[number | null]`: items may now be null in responses"
    );
    // Rows that may no longer be null, of cells that now may be: breaking both ways.
    let mut rows = tests::load(&case);
    edit(
        &mut rows,
        spec,
        "type: array\n            nullable: true\n",
        "type: array\n",
    );
    let mut cells = tests::load(&case);
    edit(
        &mut cells,
        spec,
        "type: string\n              nullable: true\n",
        "type: string\n",
    );
    let mixed = diff(&models(cells), &models(rows));
    assert_eq!(mixed.changes.len(), 1, "{mixed}");
    let (request, response, detail) = find(&mixed, "Station.grid");
    assert_eq!((request, response), (Impact::Breaking, Impact::Breaking));
    assert_eq!(
        detail,
        "type `[[string] | null]` became `[[string | null]]`"
    );
}
