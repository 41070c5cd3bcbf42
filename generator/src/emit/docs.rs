//! Doc text to `#[doc]` attributes, and the doc paragraphs generated code shows: spec
//! descriptions and notes (through [`rustdoc::sanitize`], which makes spec Markdown safe for
//! rustdoc), spec examples as code, and text on a single line.

mod rustdoc;

use proc_macro2::TokenStream;
use quote::quote;

pub(crate) use crate::text::inline_code;
use crate::text::strip_unsafe_chars;

pub(crate) use rustdoc::sanitize;

/// Doc text for a spec description; empty for none, a blank one, or the placeholder `N/A`.
pub(crate) fn description(text: Option<&str>) -> String {
    match text {
        Some(text) if !matches!(text.trim(), "" | "N/A") => sanitize(text),
        _ => String::new(),
    }
}

/// A paragraph showing a spec example: inline code for a single line without backticks, else a
/// fenced block (`json` when it parses as JSON, `text` otherwise).
pub(crate) fn example(value: &str) -> String {
    let value = strip_unsafe_chars(&value.replace("\r\n", "\n").replace('\r', "\n"));
    let value = value.trim_matches('\n');
    if value.trim().is_empty() {
        return String::new();
    }
    if !value.contains('\n') && !value.contains('`') {
        return format!("Example: `{}`", value.trim().replace('\t', " "));
    }
    let json = serde_json::from_str::<serde_json::Value>(value).is_ok();
    // Table cells lose the indentation of multi-line JSON; restore it (keeping key order).
    let pretty = if json {
        indent_json(value)
    } else {
        value.to_string()
    };
    let value = pretty.as_str();
    let label = if json { "json" } else { "text" };
    let longest_run = value.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat((longest_run + 1).max(3));
    let body: Vec<String> = value
        .lines()
        .map(|line| line.replace('\t', "    ").trim_end().to_string())
        .collect();
    format!("Example:\n\n{fence}{label}\n{}\n{fence}", body.join("\n"))
}

/// Re-indents valid JSON two spaces per level, keeping its tokens (and so its key order) as
/// they are; empty objects and arrays stay `{}` and `[]`.
fn indent_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() * 2);
    let mut depth = 0usize;
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = json.trim().chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                if chars.peek().is_some_and(|&next| next == '}' || next == ']') {
                    out.extend(chars.next());
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

/// Joins doc paragraphs with blank lines, leaving out empty ones.
pub(crate) fn join(parts: &[String]) -> String {
    parts
        .iter()
        .filter(|part| !part.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// One outer `#[doc = " line"]` per line of `doc` (printed as `///`); nothing for empty text.
pub(crate) fn outer(doc: &str) -> TokenStream {
    let lines = doc_lines(doc);
    quote! { #( #[doc = #lines] )* }
}

/// One inner `#![doc = " line"]` per line of `doc` (printed as `//!`); nothing for empty text.
pub(crate) fn inner(doc: &str) -> TokenStream {
    let lines = doc_lines(doc);
    quote! { #( #![doc = #lines] )* }
}

fn doc_lines(doc: &str) -> Vec<String> {
    if doc.is_empty() {
        return Vec::new();
    }
    // The leading space keeps `///` readable and stops a line starting with `/` or `!` from
    // turning into a plain comment or an inner doc comment.
    doc.lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// Text that may appear in a single-line position (a deprecation note, a header): control
/// characters removed and whitespace runs collapsed to one space.
pub(crate) fn single_line(text: &str) -> String {
    strip_unsafe_chars(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A single-line note that rustdoc renders as Markdown (a deprecation note): [`sanitize`]d like
/// a description, or shown as inline code when that would take more than one line.
pub(crate) fn note(text: &str) -> String {
    let line = single_line(text);
    let safe = sanitize(&line);
    if safe.contains('\n') {
        inline_code(&line)
    } else {
        safe
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_are_code() {
        let cases: &[(&str, &str)] = &[
            ("abc", "Example: `abc`"),
            ("", ""),
            ("a`b", "Example:\n\n```text\na`b\n```"),
            (
                "{\n\"a\": 1\n}",
                "Example:\n\n```json\n{\n  \"a\": 1\n}\n```",
            ),
            (
                "{\"b\": [1, {\"c\": \"x, y\"}],\n\"a\": {}, \"q\": \"\\\"{\"}",
                "Example:\n\n```json\n{\n  \"b\": [\n    1,\n    {\n      \"c\": \"x, y\"\n    }\n  ],\n  \"a\": {},\n  \"q\": \"\\\"{\"\n}\n```",
            ),
            (
                "line one\n```\nline two",
                "Example:\n\n````text\nline one\n```\nline two\n````",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(example(input), *want, "example({input:?})");
        }
    }

    #[test]
    fn inline_code_shows_any_text_verbatim() {
        let cases: &[(&str, &str)] = &[
            ("^[a-z]+$", "`^[a-z]+$`"),
            ("a`b", "``a`b``"),
            ("`x``", "``` `x`` ```"),
            ("<br/> [x] https://a.b", "`<br/> [x] https://a.b`"),
            (" padded", "`  padded `"),
            ("two\nlines\tand tab\u{202e}", "`two lines and tab`"),
            ("", "` `"),
            ("   ", "`   `"),
        ];
        for (input, want) in cases {
            assert_eq!(inline_code(input), *want, "inline_code({input:?})");
        }
    }

    #[test]
    fn doc_attributes_have_one_line_each() {
        let tokens = outer("One.\n\nTwo.");
        assert_eq!(
            tokens.to_string(),
            r#"# [doc = " One."] # [doc = ""] # [doc = " Two."]"#
        );
        assert!(outer("").is_empty());
    }
}
