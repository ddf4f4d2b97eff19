//! `clause-missing` (`partenariat`, `spro`): a clause the kind of convention requires (duration;
//! for the SPRO also amendment, termination and disputes) is not marked on any article.

use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::model::{Clause, Kind};

pub static RULE: Rule = Rule {
    code: "clause-missing",
    severity: Severity::Error,
    kinds: &[Kind::Partenariat, Kind::Spro],
    summary: "une clause obligatoire manque (durée ; pour le SPRO aussi modification, résiliation, litiges)",
    explanation: "Une convention de partenariat fixe au moins sa durée. Une convention relative au \
service public régional de l'orientation (article L. 6111-3) comporte en outre les clauses de \
modification par avenant, de résiliation et de règlement des litiges. Chaque clause est un \
`[[articles]]` marqué par `clause`.",
    reference: None,
    recommendation: None,
    failing: "[[articles]]\ntitle = \"Durée\"\ntext = \"La convention est conclue pour deux ans.\"\n",
    passing: "[[articles]]\ntitle = \"Durée\"\nclause = \"duree\"\ntext = \"La convention est conclue pour deux ans.\"\n",
};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    let span = c
        .sections
        .last()
        .map(|s| s.span)
        .or_else(|| c.articles.last().map(|a| a.span))
        .unwrap_or(c.header.span);
    for &clause in required_clauses(c.header.kind.value) {
        if c.clauses().any(|k| k.value == clause) {
            continue;
        }
        out.push(
            RULE
                .at(c.file, span, format!("la clause « {} » manque à la convention `{}`", clause.label(), c.header.kind.value))
                .help(format!("ajoutez un article ([[articles]] ou [[sections]]) avec title, clause = \"{clause}\" et text, ou marquez l'article existant")),
        );
    }
}

/// Clauses a convention of `kind` must carry.
pub fn required_clauses(kind: Kind) -> &'static [Clause] {
    match kind {
        Kind::Spro => &[
            Clause::Duree,
            Clause::Modification,
            Clause::Resiliation,
            Clause::Litiges,
        ],
        Kind::Partenariat => &[Clause::Duree],
        Kind::Crpc => &[],
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;

    fn spro(articles: &str) -> String {
        let conv = edit(BASE, "kind = \"crpc\"", "kind = \"spro\"");
        format!("{conv}\n{articles}")
    }

    fn article(clause: &str) -> String {
        format!("[[articles]]\ntitle = \"Article\"\nclause = \"{clause}\"\ntext = \"…\"\n")
    }

    #[test]
    fn spro_needs_four_clauses() {
        let d = run_code("clause-missing", &spro(&article("duree")), &base_annexes());
        assert_eq!(d.len(), 3, "{d:#?}");
        let all: String = ["duree", "modification", "resiliation", "litiges"]
            .map(article)
            .concat();
        assert!(run_code("clause-missing", &spro(&all), &base_annexes()).is_empty());
    }

    #[test]
    fn partenariat_needs_duration() {
        let conv = edit(BASE, "kind = \"crpc\"", "kind = \"partenariat\"");
        let d = run_code("clause-missing", &conv, &base_annexes());
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("durée"));
        let ok = format!("{conv}\n{}", article("duree"));
        assert!(run_code("clause-missing", &ok, &base_annexes()).is_empty());
        // A CRPC has no clause requirement.
        assert!(run_code("clause-missing", BASE, &base_annexes()).is_empty());
    }
}
