//! Untagged unions whose variants overlap, read by shape in one pass
//! (`tests/roundtrip/specs/unions/openapi.yaml`), and a pattern that runs on the backtracking
//! engine with a budget.

use roundtrip::runtime::Rule;
use roundtrip::{
    ChatMessage, Environment, Label, Nested, OrganizationConditions, ProtectionRule,
    RulesetConditions, Validate,
};
use serde_json::{Value, json};

use super::round_trip;

#[test]
fn union_keeps_keys_that_only_a_later_variant_names() {
    let value = json!({
        "ref_name": {"include": ["main"]},
        "repository_name": {"include": ["api-*"], "protected": true},
    });
    let conditions: RulesetConditions = round_trip(value);
    let RulesetConditions::OrganizationConditions(
        OrganizationConditions::OrganizationNameConditions(org),
    ) = &conditions
    else {
        panic!("read as {conditions:?}");
    };
    assert_eq!(
        org.repository_name.include.as_deref(),
        Some(&["api-*".to_string()][..])
    );
    // What every variant accounts for alike goes to the first listed.
    let plain: RulesetConditions = round_trip(json!({"ref_name": {"exclude": ["tmp"]}}));
    assert!(
        matches!(plain, RulesetConditions::RepositoryConditions(_)),
        "{plain:?}"
    );
    let by_id: RulesetConditions = round_trip(json!({"repository_id": {"repository_ids": [1, 2]}}));
    assert!(
        matches!(
            by_id,
            RulesetConditions::OrganizationConditions(
                OrganizationConditions::OrganizationIdConditions(_)
            )
        ),
        "{by_id:?}"
    );
}

#[test]
fn union_picks_the_branch_that_names_the_optional_keys() {
    let environment: Environment = round_trip(json!({
        "name": "production",
        "protection_rules": [
            {"id": 1, "node_id": "A", "type": "wait_timer", "wait_timer": 30},
            {"id": 2, "node_id": "B", "type": "required_reviewers", "prevent_self_review": true},
            {"id": 3, "node_id": "C", "type": "branch_policy"},
        ],
    }));
    let rules = environment.protection_rules.expect("rules are read");
    let ProtectionRule::WaitTimerRule(timer) = &rules[0] else {
        panic!("read as {:?}", rules[0]);
    };
    assert_eq!(timer.wait_timer, Some(30));
    assert!(
        matches!(&rules[1], ProtectionRule::ReviewersRule(it) if it.prevent_self_review == Some(true)),
        "{:?}",
        rules[1]
    );
    // The branch with no optional keys accounts for the bare rule as well as the others; the
    // first listed wins.
    assert!(
        matches!(&rules[2], ProtectionRule::ReviewersRule(_)),
        "{:?}",
        rules[2]
    );
}

/// `[[...[leaf]...]]`, `depth` arrays deep.
fn nested(depth: usize, leaf: &str) -> String {
    format!("{}{leaf}{}", "[".repeat(depth), "]".repeat(depth))
}

#[test]
fn nested_unions_read_in_one_pass() {
    // With variants tried in turn, the two list variants doubled the work at every level: a
    // payload of 58 bytes took 39 s, and the deepest ones here took far longer.
    for depth in [28, 64, 100] {
        let bad = nested(depth, "1");
        let err = serde_json::from_str::<Nested>(&bad)
            .unwrap_err()
            .to_string();
        assert!(err.contains("did not match any variant"), "{err}");
        let good = nested(depth, "\"leaf\"");
        let mut value: Nested = serde_json::from_str(&good).expect("reads");
        for _ in 0..depth {
            let Nested::ArrayOfNested(items) = value else {
                panic!("a list reads as the first list variant: {value:?}");
            };
            let [item] = <[Nested; 1]>::try_from(items).expect("one item");
            value = item;
        }
        assert_eq!(value, Nested::Str("leaf".into()));
        assert_eq!(
            serde_json::to_string(&serde_json::from_str::<Nested>(&good).unwrap()).unwrap(),
            good
        );
    }
    // Wide and deep together: every level holds a bad item last.
    let wide = format!("[{}, {}]", nested(20, "\"a\""), nested(40, "true"));
    assert!(serde_json::from_str::<Nested>(&wide).is_err());
    assert_eq!(
        serde_json::from_value::<Nested>(json!(["a", ["b"]])).unwrap(),
        Nested::ArrayOfNested(vec![
            Nested::Str("a".into()),
            Nested::ArrayOfNested(vec![Nested::Str("b".into())]),
        ])
    );
}

#[test]
fn union_errors_say_which_union() {
    let err = serde_json::from_value::<ProtectionRule>(json!({"id": "x"}))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("did not match any variant of untagged enum ProtectionRule"),
        "{err}"
    );
    assert!(serde_json::from_value::<ProtectionRule>(Value::Null).is_err());
}

#[test]
fn backtracking_pattern_gives_up_on_an_adversarial_string() {
    let label = Label {
        words: "two words".into(),
    };
    assert!(label.validate().is_ok());
    let label = Label {
        words: format!("{}!", "a".repeat(200)),
    };
    let errors = label.validate().unwrap_err();
    let rules: Vec<&Rule> = errors.iter().map(|it| it.rule()).collect();
    assert_eq!(rules, [&Rule::PatternBudget("^(\\w+\\s?)*(?<=\\w)$")]);
    assert!(
        errors
            .to_string()
            .contains("could not be checked against the pattern"),
        "{errors}"
    );
    // A short string that does not match is an ordinary violation.
    let short = Label {
        words: "a  b".into(),
    };
    let errors = short.validate().unwrap_err();
    assert_eq!(
        errors.iter().map(|it| it.rule()).collect::<Vec<_>>(),
        [&Rule::Pattern("^(\\w+\\s?)*(?<=\\w)$")]
    );
}

#[test]
fn union_picks_the_variant_whose_enum_lists_the_text() {
    for (role, assistant) in [("user", false), ("assistant", true)] {
        let message: ChatMessage = round_trip(json!({"role": role, "content": "Hi"}));
        assert_eq!(
            matches!(message, ChatMessage::AssistantMessage(_)),
            assistant,
            "{role}: read as {message:?}"
        );
        assert!(message.validate().is_ok(), "{role}: {message:?}");
    }
}
