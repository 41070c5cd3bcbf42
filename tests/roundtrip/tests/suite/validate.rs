//! Behaviour of the generated `Validate` impls on the `onboarding` sample
//! (`tests/roundtrip/specs/onboarding/openapi.yaml`), which has a rule of every kind: for each
//! kind a valid value passes and a broken one is reported with its JSON pointer in wire names;
//! a value breaking many rules reports all of them; hostile input gives errors, not panics.

use roundtrip::onboarding::{Application, Category};
use roundtrip::runtime::{MAX_DEPTH, Rule};
use roundtrip::{Validate, ValidationErrors, Violation};
use serde_json::{Value, json};

/// A valid application that uses every field.
fn valid() -> Value {
    json!({
        "id": "6f1c2a9e-0b7d-4c3e-9a51-2f8e7d6c5b4a",
        "reference": "AB-1234",
        "individual": {
            "firstName": "Ada",
            "middleName": "King",
            "lastName": "Lovelace",
            "email": "ada@example.com",
            "phone": "+14155550100",
            "dob": "1990-12-10",
            "age": 33,
            "addresses": [
                {"street": "1 Main St", "city": "Springfield", "postalCode": "12345", "country": "US"},
                {"street": "2 High St", "city": "Shelbyville", "postalCode": "12345-6789", "country": "US"}
            ],
            "password": "correct horse battery"
        },
        "products": [
            {
                "sku": "SKU-0001",
                "kind": "digital",
                "quantity": 2,
                "packSize": 10,
                "unitPrice": 19.99,
                "discount": 0.15,
                "weight": 0.3,
                "attributes": {"width": 10, "height": 20}
            }
        ],
        "tags": ["vip", "early"],
        "metadata": {"source": "partner"},
        "channel": "web",
        "consent": true,
        "rate": 1.5,
        "submittedAt": "2024-05-01T12:30:00Z",
        "callbackUrl": "https://example.com/hooks/applications",
        "extra": {"a": 1},
        "root": {"name": "Books", "children": [{"name": "Fiction"}]}
    })
}

fn read(json: Value) -> Application {
    serde_json::from_value(json.clone()).unwrap_or_else(|err| panic!("{json}: {err}"))
}

/// The violations of `json` changed by `change`, as `(pointer, keyword)` pairs.
fn violations(change: impl FnOnce(&mut Value)) -> Vec<(String, &'static str)> {
    let mut json = valid();
    change(&mut json);
    match read(json).validate() {
        Ok(()) => Vec::new(),
        Err(errors) => errors
            .iter()
            .map(|v| (v.pointer().to_string(), v.rule().keyword()))
            .collect(),
    }
}

fn one(pointer: &str, keyword: &'static str) -> Vec<(String, &'static str)> {
    vec![(pointer.to_string(), keyword)]
}

#[test]
fn a_valid_value_passes() {
    assert_eq!(read(valid()).validate(), Ok(()));
    // Optional fields left out are not checked.
    let minimal = json!({
        "id": "6f1c2a9e-0b7d-4c3e-9a51-2f8e7d6c5b4a",
        "individual": {
            "firstName": "A",
            "lastName": "B",
            "email": "a@b.co",
            "addresses": [{"street": "s", "city": "c", "postalCode": "12345", "country": "US"}]
        },
        "products": [{"sku": "ABCD", "kind": "physical", "quantity": 1, "unitPrice": 0.01}],
        "submittedAt": "2024-05-01T12:30:00+02:00"
    });
    assert_eq!(read(minimal).validate(), Ok(()));
}

#[test]
fn min_length() {
    let got = violations(|j| j["individual"]["firstName"] = json!(""));
    assert_eq!(got, one("/individual/firstName", "minLength"));
    // Characters, not bytes: two characters of four bytes each are two.
    let got = violations(|j| j["individual"]["firstName"] = json!("😀😀"));
    assert_eq!(got, []);
}

