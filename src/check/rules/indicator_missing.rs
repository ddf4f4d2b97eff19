//! `indicator-missing` (CRPC): an objective without an indicator. The law asks for evaluation
//! arrangements (item 4° of article L. 6123-4); one indicator per objective is the CNEFOP's
//! recommendation, and the finding says so.

use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::model::Kind;

pub static RULE: Rule = Rule {
    code: "indicator-missing",
    severity: Severity::Warning,
    kinds: &[Kind::Crpc],
    summary: "un objectif n'a aucun indicateur",
    explanation: "L'article L. 6123-4 (item 4°) demande les modalités d'évaluation des actions \
entreprises, sans imposer d'indicateur. Le CNEFOP recommande que chaque objectif porte au moins un \
indicateur de suivi (`[[objectives.indicators]]`), dont les annexes annuelles fixent les cibles : \
c'est une recommandation, d'où un avertissement.",
    reference: None,
    recommendation: Some(
        "au moins un indicateur de suivi par objectif, dont les annexes annuelles fixent les cibles",
    ),
    failing: "[[objectives]]\nid = \"orienter\"\naxis = \"spro\"\ntitle = \"Contribuer au SPRO\"\n",
    passing: "[[objectives]]\nid = \"orienter\"\naxis = \"spro\"\ntitle = \"Contribuer au SPRO\"\n  [[objectives.indicators]]\n  id = \"nb-orientes\"\n  label = \"Personnes orientées\"\n  unit = \"personnes\"\n",
};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for o in ctx
        .conv
        .objectives
        .iter()
        .filter(|o| o.indicators.is_empty())
    {
        out.push(
            RULE
                .at(ctx.conv.file, o.id.span, format!("l'objectif `{}` n'a aucun indicateur : le CNEFOP recommande au moins un indicateur de suivi par objectif", o.id.value))
                .label("objectif")
                .help("ajoutez un [[objectives.indicators]] (id, label, unit, frequency, source, baseline)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;

    #[test]
    fn objective_without_indicator() {
        let conv = edit(
            BASE,
            "  [[objectives.indicators]]\n  id = \"nb-bilans\"\n  label = \"Bilans annuels\"\n  unit = \"nombre\"\n",
            "",
        );
        let d = codes("indicator-missing", &conv);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("`evaluer`"));
        assert!(d[0].message.contains("le CNEFOP recommande"));
        assert_eq!(d[0].reference, None, "a recommendation, not the law");
    }

    #[test]
    fn every_objective_with_an_indicator() {
        assert!(codes("indicator-missing", BASE).is_empty());
    }
}
