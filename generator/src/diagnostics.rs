//! Diagnostics: what the generator tells the user about their input. Every diagnostic is
//! resolved to a file, line and column when it is created, so it can be rendered without the
//! sources and compared in golden tests.

use std::fmt;

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
    /// non-terminal output:
    ///
    /// ```text
    /// error: unknown type `Lng` in the Type column
    ///   --> specs/api/Foo.md:7:19
    ///    |
    ///  7 | | `id` | *Lng* | :heavy_check_mark: | N/A |
    ///    |          ^^^^^
    ///    = hint: ...
    /// ```
    pub fn render(&self) -> String {
        let mut out = format!("{}: {}\n", self.severity, self.message);
        let gutter = self
            .location
            .iter()
            .chain(self.related.iter().map(|(l, _)| l))
            .map(|l| l.line.to_string().len())
            .max()
            .unwrap_or(1);
        let pad = " ".repeat(gutter);
        if let Some(location) = &self.location {
            render_snippet(&mut out, &pad, location, None);
        }
        for (location, label) in &self.related {
            render_snippet(&mut out, &pad, location, Some(label));
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("{pad} = hint: {hint}\n"));
        }
        out
    }
}

fn render_snippet(out: &mut String, pad: &str, location: &Location, label: Option<&str>) {
    const MAX: usize = 120;
    out.push_str(&format!("{pad}--> {location}\n{pad} |\n"));
    // Long table rows are cut around the span so the caret stays on screen.
    let chars: Vec<char> = location.line_text.chars().collect();
    let col = location.column as usize - 1;
    let (from, prefix) = if col > MAX / 2 && chars.len() > MAX {
        (col - 20, "...")
    } else {
        (0, "")
    };
    let to = (from + MAX).min(chars.len());
    let suffix = if to < chars.len() { "..." } else { "" };
    let shown: String = chars[from..to].iter().collect();
    let width = (location.width as usize).min(to.saturating_sub(col).max(1));
    let line_no = format!("{:>w$}", location.line, w = pad.len());
    out.push_str(&format!("{line_no} | {prefix}{shown}{suffix}\n"));
    let caret_pad = " ".repeat(prefix.len() + col - from);
    let label = label.map(|l| format!(" {l}")).unwrap_or_default();
    out.push_str(&format!(
        "{pad} | {caret_pad}{}{label}\n",
        "^".repeat(width)
    ));
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
            "error: unknown type `Lng`\n --> specs/a/A.md:3:10\n  |\n3 | | `id` | *Lng* | :heavy_check_mark: | N/A |\n  |          ^^^^^\n  = hint: use one of String, Long\n"
        );
    }
}
