//! Tests of the emitter on hand-built APIs that cover every kind of type and field, the naming
//! corner cases (keywords, shadowed std names, collisions at the crate root) and deprecation.
//!
//! `sample_crate_compiles_when_asked` writes the sample in both layouts to `crate/` and
//! `module/` below the directory in `SPECGEN_EMIT_CHECK_DIR`, as a workspace with the project's
//! lock file, the hand-written parts of the module layout, and the wire tests of
//! `check/round_trip.rs`. Check it with, in that directory:
//!
//! ```text
//! cargo clippy --workspace --all-targets -- -D warnings
//! RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps
//! cargo test --workspace
//! ```

use super::*;
use crate::diagnostics::{Diagnostic, Severity};
use crate::files::{SourceFile, Span};
use crate::model::{
    Constraints, Enum, EnumRepr, EnumValue, Field, IntFormat, NumberFormat, Struct, Tagging, Type,
    TypeDef, TypeKind, Union, Variant, WireSource,
};

/// Builds one API's types from `(namespace, name, kind)` with a fake doc per type.
struct ApiBuilder<'a> {
    sources: &'a mut SourceMap,
    api: Api,
}

impl<'a> ApiBuilder<'a> {
    fn new(sources: &'a mut SourceMap, name: &str) -> ApiBuilder<'a> {
        let api = Api {
            name: name.into(),
            source_root: format!("specs/{name}"),
            description: None,
            types: Vec::new(),
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
        };
        ApiBuilder { sources, api }
    }

    /// The id the next added type gets.
    fn next_id(&self) -> TypeId {
        TypeId(self.api.types.len() as u32)
    }

    fn add(&mut self, namespace: &str, name: &str, kind: TypeKind) -> TypeId {
        let id = self.next_id();
        let path = match namespace {
            "" => format!("{}/{name}.md", self.api.source_root),
            ns => format!("{}/{ns}/{name}.md", self.api.source_root),
        };
        let file = self
            .sources
            .add(SourceFile::new(path, format!("# {name}\n")));
        self.api.types.push(TypeDef {
            name: name.into(),
            namespace: namespace
                .split('/')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            rust_name: name.into(),
            description: None,
            deprecated: None,
            kind,
            span: Span::new(file, 2..2 + name.len()),
        });
        id
    }

    fn describe(&mut self, id: TypeId, description: &str) {
        self.api.types[id.0 as usize].description = Some(description.into());
    }
}

fn field(rust: &str, wire: &str, ty: Type, required: bool) -> Field {
    Field {
        sdk_name: wire.into(),
        wire_name: wire.into(),
        wire_source: WireSource::Spec,
        rust_name: rust.into(),
        ty,
        required,
        nullable: false,
        deprecated: None,
        description: None,
        example: None,
        default: None,
        constraints: Default::default(),
        read_only: false,
        write_only: false,
        span: Span::new(crate::files::FileId(0), 0..1),
    }
}

fn value(rust: &str, wire: &str) -> EnumValue {
    EnumValue {
        sdk_name: wire.into(),
        wire_value: wire.into(),
        rust_name: rust.into(),
        description: None,
        span: Span::new(crate::files::FileId(0), 0..1),
    }
}

fn structure(fields: Vec<Field>) -> TypeKind {
    TypeKind::Struct(Struct {
        fields,
        ..Struct::default()
    })
}

/// The sample: one API with every kind of type and field, and a second API whose names
/// collide with the first at the crate root.
fn sample() -> (SourceMap, Vec<Api>) {
    let mut sources = SourceMap::default();
    let mut demo = ApiBuilder::new(&mut sources, "demo");
    demo.api.description = Some("The demo API.<br/>Docs at https://example.com.".into());
    // Ids are fixed up front so types can refer to each other in any order.
    let pet = TypeId(0);
    let owner = TypeId(1);
    let status = TypeId(2);
    let level = TypeId(3);
    let extra = TypeId(4);
    let old = TypeId(5);
    let string = TypeId(6);
    let mut pet_fields = vec![
        field("id", "id", Type::Integer(IntFormat::Int64), true),
        field("name", "name", Type::String, true),
        field("client_id", "clientId", Type::String, false),
        Field {
            nullable: true,
            ..field("type", "type", Type::String, true)
        },
        Field {
            example: Some("2020-01-31".into()),
            ..field("birthday", "birthday", Type::Date, false)
        },
        field("updated_at", "updatedAt", Type::DateTime, true),
        field("photo", "photo", Type::Binary, false),
        field("count", "count", Type::Integer(IntFormat::Int32), true),
        field("weight", "weight", Type::Number(NumberFormat::Float), true),
        field("score", "score", Type::Number(NumberFormat::Any), true),
        field("tags", "tags", Type::Array(Box::new(Type::String)), true),
        field(
            "attributes",
            "attributes",
            Type::Map(Box::new(Type::Any)),
            false,
        ),
        field("owner", "owner", Type::Ref(owner), true),
        field("parent", "parent", Type::Ref(pet), false),
        field(
            "children",
            "children",
            Type::Array(Box::new(Type::Ref(pet))),
            true,
        ),
        field("status", "status", Type::Ref(status), true),
        field("level", "level", Type::Ref(level), false),
        field("extra", "extra", Type::Ref(extra), false),
        field("old", "old", Type::Ref(old), false),
        field("label", "label", Type::Ref(string), false),
        field("ssn", "SSN", Type::String, false),
        Field {
            deprecated: Some("Use `name`.".into()),
            ..field("legacy_name", "legacyName", Type::String, false)
        },
    ];
    pet_fields[1].description = Some("N/A".into());
    pet_fields[7].description = Some(
        "How many.<br/>See https://example.com/count and [the guide](../guide.md).<br/>- one<br/>- two<br/>\
         Either [1, 2]. A List<String>.\n\n```\nlet x = 1;\n```"
            .into(),
    );
    pet_fields[9].example = Some("{\n  \"score\": 1.5\n}".into());
    demo.add("", "Pet", structure(pet_fields));
    demo.describe(pet, "A pet.\n\n    Indented text.");
    let owner_fields = vec![
        field("owner_name", "ownerName", Type::String, true),
        field("pet", "pet", Type::Ref(pet), true),
        field(
            "pets_by_name",
            "petsByName",
            Type::Map(Box::new(Type::Ref(pet))),
            false,
        ),
    ];
    demo.add("components", "Owner", structure(owner_fields));
    let statuses = vec![
        EnumValue {
            description: Some("A human checked it.".into()),
            ..value("HumanAssurance", "HUMAN_ASSURANCE")
        },
        value("Low", "LOW"),
        value("OtherValue", "other-value"),
    ];
    demo.add(
        "components",
        "Status",
        TypeKind::Enum(Enum {
            strict: false,
            open: false,
            repr: EnumRepr::String,
            values: statuses,
        }),
    );
    let levels = vec![
        value("Low", "1"),
        value("High", "2"),
        value("Unknown", "-1"),
        value("Same", "1"),
    ];
    demo.add(
        "components",
        "Level",
        TypeKind::Enum(Enum {
            strict: false,
            open: false,
            repr: EnumRepr::Integer,
            values: levels,
        }),
    );
    demo.add("components", "Extra", TypeKind::FreeForm);
    demo.describe(extra, "Anything else.");
    // A wire name with a bidi control must stay escaped in its string literal.
    let old_fields = vec![
        field("a", "a", Type::Boolean, true),
        field("b", "b\u{202e}", Type::Boolean, true),
    ];
    demo.add("components", "OldThing", structure(old_fields));
    demo.api.types[old.0 as usize].deprecated = Some("Gone in v2.".into());
    demo.add(
        "components",
        "String",
        structure(vec![field("value", "value", Type::String, true)]),
    );
    // Root names: `V3Request` twice in this API and twice in the other one.
    demo.add(
        "components",
        "V3Request",
        structure(vec![field("in", "in", Type::String, true)]),
    );
    demo.add("operations", "V3Request", structure(vec![]));
    // A root-namespace type whose file would be named like a namespace module, and a
    // namespace named like the API.
    demo.add("", "Components", structure(vec![]));
    demo.add("demo", "Item", structure(vec![]));
    // Types named like the std and serde names the files use, and deprecated enums and aliases.
    let exotic_option = demo.add(
        "exotic",
        "Option",
        structure(vec![field("maybe", "maybe", Type::String, false)]),
    );
    let exotic_box = demo.next_id();
    demo.add(
        "exotic",
        "Box",
        structure(vec![field("next", "next", Type::Ref(exotic_box), false)]),
    );
    let map = Type::Map(Box::new(Type::String));
    let exotic_map = demo.add(
        "exotic",
        "BTreeMap",
        structure(vec![field("m", "m", map, true)]),
    );
    let exotic_serialize = demo.add(
        "exotic",
        "Serialize",
        structure(vec![field(
            "inner",
            "inner",
            Type::Ref(exotic_option),
            false,
        )]),
    );
    let debug = vec![value("A", "a"), value("B", "b")];
    let exotic_debug = demo.add(
        "exotic",
        "Debug",
        TypeKind::Enum(Enum {
            strict: false,
            open: false,
            repr: EnumRepr::String,
            values: debug,
        }),
    );
    let results = vec![value("Zero", "0"), value("One", "1")];
    let exotic_result = demo.add(
        "exotic",
        "Result",
        TypeKind::Enum(Enum {
            strict: false,
            open: false,
            repr: EnumRepr::Integer,
            values: results,
        }),
    );
    let exotic_deserialize = demo.add("exotic", "Deserialize", TypeKind::FreeForm);
    for id in [exotic_result, exotic_deserialize, exotic_debug] {
        demo.api.types[id.0 as usize].deprecated = Some(String::new());
    }
    let user = [
        exotic_option,
        exotic_box,
        exotic_map,
        exotic_serialize,
        exotic_debug,
        exotic_result,
    ]
    .into_iter()
    .chain([exotic_deserialize, pet, string])
    .enumerate()
    .map(|(idx, id)| field(&format!("f{idx}"), &format!("f{idx}"), Type::Ref(id), true))
    .collect();
    demo.add("exotic", "User", structure(user));
    let torture = TORTURE
        .iter()
        .enumerate()
        .map(|(idx, text)| Field {
            description: Some(text.to_string()),
            example: Some(text.to_string()),
            ..field(&format!("d{idx}"), &format!("d{idx}"), Type::String, true)
        })
        .collect();
    let torture = demo.add("components", "Docs", structure(torture));
    demo.describe(torture, &TORTURE.join("\n\n"));
    assert_eq!(demo.next_id(), TypeId(20));
    add_shapes(&mut demo, status, level, old, pet);
    let demo = demo.api;
    let mut other = ApiBuilder::new(&mut sources, "other");
    other.add("components", "V3Request", structure(vec![]));
    other.add("operations", "V3Request", structure(vec![]));
    // An API that keeps unknown keys, with a field named like the map that keeps them.
    other.api.keep_unknown_fields = true;
    other.add(
        "",
        "Event",
        structure(vec![
            field("id", "id", Type::String, true),
            field("unknown_fields", "unknownFields", Type::String, false),
        ]),
    );
    let other = other.api;
    (sources, vec![demo, other])
}

fn variant(rust: &str, ty: Type, tag: Option<&str>) -> Variant {
    Variant {
        name: rust.into(),
        rust_name: rust.into(),
        ty,
        tag: tag.map(String::from),
        constraints: Constraints::default(),
        description: None,
        span: Span::new(crate::files::FileId(0), 0..1),
    }
}

fn union(variants: Vec<Variant>, tagging: Tagging) -> TypeKind {
    TypeKind::Union(Union { variants, tagging })
}

fn open_enum(repr: EnumRepr, values: Vec<EnumValue>) -> TypeKind {
    TypeKind::Enum(Enum {
        strict: false,
        repr,
        open: true,
        values,
    })
}

/// The `shapes` namespace of the sample: unions of every tagging, open enums, three-state
/// nullable fields, defaults, constraints, dates and bytes; plus runtime names in `exotic`.
/// `round_trip.rs` in the compile check exercises them on the wire.
fn add_shapes(demo: &mut ApiBuilder<'_>, status: TypeId, level: TypeId, old: TypeId, pet: TypeId) {
    let string = || Type::String;
    let int = || Type::Integer(IntFormat::Int64);
    let cat = demo.add(
        "shapes",
        "Cat",
        structure(vec![
            field("name", "name", string(), true),
            field("meows", "meows", Type::Boolean, true),
        ]),
    );
    let dog = demo.add(
        "shapes",
        "Dog",
        structure(vec![
            field("name", "name", string(), true),
            field("barks", "barks", Type::Boolean, true),
        ]),
    );
    let bird = demo.add(
        "shapes",
        "Bird",
        structure(vec![
            field("pet_type", "petType", string(), true),
            field("wings", "wings", int(), true),
        ]),
    );
    let fish = demo.add(
        "shapes",
        "Fish",
        structure(vec![
            field("pet_type", "petType", string(), true),
            field("fins", "fins", int(), true),
        ]),
    );
    let mut untagged = vec![
        variant("Cat", Type::Ref(cat), None),
        variant("Dog", Type::Ref(dog), None),
        variant("Str", string(), None),
        variant("Integer", int(), None),
        variant("Tags", Type::Array(Box::new(string())), None),
        variant("Old", Type::Ref(old), None),
    ];
    untagged[0].description = Some("A cat, tried first.".into());
    let pet_kind = demo.add("shapes", "PetKind", union(untagged, Tagging::Untagged));
    demo.describe(pet_kind, "Any kind of pet.");
    let internal = Tagging::Internal {
        property: "kind".into(),
    };
    demo.add(
        "shapes",
        "Tagged",
        union(
            vec![
                variant("Cat", Type::Ref(cat), Some("cat")),
                variant("Dog", Type::Ref(dog), Some("dog")),
            ],
            internal.clone(),
        ),
    );
    demo.add(
        "shapes",
        "Dispatched",
        union(
            vec![
                variant("Bird", Type::Ref(bird), Some("bird")),
                variant("Fish", Type::Ref(fish), Some("fish")),
            ],
            Tagging::Internal {
                property: "petType".into(),
            },
        ),
    );
    demo.add(
        "shapes",
        "Fallback",
        union(
            vec![
                variant("Cat", Type::Ref(cat), Some("cat")),
                variant("Str", string(), Some("str")),
            ],
            internal,
        ),
    );
    demo.add(
        "shapes",
        "Adjacent",
        union(
            vec![
                variant("Text", string(), Some("text")),
                variant("Number", Type::Number(NumberFormat::Double), Some("number")),
                variant("Cat", Type::Ref(cat), None),
            ],
            Tagging::Adjacent {
                tag: "type".into(),
                content: "value".into(),
            },
        ),
    );
    demo.add("shapes", "Nothing", union(vec![], Tagging::Untagged));
    // A cycle through a union: `Tree` holds a `Node`, which may hold a `Tree`.
    let node = TypeId(demo.next_id().0 + 1);
    let tree = demo.add(
        "shapes",
        "Tree",
        structure(vec![
            field("label", "label", string(), true),
            field("node", "node", Type::Ref(node), true),
        ]),
    );
    demo.add(
        "shapes",
        "Node",
        union(
            vec![
                variant("Leaf", string(), None),
                variant("Branch", Type::Ref(tree), None),
            ],
            Tagging::Untagged,
        ),
    );
    // Variants sharing a suffix, and one holding a large struct.
    demo.add(
        "shapes",
        "Responses",
        union(
            vec![
                variant("CatResponse", Type::Ref(cat), None),
                variant("DogResponse", Type::Ref(dog), None),
                variant("PetResponse", Type::Ref(pet), None),
                variant("NoResponse", Type::Boolean, None),
            ],
            Tagging::Untagged,
        ),
    );
    let color = demo.add(
        "shapes",
        "Color",
        open_enum(
            EnumRepr::String,
            vec![
                value("Red", "red"),
                EnumValue {
                    description: Some("Like grass.".into()),
                    ..value("Green", "green")
                },
                value("Unknown", "unknown"),
            ],
        ),
    );
    let priority = demo.add(
        "shapes",
        "Priority",
        open_enum(
            EnumRepr::Integer,
            vec![value("Low", "1"), value("High", "2"), value("Low2", "1")],
        ),
    );
    demo.add("shapes", "Anything", open_enum(EnumRepr::String, vec![]));
    let nullable = |rust: &str, wire: &str, ty: Type| Field {
        nullable: true,
        ..field(rust, wire, ty, false)
    };
    let defaulted = |rust: &str, ty: Type, default: serde_json::Value| Field {
        default: Some(default),
        ..field(rust, rust, ty, false)
    };
    let settings = vec![
        nullable("nickname", "nickname", string()),
        nullable("partner", "partner", Type::Ref(cat)),
        Field {
            nullable: true,
            ..field("note", "note", string(), true)
        },
        Field {
            constraints: Constraints {
                minimum: Some(1.0),
                maximum: Some(100.0),
                ..Default::default()
            },
            ..defaulted("page_size", int(), serde_json::json!(25))
        },
        defaulted(
            "ratio",
            Type::Number(NumberFormat::Float),
            serde_json::json!(0.5),
        ),
        defaulted(
            "offset",
            Type::Number(NumberFormat::Double),
            serde_json::json!(-1.5),
        ),
        Field {
            constraints: Constraints {
                max_length: Some(64),
                pattern: Some("^[a-z`<br/>\\[]+$".into()),
                ..Default::default()
            },
            ..defaulted("label", string(), serde_json::json!("x"))
        },
        defaulted("enabled", Type::Boolean, serde_json::json!(true)),
        defaulted("color", Type::Ref(color), serde_json::json!("green")),
        defaulted("priority", Type::Ref(priority), serde_json::json!(2)),
        defaulted("status", Type::Ref(status), serde_json::json!("LOW")),
        defaulted("level", Type::Ref(level), serde_json::json!(-1)),
        defaulted("odd_color", Type::Ref(color), serde_json::json!("purple")),
        defaulted(
            "big",
            Type::Integer(IntFormat::Int32),
            serde_json::json!(3_000_000_000_i64),
        ),
        Field {
            required: true,
            ..defaulted("window", int(), serde_json::json!({"from": 1}))
        },
        Field {
            constraints: Constraints {
                min_properties: Some(1),
                ..Default::default()
            },
            ..field("metadata", "metadata", Type::Map(Box::new(int())), false)
        },
        field("day", "day", Type::Date, true),
        field("at", "at", Type::DateTime, true),
        field("blob", "blob", Type::Binary, true),
        field("blobs", "blobs", Type::Array(Box::new(Type::Binary)), false),
        Field {
            read_only: true,
            ..field("id", "id", string(), false)
        },
        Field {
            write_only: true,
            ..field("secret", "secret", string(), false)
        },
        Field {
            constraints: Constraints {
                min_items: Some(1),
                unique_items: true,
                items: Some(Box::new(Constraints {
                    max_length: Some(10),
                    ..Default::default()
                })),
                ..Default::default()
            },
            ..field("tags", "tags", Type::Array(Box::new(string())), false)
        },
        field("kind", "kind", Type::Ref(pet_kind), false),
    ];
    demo.add("shapes", "Settings", structure(settings));
    demo.add("shapes", "CatAlias", TypeKind::Alias(Type::Ref(cat)));
    demo.add(
        "shapes",
        "Counts",
        TypeKind::Alias(Type::Map(Box::new(int()))),
    );
    // Types named like the runtime's.
    demo.add(
        "exotic",
        "Nullable",
        structure(vec![nullable("maybe", "maybe", string())]),
    );
    demo.add(
        "exotic",
        "Base64",
        structure(vec![field("data", "data", Type::Binary, true)]),
    );
}

/// Descriptions that rustdoc, clippy or the Rust lexer would choke on if copied verbatim; the
/// sample crate carries each as a field description and as an example.
const TORTURE: &[&str] = &[
    "Use `<br/>` inside code `a<br/>b` and `Vec<T>`",
    "Generic Vec<T> and Option<Box<T>> and <T> and <<x>>",
    "HTML <div><p>unclosed</div> and <span class=\"x\">ok</span> and <a href='x'>link</a>",
    "<details><summary>More</summary>\n\nHidden text\n</details>",
    "1. first\n2. second\ncontinued\n\n* star\n+ plus\n  indented continuation",
    "Table:\n\n| a | b |\n|---|---|\n| [x] | <y> |\n\na|b\n-|-\n1|2",
    "Footnote[^1] and [^2].\n\n[^1]: The note.",
    "Ref link [foo][bar] and [bar] and [foo][].\n\n[bar]: https://example.com",
    "Email me@example.com and <me@example.com> and http://localhost:8080/path?x=1&y=2.",
    "Heading\n===\n# H1\n## [Bracket heading]",
    "Tab\tseparated\tvalues and trailing spaces   \nnext",
    "```rust\nfn main() {}\n```\n\n```should_panic\nx\n```\n\n```compile-fail\nx\n```\n\n    indented code",
    "> quote line\n> more\nlazy\n\n>> nested",
    "Unclosed ``` inline code and `backtick",
    "<!-- comment --> text <!-- unclosed",
    "<!-- unclosed block comment\nmore",
    "Weird < and > and <= and => and -> and a<b>c",
    "![image](img.png) and [![badge](https://x.com/b.svg)](https://x.com)",
    "Brackets in URL https://example.com/a[0]=1 and (https://example.com/paren)",
    "- [ ] task\n- [x] done",
    "Emoji :heavy_check_mark: and \u{2713} and \u{202e}bidi\u{202c} and \u{0}nul",
    "/ starts with a slash\n!bang\n#hash\n*/ comment end /*",
    "Link to [Self](#self) and [crate::Foo] and [`Vec`] and [Foo](Foo)",
    "*emphasis [x]* and **strong <b>**",
    "- item\n\n    code inside item after blank",
    "<script>alert(1)</script> and <style>p{}</style>",
    "<DIV>upper</div>",
    "URLs https://example.com/a_b_c_ and ftp://example.com and www.example.com and http://",
    "\\[already escaped\\] and \\\\[double backslash]",
    "A line with trailing backslash\\\nnext",
    "- a\n  - nested\n    - deeper\n text",
    "Text <https://example.com/in angle> partial",
    "[link](https://example.com \"title\") [rel](./x.md \"t\")",
    "<br/>leading break and trailing<br/>",
    "2024. A year\nmore",
    "<a name=\"x\"/> and <img src='x'/> and <svg><path d=\"x\"/></svg>",
    "[x]: not a def",
    "<p>para</p>\n\n<p>\nmulti\n</p>",
    "Quote \" and backslash \\ and raw \"# and r#\"x\"#",
    "~~~\nunclosed tilde fence",
    "Cargo `[dependencies]` and [dependencies] and [a](<b c>)",
];

fn emit_sample(layout: Layout) -> (Vec<GeneratedFile>, Vec<Diagnostic>) {
    let (sources, apis) = sample();
    let mut diagnostics = Vec::new();
    let plan = crate::plan::build(&sources, &apis, Vec::new(), &mut diagnostics);
    let options = Options::new(layout, "cargo xtask codegen");
    (emit(&sources, &apis, &plan, &options), diagnostics)
}

/// The files of `apis` as a crate named `small`.
fn emit_small(sources: &SourceMap, apis: Vec<Api>) -> Vec<GeneratedFile> {
    let plan = crate::plan::build(sources, &apis, Vec::new(), &mut Vec::new());
    let options = Options::new(
        Layout::Crate {
            name: "small".into(),
        },
        "specgen",
    );
    emit(sources, &apis, &plan, &options)
}

fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
    let found = files.iter().find(|file| file.path == path);
    &found
        .unwrap_or_else(|| panic!("no file {path} among {:?}", paths(files)))
        .contents
}

