//! End-to-end tests of `convgen diff` through the real binary.

mod common;
use common::{convgen_in as convgen, copy_dir, git, stderr, stdout};

use std::path::PathBuf;

const CRPC: &str = "examples/crpc-centre-val-de-loire-2025";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn annex(year: u32) -> String {
    format!("{CRPC}/annexes/{year}.toml")
}

#[test]
fn annexes_2025_2026_text() {
    let o = convgen(&root(), &["diff", &annex(2025), &annex(2026)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    // Entries named as the convention names them, in the annex's order.
    assert!(out.contains("+ Titre I – Objectif 1\u{a0}: Disposer d’un diagnostic partagé"));
    assert!(out.contains("· les missions locales  (ajout)"));
    assert!(out.contains("+10\u{202f}000\u{a0}€ (+5,56\u{a0}%)"));
    assert!(out.contains("- les missions locales · Visioconférence"));
    // Dates in French, percentages in points, units of the indicators.
    assert!(
        out.contains("adopted  14 mars 2025  →  22 janvier 2026"),
        "{out}"
    );
    assert!(out.contains("74\u{a0}%              →  76\u{a0}%              +2\u{a0}points"));
    assert!(out.contains("+20\u{202f}000\u{a0}heures (+4,65\u{a0}%)"));
    assert!(!out.contains("«\u{a0}2025-03-14"));
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
            "key": {"objective": "diag-partage", "signatory": "region"},
            "label": "Titre I – Objectif 1\u{a0}: Disposer d’un diagnostic partagé de l’emploi, de l’orientation et de la formation par bassin d’emploi · la Région",
            "field": "budget_eur",
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

const SPRO: &str = "examples/spro-normandie-2025/convention.toml";

/// The SPRO example with its object section's text made about 25 KB long, around `figure`.
fn long_article(figure: &str) -> String {
    let text = std::fs::read_to_string(root().join(SPRO)).unwrap();
    let filler =
        "Les réseaux du SPRO coordonnent leurs actions dans chaque bassin d'emploi. ".repeat(170);
    let long = format!(
        "[[sections]]\ntitle = \"OBJET DE LA CONVENTION\"\nclause = \"objet\"\ntext = \"\"\"\n{filler}\n\nLa Région finance {figure} parcours par an.\n\n{filler}\n\"\"\"\n\n[[sections]]\ntitle = \"ENGAGEMENTS DE LA RÉGION NORMANDIE\""
    );
    let start = text
        .find("[[sections]]\ntitle = \"OBJET DE LA CONVENTION\"")
        .unwrap();
    let end = text
        .find("[[sections]]\ntitle = \"ENGAGEMENTS DE LA RÉGION NORMANDIE\"")
        .unwrap();
    let end = end + "[[sections]]\ntitle = \"ENGAGEMENTS DE LA RÉGION NORMANDIE\"".len();
    format!("{}{}{}", &text[..start], long, &text[end..])
}

fn two_versions(old: &str, new: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (side, text) in [("old", old), ("new", new)] {
        std::fs::create_dir_all(dir.path().join(side)).unwrap();
        std::fs::write(dir.path().join(side).join("convention.toml"), text).unwrap();
    }
    dir
}

#[test]
fn one_word_in_a_long_article_is_a_few_lines_in_every_format() {
    let (old, new) = (long_article("11 000"), long_article("11 500"));
    assert!(old.len() > 25_000);
    let dir = two_versions(&old, &new);
    let args = ["diff", "old/convention.toml", "new/convention.toml"];
    let o = convgen(dir.path(), &args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("La Région finance [-11 000-]{+11 500+} parcours par an."),
        "{text}"
    );
    assert!(
        text.contains("~ ARTICLE 1ER – OBJET DE LA CONVENTION  text"),
        "{text}"
    );
    assert!(text.len() < 600, "{} bytes:\n{text}", text.len());
    insta::assert_snapshot!("one_word_text", text);

    let o = convgen(
        dir.path(),
        &["diff", "--format", "markdown", args[1], args[2]],
    );
    let md = stdout(&o);
    assert!(md.contains("finance ~~11 000~~ parcours"), "{md}");
    assert!(md.contains("finance **11 500** parcours"), "{md}");
    assert!(md.len() < 800, "{} bytes:\n{md}", md.len());

    let o = convgen(dir.path(), &["diff", "--format", "json", args[1], args[2]]);
    let json = stdout(&o);
    assert!(json.len() < 2_500, "{} bytes:\n{json}", json.len());
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let c = &doc["changes"][0];
    assert_eq!(c["section"], "sections");
    assert_eq!(c["label"], "ARTICLE 1ER – OBJET DE LA CONVENTION");
    assert!(c.get("old").is_none() && c.get("new").is_none(), "{c:#}");
    let ops: Vec<(&str, &str)> = c["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["op"].as_str().unwrap(), o["text"].as_str().unwrap()))
        .collect();
    assert!(ops.contains(&("delete", "11 000")), "{ops:?}");
    assert!(ops.contains(&("insert", "11 500")), "{ops:?}");
}

#[test]
fn a_renamed_article_is_one_change() {
    let old = std::fs::read_to_string(root().join(SPRO)).unwrap();
    let new = old.replace("title = \"DURÉE\"", "title = \"DURÉE DE LA CONVENTION\"");
    assert_ne!(old, new);
    let dir = two_versions(&old, &new);
    let o = convgen(dir.path(), &["diff", "--format", "json", "old", "new"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let changes = doc["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(changes[0]["kind"], "changed");
    assert_eq!(changes[0]["field"], "title");
    assert_eq!(changes[0]["old"], "DURÉE");
    assert_eq!(changes[0]["new"], "DURÉE DE LA CONVENTION");
    let o = convgen(dir.path(), &["diff", "old", "new"]);
    insta::assert_snapshot!("renamed_article_text", stdout(&o));
}
