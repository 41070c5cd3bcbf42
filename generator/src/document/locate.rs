//! Where a JSON pointer is in the source text. Documents are parsed without positions (that is
//! the fast path); the first time a span is asked for in a file, one linear pass over its text
//! records an outline (every object key and array item, with its byte range and subtree size),
//! and pointers are then walked through that outline. JSON is scanned token by token; YAML by
//! lines and indentation for block style, and token by token inside flow collections. Whatever
//! the scanner cannot follow (aliases, complex keys) ends the walk early: the span then is the
//! deepest ancestor that was found, and every message names the full pointer anyway.

use std::cell::RefCell;
use std::ops::Range;

/// The keys and items of one document, in document order (a pre-order walk of the tree).
#[derive(Debug, Default)]
pub struct Outline {
    entries: Vec<Entry>,
    /// For each entry, the member of it found last; the next search among its members starts
    /// there. Readers ask for the properties of a schema (and the schemas of a document) in
    /// document order, so each search finds its member at once instead of scanning all of
    /// them.
    cursors: RefCell<Vec<u32>>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Byte range of the key (object members, without quotes) or of the item's first byte.
    start: u32,
    end: u32,
    kind: Kind,
    /// Index one past this entry's subtree; the next sibling, if any, is there.
    next: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Root,
    Key(Quote),
    Item(u32),
}

/// How a key's text relates to the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quote {
    /// The text between the quotes (if any) is the key.
    Plain,
    /// A double-quoted key with escapes.
    Double,
    /// A single-quoted key with doubled quotes.
    Single,
}

impl Outline {
    /// The outline of a JSON document.
    pub fn json(text: &str) -> Outline {
        let mut scan = JsonScan {
            b: text.as_bytes(),
            pos: 0,
            entries: Vec::new(),
        };
        scan.ws();
        let root_end = (scan.pos + 1).min(text.len());
        let root = scan.push(scan.pos, root_end, Kind::Root);
        scan.value(0);
        scan.close(root);
        Outline {
            entries: scan.entries,
            cursors: RefCell::default(),
        }
    }

    /// The outline of a YAML document (block or flow style, or JSON).
    pub fn yaml(text: &str) -> Outline {
        let mut lines = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            lines.push((start, start + body.len()));
            start += line.len();
        }
        let mut scan = YamlScan {
            text,
            b: text.as_bytes(),
            lines,
            line: 0,
            entries: Vec::new(),
        };
        let first = scan.next_content(0);
        let root_at = first.map_or(0, |l| scan.lines[l].0 + scan.indent(l));
        let root = scan.push(root_at, (root_at + 1).min(text.len()), Kind::Root);
        if let Some(l) = first {
            let col = scan.indent(l);
            scan.node(l, col, -1);
        }
        scan.close(root);
        Outline {
            entries: scan.entries,
            cursors: RefCell::default(),
        }
    }

    /// The byte range of the key or item at `pointer` (escaped, `/a/b~1c`), and whether all of
    /// it was found; when not, the range of the deepest ancestor that was.
    pub fn find(&self, text: &str, pointer: &str) -> (Range<usize>, bool) {
        let Some(root) = self.entries.first() else {
            return (0..0, pointer.is_empty());
        };
        let mut at = 0usize;
        let mut range = root.start as usize..root.end as usize;
        let segments = pointer.strip_prefix('/').map(|p| p.split('/'));
        for segment in segments.into_iter().flatten() {
            match self.child(text, at, segment) {
                Some(child) => {
                    at = child;
                    let entry = &self.entries[child];
                    range = entry.start as usize..entry.end as usize;
                }
                None => return (range, false),
            }
        }
        (range, true)
    }

    /// The member `segment` (an escaped pointer segment) of entry `at`.
    fn child(&self, text: &str, at: usize, segment: &str) -> Option<usize> {
        let key = super::tree::unescape(segment);
        let index = key.parse::<u32>().ok();
        let first = at + 1;
        let end = self.entries[at].next as usize;
        let mut cursors = self.cursors.borrow_mut();
        if cursors.is_empty() {
            cursors.resize(self.entries.len(), 0);
        }
        let start = match cursors[at] as usize {
            c if c > first && c < end => c,
            _ => first,
        };
        // From the cursor to the end, then from the first member up to the cursor.
        for (from, to) in [(start, end), (first, start)] {
            let mut child = from;
            while child < to {
                let entry = &self.entries[child];
                let hit = match entry.kind {
                    Kind::Key(quote) => key_matches(text, entry, quote, &key),
                    Kind::Item(idx) => index == Some(idx),
                    Kind::Root => false,
                };
                if hit {
                    cursors[at] = child as u32;
                    return Some(child);
                }
                child = (entry.next as usize).max(child + 1);
            }
        }
        None
    }
}

