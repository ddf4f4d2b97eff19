//! End-to-end tests of `convgen init`: skeletons that check without syntax or schema error,
//! list what remains to fill, carry the `#:schema` directive, and never overwrite a file.

mod common;
use common::{convgen, stderr, stdout};

use std::path::Path;
use std::process::Output;

use serde_json::Value;

fn init(cwd: &Path, args: &[&str]) -> Output {
    convgen()
        .current_dir(cwd)
        .arg("init")
        .args(args)
        .output()
        .unwrap()
}

fn check_json(cwd: &Path, path: &str) -> (Output, Value) {
    let out = convgen()
        .current_dir(cwd)
        .args(["check", path, "--format", "json"])
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(&out)));
    (out, report)
}

fn codes(report: &Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// Files below `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy();
                out.push(rel.replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn crpc_skeleton_checks_and_lists_what_remains() {
    let tmp = tempfile::tempdir().unwrap();
    let out = init(
        tmp.path(),
        &[
            "conventions/crpc-grand-est-2026",
            "--kind",
            "crpc",
            "--region",
            "Grand Est",
            "--start",
            "2026-01-01",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("convgen check conventions/crpc-grand-est-2026"));
    assert_eq!(
        files(tmp.path()),
        [
            "conventions/crpc-grand-est-2026/annexes/2026.toml",
            "conventions/crpc-grand-est-2026/annexes/2027.toml",
            "conventions/crpc-grand-est-2026/annexes/2028.toml",
            "conventions/crpc-grand-est-2026/convention.toml",
            "schemas/annex.schema.json",
            "schemas/convention.schema.json",
        ]
    );
    let conv = std::fs::read_to_string(
        tmp.path()
            .join("conventions/crpc-grand-est-2026/convention.toml"),
    )
    .unwrap();
    assert!(conv.starts_with("#:schema ../../schemas/convention.schema.json\n"));
    assert!(conv.contains("id = \"crpc-grand-est-2026\""));
    assert!(conv.contains("end = 2028-12-31"));
    // The 2024 regime: France Travail and the comité régional pour l'emploi.
    assert!(conv.contains("role = \"france-travail\""));
    let annex = std::fs::read_to_string(
        tmp.path()
            .join("conventions/crpc-grand-est-2026/annexes/2027.toml"),
    )
    .unwrap();
    assert!(annex.starts_with("#:schema ../../../schemas/annex.schema.json\n"));

    let (out, report) = check_json(tmp.path(), "conventions");
    let codes = codes(&report);
    assert!(
        !codes.iter().any(|c| c == "syntax" || c == "schema"),
        "{codes:?}"
    );
    for expected in [
        "placeholder",
        "means-missing",
        "target-missing",
        "signature",
        "opinion-missing",
    ] {
        assert!(codes.iter().any(|c| c == expected), "{expected}: {codes:?}");
    }
    // Every structural and legal rule of the CRPC is satisfied by the structure itself.
    for absent in [
        "signatory-missing",
        "axis-uncovered",
        "coordination-plan",
        "visa-missing",
        "duration",
        "annex-missing",
        "unknown-reference",
        "representative",
    ] {
        assert!(!codes.iter().any(|c| c == absent), "{absent}: {codes:?}");
    }
    // Each finding says how to fix it.
    for d in report["diagnostics"].as_array().unwrap() {
        assert!(d["help"].as_str().is_some_and(|h| !h.is_empty()), "{d}");
    }
    // A draft: what remains is warnings (exit 0) …
    assert_eq!(out.status.code(), Some(0));
    // … that fail the run with --deny warnings, and become errors once final.
    let strict = convgen()
        .current_dir(tmp.path())
        .args([
            "check",
            "conventions",
            "--deny",
            "warnings",
            "--format",
            "short",
        ])
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
    let path = tmp
        .path()
        .join("conventions/crpc-grand-est-2026/convention.toml");
    std::fs::write(
        &path,
        conv.replace("status = \"draft\"", "status = \"final\""),
    )
    .unwrap();
    let (out, report) = check_json(tmp.path(), "conventions");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "placeholder" && d["severity"] == "error")
    );
}

#[test]
fn partenariat_and_spro_skeletons_have_no_schema_error() {
    for kind in ["partenariat", "spro"] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = format!("{kind}-bretagne");
        let out = init(
            tmp.path(),
            &[
                &dir,
                "--kind",
                kind,
                "--start",
                "2025-07-01",
                "--years",
                "2",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        // A period from July to June covers three calendar years.
        let annexes: Vec<String> = files(&tmp.path().join(&dir))
            .into_iter()
            .filter(|f| f.starts_with("annexes/"))
            .collect();
        assert_eq!(
            annexes,
            [
                "annexes/2025.toml",
                "annexes/2026.toml",
                "annexes/2027.toml"
            ]
        );
        let (out, report) = check_json(tmp.path(), &dir);
        let codes = codes(&report);
        assert!(
            !codes
                .iter()
                .any(|c| c == "syntax" || c == "schema" || c == "clause-missing"),
            "{kind}: {codes:?}"
        );
        assert!(
            codes.iter().any(|c| c == "placeholder"),
            "{kind}: {codes:?}"
        );
        assert_eq!(out.status.code(), Some(0), "{kind}: {}", stdout(&out));
        let conv = std::fs::read_to_string(tmp.path().join(&dir).join("convention.toml")).unwrap();
        assert_eq!(
            conv.matches("clause = \"duree\"").count()
                + conv.matches("clause = \"modification\"").count()
                + conv.matches("clause = \"resiliation\"").count()
                + conv.matches("clause = \"litiges\"").count(),
            4,
            "{kind}"
        );
        // The directive sits on the first line, relative to the file.
        assert!(conv.starts_with("#:schema ../schemas/convention.schema.json\n"));
        assert!(tmp.path().join("schemas/convention.schema.json").is_file());
    }
}

#[test]
fn refuses_to_overwrite_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("crpc-x");
    std::fs::create_dir_all(dir.join("annexes")).unwrap();
    std::fs::write(dir.join("annexes/2027.toml"), "# mine\n").unwrap();
    let out = init(
        tmp.path(),
        &["crpc-x", "--kind", "crpc", "--start", "2026-01-01"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("existent déjà"), "{err}");
    assert!(err.contains("crpc-x/annexes/2027.toml"), "{err}");
    assert!(err.contains("aucun fichier n'a été écrit"), "{err}");
    assert_eq!(files(tmp.path()), ["crpc-x/annexes/2027.toml"]);
    assert_eq!(
        std::fs::read_to_string(dir.join("annexes/2027.toml")).unwrap(),
        "# mine\n"
    );

    // A second init of the same folder is refused too.
    let ok = init(
        tmp.path(),
        &["crpc-y", "--kind", "crpc", "--start", "2026-01-01"],
    );
    assert_eq!(ok.status.code(), Some(0));
    let before = files(tmp.path());
    let again = init(
        tmp.path(),
        &["crpc-y", "--kind", "spro", "--start", "2026-01-01"],
    );
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(files(tmp.path()), before);
}

#[test]
fn hostile_region_gives_valid_toml() {
    let tmp = tempfile::tempdir().unwrap();
    let region = "Provence-Alpes-Côte d'Azur \"PACA\" \\ \n# [convention]";
    let out = init(
        tmp.path(),
        &[
            "crpc-paca",
            "--kind",
            "crpc",
            "--region",
            region,
            "--start",
            "2026-01-01",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(tmp.path().join("crpc-paca/convention.toml")).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap();
    assert_eq!(table["convention"]["region"].as_str(), Some(region));
    let (_, report) = check_json(tmp.path(), "crpc-paca");
    let codes = codes(&report);
    assert!(
        !codes.iter().any(|c| c == "syntax" || c == "schema"),
        "{codes:?}"
    );
}

#[test]
fn bad_arguments_are_explained() {
    let tmp = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 4] = [
        (
            &["crpc-x", "--kind", "crpc", "--start", "2026-02-30"],
            "n'existe pas",
        ),
        (
            &["crpc-x", "--kind", "crpc", "--start", "01/01/2026"],
            "AAAA-MM-JJ",
        ),
        (&["crpc x", "--kind", "crpc"], "identifiant"),
        (&["crpc-x", "--kind", "crpc", "--years", "0"], "years"),
    ];
    for (args, expected) in cases {
        let out = init(tmp.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains(expected),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert!(files(tmp.path()).is_empty());
}

#[test]
fn default_start_is_next_first_of_january() {
    let tmp = tempfile::tempdir().unwrap();
    let out = init(tmp.path(), &["crpc-x", "--kind", "crpc"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(tmp.path().join("crpc-x/convention.toml")).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap();
    let start = table["convention"]["start"].as_datetime().unwrap();
    let date = start.date.unwrap();
    assert_eq!((date.month, date.day), (1, 1));
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    // Years since 1970, roughly: the start is next year.
    let this_year = 1970 + (secs / 31_556_952) as u16;
    assert!(
        date.year == this_year + 1 || date.year == this_year,
        "{date:?}"
    );
}

#[test]
fn skeletons_validate_against_the_committed_schemas() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let load = |name: &str| {
        let text = std::fs::read_to_string(root.join("schemas").join(name)).unwrap();
        let schema: Value = serde_json::from_str(&text).unwrap();
        jsonschema::validator_for(&schema).unwrap()
    };
    let (convention, annex) = (load("convention.schema.json"), load("annex.schema.json"));
    for kind in ["crpc", "partenariat", "spro"] {
        let tmp = tempfile::tempdir().unwrap();
        let out = init(tmp.path(), &["c", "--kind", kind, "--start", "2026-01-01"]);
        assert_eq!(out.status.code(), Some(0));
        for f in files(&tmp.path().join("c")) {
            let text = std::fs::read_to_string(tmp.path().join("c").join(&f)).unwrap();
            let table: toml::Table = toml::from_str(&text).unwrap();
            let json = common::toml_to_json(&toml::Value::Table(table));
            let v = if f.starts_with("annexes/") {
                &annex
            } else {
                &convention
            };
            let errors: Vec<String> = v.iter_errors(&json).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{kind} {f}: {errors:?}");
        }
    }
}

#[test]
fn init_in_the_current_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("spro-normandie-2027");
    std::fs::create_dir(&dir).unwrap();
    let out = init(&dir, &[".", "--kind", "spro", "--start", "2027-01-01"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let conv = std::fs::read_to_string(dir.join("convention.toml")).unwrap();
    assert!(conv.starts_with("#:schema ./schemas/convention.schema.json\n"));
    assert!(conv.contains("id = \"spro-normandie-2027\""));
    let annex = std::fs::read_to_string(dir.join("annexes/2027.toml")).unwrap();
    assert!(annex.starts_with("#:schema ../schemas/annex.schema.json\n"));
    assert!(dir.join("schemas/annex.schema.json").is_file());
    let (_, report) = check_json(&dir, ".");
    assert!(
        !codes(&report)
            .iter()
            .any(|c| c == "schema" || c == "syntax")
    );
}

#[test]
fn skeletons_render_as_drafts() {
    for kind in ["crpc", "partenariat", "spro"] {
        let tmp = tempfile::tempdir().unwrap();
        let out = init(tmp.path(), &["c", "--kind", kind, "--start", "2026-01-01"]);
        assert_eq!(out.status.code(), Some(0));
        let out = convgen()
            .current_dir(tmp.path())
            .args(["render", "c", "--out", "out", "--format", "md"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{kind}: {}", stderr(&out));
        let md = std::fs::read_to_string(tmp.path().join("out/c.md")).unwrap();
        assert!(md.contains("PROJET"), "{kind}");
        assert!(md.contains("à compléter"), "{kind}");
    }
}
