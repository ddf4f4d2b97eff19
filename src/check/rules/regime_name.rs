//! `regime-name` (every kind): a name the law in force does not know — the institution of
//! article L. 5312-1 under its other name (Pôle emploi from 2024, France Travail before), a
//! committee whose avis does not count on that day (a comité régional pour l'emploi before
//! 1 July 2024, a CREFOP before the loi du 5 mars 2014), or an explicit `regime` that was not
//! in force on the start date.

use super::institution::is_institution;
use crate::check::Ctx;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::model::Opinion;
use crate::model::regime::{self, Committee, Regime};

pub static RULE: Rule = Rule {
    code: "regime-name",
    severity: Severity::Warning,
    kinds: &[],
    summary: "un nom que le droit en vigueur ne connaît pas (Pôle emploi depuis 2024, comité régional pour l'emploi avant le 1er juillet 2024…) ou un régime qui n'était pas en vigueur",
    explanation: "Le régime juridique suit la date de début (`start`) : `avant-2014`, `loi-2014` \
(loi n° 2014-288 du 5 mars 2014), `notre-2015` (loi n° 2015-991 du 7 août 2015), \
`plein-emploi-2024` (loi n° 2023-1196 du 18 décembre 2023). Depuis le 1er janvier 2024, Pôle emploi \
est devenu France Travail : un signataire de rôle `pole-emploi` sous le régime de 2024, ou \
`france-travail` avant, reçoit un avertissement. L'avis sur la convention reste celui du CREFOP \
(article R. 6123-3-2) ; à compter du 1er juillet 2024 (décret n° 2024-560), un comité régional pour \
l'emploi, institué au sein du CREFOP ou fusionné avec lui, peut aussi le rendre : le nommer dans \
`governance.opinion` avant cette date (date de l'avis, à défaut date de début) est signalé, \
comme un CREFOP avant la loi de 2014 (c'était le CCREFP). Une clé `regime` qui désigne un régime \
qui n'était pas en vigueur à la date de début est aussi signalée.",
    reference: Some("code-travail:L5312-1"),
    recommendation: None,
    failing: "[convention]\nstart = 2025-01-01\n\n[[signatories]]\nid = \"pe\"\nrole = \"pole-emploi\"\n",
    passing: "[convention]\nstart = 2025-01-01\n\n[[signatories]]\nid = \"ft\"\nrole = \"france-travail\"\n",
};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    let h = &c.header;
    let r = ctx.regime;
    if let Some(explicit) = &h.regime
        && let Some(chosen) = regime::by_id(explicit)
        && !chosen.in_force_on(h.start.value)
    {
        let actual = regime::at_start(c);
        out.push(
            RULE.at(
                c.file,
                explicit.span,
                format!(
                    "le régime `{}` n'était pas en vigueur le {}, date de début de la convention : le droit applicable était `{}` ({})",
                    chosen.id,
                    h.start.french(),
                    actual.id,
                    actual.law
                ),
            )
            .without_basis()
            .label("régime")
            .help(format!(
                "retirez `regime` pour appliquer le droit en vigueur à la date de début, ou corrigez `start` ; regime = \"{}\" convient à cette date",
                actual.id
            )),
        );
    }
    for s in &c.signatories {
        let role = s.role.value;
        if wrong_institution(r, role) {
            out.push(
                RULE.at(
                    c.file,
                    s.role.span,
                    format!(
                        "sous le régime `{}`, l'institution de l'article L. 5312-1 est {}",
                        r.id, r.institution_name
                    ),
                )
                .label("autre nom")
                .help(format!(
                    "remplacez role = \"{role}\" par role = \"{}\"",
                    r.institution
                )),
            );
        }
    }
    if let Some(o) = c.governance.as_ref().and_then(|g| g.opinion.as_ref())
        && let Some((message, help)) = committee_problem(o, h.start.value)
    {
        out.push(
            RULE.at(c.file, o.body.span, message)
                .reference("code-travail:R6123-3-2")
                .label("comité")
                .help(help),
        );
    }
}

/// Whether a signatory's role names the institution of L. 5312-1 by a name `r` does not use.
pub fn wrong_institution(r: &Regime, role: crate::model::Role) -> bool {
    is_institution(role) && role != r.institution
}

/// The day that decides which committee could give the avis: its date, else the start date.
pub fn opinion_day(o: &Opinion, start: Date) -> Date {
    o.date.as_ref().map_or(start, |d| d.value)
}

