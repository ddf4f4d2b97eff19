//! End-to-end tests of the editable outputs (`convgen render --format docx,odt`): every
//! example, opened by LibreOffice (headless, a private profile per test), says the same
//! words as the PDF, and two renders are byte-identical.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const IDS: [&str; 3] = [
    "crpc-centre-val-de-loire-2025",
    "partenariat-occitanie-france-travail-2025",
    "spro-normandie-2025",
];

fn render(paths: &[&Path], out: &Path, formats: &str, typst: Option<&Path>) {
    let mut cmd = common::convgen();
    cmd.arg("render")
        .args(paths)
        .arg("--out")
        .arg(out)
        .args(["--format", formats]);
    if let Some(t) = typst {
        cmd.arg("--typst").arg(t);
    }
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{}", common::outcome(&o));
    let stdout = common::stdout(&o);
    for id in IDS
        .iter()
        .filter(|_| paths == [root().join("examples").as_path()])
    {
        for ext in formats.split(',') {
            let f = out.join(format!("{id}.{ext}"));
            assert!(
                stdout.contains(&format!("rendu : {}", f.display())),
                "{stdout}"
            );
        }
    }
}

/// LibreOffice converts `files` (headless, with a profile of its own in `dir`) to `to`
/// (`txt:Text`, `pdf`) into `dir/<to>`; the converted files, in order.
fn soffice(soffice: &Path, dir: &Path, files: &[PathBuf], to: &str) -> Vec<PathBuf> {
    let profile = dir.join("lo-profile");
    let from = files[0].extension().unwrap().to_str().unwrap();
    let out = dir.join(format!("{from}-{}", to.split(':').next().unwrap()));
    let o = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
        .arg(&out)
        .args(files)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", common::outcome(&o));
    let ext = to.split(':').next().unwrap();
    let converted: Vec<PathBuf> = files
        .iter()
        .map(|f| out.join(f.with_extension(ext).file_name().unwrap()))
        .collect();
    for c in &converted {
        assert!(
            c.is_file(),
            "LibreOffice did not convert to {}: {}",
            c.display(),
            common::outcome(&o)
        );
    }
    converted
}

/// The words of a text, counted: runs of letters and digits. A word cut by hyphenation at a
/// line end (a soft hyphen) is joined again, non-breaking hyphens join, and so do the groups
/// of a number (« 11 500 »: the PDF shows the narrow space as a gap, or not).
fn words(text: &str) -> BTreeMap<String, usize> {
    let chars: Vec<char> = text.chars().collect();
    let mut clean = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let space = |c: char| c.is_whitespace() || c == '\u{202f}' || c == '\u{a0}';
        if c == '\u{ad}' {
            i += 1;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            continue;
        }
        if space(c) && clean.ends_with(|p: char| p.is_ascii_digit()) {
            let mut j = i;
            while j < chars.len() && space(chars[j]) {
                j += 1;
            }
            if j < chars.len() && chars[j].is_ascii_digit() {
                i = j;
                continue;
            }
        }
        if c != '\u{2011}' {
            clean.push(c);
        }
        i += 1;
    }
    let mut counts = BTreeMap::new();
    for w in clean
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *counts.entry(w.to_string()).or_insert(0) += 1;
    }
    counts
}

/// The PDF's text without its running header and footer (cropped off).
fn pdf_body_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args([
            "-enc", "UTF-8", "-raw", "-x", "0", "-y", "72", "-W", "596", "-H", "703",
        ])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// Words of the office text missing from the PDF or more frequent there, and words of the
/// PDF the office text lacks. The PDF may say a word more often: a table's header row is
/// repeated on each page it spans.
fn difference(office: &BTreeMap<String, usize>, pdf: &BTreeMap<String, usize>) -> Vec<String> {
    let mut diff = Vec::new();
    for (w, n) in office {
        let m = pdf.get(w).copied().unwrap_or(0);
        if *n > m {
            diff.push(format!("{w:?}: {n} in the office text, {m} in the PDF"));
        }
    }
    for (w, m) in pdf {
        if !office.contains_key(w) {
            diff.push(format!("{w:?}: only in the PDF ({m})"));
        }
    }
    diff
}

