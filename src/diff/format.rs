//! Output of a [`Diff`]: aligned text for the terminal, Markdown tables, JSON.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use crate::markup::escape_cell;

use super::{Amount, Change, ChangeKind, Diff, Section, TotalRow, num};

const NBSP: char = '\u{a0}';
/// Values longer than this are shown on their own lines in the text format.
const WIDE: usize = 40;

/// The names shown for the two compared sides.
#[derive(Clone, Copy, Debug)]
pub struct Sides<'a> {
    pub old: &'a str,
    pub new: &'a str,
}

// ---------------------------------------------------------------------------------------
// French numbers.

/// A number in French: `975 000`, `2,5` (narrow no-break space between thousands); the
/// same formatting as the rendered documents.
pub fn fr_number(x: f64) -> String {
    crate::french::number_with(x, 6)
}

fn unit_of(field: &str) -> &'static str {
    match field {
        "budget_eur" | "amount_eur" | "investments_eur" => "€",
        "etp" => "ETP",
        _ => "",
    }
}

/// A number with its unit: `975 000 €`, `2,5 ETP`.
fn with_unit(x: f64, unit: &str) -> String {
    if unit.is_empty() {
        fr_number(x)
    } else {
        format!("{}{NBSP}{unit}", fr_number(x))
    }
}

/// A signed delta with its unit and relative change: `+25 000 € (+2,63 %)`.
fn signed(delta: f64, pct: Option<f64>, unit: &str) -> String {
    let sign = if delta > 0.0 { "+" } else { "" };
    let mut s = format!("{sign}{}", with_unit(delta, unit));
    if let Some(p) = pct {
        let sign = if p > 0.0 { "+" } else { "" };
        let _ = write!(s, " ({sign}{}{NBSP}%)", fr_number(p));
    }
    s
}

/// A field value for people: numbers in French with their unit, text in « ».
fn value(field: &str, v: &Value) -> String {
    match v {
        Value::Null => "—".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) if field.ends_with("year") => n.to_string(),
        Value::Number(n) => with_unit(n.as_f64().unwrap_or(0.0), unit_of(field)),
        Value::String(s) => format!("«{NBSP}{s}{NBSP}»"),
        Value::Array(items) => {
            let inner: Vec<String> = items
                .iter()
                .map(|i| match i {
                    Value::String(s) => s.clone(),
                    other => value(field, other),
                })
                .collect();
            format!("[{}]", inner.join(", "))
        }
        Value::Object(_) => v.to_string(),
    }
}

/// A whole added or removed entry, without its key fields: `etp : 0,3 ETP ; text : « … »`.
fn entry(change: &Change, v: &Value) -> String {
    let Value::Object(fields) = v else {
        return value("", v);
    };
    let key = change.key.as_object();
    let parts: Vec<String> = fields
        .iter()
        .filter(|(k, _)| !key.is_some_and(|key| key.contains_key(*k)))
        .map(|(k, v)| format!("{k}{NBSP}: {}", value(k, v)))
        .collect();
    if parts.is_empty() {
        "—".to_string()
    } else {
        parts.join(" ; ")
    }
}

fn delta_text(c: &Change) -> String {
    match c.delta() {
        Some(d) => signed(d, c.delta_pct(), unit_of(c.field.unwrap_or(""))),
        None => String::new(),
    }
}

fn amount_text(a: &Amount, unit: &str) -> (String, String) {
    let d = a.delta();
    let delta = if d == 0.0 {
        "=".to_string()
    } else {
        signed(d, a.delta_pct(), unit)
    };
    (
        format!("{} → {}", with_unit(a.old, unit), with_unit(a.new, unit)),
        delta,
    )
}

/// Heading of a group of changes: section, and the annex year / convention folder if any.
fn heading(section: Section, convention: Option<&str>, year: Option<i64>) -> String {
    let mut h = format!("{} ({})", section.label(), section.as_str());
    if let Some(y) = year {
        let _ = write!(h, " — annexe {y}");
    }
    if let Some(c) = convention {
        let _ = write!(h, " — {c}");
    }
    h
}

