//! `opinion-missing` (CRPC): no dated opinion of the regional committee (the CREFOP, R. 6123-3-2;
//! from 1 July 2024 also a comité régional pour l'emploi); for a draft, only an information.

use super::regime_name::opinion_day;
use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::model::regime;
use crate::model::{Kind, Status};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "opinion-missing",
    severity: Severity::Error,
    kinds: &[Kind::Crpc],
    summary: "pas d'avis daté du comité régional (CREFOP ; à compter du 1er juillet 2024, CREFOP ou comité régional pour l'emploi)",
    explanation: "La convention régionale pluriannuelle de coordination est soumise pour avis au \
CREFOP (article R. 6123-3-2, 1°), qui existe toujours sous la loi pour le plein emploi ; à compter \
du 1er juillet 2024 (décret n° 2024-560 du 18 juin 2024), un comité régional pour l'emploi, \
institué au sein du CREFOP ou fusionné avec lui, peut le rendre. Une convention finale ou signée \
cite cet avis et sa date dans `governance.opinion` ; pour un projet, son absence n'est qu'une \
information. Un comité nommé à une date où il ne rend pas d'avis relève de la règle `regime-name`.",
    reference: Some("code-travail:R6123-3-2"),
    recommendation: None,
    failing: "[governance]\nevaluation = \"Bilan annuel.\"\n",
    passing: "[governance]\nopinion = { body = \"CREFOP\", date = 2025-02-20 }\n",
};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    if let Some((span, message, help)) = problem(ctx) {
        let severity = if c.header.status.value == Status::Draft {
            Severity::Info
        } else {
            Severity::Error
        };
        out.push(RULE.at(c.file, span, message).severity(severity).help(help));
    }
}

/// What is wrong with the avis, if anything: (where, message, help).
pub fn problem(ctx: &Ctx<'_>) -> Option<(Span, String, String)> {
    let c = ctx.conv;
    let start = c.header.start.value;
    let opinion = c.governance.as_ref().and_then(|g| g.opinion.as_ref());
    let day = opinion.map_or(start, |o| opinion_day(o, start));
    let valid = regime::committees_on(day);
    let first = valid.first().map_or(ctx.regime.committee, |c| c.name);
    let names = valid
        .iter()
        .map(|c| c.name)
        .collect::<Vec<_>>()
        .join(" ou du ");
    match opinion {
        None => Some((
            c.governance
                .as_ref()
                .map(|g| g.span)
                .unwrap_or(c.header.span),
            format!("aucun avis du {names} n'est cité"),
            format!(
                "ajoutez dans [governance] : opinion = {{ body = \"{first}\", date = AAAA-MM-JJ }}"
            ),
        )),
        Some(o) if regime::committees_named(&o.body).is_empty() => Some((
            o.body.span,
            format!(
                "`{}` n'est pas le comité régional qui rend l'avis",
                o.body.value
            ),
            format!("l'avis est celui du {names} : body = \"{first}\""),
        )),
        Some(o) if o.date.is_none() => Some((
            o.span,
            format!("l'avis du {} n'est pas daté", o.body.value.trim()),
            "ajoutez la date de l'avis : date = AAAA-MM-JJ".to_string(),
        )),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;
    use crate::diagnostic::Severity;

    #[test]
    fn opinion_error_when_final_info_when_draft() {
        let conv = edit(
            BASE,
            "[governance]\nopinion = { body = \"comité régional pour l'emploi\", date = 2025-02-01 }\n",
            "",
        );
        let d = codes("opinion-missing", &conv);
        assert_eq!(d[0].severity, Severity::Error);
        let draft = edit(&conv, "status = \"final\"", "status = \"draft\"");
        assert_eq!(codes("opinion-missing", &draft)[0].severity, Severity::Info);
        let wrong = edit(
            BASE,
            "body = \"comité régional pour l'emploi\"",
            "body = \"comité de pilotage\"",
        );
        assert_eq!(codes("opinion-missing", &wrong).len(), 1);
        assert!(codes("opinion-missing", BASE).is_empty());
    }

    #[test]
    fn a_crefop_avis_in_2025_counts() {
        let crefop = edit(
            BASE,
            "body = \"comité régional pour l'emploi\"",
            "body = \"CREFOP Grand Est\"",
        );
        assert!(codes("opinion-missing", &crefop).is_empty());
        let none = edit(
            BASE,
            "[governance]\nopinion = { body = \"comité régional pour l'emploi\", date = 2025-02-01 }\n",
            "",
        );
        let d = codes("opinion-missing", &none);
        assert!(
            d[0].message
                .contains("du CREFOP ou du comité régional pour l'emploi"),
            "{}",
            d[0].message
        );
        let undated = edit(BASE, ", date = 2025-02-01", "");
        assert!(
            codes("opinion-missing", &undated)[0]
                .message
                .contains("n'est pas daté")
        );
    }
}
