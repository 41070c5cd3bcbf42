//! HTML in doc text, read the way rustdoc's `invalid_html_tags` lint reads it: each tag's name,
//! kind and place, whether it is plain formatting that may stay, and the tags rustdoc would
//! report as unclosed, unopened or invalid.

/// An HTML tag or comment found in the text.
#[derive(Debug, Clone)]
pub(super) struct HtmlTag {
    /// Lowercase tag name; empty for comments and non-tags.
    name: String,
    /// Offset of its `<`.
    pub(super) start: usize,
    kind: TagKind,
    /// Inside raw HTML (an HTML block, or past the start of an inline HTML construct such as a
    /// declaration), where Markdown backslash escapes do not apply.
    pub(super) raw: bool,
    /// A complete comment, or a [`PLAIN_TAGS`] tag without attributes: HTML that may stay.
    pub(super) plain: bool,
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

/// Elements that may stay HTML in doc text when they have no attributes: formatting that runs
/// no script and loads nothing.
const PLAIN_TAGS: &[&str] = &[
    "b", "br", "code", "details", "div", "em", "i", "kbd", "li", "ol", "p", "pre", "s", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
];

fn is_void(name: &str) -> bool {
    VOID_ELEMENTS.contains(&name)
}

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
pub(super) fn scan_tags(
    text: &str,
    range: std::ops::Range<usize>,
    in_block: bool,
    tags: &mut Vec<HtmlTag>,
) {
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
pub(super) fn unbalanced_tags(tags: &[HtmlTag]) -> Vec<&HtmlTag> {
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
