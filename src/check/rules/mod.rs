//! The rules, one module each, named after the rule's code (see [`super::registry`] for the
//! list, in catalogue order).

pub mod annex_missing;
pub mod asset;
pub mod avenant;
pub mod axis_uncovered;
pub mod clause_missing;
pub mod coordination_plan;
pub mod duplicate_id;
pub mod duration;
pub mod indicator_missing;
pub mod invisible_character;
pub mod means_missing;
pub mod no_legal_basis;
pub mod opinion_missing;
pub mod period;
pub mod placeholder;
pub mod regime_name;
pub mod render_limit;
pub mod representative;
pub mod schema;
pub mod signatory_missing;
pub mod signature;
pub mod structure;
pub mod target_missing;
pub mod unknown_reference;
pub mod unsafe_markup;
pub mod visa_missing;

mod institution;
mod texts;
mod years;

#[cfg(test)]
pub(crate) mod testing;
