//! End-to-end tests of `convgen review` through the real binary: the yearly review of the
//! CRPC example in Markdown and PDF, byte-identical across runs, its charts, its errors, and
//! hostile figures.
//!
//! Tests that need typst are skipped (with a message) when typst cannot be found, unless
//! `CONVGEN_REQUIRE_TYPST` is set (CI sets it): then they fail.

mod common;
use common::{convgen, copy_dir, outcome, stderr};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn crpc() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/crpc-centre-val-de-loire-2025")
}

const OUT_MD: &str = "crpc-centre-val-de-loire-2025-revue-2026.md";
const OUT_PDF: &str = "crpc-centre-val-de-loire-2025-revue-2026.pdf";

fn review(conv: &Path, year: &str, out: &Path, format: &str, typst: Option<&Path>) -> Output {
    let mut cmd = convgen();
    cmd.arg("review")
        .arg(conv)
        .args(["--year", year, "--format", format, "--out"])
        .arg(out);
    if let Some(t) = typst {
        cmd.arg("--typst").arg(t);
    }
    cmd.output().unwrap()
}

/// pdftotext output with every run of white space (no-break spaces included) as one space.
fn pdf_text(pdf: &Path) -> String {
    collapse(&pdf_raw(pdf, &[]))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// pdftotext's output with its options (`-layout` keeps a chart's labels on their lines).
fn pdf_raw(pdf: &Path, options: &[&str]) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .args(options)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is installed");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// Text with no-break spaces as plain spaces, for `contains`.
fn plain(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ")
}

#[test]
fn review_of_the_crpc_example_in_markdown() {
    let out = tempfile::tempdir().unwrap();
    let o = review(&crpc(), "2026", out.path(), "md", None);
    assert_eq!(o.status.code(), Some(0), "{}", outcome(&o));
    let md = std::fs::read_to_string(out.path().join(OUT_MD)).unwrap();
    let text = plain(&md);
    for expected in [
        "# Revue annuelle 2026 – Convention régionale pluriannuelle",
        "Sur les 22 indicateurs suivis en 2026, 12 ont atteint leur cible et 10 sont en retard.",
        "## II-1 – Objectif 2 : Coordonner la réponse aux besoins de recrutement des entreprises",
        "**Moyens alloués en 2026**",
        "| 76 % | 75,2 % | −0,8 point | en retard de 0,8 point |",
        // A delay is better lower: 16 days for a target of 15 is behind, by one day.
        "| 15 | 16 | \\+1 | en retard de 1 jour |",
        "| 2 500 | 2 580 | \\+80 | **atteint** |",
        "## Trajectoires des indicateurs",
        "| 2024 (référence) | – | 71,5 % | – |",
        "| 2025 | 74 % | 72,8 % | −1,2 point |",
        "| 2027 | 78 % | – | – |",
        "## Totaux par signataire",
        "| **Total** | **96,8 ETP** | **138 965 000 €** |",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{md}");
    }
    // No signature in a review.
    assert!(!text.contains("Fait à"), "{md}");
    insta::assert_snapshot!("review_crpc_2026_markdown", md);
}

#[test]
fn review_of_the_crpc_example_in_pdf_with_its_charts() {
    let Some(typst) = common::typst() else { return };
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for dir in [a.path(), b.path()] {
        let o = review(&crpc(), "2026", dir, "md,pdf", Some(&typst));
        assert_eq!(o.status.code(), Some(0), "{}", outcome(&o));
    }
    for name in [OUT_MD, OUT_PDF] {
        assert_eq!(
            std::fs::read(a.path().join(name)).unwrap(),
            std::fs::read(b.path().join(name)).unwrap(),
            "{name} differs between two runs"
        );
    }
    let pdf = std::fs::read(a.path().join(OUT_PDF)).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = plain(&pdf_text(&a.path().join(OUT_PDF)));
    for expected in [
        "Revue annuelle 2026",
        "Coordonner la réponse aux besoins de recrutement des entreprises",
        "atteint",
        "en retard de 0,8 point",
        "en retard de 1 jour",
        "−0,8 point",
        "Trajectoires des indicateurs",
        // The chart of the delay: its title, graduations.
        "premier rendez-vous avec l’organisme référent (jours)",
        "Totaux par signataire",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // The years under each chart's axis and its legend, on their lines.
    let laid_out: String = pdf_raw(&a.path().join(OUT_PDF), &["-layout"])
        .lines()
        .map(|l| format!("{}\n", collapse(&plain(l))))
        .collect();
    // A graduation of the percentage charts, alone on its line.
    assert!(laid_out.lines().any(|l| l.trim() == "70 %"), "{laid_out}");
    for expected in ["2024 2025 2026 2027", "Cible Réalisé Référence"] {
        assert!(
            laid_out.matches(expected).count() >= 22,
            "{expected:?} not under each of the 22 charts:\n{laid_out}"
        );
    }
    assert!(!text.contains("Fait à"), "{text}");
}

#[test]
fn a_year_without_annex_is_refused() {
    let out = tempfile::tempdir().unwrap();
    let o = review(&crpc(), "2031", out.path(), "md", None);
    assert_eq!(o.status.code(), Some(2), "{}", outcome(&o));
    let err = stderr(&o);
    assert!(
        err.contains("aucune annexe annuelle 2031 pour examples/crpc-centre-val-de-loire-2025")
            || err.contains("aucune annexe annuelle 2031 pour "),
        "{err}"
    );
    assert!(
        err.contains("années des annexes : 2025, 2026 et 2027"),
        "{err}"
    );
    assert!(
        err.contains("aide : choisissez l'année d'une annexe"),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn a_convention_with_errors_is_not_reviewed() {
    let tmp = tempfile::tempdir().unwrap();
    let conv = tmp.path().join("crpc");
    copy_dir(&crpc(), &conv);
    let annex = conv.join("annexes/2026.toml");
    let text = std::fs::read_to_string(&annex).unwrap();
    std::fs::write(&annex, text.replace("target = 22.0", "target = \"22\"")).unwrap();
    let out = tmp.path().join("out");
    let o = review(&conv, "2026", &out, "md", None);
    assert_eq!(o.status.code(), Some(1), "{}", outcome(&o));
    let err = stderr(&o);
    assert!(err.contains("revue non produite"), "{err}");
    assert!(err.contains("a des erreurs"), "{err}");
    assert!(!out.join(OUT_MD).exists());
}

#[test]
fn a_path_with_several_conventions_is_refused() {
    let out = tempfile::tempdir().unwrap();
    let examples = crpc().parent().unwrap().to_path_buf();
    let o = review(&examples, "2025", out.path(), "md", None);
    assert_eq!(o.status.code(), Some(2), "{}", outcome(&o));
    assert!(
        stderr(&o).contains("contient 3 conventions ; la revue annuelle porte sur une seule"),
        "{}",
        outcome(&o)
    );
}

/// The example with hostile figures: huge, negative and equal values, and thousands of
/// indicators; `check` accepts it, so `review` renders it.
fn hostile(dir: &Path, extra_indicators: usize) -> PathBuf {
    let conv = dir.join("crpc");
    copy_dir(&crpc(), &conv);
    let path = conv.join("convention.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    let mut targets = String::new();
    for k in 0..extra_indicators {
        text.push_str(&format!(
            "\n[[indicators]]\nid = \"x{k}\"\nlabel = \"Indicateur {k}\"\nunit = \"pourcentage\"\nbaseline = {{ year = 2024, value = {:?} }}\n",
            if k % 2 == 0 { -1.0e300 } else { 5.0 }
        ));
        targets.push_str(&format!(
            "\n[[targets]]\nindicator = \"x{k}\"\ntarget = {:?}\nactual = {:?}\n",
            if k % 3 == 0 { 1.7e308 } else { 5.0 },
            if k % 3 == 0 { -1.7e308 } else { 5.0 }
        ));
    }
    std::fs::write(&path, text).unwrap();
    let annex = conv.join("annexes/2026.toml");
    let mut a = std::fs::read_to_string(&annex).unwrap();
    a = a.replace("actual = 22.0", "actual = 1.7976931348623157e308");
    a.push_str(&targets);
    std::fs::write(&annex, a).unwrap();
    conv
}

#[test]
fn hostile_figures_are_reviewed_without_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let conv = hostile(tmp.path(), 2000);
    let check = convgen().arg("check").arg(&conv).output().unwrap();
    assert_ne!(check.status.code(), Some(2), "{}", outcome(&check));
    assert!(
        !common::stdout(&check).contains(" erreurs,") || common::stdout(&check).contains("✓"),
        "{}",
        outcome(&check)
    );
    let out = tmp.path().join("out");
    let started = std::time::Instant::now();
    let o = review(&conv, "2026", &out, "md", None);
    assert_eq!(o.status.code(), Some(0), "{}", outcome(&o));
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    let md = std::fs::read_to_string(out.join(OUT_MD)).unwrap();
    assert!(md.contains("Indicateur 1999"));
    for non_finite in ["NaN", "| inf", "inf |", "inf %"] {
        assert!(!md.contains(non_finite), "non-finite figure {non_finite:?}");
    }
}

#[test]
fn hostile_figures_draw_bounded_charts() {
    let Some(typst) = common::typst() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let conv = hostile(tmp.path(), 6);
    let out = tmp.path().join("out");
    let o = review(&conv, "2026", &out, "pdf", Some(&typst));
    assert_eq!(o.status.code(), Some(0), "{}", outcome(&o));
    let text = pdf_text(&out.join(OUT_PDF));
    assert!(text.contains("Indicateur 5"), "{text}");
}

#[test]
fn the_annual_annexes_of_the_convention_show_the_gap() {
    let out = tempfile::tempdir().unwrap();
    let o = convgen()
        .arg("render")
        .arg(crpc())
        .args(["--format", "md", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", outcome(&o));
    let md = plain(
        &std::fs::read_to_string(out.path().join("crpc-centre-val-de-loire-2025.md")).unwrap(),
    );
    // 2025 and 2026 give actuals: the gap follows, in points for a percentage.
    assert!(
        md.contains("| Indicateur | Référence | Cible 2025 | Réalisé | Écart |"),
        "{md}"
    );
    assert!(
        md.contains("| 71,5 % (2024) | 74 % | 72,8 % | −1,2 point |"),
        "{md}"
    );
    assert!(md.contains("| 24 (2024) | 15 | 16 | \\+1 |"), "{md}");
    // 2027 gives none: targets only, as before.
    assert!(
        md.contains("| Indicateur | Référence | Cible 2027 |\n"),
        "{md}"
    );
}
