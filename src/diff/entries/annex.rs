//! The entries of an annual annex: its header, then means, targets and investments.

use crate::model::Annex;

use super::{Entries, Field, n, oe, on, os, s};
use crate::diff::Section;

/// Means are keyed by (objective, signatory), targets by indicator, investments by
/// (signatory, label); the header is a single entry.
pub(in crate::diff) fn annex(a: &Annex) -> Entries<'_> {
    let mut out = Entries::default();
    let h = &a.header;
    out.push(
        Section::Annex,
        &[],
        vec![
            ("convention", s(&h.convention)),
            ("year", Field::Int(h.year.value)),
            ("adopted", oe(&h.adopted)),
        ],
    );
    for m in &a.means {
        out.push(
            Section::Means,
            &[
                ("objective", m.objective.as_str()),
                ("signatory", m.signatory.as_str()),
            ],
            vec![
                ("objective", s(&m.objective)),
                ("signatory", s(&m.signatory)),
                ("etp", on(&m.etp)),
                ("budget_eur", on(&m.budget_eur)),
                ("text", os(&m.text)),
            ],
        );
    }
    for t in &a.targets {
        out.push(
            Section::Targets,
            &[("indicator", t.indicator.as_str())],
            vec![
                ("indicator", s(&t.indicator)),
                ("target", on(&t.target)),
                ("actual", on(&t.actual)),
            ],
        );
    }
    for i in &a.investments {
        out.push(
            Section::Investments,
            &[
                ("signatory", i.signatory.as_str()),
                ("label", i.label.as_str()),
            ],
            vec![
                ("signatory", s(&i.signatory)),
                ("label", s(&i.label)),
                ("amount_eur", n(&i.amount_eur)),
            ],
        );
    }
    out
}