fn summary_line(diff: &Diff) -> String {
    let (c, _) = diff.counts();
    if c.total() == 0 {
        return "aucune différence".to_string();
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n > 1 { many } else { one });
    format!(
        "{} : {}, {}, {}",
        plural(c.total(), "différence", "différences"),
        plural(c.added, "ajout", "ajouts"),
        plural(c.removed, "suppression", "suppressions"),
        plural(c.changed, "modification", "modifications"),
    )
}

/// Groups consecutive changes of the same convention, year and section.
fn groups(changes: &[Change]) -> Vec<&[Change]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=changes.len() {
        let split = i == changes.len() || {
            let (a, b) = (&changes[i - 1], &changes[i]);
            (a.convention.as_ref(), a.year, a.section) != (b.convention.as_ref(), b.year, b.section)
        };
        if split {
            if start < i {
                out.push(&changes[start..i]);
            }
            start = i;
        }
    }
    out
}

/// Heading of a group of total rows: the title, then the annex year and convention if any.
fn totals_heading(title: &str, first: &TotalRow) -> String {
    let mut h = title.to_string();
    if let Some(y) = first.year {
        let _ = write!(h, " — annexe {y}");
    }
    if let Some(c) = &first.convention {
        let _ = write!(h, " — {c}");
    }
    h
}

/// Groups of total rows by convention and year, leaving out the groups where no total moved
/// (an annex that did not change, in a folder comparison): the JSON keeps every row.
fn total_groups(rows: &[TotalRow]) -> Vec<&[TotalRow]> {
    let moved = |r: &TotalRow| {
        let inv = r.investments_eur.as_ref().is_some_and(|a| a.old != a.new);
        r.etp.old != r.etp.new || r.budget_eur.old != r.budget_eur.new || inv
    };
    let mut groups = total_groups_all(rows);
    groups.retain(|g| g.iter().any(moved));
    groups
}

