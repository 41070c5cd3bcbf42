//! One operation doc page (`sdks/<resource>/README.md`) as the operations it lists: the
//! `## <method>` sections named in its `### Available Operations` list, each with its
//! description, the `UsageSnippet` comment (operation id, HTTP method, path), the Parameters
//! table, the Response line and the Errors table.
//!
//! Tables come from [`doc::parse`]; the rest (the list, the comment, prose, the Response line)
//! from a pass of our own over the same text. Sections are found through the list's names,
//! not by heading level: operation descriptions may carry `##` headings of their own, and the
//! subsections after such a heading still belong to the operation.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::files::{FileId, Span};
use crate::markdown::doc::{self, Table};

/// An operation as its doc page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationDoc {
    /// The SDK resource: the page's title without a trailing ` SDK` (`V3`, `Articles`).
    pub resource: Option<String>,
    /// The SDK method name (`v3TokenRequest`), without `~~`.
    pub name: String,
    /// Where its `##` heading is.
    pub span: Span,
    /// Struck through in the list or the heading.
    pub deprecated: bool,
    /// The list's line for it (`Request OAuth Token`).
    pub summary: Option<String>,
    /// Prose between the heading and its first subsection.
    pub description: Option<String>,
    /// The first `UsageSnippet` comment.
    pub snippet: Option<Snippet>,
    /// The Parameters table.
    pub parameters: Option<Table>,
    /// The Response line: the link targets and link texts it holds, in order, and whether it
    /// reads as a list (`List[...]`, `[]...`, `array<...>`).
    pub response: Option<ResponseLine>,
    /// The Errors table.
    pub errors: Option<Table>,
}

/// `<!-- UsageSnippet language="go" operationID="V3TokenRequest" method="post" path="/token" -->`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// `operationID`.
    pub operation_id: Option<String>,
    /// `method`, as written (lower case).
    pub method: Option<String>,
    /// `path`.
    pub path: Option<String>,
    /// Where the comment is.
    pub span: Span,
}

/// The bold line under `### Response`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseLine {
    /// `(link text, link target)` of each link.
    pub links: Vec<(String, String)>,
    /// The whole line's text.
    pub text: String,
    /// Where it is.
    pub span: Span,
}

/// The operations of one page, in the page's order.
pub fn parse(file: FileId, text: &str) -> Vec<OperationDoc> {
    let structure = doc::parse(file, text);
    let prose = Prose::read(file, text);
    let mut ops: Vec<OperationDoc> = Vec::new();
    // Subsections of a `##` that is not an operation (a heading inside a description) belong
    // to the operation before it.
    for section in &structure.sections {
        let name = strip_strike(&section.heading.text);
        let listed = prose.listed.iter().find(|item| item.name == name);
        if let Some(item) = listed {
            let own = prose.sections.iter().find(|s| s.name == name);
            ops.push(OperationDoc {
                resource: structure.title.as_ref().map(|t| {
                    let title = t.text.trim();
                    title.strip_suffix(" SDK").unwrap_or(title).to_string()
                }),
                name: name.clone(),
                span: section.heading.span,
                deprecated: item.deprecated || own.is_some_and(|s| s.struck),
                summary: item.summary.clone(),
                description: own.and_then(|s| s.description.clone()),
                snippet: own.and_then(|s| s.snippet.clone()),
                parameters: None,
                response: own.and_then(|s| s.response.clone()),
                errors: None,
            });
        }
        let Some(op) = ops.last_mut() else {
            continue;
        };
        for sub in &section.subsections {
            let heading = sub.heading.text.trim().to_ascii_lowercase();
            let table = sub.tables.first().cloned();
            match heading.as_str() {
                "parameters" if op.parameters.is_none() => op.parameters = table,
                "errors" if op.errors.is_none() => op.errors = table,
                _ => {}
            }
        }
    }
    ops
}

/// `~~name~~` as `name`.
fn strip_strike(text: &str) -> String {
    let text = text.trim();
    text.strip_prefix("~~")
        .and_then(|t| t.strip_suffix("~~"))
        .unwrap_or(text)
        .trim()
        .to_string()
}

/// A paragraph being read: where it starts, its text, and its links as (text, target).
type Paragraph = (usize, String, Vec<(String, String)>);

