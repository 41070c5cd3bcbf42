//! Wire behaviour of the emitter's sample crate: `sample_crate_compiles_when_asked` in
//! `emit/tests.rs` writes this file to `crate/tests/round_trip.rs` of its check directory. Not
//! part of the `specgen` crate (no module declares it); written by hand.

use emitcheck::demo::shapes::{
    Adjacent, Anything, Cat, CatAlias, Color, Counts, Dispatched, Dog, Fallback, Node, PetKind,
    Priority, Settings, Tagged, Tree,
};
use emitcheck::runtime::{Base64, Nullable};
use emitcheck::{Bird, Fish, Level, Status};
use serde_json::{Value, json};

fn round_trip<T>(json: Value) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let value: T = serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{json}: {e}"));
    assert_eq!(serde_json::to_value(&value).unwrap(), json);
    value
}

fn cat() -> Cat {
    Cat {
        name: "Tom".into(),
        meows: true,
    }
}

fn minimal_settings() -> Value {
    json!({
        "note": null,
        "window": 3,
        "day": "2020-01-31",
        "at": "2020-01-01T00:00:00Z",
        "blob": "aGk=",
    })
}

#[test]
fn three_state_nullable_fields() {
    let mut input = minimal_settings();
    let absent: Settings = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(absent.nickname, None);
    assert_eq!(absent.partner, None);
    assert_eq!(absent.note, None);
    let out = serde_json::to_value(&absent).unwrap();
    assert!(out.get("nickname").is_none());
    assert_eq!(out["note"], Value::Null, "required nullable is always sent");

    input["nickname"] = Value::Null;
    input["partner"] = Value::Null;
    let null: Settings = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(null.nickname, Some(Nullable::Null));
    assert_eq!(null.partner, Some(Nullable::Null));
    let out = serde_json::to_value(&null).unwrap();
    assert_eq!(out["nickname"], Value::Null);
    assert!(out.as_object().unwrap().contains_key("nickname"));

    input["nickname"] = json!("Kitty");
    input["partner"] = json!({"name": "Tom", "meows": true});
    let value: Settings = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(value.nickname, Some(Nullable::Value("Kitty".to_string())));
    assert_eq!(value.partner, Some(Nullable::Value(cat())));
    let out = serde_json::to_value(&value).unwrap();
    assert_eq!(out["nickname"], json!("Kitty"));
    assert_eq!(out["partner"], json!({"name": "Tom", "meows": true}));
    let back: Settings = serde_json::from_value(out).unwrap();
    assert_eq!(back, value);
}

#[test]
fn defaulted_fields_take_their_default_when_absent() {
    let settings: Settings = serde_json::from_value(minimal_settings()).unwrap();
    assert_eq!(settings.page_size, 25);
    assert_eq!(settings.ratio, 0.5);
    assert_eq!(settings.offset, -1.5);
    assert_eq!(settings.label, "x");
    assert!(settings.enabled);
    assert_eq!(settings.color, Color::Green);
    assert_eq!(settings.priority, Priority::High);
    assert_eq!(settings.status, Status::Low);
    assert_eq!(settings.level, Level::Unknown);
    assert_eq!(
        settings.odd_color, None,
        "a default that is no known value stays optional"
    );
    assert_eq!(
        settings.big, None,
        "a default out of the type's range stays optional"
    );
    let out = serde_json::to_value(&settings).unwrap();
    assert_eq!(out["page_size"], json!(25));
    assert_eq!(out["color"], json!("green"));
    assert_eq!(out["level"], json!(-1));
    let mut input = minimal_settings();
    input["page_size"] = json!(7);
    input["color"] = json!("teal");
    let given: Settings = serde_json::from_value(input).unwrap();
    assert_eq!(given.page_size, 7);
    assert_eq!(given.color, Color::Other("teal".into()));
}