fn total_groups_all(rows: &[TotalRow]) -> Vec<&[TotalRow]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=rows.len() {
        let split = i == rows.len()
            || (rows[i - 1].convention.as_ref(), rows[i - 1].year)
                != (rows[i].convention.as_ref(), rows[i].year);
        if split {
            if start < i {
                out.push(&rows[start..i]);
            }
            start = i;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Text.

struct Paint(bool);

impl Paint {
    fn kind(&self, kind: ChangeKind, s: &str) -> String {
        let code = match kind {
            ChangeKind::Added => "32",
            ChangeKind::Removed => "31",
            ChangeKind::Changed => "33",
        };
        self.code(code, s)
    }
    fn bold(&self, s: &str) -> String {
        self.code("1", s)
    }
    fn code(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

fn width(s: &str) -> usize {
    s.chars().count()
}

fn pad(s: &str, w: usize) -> String {
    let n = w.saturating_sub(width(s));
    format!("{s}{}", " ".repeat(n))
}

/// Aligned text report, grouped by section; ANSI colors when `color`.
pub fn text(diff: &Diff, sides: Sides<'_>, color: bool) -> String {
    let p = Paint(color);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        p.bold(&format!("convgen diff : {} → {}", sides.old, sides.new))
    );
    if diff.is_empty() {
        out.push_str("aucune différence\n");
        return out;
    }
    for group in groups(&diff.changes) {
        let first = &group[0];
        out.push('\n');
        let h = heading(first.section, first.convention.as_deref(), first.year);
        let _ = writeln!(out, "{}", p.bold(&h));
        let rows: Vec<[String; 5]> = group
            .iter()
            .map(|c| match c.kind {
                ChangeKind::Added => [
                    c.key_label(),
                    "(ajout)".into(),
                    entry(c, &c.new),
                    String::new(),
                    String::new(),
                ],
                ChangeKind::Removed => [
                    c.key_label(),
                    "(suppression)".into(),
                    entry(c, &c.old),
                    String::new(),
                    String::new(),
                ],
                ChangeKind::Changed => {
                    let f = c.field.unwrap_or("");
                    [
                        c.key_label(),
                        f.to_string(),
                        value(f, &c.old),
                        value(f, &c.new),
                        delta_text(c),
                    ]
                }
            })
            .collect();
        let w = |i: usize| {
            rows.iter()
                .map(|r| width(&r[i]))
                .filter(|&n| n <= WIDE)
                .max()
                .unwrap_or(0)
        };
        let (wk, wf, wo, wn) = (w(0), w(1), w(2), w(3));
        for (c, r) in group.iter().zip(&rows) {
            let mark = match c.kind {
                ChangeKind::Added => '+',
                ChangeKind::Removed => '-',
                ChangeKind::Changed => '~',
            };
            let mut line = format!("  {mark} {}  {}", pad(&r[0], wk), pad(&r[1], wf));
            if c.kind != ChangeKind::Changed {
                let _ = write!(line, "  {}", r[2]);
            } else if width(&r[2]) > WIDE || width(&r[3]) > WIDE {
                let indent = " ".repeat(6);
                let _ = write!(line, "\n{indent}avant : {}\n{indent}après : {}", r[2], r[3]);
                if !r[4].is_empty() {
                    let _ = write!(line, "\n{indent}écart : {}", r[4]);
                }
            } else {
                let _ = write!(line, "  {}  →  {}", pad(&r[2], wo), pad(&r[3], wn));
                if !r[4].is_empty() {
                    let _ = write!(line, "  {}", r[4]);
                }
            }
            let _ = writeln!(out, "{}", p.kind(c.kind, line.trim_end()));
        }
    }
    text_totals(
        &mut out,
        &p,
        "Totaux par signataire",
        "signataire",
        &diff.totals.by_signatory,
    );
    text_totals(
        &mut out,
        &p,
        "Totaux par objectif",
        "objectif",
        &diff.totals.by_objective,
    );
    text_totals(&mut out, &p, "Total général", "", &diff.totals.overall);
    let _ = writeln!(out, "\n{}", p.bold(&summary_line(diff)));
    out
}

fn text_totals(out: &mut String, p: &Paint, title: &str, id_head: &str, rows: &[TotalRow]) {
    for group in total_groups(rows) {
        let h = totals_heading(title, &group[0]);
        let _ = writeln!(out, "\n{}", p.bold(&h));
        let inv = group.iter().any(|r| r.investments_eur.is_some());
        let mut table: Vec<Vec<String>> = Vec::new();
        let mut head = vec![
            id_head.to_string(),
            "ETP".into(),
            "écart".into(),
            "budget".into(),
            "écart".into(),
        ];
        if inv {
            head.extend(["investissements".into(), "écart".into()]);
        }
        table.push(head);
        for r in group {
            let (etp, detp) = amount_text(&r.etp, "ETP");
            let (bud, dbud) = amount_text(&r.budget_eur, "€");
            let mut row = vec![
                r.id.clone().unwrap_or_else(|| "total".into()),
                etp,
                detp,
                bud,
                dbud,
            ];
            if inv {
                let (i, di) = amount_text(&r.investments_eur.unwrap_or_default(), "€");
                row.extend([i, di]);
            }
            table.push(row);
        }
        let cols = table[0].len();
        let widths: Vec<usize> = (0..cols)
            .map(|i| table.iter().map(|r| width(&r[i])).max().unwrap_or(0))
            .collect();
        for r in &table {
            let cells: Vec<String> = r.iter().zip(&widths).map(|(c, w)| pad(c, *w)).collect();
            let _ = writeln!(out, "  {}", cells.join("   ").trim_end());
        }
    }
}

// ---------------------------------------------------------------------------------------
// Markdown.

/// Markdown tables: one per section, then the totals.
pub fn markdown(diff: &Diff, sides: Sides<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Différences : `{}` → `{}`\n",
        sides.old.replace('`', "'"),
        sides.new.replace('`', "'")
    );
    let _ = writeln!(out, "{}.", summary_line(diff));
    for group in groups(&diff.changes) {
        let first = &group[0];
        let _ = writeln!(
            out,
            "\n### {}\n",
            escape_cell(&heading(
                first.section,
                first.convention.as_deref(),
                first.year
            ))
        );
        out.push_str("| Clé | Champ | Avant | Après | Écart |\n| --- | --- | --- | --- | ---: |\n");
        for c in group {
            let key = escape_cell(&c.key_label());
            let (field, old, new, delta) = match c.kind {
                ChangeKind::Added => (
                    "*ajout*".into(),
                    "—".into(),
                    escape_cell(&entry(c, &c.new)),
                    String::new(),
                ),
                ChangeKind::Removed => (
                    "*suppression*".into(),
                    escape_cell(&entry(c, &c.old)),
                    "—".into(),
                    String::new(),
                ),
                ChangeKind::Changed => {
                    let f = c.field.unwrap_or("");
                    (
                        format!("`{f}`"),
                        escape_cell(&value(f, &c.old)),
                        escape_cell(&value(f, &c.new)),
                        escape_cell(&delta_text(c)),
                    )
                }
            };
            let _ = writeln!(out, "| {key} | {field} | {old} | {new} | {delta} |");
        }
    }
    md_totals(
        &mut out,
        "Totaux par signataire",
        "Signataire",
        &diff.totals.by_signatory,
    );
    md_totals(
        &mut out,
        "Totaux par objectif",
        "Objectif",
        &diff.totals.by_objective,
    );
    md_totals(&mut out, "Total général", "", &diff.totals.overall);
    out
}

fn md_totals(out: &mut String, title: &str, id_head: &str, rows: &[TotalRow]) {
    for group in total_groups(rows) {
        let h = totals_heading(title, &group[0]);
        let _ = writeln!(out, "\n### {}\n", escape_cell(&h));
        let inv = group.iter().any(|r| r.investments_eur.is_some());
        let mut head = format!(
            "| {id_head} | ETP avant | ETP après | Écart ETP | Budget avant | Budget après | Écart budget |"
        );
        let mut rule = "| --- | ---: | ---: | ---: | ---: | ---: | ---: |".to_string();
        if inv {
            head.push_str(
                " Investissements avant | Investissements après | Écart investissements |",
            );
            rule.push_str(" ---: | ---: | ---: |");
        }
        let _ = writeln!(out, "{head}\n{rule}");
        for r in group {
            let mut line = format!("| {} ", escape_cell(r.id.as_deref().unwrap_or("total")));
            let mut cells = |a: &Amount, unit: &str| {
                let d = a.delta();
                let delta = if d == 0.0 {
                    "=".to_string()
                } else {
                    signed(d, a.delta_pct(), unit)
                };
                let _ = write!(
                    line,
                    "| {} | {} | {} ",
                    with_unit(a.old, unit),
                    with_unit(a.new, unit),
                    delta
                );
            };
            cells(&r.etp, "ETP");
            cells(&r.budget_eur, "€");
            if inv {
                cells(&r.investments_eur.unwrap_or_default(), "€");
            }
            line.push('|');
            let _ = writeln!(out, "{line}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// JSON.

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
    let (all, per) = diff.counts();
    let doc = JsonDoc {
        changes,
        totals: JsonTotals {
            by_signatory: rows(&diff.totals.by_signatory, 0),
            by_objective: rows(&diff.totals.by_objective, 1),
            overall: rows(&diff.totals.overall, 2),
        },
        summary: JsonSummary {
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
        },
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_numbers() {
        assert_eq!(fr_number(975000.0), "975\u{202f}000");
        assert_eq!(fr_number(2.5), "2,5");
        assert_eq!(fr_number(-1234567.25), "-1\u{202f}234\u{202f}567,25");
        assert_eq!(fr_number(0.1 + 0.2), "0,3");
        assert_eq!(
            signed(25000.0, Some(2.63), "€"),
            "+25\u{202f}000\u{a0}€ (+2,63\u{a0}%)"
        );
        assert_eq!(signed(-0.5, None, "ETP"), "-0,5\u{a0}ETP");
    }
}
