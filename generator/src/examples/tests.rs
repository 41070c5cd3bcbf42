//! Tests of the example checker on hand-built APIs: how example text becomes JSON, and which
//! examples fit their types the way the generated serde code and `Validate` impls see them.

use super::*;
use crate::files::{FileId, SourceFile};
use crate::model::{Enum, EnumRepr, EnumValue, Tagging, TypeDef, Union, Variant, WireSource};

fn span() -> Span {
    Span::new(FileId(0), 0..1)
}

fn field(wire: &str, ty: Type, required: bool) -> Field {
    Field {
        sdk_name: wire.into(),
        wire_name: wire.into(),
        wire_source: WireSource::Spec,
        rust_name: wire.into(),
        ty,
        required,
        nullable: false,
        deprecated: None,
        description: None,
        example: None,
        default: None,
        constraints: Constraints::default(),
        read_only: false,
        write_only: false,
        span: span(),
    }
}

fn def(name: &str, kind: TypeKind) -> TypeDef {
    TypeDef {
        name: name.into(),
        namespace: Vec::new(),
        rust_name: name.into(),
        description: None,
        deprecated: None,
        kind,
        span: span(),
    }
}

fn api(types: Vec<TypeDef>) -> Api {
    Api {
        name: "demo".into(),
        source_root: "specs/demo".into(),
        description: None,
        types,
        skipped: Vec::new(),
        keep_unknown_fields: false,
        lenient_date_times: false,
        rust: Default::default(),
        operations: Vec::new(),
        service: Default::default(),
        untyped: 0,
        casing: Default::default(),
        silenced: Vec::new(),
        package: Default::default(),
    }
}

fn value(wire: &str) -> EnumValue {
    EnumValue {
        sdk_name: wire.into(),
        wire_value: wire.into(),
        rust_name: wire.into(),
        description: None,
        span: span(),
    }
}

/// The API `demo` with:
/// 0 `Pet {name: string, required, maxLength 5; age: int32; tags: [string]; kind: Kind}`
/// 1 `Kind`: closed string enum `cat`, `dog`
/// 2 `Open`: open string enum `a`
/// 3 `Shape`: untagged union of `Pet` and string
/// 4 `Tagged`: internally tagged (`type`) union of `Pet`, tag `pet`
/// 5 `Meta`: free-form object
fn sample() -> Api {
    let mut name = field("name", Type::String, true);
    name.constraints.max_length = Some(5);
    let pet = Struct {
        fields: vec![
            name,
            field("age", Type::Integer(IntFormat::Int32), false),
            field("tags", Type::Array(Box::new(Type::String)), false),
            field("kind", Type::Ref(TypeId(1)), false),
        ],
        ..Struct::default()
    };
    let variant = |name: &str, ty: Type, tag: Option<&str>| Variant {
        name: name.into(),
        rust_name: name.into(),
        ty,
        tag: tag.map(String::from),
        constraints: crate::model::Constraints::default(),
        description: None,
        span: span(),
    };
    api(vec![
        def("Pet", TypeKind::Struct(pet)),
        def(
            "Kind",
            TypeKind::Enum(Enum {
                strict: false,
                repr: EnumRepr::String,
                open: false,
                values: vec![value("cat"), value("dog")],
            }),
        ),
        def(
            "Open",
            TypeKind::Enum(Enum {
                strict: false,
                repr: EnumRepr::String,
                open: true,
                values: vec![value("a")],
            }),
        ),
        def(
            "Shape",
            TypeKind::Union(Union {
                variants: vec![
                    variant("Pet", Type::Ref(TypeId(0)), None),
                    variant("Text", Type::String, None),
                ],
                tagging: Tagging::Untagged,
            }),
        ),
        def(
            "Tagged",
            TypeKind::Union(Union {
                variants: vec![variant("Pet", Type::Ref(TypeId(0)), Some("pet"))],
                tagging: Tagging::Internal {
                    property: "type".into(),
                },
            }),
        ),
        def("Meta", TypeKind::FreeForm),
    ])
}

