//! `opinion-missing` (CRPC): no dated opinion of the regional committee (CREFOP, then comité
//! régional pour l'emploi); for a draft, only an information.

use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::model::regime::REGIMES;
use crate::model::{Kind, Status};

pub static RULE: Rule = Rule {
    code: "opinion-missing",
    severity: Severity::Error,
    kinds: &[Kind::Crpc],
    summary: "pas d'avis du comité régional (CREFOP, comité régional pour l'emploi)",
    explanation: "La convention est soumise pour avis au comité régional : le CREFOP jusqu'en \
2023, le comité régional pour l'emploi depuis la loi pour le plein emploi. Une convention finale \
ou signée cite cet avis et sa date dans `governance.opinion` ; pour un projet, son absence n'est \
qu'une information.",
    reference: Some("code-travail:L6123-3"),
    failing: "[governance]\nevaluation = \"Bilan annuel.\"\n",
    passing: "[governance]\nopinion = { body = \"comité régional pour l'emploi\", date = 2025-02-20 }\n",
};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    let severity = if c.header.status.value == Status::Draft {
        Severity::Info
    } else {
        Severity::Error
    };
    let committee = ctx.regime.committee;
    let opinion = c.governance.as_ref().and_then(|g| g.opinion.as_ref());
    let finding = match opinion {
        None => Some((
            c.governance
                .as_ref()
                .map(|g| g.span)
                .unwrap_or(c.header.span),
            format!("aucun avis du {committee} n'est cité"),
            format!(
                "ajoutez dans [governance] : opinion = {{ body = \"{committee}\", date = AAAA-MM-JJ }}"
            ),
        )),
        Some(o) if !REGIMES.iter().any(|r| r.names_committee(&o.body)) => Some((
            o.body.span,
            format!(
                "`{}` n'est pas le comité régional qui rend l'avis",
                o.body.value
            ),
            format!("l'avis est celui du {committee} : body = \"{committee}\""),
        )),
        Some(o) if o.date.is_none() => Some((
            o.span,
            format!("l'avis du {committee} n'est pas daté"),
            "ajoutez la date de l'avis : date = AAAA-MM-JJ".to_string(),
        )),
        Some(_) => None,
    };
    if let Some((span, message, help)) = finding {
        out.push(RULE.at(c.file, span, message).severity(severity).help(help));
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
}
