//! End-to-end tests of `convgen render` through the real binary.
//!
//! Tests that need typst are skipped (with a message) when typst cannot be found, unless
//! `CONVGEN_REQUIRE_TYPST` is set (CI sets it): then they fail.

mod common;
use common::copy_dir;

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn examples() -> PathBuf {
    root().join("examples")
}

fn minimal() -> PathBuf {
    root().join("tests/fixtures/base/crpc-minimal")
}

fn convgen() -> Command {
    let mut cmd = Command::cargo_bin("convgen").unwrap();
    cmd.env_remove("NO_COLOR").arg("--color").arg("never");
    cmd
}

/// The typst executable, or `None` (test skipped) when absent and not required.
fn typst() -> Option<PathBuf> {
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

fn render(
    paths: &[&Path],
    out: &Path,
    extra: &[&str],
    typst: Option<&Path>,
) -> std::process::Output {
    let mut cmd = convgen();
    cmd.arg("render")
        .args(paths)
        .arg("--out")
        .arg(out)
        .args(extra);
    if let Some(t) = typst {
        cmd.arg("--typst").arg(t);
    }
    cmd.output().unwrap()
}

fn assert_ok(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// pdftotext output with every run of white space (no-break spaces included) as one space.
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed by the render tests");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    normalize(&String::from_utf8_lossy(&out.stdout))
}

fn normalize(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

const CRPC: &str = "crpc-centre-val-de-loire-2025";
const SPRO: &str = "spro-normandie-2025";
const PARTENARIAT: &str = "partenariat-occitanie-france-travail-2025";

#[test]
fn renders_every_example_to_markdown_and_pdf() {
    let Some(typst) = typst() else { return };
    let out = tempfile::tempdir().unwrap();
    let o = render(&[&examples()], out.path(), &[], Some(&typst));
    assert_ok(&o);
    let stdout = String::from_utf8_lossy(&o.stdout);
    for id in [CRPC, SPRO, PARTENARIAT] {
        for ext in ["md", "pdf"] {
            let f = out.path().join(format!("{id}.{ext}"));
            assert!(f.is_file(), "{} missing", f.display());
            assert!(
                stdout.contains(&format!("rendu : {}", f.display())),
                "{stdout}"
            );
        }
    }
    // Nothing else is left behind (temporary files and folders are gone).
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 6);

    let text = pdf_text(&out.path().join(format!("{CRPC}.pdf")));
    for needle in [
        "Convention régionale pluriannuelle de coordination",
        "Centre-Val de Loire",
        "ENTRE",
        "IL EST CONVENU CE QUI SUIT",
        "Vu l'article L. 6123-4 du code du travail",
        "Vu l'avis du comité régional pour l'emploi en date du 20 février 2025",
        "Stéphane Morvan",
        "TITRE I – DIAGNOSTIC PARTAGÉ",
        "II-2 – Participation au service public régional de l'orientation",
        "TITRE III",
        "Fait à Orléans, le 14 mars 2025",
        "Nombre de portraits de bassins",
        "ANNEXE 1 – ANNÉE 2025",
        "page 1 / ",
        "Empreinte ",
    ] {
        assert!(text.contains(needle), "PDF text lacks {needle:?}");
    }
    assert!(
        !text.contains("PROJET"),
        "a final convention has no draft mark"
    );

    // The draft carries « PROJET » on every page.
    let spro = out.path().join(format!("{SPRO}.pdf"));
    let pages = Command::new("pdfinfo").arg(&spro).output().unwrap();
    let pages: usize = String::from_utf8_lossy(&pages.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .unwrap();
    assert!(pages > 1);
    for p in 1..=pages {
        let o = Command::new("pdftotext")
            .args(["-f", &p.to_string(), "-l", &p.to_string()])
            .arg(&spro)
            .arg("-")
            .output()
            .unwrap();
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("PROJET"),
            "page {p} of the draft lacks PROJET"
        );
    }
    // Partnership conventions get numbered articles.
    let text = pdf_text(&out.path().join(format!("{PARTENARIAT}.pdf")));
    assert!(text.contains("Article 1 – "), "{text}");

    // PDF/A-2b identification in the XMP metadata.
    let bytes = std::fs::read(out.path().join(format!("{CRPC}.pdf"))).unwrap();
    let has = |s: &str| bytes.windows(s.len()).any(|w| w == s.as_bytes());
    assert!(has("pdfaid:part>2"), "no PDF/A part in the XMP");
    assert!(
        has("pdfaid:conformance>B"),
        "no PDF/A conformance in the XMP"
    );
}

#[test]
fn markdown_of_the_crpc_example() {
    let out = tempfile::tempdir().unwrap();
    let o = render(
        &[&examples().join(CRPC)],
        out.path(),
        &["--format", "md"],
        None,
    );
    assert_ok(&o);
    let md = std::fs::read_to_string(out.path().join(format!("{CRPC}.md"))).unwrap();
    assert!(md.contains("**IL EST CONVENU CE QUI SUIT\u{a0}:**"));
    assert!(md.contains("Fait à Orléans, le 14 mars 2025"));
    insta::assert_snapshot!("crpc_markdown", md);
}

#[test]
fn renders_are_byte_identical() {
    let Some(typst) = typst() else { return };
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for dir in [&a, &b] {
        assert_ok(&render(
            &[&examples().join(SPRO)],
            dir.path(),
            &["--format", "md,pdf,typ"],
            Some(&typst),
        ));
    }
    for name in [
        format!("{SPRO}.md"),
        format!("{SPRO}.pdf"),
        format!("{SPRO}.typ"),
        format!("{SPRO}.json"),
    ] {
        let x = std::fs::read(a.path().join(&name)).unwrap();
        let y = std::fs::read(b.path().join(&name)).unwrap();
        assert!(x == y, "{name} differs between two renders");
    }
}

#[test]
fn typ_output_compiles_on_its_own() {
    let Some(typst) = typst() else { return };
    let out = tempfile::tempdir().unwrap();
    assert_ok(&render(
        &[&minimal()],
        out.path(),
        &["--format", "typ"],
        None,
    ));
    for f in [
        "crpc-minimal.typ",
        "crpc-minimal.json",
        "convgen-convention.typ",
    ] {
        assert!(out.path().join(f).is_file(), "{f} missing");
    }
    assert!(!out.path().join("crpc-minimal.pdf").exists());
    let o = Command::new(&typst)
        .arg("compile")
        .arg("--root")
        .arg(out.path())
        .arg(out.path().join("crpc-minimal.typ"))
        .output()
        .unwrap();
    assert_ok(&o);
    let text = pdf_text(&out.path().join("crpc-minimal.pdf"));
    assert!(text.contains("IL EST CONVENU CE QUI SUIT"));
}

/// Writes a copy of the minimal fixture with hostile plain and Markdown fields.
fn hostile_fixture(dir: &Path) -> PathBuf {
    let conv = dir.join("hostile");
    copy_dir(&minimal(), &conv);
    let path = conv.join("convention.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        .replacen(
            "title = \"Convention régionale pluriannuelle de coordination — Région Test\"",
            r#"title = '$x$ <l> @l *b* _i_ #set page(fill: red) {{ 7*7 }} {% raw %}'"#,
            1,
        )
        .replacen(
            r#"name = "L'État""#,
            r##"name = '#read("/etc/passwd")'"##,
            1,
        )
        .replacen(
            "text = \"Plan de coordination des outils du service public de l'emploi.\"",
            r##"text = '''Plan #eval("1+1") et `code` {{ 6*7 }} <script>x</script>'''"##,
            1,
        );
    std::fs::write(&path, text).unwrap();
    conv
}

#[test]
fn hostile_text_comes_out_literally() {
    let tmp = tempfile::tempdir().unwrap();
    let conv = hostile_fixture(tmp.path());
    let out = tmp.path().join("out");
    let typst = typst();
    let formats = if typst.is_some() { "md,pdf" } else { "md" };
    assert_ok(&render(
        &[&conv],
        &out,
        &["--format", formats],
        typst.as_deref(),
    ));

    let md = std::fs::read_to_string(out.join("crpc-minimal.md")).unwrap();
    assert!(
        md.contains(r"# $x$ \<l\> @l \*b\* \_i\_ \#set page(fill: red) \{\{ 7\*7 \}\} \{% raw %\}"),
        "{md}"
    );
    assert!(md.contains(r#"**\#read("/etc/passwd")**"#), "{md}");
    assert!(
        !md.contains("red) 49") && !md.contains("`code` 42"),
        "user text was evaluated by tera"
    );
    // Markdown fields pass through as Markdown.
    assert!(
        md.contains(r#"Plan #eval("1+1") et `code` {{ 6*7 }}"#),
        "{md}"
    );

    let Some(_) = typst else { return };
    let text = pdf_text(&out.join("crpc-minimal.pdf"));
    for needle in [
        "$x$ <l> @l *b* _i_ #set page(fill: red) {{ 7*7 }} {% raw %}",
        r#"#read("/etc/passwd")"#,
        r#"Plan #eval("1+1") et code {{ 6*7 }} <script>x</script>"#,
    ] {
        assert!(text.contains(needle), "PDF lacks {needle:?}:\n{text}");
    }
    assert!(!text.contains("root:"), "a file was read");
}

#[test]
fn templates_can_be_overridden() {
    let tmp = tempfile::tempdir().unwrap();
    let custom = tmp.path().join("custom");
    std::fs::create_dir_all(&custom).unwrap();
    std::fs::write(
        custom.join("convention.md.tera"),
        "GABARIT --templates {{ title | md_escape }} {% for p in parties %}[{{ p.name | md_escape }}]{% endfor %}\n",
    )
    .unwrap();
    let out = tmp.path().join("out1");
    let custom_arg = custom.to_string_lossy().to_string();
    assert_ok(&render(
        &[&minimal()],
        &out,
        &["--format", "md", "--templates", &custom_arg],
        None,
    ));
    let md = std::fs::read_to_string(out.join("crpc-minimal.md")).unwrap();
    assert!(
        md.starts_with("GABARIT --templates Convention régionale"),
        "{md}"
    );
    assert!(md.contains("[L'État]"));

    // A `templates/` folder at the root of the conventions repository, found from a
    // convention folder below it; only the annex template is replaced there.
    let repo = tmp.path().join("repo");
    copy_dir(&minimal(), &repo.join("conventions/crpc-minimal"));
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join("templates")).unwrap();
    std::fs::write(
        repo.join("templates/annex.md.tera"),
        "ANNEXE MAISON {{ a.year }} {{ a.total.budget }}\n",
    )
    .unwrap();
    let out = tmp.path().join("out2");
    assert_ok(&render(
        &[&repo.join("conventions/crpc-minimal")],
        &out,
        &["--format", "md"],
        None,
    ));
    let md = std::fs::read_to_string(out.join("crpc-minimal.md")).unwrap();
    assert!(
        md.contains("ANNEXE MAISON 2026 30\u{202f}000\u{a0}€"),
        "{md}"
    );
    assert!(
        md.contains("IL EST CONVENU CE QUI SUIT"),
        "built-ins still used: {md}"
    );

    // A Typst template override.
    let Some(typst) = typst() else { return };
    std::fs::write(
        repo.join("templates/convention.typ"),
        "#let convention(data) = { set document(title: data.title, date: datetime(year: 2025, month: 1, day: 1)); [GABARIT TYPST ] + data.id }\n",
    )
    .unwrap();
    let out = tmp.path().join("out3");
    assert_ok(&render(&[&repo], &out, &["--format", "pdf"], Some(&typst)));
    assert!(pdf_text(&out.join("crpc-minimal.pdf")).contains("GABARIT TYPST crpc-minimal"));
}

#[test]
fn missing_typst_exits_2_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = render(
        &[&minimal()],
        &out,
        &[],
        Some(Path::new("/nonexistent/typst")),
    );
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("cargo install --locked typst-cli"),
        "{stderr}"
    );
    assert!(stderr.contains("/nonexistent/typst"), "{stderr}");
    assert!(!out.exists(), "nothing may be written");

    // Same with an existing output folder: it stays empty.
    std::fs::create_dir_all(&out).unwrap();
    let o = render(
        &[&minimal()],
        &out,
        &["--format", "md,pdf"],
        Some(Path::new("/nonexistent/typst")),
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
}

#[test]
fn conventions_with_errors_are_not_rendered() {
    let tmp = tempfile::tempdir().unwrap();
    let conv = tmp.path().join("broken");
    copy_dir(&minimal(), &conv);
    let path = conv.join("convention.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    // Drop the committee's opinion: `opinion-missing` is an error once final.
    std::fs::write(
        &path,
        text.replace(
            "opinion = { body = \"comité régional pour l'emploi\", date = 2025-02-01 }",
            "",
        ),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = render(&[&conv], &out, &["--format", "md"], None);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("opinion-missing"), "{stderr}");
    assert!(!out.join("crpc-minimal.md").exists());

    let o = render(&[&conv], &out, &["--format", "md", "--allow-errors"], None);
    assert_ok(&o);
    assert!(out.join("crpc-minimal.md").is_file());
}

#[test]
fn a_failure_keeps_earlier_outputs() {
    let Some(typst) = typst() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    assert_ok(&render(
        &[&minimal()],
        &out,
        &["--format", "md,pdf"],
        Some(&typst),
    ));
    let before = std::fs::read(out.join("crpc-minimal.pdf")).unwrap();
    // A Typst template that fails: typst's error is reported, the earlier PDF stays.
    let bad = tmp.path().join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(
        bad.join("convention.typ"),
        "#let convention(data) = { panic(\"gabarit cassé\") }\n",
    )
    .unwrap();
    let bad_arg = bad.to_string_lossy().to_string();
    let o = render(
        &[&minimal()],
        &out,
        &["--format", "pdf", "--templates", &bad_arg],
        Some(&typst),
    );
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("crpc-minimal") && stderr.contains("gabarit cassé"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(out.join("crpc-minimal.pdf")).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".convgen-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
