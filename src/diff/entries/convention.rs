//! The entries of a convention, section by section in reading order, and the summary of a
//! convention folder present on one side only.

use serde_json::Value;

use crate::model::{Annex, Convention};

use super::{Entries, Field, e, list, n, oe, os, s};
use crate::diff::Section;

/// Signatories, objectives and indicators are keyed by id, visas by ref else text, articles
/// by title, commitments by (objective, signatory), tools by name, absent roles by role,
/// `not_applicable` by (signatory, axis); the header, preamble, coordination-plan text and
/// governance are single entries.
pub(in crate::diff) fn convention(c: &Convention) -> Entries<'_> {
    let mut out = Entries::default();
    header(&mut out, c);
    parties(&mut out, c);
    if let Some(p) = &c.preamble {
        out.push(Section::Preamble, &[], vec![("text", s(&p.text))]);
    }
    sections(&mut out, c);
    objectives(&mut out, c);
    for x in &c.not_applicable {
        out.push(
            Section::NotApplicable,
            &[
                ("signatory", x.signatory.as_str()),
                ("axis", x.axis.as_str()),
            ],
            vec![
                ("signatory", s(&x.signatory)),
                ("axis", e(&x.axis)),
                ("reason", s(&x.reason)),
            ],
        );
    }
    coordination_and_governance(&mut out, c);
    for a in &c.articles {
        out.push(
            Section::Articles,
            &[("title", a.title.as_str())],
            vec![
                ("title", s(&a.title)),
                ("clause", oe(&a.clause)),
                ("text", s(&a.text)),
            ],
        );
    }
    out
}

/// The parties' own sections: by `id` when given, else by title after the two sides are
/// aligned (see `align`).
fn sections<'a>(out: &mut Entries<'a>, c: &'a Convention) {
    for x in &c.sections {
        let key: [(&'static str, &'a str); 2] = match &x.id {
            Some(id) => [("id", id.value.as_str()), ("", "id")],
            None => [("title", x.title.value.as_str()), ("", "")],
        };
        out.push_keyed(
            Section::Sections,
            key,
            vec![
                ("id", os(&x.id)),
                (
                    "level",
                    x.level
                        .as_ref()
                        .map_or(Field::Null, |l| Field::Int(l.value)),
                ),
                ("number", os(&x.number)),
                ("title", s(&x.title)),
                ("text", os(&x.text)),
            ],
        );
    }
}

fn header<'a>(out: &mut Entries<'a>, c: &'a Convention) {
    let h = &c.header;
    let sig = h.signature.as_ref();
    out.push(
        Section::Convention,
        &[],
        vec![
            ("id", s(&h.id)),
            ("kind", e(&h.kind)),
            ("title", s(&h.title)),
            ("short_title", os(&h.short_title)),
            ("region", s(&h.region)),
            ("start", e(&h.start)),
            ("end", oe(&h.end)),
            ("status", e(&h.status)),
            ("regime", os(&h.regime)),
            (
                "signature.place",
                sig.map(|x| os(&x.place)).unwrap_or(Field::Null),
            ),
            (
                "signature.date",
                sig.map(|x| oe(&x.date)).unwrap_or(Field::Null),
            ),
        ],
    );
}

/// Signatories, absent roles and visas.
fn parties<'a>(out: &mut Entries<'a>, c: &'a Convention) {
    for x in &c.signatories {
        let rep = x.represented_by.as_ref();
        out.push(
            Section::Signatories,
            &[("id", x.id.as_str())],
            vec![
                ("id", s(&x.id)),
                ("role", e(&x.role)),
                ("name", s(&x.name)),
                ("address", os(&x.address)),
                (
                    "represented_by.name",
                    rep.map(|r| os(&r.name)).unwrap_or(Field::Null),
                ),
                (
                    "represented_by.capacity",
                    rep.map(|r| os(&r.capacity)).unwrap_or(Field::Null),
                ),
                ("mandate", os(&x.mandate)),
            ],
        );
    }
    for x in &c.absent_roles {
        out.push(
            Section::AbsentRoles,
            &[("role", x.role.as_str())],
            vec![("role", e(&x.role)), ("reason", s(&x.reason))],
        );
    }
    for x in &c.visas {
        let key: (&str, &str) = match (&x.reference, &x.text) {
            (Some(r), _) => ("ref", r.as_str()),
            (None, Some(t)) => ("text", t.as_str()),
            (None, None) => ("ref", ""),
        };
        out.push(
            Section::Visas,
            &[key],
            vec![
                ("ref", os(&x.reference)),
                ("text", os(&x.text)),
                ("date", oe(&x.date)),
            ],
        );
    }
}

