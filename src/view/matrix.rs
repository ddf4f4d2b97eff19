//! The conformity table as the renderers print it (`convgen render --matrix`): plain French
//! strings, one row per requirement, filled in by the `matrix` stage and shown as the last
//! annex of the document.

use serde::Serialize;

/// « Annexe 4 – Tableau de conformité ».
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct MatrixTable {
    pub heading: String,
    /// One sentence saying what the table compares.
    pub intro: String,
    pub rows: Vec<MatrixRow>,
}

/// One requirement: what it is, where it comes from, whether the convention meets it, and
/// where in this document.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct MatrixRow {
    pub requirement: String,
    pub source: String,
    /// « Satisfaite », « Manquante : … », « Sans objet : … ».
    pub status: String,
    /// Articles and sections of the document, « Titre II, II-1, Objectif 2 », or « – ».
    pub place: String,
}
