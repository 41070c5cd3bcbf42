//! No code injection: spec text (descriptions, names, enum values, examples) reaches the
//! generated Rust only as string literals, doc attributes and sanitised identifiers. The
//! hostile fixture (`tests/fixtures/markdown/hostile`) is full of would-be code (`} fn pwned()
//! {}`, `"]`, `*/`, `#[`, code fences, keywords as names, confusables, 3,000-character names,
//! values that collide after sanitising); every generated file must parse, and no token
//! outside a literal may come from that text. `cargo xtask conformance` compiles the crate.

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

/// Identifiers that appear in the hostile text only as would-be code.
const INJECTED: &[&str] = &["pwned", "alert", "script", "javascript"];

fn hostile_files() -> Vec<specgen::GeneratedFile> {
    let case = tests::fixtures("markdown").join("hostile");
    let input = tests::load(&case);
    let output = specgen::generate(&[input], &tests::options("hostile"))
        .expect("the hostile fixture generates");
    // The runtime is hand-written and copied verbatim; everything else comes from the spec.
    output
        .files
        .into_iter()
        .filter(|f| f.path.ends_with(".rs") && f.path != "src/runtime.rs")
        .collect()
}

fn idents(tokens: TokenStream, acc: &mut Vec<String>) {
    for tree in tokens {
        match tree {
            TokenTree::Ident(ident) => acc.push(ident.to_string()),
            TokenTree::Group(group) => idents(group.stream(), acc),
            TokenTree::Punct(_) | TokenTree::Literal(_) => {}
        }
    }
}

#[test]
fn hostile_text_never_becomes_tokens() {
    let files = hostile_files();
    assert!(
        files.len() >= 4,
        "expected the model files, got {}",
        files.len()
    );
    for file in &files {
        let tokens: TokenStream = file
            .contents
            .parse()
            .unwrap_or_else(|e| panic!("{} does not lex: {e}", file.path));
        let mut found = Vec::new();
        idents(tokens, &mut found);
        for bad in INJECTED {
            assert!(
                !found
                    .iter()
                    .any(|i| i.trim_start_matches("r#").eq_ignore_ascii_case(bad)),
                "{}: injected identifier `{bad}`",
                file.path
            );
        }
    }
}

/// Items a generated file may contain; a function only inside an `impl`, as a serde default or
/// as an example test; a `static` only as a compiled-once pattern.
struct Items<'a> {
    path: &'a str,
}

impl<'ast> Visit<'ast> for Items<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        match item {
            syn::Item::Use(_)
            | syn::Item::Mod(_)
            | syn::Item::Struct(_)
            | syn::Item::Enum(_)
            | syn::Item::Type(_)
            | syn::Item::Impl(_) => {}
            syn::Item::Fn(f) => {
                let name = f.sig.ident.to_string();
                let test = f.attrs.iter().any(|attr| attr.path().is_ident("test"));
                assert!(
                    name.starts_with("default_") || test,
                    "{}: unexpected free function `{name}`",
                    self.path
                );
            }
            syn::Item::Static(it) => {
                let syn::Type::Path(ty) = &*it.ty else {
                    panic!("{}: unexpected static `{}`", self.path, it.ident);
                };
                let segments: Vec<String> = ty
                    .path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect();
                assert_eq!(
                    segments,
                    ["crate", "runtime", "Pattern"],
                    "{}: unexpected static `{}`",
                    self.path,
                    it.ident
                );
            }
            other => panic!("{}: unexpected item {}", self.path, quote_kind(other)),
        }
        syn::visit::visit_item(self, item);
    }

    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        let name = attr
            .path()
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect::<Vec<_>>()
            .join("::");
        assert!(
            [
                "doc",
                "derive",
                "serde",
                "deprecated",
                "allow",
                "rustfmt::skip",
                "cfg",
                "test"
            ]
            .contains(&name.as_str()),
            "{}: unexpected attribute `{name}`",
            self.path
        );
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        panic!(
            "{}: unexpected macro call `{}!`",
            self.path,
            mac.path
                .segments
                .last()
                .map(|s| s.ident.to_string())
                .unwrap_or_default()
        );
    }
}

fn quote_kind(item: &syn::Item) -> &'static str {
    match item {
        syn::Item::Const(_) => "const",
        syn::Item::Static(_) => "static",
        syn::Item::Macro(_) => "macro",
        syn::Item::Trait(_) => "trait",
        _ => "other",
    }
}

#[test]
fn hostile_output_has_only_generated_item_kinds() {
    for file in hostile_files() {
        let parsed = syn::parse_file(&file.contents)
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", file.path));
        Items { path: &file.path }.visit_file(&parsed);
    }
}

#[test]
fn hostile_names_become_distinct_sanitised_identifiers() {
    let files = hostile_files();
    let fields: Vec<String> = files
        .iter()
        .flat_map(|f| syn::parse_file(&f.contents).expect("parses").items)
        .find_map(|item| match item {
            syn::Item::Struct(s) if s.ident == "Hostile" => Some(
                s.fields
                    .iter()
                    .filter_map(|f| f.ident.as_ref().map(ToString::to_string))
                    .collect(),
            ),
            _ => None,
        })
        .expect("struct Hostile");
    let mut unique = fields.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        fields.len(),
        "field names collide: {fields:?}"
    );
    assert!(
        fields
            .iter()
            .all(|f| f.len() < 300 || f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')),
        "{fields:?}"
    );
    assert!(
        fields.contains(&"r#type".to_string()) && fields.contains(&"self_".to_string()),
        "{fields:?}"
    );
    assert!(
        fields.iter().all(|f| f.is_ascii()),
        "non-ASCII identifier in {fields:?}"
    );
}
