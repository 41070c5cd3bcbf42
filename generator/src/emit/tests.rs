//! Tests of the emitter on hand-built APIs that cover every kind of type and field, the naming
//! corner cases (keywords, shadowed std names, collisions at the crate root) and deprecation.
//!
//! `sample_crate_compiles_when_asked` writes the sample in both layouts to `crate/` and
//! `module/` below the directory in `SPECGEN_EMIT_CHECK_DIR`, for checking with `cargo clippy`
//! and `cargo doc` (the module layout needs a hand-written `Cargo.toml` and `src/lib.rs`).

use super::*;
use crate::diagnostics::Severity;
use crate::files::{SourceFile, Span};
use crate::model::{
    Enum, EnumRepr, EnumValue, Field, IntFormat, NumberFormat, Struct, Type, TypeDef, TypeKind,
    WireSource,
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
    TypeKind::Struct(Struct { fields })
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
    let demo = demo.api;
    let mut other = ApiBuilder::new(&mut sources, "other");
    other.add("components", "V3Request", structure(vec![]));
    other.add("operations", "V3Request", structure(vec![]));
    let other = other.api;
    (sources, vec![demo, other])
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
    let roots = assign_root_names(&sources, &apis, &mut diagnostics);
    let options = Options::new(layout, "cargo xtask codegen");
    (emit(&sources, &apis, &roots, &options), diagnostics)
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
            "src/demo/exotic/box.rs",
            "src/demo/exotic/debug.rs",
            "src/demo/exotic/deserialize.rs",
            "src/demo/exotic/mod.rs",
            "src/demo/exotic/option.rs",
            "src/demo/exotic/result.rs",
            "src/demo/exotic/serialize.rs",
            "src/demo/exotic/user.rs",
            "src/demo/mod.rs",
            "src/demo/operations/mod.rs",
            "src/demo/operations/v3_request.rs",
            "src/demo/pet.rs",
            "src/lib.rs",
            "src/other/components/mod.rs",
            "src/other/components/v3_request.rs",
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
    assert_eq!(module_files.len(), files.len() - 1);
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
    let roots = assign_root_names(&sources, &apis, &mut diagnostics);
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
        "\
// @generated by `cargo xtask codegen` from specs/demo, specs/other. Do not edit by hand.

//! Rust types generated from API descriptions, one module per API:
//!
//! - `demo`: from `specs/demo`
//! - `other`: from `specs/other`
//!
//! Every type of every API is also re-exported here under a name of its own.

pub mod demo;
pub mod other;

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
pub use self::demo::exotic::Box;
#[allow(deprecated)]
pub use self::demo::exotic::Debug;
#[allow(deprecated)]
pub use self::demo::exotic::Deserialize;
pub use self::demo::exotic::Option;
#[allow(deprecated)]
pub use self::demo::exotic::Result;
pub use self::demo::exotic::Serialize;
pub use self::demo::exotic::User;
pub use self::demo::operations::V3Request as OperationsV3Request;
pub use self::other::components::V3Request as ComponentsV3Request;
pub use self::other::operations::V3Request as OtherOperationsV3Request;
"
    );
    assert_eq!(
        file(&files, "Cargo.toml"),
        "\
# @generated by `cargo xtask codegen` from specs/demo, specs/other. Do not edit by hand.

[package]
name = \"demo-types\"
version = \"0.1.0\"
edition = \"2021\"
publish = false

[dependencies]
serde = { version = \"1\", features = [\"derive\"] }
serde_json = \"1\"
"
    );
}

#[test]
fn namespace_modules_declare_files_and_reexport() {
    let (files, _) = emit_sample(Layout::Module {
        dir: "src/apis".into(),
    });
    assert_eq!(
        file(&files, "src/apis/demo/mod.rs"),
        "\
// @generated by `cargo xtask codegen` from specs/demo. Do not edit by hand.

//! The demo API.
//! Docs at <https://example.com>.

pub mod components;
#[allow(clippy::module_inception)]
pub mod demo;
pub mod exotic;
pub mod operations;

mod components2;
mod pet;

pub use components2::Components;
pub use pet::Pet;
"
    );
    assert_eq!(
        file(&files, "src/apis/demo/demo/mod.rs"),
        "\
// @generated by `cargo xtask codegen` from specs/demo. Do not edit by hand.

//! Types of the `demo` namespace of the `demo` API.

mod item;

pub use item::Item;
"
    );
}