#[test]
fn every_example_opens_in_libreoffice_with_the_words_of_the_pdf() {
    let Some(typst) = common::typst() else { return };
    let Some(office) = common::tool("soffice") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    render(
        &[&root().join("examples")],
        &out,
        "pdf,docx,odt",
        Some(&typst),
    );
    for ext in ["docx", "odt"] {
        let files: Vec<PathBuf> = IDS
            .iter()
            .map(|id| out.join(format!("{id}.{ext}")))
            .collect();
        let texts = soffice(&office, tmp.path(), &files, "txt:Text");
        for ((file, txt), id) in files.iter().zip(&texts).zip(IDS) {
            same_words_as_the_pdf(file, txt, &out.join(format!("{id}.pdf")));
        }
    }
}

/// The key strings of each example, as LibreOffice reads them.
fn needles(id: &str) -> &'static [&'static str] {
    match id {
        "crpc-centre-val-de-loire-2025" => &[
            "IL EST CONVENU CE QUI SUIT",
            "Titre I – Élaborer un état des lieux partagé",
            "Fait à Orléans, le 14 mars 2025",
            "Nombre de portraits de bassins",
            "Annexe 2 – Année 2025",
        ],
        "partenariat-occitanie-france-travail-2025" => {
            &["I. Information – Orientation", "V. Gouvernance"]
        }
        _ => &[
            "ARTICLE 1ER : OBJET DE LA CONVENTION",
            "2-1 Coordination régionale",
        ],
    }
}

fn same_words_as_the_pdf(file: &Path, txt: &Path, pdf: &Path) {
    let id = file.file_stem().unwrap().to_str().unwrap();
    let text = std::fs::read_to_string(txt).unwrap();
    let flat = text.replace(['\u{a0}', '\u{202f}'], " ");
    for needle in needles(id) {
        assert!(
            flat.contains(needle),
            "{}: lacks {needle:?}",
            file.display()
        );
    }
    let diff = difference(&words(&text), &words(&pdf_body_text(pdf)));
    assert!(
        diff.is_empty(),
        "{}: words differ from the PDF:\n{}",
        file.display(),
        diff.join("\n")
    );
}

fn pdf_page_text(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-f", &p, "-l", &p])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).replace(['\u{a0}', '\u{202f}'], " ")
}

#[test]
fn a_draft_says_projet_with_page_fields_and_renders_are_byte_identical() {
    let Some(office) = common::tool("soffice") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let conv = tmp.path().join("draft");
    common::copy_dir(&root().join("tests/fixtures/base/crpc-minimal"), &conv);
    let path = conv.join("convention.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("status = \"final\"", "status = \"draft\"", 1),
    )
    .unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    render(&[&conv], &a, "docx,odt", None);
    render(&[&conv], &b, "docx,odt", None);
    for ext in ["docx", "odt"] {
        let name = format!("crpc-minimal.{ext}");
        let bytes = std::fs::read(a.join(&name)).unwrap();
        assert_eq!(
            bytes,
            std::fs::read(b.join(&name)).unwrap(),
            "{name}: two renders differ"
        );
        let pdf = &soffice(&office, tmp.path(), &[a.join(&name)], "pdf")[0];
        // The running header (from page 2, as in the PDF) and the footer's fields.
        let first = pdf_page_text(pdf, 1);
        assert!(first.contains("page 1 / "), "{name}: {first}");
        assert!(first.contains("Empreinte "), "{name}: {first}");
        let second = pdf_page_text(pdf, 2);
        assert!(
            second.contains("PROJET"),
            "{name}: page 2 lacks PROJET:\n{second}"
        );
        assert!(second.contains("page 2 / "), "{name}: {second}");
    }
    // The examples too, all formats at once.
    let (a, b) = (tmp.path().join("ea"), tmp.path().join("eb"));
    render(&[&root().join("examples")], &a, "docx,odt", None);
    render(&[&root().join("examples")], &b, "docx,odt", None);
    for id in IDS {
        for ext in ["docx", "odt"] {
            let name = format!("{id}.{ext}");
            assert_eq!(
                std::fs::read(a.join(&name)).unwrap(),
                std::fs::read(b.join(&name)).unwrap(),
                "{name}: two renders differ"
            );
        }
    }
}

