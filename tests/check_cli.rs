//! End-to-end tests of `convgen check`, `rules` and `explain`: the real binary on fixture files.

mod common;
use common::{convgen, copy_dir, stderr, stdout};

use std::path::{Path, PathBuf};
use std::process::Output;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Runs `convgen check ARGS` in `dir`.
fn check_in(dir: &Path, args: &[&str]) -> Output {
    convgen()
        .current_dir(dir)
        .arg("check")
        .args(args)
        .arg("--color")
        .arg("never")
        .output()
        .unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

fn codes(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn rule_codes() -> Vec<String> {
    let out = convgen()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_string())
        .collect()
}

/// Every rule has a fixture that triggers it and a near miss that does not, and the human
/// and JSON reports of the failing one are snapshotted.
#[test]
fn every_rule_has_a_failing_and_a_passing_fixture() {
    for code in rule_codes() {
        if code == "io" {
            continue; // made at run time: see `unreadable_and_oversized_files`
        }
        let dir = fixtures().join("rules").join(&code);
        assert!(
            dir.join("fail").is_dir() && dir.join("pass").is_dir(),
            "no fixtures for rule `{code}`"
        );

        let fail = check_in(&dir.join("fail"), &["conventions", "--format", "json"]);
        let report = json(&fail);
        assert!(
            codes(&report).contains(&code),
            "`{code}` not triggered: {}",
            stdout(&fail)
        );
        let errors = report["summary"]["errors"].as_u64().unwrap();
        assert_eq!(
            fail.status.code(),
            Some(if errors > 0 { 1 } else { 0 }),
            "{code}"
        );
        insta::assert_snapshot!(format!("{code}_json"), stdout(&fail));

        let human = check_in(&dir.join("fail"), &["conventions"]);
        assert_eq!(human.status.code(), fail.status.code());
        insta::assert_snapshot!(format!("{code}_human"), stdout(&human));

        let pass = check_in(&dir.join("pass"), &["conventions", "--format", "json"]);
        let report = json(&pass);
        assert!(
            !codes(&report).contains(&code),
            "`{code}` triggered by its passing fixture: {}",
            stdout(&pass)
        );
        assert_eq!(pass.status.code(), Some(0), "{code}: {}", stdout(&pass));
    }
}

#[test]
fn examples_are_clean() {
    let out = check_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["examples", "--deny", "warnings"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // The one information: the SPRO convention is final, its place and date of signature left
    // blank to fill by hand.
    let out = stdout(&out);
    assert!(
        out.contains("✓ 0 erreur, 0 avertissement, 1 information — 3 conventions, 6 fichiers"),
        "{out}"
    );
    assert!(out.contains("spro-normandie-2025/convention.toml"), "{out}");
}

#[test]
fn json_shape_is_the_contract() {
    let dir = fixtures().join("rules/signatory-missing/fail");
    let report = json(&check_in(&dir, &["conventions", "--format", "json"]));
    let d = &report["diagnostics"][0];
    assert_eq!(d["code"], "signatory-missing");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "conventions/signatory-missing/convention.toml");
    assert_eq!(d["line"], 2);
    assert_eq!(d["column"], 1);
    assert_eq!(d["span"]["offset"], 52);
    assert_eq!(d["span"]["length"], 12);
    assert_eq!(d["reference"], "code-travail:L6123-4");
    assert!(d["help"].as_str().unwrap().contains("absent_roles"));
    assert_eq!(
        report["summary"],
        serde_json::json!({"errors": 1, "warnings": 0, "infos": 0, "conventions": 1, "files": 4})
    );
}

#[test]
fn short_sarif_and_github_formats() {
    let dir = fixtures().join("rules/unknown-reference/fail");
    let short = stdout(&check_in(&dir, &["conventions", "--format", "short"]));
    insta::assert_snapshot!("unknown_reference_short", short);

    let sarif = check_in(&dir, &["conventions", "--format", "sarif"]);
    assert_eq!(sarif.status.code(), Some(1));
    let sarif = json(&sarif);
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), rule_codes().len(), "one SARIF rule per code");
    let axis = rules.iter().find(|r| r["id"] == "axis-uncovered").unwrap();
    assert!(
        axis["helpUri"]
            .as_str()
            .unwrap()
            .starts_with("https://www.legifrance.gouv.fr/")
    );
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    let first = &results[0];
    let index = first["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], first["ruleId"]);
    let region = &first["locations"][0]["physicalLocation"]["region"];
    assert!(region["startLine"].as_u64().unwrap() >= 1 && region["byteLength"].as_u64().is_some());

    let github = stdout(&check_in(&dir, &["conventions", "--format", "github"]));
    insta::assert_snapshot!("unknown_reference_github", github);
    assert!(github.lines().any(|l| {
        l.starts_with("::error file=conventions/unknown-reference/convention.toml,line=")
    }));
    assert!(github.lines().any(|l| l.starts_with("::warning ")));
}

