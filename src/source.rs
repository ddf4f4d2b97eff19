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

/// Reads a regular file of at most `limit` bytes without following a symbolic link in its
/// last component: `Ok(None)` when it holds more than `limit` bytes. The file is opened with
/// `O_NOFOLLOW | O_NONBLOCK` (a link fails with `ELOOP`, a FIFO that took the place of a file
/// does not block) and its type is checked on the open descriptor, so that nothing swapped in
/// after an earlier look is read instead. Every file convgen reads from a repository (TOML,
/// `convgen.toml`, templates, logos) goes through here.
pub fn read_regular(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| {
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ELOOP) {
            return std::io::Error::other("lien symbolique (non suivi)");
        }
        e
    })?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("pas un fichier ordinaire"));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

// What `render` can survive: the limits the rules `render-limit` and `asset` enforce, so that
// every input `check` accepts renders. Measured against typst 0.15.1 and the built-in
// templates (see docs/reliability.md, « What check accepts, render renders »).

/// Deepest nesting of Markdown containers (block quotes, lists, emphasis, strong emphasis,
/// links) in a Markdown field. typst 0.15.1 fails from 17 nested quotes (« maximum show rule
/// depth exceeded »), 32 nested lists, and 64 nested emphases (its JSON reader's recursion
/// limit); real conventions nest 2 or 3 deep.
pub const MAX_MARKUP_DEPTH: usize = 8;
/// Longest word (run of characters without a space), in characters. typst 0.15.1 fails on a
/// word of 16,384 characters (a PDF string over 32,767 bytes); the longest French words and
/// most addresses are under 100.
pub const MAX_WORD_CHARS: usize = 1_000;
/// Longest title (of the convention, an objective, an article…), in characters. A title goes
/// into the PDF metadata and outline as one string: typst 0.15.1 fails from 16,384
/// characters outside ASCII (32,768 ASCII ones), the PDF/A limit of 32,767 bytes.
pub const MAX_TITLE_CHARS: usize = 2_000;
/// Most combining marks on one base character. typst's shaping time and memory grow with the
/// square of their number (1,000 marks: 93 MB, 3,000: 593 MB, 10,000: 11.5 s and 6.3 GB);
/// French uses one, Vietnamese two, the Unicode stream-safe format allows 30.
pub const MAX_COMBINING_MARKS: usize = 8;
/// Longest text in a table cell (the `text` of a means, the `label` of an investment), in
/// characters. typst lays out a long cell in more than linear time and memory: 28 cells of
/// 20 KB took 1.7 s and 264 MB, of 60 KB 8 s and 722 MB, and a 6.4 MB annex 5.3 GB.
pub const MAX_CELL_CHARS: usize = 2_000;
/// Longest side of a logo, in pixels.
pub const MAX_IMAGE_SIDE: u64 = 10_000;
/// Most pixels of a logo (25 Mpx: 100 MB once decoded as RGBA).
pub const MAX_IMAGE_PIXELS: u64 = 25_000_000;

/// Most bytes of logos one convention may use, all signatories together: each accepted logo
/// is copied beside the PDF, so 100,000 signatories naming the same 8 MiB image would
/// otherwise write 800 GB.
pub const MAX_LOGOS_BYTES: u64 = 32 * 1024 * 1024;

/// Most bytes of attached PDF documents (`[[annexes]] file = "….pdf"`) one convention may
/// use together: each is copied beside the outputs and included page by page in the PDF.
pub const MAX_ATTACHED_BYTES: u64 = 64 * 1024 * 1024;

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
        // Only a regular file within the size limit is read back (never a FIFO or a link that
        // took its place meanwhile, nor a file that grew past the limit).
        if let Ok(Some(bytes)) = read_regular(&self.path, MAX_FILE_BYTES) {
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

/// Whether `c` must never reach a terminal or a CI log as it is: control characters (C0
/// other than tab, DEL, C1: ESC, BEL, CR, LF…, which move the cursor, clear lines, set the
/// window title or end a line) and the bidirectional embeddings, overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069, which reorder what follows them on screen).
fn is_unprintable(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn escape_unprintable(text: &str, keep: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| is_unprintable(c) && !keep(c)) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unprintable(c) && !keep(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Text as convgen prints it on a terminal or in a CI log: every character that
/// [could fake or hide a line](is_unprintable) — a line feed included — is shown as its
/// escape `\u{1b}`, so that one value is always one visible piece of one line. The one
/// escaping function of every terminal output (human, short and GitHub reports, render and
/// watch messages, errors); JSON, SARIF and GitLab reports escape through JSON instead.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    escape_unprintable(text, |_| false)
}

/// [`printable`] for a text of several lines that convgen itself composed (an error with its
/// causes, typst's messages): line feeds are kept, everything else is escaped.
pub fn printable_lines(text: &str) -> std::borrow::Cow<'_, str> {
    escape_unprintable(text, |c| c == '\n')
}

/// [`printable_lines`] for a text that may hold the colors convgen itself writes
/// (`ESC[0m`, `ESC[1m`, `ESC[31m`, `ESC[32m`, `ESC[33m`: reset, bold, red, green, yellow):
/// those sequences are kept, every other escape is shown. For outputs composed elsewhere
/// (the diff report) before they reach the terminal.
pub fn printable_colored(text: &str) -> String {
    const COLORS: &[&str] = &["\x1b[0m", "\x1b[1m", "\x1b[31m", "\x1b[32m", "\x1b[33m"];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\x1b') {
        out.push_str(&printable_lines(&rest[..at]));
        let tail = &rest[at..];
        match COLORS.iter().find(|c| tail.starts_with(**c)) {
            Some(color) => {
                out.push_str(color);
                rest = &tail[color.len()..];
            }
            None => {
                out.push_str("\\u{1b}");
                rest = &tail[1..];
            }
        }
    }
    out.push_str(&printable_lines(rest));
    out
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
    fn printable_escapes_what_could_fake_a_line() {
        assert_eq!(
            printable("a\x1b[2Jb\x07c\rd\ne\u{9b}f\u{7f}"),
            "a\\u{1b}[2Jb\\u{7}c\\u{d}d\\u{a}e\\u{9b}f\\u{7f}"
        );
        assert_eq!(printable("x\u{202e}y\u{2066}z"), "x\\u{202e}y\\u{2066}z");
        assert_eq!(printable("tab\tok é « » \u{a0}"), "tab\tok é « » \u{a0}");
        assert!(matches!(printable("plain"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(printable_lines("a\nb\rc"), "a\nb\\u{d}c");
        assert_eq!(
            printable_colored("\x1b[1mgras\x1b[0m \x1b[8mcache\x1b]0;t\x07\n"),
            "\x1b[1mgras\x1b[0m \\u{1b}[8mcache\\u{1b}]0;t\\u{7}\n"
        );
    }

    #[test]
    fn display_path_strips_dot() {
        assert_eq!(display_path(Path::new("./a/b.toml")), "a/b.toml");
    }
}
