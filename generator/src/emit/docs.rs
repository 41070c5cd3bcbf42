//! Spec Markdown to rustdoc-safe doc text, and doc text to `#[doc]` attributes.
//!
//! Spec descriptions are Markdown with HTML, written for a web page (often a table cell, with
//! `<br/>` for line breaks). Rustdoc reads the same text with more rules: indented lines and
//! unlabelled fences become doctests, `[x]` is an intra-doc link, bare URLs and unclosed tags
//! are linted, and clippy checks list continuation lines. [`sanitize`] turns such text into doc
//! text that renders about the same and trips none of those; no spec text ever reaches the
//! output other than through it (or as a string literal).
//!
//! Rustdoc copies raw HTML and link targets into the page, so spec text could also run script
//! there (`<img onerror=...>`, `[x](javascript:...)`). Only plain formatting tags without
//! attributes ([`PLAIN_TAGS`]) stay HTML; every other tag is escaped and shows as text. Links
//! and images keep their target only when it is an http, https or mailto URL; the others keep
//! only their text.

use proc_macro2::TokenStream;
use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};
use quote::quote;

pub(crate) use crate::text::inline_code;
use crate::text::strip_unsafe_chars;

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

/// Rewrites spec Markdown so rustdoc and clippy accept it. See the module docs for why each
/// step exists; the steps run in this order because the later ones parse the Markdown and need
/// its block structure settled first.
pub(crate) fn sanitize(markdown: &str) -> String {
    let text = normalize(markdown);
    let mut text = settle_blocks(&text);
    // Escaping can change how the rest parses (an escaped `<!--` or `<div>` that started an
    // HTML block turns the rest of the block into Markdown), so repeat until nothing changes.
    // Each round only removes constructs, so this ends quickly; the bound is a guard.
    for _ in 0..16 {
        text = separate_lazy_lines(&text);
        let edits = inline_edits(&text);
        if edits.is_empty() {
            return squeeze_blank_lines(&text);
        }
        text = apply(&text, edits);
    }
    // Text that still changes after that many rounds (HTML nested in attributes, deeper than
    // any real description) is shown verbatim instead, where nothing is markup.
    if inline_edits(&text).is_empty() {
        squeeze_blank_lines(&text)
    } else {
        example(markdown)
            .trim_start_matches("Example:")
            .trim_start()
            .to_string()
    }
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

/// Line endings, `<br>` tags, escaped pipes from table cells, and characters that must not
/// reach a comment.
fn normalize(text: &str) -> String {
    let text = strip_unsafe_chars(&text.replace("\r\n", "\n").replace('\r', "\n"));
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(idx) = rest.find('<') {
        out.push_str(&rest[..idx]);
        rest = &rest[idx..];
        match line_break_tag_len(rest) {
            Some(len) => {
                out.push('\n');
                rest = &rest[len..];
            }
            None => {
                out.push('<');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.replace("\\|", "|")
        .trim_end()
        .trim_start_matches('\n')
        .to_string()
}

/// Length of a `<br>`, `<br/>` or `<br />` tag (any case) at the start of `text`.
fn line_break_tag_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.len() < 4 || !bytes[1..3].eq_ignore_ascii_case(b"br") {
        return None;
    }
    let mut idx = 3;
    while bytes.get(idx) == Some(&b' ') {
        idx += 1;
    }
    if bytes.get(idx) == Some(&b'/') {
        idx += 1;
    }
    while bytes.get(idx) == Some(&b' ') {
        idx += 1;
    }
    (bytes.get(idx) == Some(&b'>')).then_some(idx + 1)
}

/// An open code fence.
struct Fence {
    marker: char,
    len: usize,
    indent: usize,
}

/// Parses a fence opening line (already without leading spaces): the fence and its info string.
fn fence_open(line: &str) -> Option<(char, usize, &str)> {
    let marker = line.chars().next().filter(|&c| c == '`' || c == '~')?;
    let len = line.chars().take_while(|&c| c == marker).count();
    let info = line[len..].trim();
    (len >= 3 && !(marker == '`' && info.contains('`'))).then_some((marker, len, info))
}

fn fence_closes(line: &str, fence: &Fence) -> bool {
    let len = line.chars().take_while(|&c| c == fence.marker).count();
    len >= fence.len && line[len..].trim().is_empty()
}

/// Languages whose fences keep their tag. Anything else (no tag, `rust`, rustdoc attributes
/// like `ignore`, unknown words) becomes `text`, so rustdoc never compiles or tests spec text.
const FENCE_LANGUAGES: &[&str] = &[
    "bash",
    "c",
    "console",
    "cpp",
    "csharp",
    "css",
    "csv",
    "diff",
    "go",
    "graphql",
    "html",
    "http",
    "ini",
    "java",
    "javascript",
    "js",
    "json",
    "json5",
    "jsonc",
    "kotlin",
    "markdown",
    "md",
    "php",
    "plaintext",
    "powershell",
    "properties",
    "proto",
    "protobuf",
    "py",
    "python",
    "ruby",
    "sh",
    "shell",
    "sql",
    "swift",
    "text",
    "toml",
    "ts",
    "txt",
    "typescript",
    "xml",
    "yaml",
    "yml",
];

fn fence_label(info: &str) -> &'static str {
    let first = info
        .split(|c: char| c == ',' || c.is_whitespace())
        .next()
        .unwrap_or("");
    let first = first.to_ascii_lowercase();
    FENCE_LANGUAGES
        .iter()
        .find(|lang| **lang == first)
        .copied()
        .unwrap_or("text")
}

/// Relabels code fences, closes an unclosed one, and trims every line outside fences (an
/// indented line would be an indented code block, which rustdoc compiles as a doctest). Tabs
/// become spaces (clippy's `tabs_in_doc_comments`).
fn settle_blocks(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<Fence> = None;
    for line in text.split('\n') {
        let line = line.replace('\t', "    ");
        let trimmed = line.trim();
        match &fence {
            Some(open) if fence_closes(trimmed, open) => {
                out.push(open.marker.to_string().repeat(open.len));
                fence = None;
            }
            Some(open) => {
                let indent = line.len() - line.trim_start_matches(' ').len();
                out.push(line[indent.min(open.indent)..].trim_end().to_string());
            }
            None => match fence_open(trimmed) {
                Some((marker, len, info)) => {
                    out.push(format!(
                        "{}{}",
                        marker.to_string().repeat(len),
                        fence_label(info)
                    ));
                    let indent = line.len() - line.trim_start_matches(' ').len();
                    fence = Some(Fence {
                        marker,
                        len,
                        indent,
                    });
                }
                None => out.push(collapse_marker_spaces(trimmed)),
            },
        }
    }
    if let Some(open) = fence {
        out.push(open.marker.to_string().repeat(open.len));
    }
    out.join("\n")
}

/// Collapses the spaces after leading block quote, list and footnote markers to one, so no
/// line starts an indented code block inside a container (`-     x` is a list item holding
/// code).
fn collapse_marker_spaces(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        let footnote = rest
            .strip_prefix("[^")
            .and_then(|it| it.find("]:"))
            .map(|end| end + 4);
        let marker_len = if rest.starts_with('>') {
            1
        } else if let Some(len) = footnote {
            len
        } else if rest.starts_with(['-', '*', '+']) && rest[1..].starts_with(' ') {
            1
        } else if (1..=9).contains(&digits)
            && rest[digits..].starts_with(['.', ')'])
            && rest[digits + 1..].starts_with(' ')
        {
            digits + 1
        } else {
            break;
        };
        out.push_str(&rest[..marker_len]);
        let after = rest[marker_len..].trim_start_matches(' ');
        if after.len() != rest.len() - marker_len {
            out.push(' ');
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

fn markdown_options() -> Options {
    // What rustdoc enables, so both parse the text the same way.
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Puts a blank line before every lazy continuation line: a line that continues a list item or
/// block quote paragraph without the indentation or `>` marker (clippy's
/// `doc_lazy_continuation`). Every line outside fences is unindented by now, so any such line
/// inside a list item is lazy. The blank line makes it a paragraph of its own, which is what
/// `- a<br/>- b<br/>More text.` in a table cell means.
fn separate_lazy_lines(text: &str) -> String {
    let mut breaks = Vec::new();
    let (mut items, mut quotes) = (0usize, 0usize);
    for (event, range) in Parser::new_ext(text, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Item) => items += 1,
            Event::End(TagEnd::Item) => items -= 1,
            Event::Start(Tag::BlockQuote(_)) => quotes += 1,
            Event::End(TagEnd::BlockQuote(_)) => quotes -= 1,
            Event::SoftBreak | Event::HardBreak if items + quotes > 0 => {
                let Some(newline) = text[range.start..].find('\n') else {
                    continue;
                };
                let line_start = range.start + newline + 1;
                // A list item's continuation would need indenting, which lines never have
                // here; a quote's needs all its `>` markers.
                let line = &text[line_start..];
                let prefix = line.len() - line.trim_start_matches(['>', ' ']).len();
                let markers = line[..prefix].matches('>').count();
                let lazy = items > 0 || markers < quotes;
                if lazy {
                    breaks.push(Edit {
                        start: line_start,
                        end: line_start,
                        insert: "\n".into(),
                    });
                }
            }
            _ => {}
        }
    }
    breaks.dedup_by_key(|edit| edit.start);
    apply(text, breaks)
}

/// Replace `start..end` of the text with `insert`.
#[derive(Debug)]
struct Edit {
    start: usize,
    end: usize,
    insert: String,
}

/// Applies non-overlapping edits; edits at the same position keep the order they were made in.
fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|edit| edit.start);
    let mut out = String::with_capacity(text.len() + edits.len() * 4);
    let mut at = 0;
    for edit in edits {
        if edit.start < at {
            continue;
        }
        out.push_str(&text[at..edit.start]);
        out.push_str(&edit.insert);
        at = edit.end;
    }
    out.push_str(&text[at..]);
    out
}

/// How a link is treated.
enum LinkState {
    /// Kept as it is; its text is left alone (rustdoc does not lint inside links).
    Kept,
    /// Replaced by its text: links to anything but an absolute URL point into the spec's own
    /// docs (dead in the generated crate) or would be read as intra-doc links.
    Unwrapped {
        range: std::ops::Range<usize>,
        first: Option<usize>,
        last: usize,
    },
}

/// The inline rewrites: stray brackets escaped, bare URLs wrapped in `<...>`, relative links
/// unwrapped, and the `<` of every HTML tag rustdoc would call unclosed, unopened or invalid
/// escaped (`\<`, or `&lt;` inside HTML blocks, where backslash escapes do not apply). Code
/// spans and code blocks are never touched.
fn inline_edits(text: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut tags = Vec::new();
    let mut links: Vec<LinkState> = Vec::new();
    // Depth of constructs whose text is left alone: code blocks, images, kept links.
    let mut opaque = 0usize;
    let mut in_html_block = false;
    let mut url_end = 0usize;
    // Block quotes and list items, where clippy rejects link reference definitions.
    let mut containers = Vec::new();
    let parser = Parser::new_ext(text, markdown_options()).into_offset_iter();
    let mut definitions: Vec<(usize, bool)> = parser
        .reference_definitions()
        .iter()
        .map(|(_, def)| (def.span.start, has_url_scheme(&def.dest)))
        .collect();
    for (event, range) in parser {
        if !matches!(event, Event::End(TagEnd::Link | TagEnd::Image)) {
            if let Some(LinkState::Unwrapped { first, last, .. }) = links.last_mut() {
                first.get_or_insert(range.start);
                *last = range.end;
            }
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                opaque += 1;
                match kind {
                    CodeBlockKind::Fenced(info) => {
                        relabel_fence(text, range.start, &info, &mut edits)
                    }
                    CodeBlockKind::Indented => unindent_lines(text, range, &mut edits),
                }
            }
            Event::Start(Tag::Item | Tag::BlockQuote(_)) => containers.push(range),
            Event::End(TagEnd::CodeBlock) => opaque -= 1,
            Event::Start(
                Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }
                | Tag::Image {
                    link_type,
                    dest_url,
                    ..
                },
            ) => {
                // A link inside a kept image's alt text is neutralised too, though rustdoc
                // shows alt text as plain text.
                let absolute = link_type == LinkType::Email || has_url_scheme(&dest_url);
                if absolute {
                    opaque += 1;
                    links.push(LinkState::Kept);
                } else {
                    links.push(LinkState::Unwrapped {
                        range,
                        first: None,
                        last: 0,
                    });
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) => match links.pop() {
                Some(LinkState::Kept) | None => opaque = opaque.saturating_sub(1),
                Some(LinkState::Unwrapped {
                    range,
                    first: Some(first),
                    last,
                }) => {
                    edits.push(Edit {
                        start: range.start,
                        end: first,
                        insert: String::new(),
                    });
                    edits.push(Edit {
                        start: last,
                        end: range.end,
                        insert: String::new(),
                    });
                }
                Some(LinkState::Unwrapped {
                    range, first: None, ..
                }) => {
                    edits.push(Edit {
                        start: range.start,
                        end: range.end,
                        insert: String::new(),
                    });
                }
            },
            Event::Start(Tag::HtmlBlock) => {
                in_html_block = true;
                if opaque == 0 {
                    scan_tags(text, range, true, &mut tags);
                }
            }
            Event::End(TagEnd::HtmlBlock) => in_html_block = false,
            // Raw HTML inside a kept link's text is HTML too; only code hides it.
            Event::InlineHtml(_) | Event::Html(_) if !in_html_block => {
                scan_tags(text, range, false, &mut tags);
            }
            Event::Text(_) if opaque == 0 && !in_html_block => {
                text_edits(text, range, &mut edits, &mut url_end);
            }
            _ => {}
        }
    }
    // Rustdoc resolves every reference definition, used or not, so one whose destination is
    // no URL is a broken intra-doc link; clippy rejects them inside containers. Escaping the
    // `[` makes the line text (its `]` is escaped in the next round).
    definitions.sort();
    for (start, absolute) in definitions {
        let nested = containers
            .iter()
            .any(|it| it.start <= start && start < it.end);
        let bracket = text[start..].find('[').map(|offset| start + offset);
        if let (true, Some(pos)) = (nested || !absolute, bracket) {
            edits.push(Edit {
                start: pos,
                end: pos,
                insert: "\\".into(),
            });
        }
    }
    let unsafe_tags = tags.iter().filter(|tag| !tag.plain);
    let plain: Vec<HtmlTag> = tags.iter().filter(|tag| tag.plain).cloned().collect();
    for tag in unsafe_tags.chain(unbalanced_tags(&plain)) {
        let insert = if tag.raw { "&lt;" } else { "\\<" };
        edits.push(Edit {
            start: tag.start,
            end: tag.start + 1,
            insert: insert.into(),
        });
    }
    edits
}

