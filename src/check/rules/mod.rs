//! The rules, one module each, named after the rule's code (see [`super::registry`] for the
//! list, in catalogue order).

pub mod annex_missing;
pub mod asset;
pub mod clauses;
pub mod crpc;
pub mod duplicate_id;
pub mod invisible;
pub mod period;
pub mod placeholder;
pub mod representative;
pub mod schema;
pub mod signature;
pub mod unknown_reference;

mod texts;
mod years;

#[cfg(test)]
pub(crate) mod testing;