/// An entry of `### Available Operations`.
struct Listed {
    name: String,
    summary: Option<String>,
    deprecated: bool,
}

/// What one `##` section says outside its tables.
#[derive(Default)]
struct SectionProse {
    name: String,
    struck: bool,
    description: Option<String>,
    snippet: Option<Snippet>,
    response: Option<ResponseLine>,
}

/// The parts of a page the table reader does not keep.
#[derive(Default)]
struct Prose {
    listed: Vec<Listed>,
    sections: Vec<SectionProse>,
}

impl Prose {
    fn read(file: FileId, text: &str) -> Prose {
        let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        let mut prose = Prose::default();
        // The heading being read: level, text, struck through.
        let mut heading: Option<(u8, String, bool)> = None;
        // The `###` subsection the events are in (lower case), if any.
        let mut subsection: Option<String> = None;
        let mut in_list_item: Option<Listed> = None;
        let mut in_link = false;
        let mut in_code = false;
        let mut paragraph: Option<Paragraph> = None;
        let mut link_text = String::new();
        let mut link_dest = String::new();
        for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    heading = Some((level as u8, String::new(), false));
                }
                Event::End(TagEnd::Heading(_)) => {
                    let Some((level, title, struck)) = heading.take() else {
                        continue;
                    };
                    let title = title.trim().to_string();
                    match level {
                        // A `##` heading that the list does not name is part of the
                        // description of the operation before it.
                        2 if prose
                            .listed
                            .iter()
                            .any(|item| item.name == strip_strike(&title)) =>
                        {
                            subsection = None;
                            prose.sections.push(SectionProse {
                                name: strip_strike(&title),
                                struck,
                                ..SectionProse::default()
                            });
                        }
                        2 => {
                            subsection = None;
                            if let Some(section) = prose.sections.last_mut() {
                                let description =
                                    section.description.get_or_insert_with(String::new);
                                description.push_str(&format!("\n\n## {title}"));
                            }
                        }
                        3.. => subsection = Some(title.to_ascii_lowercase()),
                        _ => {}
                    }
                }
                Event::Start(Tag::Strikethrough) => {
                    if let Some((_, _, struck)) = &mut heading {
                        *struck = true;
                    }
                    if let Some(item) = &mut in_list_item {
                        item.deprecated = true;
                    }
                }
                Event::Start(Tag::CodeBlock(_)) => in_code = true,
                Event::End(TagEnd::CodeBlock) => in_code = false,
                Event::Html(html) | Event::InlineHtml(html) if !in_code => {
                    let span = Span::new(file, range.clone());
                    if let (Some(snippet), Some(section)) =
                        (snippet(&html, span), prose.sections.last_mut())
                        && section.snippet.is_none()
                    {
                        section.snippet = Some(snippet);
                    }
                }
                Event::Start(Tag::Item)
                    if subsection.as_deref() == Some("available operations") =>
                {
                    in_list_item = Some(Listed {
                        name: String::new(),
                        summary: None,
                        deprecated: false,
                    });
                }
                Event::End(TagEnd::Item) => {
                    if let Some(mut item) = in_list_item.take() {
                        item.name = strip_strike(&item.name);
                        if let Some(summary) = &mut item.summary {
                            let text = summary
                                .trim()
                                .trim_start_matches('-')
                                .replace(":warning: **Deprecated**", "")
                                .replace(":warning: Deprecated", "");
                            *summary = text.trim().to_string();
                        }
                        item.summary = item.summary.filter(|s| !s.is_empty());
                        if !item.name.is_empty() {
                            prose.listed.push(item);
                        }
                    }
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    in_link = true;
                    link_text.clear();
                    link_dest = dest_url.to_string();
                }
                Event::End(TagEnd::Link) => {
                    in_link = false;
                    if let Some((_, _, links)) = &mut paragraph {
                        links.push((link_text.clone(), link_dest.clone()));
                    }
                }
                Event::Start(Tag::Paragraph) if in_list_item.is_none() => {
                    paragraph = Some((range.start, String::new(), Vec::new()));
                }
                Event::End(TagEnd::Paragraph) => {
                    let Some((start, body, links)) = paragraph.take() else {
                        continue;
                    };
                    let Some(section) = prose.sections.last_mut() else {
                        continue;
                    };
                    match subsection.as_deref() {
                        None => {
                            let description = section.description.get_or_insert_with(String::new);
                            if !description.is_empty() {
                                description.push_str("\n\n");
                            }
                            description.push_str(text[start..range.end].trim());
                        }
                        Some("response") if section.response.is_none() => {
                            section.response = Some(ResponseLine {
                                links,
                                text: body.trim().to_string(),
                                span: Span::new(file, start..range.end),
                            });
                        }
                        _ => {}
                    }
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some((_, title, _)) = &mut heading {
                        title.push_str(&t);
                    } else if let Some(item) = &mut in_list_item {
                        if in_link && item.summary.is_none() {
                            item.name.push_str(&t);
                        } else {
                            item.summary.get_or_insert_with(String::new).push_str(&t);
                        }
                    }
                    if in_link {
                        link_text.push_str(&t);
                    }
                    if let Some((_, body, _)) = &mut paragraph {
                        body.push_str(&t);
                    }
                }
                _ => {}
            }
        }
        prose
    }
}

