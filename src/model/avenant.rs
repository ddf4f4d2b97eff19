//! An avenant (amendment) of a convention: `avenants/<n>.toml` in the convention's folder
//! holds what the diff cannot know — its number, its object, the deliberations approving it,
//! its date and its date of effect. `convgen avenant` drafts its articles from the changes;
//! the convention then renders as a consolidated version.

use crate::date::Date;
use crate::source::{FileId, Sp, Span};

use super::Visa;

#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Avenant `avenants/<n>.toml` : numéro, objet, délibérations, dates de signature et d'effet."
)]
pub struct Avenant {
    #[schemars(skip)]
    pub file: FileId,
    #[schemars(rename = "avenant", description = "Identité de l'avenant.")]
    pub header: AvenantHeader,
    #[schemars(
        default,
        description = "Délibérations et actes approuvant l'avenant (`[[deliberations]]`, comme les `[[visas]]`), visés après la convention elle-même."
    )]
    pub deliberations: Vec<Visa>,
}

#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(deny_unknown_fields, description = "Table `[avenant]`.")]
pub struct AvenantHeader {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(description = "Numéro de l'avenant (1, 2…) : celui du nom de fichier.")]
    pub number: Sp<i64>,
    #[schemars(
        description = "Objet de l'avenant, en une phrase (« actualiser les cibles de l'annexe 2026 »)."
    )]
    pub object: Option<Sp<String>>,
    #[schemars(description = "Date de signature de l'avenant (date TOML, AAAA-MM-JJ).")]
    pub date: Option<Sp<Date>>,
    #[schemars(description = "Lieu de signature de l'avenant.")]
    pub place: Option<Sp<String>>,
    #[schemars(
        description = "Date d'effet (date TOML) ; sans elle, l'avenant prend effet à sa signature."
    )]
    pub effect: Option<Sp<Date>>,
    #[schemars(
        default,
        description = "Sections modifiées (leur `id`, ou leur titre) : la version consolidée de la convention le note sous chacune."
    )]
    pub amends: Vec<Sp<String>>,
}
