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