#[test]
fn deny_warnings_turns_warnings_into_failure() {
    let dir = fixtures().join("rules/means-missing/fail");
    assert_eq!(check_in(&dir, &["conventions"]).status.code(), Some(0));
    assert_eq!(
        check_in(&dir, &["conventions", "--deny", "warnings"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn a_single_annex_file_reports_on_that_file_only() {
    let dir = fixtures().join("rules/means-missing/fail");
    let out = check_in(
        &dir,
        &[
            "conventions/means-missing/annexes/2026.toml",
            "--format",
            "json",
        ],
    );
    assert_eq!(json(&out)["diagnostics"].as_array().unwrap().len(), 0);
    let out = check_in(
        &dir,
        &[
            "conventions/means-missing/annexes/2025.toml",
            "--format",
            "json",
        ],
    );
    assert_eq!(codes(&json(&out)), ["means-missing"]);
    // A convention folder or its convention.toml checks the whole folder.
    let out = check_in(
        &dir,
        &[
            "conventions/means-missing/convention.toml",
            "--format",
            "json",
        ],
    );
    assert_eq!(codes(&json(&out)), ["means-missing"]);
}

#[test]
fn unusable_paths_exit_2() {
    let out = check_in(&fixtures(), &["does-not-exist"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("chemin introuvable : does-not-exist"));
    let empty = tempfile::tempdir().unwrap();
    let out = check_in(empty.path(), &["."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("aucune convention"));
    let out = convgen()
        .args(["check", "--format", "xml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Copies a fixture repository into a temporary folder.
fn copy_fixture(rel: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join(rel), tmp.path());
    tmp
}

#[test]
fn bad_bytes_never_panic() {
    let cases: &[(&str, &[u8], &str)] = &[
        ("empty", b"", "clé obligatoire `convention` absente"),
        ("non-utf8", b"[convention]\nid = \"\xff\xfe\"\n", "n'est pas encodé en UTF-8"),
        ("nul", b"[convention]\nid = \"a\0b\"\n", "TOML invalide"),
        ("truncated", b"[convention]\nid = \"crpc", "TOML invalide"),
        ("duplicate-table", b"[convention]\nid = \"a\"\n[convention]\nid = \"b\"\n", "TOML invalide"),
        ("nan", b"[annex]\nconvention = \"x\"\nyear = 2025\n[[means]]\nobjective = \"o\"\nsignatory = \"s\"\netp = nan\n", "nombre fini"),
        ("negative", b"[annex]\nconvention = \"x\"\nyear = 2025\n[[means]]\nobjective = \"o\"\nsignatory = \"s\"\netp = -1\n", "négatif"),
        ("bad-date", b"[convention]\nstart = 2025-02-30\n", "TOML invalide"),
        ("datetime", b"[convention]\nstart = 2025-02-03T10:00:00\n", "date seule"),
        ("deep", &[b'['; 5000], "TOML invalide"),
    ];
    for (name, bytes, expected) in cases {
        let tmp = copy_fixture("base");
        let target = if bytes.starts_with(b"[annex]") {
            "crpc-minimal/annexes/2025.toml"
        } else {
            "crpc-minimal/convention.toml"
        };
        std::fs::write(tmp.path().join(target), bytes).unwrap();
        let out = check_in(tmp.path(), &[".", "--format", "short"]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stdout(&out));
        assert!(stdout(&out).contains(expected), "{name}: {}", stdout(&out));
        assert!(stderr(&out).is_empty(), "{name}: {}", stderr(&out));
    }
}

#[test]
fn bom_and_crlf_are_accepted() {
    let tmp = copy_fixture("base");
    let path = tmp.path().join("crpc-minimal/convention.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace('\n', "\r\n");
    std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
    let out = check_in(tmp.path(), &["."]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn unreadable_and_oversized_files() {
    let tmp = copy_fixture("base");
    let big = std::fs::File::create(tmp.path().join("crpc-minimal/annexes/2026.toml")).unwrap();
    big.set_len(9 * 1024 * 1024).unwrap();
    let out = check_in(tmp.path(), &[".", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    assert_eq!(codes(&report), ["io"]);
    let d = &report["diagnostics"][0];
    assert!(d["message"].as_str().unwrap().contains("trop volumineux"));
    assert_eq!(d["line"], serde_json::Value::Null);
    assert_eq!(d["file"], "crpc-minimal/annexes/2026.toml");
}

#[test]
fn explain_known_and_unknown_codes() {
    let out = convgen()
        .args(["explain", "axis-uncovered"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("explain_axis_uncovered", stdout(&out));
    let out = convgen()
        .args(["explain", "axis-uncoverd"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("vouliez-vous dire `axis-uncovered`"));
    assert!(stderr(&out).contains("signatory-missing"));
}

#[test]
fn recommendations_are_never_cited_as_law() {
    // `explain`: a recommendation of the CNEFOP is named so, and has no « Base légale ».
    let out = convgen()
        .args(["explain", "indicator-missing"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains(
            "Recommandation du CNEFOP (pas une obligation légale) : au moins un indicateur"
        ),
        "{text}"
    );
    assert!(!text.contains("Base légale"), "{text}");
    assert!(!text.contains("legifrance"), "{text}");
    // A rule with both: the law, then the recommendation.
    let text = stdout(&convgen().args(["explain", "duration"]).output().unwrap());
    let law = text.find("Base légale : article L. 6123-4").unwrap();
    let recommendation = text.find("Recommandation du CNEFOP").unwrap();
    assert!(law < recommendation, "{text}");

    // SARIF: helpUri only for a legal basis; the recommendation in the properties.
    let dir = fixtures().join("rules/indicator-missing/fail");
    let sarif = json(&check_in(&dir, &["conventions", "--format", "sarif"]));
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let rule = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap().clone();
    let indicator = rule("indicator-missing");
    assert!(indicator.get("helpUri").is_none(), "{indicator}");
    assert!(indicator["properties"]["recommendation"].is_string());
    assert!(indicator["properties"].get("reference").is_none());
    let annex = rule("annex-missing");
    assert!(annex.get("helpUri").is_none() && annex["properties"]["recommendation"].is_string());
    let signatory = rule("signatory-missing");
    assert!(signatory["helpUri"].is_string());
    assert_eq!(signatory["properties"]["reference"], "code-travail:L6123-4");

    // `rules --format json`: both fields, apart.
    let out = convgen()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entry = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "means-missing")
        .unwrap();
    assert!(entry["reference"].is_null() && entry["url"].is_null());
    assert!(
        entry["recommendation"]
            .as_str()
            .unwrap()
            .contains("annexes annuelles")
    );

    // The human report of a finding resting on a recommendation.
    let human = stdout(&check_in(&dir, &["conventions"]));
    assert!(
        human.contains("recommandation du CNEFOP : au moins un indicateur"),
        "{human}"
    );
    assert!(!human.contains("base légale"), "{human}");
}

#[test]
fn rules_catalogue_matches_the_readme() {
    let out = convgen()
        .args(["rules", "--format", "markdown"])
        .output()
        .unwrap();
    let table = stdout(&out);
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("<!-- rules:start -->\n")
        .expect("README rule table start marker")
        + "<!-- rules:start -->\n".len();
    let end = readme
        .find("<!-- rules:end -->")
        .expect("README rule table end marker");
    assert_eq!(
        &readme[start..end],
        table,
        "README rule table is stale: run `convgen rules --format markdown`"
    );
    let text = stdout(&convgen().arg("rules").output().unwrap());
    assert!(text.lines().count() == rule_codes().len());
}

#[test]
fn color_is_off_without_a_terminal_and_on_when_asked() {
    let dir = fixtures().join("rules/coordination-plan/fail");
    let plain = convgen()
        .env_remove("NO_COLOR")
        .current_dir(&dir)
        .args(["check", "conventions"])
        .output()
        .unwrap();
    assert!(!stdout(&plain).contains('\u{1b}'));
    let colored = convgen()
        .current_dir(&dir)
        .args(["check", "conventions", "--color", "always"])
        .output()
        .unwrap();
    assert!(stdout(&colored).contains('\u{1b}'));
}
