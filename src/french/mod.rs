//! Everything French in convgen, one home each: [`typography`] (the one typography pass over
//! every text), [`numbers`] (figures, amounts, Roman numerals, number words), [`grammar`]
//! (agreement of parties and people, articles) and [`wording`] (every phrase convgen writes
//! into a document).

pub mod avenant;
pub mod gaps;
pub mod grammar;
pub mod numbers;
pub mod typography;
pub mod wording;

pub use numbers::{
    etp, euros, in_unit, join_and, number, number_with, points, roman, unit_label, unit_symbol,
};
pub use typography::{CONTROL_REPLACEMENT, Run, typeset, typo, visible_controls};

/// No-break space.
pub const NBSP: char = '\u{a0}';
/// Narrow no-break space: thousands separator, before « ; ! ? ».
pub const NNBSP: char = '\u{202f}';