/// Rewrites the info string of a fenced code block that starts at `start` when rustdoc would
/// take the block for Rust (see [`FENCE_LANGUAGES`]).
fn relabel_fence(text: &str, start: usize, info: &str, edits: &mut Vec<Edit>) {
    let label = fence_label(info);
    if label == info.trim() {
        return;
    }
    let line = &text[start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let Some(marker) = line.chars().next().filter(|&c| c == '`' || c == '~') else {
        return;
    };
    let info_start = start + line.len() - line.trim_start_matches(marker).len();
    edits.push(Edit {
        start: info_start,
        end: start + line.len(),
        insert: label.into(),
    });
}

/// Removes the indentation of the lines of an indented code block. `settle_blocks` leaves only
/// lines it takes for fenced code indented, so this happens only where CommonMark sees the
/// fences differently (a fence inside an HTML block is none); the lines become text.
fn unindent_lines(text: &str, range: std::ops::Range<usize>, edits: &mut Vec<Edit>) {
    let mut start = text[..range.start].rfind('\n').map_or(0, |idx| idx + 1);
    while start < range.end {
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |idx| start + idx);
        let line = &text[start..end];
        let settled = collapse_marker_spaces(line.trim_start());
        if settled != line {
            edits.push(Edit {
                start,
                end,
                insert: settled,
            });
        }
        start = end + 1;
    }
}

