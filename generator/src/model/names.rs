//! Names: wire names derived by a [`NamingPolicy`], and Rust identifiers made from spec names
//! (case conversion, keywords, leading digits, invalid characters, collisions).

use std::collections::BTreeSet;

use heck::{ToKebabCase, ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

use super::NamingPolicy;

/// The wire name `policy` derives from an SDK member name.
pub fn apply_policy(policy: NamingPolicy, sdk_name: &str) -> String {
    match policy {
        NamingPolicy::Sdk => sdk_name.to_string(),
        NamingPolicy::CamelCase => sdk_name.to_lower_camel_case(),
        NamingPolicy::SnakeCase => sdk_name.to_snake_case(),
        NamingPolicy::PascalCase => sdk_name.to_upper_camel_case(),
        NamingPolicy::KebabCase => sdk_name.to_kebab_case(),
        NamingPolicy::ScreamingSnakeCase => sdk_name.to_shouty_snake_case(),
    }
}

/// A name reduced to lowercase letters and digits, for matching names across spellings
/// (`client_id`, `clientId` and `ClientID` all become `clientid`).
pub fn fold(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Rust keywords of every edition; these become raw identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; these get a trailing `_`.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "extern", "_"];

/// Whether `ident` must be written `r#ident` in Rust source.
pub fn is_raw_keyword(ident: &str) -> bool {
    KEYWORDS.contains(&ident) && !NOT_RAW.contains(&ident)
}

/// A `snake_case` Rust identifier for a field or module (without any `r#` prefix; see
/// [`is_raw_keyword`]).
pub fn snake_ident(name: &str) -> String {
    sanitize(&clean(name).to_snake_case(), "field")
}

/// An `UpperCamelCase` Rust identifier for a type or variant.
pub fn pascal_ident(name: &str) -> String {
    let pascal = clean(name).to_upper_camel_case();
    let res = sanitize(&pascal, "Value");
    // Types named like keywords (`Self`) get the suffix from `sanitize`; `r#` is not allowed
    // for type names in paths that users write, so avoid it for Pascal names altogether.
    if is_raw_keyword(&res) {
        format!("{res}_")
    } else {
        res
    }
}

/// A Rust type name for a spec name: kept as it is when it already is a clean `UpperCamelCase`
/// identifier (so `KYCInternal` stays reachable under its own name), else made one.
pub fn type_ident(name: &str) -> String {
    let clean = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
        && name.chars().any(|c| c.is_ascii_lowercase())
        && !is_raw_keyword(name)
        && !NOT_RAW.contains(&name);
    if clean {
        name.to_string()
    } else {
        pascal_ident(name)
    }
}

/// Replaces characters that cannot appear in an identifier with word breaks, and spells out a
/// leading minus so `-1` and `1` stay apart.
fn clean(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for (i, c) in name.chars().enumerate() {
        if c.is_alphanumeric() && c.is_ascii() || c == '_' {
            out.push(c);
        } else if i == 0 && c == '-' {
            out.push_str("minus ");
        } else if i == 0 && c == '+' {
            out.push_str("plus ");
        } else {
            out.push(' ');
        }
    }
    out
}

fn sanitize(ident: &str, empty: &str) -> String {
    let ident = ident.trim_matches('_');
    let mut res = if ident.is_empty() {
        empty.to_string()
    } else {
        ident.to_string()
    };
    if res.starts_with(|c: char| c.is_ascii_digit()) {
        res = if empty.starts_with(char::is_uppercase) {
            format!("V{res}")
        } else {
            format!("_{res}")
        };
    }
    if NOT_RAW.contains(&res.as_str()) {
        res.push('_');
    }
    res
}

/// Hands out names that are unique within one scope: the first taker of a name keeps it, later
/// ones get `2`, `3`, ... appended.
#[derive(Debug, Default)]
pub struct UniqueNames {
    taken: BTreeSet<String>,
}

impl UniqueNames {
    /// Marks `name` as taken without handing it out.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    /// `wanted` if free, else the first free `wanted2`, `wanted3`, ...; the flag says whether
    /// the name had to change.
    pub fn claim(&mut self, wanted: &str) -> (String, bool) {
        if self.taken.insert(wanted.to_string()) {
            return (wanted.to_string(), false);
        }
        let sep = if wanted.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let res = (2..)
            .map(|n| format!("{wanted}{sep}{n}"))
            .find(|candidate| !self.taken.contains(candidate))
            .expect("an unbounded range always has a free name");
        self.taken.insert(res.clone());
        (res, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_derive_wire_names() {
        let cases = [
            (NamingPolicy::Sdk, "clientId", "clientId"),
            (NamingPolicy::SnakeCase, "clientId", "client_id"),
            (NamingPolicy::CamelCase, "ProveID", "proveId"),
            (
                NamingPolicy::CamelCase,
                "ClientRequestID",
                "clientRequestId",
            ),
            (NamingPolicy::PascalCase, "client_id", "ClientId"),
            (NamingPolicy::KebabCase, "acceptLanguage", "accept-language"),
            (NamingPolicy::ScreamingSnakeCase, "grantType", "GRANT_TYPE"),
        ];
        for (policy, sdk, wire) in cases {
            assert_eq!(apply_policy(policy, sdk), wire, "{policy} of {sdk}");
        }
    }

    #[test]
    fn identifiers_are_sanitised() {
        let snake = [
            ("clientId", "client_id"),
            ("ProveID", "prove_id"),
            ("HTTPMeta", "http_meta"),
            ("type", "type"),
            ("self", "self_"),
            ("_default", "default"),
            ("3ds", "_3ds"),
            ("$filter[tags]", "filter_tags"),
            ("", "field"),
            ("__", "field"),
        ];
        for (input, want) in snake {
            assert_eq!(snake_ident(input), want, "snake_ident({input:?})");
        }
        assert!(is_raw_keyword("type") && !is_raw_keyword("self_"));
        let pascal = [
            ("V3TokenRequest", "V3TokenRequest"),
            ("HUMAN_ASSURANCE", "HumanAssurance"),
            ("eGain Article", "EGainArticle"),
            ("-1", "Minus1"),
            ("+1", "Plus1"),
            ("1", "V1"),
            ("Self", "Self_"),
            ("", "Value"),
        ];
        for (input, want) in [
            ("KYCInternal", "KYCInternal"),
            ("OTP", "Otp"),
            ("user_name", "UserName"),
        ] {
            assert_eq!(type_ident(input), want, "type_ident({input:?})");
        }
        for (input, want) in pascal {
            assert_eq!(pascal_ident(input), want, "pascal_ident({input:?})");
        }
    }

    #[test]
    fn unique_names_number_later_takers() {
        let mut names = UniqueNames::default();
        assert_eq!(names.claim("Foo"), ("Foo".to_string(), false));
        assert_eq!(names.claim("Foo"), ("Foo2".to_string(), true));
        assert_eq!(names.claim("V3"), ("V3".to_string(), false));
        assert_eq!(names.claim("V3"), ("V3_2".to_string(), true));
        assert_eq!(fold("Client_ID"), "clientid");
    }
}
