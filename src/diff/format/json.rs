//! The JSON report: one document with every change, every total row and a summary; its
//! fields are described in `docs/diff.md`.

use serde::Serialize;
use serde_json::Value;

use super::Sides;
use crate::diff::words::WordOp;
use crate::diff::{Amount, ChangeKind, Diff, Section, TotalRow, num};

#[derive(Serialize)]
struct JsonDoc<'a> {
    changes: Vec<JsonChange<'a>>,
    totals: JsonTotals,
    summary: JsonSummary<'a>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    convention: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<Option<i64>>,
    kind: ChangeKind,
    section: Section,
    key: &'a Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    field: Option<&'static str>,
    /// Left out for a long text compared word by word (`words` then says what changed).
    #[serde(skip_serializing_if = "Option::is_none")]
    old: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    new: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    words: Option<&'a [WordOp]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<String>,
    delta: Value,
    /// `"points"` for a percentage, whose `delta` is in points.
    #[serde(skip_serializing_if = "Option::is_none")]
    delta_unit: Option<&'static str>,
    delta_pct: Option<f64>,
}

/// Above this length, the old and new values of a text compared word by word are left out.
const LONG_TEXT: usize = 200;

/// The value, unless it is a long text that `words` describes.
fn shown<'a>(c: &'a crate::diff::Change, v: &'a Value) -> Option<&'a Value> {
    let long = v.as_str().is_some_and(|s| s.len() > LONG_TEXT);
    (c.words.is_none() || !long).then_some(v)
}

#[derive(Serialize)]
struct JsonAmount {
    old: Value,
    new: Value,
    delta: Value,
    delta_pct: Option<f64>,
}

impl From<Amount> for JsonAmount {
    fn from(a: Amount) -> Self {
        JsonAmount {
            old: num(a.old),
            new: num(a.new),
            delta: num(a.delta()),
            delta_pct: a.delta_pct(),
        }
    }
}

#[derive(Serialize)]
struct JsonTotalRow {
    #[serde(skip_serializing_if = "Option::is_none")]
    convention: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<Option<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    signatory: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    objective: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    etp: JsonAmount,
    budget_eur: JsonAmount,
    #[serde(skip_serializing_if = "Option::is_none")]
    investments_eur: Option<JsonAmount>,
}

#[derive(Serialize)]
struct JsonTotals {
    by_signatory: Vec<JsonTotalRow>,
    by_objective: Vec<JsonTotalRow>,
    overall: Vec<JsonTotalRow>,
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    old: &'a str,
    new: &'a str,
    changes: usize,
    added: usize,
    removed: usize,
    changed: usize,
    by_section: serde_json::Map<String, Value>,
}

/// One JSON document: `{"changes": […], "totals": {…}, "summary": {…}}` (see `docs/diff.md`).
pub fn json(diff: &Diff, sides: Sides<'_>) -> String {
    let year = |y: Option<i64>| diff.folders.then_some(y);
    let changes = diff
        .changes
        .iter()
        .map(|c| JsonChange {
            convention: c.convention.as_deref(),
            year: year(c.year),
            kind: c.kind,
            section: c.section,
            key: &c.key,
            label: c.name.as_deref(),
            field: c.field,
            old: shown(c, &c.old),
            new: shown(c, &c.new),
            words: c.words.as_deref(),
            unit: c.unit.map(|u| u.to_string()),
            delta: c.delta().map(num).unwrap_or(Value::Null),
            delta_unit: (c.in_points() && c.delta().is_some()).then_some("points"),
            delta_pct: c.delta_pct(),
        })
        .collect();
    let rows = |rows: &[TotalRow], which: u8| -> Vec<JsonTotalRow> {
        rows.iter()
            .map(|r| JsonTotalRow {
                convention: r.convention.clone(),
                year: year(r.year),
                signatory: r.id.clone().filter(|_| which == 0),
                objective: r.id.clone().filter(|_| which == 1),
                label: r.name.clone(),
                etp: r.etp.into(),
                budget_eur: r.budget_eur.into(),
                investments_eur: r.investments_eur.map(Into::into),
            })
            .collect()
    };
    let doc = JsonDoc {
        changes,
        totals: JsonTotals {
            by_signatory: rows(&diff.totals.by_signatory, 0),
            by_objective: rows(&diff.totals.by_objective, 1),
            overall: rows(&diff.totals.overall, 2),
        },
        summary: summary(diff, sides),
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// The counts of changes, overall and per section.
fn summary<'a>(diff: &Diff, sides: Sides<'a>) -> JsonSummary<'a> {
    let (all, per) = diff.counts();
    JsonSummary {
        old: sides.old,
        new: sides.new,
        changes: all.total(),
        added: all.added,
        removed: all.removed,
        changed: all.changed,
        by_section: per
            .iter()
            .map(|(s, c)| {
                (
                    s.as_str().to_string(),
                    serde_json::to_value(c).unwrap_or(Value::Null),
                )
            })
            .collect(),
    }
}
