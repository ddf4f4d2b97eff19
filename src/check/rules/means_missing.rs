//! `means-missing` (CRPC): an annual annex that gives no means for an objective, which is then
//! not funded that year.

use std::collections::HashSet;

use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::model::{Annex, Kind, Objective};

pub static RULE: Rule = Rule {
    code: "means-missing",
    severity: Severity::Warning,
    kinds: &[Kind::Crpc],
    summary: "une annexe annuelle ne donne aucun moyen pour un objectif",
    explanation: "Les annexes annuelles détaillent les moyens affectés à chaque objectif (ETP, \
budget, ou description) : un objectif sans moyen dans l'annexe d'une année n'est pas financé \
cette année-là. Les annexes annuelles sont une recommandation du CNEFOP, pas une obligation \
légale.",
    reference: None,
    recommendation: Some("des annexes annuelles détaillant les moyens affectés à chaque objectif"),
    failing: "[annex]\nconvention = \"crpc-x\"\nyear = 2025\n# aucun [[means]] pour l'objectif orienter\n",
    passing: "[annex]\nconvention = \"crpc-x\"\nyear = 2025\n\n[[means]]\nobjective = \"orienter\"\nsignatory = \"ft\"\netp = 2.5\n",
};

/// The objectives an annex gives no means for.
pub fn gaps<'a>(ctx: &Ctx<'a>, a: &'a Annex) -> Vec<&'a Objective> {
    let given: HashSet<&str> = a.means.iter().map(|m| m.objective.value.as_str()).collect();
    ctx.conv
        .objectives
        .iter()
        .filter(|o| !given.contains(o.id.value.as_str()))
        .collect()
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for a in ctx.annexes() {
        for o in gaps(ctx, a) {
            out.push(
                RULE
                    .at(a.file, a.header.span, format!("l'annexe {} ne donne aucun moyen pour l'objectif `{}`", a.header.year.value, o.id.value))
                    .help(format!("ajoutez [[means]] objective = \"{}\", signatory = \"…\" avec etp, budget_eur ou text", o.id.value)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;

    #[test]
    fn annex_without_means_for_an_objective() {
        let mut annexes = base_annexes();
        annexes[0].1 = edit(
            &annexes[0].1,
            "[[means]]\nobjective = \"evaluer\"",
            "[[means]]\nobjective = \"former\"",
        );
        let means = run_code("means-missing", BASE, &annexes);
        assert_eq!(means.len(), 1);
        assert!(means[0].message.contains("annexe 2025") && means[0].message.contains("`evaluer`"));
    }

    #[test]
    fn means_for_every_objective() {
        assert!(codes("means-missing", BASE).is_empty());
        // Means given by another signatory still count for the objective.
        let mut annexes = base_annexes();
        annexes[0].1 = edit(
            &annexes[0].1,
            "objective = \"evaluer\"\nsignatory = \"etat\"",
            "objective = \"evaluer\"\nsignatory = \"region\"",
        );
        assert!(run_code("means-missing", BASE, &annexes).is_empty());
    }
}