#[test]
fn max_length() {
    let got = violations(|j| j["individual"]["lastName"] = json!("x".repeat(51)));
    assert_eq!(got, one("/individual/lastName", "maxLength"));
    let got = violations(|j| j["individual"]["lastName"] = json!("é".repeat(50)));
    assert_eq!(got, [], "50 two-byte characters are 50 characters");
}

#[test]
fn pattern() {
    let got = violations(|j| j["individual"]["addresses"][1]["postalCode"] = json!("ABCDE"));
    assert_eq!(got, one("/individual/addresses/1/postalCode", "pattern"));
    // Patterns are not anchored unless they say so.
    let got = violations(|j| j["individual"]["phone"] = json!("tel:+14155550100"));
    assert_eq!(got, one("/individual/phone", "pattern"));
    let got = violations(|j| j["products"][0]["sku"] = json!("sku-1"));
    assert_eq!(got, one("/products/0/sku", "pattern"));
}

#[test]
fn formats() {
    let got = violations(|j| j["id"] = json!("6f1c2a9e-0b7d-4c3e-9a51"));
    assert_eq!(got, one("/id", "format"));
    let got = violations(|j| j["individual"]["email"] = json!("ada at example.com"));
    assert_eq!(got, one("/individual/email", "format"));
    let got = violations(|j| j["callbackUrl"] = json!("/hooks/applications"));
    assert_eq!(got, one("/callbackUrl", "format"));
    for ok in [
        "ada+tag@mail.example.com",
        "\"a b\"@example.com",
        "x@[127.0.0.1]",
    ] {
        assert_eq!(
            violations(|j| j["individual"]["email"] = json!(ok)),
            [],
            "{ok}"
        );
    }
    // Dates and date-times are typed: a bad one does not even deserialize.
    for (field, bad) in [("dob", "1990-13-10"), ("dob", "10/12/1990")] {
        let mut json = valid();
        json["individual"][field] = json!(bad);
        assert!(
            serde_json::from_value::<Application>(json).is_err(),
            "{bad}"
        );
    }
    let mut json = valid();
    json["submittedAt"] = json!("yesterday");
    assert!(serde_json::from_value::<Application>(json).is_err());
}

#[test]
fn minimum_and_maximum() {
    assert_eq!(
        violations(|j| j["individual"]["age"] = json!(17)),
        one("/individual/age", "minimum")
    );
    assert_eq!(violations(|j| j["individual"]["age"] = json!(18)), []);
    assert_eq!(violations(|j| j["individual"]["age"] = json!(130)), []);
    assert_eq!(
        violations(|j| j["individual"]["age"] = json!(131)),
        one("/individual/age", "maximum")
    );
    assert_eq!(
        violations(|j| j["products"][0]["quantity"] = json!(0)),
        one("/products/0/quantity", "minimum")
    );
}

#[test]
fn exclusive_bounds() {
    assert_eq!(
        violations(|j| j["products"][0]["unitPrice"] = json!(0)),
        one("/products/0/unitPrice", "exclusiveMinimum")
    );
    assert_eq!(
        violations(|j| j["products"][0]["discount"] = json!(1)),
        one("/products/0/discount", "exclusiveMaximum")
    );
    assert_eq!(violations(|j| j["products"][0]["discount"] = json!(0)), []);
    assert_eq!(
        violations(|j| j["products"][0]["discount"] = json!(0.99)),
        []
    );
    // An f32 field compares at its own precision.
    assert_eq!(
        violations(|j| j["products"][0]["weight"] = json!(0.0)),
        one("/products/0/weight", "exclusiveMinimum")
    );
    assert_eq!(
        violations(|j| j["products"][0]["weight"] = json!(1e-30)),
        []
    );
}

#[test]
fn multiple_of() {
    assert_eq!(
        violations(|j| j["products"][0]["packSize"] = json!(7)),
        one("/products/0/packSize", "multipleOf")
    );
    assert_eq!(
        violations(|j| j["products"][0]["packSize"] = json!(-15)),
        []
    );
    // Decimal steps allow for binary rounding: 0.3 and 1234.56 are multiples of 0.01.
    for ok in [0.3, 1234.56, 0.07, 99999.99] {
        assert_eq!(
            violations(|j| j["products"][0]["unitPrice"] = json!(ok)),
            [],
            "{ok}"
        );
    }
    assert_eq!(
        violations(|j| j["products"][0]["unitPrice"] = json!(19.999)),
        one("/products/0/unitPrice", "multipleOf")
    );
}

