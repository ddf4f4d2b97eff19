//! Test helpers: load conventions from text and run the rules.

use crate::check;
use crate::diagnostic::Diagnostic;
use crate::load::{self, Workspace};

/// The smallest CRPC that satisfies every rule (`tests/fixtures/base/crpc-minimal`).
pub const BASE: &str = include_str!("../../../tests/fixtures/base/crpc-minimal/convention.toml");
const BASE_ANNEX_2025: &str =
    include_str!("../../../tests/fixtures/base/crpc-minimal/annexes/2025.toml");

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
    let names: Vec<(String, &str)> = annexes
        .iter()
        .map(|(year, text)| (format!("{year}.toml"), text.as_str()))
        .collect();
    let named: Vec<(&str, &str)> = names.iter().map(|(n, t)| (n.as_str(), *t)).collect();
    load::from_texts(convention, &named)
}

/// Every finding on one convention folder.
pub fn run(convention: &str, annexes: &[(i32, String)]) -> Vec<Diagnostic> {
    check::check(&workspace(convention, annexes)).diagnostics
}

/// Findings of one rule only.
pub fn run_code(code: &str, convention: &str, annexes: &[(i32, String)]) -> Vec<Diagnostic> {
    run(convention, annexes)
        .into_iter()
        .filter(|d| d.code() == code)
        .collect()
}

/// Findings of one rule on `conv` with the base annexes.
pub fn codes(code: &str, conv: &str) -> Vec<Diagnostic> {
    run_code(code, conv, &base_annexes())
}

/// Findings of one rule on `conv` (with the base annexes) written in a real folder beside
/// `files` (relative path, contents), for rules that read the folder (logos, documents).
pub fn codes_with_files(code: &str, conv: &str, files: &[(&str, &[u8])]) -> Vec<Diagnostic> {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("convention");
    std::fs::create_dir_all(dir.join("annexes")).unwrap();
    std::fs::write(dir.join("convention.toml"), conv).unwrap();
    for (year, text) in base_annexes() {
        std::fs::write(dir.join(format!("annexes/{year}.toml")), text).unwrap();
    }
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let ws = load::load(&[dir]).unwrap();
    check::check(&ws)
        .diagnostics
        .into_iter()
        .filter(|d| d.code() == code)
        .collect()
}

#[test]
fn base_is_clean() {
    let all = run(BASE, &base_annexes());
    assert!(all.is_empty(), "{all:#?}");
}
