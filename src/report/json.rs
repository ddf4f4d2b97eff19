//! `--format json`: one JSON document, `{"diagnostics": [...], "summary": {...}}`, whose
//! shape is documented in the README.

use serde::Serialize;

use super::locate;
use crate::check::{Report, Summary};
use crate::diagnostic::Severity;
use crate::source::Sources;

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: Severity,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    span: Option<JsonSpan>,
    reference: Option<&'a str>,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonSpan {
    offset: usize,
    length: usize,
}

/// One JSON document: `{"diagnostics": [...], "summary": {...}}`.
pub fn json(sources: &Sources, report: &Report) -> String {
    let diagnostics = report
        .diagnostics
        .iter()
        .map(|d| {
            let l = locate(sources, d);
            JsonDiagnostic {
                code: d.code(),
                severity: d.severity,
                message: &d.message,
                file: l.file,
                line: l.start.map(|p| p.0),
                column: l.start.map(|p| p.1),
                span: d.span.map(|s| JsonSpan {
                    offset: s.start,
                    length: s.len(),
                }),
                reference: d.reference,
                help: d.help.as_deref(),
            }
        })
        .collect();
    let doc = JsonReport {
        diagnostics,
        summary: report.summary,
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("serializable");
    s.push('\n');
    s
}
