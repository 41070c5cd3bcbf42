//! Markdown syntax: a model doc as headings, sections, tables, rows and cells, each with its
//! byte span. Nothing here knows what a Type cell means; see `types.rs` and `lower.rs`.

use pulldown_cmark::{CodeBlockKind, Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};

use crate::files::{FileId, Span};

/// One Markdown model doc.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The file it was read from.
    pub file: FileId,
    /// `# Title`, or the `title:` of MDX front matter.
    pub title: Option<Spanned>,
    /// Markdown between the title and the first `##`, without a deprecation notice.
    pub description: Option<String>,
    /// The whole-model deprecation notice (`> :warning: **DEPRECATED**: ...`), if any.
    pub deprecated: Option<String>,
    /// `##` sections in order.
    pub sections: Vec<Section>,
}

/// A string with the span it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned {
    /// The text.
    pub text: String,
    /// Where it is.
    pub span: Span,
}

/// A `##` (or, nested, `###`) section.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Heading text.
    pub heading: Spanned,
    /// Tables directly in the section.
    pub tables: Vec<Table>,
    /// Fenced code blocks directly in the section: language tag and text.
    pub code_blocks: Vec<(String, Spanned)>,
    /// `###` subsections.
    pub subsections: Vec<Section>,
    /// The first paragraph directly in the section whose every line starts with `|`: a table
    /// that lacks its `| --- |` line, which Markdown reads as text.
    pub pipe_text: Option<Span>,
}

/// A GFM table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Header cells.
    pub header: Vec<Cell>,
    /// Body rows.
    pub rows: Vec<Row>,
    /// The whole table.
    pub span: Span,
}

/// A body row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Cells as pulldown-cmark sees them (padded or cut to the header's width).
    pub cells: Vec<Cell>,
    /// How many cells the row's source really has.
    pub source_cells: usize,
    /// The whole row.
    pub span: Span,
}

/// One table cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The cell's inline content.
    pub inlines: Vec<Inline>,
    /// The cell's source text, trimmed, with `\|` unescaped.
    pub raw: String,
    /// Where the cell's text is.
    pub span: Span,
}

impl Cell {
    /// The cell's text without any markup.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        plain_text(&self.inlines, &mut out);
        out
    }
}

fn plain_text(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) | Inline::Html(t) => out.push_str(t),
            Inline::Emphasis(inner) | Inline::Strong(inner) | Inline::Strikethrough(inner) => {
                plain_text(inner, out)
            }
            Inline::Link { content, .. } => plain_text(content, out),
            Inline::Break => out.push('\n'),
        }
    }
}

/// Inline content of a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Plain text, escapes resolved.
    Text(String),
    /// An inline code span's content.
    Code(String),
    /// `*...*`
    Emphasis(Vec<Inline>),
    /// `**...**`
    Strong(Vec<Inline>),
    /// `~~...~~`
    Strikethrough(Vec<Inline>),
    /// `[content](dest)`
    Link {
        /// The link target.
        dest: String,
        /// The link text.
        content: Vec<Inline>,
    },
    /// Inline HTML such as `<br/>`.
    Html(String),
    /// A line break.
    Break,
}

