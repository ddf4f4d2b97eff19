//! End-to-end tests of `convgen render` through the real binary.
//!
//! Tests that need typst are skipped (with a message) when typst cannot be found, unless
//! `CONVGEN_REQUIRE_TYPST` is set (CI sets it): then they fail.

mod common;
use common::convgen;
use common::copy_dir;

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn examples() -> PathBuf {
    root().join("examples")
}

fn minimal() -> PathBuf {
    root().join("tests/fixtures/base/crpc-minimal")
}

fn render(
    paths: &[&Path],
    out: &Path,
    extra: &[&str],
    typst: Option<&Path>,
) -> std::process::Output {
    render_command(paths, out, extra, typst).output().unwrap()
}

/// The `convgen render` command of [`render`], to change (its environment) before it runs.
fn render_command(
    paths: &[&Path],
    out: &Path,
    extra: &[&str],
    typst: Option<&Path>,
) -> assert_cmd::Command {
    let mut cmd = convgen();
    cmd.arg("render")
        .args(paths)
        .arg("--out")
        .arg(out)
        .args(extra);
    if let Some(t) = typst {
        cmd.arg("--typst").arg(t);
    }
    cmd
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
    let Some(typst) = common::typst() else { return };
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
        "Vu l’article L. 6123-4 du code du travail",
        "Vu l’avis du comité régional pour l’emploi en date du 20 février 2025",
        "Stéphane Morvan",
        "Titre I – Élaborer un état des lieux partagé",
        "II-2 – La contribution au service public régional de l’orientation",
        "Titre III",
        "Fait à Orléans, le 14 mars 2025",
        "Nombre de portraits de bassins",
        "Annexe 2 – Année 2025",
        "page 1 / ",
        "Empreinte ",
    ] {
        assert!(text.contains(needle), "PDF text lacks {needle:?}");
    }
    assert!(
        !text.contains("PROJET"),
        "a signed convention has no draft mark"
    );
    // Partnership conventions in parts « I. » to « V. »; the SPRO convention numbers its
    // articles « ARTICLE 1ER : ».
    let text = pdf_text(&out.path().join(format!("{PARTENARIAT}.pdf")));
    assert!(text.contains("I. Information – Orientation"), "{text}");
    assert!(text.contains("V. Gouvernance"), "{text}");
    let text = pdf_text(&out.path().join(format!("{SPRO}.pdf")));
    assert!(
        text.contains("ARTICLE 1ER : OBJET DE LA CONVENTION"),
        "{text}"
    );
    assert!(text.contains("2-1 Coordination régionale"), "{text}");

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
fn a_draft_carries_projet_on_every_page() {
    let Some(typst) = common::typst() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let conv = tmp.path().join("draft");
    copy_dir(&minimal(), &conv);
    let path = conv.join("convention.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("status = \"final\"", "status = \"draft\"", 1),
    )
    .unwrap();
    let out = tmp.path().join("out");
    assert_ok(&render(&[&conv], &out, &["--format", "pdf"], Some(&typst)));
    let spro = out.join("crpc-minimal.pdf");
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
    assert!(md.contains("Fait à Orléans, le 14\u{a0}mars\u{a0}2025"));
    insta::assert_snapshot!("crpc_markdown", md);
}