/// Each objective, then its commitments and indicators.
fn objectives<'a>(out: &mut Entries<'a>, c: &'a Convention) {
    for o in &c.objectives {
        out.push(
            Section::Objectives,
            &[("id", o.id.as_str())],
            vec![
                ("id", s(&o.id)),
                ("axis", e(&o.axis)),
                ("title", s(&o.title)),
                ("description", os(&o.description)),
                ("actions", list(&o.actions)),
                ("signatories", list(&o.signatories)),
            ],
        );
        for k in &o.commitments {
            out.push(
                Section::Commitments,
                &[
                    ("objective", o.id.as_str()),
                    ("signatory", k.signatory.as_str()),
                ],
                vec![
                    ("objective", s(&o.id)),
                    ("signatory", s(&k.signatory)),
                    ("text", s(&k.text)),
                ],
            );
        }
        for i in &o.indicators {
            let b = i.baseline.as_ref();
            out.push(
                Section::Indicators,
                &[("id", i.id.as_str())],
                vec![
                    ("id", s(&i.id)),
                    ("objective", s(&o.id)),
                    ("label", s(&i.label)),
                    ("unit", e(&i.unit)),
                    ("frequency", oe(&i.frequency)),
                    ("source", os(&i.source)),
                    (
                        "baseline.year",
                        b.map(|b| Field::Int(b.year.value)).unwrap_or(Field::Null),
                    ),
                    (
                        "baseline.value",
                        b.map(|b| n(&b.value)).unwrap_or(Field::Null),
                    ),
                ],
            );
        }
    }
}

/// The coordination plan (its text, then its tools) and the governance.
fn coordination_and_governance<'a>(out: &mut Entries<'a>, c: &'a Convention) {
    if let Some(p) = &c.coordination_plan {
        out.push(Section::CoordinationPlan, &[], vec![("text", os(&p.text))]);
        for t in &p.tools {
            out.push(
                Section::Tools,
                &[("name", t.name.as_str())],
                vec![
                    ("name", s(&t.name)),
                    ("operators", list(&t.operators)),
                    ("area", os(&t.area)),
                ],
            );
        }
    }
    let Some(g) = &c.governance else { return };
    let st = g.steering.as_ref();
    let op = g.opinion.as_ref();
    out.push(
        Section::Governance,
        &[],
        vec![
            (
                "steering.body",
                st.map(|x| s(&x.body)).unwrap_or(Field::Null),
            ),
            (
                "steering.frequency",
                st.map(|x| oe(&x.frequency)).unwrap_or(Field::Null),
            ),
            (
                "steering.members",
                st.map(|x| list(&x.members)).unwrap_or(Field::Null),
            ),
            ("evaluation", os(&g.evaluation)),
            (
                "opinion.body",
                op.map(|x| s(&x.body)).unwrap_or(Field::Null),
            ),
            (
                "opinion.date",
                op.map(|x| oe(&x.date)).unwrap_or(Field::Null),
            ),
        ],
    );
}

/// The value of the one change that stands for a convention folder present on one side only
/// (see `docs/diff.md`): its header, how many signatories and objectives, its annex years.
pub(in crate::diff) fn convention_summary(conv: &Convention, annexes: &[(i64, &Annex)]) -> Value {
    let h = &conv.header;
    serde_json::json!({
        "id": h.id.value,
        "kind": h.kind.value.as_str(),
        "title": h.title.value,
        "start": h.start.value.to_string(),
        "end": h.end.as_ref().map(|e| e.value.to_string()),
        "status": h.status.value.as_str(),
        "signatories": conv.signatories.len(),
        "objectives": conv.objectives.len(),
        "annexes": annexes.iter().map(|(y, _)| y.to_string()).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use crate::diff::{ChangeKind, Section, diff_conventions};
    use crate::load::parse_convention;

    #[test]
    fn conventions_are_compared_by_key() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/base/crpc-minimal/convention.toml"
        ))
        .unwrap();
        let (old, d) = parse_convention(0, &text);
        assert!(d.is_empty());
        let old = old.unwrap();
        let mut new = old.clone();
        new.signatories.reverse();
        new.header.title.value = "Nouveau titre".into();
        new.signatories.pop();
        let d = diff_conventions(&old, &new);
        let got: Vec<_> = d
            .changes
            .iter()
            .map(|c| (c.kind, c.section, c.key_label(), c.field))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    ChangeKind::Changed,
                    Section::Convention,
                    "—".into(),
                    Some("title")
                ),
                (
                    ChangeKind::Removed,
                    Section::Signatories,
                    "etat".into(),
                    None
                ),
            ]
        );
    }
}
