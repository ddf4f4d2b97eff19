//! End-to-end tests of `convgen avenant` through the real binary, on a git history of the
//! CRPC example built in a temporary folder, and of the consolidated convention.

mod common;
use common::{convgen_in as convgen, copy_dir, git, outcome, stdout};

use std::path::{Path, PathBuf};

const CRPC: &str = "examples/crpc-centre-val-de-loire-2025";
const MD: &str = "crpc-centre-val-de-loire-2025-avenant-1.md";

fn plain(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ")
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

const AVENANT: &str = r#"[avenant]
number = 1
object = "adapter le calendrier des annexes annuelles, la communication et la clause de revoyure"
date = 2026-06-15
place = "Orléans"
effect = 2026-07-01
amends = ["Durée de la convention", "Communication"]

[[deliberations]]
text = "la délibération n° 26.05.12 de la commission permanente du conseil régional"
date = 2026-05-12
"#;

/// A repository holding the CRPC example as signed (committed), then the working tree with
/// one change of each kind and `avenants/1.toml`.
fn history() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().to_path_buf();
    git(&repo, &["init", "-q"]);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join(CRPC), &repo.join("crpc"));
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "signée"]);
    let conv = repo.join("crpc/convention.toml");
    // Words replaced in the second paragraph of « Durée de la convention ».
    edit(
        &conv,
        "au plus tard le 31 janvier",
        "au plus tard le 15 février",
    );
    // « Communication » rewritten.
    edit(
        &conv,
        "Les signataires valorisent la présente convention dans leurs supports de communication. Toute communication relative à une action conduite en commun mentionne l'ensemble des partenaires concernés et fait figurer leurs logos, après accord de chacun d'eux.",
        "Chaque action conduite en commun est présentée sous une identité visuelle partagée, arrêtée par le comité de pilotage.",
    );
    // A section inserted before « Communication ».
    edit(
        &conv,
        "[[sections]]\nlevel = 3\ntitle = \"Communication\"",
        "[[sections]]\nlevel = 3\ntitle = \"Clause de revoyure\"\ntext = \"Les signataires réexaminent les objectifs de la convention à mi-parcours.\"\n\n[[sections]]\nlevel = 3\ntitle = \"Communication\"",
    );
    // « Échange et protection des données » removed.
    let text = std::fs::read_to_string(&conv).unwrap();
    let start = text
        .find("[[sections]]\nlevel = 3\ntitle = \"Échange et protection des données\"")
        .unwrap();
    let end = text[start + 1..]
        .find("\n[[")
        .map_or(text.len(), |i| start + i + 2);
    std::fs::write(&conv, format!("{}{}", &text[..start], &text[end..])).unwrap();
    // A target of 2026 changed; a means of 2027 changed.
    edit(
        &repo.join("crpc/annexes/2026.toml"),
        "indicator = \"portraits-bassins\"\ntarget = 22.0",
        "indicator = \"portraits-bassins\"\ntarget = 24.0",
    );
    let y2027 = repo.join("crpc/annexes/2027.toml");
    let t = std::fs::read_to_string(&y2027).unwrap();
    let first_budget = t.find("budget_eur = ").unwrap();
    let line_end = first_budget + t[first_budget..].find('\n').unwrap();
    std::fs::write(
        &y2027,
        format!(
            "{}budget_eur = 123_456{}",
            &t[..first_budget],
            &t[line_end..]
        ),
    )
    .unwrap();
    std::fs::create_dir_all(repo.join("crpc/avenants")).unwrap();
    std::fs::write(repo.join("crpc/avenants/1.toml"), AVENANT).unwrap();
    (dir, repo)
}

