//! `convgen check`: runs the rules over a loaded workspace and orders the findings.

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::{self, Workspace};
use crate::rules;

/// Counts for the closing summary line and the JSON `summary`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub conventions: usize,
    pub files: usize,
}

/// The findings of one run, sorted by file and position, each reported once.
#[derive(Debug)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
}

/// Loads and checks one convention folder given as texts (see [`load::from_texts`]): the
/// convention is file 0, the annexes files 1, 2… in the order given. Never panics, whatever
/// the texts (the fuzz targets of `fuzz/` call it with arbitrary input).
pub fn check_texts(convention: &str, annexes: &[(&str, &str)]) -> Report {
    check(&load::from_texts(convention, annexes))
}

/// Runs every rule over `ws`.
pub fn check(ws: &Workspace) -> Report {
    let mut diagnostics = ws.diagnostics.clone();
    let per_unit: Vec<Vec<Diagnostic>> = ws
        .units
        .par_iter()
        .map(|unit| match &unit.convention {
            Some(conv) => rules::check_unit(ws, conv, &unit.annexes),
            None => Vec::new(),
        })
        .collect();
    diagnostics.extend(per_unit.into_iter().flatten());
    diagnostics.extend(rules::check_workspace(ws));
    if let Some(focus) = &ws.focus {
        diagnostics.retain(|d| d.file.is_some_and(|f| focus.contains(&f)));
    }
    diagnostics.sort_by(|a, b| {
        let path = |d: &Diagnostic| d.file.map(|f| ws.sources.get(f).display.as_str());
        path(a)
            .cmp(&path(b))
            .then(a.span.map(|s| s.start).cmp(&b.span.map(|s| s.start)))
            .then(b.severity.cmp(&a.severity))
            .then(a.code.cmp(b.code))
            .then(a.message.cmp(&b.message))
    });
    diagnostics.dedup_by(|a, b| a == b);
    let mut summary = Summary {
        conventions: ws.units.len(),
        files: ws.sources.len(),
        ..Summary::default()
    };
    for d in &diagnostics {
        match d.severity {
            Severity::Error => summary.errors += 1,
            Severity::Warning => summary.warnings += 1,
            Severity::Info => summary.infos += 1,
        }
    }
    Report {
        diagnostics,
        summary,
    }
}