/// Why `text`, as the example of a field of type `ty` (with `edit` applied to the field),
/// does not fit; `None` when it does.
fn misfit(api: &Api, ty: Type, text: &str, edit: impl FnOnce(&mut Field)) -> Option<String> {
    let mut f = field("x", ty, true);
    f.example = Some(text.into());
    edit(&mut f);
    let mut api = api.clone();
    api.types.push(def(
        "Holder",
        TypeKind::Struct(Struct {
            fields: vec![f],
            ..Struct::default()
        }),
    ));
    let examples = check(&api);
    assert_eq!(examples.len(), 1);
    examples[0].misfit.clone()
}

fn fits(api: &Api, ty: Type, text: &str) {
    assert_eq!(
        misfit(api, ty.clone(), text, |_| {}),
        None,
        "{text} as {ty:?}"
    );
}

fn does_not_fit(api: &Api, ty: Type, text: &str, reason: &str) {
    assert_eq!(
        misfit(api, ty.clone(), text, |_| {}).as_deref(),
        Some(reason),
        "{text} as {ty:?}"
    );
}

#[test]
fn example_text_becomes_json_by_type() {
    let api = sample();
    let json = |ty: Type, text: &str| example_json(&api, &ty, text);
    assert_eq!(
        json(Type::String, "customer_id"),
        Ok(Value::from("customer_id"))
    );
    assert_eq!(json(Type::String, "3600"), Ok(Value::from("3600")));
    assert_eq!(
        json(Type::Date, "2020-01-31"),
        Ok(Value::from("2020-01-31"))
    );
    assert_eq!(json(Type::Ref(TypeId(1)), "cat"), Ok(Value::from("cat")));
    assert_eq!(
        json(Type::Integer(IntFormat::Int64), "3600"),
        Ok(Value::from(3600))
    );
    assert_eq!(json(Type::Boolean, "true"), Ok(Value::from(true)));
    assert_eq!(
        json(Type::Array(Box::new(Type::String)), "[\"a\",\n\"b\"]"),
        Ok(serde_json::json!(["a", "b"]))
    );
    assert_eq!(
        json(Type::Array(Box::new(Type::String)), "a, b"),
        Err("`a, b` is not JSON".into())
    );
    assert_eq!(json(Type::Any, "abc"), Ok(Value::from("abc")));
    assert_eq!(
        json(Type::Any, "{\"a\": 1}"),
        Ok(serde_json::json!({"a": 1}))
    );
    assert_eq!(
        json(Type::Ref(TypeId(3)), "hello"),
        Ok(Value::from("hello"))
    );
}

#[test]
fn primitives() {
    let api = sample();
    fits(&api, Type::Integer(IntFormat::Int64), "3600");
    does_not_fit(
        &api,
        Type::Integer(IntFormat::Int64),
        "3600.0",
        "expected an integer, got `3600.0`",
    );
    does_not_fit(
        &api,
        Type::Integer(IntFormat::Int32),
        "3000000000",
        "expected a 32-bit integer, got `3000000000`",
    );
    fits(&api, Type::Number(NumberFormat::Double), "3600");
    does_not_fit(
        &api,
        Type::Number(NumberFormat::Float),
        "1e300",
        "expected a number, got `1e+300`",
    );
    does_not_fit(&api, Type::Boolean, "yes", "`yes` is not JSON");
    fits(&api, Type::Date, "2020-01-31");
    does_not_fit(
        &api,
        Type::Date,
        "2020-13-01",
        "expected a date (`YYYY-MM-DD`), got `\"2020-13-01\"`",
    );
    fits(&api, Type::DateTime, "2020-01-31T10:00:00.123+02:00");
    fits(&api, Type::Binary, "aGk=");
    does_not_fit(
        &api,
        Type::Binary,
        "a*b",
        "expected base64 text, got `\"a*b\"`",
    );
}