#[test]
fn avenant_from_git_has_one_article_per_kind_of_change() {
    let (_dir, repo) = history();
    let o = convgen(
        &repo,
        &[
            "avenant", "--rev", "HEAD", "crpc", "--out", "out", "--format", "md",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", outcome(&o));
    assert!(
        stdout(&o).contains(&format!("rendu : out/{MD}")),
        "{}",
        outcome(&o)
    );
    let raw = std::fs::read_to_string(repo.join("out").join(MD)).unwrap();
    // No-break spaces (which French typography puts after « n° », before « : »…) as spaces.
    let md = plain(&raw);
    let nb = ' ';
    for expected in [
        format!("# Avenant n°{nb}1 à la convention régionale pluriannuelle"),
        "**ENTRE**".to_string(),
        "Vu la convention régionale pluriannuelle de coordination de l’emploi, de l’orientation et de la formation professionnelles en Centre-Val de Loire, signée le 14 mars 2025".to_string(),
        format!("Vu la délibération n°{nb}26.05.12 de la commission permanente du conseil régional du 12 mai 2026"),
        "**IL EST CONVENU CE QUI SUIT".to_string(),
        "Le présent avenant a pour objet d’adapter le calendrier".to_string(),
        format!("Au deuxième alinéa du 1 de l’article IV-3, les mots «{nb}31 janvier{nb}» sont remplacés par les mots «{nb}15 février{nb}»."),
        format!("Il est inséré, après le 4 de l’article IV-3, un 5 ainsi rédigé{nb}:"),
        "Le 6 de l’article IV-3 est supprimé.".to_string(),
        format!("Le 5 de l’article IV-3 est remplacé par les dispositions suivantes{nb}:"),
        "> Chaque action conduite en commun est présentée sous une identité visuelle partagée".to_string(),
        format!("Le tableau des cibles de l’annexe 2026 est modifié comme suit{nb}:"),
        "| Nombre de portraits de bassins d’emploi actualisés et publiés | 22 | 24 |".to_string(),
        "L’annexe 2027 est remplacée par l’annexe jointe au présent avenant.".to_string(),
        "Les autres dispositions de la convention demeurent inchangées.".to_string(),
        "Le présent avenant prend effet le 1<sup>er</sup> juillet 2026.".to_string(),
        "Fait à Orléans, le 15 juin 2026".to_string(),
        "Pour la Région,".to_string(),
        "## Annexe 4 – Année 2027".to_string(),
    ] {
        assert!(md.contains(&expected), "missing {expected:?} in\n{md}");
    }
    // The annex of 2026 only has its targets changed: it is not joined.
    assert!(!md.contains("Année 2026"), "{md}");
    insta::assert_snapshot!("avenant_crpc_md", raw);
}

#[test]
fn avenant_pdf_is_byte_identical_across_runs() {
    let Some(typst) = common::typst() else { return };
    let (_dir, repo) = history();
    let mut pdfs = Vec::new();
    for out in ["a", "b"] {
        let typst = typst.to_str().unwrap();
        let args = [
            "avenant", "--rev", "HEAD", "crpc", "--out", out, "--typst", typst,
        ];
        let o = convgen(&repo, &args);
        assert_eq!(o.status.code(), Some(0), "{}", outcome(&o));
        let pdf = repo
            .join(out)
            .join("crpc-centre-val-de-loire-2025-avenant-1.pdf");
        pdfs.push(std::fs::read(&pdf).unwrap());
        assert!(repo.join(out).join(MD).is_file());
    }
    assert!(pdfs[0] == pdfs[1], "two runs gave different PDFs");
    let text = std::process::Command::new("pdftotext")
        .arg(repo.join("a/crpc-centre-val-de-loire-2025-avenant-1.pdf"))
        .arg("-")
        .output();
    let Ok(text) = text else {
        eprintln!("SKIPPED: pdftotext not found");
        return;
    };
    let text = String::from_utf8_lossy(&text.stdout);
    for expected in [
        "IL EST CONVENU CE QUI SUIT",
        "Le 6 de l’article IV-3 est supprimé.",
        "Article 9 – Date d’effet",
        "demeurent inchangées",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

#[test]
fn two_folders_and_the_consolidated_convention() {
    let (_dir, repo) = history();
    git(&repo, &["worktree", "add", "-q", "signed", "HEAD"]);
    let o = convgen(
        &repo,
        &[
            "avenant",
            "signed/crpc",
            "crpc",
            "--out",
            "two",
            "--format",
            "md",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", outcome(&o));
    let from_git = {
        let o = convgen(
            &repo,
            &[
                "avenant", "--rev", "HEAD", "crpc", "--out", "git", "--format", "md",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", outcome(&o));
        std::fs::read(repo.join("git").join(MD)).unwrap()
    };
    assert_eq!(std::fs::read(repo.join("two").join(MD)).unwrap(), from_git);

    // The amended convention renders as its consolidated version.
    let o = convgen(
        &repo,
        &["render", "crpc", "--out", "conv", "--format", "md"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", outcome(&o));
    let md = plain(
        &std::fs::read_to_string(repo.join("conv/crpc-centre-val-de-loire-2025.md")).unwrap(),
    );
    let nb = ' ';
    assert!(
        md.contains(&format!(
            "> *Version consolidée de la convention, modifiée par l’avenant n°{nb}1 du 15 juin 2026.*"
        )),
        "{md}"
    );
    let note = format!("*\\[Modifié par l’avenant n°{nb}1 du 15 juin 2026.\\]*");
    assert_eq!(md.matches(&note).count(), 2, "{md}");
    let durée = md.find("Durée de la convention").unwrap();
    assert!(
        md[durée..].find(&note).unwrap() < 600,
        "the note follows the section"
    );
}

#[test]
fn nothing_changed_is_no_avenant() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join(CRPC), &repo.join("crpc"));
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-qm", "signée"]);
    let o = convgen(
        repo,
        &[
            "avenant", "--rev", "HEAD", "crpc", "--out", "out", "--format", "md",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", outcome(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("pas d'avenant à rédiger"));
    assert!(!repo.join("out").exists());
}

#[test]
fn an_invalid_avenant_file_is_a_schema_error() {
    let (_dir, repo) = history();
    std::fs::write(repo.join("crpc/avenants/1.toml"), "[avenant]\nnumbre = 1\n").unwrap();
    let o = convgen(&repo, &["check", "crpc", "--format", "short"]);
    assert_eq!(o.status.code(), Some(1), "{}", outcome(&o));
    let out = stdout(&o);
    assert!(
        out.contains("crpc/avenants/1.toml:2:1: error[schema]"),
        "{out}"
    );
    let o = convgen(
        &repo,
        &[
            "avenant", "--rev", "HEAD", "crpc", "--out", "out", "--format", "md",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", outcome(&o));
}

#[test]
fn a_renamed_article_is_retitled_as_the_document_numbers_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let spro = root.join("examples/spro-normandie-2025");
    copy_dir(&spro, &dir.path().join("old/spro"));
    copy_dir(&spro, &dir.path().join("new/spro"));
    edit(
        &dir.path().join("new/spro/convention.toml"),
        "title = \"DURÉE\"",
        "title = \"DURÉE DE LA CONVENTION\"",
    );
    let args = [
        "avenant", "old/spro", "new/spro", "--out", "out", "--format", "md",
    ];
    let o = convgen(dir.path(), &args);
    assert_eq!(o.status.code(), Some(0), "{}", outcome(&o));
    let md = plain(
        &std::fs::read_to_string(dir.path().join("out/spro-normandie-2025-avenant-1.md")).unwrap(),
    );
    assert!(
        md.contains("Le titre de l’article 4 est ainsi rédigé : « DURÉE DE LA CONVENTION »."),
        "{md}"
    );
    // No metadata: the place and date of signature are left blank, effect at signature.
    assert!(md.contains("prend effet à compter de sa signature"), "{md}");
}