fn key_matches(text: &str, entry: &Entry, quote: Quote, key: &str) -> bool {
    // Most keys differ in length, which needs no look at the text.
    if quote == Quote::Plain && (entry.end - entry.start) as usize != key.len() {
        return false;
    }
    let raw = text
        .get(entry.start as usize..entry.end as usize)
        .unwrap_or("");
    match quote {
        Quote::Plain => raw == key,
        Quote::Double => {
            serde_json::from_str::<String>(&format!("\"{raw}\"")).is_ok_and(|k| k == key)
        }
        Quote::Single => raw.replace("''", "'") == key,
    }
}

/// The quoting of a quoted key: plain when its text is the key.
fn quote_of(raw: &[u8], quote: Quote) -> Quote {
    let escaped = match quote {
        Quote::Double => raw.contains(&b'\\'),
        Quote::Single => raw.windows(2).any(|w| w == b"''"),
        Quote::Plain => false,
    };
    if escaped { quote } else { Quote::Plain }
}

struct JsonScan<'a> {
    b: &'a [u8],
    pos: usize,
    entries: Vec<Entry>,
}

impl JsonScan<'_> {
    fn push(&mut self, start: usize, end: usize, kind: Kind) -> usize {
        self.entries.push(Entry {
            start: start as u32,
            end: end as u32,
            kind,
            next: 0,
        });
        self.entries.len() - 1
    }

    fn close(&mut self, idx: usize) {
        self.entries[idx].next = self.entries.len() as u32;
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    /// Skips a string starting at its opening quote; returns the range inside the quotes.
    fn string(&mut self) -> (usize, usize) {
        let start = self.pos + 1;
        let mut pos = start;
        while pos < self.b.len() && self.b[pos] != b'"' {
            pos += if self.b[pos] == b'\\' { 2 } else { 1 };
        }
        let end = pos.min(self.b.len());
        self.pos = (pos + 1).min(self.b.len());
        (start, end)
    }

    fn value(&mut self, depth: usize) {
        self.ws();
        let started = self.pos;
        match self.peek() {
            Some(b'{') if depth < 512 => {
                self.pos += 1;
                loop {
                    self.ws();
                    match self.peek() {
                        None => break,
                        Some(b'}') => {
                            self.pos += 1;
                            break;
                        }
                        Some(b'"') => {
                            let (start, end) = self.string();
                            let quote = quote_of(&self.b[start..end], Quote::Double);
                            let idx = self.push(start, end, Kind::Key(quote));
                            self.ws();
                            if self.peek() == Some(b':') {
                                self.pos += 1;
                            }
                            self.value(depth + 1);
                            self.close(idx);
                        }
                        Some(_) => self.pos += 1,
                    }
                }
            }
            Some(b'[') if depth < 512 => {
                self.pos += 1;
                let mut n = 0;
                loop {
                    self.ws();
                    match self.peek() {
                        None => break,
                        Some(b']') => {
                            self.pos += 1;
                            break;
                        }
                        Some(b',' | b'}' | b':') => self.pos += 1,
                        Some(_) => {
                            let idx = self.push(self.pos, self.pos + 1, Kind::Item(n));
                            self.value(depth + 1);
                            self.close(idx);
                            n += 1;
                        }
                    }
                }
            }
            Some(b'"') => {
                self.string();
            }
            _ => {
                while self
                    .peek()
                    .is_some_and(|c| !matches!(c, b',' | b']' | b'}') && !c.is_ascii_whitespace())
                {
                    self.pos += 1;
                }
            }
        }
        if self.pos == started && self.pos < self.b.len() {
            self.pos += 1;
        }
    }
}

