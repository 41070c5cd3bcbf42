//! What a doc describes ([`Shape`]), read off its sections: a `## Fields` table's rows as raw
//! fields (Type cell read by the dialect's grammar, Required, Description with its deprecation
//! notice, Example), a `## Values` table or literal union, a `## Supported Types` union, a bare
//! title, or no wire type; malformed tables are reported.

use crate::diagnostics::{Code, Diagnostic};
use crate::files::{SourceMap, Span};
use crate::markdown::doc::{Cell, Document, Inline, Row, Table};
use crate::markdown::types::{self, CellType, Prim, TypeExpr, Wrapper};

use super::enums::literal_union;
use super::unions::read_union;
use super::{RawField, RawValue, Reader, Shape};

/// Whether a doc has a section that describes a wire type.
pub(super) fn has_schema_section(doc: &Document) -> bool {
    doc.sections.iter().any(|s| {
        matches!(
            s.heading.text.as_str(),
            "Fields" | "Values" | "Supported Types"
        )
    })
}

/// Reports the text of a `## {section}` table that lacks its separator line.
fn table_without_separator(
    sources: &SourceMap,
    span: Span,
    section: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    diagnostics.push(
        Diagnostic::error(
            sources,
            span,
            Code::TableSeparator,
            format!("the `## {section}` table has no `| --- |` line under its header, so Markdown reads it as text"),
        )
        .with_hint("add a line such as `| --- | --- | --- | --- |` (one `---` per column) right under the header row"),
    );
}

/// Warns that a `## Fields` section has no table (`what` says how), so that the model,
/// generated as a free-form JSON object, is not a silent surprise.
fn free_form_fields(
    sources: &SourceMap,
    span: Span,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    diagnostics.push(
        Diagnostic::warning(
            sources,
            span,
            Code::FreeFormDoc,
            format!("the `## Fields` section {what}: the model is generated as a free-form JSON object (`serde_json::Map`)"),
        )
        .with_hint("list the fields in a `| Field | Type | Required | Description |` table to get a struct"),
    );
}

pub(super) fn read_shape(
    sources: &SourceMap,
    reader: Reader,
    doc: &Document,
    diagnostics: &mut Vec<Diagnostic>,
) -> Shape {
    let dialect = reader.dialect;
    let section = |name: &str| doc.sections.iter().find(|s| s.heading.text == name);
    if let Some(fields) = section("Fields") {
        let Some(table) = fields.tables.first() else {
            match fields.pipe_text {
                Some(span) => table_without_separator(sources, span, "Fields", diagnostics),
                None => free_form_fields(sources, fields.heading.span, "has no table", diagnostics),
            }
            return Shape::FreeForm;
        };
        // Python SDKs document their retry settings (`utils/retryconfig.md`) with a table of
        // this shape; it describes SDK configuration, not a wire type.
        let header: Vec<String> = table.header.iter().map(|c| c.plain_text()).collect();
        if header == ["Name", "Type", "Description", "Example"] {
            return Shape::NotModel("SDK configuration");
        }
        if !check_header(
            sources,
            table,
            &[
                &["Field", "Type", "Required", "Description"],
                &["Field", "Type", "Required", "Description", "Example"],
            ],
            diagnostics,
        ) {
            return Shape::FreeForm;
        }
        // Speakeasy renders an object schema without properties as a table of no rows (554
        // docs of the corpus): a free-form object as the spec says, not a degradation.
        if table.rows.is_empty() {
            return Shape::FreeForm;
        }
        let fields = table
            .rows
            .iter()
            .filter_map(|row| read_field(sources, reader, table, row, diagnostics))
            .collect();
        return Shape::Struct(fields);
    }
    if let Some(values) = section("Values") {
        let Some(table) = values.tables.first() else {
            // TypeScript's flat layout lists the values as a literal union in a code block.
            if let Some(values) = values
                .code_blocks
                .iter()
                .find_map(|(_, block)| literal_union(block))
            {
                return Shape::Enum(values);
            }
            if let Some(span) = values.pipe_text {
                table_without_separator(sources, span, "Values", diagnostics);
                return Shape::Enum(Vec::new());
            }
            diagnostics.push(
                Diagnostic::error(sources, values.heading.span, Code::ValuesWithoutTable, "`## Values` has no table")
                    .with_hint("list the values in a `| Name | Value |` table, or as a TypeScript literal union (`\"a\" | \"b\"`) in a code block"),
            );
            return Shape::Enum(Vec::new());
        };
        if !check_header(sources, table, &[&["Name", "Value"]], diagnostics) {
            return Shape::Enum(Vec::new());
        }
        let values = table
            .rows
            .iter()
            .filter_map(|row| {
                check_width(sources, table, row, diagnostics).then_some(())?;
                let name = code_name(&row.cells[0])
                    .map(|(name, _)| name)
                    .unwrap_or_else(|| row.cells[0].plain_text());
                Some(RawValue {
                    sdk_name: name,
                    value: row.cells[1].raw.clone(),
                    span: row.span,
                })
            })
            .collect();
        return Shape::Enum(values);
    }
    if let Some(section) = section("Supported Types") {
        return read_union(sources, dialect, doc, section, diagnostics);
    }
    if doc.sections.is_empty() {
        // Java renders a union as a bare title: the docs do not say what it may hold.
        let span = doc
            .title
            .as_ref()
            .map_or(Span::new(doc.file, 0..0), |t| t.span);
        diagnostics.push(
            Diagnostic::warning(
                sources,
                span,
                Code::BareUnion,
                "the doc has no sections, as Java SDK docs render unions: the model is generated as any JSON value",
            )
            .with_hint("read the same API's docs in another dialect, or its OpenAPI document, to get the union's variants"),
        );
        return Shape::BareUnion;
    }
    Shape::NotModel("not a model doc")
}

