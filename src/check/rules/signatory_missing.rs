//! `signatory-missing` (CRPC): a signatory that article L. 6123-4 requires is neither present
//! nor, where the law allows it (maisons de l'emploi, PLIE), declared absent from the region.

use super::institution::is_institution;
use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity, backticked};
use crate::model::Kind;

pub static RULE: Rule = Rule {
    code: "signatory-missing",
    severity: Severity::Error,
    kinds: &[Kind::Crpc],
    summary: "un signataire exigé par l'article L. 6123-4 manque",
    explanation: "La convention régionale pluriannuelle de coordination est signée par le \
président du conseil régional, le préfet de région, France Travail (Pôle emploi avant 2024), les \
représentants régionaux des missions locales, de Cap emploi, des maisons de l'emploi et des \
structures gestionnaires des PLIE. Les maisons de l'emploi et les PLIE n'existant pas partout, la \
convention peut les déclarer absents du territoire dans `[[absent_roles]]`, avec une raison ; les \
autres signataires ne peuvent pas être déclarés absents.",
    reference: Some("code-travail:L6123-4"),
    failing: "[[absent_roles]]\nrole = \"missions-locales\"\nreason = \"pas de réseau régional\"\n",
    passing: "[[absent_roles]]\nrole = \"plie\"\nreason = \"aucun PLIE n'est actif dans la région\"\n",
};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    let r = ctx.regime;
    for absent in &c.absent_roles {
        if !r.may_be_absent.contains(&absent.role.value) {
            out.push(
                RULE
                    .at(c.file, absent.role.span, format!("le rôle `{}` ne peut pas être déclaré absent", absent.role.value))
                    .label("obligatoire")
                    .help(format!(
                        "seuls {} peuvent manquer au territoire ; ajoutez ce signataire dans [[signatories]]",
                        backticked(r.may_be_absent.iter().map(|r| r.as_str()))
                    )),
            );
        }
    }
    for &role in r.required_roles {
        let present = c.signatories.iter().any(|s| {
            s.role.value == role || (is_institution(role) && is_institution(s.role.value))
        });
        let declared_absent =
            r.may_be_absent.contains(&role) && c.absent_roles.iter().any(|a| a.role.value == role);
        if present || declared_absent {
            continue;
        }
        let mut help = format!("ajoutez un [[signatories]] avec role = \"{role}\"");
        if r.may_be_absent.contains(&role) {
            help.push_str(&format!(
                ", ou, s'il n'en existe pas dans la région, un [[absent_roles]] avec role = \"{role}\" et une raison"
            ));
        }
        out.push(
            RULE.at(
                c.file,
                c.header.span,
                format!(
                    "signataire obligatoire absent : {} (`{role}`)",
                    role.label()
                ),
            )
            .help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;

    const PLIE: &str = "[[signatories]]\nid = \"plie\"\nrole = \"plie\"\nname = \"PLIE de la région Test\"\nrepresented_by = { name = \"Mme Léa Présidente\", capacity = \"Présidente\" }\n";

    #[test]
    fn missing_plie_unless_declared_absent() {
        let conv = edit(BASE, PLIE, "");
        let conv = conv.replace(", \"plie\"", "");
        let d = codes("signatory-missing", &conv);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("`plie`"));
        let declared =
            format!("{conv}\n[[absent_roles]]\nrole = \"plie\"\nreason = \"aucun PLIE\"\n");
        assert!(codes("signatory-missing", &declared).is_empty());
        assert!(codes("signatory-missing", BASE).is_empty());
    }

    #[test]
    fn required_role_cannot_be_declared_absent() {
        let conv = format!("{BASE}\n[[absent_roles]]\nrole = \"etat\"\nreason = \"non\"\n");
        let d = codes("signatory-missing", &conv);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("ne peut pas être déclaré absent"));
    }

    #[test]
    fn pole_emploi_counts_as_the_institution() {
        let conv = edit(BASE, "role = \"france-travail\"", "role = \"pole-emploi\"");
        assert!(codes("signatory-missing", &conv).is_empty());
    }

    #[test]
    fn crpc_rules_do_not_apply_to_other_kinds() {
        let conv = edit(BASE, "kind = \"crpc\"", "kind = \"partenariat\"");
        let conv = edit(&conv, PLIE, "");
        let d = run(&conv, &base_annexes());
        assert!(d.iter().all(|d| d.code() != "signatory-missing"), "{d:#?}");
    }
}
