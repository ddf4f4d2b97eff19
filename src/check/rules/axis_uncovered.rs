//! `axis-uncovered` (CRPC): a signatory with no objective or commitment on one of items 1° to
//! 4° of article L. 6123-4; items 2° (SPRO) and 3° (SPRF) may be declared not applicable.

use std::collections::HashSet;

use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::model::{Axis, Kind};

pub static RULE: Rule = Rule {
    code: "axis-uncovered",
    severity: Severity::Error,
    kinds: &[Kind::Crpc],
    summary: "un signataire n'a pas d'objectif ou d'engagement sur l'un des items 1° à 4°",
    explanation: "Pour chaque signataire, la convention détermine 1° les conditions dans \
lesquelles il mobilise de manière coordonnée les outils des politiques de l'emploi et de la \
formation (`mobilisation`), 2° sa participation, le cas échéant, au SPRO (`spro`), 3° son action, \
le cas échéant, au sein du SPRF (`sprf`) et 4° les modalités d'évaluation (`evaluation`). Un \
signataire couvre un axe quand un objectif de cet axe le cite dans `signatories` (ou cite `*`) ou \
porte un engagement de sa part. Les items 2° et 3° peuvent être déclarés sans objet pour un \
signataire dans `[[not_applicable]]` ; les items 1° et 4° jamais.",
    reference: Some("code-travail:L6123-4"),
    failing: "[[objectives]]\nid = \"orienter\"\naxis = \"spro\"\nsignatories = [\"region\"]\n# ft n'a rien sur le SPRO\n",
    passing: "[[objectives]]\nid = \"orienter\"\naxis = \"spro\"\nsignatories = [\"region\", \"ft\"]\n",
};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    for na in &c.not_applicable {
        if !matches!(na.axis.value, Axis::Spro | Axis::Sprf) {
            out.push(
                RULE.at(
                    c.file,
                    na.axis.span,
                    format!(
                        "l'axe `{}` ne peut pas être déclaré sans objet",
                        na.axis.value
                    ),
                )
                .label("toujours applicable")
                .help("seuls les items 2° (`spro`) et 3° (`sprf`) s'appliquent « le cas échéant »"),
            );
        }
    }
    let coverage = Coverage::of(c);
    let not_applicable: HashSet<(&str, Axis)> = c
        .not_applicable
        .iter()
        .map(|n| (n.signatory.value.as_str(), n.axis.value))
        .collect();
    for s in &c.signatories {
        for axis in [Axis::Mobilisation, Axis::Spro, Axis::Sprf, Axis::Evaluation] {
            if coverage.covers(&s.id.value, axis) {
                continue;
            }
            let optional = matches!(axis, Axis::Spro | Axis::Sprf);
            if optional && not_applicable.contains(&(s.id.value.as_str(), axis)) {
                continue;
            }
            let mut help = format!(
                "citez `{}` dans `signatories` d'un objectif d'axe `{axis}`, ou ajoutez-lui un [[objectives.commitments]]",
                s.id.value
            );
            if optional {
                help.push_str(&format!(
                    " ; si l'axe est sans objet pour lui : [[not_applicable]] signatory = \"{}\", axis = \"{axis}\", reason = \"…\"",
                    s.id.value
                ));
            }
            out.push(
                RULE.at(
                    c.file,
                    s.id.span,
                    format!(
                        "le signataire `{}` n'a ni objectif ni engagement pour l'item {}",
                        s.id.value,
                        axis.label()
                    ),
                )
                .label("signataire")
                .help(help),
            );
        }
    }
}

/// Who covers each axis: a signatory covers an axis when an objective of that axis lists its
/// id (or `*`) in `signatories`, or holds a commitment of it. One pass over the objectives.
struct Coverage<'a> {
    covered: HashSet<(&'a str, Axis)>,
    everyone: HashSet<Axis>,
}

impl<'a> Coverage<'a> {
    fn of(conv: &'a crate::model::Convention) -> Self {
        let mut covered = HashSet::new();
        let mut everyone = HashSet::new();
        for o in &conv.objectives {
            let axis = o.axis.value;
            for s in &o.signatories {
                if s.value == "*" {
                    everyone.insert(axis);
                } else {
                    covered.insert((s.value.as_str(), axis));
                }
            }
            for k in &o.commitments {
                covered.insert((k.signatory.value.as_str(), axis));
            }
        }
        Coverage { covered, everyone }
    }

    fn covers(&self, id: &str, axis: Axis) -> bool {
        self.everyone.contains(&axis) || self.covered.contains(&(id, axis))
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;

    #[test]
    fn uncovered_axis_and_not_applicable() {
        let conv = edit(
            BASE,
            "axis = \"sprf\"\ntitle = \"Agir au sein du SPRF\"\nsignatories = [\"*\"]",
            "axis = \"sprf\"\ntitle = \"Agir au sein du SPRF\"\nsignatories = [\"region\", \"etat\", \"ft\", \"ml\", \"cap\", \"mde\"]",
        );
        let d = codes("axis-uncovered", &conv);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("`plie`") && d[0].message.contains("3°"));
        let na = format!(
            "{conv}\n[[not_applicable]]\nsignatory = \"plie\"\naxis = \"sprf\"\nreason = \"hors champ\"\n"
        );
        assert!(codes("axis-uncovered", &na).is_empty());
        let bad = format!(
            "{BASE}\n[[not_applicable]]\nsignatory = \"plie\"\naxis = \"evaluation\"\nreason = \"non\"\n"
        );
        assert_eq!(codes("axis-uncovered", &bad).len(), 1);
    }

    #[test]
    fn commitment_covers_an_axis() {
        let conv = edit(
            BASE,
            "axis = \"evaluation\"\ntitle = \"Évaluer les actions\"\nsignatories = [\"*\"]",
            "axis = \"evaluation\"\ntitle = \"Évaluer les actions\"\nsignatories = [\"region\", \"etat\", \"ft\", \"ml\", \"cap\", \"mde\"]\n  [[objectives.commitments]]\n  signatory = \"plie\"\n  text = \"Bilan annuel\"",
        );
        assert!(codes("axis-uncovered", &conv).is_empty());
    }
}
