//! The Markdown report: one table per section, then the totals (for a merge request or an
//! amendment).

use std::fmt::Write as _;

use crate::markup::escape_cell;

use super::{
    Sides, amount_delta, delta_text, entry, field_value, groups, heading, key_text, summary_line,
    total_groups, total_name, total_tables, totals_heading, with_unit, words_text,
};
use crate::diff::words::{Op, WordOp};
use crate::diff::{Amount, Change, ChangeKind, Diff, TotalRow};

/// Markdown tables: one per section, then the totals.
pub fn markdown(diff: &Diff, sides: Sides<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Différences : `{}` → `{}`\n",
        super::shown(sides.old).replace('`', "'"),
        super::shown(sides.new).replace('`', "'")
    );
    let _ = writeln!(out, "{}.", summary_line(diff));
    for group in groups(&diff.changes) {
        let first = &group[0];
        let h = heading(first.section, first.convention.as_deref(), first.year);
        let _ = writeln!(out, "\n### {}\n", escape_cell(&h));
        out.push_str("| Clé | Champ | Avant | Après | Écart |\n| --- | --- | --- | --- | ---: |\n");
        for c in group {
            change(&mut out, c);
        }
    }
    for (title, [_, id_head], rows) in total_tables(diff) {
        totals(&mut out, title, id_head, rows);
    }
    out
}

/// The row of one change.
fn change(out: &mut String, c: &Change) {
    let key = escape_cell(&key_text(c));
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
            match &c.words {
                Some(ops) => (
                    format!("`{f}`"),
                    side(ops, Op::Delete),
                    side(ops, Op::Insert),
                    String::new(),
                ),
                None => (
                    format!("`{f}`"),
                    escape_cell(&field_value(c, &c.old)),
                    escape_cell(&field_value(c, &c.new)),
                    escape_cell(&delta_text(c)),
                ),
            }
        }
    };
    let _ = writeln!(out, "| {key} | {field} | {old} | {new} | {delta} |");
}

/// One side of a text compared word by word: the words in context, the removed ones
/// ~~struck~~ in the old cell, the added ones in **bold** in the new one.
fn side(ops: &[WordOp], keep: Op) -> String {
    let kept: Vec<WordOp> = ops
        .iter()
        .filter(|o| o.op == Op::Equal || o.op == keep)
        .cloned()
        .collect();
    words_text(&kept, escape_cell, [("~~", "~~"), ("**", "**")])
}

/// One table of totals per annex whose totals moved.
fn totals(out: &mut String, title: &str, id_head: &str, rows: &[TotalRow]) {
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
            let mut line = format!("| {} ", escape_cell(&total_name(r)));
            amount(&mut line, &r.etp, "ETP");
            amount(&mut line, &r.budget_eur, "€");
            if inv {
                amount(&mut line, &r.investments_eur.unwrap_or_default(), "€");
            }
            let _ = writeln!(out, "{line}|");
        }
    }
}

/// The old, new and delta cells of a total.
fn amount(line: &mut String, a: &Amount, unit: &str) {
    let _ = write!(
        line,
        "| {} | {} | {} ",
        with_unit(a.old, unit),
        with_unit(a.new, unit),
        amount_delta(a, unit)
    );
}
