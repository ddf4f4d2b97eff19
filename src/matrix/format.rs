//! `convgen matrix --format text|markdown|json`.

use super::{ConventionMatrix, Matrix, Requirement, Status, Where};
use crate::markup::escape_cell;

/// « Satisfaite », « Manquante : … », « Sans objet : … ».
pub fn status_sentence(r: &Requirement) -> String {
    let word = match r.status {
        Status::Met => "Satisfaite",
        Status::Missing => "Manquante",
        Status::NotApplicable => "Sans objet",
    };
    match &r.reason {
        Some(reason) => format!("{word} : {reason}"),
        None => word.to_string(),
    }
}

/// `file:line (article)`.
fn place(w: &Where) -> String {
    match &w.article {
        Some(a) => format!("{}:{} ({a})", w.file, w.line),
        None => format!("{}:{}", w.file, w.line),
    }
}

fn heading(c: &ConventionMatrix) -> String {
    format!("{} — {}, régime `{}` ({})", c.id, c.kind, c.regime, c.law)
}

/// Counts of every status over the matrix, for the closing line.
fn totals(m: &Matrix) -> String {
    let count = |s: Status| {
        m.conventions
            .iter()
            .flat_map(|c| &c.requirements)
            .filter(|r| r.status == s)
            .count()
    };
    let n = m.conventions.len();
    format!(
        "{n} convention{} : {} satisfaite{}, {} manquante{}, {} sans objet",
        if n > 1 { "s" } else { "" },
        count(Status::Met),
        if count(Status::Met) > 1 { "s" } else { "" },
        count(Status::Missing),
        if count(Status::Missing) > 1 { "s" } else { "" },
        count(Status::NotApplicable),
    )
}

/// One block per convention, one entry per requirement: status, label, source, places.
pub fn text(m: &Matrix) -> String {
    let mut out = String::new();
    for c in &m.conventions {
        out.push_str(&heading(c));
        out.push('\n');
        for r in &c.requirements {
            let mark = match r.status {
                Status::Met => '✓',
                Status::Missing => '✗',
                Status::NotApplicable => '–',
            };
            out.push_str(&format!("  {mark} {} [{}]\n", r.label, r.id));
            out.push_str(&format!("      {} — {}\n", status_sentence(r), r.source));
            for w in &r.places {
                out.push_str(&format!("      {}\n", place(w)));
            }
        }
        out.push('\n');
    }
    out.push_str(&totals(m));
    out.push('\n');
    out
}

/// One table per convention.
pub fn markdown(m: &Matrix) -> String {
    let mut out = String::from("# Tableau de conformité\n\n");
    for c in &m.conventions {
        out.push_str(&format!("## {}\n\n", escape_cell(&heading(c))));
        out.push_str("| Exigence | Source | Statut | Où |\n| --- | --- | --- | --- |\n");
        for r in &c.requirements {
            let places: Vec<String> = r.places.iter().map(place).collect();
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                escape_cell(&r.label),
                escape_cell(&r.source),
                escape_cell(&status_sentence(r)),
                if places.is_empty() {
                    "–".to_string()
                } else {
                    escape_cell(&places.join(" ; "))
                },
            ));
        }
        out.push('\n');
    }
    out.push_str(&format!("{}\n", totals(m)));
    out
}

/// `{"conventions": [{"id", "kind", "regime", "law", "file", "requirements": [...]}]}`.
pub fn json(m: &Matrix) -> String {
    let mut s = serde_json::to_string_pretty(m).expect("the matrix serializes");
    s.push('\n');
    s
}
