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
}