fn paths(files: &[GeneratedFile]) -> Vec<&str> {
    files.iter().map(|file| file.path.as_str()).collect()
}

#[test]
fn files_are_laid_out_per_namespace() {
    let (files, _) = emit_sample(Layout::Crate {
        name: "demo-types".into(),
    });
    let (runtime, files): (Vec<GeneratedFile>, Vec<GeneratedFile>) = files
        .into_iter()
        .partition(|file| file.path.starts_with("src/runtime/"));
    assert!(paths(&runtime).contains(&"src/runtime/mod.rs"));
    assert_eq!(
        paths(&files),
        [
            "Cargo.toml",
            "src/demo/components/docs.rs",
            "src/demo/components/extra.rs",
            "src/demo/components/level.rs",
            "src/demo/components/mod.rs",
            "src/demo/components/old_thing.rs",
            "src/demo/components/owner.rs",
            "src/demo/components/status.rs",
            "src/demo/components/string.rs",
            "src/demo/components/v3_request.rs",
            "src/demo/components2.rs",
            "src/demo/demo/item.rs",
            "src/demo/demo/mod.rs",
            "src/demo/exotic/b_tree_map.rs",
            "src/demo/exotic/base64_2.rs",
            "src/demo/exotic/box.rs",
            "src/demo/exotic/debug.rs",
            "src/demo/exotic/deserialize.rs",
            "src/demo/exotic/mod.rs",
            "src/demo/exotic/nullable.rs",
            "src/demo/exotic/option.rs",
            "src/demo/exotic/result.rs",
            "src/demo/exotic/serialize.rs",
            "src/demo/exotic/user.rs",
            "src/demo/mod.rs",
            "src/demo/operations/mod.rs",
            "src/demo/operations/v3_request.rs",
            "src/demo/pet.rs",
            "src/demo/shapes/adjacent.rs",
            "src/demo/shapes/anything.rs",
            "src/demo/shapes/bird.rs",
            "src/demo/shapes/cat.rs",
            "src/demo/shapes/cat_alias.rs",
            "src/demo/shapes/color.rs",
            "src/demo/shapes/counts.rs",
            "src/demo/shapes/dispatched.rs",
            "src/demo/shapes/dog.rs",
            "src/demo/shapes/fallback.rs",
            "src/demo/shapes/fish.rs",
            "src/demo/shapes/mod.rs",
            "src/demo/shapes/node.rs",
            "src/demo/shapes/nothing.rs",
            "src/demo/shapes/pet_kind.rs",
            "src/demo/shapes/priority.rs",
            "src/demo/shapes/responses.rs",
            "src/demo/shapes/settings.rs",
            "src/demo/shapes/tagged.rs",
            "src/demo/shapes/tree.rs",
            "src/demo/spec_examples.rs",
            "src/lib.rs",
            "src/other/components/mod.rs",
            "src/other/components/v3_request.rs",
            "src/other/event.rs",
            "src/other/mod.rs",
            "src/other/operations/mod.rs",
            "src/other/operations/v3_request.rs",
        ]
    );
    for file in &files {
        assert!(
            file.contents.ends_with('\n') && !file.contents.ends_with("\n\n"),
            "{}",
            file.path
        );
    }
    let (module_files, _) = emit_sample(Layout::Module {
        dir: "src/apis".into(),
    });
    // No `Cargo.toml` and no `src/runtime/`: the hand-written crate has its own.
    assert_eq!(module_files.len(), files.len() - 1);
    assert!(
        !paths(&module_files)
            .iter()
            .any(|path| path.contains("runtime"))
    );
    assert!(paths(&module_files).contains(&"src/apis/mod.rs"));
    assert!(paths(&module_files).contains(&"src/apis/demo/pet.rs"));
}

