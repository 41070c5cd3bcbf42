//! Diagnostics: what the generator tells the user about their input. Every diagnostic is
//! resolved to a file, line and column when it is created, so it can be rendered without the
//! sources and compared in golden tests.

use std::fmt;

use annotate_snippets::{Annotation, AnnotationKind, Group, Level, Renderer, Snippet};

use crate::files::{Location, SourceMap, Span};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The run produces no output.
    Error,
    /// Output is produced; the user should look.
    Warning,
    /// Information about a choice the generator made.
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// One message about the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error, warning or note.
    pub severity: Severity,
    /// What is wrong, starting lowercase, without a trailing period.
    pub message: String,
    /// Where it is wrong; `None` only for problems with no place in any file.
    pub location: Option<Location>,
    /// What to do about it.
    pub hint: Option<String>,
    /// Other places involved (a previous definition, the other source of a disagreement).
    pub related: Vec<(Location, String)>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(sources: &SourceMap, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(Severity::Error, sources, span, message)
    }

    /// A warning at `span`.
    pub fn warning(sources: &SourceMap, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(Severity::Warning, sources, span, message)
    }

    /// A diagnostic of any severity at `span`.
    pub fn at(
        severity: Severity,
        sources: &SourceMap,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            message: message.into(),
            location: Some(sources.locate(span)),
            hint: None,
            related: Vec::new(),
        }
    }

    /// A diagnostic that belongs to no file.
    pub fn unlocated(severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            message: message.into(),
            location: None,
            hint: None,
            related: Vec::new(),
        }
    }

    /// Adds the hint: what the user should do.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Adds another place involved in the problem.
    pub fn with_related(
        mut self,
        sources: &SourceMap,
        span: Span,
        label: impl Into<String>,
    ) -> Diagnostic {
        self.related.push((sources.locate(span), label.into()));
        self
    }

    /// Whether this diagnostic stops the run.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic in the plain, colourless form used by golden tests and by
    /// non-terminal output: the message, the source line with a caret under the problem, the
    /// related places, and the hint.
    pub fn render(&self) -> String {
        self.render_with(&Renderer::plain())
    }

    /// Renders the diagnostic with colours for a terminal.
    pub fn render_styled(&self) -> String {
        self.render_with(&Renderer::styled())
    }

    fn render_with(&self, renderer: &Renderer) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let mut group = Group::with_title(level.primary_title(self.message.as_str()));
        if let Some(location) = &self.location {
            group = group.element(snippet(location, AnnotationKind::Primary, None));
        }
        for (location, label) in &self.related {
            group = group.element(snippet(location, AnnotationKind::Context, Some(label)));
        }
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        let mut out = renderer.render(&[group]);
        out.push('\n');
        out
    }
}

/// The line of `location` as a snippet with the span marked.
fn snippet<'a>(
    location: &'a Location,
    kind: AnnotationKind,
    label: Option<&'a str>,
) -> Snippet<'a, Annotation<'a>> {
    let text = location.line_text.as_str();
    let byte = |chars: usize| {
        text.char_indices()
            .nth(chars)
            .map_or(text.len(), |(i, _)| i)
    };
    let start = byte(location.column as usize - 1);
    let end = byte(location.column as usize - 1 + location.width as usize).max(start);
    let mut annotation = kind.span(start..end);
    if let Some(label) = label {
        annotation = annotation.label(label);
    }
    Snippet::source(text)
        .line_start(location.line as usize)
        .path(location.path.as_str())
        .annotation(annotation)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// Renders diagnostics one after another, errors and warnings in the order given.
pub fn render_all(diagnostics: &[Diagnostic]) -> String {
    diagnostics.iter().map(|d| d.render() + "\n").collect()
}

/// [`render_all`] with colours when `styled` (for a terminal).
pub fn render_all_styled(diagnostics: &[Diagnostic], styled: bool) -> String {
    if !styled {
        return render_all(diagnostics);
    }
    diagnostics
        .iter()
        .map(|d| d.render_styled() + "\n")
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::SourceFile;

    #[test]
    fn renders_location_snippet_caret_and_hint() {
        let mut sources = SourceMap::default();
        let text = "# A\n\n| `id` | *Lng* | :heavy_check_mark: | N/A |\n";
        let id = sources.add(SourceFile::new("specs/a/A.md", text));
        let start = text.find("*Lng*").unwrap();
        let d = Diagnostic::error(
            &sources,
            Span::new(id, start..start + 5),
            "unknown type `Lng`",
        )
        .with_hint("use one of String, Long");
        assert_eq!(
            d.render(),
            "error: unknown type `Lng`\n --> specs/a/A.md:3:10\n  |\n3 | | `id` | *Lng* | :heavy_check_mark: | N/A |\n  |          ^^^^^\n  |\n  = help: use one of String, Long\n"
        );
    }
}
