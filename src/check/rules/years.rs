//! The years a convention's period may plausibly cover, shared by the rules that walk the
//! years of the period (`period`, `annex-missing`).

/// Years a convention's period may cover: a date outside is a typo (`0025-01-01`,
/// `20255-01-01`), and would make the annual rules walk thousands of years.
pub(super) const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Whether the period runs forward within [`PLAUSIBLE_YEARS`].
pub(super) fn plausible_period(conv: &crate::model::Convention) -> bool {
    let h = &conv.header;
    h.start.value <= h.end.value
        && PLAUSIBLE_YEARS.contains(&h.start.value.year)
        && PLAUSIBLE_YEARS.contains(&h.end.value.year)
}
