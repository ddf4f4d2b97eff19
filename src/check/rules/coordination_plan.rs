//! `coordination-plan` (CRPC): no plan coordinating the tools of the public employment
//! service, or a plan that lists no tool, while article L. 6123-4 requires one.

use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::model::Kind;

pub static RULE: Rule = Rule {
    code: "coordination-plan",
    severity: Severity::Error,
    kinds: &[Kind::Crpc],
    summary: "pas de plan de coordination des outils du service public de l'emploi",
    explanation: "Un plan de coordination des outils qui concourent au service public de \
l'emploi, visant à rationaliser et à mutualiser les interventions à l'échelle des bassins \
d'emploi, est inscrit dans la convention depuis la loi NOTRe (régime `notre-2015` et suivants). \
`[coordination_plan]` le décrit et liste au moins un \
outil (`[[coordination_plan.tools]]`) avec ses opérateurs.",
    reference: Some("code-travail:L6123-4"),
    recommendation: None,
    failing: "[coordination_plan]\ntext = \"À définir.\"\n",
    passing: "[coordination_plan]\ntext = \"Accueil commun par bassin d'emploi.\"\n\n[[coordination_plan.tools]]\nname = \"Accueil commun\"\noperators = [\"ft\", \"ml\"]\n",
};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    if !ctx.regime.coordination_plan {
        return; // added by the loi NOTRe
    }
    match &c.coordination_plan {
        None => out.push(
            RULE
                .at(c.file, c.header.span, "la convention n'a pas de plan de coordination des outils du service public de l'emploi")
                .help("ajoutez [coordination_plan] avec un texte et au moins un [[coordination_plan.tools]] (name, operators, area)"),
        ),
        Some(plan) if plan.tools.is_empty() => out.push(
            RULE
                .at(c.file, plan.span, "le plan de coordination ne liste aucun outil")
                .help("ajoutez au moins un [[coordination_plan.tools]] avec name, operators et area"),
        ),
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;

    #[test]
    fn coordination_plan_without_tools() {
        let conv = edit(
            BASE,
            "  [[coordination_plan.tools]]\n  name = \"Accueil commun\"\n  operators = [\"ft\", \"ml\"]\n",
            "",
        );
        let d = codes("coordination-plan", &conv);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("aucun outil"));
        assert!(codes("coordination-plan", BASE).is_empty());
    }

    #[test]
    fn not_required_under_the_2014_law() {
        let none = edit(
            BASE,
            "[coordination_plan]\ntext = \"Plan de coordination des outils du service public de l'emploi.\"\n  [[coordination_plan.tools]]\n  name = \"Accueil commun\"\n  operators = [\"ft\", \"ml\"]\n",
            "",
        );
        assert_eq!(codes("coordination-plan", &none).len(), 1);
        let old = edit(&none, "start = 2025-01-01", "start = 2015-01-01");
        let old = edit(&old, "end = 2027-12-31", "end = 2015-08-08");
        assert!(codes("coordination-plan", &old).is_empty());
    }
}
