//! `target-missing` (CRPC): an annual annex that sets no target for an indicator.

use std::collections::HashMap;

use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::model::{Annex, Indicator, Kind, Target};

pub static RULE: Rule = Rule {
    code: "target-missing",
    severity: Severity::Warning,
    kinds: &[Kind::Crpc],
    summary: "une annexe annuelle ne fixe aucune cible pour un indicateur",
    explanation: "Chaque annexe annuelle suit chaque indicateur pour l'année (`[[targets]]`) : sa \
cible (`target`) et, au bilan, sa valeur réalisée (`actual`). Une ligne qui ne donne que le \
réalisé suffit (une cible n'est pas toujours fixée) ; une ligne sans cible ni réalisé, ou \
l'absence de ligne, est signalée. Le suivi annuel des indicateurs est une recommandation du \
CNEFOP, pas une obligation légale.",
    reference: None,
    recommendation: Some("dans les annexes annuelles, la cible de chaque indicateur pour l'année"),
    failing: "[annex]\nconvention = \"crpc-x\"\nyear = 2025\n# aucune [[targets]] pour nb-orientes\n",
    passing: "[annex]\nconvention = \"crpc-x\"\nyear = 2025\n\n[[targets]]\nindicator = \"nb-orientes\"\ntarget = 1200.0\n",
};

/// The indicators an annex does not follow: no `[[targets]]` line, or a line with neither
/// `target` nor `actual` (given with it).
pub fn gaps<'a>(ctx: &Ctx<'a>, a: &'a Annex) -> Vec<(&'a Indicator, Option<&'a Target>)> {
    let mut lines: HashMap<&str, &Target> = HashMap::new();
    for t in &a.targets {
        lines.entry(t.indicator.value.as_str()).or_insert(t);
    }
    ctx.conv
        .all_indicators()
        .filter_map(|(_, i)| match lines.get(i.id.value.as_str()) {
            None => Some((i, None)),
            Some(t) if t.target.is_none() && t.actual.is_none() => Some((i, Some(*t))),
            Some(_) => None,
        })
        .collect()
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for a in ctx.annexes() {
        for (i, line) in gaps(ctx, a) {
            let year = a.header.year.value;
            let id = &i.id.value;
            out.push(match line {
                None => RULE
                    .at(
                        a.file,
                        a.header.span,
                        format!("l'annexe {year} ne fixe aucune cible pour l'indicateur `{id}`"),
                    )
                    .help(format!(
                        "ajoutez [[targets]] indicator = \"{id}\" avec la cible de l'année (target = <valeur cible>) et, au bilan, le réalisé (actual = <valeur>)"
                    )),
                Some(t) => RULE
                    .at(
                        a.file,
                        t.span,
                        format!("l'annexe {year} ne donne ni cible ni réalisé pour l'indicateur `{id}`"),
                    )
                    .label("ligne vide")
                    .help("indiquez la cible de l'année (target = <valeur cible>) ou, au bilan, le réalisé (actual = <valeur>)"),
            });
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
        // An actual without a target is followed (no target was set that year).
        let mut annexes = base_annexes();
        annexes[0].1 = edit(
            &annexes[0].1,
            "indicator = \"nb-bilans\"\ntarget = 1.0",
            "indicator = \"nb-bilans\"\nactual = 2.0",
        );
        assert!(run_code("target-missing", BASE, &annexes).is_empty());
    }

    #[test]
    fn a_line_with_neither_target_nor_actual() {
        let mut annexes = base_annexes();
        annexes[0].1 = edit(
            &annexes[0].1,
            "indicator = \"nb-bilans\"\ntarget = 1.0",
            "indicator = \"nb-bilans\"",
        );
        let d = run_code("target-missing", BASE, &annexes);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("ni cible ni réalisé"));
        assert!(!d[0].help.as_deref().unwrap().contains("0.0"));
    }
}
