//! Sections and articles without `id` are keyed by their title; the two sides' lists are
//! first aligned (with `similar`) so that an entry whose title changed in place is paired
//! with its old self: a renamed article is one change, not a removal and an addition.

use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::Entries;
use crate::diff::Section;

/// Second key part of an entry found on the old side only.
const REMOVED: &str = "\u{0}removed";
/// Second key part of an entry found on the new side only.
const ADDED: &str = "\u{0}added";

/// Pairs the titled entries of `section` on both sides: equal titles in order, then, where
/// the titles differ, old and new entries one by one in order; the rest are removed or added.
/// A paired old entry takes its new title as key.
pub(in crate::diff) fn align<'a>(old: &mut Entries<'a>, new: &mut Entries<'a>, section: Section) {
    let mut a = old.titled(section);
    let mut b = new.titled(section);
    if a.is_empty() && b.is_empty() {
        return;
    }
    let ta: Vec<&str> = a.iter().map(|e| e.key.1[0]).collect();
    let tb: Vec<&str> = b.iter().map(|e| e.key.1[0]).collect();
    for op in capture_diff_slices(Algorithm::Myers, &ta, &tb) {
        let (ro, rn) = (op.old_range(), op.new_range());
        if op.tag() == DiffTag::Equal {
            continue;
        }
        let paired = ro.len().min(rn.len());
        for (i, j) in ro.clone().zip(rn.clone()) {
            a[i].key.1[0] = b[j].key.1[0];
        }
        for i in ro.skip(paired) {
            a[i].key.1[1] = REMOVED;
        }
        for j in rn.skip(paired) {
            b[j].key.1[1] = ADDED;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diff::{ChangeKind, Section, diff_conventions};
    use crate::load::parse_convention;

    fn conv(articles: &[(&str, &str)]) -> crate::model::Convention {
        let mut t = String::from(
            "[convention]\nid = \"c\"\nkind = \"partenariat\"\ntitle = \"T\"\nregion = \"R\"\nstart = 2025-01-01\nstatus = \"draft\"\n",
        );
        for (title, text) in articles {
            t.push_str(&format!(
                "[[sections]]\ntitle = \"{title}\"\ntext = \"{text}\"\n"
            ));
        }
        let (c, d) = parse_convention(0, &t);
        assert!(
            !d.iter()
                .any(|d| d.severity == crate::diagnostic::Severity::Error),
            "{d:?}"
        );
        c.unwrap()
    }

    #[test]
    fn a_renamed_section_is_one_change() {
        let old = conv(&[("Objet", "x"), ("Durée", "y"), ("Litiges", "z")]);
        let new = conv(&[
            ("Objet", "x"),
            ("Durée de la convention", "y"),
            ("Litiges", "z"),
        ]);
        let d = diff_conventions(&old, &new);
        let got: Vec<_> = d
            .changes
            .iter()
            .map(|c| (c.kind, c.section, c.field))
            .collect();
        assert_eq!(
            got,
            vec![(ChangeKind::Changed, Section::Sections, Some("title"))]
        );
        assert_eq!(d.changes[0].index, [Some(1), Some(1)]);
    }

    #[test]
    fn inserted_and_removed_sections_stay_so() {
        let old = conv(&[("Objet", "x"), ("Durée", "y"), ("Litiges", "z")]);
        let new = conv(&[("Objet", "x"), ("Moyens", "m"), ("Durée", "y")]);
        let d = diff_conventions(&old, &new);
        let got: Vec<_> = d.changes.iter().map(|c| (c.kind, c.index)).collect();
        assert_eq!(
            got,
            vec![
                (ChangeKind::Added, [None, Some(1)]),
                (ChangeKind::Removed, [Some(2), None]),
            ]
        );
    }
}
