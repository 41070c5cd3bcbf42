//! Wire names shown rather than guessed: the config's overrides, and the keys of the JSON in
//! Example cells, followed through lists, maps, nested models and the one union variant an
//! object fits, with disagreeing examples reported.

use std::collections::BTreeMap;

use crate::config::{self, Config};
use crate::diagnostics::{Code, Diagnostic};
use crate::files::{FileId, SourceMap, Span};
use crate::markdown::types::TypeExpr;
use crate::model::{WireSource, names};

use super::{Entry, FieldRef, Shape};

pub(super) type WireNames = BTreeMap<(usize, usize), (String, WireSource)>;

struct EvidenceWalk<'a> {
    sources: &'a SourceMap,
    entries: &'a [Entry],
    refs: &'a [Vec<FieldRef>],
    found: WireNames,
    diagnostics: &'a mut Vec<Diagnostic>,
}

/// Wire names from Example cells: an Example holding JSON for a field whose type is (a list or
/// map of) a model shows that model's wire keys; nested objects show nested models' keys, and
/// an object where a union is expected shows the keys of the one model variant it fits.
pub(super) fn collect_evidence(
    sources: &SourceMap,
    entries: &[Entry],
    refs: &[Vec<FieldRef>],
    diagnostics: &mut Vec<Diagnostic>,
) -> WireNames {
    let mut walk = EvidenceWalk {
        sources,
        entries,
        refs,
        found: WireNames::new(),
        diagnostics,
    };
    for (idx, entry) in entries.iter().enumerate() {
        let Shape::Struct(fields) = &entry.shape else {
            continue;
        };
        for (field_idx, field) in fields.iter().enumerate() {
            let Some((example, span)) = &field.example else {
                continue;
            };
            if !example.starts_with(['{', '[']) {
                continue;
            }
            let Ok(value) = serde_json::from_str::<serde_json::Value>(example) else {
                continue;
            };
            walk.value(&field.ty.expr, refs[idx][field_idx], &value, *span);
        }
    }
    walk.found
}

impl EvidenceWalk<'_> {
    fn value(&mut self, expr: &TypeExpr, target: FieldRef, value: &serde_json::Value, span: Span) {
        match (expr, value) {
            (TypeExpr::Array(inner), serde_json::Value::Array(items)) => {
                for item in items {
                    self.value(inner, target, item, span);
                }
            }
            (TypeExpr::Map(inner), serde_json::Value::Object(map)) => {
                for item in map.values() {
                    self.value(inner, target, item, span);
                }
            }
            (TypeExpr::Model { .. }, serde_json::Value::Object(map)) => {
                if let Some(target) = target {
                    self.object(target, map, span);
                }
            }
            _ => {}
        }
    }

    fn object(
        &mut self,
        target: usize,
        map: &serde_json::Map<String, serde_json::Value>,
        span: Span,
    ) {
        let entries = self.entries;
        if let Shape::Union(_) = &entries[target].shape {
            if let Some(variant) = self.variant_of(target, map) {
                self.object(variant, map, span);
            }
            return;
        }
        let Shape::Struct(fields) = &entries[target].shape else {
            return;
        };
        for (key, value) in map {
            let folded = names::fold(key);
            let Some(field_idx) = fields.iter().position(|f| f.sdk_name == *key).or_else(|| {
                fields
                    .iter()
                    .position(|f| names::fold(&f.sdk_name) == folded)
            }) else {
                continue;
            };
            match self.found.get(&(target, field_idx)) {
                None => {
                    self.found.insert(
                        (target, field_idx),
                        (key.clone(), WireSource::Evidence { span }),
                    );
                }
                Some((earlier, WireSource::Evidence { span: first })) if earlier != key => {
                    let message = format!(
                        "Example cells disagree on the wire name of `{}.{}`: `{earlier}` and `{key}`",
                        entries[target].title, fields[field_idx].sdk_name
                    );
                    let first = *first;
                    self.diagnostics.push(
                        Diagnostic::warning(self.sources, span, Code::WireNameConflict, message)
                            .with_related(self.sources, first, "the first example, which is used")
                            .with_hint(
                                "set the wire name in the spec config under `wire_names.overrides`",
                            ),
                    );
                }
                Some(_) => {}
            }
            let field = &fields[field_idx];
            self.value(&field.ty.expr, self.refs[target][field_idx], value, span);
        }
    }

    /// The one model variant of the union `target` that has a field for every key of an
    /// example object (up to case and separators), if exactly one has: an email message's
    /// `reply-to` shows the wire name of the email variant, not of the SMS one.
    fn variant_of(
        &self,
        target: usize,
        map: &serde_json::Map<String, serde_json::Value>,
    ) -> Option<usize> {
        let Shape::Union(variants) = &self.entries[target].shape else {
            return None;
        };
        let mut fitting = variants.iter().enumerate().filter_map(|(i, variant)| {
            if !matches!(variant.expr, TypeExpr::Model { .. }) {
                return None;
            }
            let model = self.refs[target].get(i).copied().flatten()?;
            let Shape::Struct(fields) = &self.entries[model].shape else {
                return None;
            };
            let has = |key: &String| {
                let folded = names::fold(key);
                fields.iter().any(|f| names::fold(&f.sdk_name) == folded)
            };
            map.keys().all(has).then_some(model)
        });
        let first = fitting.next()?;
        fitting.next().is_none().then_some(first)
    }
}