fn has_url_scheme(dest: &str) -> bool {
    let lower = dest.trim_start().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// Characters a bare URL runs over (rustdoc's `bare_urls` pattern).
fn is_url_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-@:%._+~#=?&/".contains(c)
}

/// Escapes stray brackets and wraps bare URLs in the text event at `range`.
fn text_edits(
    text: &str,
    range: std::ops::Range<usize>,
    edits: &mut Vec<Edit>,
    url_end: &mut usize,
) {
    for (offset, c) in text[range.clone()].char_indices() {
        let pos = range.start + offset;
        if pos < *url_end {
            continue;
        }
        if (c == '[' || c == ']') && !is_escaped(text, pos) {
            edits.push(Edit {
                start: pos,
                end: pos,
                insert: "\\".into(),
            });
        } else if c == 'h' && !is_escaped(text, pos) {
            let rest = &text[pos..];
            let scheme = ["https://", "http://"]
                .into_iter()
                .find(|s| rest.starts_with(s));
            let Some(scheme) = scheme else { continue };
            let len = rest.find(|c: char| !is_url_char(c)).unwrap_or(rest.len());
            let url = rest[..len].trim_end_matches(['.', ':', '?']);
            if url.len() > scheme.len() {
                edits.push(Edit {
                    start: pos,
                    end: pos,
                    insert: "<".into(),
                });
                edits.push(Edit {
                    start: pos + url.len(),
                    end: pos + url.len(),
                    insert: ">".into(),
                });
                *url_end = pos + url.len();
            }
        }
    }
}

