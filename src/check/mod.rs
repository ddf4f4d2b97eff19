//! `convgen check`: runs the rules and orders the findings.
//!
//! [`check`] works on a [`Workspace`] loaded in memory (what `render` and `diff` hold);
//! [`check_paths`] loads and checks one convention folder at a time, in parallel, and keeps
//! only the text of the files that have findings, so that memory stays flat on repositories
//! of thousands of files. Both run the same rules and give the same report.

mod registry;
pub mod rules;

pub use registry::*;

use std::path::PathBuf;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::{self, LoadError, LoadedUnit, Workspace};

use crate::source::{FileId, SourceFile, SourceSlice, Sources};

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

impl Report {
    /// The report of these findings (already sorted), with their counts.
    pub fn new(diagnostics: Vec<Diagnostic>, conventions: usize, files: usize) -> Report {
        let mut summary = Summary {
            conventions,
            files,
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
    let all = ws.sources.as_slice();
    let one = |unit: &crate::load::Unit| match &unit.convention {
        Some(conv) => check_unit(all, conv, &unit.annexes, &unit.avenants),
        None => Vec::new(),
    };
    // One convention (`render` of a folder) is checked on the calling thread: no pool.
    let per_unit: Vec<Vec<Diagnostic>> = if ws.units.len() == 1 {
        ws.units.iter().map(one).collect()
    } else {
        ws.units.par_iter().map(one).collect()
    };
    diagnostics.extend(per_unit.into_iter().flatten());
    let ids: Vec<ConventionId> = ws
        .units
        .iter()
        .filter_map(|u| u.convention.as_ref().map(ConventionId::of))
        .collect();
    diagnostics.extend(check_workspace(&ids, all));
    finish(diagnostics, &ws.sources, ws.focus.as_ref(), ws.units.len())
}

/// What [`check_paths`] gives: the report and the files it points into.
#[derive(Debug)]
pub struct Checked {
    /// Every file read; only the files with findings keep their text.
    pub sources: Sources,
    pub report: Report,
}

/// One convention folder, checked: its files and findings, and its id for the
/// repository-wide rules.
struct UnitResult {
    sources: Vec<SourceFile>,
    diagnostics: Vec<Diagnostic>,
    id: Option<ConventionId>,
}

fn check_loaded(loaded: LoadedUnit) -> UnitResult {
    let LoadedUnit {
        unit,
        mut sources,
        mut diagnostics,
    } = loaded;
    let first = unit.file;
    let id = unit.convention.as_ref().map(ConventionId::of);
    if let Some(conv) = &unit.convention {
        diagnostics.extend(check_unit(
            SourceSlice::new(first, &sources),
            conv,
            &unit.annexes,
            &unit.avenants,
        ));
    }
    drop(unit);
    for (i, source) in sources.iter_mut().enumerate() {
        if !diagnostics.iter().any(|d| d.file == Some(first + i)) {
            source.release();
        }
    }
    UnitResult {
        sources,
        diagnostics,
        id,
    }
}

/// Loads and checks every convention under `paths`, one folder at a time (in parallel),
/// without keeping the models: same report as `check(&load(paths)?)`, in flat memory.
pub fn check_paths(paths: &[PathBuf]) -> Result<Checked, LoadError> {
    let plan = load::plan(paths)?;
    let results = plan.map_units(check_loaded);
    let mut sources = Sources::default();
    let mut diagnostics = Vec::new();
    let mut ids = Vec::new();
    for r in results {
        for s in r.sources {
            sources.add(s);
        }
        diagnostics.extend(r.diagnostics);
        ids.extend(r.id);
    }
    diagnostics.extend(check_workspace(&ids, sources.as_slice()));
    plan.read_config(&mut sources, &mut diagnostics);
    // A repository-wide finding may point into a file whose text was released.
    let mut needed: Vec<FileId> = diagnostics.iter().filter_map(|d| d.file).collect();
    needed.sort_unstable();
    needed.dedup();
    for f in needed {
        sources.get_mut(f).reload();
    }
    let focus = plan.focus(&sources);
    let report = finish(diagnostics, &sources, focus.as_ref(), plan.len());
    Ok(Checked { sources, report })
}

/// Keeps the focused files' findings, sorts them by file and position, removes repeats
/// and counts them.
fn finish(
    mut diagnostics: Vec<Diagnostic>,
    sources: &Sources,
    focus: Option<&std::collections::HashSet<FileId>>,
    conventions: usize,
) -> Report {
    if let Some(focus) = focus {
        diagnostics.retain(|d| d.file.is_some_and(|f| focus.contains(&f)));
    }
    diagnostics.sort_by(|a, b| {
        let path = |d: &Diagnostic| d.file.map(|f| sources.get(f).display.as_str());
        path(a)
            .cmp(&path(b))
            .then(a.span.map(|s| s.start).cmp(&b.span.map(|s| s.start)))
            .then(b.severity.cmp(&a.severity))
            .then(a.code().cmp(b.code()))
            .then(a.message.cmp(&b.message))
    });
    diagnostics.dedup_by(|a, b| a == b);
    Report::new(diagnostics, conventions, sources.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    /// Every finding with its file, place and texts.
    fn flat(sources: &Sources, report: &Report) -> Vec<String> {
        report
            .diagnostics
            .iter()
            .map(|d| {
                let file = d.file.map(|f| sources.get(f));
                let place = match (file, d.span) {
                    (Some(f), Some(s)) => format!("{:?}", f.line_col(s.start)),
                    _ => String::new(),
                };
                format!(
                    "{}:{place}:{:?}:{}:{:?}:{}:{:?}",
                    file.map_or("", |f| f.display.as_str()),
                    d.span,
                    d.code(),
                    d.severity,
                    d.message,
                    d.help
                )
            })
            .collect()
    }

    /// `check_paths` (streaming) and `check(&load(..))` (in memory) give the same report.
    fn assert_same(paths: &[PathBuf]) {
        let ws = load::load(paths).unwrap();
        let in_memory = check(&ws);
        let streamed = check_paths(paths).unwrap();
        assert_eq!(
            flat(&ws.sources, &in_memory),
            flat(&streamed.sources, &streamed.report),
            "{paths:?}"
        );
        assert_eq!(in_memory.summary, streamed.report.summary);
    }

    #[test]
    fn streaming_matches_in_memory_on_examples_and_rule_fixtures() {
        assert_same(&[root().join("examples")]);
        let rules = root().join("tests/fixtures/rules");
        let mut n = 0;
        for entry in std::fs::read_dir(&rules).unwrap() {
            let dir = entry.unwrap().path();
            for case in ["fail", "pass"] {
                assert_same(&[dir.join(case)]);
                n += 1;
            }
        }
        assert!(n >= 36, "only {n} fixture folders");
        for entry in std::fs::read_dir(root().join("tests/fixtures/law")).unwrap() {
            assert_same(&[entry.unwrap().path()]);
        }
    }

    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to.join("annexes")).unwrap();
        std::fs::copy(from.join("convention.toml"), to.join("convention.toml")).unwrap();
        for e in std::fs::read_dir(from.join("annexes")).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, to.join("annexes").join(p.file_name().unwrap())).unwrap();
        }
    }

    #[test]
    fn repository_wide_finding_in_a_released_file_keeps_its_snippet() {
        // Two folders declaring the same convention id: the finding is only known once every
        // folder is checked, after the clean files' text was released.
        let tmp = tempfile::tempdir().unwrap();
        let base = root().join("tests/fixtures/base/crpc-minimal");
        copy(&base, &tmp.path().join("a"));
        copy(&base, &tmp.path().join("b"));
        let paths = [tmp.path().to_path_buf()];
        assert_same(&paths);
        let checked = check_paths(&paths).unwrap();
        let d = checked
            .report
            .diagnostics
            .iter()
            .find(|d| d.code() == "duplicate-id")
            .expect("duplicate convention id reported");
        let file = checked.sources.get(d.file.unwrap());
        assert!(!file.is_released());
        let span = d.span.unwrap();
        assert!(file.text[span.start..span.end].contains("crpc"));
        // The clean annexes were released.
        assert!(checked.sources.iter().any(|(_, f)| f.is_released()));
    }
}
