//! Helpers of the unit tests of the diff stage.

use crate::load::parse_annex;
use crate::model::Annex;

use super::{Diff, diff_annexes};

/// Parses an annex that must load without findings.
pub(super) fn annex(text: &str) -> Annex {
    let (a, d) = parse_annex(0, text);
    assert!(d.is_empty(), "{d:?}");
    a.expect("annex")
}

/// [`BASE`] compared with `new`.
pub(super) fn diff_base(new: &str) -> Diff {
    diff_annexes(&annex(BASE), &annex(new))
}

/// [`BASE`] compared with itself after the budget of the means (o1, a) went from 950 000 to
/// 975 000.
pub(super) fn budget_raised() -> Diff {
    diff_base(&BASE.replace("950000", "975000"))
}

/// An annex with two means, a target and an investment.
pub(super) const BASE: &str = r#"
[annex]
convention = "c"
year = 2025

[[means]]
objective = "o1"
signatory = "a"
etp = 1.5
budget_eur = 950000

[[means]]
objective = "o2"
signatory = "b"
text = "appui"

[[targets]]
indicator = "i1"
target = 10.0

[[investments]]
signatory = "a"
label = "SI"
amount_eur = 1000
"#;