#[test]
fn output_is_deterministic() {
    let first = emit_sample(Layout::Crate { name: "x".into() });
    let second = emit_sample(Layout::Crate { name: "x".into() });
    assert_eq!(first, second);
}

#[test]
fn root_name_collisions_are_prefixed_and_noted() {
    let (sources, apis) = sample();
    let mut diagnostics = Vec::new();
    let plan = crate::plan::build(&sources, &apis, Vec::new(), &mut diagnostics);
    let roots = &plan.roots;
    // The sample's `Pet.score` has an object for an example, which is reported too.
    let (misfits, diagnostics): (Vec<_>, Vec<_>) = diagnostics
        .into_iter()
        .partition(|d| d.message.starts_with("the example of `Pet.score`"));
    assert_eq!(misfits.len(), 1);
    let v3 = |api: usize, id: u32| roots.get(api, TypeId(id)).to_string();
    assert_eq!(v3(0, 7), "V3Request");
    assert_eq!(v3(0, 8), "OperationsV3Request");
    assert_eq!(v3(1, 0), "ComponentsV3Request");
    assert_eq!(v3(1, 1), "OtherOperationsV3Request");
    assert_eq!(roots.get(0, TypeId(0)), "Pet");
    let rendered: Vec<String> = diagnostics.iter().map(Diagnostic::render).collect();
    assert!(
        diagnostics.iter().all(|d| d.severity == Severity::Note),
        "{rendered:#?}"
    );
    assert_eq!(diagnostics.len(), 3, "{rendered:#?}");
    assert_eq!(
        diagnostics[0].message,
        "`V3Request` of `demo::operations` is re-exported at the crate root as `OperationsV3Request`"
    );
    assert_eq!(
        diagnostics[0].hint.as_deref(),
        Some(
            "`demo::components::V3Request` has the name `V3Request` at the crate root; \
             this type is also `demo::operations::V3Request`"
        )
    );
    assert_eq!(
        diagnostics[0].location.as_ref().unwrap().to_string(),
        "specs/demo/operations/V3Request.md:1:3"
    );
}

