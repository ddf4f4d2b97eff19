//! Loading the files of both sides with the library's parse functions, keeping their texts
//! and findings so that a file that does not load is reported as `convgen check` would.

use crate::diagnostic::{Diagnostic, Severity};
use crate::load;
use crate::model::{Annex, Convention};
use crate::source::{SourceFile, Sources};

use super::{DiffError, Side};

/// `load::parse_convention` or `load::parse_annex`.
type ParseFn<T> = fn(usize, &str) -> (Option<T>, Vec<Diagnostic>);

/// Every file read so far, and every finding.
#[derive(Default)]
pub(super) struct Loader {
    sources: Sources,
    diags: Vec<Diagnostic>,
}

impl Loader {
    /// Keeps a file's text for diagnostics, with its findings.
    fn keep(&mut self, side: &Side, rel: &str, text: String, diags: Vec<Diagnostic>) {
        let file = SourceFile::new(side.source_path(rel), side.file_label(rel), text);
        self.sources.add(file);
        self.diags.extend(diags);
    }

    fn parse<T>(
        &mut self,
        side: &Side,
        rel: &str,
        parse: ParseFn<T>,
    ) -> Result<Option<T>, DiffError> {
        let text = side.read(rel)?;
        let (value, diags) = parse(self.sources.len(), &text);
        self.keep(side, rel, text, diags);
        Ok(value)
    }

    pub(super) fn convention(
        &mut self,
        side: &Side,
        rel: &str,
    ) -> Result<Option<Convention>, DiffError> {
        self.parse(side, rel, load::parse_convention)
    }

    pub(super) fn annex(&mut self, side: &Side, rel: &str) -> Result<Option<Annex>, DiffError> {
        self.parse(side, rel, load::parse_annex)
    }

    /// Parses the two sides' already read texts at once (one per core).
    pub(super) fn pair<T: Send>(
        &mut self,
        (old, old_text): (&Side, String),
        (new, new_text): (&Side, String),
        parse: ParseFn<T>,
    ) -> (Option<T>, Option<T>) {
        let first = self.sources.len();
        let ((a, da), (b, db)) =
            rayon::join(|| parse(first, &old_text), || parse(first + 1, &new_text));
        self.keep(old, "", old_text, da);
        self.keep(new, "", new_text, db);
        (a, b)
    }

    /// Whether some file read so far has an error.
    pub(super) fn failed(&self) -> bool {
        self.diags.iter().any(|d| d.severity == Severity::Error)
    }

    pub(super) fn into_parts(self) -> (Sources, Vec<Diagnostic>) {
        (self.sources, self.diags)
    }
}
