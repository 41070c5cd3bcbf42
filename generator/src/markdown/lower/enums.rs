//! Enums: the values of a TypeScript literal union, whether an enum is open (a marker in its
//! usage example or `Unrecognized<string>`), and each value's Rust name.

use crate::diagnostics::{Code, Diagnostic};
use crate::files::SourceMap;
use crate::markdown::doc::Document;
use crate::markdown::types::Dialect;
use crate::model::names::{self, UniqueNames};
use crate::model::{Enum, EnumRepr, EnumValue};

use super::RawValue;

/// The values of a TypeScript literal union such as `"control" | "article"` or `0 | 1 | 2`;
/// `None` when the block is anything else. An open enum ends the union with
/// `Unrecognized<string>` (or `Unrecognized<number>`), which is no value.
pub(super) fn literal_union(block: &crate::markdown::doc::Spanned) -> Option<Vec<RawValue>> {
    let text = block.text.trim();
    if text.is_empty() {
        return None;
    }
    text.split('|')
        .map(str::trim)
        .filter(|part| !is_unrecognized(part))
        .map(|part| {
            let value = if part.starts_with('"') {
                serde_json::from_str::<String>(part).ok()?
            } else {
                part.parse::<i64>().ok()?.to_string()
            };
            Some(RawValue {
                sdk_name: value.clone(),
                value,
                span: block.span,
            })
        })
        .collect()
}

/// TypeScript's member for values an open enum does not list: `Unrecognized<string>`.
fn is_unrecognized(part: &str) -> bool {
    part.strip_prefix("Unrecognized<")
        .is_some_and(|rest| rest.ends_with('>'))
}

/// Go docs mark enums that accept any value with a comment in their usage example
/// (`// Open enum: custom values can be created with a direct type cast`), Ruby ones
/// likewise (`# Open enum: use .deserialize()`); TypeScript v2 ends the literal union of
/// `## Values` with `Unrecognized<string>`.
pub(super) fn is_open_enum(doc: &Document) -> bool {
    let marked = doc
        .sections
        .iter()
        .filter(|s| s.heading.text == "Example Usage")
        .flat_map(|s| &s.code_blocks)
        .any(|(_, block)| block.text.contains("Open enum"));
    marked
        || doc
            .sections
            .iter()
            .filter(|s| s.heading.text == "Values")
            .flat_map(|s| &s.code_blocks)
            .any(|(_, block)| block.text.split('|').any(|p| is_unrecognized(p.trim())))
}

pub(super) fn lower_enum(
    sources: &SourceMap,
    dialect: Dialect,
    title: &str,
    values: &[RawValue],
    diagnostics: &mut Vec<Diagnostic>,
) -> Enum {
    let integer = !values.is_empty() && values.iter().all(|v| v.value.parse::<i64>().is_ok());
    let mut variant_names = UniqueNames::default();
    let values = values
        .iter()
        .map(|v| {
            let base = match dialect {
                Dialect::Go => v.sdk_name.strip_prefix(title).filter(|rest| !rest.is_empty()).unwrap_or(&v.sdk_name),
                _ => &v.sdk_name,
            };
            let (rust_name, renamed) = variant_names.claim(&names::pascal_ident(base));
            if renamed {
                diagnostics.push(Diagnostic::warning(
                    sources,
                    v.span,
                    Code::RenamedEnumValue,
                    format!("enum value `{}` is named `{rust_name}` in Rust: an earlier value has the same Rust name", v.sdk_name),
                ));
            }
            EnumValue { sdk_name: v.sdk_name.clone(), wire_value: v.value.clone(), rust_name, description: None, span: v.span }
        })
        .collect();
    Enum {
        strict: false,
        repr: if integer {
            EnumRepr::Integer
        } else {
            EnumRepr::String
        },
        open: false,
        values,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::{FileId, Span};

    #[test]
    fn literal_unions_list_values_and_end_open() {
        let block = |text: &str| crate::markdown::doc::Spanned {
            text: text.to_string(),
            span: Span::new(FileId(0), 0..0),
        };
        let values = |text: &str| {
            literal_union(&block(text)).map(|v| v.into_iter().map(|v| v.value).collect::<Vec<_>>())
        };
        assert_eq!(
            values("\"a\" | \"b c\""),
            Some(vec!["a".into(), "b c".into()])
        );
        assert_eq!(values("0 | -1"), Some(vec!["0".into(), "-1".into()]));
        assert_eq!(
            values("\"stop\" | \"length\" | Unrecognized<string>"),
            Some(vec!["stop".into(), "length".into()])
        );
        assert_eq!(values("string | number"), None);
        assert!(is_unrecognized("Unrecognized<number>"));
        assert!(!is_unrecognized("Unrecognized"));
    }
}
