//! Source files as the generator sees them: a workspace-relative path, the text, and a line
//! index that turns byte offsets into 1-based line and column numbers for diagnostics; and the
//! files of an API that were found but not read ([`Skipped`]), with the reason.

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

/// A UTF-8 byte-order mark. Editors write it at the start of some files; it is not part of the
/// text, and columns on the first line are counted without it.
pub const BOM: char = '\u{feff}';

/// `text` without a leading byte-order mark.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix(BOM).unwrap_or(text)
}

/// A file of an API that was found, or named by a `$ref`, but not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Path relative to the API's folder, `/`-separated and normalised (as `$ref`s resolve).
    pub path: String,
    /// Why it was not read.
    pub reason: SkipReason,
}

/// Why a file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// Its bytes are not UTF-8; reported at the first bad byte.
    NotUtf8 {
        /// The text of the file up to the first byte that is not UTF-8.
        valid: String,
        /// That byte.
        byte: u8,
    },
    /// A file in the API's folder (a doc, the config, the OpenAPI document) that may not be
    /// read; reported at the file.
    Listed(Refusal),
    /// A file named by `$ref`s that may not be read; reported at every `$ref` that names it.
    Ref(Refusal),
}

/// Why a file may not be read. Files of an API are read only from below its root (the API's
/// folder, or a folder above it that `ref_root` in `codegen.yaml` names), only when they are
/// regular files, and `$ref`s only name `.yaml`, `.yml` and `.json` files by relative paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// An absolute path (`/etc/passwd`, `C:\x`).
    Absolute,
    /// A relative path that leads above the root.
    OutsideRoot,
    /// Not a `.yaml`, `.yml` or `.json` file.
    NotYamlOrJson,
    /// A symlink (or a path through one) to a place outside the root.
    LeavesRoot,
    /// Inside the folder `ref_root` names, but outside the git repository that holds the API
    /// (or outside the API's folder when no repository holds it): `ref_root` reaches no
    /// further.
    OutsideRepository,
    /// A chain of symlinks in a git tree too long to follow.
    Symlink,
    /// A folder, a device, a pipe or a socket.
    NotAFile,
}

impl Refusal {
    /// Why a `$ref` to such a file is refused, as a clause about the `$ref`. `root` is the root
    /// as the user should see it.
    pub fn reason(self, root: &str) -> String {
        match self {
            Refusal::Absolute => "it names a file by an absolute path".to_string(),
            Refusal::OutsideRoot => {
                format!("it names a file outside `{root}`, the folder files are read from")
            }
            Refusal::NotYamlOrJson => "it names a file that is not YAML or JSON".to_string(),
            Refusal::LeavesRoot => format!(
                "it leads through a symlink to a place outside `{root}`, the folder files are read from"
            ),
            Refusal::OutsideRepository => {
                "it names a file outside the git repository that holds the spec, and `ref_root` reaches no further than its top".to_string()
            }
            Refusal::Symlink => "it names a chain of too many symlinks".to_string(),
            Refusal::NotAFile => "it names something that is not a regular file".to_string(),
        }
    }

    /// Why a file found in an API's folder is not read, as a clause about the file.
    pub fn reason_listed(self, root: &str) -> String {
        match self {
            Refusal::LeavesRoot => format!(
                "it is a symlink to a place outside `{root}`, the folder files are read from"
            ),
            Refusal::Symlink => "it is a chain of too many symlinks".to_string(),
            Refusal::NotAFile => "it is not a regular file".to_string(),
            other => other.reason(root),
        }
    }

    /// What to do about a file found in an API's folder that is not read.
    pub fn hint_listed(self) -> &'static str {
        match self {
            Refusal::LeavesRoot | Refusal::OutsideRoot | Refusal::OutsideRepository => {
                "copy the file into the spec's folder instead of linking to it"
            }
            other => other.hint(),
        }
    }

    /// What to do about it.
    pub fn hint(self) -> &'static str {
        match self {
            Refusal::Absolute => {
                "name the file by a path relative to the file the `$ref` is in; files are read only from below the spec's folder"
            }
            Refusal::OutsideRepository => {
                "move or copy the file into the repository; outside a git repository, files are read only from below the spec's folder"
            }
            Refusal::OutsideRoot | Refusal::LeavesRoot => {
                "move or copy the file into the spec's folder, or allow a folder above it with `ref_root: ..` (or `../..`, ...) in `codegen.yaml`"
            }
            Refusal::NotYamlOrJson => "a `$ref` names a `.yaml`, `.yml` or `.json` file",
            Refusal::Symlink => "link to the file itself",
            Refusal::NotAFile => "name a regular file",
        }
    }
}

