//! No code injection: spec text (descriptions, names, enum values, examples) reaches the
//! generated Rust only as string literals, doc attributes and sanitised identifiers. The
//! hostile fixture (`tests/fixtures/markdown/hostile`) is full of would-be code (`} fn pwned()
//! {}`, `"]`, `*/`, `#[`, code fences, keywords as names, confusables, 3,000-character names,
//! values that collide after sanitising); every generated file must parse, and no token
//! outside a literal may come from that text. `cargo xtask conformance` compiles the crate.
//! The same fixture and `tests/fixtures/openapi/hostile-html` carry HTML and links that would
//! run script in `cargo doc` output; the doc text must render to none of it.

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

/// Identifiers that appear in the hostile text only as would-be code.
const INJECTED: &[&str] = &["pwned", "alert", "script", "javascript"];

fn hostile_files() -> Vec<specgen::GeneratedFile> {
    generated_files("markdown", "hostile")
}

fn generated_files(kind: &str, name: &str) -> Vec<specgen::GeneratedFile> {
    let case = tests::fixtures(kind).join(name);
    let input = tests::load(&case);
    let output =
        specgen::generate(&[input], &tests::options(name)).expect("the hostile fixture generates");
    // The runtime is hand-written and copied verbatim; everything else comes from the spec.
    output
        .files
        .into_iter()
        .filter(|f| f.path.ends_with(".rs") && !tests::is_runtime_copy(&f.path))
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

/// Every doc string of a generated file (`///`, `//!` and `#[deprecated(note)]`, which rustdoc
/// renders as Markdown too), one per item, lines joined as rustdoc joins them.
#[derive(Default)]
struct DocTexts {
    texts: Vec<String>,
}

impl DocTexts {
    fn add(&mut self, attrs: &[syn::Attribute]) {
        let mut doc = Vec::new();
        for attr in attrs {
            if attr.path().is_ident("doc") {
                if let syn::Meta::NameValue(nv) = &attr.meta
                    && let syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(line),
                        ..
                    }) = &nv.value
                {
                    doc.push(line.value());
                }
            } else if attr.path().is_ident("deprecated") {
                let _ = attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("note") {
                        let note: syn::LitStr = meta.value()?.parse()?;
                        self.texts.push(note.value());
                    }
                    Ok(())
                });
            }
        }
        if !doc.is_empty() {
            self.texts.push(doc.join("\n"));
        }
    }
}

impl<'ast> Visit<'ast> for DocTexts {
    fn visit_file(&mut self, file: &'ast syn::File) {
        self.add(&file.attrs);
        syn::visit::visit_file(self, file);
    }
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Struct(it) => &it.attrs,
            syn::Item::Enum(it) => &it.attrs,
            syn::Item::Mod(it) => &it.attrs,
            syn::Item::Type(it) => &it.attrs,
            _ => &Vec::new(),
        };
        self.add(attrs);
        if let syn::Item::Mod(it) = item {
            if let Some((_, items)) = &it.content {
                for inner in items {
                    self.visit_item(inner);
                }
            }
            return;
        }
        syn::visit::visit_item(self, item);
    }
    fn visit_field(&mut self, field: &'ast syn::Field) {
        self.add(&field.attrs);
        syn::visit::visit_field(self, field);
    }
    fn visit_variant(&mut self, variant: &'ast syn::Variant) {
        self.add(&variant.attrs);
        syn::visit::visit_variant(self, variant);
    }
}

/// Tags rustdoc may pass through from doc text: formatting without attributes.
const PLAIN_TAGS: &[&str] = &[
    "b", "i", "em", "strong", "code", "p", "ul", "ol", "li", "details", "summary", "sup", "sub",
    "br", "div", "span", "pre", "table", "thead", "tbody", "tr", "td", "th", "u", "s", "kbd",
];

/// What is wrong with raw HTML that rustdoc would copy into a page: a tag that is not plain
/// formatting, or one with attributes (`onerror=`, `href=javascript:`).
fn unsafe_html(html: &str) -> Option<String> {
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if rest.starts_with("!--") {
            continue;
        }
        let body = rest.strip_prefix('/').unwrap_or(rest);
        let end = body.find('>').unwrap_or(body.len());
        let tag = body[..end].trim().trim_end_matches('/').trim();
        let name = tag.to_ascii_lowercase();
        if !PLAIN_TAGS.contains(&name.as_str()) {
            return Some(format!("tag <{}>", &body[..end]));
        }
    }
    None
}

/// Whether a link or image destination (entities already decoded) can run script: a scheme
/// other than http, https and mailto.
fn unsafe_destination(dest: &str) -> bool {
    let dest: String = dest
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let Some(colon) = dest.find(':') else {
        return false;
    };
    let relative = dest[..colon].contains(['/', '?', '#']);
    !relative && !["http", "https", "mailto"].contains(&&dest[..colon])
}

/// The HTML and link destinations rustdoc would render from `text` that could run script.
fn script_vectors(text: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut res = Vec::new();
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => res.extend(unsafe_html(&html)),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if unsafe_destination(&dest_url) =>
            {
                res.push(format!("link to {dest_url}"));
            }
            _ => {}
        }
    }
    res
}

#[test]
fn hostile_docs_render_no_script() {
    for (kind, name) in [("markdown", "hostile"), ("openapi", "hostile-html")] {
        let mut docs = DocTexts::default();
        for file in generated_files(kind, name) {
            let parsed = syn::parse_file(&file.contents)
                .unwrap_or_else(|e| panic!("{} does not parse: {e}", file.path));
            docs.visit_file(&parsed);
        }
        let joined = docs.texts.join("\n");
        for needle in ["onerror", "javascript", "onclick", "onload", "evil"] {
            assert!(
                joined.to_ascii_lowercase().contains(needle),
                "{kind}/{name}: the fixture's `{needle}` reaches no doc text"
            );
        }
        let found: Vec<String> = docs
            .texts
            .iter()
            .flat_map(|text| {
                script_vectors(text)
                    .into_iter()
                    .map(move |it| format!("{it}\n    in {text:?}"))
            })
            .collect();
        assert!(found.is_empty(), "{kind}/{name}:\n{}", found.join("\n"));
    }
}

#[test]
fn script_vectors_are_recognised() {
    for text in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<b onclick=alert(1)>x</b>",
        "[x](javascript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "<JavaScript:alert(1)>",
        "![x](vbscript:x)",
        "[x][r]\n\n[r]: javascript:alert(1)",
    ] {
        assert!(!script_vectors(text).is_empty(), "{text:?}");
    }
    for text in [
        "<b>x</b>",
        "[x](https://a.b)",
        "[x](../a.md)",
        "\\<script>",
        "`<script>`",
        "<mailto:a@b.c>",
    ] {
        assert!(script_vectors(text).is_empty(), "{text:?}");
    }
}
