//! Helpers shared by the end-to-end test files.
#![allow(dead_code)] // each test file uses its own subset

use std::path::{Path, PathBuf};
use std::process::Output;

/// The convgen binary as every end-to-end test runs it: no colors (`NO_COLOR`, which
/// `--color always` still overrides), an 100-column terminal width for wrapped reports, and
/// none of the variables that would change typst's lookup unless a test sets them.
pub fn convgen() -> assert_cmd::Command {
    assert_cmd::Command::from_std(convgen_process())
}

/// The same command as [`convgen`], as a `std::process::Command` (for tests that spawn it and
/// read its output while it runs).
pub fn convgen_process() -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("convgen"));
    cmd.env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("SOURCE_DATE_EPOCH");
    cmd
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// The exit code and both outputs of a run, for assertion messages.
pub fn outcome(o: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Copies a folder tree (fixture repositories into temporary folders).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// TOML → JSON as editors (Taplo) see it for schema validation: dates become strings.
pub fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

/// The typst executable (`CONVGEN_TYPST`, then `PATH`, then `~/.cargo/bin`), or `None`
/// (test skipped, with a note) when absent and `CONVGEN_REQUIRE_TYPST` is not set.
pub fn typst() -> Option<PathBuf> {
    let found = std::env::var_os("CONVGEN_TYPST")
        .map(PathBuf::from)
        .filter(|p| p.is_file())
        .or_else(|| {
            std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
                .map(|d| d.join("typst"))
                .find(|p| p.is_file())
        })
        .or_else(|| {
            std::env::var_os("HOME")
                .map(|h| PathBuf::from(h).join(".cargo/bin/typst"))
                .filter(|p| p.is_file())
        });
    if found.is_none() {
        if std::env::var_os("CONVGEN_REQUIRE_TYPST").is_some() {
            panic!("typst is required (CONVGEN_REQUIRE_TYPST is set) but was not found");
        }
        eprintln!("SKIPPED: typst not found (install typst 0.15 or set CONVGEN_TYPST)");
    }
    found
}

/// Replaces `from` by `to` in the `convention.toml` and every annex of a convention folder
/// (to give a copied fixture another id).
pub fn replace_in_folder(conv: &Path, from: &str, to: &str) {
    let annexes = std::fs::read_dir(conv.join("annexes"))
        .map(|d| d.map(|e| e.unwrap().path()).collect::<Vec<_>>())
        .unwrap_or_default();
    for path in std::iter::once(conv.join("convention.toml")).chain(annexes) {
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace(from, to)).unwrap();
    }
}

/// A tool the office and signature tests run (`soffice`, `qpdf`): its path on `PATH`, or
/// `None` (test skipped, with a note) when absent and `CONVGEN_REQUIRE_TYPST` is not set
/// (scripts/test sets it after installing them).
pub fn tool(name: &str) -> Option<PathBuf> {
    let found = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|d| d.join(name))
        .find(|p| p.is_file());
    if found.is_none() {
        if std::env::var_os("CONVGEN_REQUIRE_TYPST").is_some() {
            panic!("{name} is required (CONVGEN_REQUIRE_TYPST is set) but was not found");
        }
        eprintln!("SKIPPED: {name} not found (scripts/test installs it)");
    }
    found
}

/// Runs convgen in `dir` with `args`, to completion.
pub fn convgen_in(dir: &Path, args: &[&str]) -> Output {
    convgen().current_dir(dir).args(args).output().unwrap()
}

/// Runs git in `dir` as a test author, without the caller's `GIT_DIR`; fails the test if git
/// fails.
pub fn git(dir: &Path, args: &[&str]) {
    let ok = std::process::Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(["-c", "protocol.file.allow=always"])
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&ok.stderr)
    );
}