fn check_header(
    sources: &SourceMap,
    table: &Table,
    allowed: &[&[&str]],
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let header: Vec<String> = table
        .header
        .iter()
        .map(|c| c.plain_text().trim().to_string())
        .collect();
    if allowed.iter().any(|a| a.iter().eq(header.iter())) {
        return true;
    }
    let want: Vec<String> = allowed
        .iter()
        .map(|a| format!("`| {} |`", a.join(" | ")))
        .collect();
    diagnostics.push(
        Diagnostic::error(
            sources,
            table.span,
            Code::TableHeader,
            format!("unexpected table header `| {} |`", header.join(" | ")),
        )
        .with_hint(format!(
            "the table must have the columns {}",
            want.join(" or ")
        )),
    );
    false
}

fn check_width(
    sources: &SourceMap,
    table: &Table,
    row: &Row,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    if row.source_cells == table.header.len() {
        return true;
    }
    diagnostics.push(
        Diagnostic::error(
            sources,
            row.span,
            Code::ColumnCount,
            format!(
                "table row has {} cells, the header has {}",
                row.source_cells,
                table.header.len()
            ),
        )
        .with_hint("escape a `|` inside a cell as `\\|`, and give every row one cell per column"),
    );
    false
}

/// The backticked name of a Field or Name cell, and whether it is struck through.
fn code_name(cell: &Cell) -> Option<(String, bool)> {
    match cell.inlines.as_slice() {
        [Inline::Code(name)] => Some((name.clone(), false)),
        [Inline::Strikethrough(inner)] => match inner.as_slice() {
            [Inline::Code(name)] => Some((name.clone(), true)),
            _ => None,
        },
        _ => None,
    }
}

fn read_field(
    sources: &SourceMap,
    reader: Reader,
    table: &Table,
    row: &Row,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<RawField> {
    if !check_width(sources, table, row, diagnostics) {
        return None;
    }
    let [field, ty, required, description, rest @ ..] = row.cells.as_slice() else {
        return None;
    };
    let Some((sdk_name, struck)) = code_name(field) else {
        diagnostics.push(
            Diagnostic::error(
                sources,
                field.span,
                Code::FieldName,
                format!("expected a field name in backticks, found `{}`", field.raw),
            )
            .with_hint("write the Field cell as `` `name` `` (or ``~~`name`~~`` when deprecated)"),
        );
        return None;
    };
    let dialect = reader.dialect;
    // A cell no grammar reads is reported where the config's strictness is known (`lower`).
    let (cell_type, unreadable) = match types::parse(dialect, &ty.inlines) {
        Ok(t) => (t, None),
        Err(mut err) => {
            if err.code != Code::NestedTooDeep {
                err.hint = types::hint(dialect, reader.era).to_string();
            }
            err.message = format!(
                "{} in the Type cell `{}` ({dialect} dialect)",
                err.message,
                shorten_cell(&ty.raw)
            );
            let any = CellType {
                expr: TypeExpr::Prim(Prim::Any),
                wrapper: Wrapper::None,
            };
            (any, Some(err))
        }
    };
    let required = match required.raw.as_str() {
        ":heavy_check_mark:" => true,
        ":heavy_minus_sign:" => false,
        other => {
            diagnostics.push(
                Diagnostic::error(sources, required.span, Code::RequiredCell, format!("unexpected Required cell `{other}`"))
                    .with_hint("write `:heavy_check_mark:` for required fields and `:heavy_minus_sign:` for optional ones"),
            );
            return None;
        }
    };
    let (description, deprecated) = split_field_description(&description.raw);
    let example = rest.first().and_then(|cell| {
        let text = example_text(&cell.raw);
        (!text.is_empty()).then_some((text, cell.span))
    });
    let deprecated = deprecated.or_else(|| struck.then(String::new));
    Some(RawField {
        sdk_name,
        deprecated,
        ty: cell_type,
        required,
        description,
        example,
        span: row.span,
        type_span: ty.span,
        unreadable,
    })
}

/// An Example cell as the value it shows: `<br/>` line breaks restored, MDX's `\{` unescaped.
fn example_text(raw: &str) -> String {
    raw.replace("<br/>", "\n")
        .replace("\\{", "{")
        .trim()
        .to_string()
}

/// Splits the deprecation notice Speakeasy puts in front of a deprecated field's description.
fn split_field_description(raw: &str) -> (Option<String>, Option<String>) {
    let raw = raw.trim();
    for marker in [": warning: ** DEPRECATED **:", ":warning: **DEPRECATED**:"] {
        if let Some(rest) = raw.strip_prefix(marker) {
            let (note, description) = match rest.split_once("<br/><br/>") {
                Some((note, description)) => (note.trim(), Some(description.trim())),
                None => (rest.trim(), None),
            };
            let description = description
                .filter(|d| !d.is_empty() && *d != "N/A")
                .map(str::to_string);
            return (description, Some(note.to_string()));
        }
    }
    let description = (!raw.is_empty() && raw != "N/A").then(|| raw.to_string());
    (description, None)
}

/// A Type cell as quoted in a message: whole when short, else its first 60 characters.
fn shorten_cell(raw: &str) -> String {
    const SHOWN: usize = 60;
    match raw.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{}…", &raw[..end]),
        None => raw.to_string(),
    }
}