#[test]
fn root_module_declares_apis_and_reexports_types() {
    let (files, _) = emit_sample(Layout::Crate {
        name: "demo-types".into(),
    });
    assert_eq!(
        file(&files, "src/lib.rs"),
        r#"// @generated by `cargo xtask codegen` from specs/demo, specs/other. Do not edit by hand.

//! Rust types generated from API descriptions, one module per API:
//!
//! - [`demo`]: from `specs/demo`, 41 models
//! - [`other`]: from `specs/other`, 3 models
//!
//! Every type of every API is also re-exported here under a name of its own; each API's
//! module lists its models.
//!
//! Every type implements [`Validate`]:
//! `value.validate()` checks the spec's rules (lengths, patterns, ranges, item counts,
//! formats, allowed values) on the value and everything in it, and returns every violation
//! at once, each with the JSON pointer of the offending value in wire names.
//!
//! The `runtime` module has the support types some fields use, and the validation
//! types re-exported here.

pub mod demo;
pub mod other;
pub mod runtime;

pub use runtime::{Validate, ValidationErrors, Violation};
pub use self::demo::Components;
pub use self::demo::Pet;
pub use self::demo::components::Docs;
pub use self::demo::components::Extra;
pub use self::demo::components::Level;
#[allow(deprecated)]
pub use self::demo::components::OldThing;
pub use self::demo::components::Owner;
pub use self::demo::components::Status;
pub use self::demo::components::String;
pub use self::demo::components::V3Request;
pub use self::demo::demo::Item;
pub use self::demo::exotic::BTreeMap;
pub use self::demo::exotic::Base64;
pub use self::demo::exotic::Box;
#[allow(deprecated)]
pub use self::demo::exotic::Debug;
#[allow(deprecated)]
pub use self::demo::exotic::Deserialize;
pub use self::demo::exotic::Nullable;
pub use self::demo::exotic::Option;
#[allow(deprecated)]
pub use self::demo::exotic::Result;
pub use self::demo::exotic::Serialize;
pub use self::demo::exotic::User;
pub use self::demo::operations::V3Request as OperationsV3Request;
pub use self::demo::shapes::Adjacent;
pub use self::demo::shapes::Anything;
pub use self::demo::shapes::Bird;
pub use self::demo::shapes::Cat;
pub use self::demo::shapes::CatAlias;
pub use self::demo::shapes::Color;
pub use self::demo::shapes::Counts;
pub use self::demo::shapes::Dispatched;
pub use self::demo::shapes::Dog;
pub use self::demo::shapes::Fallback;
pub use self::demo::shapes::Fish;
pub use self::demo::shapes::Node;
pub use self::demo::shapes::Nothing;
pub use self::demo::shapes::PetKind;
pub use self::demo::shapes::Priority;
pub use self::demo::shapes::Responses;
pub use self::demo::shapes::Settings;
pub use self::demo::shapes::Tagged;
pub use self::demo::shapes::Tree;
pub use self::other::Event;
pub use self::other::components::V3Request as ComponentsV3Request;
pub use self::other::operations::V3Request as OtherOperationsV3Request;
"#
    );
    assert_eq!(
        file(&files, "Cargo.toml"),
        r#"# @generated by `cargo xtask codegen` from specs/demo, specs/other. Do not edit by hand.

[package]
name = "demo-types"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
base64 = "0.22"
chrono = { version = "0.4", default-features = false, features = ["std", "serde"] }
fancy-regex = { version = "0.20", default-features = false, features = ["std", "perf", "unicode", "variable-lookbehinds"] }
regex = { version = "1", default-features = false, features = ["std", "perf"] }
regress = { version = "0.12", default-features = false, features = ["std"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[features]
# Both serde directions on every type: responses written back (caches, proxies) and
# requests read; without it a type only sent is `Serialize` alone and a type only
# received `Deserialize` alone.
round-trip = []
"#
    );
}

#[test]
fn namespace_modules_declare_files_and_reexport() {
    let (files, _) = emit_sample(Layout::Module {
        dir: "src/apis".into(),
    });
    assert_eq!(
        file(&files, "src/apis/demo/mod.rs"),
        r#"// @generated by `cargo xtask codegen` from specs/demo. Do not edit by hand.

//! The demo API.
//! Docs at <https://example.com>.
//!
//! Models:
//!
//! - [`struct@Components`]
//! - [`struct@Pet`] – A pet.
//!
//! Namespaces: [`components`], [`demo`], [`exotic`], [`operations`], [`shapes`].

pub mod components;
#[allow(clippy::module_inception)]
pub mod demo;
pub mod exotic;
pub mod operations;
pub mod shapes;

mod components2;
mod pet;
#[cfg(test)]
mod spec_examples;

pub use components2::Components;
pub use pet::Pet;
"#
    );
    assert_eq!(
        file(&files, "src/apis/demo/demo/mod.rs"),
        r#"// @generated by `cargo xtask codegen` from specs/demo. Do not edit by hand.

//! Types of the `demo` namespace of the `demo` API.
//!
//! Models:
//!
//! - [`struct@Item`]

mod item;

pub use item::Item;
"#
    );
}

#[test]
fn enums_and_free_form_types() {
    let (files, _) = emit_sample(Layout::Crate { name: "x".into() });
    assert_eq!(
        file(&files, "src/demo/components/status.rs"),
        r#"// @generated by `cargo xtask codegen` from specs/demo/components/Status.md. Do not edit by hand.

use crate::runtime::Validate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    /// A human checked it.
    HumanAssurance,
    Low,
    #[serde(rename = "other-value")]
    OtherValue,
}

impl Status {
    /// Every value the spec lists, in its order.
    pub const ALL: &'static [Self] = &[
        Self::HumanAssurance,
        Self::Low,
        Self::OtherValue,
    ];
    /// The value as it is sent on the wire.
    pub fn as_str(&self) -> &'static str {
        match *self {
            Self::HumanAssurance => "HUMAN_ASSURANCE",
            Self::Low => "LOW",
            Self::OtherValue => "other-value",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Status {
    type Err = serde::de::value::Error;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        crate::runtime::parse_str(text)
    }
}

impl Validate for Status {}
"#
    );
    assert_eq!(
        file(&files, "src/demo/components/extra.rs"),
        "\
// @generated by `cargo xtask codegen` from specs/demo/components/Extra.md. Do not edit by hand.

/// Anything else.
pub type Extra = serde_json::Map<String, serde_json::Value>;
"
    );
    assert_eq!(
        file(&files, "src/demo/components/level.rs"),
        r#"// @generated by `cargo xtask codegen` from specs/demo/components/Level.md. Do not edit by hand.

use crate::runtime::Validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    Low,
    High,
    Unknown,
    Same,
}

impl serde::Serialize for Level {
    fn serialize<S>(&self, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let value = match *self {
            Self::Low => 1,
            Self::High => 2,
            Self::Unknown => -1,
            Self::Same => 1,
        };
        serializer.serialize_i64(value)
    }
}

impl<'de> serde::Deserialize<'de> for Level {
    fn deserialize<D>(deserializer: D) -> Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        let value = <i64 as serde::Deserialize>::deserialize(deserializer)?;
        let unexpected = serde::de::Unexpected::Signed(value);
        match value {
            1 => Ok(Self::Low),
            2 => Ok(Self::High),
            -1 => Ok(Self::Unknown),
            _ => Err(serde::de::Error::invalid_value(unexpected, &"one of -1, 1, 2")),
        }
    }
}

impl Validate for Level {}
"#
    );
}

#[test]
fn structs_shadowing_and_deprecation() {
    let (files, _) = emit_sample(Layout::Crate { name: "x".into() });
    let pet = file(&files, "src/demo/pet.rs");
    println!("{pet}");
    assert_eq!(
        file(&files, "src/demo/components/string.rs"),
        r#"// @generated by `cargo xtask codegen` from specs/demo/components/String.md. Do not edit by hand.

use crate::runtime::Validate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct String {
    pub value: std::string::String,
}

impl String {
    /// A value of its required fields; the optional ones are left out.
    /// Set others with struct update syntax: `String { field: Some(value), ..String::new(...) }`.
    pub fn new(value: impl Into<std::string::String>) -> Self {
        Self { value: value.into() }
    }
}

impl Validate for String {}
"#
    );
    assert_eq!(
        file(&files, "src/demo/components/owner.rs"),
        r#"// @generated by `cargo xtask codegen` from specs/demo/components/Owner.md. Do not edit by hand.

use crate::runtime::{Path, Validate, ValidationErrors};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use super::super::Pet;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Owner {
    /// Wire name: `ownerName`.
    pub owner_name: String,
    pub pet: Box<Pet>,
    /// Wire name: `petsByName`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::runtime::deserialize_present"
    )]
    pub pets_by_name: Option<BTreeMap<String, Pet>>,
}

impl Owner {
    /// A value of its required fields; the optional ones are left out.
    /// Set others with struct update syntax: `Owner { field: Some(value), ..Owner::new(...) }`.
    pub fn new(owner_name: impl Into<String>, pet: impl Into<Box<Pet>>) -> Self {
        Self {
            owner_name: owner_name.into(),
            pet: pet.into(),
            pets_by_name: None,
        }
    }
}

impl Validate for Owner {
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        if errors.too_deep(at) {
            return;
        }
        Validate::validate_at(&self.pet, &at.key("pet"), errors);
        Validate::validate_at(&self.pets_by_name, &at.key("petsByName"), errors);
    }
}
"#
    );
}

#[test]
fn names_shadowing_std_and_serde_are_qualified() {
    let (files, _) = emit_sample(Layout::Crate { name: "x".into() });
    let body = |path: &str| file(&files, path).split_once("\n\n").unwrap().1.to_string();
    assert_eq!(
        body("src/demo/exotic/user.rs"),
        r#"use crate::runtime::{Path, Validate, ValidationErrors};
use serde::{Deserialize, Serialize};
#[allow(deprecated)]
use super::Debug;
use super::super::Pet;

#[allow(deprecated)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub f0: super::Option,
    pub f1: super::Box,
    pub f2: super::BTreeMap,
    pub f3: super::Serialize,
    pub f4: Debug,
    pub f5: super::Result,
    pub f6: super::Deserialize,
    pub f7: Box<Pet>,
    pub f8: super::super::components::String,
}

#[allow(deprecated)]
impl User {
    /// A value of its required fields; the optional ones are left out.
    /// Set others with struct update syntax: `User { field: Some(value), ..User::new(...) }`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        f0: impl Into<super::Option>,
        f1: impl Into<super::Box>,
        f2: impl Into<super::BTreeMap>,
        f3: impl Into<super::Serialize>,
        f4: impl Into<Debug>,
        f5: impl Into<super::Result>,
        f6: impl Into<super::Deserialize>,
        f7: impl Into<Box<Pet>>,
        f8: impl Into<super::super::components::String>,
    ) -> Self {
        Self {
            f0: f0.into(),
            f1: f1.into(),
            f2: f2.into(),
            f3: f3.into(),
            f4: f4.into(),
            f5: f5.into(),
            f6: f6.into(),
            f7: f7.into(),
            f8: f8.into(),
        }
    }
}

#[allow(deprecated)]
impl Validate for User {
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        if errors.too_deep(at) {
            return;
        }
        Validate::validate_at(&self.f7, &at.key("f7"), errors);
    }
}
"#
    );
    assert_eq!(
        body("src/demo/exotic/box.rs"),
        r#"use crate::runtime::Validate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Box {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::runtime::deserialize_present"
    )]
    pub next: Option<std::boxed::Box<Box>>,
}

impl Validate for Box {}
"#
    );
    assert_eq!(
        body("src/demo/exotic/serialize.rs"),
        r#"use crate::runtime::Validate;

#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Serialize {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::runtime::deserialize_present"
    )]
    pub inner: Option<super::Option>,
}

impl Validate for Serialize {}
"#
    );
    assert_eq!(
        body("src/demo/exotic/option.rs"),
        r#"use crate::runtime::Validate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Option {
    #[serde(
        default,
        skip_serializing_if = "std::option::Option::is_none",
        deserialize_with = "crate::runtime::deserialize_present"
    )]
    pub maybe: std::option::Option<String>,
}

impl Validate for Option {}
"#
    );
    assert_eq!(
        body("src/demo/exotic/deserialize.rs"),
        "#[deprecated]\npub type Deserialize = serde_json::Map<String, serde_json::Value>;\n"
    );
    assert!(file(&files, "src/demo/exotic/mod.rs").contains("mod r#box;\n"));
    assert!(
        file(&files, "src/demo/exotic/result.rs")
            .contains("-> std::result::Result<S::Ok, S::Error>")
    );
}