/// The attributes of a `UsageSnippet` comment.
fn snippet(html: &str, span: Span) -> Option<Snippet> {
    let body = html.trim().strip_prefix("<!--")?.trim_start();
    let body = body.strip_prefix("UsageSnippet")?;
    let attribute = |name: &str| -> Option<String> {
        let start = body.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = body[start..].find('"')? + start;
        Some(body[start..end].to_string())
    };
    Some(Snippet {
        operation_id: attribute("operationID"),
        method: attribute("method"),
        path: attribute("path"),
        span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"# Pets SDK
(*pets*)

## Overview

### Available Operations

* [createPet](#createpet) - Create a pet
* [~~oldPet~~](#oldpet) - Old way :warning: **Deprecated**

## createPet

Creates a pet.

## Prerequisites

A heading that the description carries.

### Example Usage

<!-- UsageSnippet language="java" operationID="CreatePet" method="post" path="/pets/{petId}" -->
```java
// ## not a heading
```

### Parameters

| Parameter | Type | Required | Description |
| --------- | ---- | -------- | ----------- |
| `request` | [CreatePetRequest](../../models/operations/CreatePetRequest.md) | :heavy_check_mark: | The request object to use for the request. |

### Response

**[CreatePetResponse](../../models/operations/CreatePetResponse.md)**

### Errors

| Error Type | Status Code | Content Type |
| ---------- | ----------- | ------------ |
| models/errors/Problem | 400, 404 | application/json |
| models/errors/SDKError | 4XX, 5XX | \*/\* |

## ~~oldPet~~

> :warning: **DEPRECATED**: gone soon.

### Response

**Promise\<void\>**
"#;

    #[test]
    fn operations_are_read_with_snippet_tables_and_response() {
        let ops = parse(FileId(0), PAGE);
        assert_eq!(ops.len(), 2, "{ops:#?}");
        let create = &ops[0];
        assert_eq!(create.resource.as_deref(), Some("Pets"));
        assert_eq!(create.name, "createPet");
        assert_eq!(create.summary.as_deref(), Some("Create a pet"));
        assert_eq!(
            create.description.as_deref(),
            Some("Creates a pet.\n\n## Prerequisites\n\nA heading that the description carries.")
        );
        let snippet = create.snippet.as_ref().expect("a snippet");
        assert_eq!(snippet.operation_id.as_deref(), Some("CreatePet"));
        assert_eq!(snippet.method.as_deref(), Some("post"));
        assert_eq!(snippet.path.as_deref(), Some("/pets/{petId}"));
        // The subsections after the description's own `##` still belong to the operation.
        let parameters = create.parameters.as_ref().expect("parameters");
        assert_eq!(parameters.rows.len(), 1);
        assert_eq!(create.errors.as_ref().map(|t| t.rows.len()), Some(2));
        let response = create.response.as_ref().expect("a response line");
        assert_eq!(
            response.links,
            [(
                "CreatePetResponse".to_string(),
                "../../models/operations/CreatePetResponse.md".to_string()
            )]
        );
        assert!(!create.deprecated);
        let old = &ops[1];
        assert!(old.deprecated);
        assert_eq!(old.summary.as_deref(), Some("Old way"));
        assert!(old.snippet.is_none() && old.parameters.is_none());
        assert_eq!(
            old.response.as_ref().map(|r| r.text.as_str()),
            Some("Promise<void>")
        );
    }
}
