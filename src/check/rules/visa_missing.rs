//! `visa-missing` (CRPC): an expected visa (L. 6123-4, stratégie coordonnée, SRDEII, CPRDFOP,
//! convention tripartite) is not cited by its reference.

use super::institution::is_institution;
use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::model::{Kind, refs};

pub static RULE: Rule = Rule {
    code: "visa-missing",
    severity: Severity::Warning,
    kinds: &[Kind::Crpc],
    summary: "un visa attendu manque (L. 6123-4, stratégie coordonnée, SRDEII, CPRDFOP, convention tripartite)",
    explanation: "La convention est établie en cohérence avec la stratégie coordonnée de l'État \
et de la Région (L. 6123-4-1), le SRDEII, le CPRDFOP et, pour France Travail, la convention \
tripartite État–Unédic–France Travail (L. 5312-3). Ses visas citent ces actes et l'article \
L. 6123-4 par leur référence (`ref`), jamais par des mots du texte libre.",
    reference: Some("code-travail:L6123-4"),
    failing: "[[visas]]\ntext = \"Vu le code du travail, notamment son article L. 6123-4\"\n",
    passing: "[[visas]]\nref = \"code-travail:L6123-4\"\n",
};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    let has = |id: &str| {
        c.visas
            .iter()
            .any(|v| v.reference.as_ref().is_some_and(|r| r.value == id))
    };
    let mut expected = vec![
        "code-travail:L6123-4",
        "strategie-coordonnee",
        "srdeii",
        "cprdfop",
    ];
    if c.signatories.iter().any(|s| is_institution(s.role.value)) {
        expected.push("convention-tripartite");
    }
    let span = c.visas.first().map(|v| v.span).unwrap_or(c.header.span);
    for id in expected.into_iter().filter(|id| !has(id)) {
        out.push(
            RULE
                .at(c.file, span, format!("visa manquant : {}", refs::describe(id)))
                .help(format!("ajoutez [[visas]] ref = \"{id}\" (avec `date` et un `text` complémentaire si besoin)")),
        );
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
        assert!(codes("visa-missing", BASE).is_empty());
    }
}