#[test]
fn integer_enums_with_other_values_are_string_enums() {
    let mut sources = SourceMap::default();
    let mut api = ApiBuilder::new(&mut sources, "small");
    let values = vec![value("One", "1"), value("Many", "many")];
    api.add(
        "",
        "Count",
        TypeKind::Enum(Enum {
            strict: false,
            open: false,
            repr: EnumRepr::Integer,
            values,
        }),
    );
    let apis = vec![api.api];
    let files = emit_small(&sources, apis);
    assert_eq!(
        file(&files, "src/small/count.rs"),
        r#"// @generated by `specgen` from specs/small/Count.md. Do not edit by hand.

use crate::runtime::Validate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Count {
    #[serde(rename = "1")]
    One,
    Many,
}

impl Count {
    /// Every value the spec lists, in its order.
    pub const ALL: &'static [Self] = &[Self::One, Self::Many];
    /// The value as it is sent on the wire.
    pub fn as_str(&self) -> &'static str {
        match *self {
            Self::One => "1",
            Self::Many => "many",
        }
    }
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Count {
    type Err = serde::de::value::Error;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        crate::runtime::parse_str(text)
    }
}

impl Validate for Count {}
"#
    );
}

#[test]
fn apis_with_one_module_name_are_numbered() {
    let mut sources = SourceMap::default();
    let mut apis = Vec::new();
    for _ in 0..2 {
        let mut api = ApiBuilder::new(&mut sources, "same");
        api.add("", "Thing", structure(vec![]));
        apis.push(api.api);
    }
    let mut diagnostics = Vec::new();
    let plan = crate::plan::build(&sources, &apis, Vec::new(), &mut diagnostics);
    let roots = &plan.roots;
    assert_eq!(roots.names, [["Thing"], ["SameThing"]]);
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "API `same` is generated as module `same2`",
            "`Thing` of `same2` is re-exported at the crate root as `SameThing`",
        ]
    );
    let options = Options::new(
        Layout::Module {
            dir: "src/apis".into(),
        },
        "specgen",
    );
    let files = emit(&sources, &apis, &plan, &options);
    assert!(file(&files, "src/apis/mod.rs").ends_with(
        "pub mod same;\npub mod same2;\n\npub use self::same::Thing;\npub use self::same2::Thing as SameThing;\n"
    ));
}

/// A generated file without its header line and the blank line after it.
fn body(files: &[GeneratedFile], path: &str) -> String {
    let contents = file(files, path);
    let (header, rest) = contents.split_once("\n\n").unwrap();
    assert!(header.starts_with("// @generated by"), "{path}");
    rest.to_string()
}

#[test]
fn unions_follow_their_tagging() {
    let (files, _) = emit_sample(Layout::Crate { name: "x".into() });
    assert_eq!(
        body(&files, "src/demo/shapes/pet_kind.rs"),
        r#"use crate::runtime::Validate;
use serde::Serialize;
use super::{Cat, Dog};
#[allow(deprecated)]
use super::super::components::OldThing;

/// Any kind of pet.
///
/// On the wire this is the variant's value alone; when reading, the variant that
/// names the value's keys best wins (all its required keys present, fewest keys it
/// does not name, then the first listed).
#[allow(deprecated)]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum PetKind {
    /// A cat, tried first.
    Cat(Cat),
    Dog(Dog),
    Str(String),
    Integer(i64),
    Tags(Vec<String>),
    Old(OldThing),
}

#[allow(deprecated)]
impl From<Cat> for PetKind {
    fn from(value: Cat) -> Self {
        Self::Cat(value)
    }
}

#[allow(deprecated)]
impl From<Dog> for PetKind {
    fn from(value: Dog) -> Self {
        Self::Dog(value)
    }
}

#[allow(deprecated)]
impl From<String> for PetKind {
    fn from(value: String) -> Self {
        Self::Str(value)
    }
}

#[allow(deprecated)]
impl From<i64> for PetKind {
    fn from(value: i64) -> Self {
        Self::Integer(value)
    }
}

#[allow(deprecated)]
impl From<Vec<String>> for PetKind {
    fn from(value: Vec<String>) -> Self {
        Self::Tags(value)
    }
}

#[allow(deprecated)]
impl From<OldThing> for PetKind {
    fn from(value: OldThing) -> Self {
        Self::Old(value)
    }
}

#[allow(deprecated)]
impl PetKind {
    /// Reads the union from JSON that is read already, without copying it.
    pub(crate) fn from_json(
        value: &serde_json::Value,
    ) -> Result<Self, serde_json::Error> {
        use crate::runtime::untagged as u;
        const SHAPES: &[&[u::Shape]] = &[
            &[
                u::Shape::Object(
                    &[
                        ("name", u::REQUIRED | u::STRING),
                        ("meows", u::REQUIRED | u::BOOL),
                    ],
                ),
            ],
            &[
                u::Shape::Object(
                    &[
                        ("name", u::REQUIRED | u::STRING),
                        ("barks", u::REQUIRED | u::BOOL),
                    ],
                ),
            ],
            &[u::Shape::Kinds(u::STRING)],
            &[u::Shape::Kinds(u::INTEGER)],
            &[u::Shape::Array(u::STRING)],
            &[
                u::Shape::Object(
                    &[("a", u::REQUIRED | u::BOOL), ("b\u{202e}", u::REQUIRED | u::BOOL)],
                ),
            ],
        ];
        u::choose(
            value,
            "PetKind",
            SHAPES,
            |variant, value| match variant {
                0 => serde::Deserialize::deserialize(value).map(Self::Cat),
                1 => serde::Deserialize::deserialize(value).map(Self::Dog),
                2 => serde::Deserialize::deserialize(value).map(Self::Str),
                3 => serde::Deserialize::deserialize(value).map(Self::Integer),
                4 => serde::Deserialize::deserialize(value).map(Self::Tags),
                _ => serde::Deserialize::deserialize(value).map(Self::Old),
            },
        )
    }
}

#[allow(deprecated)]
impl<'de> serde::Deserialize<'de> for PetKind {
    fn deserialize<D>(deserializer: D) -> Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        crate::runtime::untagged::deserialize(deserializer, Self::from_json)
    }
}

#[allow(deprecated)]
impl Validate for PetKind {}
"#
    );
    assert_eq!(
        body(&files, "src/demo/shapes/tagged.rs"),
        r#"use crate::runtime::Validate;
use serde::{Deserialize, Serialize};
use super::{Cat, Dog};

/// The `kind` property names the variant; the variant's fields sit beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Tagged {
    /// `kind` is `cat` for this variant.
    Cat(Cat),
    /// `kind` is `dog` for this variant.
    Dog(Dog),
}

impl From<Cat> for Tagged {
    fn from(value: Cat) -> Self {
        Self::Cat(value)
    }
}

impl From<Dog> for Tagged {
    fn from(value: Dog) -> Self {
        Self::Dog(value)
    }
}

impl Validate for Tagged {}
"#
    );
    assert_eq!(
        body(&files, "src/demo/shapes/adjacent.rs"),
        r#"use crate::runtime::Validate;
use serde::{Deserialize, Serialize};
use super::Cat;

/// The `type` property names the variant and the `value` property holds its value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "camelCase")]
pub enum Adjacent {
    /// `type` is `text` for this variant.
    Text(String),
    /// `type` is `number` for this variant.
    Number(f64),
    /// `type` is `Cat` for this variant.
    #[serde(rename = "Cat")]
    Cat(Cat),
}

impl From<String> for Adjacent {
    fn from(value: String) -> Self {
        Self::Text(value)
    }
}

impl From<f64> for Adjacent {
    fn from(value: f64) -> Self {
        Self::Number(value)
    }
}

impl From<Cat> for Adjacent {
    fn from(value: Cat) -> Self {
        Self::Cat(value)
    }
}

impl Validate for Adjacent {}
"#
    );
    assert_eq!(
        body(&files, "src/demo/shapes/fallback.rs"),
        r#"use crate::runtime::Validate;
use serde::Serialize;
use super::Cat;

/// The spec names the variant in the `kind` property, but not every variant is an object with fields.
/// So the variant that names the value's keys best wins instead (all its
/// required keys present, fewest keys it does not name, then the first listed).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Fallback {
    /// `kind` is `cat` for this variant.
    Cat(Cat),
    /// `kind` is `str` for this variant.
    Str(String),
}

impl From<Cat> for Fallback {
    fn from(value: Cat) -> Self {
        Self::Cat(value)
    }
}

impl From<String> for Fallback {
    fn from(value: String) -> Self {
        Self::Str(value)
    }
}

impl Fallback {
    /// Reads the union from JSON that is read already, without copying it.
    pub(crate) fn from_json(
        value: &serde_json::Value,
    ) -> Result<Self, serde_json::Error> {
        use crate::runtime::untagged as u;
        const SHAPES: &[&[u::Shape]] = &[
            &[
                u::Shape::Object(
                    &[
                        ("name", u::REQUIRED | u::STRING),
                        ("meows", u::REQUIRED | u::BOOL),
                    ],
                ),
            ],
            &[u::Shape::Kinds(u::STRING)],
        ];
        u::choose(
            value,
            "Fallback",
            SHAPES,
            |variant, value| match variant {
                0 => serde::Deserialize::deserialize(value).map(Self::Cat),
                _ => serde::Deserialize::deserialize(value).map(Self::Str),
            },
        )
    }
}

impl<'de> serde::Deserialize<'de> for Fallback {
    fn deserialize<D>(deserializer: D) -> Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        crate::runtime::untagged::deserialize(deserializer, Self::from_json)
    }
}

impl Validate for Fallback {}
"#
    );
    assert_eq!(
        body(&files, "src/demo/shapes/dispatched.rs"),
        r#"use crate::runtime::Validate;
use serde::Serialize;
use super::{Bird, Fish};

/// The `petType` property names the variant. Each variant's struct holds it as a
/// field too; keep the two in step.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Dispatched {
    /// `petType` is `bird` for this variant.
    Bird(Bird),
    /// `petType` is `fish` for this variant.
    Fish(Fish),
}

impl From<Bird> for Dispatched {
    fn from(value: Bird) -> Self {
        Self::Bird(value)
    }
}

impl From<Fish> for Dispatched {
    fn from(value: Fish) -> Self {
        Self::Fish(value)
    }
}

impl<'de> serde::Deserialize<'de> for Dispatched {
    fn deserialize<D>(deserializer: D) -> Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        let value = <serde_json::Value as serde::Deserialize>::deserialize(
            deserializer,
        )?;
        let Some(tag) = value.get("petType").and_then(serde_json::Value::as_str) else {
            return Err(serde::de::Error::missing_field("petType"));
        };
        match tag {
            "bird" => {
                serde_json::from_value(value)
                    .map(Self::Bird)
                    .map_err(serde::de::Error::custom)
            }
            "fish" => {
                serde_json::from_value(value)
                    .map(Self::Fish)
                    .map_err(serde::de::Error::custom)
            }
            _ => Err(serde::de::Error::unknown_variant(tag, &["bird", "fish"])),
        }
    }
}

impl Validate for Dispatched {}
"#
    );
    assert_eq!(
        body(&files, "src/demo/shapes/nothing.rs"),
        r#"/// The spec lists no variants, so this is any JSON value.
pub type Nothing = serde_json::Value;
"#
    );
}

