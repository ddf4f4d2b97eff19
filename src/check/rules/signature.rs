//! `signature`: a signed convention without the place and date of its signature block
//! (« Fait à …, le … »). Before signature they may stay blank: a `final` text is printed with
//! « Fait à …, le … » to fill by hand, a `draft` is still a project; both get an information.

use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::model::Status;

pub static RULE: Rule = Rule {
    code: "signature",
    severity: Severity::Error,
    kinds: &[],
    summary: "convention signée sans lieu ni date de signature (information tant qu'elle n'est pas signée)",
    explanation: "Le bloc de signature « Fait à …, le … » porte un lieu et une date. Une \
convention au statut `signed` les donne dans `[convention.signature]`. Tant qu'elle n'est pas \
signée, leur absence n'est qu'une information : une version `final` est imprimée avec « Fait à \
…, le … » en blanc, à remplir à la main le jour de la signature ; un projet (`draft`) les fixera \
plus tard.",
    reference: None,
    recommendation: None,
    failing: "[convention]\nstatus = \"signed\"\n",
    passing: "[convention]\nstatus = \"signed\"\n\n[convention.signature]\nplace = \"Orléans\"\ndate = 2025-03-14\n",
};

/// What the signature block lacks: « le lieu (`place`) », « la date (`date`) ».
pub fn missing(ctx: &Ctx<'_>) -> Vec<&'static str> {
    let sig = ctx.conv.header.signature.as_ref();
    let mut missing = Vec::new();
    if sig
        .and_then(|s| s.place.as_ref())
        .is_none_or(|p| p.trim().is_empty())
    {
        missing.push("le lieu (`place`)");
    }
    if sig.and_then(|s| s.date.as_ref()).is_none() {
        missing.push("la date (`date`)");
    }
    missing
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let h = &ctx.conv.header;
    let missing = missing(ctx);
    if missing.is_empty() {
        return;
    }
    let span = h
        .signature
        .as_ref()
        .map(|s| s.span)
        .unwrap_or(h.status.span);
    let what = missing.join(" et ");
    let verb = if missing.len() > 1 {
        "restent"
    } else {
        "reste"
    };
    let (message, severity) = match h.status.value {
        Status::Signed => (
            format!(
                "convention au statut `signed` sans {} de signature",
                missing.join(" ni ")
            ),
            Severity::Error,
        ),
        Status::Final => (
            format!(
                "version définitive : {what} de signature {verb} à porter à la main (« Fait à …, le … » en blanc)"
            ),
            Severity::Info,
        ),
        Status::Draft => (
            format!("projet : {what} de signature {verb} à fixer"),
            Severity::Info,
        ),
    };
    out.push(
        RULE.at(ctx.conv.file, span, message)
            .severity(severity)
            .help("une fois la convention signée, complétez [convention.signature] : place = \"…\" et date = AAAA-MM-JJ"),
    );
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;
    use crate::diagnostic::Severity;

    #[test]
    fn error_when_signed_info_when_final_or_draft() {
        let conv = edit(
            BASE,
            "[convention.signature]\nplace = \"Ville-Test\"\ndate = 2025-03-14\n",
            "",
        );
        let signed = edit(&conv, "status = \"final\"", "status = \"signed\"");
        let d = run_code("signature", &signed, &base_annexes());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Error);
        assert!(
            d[0].message
                .contains("sans le lieu (`place`) ni la date (`date`)")
        );
        let d = run_code("signature", &conv, &base_annexes());
        assert_eq!(
            d[0].severity,
            Severity::Info,
            "a final text is signed by hand"
        );
        assert!(
            d[0].message.contains("restent à porter à la main"),
            "{}",
            d[0].message
        );
        let draft = edit(&conv, "status = \"final\"", "status = \"draft\"");
        let d = run_code("signature", &draft, &base_annexes());
        assert_eq!(d[0].severity, Severity::Info);
        assert!(
            d[0].message.ends_with("restent à fixer"),
            "{}",
            d[0].message
        );
        let no_date = edit(BASE, "date = 2025-03-14\n", "");
        let d = run_code("signature", &no_date, &base_annexes());
        assert!(
            d[0].message
                .contains("la date (`date`) de signature reste à porter"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn place_and_date_given() {
        assert!(run_code("signature", BASE, &base_annexes()).is_empty());
        let signed = edit(BASE, "status = \"final\"", "status = \"signed\"");
        assert!(run_code("signature", &signed, &base_annexes()).is_empty());
    }
}
