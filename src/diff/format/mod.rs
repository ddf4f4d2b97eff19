//! Output of a [`Diff`]: aligned text for the terminal ([`text`]), Markdown tables
//! ([`markdown`]), JSON ([`json`]). The helpers here word values and amounts in French for
//! the first two.

mod json;
mod markdown;
mod text;

use std::fmt::Write as _;

use serde_json::Value;

use crate::french::NBSP;

use super::words::{Op, WordOp};
use super::{Amount, Change, Diff, Section, TotalRow};
use crate::model::Unit;

pub use json::json;
pub use markdown::markdown;
pub use text::text;

/// The names shown for the two compared sides.
#[derive(Clone, Copy, Debug)]
pub struct Sides<'a> {
    pub old: &'a str,
    pub new: &'a str,
}

/// A number in French: `975 000`, `2,5` (narrow no-break space between thousands); the
/// same formatting as the rendered documents.
pub fn fr_number(x: f64) -> String {
    crate::french::number_with(x, 6)
}

/// The unit of a change's values: the indicator's for targets and baselines, else the
/// field's (`€` for amounts, `ETP`).
fn unit_of(c: &Change) -> &'static str {
    if let Some(u) = c.unit {
        return crate::french::unit_symbol(u);
    }
    field_unit(c.field.unwrap_or(""))
}

fn field_unit(field: &str) -> &'static str {
    match field {
        "budget_eur" | "amount_eur" | "investments_eur" => "€",
        "etp" => "ETP",
        _ => "",
    }
}

/// Whether a field holds a date (written `YYYY-MM-DD` in the data).
fn is_date_field(field: &str) -> bool {
    matches!(field, "adopted" | "start" | "end") || field.ends_with("date")
}

