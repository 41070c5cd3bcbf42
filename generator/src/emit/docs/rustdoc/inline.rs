//! The inline edits of one round: stray brackets escaped, bare URLs wrapped, links to anything
//! but an absolute URL unwrapped, reference definitions rustdoc would break on escaped, and the
//! HTML tags that may not stay escaped; code spans and code blocks are never touched.

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Parser, Tag, TagEnd};

use super::blocks::{relabel_fence, unindent_lines};
use super::html::{HtmlTag, scan_tags, unbalanced_tags};
use super::{Edit, markdown_options};

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
pub(super) fn inline_edits(text: &str) -> Vec<Edit> {
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

pub(super) fn has_url_scheme(dest: &str) -> bool {
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
