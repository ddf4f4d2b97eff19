//! Test helpers: load conventions from text and run the rules.

use crate::check;
use crate::diagnostic::Diagnostic;
use crate::load::{self, AnnexFile, Unit, Workspace};
use crate::source::SourceFile;

/// The smallest CRPC that satisfies every rule (`tests/fixtures/base/crpc-minimal`).
pub const BASE: &str = include_str!("../../tests/fixtures/base/crpc-minimal/convention.toml");
const BASE_ANNEX_2025: &str =
    include_str!("../../tests/fixtures/base/crpc-minimal/annexes/2025.toml");

/// The base annex of `year` (same content, another year).
pub fn base_annex(year: i32) -> String {
    BASE_ANNEX_2025
        .replace("year = 2025", &format!("year = {year}"))
        .replace("2025", &year.to_string())
}

/// The base annexes for 2025, 2026 and 2027.
pub fn base_annexes() -> Vec<(i32, String)> {
    (2025..=2027).map(|y| (y, base_annex(y))).collect()
}

/// Replaces `from` by `to` in `text`, failing the test if `from` is absent.
pub fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "fixture edit: `{from}` not found");
    text.replacen(from, to, 1)
}

/// A workspace holding one convention folder built from texts.
pub fn workspace(convention: &str, annexes: &[(i32, String)]) -> Workspace {
    let mut ws = Workspace::default();
    let path = std::path::PathBuf::from("c/convention.toml");
    let file = ws.sources.add(SourceFile::new(
        path.clone(),
        "c/convention.toml".into(),
        convention.into(),
    ));
    let (conv, diags) = load::parse_convention(file, convention);
    ws.diagnostics.extend(diags);
    let mut unit = Unit {
        dir: "c".into(),
        file,
        convention: conv,
        annexes: Vec::new(),
    };
    for (year, text) in annexes {
        let name = format!("c/annexes/{year}.toml");
        let file = ws
            .sources
            .add(SourceFile::new(name.clone().into(), name, text.clone()));
        let (annex, diags) = load::parse_annex(file, text);
        ws.diagnostics.extend(diags);
        unit.annexes.push(AnnexFile {
            file,
            name_year: Some(*year),
            annex,
        });
    }
    ws.units.push(unit);
    ws
}

/// Every finding on one convention folder.
pub fn run(convention: &str, annexes: &[(i32, String)]) -> Vec<Diagnostic> {
    check::check(&workspace(convention, annexes)).diagnostics
}

/// Findings of one rule only.
pub fn run_code(code: &str, convention: &str, annexes: &[(i32, String)]) -> Vec<Diagnostic> {
    run(convention, annexes)
        .into_iter()
        .filter(|d| d.code == code)
        .collect()
}
