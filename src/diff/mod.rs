//! `convgen diff`: semantic comparison of two versions of a convention or of an annual annex.
//!
//! Entries are keyed (means by objective and signatory, targets by indicator, investments by
//! signatory and label, signatories, objectives and indicators by id, visas by ref else text,
//! articles by title), so reordering entries or reformatting a file is not a change; the keys
//! are listed in `docs/diff.md`. The comparison itself ([`diff_conventions`], [`diff_annexes`],
//! the `add_*` methods of [`Diff`]) is pure: it works on the loaded [`model`](crate::model),
//! without I/O; only the reading of the two sides touches the disk or git.
//!
//! - `entries`: each section of a convention or annex as keyed entries borrowing the model;
//! - `compare`: both sorted entry lists walked together into [`Change`]s;
//! - `totals`: sums of the means and investments per signatory and objective ([`Totals`]);
//! - `sides` and `git`: the two sides ([`Side`]) read from disk or from a git revision, then
//!   `files` or `folders` pair what they hold (conventions by folder, annexes by year) and
//!   [`diff_sides`] compares them, with a [`DiffError`] when it cannot;
//! - [`format`](mod@format): the result as text, Markdown or JSON.

mod compare;
mod entries;
mod error;
mod files;
mod folders;
pub mod format;
mod git;
mod labels;
mod loader;
mod section;
mod sides;
#[cfg(test)]
mod testing;
mod totals;
pub mod words;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::model::{Annex, Convention, Unit};
use crate::source::Sources;

use labels::Labels;
use words::WordOp;

pub use error::DiffError;
pub use folders::{Folder, load_folder};
pub use git::revision_sides;
pub use section::Section;
pub use sides::Side;
pub use totals::{Amount, TotalRow, Totals};

/// What happened to an entry or a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// One difference between the old and the new version.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Folder of the convention (relative to the compared folders) when several are compared.
    pub convention: Option<String>,
    /// Year of the annex the change belongs to (folder comparisons only; `None` for the
    /// convention file).
    pub year: Option<i64>,
    pub kind: ChangeKind,
    pub section: Section,
    /// The entry key as a JSON object, e.g. `{"objective": "…", "signatory": "…"}`.
    pub key: Value,
    /// The key values in key order, joined with ` · ` (`—` for a section without key).
    pub label: String,
    /// The changed field; `None` for an added or removed entry.
    pub field: Option<&'static str>,
    /// Old value (the whole entry as an object for a removed entry; `null` when added).
    pub old: Value,
    /// New value (the whole entry as an object for an added entry; `null` when removed).
    pub new: Value,
    /// What the entry is in words, as the document names it (« Objectif 2 – Mobiliser… ·
    /// France Travail », « Article 4 – Objet », an indicator's label), when the convention
    /// is known.
    pub name: Option<String>,
    /// The unit of the indicator a target or a baseline counts in.
    pub unit: Option<Unit>,
    /// A text field compared word by word: the changed words in context.
    pub words: Option<Vec<WordOp>>,
    /// The entry's position in its section on the old and the new side (0-based): changes
    /// are listed in document order, and the avenant finds the article it amends.
    pub index: [Option<usize>; 2],
}

impl Change {
    /// Whether the value is a percentage, whose change is counted in points.
    pub fn in_points(&self) -> bool {
        self.unit == Some(Unit::Pourcentage)
    }

    /// `new - old` when the field is a number on at least one side (a missing value counts 0).
    pub fn delta(&self) -> Option<f64> {
        if self.kind != ChangeKind::Changed || self.field.is_some_and(|f| f.ends_with("year")) {
            return None;
        }
        numeric_pair(&self.old, &self.new).map(|(o, n)| round(n - o, 6))
    }

    /// Relative change in percent, 2 decimals; `None` when old is 0 or missing, and for a
    /// percentage (its change is in points: [`Change::delta`]).
    pub fn delta_pct(&self) -> Option<f64> {
        if self.in_points() {
            return None;
        }
        self.delta()?;
        numeric_pair(&self.old, &self.new).and_then(|(o, n)| pct(o, n))
    }

    /// The key as display text: its values in key order joined with ` · ` (`—` if none).
    pub fn key_label(&self) -> String {
        self.label.clone()
    }
}

