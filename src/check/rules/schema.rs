//! `schema`, the part checked on a decoded convention: its id names the output files
//! (`<id>.pdf`), so it must be a plain file name. The rule itself is described and otherwise
//! reported by the loader ([`crate::load::SCHEMA`]).

use crate::check::Ctx;
use crate::diagnostic::Diagnostic;
use crate::load::SCHEMA;

/// The convention id names the output files: it must be a plain file name.
pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let id = &ctx.conv.header.id;
    if !crate::load::assets::is_file_name_safe(&id.value) {
        out.push(
            SCHEMA
                .at(
                    ctx.conv.file,
                    id.span,
                    format!(
                        "l'identifiant de convention `{}` ne peut pas nommer un fichier",
                        id.value.escape_debug()
                    ),
                )
                .label("identifiant")
                .help("il nomme les documents produits (`<id>.pdf`) : lettres ASCII, chiffres, `-`, `_` et `.` seulement, sans `.` initial, par exemple `crpc-grand-est-2024`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;

    #[test]
    fn convention_id_that_cannot_name_a_file() {
        for id in ["../crpc", "crpc/2025", ".crpc", "crpc minimal"] {
            let conv = edit(BASE, "id = \"crpc-minimal\"", &format!("id = \"{id}\""));
            let d = codes("schema", &conv);
            assert_eq!(d.len(), 1, "{id}: {d:#?}");
            assert!(
                d[0].message.contains("ne peut pas nommer un fichier"),
                "{id}"
            );
        }
    }

    #[test]
    fn plain_file_names_are_accepted() {
        for id in ["crpc-minimal", "crpc_grand-est.2024", "CRPC2025"] {
            let conv = edit(BASE, "id = \"crpc-minimal\"", &format!("id = \"{id}\""));
            let d = codes("schema", &conv);
            assert!(d.is_empty(), "{id}: {d:#?}");
        }
    }

    #[test]
    fn a_missing_date_is_asked_for_without_a_made_up_value() {
        let conv = edit(BASE, "start = 2025-01-01\n", "");
        let d = codes("schema", &conv);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].help.as_deref(), Some("ajoutez `start = AAAA-MM-JJ`"));
        // `end` is optional: an open period is no schema error.
        let open = edit(BASE, "end = 2027-12-31\n", "");
        assert!(codes("schema", &open).is_empty());
    }

    #[test]
    fn a_target_is_optional_and_never_suggested_as_zero() {
        let mut annexes = base_annexes();
        annexes[0].1 = edit(&annexes[0].1, "target = 1.0", "actual = 1.0");
        assert!(run_code("schema", BASE, &annexes).is_empty());
        annexes[0].1 = edit(
            &annexes[0].1,
            "[[means]]\nobjective = \"mobiliser\"",
            "[[investments]]\nsignatory = \"ft\"\nlabel = \"Locaux\"\n\n[[means]]\nobjective = \"mobiliser\"",
        );
        let d = run_code("schema", BASE, &annexes);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].help.as_deref(),
            Some("ajoutez `amount_eur = <nombre>`")
        );
    }

    #[test]
    fn every_common_rhythm_and_cautious_suggestions() {
        let steering = "[governance]\n";
        let with = |f: &str| {
            edit(
                BASE,
                steering,
                &format!(
                    "[governance]\nsteering = {{ body = \"Comité de pilotage\", frequency = \"{f}\" }}\n"
                ),
            )
        };
        for f in [
            "bimestrielle",
            "quadrimestrielle",
            "bimensuelle",
            "hebdomadaire",
        ] {
            assert!(codes("schema", &with(f)).is_empty(), "{f}");
        }
        let d = codes("schema", &with("trimestriel"));
        let help = d[0].help.as_deref().unwrap();
        assert!(
            help.starts_with(
                "vouliez-vous dire `trimestrielle` (tous les trois mois, 4 fois par an) ?"
            ),
            "{help}"
        );
        // No suggestion that would change the rhythm.
        let d = codes("schema", &with("tous les deux mois"));
        let help = d[0].help.as_deref().unwrap();
        assert!(!help.contains("vouliez-vous dire"), "{help}");
        assert!(
            help.contains("`bimestrielle` (tous les deux mois, 6 fois par an)"),
            "{help}"
        );
        let d = codes("schema", &with("biannuelle"));
        assert!(!d[0].help.as_deref().unwrap().contains("vouliez-vous dire"));
    }
}