#[test]
fn dates_and_date_times_are_rfc_3339() {
    let mut input = minimal_settings();
    for at in [
        "2020-01-01T00:00:00Z",
        "2020-01-01T00:00:00+02:00",
        "2020-01-01T00:00:00.123456789-07:30",
    ] {
        input["at"] = json!(at);
        let settings: Settings = serde_json::from_value(input.clone()).unwrap();
        let out = serde_json::to_value(&settings).unwrap();
        let again: Settings = serde_json::from_value(out.clone()).unwrap();
        assert_eq!(again, settings);
        assert_eq!(again.at.offset(), settings.at.offset(), "{at}");
        assert_eq!(out["at"], json!(at), "written back as it was read");
    }
    let settings: Settings = serde_json::from_value(minimal_settings()).unwrap();
    assert_eq!(
        settings.day,
        chrono::NaiveDate::from_ymd_opt(2020, 1, 31).unwrap()
    );
    assert_eq!(
        serde_json::to_value(settings.day).unwrap(),
        json!("2020-01-31")
    );
    input["at"] = json!("2020-01-01 00:00");
    assert!(serde_json::from_value::<Settings>(input).is_err());
}

#[test]
fn bytes_are_base64() {
    let mut input = minimal_settings();
    input["blobs"] = json!(["", "AAEC/w=="]);
    let settings: Settings = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(settings.blob, Base64(b"hi".to_vec()));
    assert_eq!(
        settings.blobs,
        Some(vec![Base64(vec![]), Base64(vec![0, 1, 2, 255])])
    );
    let out = serde_json::to_value(&settings).unwrap();
    assert_eq!(out["blob"], json!("aGk="));
    assert_eq!(out["blobs"], json!(["", "AAEC/w=="]));
    input["blob"] = json!("not base64!");
    assert!(serde_json::from_value::<Settings>(input).is_err());
}

#[test]
fn maps_and_aliases() {
    let mut input = minimal_settings();
    input["metadata"] = json!({"b": 2, "a": 1});
    let settings: Settings = serde_json::from_value(input).unwrap();
    let metadata = settings.metadata.clone().unwrap();
    assert_eq!(metadata["a"], 1);
    let out = serde_json::to_value(&settings).unwrap();
    assert_eq!(out["metadata"], json!({"a": 1, "b": 2}));
    let counts: Counts = round_trip(json!({"x": 1}));
    assert_eq!(counts.len(), 1);
    let alias: CatAlias = round_trip(json!({"name": "Tom", "meows": true}));
    assert_eq!(alias, cat());
}

#[test]
fn open_enums_keep_unknown_values() {
    assert_eq!(round_trip::<Color>(json!("red")), Color::Red);
    assert_eq!(round_trip::<Color>(json!("unknown")), Color::Unknown);
    let other = round_trip::<Color>(json!("Ultra Violet"));
    assert_eq!(other, Color::Other("Ultra Violet".into()));
    assert_eq!(other.as_str(), "Ultra Violet");
    assert_eq!(Color::Green.as_str(), "green");
    assert!(serde_json::from_value::<Color>(json!(1)).is_err());
    assert_eq!(round_trip::<Priority>(json!(2)), Priority::High);
    assert_eq!(round_trip::<Priority>(json!(-40)), Priority::Unknown(-40));
    assert_eq!(Priority::Low2.as_i64(), 1);
    assert_eq!(
        serde_json::from_value::<Priority>(json!(1)).unwrap(),
        Priority::Low
    );
    assert_eq!(
        round_trip::<Anything>(json!("x")),
        Anything::Unknown("x".into())
    );
}

#[test]
fn untagged_unions_try_variants_in_order() {
    assert_eq!(
        round_trip::<PetKind>(json!({"name": "Tom", "meows": true})),
        PetKind::Cat(cat())
    );
    assert_eq!(
        round_trip::<PetKind>(json!({"name": "Rex", "barks": false})),
        PetKind::Dog(Dog {
            name: "Rex".into(),
            barks: false
        })
    );
    assert_eq!(
        round_trip::<PetKind>(json!("plain")),
        PetKind::Str("plain".into())
    );
    assert_eq!(round_trip::<PetKind>(json!(3)), PetKind::Integer(3));
    assert_eq!(
        round_trip::<PetKind>(json!(["a"])),
        PetKind::Tags(vec!["a".into()])
    );
    assert!(matches!(
        round_trip::<PetKind>(json!({"a": true, "b\u{202e}": false})),
        PetKind::Old(_)
    ));
    assert!(serde_json::from_value::<PetKind>(json!(1.5)).is_err());
    // The spec's tag is not checked when falling back to untagged.
    assert_eq!(
        round_trip::<Fallback>(json!({"name": "Tom", "meows": true})),
        Fallback::Cat(cat())
    );
    assert_eq!(
        round_trip::<Fallback>(json!("s")),
        Fallback::Str("s".into())
    );
}

