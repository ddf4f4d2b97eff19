//! `signature`: a final or signed convention without the place and date of its signature
//! block (« Fait à …, le … »); for a draft, only an information.

use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::model::Status;

pub static RULE: Rule = Rule {
    code: "signature",
    severity: Severity::Error,
    kinds: &[],
    summary: "convention finale ou signée sans lieu et date de signature",
    explanation: "Le bloc de signature « Fait à …, le … » exige un lieu et une date. Une \
convention au statut `final` ou `signed` doit les donner dans `[convention.signature]` ; tant que \
la convention est un projet (`draft`), leur absence n'est qu'une information.",
    reference: None,
    failing: "[convention]\nstatus = \"final\"\n",
    passing: "[convention]\nstatus = \"final\"\n\n[convention.signature]\nplace = \"Orléans\"\ndate = 2025-03-14\n",
};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let h = &ctx.conv.header;
    let sig = h.signature.as_ref();
    let mut missing = Vec::new();
    if sig.and_then(|s| s.place.as_ref()).is_none() {
        missing.push("le lieu (`place`)");
    }
    if sig.and_then(|s| s.date.as_ref()).is_none() {
        missing.push("la date (`date`)");
    }
    if missing.is_empty() {
        return;
    }
    let draft = h.status.value == Status::Draft;
    let span = sig.map(|s| s.span).unwrap_or(h.status.span);
    let message = if draft {
        format!(
            "projet : {} de signature reste à fixer",
            missing.join(" et ")
        )
    } else {
        format!(
            "convention au statut `{}` sans {} de signature",
            h.status.value,
            missing.join(" ni ")
        )
    };
    out.push(
        RULE.at(ctx.conv.file, span, message)
            .severity(if draft {
                Severity::Info
            } else {
                Severity::Error
            })
            .help("complétez [convention.signature] : place = \"…\" et date = AAAA-MM-JJ"),
    );
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;

    #[test]
    fn signature_error_when_final_info_when_draft() {
        let conv = edit(
            BASE,
            "[convention.signature]\nplace = \"Ville-Test\"\ndate = 2025-03-14\n",
            "",
        );
        let d = run_code("signature", &conv, &base_annexes());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, crate::diagnostic::Severity::Error);
        let draft = edit(&conv, "status = \"final\"", "status = \"draft\"");
        let d = run_code("signature", &draft, &base_annexes());
        assert_eq!(d[0].severity, crate::diagnostic::Severity::Info);
        let no_date = edit(BASE, "date = 2025-03-14\n", "");
        assert!(
            run_code("signature", &no_date, &base_annexes())[0]
                .message
                .contains("date")
        );
    }

    #[test]
    fn place_and_date_given() {
        assert!(run_code("signature", BASE, &base_annexes()).is_empty());
        let signed = edit(BASE, "status = \"final\"", "status = \"signed\"");
        assert!(run_code("signature", &signed, &base_annexes()).is_empty());
    }
}
