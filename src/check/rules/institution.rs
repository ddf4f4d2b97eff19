//! Whether a role is the institution of article L. 5312-1 (France Travail, formerly Pôle
//! emploi) under any regime, for the CRPC rules that name it (`signatory-missing`,
//! `visa-missing`, `regime-name`).

use crate::model::Role;
use crate::model::regime;

pub(super) fn is_institution(role: Role) -> bool {
    regime::institution_roles().any(|r| r == role)
}