struct YamlScan<'a> {
    text: &'a str,
    b: &'a [u8],
    /// Byte range of each line without its line break.
    lines: Vec<(usize, usize)>,
    /// The first line not yet consumed.
    line: usize,
    entries: Vec<Entry>,
}

impl YamlScan<'_> {
    fn push(&mut self, start: usize, end: usize, kind: Kind) -> usize {
        self.entries.push(Entry {
            start: start as u32,
            end: end as u32,
            kind,
            next: 0,
        });
        self.entries.len() - 1
    }

    fn close(&mut self, idx: usize) {
        self.entries[idx].next = self.entries.len() as u32;
    }

    fn body(&self, l: usize) -> &str {
        let (start, end) = self.lines[l];
        &self.text[start..end]
    }

    fn indent(&self, l: usize) -> usize {
        let body = self.body(l);
        body.len() - body.trim_start_matches(' ').len()
    }

    /// Whether a line holds nothing (blank, a comment, or a document marker).
    fn is_blank(&self, l: usize) -> bool {
        let body = self.body(l);
        let content = body.trim_start();
        content.is_empty()
            || content.starts_with('#')
            || (body.starts_with("---") || body.starts_with("..."))
                && body[3..].trim_start().is_empty()
    }

    fn next_content(&self, from: usize) -> Option<usize> {
        (from..self.lines.len()).find(|&l| !self.is_blank(l))
    }

    /// The first line from `from` on that is not blank and not indented more than `indent`.
    fn skip_deeper(&self, from: usize, indent: isize) -> usize {
        let mut l = from;
        while l < self.lines.len() && (self.is_blank(l) || self.indent(l) as isize > indent) {
            l += 1;
        }
        l
    }

    fn line_of(&self, offset: usize) -> usize {
        match self
            .lines
            .binary_search_by(|&(start, _)| start.cmp(&offset))
        {
            Ok(l) => l,
            Err(l) => l.saturating_sub(1),
        }
    }

    fn rest(&self, l: usize, col: usize) -> &str {
        self.body(l).get(col..).unwrap_or("")
    }

    fn is_item(&self, l: usize, col: usize) -> bool {
        let rest = self.rest(l, col);
        rest == "-" || rest.starts_with("- ")
    }

    /// Column after anchors (`&a`) and tags (`!t`) at `col`, and after the spaces behind them.
    fn skip_properties(&self, l: usize, mut col: usize) -> usize {
        loop {
            let rest = self.rest(l, col);
            let trimmed = rest.trim_start_matches(' ');
            col += rest.len() - trimmed.len();
            if trimmed.starts_with('&') || trimmed.starts_with('!') {
                col += trimmed.find(' ').unwrap_or(trimmed.len());
            } else {
                return col;
            }
        }
    }

    /// The key at `col` of line `l`: its byte range, quoting, and the column after the `:`.
    fn key_at(&self, l: usize, col: usize) -> Option<(usize, usize, Quote, usize)> {
        let rest = self.rest(l, col);
        let base = self.lines[l].0 + col;
        let (start, end, quote, after) = match rest.as_bytes().first()? {
            b'"' => {
                let bytes = rest.as_bytes();
                let mut i = 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                (1, i.min(bytes.len()), Quote::Double, i + 1)
            }
            b'\'' => {
                let bytes = rest.as_bytes();
                let mut i = 1;
                loop {
                    match bytes.get(i) {
                        None => break,
                        Some(b'\'') if bytes.get(i + 1) == Some(&b'\'') => i += 2,
                        Some(b'\'') => break,
                        Some(_) => i += 1,
                    }
                }
                (1, i.min(bytes.len()), Quote::Single, i + 1)
            }
            b'[' | b'{' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' | b'?' => {
                return None;
            }
            _ if rest == "-" || rest.starts_with("- ") => return None,
            _ => {
                let colon = colon_position(rest)?;
                let key = rest[..colon].trim_end();
                return Some((base, base + key.len(), Quote::Plain, col + colon + 1));
            }
        };
        let tail = rest.get(after..)?;
        let trimmed = tail.trim_start_matches(' ');
        let after_colon = trimmed.strip_prefix(':')?;
        if !(after_colon.is_empty() || after_colon.starts_with([' ', '\t'])) {
            return None;
        }
        let colon_col = col + after + (tail.len() - trimmed.len()) + 1;
        let quote = quote_of(&rest.as_bytes()[start..end], quote);
        Some((base + start, base + end, quote, colon_col))
    }

    /// Parses the node whose first character is at `col` of line `l`; `parent` is the indent of
    /// the mapping or sequence holding it (-1 at the top). Leaves `self.line` after the node.
    fn node(&mut self, l: usize, col: usize, parent: isize) {
        let col = self.skip_properties(l, col);
        let rest = self.rest(l, col);
        if rest.is_empty() || rest.starts_with('#') {
            self.value_below(l, parent);
        } else if rest == "-" || rest.starts_with("- ") {
            self.sequence(l, col);
        } else if rest.starts_with(['{', '[']) {
            let end = self.flow(self.lines[l].0 + col, 0);
            self.line = self.line_of(end) + 1;
        } else if rest.starts_with(['"', '\'']) && self.key_at(l, col).is_none() {
            let end = self.quoted_end(self.lines[l].0 + col);
            self.line = self.skip_deeper(self.line_of(end) + 1, parent);
        } else if self.key_at(l, col).is_some() {
            self.mapping(l, col);
        } else {
            // A plain or block scalar, with any continuation lines.
            self.line = self.skip_deeper(l + 1, parent);
        }
    }

    /// The value of a key or item whose line ends after the indicator: a node on the following
    /// lines indented more than `indent`, or nothing.
    fn value_below(&mut self, l: usize, indent: isize) {
        match self.next_content(l + 1) {
            Some(next) if self.indent(next) as isize > indent => {
                let col = self.indent(next);
                self.node(next, col, indent);
            }
            _ => self.line = l + 1,
        }
    }

    fn mapping(&mut self, mut l: usize, col: usize) {
        let mut first = true;
        loop {
            let key_col = if first { col } else { self.indent(l) };
            let Some((start, end, quote, after)) = self.key_at(l, key_col) else {
                self.line = l + 1;
                return;
            };
            first = false;
            let idx = self.push(start, end, Kind::Key(quote));
            let value_col = self.skip_properties(l, after);
            let rest = self.rest(l, value_col);
            if rest.is_empty() || rest.starts_with('#') {
                match self.next_content(l + 1) {
                    Some(next) if self.indent(next) > col => {
                        let next_col = self.indent(next);
                        self.node(next, next_col, col as isize);
                    }
                    // A sequence may sit at the indent of its key.
                    Some(next) if self.indent(next) == col && self.is_item(next, col) => {
                        self.sequence(next, col);
                    }
                    _ => self.line = l + 1,
                }
            } else if rest.starts_with(['{', '[']) {
                let end = self.flow(self.lines[l].0 + value_col, 0);
                self.line = self.skip_deeper(self.line_of(end) + 1, col as isize);
            } else if rest.starts_with(['"', '\'']) {
                let end = self.quoted_end(self.lines[l].0 + value_col);
                self.line = self.skip_deeper(self.line_of(end) + 1, col as isize);
            } else {
                // Plain scalars continue, and block scalars (`|`, `>`) consist of, the lines
                // indented deeper than the key.
                self.line = self.skip_deeper(l + 1, col as isize);
            }
            self.close(idx);
            match self.next_content(self.line) {
                Some(next)
                    if self.indent(next) == col
                        && !self.is_item(next, col)
                        && self.key_at(next, col).is_some() =>
                {
                    l = next;
                }
                _ => return,
            }
        }
    }

    fn sequence(&mut self, mut l: usize, col: usize) {
        let mut n = 0;
        loop {
            let start = self.lines[l].0 + col;
            let idx = self.push(start, start + 1, Kind::Item(n));
            let rest = self.rest(l, col + 1);
            let item_col = col + 1 + (rest.len() - rest.trim_start_matches(' ').len());
            let item = self.rest(l, item_col);
            if item.is_empty() || item.starts_with('#') {
                self.value_below(l, col as isize);
            } else {
                self.node(l, item_col, col as isize);
            }
            self.close(idx);
            n += 1;
            match self.next_content(self.line) {
                Some(next) if self.indent(next) == col && self.is_item(next, col) => l = next,
                _ => return,
            }
        }
    }

    /// The byte after the closing quote of the quoted scalar at `pos`.
    fn quoted_end(&self, pos: usize) -> usize {
        let quote = self.b[pos];
        let mut i = pos + 1;
        while i < self.b.len() {
            match self.b[i] {
                b'\\' if quote == b'"' => i += 2,
                b'\'' if quote == b'\'' && self.b.get(i + 1) == Some(&b'\'') => i += 2,
                c if c == quote => return i + 1,
                _ => i += 1,
            }
        }
        self.b.len()
    }

    fn flow_ws(&self, mut pos: usize) -> usize {
        while pos < self.b.len() {
            match self.b[pos] {
                b' ' | b'\t' | b'\r' | b'\n' => pos += 1,
                b'#' => {
                    while pos < self.b.len() && self.b[pos] != b'\n' {
                        pos += 1;
                    }
                }
                _ => break,
            }
        }
        pos
    }

    /// Parses the flow collection at `pos`; returns the byte after it.
    fn flow(&mut self, pos: usize, depth: usize) -> usize {
        let close = if self.b[pos] == b'{' { b'}' } else { b']' };
        let mapping = close == b'}';
        let mut pos = pos + 1;
        let mut n = 0;
        loop {
            pos = self.flow_ws(pos);
            match self.b.get(pos) {
                None => return pos,
                Some(&c) if c == close => return pos + 1,
                Some(b',') => {
                    pos += 1;
                    continue;
                }
                Some(_) => {}
            }
            let started = pos;
            if mapping {
                let (start, end, quote, after) = match self.b[pos] {
                    b'"' | b'\'' => {
                        let end = self.quoted_end(pos);
                        let quote = if self.b[pos] == b'"' {
                            Quote::Double
                        } else {
                            Quote::Single
                        };
                        let inner = (pos + 1, end.saturating_sub(1).max(pos + 1));
                        let quote = quote_of(&self.b[inner.0..inner.1], quote);
                        (inner.0, inner.1, quote, end)
                    }
                    _ => {
                        let end = self.plain_end(pos, true);
                        let key = self.text[pos..end].trim_end();
                        (pos, pos + key.len(), Quote::Plain, end)
                    }
                };
                let idx = self.push(start, end, Kind::Key(quote));
                pos = self.flow_ws(after);
                if self.b.get(pos) == Some(&b':') {
                    pos = self.flow_ws(pos + 1);
                    if !matches!(self.b.get(pos), Some(b',' | b'}')) {
                        pos = self.flow_value(pos, depth);
                    }
                }
                self.close(idx);
            } else {
                let idx = self.push(pos, pos + 1, Kind::Item(n));
                pos = self.flow_value(pos, depth);
                self.close(idx);
                n += 1;
            }
            if pos == started {
                pos += 1;
            }
        }
    }

    fn flow_value(&mut self, pos: usize, depth: usize) -> usize {
        match self.b.get(pos) {
            Some(b'{' | b'[') if depth < 512 => self.flow(pos, depth + 1),
            Some(b'"' | b'\'') => self.quoted_end(pos),
            _ => self.plain_end(pos, false),
        }
    }

    /// The end of a plain scalar inside a flow collection; keys also end at `: `.
    fn plain_end(&self, mut pos: usize, key: bool) -> usize {
        while pos < self.b.len() {
            match self.b[pos] {
                b',' | b']' | b'}' | b'\n' => break,
                b':' if key
                    && self
                        .b
                        .get(pos + 1)
                        .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b',')) =>
                {
                    break;
                }
                _ => pos += 1,
            }
        }
        pos
    }
}

