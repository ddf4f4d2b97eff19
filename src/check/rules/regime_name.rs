//! `regime-name` (CRPC): Pôle emploi or the CREFOP named under the 2024 regime, or France
//! Travail or the comité régional pour l'emploi under the earlier one.

use super::institution::is_institution;
use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::model::Kind;
use crate::model::regime::REGIMES;

pub static RULE: Rule = Rule {
    code: "regime-name",
    severity: Severity::Warning,
    kinds: &[Kind::Crpc],
    summary: "Pôle emploi ou le CREFOP nommés sous le régime de 2024 (ou l'inverse)",
    explanation: "Depuis le 1er janvier 2024 (loi n° 2023-1196 pour le plein emploi), Pôle emploi \
est devenu France Travail et le comité régional pour l'emploi a remplacé le CREFOP. Une convention \
du régime `plein-emploi-2024` qui donne à un signataire le rôle `pole-emploi` ou cite l'avis du \
CREFOP, ou une convention antérieure qui nomme France Travail ou le comité régional pour l'emploi, \
reçoit un avertissement avec la correction. Le régime suit la date de début (`start`) ou la clé \
`regime`.",
    reference: Some("code-travail:L5312-1"),
    failing: "[convention]\nstart = 2025-01-01\n\n[[signatories]]\nid = \"pe\"\nrole = \"pole-emploi\"\n",
    passing: "[convention]\nstart = 2025-01-01\n\n[[signatories]]\nid = \"ft\"\nrole = \"france-travail\"\n",
};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    let r = ctx.regime;
    for s in &c.signatories {
        let role = s.role.value;
        if is_institution(role) && role != r.institution {
            out.push(
                RULE.at(
                    c.file,
                    s.role.span,
                    format!(
                        "sous le régime `{}`, l'institution de l'article L. 5312-1 est {}",
                        r.id, r.institution_name
                    ),
                )
                .label("ancien nom")
                .help(format!(
                    "remplacez role = \"{role}\" par role = \"{}\"",
                    r.institution
                )),
            );
        }
    }
    if let Some(o) = c.governance.as_ref().and_then(|g| g.opinion.as_ref())
        && !r.names_committee(&o.body)
        && REGIMES
            .iter()
            .any(|other| other.id != r.id && other.names_committee(&o.body))
    {
        out.push(
            RULE
                .at(c.file, o.body.span, format!("sous le régime `{}`, l'avis est rendu par le {}", r.id, r.committee))
                .label("ancien nom")
                .help(format!("écrivez body = \"{}\" (ou fixez `regime` si la convention relève d'un autre régime)", r.committee)),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;

    #[test]
    fn regime_names() {
        let conv = edit(BASE, "role = \"france-travail\"", "role = \"pole-emploi\"");
        let conv = edit(
            &conv,
            "body = \"comité régional pour l'emploi\"",
            "body = \"CREFOP\"",
        );
        let d = codes("regime-name", &conv);
        assert_eq!(d.len(), 2, "{d:#?}");
        // The same names are right under the 2015 regime.
        let old = edit(
            &conv,
            "status = \"final\"",
            "status = \"final\"\nregime = \"notre-2015\"",
        );
        assert!(codes("regime-name", &old).is_empty());
        let reverse = edit(
            BASE,
            "status = \"final\"",
            "status = \"final\"\nregime = \"notre-2015\"",
        );
        assert_eq!(codes("regime-name", &reverse).len(), 2);
        assert!(codes("regime-name", BASE).is_empty());
    }
}
