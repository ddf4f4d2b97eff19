//! convgen: check, render and diff French public-sector partnership conventions kept as TOML.
//!
//! Data flows one way, and the tree shows it:
//!
//! - foundations: [`source`] (files, spans, input limits), [`date`], [`diagnostic`]
//!   (findings and rule descriptions), [`output`] (atomic writes);
//! - [`model`]: the format (types, JSON schemas) and the law (regimes, reference ids);
//! - [`french`] (wording and typography) and [`markup`] (Markdown fields in and out);
//! - [`load`]: files → spans-carrying model;
//! - [`check`]: rules → diagnostics, then [`report`]: one module per output format;
//! - [`view`]: the resolved document the parties wrote; [`matrix`]: the conformity matrix (each
//!   requirement of the law and of the CNEFOP, met or not, and where); then [`render`]:
//!   Markdown, Typst, PDF;
//! - [`diff`]: semantic comparison of two loaded versions; [`avenant`]: the amendment drafted
//!   from it;
//! - [`init`]: skeletons of new conventions.
//!
//! `tests/layering.rs` keeps every `use crate::…` pointing to an earlier stage.

pub mod date;
pub mod diagnostic;
pub mod output;
pub mod source;

pub mod model;

pub mod french;
pub mod markup;

pub mod load;

pub mod check;
pub mod report;

pub mod view;

pub mod matrix;
pub mod render;

pub mod diff;

pub mod avenant;

pub mod init;

pub use check::check_texts;
