//! Where the parts of a convention stand in the rendered document: the one function other
//! stages ask for a place (`convgen matrix` names the article that meets a requirement), so
//! that they never walk the view's tree themselves.
//!
//! A place is the path of numbers down the body's tree (« Titre II, II-1, Objectif 2 »,
//! « Article 4 »); a section without a number is named by its title. Places follow whatever
//! layout the view built: the default of the kind or the parties' `[[sections]]`.

use super::{DocView, Front, Item, PartyLine, SectionView, layout};
use crate::markup::plain;
use crate::model::{Axis, Include};

/// A part of the convention's data that the document shows somewhere.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Anchor {
    /// The cover page (title, region, period), or the title heading the first page.
    Cover,
    /// The parties (« ENTRE … ET … ») as a whole.
    Parties,
    /// The party of `[[signatories]]` number `n` (0-based).
    Party(usize),
    /// The visa of `[[visas]]` number `n` (0-based).
    Visa(usize),
    /// The committee's opinion, shown as a visa.
    Opinion,
    Preamble,
    /// The objective with this id.
    Objective(String),
    /// The section holding the objectives of an item of article L. 6123-4 (or every
    /// objective, when one section holds them all).
    Axis(Axis),
    CoordinationPlan,
    Steering,
    /// The evaluation arrangements (`governance.evaluation`).
    Evaluation,
    /// The entry of `[[articles]]` number `n` (0-based).
    Article(usize),
    /// The entry of `[[sections]]` number `n` (0-based).
    Section(usize),
    /// The signature block.
    Signature,
    /// The annual annex of this year.
    Annex(i64),
}

/// Every anchor the document shows, with its place there, in document order. An anchor met
/// twice keeps both entries; callers that want one take the first.
pub fn anchors(view: &DocView) -> Vec<(Anchor, String)> {
    let mut out = vec![(Anchor::Cover, "Page de titre".to_string())];
    for f in &view.front {
        match f {
            Front::Parties { lines } => {
                out.push((Anchor::Parties, "Parties".into()));
                let parties = lines.iter().filter_map(|l| match l {
                    PartyLine::Party { index, .. } => Some(*index),
                    _ => None,
                });
                for (n, index) in parties.enumerate() {
                    out.push((Anchor::Party(index), format!("Parties, {}", ordinal(n + 1))));
                }
            }
            Front::Visas { sources, .. } => {
                for (n, source) in sources.iter().enumerate() {
                    let place = format!("Visas, {}", ordinal(n + 1));
                    out.push((source.map_or(Anchor::Opinion, Anchor::Visa), place));
                }
            }
            Front::Preamble { title, .. } => {
                let name = plain(title);
                let name = if name.is_empty() {
                    "Préambule".into()
                } else {
                    name
                };
                out.push((Anchor::Preamble, name));
            }
            Front::Quotations { .. } | Front::Agreed { .. } => {}
        }
    }
    for s in &view.body {
        section(s, "", &mut out);
    }
    out.push((Anchor::Signature, "Signatures".into()));
    for a in &view.annexes {
        if let Some(year) = a.anchor.strip_prefix("annex:").and_then(|y| {
            // Declared annexes are numbered `annex:1`, `annex:2`…; years have four digits.
            (y.len() == 4).then(|| y.parse::<i64>().ok()).flatten()
        }) {
            out.push((Anchor::Annex(year), plain(&a.heading)));
        }
    }
    out
}

