//! The text report: aligned columns grouped by section, ANSI colors on a terminal.

use std::fmt::Write as _;

use super::{
    Sides, amount_delta, delta_text, entry, field_value, groups, heading, key_text, summary_line,
    total_groups, total_name, total_tables, totals_heading, with_unit, words_text,
};
use crate::diff::{Amount, Change, ChangeKind, Diff, TotalRow};

/// Values longer than this are shown on their own lines.
const WIDE: usize = 40;

/// Aligned text report, grouped by section; ANSI colors when `color`.
pub fn text(diff: &Diff, sides: Sides<'_>, color: bool) -> String {
    let p = Paint(color);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        p.bold(&format!(
            "convgen diff : {} → {}",
            super::shown(sides.old),
            super::shown(sides.new)
        ))
    );
    if diff.is_empty() {
        out.push_str("aucune différence\n");
        return out;
    }
    for group in groups(&diff.changes) {
        let first = &group[0];
        let h = heading(first.section, first.convention.as_deref(), first.year);
        let _ = writeln!(out, "\n{}", p.bold(&h));
        changes(&mut out, &p, group);
    }
    for (title, [id_head, _], rows) in total_tables(diff) {
        totals(&mut out, &p, title, id_head, rows);
    }
    let _ = writeln!(out, "\n{}", p.bold(&summary_line(diff)));
    out
}

/// The lines of one group of changes, their columns aligned.
fn changes(out: &mut String, p: &Paint, group: &[Change]) {
    let rows: Vec<[String; 5]> = group.iter().map(cells).collect();
    let w = |i: usize| {
        rows.iter()
            .map(|r| width(&r[i]))
            .filter(|&n| n <= WIDE)
            .max()
            .unwrap_or(0)
    };
    let widths = [w(0), w(1), w(2), w(3)];
    for (c, r) in group.iter().zip(&rows) {
        let mut line = line(c.kind, r, widths).trim_end().to_string();
        if let Some(ops) = &c.words {
            let marks = [("[-", "-]"), ("{+", "+}")];
            let _ = write!(line, "\n      {}", words_text(ops, str::to_string, marks));
        }
        let _ = writeln!(out, "{}", p.kind(c.kind, line.trim_end()));
    }
}

/// Key, field (or the kind of change), old, new, delta.
fn cells(c: &Change) -> [String; 5] {
    match c.kind {
        ChangeKind::Added => [
            key_text(c),
            "(ajout)".into(),
            entry(c, &c.new),
            String::new(),
            String::new(),
        ],
        ChangeKind::Removed => [
            key_text(c),
            "(suppression)".into(),
            entry(c, &c.old),
            String::new(),
            String::new(),
        ],
        // A text compared word by word: the changed words follow on a line of their own.
        ChangeKind::Changed if c.words.is_some() => [
            key_text(c),
            c.field.unwrap_or("").to_string(),
            String::new(),
            String::new(),
            String::new(),
        ],
        ChangeKind::Changed => [
            key_text(c),
            c.field.unwrap_or("").to_string(),
            field_value(c, &c.old),
            field_value(c, &c.new),
            delta_text(c),
        ],
    }
}

/// One change: `+`, `-` or `~`, then its cells padded to `widths`; a changed value wider
/// than [`WIDE`] puts old, new and delta on lines of their own.
fn line(kind: ChangeKind, r: &[String; 5], [wk, wf, wo, wn]: [usize; 4]) -> String {
    let mark = match kind {
        ChangeKind::Added => '+',
        ChangeKind::Removed => '-',
        ChangeKind::Changed => '~',
    };
    let mut line = format!("  {mark} {}  {}", pad(&r[0], wk), pad(&r[1], wf));
    if kind == ChangeKind::Changed && r[2].is_empty() && r[3].is_empty() {
        // Words compared one by one: written by the caller.
    } else if kind != ChangeKind::Changed {
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
    line
}

/// One table of totals per annex whose totals moved.
fn totals(out: &mut String, p: &Paint, title: &str, id_head: &str, rows: &[TotalRow]) {
    for group in total_groups(rows) {
        let h = totals_heading(title, &group[0]);
        let _ = writeln!(out, "\n{}", p.bold(&h));
        let inv = group.iter().any(|r| r.investments_eur.is_some());
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
        let mut table = vec![head];
        for r in group {
            let mut row = vec![total_name(r)];
            row.extend(amount(&r.etp, "ETP"));
            row.extend(amount(&r.budget_eur, "€"));
            if inv {
                row.extend(amount(&r.investments_eur.unwrap_or_default(), "€"));
            }
            table.push(row);
        }
        aligned(out, &table);
    }
}

/// `old → new` and the delta of a total.
fn amount(a: &Amount, unit: &str) -> [String; 2] {
    [
        format!("{} → {}", with_unit(a.old, unit), with_unit(a.new, unit)),
        amount_delta(a, unit),
    ]
}

/// Writes a table with its columns padded to their widest cell.
fn aligned(out: &mut String, table: &[Vec<String>]) {
    let cols = table[0].len();
    let widths: Vec<usize> = (0..cols)
        .map(|i| table.iter().map(|r| width(&r[i])).max().unwrap_or(0))
        .collect();
    for r in table {
        let cells: Vec<String> = r.iter().zip(&widths).map(|(c, w)| pad(c, *w)).collect();
        let _ = writeln!(out, "  {}", cells.join("   ").trim_end());
    }
}

/// ANSI colors, or none.
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