/// Whether the character at `pos` is escaped by an odd number of backslashes.
fn is_escaped(text: &str, pos: usize) -> bool {
    text[..pos].chars().rev().take_while(|&c| c == '\\').count() % 2 == 1
}

/// An HTML tag or comment found in the text.
#[derive(Debug, Clone)]
struct HtmlTag {
    /// Lowercase tag name; empty for comments and non-tags.
    name: String,
    /// Offset of its `<`.
    start: usize,
    kind: TagKind,
    /// Inside raw HTML (an HTML block, or past the start of an inline HTML construct such as a
    /// declaration), where Markdown backslash escapes do not apply.
    raw: bool,
    /// A complete comment, or a [`PLAIN_TAGS`] tag without attributes: HTML that may stay.
    plain: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum TagKind {
    Open,
    Close,
    /// `<br/>` or a complete comment: needs no closing tag (`<div/>` is `Invalid`).
    SelfClosing,
    /// An unclosed comment or attribute quote, `<div/>`, or a `<` that starts no tag: always
    /// reported.
    Invalid,
}

/// Elements without content, which need no closing tag.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];

fn is_void(name: &str) -> bool {
    VOID_ELEMENTS.contains(&name)
}

/// Elements that may stay HTML in doc text when they have no attributes: formatting that runs
/// no script and loads nothing.
const PLAIN_TAGS: &[&str] = &[
    "b", "br", "code", "details", "div", "em", "i", "kbd", "li", "ol", "p", "pre", "s", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
];

/// Whether `tag` (the whole tag, `<` to `>`) is a complete comment or a [`PLAIN_TAGS`]
/// element without attributes.
fn is_plain_tag(tag: &str, name: &str, kind: &TagKind) -> bool {
    if *kind == TagKind::Invalid || !tag.ends_with('>') {
        return false;
    }
    if tag.starts_with("<!--") {
        return true;
    }
    let body = tag.trim_start_matches('<').trim_start_matches('/');
    let rest = body[name.len().min(body.len())..].trim_end_matches('>');
    PLAIN_TAGS.contains(&name) && rest.trim().trim_end_matches('/').trim().is_empty()
}

/// Finds the tags in `text[range]` the way rustdoc's `invalid_html_tags` lint reads them. A `<`
/// that starts no tag or complete comment (`< b`, `</=`, `<!DOCTYPE`, an unclosed `<!--`) is
/// reported as invalid too: rustdoc's readings of those have varied, and written as `&lt;`
/// they render the same.
fn scan_tags(text: &str, range: std::ops::Range<usize>, in_block: bool, tags: &mut Vec<HtmlTag>) {
    let slice = &text[range.clone()];
    let mut idx = 0;
    while let Some(found) = slice[idx..].find('<') {
        let start = idx + found;
        idx = start + 1;
        let (name, kind, end) = read_tag(&slice[start..]);
        if let Some(end) = end {
            idx = start + end;
        }
        let raw = in_block || start > 0;
        let whole = &slice[start..end.map_or(start, |end| start + end)];
        let plain = is_plain_tag(whole, &name, &kind);
        tags.push(HtmlTag {
            name,
            start: range.start + start,
            kind,
            raw,
            plain,
        });
    }
}

/// Reads the tag at the start of `text` (which starts with `<`): its lowercase name (empty for
/// comments and non-tags), kind, and length when it has an end.
fn read_tag(text: &str) -> (String, TagKind, Option<usize>) {
    if let Some(comment) = text.strip_prefix("<!--") {
        return match comment.find("-->") {
            Some(end) => (String::new(), TagKind::SelfClosing, Some(4 + end + 3)),
            None => (String::new(), TagKind::Invalid, None),
        };
    }
    let closing = text[1..].starts_with('/');
    let name_start = 1 + usize::from(closing);
    let name_len = text[name_start..]
        .char_indices()
        .take_while(|&(i, c)| c.is_ascii_alphabetic() || i > 0 && (c == '-' || c.is_ascii_digit()))
        .count();
    if name_len == 0 {
        return (String::new(), TagKind::Invalid, None);
    }
    let name = text[name_start..name_start + name_len].to_ascii_lowercase();
    let after_name = name_start + name_len;
    if closing {
        let after = text[after_name..].trim_start();
        return match after.starts_with('>') {
            true => (name, TagKind::Close, Some(text.len() - after.len() + 1)),
            false => (name, TagKind::Invalid, None),
        };
    }
    // Attributes up to the closing `>`, honouring quotes; a tag without `>` still counts as
    // opened, as it does for rustdoc.
    let (mut quote, mut after_eq, mut self_closing) = (None, false, false);
    let mut end = None;
    for (i, c) in text[after_name..].char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
                after_eq = false;
            }
        } else if c.is_whitespace() {
            after_eq = false;
        } else if c == '>' {
            end = Some(after_name + i + 1);
            break;
        } else if c == '/' && !after_eq {
            self_closing = true;
        } else {
            self_closing = false;
            if (c == '"' || c == '\'') && after_eq {
                quote = Some(c);
            } else if c == '=' {
                after_eq = true;
            }
        }
    }
    let kind = if quote.is_some() || self_closing && !is_void(&name) {
        TagKind::Invalid
    } else if self_closing {
        TagKind::SelfClosing
    } else {
        TagKind::Open
    };
    (name, kind, end.or(Some(text.len())))
}