/// Whether the file part of a `$ref` (`../common.yaml` of `../common.yaml#/Pet`) is an absolute
/// path: `/x`, `\x`, or a drive letter (`C:/x`).
pub fn is_absolute_ref(file: &str) -> bool {
    let bytes = file.as_bytes();
    file.starts_with(['/', '\\'])
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
}

/// Whether the file part of a `$ref` is a URL (`https://...`, `file:...`, `//host/...`): it
/// starts with a scheme of two or more letters and a colon, or with `//`.
pub fn is_url_ref(file: &str) -> bool {
    if file.starts_with("//") {
        return true;
    }
    let Some((scheme, _)) = file.split_once(':') else {
        return false;
    };
    scheme.len() >= 2
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Why the file a relative `$ref` names may not be read, judged from its path alone: `path` is
/// normalised and relative to the API's folder, and the root is `depth` folders above that
/// folder. `None` when it may be read (if it is a regular file below the root).
pub fn ref_path_refusal(path: &str, depth: usize) -> Option<Refusal> {
    let ups = path.split('/').take_while(|part| *part == "..").count();
    if ups > depth {
        return Some(Refusal::OutsideRoot);
    }
    let file_name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let is_document = [".yaml", ".yml", ".json"]
        .iter()
        .any(|ext| file_name.len() > ext.len() && file_name.ends_with(ext));
    if !is_document {
        return Some(Refusal::NotYamlOrJson);
    }
    None
}

impl SourceMap {
    /// Adds a file and returns its id. A leading byte-order mark is dropped, so spans and
    /// columns count from the first character of the text.
    pub fn add(&mut self, mut file: SourceFile) -> FileId {
        if file.text.starts_with(BOM) {
            file.text.drain(..BOM.len_utf8());
        }
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

/// `a/./b/../c` is `a/c`; leading `..` stay.
pub(crate) fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
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

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_text() {
        let mut map = SourceMap::default();
        let id = map.add(SourceFile::new("a.yaml", "\u{feff}dialect: kotlin\n"));
        assert_eq!(map.get(id).text, "dialect: kotlin\n");
        let at = map.locate(Span::new(id, 9..15));
        assert_eq!((at.line, at.column, at.width), (1, 10, 6));
    }

    #[test]
    fn ref_paths_are_judged_before_anything_is_read() {
        for absolute in ["/etc/passwd", "\\\\host\\x.yaml", "C:/x.yaml", "c:\\x.yaml"] {
            assert!(is_absolute_ref(absolute), "{absolute}");
        }
        for url in ["https://e.com/a.yaml", "file:/etc/passwd", "//host/a.yaml"] {
            assert!(is_url_ref(url), "{url}");
            assert!(!is_absolute_ref(url) || url.starts_with('/'), "{url}");
        }
        assert!(!is_url_ref("schemas/a.yaml") && !is_absolute_ref("schemas/a.yaml"));
        assert_eq!(ref_path_refusal("schemas/a.yaml", 0), None);
        assert_eq!(ref_path_refusal("A.JSON", 0), None);
        assert_eq!(ref_path_refusal("../a.yml", 0), Some(Refusal::OutsideRoot));
        assert_eq!(ref_path_refusal("../a.yml", 1), None);
        assert_eq!(
            ref_path_refusal("../../a.yml", 1),
            Some(Refusal::OutsideRoot)
        );
        assert_eq!(
            ref_path_refusal("notes.txt", 0),
            Some(Refusal::NotYamlOrJson)
        );
        assert_eq!(ref_path_refusal(".yaml", 0), Some(Refusal::NotYamlOrJson));
    }
}
