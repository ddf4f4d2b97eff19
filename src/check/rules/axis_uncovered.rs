//! `axis-uncovered` (CRPC): a signatory with no objective or commitment on one of items 1° to
//! 3° of article L. 6123-4, or no evaluation arrangements (item 4°); items 2° (SPRO) and 3°
//! (SPRF) may be declared not applicable where the law says « le cas échéant ». Item 4° is
//! covered for every signatory by the convention's own evaluation arrangements
//! (`governance.evaluation`), which the CNEFOP model places in its Titre IV.

use std::collections::HashMap;

use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::model::{Axis, Convention, Kind, NotApplicable, Objective, Signatory};
use crate::source::{Sp, Span};

pub static RULE: Rule = Rule {
    code: "axis-uncovered",
    severity: Severity::Error,
    kinds: &[Kind::Crpc],
    summary: "un signataire n'a rien sur l'un des items 1° à 4° (objectif, engagement, ou modalités d'évaluation)",
    explanation: "Pour chaque signataire, la convention détermine 1° les conditions dans \
lesquelles il mobilise de manière coordonnée les outils des politiques de l'emploi et de la \
formation (`mobilisation`), 2° sa participation, le cas échéant, au SPRO (`spro`), 3° son action, \
le cas échéant, au sein du SPRF (`sprf`) et 4° les modalités d'évaluation des actions entreprises \
(`evaluation`). Un signataire couvre un axe quand un objectif de cet axe le cite dans \
`signatories` (ou cite `*`) ou porte un engagement de sa part ; l'item 4° est aussi couvert pour \
tous les signataires par les modalités de suivi et d'évaluation de la convention \
(`governance.evaluation`, Titre IV du modèle du CNEFOP). Les items 2° et 3° peuvent être déclarés \
sans objet pour un signataire dans `[[not_applicable]]` depuis la loi NOTRe, qui a ajouté « le cas \
échéant » ; sous la loi du 5 mars 2014, jamais ; les items 1° et 4° jamais. Le constat désigne ce \
qu'il faut compléter : la liste `signatories` d'un objectif de l'axe, ou la table `[governance]`.",
    reference: Some("code-travail:L6123-4"),
    recommendation: None,
    failing: "[[objectives]]\nid = \"orienter\"\naxis = \"spro\"\nsignatories = [\"region\"]\n# ft n'a rien sur le SPRO\n",
    passing: "[[objectives]]\nid = \"orienter\"\naxis = \"spro\"\nsignatories = [\"region\", \"ft\"]\n",
};

/// Items 1° to 4° of L. 6123-4, in order.
pub const ITEMS: [Axis; 4] = [Axis::Mobilisation, Axis::Spro, Axis::Sprf, Axis::Evaluation];

/// How one signatory stands on one item.
pub struct Item<'a> {
    pub signatory: &'a Signatory,
    pub axis: Axis,
    /// Whether an objective of the axis covers it (by `signatories`, `*` or a commitment).
    pub by_objective: bool,
    /// For item 4°: the convention's evaluation arrangements, which cover every signatory.
    pub evaluation: Option<&'a Sp<String>>,
    /// An accepted `[[not_applicable]]` entry for it.
    pub not_applicable: Option<&'a NotApplicable>,
}

impl Item<'_> {
    pub fn covered(&self) -> bool {
        self.by_objective || self.evaluation.is_some()
    }

    /// Whether the rule reports it.
    pub fn uncovered(&self) -> bool {
        !self.covered() && self.not_applicable.is_none()
    }
}

/// Every (signatory, item) pair, signatories in order, items 1° to 4°. Linear in the size of
/// the convention: the objectives are walked once ([`Coverage`]).
pub fn items<'a>(ctx: &Ctx<'a>) -> Vec<Item<'a>> {
    let c = ctx.conv;
    let evaluation = c
        .governance
        .as_ref()
        .and_then(|g| g.evaluation.as_ref())
        .filter(|e| !e.trim().is_empty());
    let coverage = Coverage::of(c);
    let mut accepted: HashMap<(&str, Axis), &NotApplicable> = HashMap::new();
    for n in c
        .not_applicable
        .iter()
        .filter(|n| ctx.regime.item_is_optional(n.axis.value))
    {
        accepted
            .entry((n.signatory.value.as_str(), n.axis.value))
            .or_insert(n);
    }
    let mut out = Vec::with_capacity(c.signatories.len() * ITEMS.len());
    for s in &c.signatories {
        for axis in ITEMS {
            out.push(Item {
                signatory: s,
                axis,
                by_objective: coverage.covers(&s.id.value, axis),
                evaluation: evaluation.filter(|_| axis == Axis::Evaluation),
                not_applicable: accepted.get(&(s.id.value.as_str(), axis)).copied(),
            });
        }
    }
    out
}

