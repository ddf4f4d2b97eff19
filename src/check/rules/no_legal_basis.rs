//! `no-legal-basis` (CRPC): a convention régionale pluriannuelle de coordination that starts
//! before the law that created it (loi n° 2014-288 du 5 mars 2014, in force on 7 March 2014).
//! The other CRPC rules, which apply that law, do not run on it.

use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::model::Kind;
use crate::model::regime::{self, REGIMES};

pub static RULE: Rule = Rule {
    code: "no-legal-basis",
    severity: Severity::Error,
    kinds: &[Kind::Crpc],
    summary: "convention régionale de coordination antérieure à la loi du 5 mars 2014 qui l'a créée",
    explanation: "La convention régionale pluriannuelle de coordination de l'emploi, de \
l'orientation et de la formation professionnelles a été créée à l'article L. 6123-4 du code du \
travail par la loi n° 2014-288 du 5 mars 2014, en vigueur le 7 mars 2014. Une convention de nature \
`crpc` qui commence plus tôt n'a pas de base légale : c'est une autre convention (de partenariat, \
par exemple) ou sa date de début est fausse. La date de début compte, quelle que soit la clé \
`regime` ; les autres règles propres aux CRPC ne s'appliquent pas tant que la convention n'a pas de \
base légale.",
    reference: Some("code-travail:L6123-4"),
    recommendation: None,
    failing: "[convention]\nkind = \"crpc\"\nstart = 2013-01-01\n",
    passing: "[convention]\nkind = \"partenariat\"\nstart = 2013-01-01\n",
};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let h = &ctx.conv.header;
    if regime::at_start(ctx.conv).crpc {
        return;
    }
    let first = REGIMES
        .iter()
        .find(|r| r.crpc)
        .and_then(|r| r.from.map(|f| (r, f)));
    let Some((law, from)) = first else { return };
    out.push(
        RULE.at(
            ctx.conv.file,
            h.start.span,
            format!(
                "la convention commence le {}, avant le {} : la convention régionale pluriannuelle de coordination de l'article L. 6123-4, créée par la {}, n'existait pas encore",
                h.start.french(),
                from.french(),
                law.law
            ),
        )
        .label("début")
        .help("vérifiez `start` ; une convention antérieure est une convention de partenariat : kind = \"partenariat\""),
    );
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;

    fn starting(date: &str) -> String {
        let conv = edit(BASE, "start = 2025-01-01", &format!("start = {date}"));
        edit(&conv, "end = 2027-12-31", "end = 2016-12-31")
    }

    #[test]
    fn a_crpc_before_7_march_2014() {
        let d = codes("no-legal-basis", &starting("2014-03-06"));
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(
            d[0].message.contains("avant le 7 mars 2014"),
            "{}",
            d[0].message
        );
        // The CRPC rules of the law do not run on it: no finding about signatories or items.
        let all = run(&starting("2014-03-06"), &[]);
        assert!(
            all.iter()
                .all(|d| !["signatory-missing", "axis-uncovered", "visa-missing"]
                    .contains(&d.code())),
            "{all:#?}"
        );
        // An explicit regime does not give it a legal basis.
        let forced = edit(
            &starting("2013-06-01"),
            "status = \"final\"",
            "status = \"final\"\nregime = \"notre-2015\"",
        );
        assert_eq!(codes("no-legal-basis", &forced).len(), 1);
    }

    #[test]
    fn from_7_march_2014_or_another_kind() {
        assert!(codes("no-legal-basis", &starting("2014-03-07")).is_empty());
        let partnership = edit(
            &starting("2013-01-01"),
            "kind = \"crpc\"",
            "kind = \"partenariat\"",
        );
        assert!(codes("no-legal-basis", &partnership).is_empty());
        assert!(codes("no-legal-basis", BASE).is_empty());
    }
}
