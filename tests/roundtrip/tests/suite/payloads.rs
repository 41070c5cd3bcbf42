//! Real vendor payload shapes that must survive a read and a write
//! (`tests/roundtrip/specs/payloads/openapi.yaml`): properties beside `additionalProperties`,
//! required properties that may be `null` in the variants of an untagged union, and
//! `anyOf`/`oneOf` groups that only require (or narrow) listed properties.

use roundtrip::runtime::Rule;
use roundtrip::{
    AppInstallation, AppPermissions, CampaignRequest, DeleteRequest, IssueEvent,
    IssueTypeChangedEvent, ProjectItemRequest, SamlConnection, Validate,
};
use serde_json::{Value, json};

use super::round_trip;

/// The keywords of the rules `value` breaks, with their JSON pointers.
fn broken<T: Validate>(value: &T) -> Vec<(String, &'static str)> {
    match value.validate() {
        Ok(()) => Vec::new(),
        Err(errors) => errors
            .iter()
            .map(|v| (v.pointer().to_string(), v.rule().keyword()))
            .collect(),
    }
}

#[test]
fn properties_beside_additional_properties_keep_the_unlisted_ones() {
    let sent = json!({
        "id": 7,
        "permissions": {"issues": "write", "checks": "read", "single_file": "read", "workflows": "write"},
        "scopes": {"name": "repo", "extra": {"nested": [1, 2]}, "flag": true}
    });
    let installation: AppInstallation = round_trip(sent);
    let permissions = &installation.permissions;
    assert_eq!(permissions.issues.as_deref(), Some("write"));
    assert_eq!(
        permissions
            .additional_properties
            .get("single_file")
            .map(String::as_str),
        Some("read")
    );
    assert_eq!(permissions.additional_properties.len(), 2);
    // `additionalProperties: true` keeps any JSON value.
    let scopes = installation.scopes.as_ref().expect("scopes were sent");
    assert_eq!(
        scopes.additional_properties["extra"],
        json!({"nested": [1, 2]})
    );
    assert_eq!(broken(&installation), []);
}

#[test]
fn additional_property_values_are_typed_and_validated() {
    // Values are read as the `additionalProperties` schema says: a string.
    let err = serde_json::from_value::<AppPermissions>(json!({"single_file": 3})).unwrap_err();
    assert!(err.to_string().contains("expected a string"), "{err}");
    // ...and checked against its rules, at the key's own pointer.
    let long: AppPermissions = round_trip(json!({"issues": "write", "single_file": "admin!"}));
    assert_eq!(broken(&long), [("/single_file".to_string(), "maxLength")]);
}

#[test]
fn required_nullable_property_must_be_present_but_may_be_null() {
    let null: IssueTypeChangedEvent = round_trip(
        json!({"id": 1, "event": "issue_type_changed", "issue_type": null, "prev_issue_type": {"id": 2, "name": "Bug"}}),
    );
    assert_eq!(null.issue_type, None);
    // Written back with the `null`, not without the key.
    assert_eq!(
        serde_json::to_value(&null).unwrap()["issue_type"],
        Value::Null
    );
    let err = serde_json::from_value::<IssueTypeChangedEvent>(
        json!({"id": 1, "event": "issue_type_changed", "prev_issue_type": null}),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("missing field `issue_type`"),
        "{err}"
    );
}

#[test]
fn variant_with_required_nullable_properties_does_not_swallow_its_siblings() {
    let labeled = json!({"id": 1, "event": "labeled", "label": {"name": "bug"}});
    let IssueEvent::LabeledEvent(event) = round_trip::<IssueEvent>(labeled) else {
        panic!("a labeled event read as another variant");
    };
    assert_eq!(event.label.name, "bug");
    let renamed = json!({"id": 2, "event": "renamed", "rename": {"from": "a", "to": "b"}});
    assert!(matches!(
        round_trip::<IssueEvent>(renamed),
        IssueEvent::RenamedEvent(_)
    ));
    let changed = json!({"id": 3, "event": "issue_type_changed", "issue_type": null, "prev_issue_type": null});
    assert!(matches!(
        round_trip::<IssueEvent>(changed),
        IssueEvent::IssueTypeChangedEvent(_)
    ));
}

