//! `representative`: a signatory without the name and capacity of the person who signs for it
//! (« représentée par Mme X, Préfète de la région »).

use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::model::Signatory;

pub static RULE: Rule = Rule {
    code: "representative",
    severity: Severity::Error,
    kinds: &[],
    summary: "un signataire sans représentant nommé ni qualité",
    explanation: "Chaque partie signe par une personne nommée agissant en une qualité donnée \
(« représentée par Mme X, Préfète de la région »). `represented_by` donne le nom (`name`) et la \
qualité (`capacity`) du représentant.",
    reference: None,
    recommendation: None,
    failing: "[[signatories]]\nid = \"etat\"\nrole = \"etat\"\nname = \"L'État\"\n",
    passing: "[[signatories]]\nid = \"etat\"\nrole = \"etat\"\nname = \"L'État\"\nrepresented_by = { name = \"Mme Anne Martin\", capacity = \"Préfète de région\" }\n",
};

/// What a signatory's representative lacks: « le nom (`name`) », « la qualité (`capacity`) ».
pub fn lacks(s: &Signatory) -> Vec<&'static str> {
    let rep = s.represented_by.as_ref();
    let mut missing = Vec::new();
    if rep
        .and_then(|r| r.name.as_ref())
        .is_none_or(|n| n.trim().is_empty())
    {
        missing.push("le nom (`name`)");
    }
    if rep
        .and_then(|r| r.capacity.as_ref())
        .is_none_or(|c| c.trim().is_empty())
    {
        missing.push("la qualité (`capacity`)");
    }
    missing
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for s in &ctx.conv.signatories {
        let missing = lacks(s);
        if missing.is_empty() {
            continue;
        }
        let span = s.represented_by.as_ref().map(|r| r.span).unwrap_or(s.span);
        out.push(
            RULE.at(
                ctx.conv.file,
                span,
                format!(
                    "le signataire `{}` n'indique pas {} de son représentant",
                    s.id.value,
                    missing.join(" ni ")
                ),
            )
            .help("ajoutez represented_by = { name = \"Mme …\", capacity = \"…\" }"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;

    #[test]
    fn representative_without_capacity() {
        let conv = edit(
            BASE,
            ", capacity = \"Président\" }\n\n[[signatories]]\nid = \"cap\"",
            " }\n\n[[signatories]]\nid = \"cap\"",
        );
        let d = run_code("representative", &conv, &base_annexes());
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("`ml`") && d[0].message.contains("qualité"));
    }

    #[test]
    fn named_representatives_with_capacity() {
        assert!(run_code("representative", BASE, &base_annexes()).is_empty());
        let blank = edit(BASE, "capacity = \"Président\" }", "capacity = \"  \" }");
        assert_eq!(run_code("representative", &blank, &base_annexes()).len(), 1);
    }
}
