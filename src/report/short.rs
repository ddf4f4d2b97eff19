//! `--format short`: one line per finding, `file:line:col: severity[code]: message`.

use super::{Located, locate};
use crate::check::Report;
use crate::source::Sources;

/// `file:line:col: severity[code]: message` — one line per finding.
pub fn short(sources: &Sources, report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        out.push_str(&short_line(&locate(sources, d)));
        out.push('\n');
    }
    out
}

pub(super) fn short_line(l: &Located<'_>) -> String {
    let d = l.diagnostic;
    let place = match (l.file, l.start) {
        (Some(f), Some((line, col))) => format!("{f}:{line}:{col}"),
        (Some(f), None) => f.to_string(),
        (None, _) => "convgen".to_string(),
    };
    format!(
        "{place}: {}[{}]: {}",
        d.severity.as_str(),
        d.code(),
        d.message
    )
}