#[test]
fn cycles_and_large_variants_of_unions_are_boxed() {
    let (files, _) = emit_sample(Layout::Crate { name: "x".into() });
    assert_eq!(
        body(&files, "src/demo/shapes/node.rs"),
        r#"use crate::runtime::Validate;
use serde::Serialize;
use super::Tree;

/// On the wire this is the variant's value alone; when reading, the variant that
/// names the value's keys best wins (all its required keys present, fewest keys it
/// does not name, then the first listed).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Node {
    Leaf(String),
    Branch(Box<Tree>),
}

impl From<String> for Node {
    fn from(value: String) -> Self {
        Self::Leaf(value)
    }
}

impl From<Tree> for Node {
    fn from(value: Tree) -> Self {
        Self::Branch(Box::new(value))
    }
}

impl Node {
    /// Reads the union from JSON that is read already, without copying it.
    pub(crate) fn from_json(
        value: &serde_json::Value,
    ) -> Result<Self, serde_json::Error> {
        use crate::runtime::untagged as u;
        const SHAPES: &[&[u::Shape]] = &[
            &[u::Shape::Kinds(u::STRING)],
            &[
                u::Shape::Object(
                    &[
                        ("label", u::REQUIRED | u::STRING),
                        ("node", u::REQUIRED | u::STRING | u::OBJECT),
                    ],
                ),
            ],
        ];
        u::choose(
            value,
            "Node",
            SHAPES,
            |variant, value| match variant {
                0 => serde::Deserialize::deserialize(value).map(Self::Leaf),
                _ => {
                    serde::Deserialize::deserialize(value)
                        .map(|it| Self::Branch(Box::new(it)))
                }
            },
        )
    }
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D>(deserializer: D) -> Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        crate::runtime::untagged::deserialize(deserializer, Self::from_json)
    }
}

impl Validate for Node {}
"#
    );
    // `Pet` is far larger than the other variants: it is boxed, so no variant is large.
    let responses = file(&files, "src/demo/shapes/responses.rs");
    assert!(responses.contains("(Box<Pet>)"), "{responses}");
    let allowed: Vec<&str> = files
        .iter()
        .filter(|file| file.contents.contains("large_enum_variant"))
        .map(|file| file.path.as_str())
        .collect();
    assert_eq!(allowed, [] as [&str; 0]);
}

#[test]
fn open_enums_keep_unknown_values() {
    let (files, _) = emit_sample(Layout::Crate { name: "x".into() });
    assert_eq!(
        body(&files, "src/demo/shapes/color.rs"),
        r#"use crate::runtime::Validate;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Color {
    Red,
    /// Like grass.
    Green,
    Unknown,
    /// A value the spec does not list, kept as it was sent.
    Other(String),
}

impl Color {
    /// Every value the spec lists, in its order (not the unknown one).
    pub const ALL: &'static [Self] = &[Self::Red, Self::Green, Self::Unknown];
    /// The value as it is sent on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Red => "red",
            Self::Green => "green",
            Self::Unknown => "unknown",
            Self::Other(value) => value,
        }
    }
}

impl serde::Serialize for Color {
    fn serialize<S>(&self, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Color {
    fn deserialize<D>(deserializer: D) -> Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        let value = <String as serde::Deserialize>::deserialize(deserializer)?;
        match value.as_str() {
            "red" => Ok(Self::Red),
            "green" => Ok(Self::Green),
            "unknown" => Ok(Self::Unknown),
            _ => Ok(Self::Other(value)),
        }
    }
}

impl std::fmt::Display for Color {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Color {
    type Err = serde::de::value::Error;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        crate::runtime::parse_str(text)
    }
}

impl Validate for Color {}
"#
    );
    assert_eq!(
        body(&files, "src/demo/shapes/priority.rs"),
        r#"use crate::runtime::Validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Priority {
    Low,
    High,
    Low2,
    /// A value the spec does not list, kept as it was sent.
    Unknown(i64),
}

impl Priority {
    /// The value as it is sent on the wire.
    pub fn as_i64(&self) -> i64 {
        match *self {
            Self::Low => 1,
            Self::High => 2,
            Self::Low2 => 1,
            Self::Unknown(value) => value,
        }
    }
}

impl serde::Serialize for Priority {
    fn serialize<S>(&self, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        serializer.serialize_i64(self.as_i64())
    }
}

impl<'de> serde::Deserialize<'de> for Priority {
    fn deserialize<D>(deserializer: D) -> Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        let value = <i64 as serde::Deserialize>::deserialize(deserializer)?;
        match value {
            1 => Ok(Self::Low),
            2 => Ok(Self::High),
            _ => Ok(Self::Unknown(value)),
        }
    }
}

impl Validate for Priority {}
"#
    );
}

#[test]
fn fields_with_three_states_defaults_and_notes() {
    let (files, _) = emit_sample(Layout::Crate { name: "x".into() });
    assert_eq!(
        body(&files, "src/demo/shapes/settings.rs"),
        r#"use crate::runtime::{Base64, Nullable, Path, Validate, ValidationErrors};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use super::{Cat, Color, PetKind, Priority};
use super::super::components::{Level, Status};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::runtime::deserialize_nullable"
    )]
    pub nickname: Option<Nullable<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::runtime::deserialize_nullable"
    )]
    pub partner: Option<Nullable<Cat>>,
    #[serde(deserialize_with = "::serde::Deserialize::deserialize")]
    pub note: Option<String>,
    /// Between 1 and 100.
    /// Defaults to `25`.
    #[serde(default = "default_page_size")]
    pub page_size: i64,
    /// Defaults to `0.5`.
    #[serde(default = "default_ratio")]
    pub ratio: f32,
    /// Defaults to `-1.5`.
    #[serde(default = "default_offset")]
    pub offset: f64,
    /// At most 64 characters.
    /// Matches the pattern ``^[a-z`<br/>\[]+$``.
    /// Defaults to `"x"`.
    #[serde(default = "default_label")]
    pub label: String,
    /// Defaults to `true`.
    #[serde(default = "default_enabled")]
    pub enabled: bool,
    /// Defaults to `"green"`.
    #[serde(default = "default_color")]
    pub color: Color,
    /// Defaults to `2`.
    #[serde(default = "default_priority")]
    pub priority: Priority,
    /// Defaults to `"LOW"`.
    #[serde(default = "default_status")]
    pub status: Status,
    /// Defaults to `-1`.
    #[serde(default = "default_level")]
    pub level: Level,
    /// Defaults to `"purple"`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::runtime::deserialize_present"
    )]
    pub odd_color: Option<Color>,
    /// Defaults to `3000000000`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::runtime::deserialize_present"
    )]
    pub big: Option<i32>,
    /// Defaults to `{"from":1}`.
    pub window: i64,
    /// At least 1 entry.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::runtime::deserialize_present"
    )]
    pub metadata: Option<BTreeMap<String, i64>>,
    /// A date (`YYYY-MM-DD`).
    #[serde(deserialize_with = "crate::runtime::strict_date")]
    pub day: chrono::NaiveDate,
    /// An RFC 3339 date-time.
    pub at: chrono::DateTime<chrono::FixedOffset>,
    /// Binary content, base64-encoded on the wire.
    pub blob: Base64,
    /// Each value is binary content, base64-encoded on the wire.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::runtime::deserialize_present"
    )]
    pub blobs: Option<Vec<Base64>>,
    /// Sent by the server only.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::runtime::deserialize_present"
    )]
    pub id: Option<String>,
    /// Sent by the client only.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::runtime::deserialize_present"
    )]
    pub secret: Option<String>,
    /// At least 1 item.
    /// Items are unique.
    /// Each item: at most 10 characters.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::runtime::deserialize_present"
    )]
    pub tags: Option<Vec<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::runtime::deserialize_present"
    )]
    pub kind: Option<PetKind>,
}

impl Settings {
    /// A value of its required fields; the optional ones are left out or take the spec's default.
    /// Set others with struct update syntax: `Settings { field: Some(value), ..Settings::new(...) }`.
    pub fn new(
        note: impl Into<Option<String>>,
        window: impl Into<i64>,
        day: impl Into<chrono::NaiveDate>,
        at: impl Into<chrono::DateTime<chrono::FixedOffset>>,
        blob: impl Into<Base64>,
    ) -> Self {
        Self {
            nickname: None,
            partner: None,
            note: note.into(),
            page_size: default_page_size(),
            ratio: default_ratio(),
            offset: default_offset(),
            label: default_label(),
            enabled: default_enabled(),
            color: default_color(),
            priority: default_priority(),
            status: default_status(),
            level: default_level(),
            odd_color: None,
            big: None,
            window: window.into(),
            metadata: None,
            day: day.into(),
            at: at.into(),
            blob: blob.into(),
            blobs: None,
            id: None,
            secret: None,
            tags: None,
            kind: None,
        }
    }
}

fn default_page_size() -> i64 {
    25
}

fn default_ratio() -> f32 {
    0.5
}

fn default_offset() -> f64 {
    -1.5
}

fn default_label() -> String {
    "x".to_string()
}

fn default_enabled() -> bool {
    true
}

fn default_color() -> Color {
    Color::Green
}

fn default_priority() -> Priority {
    Priority::High
}

fn default_status() -> Status {
    Status::Low
}

fn default_level() -> Level {
    Level::Unknown
}

impl Validate for Settings {
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        if errors.too_deep(at) {
            return;
        }
        Self::validate_page_size(&self.page_size, &at.key("page_size"), errors);
        Self::validate_ratio(&self.ratio, &at.key("ratio"), errors);
        Self::validate_label(&self.label, &at.key("label"), errors);
        if let Some(value) = &self.metadata {
            Self::validate_metadata(value, &at.key("metadata"), errors);
        }
        if let Some(value) = &self.tags {
            Self::validate_tags(value, &at.key("tags"), errors);
        }
    }
}