/// The tags rustdoc would report: invalid ones, closing tags without an opening one, and
/// non-void opening tags never closed (matched like rustdoc: a closing tag closes the nearest
/// open tag of its name, and every tag opened after that one is left unclosed).
fn unbalanced_tags(tags: &[HtmlTag]) -> Vec<&HtmlTag> {
    let mut res = Vec::new();
    let mut open: Vec<&HtmlTag> = Vec::new();
    for tag in tags {
        match tag.kind {
            TagKind::Invalid => res.push(tag),
            TagKind::SelfClosing => {}
            TagKind::Open => open.push(tag),
            TagKind::Close => match open.iter().rposition(|it| it.name == tag.name) {
                Some(pos) => {
                    res.extend(open.drain(pos + 1..).filter(|it| !is_void(&it.name)));
                    open.pop();
                }
                None => res.push(tag),
            },
        }
    }
    res.extend(open.into_iter().filter(|it| !is_void(&it.name)));
    res
}

/// Collapses runs of blank lines outside code blocks and trims blank lines at both ends.
fn squeeze_blank_lines(text: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let mut fence: Option<Fence> = None;
    for line in text.split('\n') {
        match &fence {
            Some(open) if fence_closes(line, open) => fence = None,
            Some(_) => {}
            None => {
                if let Some((marker, len, _)) = fence_open(line) {
                    fence = Some(Fence {
                        marker,
                        len,
                        indent: 0,
                    });
                } else if line.is_empty() && out.last().is_none_or(|last| last.is_empty()) {
                    continue;
                }
            }
        }
        out.push(line);
    }
    while out.last() == Some(&"") {
        out.pop();
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_become_safe_doc_text() {
        let cases: &[(&str, &str)] = &[
            ("Plain text.", "Plain text."),
            ("N/A", ""),
            ("  ", ""),
            // Line breaks from table cells.
            (
                "One.<br/>Two.<BR>Three.<br />Four.",
                "One.\nTwo.\nThree.\nFour.",
            ),
            // Indented lines would be doctests.
            (
                "Intro:\n\n    indented\n\tand tabbed",
                "Intro:\n\nindented\nand tabbed",
            ),
            // Fences: unlabelled and Rust ones become text, other languages stay.
            ("```\nlet x = 1;\n```", "```text\nlet x = 1;\n```"),
            ("```rust,ignore\nfoo\n```", "```text\nfoo\n```"),
            (
                "  ```json\n  {\"a\":\n    1}\n  ```",
                "```json\n{\"a\":\n  1}\n```",
            ),
            ("~~~\n    code\n", "~~~text\n    code\n~~~"),
            // Bare URLs become autolinks; trailing punctuation stays outside.
            (
                "See https://example.com/a?b=1.",
                "See <https://example.com/a?b=1>.",
            ),
            (
                "<https://example.com> and [x](https://example.com)",
                "<https://example.com> and [x](https://example.com)",
            ),
            ("`https://example.com`", "`https://example.com`"),
            // Brackets that are no link.
            ("One of [a, b] or [c]", "One of \\[a, b\\] or \\[c\\]"),
            ("Already \\[escaped\\]", "Already \\[escaped\\]"),
            ("`[code]`", "`[code]`"),
            // Links into the spec's own docs keep only their text.
            (
                "See [Foo](../../models/foo.md) and [Bar](Bar).",
                "See Foo and Bar.",
            ),
            ("[a [b]](c.md)", "a \\[b\\]"),
            // HTML: closed and void tags stay, the rest is escaped, code spans are left alone.
            (
                "A <b>bold</b> word, a <img src=\"x.png\"> image",
                "A <b>bold</b> word, a \\<img src=\"x.png\"> image",
            ),
            // Tags with attributes or outside the plain formatting ones, and links to anything
            // but http, https or mailto, cannot run script in the rendered page.
            (
                "<img src=x onerror=alert(1)> <B onclick=\"x\">b</B> <ScRiPt>x</ScRiPt>",
                "\\<img src=x onerror=alert(1)> \\<B onclick=\"x\">b\\</B> \\<ScRiPt>x\\</ScRiPt>",
            ),
            (
                "<script>\nalert(1)\n</script>",
                "&lt;script>\nalert(1)\n&lt;/script>",
            ),
            (
                "<div onclick=\"x\">\n<em>a</em>\n</div>",
                "&lt;div onclick=\"x\">\n<em>a</em>\n&lt;/div>",
            ),
            (
                "[a](javascript:x) [b](JaVaScRiPt:x) [c](&#106;avascript:x) [d]( javascript:x)",
                "a b c d",
            ),
            (
                "<javascript:x> <VBScript:x> <a@b.co>",
                "javascript:x VBScript:x <a@b.co>",
            ),
            (
                "![alt](javascript:x) ![ok](https://a.b/i.png)",
                "alt ![ok](https://a.b/i.png)",
            ),
            (
                "[r][evil]\n\n[evil]: javascript:x",
                "r\n\n\\[evil\\]: javascript:x",
            ),
            (
                "[<img src=x onerror=y>](https://a.b)",
                "[\\<img src=x onerror=y>](https://a.b)",
            ),
            (
                "A List<String> of Map<K, V>",
                "A List\\<String> of Map<K, V>",
            ),
            ("`List<String>` stays", "`List<String>` stays"),
            (
                "Stray </p> and <div/> and <!-- inline",
                "Stray \\</p> and \\<div/> and <!-- inline",
            ),
            ("<!-- open\ncomment", "&lt;!-- open\ncomment"),
            ("<div>\nblock\n</div>", "<div>\nblock\n</div>"),
            ("<div>\n<span>\n</div>", "<div>\n&lt;span>\n</div>"),
            ("a < b > c", "a < b > c"),
            // Lazy continuation lines after list items get a blank line.
            (
                "Values:<br/>- `a`: one<br/>- `b`: two<br/>Pick one.",
                "Values:\n- `a`: one\n- `b`: two\n\nPick one.",
            ),
            ("> quoted\nnot quoted", "> quoted\n\nnot quoted"),
            // Pipes escaped for tables.
            ("`a \\| b`", "`a | b`"),
            // Blank line runs collapse, bidi controls and other controls go.
            ("a\n\n\n\nb\u{202E}\u{7}", "a\n\nb"),
        ];
        let failures: Vec<String> = cases
            .iter()
            .filter(|(input, want)| description(Some(input)) != *want)
            .map(|(input, want)| {
                format!(
                    "{input:?}\n  want {want:?}\n  got  {:?}",
                    description(Some(input))
                )
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        assert_eq!(description(None), "");
    }

    #[test]
    fn sanitizing_is_idempotent() {
        for input in [
            "See https://x.com/a_b_c [x]",
            "A List<String>",
            "- a\nb",
            "[x](y.md) <div/>",
            "<img src=x onerror=y> [a](javascript:b) <javascript:c> ![d](vbscript:e)",
            "<div onclick=x>\n<script>\n</script>\n</div>",
        ] {
            let once = sanitize(input);
            assert_eq!(sanitize(&once), once, "sanitize twice {input:?}");
        }
    }

    /// Random mixes of the characters the rewrites look at: nothing panics, and what comes out
    /// has no tabs and no indented lines outside code blocks.
    #[test]
    fn odd_input_never_panics() {
        const PIECES: &[&str] = &[
            "<",
            ">",
            "[",
            "]",
            "(",
            ")",
            "`",
            "```",
            "~~~",
            "\n",
            " ",
            "    ",
            "\t",
            "- ",
            "* ",
            "1. ",
            "> ",
            "<br/>",
            "<div>",
            "</div>",
            "<b x='",
            "<!--",
            "-->",
            "https://a.bc/",
            "\\",
            "|",
            "\"",
            "=",
            "é",
            "✓",
            "&",
            "#",
            "_",
            "!",
            "x",
            "word ",
            "\r\n",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..3000 {
            let len = next() % 40;
            let input: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let out = sanitize(&input);
            assert!(
                !out.contains('\t') && !out.contains('\r'),
                "{input:?} -> {out:?}"
            );
            let mut fence: Option<Fence> = None;
            for line in out.lines() {
                match &fence {
                    Some(open) if fence_closes(line, open) => fence = None,
                    Some(_) => {}
                    None => {
                        assert!(
                            !line.starts_with(' '),
                            "indented line in {out:?} from {input:?}"
                        );
                        fence = fence_open(line).map(|(marker, len, _)| Fence {
                            marker,
                            len,
                            indent: 0,
                        });
                    }
                }
            }
        }
    }

    /// Random mixes of HTML, links and the characters around them: what comes out renders no
    /// HTML but plain formatting, links only to http, https and mailto URLs, and no code
    /// block that rustdoc would compile.
    #[test]
    fn hostile_input_renders_no_script() {
        const PIECES: &[&str] = &[
            "<img src=x onerror=y>",
            "<script>",
            "</script>",
            "<b>",
            "</b>",
            "<div>",
            "</div>",
            "<b x='",
            "<a href=\"javascript:x\">",
            "</a>",
            "<!--",
            "-->",
            "[",
            "]",
            "](javascript:x)",
            "](https://a.bc/)",
            "(",
            ")",
            "<javascript:x>",
            "<https://a.bc/>",
            "![",
            "[r]: javascript:x",
            "&#106;",
            "<br/>",
            "`",
            "```",
            "\n",
            "\n\n",
            " ",
            "    ",
            "\t",
            "- ",
            "> ",
            "\\",
            "x",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..3000 {
            let len = next() % 40;
            let input: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let out = sanitize(&input);
            assert_eq!(
                script_vectors(&out),
                Vec::<String>::new(),
                "{input:?} -> {out:?}"
            );
            for event in Parser::new_ext(&out, markdown_options()) {
                if let Event::Start(Tag::CodeBlock(kind)) = event {
                    let compiled = match kind {
                        CodeBlockKind::Indented => true,
                        CodeBlockKind::Fenced(info) => fence_label(&info) != info.trim(),
                    };
                    assert!(!compiled, "code block in {out:?} from {input:?}");
                }
            }
        }
    }

    /// The raw HTML that is not plain formatting, and the link targets other than http, https
    /// and mailto URLs, that rustdoc would render from `doc`.
    fn script_vectors(doc: &str) -> Vec<String> {
        let mut res = Vec::new();
        let unsafe_tags = |html: &str, res: &mut Vec<String>| {
            let mut tags = Vec::new();
            scan_tags(html, 0..html.len(), true, &mut tags);
            res.extend(
                tags.iter()
                    .filter(|tag| !tag.plain)
                    .map(|tag| format!("tag {:?}", &html[tag.start..])),
            );
        };
        // An HTML block comes a line at a time; its tags (a comment) may span lines.
        let mut block: Option<String> = None;
        for event in Parser::new_ext(doc, markdown_options()) {
            match event {
                Event::Start(Tag::HtmlBlock) => block = Some(String::new()),
                Event::End(TagEnd::HtmlBlock) => {
                    unsafe_tags(&block.take().unwrap_or_default(), &mut res);
                }
                Event::Html(html) | Event::InlineHtml(html) => match &mut block {
                    Some(block) => block.push_str(&html),
                    None => unsafe_tags(&html, &mut res),
                },
                Event::Start(
                    Tag::Link {
                        link_type,
                        dest_url,
                        ..
                    }
                    | Tag::Image {
                        link_type,
                        dest_url,
                        ..
                    },
                ) if link_type != LinkType::Email && !has_url_scheme(&dest_url) => {
                    res.push(format!("link to {dest_url:?}"));
                }
                _ => {}
            }
        }
        res
    }

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
