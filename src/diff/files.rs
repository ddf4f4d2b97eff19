//! Two files compared: two annual annexes or two conventions.

use std::path::Path;

use crate::load::{self, ANNEX_DIR, CONVENTION_FILE};

use super::labels::Labels;
use super::loader::Loader;
use super::{Diff, DiffError, Side};

/// Reads both files, checks they are of the same kind, and compares them (no change is added
/// when either does not load: the loader then holds the errors).
pub(super) fn compare(loader: &mut Loader, old: &Side, new: &Side) -> Result<Diff, DiffError> {
    let (old_text, new_text) = (old.read("")?, new.read("")?);
    let old_annex = is_annex_file(old, &old_text);
    let new_annex = is_annex_file(new, &new_text);
    if old_annex != new_annex {
        return Err(DiffError::NotSameKind {
            old: old.label(),
            old_annex,
            new: new.label(),
            new_annex,
        });
    }
    let mut diff = Diff::default();
    if new_annex {
        let (a, b) = loader.pair((old, old_text), (new, new_text), load::parse_annex);
        if let (Some(a), Some(b), false) = (&a, &b, loader.failed()) {
            let conv = new
                .convention_of_annex()
                .or_else(|| old.convention_of_annex());
            let labels = Labels::one(conv.as_ref());
            diff.add_annexes_of(None, None, Some(a), Some(b), &labels);
        }
        // Freeing two large models takes a few milliseconds: do it on another core while
        // the report is written.
        rayon::spawn(move || drop((a, b)));
    } else {
        let (a, b) = loader.pair((old, old_text), (new, new_text), load::parse_convention);
        if let (Some(a), Some(b), false) = (&a, &b, loader.failed()) {
            diff.add_conventions(None, Some(a), Some(b));
        }
    }
    Ok(diff)
}

/// Whether a single file is an annual annex (by its folder or name, else by its content).
fn is_annex_file(side: &Side, text: &str) -> bool {
    let name = side.label();
    let path = Path::new(&name);
    if path
        .parent()
        .and_then(Path::file_name)
        .is_some_and(|n| n == ANNEX_DIR)
    {
        return true;
    }
    if path.file_name().is_some_and(|n| n == CONVENTION_FILE) {
        return false;
    }
    text.lines().any(|l| l.trim() == "[annex]")
}
