//! End-to-end tests of `convgen diff` through the real binary.

mod common;
use common::{copy_dir, stderr, stdout};

use std::path::{Path, PathBuf};
use std::process::Output;

const CRPC: &str = "examples/crpc-centre-val-de-loire-2025";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn convgen(dir: &Path, args: &[&str]) -> Output {
    common::convgen()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn annex(year: u32) -> String {
    format!("{CRPC}/annexes/{year}.toml")
}

fn git(dir: &Path, args: &[&str]) {
    let ok = std::process::Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&ok.stderr)
    );
}

#[test]
fn annexes_2025_2026_text() {
    let o = convgen(&root(), &["diff", &annex(2025), &annex(2026)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("+ diag-partage · arml"));
    assert!(out.contains("+10\u{202f}000\u{a0}€ (+5,56\u{a0}%)"));
    assert!(out.contains("- arml · Visioconférence"));
    insta::assert_snapshot!("annexes_2025_2026_text", out);
}

#[test]
fn annexes_2025_2026_markdown() {
    let o = convgen(
        &root(),
        &["diff", "--format", "markdown", &annex(2025), &annex(2026)],
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("| Clé | Champ | Avant | Après | Écart |"));
    insta::assert_snapshot!("annexes_2025_2026_markdown", out);
}

#[test]
fn annexes_2025_2026_json() {
    let o = convgen(
        &root(),
        &["diff", "--format", "json", &annex(2025), &annex(2026)],
    );
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let changes = doc["changes"].as_array().unwrap();
    let budget = changes
        .iter()
        .find(|c| {
            c["section"] == "means"
                && c["key"]
                    == serde_json::json!({"objective": "diag-partage", "signatory": "region"})
                && c["field"] == "budget_eur"
        })
        .unwrap();
    assert_eq!(
        budget,
        &serde_json::json!({"kind": "changed", "section": "means",
            "key": {"objective": "diag-partage", "signatory": "region"}, "field": "budget_eur",
            "old": 180000, "new": 190000, "delta": 10000, "delta_pct": 5.56})
    );
    assert!(
        changes
            .iter()
            .any(|c| c["kind"] == "added" && c["field"].is_null())
    );
    assert!(
        changes
            .iter()
            .any(|c| c["kind"] == "removed" && c["section"] == "investments")
    );
    assert!(changes.iter().all(|c| c.get("year").is_none()));
    assert_eq!(doc["summary"]["changes"], changes.len());
    insta::assert_json_snapshot!("annexes_2025_2026_json", doc);
}

#[test]
fn identical_files_exit_zero() {
    let o = convgen(&root(), &["diff", &annex(2026), &annex(2026)]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("aucune différence"));
}

#[test]
fn reordering_and_reformatting_is_not_a_change() {
    let text = std::fs::read_to_string(root().join(annex(2026))).unwrap();
    // Cut at every `[[…]]` table, reverse the tables, and reformat the values.
    let mut chunks: Vec<String> = Vec::new();
    for line in text.lines() {
        if line.starts_with("[[") || chunks.is_empty() {
            chunks.push(String::new());
        }
        let chunk = chunks.last_mut().unwrap();
        chunk.push_str(
            &line
                .replace(" = ", "   =  ")
                .replace("budget_eur   =  190000", "budget_eur=190_000.0"),
        );
        chunk.push('\n');
    }
    let header = chunks.remove(0);
    chunks.reverse();
    let reordered = format!("# copie réordonnée\n{header}\n{}", chunks.join("\n# ---\n"));
    assert_ne!(reordered, text);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2026.toml");
    std::fs::write(&path, reordered).unwrap();
    let o = convgen(&root(), &["diff", &annex(2026), path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("aucune différence"));
}

#[test]
fn folders_are_compared_annex_by_annex() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    copy_dir(&root().join(CRPC), &old);
    copy_dir(&root().join(CRPC), &new);
    let conv = std::fs::read_to_string(new.join("convention.toml")).unwrap();
    let conv = conv.replacen("title = \"", "title = \"Avenant — ", 1);
    std::fs::write(new.join("convention.toml"), conv).unwrap();
    let a = std::fs::read_to_string(new.join("annexes/2026.toml")).unwrap();
    std::fs::write(
        new.join("annexes/2026.toml"),
        a.replace("budget_eur = 190000", "budget_eur = 195000"),
    )
    .unwrap();
    std::fs::remove_file(new.join("annexes/2027.toml")).unwrap();

    let o = convgen(dir.path(), &["diff", "--format", "json", "old", "new"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let changes = doc["changes"].as_array().unwrap();
    assert!(changes.iter().all(|c| c.get("year").is_some()));
    let status = changes.iter().find(|c| c["field"] == "title").unwrap();
    assert_eq!(status["section"], "convention");
    assert!(status["year"].is_null());
    let budget = changes.iter().find(|c| c["year"] == 2026).unwrap();
    assert_eq!(budget["new"], 195000);
    assert!(
        changes
            .iter()
            .any(|c| c["year"] == 2027 && c["section"] == "annex" && c["kind"] == "removed")
    );
    assert!(!changes.iter().any(|c| c["year"] == 2025));

    let o = convgen(dir.path(), &["diff", "old", "new"]);
    insta::assert_snapshot!("folders_text", stdout(&o));
}

#[test]
fn a_convention_folder_on_one_side_is_one_change() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    copy_dir(&root().join("examples"), &old);
    copy_dir(&root().join("examples"), &new);
    std::fs::remove_dir_all(new.join("crpc-centre-val-de-loire-2025")).unwrap();
    std::fs::rename(
        new.join("partenariat-occitanie-france-travail-2025"),
        new.join("partenariat-bis"),
    )
    .unwrap();

    let o = convgen(dir.path(), &["diff", "--format", "json", "old", "new"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let changes = doc["changes"].as_array().unwrap();
    // The removed CRPC, and the partnership moved to another folder (removed + added):
    // one change each, not one per entry.
    assert_eq!(changes.len(), 3, "{changes:#?}");
    let crpc = &changes
        .iter()
        .find(|c| c["convention"] == "crpc-centre-val-de-loire-2025")
        .unwrap();
    assert_eq!(crpc["kind"], "removed");
    assert_eq!(crpc["section"], "convention");
    assert_eq!(crpc["key"]["id"], "crpc-centre-val-de-loire-2025");
    assert_eq!(
        crpc["old"]["annexes"],
        serde_json::json!(["2025", "2026", "2027"])
    );
    assert!(crpc["new"].is_null());
    let added = changes.iter().find(|c| c["kind"] == "added").unwrap();
    assert_eq!(added["convention"], "partenariat-bis");
    assert_eq!(added["new"]["kind"], "partenariat");
    // Its totals still count, against zero.
    let totals = doc["totals"]["overall"].as_array().unwrap();
    assert!(
        totals
            .iter()
            .any(|t| t["convention"] == "crpc-centre-val-de-loire-2025" && t["year"] == 2025),
        "{totals:#?}"
    );

    let o = convgen(dir.path(), &["diff", "old", "new"]);
    let text = stdout(&o);
    assert!(
        text.contains("crpc-centre-val-de-loire-2025  (suppression)"),
        "{text}"
    );
    assert!(text.lines().count() < 200, "{} lines", text.lines().count());
}

#[test]
fn rev_compares_the_working_tree_with_git() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    copy_dir(&root().join(CRPC), &repo.join("conventions/crpc"));
    git(repo, &["add", "."]);
    git(repo, &["commit", "-qm", "init"]);

    let o = convgen(repo, &["diff", "--rev", "HEAD", "conventions/crpc"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));

    // Dirty tree: one tracked file modified, one untracked annex added.
    let p = repo.join("conventions/crpc/annexes/2026.toml");
    let a = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, a.replace("budget_eur = 190000", "budget_eur = 200000")).unwrap();
    let a27 = std::fs::read_to_string(repo.join("conventions/crpc/annexes/2027.toml")).unwrap();
    std::fs::write(
        repo.join("conventions/crpc/annexes/2028.toml"),
        a27.replace("year = 2027", "year = 2028"),
    )
    .unwrap();

    let o = convgen(
        repo,
        &[
            "diff",
            "--rev",
            "HEAD",
            "--format",
            "json",
            "conventions/crpc",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let changes = doc["changes"].as_array().unwrap();
    let c = changes.iter().find(|c| c["year"] == 2026).unwrap();
    assert_eq!(
        (c["old"].clone(), c["new"].clone()),
        (190000.into(), 200000.into())
    );
    assert!(
        changes
            .iter()
            .any(|c| c["year"] == 2028 && c["kind"] == "added")
    );
    assert_eq!(doc["summary"]["old"], "HEAD:conventions/crpc");

    // From inside the folder, PATH defaults to `.`; a single file works too.
    let o = convgen(&repo.join("conventions/crpc"), &["diff", "--rev", "HEAD"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = convgen(
        &repo.join("conventions/crpc"),
        &["diff", "--rev", "HEAD", "annexes/2026.toml"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    insta::assert_snapshot!("rev_file_text", stdout(&o));
    // From the repository root, every convention below is compared.
    let o = convgen(repo, &["diff", "--rev", "HEAD", "--exit-zero"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("annexe 2026 — conventions/crpc"));

    let o = convgen(repo, &["diff", "--rev", "nope", "conventions/crpc"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("révision git inconnue"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn syntax_error_exits_2_with_the_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("2026.toml");
    std::fs::write(&bad, "[annex]\nconvention = \"x\"\nyear = \n").unwrap();
    let o = convgen(&root(), &["diff", &annex(2025), bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert!(
        err.contains("syntax") && err.contains("TOML invalide"),
        "{err}"
    );

    // A schema error too (unknown key).
    std::fs::write(&bad, "[annex]\nconvention = \"x\"\nyear = 2026\nyaer = 1\n").unwrap();
    let o = convgen(&root(), &["diff", &annex(2025), bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("schema"), "{}", stderr(&o));
}

#[test]
fn mismatched_kinds_exit_2() {
    let o = convgen(
        &root(),
        &["diff", &annex(2025), &format!("{CRPC}/convention.toml")],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("une annexe annuelle mais") && err.contains("une convention"),
        "{err}"
    );

    let o = convgen(&root(), &["diff", &annex(2025), CRPC]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("pas de même nature"));

    let o = convgen(&root(), &["diff", &annex(2025), "missing.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("introuvable"));
}

#[test]
fn exit_zero_keeps_the_report() {
    let o = convgen(
        &root(),
        &["diff", "--exit-zero", &annex(2025), &annex(2026)],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("différences"));
}

#[test]
fn conventions_text() {
    let dir = tempfile::tempdir().unwrap();
    let conv = std::fs::read_to_string(root().join(CRPC).join("convention.toml")).unwrap();
    let changed = conv.replacen("title = \"", "title = \"Avenant | *1* — ", 1);
    let path = dir.path().join("convention.toml");
    std::fs::write(&path, changed).unwrap();
    let old = format!("{CRPC}/convention.toml");
    let o = convgen(
        &root(),
        &["diff", "--format", "markdown", &old, path.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Avenant \\| \\*1\\*"), "{out}");
}
