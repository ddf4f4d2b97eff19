//! Source files and byte spans: what every diagnostic points into; and the limits of what
//! convgen reads.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Largest file convgen reads, in bytes. Real conventions are a few dozen kilobytes.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Deepest nesting of arrays, inline tables and dotted keys. This is the recursion limit of
/// the `toml` parser (`toml::de`, 80 levels), which refuses deeper documents without
/// overflowing the stack; convgen only gives the refusal a French message. The format itself
/// never nests deeper than 4 levels.
pub const MAX_DEPTH: usize = 80;
/// Most entries in one array (`[[means]]`, `actions = [...]`…). A real annex has a few hundred
/// lines of means; generated ones (the benchmarks) 10,000.
pub const MAX_ENTRIES: usize = 100_000;
/// Longest string value, in bytes (UTF-8). A long preamble is a few dozen kilobytes.
pub const MAX_STRING_BYTES: usize = 1024 * 1024;

/// Index of a file in [`Sources`].
pub type FileId = usize;

/// A byte range in a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// A value together with the span of the TOML text it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Sp<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Sp<T> {
    pub fn new(value: T, span: Span) -> Self {
        Sp { value, span }
    }
}

impl<T> std::ops::Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// A spanned value is described in JSON Schema exactly as the value itself: spans exist only
/// in the loaded model, never in the TOML text.
impl<T: schemars::JsonSchema> schemars::JsonSchema for Sp<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

/// One file read from disk: its path as shown to the user and its text.
#[derive(Debug)]
pub struct SourceFile {
    /// Path as displayed in diagnostics (relative to where the user pointed, `/` separated).
    pub display: String,
    /// Path on disk.
    pub path: PathBuf,
    /// UTF-8 text (empty when the file could not be read or decoded, or was released).
    pub text: String,
    /// Start offset of every line, computed on first use (only diagnostics need it).
    line_starts: OnceLock<Vec<usize>>,
    released: bool,
}

impl SourceFile {
    pub fn new(path: PathBuf, display: String, text: String) -> Self {
        SourceFile {
            display,
            path,
            text,
            line_starts: OnceLock::new(),
            released: false,
        }
    }

    /// Byte offset where 0-based line `index` starts, if the file has that many lines.
    pub fn line_start(&self, index: usize) -> Option<usize> {
        self.line_starts().get(index).copied()
    }

    /// Drops the text of a file no diagnostic points into, to keep memory flat on large
    /// repositories; [`SourceFile::reload`] reads it back if a later finding needs it.
    pub fn release(&mut self) {
        self.text = String::new();
        self.line_starts = OnceLock::new();
        self.released = true;
    }

    /// Reads back the text of a released file (lossily: it was valid UTF-8 when loaded).
    pub fn reload(&mut self) {
        if !self.released {
            return;
        }
        // Only a regular file within the size limit is read back (never a FIFO that took
        // its place meanwhile, nor a file that grew past the limit).
        let regular =
            std::fs::metadata(&self.path).is_ok_and(|m| m.is_file() && m.len() <= MAX_FILE_BYTES);
        if regular && let Ok(bytes) = std::fs::read(&self.path) {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            self.text = String::from_utf8_lossy(bytes).into_owned();
        }
        self.line_starts = OnceLock::new();
        self.released = false;
    }

    pub fn is_released(&self) -> bool {
        self.released
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(memchr_newlines(self.text.as_bytes()));
            starts
        })
    }

    /// 1-based line and column of a byte offset; the column counts Unicode code points.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts();
        let line = match line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = line_starts[line];
        let mut col_end = offset;
        while !self.text.is_char_boundary(col_end) {
            col_end -= 1;
        }
        let column = self.text[start..col_end].chars().count() + 1;
        (line + 1, column)
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i + 1)
}

/// Every file read during one run, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        self.files.len() - 1
    }
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }
    pub fn len(&self) -> usize {
        self.files.len()
    }
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate()
    }
    pub fn get_mut(&mut self, id: FileId) -> &mut SourceFile {
        &mut self.files[id]
    }
    /// All files, seen through a [`SourceSlice`].
    pub fn as_slice(&self) -> SourceSlice<'_> {
        SourceSlice {
            first: 0,
            files: &self.files,
        }
    }
}

/// A run of consecutive files (one convention folder's, or all of them), addressed by
/// their global [`FileId`].
#[derive(Clone, Copy, Debug)]
pub struct SourceSlice<'a> {
    first: FileId,
    files: &'a [SourceFile],
}

impl<'a> SourceSlice<'a> {
    /// The files `first`, `first + 1`, … of a run.
    pub fn new(first: FileId, files: &'a [SourceFile]) -> Self {
        SourceSlice { first, files }
    }
    /// The file with this id; panics when it is not in the slice (a bug, not bad input).
    pub fn get(&self, id: FileId) -> &'a SourceFile {
        &self.files[id - self.first]
    }
}

/// Path shown to users: `/`-separated, without a leading `./`.
pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_code_points() {
        let f = SourceFile::new("a".into(), "a".into(), "ab\nélan = 1\n".into());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        // "é" is two bytes: the 'l' at byte 5 is column 2.
        assert_eq!(f.line_col(5), (2, 2));
        assert_eq!(f.line_col(4), (2, 1), "inside a char: rounds down");
        assert_eq!(f.line_col(10_000), (3, 1));
    }

    #[test]
    fn display_path_strips_dot() {
        assert_eq!(display_path(Path::new("./a/b.toml")), "a/b.toml");
    }
}
