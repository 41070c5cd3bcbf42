//! The group features as the plan made them ([`Features`]): the `#[cfg(...)]` of a gated item,
//! the `[features]` lines of a standalone crate's manifest, and the crate docs' list of them.

use proc_macro2::TokenStream;
use quote::quote;

use crate::plan::FULL_FEATURE;
use crate::plan::groups::{Features, Gate};

/// The `#[cfg(...)]` attribute of an item behind `gate`; nothing when it is always compiled.
pub(crate) fn cfg(features: &Features, gate: &Gate) -> TokenStream {
    match features.cfg_features(gate).as_deref() {
        None | Some([]) => TokenStream::new(),
        Some([one]) => quote! { #[cfg(feature = #one)] },
        Some(many) => quote! { #[cfg(any(#(feature = #many),*))] },
    }
}

/// The lines of the `[features]` table for the groups: `default`, `full`, one per group with a
/// comment saying what it holds, and the internal shared features. Empty when the crate has
/// no groups. Feature names are `snake_case` words, so they are bare TOML keys.
pub(crate) fn manifest_lines(features: &Features) -> String {
    if features.is_empty() {
        return String::new();
    }
    // A JSON string is a valid TOML basic string.
    let toml = |text: &str| serde_json::to_string(text).expect("a string serializes");
    let list =
        |names: &mut dyn Iterator<Item = &str>| names.map(&toml).collect::<Vec<_>>().join(", ");
    let mut out = String::from(
        "# Every group of operations. Each group feature compiles the client methods of its\n\
         # operations and every type they reach, and nothing else; a type several groups reach\n\
         # is compiled once whichever of them is on.\n",
    );
    out.push_str(&format!("default = [{}]\n", toml(FULL_FEATURE)));
    out.push_str(&format!(
        "{FULL_FEATURE} = [{}]\n",
        list(&mut features.groups.iter().map(|g| g.feature.as_str()))
    ));
    for (idx, group) in features.groups.iter().enumerate() {
        let shared: Vec<&str> = features
            .shared
            .iter()
            .filter(|shared| shared.groups.contains(&idx))
            .map(|shared| shared.feature.as_str())
            .collect();
        out.push_str(&format!(
            "# {}: {} {}, {} {}.\n{} = [{}]\n",
            crate::emit::docs::single_line(&group.label),
            group.operations,
            plural(group.operations, "operation"),
            group.types,
            plural(group.types, "type"),
            group.feature,
            list(&mut shared.into_iter())
        ));
    }
    if !features.shared.is_empty() {
        out.push_str(
            "# Internal: the types many groups reach (but not all), one feature per set of\n\
             # groups, so their items name one feature instead of every group. Not for use.\n",
        );
        for shared in &features.shared {
            out.push_str(&format!(
                "{} = [] # {} {}, reached by {} groups\n",
                shared.feature,
                shared.types,
                plural(shared.types, "type"),
                shared.groups.len()
            ));
        }
    }
    out
}

/// The crate docs' paragraph on the group features; empty without groups.
pub(crate) fn crate_docs(features: &Features) -> String {
    if features.is_empty() {
        return String::new();
    }
    let lines: Vec<String> = features
        .groups
        .iter()
        .map(|group| {
            format!(
                "- `{}`: {} {} of {}, {} {}",
                group.feature,
                group.operations,
                plural(group.operations, "operation"),
                crate::emit::docs::single_line(&group.label).replace('`', "'"),
                group.types,
                plural(group.types, "type")
            )
        })
        .collect();
    format!(
        "Cargo features: the operations are grouped (by tag, path or SDK resource), and each\n\
         group is a feature that compiles the client methods of its operations and the types\n\
         they reach, so a crate that calls a few groups compiles only what those need:\n\
         `default-features = false, features = [\"<group>\"]`. `{FULL_FEATURE}` (the default)\n\
         turns on every group and also compiles the types no operation reaches.\n\n{}",
        lines.join("\n")
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}
