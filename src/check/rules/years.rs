//! The years a convention's period may plausibly cover, shared by the rules that walk the
//! years of the period (`period`, `annex-missing`).

/// Years a convention's period may cover: a date outside is a typo (`0025-01-01`,
/// `20255-01-01`), and would make the annual rules walk thousands of years.
pub(super) const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Whether the period runs forward within [`PLAUSIBLE_YEARS`].
pub(super) fn plausible_period(conv: &crate::model::Convention) -> bool {
    let start = conv.header.start.value;
    let end = conv.end_date().unwrap_or(start);
    start <= end && PLAUSIBLE_YEARS.contains(&start.year) && PLAUSIBLE_YEARS.contains(&end.year)
}