/// A committee the avis names that did not give avis on that day (under the law in force that
/// day, whatever the convention's regime), as (message, help).
pub fn committee_problem(o: &Opinion, start: Date) -> Option<(String, String)> {
    let day = opinion_day(o, start);
    let wrong: Vec<&Committee> = regime::committees_named(&o.body)
        .into_iter()
        .filter(|c| !regime::gives_avis(c, day))
        .collect();
    let first = wrong.first()?;
    let when = match &o.date {
        Some(d) => format!("l'avis daté du {}", d.french()),
        None => format!("une convention qui commence le {}", start.french()),
    };
    let valid = regime::committees_on(day);
    let names: Vec<&str> = valid.iter().map(|c| c.name).collect();
    let message = match regime::first_avis_day(first) {
        Some(from) if day < from => format!(
            "le {} ne rend d'avis qu'à compter du {} : pour {when}, c'est le {}",
            first.name,
            from.french(),
            names.join(" ou le ")
        ),
        _ => format!(
            "le {} ne rend plus d'avis : pour {when}, c'est le {}",
            first.name,
            names.join(" ou le ")
        ),
    };
    let help = match valid.first() {
        Some(c) => format!(
            "écrivez body = \"{}\" (ou corrigez la date de l'avis)",
            c.name
        ),
        None => "vérifiez l'instance qui a rendu l'avis".to_string(),
    };
    Some((message, help))
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;

    #[test]
    fn pole_emploi_in_2025_and_france_travail_in_2023() {
        let conv = edit(BASE, "role = \"france-travail\"", "role = \"pole-emploi\"");
        let d = codes("regime-name", &conv);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("est France Travail"));
        let old = edit(BASE, "start = 2025-01-01", "start = 2021-01-01");
        let old = edit(&old, "end = 2027-12-31", "end = 2023-12-31");
        let old = edit(&old, "date = 2025-02-01", "date = 2021-02-01");
        let d = run_code("regime-name", &old, &[]);
        assert_eq!(d.len(), 2, "France Travail and a CRE in 2021: {d:#?}");
        assert!(d.iter().any(|d| d.message.contains("est Pôle emploi")));
        assert!(codes("regime-name", BASE).is_empty());
    }

    #[test]
    fn crefop_after_2024_is_right_and_cre_only_from_july_2024() {
        let crefop = edit(
            BASE,
            "body = \"comité régional pour l'emploi\"",
            "body = \"CREFOP Grand Est\"",
        );
        assert!(codes("regime-name", &crefop).is_empty());
        let early = edit(BASE, "date = 2025-02-01", "date = 2024-06-30");
        let d = codes("regime-name", &early);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(
            d[0].message
                .contains("ne rend d'avis qu'à compter du 1er juillet 2024"),
            "{}",
            d[0].message
        );
        let on_time = edit(BASE, "date = 2025-02-01", "date = 2024-07-01");
        assert!(codes("regime-name", &on_time).is_empty());
        let within = edit(
            &early,
            "body = \"comité régional pour l'emploi\"",
            "body = \"CRE institué au sein du CREFOP\"",
        );
        assert_eq!(codes("regime-name", &within).len(), 1);
    }

    #[test]
    fn explicit_regime_not_in_force_at_the_start() {
        let forced = edit(
            BASE,
            "status = \"final\"",
            "status = \"final\"\nregime = \"notre-2015\"",
        );
        let d = codes("regime-name", &forced);
        // The regime, and under it France Travail is an unknown name; the CRE gave its avis
        // on 1 February 2025, when it could.
        assert_eq!(d.len(), 2, "{d:#?}");
        assert!(d.iter().any(|d| {
            d.message
                .contains("n'était pas en vigueur le 1er janvier 2025")
        }));
        let right = edit(
            BASE,
            "status = \"final\"",
            "status = \"final\"\nregime = \"plein-emploi-2024\"",
        );
        assert!(codes("regime-name", &right).is_empty());
    }

    #[test]
    fn the_committee_follows_the_law_on_the_day_of_the_avis() {
        // A CCREFP after the loi du 5 mars 2014, a CREFOP before it.
        let old = edit(
            BASE,
            "body = \"comité régional pour l'emploi\"",
            "body = \"CCREFP\"",
        );
        let d = codes("regime-name", &old);
        assert!(
            d[0].message.contains("le CCREFP ne rend plus d'avis"),
            "{}",
            d[0].message
        );
        let early = edit(
            BASE,
            "body = \"comité régional pour l'emploi\", date = 2025-02-01",
            "body = \"CREFOP\", date = 2014-03-06",
        );
        let d = codes("regime-name", &early);
        assert!(
            d[0].message.contains("qu'à compter du 7 mars 2014"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn applies_to_every_kind() {
        let conv = edit(BASE, "kind = \"crpc\"", "kind = \"partenariat\"");
        let conv = edit(&conv, "role = \"france-travail\"", "role = \"pole-emploi\"");
        assert_eq!(codes("regime-name", &conv).len(), 1);
    }
}