#[test]
fn any_of_required_alternatives_keep_the_struct_and_need_one() {
    let one: SamlConnection =
        round_trip(json!({"id": "saml_1", "active": true, "domain": "example.com"}));
    assert_eq!(one.domain.as_deref(), Some("example.com"));
    assert_eq!(broken(&one), []);
    let both: SamlConnection = round_trip(
        json!({"id": "saml_1", "active": true, "domain": "a.com", "domains": ["a.com", "b.com"]}),
    );
    assert_eq!(broken(&both), []);
    let neither: SamlConnection = round_trip(json!({"id": "saml_1", "active": false}));
    assert_eq!(broken(&neither), [(String::new(), "anyOf")]);
    let errors = neither.validate().unwrap_err();
    assert!(matches!(
        errors.as_slice()[0].rule(),
        Rule::AnyOf(["{domain}", "{domains}"])
    ));
}

#[test]
fn one_of_required_alternatives_need_exactly_one() {
    let by_id: ProjectItemRequest = round_trip(json!({"id": 5}));
    assert_eq!(broken(&by_id), []);
    let by_number: ProjectItemRequest =
        round_trip(json!({"owner": "octo", "repo": "hello", "number": 3}));
    assert_eq!(broken(&by_number), []);
    let partial: ProjectItemRequest = round_trip(json!({"owner": "octo", "repo": "hello"}));
    assert_eq!(broken(&partial), [(String::new(), "oneOf")]);
    let both: ProjectItemRequest =
        round_trip(json!({"id": 5, "owner": "octo", "repo": "hello", "number": 3}));
    let errors = both.validate().unwrap_err();
    assert_eq!(
        errors.to_string(),
        "(root): must satisfy exactly one of the alternatives {id}, {owner, repo, number}, got 2 satisfied"
    );
}

#[test]
fn narrowing_alternatives_keep_the_property_type_and_its_rule() {
    let pairs = json!([{"template": "t", "target": "x"}]);
    let request: CampaignRequest =
        round_trip(json!({"name": "fix", "templateTargetPairs": pairs, "scope": "all"}));
    // The property keeps its item type.
    let first = &request.template_target_pairs.as_ref().expect("sent")[0];
    assert_eq!(first.template, "t");
    assert_eq!(broken(&request), []);
    // The `minItems` both alternatives add is the property's own rule.
    let empty: CampaignRequest =
        round_trip(json!({"name": "fix", "templateTargetPairs": [], "repositories": ["a"]}));
    assert_eq!(
        broken(&empty),
        [("/templateTargetPairs".to_string(), "minItems")]
    );
}

#[test]
fn narrowing_alternatives_check_their_own_rules() {
    let digests: DeleteRequest = round_trip(json!({"digests": ["sha256:1"], "ids": []}));
    // `ids` is empty, so only the first alternative holds.
    assert_eq!(broken(&digests), []);
    let too_many: DeleteRequest = round_trip(json!({"ids": [1, 2, 3, 4]}));
    assert_eq!(broken(&too_many), [(String::new(), "oneOf")]);
    let both: DeleteRequest = round_trip(json!({"digests": ["sha256:1"], "ids": [1]}));
    assert_eq!(broken(&both), [(String::new(), "oneOf")]);
    // An untyped property with an array rule is checked when it is an array.
    let notes: DeleteRequest = round_trip(json!({"ids": [1], "notes": []}));
    assert_eq!(broken(&notes), [("/notes".to_string(), "minItems")]);
    let text: DeleteRequest = round_trip(json!({"ids": [1], "notes": "none"}));
    assert_eq!(broken(&text), []);
}