/// Parses a model doc. Never fails: whatever is not understood is left out, and the lowering
/// reports what it misses.
pub fn parse(file: FileId, text: &str) -> Document {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let span = |range: std::ops::Range<usize>| Span::new(file, range);
    let mut doc = Document {
        file,
        title: None,
        description: None,
        deprecated: None,
        sections: Vec::new(),
    };
    // Byte offsets delimiting the description: end of the title, start of the first `##`.
    let mut description_start = None;
    let mut description_end = text.len();
    let mut heading: Option<(u8, usize, String)> = None;
    let mut metadata: Option<String> = None;
    let mut code_block: Option<(String, usize, String)> = None;
    let mut table: Option<Table> = None;
    let mut row: Option<Row> = None;
    let mut cell: Option<(usize, Vec<Vec<Inline>>)> = None;
    let mut link_dests: Vec<String> = Vec::new();
    let mut paragraph_start: Option<usize> = None;

    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        if cell.is_some() {
            if let Event::End(TagEnd::TableCell) = event {
                let (start, mut stack) = cell.take().unwrap_or_default();
                let inlines = stack.pop().unwrap_or_default();
                let cell_range = trim_range(text, start..range.end);
                let raw = text[cell_range.clone()].replace("\\|", "|");
                let new = Cell {
                    inlines,
                    raw,
                    span: span(cell_range),
                };
                match (&mut row, &mut table) {
                    (Some(row), _) => row.cells.push(new),
                    (None, Some(table)) => table.header.push(new),
                    _ => {}
                }
                continue;
            }
            let Some((_, stack)) = &mut cell else {
                continue;
            };
            match event {
                Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) => {
                    stack.push(Vec::new())
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    link_dests.push(dest_url.to_string());
                    stack.push(Vec::new());
                }
                Event::End(
                    end
                    @ (TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link),
                ) => {
                    let inner = stack.pop().unwrap_or_default();
                    let node = match end {
                        TagEnd::Emphasis => Inline::Emphasis(inner),
                        TagEnd::Strong => Inline::Strong(inner),
                        TagEnd::Strikethrough => Inline::Strikethrough(inner),
                        _ => Inline::Link {
                            dest: link_dests.pop().unwrap_or_default(),
                            content: inner,
                        },
                    };
                    push_inline(stack, node);
                }
                Event::Text(t) => push_inline(stack, Inline::Text(t.to_string())),
                Event::Code(t) => push_inline(stack, Inline::Code(t.to_string())),
                Event::InlineHtml(t) | Event::Html(t) => {
                    push_inline(stack, Inline::Html(t.to_string()))
                }
                Event::SoftBreak | Event::HardBreak => push_inline(stack, Inline::Break),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::MetadataBlock(MetadataBlockKind::YamlStyle)) => {
                metadata = Some(String::new())
            }
            Event::End(TagEnd::MetadataBlock(_)) => {
                if let Some(title) = metadata.take().as_deref().and_then(front_matter_title) {
                    doc.title = Some(Spanned {
                        text: title,
                        span: span(range.clone()),
                    });
                    description_start = Some(range.end);
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level as u8, range.start, String::new()))
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, start, title)) = heading.take() else {
                    continue;
                };
                let title = Spanned {
                    text: title.trim().to_string(),
                    span: span(trim_range(text, start..range.end)),
                };
                match level {
                    1 if doc.title.is_none() => {
                        doc.title = Some(title);
                        description_start = Some(range.end);
                    }
                    2 => {
                        if doc.sections.is_empty() {
                            description_end = range.start;
                        }
                        doc.sections.push(Section::new(title));
                    }
                    3.. => {
                        if let Some(section) = doc.sections.last_mut() {
                            section.subsections.push(Section::new(title));
                        }
                    }
                    _ => {}
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(lang) => lang.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code_block = Some((lang, range.start, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let (Some((lang, start, body)), Some(section)) =
                    (code_block.take(), current_section(&mut doc))
                {
                    section.code_blocks.push((
                        lang,
                        Spanned {
                            text: body,
                            span: span(start..range.end),
                        },
                    ));
                }
            }
            Event::Start(Tag::Table(_)) => {
                table = Some(Table {
                    header: Vec::new(),
                    rows: Vec::new(),
                    span: span(range.clone()),
                })
            }
            Event::End(TagEnd::Table) => {
                if let (Some(table), Some(section)) = (table.take(), current_section(&mut doc)) {
                    section.tables.push(table);
                }
            }
            Event::Start(Tag::TableRow) => {
                let row_range = trim_range(text, range.clone());
                let source_cells = count_cells(&text[row_range.clone()]);
                row = Some(Row {
                    cells: Vec::new(),
                    source_cells,
                    span: span(row_range),
                });
            }
            Event::End(TagEnd::TableRow) => {
                if let (Some(row), Some(table)) = (row.take(), &mut table) {
                    table.rows.push(row);
                }
            }
            Event::Start(Tag::TableCell) => cell = Some((range.start, vec![Vec::new()])),
            Event::Start(Tag::Paragraph) => paragraph_start = Some(range.start),
            Event::End(TagEnd::Paragraph) => {
                let Some(start) = paragraph_start.take() else {
                    continue;
                };
                let body = &text[start..range.end];
                let lines = body.lines().filter(|line| !line.trim().is_empty());
                let mut pipes = lines.clone().count() > 0;
                for line in lines {
                    pipes &= line.trim_start().starts_with('|');
                }
                if let (true, Some(section)) = (pipes, current_section(&mut doc))
                    && section.pipe_text.is_none()
                {
                    section.pipe_text = Some(span(trim_range(text, start..range.end)));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, title)) = &mut heading {
                    title.push_str(&t);
                } else if let Some((_, _, body)) = &mut code_block {
                    body.push_str(&t);
                } else if let Some(meta) = &mut metadata {
                    meta.push_str(&t);
                }
            }
            _ => {}
        }
    }
    if let Some(start) = description_start {
        let end = description_end.max(start);
        let (description, deprecated) = split_deprecation(text[start..end].trim());
        doc.description = description;
        doc.deprecated = deprecated;
    }
    doc
}

impl Section {
    fn new(heading: Spanned) -> Section {
        Section {
            heading,
            tables: Vec::new(),
            code_blocks: Vec::new(),
            subsections: Vec::new(),
            pipe_text: None,
        }
    }
}

fn current_section(doc: &mut Document) -> Option<&mut Section> {
    let section = doc.sections.last_mut()?;
    if section.subsections.is_empty() {
        Some(section)
    } else {
        section.subsections.last_mut()
    }
}

fn push_inline(stack: &mut [Vec<Inline>], inline: Inline) {
    if let Some(top) = stack.last_mut() {
        top.push(inline);
    }
}

fn trim_range(text: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    start..end.max(start)
}