/// The position of the `:` that ends a plain block key: followed by a space or the end of the
/// line, and before any comment.
fn colon_position(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    for (i, &c) in bytes.iter().enumerate() {
        match c {
            b':' if bytes.get(i + 1).is_none_or(|n| matches!(n, b' ' | b'\t')) => {
                return Some(i);
            }
            b'#' if i > 0 && bytes[i - 1] == b' ' => return None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, outline: &Outline, pointer: &str) -> (String, bool) {
        let (range, complete) = outline.find(text, pointer);
        (text[range].to_string(), complete)
    }

    const YAML: &str = "\
openapi: 3.0.3
# a comment
paths:
  \"/pets/{id}\":
    get:
      description: |
        A block: with a colon
        - and a dash
      parameters:
      - name: id
        in: path
      -   $ref: '#/components/parameters/Limit'
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        'it''s': {type: string, enum: [=, \"!=\"]}
        tags:
          type: array
          items:
            - a
            - {\"$ref\": \"#/x\"}
        name: &n
          type: string
";

    #[test]
    fn yaml_pointers_resolve_to_keys_and_items() {
        let outline = Outline::yaml(YAML);
        let cases = [
            ("/openapi", "openapi"),
            ("/paths/~1pets~1{id}/get/description", "description"),
            ("/paths/~1pets~1{id}/get/parameters/0/in", "in"),
            ("/paths/~1pets~1{id}/get/parameters/1/$ref", "$ref"),
            ("/components/schemas/Pet/required/1", "n"),
            ("/components/schemas/Pet/properties/it's/enum/1", "\""),
            (
                "/components/schemas/Pet/properties/tags/items/1/$ref",
                "$ref",
            ),
            ("/components/schemas/Pet/properties/name/type", "type"),
        ];
        for (pointer, want) in cases {
            assert_eq!(
                at(YAML, &outline, pointer),
                (want.to_string(), true),
                "{pointer}"
            );
        }
        assert_eq!(
            at(
                YAML,
                &outline,
                "/components/schemas/Pet/properties/nope/type"
            ),
            ("properties".to_string(), false)
        );
    }

    #[test]
    fn json_pointers_resolve_to_keys_and_items() {
        let text = r#"{"a": {"b\/c": [1, {"d": null}], "e": "x"}, "f": []}"#;
        let outline = Outline::json(text);
        assert_eq!(at(text, &outline, "/a/b~1c/1/d"), ("d".to_string(), true));
        assert_eq!(at(text, &outline, "/a/e"), ("e".to_string(), true));
        assert_eq!(at(text, &outline, "/f/0"), ("f".to_string(), false));
        assert_eq!(at(text, &outline, ""), ("{".to_string(), true));
    }
}
