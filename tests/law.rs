//! End-to-end tests of the legal regimes: `convgen check` on the conventions of
//! `tests/fixtures/law/<case>/`, one per date edge of the law (2014-03-06/07, 2015-08-08/09,
//! 2023-12-31/2024-01-01, 2024-06-30/07-01), Corsica, an overseas region, and the real
//! shapes the earlier rules flagged by mistake (the CNEFOP model, a SPRO convention without
//! annual annexes, a 2025 CRPC with the avis of the CREFOP, a 2013 partnership).

mod common;
use common::{convgen, stdout};

use std::path::{Path, PathBuf};

fn case_dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/law")
        .join(case)
}

/// Every case with the findings it must give, as `code:severity`, in report order.
const CASES: &[(&str, &[&str])] = &[
    ("crpc-2014-03-06", &["no-legal-basis:error"]),
    ("crpc-2014-03-07", &[]),
    ("crpc-2015-08-08", &[]),
    (
        "crpc-2015-08-09",
        &[
            "coordination-plan:error",
            "signatory-missing:error",
            "signatory-missing:error",
            "visa-missing:warning",
            "visa-missing:warning",
        ],
    ),
    ("crpc-2023-12-31", &[]),
    ("crpc-2024-01-01", &["regime-name:warning"]),
    ("crpc-2024-06-30", &["regime-name:warning"]),
    ("crpc-2024-07-01", &[]),
    ("crpc-grand-est-2025-crefop", &[]),
    ("crpc-corse", &[]),
    ("crpc-corse-sans-executif", &["signatory-missing:error"]),
    ("crpc-la-reunion", &["visa-missing:warning"]),
    ("crpc-la-reunion-plan-convergence", &[]),
    ("crpc-signature-final", &["signature:info"]),
    ("crpc-modele-cnefop", &[]),
    ("spro-bretagne-2015-sans-annexes", &[]),
    ("partenariat-pays-de-la-loire-2013", &[]),
    (
        "partenariat-2013-regime-hors-vigueur",
        &["regime-name:warning"],
    ),
];

fn check(case: &str, format: &str) -> std::process::Output {
    convgen()
        .current_dir(case_dir(case))
        .args(["check", "conventions", "--format", format])
        .output()
        .unwrap()
}

#[test]
fn every_case_gives_exactly_its_findings() {
    let on_disk: Vec<String> = std::fs::read_dir(case_dir(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for name in &on_disk {
        assert!(
            CASES.iter().any(|(c, _)| c == name),
            "tests/fixtures/law/{name} has no expectation in CASES"
        );
    }
    for (case, expected) in CASES {
        let out = check(case, "json");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let found: Vec<String> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                format!(
                    "{}:{}",
                    d["code"].as_str().unwrap(),
                    d["severity"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(found, *expected, "{case}: {}", stdout(&out));
        let errors = expected.iter().any(|e| e.ends_with(":error"));
        assert_eq!(out.status.code(), Some(i32::from(errors)), "{case}");
        let short = stdout(&check(case, "short"));
        insta::assert_snapshot!(format!("law_{case}"), short);
    }
}

#[test]
fn the_findings_speak_the_law_of_their_date() {
    let short = |case| stdout(&check(case, "short"));
    assert!(short("crpc-2014-03-06").contains("avant le 7 mars 2014"));
    assert!(short("crpc-2024-01-01").contains("est France Travail"));
    assert!(short("crpc-2024-06-30").contains("ne rend d'avis qu'à compter du 1er juillet 2024"));
    assert!(
        short("crpc-corse-sans-executif").contains("le président du conseil exécutif de Corse")
    );
    assert!(short("crpc-la-reunion").contains("plan de convergence"));
    assert!(short("crpc-signature-final").contains("restent à porter à la main"));
}

#[test]
fn the_cprdfp_keeps_its_name_in_the_rendered_visas() {
    // A SPRO convention of 2015 cites the CPRDFP signed in 2012: its visa is worded after the
    // act's own date, before the loi du 5 mars 2014 renamed the contract.
    let tmp = tempfile::tempdir().unwrap();
    let out = convgen()
        .current_dir(case_dir("spro-bretagne-2015-sans-annexes"))
        .args(["render", "conventions", "--format", "md", "--out"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let md =
        std::fs::read_to_string(tmp.path().join("spro-bretagne-2015-sans-annexes.md")).unwrap();
    assert!(
        md.contains("développement des formations professionnelles (CPRDFP), pour la période"),
        "{md}"
    );
    assert!(!md.contains("CPRDFOP),"), "{md}");
}