#[test]
fn internally_tagged_unions() {
    assert_eq!(
        round_trip::<Tagged>(json!({"kind": "cat", "name": "Tom", "meows": true})),
        Tagged::Cat(cat())
    );
    assert!(matches!(
        round_trip::<Tagged>(json!({"kind": "dog", "name": "Rex", "barks": true})),
        Tagged::Dog(_)
    ));
    assert!(
        serde_json::from_value::<Tagged>(json!({"kind": "dog", "name": "Tom", "meows": true}))
            .is_err()
    );
    assert!(serde_json::from_value::<Tagged>(json!({"name": "Tom", "meows": true})).is_err());
}

#[test]
fn unions_whose_structs_hold_the_tag_are_read_by_the_tag() {
    let bird = json!({"petType": "bird", "wings": 2});
    assert_eq!(
        round_trip::<Dispatched>(bird),
        Dispatched::Bird(Bird {
            pet_type: "bird".into(),
            wings: 2
        })
    );
    // Same shape, other tag: the tag decides, not the order.
    let fish = round_trip::<Dispatched>(json!({"petType": "fish", "fins": 2}));
    assert_eq!(
        fish,
        Dispatched::Fish(Fish {
            pet_type: "fish".into(),
            fins: 2
        })
    );
    let err = serde_json::from_value::<Dispatched>(json!({"petType": "cow"})).unwrap_err();
    assert!(err.to_string().contains("unknown variant `cow`"), "{err}");
    let err = serde_json::from_value::<Dispatched>(json!({"wings": 2})).unwrap_err();
    assert!(err.to_string().contains("missing field `petType`"), "{err}");
    let err = serde_json::from_value::<Dispatched>(json!({"petType": "bird"})).unwrap_err();
    assert!(err.to_string().contains("missing field `wings`"), "{err}");
}

#[test]
fn adjacently_tagged_unions() {
    assert_eq!(
        round_trip::<Adjacent>(json!({"type": "text", "value": "hi"})),
        Adjacent::Text("hi".into())
    );
    assert_eq!(
        round_trip::<Adjacent>(json!({"type": "number", "value": 1.5})),
        Adjacent::Number(1.5)
    );
    assert_eq!(
        round_trip::<Adjacent>(json!({"type": "Cat", "value": {"name": "Tom", "meows": true}})),
        Adjacent::Cat(cat())
    );
}

#[test]
fn recursive_unions_are_boxed() {
    let json = json!({"label": "root", "node": {"label": "child", "node": "leaf"}});
    let tree: Tree = round_trip(json);
    let Node::Branch(child) = &tree.node else {
        panic!("{tree:?}")
    };
    assert_eq!(child.node, Node::Leaf("leaf".into()));
}

#[test]
fn unknown_keys_are_kept_when_the_api_asks() {
    let json = json!({
        "id": "e1",
        "unknownFields": "a field named like the map",
        "extra": {"a": [1, 2]},
        "n": 3
    });
    let event: emitcheck::other::Event = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(event.unknown_fields2.len(), 2);
    assert_eq!(serde_json::to_value(&event).unwrap(), json);
}

#[test]
fn validation_points_at_wire_names() {
    use emitcheck::Validate;
    let mut input = minimal_settings();
    input["page_size"] = json!(0);
    input["tags"] = json!(["long tag value", "long tag value"]);
    let settings: Settings = serde_json::from_value(input).unwrap();
    let errors = settings.validate().unwrap_err();
    let got: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            "/page_size: must be at least 1, got 0",
            "/tags: must not have duplicate items (item 1 repeats item 0)",
            "/tags/0: must be at most 10 characters long, got \"long tag value\"",
            "/tags/1: must be at most 10 characters long, got \"long tag value\"",
        ]
    );
    let valid: Settings = serde_json::from_value(minimal_settings()).unwrap();
    assert_eq!(valid.validate(), Ok(()));
}
