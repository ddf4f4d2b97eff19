//! `signatory-missing` (CRPC): a signatory that article L. 6123-4 requires is neither present
//! nor, where the law allows it (maisons de l'emploi, PLIE), declared absent from the region.

use super::institution::is_institution;
use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity, backticked};
use crate::model::{AbsentRole, Kind, Role, Signatory};

pub static RULE: Rule = Rule {
    code: "signatory-missing",
    severity: Severity::Error,
    kinds: &[Kind::Crpc],
    summary: "un signataire exigé par l'article L. 6123-4 manque",
    explanation: "La convention régionale pluriannuelle de coordination est signée par le \
président du conseil régional, le représentant de l'État dans la région (en Corse : le président \
du conseil exécutif et le représentant de l'État dans la collectivité de Corse), l'institution de \
l'article L. 5312-1 (Pôle emploi, France Travail depuis 2024), les représentants régionaux des \
missions locales et des organismes spécialisés dans l'insertion professionnelle des personnes \
handicapées (Cap emploi) et, depuis la loi NOTRe (9 août 2015), des présidents de maisons de \
l'emploi et de structures gestionnaires de PLIE. Sous la loi du 5 mars 2014, les cinq premiers \
seulement. Les maisons de l'emploi et les PLIE n'existant pas partout, la convention peut les \
déclarer absents du territoire dans `[[absent_roles]]`, avec une raison ; les autres signataires \
ne peuvent pas être déclarés absents.",
    reference: Some("code-travail:L6123-4"),
    recommendation: None,
    failing: "[[absent_roles]]\nrole = \"missions-locales\"\nreason = \"pas de réseau régional\"\n",
    passing: "[[absent_roles]]\nrole = \"plie\"\nreason = \"aucun PLIE n'est actif dans la région\"\n",
};

/// One role the law requires, with the signatories that hold it and its declared absence.
pub struct RequiredRole<'a> {
    pub role: Role,
    pub signatories: Vec<&'a Signatory>,
    /// The `[[absent_roles]]` entry that excuses it, when the law allows it to be absent.
    pub absent: Option<&'a AbsentRole>,
}

/// Every role the regime requires, in the regime's order.
pub fn required<'a>(ctx: &Ctx<'a>) -> Vec<RequiredRole<'a>> {
    let c = ctx.conv;
    let r = ctx.regime;
    r.required_roles
        .iter()
        .map(|&role| RequiredRole {
            role,
            signatories: c
                .signatories
                .iter()
                .filter(|s| {
                    s.role.value == role || (is_institution(role) && is_institution(s.role.value))
                })
                .collect(),
            absent: c
                .absent_roles
                .iter()
                .find(|a| a.role.value == role && r.may_be_absent.contains(&role)),
        })
        .collect()
}

/// `[[absent_roles]]` entries the law does not allow (a role that must sign).
pub fn refused_absences<'a>(ctx: &Ctx<'a>) -> impl Iterator<Item = &'a AbsentRole> + 'a {
    let r = ctx.regime;
    ctx.conv
        .absent_roles
        .iter()
        .filter(move |a| !r.may_be_absent.contains(&a.role.value))
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    let r = ctx.regime;
    for absent in refused_absences(ctx) {
        let allowed = if r.may_be_absent.is_empty() {
            format!(
                "sous le régime `{}`, aucun signataire ne peut manquer",
                r.id
            )
        } else {
            format!(
                "seuls {} peuvent manquer au territoire",
                backticked(r.may_be_absent.iter().map(|r| r.as_str()))
            )
        };
        out.push(
            RULE.at(
                c.file,
                absent.role.span,
                format!(
                    "le rôle `{}` ne peut pas être déclaré absent",
                    absent.role.value
                ),
            )
            .label("obligatoire")
            .help(format!(
                "{allowed} ; ajoutez ce signataire dans [[signatories]]"
            )),
        );
    }
    for req in required(ctx) {
        if !req.signatories.is_empty() || req.absent.is_some() {
            continue;
        }
        let role = req.role;
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
                    ctx.territory.role_label(role)
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
    fn five_signatories_under_the_2014_law() {
        let conv = edit(BASE, "start = 2025-01-01", "start = 2014-09-01");
        let conv = edit(&conv, "end = 2027-12-31", "end = 2015-08-08");
        let conv = edit(&conv, "role = \"france-travail\"", "role = \"pole-emploi\"");
        let without = edit(&conv, PLIE, "");
        assert!(codes("signatory-missing", &without).is_empty());
        // From 9 August 2015, the PLIE signs.
        let notre = edit(&without, "start = 2014-09-01", "start = 2015-08-09");
        let notre = edit(&notre, "end = 2015-08-08", "end = 2018-08-08");
        assert_eq!(codes("signatory-missing", &notre).len(), 1);
        // Under the 2014 law, no role may be declared absent.
        let declared =
            format!("{without}\n[[absent_roles]]\nrole = \"plie\"\nreason = \"aucun\"\n");
        let d = codes("signatory-missing", &declared);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(
            d[0].help
                .as_deref()
                .unwrap()
                .contains("aucun signataire ne peut manquer")
        );
    }

    #[test]
    fn corsica_is_signed_by_its_executive() {
        let conv = edit(BASE, "region = \"Région Test\"", "region = \"Corse\"");
        let conv = edit(&conv, "role = \"region\"", "role = \"other\"");
        let d = codes("signatory-missing", &conv);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(
            d[0].message
                .contains("le président du conseil exécutif de Corse"),
            "{}",
            d[0].message
        );
        let mainland = edit(BASE, "role = \"region\"", "role = \"other\"");
        assert!(
            codes("signatory-missing", &mainland)[0]
                .message
                .contains("conseil régional")
        );
    }

    #[test]
    fn crpc_rules_do_not_apply_to_other_kinds() {
        let conv = edit(BASE, "kind = \"crpc\"", "kind = \"partenariat\"");
        let conv = edit(&conv, PLIE, "");
        let d = run(&conv, &base_annexes());
        assert!(d.iter().all(|d| d.code() != "signatory-missing"), "{d:#?}");
    }
}
