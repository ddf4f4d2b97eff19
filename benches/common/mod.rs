//! Synthetic inputs shared by the benchmarks.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The CRPC example every generated convention copies.
pub const EXAMPLE: &str = "examples/crpc-centre-val-de-loire-2025";
/// A small CRPC (a few pages): the fixed costs of `render` show there.
pub const SMALL: &str = "tests/fixtures/base/crpc-minimal";
const EXAMPLE_ID: &str = "crpc-centre-val-de-loire-2025";

/// Writes `n` copies of the CRPC example (convention and three annexes), each with its own
/// id, under `root/conventions`; returns every file written.
pub fn generate_repo(root: &Path, n: usize) -> Vec<PathBuf> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE);
    let convention = std::fs::read_to_string(base.join("convention.toml")).unwrap();
    let annexes: Vec<(String, String)> = ["2025", "2026", "2027"]
        .iter()
        .map(|y| {
            let text = std::fs::read_to_string(base.join(format!("annexes/{y}.toml"))).unwrap();
            (y.to_string(), text)
        })
        .collect();
    let mut files = Vec::new();
    for i in 0..n {
        let id = format!("crpc-bench-{i:04}");
        let dir = root.join("conventions").join(&id);
        std::fs::create_dir_all(dir.join("annexes")).unwrap();
        let path = dir.join("convention.toml");
        std::fs::write(&path, convention.replace(EXAMPLE_ID, &id)).unwrap();
        files.push(path);
        for (year, text) in &annexes {
            let path = dir.join(format!("annexes/{year}.toml"));
            std::fs::write(&path, text.replace(EXAMPLE_ID, &id)).unwrap();
            files.push(path);
        }
    }
    files
}

/// An annual annex with `entries` means; `shift` changes the budget of one entry in seven,
/// so that two annexes with different shifts differ on about 14 % of their means.
pub fn annex_with_means(year: i64, shift: u64, entries: u64) -> String {
    let mut s = format!("[annex]\nconvention = \"bench\"\nyear = {year}\n");
    for i in 0..entries {
        let budget = if i % 7 == 0 { i * 100 + shift } else { i * 100 };
        let _ = write!(
            s,
            "\n[[means]]\nobjective = \"obj-{}\"\nsignatory = \"sig-{}\"\netp = {}.5\nbudget_eur = {budget}\ntext = \"Moyens {i}\"\n",
            i % 100,
            i / 100,
            i % 10
        );
    }
    s
}
