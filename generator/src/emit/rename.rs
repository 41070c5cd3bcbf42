//! Serde naming: which `#[serde(rename_all = "...")]` rule (if any) makes the fewest per-field or
//! per-variant `#[serde(rename = "...")]` attributes necessary. The rules are applied exactly as
//! `serde_derive` applies them (its `RenameRule::apply_to_field` and `apply_to_variant`), so the
//! generated attributes mean what this module computed.

/// A `rename_all` rule of serde.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RenameRule {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

/// Rules tried for struct fields, in order of preference on ties. Field names are `snake_case`,
/// so `snake_case` and `lowercase` change nothing and `UPPERCASE` equals
/// `SCREAMING_SNAKE_CASE`.
const FIELD_RULES: &[RenameRule] = &[
    RenameRule::Camel,
    RenameRule::Pascal,
    RenameRule::ScreamingSnake,
    RenameRule::Kebab,
];

/// Rules tried for enum variants, in order of preference on ties. Variant names are
/// `PascalCase`, so that rule changes nothing.
const VARIANT_RULES: &[RenameRule] = &[
    RenameRule::ScreamingSnake,
    RenameRule::Camel,
    RenameRule::Snake,
    RenameRule::Kebab,
    RenameRule::Lower,
    RenameRule::Upper,
    RenameRule::ScreamingKebab,
];

impl RenameRule {
    /// The string serde accepts for the rule.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RenameRule::Lower => "lowercase",
            RenameRule::Upper => "UPPERCASE",
            RenameRule::Pascal => "PascalCase",
            RenameRule::Camel => "camelCase",
            RenameRule::Snake => "snake_case",
            RenameRule::ScreamingSnake => "SCREAMING_SNAKE_CASE",
            RenameRule::Kebab => "kebab-case",
            RenameRule::ScreamingKebab => "SCREAMING-KEBAB-CASE",
        }
    }

    /// The wire name serde derives from a field name (without `r#`) under `rule`.
    pub(crate) fn apply_to_field(rule: Option<RenameRule>, field: &str) -> String {
        let Some(rule) = rule else {
            return field.to_string();
        };
        match rule {
            RenameRule::Lower | RenameRule::Snake => field.to_string(),
            RenameRule::Upper | RenameRule::ScreamingSnake => field.to_ascii_uppercase(),
            RenameRule::Pascal => {
                let mut pascal = String::new();
                let mut capitalize = true;
                for ch in field.chars() {
                    if ch == '_' {
                        capitalize = true;
                    } else if capitalize {
                        pascal.push(ch.to_ascii_uppercase());
                        capitalize = false;
                    } else {
                        pascal.push(ch);
                    }
                }
                pascal
            }
            RenameRule::Camel => {
                let pascal = RenameRule::apply_to_field(Some(RenameRule::Pascal), field);
                lower_first(&pascal)
            }
            RenameRule::Kebab => field.replace('_', "-"),
            RenameRule::ScreamingKebab => field.to_ascii_uppercase().replace('_', "-"),
        }
    }

    /// The wire value serde derives from a variant name under `rule`.
    pub(crate) fn apply_to_variant(rule: Option<RenameRule>, variant: &str) -> String {
        let Some(rule) = rule else {
            return variant.to_string();
        };
        match rule {
            RenameRule::Pascal => variant.to_string(),
            RenameRule::Lower => variant.to_ascii_lowercase(),
            RenameRule::Upper => variant.to_ascii_uppercase(),
            RenameRule::Camel => lower_first(variant),
            RenameRule::Snake => {
                let mut snake = String::new();
                for (i, ch) in variant.char_indices() {
                    if i > 0 && ch.is_uppercase() {
                        snake.push('_');
                    }
                    snake.push(ch.to_ascii_lowercase());
                }
                snake
            }
            RenameRule::ScreamingSnake => {
                RenameRule::apply_to_variant(Some(RenameRule::Snake), variant).to_ascii_uppercase()
            }
            RenameRule::Kebab => {
                RenameRule::apply_to_variant(Some(RenameRule::Snake), variant).replace('_', "-")
            }
            RenameRule::ScreamingKebab => {
                RenameRule::apply_to_variant(Some(RenameRule::ScreamingSnake), variant)
                    .replace('_', "-")
            }
        }
    }
}

