//! Serde round trips on the compositions the OpenAPI reader turns into Rust shapes
//! (`tests/roundtrip/specs/shapes/openapi.yaml`): a discriminated union, an untagged union, an
//! `allOf` composition, recursive types and defaulted fields.

use roundtrip::{
    BankTransfer, Card, Contact, Customer, Folder, PaymentMethod, Phone, Settings, SettingsTheme,
};
use serde_json::json;

use super::round_trip;

#[test]
fn discriminated_union_picks_the_variant_its_tag_names() {
    let card: PaymentMethod =
        round_trip(json!({"type": "card", "last4": "4242", "expiry": "12/29"}));
    assert_eq!(
        card,
        PaymentMethod::Card(Card {
            r#type: "card".into(),
            last4: "4242".into(),
            expiry: Some("12/29".into()),
        })
    );
    let bank: PaymentMethod =
        round_trip(json!({"type": "bank_transfer", "iban": "GB33BUKB20201555555555"}));
    let PaymentMethod::BankTransfer(BankTransfer {
        iban, reference, ..
    }) = bank
    else {
        panic!("`bank_transfer` read as {bank:?}");
    };
    assert_eq!(iban, "GB33BUKB20201555555555");
    assert_eq!(reference, None);
}

#[test]
fn discriminated_union_rejects_unknown_and_missing_tags() {
    let unknown = serde_json::from_value::<PaymentMethod>(json!({"type": "cash", "last4": "0000"}))
        .unwrap_err()
        .to_string();
    assert!(unknown.contains("unknown variant `cash`"), "{unknown}");
    let missing = serde_json::from_value::<PaymentMethod>(json!({"last4": "4242"}))
        .unwrap_err()
        .to_string();
    assert!(missing.contains("missing field `type`"), "{missing}");
    // The tag decides: a card's fields under the bank transfer's tag do not read as a card.
    assert!(
        serde_json::from_value::<PaymentMethod>(json!({"type": "bank_transfer", "last4": "4242"}))
            .is_err()
    );
}

#[test]
fn untagged_union_reads_each_variant_by_shape() {
    let email: Contact = round_trip(json!("ada@example.com"));
    assert_eq!(email, Contact::Email("ada@example.com".into()));
    let phone: Contact = round_trip(json!({"countryCode": 44, "number": "2071234567"}));
    assert_eq!(
        phone,
        Contact::Phone(Phone {
            country_code: 44,
            number: "2071234567".into(),
        })
    );
    assert!(serde_json::from_value::<Contact>(json!(44)).is_err());
}

#[test]
fn all_of_composition_has_the_fields_of_every_part() {
    let customer: Customer = round_trip(json!({
        "createdAt": "2024-05-01T12:30:00Z",
        "id": "cus_1",
        "contacts": ["ada@example.com", {"countryCode": 1, "number": "5550100"}],
        "payment": {"type": "card", "last4": "4242"},
    }));
    assert_eq!(
        customer.created_at.to_rfc3339(),
        "2024-05-01T12:30:00+00:00"
    );
    assert_eq!(customer.created_by, None);
    assert_eq!(customer.contacts.len(), 2);
    assert!(matches!(customer.payment, Some(PaymentMethod::Card(_))));
    // Required fields of both parts are required.
    for missing in ["createdAt", "id"] {
        let mut value = json!({"createdAt": "2024-05-01T12:30:00Z", "id": "cus_1", "contacts": []});
        value.as_object_mut().unwrap().remove(missing);
        let err = serde_json::from_value::<Customer>(value)
            .unwrap_err()
            .to_string();
        assert!(err.contains(&format!("missing field `{missing}`")), "{err}");
    }
}

#[test]
fn recursive_types_nest_to_any_depth() {
    let tree: Folder = round_trip(json!({
        "name": "root",
        "children": [
            {"name": "a", "children": [{"name": "a1", "children": []}]},
            {"name": "b", "parent": {"name": "root"}},
        ],
    }));
    let children = tree.children.as_deref().unwrap();
    assert_eq!(children[0].children.as_deref().unwrap()[0].name, "a1");
    assert_eq!(
        children[1].parent.as_deref().map(|p| p.name.as_str()),
        Some("root")
    );

    let mut deep = json!({"name": "leaf"});
    for depth in 0..100 {
        deep = json!({"name": format!("level{depth}"), "parent": deep});
    }
    let mut folder: &Folder = &round_trip::<Folder>(deep);
    let mut levels = 0;
    while let Some(parent) = folder.parent.as_deref() {
        folder = parent;
        levels += 1;
    }
    assert_eq!((levels, folder.name.as_str()), (100, "leaf"));
}

#[test]
fn defaulted_fields_take_their_default_when_absent() {
    let settings: Settings = serde_json::from_value(json!({})).unwrap();
    assert_eq!(settings.page_size, 20);
    assert_eq!(settings.theme, SettingsTheme::Light);
    assert!(settings.notify);
    assert_eq!(settings.locale, "en-GB");
    // Defaults are written out, so the receiver need not know them.
    assert_eq!(
        serde_json::to_value(&settings).unwrap(),
        json!({"pageSize": 20, "theme": "light", "notify": true, "locale": "en-GB"})
    );
    let given: Settings =
        round_trip(json!({"pageSize": 50, "theme": "dark", "notify": false, "locale": "fr-FR"}));
    assert_eq!(given.theme, SettingsTheme::Dark);
    assert_eq!(given.page_size, 50);
}