pub(super) fn config_overrides(
    sources: &SourceMap,
    config: &Config,
    config_file: Option<FileId>,
    entries: &[Entry],
    diagnostics: &mut Vec<Diagnostic>,
) -> WireNames {
    let mut res = WireNames::new();
    let Some(file) = config_file else { return res };
    for (model, fields) in &config.wire_names.overrides {
        let targets: Vec<usize> = (0..entries.len())
            .filter(|&i| entries[i].title == *model && entries[i].skip.is_none())
            .collect();
        if targets.is_empty() {
            let span = config::key_span(sources, file, &["wire_names", "overrides", model]);
            diagnostics.push(
                Diagnostic::error(
                    sources,
                    span,
                    Code::OverrideUnknownModel,
                    format!("wire-name override for model `{model}`, which no doc defines"),
                )
                .with_hint("name a model by its doc's `# Title`"),
            );
            continue;
        }
        for (sdk_name, wire) in fields {
            let span =
                config::key_span(sources, file, &["wire_names", "overrides", model, sdk_name]);
            let mut matched = false;
            for &target in &targets {
                let Shape::Struct(struct_fields) = &entries[target].shape else {
                    continue;
                };
                if let Some(field_idx) = struct_fields.iter().position(|f| f.sdk_name == *sdk_name)
                {
                    res.insert(
                        (target, field_idx),
                        (wire.clone(), WireSource::Config { span }),
                    );
                    matched = true;
                }
            }
            if !matched {
                diagnostics.push(
                    Diagnostic::error(sources, span, Code::OverrideUnknownField, format!("wire-name override for field `{sdk_name}`, which model `{model}` does not have"))
                        .with_hint("name the field as the doc's Field column spells it"),
                );
            }
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TypeKind;

    #[test]
    fn union_examples_show_the_wire_names_of_the_one_variant_they_fit() {
        let table = "| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n";
        let doc = |path: &str, text: String| crate::files::SourceFile::new(path, text);
        let input = crate::ApiInput {
            name: "msgs".into(),
            config: Some(doc("codegen.yaml", "dialect: csharp\n".into())),
            docs: vec![
                doc(
                    "Holder.md",
                    "# Holder\n\n## Fields\n\n| Field | Type | Required | Description | Example |\n| --- | --- | --- | --- | --- |\n| `Content` | [Content](Content.md) | :heavy_check_mark: | N/A | {\"reply-to\": \"a@b.c\", \"bodyText\": \"x\"} |\n| `Other` | [Content](Content.md) | :heavy_check_mark: | N/A | {\"bodyText\": \"x\"} |\n".into(),
                ),
                doc(
                    "Content.md",
                    "# Content\n\n## Supported Types\n\n### Sms\n\n```csharp\nContent.CreateSms(/* values here */);\n```\n\n### Email\n\n```csharp\nContent.CreateEmail(/* values here */);\n```\n".into(),
                ),
                doc("Sms.md", format!("# Sms\n\n## Fields\n\n{table}| `BodyText` | *string* | :heavy_check_mark: | N/A |\n")),
                doc("Email.md", format!("# Email\n\n## Fields\n\n{table}| `BodyText` | *string* | :heavy_check_mark: | N/A |\n| `ReplyTo` | *string* | :heavy_check_mark: | N/A |\n")),
            ],
            ..crate::ApiInput::default()
        };
        let mut sources = SourceMap::default();
        let mut diagnostics = Vec::new();
        let api = crate::markdown::read_api(&mut sources, &input, &mut diagnostics)
            .unwrap_or_else(|| panic!("{diagnostics:#?}"));
        let wire = |model: &str, field: &str| {
            let ty = api.types.iter().find(|t| t.name == model).unwrap();
            let TypeKind::Struct(s) = &ty.kind else {
                panic!("{ty:#?}")
            };
            let f = s.fields.iter().find(|f| f.sdk_name == field).unwrap();
            (f.wire_name.clone(), f.wire_source.is_guess())
        };
        // The first example fits Email only; the second, `bodyText` alone, fits both variants
        // and tells nothing.
        assert_eq!(wire("Email", "ReplyTo"), ("reply-to".to_string(), false));
        assert_eq!(wire("Email", "BodyText"), ("bodyText".to_string(), false));
        assert_eq!(wire("Sms", "BodyText"), ("bodyText".to_string(), true));
    }
}