#[allow(clippy::ptr_arg)]
impl Settings {
    /// Checks the rules of `page_size` on its value.
    pub(crate) fn validate_page_size(
        value: &i64,
        at: &Path<'_>,
        errors: &mut ValidationErrors,
    ) {
        crate::runtime::rules::minimum(*value, 1.0, at, errors);
        crate::runtime::rules::maximum(*value, 100.0, at, errors);
    }
    /// Checks the rules of `ratio` on its value.
    pub(crate) fn validate_ratio(
        value: &f32,
        at: &Path<'_>,
        errors: &mut ValidationErrors,
    ) {
        crate::runtime::rules::minimum(*value, f64::from(f32::MIN), at, errors);
        crate::runtime::rules::maximum(*value, f64::from(f32::MAX), at, errors);
    }
    /// Checks the rules of `label` on its value.
    pub(crate) fn validate_label(
        value: &String,
        at: &Path<'_>,
        errors: &mut ValidationErrors,
    ) {
        static PATTERN_0: crate::runtime::Pattern = crate::runtime::Pattern::new(
            "^[a-z`<br/>\\[]+$",
        );
        crate::runtime::rules::max_length(value, 64, at, errors);
        crate::runtime::rules::pattern(value, &PATTERN_0, at, errors);
    }
    /// Checks the rules of `metadata` on its value.
    pub(crate) fn validate_metadata(
        value: &BTreeMap<String, i64>,
        at: &Path<'_>,
        errors: &mut ValidationErrors,
    ) {
        crate::runtime::rules::min_properties(value.len(), 1, at, errors);
    }
    /// Checks the rules of `tags` on its value.
    pub(crate) fn validate_tags(
        value: &Vec<String>,
        at: &Path<'_>,
        errors: &mut ValidationErrors,
    ) {
        crate::runtime::rules::min_items(value.len(), 1, at, errors);
        crate::runtime::rules::unique_items(value, at, errors);
        for (idx1, item1) in value.iter().enumerate() {
            let at1 = &at.index(idx1);
            crate::runtime::rules::max_length(item1, 10, at1, errors);
        }
    }
}
"#
    );
}

#[test]
fn runtime_types_are_qualified_where_a_type_has_their_name() {
    let (files, _) = emit_sample(Layout::Crate { name: "x".into() });
    assert_eq!(
        body(&files, "src/demo/exotic/nullable.rs"),
        r#"use crate::runtime::Validate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Nullable {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::runtime::deserialize_nullable"
    )]
    pub maybe: Option<crate::runtime::Nullable<String>>,
}

impl Validate for Nullable {}
"#
    );
    assert_eq!(
        body(&files, "src/demo/exotic/base64_2.rs"),
        r#"use crate::runtime::Validate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Base64 {
    /// Binary content, base64-encoded on the wire.
    pub data: crate::runtime::Base64,
}

impl Base64 {
    /// A value of its required fields; the optional ones are left out.
    /// Set others with struct update syntax: `Base64 { field: Some(value), ..Base64::new(...) }`.
    pub fn new(data: impl Into<crate::runtime::Base64>) -> Self {
        Self { data: data.into() }
    }
}

impl Validate for Base64 {}
"#
    );
    assert_eq!(
        body(&files, "src/demo/shapes/cat_alias.rs"),
        r#"use super::Cat;

pub type CatAlias = Cat;
"#
    );
    assert_eq!(
        body(&files, "src/demo/shapes/counts.rs"),
        r#"use std::collections::BTreeMap;

pub type Counts = BTreeMap<String, i64>;
"#
    );
}

#[test]
fn standalone_crates_carry_the_runtime() {
    let (files, _) = emit_sample(Layout::Crate { name: "x".into() });
    for (name, text) in RUNTIME {
        let path = format!("src/runtime/{name}");
        let Some(copy) = files.iter().find(|file| file.path == path) else {
            continue;
        };
        let (header, rest) = copy.contents.split_once("\n\n").unwrap();
        assert_eq!(
            header,
            "// @generated by `cargo xtask codegen`: specgen's runtime module, the same in every \
             crate it writes but for the parts the crate does not use. Do not edit by hand."
        );
        if *name != "mod.rs" {
            assert_eq!(rest, *text, "{path}");
        }
    }
    let core = [
        "mod.rs",
        "validate.rs",
        "violation.rs",
        "rules.rs",
        "nullable.rs",
        "untagged.rs",
    ];
    for name in core {
        file(&files, &format!("src/runtime/{name}"));
    }
}

/// A crate with no dates, no binary content and no patterns depends on serde and serde_json
/// alone, and gets none of the runtime's modules for them.
#[test]
fn standalone_crates_depend_only_on_what_they_use() {
    let crate_of = |fields: Vec<Field>| {
        let mut sources = SourceMap::default();
        let mut api = ApiBuilder::new(&mut sources, "plain");
        api.add("", "Plain", structure(fields));
        let api = api.api;
        emit_small(&sources, vec![api])
    };
    let plain = vec![
        field("name", "name", Type::String, true),
        field("count", "count", Type::Integer(IntFormat::Int64), false),
    ];
    let files = crate_of(plain.clone());
    let manifest = file(&files, "Cargo.toml");
    let deps = manifest
        .split("[dependencies]\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .unwrap();
    assert_eq!(
        deps,
        "serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\""
    );
    let runtime: Vec<&str> = paths(&files)
        .into_iter()
        .filter(|path| path.starts_with("src/runtime/"))
        .collect();
    for optional in ["dates.rs", "bytes.rs", "patterns.rs", "pattern_syntax.rs"] {
        assert!(!runtime.contains(&format!("src/runtime/{optional}").as_str()));
    }
    let mod_rs = file(&files, "src/runtime/mod.rs");
    assert!(!mod_rs.contains("dates::") && !mod_rs.contains("mod patterns;"));

    // A date field brings chrono and the dates module, and nothing else.
    let mut dated = plain;
    dated.push(field("day", "day", Type::Date, true));
    let files = crate_of(dated);
    let manifest = file(&files, "Cargo.toml");
    assert!(
        manifest.contains("\nchrono = ")
            && !manifest.contains("base64")
            && !manifest.contains("regex")
    );
    assert!(file(&files, "src/runtime/mod.rs").contains("\nmod dates;\n"));
    file(&files, "src/runtime/dates.rs");
}

#[test]
fn runtime_is_a_reserved_name_at_the_crate_root() {
    let mut sources = SourceMap::default();
    let mut api = ApiBuilder::new(&mut sources, "runtime");
    let id = api.add("", "runtime", structure(vec![]));
    let apis = vec![api.api];
    let mut diagnostics = Vec::new();
    let plan = crate::plan::build(&sources, &apis, Vec::new(), &mut diagnostics);
    // Type names are `UpperCamelCase`, so a type never meets the runtime module.
    assert_eq!(plan.roots.get(0, id), "Runtime");
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["API `runtime` is generated as module `runtime2`"]
    );
}

#[test]
fn references_through_aliases_and_unions_close_cycles() {
    let mut sources = SourceMap::default();
    let mut api = ApiBuilder::new(&mut sources, "cycles");
    // `A` holds an alias of itself; `B` holds a union that may hold a `B`.
    let a = api.next_id();
    let alias = TypeId(a.0 + 1);
    api.add(
        "",
        "A",
        structure(vec![field("me", "me", Type::Ref(alias), false)]),
    );
    api.add("", "AliasOfA", TypeKind::Alias(Type::Ref(a)));
    let b = api.next_id();
    let either = TypeId(b.0 + 1);
    api.add(
        "",
        "B",
        structure(vec![field("next", "next", Type::Ref(either), true)]),
    );
    api.add(
        "",
        "Either",
        union(
            vec![
                variant("Done", Type::Boolean, None),
                variant("More", Type::Ref(b), None),
            ],
            Tagging::Untagged,
        ),
    );
    let boxed: Vec<(TypeId, usize)> = crate::plan::cycle_references(&api.api)
        .into_iter()
        .collect();
    assert_eq!(boxed, [(a, 0), (either, 1)]);
}

#[test]
fn sample_crate_compiles_when_asked() {
    let Some(dir) = std::env::var_os("SPECGEN_EMIT_CHECK_DIR") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let crate_layout = Layout::Crate {
        name: "emitcheck".into(),
    };
    let module_layout = Layout::Module {
        dir: "src/apis".into(),
    };
    let write = |path: &str, contents: &str| {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    };
    for (sub, layout) in [("crate", crate_layout), ("module", module_layout)] {
        for file in emit_sample(layout).0 {
            write(&format!("{sub}/{}", file.path), &file.contents);
        }
    }
    write(
        "Cargo.toml",
        "[workspace]\nresolver = \"2\"\nmembers = [\"crate\", \"module\"]\n",
    );
    let lock = concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.lock");
    write("Cargo.lock", &std::fs::read_to_string(lock).unwrap());
    write(
        "crate/tests/round_trip.rs",
        include_str!("check/round_trip.rs"),
    );
    // The module layout inside a crate written by hand, like the committed `generated` crate.
    let manifest = file(
        &emit_sample(Layout::Crate {
            name: "emitcheck-module".into(),
        })
        .0,
        "Cargo.toml",
    )
    .replace("edition = \"2021\"", "edition = \"2024\"");
    write("module/Cargo.toml", &manifest);
    write(
        "module/src/lib.rs",
        "//! The sample in the module layout.\n\npub mod runtime;\n\n#[rustfmt::skip]\nmod apis;\n\npub use apis::*;\n",
    );
    for (name, text) in RUNTIME {
        write(&format!("module/src/runtime/{name}"), text);
    }
}

#[test]
fn unknown_fields_are_kept_when_the_api_asks() {
    let (files, _) = emit_sample(Layout::Crate { name: "x".into() });
    assert_eq!(
        body(&files, "src/other/event.rs"),
        r#"use crate::runtime::Validate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub id: String,
    /// Wire name: `unknownFields`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::runtime::deserialize_present"
    )]
    pub unknown_fields: Option<String>,
    /// Properties the spec does not list, kept as they were sent, so that the value
    /// is written back without loss.
    #[serde(flatten)]
    pub unknown_fields2: BTreeMap<String, serde_json::Value>,
}

impl Event {
    /// A value of its required fields; the optional ones are left out.
    /// Set others with struct update syntax: `Event { field: Some(value), ..Event::new(...) }`.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            unknown_fields: None,
            unknown_fields2: std::default::Default::default(),
        }
    }
}

impl Validate for Event {}
"#
    );
    // Other APIs ignore unknown keys.
    assert!(!file(&files, "src/demo/pet.rs").contains("flatten"));
}

