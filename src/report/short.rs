//! `--format short`: one line per finding, `file:line:col: severity[code]: message`.

use super::{Located, locate};
use crate::check::Report;
use crate::source::{Sources, printable};

/// `file:line:col: severity[code]: message` — one line per finding.
pub fn short(sources: &Sources, report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        out.push_str(&short_line(&locate(sources, d)));
        out.push('\n');
    }
    out
}

/// The line of one finding; file names and messages come from the repository, so every
/// character that could fake or hide a line is made [printable].
pub(super) fn short_line(l: &Located<'_>) -> String {
    let d = l.diagnostic;
    let place = match (l.file, l.start) {
        (Some(f), Some((line, col))) => format!("{}:{line}:{col}", printable(f)),
        (Some(f), None) => printable(f).into_owned(),
        (None, _) => "convgen".to_string(),
    };
    format!(
        "{place}: {}[{}]: {}",
        d.severity.as_str(),
        d.code(),
        printable(&d.message)
    )
}
