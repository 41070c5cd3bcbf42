//! The runtime a standalone crate gets as `src/runtime/`: the hand-written files of
//! `generated/src/runtime/`, each behind the `@generated` header, less the optional parts the
//! plan says the output does not use ([`RuntimeParts`]); and the dependency lines of the
//! crates the parts it keeps need.

use crate::plan::runtime::RuntimeParts;

/// The files of the runtime module that generated code refers to as `crate::runtime`, by
/// name in `src/runtime/`: `Nullable` for optional fields that may also be `null`, `Base64`
/// for binary content, dates read strictly, patterns, and validation (`Validate`,
/// `ValidationErrors`, the `rules` generated code calls). [`Layout::Crate`](crate::Layout)
/// output includes them; a crate holding [`Layout::Module`](crate::Layout) output declares
/// `pub mod runtime;` itself (the committed `generated` crate is where these files live). The
/// core needs `serde` and `serde_json`; the optional parts their own crates
/// ([`OPTIONAL_PARTS`]).
pub const RUNTIME: &[(&str, &str)] = &[
    (
        "mod.rs",
        include_str!("../../../generated/src/runtime/mod.rs"),
    ),
    (
        "bytes.rs",
        include_str!("../../../generated/src/runtime/bytes.rs"),
    ),
    (
        "dates.rs",
        include_str!("../../../generated/src/runtime/dates.rs"),
    ),
    (
        "examples.rs",
        include_str!("../../../generated/src/runtime/examples.rs"),
    ),
    (
        "formats.rs",
        include_str!("../../../generated/src/runtime/formats.rs"),
    ),
    (
        "json.rs",
        include_str!("../../../generated/src/runtime/json.rs"),
    ),
    (
        "nullable.rs",
        include_str!("../../../generated/src/runtime/nullable.rs"),
    ),
    (
        "numbers.rs",
        include_str!("../../../generated/src/runtime/numbers.rs"),
    ),
    (
        "pattern_syntax.rs",
        include_str!("../../../generated/src/runtime/pattern_syntax.rs"),
    ),
    (
        "patterns.rs",
        include_str!("../../../generated/src/runtime/patterns.rs"),
    ),
    (
        "rules.rs",
        include_str!("../../../generated/src/runtime/rules.rs"),
    ),
    (
        "time_rfc3339.rs",
        include_str!("../../../generated/src/runtime/time_rfc3339.rs"),
    ),
    (
        "untagged.rs",
        include_str!("../../../generated/src/runtime/untagged.rs"),
    ),
    (
        "validate.rs",
        include_str!("../../../generated/src/runtime/validate.rs"),
    ),
    (
        "violation.rs",
        include_str!("../../../generated/src/runtime/violation.rs"),
    ),
];

/// An optional part of the runtime: its modules, and the dependency lines of the crates it
/// needs (in `Cargo.toml` order).
pub struct Part {
    /// Whether the output uses the part.
    pub used: fn(&RuntimeParts) -> bool,
    /// The modules of `src/runtime/` that make it up.
    pub modules: &'static [&'static str],
    /// The `[dependencies]` lines of its crates.
    pub dependencies: &'static [&'static str],
}

/// The optional parts of the runtime.
pub const OPTIONAL_PARTS: &[Part] = &[
    Part {
        used: |parts| parts.bytes,
        modules: &["bytes"],
        dependencies: &["base64 = \"0.22\""],
    },
    Part {
        used: |parts| parts.dates,
        modules: &["dates"],
        dependencies: &[
            "chrono = { version = \"0.4\", default-features = false, features = [\"std\", \"serde\"] }",
        ],
    },
    Part {
        used: |parts| parts.time,
        modules: &["time_rfc3339"],
        dependencies: &[
            "time = { version = \"0.3\", default-features = false, features = [\"std\", \"formatting\", \"parsing\", \"macros\"] }",
        ],
    },
    Part {
        used: |parts| parts.patterns,
        modules: &["patterns", "pattern_syntax"],
        dependencies: &[
            "fancy-regex = { version = \"0.20\", default-features = false, features = [\"std\", \"perf\", \"unicode\", \"variable-lookbehinds\"] }",
            "regex = { version = \"1\", default-features = false, features = [\"std\", \"perf\"] }",
            "regress = { version = \"0.12\", default-features = false, features = [\"std\"] }",
        ],
    },
];

