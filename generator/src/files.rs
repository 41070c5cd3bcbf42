//! Source files as the generator sees them: a workspace-relative path, the text, and a line
//! index that turns byte offsets into 1-based line and column numbers for diagnostics.

use std::fmt;

/// Index of a file in [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range inside one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// The file the range lies in.
    pub file: FileId,
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl Span {
    /// A span over `range` of `file`.
    pub fn new(file: FileId, range: std::ops::Range<usize>) -> Span {
        Span {
            file,
            start: range.start as u32,
            end: range.end as u32,
        }
    }
}

/// One input file: its display path (always `/`-separated, relative to where the user ran the
/// tool, so output never depends on absolute paths) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path shown in diagnostics and generated headers.
    pub path: String,
    /// Full text of the file.
    pub text: String,
}

impl SourceFile {
    /// A source file from a display path and its text.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.into(),
        }
    }
}

/// All files of one run, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<(SourceFile, Vec<u32>)>,
}

/// A resolved position: path, 1-based line and column (in characters), and the text of the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Display path of the file.
    pub path: String,
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
    /// The whole source line the position is on, without its newline.
    pub line_text: String,
    /// How many characters of `line_text`, from `column` on, the span covers (at least 1).
    pub width: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.line, self.column)
    }
}

impl SourceMap {
    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        let mut starts = vec![0u32];
        starts.extend(file.text.match_indices('\n').map(|(i, _)| i as u32 + 1));
        self.files.push((file, starts));
        FileId(self.files.len() as u32 - 1)
    }

    /// The file behind `id`.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize].0
    }

    /// Ids of all files, in the order they were added.
    pub fn ids(&self) -> impl Iterator<Item = FileId> + '_ {
        (0..self.files.len() as u32).map(FileId)
    }

    /// The text covered by `span`.
    pub fn text(&self, span: Span) -> &str {
        let text = &self.get(span.file).text;
        let end = (span.end as usize).min(text.len());
        let start = (span.start as usize).min(end);
        text.get(start..end).unwrap_or("")
    }

    /// Resolves the start of `span` to a line and column.
    pub fn locate(&self, span: Span) -> Location {
        let (file, starts) = &self.files[span.file.0 as usize];
        let text = &file.text;
        let offset = clamp_to_char(text, span.start as usize);
        let line_idx = match starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = starts[line_idx] as usize;
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line_text = &text[line_start..line_end];
        let column = text[line_start..offset].chars().count() as u32 + 1;
        let span_end = clamp_to_char(text, (span.end as usize).clamp(offset, line_end));
        let width = (text[offset..span_end].chars().count() as u32).max(1);
        Location {
            path: file.path.clone(),
            line: line_idx as u32 + 1,
            column,
            line_text: line_text.trim_end_matches('\r').to_string(),
            width,
        }
    }
}

fn clamp_to_char(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_columns_in_characters() {
        let mut map = SourceMap::default();
        let id = map.add(SourceFile::new("a.md", "# Tïtle\n| `x` | *Y* |\n"));
        let at = |start: usize, end: usize| map.locate(Span::new(id, start..end));
        let first = at(2, 8);
        assert_eq!((first.line, first.column, first.width), (1, 3, 5));
        let y = "# Tïtle\n| `x` | *Y* |\n".find("*Y*").unwrap();
        let second = at(y, y + 3);
        assert_eq!((second.line, second.column, second.width), (2, 9, 3));
        assert_eq!(second.line_text, "| `x` | *Y* |");
        assert_eq!(second.to_string(), "a.md:2:9");
    }
}