/// `[[not_applicable]]` entries the law does not allow, with the reason.
pub fn refused_not_applicable<'a>(ctx: &Ctx<'a>) -> Vec<(&'a NotApplicable, String)> {
    let r = ctx.regime;
    ctx.conv
        .not_applicable
        .iter()
        .filter(|n| !r.item_is_optional(n.axis.value))
        .map(|n| {
            let axis = n.axis.value;
            let why = if matches!(axis, Axis::Spro | Axis::Sprf) {
                format!(
                    "sous le régime `{}` ({}), l'item {} ne s'applique pas « le cas échéant » : il ne peut pas être déclaré sans objet",
                    r.id,
                    r.law,
                    axis.label()
                )
            } else {
                format!("l'axe `{axis}` ne peut pas être déclaré sans objet")
            };
            (n, why)
        })
        .collect()
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    let optional = ctx.regime.optional_items;
    for (na, why) in refused_not_applicable(ctx) {
        let help = if optional.is_empty() {
            "retirez ce [[not_applicable]] et décrivez la participation du signataire dans un objectif de l'axe".to_string()
        } else {
            "seuls les items 2° (`spro`) et 3° (`sprf`) s'appliquent « le cas échéant »".to_string()
        };
        out.push(
            RULE.at(c.file, na.axis.span, why)
                .label("toujours applicable")
                .help(help),
        );
    }
    let places = Places::of(c);
    for item in items(ctx).into_iter().filter(Item::uncovered) {
        let id = &item.signatory.id.value;
        let axis = item.axis;
        let (span, label) = places.to_change(c, id, axis);
        let (what, mut help) = if axis == Axis::Evaluation {
            (
                "ni objectif, ni engagement, ni modalités d'évaluation communes (`governance.evaluation`)",
                format!(
                    "décrivez dans [governance] les modalités de suivi et d'évaluation, qui valent pour tous les signataires : evaluation = \"\"\"…\"\"\" ; ou citez `{id}` dans `signatories` d'un objectif d'axe `evaluation`"
                ),
            )
        } else {
            (
                "ni objectif ni engagement",
                format!(
                    "citez `{id}` dans `signatories` d'un objectif d'axe `{axis}`, ou ajoutez-lui un [[objectives.commitments]]"
                ),
            )
        };
        if ctx.regime.item_is_optional(axis) {
            help.push_str(&format!(
                " ; si l'axe est sans objet pour lui : [[not_applicable]] signatory = \"{id}\", axis = \"{axis}\", reason = \"…\""
            ));
        }
        out.push(
            RULE.at(
                c.file,
                span,
                format!(
                    "le signataire `{id}` n'a {what} pour l'item {}",
                    axis.label()
                ),
            )
            .label(label)
            .help(help),
        );
    }
}

/// The first objective of each axis, found once.
struct Places<'a> {
    first: HashMap<Axis, &'a Objective>,
}

impl<'a> Places<'a> {
    fn of(c: &'a Convention) -> Self {
        let mut first = HashMap::new();
        for o in &c.objectives {
            first.entry(o.axis.value).or_insert(o);
        }
        Places { first }
    }

    /// Where to complete the convention so that `id` covers `axis`: for item 4° the
    /// `[governance]` table; else the `signatories` list of the first objective of that axis
    /// (its last entry, where the id goes), or that objective; else the last objective, after
    /// which one of the axis goes; else the `[convention]` table.
    fn to_change(&self, c: &Convention, id: &str, axis: Axis) -> (Span, String) {
        if axis == Axis::Evaluation
            && let Some(g) = &c.governance
        {
            return (g.span, "ajoutez `evaluation` à cette table".into());
        }
        if let Some(o) = self.first.get(&axis) {
            return match o.signatories.last() {
                Some(last) => (last.span, format!("`{id}` manque à cette liste")),
                None => (o.id.span, format!("objectif d'axe `{axis}` sans `{id}`")),
            };
        }
        match c.objectives.last() {
            Some(o) => (
                o.id.span,
                format!("aucun objectif d'axe `{axis}` : ajoutez-en un"),
            ),
            None => (c.header.span, format!("aucun objectif d'axe `{axis}`")),
        }
    }
}

/// Who covers each axis: a signatory covers an axis when an objective of that axis lists its
/// id (or `*`) in `signatories`, or holds a commitment of it. One pass over the objectives.
pub struct Coverage<'a> {
    /// The objectives (indices) that name a signatory, by (id, axis), in order.
    named: HashMap<(&'a str, Axis), Vec<usize>>,
    /// The objectives (indices) of each axis that cite `*`, in order.
    everyone: HashMap<Axis, Vec<usize>>,
}

