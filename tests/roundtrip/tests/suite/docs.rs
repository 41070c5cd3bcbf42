//! Serde round trips on generated types: what the JSON says is what the Rust value holds, and
//! writing it back gives the same JSON. One test per shape the generator emits from docs.

use roundtrip::runtime::Nullable;
use roundtrip::{Account, AccountStatus, Limit, Quota, Setting, SettingValue};
use serde_json::{Value, json};

use super::round_trip;

fn account(extra: Value) -> Value {
    let mut base =
        json!({"id": "acc_1", "closedAt": null, "createdAt": "2024-02-29T12:30:00+02:00"});
    base.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    base
}

#[test]
fn optional_nullable_fields_tell_absent_from_null_from_a_value() {
    let absent: Account = round_trip(account(json!({})));
    assert_eq!(absent.nickname, None);
    let null: Account = round_trip(account(json!({"nickname": null})));
    assert_eq!(null.nickname, Some(Nullable::Null));
    let value: Account = round_trip(account(json!({"nickname": "Main"})));
    assert_eq!(value.nickname, Some(Nullable::Value("Main".to_string())));
}

#[test]
fn required_nullable_fields_are_sent_as_null() {
    let open: Account = round_trip(account(json!({})));
    assert_eq!(open.closed_at, None);
    assert!(
        serde_json::to_value(&open)
            .unwrap()
            .as_object()
            .unwrap()
            .contains_key("closedAt")
    );
    let closed: Account = round_trip(account(json!({"closedAt": "2025-01-01"})));
    assert_eq!(closed.closed_at.as_deref(), Some("2025-01-01"));
}

#[test]
fn open_enums_keep_unknown_values() {
    let known: AccountStatus = round_trip(json!("on hold"));
    assert_eq!(known, AccountStatus::OnHold);
    let unknown: AccountStatus = round_trip(json!("frozen-by-compliance"));
    assert_eq!(
        unknown,
        AccountStatus::Unknown("frozen-by-compliance".to_string())
    );
    assert_eq!(unknown.as_str(), "frozen-by-compliance");
    let in_model: Account = round_trip(account(json!({"status": "migrating"})));
    assert_eq!(
        in_model.status,
        Some(AccountStatus::Unknown("migrating".to_string()))
    );
}

#[test]
fn untagged_union_reads_each_variant() {
    let cases = [
        (json!("dark"), SettingValue::Str("dark".to_string())),
        (json!(2.5), SettingValue::Number(2.5)),
        (json!(true), SettingValue::Boolean(true)),
        (
            json!({"used": 3, "limit": 10}),
            SettingValue::Quota(Quota { used: 3, limit: 10 }),
        ),
        (
            json!([1, "a", null]),
            SettingValue::ArrayOfAny(vec![json!(1), json!("a"), Value::Null]),
        ),
    ];
    for (wire, want) in cases {
        let got: SettingValue = round_trip(wire.clone());
        assert_eq!(got, want, "{wire}");
        let setting: Setting = round_trip(json!({"key": "theme", "value": wire}));
        assert_eq!(setting.value, want);
    }
}

#[test]
fn maps_of_strings_and_of_models_round_trip() {
    let account: Account = round_trip(account(json!({
        "labels": {"team": "core", "tier": "gold"},
        "limits": {"daily": {"max": 10, "period": "day"}, "burst": {"max": 3}},
        "extra": {"nested": {"any": [1, 2]}},
    })));
    let labels = account.labels.unwrap();
    assert_eq!(labels["tier"], "gold");
    let limits = account.limits.unwrap();
    assert_eq!(
        limits["burst"],
        Limit {
            max: 3,
            period: None
        }
    );
    assert_eq!(limits["daily"].period.as_deref(), Some("day"));
}

#[test]
fn date_times_keep_their_offset() {
    let account: Account = round_trip(account(json!({})));
    assert_eq!(account.created_at.offset().local_minus_utc(), 2 * 3600);
    assert_eq!(account.created_at.to_rfc3339(), "2024-02-29T12:30:00+02:00");
    let bad = serde_json::from_value::<Account>(
        json!({"id": "a", "closedAt": null, "createdAt": "yesterday"}),
    );
    assert!(bad.is_err(), "a malformed date-time is rejected");
}