/// `2019-03-28` → « 28 mars 2019 ».
fn french_date(s: &str) -> Option<String> {
    let mut parts = s.splitn(3, '-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    crate::date::Date::new(y, m, d).map(crate::date::Date::french)
}

/// A text of the repository as the text and Markdown reports show it: one line, every
/// control character visible (`\u{a}`), so that no value starts a line of its own or moves
/// the cursor of a terminal. The JSON report keeps values as they are (JSON escapes them).
fn shown(s: &str) -> String {
    crate::source::printable(s).into_owned()
}

/// The entry as shown: its name in the document when known, else its key.
fn key_text(c: &Change) -> String {
    shown(&c.name.clone().unwrap_or_else(|| c.key_label()))
}

/// A run of changed words for people: unchanged words as they are, removed and added ones
/// wrapped by `mark` (text `[-…-]` / `{+…+}`, Markdown `~~…~~` / `**…**`).
fn words_text(ops: &[WordOp], esc: impl Fn(&str) -> String, mark: [(&str, &str); 2]) -> String {
    let mut out = String::new();
    for o in ops {
        let t = shown(&o.text.replace(['\n', '\r'], " "));
        match o.op {
            Op::Equal => out.push_str(&esc(&t)),
            Op::Delete | Op::Insert => {
                let (open, close) = mark[usize::from(o.op == Op::Insert)];
                // Spaces stay outside the marks (Markdown needs it).
                let core = t.trim();
                let lead = &t[..t.len() - t.trim_start().len()];
                let trail = &t[t.trim_end().len()..];
                let _ = write!(out, "{lead}{open}{}{close}{trail}", esc(core));
            }
        }
    }
    out
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

/// A field value for people: numbers in French with their unit (`unit`, else the field's),
/// dates in French, text in « ».
fn value(field: &str, v: &Value, unit: Option<Unit>) -> String {
    let unit = unit.map_or_else(|| field_unit(field), crate::french::unit_symbol);
    match v {
        Value::Null => "—".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) if field.ends_with("year") => n.to_string(),
        Value::Number(n) => with_unit(n.as_f64().unwrap_or(0.0), unit),
        Value::String(s) if is_date_field(field) && french_date(s).is_some() => {
            french_date(s).unwrap_or_default()
        }
        Value::String(s) => format!("«{NBSP}{}{NBSP}»", shown(s)),
        Value::Array(items) => {
            let inner: Vec<String> = items
                .iter()
                .map(|i| match i {
                    Value::String(s) => shown(s),
                    other => value(field, other, None),
                })
                .collect();
            format!("[{}]", inner.join(", "))
        }
        Value::Object(_) => shown(&v.to_string()),
    }
}

/// A whole added or removed entry, without its key fields: `etp : 0,3 ETP ; text : « … »`.
fn entry(change: &Change, v: &Value) -> String {
    let Value::Object(fields) = v else {
        return value("", v, None);
    };
    let key = change.key.as_object();
    let parts: Vec<String> = fields
        .iter()
        .filter(|(k, _)| !key.is_some_and(|key| key.contains_key(*k)))
        .map(|(k, v)| format!("{}{NBSP}: {}", shown(k), value(k, v, change.unit)))
        .collect();
    if parts.is_empty() {
        "—".to_string()
    } else {
        parts.join(" ; ")
    }
}

/// The delta of a changed number, signed, with its unit and percentage (in points for a
/// percentage); empty otherwise.
fn delta_text(c: &Change) -> String {
    match c.delta() {
        Some(d) if c.in_points() => crate::french::points(d),
        Some(d) => signed(d, c.delta_pct(), unit_of(c)),
        None => String::new(),
    }
}

/// The old or new value of a changed field.
fn field_value(c: &Change, v: &Value) -> String {
    value(c.field.unwrap_or(""), v, c.unit)
}

/// The name of a total row: the signatory's or objective's name when known, else its id.
fn total_name(r: &TotalRow) -> String {
    shown(
        &r.name
            .clone()
            .or_else(|| r.id.clone())
            .unwrap_or_else(|| "total".into()),
    )
}

/// The delta of a total: `=` when it did not move.
fn amount_delta(a: &Amount, unit: &str) -> String {
    let d = a.delta();
    if d == 0.0 {
        "=".to_string()
    } else {
        signed(d, a.delta_pct(), unit)
    }
}

/// Heading of a group of changes: section, and the annex year / convention folder if any.
fn heading(section: Section, convention: Option<&str>, year: Option<i64>) -> String {
    let mut h = format!("{} ({})", section.label(), section.as_str());
    if let Some(y) = year {
        let _ = write!(h, " — annexe {y}");
    }
    if let Some(c) = convention {
        let _ = write!(h, " — {}", shown(c));
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
fn groups(changes: &[Change]) -> impl Iterator<Item = &[Change]> {
    changes.chunk_by(|a, b| {
        (a.convention.as_ref(), a.year, a.section) == (b.convention.as_ref(), b.year, b.section)
    })
}

/// The three tables of totals: title, and heading of the id column in text and Markdown.
fn total_tables(diff: &Diff) -> [(&'static str, [&'static str; 2], &[TotalRow]); 3] {
    let t = &diff.totals;
    [
        (
            "Totaux par signataire",
            ["signataire", "Signataire"],
            &t.by_signatory,
        ),
        (
            "Totaux par objectif",
            ["objectif", "Objectif"],
            &t.by_objective,
        ),
        ("Total général", ["", ""], &t.overall),
    ]
}

/// Heading of a group of total rows: the title, then the annex year and convention if any.
fn totals_heading(title: &str, first: &TotalRow) -> String {
    let mut h = title.to_string();
    if let Some(y) = first.year {
        let _ = write!(h, " — annexe {y}");
    }
    if let Some(c) = &first.convention {
        let _ = write!(h, " — {}", shown(c));
    }
    h
}

/// Groups of total rows by convention and year, leaving out the groups where no total moved
/// (an annex that did not change, in a folder comparison): the JSON keeps every row.
fn total_groups(rows: &[TotalRow]) -> impl Iterator<Item = &[TotalRow]> {
    let moved = |r: &TotalRow| {
        let inv = r.investments_eur.as_ref().is_some_and(|a| a.old != a.new);
        r.etp.old != r.etp.new || r.budget_eur.old != r.budget_eur.new || inv
    };
    rows.chunk_by(|a, b| (a.convention.as_ref(), a.year) == (b.convention.as_ref(), b.year))
        .filter(move |g| g.iter().any(moved))
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
