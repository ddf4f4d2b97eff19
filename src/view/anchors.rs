//! Where the parts of a convention stand in the rendered document: the one function other
//! stages ask for a number (`convgen matrix` names the article that meets a requirement), so
//! that they never walk the view's structure themselves. It follows today's layout (Titres I
//! to IV for a CRPC, numbered articles otherwise); a new layout re-implements [`anchors`].

use super::DocView;
use crate::model::Axis;

/// A part of the convention's data that the document shows somewhere.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Anchor {
    /// The cover page (title, region, period).
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
    /// The part of the document for an item of article L. 6123-4 (where the objectives of
    /// that axis and its « sans objet » entries are).
    Axis(Axis),
    CoordinationPlan,
    Steering,
    /// The evaluation arrangements (`governance.evaluation`).
    Evaluation,
    /// The entry of `[[articles]]` number `n` (0-based).
    Article(usize),
    /// The signature block.
    Signature,
    /// The annual annex of this year.
    Annex(i64),
}

/// Every anchor the document shows, with its number or heading there (« Titre II, II-1,
/// Objectif 3 », « Article 4 », « Visas (2e) »), in document order.
pub fn anchors(view: &DocView) -> Vec<(Anchor, String)> {
    let mut out = vec![(Anchor::Cover, "Page de titre".to_string())];
    out.push((Anchor::Parties, "Parties".into()));
    for i in 0..view.parties.len() {
        out.push((Anchor::Party(i), format!("Parties, {}", ordinal(i + 1))));
    }
    for i in 0..view.visas.len() {
        let place = format!("Visas, {}", ordinal(i + 1));
        if view.opinion_visa == Some(i) {
            out.push((Anchor::Opinion, place));
        } else {
            out.push((Anchor::Visa(i), place));
        }
    }
    if view.preamble.is_some() {
        out.push((Anchor::Preamble, "Préambule".into()));
    }
    if view.crpc {
        for t in &view.titles {
            for c in &t.chapters {
                let part = if c.number.is_empty() {
                    t.number.clone()
                } else {
                    format!("{}, {}", t.number, c.number)
                };
                if !c.tools.is_empty() || c.heading.starts_with("Plan de coordination") {
                    out.push((Anchor::CoordinationPlan, part.clone()));
                }
                if c.steering.is_some() {
                    out.push((Anchor::Steering, part.clone()));
                }
                if let Some(axis) = axis_of(c) {
                    out.push((Anchor::Axis(axis), part.clone()));
                }
                if c.heading == "Suivi et évaluation" && c.text.is_some() {
                    out.push((Anchor::Evaluation, part.clone()));
                }
                for o in &c.objectives {
                    out.push((
                        Anchor::Objective(o.id.clone()),
                        format!("{part}, {}", o.number),
                    ));
                }
                for a in &c.articles {
                    if let Some(i) = a.source {
                        out.push((Anchor::Article(i), format!("{part}, Article {}", a.number)));
                    }
                }
            }
        }
    } else {
        for a in &view.articles {
            let article = format!("Article {}", a.number);
            match a.source {
                Some(i) => out.push((Anchor::Article(i), article.clone())),
                None if a.objectives.is_empty() => {
                    if a.steering.is_some() {
                        out.push((Anchor::Steering, article.clone()));
                    }
                    if a.text.is_some() {
                        out.push((Anchor::Evaluation, article.clone()));
                    }
                }
                None => {}
            }
            for o in &a.objectives {
                out.push((
                    Anchor::Objective(o.id.clone()),
                    format!("{article}, {}", o.number),
                ));
            }
        }
    }
    out.push((Anchor::Signature, "Signatures".into()));
    for a in &view.annexes {
        out.push((Anchor::Annex(a.year), a.heading.clone()));
    }
    out
}

/// The axis a chapter of Titre II holds: that of its objectives, else the one its heading
/// names (the chapters of items 1° to 3° are there even without objectives).
fn axis_of(c: &super::Chapter) -> Option<Axis> {
    if let Some(o) = c.objectives.first() {
        return Axis::parse(o.axis).filter(|a| !matches!(a, Axis::Diagnostic));
    }
    let h = c.heading.as_str();
    if h.starts_with("Mobilisation coordonnée") {
        Some(Axis::Mobilisation)
    } else if h.starts_with("Participation au service public régional de l'orientation") {
        Some(Axis::Spro)
    } else if h.starts_with("Action au sein du service public régional de la formation") {
        Some(Axis::Sprf)
    } else {
        None
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
        assert_eq!(
            place(&all, Anchor::Objective("evaluer".into())),
            Some("Titre II, II-4, Objectif 4")
        );
        assert_eq!(place(&all, Anchor::CoordinationPlan), Some("Titre III"));
        assert_eq!(
            place(&all, Anchor::Axis(Axis::Sprf)),
            Some("Titre II, II-3")
        );
        assert_eq!(place(&all, Anchor::Axis(Axis::Diagnostic)), None);
        assert_eq!(place(&all, Anchor::Visa(0)), Some("Visas, 1re"));
        assert_eq!(place(&all, Anchor::Opinion), Some("Visas, 6e"));
        assert_eq!(place(&all, Anchor::Party(2)), Some("Parties, 3e"));
        assert_eq!(
            place(&all, Anchor::Annex(2026)),
            Some("Annexe 2 – Année 2026")
        );
        // No evaluation text, no steering: no anchor for them.
        assert_eq!(place(&all, Anchor::Evaluation), None);
        assert_eq!(place(&all, Anchor::Steering), None);
    }

    #[test]
    fn crpc_example_articles_and_execution() {
        let v = view_of("examples/crpc-centre-val-de-loire-2025");
        let all = anchors(&v);
        assert_eq!(place(&all, Anchor::Steering), Some("Titre IV, IV-1"));
        assert_eq!(place(&all, Anchor::Evaluation), Some("Titre IV, IV-2"));
        assert_eq!(
            place(&all, Anchor::Article(0)),
            Some("Titre IV, IV-3, Article 1")
        );
        assert_eq!(place(&all, Anchor::Preamble), Some("Préambule"));
    }

    #[test]
    fn numbered_articles_of_other_kinds() {
        let v = view_of("examples/spro-normandie-2025");
        let all = anchors(&v);
        // Written articles keep their index in `[[articles]]` whatever their number.
        let written: Vec<_> = all
            .iter()
            .filter_map(|(a, s)| matches!(a, Anchor::Article(_)).then_some(s.as_str()))
            .collect();
        assert!(
            written.first().is_some_and(|s| *s == "Article 1"),
            "{written:?}"
        );
        assert!(place(&all, Anchor::CoordinationPlan).is_none());
        let v = view_of("examples/partenariat-occitanie-france-travail-2025");
        let all = anchors(&v);
        let objective = all
            .iter()
            .find(|(a, _)| matches!(a, Anchor::Objective(_)))
            .map(|(_, s)| s.clone())
            .unwrap();
        assert!(
            objective.starts_with("Article ") && objective.ends_with("Objectif 1"),
            "{objective}"
        );
    }
}
