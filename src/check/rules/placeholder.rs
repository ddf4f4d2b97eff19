//! `placeholder`: values left « à compléter » (the marker `convgen init` writes). A warning in
//! a draft; an error once the convention is final or signed, which cannot hold blanks.

use super::texts;
use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::model::Status;

pub static RULE: Rule = Rule {
    code: "placeholder",
    severity: Severity::Error,
    kinds: &[],
    summary: "une valeur est encore « à compléter »",
    explanation: "`convgen init` écrit « à compléter » partout où la convention attend une \
valeur : noms et qualités des représentants, adresses, textes des objectifs et des engagements, \
libellés des indicateurs… Chaque valeur qui contient encore ces mots est signalée, avec la clé à \
remplir. Tant que la convention est un projet (`status = \"draft\"`), c'est un avertissement ; une \
convention finale ou signée ne peut plus en contenir (erreur).",
    reference: None,
    recommendation: None,
    failing: "[[signatories]]\nid = \"etat\"\nrole = \"etat\"\nname = \"L'État\"\nrepresented_by = { name = \"« à compléter »\", capacity = \"Préfète de région\" }\n",
    passing: "[[signatories]]\nid = \"etat\"\nrole = \"etat\"\nname = \"L'État\"\nrepresented_by = { name = \"Mme Anne Martin\", capacity = \"Préfète de région\" }\n",
};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    let draft = c.header.status.value == Status::Draft;
    for (file, value, key) in texts::matching(ctx, is_placeholder) {
        let message = if draft {
            format!("{key} est encore « à compléter »")
        } else {
            format!(
                "convention au statut `{}` : {key} est encore « à compléter »",
                c.header.status.value
            )
        };
        out.push(
            RULE
                .at(file, value.span, message)
                .label("à compléter")
                .severity(if draft {
                    Severity::Warning
                } else {
                    Severity::Error
                })
                .help("remplacez « à compléter » par la valeur définitive (voir le commentaire au-dessus de la clé)"),
        );
    }
}

/// The marker written by `convgen init` where a value is expected (matched case-insensitively).
pub const MARKER: &str = "à compléter";

/// Whether a text still holds the marker.
pub fn is_placeholder(text: &str) -> bool {
    // Cheap screen first (vectorised, no allocation): every text is scanned and few hold
    // the marker; any case of it holds "compl" in ASCII letters.
    let b = text.as_bytes();
    let maybe = memchr::memchr2_iter(b'c', b'C', b).any(|i| {
        b.get(i + 1..i + 5)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"ompl"))
    });
    maybe && text.to_lowercase().contains(MARKER)
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;

    #[test]
    fn marker_is_found_case_insensitively() {
        assert!(super::is_placeholder("« À compléter »"));
        assert!(super::is_placeholder("adopté le « à compléter »"));
        assert!(super::is_placeholder("À COMPLÉTER"));
        assert!(super::is_placeholder("« à CoMpLéTeR »"));
        assert!(!super::is_placeholder("à complet"));
        assert!(!super::is_placeholder("compléter l'offre"));
    }

    #[test]
    fn error_when_final_warning_when_draft() {
        assert!(run_code("placeholder", BASE, &base_annexes()).is_empty());
        let conv = edit(
            BASE,
            "name = \"Mme Anne Préfète\"",
            "name = \"« à compléter »\"",
        );
        let d = run_code("placeholder", &conv, &base_annexes());
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(
            d[0].message
                .contains("`represented_by.name` du signataire `etat`")
        );
        assert_eq!(d[0].severity, crate::diagnostic::Severity::Error);
        let draft = edit(&conv, "status = \"final\"", "status = \"draft\"");
        let d = run_code("placeholder", &draft, &base_annexes());
        assert_eq!(d[0].severity, crate::diagnostic::Severity::Warning);
    }
}
