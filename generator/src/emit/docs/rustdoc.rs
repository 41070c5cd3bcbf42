//! Spec Markdown to rustdoc-safe doc text.
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
//! attributes (`html::PLAIN_TAGS`) stay HTML; every other tag is escaped and shows as text.
//! Links and images keep their target only when it is an http, https or mailto URL; the others
//! keep only their text.
//!
//! The steps: `normalize` (line endings, `<br>`), [`blocks`] (code fences, indentation, lazy
//! continuation lines), then rounds of [`inline`] edits (brackets, bare URLs, links, and the
//! tags [`html`] finds) until nothing changes.

mod blocks;
mod html;
mod inline;

use pulldown_cmark::Options;

use crate::text::strip_unsafe_chars;

use super::example;
use blocks::{Fence, fence_closes, fence_open, separate_lazy_lines, settle_blocks};
use inline::inline_edits;

/// Replace `start..end` of the text with `insert`.
#[derive(Debug)]
struct Edit {
    start: usize,
    end: usize,
    insert: String,
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

fn markdown_options() -> Options {
    // What rustdoc enables, so both parse the text the same way.
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
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
    use pulldown_cmark::{CodeBlockKind, Event, LinkType, Parser, Tag, TagEnd};

    use super::super::description;
    use super::blocks::{Fence, fence_closes, fence_label, fence_open};
    use super::html::scan_tags;
    use super::inline::has_url_scheme;
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
}