#[test]
fn item_counts() {
    assert_eq!(
        violations(|j| j["products"] = json!([])),
        one("/products", "minItems")
    );
    assert_eq!(
        violations(|j| j["individual"]["addresses"] = json!([])),
        one("/individual/addresses", "minItems")
    );
    let tags: Vec<String> = (0..11).map(|n| format!("t{n}")).collect();
    assert_eq!(
        violations(|j| j["tags"] = json!(tags)),
        one("/tags", "maxItems")
    );
}

#[test]
fn unique_items() {
    assert_eq!(
        violations(|j| j["tags"] = json!(["vip", "early", "vip"])),
        one("/tags", "uniqueItems")
    );
    let mut json = valid();
    json["tags"] = json!(["vip", "early", "vip"]);
    let errors = read(json).validate().unwrap_err();
    assert_eq!(
        errors.to_string(),
        "/tags: must not have duplicate items (item 2 repeats item 0)"
    );
}

#[test]
fn unique_items_of_long_arrays_are_compared_in_linear_time() {
    use roundtrip::runtime::{Path, rules};
    let mut errors = ValidationErrors::new();
    let items: Vec<String> = (0..100_000).map(|n| n.to_string()).collect();
    rules::unique_items(&items, &Path::ROOT, &mut errors);
    assert!(errors.is_empty());
    let mut items = items;
    items.push("99".to_string());
    rules::unique_items(&items, &Path::ROOT, &mut errors);
    assert_eq!(
        errors.as_slice()[0].value(),
        Some("item 100000 repeats item 99")
    );
}

#[test]
fn property_counts() {
    assert_eq!(
        violations(|j| j["metadata"] = json!({})),
        one("/metadata", "minProperties")
    );
    let many: serde_json::Map<String, Value> =
        (0..9).map(|n| (format!("k{n}"), json!("v"))).collect();
    assert_eq!(
        violations(|j| j["metadata"] = Value::Object(many)),
        one("/metadata", "maxProperties")
    );
    assert_eq!(
        violations(|j| j["extra"] = json!({"a": 1, "b": 2, "c": 3})),
        one("/extra", "maxProperties")
    );
}

#[test]
fn allowed_values() {
    assert_eq!(
        violations(|j| j["channel"] = json!("app")),
        one("/channel", "enum")
    );
    assert_eq!(
        violations(|j| j["consent"] = json!(false)),
        one("/consent", "enum")
    );
    assert_eq!(violations(|j| j["rate"] = json!(2.0)), one("/rate", "enum"));
    assert_eq!(violations(|j| j["rate"] = json!(0.5)), []);
    let mut json = valid();
    json["channel"] = json!("app");
    assert_eq!(
        read(json).validate().unwrap_err().to_string(),
        "/channel: must be \"web\", got \"app\""
    );
    // An enum type reads a value its spec does not list (a response may hold one added
    // since), and validation reports it.
    assert_eq!(
        violations(|j| j["products"][0]["kind"] = json!("service")),
        one("/products/0/kind", "enum")
    );
}

#[test]
fn rules_of_items_and_map_values() {
    assert_eq!(
        violations(|j| j["tags"] = json!(["vip", ""])),
        one("/tags/1", "minLength")
    );
    assert_eq!(
        violations(|j| j["metadata"]["note"] = json!("x".repeat(65))),
        one("/metadata/note", "maxLength")
    );
    assert_eq!(
        violations(|j| j["products"][0]["attributes"]["depth"] = json!(-1)),
        one("/products/0/attributes/depth", "minimum")
    );
    // Keys are escaped in pointers (RFC 6901).
    assert_eq!(
        violations(|j| j["metadata"]["a/b~c"] = json!("x".repeat(65))),
        one("/metadata/a~1b~0c", "maxLength")
    );
}