#[test]
fn enums_and_free_form_types() {
    let (files, _) = emit_sample(Layout::Crate { name: "x".into() });
    assert_eq!(
        file(&files, "src/demo/components/status.rs"),
        "\
// @generated by `cargo xtask codegen` from specs/demo/components/Status.md. Do not edit by hand.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = \"SCREAMING_SNAKE_CASE\")]
pub enum Status {
    /// A human checked it.
    HumanAssurance,
    Low,
    #[serde(rename = \"other-value\")]
    OtherValue,
}
"
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
        "\
// @generated by `cargo xtask codegen` from specs/demo/components/Level.md. Do not edit by hand.

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
            _ => Err(serde::de::Error::invalid_value(unexpected, &\"one of -1, 1, 2\")),
        }
    }
}
"
    );
}

#[test]
fn structs_shadowing_and_deprecation() {
    let (files, _) = emit_sample(Layout::Crate { name: "x".into() });
    let pet = file(&files, "src/demo/pet.rs");
    println!("{pet}");
    assert_eq!(
        file(&files, "src/demo/components/string.rs"),
        "\
// @generated by `cargo xtask codegen` from specs/demo/components/String.md. Do not edit by hand.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct String {
    pub value: std::string::String,
}
"
    );
    assert_eq!(
        file(&files, "src/demo/components/owner.rs"),
        "\
// @generated by `cargo xtask codegen` from specs/demo/components/Owner.md. Do not edit by hand.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use super::super::Pet;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = \"camelCase\")]
pub struct Owner {
    pub owner_name: String,
    pub pet: Box<Pet>,
    #[serde(default, skip_serializing_if = \"Option::is_none\")]
    pub pets_by_name: Option<BTreeMap<String, Pet>>,
}
"
    );
}

#[test]
fn names_shadowing_std_and_serde_are_qualified() {
    let (files, _) = emit_sample(Layout::Crate { name: "x".into() });
    let body = |path: &str| file(&files, path).split_once("\n\n").unwrap().1.to_string();
    assert_eq!(
        body("src/demo/exotic/user.rs"),
        "\
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
    pub f7: Pet,
    pub f8: super::super::components::String,
}
"
    );
    assert_eq!(
        body("src/demo/exotic/box.rs"),
        "\
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Box {
    #[serde(default, skip_serializing_if = \"Option::is_none\")]
    pub next: Option<std::boxed::Box<Box>>,
}
"
    );
    assert_eq!(
        body("src/demo/exotic/serialize.rs"),
        "\
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Serialize {
    #[serde(default, skip_serializing_if = \"Option::is_none\")]
    pub inner: Option<super::Option>,
}
"
    );
    assert_eq!(
        body("src/demo/exotic/option.rs"),
        "\
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Option {
    #[serde(default, skip_serializing_if = \"std::option::Option::is_none\")]
    pub maybe: std::option::Option<String>,
}
"
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
            open: false,
            repr: EnumRepr::Integer,
            values,
        }),
    );
    let apis = vec![api.api];
    let roots = assign_root_names(&sources, &apis, &mut Vec::new());
    let options = Options::new(
        Layout::Crate {
            name: "small".into(),
        },
        "specgen",
    );
    let files = emit(&sources, &apis, &roots, &options);
    assert_eq!(
        file(&files, "src/small/count.rs"),
        "\
// @generated by `specgen` from specs/small/Count.md. Do not edit by hand.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = \"camelCase\")]
pub enum Count {
    #[serde(rename = \"1\")]
    One,
    Many,
}
"
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
    let roots = assign_root_names(&sources, &apis, &mut diagnostics);
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
    let files = emit(&sources, &apis, &roots, &options);
    assert!(file(&files, "src/apis/mod.rs").ends_with(
        "pub mod same;\npub mod same2;\n\npub use self::same::Thing;\npub use self::same2::Thing as SameThing;\n"
    ));
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
    for (sub, layout) in [("crate", crate_layout), ("module", module_layout)] {
        for file in emit_sample(layout).0 {
            let path = dir.join(sub).join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, file.contents).unwrap();
        }
    }
}
