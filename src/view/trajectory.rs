//! The trajectory of an indicator across the years: its baseline, then the target and the
//! actual value of each annual annex, as a chart (and the table of the same figures).
//!
//! Whatever the figures (huge, negative, all equal), the chart stays bounded: at most
//! [`MAX_YEARS`] positions on the horizontal axis (the most recent), at most [`MAX_TICKS`]
//! graduations, every position a fraction of the plot between 0 and 1.

use std::collections::HashMap;

use super::annexes::gap_cell;
use super::{Text, text};
use crate::french::{self, wording};
use crate::markup::{Block, Chart, Point, Row, Series, Table, Tick};
use crate::model::{Annex, Indicator, Target};

/// Most positions on a chart's horizontal axis (the baseline and the most recent years).
pub const MAX_YEARS: usize = 24;
/// Most graduations on a chart's vertical axis.
pub const MAX_TICKS: usize = 12;

/// The targets of every annual annex, by indicator id, in year order (read once for all the
/// indicators; the first entry of an indicator in an annex wins, as in the annex's table).
pub struct Years<'a> {
    years: Vec<(i64, HashMap<&'a str, &'a Target>)>,
}

impl<'a> Years<'a> {
    /// `annexes` sorted by year; a second annex of the same year is left out.
    pub fn new(annexes: &[&'a Annex]) -> Years<'a> {
        let mut years: Vec<(i64, HashMap<&'a str, &'a Target>)> = Vec::new();
        for a in annexes {
            let year = a.header.year.value;
            if years.iter().any(|(y, _)| *y == year) {
                continue;
            }
            let by_id = a
                .targets
                .iter()
                .rev()
                .map(|t| (t.indicator.value.as_str(), t))
                .collect();
            years.push((year, by_id));
        }
        Years { years }
    }

    /// Target and actual of `indicator` in `year`'s annex.
    pub fn figures(&self, year: i64, indicator: &str) -> (Option<f64>, Option<f64>) {
        self.years
            .iter()
            .find(|(y, _)| *y == year)
            .and_then(|(_, m)| m.get(indicator))
            .map_or((None, None), |t| {
                (
                    t.target.as_ref().map(|v| v.value),
                    t.actual.as_ref().map(|v| v.value),
                )
            })
    }
}

/// One position of the horizontal axis: the baseline, or a year's target and actual.
struct Column {
    label: String,
    baseline: Option<f64>,
    target: Option<f64>,
    actual: Option<f64>,
}

fn columns(indicator: &Indicator, years: &Years<'_>) -> Vec<Column> {
    let id = indicator.id.value.as_str();
    let mut cols: Vec<Column> = years
        .years
        .iter()
        .map(|(year, _)| {
            let (target, actual) = years.figures(*year, id);
            Column {
                label: year.to_string(),
                baseline: None,
                target,
                actual,
            }
        })
        .collect();
    let keep = MAX_YEARS - usize::from(indicator.baseline.is_some());
    if cols.len() > keep {
        cols.drain(..cols.len() - keep);
    }
    if let Some(b) = &indicator.baseline {
        cols.insert(
            0,
            Column {
                label: b.year.value.to_string(),
                baseline: Some(b.value.value),
                target: None,
                actual: None,
            },
        );
    }
    cols
}

/// The chart of an indicator's trajectory; `None` when it has no figure at all.
pub fn chart(indicator: &Indicator, years: &Years<'_>) -> Option<Block> {
    let cols = columns(indicator, years);
    let values: Vec<f64> = cols
        .iter()
        .flat_map(|c| [c.baseline, c.target, c.actual])
        .flatten()
        .filter(|v| v.is_finite())
        .collect();
    if values.is_empty() {
        return None;
    }
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let axis = Axis::new(lo, hi);
    let unit = indicator.unit.value;
    let n = cols.len();
    let x = |i: usize| {
        if n == 1 {
            0.5
        } else {
            round(i as f64 / (n - 1) as f64)
        }
    };
    let series_of = |pick: fn(&Column) -> Option<f64>| -> Vec<Point> {
        cols.iter()
            .enumerate()
            .filter_map(|(i, c)| c.baseline.or(pick(c)).map(|v| (i, v)))
            .map(|(i, v)| Point {
                x: x(i),
                y: axis.position(v),
            })
            .collect()
    };
    let mut series = vec![
        Series {
            name: text(wording::TRAJECTORY_TARGETS),
            style: "target",
            points: series_of(|c| c.target),
        },
        Series {
            name: text(wording::TRAJECTORY_ACTUALS),
            style: "actual",
            points: series_of(|c| c.actual),
        },
    ];
    if let Some(b) = cols.first().and_then(|c| c.baseline) {
        series.push(Series {
            name: text(wording::columns::BASELINE),
            style: "baseline",
            points: vec![Point {
                x: x(0),
                y: axis.position(b),
            }],
        });
    }
    series.retain(|s| !s.points.is_empty());
    Some(Block::Chart(Chart {
        title: title(indicator),
        x_labels: cols.iter().map(|c| c.label.clone()).collect(),
        ticks: axis
            .ticks
            .iter()
            .map(|&v| Tick {
                y: axis.position(v),
                label: french::in_unit(v, unit),
            })
            .collect(),
        series,
        table: table(&cols, unit),
    }))
}

/// « Label (personnes) », the unit named for the units a figure does not show.
fn title(indicator: &Indicator) -> Text {
    use crate::model::Unit;
    let label = indicator.label.value.trim();
    match indicator.unit.value {
        Unit::Pourcentage | Unit::Euros | Unit::Etp | Unit::Nombre => text(label),
        unit => text(&format!("{label} ({})", french::unit_label(unit))),
    }
}

fn table(cols: &[Column], unit: crate::model::Unit) -> Table {
    let cell = |v: Option<f64>| text(&v.map_or("–".into(), |v| french::in_unit(v, unit)));
    let rows = cols
        .iter()
        .map(|c| match c.baseline {
            Some(b) => Row {
                cells: vec![
                    text(&wording::baseline_year(&c.label)),
                    text("–"),
                    cell(Some(b)),
                    text("–"),
                ],
                total: false,
            },
            None => Row {
                cells: vec![
                    text(&c.label),
                    cell(c.target),
                    cell(c.actual),
                    text(&gap_cell(c.target, c.actual, unit)),
                ],
                total: false,
            },
        })
        .collect();
    Table {
        head: vec![
            text(wording::columns::YEAR),
            text(wording::TRAJECTORY_TARGETS),
            text(wording::columns::ACTUAL),
            text(wording::columns::GAP),
        ],
        rows,
        align: vec!["left", "right", "right", "right"],
        widths: vec![1.6, 1.2, 1.2, 1.2],
    }
}

/// Four decimals: enough for a drawing, and short in the JSON.
fn round(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

/// The vertical axis: its ends and graduations.
struct Axis {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Axis {
    /// An axis around `lo..=hi` (finite), with round graduations when they can be found.
    fn new(lo: f64, hi: f64) -> Axis {
        let (lo, hi) = if hi > lo {
            (lo, hi)
        } else {
            let pad = (lo.abs() / 10.0).max(1.0);
            ((lo - pad).max(f64::MIN), (hi + pad).min(f64::MAX))
        };
        // A quarter of the span, from halves so that nothing overflows.
        let raw = (hi / 2.0 - lo / 2.0) / 2.0;
        let magnitude = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .iter()
            .map(|m| m * magnitude)
            .find(|s| raw <= *s)
            .unwrap_or(10.0 * magnitude);
        let start = (lo / step).floor() * step;
        let end = (hi / step).ceil() * step;
        let count = ((end - start) / step).round();
        if step.is_finite()
            && step > 0.0
            && start.is_finite()
            && end.is_finite()
            && count.is_finite()
            && (1.0..MAX_TICKS as f64).contains(&count)
        {
            let ticks = (0..=count as usize)
                .map(|k| start + step * k as f64)
                .collect();
            Axis {
                lo: start,
                hi: end,
                ticks,
            }
        } else {
            Axis {
                lo,
                hi,
                ticks: vec![lo, hi],
            }
        }
    }

    /// Where `v` sits on the axis, from 0 (bottom) to 1 (top).
    fn position(&self, v: f64) -> f64 {
        let span = self.hi / 2.0 - self.lo / 2.0;
        if span <= 0.0 || !span.is_finite() {
            return 0.5;
        }
        round(((v / 2.0 - self.lo / 2.0) / span).clamp(0.0, 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_graduations() {
        let a = Axis::new(72.8, 81.5);
        assert_eq!(a.ticks, vec![72.5, 75.0, 77.5, 80.0, 82.5]);
        assert_eq!(a.position(72.5), 0.0);
        assert_eq!(a.position(77.5), 0.5);
        assert_eq!(a.position(82.5), 1.0);
        let flat = Axis::new(4.0, 4.0);
        assert!(flat.ticks.len() >= 2 && flat.position(4.0) > 0.0 && flat.position(4.0) < 1.0);
    }

    #[test]
    fn hostile_figures_stay_in_the_plot() {
        for (lo, hi) in [
            (-f64::MAX, f64::MAX),
            (f64::MAX, f64::MAX),
            (-f64::MAX, -f64::MAX),
            (0.0, f64::MIN_POSITIVE),
            (1e-300, 2e-300),
            (-5.0, 1e18),
        ] {
            let a = Axis::new(lo, hi);
            assert!(
                a.ticks.len() >= 2 && a.ticks.len() <= MAX_TICKS,
                "{lo} {hi}"
            );
            for v in [lo, hi, 0.0] {
                let p = a.position(v);
                assert!((0.0..=1.0).contains(&p), "{lo} {hi} {v} → {p}");
            }
        }
    }
}
