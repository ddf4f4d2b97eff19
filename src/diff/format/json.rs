//! The JSON report: one document with every change, every total row and a summary; its
//! fields are described in `docs/diff.md`.

use serde::Serialize;
use serde_json::Value;

use super::Sides;
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
    field: Option<&'static str>,
    old: &'a Value,
    new: &'a Value,
    delta: Value,
    delta_pct: Option<f64>,
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
            field: c.field,
            old: &c.old,
            new: &c.new,
            delta: c.delta().map(num).unwrap_or(Value::Null),
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
