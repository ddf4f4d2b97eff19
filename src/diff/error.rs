//! Why two sides could not be compared (exit code 2); the messages are shown to the user.

use crate::load::CONVENTION_FILE;

/// A side that cannot be read or compared.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error("chemin introuvable : {0}")]
    NotFound(String),
    #[error("{0} n'est pas un dossier de convention (il n'a pas de `{file}`)", file = CONVENTION_FILE)]
    NotAConvention(String),
    #[error("{path} n'existe pas dans la révision {rev}")]
    NotInRevision { path: String, rev: String },
    #[error("impossible de lire {label} : {source}")]
    Unreadable {
        label: String,
        source: std::io::Error,
    },
    #[error("{0} n'est pas un fichier ordinaire")]
    NotAFile(String),
    #[error(
        "{0} est un lien symbolique : convgen ne suit pas les liens d'un dépôt de conventions, le fichier visé n'est pas lu"
    )]
    Link(String),
    #[error("fichier trop volumineux : {0}")]
    TooLarge(String),
    #[error("{old} et {new} ne sont pas de même nature : comparez deux fichiers ou deux dossiers")]
    NotSameNature { old: String, new: String },
    #[error(
        "{old} est {} mais {new} est {} : comparez deux annexes ou deux conventions",
        kind(.old_annex),
        kind(.new_annex)
    )]
    NotSameKind {
        old: String,
        old_annex: bool,
        new: String,
        new_annex: bool,
    },
    #[error(
        "aucune convention (fichier `{file}`) sous {old} ni sous {new}",
        file = CONVENTION_FILE
    )]
    NoConvention { old: String, new: String },
    #[error("deux annexes pour l'année {year} dans {side} : impossible de les apparier")]
    SameYear { year: i64, side: String },
    #[error("révision git inconnue : {0}")]
    UnknownRevision(String),
    #[error("{0} n'est pas dans un dépôt git")]
    NotInRepository(String),
    #[error("{0} est hors du dépôt git")]
    OutsideRepository(String),
    #[error("{path} : {source}")]
    Unresolved {
        path: String,
        source: std::io::Error,
    },
    #[error("impossible de lancer git : {0}")]
    GitMissing(std::io::Error),
    #[error("git {args} : {stderr}")]
    GitFailed { args: String, stderr: String },
}

/// What a single file is, in [`DiffError::NotSameKind`].
fn kind(annex: &bool) -> &'static str {
    if *annex {
        "une annexe annuelle"
    } else {
        "une convention"
    }
}
