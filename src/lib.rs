//! convgen: check, render and diff French public-sector partnership conventions kept as TOML.
//!
//! Data flows one way: [`load`] (files → spans-carrying [`model`]) → [`check`] (rules →
//! [`diagnostic`]s) → reports.

pub mod assets;
pub mod check;
pub mod date;
pub mod diagnostic;
pub mod diff;
pub mod french;
pub mod load;
pub mod model;
pub mod refs;
pub mod regime;
pub mod render;
pub mod report;
pub mod rules;
pub mod schema;
pub mod skeleton;
pub mod source;
pub mod view;

pub use check::check_texts;
