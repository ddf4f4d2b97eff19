//! `target-missing` (CRPC): an annual annex that sets no target for an indicator.

use std::collections::HashSet;

use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::model::Kind;

pub static RULE: Rule = Rule {
    code: "target-missing",
    severity: Severity::Warning,
    kinds: &[Kind::Crpc],
    summary: "une annexe annuelle ne fixe aucune cible pour un indicateur",
    explanation: "Chaque annexe annuelle fixe la cible de chaque indicateur pour l'année \
(`[[targets]]`), et sa valeur réalisée (`actual`) au bilan.",
    reference: Some("code-travail:L6123-4"),
    failing: "[annex]\nconvention = \"crpc-x\"\nyear = 2025\n# aucune [[targets]] pour nb-orientes\n",
    passing: "[annex]\nconvention = \"crpc-x\"\nyear = 2025\n\n[[targets]]\nindicator = \"nb-orientes\"\ntarget = 1200.0\n",
};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for a in ctx.annexes() {
        let given: HashSet<&str> = a
            .targets
            .iter()
            .map(|t| t.indicator.value.as_str())
            .collect();
        for (_, i) in ctx.conv.all_indicators() {
            if !given.contains(i.id.value.as_str()) {
                out.push(
                    RULE.at(
                        a.file,
                        a.header.span,
                        format!(
                            "l'annexe {} ne fixe aucune cible pour l'indicateur `{}`",
                            a.header.year.value, i.id.value
                        ),
                    )
                    .help(format!(
                        "ajoutez [[targets]] indicator = \"{}\", target = …",
                        i.id.value
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;

    #[test]
    fn annex_without_target_for_an_indicator() {
        let mut annexes = base_annexes();
        annexes[2].1 = edit(
            &annexes[2].1,
            "[[targets]]\nindicator = \"nb-bilans\"\ntarget = 1.0\n",
            "",
        );
        let targets = run_code("target-missing", BASE, &annexes);
        assert_eq!(targets.len(), 1);
        assert!(
            targets[0].message.contains("annexe 2027")
                && targets[0].message.contains("`nb-bilans`")
        );
    }

    #[test]
    fn targets_for_every_indicator() {
        assert!(codes("target-missing", BASE).is_empty());
    }
}
