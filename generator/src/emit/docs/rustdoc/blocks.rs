//! Block structure: code fences relabelled so rustdoc never tests spec text (and closed when
//! left open), lines outside fences unindented so none is an indented code block, and lazy
//! continuation lines of list items and quotes made paragraphs of their own.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::{Edit, apply, markdown_options};

/// An open code fence.
pub(super) struct Fence {
    pub(super) marker: char,
    pub(super) len: usize,
    pub(super) indent: usize,
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

pub(super) fn fence_label(info: &str) -> &'static str {
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

/// Parses a fence opening line (already without leading spaces): the fence and its info string.
pub(super) fn fence_open(line: &str) -> Option<(char, usize, &str)> {
    let marker = line.chars().next().filter(|&c| c == '`' || c == '~')?;
    let len = line.chars().take_while(|&c| c == marker).count();
    let info = line[len..].trim();
    (len >= 3 && !(marker == '`' && info.contains('`'))).then_some((marker, len, info))
}

pub(super) fn fence_closes(line: &str, fence: &Fence) -> bool {
    let len = line.chars().take_while(|&c| c == fence.marker).count();
    len >= fence.len && line[len..].trim().is_empty()
}

/// Relabels code fences, closes an unclosed one, and trims every line outside fences (an
/// indented line would be an indented code block, which rustdoc compiles as a doctest). Tabs
/// become spaces (clippy's `tabs_in_doc_comments`).
pub(super) fn settle_blocks(text: &str) -> String {
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

/// Puts a blank line before every lazy continuation line: a line that continues a list item or
/// block quote paragraph without the indentation or `>` marker (clippy's
/// `doc_lazy_continuation`). Every line outside fences is unindented by now, so any such line
/// inside a list item is lazy. The blank line makes it a paragraph of its own, which is what
/// `- a<br/>- b<br/>More text.` in a table cell means.
pub(super) fn separate_lazy_lines(text: &str) -> String {
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

/// Rewrites the info string of a fenced code block that starts at `start` when rustdoc would
/// take the block for Rust (see [`FENCE_LANGUAGES`]).
pub(super) fn relabel_fence(text: &str, start: usize, info: &str, edits: &mut Vec<Edit>) {
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
pub(super) fn unindent_lines(text: &str, range: std::ops::Range<usize>, edits: &mut Vec<Edit>) {
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
