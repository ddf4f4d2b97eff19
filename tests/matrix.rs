//! End-to-end tests of `convgen matrix` and `convgen render --matrix`: the real binary on the
//! examples and on every broken fixture, whose matrix must mark missing exactly what
//! `convgen check` flags.

mod common;
use common::{convgen, stderr, stdout};

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const CRPC: &str = "examples/crpc-centre-val-de-loire-2025";

fn matrix_in(dir: &Path, args: &[&str]) -> Output {
    convgen()
        .current_dir(dir)
        .arg("matrix")
        .args(args)
        .output()
        .unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

#[test]
fn the_crpc_example_meets_every_requirement_with_a_location() {
    let out = matrix_in(&root(), &[CRPC, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = json(&out);
    let conventions = doc["conventions"].as_array().unwrap();
    assert_eq!(conventions.len(), 1);
    let c = &conventions[0];
    assert_eq!(c["id"], "crpc-centre-val-de-loire-2025");
    assert_eq!(c["regime"], "plein-emploi-2024");
    let reqs = c["requirements"].as_array().unwrap();
    assert!(reqs.len() > 60, "{}", reqs.len());
    let mut ids = BTreeSet::new();
    for r in reqs {
        // The documented shape, on every requirement.
        for key in ["id", "source", "status", "signatory", "where"] {
            assert!(r.get(key).is_some(), "no `{key}` in {r}");
        }
        assert!(r["signatory"].is_null() || r["signatory"].is_string());
        assert!(!r["source"].as_str().unwrap().is_empty());
        ids.insert(r["id"].as_str().unwrap().to_string());
        match r["status"].as_str().unwrap() {
            "met" => {
                let places = r["where"].as_array().unwrap();
                assert!(!places.is_empty(), "met without a place: {r}");
                for w in places {
                    assert!(w["file"].as_str().unwrap().starts_with(CRPC), "{w}");
                    assert!(w["line"].as_u64().unwrap() >= 1, "{w}");
                    assert!(w["article"].is_string(), "no article: {r}");
                }
            }
            // Items 2° and 3° « le cas échéant » and the plans de convergence (outre-mer).
            "not-applicable" => assert!(r["reason"].is_string(), "{r}"),
            other => panic!("{other}: {r}"),
        }
    }
    for id in [
        "base-legale",
        "signataire:region",
        "signataire:plie",
        "item-1",
        "item-4",
        "plan-coordination",
        "visa:strategie-coordonnee",
        "visa:srdeii",
        "visa:convention-tripartite",
        "visa:plan-convergence",
        "avis",
        "duree-pluriannuelle",
        "duree-3-ans",
        "annexe:2027",
    ] {
        assert!(ids.contains(id), "no requirement `{id}`");
    }
    // Item 4° of every signatory is met, among others, by the evaluation arrangements of
    // Titre IV.
    let item4: Vec<&Value> = reqs.iter().filter(|r| r["id"] == "item-4").collect();
    assert_eq!(item4.len(), 7);
    assert!(item4.iter().all(|r| {
        r["where"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["article"] == "Titre IV, IV-2")
    }));
}

#[test]
fn each_format_of_the_crpc_example() {
    for format in ["text", "markdown", "json"] {
        let out = matrix_in(&root(), &[CRPC, "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        insta::assert_snapshot!(format!("matrix_crpc_example_{format}"), stdout(&out));
    }
    // Text is the default.
    let default = stdout(&matrix_in(&root(), &[CRPC]));
    assert_eq!(
        default,
        stdout(&matrix_in(&root(), &[CRPC, "--format", "text"]))
    );
}

#[test]
fn partnership_and_spro_conventions_get_the_rules_that_apply_to_them() {
    let out = matrix_in(&root(), &["examples", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let doc = json(&out);
    let by_id = |id: &str| -> Vec<String> {
        doc["conventions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    let spro = by_id("spro-normandie-2025");
    assert!(spro.contains(&"clause:litiges".to_string()), "{spro:?}");
    assert!(
        !spro
            .iter()
            .any(|r| r.starts_with("item-") || r.starts_with("signataire:"))
    );
    let partnership = by_id("partenariat-occitanie-france-travail-2025");
    assert!(partnership.contains(&"clause:duree".to_string()));
    assert!(!partnership.contains(&"clause:litiges".to_string()));
    let statuses: BTreeSet<&str> = doc["conventions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["requirements"].as_array().unwrap())
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert!(!statuses.contains("missing"), "the examples check clean");
}

/// The rules the matrix stands for: each requirement names one of them.
const MAPPED: &[&str] = &[
    "no-legal-basis",
    "signatory-missing",
    "axis-uncovered",
    "coordination-plan",
    "visa-missing",
    "opinion-missing",
    "duration",
    "indicator-missing",
    "means-missing",
    "target-missing",
    "annex-missing",
    "regime-name",
    "signature",
    "representative",
    "clause-missing",
];

/// Rules whose every finding is one missing requirement.
const ONE_TO_ONE: &[&str] = &[
    "no-legal-basis",
    "coordination-plan",
    "visa-missing",
    "opinion-missing",
    "indicator-missing",
    "annex-missing",
    "signature",
    "representative",
    "clause-missing",
];

/// The `` `id` `` a finding names first.
fn first_id(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

/// Compares the matrix with the findings of one repository; returns whether a matrix was
/// built (the convention decoded).
fn matrix_matches_check(dir: &Path) -> bool {
    let check = convgen()
        .current_dir(dir)
        .args(["check", "conventions", "--format", "json"])
        .output()
        .unwrap();
    let findings: Vec<Value> = json(&check)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| MAPPED.contains(&d["code"].as_str().unwrap()))
        // Before signature, a blank « Fait à …, le … » is an information of `signature` and
        // « sans objet » in the matrix: the place and date are not due yet.
        .filter(|d| !(d["code"] == "signature" && d["severity"] == "info"))
        .cloned()
        .collect();
    let out = matrix_in(dir, &["conventions", "--format", "json"]);
    let doc = json(&out);
    let conventions = doc["conventions"].as_array().unwrap();
    if conventions.is_empty() {
        assert_eq!(out.status.code(), Some(1), "{}", dir.display());
        assert!(stderr(&out).contains("sans tableau"), "{}", stderr(&out));
        return false;
    }
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}: {}",
        dir.display(),
        stderr(&out)
    );
    let missing: Vec<&Value> = conventions
        .iter()
        .flat_map(|c| c["requirements"].as_array().unwrap())
        .filter(|r| r["status"] == "missing")
        .collect();
    let flagged: BTreeSet<&str> = findings
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    let marked: BTreeSet<&str> = missing
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert_eq!(marked, flagged, "{}", dir.display());
    for code in ONE_TO_ONE {
        let n = findings.iter().filter(|d| d["code"] == *code).count();
        let m = missing.iter().filter(|r| r["rule"] == *code).count();
        assert_eq!(m, n, "{}: `{code}`", dir.display());
    }
    // Items: the signatories the rule names are those the matrix marks.
    let named: BTreeSet<&str> = findings
        .iter()
        .filter(|d| d["code"] == "axis-uncovered")
        .filter_map(|d| first_id(d["message"].as_str().unwrap()))
        .filter(|id| {
            ![
                "spro",
                "sprf",
                "evaluation",
                "mobilisation",
                "diagnostic",
                "transverse",
            ]
            .contains(id)
        })
        .collect();
    let rows: BTreeSet<&str> = missing
        .iter()
        .filter(|r| r["rule"] == "axis-uncovered")
        .filter_map(|r| r["signatory"].as_str())
        .collect();
    assert!(
        named.is_subset(&rows),
        "{}: {named:?} ⊄ {rows:?}",
        dir.display()
    );
    true
}

#[test]
fn on_every_fixture_the_matrix_marks_exactly_what_the_rules_flag() {
    let mut compared = 0;
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(root().join("tests/fixtures/rules")).unwrap() {
        let dir = entry.unwrap().path();
        dirs.push(dir.join("fail"));
        dirs.push(dir.join("pass"));
    }
    for entry in std::fs::read_dir(root().join("tests/fixtures/law")).unwrap() {
        dirs.push(entry.unwrap().path());
    }
    dirs.sort();
    for dir in &dirs {
        if matrix_matches_check(dir) {
            compared += 1;
        }
    }
    assert!(compared >= 55, "only {compared} matrices compared");
}

#[test]
fn a_broken_crpc_in_each_format() {
    let dir = root().join("tests/fixtures/law/crpc-2015-08-09");
    for format in ["text", "markdown"] {
        let out = matrix_in(&dir, &["conventions", "--format", format]);
        assert_eq!(out.status.code(), Some(0));
        insta::assert_snapshot!(format!("matrix_crpc_2015_08_09_{format}"), stdout(&out));
    }
    let doc = json(&matrix_in(&dir, &["conventions", "--format", "json"]));
    let missing: Vec<String> = doc["conventions"][0]["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "missing")
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        missing,
        [
            "signataire:maisons-emploi",
            "signataire:plie",
            "plan-coordination",
            "visa:strategie-coordonnee",
            "visa:srdeii"
        ]
    );
}

#[test]
fn unreadable_conventions_and_bad_paths() {
    let dir = root().join("tests/fixtures/rules/syntax/fail");
    let out = matrix_in(&dir, &["conventions"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("sans tableau : conventions/syntax/convention.toml"),
        "{}",
        stderr(&out)
    );
    let out = matrix_in(&root(), &["does-not-exist"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("chemin introuvable"));
    let out = matrix_in(&root(), &[CRPC, "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
}

fn render(args: &[&str], out: &Path) -> Output {
    convgen()
        .current_dir(root())
        .args(["render", CRPC, "--out"])
        .arg(out)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn render_matrix_adds_the_conformity_table_as_the_last_annex() {
    let tmp = tempfile::tempdir().unwrap();
    let with = tmp.path().join("with");
    let out = render(&["--format", "md", "--matrix"], &with);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = std::fs::read_to_string(with.join("crpc-centre-val-de-loire-2025.md")).unwrap();
    let last = md.lines().rfind(|l| l.starts_with("## ")).unwrap();
    assert_eq!(last, "## Annexe 5 – Tableau de conformité");
    assert!(md.find("## Annexe 4 – Année 2027").unwrap() < md.find(last).unwrap());
    assert!(md.contains(
        "| Plan de coordination des outils du service public de l’emploi, avec ses outils | article L.\u{a0}6123-4 du code du travail, dernier alinéa | Satisfaite | Titre III |"
    ), "{md}");
    // Listed with the other annexes, which this example lists after the signatures.
    assert!(md.contains("- Annexe 4 – Année 2027\n- Annexe 5 – Tableau de conformité\n"));
    let without = tmp.path().join("without");
    assert_eq!(render(&["--format", "md"], &without).status.code(), Some(0));
    let plain = std::fs::read_to_string(without.join("crpc-centre-val-de-loire-2025.md")).unwrap();
    assert!(!plain.contains("Tableau de conformité"));
    // The table is appended: without it and its line in the list, the document is unchanged.
    let footer = plain.rfind("\n---\n").unwrap();
    let unlisted = md.replacen("- Annexe 5 – Tableau de conformité\n", "", 1);
    assert!(unlisted.starts_with(&plain[..footer]));

    let Some(typst) = common::typst() else { return };
    let pdf_dir = tmp.path().join("pdf");
    let out = render(
        &[
            "--format",
            "pdf",
            "--matrix",
            "--typst",
            typst.to_str().unwrap(),
        ],
        &pdf_dir,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::process::Command::new("pdftotext")
        .arg(pdf_dir.join("crpc-centre-val-de-loire-2025.pdf"))
        .arg("-")
        .output();
    let Ok(text) = text else {
        eprintln!("SKIPPED: pdftotext not found");
        return;
    };
    let text = String::from_utf8_lossy(&text.stdout);
    // Listed after the signatures, then the heading of the last annex.
    let table = text
        .rfind("Annexe 5 – Tableau de conformité")
        .expect("the table in the PDF");
    let annual = text
        .match_indices("Annexe 4 – Année 2027")
        .nth(1)
        .unwrap()
        .0;
    assert!(annual < table);
    assert!(text[table..].contains("Titre III"));
}