#[test]
fn renders_are_byte_identical() {
    let Some(typst) = common::typst() else { return };
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
    let Some(typst) = common::typst() else { return };
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
        "convgen/convention.typ",
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
    let typst = common::typst();
    let formats = if typst.is_some() { "md,pdf" } else { "md" };
    // `check` refuses the raw HTML (`unsafe-markup`); the renderer must still hold it as text.
    let o = render(
        &[&conv],
        &out,
        &["--format", formats, "--allow-errors"],
        typst.as_deref(),
    );
    assert_ok(&o);
    assert!(String::from_utf8_lossy(&o.stderr).contains("unsafe-markup"));

    let md = std::fs::read_to_string(out.join("crpc-minimal.md")).unwrap();
    assert!(
        md.contains("# $x$ \\<l\\> @l \\*b\\* \\_i\\_ \\#set page(fill\u{a0}: red) \\{\\{ 7\\*7 \\}\\} \\{% raw %\\}"),
        "{md}"
    );
    assert!(md.contains(r#"**\#read("/etc/passwd")**"#), "{md}");
    assert!(
        !md.contains("red) 49") && !md.contains("`code` 42"),
        "user text was evaluated by tera"
    );
    // Markdown fields are written back from their tree: code stays code, the rest is text.
    assert!(
        md.contains(r#"Plan \#eval("1\+1") et `code` \{\{ 6\*7 \}\} \<script\>x\</script\>"#),
        "{md}"
    );

    let Some(_) = typst else { return };
    let text = pdf_text(&out.join("crpc-minimal.pdf"));
    for needle in [
        "$x$ <l> @l *b* _i_ #set page(fill : red) {{ 7*7 }} {% raw %}",
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
        "GABARIT --templates {{ title_plain | md_escape }} {% for p in md.signatories %}[{{ p }}]{% endfor %}\n",
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
    assert!(md.contains("[L’État]"), "{md}");

    // A `templates/` folder at the root of the conventions repository is ignored until the
    // repository's `convgen.toml` names it; then it is found from a convention folder below
    // it, and only the annex template is replaced there.
    let repo = tmp.path().join("repo");
    copy_dir(&minimal(), &repo.join("conventions/crpc-minimal"));
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join("templates")).unwrap();
    std::fs::write(
        repo.join("templates/convention.md.tera"),
        "{% extends \"base.md.tera\" %}{% block annexes %}ANNEXE MAISON {{ annexes | length }}{% endblock annexes %}",
    )
    .unwrap();
    let out = tmp.path().join("out-ignored");
    assert_ok(&render(
        &[&repo.join("conventions/crpc-minimal")],
        &out,
        &["--format", "md"],
        None,
    ));
    let md = std::fs::read_to_string(out.join("crpc-minimal.md")).unwrap();
    assert!(
        !md.contains("ANNEXE MAISON"),
        "templates/ used without convgen.toml"
    );
    std::fs::write(
        repo.join("convgen.toml"),
        "[render]\ntemplates = \"templates\"\n",
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
    assert!(md.contains("ANNEXE MAISON 3"), "{md}");
    assert!(
        md.contains("IL EST CONVENU CE QUI SUIT"),
        "built-ins still used: {md}"
    );

    // A Typst template override.
    let Some(typst) = common::typst() else { return };
    std::fs::write(
        repo.join("templates/convention.typ"),
        "#let convention(data) = { set document(title: data.title_plain, date: datetime(year: 2025, month: 1, day: 1)); [GABARIT TYPST ] + data.id }\n",
    )
    .unwrap();
    let out = tmp.path().join("out3");
    assert_ok(&render(&[&repo], &out, &["--format", "pdf"], Some(&typst)));
    assert!(pdf_text(&out.join("crpc-minimal.pdf")).contains("GABARIT TYPST crpc-minimal"));
}

#[test]
fn template_files_are_read_without_following_links() {
    let tmp = tempfile::tempdir().unwrap();
    let custom = tmp.path().join("custom");
    std::fs::create_dir_all(&custom).unwrap();
    let secret = tmp.path().join("secret.txt");
    std::fs::write(&secret, "SECRET").unwrap();
    std::os::unix::fs::symlink(&secret, custom.join("convention.md.tera")).unwrap();
    let out = tmp.path().join("out");
    let o = render(
        &[&minimal()],
        &out,
        &["--format", "md", "--templates", custom.to_str().unwrap()],
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("lien symbolique"));
    assert!(!out.join("crpc-minimal.md").exists());
}

#[test]
fn a_bad_convgen_toml_is_a_finding() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    copy_dir(&minimal(), &repo.join("conventions/crpc-minimal"));
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::write(
        repo.join("convgen.toml"),
        "[render]\ntemplates = \"../..\"\n",
    )
    .unwrap();
    let o = convgen()
        .args(["check", "--format", "short"])
        .arg(&repo)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("convgen.toml:2:13: error[schema]: `templates = \"../..\"` sort du dépôt"),
        "{text}"
    );
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

/// typst is started before the conventions are read, to set up while convgen works, and
/// compiles the first PDF from its standard input: the PDF is byte for byte the one a typst
/// started afterwards makes (here, with the built-in template given as an override, which
/// starts none early).
#[test]
fn the_typst_started_early_makes_the_same_pdf() {
    let Some(typst) = common::typst() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let early = tmp.path().join("early");
    assert_ok(&render(
        &[&minimal()],
        &early,
        &["--format", "pdf"],
        Some(&typst),
    ));
    let templates = builtin_template_copy(tmp.path());
    let late = tmp.path().join("late");
    let t = templates.to_str().unwrap();
    assert_ok(&render(
        &[&minimal()],
        &late,
        &["--format", "pdf", "--templates", t],
        Some(&typst),
    ));
    assert_eq!(
        std::fs::read(early.join("crpc-minimal.pdf")).unwrap(),
        std::fs::read(late.join("crpc-minimal.pdf")).unwrap()
    );
}

/// A typst that appends `what` (a shell word, expanded) as a line to `log` at each start,
/// then runs the real one.
fn typst_logging(dir: &Path, real: &Path, what: &str, log: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let fake = dir.join("typst");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\necho \"{what}\" >> {}\nexec {} \"$@\"\n",
            log.display(),
            real.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    fake
}

/// A typst that writes its pid to `pids` (one line per start), then runs the real one.
fn typst_logging_pids(dir: &Path, real: &Path, pids: &Path) -> PathBuf {
    typst_logging(dir, real, "$$", pids)
}

/// A copy of the built-in Typst template in `dir/templates`, for `--templates` (which makes
/// convgen start its typst only once the convention is laid out).
fn builtin_template_copy(dir: &Path) -> PathBuf {
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::copy(
        root().join("templates/convention.typ"),
        templates.join("convention.typ"),
    )
    .unwrap();
    templates
}

/// Asserts that the typst whose pid `pids` holds (if it got to write it) started once and
/// is not running: an early typst may be killed before its first line has run, and then
/// nothing of it can survive either.
fn assert_one_typst_gone(pids: &Path) {
    let Ok(pids) = std::fs::read_to_string(pids) else {
        return;
    };
    assert_eq!(pids.lines().count(), 1, "one typst started early: {pids}");
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", pids.trim()));
    assert!(
        stat.map_or(true, |s| s
            .rsplit(')')
            .next()
            .is_some_and(|r| r.trim_start().starts_with('Z'))),
        "typst still running"
    );
}

/// When nothing is rendered, the typst started early is killed and its folder removed, with
/// the output folder it was created in.
#[test]
fn the_typst_started_early_goes_when_nothing_is_rendered() {
    let Some(real) = common::typst() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let pid = tmp.path().join("pid");
    let fake = typst_logging_pids(tmp.path(), &real, &pid);
    let conv = tmp.path().join("broken");
    copy_dir(&minimal(), &conv);
    // Without the committee's opinion (`opinion-missing`, an error), nothing is rendered.
    common::replace_in_folder(
        &conv,
        "opinion = { body = \"comité régional pour l'emploi\", date = 2025-02-01 }",
        "",
    );
    let out = tmp.path().join("out");
    let o = render(&[&conv], &out, &["--format", "pdf"], Some(&fake));
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!out.exists(), "the output folder it created is removed");
    assert_one_typst_gone(&pid);
}

/// typst starts before clap has read the arguments (`cli::early`): an argument clap then
/// refuses stops it, removes its folder and the output folder it created, and the error
/// is clap's, with its exit code.
#[test]
fn an_argument_error_stops_the_typst_started_before_the_parse() {
    let Some(real) = common::typst() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let pid = tmp.path().join("pid");
    let fake = typst_logging_pids(tmp.path(), &real, &pid);
    let out = tmp.path().join("out");
    let o = render(
        &[&minimal()],
        &out,
        &["--format", "pdf", "--no-such-option"],
        Some(&fake),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("--no-such-option"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!out.exists(), "the output folder it created is removed");
    assert_one_typst_gone(&pid);
}

/// typst is given convgen's allocator setting, by the typst started early and by the one
/// started for a template override, unless the caller set `GLIBC_TUNABLES` (then theirs,
/// as is); the PDF is the same byte for byte either way.
#[test]
fn typst_gets_the_allocator_setting_unless_the_caller_chose_one() {
    let Some(real) = common::typst() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("log");
    let fake = typst_logging(tmp.path(), &real, "${GLIBC_TUNABLES-unset}", &log);
    let templates = builtin_template_copy(tmp.path());
    let t = templates.to_str().unwrap();
    let ours = convgen::render::typst::TYPST_MALLOC_TUNABLES;
    let mut pdfs = Vec::new();
    for (i, (caller, extra, seen)) in [
        (None, &[][..], ours),
        (None, &["--templates", t][..], ours),
        (Some(""), &[][..], ""),
        (
            Some("glibc.malloc.arena_max=2"),
            &[][..],
            "glibc.malloc.arena_max=2",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let _ = std::fs::remove_file(&log);
        let out = tmp.path().join(format!("out-{i}"));
        let args = [&["--format", "pdf"][..], extra].concat();
        let mut cmd = render_command(&[&minimal()], &out, &args, Some(&fake));
        cmd.env_remove("GLIBC_TUNABLES");
        if let Some(value) = caller {
            cmd.env("GLIBC_TUNABLES", value);
        }
        let o = cmd.output().unwrap();
        assert_ok(&o);
        assert_eq!(
            std::fs::read_to_string(&log).unwrap(),
            format!("{seen}\n"),
            "{caller:?} {extra:?}"
        );
        pdfs.push(std::fs::read(out.join("crpc-minimal.pdf")).unwrap());
    }
    assert!(pdfs.windows(2).all(|w| w[0] == w[1]), "same PDF");
}

/// The typst started before the parse compiles the convention: one convention, one typst
/// (a started typst that was not used would be a second line), also with the options in
/// other forms (`-o`, `=`, a global option first).
#[test]
fn one_convention_starts_one_typst() {
    let Some(real) = common::typst() else { return };
    for extra in [
        &["--format", "pdf"][..],
        &[
            "--format=md,pdf",
            "--pdf-standard=a-2b",
            "--typst-timeout",
            "60",
        ][..],
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let pid = tmp.path().join("pid");
        let fake = typst_logging_pids(tmp.path(), &real, &pid);
        let out = tmp.path().join("out");
        let o = convgen()
            .arg("--color=never")
            .arg("render")
            .arg(minimal())
            .arg("-o")
            .arg(&out)
            .args(extra)
            .arg("--typst")
            .arg(&fake)
            .output()
            .unwrap();
        assert_ok(&o);
        assert!(out.join("crpc-minimal.pdf").is_file());
        let pids = std::fs::read_to_string(&pid).unwrap();
        assert_eq!(pids.lines().count(), 1, "{extra:?}: {pids}");
    }
}

#[test]
fn a_failure_keeps_earlier_outputs() {
    let Some(typst) = common::typst() else { return };
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

/// Hostile text for a plain field: Typst, Markdown, tera and HTML markup, a package import,
/// a file read, a control character, then a bidi override and a zero-width space (last, as
/// their display order is the reader's business). `{tag}` tells the fields apart.
fn hostile_plain(tag: &str) -> String {
    format!(
        r#"{tag} #import \"@preview/x:0.1.0\" #read(\"/etc/passwd\") $x$ *b* _i_ ] ) [ {{{{ 7*7 }}}} {{% raw %}} <b>h</b> \u0007 \u202Eevil\u202C a\u200Bb"#
    )
}

/// Hostile text for a Markdown field (no emphasis markers: those are Markdown's to read).
fn hostile_md(tag: &str) -> String {
    format!(
        r#"{tag} #import \"@preview/x:0.1.0\" #read(\"/etc/passwd\") $x$ ] ) [ {{{{ 7 }}}} {{% raw %}} <script>x</script> \u0007 \u202Eevil\u202C a\u200Bb"#
    )
}

/// Plain and Markdown text fields of the format, each with its tag (`P01`… plain, `M01`… md).
const PLAIN: &[&str] = &[
    "P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09", "P10", "P11", "P12", "P13",
    "P14", "P15", "P16", "P17", "P18", "P19", "P20", "P21", "P22", "P23", "P24",
];
const MD: &[&str] = &["M01", "M02", "M03", "M04", "M05", "M06"];
/// Fields the documents do not print (the reason of an absent role is for the checks).
const NOT_PRINTED: &[&str] = &["P11"];

/// A convention (and an annex) with hostile text in every text field, and a logo.
fn hostile_everywhere(dir: &Path) -> PathBuf {
    let conv = dir.join("hostile-all");
    std::fs::create_dir_all(conv.join("annexes")).unwrap();
    std::fs::create_dir_all(conv.join("assets")).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/rules/asset/pass/conventions/asset/assets/region.png"),
        conv.join("assets/logo.png"),
    )
    .unwrap();
    let p = |i: usize| hostile_plain(PLAIN[i - 1]);
    let m = |i: usize| hostile_md(MD[i - 1]);
    let text = format!(
        r#"[convention]
id = "hostile-all"
kind = "crpc"
title = "{p1}"
short_title = "{p2}"
region = "{p3}"
start = 2025-01-01
end = 2027-12-31
status = "final"
[convention.signature]
place = "{p4}"
date = 2025-03-14

[[signatories]]
id = "etat"
role = "etat"
name = "{p5}"
address = "{p6}"
represented_by = {{ name = "{p7}", capacity = "{p8}" }}
mandate = "{p9}"
logo = "assets/logo.png"

[[signatories]]
id = "region"
role = "region"
name = "{p10}"
represented_by = {{ name = "N", capacity = "C" }}

[[absent_roles]]
role = "plie"
reason = "{p11}"

[[visas]]
ref = "code-travail:L6123-4"
text = "{p12}"
date = 2024-01-01

[[visas]]
text = "{p13}"

[preamble]
text = "{m1}"

[[objectives]]
id = "obj"
axis = "mobilisation"
title = "{p14}"
description = "{m2}"
actions = ["{p15}"]
signatories = ["etat"]
  [[objectives.commitments]]
  signatory = "region"
  text = "{m3}"
  [[objectives.indicators]]
  id = "ind"
  label = "{p16}"
  unit = "nombre"
  frequency = "annuelle"
  source = "{p17}"
  baseline = {{ year = 2024, value = 1.0 }}

[[not_applicable]]
signatory = "etat"
axis = "sprf"
reason = "{p18}"

[coordination_plan]
text = "{m4}"
  [[coordination_plan.tools]]
  name = "{p19}"
  operators = ["etat"]
  area = "{p20}"

[governance]
steering = {{ body = "{p21}", frequency = "annuelle", members = ["etat"] }}
evaluation = "{m5}"
opinion = {{ body = "comité régional pour l'emploi", date = 2025-02-01 }}

[[articles]]
title = "{p22}"
clause = "duree"
text = "{m6}"
"#,
        p1 = p(1),
        p2 = p(2),
        p3 = p(3),
        p4 = p(4),
        p5 = p(5),
        p6 = p(6),
        p7 = p(7),
        p8 = p(8),
        p9 = p(9),
        p10 = p(10),
        p11 = p(11),
        p12 = p(12),
        p13 = p(13),
        p14 = p(14),
        p15 = p(15),
        p16 = p(16),
        p17 = p(17),
        p18 = p(18),
        p19 = p(19),
        p20 = p(20),
        p21 = p(21),
        p22 = p(22),
        m1 = m(1),
        m2 = m(2),
        m3 = m(3),
        m4 = m(4),
        m5 = m(5),
        m6 = m(6),
    );
    std::fs::write(conv.join("convention.toml"), text).unwrap();
    let annex = format!(
        r#"[annex]
convention = "hostile-all"
year = 2025

[[means]]
objective = "obj"
signatory = "etat"
etp = 1.0
text = "{p24}"

[[targets]]
indicator = "ind"
target = 2.0

[[investments]]
signatory = "region"
label = "{p23}"
amount_eur = 1000
"#,
        p23 = p(23),
        p24 = p(24),
    );
    std::fs::write(conv.join("annexes/2025.toml"), annex).unwrap();
    conv
}

/// `text` with every white space and line-end hyphen removed (the PDF wraps lines).
fn squeeze(text: &str) -> String {
    text.replace("\u{ad}-\n", "")
        .replace('\u{ad}', "")
        .replace("-\n", "")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .collect()
}

#[test]
fn hostile_text_in_every_field_comes_out_literally() {
    let tmp = tempfile::tempdir().unwrap();
    let conv = hostile_everywhere(tmp.path());
    let out = tmp.path().join("out");
    let typst = common::typst();
    let formats = if typst.is_some() { "md,pdf" } else { "md" };
    assert_ok(&render(
        &[&conv],
        &out,
        &["--format", formats, "--allow-errors"],
        typst.as_deref(),
    ));

    let md = std::fs::read_to_string(out.join("hostile-all.md")).unwrap();
    assert!(
        !md.contains('\u{7}'),
        "a control character reached the Markdown"
    );
    assert!(!md.contains("49"), "tera evaluated user text");
    for tag in PLAIN.iter().filter(|t| !NOT_PRINTED.contains(t)) {
        // Plain fields are escaped: their markup shows as written.
        let needle = format!(
            r#"{tag} \#import "@preview/x:0.1.0" \#read("/etc/passwd") $x$ \*b\* \_i\_ \] ) \[ \{{\{{ 7\*7 \}}\}} \{{% raw %\}} \<b\>h\</b\> {}"#,
            '\u{fffd}'
        );
        assert!(md.contains(&needle), "Markdown lacks {needle:?}:\n{md}");
    }
    for tag in MD {
        // Markdown fields are written back from their tree: their text escaped like the rest,
        // their raw HTML shown as text.
        let needle = format!(
            r#"{tag} \#import "@preview/x:0.1.0" \#read("/etc/passwd") $x$ \] ) \[ \{{\{{ 7 \}}\}} \{{% raw %\}} \<script\>x\</script\> {}"#,
            '\u{fffd}'
        );
        assert!(md.contains(&needle), "Markdown lacks {needle:?}:\n{md}");
    }

    let Some(_) = typst else { return };
    let pdf = out.join("hostile-all.pdf");
    // `-raw`: in the order typst wrote the text, so that table cells do not interleave.
    let raw = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let raw = String::from_utf8_lossy(&raw.stdout).to_string();
    let text = squeeze(&raw);
    assert!(
        !raw.contains('\u{7}'),
        "a control character reached the PDF"
    );
    assert!(!raw.contains("root:"), "a file was read");
    for tag in PLAIN.iter().filter(|t| !NOT_PRINTED.contains(t)) {
        let needle = squeeze(&format!(
            r#"{tag} #import "@preview/x:0.1.0" #read("/etc/passwd") $x$ *b* _i_ ] ) [ {{{{ 7*7 }}}} {{% raw %}} <b>h</b>"#
        ));
        assert!(
            text.to_lowercase().contains(&needle.to_lowercase()),
            "PDF lacks {needle:?}:\n{raw}"
        );
    }
    for tag in MD {
        let needle = squeeze(&format!(
            r#"{tag} #import "@preview/x:0.1.0" #read("/etc/passwd") $x$ ] ) [ {{{{ 7 }}}} {{% raw %}} <script>x</script>"#
        ));
        assert!(text.contains(&needle), "PDF lacks {needle:?}:\n{raw}");
    }
    // The logo is drawn (one image on the cover, one in the signature box).
    let images = Command::new("pdfimages")
        .arg("-list")
        .arg(&pdf)
        .output()
        .unwrap();
    let images = String::from_utf8_lossy(&images.stdout);
    assert_eq!(images.lines().skip(2).count(), 2, "{images}");
}

#[test]
fn typst_never_downloads_packages() {
    let Some(typst) = common::typst() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let templates = tmp.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("convention.typ"),
        "#import \"@preview/convgen-test-package:0.1.0\": *\n#let convention(data) = [x]\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let start = std::time::Instant::now();
    let o = render(
        &[&minimal()],
        &out,
        &[
            "--format",
            "pdf",
            "--templates",
            templates.to_str().unwrap(),
        ],
        Some(&typst),
    );
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("failed to download package"), "{stderr}");
    assert!(
        start.elapsed() < std::time::Duration::from_secs(20),
        "typst waited for the network"
    );
    assert!(!out.join("crpc-minimal.pdf").exists());
    let leftovers = std::fs::read_dir(&out).unwrap().count();
    assert_eq!(leftovers, 0, "temporary folders are removed");
}

#[test]
fn an_id_that_is_not_a_file_name_is_never_written() {
    let tmp = tempfile::tempdir().unwrap();
    let conv = tmp.path().join("a/b/conv");
    copy_dir(&minimal(), &conv);
    common::replace_in_folder(&conv, "\"crpc-minimal\"", "\"../../evil\"");
    let out = tmp.path().join("a/b/out");
    let o = render(
        &[&conv],
        &out,
        &["--format", "md,typ", "--allow-errors"],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("ne peut pas nommer un fichier"), "{stderr}");
    assert!(!tmp.path().join("evil.md").exists() && !tmp.path().join("a/evil.md").exists());
    let written: Vec<_> = std::fs::read_dir(&out)
        .map(|d| d.map(|e| e.unwrap().file_name()).collect())
        .unwrap_or_default();
    assert!(written.is_empty(), "{written:?}");
}

/// Files written for the first version of the format (the examples as they were) still check
/// clean and render.
#[test]
fn first_version_files_keep_working() {
    let v1 = root().join("tests/fixtures/v1");
    let o = convgen()
        .args(["check", "--format", "short"])
        .arg(&v1)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(
        o.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let out = tempfile::tempdir().unwrap();
    let typst = common::typst();
    let formats = if typst.is_some() { "md,pdf" } else { "md" };
    assert_ok(&render(
        &[&v1],
        out.path(),
        &["--format", formats],
        typst.as_deref(),
    ));
    for id in [CRPC, SPRO, PARTENARIAT] {
        let md = std::fs::read_to_string(out.path().join(format!("{id}.md"))).unwrap();
        assert!(md.contains("IL EST CONVENU CE QUI SUIT"), "{id}");
        assert!(md.contains("Fait à "), "{id}");
    }
}
