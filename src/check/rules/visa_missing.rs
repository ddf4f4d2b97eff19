//! `visa-missing` (CRPC): an expected visa is not cited by its reference. What is expected is
//! data of the regime ([`crate::model::regime::ExpectedVisa`]): L. 6123-4; the stratégie
//! coordonnée and the SRDEII (since the loi NOTRe); the convention tripartite when the
//! institution of L. 5312-1 signs; the plan de convergence overseas (loi n° 2017-256); and the
//! CPRDFOP, which the CNEFOP model convention cites (a recommendation, not the law).

use super::institution::is_institution;
use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::model::Kind;
use crate::model::Visa;
use crate::model::regime::{Basis, Condition, ExpectedVisa, Territory};

pub static RULE: Rule = Rule {
    code: "visa-missing",
    severity: Severity::Warning,
    kinds: &[Kind::Crpc],
    summary: "un visa attendu manque (L. 6123-4, stratégie coordonnée, SRDEII, convention tripartite, plan de convergence outre-mer, CPRDFOP)",
    explanation: "La convention est établie en cohérence avec la stratégie coordonnée de l'État \
et de la Région (L. 6123-4-1) et le SRDEII (depuis la loi NOTRe) et, pour l'institution de \
l'article L. 5312-1, dans le respect de la convention tripartite État–Unédic–France Travail \
(L. 5312-3) ; en Guadeloupe, en Guyane, en Martinique, à Mayotte et à La Réunion, depuis la loi \
n° 2017-256 du 28 février 2017, aussi avec le plan de convergence (`plan-convergence`). Ses visas \
citent ces actes et l'article L. 6123-4 par leur référence (`ref`), jamais par des mots du texte \
libre. Le visa du CPRDFOP suit le modèle de convention du CNEFOP.",
    reference: Some("code-travail:L6123-4"),
    recommendation: Some(
        "le modèle de convention vise aussi le contrat de plan régional (CPRDFOP)",
    ),
    failing: "[[visas]]\ntext = \"Vu le code du travail, notamment son article L. 6123-4\"\n",
    passing: "[[visas]]\nref = \"code-travail:L6123-4\"\n",
};

/// Whether an expected visa applies to the convention: `Ok(visa)` with the visa that cites
/// it (if any), or `Err(reason)` in French when its condition does not hold.
pub type Applies<'a> = Result<Option<&'a Visa>, String>;

/// Every visa the regime expects, with whether it applies and the visa that cites it.
pub fn expected<'a>(ctx: &Ctx<'a>) -> Vec<(&'static ExpectedVisa, Applies<'a>)> {
    let c = ctx.conv;
    ctx.regime
        .visas
        .iter()
        .map(|&e| {
            let applies = match e.condition {
                Condition::Always => Ok(()),
                Condition::InstitutionSigns => {
                    if c.signatories.iter().any(|s| is_institution(s.role.value)) {
                        Ok(())
                    } else {
                        Err("l'institution de l'article L. 5312-1 ne signe pas".to_string())
                    }
                }
                Condition::Overseas { from } => {
                    if ctx.territory != Territory::Overseas {
                        Err("la région n'est pas une région d'outre-mer".to_string())
                    } else if c.header.start.value < from {
                        Err(format!(
                            "la convention commence avant le {} (loi n° 2017-256)",
                            from.french()
                        ))
                    } else {
                        Ok(())
                    }
                }
            };
            let visa = c
                .visas
                .iter()
                .find(|v| v.reference.as_ref().is_some_and(|r| r.value == e.act));
            (e, applies.map(|()| visa))
        })
        .collect()
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    let span = c.visas.first().map(|v| v.span).unwrap_or(c.header.span);
    for (e, applies) in expected(ctx) {
        if !matches!(applies, Ok(None)) {
            continue;
        }
        let id = e.act;
        let d = RULE
            .at(c.file, span, format!("visa manquant : {}", ctx.regime.describe(id)))
            .help(format!("ajoutez [[visas]] ref = \"{id}\" (avec `date` et un `text` complémentaire si besoin)"));
        out.push(match e.basis {
            Basis::Law(reference) => d.law_only().reference(reference),
            Basis::Recommendation(text) => d.recommendation_only().recommendation(text),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;

    #[test]
    fn visas_by_ref_only() {
        let conv = edit(BASE, "ref = \"srdeii\"", "text = \"Vu le SRDEII\"");
        let d = codes("visa-missing", &conv);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("SRDEII"));
        assert_eq!(d[0].reference, Some("code-travail:L6123-4"));
        assert!(codes("visa-missing", BASE).is_empty());
    }

    #[test]
    fn the_cprdfop_visa_is_a_recommendation() {
        let conv = edit(BASE, "ref = \"cprdfop\"", "text = \"Vu le CPRDFOP\"");
        let d = codes("visa-missing", &conv);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].reference, None);
        assert!(d[0].recommendation.is_some());
    }

    #[test]
    fn overseas_regions_expect_the_plan_de_convergence() {
        let conv = edit(BASE, "region = \"Région Test\"", "region = \"La Réunion\"");
        let d = codes("visa-missing", &conv);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("plan de convergence"));
        let with = format!("{conv}\n[[visas]]\nref = \"plan-convergence\"\n");
        assert!(codes("visa-missing", &with).is_empty());
        // Not before the loi n° 2017-256.
        let before = edit(&conv, "start = 2025-01-01", "start = 2016-01-01");
        let before = edit(&before, "end = 2027-12-31", "end = 2018-12-31");
        let before = edit(
            &before,
            "role = \"france-travail\"",
            "role = \"pole-emploi\"",
        );
        assert!(codes("visa-missing", &before).is_empty());
    }

    #[test]
    fn under_the_2014_law_neither_strategy_nor_srdeii() {
        let conv = edit(BASE, "start = 2025-01-01", "start = 2014-09-01");
        let conv = edit(&conv, "end = 2027-12-31", "end = 2015-08-08");
        let conv = edit(
            &conv,
            "ref = \"srdeii\"",
            "text = \"Vu le schéma régional de développement économique\"",
        );
        let conv = edit(
            &conv,
            "ref = \"strategie-coordonnee\"",
            "text = \"Vu la feuille de route\"",
        );
        assert!(codes("visa-missing", &conv).is_empty());
        let tripartite = edit(
            &conv,
            "ref = \"convention-tripartite\"",
            "text = \"Vu la convention\"",
        );
        let d = codes("visa-missing", &tripartite);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.ends_with("l'Unédic et Pôle emploi"),
            "{}",
            d[0].message
        );
    }
}