#[test]
fn items_and_values_that_may_be_null_are_options_checked_when_present() {
    let mut sources = SourceMap::default();
    let mut api = ApiBuilder::new(&mut sources, "small");
    let nullable = |ty: Type| Type::Nullable(Box::new(ty));
    let items = |rules: Constraints| Constraints {
        items: Some(Box::new(rules)),
        ..Constraints::default()
    };
    let gauge = api.add(
        "",
        "Gauge",
        structure(vec![Field {
            constraints: Constraints {
                min_length: Some(1),
                ..Constraints::default()
            },
            ..field("name", "name", Type::String, true)
        }]),
    );
    api.add(
        "",
        "Station",
        structure(vec![
            Field {
                constraints: items(Constraints {
                    minimum: Some(-90.0),
                    ..Constraints::default()
                }),
                ..field(
                    "readings",
                    "readings",
                    Type::Array(Box::new(nullable(Type::Number(NumberFormat::Double)))),
                    true,
                )
            },
            Field {
                constraints: items(items(Constraints {
                    max_length: Some(3),
                    ..Constraints::default()
                })),
                ..field(
                    "rows",
                    "rows",
                    Type::Array(Box::new(nullable(Type::Array(Box::new(nullable(
                        Type::String,
                    )))))),
                    false,
                )
            },
            field(
                "gauges",
                "gauges",
                Type::Map(Box::new(nullable(Type::Ref(gauge)))),
                true,
            ),
        ]),
    );
    // A type named like the `Option` the items are written with.
    api.add(
        "",
        "Option",
        structure(vec![Field {
            constraints: items(Constraints {
                allowed: vec![serde_json::json!(true)],
                ..Constraints::default()
            }),
            ..field(
                "choices",
                "choices",
                Type::Array(Box::new(nullable(Type::Boolean))),
                true,
            )
        }]),
    );
    let apis = vec![api.api];
    let files = emit_small(&sources, apis);
    assert_eq!(
        body(&files, "src/small/station.rs"),
        r#"use crate::runtime::{Path, Validate, ValidationErrors};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use super::Gauge;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Station {
    /// Each item that is not null: at least -90.
    pub readings: Vec<Option<f64>>,
    /// Each item that is not null: each item that is not null: at most 3 characters.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::runtime::deserialize_present"
    )]
    pub rows: Option<Vec<Option<Vec<Option<String>>>>>,
    pub gauges: BTreeMap<String, Option<Gauge>>,
}

impl Station {
    /// A value of its required fields; the optional ones are left out.
    /// Set others with struct update syntax: `Station { field: Some(value), ..Station::new(...) }`.
    pub fn new(
        readings: impl Into<Vec<Option<f64>>>,
        gauges: impl Into<BTreeMap<String, Option<Gauge>>>,
    ) -> Self {
        Self {
            readings: readings.into(),
            rows: None,
            gauges: gauges.into(),
        }
    }
}

impl Validate for Station {
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        if errors.too_deep(at) {
            return;
        }
        Self::validate_readings(&self.readings, &at.key("readings"), errors);
        if let Some(value) = &self.rows {
            Self::validate_rows(value, &at.key("rows"), errors);
        }
        Validate::validate_at(&self.gauges, &at.key("gauges"), errors);
    }
}

#[allow(clippy::ptr_arg)]
impl Station {
    /// Checks the rules of `readings` on its value.
    pub(crate) fn validate_readings(
        value: &Vec<Option<f64>>,
        at: &Path<'_>,
        errors: &mut ValidationErrors,
    ) {
        for (idx1, item1) in value.iter().enumerate() {
            let at1 = &at.index(idx1);
            if let Some(item1) = item1 {
                crate::runtime::rules::minimum(*item1, -90.0, at1, errors);
            }
        }
    }
    /// Checks the rules of `rows` on its value.
    pub(crate) fn validate_rows(
        value: &Vec<Option<Vec<Option<String>>>>,
        at: &Path<'_>,
        errors: &mut ValidationErrors,
    ) {
        for (idx1, item1) in value.iter().enumerate() {
            let at1 = &at.index(idx1);
            if let Some(item1) = item1 {
                for (idx2, item2) in item1.iter().enumerate() {
                    let at2 = &at1.index(idx2);
                    if let Some(item2) = item2 {
                        crate::runtime::rules::max_length(item2, 3, at2, errors);
                    }
                }
            }
        }
    }
}
"#
    );
    assert_eq!(
        body(&files, "src/small/option.rs"),
        r#"use crate::runtime::{Path, Validate, ValidationErrors};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Option {
    /// Each item that is not null: always `true`.
    pub choices: Vec<std::option::Option<bool>>,
}

impl Option {
    /// A value of its required fields; the optional ones are left out.
    /// Set others with struct update syntax: `Option { field: Some(value), ..Option::new(...) }`.
    pub fn new(choices: impl Into<Vec<std::option::Option<bool>>>) -> Self {
        Self { choices: choices.into() }
    }
}

impl Validate for Option {
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        if errors.too_deep(at) {
            return;
        }
        Self::validate_choices(&self.choices, &at.key("choices"), errors);
    }
}

#[allow(clippy::ptr_arg)]
impl Option {
    /// Checks the rules of `choices` on its value.
    pub(crate) fn validate_choices(
        value: &Vec<std::option::Option<bool>>,
        at: &Path<'_>,
        errors: &mut ValidationErrors,
    ) {
        for (idx1, item1) in value.iter().enumerate() {
            let at1 = &at.index(idx1);
            if let Some(item1) = item1 {
                crate::runtime::rules::one_of_bool(
                    *item1,
                    &[true],
                    &["true"],
                    at1,
                    errors,
                );
            }
        }
    }
}
"#
    );
}

#[test]
fn large_references_are_boxed_and_small_ones_kept_inline() {
    let mut sources = SourceMap::default();
    let mut api = ApiBuilder::new(&mut sources, "sizes");
    // `Wide` holds eight strings (over 128 bytes), `Tag` one; `Payment` holds each as a field
    // and `Wide` as a variant of an expandable union.
    let strings = |n: usize| {
        (0..n)
            .map(|idx| field(&format!("f{idx}"), &format!("f{idx}"), Type::String, true))
            .collect()
    };
    let wide = api.add("", "Wide", structure(strings(8)));
    let tag = api.add("", "Tag", structure(strings(1)));
    let expandable = api.next_id();
    api.add(
        "",
        "Expandable",
        union(
            vec![
                variant("Id", Type::String, None),
                variant("Wide", Type::Ref(wide), None),
            ],
            Tagging::Untagged,
        ),
    );
    let payment = api.add(
        "",
        "Payment",
        structure(vec![
            field("wide", "wide", Type::Ref(wide), false),
            field("tag", "tag", Type::Ref(tag), true),
            field("customer", "customer", Type::Ref(expandable), true),
            field(
                "wides",
                "wides",
                Type::Array(Box::new(Type::Ref(wide))),
                true,
            ),
        ]),
    );
    let cycles = crate::plan::cycle_references(&api.api);
    assert!(cycles.is_empty());
    let large: Vec<(TypeId, usize)> = crate::model::size::large_references(&api.api, &cycles)
        .into_iter()
        .collect();
    assert_eq!(large, [(expandable, 1), (payment, 0)]);
    let sizes = crate::model::size::sizes(&api.api, &cycles);
    let unboxed = crate::model::size::sizes_unboxed(&api.api, &cycles);
    assert!(sizes[payment.0 as usize] < unboxed[payment.0 as usize]);
    assert!(sizes[expandable.0 as usize] <= 32, "{sizes:?}");
}

#[test]
fn a_struct_over_the_budget_boxes_its_largest_references() {
    let mut sources = SourceMap::default();
    let mut api = ApiBuilder::new(&mut sources, "budget");
    // Twelve references to a 96-byte struct (under the boxing threshold) make 1152 bytes, over
    // the 1 KiB budget: the struct boxes the first two (each saves 88 bytes) and fits.
    let strings = (0..4)
        .map(|idx| field(&format!("f{idx}"), &format!("f{idx}"), Type::String, true))
        .collect();
    let medium = api.add("", "Medium", structure(strings));
    let refs = (0..12)
        .map(|idx| {
            field(
                &format!("m{idx}"),
                &format!("m{idx}"),
                Type::Ref(medium),
                true,
            )
        })
        .collect();
    let holder = api.add("", "Holder", structure(refs));
    let cycles = crate::plan::cycle_references(&api.api);
    let large = crate::model::size::large_references(&api.api, &cycles);
    assert_eq!(
        large.iter().collect::<Vec<_>>(),
        [&(holder, 0), &(holder, 1)]
    );
    let sizes = crate::model::size::sizes(&api.api, &cycles);
    assert!(sizes[holder.0 as usize] <= crate::model::size::BUDGET_BYTES);
}

#[test]
fn a_wide_struct_may_take_a_few_words_per_field_and_boxes_the_rest() {
    let mut sources = SourceMap::default();
    let mut api = ApiBuilder::new(&mut sources, "wide");
    let strings = |n: usize, prefix: &str| -> Vec<_> {
        (0..n)
            .map(|idx| {
                let name = format!("{prefix}{idx}");
                field(&name, &name, Type::String, true)
            })
            .collect()
    };
    // Forty strings: 960 bytes of strings and nothing to box, within 40 x 32 bytes.
    let medium = api.add("", "Medium", structure(strings(4, "f")));
    let mut fields = strings(40, "s");
    // Twenty references to a 96-byte struct would add 1920 bytes: all are boxed, since the
    // struct is still over 1 KiB, and it fits the 60 x 32 = 1920 bytes of its budget.
    fields.extend((0..20).map(|idx| {
        let name = format!("m{idx}");
        field(&name, &name, Type::Ref(medium), true)
    }));
    let wide = api.add("", "Wide", structure(fields));
    let cycles = crate::plan::cycle_references(&api.api);
    let budget = crate::model::size::budget(&api.api, wide, crate::model::size::BUDGET_BYTES);
    assert_eq!(budget, 60 * crate::model::size::FIELD_BYTES);
    assert_eq!(
        crate::model::size::budget(&api.api, medium, crate::model::size::BUDGET_BYTES),
        crate::model::size::BUDGET_BYTES
    );
    let large = crate::model::size::large_references(&api.api, &cycles);
    assert_eq!(large.len(), 20, "{large:?}");
    let sizes = crate::model::size::sizes(&api.api, &cycles);
    assert!(
        sizes[wide.0 as usize] <= budget,
        "{}",
        sizes[wide.0 as usize]
    );
}

#[test]
fn a_size_budget_asserts_each_type_is_small() {
    let (sources, apis) = sample();
    let plan = crate::plan::build(&sources, &apis, Vec::new(), &mut Vec::new());
    let options = Options::new(
        Layout::Crate {
            name: "small".into(),
        },
        "specgen",
    )
    .with_size_budget(1024);
    let files = emit(&sources, &apis, &plan, &options);
    let asserting: Vec<&str> = files
        .iter()
        .filter(|file| file.contents.contains("crate::runtime::check_size::<"))
        .map(|file| file.path.as_str())
        .collect();
    assert!(asserting.contains(&"src/demo/pet.rs"), "{asserting:?}");
    let pet = file(&files, "src/demo/pet.rs");
    assert!(
        pet.contains("const _: () = crate::runtime::check_size::<Pet>(1024usize);"),
        "{pet}"
    );
    // Without the option, no file asserts anything.
    let (plain, _) = emit_sample(Layout::Crate {
        name: "small".into(),
    });
    assert!(
        plain
            .iter()
            .all(|file| !file.contents.contains("check_size::<"))
    );
}