impl<'a> Coverage<'a> {
    pub fn of(conv: &'a Convention) -> Self {
        let mut named: HashMap<(&str, Axis), Vec<usize>> = HashMap::new();
        let mut everyone: HashMap<Axis, Vec<usize>> = HashMap::new();
        for (i, o) in conv.objectives.iter().enumerate() {
            let axis = o.axis.value;
            let ids = o.signatories.iter().map(|s| s.value.as_str());
            let ids = ids.chain(o.commitments.iter().map(|k| k.signatory.value.as_str()));
            for id in ids {
                if id == "*" {
                    let list = everyone.entry(axis).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                } else {
                    let list = named.entry((id, axis)).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
        }
        Coverage { named, everyone }
    }

    pub fn covers(&self, id: &str, axis: Axis) -> bool {
        self.everyone.contains_key(&axis) || self.named.contains_key(&(id, axis))
    }

    /// The first `limit` objectives of `axis` that cover `id`, in document order.
    pub fn objectives(
        &self,
        conv: &'a Convention,
        id: &str,
        axis: Axis,
        limit: usize,
    ) -> Vec<&'a Objective> {
        let empty = Vec::new();
        let a = self.everyone.get(&axis).unwrap_or(&empty);
        let b = self.named.get(&(id, axis)).unwrap_or(&empty);
        let (mut i, mut j) = (0, 0);
        let mut out = Vec::new();
        while out.len() < limit && (i < a.len() || j < b.len()) {
            let next = match (a.get(i), b.get(j)) {
                (Some(&x), Some(&y)) if x == y => {
                    i += 1;
                    j += 1;
                    x
                }
                (Some(&x), Some(&y)) if x < y => {
                    i += 1;
                    x
                }
                (Some(&x), None) => {
                    i += 1;
                    x
                }
                (_, Some(&y)) => {
                    j += 1;
                    y
                }
                (None, None) => break,
            };
            out.push(&conv.objectives[next]);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;

    const SPRF_ALL: &str =
        "axis = \"sprf\"\ntitle = \"Agir au sein du SPRF\"\nsignatories = [\"*\"]";
    const SPRF_SIX: &str = "axis = \"sprf\"\ntitle = \"Agir au sein du SPRF\"\nsignatories = [\"region\", \"etat\", \"ft\", \"ml\", \"cap\", \"mde\"]";

    #[test]
    fn uncovered_axis_and_not_applicable() {
        let conv = edit(BASE, SPRF_ALL, SPRF_SIX);
        let d = codes("axis-uncovered", &conv);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("`plie`") && d[0].message.contains("3°"));
        // The finding points at the list to complete, not at the signatory.
        let span = d[0].span.unwrap();
        assert_eq!(&conv[span.start..span.end], "\"mde\"");
        assert!(d[0].label.as_deref().unwrap().contains("`plie` manque"));
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

    /// The base without its evaluation objective (nor its means and targets).
    fn without_evaluation_objective() -> String {
        edit(
            BASE,
            "[[objectives]]\nid = \"evaluer\"\naxis = \"evaluation\"\ntitle = \"Évaluer les actions\"\nsignatories = [\"*\"]\n  [[objectives.indicators]]\n  id = \"nb-bilans\"\n  label = \"Bilans annuels\"\n  unit = \"nombre\"\n",
            "",
        )
    }

    #[test]
    fn governance_evaluation_covers_item_4_for_every_signatory() {
        // As in the CNEFOP model: the evaluation arrangements are stated once, in Titre IV.
        let conv = without_evaluation_objective();
        let d = codes("axis-uncovered", &conv);
        assert_eq!(d.len(), 7, "one per signatory: {d:#?}");
        // Each points at the [governance] table, where `evaluation` goes.
        let span = d[0].span.unwrap();
        assert!(
            conv[span.start..span.end].starts_with("[governance]"),
            "{}",
            &conv[span.start..span.end]
        );
        assert!(d[0].help.as_deref().unwrap().contains("evaluation = "));
        let with = edit(
            &conv,
            "[governance]\n",
            "[governance]\nevaluation = \"Un bilan annuel de chaque signataire est présenté au comité de pilotage.\"\n",
        );
        assert!(codes("axis-uncovered", &with).is_empty());
        // Blank arrangements do not count.
        let blank = edit(
            &conv,
            "[governance]\n",
            "[governance]\nevaluation = \"  \"\n",
        );
        assert_eq!(codes("axis-uncovered", &blank).len(), 7);
        // Evaluation arrangements cover item 4° only.
        let sprf = edit(&with, SPRF_ALL, SPRF_SIX);
        assert_eq!(codes("axis-uncovered", &sprf).len(), 1);
    }

    #[test]
    fn no_sans_objet_under_the_2014_law() {
        let conv = edit(BASE, "start = 2025-01-01", "start = 2014-09-01");
        let conv = edit(&conv, "end = 2027-12-31", "end = 2015-08-08");
        let na = format!(
            "{}\n[[not_applicable]]\nsignatory = \"plie\"\naxis = \"sprf\"\nreason = \"hors champ\"\n",
            edit(&conv, SPRF_ALL, SPRF_SIX)
        );
        let d = codes("axis-uncovered", &na);
        assert_eq!(
            d.len(),
            2,
            "the refused entry and the uncovered item: {d:#?}"
        );
        assert!(d.iter().any(|d| d.message.contains("« le cas échéant »")));
    }
}