fn numeric_pair(old: &Value, new: &Value) -> Option<(f64, f64)> {
    match (old, new) {
        (Value::Number(o), Value::Number(n)) => Some((o.as_f64()?, n.as_f64()?)),
        (Value::Null, Value::Number(n)) => Some((0.0, n.as_f64()?)),
        (Value::Number(o), Value::Null) => Some((o.as_f64()?, 0.0)),
        _ => None,
    }
}

/// Rounds to `digits` decimals.
pub fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    let r = (x * f).round() / f;
    if r == 0.0 { 0.0 } else { r }
}

/// Relative change in percent (2 decimals), `None` when `old` is 0.
pub fn pct(old: f64, new: f64) -> Option<f64> {
    (old != 0.0).then(|| round((new - old) / old.abs() * 100.0, 2))
}

/// A JSON number, written as an integer when it is one.
pub fn num(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x)
            .map(Value::Number)
            .unwrap_or(Value::Null)
    }
}

/// The result of a comparison.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diff {
    pub changes: Vec<Change>,
    pub totals: Totals,
    /// Whether folders were compared (changes then carry their annex year).
    pub folders: bool,
}

/// Counts of changes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

impl Counts {
    pub fn total(&self) -> usize {
        self.added + self.removed + self.changed
    }
    fn count(&mut self, kind: ChangeKind) {
        match kind {
            ChangeKind::Added => self.added += 1,
            ChangeKind::Removed => self.removed += 1,
            ChangeKind::Changed => self.changed += 1,
        }
    }
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Counts overall and per section (sections in reading order).
    pub fn counts(&self) -> (Counts, BTreeMap<Section, Counts>) {
        let mut all = Counts::default();
        let mut per = BTreeMap::new();
        for c in &self.changes {
            all.count(c.kind);
            per.entry(c.section)
                .or_insert_with(Counts::default)
                .count(c.kind);
        }
        (all, per)
    }

    /// Adds the comparison of two conventions (either may be absent: added or removed).
    /// Sections and articles without `id` are paired by their order and titles, so that a
    /// renamed article is one change.
    pub fn add_conventions<'a>(
        &mut self,
        unit: Option<&str>,
        old: Option<&'a Convention>,
        new: Option<&'a Convention>,
    ) {
        let ((mut a, la), (mut b, lb)) = rayon::join(
            || {
                (
                    old.map(entries::convention).unwrap_or_default(),
                    labels::Side::of(old),
                )
            },
            || {
                (
                    new.map(entries::convention).unwrap_or_default(),
                    labels::Side::of(new),
                )
            },
        );
        for section in [Section::Sections, Section::Articles] {
            entries::align(&mut a, &mut b, section);
        }
        let labels = Labels { old: la, new: lb };
        let unit = unit.map(str::to_string);
        let changes = compare::compare(a.sorted(), b.sorted(), unit, None, &labels);
        self.changes.extend(changes);
    }

    /// Adds a convention folder present on one side only, as **one** change (added or
    /// removed) summarising it, rather than one change per entry; the totals of its annexes
    /// still count (against zero on the other side).
    pub fn add_whole_convention(
        &mut self,
        unit: Option<&str>,
        kind: ChangeKind,
        conv: &Convention,
        annexes: &[(i64, &Annex)],
    ) {
        let id = &conv.header.id.value;
        let summary = entries::convention_summary(conv, annexes);
        let (old, new) = match kind {
            ChangeKind::Removed => (summary, Value::Null),
            _ => (Value::Null, summary),
        };
        let unit = unit.map(str::to_string);
        self.changes.push(Change {
            convention: unit.clone(),
            year: None,
            kind,
            section: Section::Convention,
            key: serde_json::json!({ "id": id }),
            label: id.clone(),
            field: None,
            old,
            new,
            name: None,
            unit: None,
            words: None,
            index: [None, None],
        });
        let labels = Labels::one(Some(conv));
        for (year, annex) in annexes {
            let (o, n) = match kind {
                ChangeKind::Removed => (Some(*annex), None),
                _ => (None, Some(*annex)),
            };
            totals::add(&mut self.totals, (unit.clone(), Some(*year)), o, n, &labels);
        }
    }

    /// Adds the comparison of two annual annexes (either may be absent) and their totals.
    /// `year` tags the changes (folder comparisons).
    pub fn add_annexes(
        &mut self,
        unit: Option<&str>,
        year: Option<i64>,
        old: Option<&Annex>,
        new: Option<&Annex>,
    ) {
        self.add_annexes_of(unit, year, old, new, &Labels::default());
    }

    /// [`Diff::add_annexes`], the entries named after the convention they belong to.
    pub(crate) fn add_annexes_of(
        &mut self,
        unit: Option<&str>,
        year: Option<i64>,
        old: Option<&Annex>,
        new: Option<&Annex>,
        labels: &Labels,
    ) {
        let unit = unit.map(str::to_string);
        // Each side's entries are built and sorted on its own core.
        let (o, n) = rayon::join(
            || old.map(entries::annex).unwrap_or_default().sorted(),
            || new.map(entries::annex).unwrap_or_default().sorted(),
        );
        self.changes
            .extend(compare::compare(o, n, unit.clone(), year, labels));
        totals::add(&mut self.totals, (unit, year), old, new, labels);
    }
}

