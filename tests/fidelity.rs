//! The documents say what their parties wrote, in correct French, and the Markdown and the
//! PDF say the same words. End-to-end through the real binary, on the examples and on small
//! variations of the test fixture.

mod common;
use common::{convgen, copy_dir};

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn examples() -> PathBuf {
    root().join("examples")
}

const CRPC: &str = "crpc-centre-val-de-loire-2025";
const SPRO: &str = "spro-normandie-2025";
const PARTENARIAT: &str = "partenariat-occitanie-france-travail-2025";

/// Renders `paths` in `formats` into `out`; panics with the output when it fails.
fn render(paths: &[&Path], out: &Path, formats: &str, typst: Option<&Path>) {
    render_with(paths, out, formats, typst, &[]);
}

fn render_with(paths: &[&Path], out: &Path, formats: &str, typst: Option<&Path>, extra: &[&str]) {
    let mut cmd = convgen();
    cmd.arg("render")
        .args(paths)
        .arg("--out")
        .arg(out)
        .args(["--format", formats])
        .args(extra);
    if let Some(t) = typst {
        cmd.arg("--typst").arg(t);
    }
    let o = cmd.output().unwrap();
    assert!(
        o.status.success(),
        "exit {:?}\n{}\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The text of one page (1-based) or of the whole PDF (`None`), in content order.
fn pdf_text(pdf: &Path, page: Option<usize>) -> String {
    let mut cmd = Command::new("pdftotext");
    cmd.args(["-raw", "-enc", "UTF-8"]);
    if let Some(p) = page {
        cmd.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    let out = cmd.arg(pdf).arg("-").output().expect("pdftotext is needed");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .unwrap()
}

/// The words of a text, one space apart (Markdown hard breaks `\` at line ends included).
fn squeeze(text: &str) -> String {
    text.replace("\\\n", " ")
        .split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The minimal fixture, copied, with `edits` applied to its `convention.toml`.
fn fixture(dir: &Path, edits: &[(&str, &str)]) -> PathBuf {
    let conv = dir.join("conv");
    copy_dir(&root().join("tests/fixtures/base/crpc-minimal"), &conv);
    let path = conv.join("convention.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "fixture lacks {from:?}");
        text = text.replacen(from, to, 1);
    }
    std::fs::write(&path, text).unwrap();
    conv
}

#[test]
fn parties_agree_in_gender_and_number() {
    let tmp = tempfile::tempdir().unwrap();
    let conv = fixture(
        tmp.path(),
        &[
            (
                "name = \"La Région Test\"",
                "name = \"La Région Test\"\ndesignation = \"la Région\"",
            ),
            (
                "name = \"Association régionale des missions locales\"",
                "name = \"Les missions locales de la région Test\"",
            ),
            (
                "capacity = \"Préfète de la région Test\" }",
                "capacity = \"Préfète de la région Test\" }\nmandate = \"Décret du 2 janvier 2025\"",
            ),
        ],
    );
    let out = tmp.path().join("out");
    render(&[&conv], &out, "md", None);
    let md = std::fs::read_to_string(out.join("crpc-minimal.md")).unwrap();
    let md = squeeze(&md);
    for needle in [
        // Elided, masculine: « L'État, représenté ».
        "**L’État**, représenté par",
        // Feminine, with its designation.
        "**La Région Test**, représentée par",
        "ci-après dénommée « la Région »",
        // Plural feminine.
        "**Les missions locales de la région Test**, représentées par",
        // The person: « habilitée » for a Préfète.
        "Préfète de la région Test, dûment habilitée",
    ] {
        assert!(md.contains(needle), "{needle:?} not in:\n{md}");
    }
    // Inside a sentence, the article is lower case.
    assert!(md.contains("Pour l’État,"), "{md}");
}

#[test]
fn the_typography_pass_inserts_no_break_spaces_and_apostrophes() {
    let tmp = tempfile::tempdir().unwrap();
    let conv = fixture(
        tmp.path(),
        &[(
            "[[objectives]]",
            "[preamble]\ntext = \"Selon la délibération n° 12 et M. Dupont, l'article L. 6123-4 vise 20 000 jeunes, soit 40 % des inscrits: voir la page 3.\"\n\n[[objectives]]",
        )],
    );
    let out = tmp.path().join("out");
    let typst = common::typst();
    render(
        &[&conv],
        &out,
        if typst.is_some() { "md,pdf" } else { "md" },
        typst.as_deref(),
    );
    let md = std::fs::read_to_string(out.join("crpc-minimal.md")).unwrap();
    for needle in [
        "n°\u{a0}12",
        "M.\u{a0}Dupont",
        "l’article L.\u{a0}6123-4",
        "20\u{202f}000\u{a0}jeunes",
        "40\u{a0}%",
        "inscrits\u{a0}:",
        "page\u{a0}3",
        "IL EST CONVENU CE QUI SUIT\u{a0}:",
        "Vu l’article L.\u{a0}6123-4 du code du travail",
    ] {
        assert!(md.contains(needle), "{needle:?} not in the Markdown");
    }
    assert!(md.contains("1<sup>er</sup>"), "ordinal in superscript");
    // Typst gets the same characters (pdftotext cannot show a no-break space: typst places
    // words, it does not write spaces), and keeps « 20 000 » on one line.
    let Some(typst) = typst else { return };
    let typ = tmp.path().join("typ");
    render(&[&conv], &typ, "typ", Some(&typst));
    let json = std::fs::read_to_string(typ.join("crpc-minimal.json")).unwrap();
    for needle in [
        "n°\u{a0}12",
        "20\u{202f}000\u{a0}jeunes",
        "40\u{a0}%",
        "l’article L.\u{a0}6123-4",
    ] {
        assert!(json.contains(needle), "{needle:?} not in typst's data");
    }
    let text = pdf_text(&out.join("crpc-minimal.pdf"), None);
    assert!(
        text.contains("20000 jeunes") || text.contains("20 000 jeunes"),
        "{text}"
    );
}

#[test]
fn the_spro_convention_reads_as_its_parties_wrote_it() {
    let tmp = tempfile::tempdir().unwrap();
    let typst = common::typst();
    let formats = if typst.is_some() { "md,pdf" } else { "md" };
    render(
        &[&examples().join(SPRO)],
        tmp.path(),
        formats,
        typst.as_deref(),
    );
    let md = squeeze(&std::fs::read_to_string(tmp.path().join(format!("{SPRO}.md"))).unwrap());
    // Visas first, the committee's avis among them, then the parties.
    let visa = md.find("Vu le code de l’éducation").unwrap();
    let avis = md
        .find("Vu l’avis du comité régional pour l’emploi")
        .unwrap();
    let between = md.find("**ENTRE**").unwrap();
    let last_visa = md
        .find("autorisant le Président du Conseil régional à la signer")
        .unwrap();
    assert!(
        visa < avis && avis < last_visa && last_visa < between,
        "{md}"
    );
    assert!(md.contains("agissant au nom et en sa qualité de Président du Conseil régional"));
    assert!(md.contains("**Il est convenu ce qui suit :**"));
    assert!(md.contains("## ARTICLE 1ER : OBJET DE LA CONVENTION"));
    assert!(md.contains("### 2-1 Coordination régionale"));
    assert!(md.contains("### 3-3 Amélioration continue"));
    // No invented end date; blanks to fill by hand for a final text.
    assert!(!md.contains("2027"), "an end date was invented");
    assert!(md.contains("Fait à ………………………, le ………………………"));
    assert!(md.contains("En 2 exemplaires."));
    assert!(md.contains("Pour la Région, Le Président du Conseil régional, Hervé Lecoutour"));
    assert!(!md.contains("PROJET"));
    // The attached document, its own headings under the annex's.
    assert!(md.contains("## Annexe 1 – Cadre régional de référence du SPRO"));
    assert!(md.contains("### Le cahier des charges du premier accueil"));
    let Some(_) = typst else { return };
    let pdf = tmp.path().join(format!("{SPRO}.pdf"));
    // « Fait à » stands on the page of the first signature box.
    let page = (1..=pages(&pdf))
        .find(|&p| pdf_text(&pdf, Some(p)).contains("Fait à"))
        .expect("Fait à printed");
    assert!(pdf_text(&pdf, Some(page)).contains("Pour la Région,"));
}

#[test]
fn the_partnership_has_parts_a_tacit_renewal_and_a_grouped_indicator_annex() {
    let tmp = tempfile::tempdir().unwrap();
    render(&[&examples().join(PARTENARIAT)], tmp.path(), "md", None);
    let md = std::fs::read_to_string(tmp.path().join(format!("{PARTENARIAT}.md"))).unwrap();
    let md = squeeze(&md);
    for needle in [
        "## I. Information – Orientation",
        "## V. Gouvernance",
        "### La durée de la convention",
        "représentée par sa Présidente, Madame Anne-Laure Castéran, autorisée à signer la présente convention",
        "d’une part,",
        "d’autre part,",
        "pour une durée de 2 ans, tacitement reconductible deux fois un an",
        "qui se réunit tous les deux mois",
        "## Annexe 1 – Indicateurs de suivi et d’évaluation de la mise en œuvre des dispositifs",
        "### Validation des acquis de l’expérience",
    ] {
        assert!(md.contains(needle), "{needle:?} not in:\n{md}");
    }
    // The signatures in the parties' order: France Travail first.
    assert!(md.find("Pour France Travail,").unwrap() < md.find("Pour la Région,").unwrap());
    // No « Il est convenu » the parties did not write, no empty means table.
    assert!(!md.contains("IL EST CONVENU"));
    assert!(!md.contains("Total"));
}

#[test]
fn an_attached_pdf_is_included_page_by_page() {
    let Some(typst) = common::typst() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let conv = fixture(
        tmp.path(),
        &[(
            "[coordination_plan]",
            "[[annexes]]\nkind = \"document\"\ntitle = \"Cadre de référence\"\nfile = \"documents/cadre.pdf\"\n\n[coordination_plan]",
        )],
    );
    let docs = conv.join("documents");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(
        docs.join("cadre.typ"),
        "#set page(paper: \"a4\")\nPremière page jointe\n#pagebreak()\nSeconde page jointe\n",
    )
    .unwrap();
    let o = Command::new(&typst)
        .arg("compile")
        .arg(docs.join("cadre.typ"))
        .arg(docs.join("cadre.pdf"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // PDF/A (the default) embeds no PDF: the annex names the file delivered beside.
    let out = tmp.path().join("out");
    render(&[&conv], &out, "md,pdf", Some(&typst));
    let text = pdf_text(&out.join("crpc-minimal.pdf"), None);
    assert!(text.contains("Annexe 1 – Cadre de référence"), "{text}");
    let note = "Document joint au format PDF : crpc-minimal-annexe-1.pdf (2 pages).";
    assert!(squeeze(&text).contains(note), "{text}");
    assert!(!text.contains("Première page jointe"));
    assert!(out.join("crpc-minimal-annexe-1.pdf").is_file());
    let md = std::fs::read_to_string(out.join("crpc-minimal.md")).unwrap();
    assert!(squeeze(&md).contains(note), "{md}");
    // A plain PDF holds the attached pages.
    let plain = tmp.path().join("plain");
    render_with(
        &[&conv],
        &plain,
        "pdf",
        Some(&typst),
        &["--pdf-standard", "none"],
    );
    let text = pdf_text(&plain.join("crpc-minimal.pdf"), None);
    assert!(
        text.contains("Première page jointe") && text.contains("Seconde page jointe"),
        "{text}"
    );
    assert_eq!(
        pages(&plain.join("crpc-minimal.pdf")),
        pages(&out.join("crpc-minimal.pdf")) + 2
    );
}

#[test]
fn the_outline_holds_the_texts_own_headings() {
    let Some(typst) = common::typst() else { return };
    let tmp = tempfile::tempdir().unwrap();
    render(
        &[&examples().join(PARTENARIAT)],
        tmp.path(),
        "pdf",
        Some(&typst),
    );
    let doc = lopdf::Document::load(tmp.path().join(format!("{PARTENARIAT}.pdf"))).unwrap();
    let toc = doc.get_toc().unwrap();
    let titles: Vec<(usize, String)> = toc.toc.iter().map(|t| (t.level, t.title.clone())).collect();
    let find = |t: &str| titles.iter().find(|(_, x)| x.contains(t)).map(|(l, _)| *l);
    let part = find("Information – Orientation").expect("part in the outline");
    let sub = find("La validation des acquis").expect("a heading written in a text");
    assert!(sub > part, "{titles:?}");
}

/// Tokens of a text for comparing two renderings: runs of letters or of digits, in lower
/// case, so that spacing, punctuation, case (a cover in capitals), hyphens (typst hyphenates
/// at line ends) and superscripts do not count.
fn tokens(text: &str) -> Vec<String> {
    let text: String = text
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{ad}' | '\u{202f}'))
        .collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut digits = false;
    for c in text.chars() {
        let word = c.is_alphanumeric();
        if (!word || c.is_ascii_digit() != digits) && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        if word {
            digits = c.is_ascii_digit();
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    // Groups of digits are one number, however their thin spaces were extracted.
    let mut merged: Vec<String> = Vec::new();
    for t in out {
        let digits = t.chars().all(|c| c.is_ascii_digit());
        match merged.last_mut() {
            Some(last) if digits && last.chars().all(|c| c.is_ascii_digit()) => last.push_str(&t),
            _ => merged.push(t),
        }
    }
    merged
}

/// The visible text of a Markdown document (as a reader of the rendered Markdown sees it).
fn markdown_text(md: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser};
    let mut out = String::new();
    for e in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out
}

/// The PDF's text without the page furniture (running header and footer, « PROJET » mark),
/// its hyphenated line breaks joined.
fn pdf_body(pdf: &Path, short_title: &str) -> String {
    let mut out = String::new();
    for p in 1..=pages(pdf) {
        let text = pdf_text(pdf, Some(p));
        let mut lines: Vec<&str> = text.lines().collect();
        lines.retain(|l| {
            let l = l.trim();
            !(l.starts_with(short_title)
                || l.starts_with("Empreinte ")
                || (l.starts_with("page") && l.contains(" / "))
                || l == "PROJET")
        });
        let mut joined = String::new();
        for line in lines {
            // A word cut at the end of a line is one word (hyphens do not count anyway).
            if joined.ends_with('-') || joined.ends_with('\u{2010}') || joined.ends_with('\u{ad}') {
                joined.pop();
            } else {
                joined.push(' ');
            }
            joined.push_str(line);
        }
        out.push_str(&joined);
        out.push(' ');
    }
    out
}

#[test]
fn markdown_and_pdf_say_the_same_words() {
    let Some(typst) = common::typst() else { return };
    let tmp = tempfile::tempdir().unwrap();
    render(&[&examples()], tmp.path(), "md,pdf", Some(&typst));
    for (id, header) in [
        (CRPC, "CRPC Centre-Val de Loire 2025-2027"),
        (PARTENARIAT, "Partenariat Région Occitanie – France Travail"),
        (SPRO, "SPRO Normandie – France Travail"),
    ] {
        let md = std::fs::read_to_string(tmp.path().join(format!("{id}.md"))).unwrap();
        let md = md
            .rsplit_once("\n---\n")
            .map_or(md.as_str(), |(body, _)| body);
        let m = tokens(&markdown_text(md));
        let p = tokens(&pdf_body(&tmp.path().join(format!("{id}.pdf")), header));
        assert!(
            m.len() > 500 && p.len() >= m.len(),
            "{id}: {} / {} words",
            m.len(),
            p.len()
        );
        let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &m, &p);
        let mut problems = Vec::new();
        for op in ops {
            match op {
                similar::DiffOp::Delete {
                    old_index, old_len, ..
                } => problems.push(format!(
                    "only in Markdown: {}",
                    m[old_index..old_index + old_len].join(" ")
                )),
                similar::DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => problems.push(format!(
                    "Markdown « {} » / PDF « {} »",
                    m[old_index..old_index + old_len].join(" "),
                    p[new_index..new_index + new_len].join(" ")
                )),
                // Words the PDF repeats (a table's header on each page) are words of the text.
                similar::DiffOp::Insert {
                    new_index, new_len, ..
                } => {
                    let run = &p[new_index..new_index + new_len];
                    if !m.windows(run.len()).any(|w| w == run) {
                        problems.push(format!("only in the PDF: {}", run.join(" ")));
                    }
                }
                similar::DiffOp::Equal { .. } => {}
            }
        }
        assert!(problems.is_empty(), "{id}:\n{}", problems.join("\n"));
    }
}