/// The modules of the runtime that output using `parts` leaves out.
fn omitted(parts: &RuntimeParts) -> Vec<&'static str> {
    OPTIONAL_PARTS
        .iter()
        .filter(|part| !(part.used)(parts))
        .flat_map(|part| part.modules.iter().copied())
        .collect()
}

/// The `[dependencies]` lines, sorted, of the crates the parts of the runtime in use need
/// (without the core's `serde` and `serde_json`).
pub(super) fn dependencies(parts: &RuntimeParts) -> Vec<&'static str> {
    let mut res: Vec<&'static str> = OPTIONAL_PARTS
        .iter()
        .filter(|part| (part.used)(parts))
        .flat_map(|part| part.dependencies.iter().copied())
        .collect();
    res.sort_unstable();
    res
}

/// The files of `src/runtime/` for output using `parts`, each behind `header`: the modules
/// it leaves out are not written, and the lines of `mod.rs` that name them are dropped (each
/// such line names one module, as `mod dates;`, `pub use dates::*;` or `dates::same_value`).
pub(super) fn files(parts: &RuntimeParts, header: &str) -> Vec<(String, String)> {
    let omitted = omitted(parts);
    RUNTIME
        .iter()
        .filter(|(name, _)| {
            let module = name.trim_end_matches(".rs");
            !omitted.contains(&module)
        })
        .map(|&(name, text)| {
            let text = if name == "mod.rs" {
                without_modules(text, &omitted)
            } else {
                text.to_string()
            };
            (format!("src/runtime/{name}"), format!("{header}\n\n{text}"))
        })
        .collect()
}

/// `text` without the lines that name one of `modules` (`mod m;`, `m::`), and without the
/// blank lines that leaves doubled.
fn without_modules(text: &str, modules: &[&str]) -> String {
    let names = |line: &str, module: &str| {
        let code = line.trim_start();
        if code.starts_with("//") {
            return false;
        }
        code.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':' || c == ';'))
            .any(|word| word == format!("{module};") || word.starts_with(&format!("{module}::")))
    };
    let mut res = String::with_capacity(text.len());
    for line in text.lines() {
        if modules.iter().any(|module| names(line, module)) {
            continue;
        }
        if line.is_empty() && (res.is_empty() || res.ends_with("\n\n")) {
            continue;
        }
        res.push_str(line);
        res.push('\n');
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every optional module is declared and re-exported in `mod.rs` on lines of its own,
    /// which are the only lines leaving it out drops.
    #[test]
    fn optional_modules_leave_mod_rs_on_lines_of_their_own() {
        let (_, mod_rs) = RUNTIME[0];
        let all: Vec<&str> = OPTIONAL_PARTS
            .iter()
            .flat_map(|part| part.modules.iter().copied())
            .collect();
        for module in &all {
            assert!(mod_rs.contains(&format!("\nmod {module};\n")), "{module}");
            assert!(
                mod_rs.contains(&format!("\npub use {module}::*;\n")),
                "{module}"
            );
            assert!(
                RUNTIME
                    .iter()
                    .any(|(name, _)| *name == format!("{module}.rs"))
            );
        }
        for line in mod_rs.lines().filter(|line| !line.trim().is_empty()) {
            let named = all
                .iter()
                .filter(|module| without_modules(line, &[module]).is_empty());
            assert!(named.count() <= 1, "{line}");
        }
        let core = without_modules(mod_rs, &all);
        for module in &all {
            assert!(!core.contains(&format!("{module}::")), "{module}");
            assert!(!core.contains(&format!("mod {module};")), "{module}");
        }
        // The core keeps the rest: its own modules and re-exports.
        assert!(core.contains("\nmod validate;\n") && core.contains("\npub use validate::*;\n"));
        assert!(core.contains("const SAME_VALUE") && !core.contains("\n\n\n"));
    }

    /// The core of the runtime names none of the crates of the optional parts.
    #[test]
    fn the_core_needs_serde_alone() {
        let optional: Vec<&str> = OPTIONAL_PARTS
            .iter()
            .flat_map(|part| part.modules.iter().copied())
            .collect();
        for (name, text) in RUNTIME {
            if optional.contains(&name.trim_end_matches(".rs")) {
                continue;
            }
            for krate in [
                "chrono::",
                "base64::",
                "regex::",
                "regress::",
                "fancy_regex::",
            ] {
                let code = text
                    .lines()
                    .filter(|line| !line.trim_start().starts_with("//"));
                assert!(
                    !code.clone().any(|line| line.contains(krate)),
                    "{name} uses {krate}"
                );
            }
        }
    }
}