#[test]
fn nullable_and_recursive_fields() {
    assert_eq!(
        violations(|j| j["individual"]["middleName"] = Value::Null),
        []
    );
    assert_eq!(
        violations(|j| j["individual"]["middleName"] = json!("x".repeat(21))),
        one("/individual/middleName", "maxLength")
    );
    assert_eq!(
        violations(|j| j["root"]["children"][0]["children"] = json!([{"name": ""}])),
        one("/root/children/0/children/0/name", "minLength")
    );
}

#[test]
fn every_violation_is_reported_at_once() {
    let mut json = valid();
    json["id"] = json!("nope");
    json["reference"] = json!("x");
    json["individual"]["firstName"] = json!("");
    json["individual"]["age"] = json!(12);
    json["individual"]["addresses"][0]["postalCode"] = json!("1");
    json["individual"]["addresses"][0]["country"] = json!("usa");
    json["products"][0]["quantity"] = json!(5000);
    json["products"][0]["unitPrice"] = json!(-1);
    json["tags"] = json!(["a", "a", ""]);
    json["metadata"] = json!({});
    let errors = read(json).validate().unwrap_err();
    let got: Vec<(&str, &str)> = errors
        .iter()
        .map(|v| (v.pointer(), v.rule().keyword()))
        .collect();
    assert_eq!(
        got,
        [
            ("/id", "format"),
            ("/reference", "minLength"),
            ("/reference", "pattern"),
            ("/individual/firstName", "minLength"),
            ("/individual/age", "minimum"),
            ("/individual/addresses/0/postalCode", "pattern"),
            ("/individual/addresses/0/country", "maxLength"),
            ("/individual/addresses/0/country", "pattern"),
            ("/products/0/quantity", "maximum"),
            ("/products/0/unitPrice", "exclusiveMinimum"),
            ("/tags", "uniqueItems"),
            ("/tags/2", "minLength"),
            ("/metadata", "minProperties"),
        ]
    );
    // By value and by reference, with a message each.
    assert_eq!(errors.len(), 13);
    let messages: Vec<String> = (&errors).into_iter().map(Violation::to_string).collect();
    assert_eq!(
        messages[5],
        "/individual/addresses/0/postalCode: must match the pattern ^[0-9]{5}(-[0-9]{4})?$, got \"1\""
    );
    assert_eq!(messages[4], "/individual/age: must be at least 18, got 12");
    assert_eq!(
        messages[8],
        "/products/0/quantity: must be at most 1000, got 5000"
    );
    let owned: Vec<Violation> = errors.clone().into_iter().collect();
    assert_eq!(owned.len(), 13);
    assert_eq!(owned[0].rule(), &Rule::Format("uuid"));
    assert_eq!(owned[0].value(), Some("\"nope\""));
    assert_eq!(errors.to_string().lines().count(), 13);
    let as_error: Box<dyn std::error::Error> = Box::new(errors);
    assert!(
        as_error
            .to_string()
            .starts_with("/id: must be a valid uuid, got \"nope\"")
    );
}

#[test]
fn write_only_and_password_values_are_not_shown() {
    let mut json = valid();
    json["individual"]["password"] = json!("hunter2");
    let errors = read(json).validate().unwrap_err();
    let violation = errors.iter().next().unwrap();
    assert_eq!(violation.pointer(), "/individual/password");
    assert_eq!(violation.rule(), &Rule::MinLength(12));
    assert_eq!(violation.value(), None);
    assert_eq!(
        violation.to_string(),
        "/individual/password: must be at least 12 characters long"
    );
}

#[test]
fn offending_values_are_shortened() {
    let mut json = valid();
    json["reference"] = json!(format!("AB-{}", "9".repeat(1_000_000)));
    let errors = read(json).validate().unwrap_err();
    let value = errors.iter().next().unwrap().value().unwrap();
    assert_eq!(value.chars().count(), 67, "{value}");
    assert!(value.starts_with("\"AB-999") && value.ends_with("…\""));
}

