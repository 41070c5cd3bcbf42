//! The run report: per API, what was generated and where its wire names came from, so that no
//! name is guessed silently; and how many of the spec's examples became tests and how many do
//! not fit their types (each of those is also a warning, with its file and line).

use std::collections::BTreeMap;
use std::fmt;

use crate::model::{Api, TypeKind};
use crate::plan::Plan;

/// What one run generated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// One entry per API, in input order.
    pub apis: Vec<ApiReport>,
}

/// What was generated for one API.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiReport {
    /// Module name of the API.
    pub name: String,
    /// Structs emitted.
    pub structs: usize,
    /// Enums emitted.
    pub enums: usize,
    /// Unions emitted.
    pub unions: usize,
    /// Free-form objects emitted.
    pub free_form: usize,
    /// Aliases emitted.
    pub aliases: usize,
    /// Schemas replaced by existing Rust types, for which nothing is emitted.
    pub replaced: usize,
    /// Fields emitted.
    pub fields: usize,
    /// Number of fields per wire-name source (`config`, `evidence`, `policy`, `spec`).
    pub wire_sources: BTreeMap<&'static str, usize>,
    /// Documents read that describe no wire type, per reason.
    pub skipped: BTreeMap<String, usize>,
    /// Types re-exported at the crate root under another name than their own.
    pub renamed_at_root: usize,
    /// Examples of fields in the spec.
    pub examples: usize,
    /// Examples that do not fit their field's type: reported as warnings, left out of the
    /// generated example tests.
    pub examples_not_fitting: usize,
    /// Fields and union members typed as any JSON value because the docs could not be read
    /// for them (see [`Api::untyped`]).
    pub untyped: usize,
}

impl ApiReport {
    /// Examples that became tests in the generated crate.
    pub fn examples_tested(&self) -> usize {
        self.examples - self.examples_not_fitting
    }
}

impl Report {
    /// Counts what `apis` contain, and what `plan` decided about them (crate-root renames,
    /// examples that do not fit).
    pub fn new(apis: &[Api], plan: &Plan) -> Report {
        let apis = apis
            .iter()
            .enumerate()
            .map(|(api_idx, api)| {
                let mut it = ApiReport {
                    name: api.name.clone(),
                    untyped: api.untyped,
                    ..ApiReport::default()
                };
                for (type_idx, ty) in api.types.iter().enumerate() {
                    let id = crate::model::TypeId(type_idx as u32);
                    if crate::model::replace::is_replaced(api, id) {
                        it.replaced += 1;
                        continue;
                    }
                    match &ty.kind {
                        TypeKind::Struct(s) => {
                            it.structs += 1;
                            it.fields += s.fields.len();
                            for field in &s.fields {
                                *it.wire_sources
                                    .entry(field.wire_source.label())
                                    .or_default() += 1;
                            }
                        }
                        TypeKind::Enum(_) => it.enums += 1,
                        TypeKind::Union(_) => it.unions += 1,
                        TypeKind::Alias(_) => it.aliases += 1,
                        TypeKind::FreeForm => it.free_form += 1,
                    }
                    let root = plan
                        .roots
                        .names
                        .get(api_idx)
                        .and_then(|names| names.get(type_idx));
                    let own = crate::plan::names::cased_type_name(&api.casing, &ty.rust_name);
                    if root.is_some_and(|root| *root != own) {
                        it.renamed_at_root += 1;
                    }
                }
                for skipped in &api.skipped {
                    *it.skipped.entry(skipped.reason.clone()).or_default() += 1;
                }
                let examples = plan.examples_of(api_idx);
                it.examples = examples.len();
                it.examples_not_fitting = examples
                    .iter()
                    .filter(|example| example.misfit.is_some())
                    .count();
                it
            })
            .collect();
        Report { apis }
    }
}

impl fmt::Display for ApiReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kinds = [
            (self.structs, "struct", "structs"),
            (self.enums, "enum", "enums"),
            (self.unions, "union", "unions"),
            (self.free_form, "free-form object", "free-form objects"),
            (self.aliases, "alias", "aliases"),
            (
                self.replaced,
                "schema replaced by a Rust type",
                "schemas replaced by Rust types",
            ),
        ];
        let kinds: Vec<String> = kinds
            .iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
            .collect();
        let kinds = if kinds.is_empty() {
            "no types".to_string()
        } else {
            kinds.join(", ")
        };
        write!(
            f,
            "{}: {kinds}; {} fields, wire names from ",
            self.name, self.fields
        )?;
        if self.wire_sources.is_empty() {
            f.write_str("nowhere (no fields)")?;
        }
        let sources: Vec<String> = self
            .wire_sources
            .iter()
            .map(|(source, n)| format!("{source} {n}"))
            .collect();
        f.write_str(&sources.join(", "))?;
        if !self.skipped.is_empty() {
            let skipped: Vec<String> = self
                .skipped
                .iter()
                .map(|(reason, n)| format!("{n} {reason}"))
                .collect();
            write!(f, "; skipped {}", skipped.join(", "))?;
        }
        if self.untyped > 0 {
            write!(
                f,
                "; {} typed as any JSON value (unreadable in the docs)",
                if self.untyped == 1 {
                    "1 field".to_string()
                } else {
                    format!("{} fields", self.untyped)
                }
            )?;
        }
        if self.renamed_at_root > 0 {
            write!(f, "; {} renamed at the crate root", self.renamed_at_root)?;
        }
        if self.examples > 0 {
            write!(
                f,
                "; {} {}, {} tested",
                self.examples,
                if self.examples == 1 {
                    "example"
                } else {
                    "examples"
                },
                self.examples_tested()
            )?;
            if self.examples_not_fitting > 0 {
                write!(f, ", {} not fitting", self.examples_not_fitting)?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for api in &self.apis {
            writeln!(f, "{api}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_lists_counts_by_source() {
        let api = ApiReport {
            name: "prove".into(),
            structs: 2,
            fields: 8,
            wire_sources: BTreeMap::from([("config", 3), ("evidence", 5)]),
            skipped: BTreeMap::from([("response wrapper".to_string(), 1)]),
            ..ApiReport::default()
        };
        assert_eq!(
            api.to_string(),
            "prove: 2 structs; 8 fields, wire names from config 3, evidence 5; skipped 1 response wrapper"
        );
        let api = ApiReport {
            examples: 7,
            examples_not_fitting: 2,
            ..api
        };
        assert!(
            api.to_string()
                .ends_with("; 7 examples, 5 tested, 2 not fitting"),
            "{api}"
        );
        let api = ApiReport {
            untyped: 3,
            examples: 0,
            ..api
        };
        assert!(
            api.to_string()
                .ends_with("; 3 fields typed as any JSON value (unreadable in the docs)"),
            "{api}"
        );
    }
}
