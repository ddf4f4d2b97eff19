//! Two folders compared: every convention folder below each (one holding `convention.toml`)
//! is matched by its relative path, then its annexes by year.

use std::collections::{BTreeMap, BTreeSet};

use crate::load::{ANNEX_DIR, CONVENTION_FILE, is_skipped_dir};
use crate::model::{Annex, Convention};

use super::labels::{self, Labels};
use super::loader::Loader;
use super::{ChangeKind, Diff, DiffError, Side};

/// Compares the conventions below two folders; `old_exists` is false for a folder added since
/// the revision compared with.
pub(super) fn compare(
    loader: &mut Loader,
    old_exists: bool,
    old: &Side,
    new: &Side,
) -> Result<Diff, DiffError> {
    let mut diff = Diff {
        folders: true,
        ..Diff::default()
    };
    let old_units = if old_exists {
        units(&old.list()?)
    } else {
        BTreeMap::new()
    };
    let new_units = units(&new.list()?);
    if old_units.is_empty() && new_units.is_empty() {
        return Err(DiffError::NoConvention {
            old: old.label(),
            new: new.label(),
        });
    }
    let dirs: BTreeSet<&String> = old_units.keys().chain(new_units.keys()).collect();
    let single = dirs.len() == 1 && dirs.contains(&String::new());
    for dir in dirs {
        let unit = (!single).then_some(if dir.is_empty() { "." } else { dir.as_str() });
        let a = load_unit(loader, old, old_units.get(dir))?;
        let b = load_unit(loader, new, new_units.get(dir))?;
        if !loader.failed() {
            compare_unit(&mut diff, unit, &a, &b);
        }
    }
    Ok(diff)
}

/// A convention folder as loaded: its convention, and its annexes by year.
type LoadedUnit = (Option<Convention>, BTreeMap<i64, Annex>);

/// Adds the comparison of one convention folder; a folder on one side only is one change
/// for the whole convention.
fn compare_unit(diff: &mut Diff, unit: Option<&str>, a: &LoadedUnit, b: &LoadedUnit) {
    let whole = match (&a.0, &b.0) {
        (Some(c), None) => Some((ChangeKind::Removed, c, &a.1)),
        (None, Some(c)) => Some((ChangeKind::Added, c, &b.1)),
        _ => None,
    };
    if let Some((kind, conv, annexes)) = whole {
        let annexes: Vec<(i64, &Annex)> = annexes.iter().map(|(y, x)| (*y, x)).collect();
        diff.add_whole_convention(unit, kind, conv, &annexes);
        return;
    }
    diff.add_conventions(unit, a.0.as_ref(), b.0.as_ref());
    let years: BTreeSet<i64> = a.1.keys().chain(b.1.keys()).copied().collect();
    if years.is_empty() {
        return;
    }
    let labels = Labels {
        old: labels::Side::of(a.0.as_ref()),
        new: labels::Side::of(b.0.as_ref()),
    };
    for y in years {
        diff.add_annexes_of(unit, Some(y), a.1.get(&y), b.1.get(&y), &labels);
    }
}

/// Files of one convention folder, relative to the compared folder.
struct UnitFiles {
    convention: String,
    annexes: Vec<String>,
}

/// Convention folders (relative dir → files) among the listed `.toml` files.
fn units(files: &[String]) -> BTreeMap<String, UnitFiles> {
    let mut out: BTreeMap<String, UnitFiles> = BTreeMap::new();
    for f in files {
        let (dir, name) = f.rsplit_once('/').unwrap_or(("", f));
        if name == CONVENTION_FILE && !dir.split('/').any(is_skipped_dir) {
            out.insert(
                dir.to_string(),
                UnitFiles {
                    convention: f.clone(),
                    annexes: Vec::new(),
                },
            );
        }
    }
    for f in files {
        let (dir, _) = f.rsplit_once('/').unwrap_or(("", f));
        let (unit, last) = dir.rsplit_once('/').unwrap_or(("", dir));
        if last == ANNEX_DIR
            && let Some(u) = out.get_mut(unit)
        {
            u.annexes.push(f.clone());
        }
    }
    out
}

/// Loads one side of a convention folder (nothing when the folder is absent on that side).
fn load_unit(
    loader: &mut Loader,
    side: &Side,
    files: Option<&UnitFiles>,
) -> Result<LoadedUnit, DiffError> {
    let Some(files) = files else {
        return Ok((None, BTreeMap::new()));
    };
    let conv = loader.convention(side, &files.convention)?;
    let mut annexes = BTreeMap::new();
    for f in &files.annexes {
        if let Some(a) = loader.annex(side, f)? {
            let year = a.header.year.value;
            if annexes.contains_key(&year) {
                return Err(DiffError::SameYear {
                    year,
                    side: side.label(),
                });
            }
            annexes.insert(year, a);
        }
    }
    Ok((conv, annexes))
}

/// One convention folder of a side, as loaded for `convgen avenant`.
pub enum Folder {
    /// Its convention and its annexes by year.
    Loaded(Box<Convention>, BTreeMap<i64, Annex>),
    /// Some file has syntax or schema errors: every file read, and every finding.
    Invalid {
        sources: crate::source::Sources,
        diags: Vec<crate::diagnostic::Diagnostic>,
    },
}

/// Loads the convention folder a side names (its `convention.toml` and `annexes/`).
pub fn load_folder(side: &Side) -> Result<Folder, DiffError> {
    let listed = units(&side.list()?);
    let Some(files) = listed.get("") else {
        return Err(DiffError::NotAConvention(side.label()));
    };
    let mut loader = Loader::default();
    let (conv, annexes) = load_unit(&mut loader, side, Some(files))?;
    match conv {
        Some(c) if !loader.failed() => Ok(Folder::Loaded(Box::new(c), annexes)),
        _ => {
            let (sources, diags) = loader.into_parts();
            Ok(Folder::Invalid { sources, diags })
        }
    }
}