#[test]
fn structs_need_their_required_fields_and_lose_no_keys() {
    let api = sample();
    let pet = Type::Ref(TypeId(0));
    fits(
        &api,
        pet.clone(),
        r#"{"name": "Tom", "age": 3, "tags": ["a"], "kind": "cat"}"#,
    );
    // The generated code reads `null` in an optional field that is not nullable as the
    // field's type: an integer does not read it.
    does_not_fit(
        &api,
        pet.clone(),
        r#"{"name": "Tom", "age": null}"#,
        "at `/age`: `null` is not allowed",
    );
    does_not_fit(
        &api,
        pet.clone(),
        r#"{"age": 3}"#,
        "the required property `name` is missing",
    );
    does_not_fit(
        &api,
        pet.clone(),
        r#"{"name": null}"#,
        "at `/name`: `null` is not allowed",
    );
    does_not_fit(
        &api,
        pet.clone(),
        r#"{"name": "Tom", "color": "red"}"#,
        "`/color` is not a property of `Pet` and would be lost",
    );
    does_not_fit(
        &api,
        pet.clone(),
        r#"{"name": "Tom", "kind": "cow"}"#,
        "at `/kind`: expected a value of `Kind`, got `\"cow\"`",
    );
    does_not_fit(
        &api,
        pet.clone(),
        r#"["Tom"]"#,
        "expected an object, got `[\"Tom\"]`",
    );
    // Unless the API keeps unknown keys.
    let mut keeping = api.clone();
    keeping.keep_unknown_fields = true;
    fits(&keeping, pet, r#"{"name": "Tom", "color": "red"}"#);
}

#[test]
fn required_nullable_fields_must_be_present() {
    let mut api = sample();
    let TypeKind::Struct(pet) = &mut api.types[0].kind else {
        panic!("`Pet` is a struct");
    };
    pet.fields[0].nullable = true;
    let pet = Type::Ref(TypeId(0));
    fits(&api, pet.clone(), r#"{"name": null}"#);
    does_not_fit(
        &api,
        pet,
        r#"{"age": 3}"#,
        "the required property `name` is missing",
    );
}

#[test]
fn additional_properties_are_read_as_their_type_with_their_rules() {
    let mut api = sample();
    let TypeKind::Struct(pet) = &mut api.types[0].kind else {
        panic!("`Pet` is a struct");
    };
    pet.additional = Some(Box::new(crate::model::Additional {
        ty: Type::Integer(IntFormat::Int32),
        constraints: Constraints {
            maximum: Some(9.0),
            ..Constraints::default()
        },
        span: span(),
    }));
    let pet = Type::Ref(TypeId(0));
    fits(&api, pet.clone(), r#"{"name": "Tom", "legs": 4}"#);
    does_not_fit(
        &api,
        pet.clone(),
        r#"{"name": "Tom", "legs": "four"}"#,
        "at `/legs`: expected a 32-bit integer, got `\"four\"`",
    );
    does_not_fit(
        &api,
        pet,
        r#"{"name": "Tom", "legs": 12}"#,
        "at `/legs`: 12 is not at most 9",
    );
}

#[test]
fn rules_are_checked_where_they_apply() {
    let api = sample();
    does_not_fit(
        &api,
        Type::Ref(TypeId(0)),
        r#"{"name": "Tommy Lee"}"#,
        "at `/name`: `Tommy Lee` is longer than 5 characters",
    );
    let with = |edit: fn(&mut Constraints)| move |f: &mut Field| edit(&mut f.constraints);
    assert_eq!(
        misfit(
            &api,
            Type::String,
            "abc",
            with(|c| c.pattern = Some("^[0-9]+$".into()))
        ),
        Some("`abc` does not match the pattern `^[0-9]+$`".into())
    );
    assert_eq!(
        misfit(
            &api,
            Type::String,
            "x@y",
            with(|c| c.format = Some("email".into()))
        ),
        None
    );
    assert_eq!(
        misfit(
            &api,
            Type::String,
            "x",
            with(|c| c.format = Some("email".into()))
        ),
        Some("`x` is not a valid email".into())
    );
    assert_eq!(
        misfit(
            &api,
            Type::Integer(IntFormat::Int64),
            "10",
            with(|c| {
                c.maximum = Some(10.0);
                c.exclusive_maximum = true;
            })
        ),
        Some("10 is not less than 10".into())
    );
    assert_eq!(
        misfit(
            &api,
            Type::Number(NumberFormat::Double),
            "0.3",
            with(|c| c.multiple_of = Some(0.1))
        ),
        None
    );
    assert_eq!(
        misfit(
            &api,
            Type::Array(Box::new(Type::String)),
            r#"["a", "bb", "a"]"#,
            with(|c| {
                c.unique_items = true;
                c.items = Some(Box::new(Constraints {
                    max_length: Some(1),
                    ..Constraints::default()
                }));
            })
        ),
        Some("item 2 repeats item 0, but items must be unique".into())
    );
    assert_eq!(
        misfit(
            &api,
            Type::String,
            "b",
            with(|c| c.allowed = vec![Value::from("a")])
        ),
        Some("`\"b\"` is not one of `\"a\"`".into())
    );
    // A rule that does not apply to the type is not checked (as the generated code does not).
    assert_eq!(
        misfit(
            &api,
            Type::Boolean,
            "true",
            with(|c| c.max_length = Some(1))
        ),
        None
    );
    // Nor is a pattern that is not ECMA-262: it is reported on its own.
    assert_eq!(
        misfit(
            &api,
            Type::String,
            "abc",
            with(|c| c.pattern = Some("(".into()))
        ),
        None
    );
}

#[test]
fn null_fits_nullable_fields_and_any_values() {
    let api = sample();
    assert_eq!(
        misfit(&api, Type::Integer(IntFormat::Int64), "null", |f| f
            .nullable =
            true),
        None
    );
    assert_eq!(
        misfit(&api, Type::Integer(IntFormat::Int64), "null", |_| {}),
        Some("`null`, but the field is not nullable".into())
    );
    fits(&api, Type::Any, "null");
}

#[test]
fn null_fits_items_and_values_that_may_be_null_and_their_rules_skip_it() {
    let api = sample();
    let nullable = |ty: Type| Type::Nullable(Box::new(ty));
    let strings = Type::Array(Box::new(nullable(Type::String)));
    fits(&api, strings.clone(), r#"["a", null, "b"]"#);
    fits(&api, strings.clone(), "[null]");
    does_not_fit(
        &api,
        strings.clone(),
        "[1, null]",
        "at `/0`: expected a string, got `1`",
    );
    does_not_fit(
        &api,
        Type::Array(Box::new(Type::String)),
        r#"["a", null]"#,
        "at `/1`: expected a string, got `null`",
    );
    let counts = Type::Map(Box::new(nullable(Type::Integer(IntFormat::Int32))));
    fits(&api, counts.clone(), r#"{"a": 1, "b": null}"#);
    does_not_fit(
        &api,
        counts,
        r#"{"a": "1"}"#,
        "at `/a`: expected a 32-bit integer, got `\"1\"`",
    );
    // A nullable struct item is read as the struct when it is not null.
    let pets = Type::Array(Box::new(nullable(Type::Ref(TypeId(0)))));
    fits(&api, pets.clone(), r#"[{"name": "Tom"}, null]"#);
    does_not_fit(
        &api,
        pets,
        r#"[null, {"name": "Tommy Lee"}]"#,
        "at `/1/name`: `Tommy Lee` is longer than 5 characters",
    );
    // The rules of the items apply to those that are not null.
    let min_length = |f: &mut Field| {
        f.constraints.items = Some(Box::new(Constraints {
            min_length: Some(2),
            ..Constraints::default()
        }));
    };
    assert_eq!(
        misfit(&api, strings.clone(), r#"[null, "ab"]"#, min_length),
        None
    );
    assert_eq!(
        misfit(&api, strings, r#"[null, "a"]"#, min_length),
        Some("at `/1`: `a` is shorter than 2 characters".into())
    );
    // The example of a value that may be null is `null`, or read as the value's type.
    let date = nullable(Type::Date);
    assert_eq!(example_json(&api, &date, "null"), Ok(Value::Null));
    assert_eq!(
        example_json(&api, &date, "2020-01-31"),
        Ok(Value::from("2020-01-31"))
    );
}

#[test]
fn unions_and_enums() {
    let api = sample();
    fits(&api, Type::Ref(TypeId(3)), r#"{"name": "Tom"}"#);
    fits(&api, Type::Ref(TypeId(3)), "just text");
    // The first variant that reads wins, and its problems are the example's.
    does_not_fit(
        &api,
        Type::Ref(TypeId(3)),
        r#"{"name": "Tom", "x": 1}"#,
        "`/x` is not a property of `Pet` and would be lost",
    );
    does_not_fit(
        &api,
        Type::Ref(TypeId(3)),
        "42",
        "expected a value of one of the variants of `Shape`, got `42`",
    );
    fits(
        &api,
        Type::Ref(TypeId(4)),
        r#"{"type": "pet", "name": "Tom"}"#,
    );
    does_not_fit(
        &api,
        Type::Ref(TypeId(4)),
        r#"{"type": "fish", "name": "Tom"}"#,
        "`fish` is not a variant of `Tagged`",
    );
    does_not_fit(
        &api,
        Type::Ref(TypeId(4)),
        r#"{"name": "Tom"}"#,
        "the tag property `type` is missing",
    );
    fits(&api, Type::Ref(TypeId(1)), "dog");
    does_not_fit(
        &api,
        Type::Ref(TypeId(1)),
        "cow",
        "expected a value of `Kind`, got `\"cow\"`",
    );
    fits(&api, Type::Ref(TypeId(2)), "anything");
    fits(&api, Type::Ref(TypeId(5)), r#"{"a": [1]}"#);
    does_not_fit(
        &api,
        Type::Ref(TypeId(5)),
        "[1]",
        "expected an object, got `[1]`",
    );
}

#[test]
fn misfits_are_warnings_at_the_field() {
    let mut sources = SourceMap::default();
    let file = sources.add(SourceFile::new(
        "specs/demo/Holder.md",
        "# Holder\n\n| x | int |\n",
    ));
    let mut f = field("count", Type::Integer(IntFormat::Int64), true);
    f.example = Some("many".into());
    f.span = Span::new(file, 10..21);
    let api = api(vec![def(
        "Holder",
        TypeKind::Struct(Struct {
            fields: vec![f],
            ..Struct::default()
        }),
    )]);
    let examples = check(&api);
    let diagnostics = diagnostics(&sources, &api, &examples);
    assert_eq!(diagnostics.len(), 1);
    let d = &diagnostics[0];
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(
        d.message,
        "the example of `Holder.count` does not fit its type: `many` is not JSON"
    );
    let location = d.location.as_ref().unwrap();
    assert_eq!(
        (location.path.as_str(), location.line),
        ("specs/demo/Holder.md", 3)
    );
}

#[test]
fn patterns_with_nested_repetition_are_checked_in_linear_time() {
    // `^(a+)+$` takes a backtracking engine about 2^40 steps to reject forty `a`s and a `!`;
    // the runtime matches it with the `regex` crate, and so does the check.
    let pattern = "^(a+)+$";
    let text = format!("{}!", "a".repeat(40));
    let with = |f: &mut Field| f.constraints.pattern = Some(pattern.into());
    assert_eq!(
        misfit(&sample(), Type::String, &text, with),
        Some(format!("`{text}` does not match the pattern `{pattern}`"))
    );
    assert_eq!(misfit(&sample(), Type::String, &"a".repeat(40), with), None);
}

#[test]
fn examples_too_costly_for_a_backtracking_engine_are_not_checked() {
    // A backreference keeps the pattern on the backtracking engine, and the nested
    // repetition would take it about 2^40 steps on this text.
    let mut sources = SourceMap::default();
    let file = sources.add(SourceFile::new(
        "specs/demo/Holder.md",
        "# Holder\n\n| x | str |\n",
    ));
    let pattern = r"^(\w+\s?)+\1$";
    let mut f = field("name", Type::String, true);
    f.example = Some(format!("{}!", "a".repeat(40)));
    f.constraints.pattern = Some(pattern.into());
    f.span = Span::new(file, 10..21);
    // A short text is matched: the bound allows it.
    let mut short = field("short", Type::String, true);
    short.example = Some("abab".into());
    short.constraints.pattern = Some(pattern.into());
    short.span = Span::new(file, 10..21);
    let api = api(vec![def(
        "Holder",
        TypeKind::Struct(Struct {
            fields: vec![f, short],
            ..Struct::default()
        }),
    )]);
    let examples = check(&api);
    assert!(examples[0].unchecked);
    assert!(!examples[1].unchecked && examples[1].misfit.is_none());
    let diagnostics = diagnostics(&sources, &api, &examples);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, Code::ExampleUnchecked);
    assert!(
        diagnostics[0]
            .message
            .starts_with("the example of `Holder.name` could not be checked: matching `aaaa"),
        "{}",
        diagnostics[0].message
    );
}

#[test]
fn untagged_unions_read_each_value_once_per_type() {
    // `Nest` is a list of `Nest` in two ways (or a string): trying both variants at each of
    // forty levels, before the leaf fails both, took 2^40 reads.
    let variant = |name: &str, ty: Type| Variant {
        name: name.into(),
        rust_name: name.into(),
        ty,
        tag: None,
        constraints: Constraints::default(),
        description: None,
        span: span(),
    };
    let nest = def(
        "Nest",
        TypeKind::Union(Union {
            variants: vec![
                variant("Left", Type::Array(Box::new(Type::Ref(TypeId(0))))),
                variant("Right", Type::Array(Box::new(Type::Ref(TypeId(0))))),
                variant("Text", Type::String),
            ],
            tagging: Tagging::Untagged,
        }),
    );
    let api = api(vec![nest]);
    let depth = 40;
    let deep = |leaf: &str| format!("{}{leaf}{}", "[".repeat(depth), "]".repeat(depth));
    fits(&api, Type::Ref(TypeId(0)), &deep("\"x\""));
    let reason = misfit(&api, Type::Ref(TypeId(0)), &deep("1"), |_| {}).expect("a misfit");
    assert!(
        reason.starts_with("expected a value of one of the variants of `Nest`, got `[[[["),
        "{reason}"
    );
}

/// An untagged union of two messages that differ in the texts their `role` enum lists: the
/// runtime ranks the variant that lists the example's role first, and so does the check.
#[test]
fn untagged_unions_take_the_variant_whose_enum_lists_the_text() {
    let message = |role_enum: u32, extra: bool| {
        let mut fields = vec![
            field("content", Type::String, true),
            field("role", Type::Ref(TypeId(role_enum)), false),
        ];
        if extra {
            fields.push(field("prefix", Type::Boolean, false));
        }
        TypeKind::Struct(Struct {
            fields,
            ..Struct::default()
        })
    };
    // Open, but `validate()` reports a value they do not list.
    let open = |values: &[&str]| {
        TypeKind::Enum(Enum {
            strict: true,
            repr: EnumRepr::String,
            open: true,
            values: values.iter().map(|v| value(v)).collect(),
        })
    };
    let variant = |name: &str, id: u32| Variant {
        name: name.into(),
        rust_name: name.into(),
        ty: Type::Ref(TypeId(id)),
        tag: None,
        constraints: Constraints::default(),
        description: None,
        span: span(),
    };
    let api = api(vec![
        def("UserMessage", message(2, false)),
        def("AssistantMessage", message(3, true)),
        def("UserRole", open(&["user"])),
        def("AssistantRole", open(&["assistant", "system"])),
        def(
            "Message",
            TypeKind::Union(Union {
                variants: vec![variant("UserMessage", 0), variant("AssistantMessage", 1)],
                tagging: Tagging::Untagged,
            }),
        ),
    ]);
    // The user's message is listed first and fits by shape: before, the check took it and
    // found `assistant` not a value of `UserRole`.
    fits(
        &api,
        Type::Ref(TypeId(4)),
        r#"{"role": "assistant", "content": "Hi"}"#,
    );
    fits(
        &api,
        Type::Ref(TypeId(4)),
        r#"{"role": "user", "content": "Hi"}"#,
    );
    does_not_fit(
        &api,
        Type::Ref(TypeId(4)),
        r#"{"role": "tool", "content": "Hi"}"#,
        "at `/role`: `\"tool\"` is not a value of `UserRole`",
    );
}