#[test]
fn deeply_nested_values_stop_at_the_depth_limit() {
    // Built in code, not read from JSON (which serde_json stops at 128 levels).
    let mut category = Category {
        name: String::new(),
        children: None,
    };
    for _ in 0..2_000 {
        category = Category {
            name: "x".into(),
            children: Some(vec![category]),
        };
    }
    let errors = category.validate().unwrap_err();
    let got: Vec<&Rule> = errors.iter().map(Violation::rule).collect();
    assert_eq!(got, [&Rule::MaxDepth(MAX_DEPTH)]);
    assert_eq!(
        errors.iter().next().unwrap().pointer().matches('/').count(),
        MAX_DEPTH
    );
    // Dropping a value this deep is the caller's business; do it on a thread with room.
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || drop(category))
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn hostile_json_gives_errors_not_panics() {
    // Nesting beyond serde_json's recursion limit.
    let deep = format!(
        "{}{}",
        "{\"name\":\"x\",\"children\":[".repeat(10_000),
        "]}".repeat(10_000)
    );
    assert!(serde_json::from_str::<Category>(&deep).is_err());
    // Invalid UTF-8.
    let mut bytes = serde_json::to_vec(&valid()).unwrap();
    let at = bytes.windows(3).position(|w| w == b"Ada").unwrap();
    bytes[at] = 0xff;
    assert!(serde_json::from_slice::<Application>(&bytes).is_err());
    // Numbers out of range of their types.
    for (pointer, bad) in [
        ("/individual/age", json!(true)),
        ("/individual/age", json!(2_147_483_648_i64)),
        ("/products/0/quantity", json!(u64::MAX)),
        ("/products/0/quantity", json!(1.5)),
    ] {
        let mut json = valid();
        *json.pointer_mut(pointer).unwrap() = bad.clone();
        assert!(
            serde_json::from_value::<Application>(json).is_err(),
            "{pointer}: {bad}"
        );
    }
    let text = serde_json::to_string(&valid())
        .unwrap()
        .replace("19.99", "1e400");
    assert!(serde_json::from_str::<Application>(&text).is_err());
    // Huge but valid numbers are checked like any other.
    assert_eq!(
        violations(|j| j["products"][0]["unitPrice"] = json!(1e308)),
        [
            ("/products/0/unitPrice".to_string(), "maximum"),
            ("/products/0/unitPrice".to_string(), "multipleOf"),
        ]
    );
}

#[test]
fn unknown_keys_are_ignored() {
    let mut json = valid();
    json["unexpected"] = json!({"deep": [1, 2, 3]});
    json["individual"]["nickname"] = json!("Ada");
    json["products"][0]["color"] = json!("red");
    assert_eq!(read(json).validate(), Ok(()));
}

#[test]
fn values_round_trip() {
    let application = read(valid());
    let written = serde_json::to_value(&application).unwrap();
    assert_eq!(read(written.clone()), application);
    assert_eq!(
        written["individual"]["addresses"][1]["postalCode"],
        "12345-6789"
    );
}

/// The rules of an inline `oneOf` member (`shapes`' `CodeOrCounts`: a string of at most 3 characters,
/// or at least two non-negative integers) are checked on the variant the value is.
#[test]
fn rules_of_inline_union_members() {
    let check = |value: Value| -> Vec<(String, &'static str)> {
        let limit: roundtrip::shapes::CodeOrCounts = serde_json::from_value(value.clone())
            .unwrap_or_else(|e| panic!("{value} does not read: {e}"));
        match limit.validate() {
            Ok(()) => Vec::new(),
            Err(errors) => errors
                .iter()
                .map(|v| (v.pointer().to_string(), v.rule().keyword()))
                .collect(),
        }
    };
    assert_eq!(check(json!("abc")), Vec::new());
    assert_eq!(check(json!([0, 7])), Vec::new());
    assert_eq!(check(json!("abcd")), one("", "maxLength"));
    assert_eq!(check(json!([1])), one("", "minItems"));
    assert_eq!(check(json!([1, -2])), one("/1", "minimum"));
}
