//! The rules, one module each (see [`super::registry`] for the list).

pub mod clauses;
pub mod crpc;
pub mod invisible;
pub mod placeholder;
pub mod structural;
mod texts;

#[cfg(test)]
pub(crate) mod testing;