/// Counts the cells of a table row's source the way GFM splits it: on `|` not escaped by a
/// backslash, ignoring the optional leading and trailing pipe.
fn count_cells(row: &str) -> usize {
    let mut boundaries = 0;
    let mut escaped = false;
    for c in row.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => boundaries += 1,
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    let trimmed = row.trim();
    let leading = usize::from(trimmed.starts_with('|'));
    let trailing =
        usize::from(trimmed.ends_with('|') && !trimmed.ends_with("\\|") && trimmed.len() > 1);
    boundaries + 1 - leading - trailing
}

/// The `title:` of YAML front matter, with quotes removed, and the strikethrough that marks a
/// deprecated model (`"~~LegacyChatContentVideo~~"`) too, as a `# ~~Title~~` heading reads.
fn front_matter_title(meta: &str) -> Option<String> {
    meta.lines().find_map(|line| {
        let value = line.strip_prefix("title:")?.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        let value = value
            .strip_prefix("~~")
            .and_then(|v| v.strip_suffix("~~"))
            .unwrap_or(value)
            .trim();
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// Splits a `> :warning: **DEPRECATED**: ...` blockquote off a description.
fn split_deprecation(description: &str) -> (Option<String>, Option<String>) {
    let mut kept = Vec::new();
    let mut deprecated = None;
    for line in description.lines() {
        if let Some(rest) = line.trim_start().strip_prefix('>') {
            if let Some(note) = rest.trim().strip_prefix(":warning: **DEPRECATED**:") {
                deprecated = Some(note.trim().to_string());
                continue;
            }
        }
        kept.push(line);
    }
    let kept = kept.join("\n").trim().to_string();
    ((!kept.is_empty()).then_some(kept), deprecated)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "# V3TokenRequest\n\nThe token request.\n\n## Fields\n\n| Field | Type | Required | Description | Example |\n| --- | --- | --- | --- | --- |\n| `clientId` | *String* | :heavy_check_mark: | The ID \\| or not.<br/>Really. | a |\n| ~~`old`~~ | [Optional\\<Foo>](../Foo.md) | :heavy_minus_sign: | N/A | |";

    #[test]
    fn reads_title_description_and_field_table() {
        let doc = parse(FileId(0), DOC);
        assert_eq!(
            doc.title.as_ref().map(|t| t.text.as_str()),
            Some("V3TokenRequest")
        );
        assert_eq!(doc.description.as_deref(), Some("The token request."));
        let fields = &doc.sections[0];
        assert_eq!(fields.heading.text, "Fields");
        let table = &fields.tables[0];
        assert_eq!(table.header.len(), 5);
        assert_eq!(table.rows.len(), 2);
        let first = &table.rows[0];
        assert_eq!(first.source_cells, 5);
        assert_eq!(
            first.cells[0].inlines,
            vec![Inline::Code("clientId".into())]
        );
        assert_eq!(
            first.cells[1].inlines,
            vec![Inline::Emphasis(vec![Inline::Text("String".into())])]
        );
        assert_eq!(first.cells[3].raw, "The ID | or not.<br/>Really.");
        assert_eq!(
            &DOC[first.cells[1].span.start as usize..first.cells[1].span.end as usize],
            "*String*"
        );
        let second = &table.rows[1];
        assert_eq!(
            second.cells[0].inlines,
            vec![Inline::Strikethrough(vec![Inline::Code("old".into())])]
        );
        assert_eq!(second.cells[1].plain_text(), "Optional<Foo>");
        assert!(
            matches!(&second.cells[1].inlines[0], Inline::Link { dest, .. } if dest == "../Foo.md")
        );
    }

    #[test]
    fn counts_source_cells_and_reads_front_matter_and_deprecation() {
        assert_eq!(count_cells("| a | b \\| c | d |"), 3);
        assert_eq!(count_cells("| a | b |  c |"), 3);
        assert_eq!(count_cells("| a | b"), 2);
        let doc = parse(
            FileId(0),
            "---\ntitle: \"Foo\"\n---\n\nAbout foo.\n\n> :warning: **DEPRECATED**: Going away.\n\n## Values\n\n| Name | Value |\n| --- | --- |\n| `A` | a |\n",
        );
        assert_eq!(doc.title.map(|t| t.text), Some("Foo".to_string()));
        assert_eq!(doc.description.as_deref(), Some("About foo."));
        assert_eq!(doc.deprecated.as_deref(), Some("Going away."));
        assert_eq!(doc.sections[0].tables[0].rows[0].cells[1].raw, "a");
    }

    #[test]
    fn a_struck_title_reads_without_its_strikethrough() {
        let front = parse(
            FileId(0),
            "---\ntitle: \"~~LegacyVideo~~\"\n---\n\n## Fields\n",
        );
        assert_eq!(front.title.map(|t| t.text), Some("LegacyVideo".to_string()));
        let heading = parse(FileId(0), "# ~~LegacyVideo~~\n\n## Fields\n");
        assert_eq!(
            heading.title.map(|t| t.text),
            Some("LegacyVideo".to_string())
        );
        assert_eq!(front_matter_title("title: ~~~~"), None);
    }
}