fn section(s: &SectionView, parent: &str, out: &mut Vec<(Anchor, String)>) {
    let name = if s.number_plain.is_empty() {
        s.title_plain.clone()
    } else {
        s.number_plain.clone()
    };
    let place = if parent.is_empty() {
        name
    } else {
        format!("{parent}, {name}")
    };
    match s.source {
        Some(layout::Source::Article(i)) => out.push((Anchor::Article(i), place.clone())),
        Some(layout::Source::Section(i)) => out.push((Anchor::Section(i), place.clone())),
        None => {}
    }
    if let Some(id) = s.anchor.strip_prefix("objective:") {
        out.push((Anchor::Objective(id.to_string()), place.clone()));
    }
    for include in &s.includes {
        match include {
            Include::Objectives(Some(axis)) => out.push((Anchor::Axis(*axis), place.clone())),
            Include::Objectives(None) => {
                out.extend(
                    Axis::VARIANTS
                        .iter()
                        .map(|a| (Anchor::Axis(*a), place.clone())),
                );
            }
            Include::CoordinationPlan => out.push((Anchor::CoordinationPlan, place.clone())),
            Include::Steering => out.push((Anchor::Steering, place.clone())),
            Include::Evaluation => out.push((Anchor::Evaluation, place.clone())),
            Include::Objective(_) | Include::Calendar | Include::Indicators | Include::Annexes => {}
        }
    }
    for item in &s.content {
        if let Item::Section { s: sub } = item {
            section(sub, &place, out);
        }
    }
}

/// « 1re », « 2e »…
fn ordinal(n: usize) -> String {
    if n == 1 {
        "1re".into()
    } else {
        format!("{n}e")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Annex;

    fn view_of(dir: &str) -> DocView {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let ws = crate::load::load(&[dir]).unwrap();
        let unit = &ws.units[0];
        let annexes: Vec<&Annex> = unit
            .annexes
            .iter()
            .filter_map(|a| a.annex.as_ref())
            .collect();
        super::super::build(unit.convention.as_ref().unwrap(), &annexes, String::new())
    }

    fn place(all: &[(Anchor, String)], anchor: Anchor) -> Option<&str> {
        all.iter()
            .find(|(a, _)| *a == anchor)
            .map(|(_, s)| s.as_str())
    }

    #[test]
    fn crpc_parts_have_their_titre_and_chapter() {
        let v = view_of("tests/fixtures/base/crpc-minimal");
        let all = anchors(&v);
        assert_eq!(
            place(&all, Anchor::Objective("mobiliser".into())),
            Some("Titre II, II-1, Objectif 1")
        );
        assert_eq!(place(&all, Anchor::CoordinationPlan), Some("Titre III"));
        assert_eq!(
            place(&all, Anchor::Axis(Axis::Sprf)),
            Some("Titre II, II-3")
        );
        assert_eq!(place(&all, Anchor::Axis(Axis::Diagnostic)), Some("Titre I"));
        assert_eq!(place(&all, Anchor::Visa(0)), Some("Visas, 1re"));
        assert_eq!(place(&all, Anchor::Party(2)), Some("Parties, 3e"));
        assert_eq!(
            place(&all, Anchor::Annex(2026)),
            Some("Annexe 2 – Année 2026")
        );
        assert_eq!(place(&all, Anchor::Steering), Some("Titre IV, IV-1"));
    }

    #[test]
    fn written_sections_are_found_by_their_index() {
        let v = view_of("examples/spro-normandie-2025");
        let all = anchors(&v);
        let sections: Vec<&str> = all
            .iter()
            .filter_map(|(a, s)| matches!(a, Anchor::Section(_)).then_some(s.as_str()))
            .collect();
        assert!(sections.contains(&"ARTICLE 1ER"), "{sections:?}");
        assert!(place(&all, Anchor::CoordinationPlan).is_none());
    }

    #[test]
    fn sub_sections_are_placed_under_their_parent() {
        let v = view_of("examples/partenariat-occitanie-france-travail-2025");
        let all = anchors(&v);
        let steering = place(&all, Anchor::Steering).unwrap();
        assert!(steering.starts_with("V., "), "{steering}");
        assert_eq!(place(&all, Anchor::Evaluation), Some(steering));
        let v = view_of("examples/crpc-centre-val-de-loire-2025");
        let all = anchors(&v);
        assert_eq!(
            place(&all, Anchor::Objective("eval-suivi".into())),
            Some("Titre IV, IV-2, Objectif 1")
        );
        assert_eq!(place(&all, Anchor::Opinion), Some("Visas, 11e"));
    }
}
