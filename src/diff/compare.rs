//! Matching the entries of both sides by key and turning the differences into changes.

use std::cmp::Ordering;

use serde_json::{Map, Value};

use super::entries::{Entry, Field};
use super::labels::Labels;
use super::{Change, ChangeKind, Section, words};

/// Walks both sorted lists (see [`Entries::sorted`](super::entries::Entries::sorted))
/// together: one pass, no nested loop. Entries match on their key and occurrence; a matched
/// pair gives one change per field that differs. The changes come out in document order.
pub(super) fn compare(
    old: Vec<Entry<'_>>,
    new: Vec<Entry<'_>>,
    unit: Option<String>,
    year: Option<i64>,
    labels: &Labels,
) -> Vec<Change> {
    let mut out = Vec::new();
    let change = |kind, entry: &Entry<'_>, index: [Option<usize>; 2], field, old, new| {
        let (key, label) = key_of(entry);
        let parts = &entry.key.1[..entry.arity];
        Change {
            convention: unit.clone(),
            year,
            kind,
            section: entry.key.0,
            key,
            label,
            field,
            old,
            new,
            name: labels.name(entry.key.0, parts, index),
            unit: unit_of(entry, field, labels),
            words: None,
            index,
        }
    };
    let mut o = old.into_iter().peekable();
    let mut n = new.into_iter().peekable();
    loop {
        let ord = match (o.peek(), n.peek()) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(a), Some(b)) => (a.key, a.occurrence).cmp(&(b.key, b.occurrence)),
        };
        match ord {
            Ordering::Less => {
                let entry = o.next().expect("peeked");
                let old = entry.whole();
                let at = [Some(entry.index), None];
                out.push(change(
                    ChangeKind::Removed,
                    &entry,
                    at,
                    None,
                    old,
                    Value::Null,
                ));
            }
            Ordering::Greater => {
                let entry = n.next().expect("peeked");
                let new = entry.whole();
                let at = [None, Some(entry.index)];
                out.push(change(
                    ChangeKind::Added,
                    &entry,
                    at,
                    None,
                    Value::Null,
                    new,
                ));
            }
            Ordering::Equal => {
                let a = o.next().expect("peeked");
                let b = n.next().expect("peeked");
                let at = [Some(a.index), Some(b.index)];
                for ((field, va), (_, vb)) in a.fields.iter().zip(&b.fields) {
                    if !va.same(vb) {
                        let mut c = change(
                            ChangeKind::Changed,
                            &b,
                            at,
                            Some(*field),
                            va.to_value(),
                            vb.to_value(),
                        );
                        c.words = word_ops(va, vb);
                        out.push(c);
                    }
                }
            }
        }
    }
    // Document order: by section, then by position (the new one, else the old one); the
    // sort is stable, so an entry's fields keep their order.
    out.sort_by_key(|c| (c.section, c.index[1].or(c.index[0]), c.index[1].is_some()));
    out
}

/// The word-by-word comparison of two texts of more than a few words.
fn word_ops(a: &Field<'_>, b: &Field<'_>) -> Option<Vec<words::WordOp>> {
    let (a, b) = (a.as_str()?, b.as_str()?);
    words::worth(a, b).then(|| words::diff(a, b))
}

/// The unit of a target's figures (its indicator's) and of an indicator's baseline.
fn unit_of(entry: &Entry<'_>, field: Option<&str>, labels: &Labels) -> Option<crate::model::Unit> {
    match (entry.key.0, field) {
        (Section::Targets, _) => labels.unit(entry.key.1[0]),
        (Section::Indicators, Some("baseline.value") | None) => labels.unit(entry.key.1[0]),
        _ => None,
    }
}

/// The key as a JSON object and as display text (built only for changed entries).
fn key_of(entry: &Entry<'_>) -> (Value, String) {
    let names = &entry.names[..entry.arity];
    let parts = &entry.key.1[..entry.arity];
    let n = entry.occurrence;
    let mut obj = Map::new();
    for (k, v) in names.iter().zip(parts) {
        obj.insert((*k).to_string(), Value::String((*v).to_string()));
    }
    let mut label = if parts.is_empty() {
        "—".to_string()
    } else {
        parts.join(" · ")
    };
    if n > 0 {
        obj.insert("occurrence".to_string(), Value::from(n + 1));
        label.push_str(&format!(" ({})", n + 1));
    }
    (Value::Object(obj), label)
}

#[cfg(test)]
mod tests {
    use crate::diff::testing::{BASE, annex, diff_base};
    use crate::diff::{ChangeKind, diff_annexes};

    #[test]
    fn identical_annexes_have_no_change() {
        let d = diff_base(BASE);
        assert!(d.is_empty(), "{:?}", d.changes);
    }

    #[test]
    fn added_and_removed_entries_carry_the_whole_entry() {
        let new = BASE.replace("objective = \"o2\"", "objective = \"o3\"");
        let d = diff_base(&new);
        let kinds: Vec<_> = d.changes.iter().map(|c| (c.kind, c.field)).collect();
        assert_eq!(
            kinds,
            vec![(ChangeKind::Removed, None), (ChangeKind::Added, None)]
        );
        assert_eq!(
            d.changes[1].new,
            serde_json::json!({"objective": "o3", "signatory": "b", "text": "appui"})
        );
        assert_eq!(d.changes[1].delta(), None);
    }

    #[test]
    fn repeated_keys_are_matched_by_occurrence() {
        let dup = format!("{BASE}\n[[targets]]\nindicator = \"i1\"\ntarget = 12.0\n");
        let d = diff_base(&dup);
        assert_eq!(d.changes.len(), 1);
        assert_eq!(d.changes[0].kind, ChangeKind::Added);
        assert_eq!(d.changes[0].key["occurrence"], serde_json::json!(2));
    }

    #[test]
    fn ten_thousand_means_compare_quickly() {
        let mut a = String::from("[annex]\nconvention = \"c\"\nyear = 2025\n");
        for i in 0..10_000 {
            a.push_str(&format!(
                "[[means]]\nobjective = \"o{}\"\nsignatory = \"s{}\"\nbudget_eur = {}\n",
                i % 100,
                i / 100,
                i
            ));
        }
        let b = a.replace("budget_eur = 5", "budget_eur = 6");
        let d = diff_annexes(&annex(&a), &annex(&b));
        assert!(d.changes.len() > 1000);
    }
}
