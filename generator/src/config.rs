//! The spec config (`codegen.yaml` beside the docs): what a user must be able to say that the
//! docs cannot. Every key is optional; unknown keys are errors, so a typo never goes unnoticed.
//!
//! ```yaml
//! name: prove              # module name of the API (default: the folder name)
//! description: Prove Identity's API.
//! dialect: java            # java | go | typescript | python | csharp | php | ruby (default: detected)
//! keep_unknown_fields: false  # true: keep unlisted object keys in a flattened map
//! wire_names:
//!   policy: sdk            # sdk | camelCase | snake_case | PascalCase | kebab-case | SCREAMING_SNAKE_CASE
//!   overrides:             # model -> SDK field name -> JSON wire name
//!     V3TokenRequest:
//!       clientId: client_id
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostics::{Code, Diagnostic};
use crate::files::{FileId, SourceMap, Span};
use crate::markdown::types::Dialect;
use crate::model::NamingPolicy;
use crate::yaml;

/// A parsed spec config.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Module name of the API.
    #[serde(default)]
    pub name: Option<String>,
    /// Description of the API for the generated docs.
    #[serde(default)]
    pub description: Option<String>,
    /// The docs' dialect; detected when absent.
    #[serde(default)]
    pub dialect: Option<Dialect>,
    /// How wire names are found.
    #[serde(default)]
    pub wire_names: WireNames,
    /// Keep object keys the spec does not list in a flattened map on every struct, so a
    /// response re-serializes without loss (by default they are ignored).
    #[serde(default)]
    pub keep_unknown_fields: bool,
}

/// The `wire_names` section.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireNames {
    /// Policy deriving wire names from SDK names; the dialect's default when absent.
    #[serde(default)]
    pub policy: Option<NamingPolicy>,
    /// Per-field wire names: model name to SDK field name to wire name.
    #[serde(default)]
    pub overrides: BTreeMap<String, BTreeMap<String, String>>,
}

/// Parses the config in `file`; on error, reports it and returns `None`.
pub fn parse(
    sources: &SourceMap,
    file: FileId,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Config> {
    let text = &sources.get(file).text;
    if text.trim().is_empty() {
        return Some(Config::default());
    }
    match yaml::from_str::<Config>(text) {
        Ok(config) => Some(config),
        Err(err) => {
            let offset = err.offset.unwrap_or(0);
            let span = Span::new(file, offset..offset);
            diagnostics.push(
                Diagnostic::error(sources, span, Code::InvalidConfig, format!("invalid spec config: {}", err.message))
                    .with_hint("the config takes `name`, `description`, `dialect` (java, go, typescript) and `wire_names` with `policy` and `overrides`"),
            );
            None
        }
    }
}

/// The span of the key at `path` (each element a key nested below the previous one) in a block
/// YAML document, for pointing diagnostics at config entries. Falls back to the start of the
/// file when the key is not found as a plain block key.
pub fn key_span(sources: &SourceMap, file: FileId, path: &[&str]) -> Span {
    let text = &sources.get(file).text;
    let mut offset = 0;
    let mut min_indent = 0;
    let mut found = None;
    let mut remaining = path;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let Some((key, _)) = remaining.split_first() else {
            break;
        };
        let indent = line.len() - line.trim_start().len();
        let body = line.trim();
        if body.is_empty() || body.starts_with('#') || indent < min_indent {
            continue;
        }
        let name = body
            .split(':')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches(['"', '\'']);
        if name == *key && body.contains(':') {
            found =
                Some(start + indent..start + indent + body.split(':').next().unwrap_or("").len());
            min_indent = indent + 1;
            remaining = &remaining[1..];
        }
    }
    match found {
        Some(range) if remaining.is_empty() => Span::new(file, range),
        _ => Span::new(file, 0..0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::SourceFile;

    const CONFIG: &str = "dialect: java\nwire_names:\n  policy: sdk\n  overrides:\n    V3TokenRequest:\n      clientId: client_id\n    Other:\n      clientId: x\n";

    #[test]
    fn parses_and_locates_keys() {
        let mut sources = SourceMap::default();
        let file = sources.add(SourceFile::new("codegen.yaml", CONFIG));
        let mut diagnostics = Vec::new();
        let config = parse(&sources, file, &mut diagnostics).unwrap();
        assert_eq!(config.dialect, Some(Dialect::Java));
        assert!(
            !config.keep_unknown_fields,
            "unknown keys are ignored unless asked for"
        );
        assert_eq!(config.wire_names.policy, Some(NamingPolicy::Sdk));
        assert_eq!(
            config.wire_names.overrides["V3TokenRequest"]["clientId"],
            "client_id"
        );
        let span = key_span(
            &sources,
            file,
            &["wire_names", "overrides", "Other", "clientId"],
        );
        let at = sources.locate(span);
        assert_eq!((at.line, at.column), (8, 7));
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn reports_unknown_keys_with_location() {
        let mut sources = SourceMap::default();
        let file = sources.add(SourceFile::new(
            "codegen.yaml",
            "dialect: java\nwire_name:\n  policy: sdk\n",
        ));
        let mut diagnostics = Vec::new();
        assert!(parse(&sources, file, &mut diagnostics).is_none());
        let rendered = diagnostics[0].render();
        assert!(
            rendered.starts_with(
                "error[invalid-config]: invalid spec config: unknown field `wire_name`"
            ),
            "{rendered}"
        );
        assert!(rendered.contains("codegen.yaml:2:1"), "{rendered}");
    }
}