/// Compares two conventions.
pub fn diff_conventions(old: &Convention, new: &Convention) -> Diff {
    let mut d = Diff::default();
    d.add_conventions(None, Some(old), Some(new));
    d
}

/// Compares two annual annexes.
pub fn diff_annexes(old: &Annex, new: &Annex) -> Diff {
    let mut d = Diff::default();
    d.add_annexes(None, None, Some(old), Some(new));
    d
}

/// What comparing two sides gives.
#[derive(Debug)]
pub enum Outcome {
    /// The comparison, with the names of the two sides (`path`, or `REV:path` in git).
    Diff {
        diff: Diff,
        old: String,
        new: String,
    },
    /// Some file has syntax or schema errors: every file read, and every finding.
    Invalid {
        sources: Sources,
        diags: Vec<Diagnostic>,
    },
}

/// Compares two sides: two annexes, two conventions, or two folders of conventions (each
/// convention matched by its folder, its annexes by year). A file that does not load gives
/// [`Outcome::Invalid`]; a path that cannot be compared gives an error.
pub fn diff_sides(old: &Side, new: &Side) -> Result<Outcome, DiffError> {
    let (old_label, new_label) = (old.label(), new.label());
    let missing = |s: &Side| DiffError::NotFound(s.label());
    let new_nature = new.nature()?.ok_or_else(|| missing(new))?;
    let old_nature = match old.nature()? {
        Some(n) => Some(n),
        // A folder added since the revision: every convention below it is added.
        None if old.in_git() && new_nature == sides::Nature::Folder => None,
        None => return Err(old.missing()),
    };
    if old_nature.is_some_and(|n| n != new_nature) {
        return Err(DiffError::NotSameNature {
            old: old_label,
            new: new_label,
        });
    }
    let mut loader = loader::Loader::default();
    let diff = match new_nature {
        sides::Nature::File => files::compare(&mut loader, old, new)?,
        sides::Nature::Folder => folders::compare(&mut loader, old_nature.is_some(), old, new)?,
    };
    if loader.failed() {
        let (sources, diags) = loader.into_parts();
        return Ok(Outcome::Invalid { sources, diags });
    }
    Ok(Outcome::Diff {
        diff,
        old: old_label,
        new: new_label,
    })
}

#[cfg(test)]
mod tests {
    use super::testing::{BASE, budget_raised, diff_base};
    use super::*;

    #[test]
    fn changed_number_has_delta_and_percent() {
        let d = budget_raised();
        assert_eq!(d.changes.len(), 1);
        let c = &d.changes[0];
        assert_eq!(c.kind, ChangeKind::Changed);
        assert_eq!(c.section, Section::Means);
        assert_eq!(c.field, Some("budget_eur"));
        assert_eq!(
            c.key,
            serde_json::json!({"objective": "o1", "signatory": "a"})
        );
        assert_eq!(c.old, serde_json::json!(950000));
        assert_eq!(c.new, serde_json::json!(975000));
        assert_eq!(c.delta(), Some(25000.0));
        assert_eq!(c.delta_pct(), Some(2.63));
    }

    #[test]
    fn percent_is_null_when_old_is_zero_or_missing() {
        let new = BASE.replace("text = \"appui\"", "text = \"appui\"\netp = 0.5");
        let d = diff_base(&new);
        assert_eq!(d.changes.len(), 1);
        assert_eq!(d.changes[0].delta(), Some(0.5));
        assert_eq!(d.changes[0].delta_pct(), None);
        assert_eq!(pct(0.0, 3.0), None);
        assert_eq!(pct(3.0, 0.0), Some(-100.0));
    }
}