#[test]
fn logos_are_embedded_where_the_pdf_has_them() {
    let Some(office) = common::tool("soffice") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    render(
        &[&root().join("tests/fixtures/rules/asset/pass")],
        &out,
        "docx,odt",
        None,
    );
    for (ext, entry) in [
        ("docx", "word/media/logo1.png"),
        ("odt", "Pictures/logo1.png"),
    ] {
        let file = out.join(format!("asset.{ext}"));
        let bytes = std::fs::read(&file).unwrap();
        let has = |s: &[u8]| bytes.windows(s.len()).any(|w| w == s);
        assert!(has(entry.as_bytes()), "{ext}: no {entry}");
        // The PNG logo is there; the SVG one is left out of these formats.
        assert!(!has(b".svg"), "{ext}");
        let pdf = &soffice(&office, tmp.path(), &[file], "pdf")[0];
        let list = Command::new("pdfimages")
            .arg("-list")
            .arg(pdf)
            .output()
            .unwrap();
        let images = String::from_utf8_lossy(&list.stdout)
            .lines()
            .skip(2)
            .count();
        // On the cover and in the signatory's box.
        assert_eq!(
            images,
            2,
            "{ext}: {}",
            String::from_utf8_lossy(&list.stdout)
        );
    }
}

#[test]
fn markup_in_the_text_comes_out_literally() {
    let Some(office) = common::tool("soffice") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let conv = tmp.path().join("hostile");
    common::copy_dir(&root().join("tests/fixtures/base/crpc-minimal"), &conv);
    let path = conv.join("convention.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let hostile = r#"title = "T <w:p/></w:t>&amp; </text:p>]]> \u0007 'q' \"d\" fin""#;
    let text = text.replacen(
        "title = \"Convention régionale pluriannuelle de coordination — Région Test\"",
        hostile,
        1,
    );
    std::fs::write(&path, text).unwrap();
    let out = tmp.path().join("out");
    let o = common::convgen()
        .arg("render")
        .arg(&conv)
        .arg("--out")
        .arg(&out)
        .args(["--format", "docx,odt", "--allow-errors"])
        .output()
        .unwrap();
    assert!(o.status.code().is_some(), "{}", common::outcome(&o));
    for ext in ["docx", "odt"] {
        let file = out.join(format!("crpc-minimal.{ext}"));
        assert!(file.is_file(), "{}", common::outcome(&o));
        let txt = &soffice(&office, tmp.path(), &[file], "txt:Text")[0];
        let text = std::fs::read_to_string(txt).unwrap();
        // (The typography pass puts a no-break space before « ; ».)
        let flat = text.replace(['\u{a0}', '\u{202f}'], " ");
        assert!(
            flat.contains("T <w:p/></w:t>&amp ; </text:p>]]>") && flat.contains("\"d\" fin"),
            "{ext}: {text}"
        );
        assert!(
            !text.contains('\u{7}'),
            "{ext}: a control character came through"
        );
    }
}

/// A one-page PDF, as an attached document.
fn one_page_pdf() -> Vec<u8> {
    use lopdf::{Document, Object, dictionary};
    let mut doc = Document::with_version("1.7");
    let pages = doc.new_object_id();
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn an_attached_pdf_is_delivered_beside_the_editable_documents() {
    let Some(office) = common::tool("soffice") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let conv = tmp.path().join("crpc-minimal");
    common::copy_dir(&root().join("tests/fixtures/base/crpc-minimal"), &conv);
    let path = conv.join("convention.toml");
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "[coordination_plan]",
        "[[annexes]]\nkind = \"document\"\ntitle = \"Cadre de référence\"\nfile = \"documents/cadre.pdf\"\n\n[coordination_plan]",
        1,
    );
    std::fs::write(&path, text).unwrap();
    std::fs::create_dir_all(conv.join("documents")).unwrap();
    std::fs::write(conv.join("documents/cadre.pdf"), one_page_pdf()).unwrap();
    let out = tmp.path().join("out");
    render(&[&conv], &out, "docx,odt", None);
    assert_eq!(
        std::fs::read(out.join("crpc-minimal-annexe-1.pdf")).unwrap(),
        one_page_pdf()
    );
    for ext in ["docx", "odt"] {
        let txt = &soffice(
            &office,
            tmp.path(),
            &[out.join(format!("crpc-minimal.{ext}"))],
            "txt:Text",
        )[0];
        let text = std::fs::read_to_string(txt)
            .unwrap()
            .replace(['\u{a0}', '\u{202f}'], " ");
        assert!(
            text.contains("Annexe 1 – Cadre de référence"),
            "{ext}: {text}"
        );
        assert!(
            text.contains("Document joint au format PDF : crpc-minimal-annexe-1.pdf (1 page)"),
            "{ext}: {text}"
        );
    }
}
