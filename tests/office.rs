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