/// serde lowercases the first byte (`variant[..1]`); names here are ASCII identifiers, but take
/// the first character so a stray non-ASCII name cannot panic.
fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// The rule for a struct whose fields are `(rust name, wire name)` pairs.
pub(crate) fn choose_for_fields(fields: &[(&str, &str)]) -> Option<RenameRule> {
    choose(FIELD_RULES, fields, RenameRule::apply_to_field)
}

/// The rule for an enum whose variants are `(rust name, wire value)` pairs.
pub(crate) fn choose_for_variants(variants: &[(&str, &str)]) -> Option<RenameRule> {
    choose(VARIANT_RULES, variants, RenameRule::apply_to_variant)
}

/// The rule needing the fewest explicit renames; no rule unless a rule needs strictly fewer.
fn choose(
    rules: &[RenameRule],
    names: &[(&str, &str)],
    apply: fn(Option<RenameRule>, &str) -> String,
) -> Option<RenameRule> {
    let misses = |rule: Option<RenameRule>| {
        names
            .iter()
            .filter(|(rust, wire)| apply(rule, rust) != *wire)
            .count()
    };
    let mut best = (None, misses(None));
    for &rule in rules {
        let n_misses = misses(Some(rule));
        if n_misses < best.1 {
            best = (Some(rule), n_misses);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_match_serde() {
        let fields = [
            (RenameRule::Camel, "client_request_id", "clientRequestId"),
            (RenameRule::Pascal, "client_request_id", "ClientRequestId"),
            (RenameRule::ScreamingSnake, "grant_type", "GRANT_TYPE"),
            (RenameRule::Kebab, "accept_language", "accept-language"),
            (RenameRule::Camel, "_3ds", "3ds"),
        ];
        for (rule, field, want) in fields {
            assert_eq!(
                RenameRule::apply_to_field(Some(rule), field),
                want,
                "{rule:?} {field}"
            );
        }
        let variants = [
            (
                RenameRule::ScreamingSnake,
                "HumanAssurance",
                "HUMAN_ASSURANCE",
            ),
            (RenameRule::Camel, "HumanAssurance", "humanAssurance"),
            (RenameRule::Snake, "V3Token", "v3_token"),
            (RenameRule::Kebab, "HumanAssurance", "human-assurance"),
            (RenameRule::Lower, "HumanAssurance", "humanassurance"),
            (
                RenameRule::ScreamingKebab,
                "HumanAssurance",
                "HUMAN-ASSURANCE",
            ),
        ];
        for (rule, variant, want) in variants {
            assert_eq!(
                RenameRule::apply_to_variant(Some(rule), variant),
                want,
                "{rule:?} {variant}"
            );
        }
    }

    #[test]
    fn the_rule_with_fewest_renames_wins() {
        let camel = [("client_id", "clientId"), ("name", "name"), ("x_id", "XID")];
        assert_eq!(choose_for_fields(&camel), Some(RenameRule::Camel));
        let plain = [("client_id", "client_id"), ("name", "name")];
        assert_eq!(choose_for_fields(&plain), None);
        // One field either way: a tie, so no rule.
        let tie = [("client_id", "clientId"), ("user_id", "user_id")];
        assert_eq!(choose_for_fields(&tie), None);
        let shouty = [("HumanAssurance", "HUMAN_ASSURANCE"), ("Low", "LOW")];
        assert_eq!(
            choose_for_variants(&shouty),
            Some(RenameRule::ScreamingSnake)
        );
        let same = [("Low", "Low")];
        assert_eq!(choose_for_variants(&same), None);
    }
}
