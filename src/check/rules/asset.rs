//! `asset`: a signatory's logo that is missing, outside the convention folder or not a PNG,
//! JPEG or SVG image, or an attached document (`[[annexes]] file`) that is not a Markdown or
//! PDF file of the folder, so that rendering never reads a file foreign to the convention.

use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::source::{MAX_ATTACHED_BYTES, MAX_LOGOS_BYTES};

pub static RULE: Rule = Rule {
    code: "asset",
    severity: Severity::Error,
    kinds: &[],
    summary: "un logo ou un document joint est introuvable, hors du dossier de la convention ou d'un format refusé",
    explanation: "Le logo d'un signataire (`logo = \"assets/region.png\"`) est un fichier du dossier \
de la convention, donné par un chemin relatif à ce dossier (de préférence sous `assets/`). Il est \
refusé s'il est absolu, remonte avec `..`, sort du dossier par un lien symbolique, n'existe pas, \
n'est pas un fichier ordinaire, dépasse 8 Mio, ou n'est pas une image PNG, JPEG ou SVG (extension \
et contenu). Ainsi la mise en page ne lit jamais un fichier étranger à la convention : seul un \
logo accepté est copié dans le dossier privé où typst compose le PDF. Il en va de même d'un \
document joint en annexe (`[[annexes]] kind = \"document\"`, `file = \"annexes/cadre.pdf\"`) : un \
fichier Markdown (`.md`, en UTF-8) ou PDF (`.pdf`) du dossier de la convention.",
    reference: None,
    recommendation: None,
    failing: "[[signatories]]\nid = \"region\"\nlogo = \"../../etc/logo.png\"\n",
    passing: "[[signatories]]\nid = \"region\"\nlogo = \"assets/region.png\"\n",
};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    let dir = ctx
        .sources
        .get(c.file)
        .path
        .parent()
        .unwrap_or(std::path::Path::new(""));
    let mut total = 0u64;
    let mut over = false;
    for s in &c.signatories {
        let Some(logo) = &s.logo else { continue };
        let resolved = crate::load::assets::resolve_logo(dir, &logo.value);
        if let Ok(path) = &resolved {
            total += std::fs::metadata(path).map_or(0, |m| m.len());
            if total > MAX_LOGOS_BYTES && !over {
                over = true;
                out.push(
                    RULE.at(
                        c.file,
                        logo.span,
                        format!(
                            "les logos de la convention dépassent ensemble {MAX_LOGOS_BYTES} octets à partir de celui-ci (chaque logo est copié à côté du PDF)"
                        ),
                    )
                    .label("logo")
                    .help("réduisez la taille des images ou leur nombre : un logo tient en quelques dizaines de kilo-octets"),
                );
            }
        }
        if let Err(problem) = resolved {
            out.push(
                RULE
                    .at(c.file, logo.span, problem.message(&logo.value))
                    .label("logo")
                    .help("placez l'image (PNG, JPEG ou SVG) dans le dossier `assets/` de la convention et donnez son chemin relatif : logo = \"assets/region.png\""),
            );
        }
    }
    let (mut attached, mut over) = (0u64, false);
    for a in &c.annexes {
        let Some(file) = &a.file else { continue };
        let resolved = crate::load::assets::resolve_document(dir, &file.value);
        if let Ok(path) = &resolved
            && file.value.to_ascii_lowercase().ends_with(".pdf")
        {
            attached += std::fs::metadata(path).map_or(0, |m| m.len());
            if attached > MAX_ATTACHED_BYTES && !over {
                over = true;
                out.push(
                    RULE.at(
                        c.file,
                        file.span,
                        format!(
                            "les documents PDF joints dépassent ensemble {MAX_ATTACHED_BYTES} octets à partir de celui-ci (chacun est copié à côté du PDF et inclus page par page)"
                        ),
                    )
                    .label("document")
                    .help("joignez une version allégée du document (images réduites), ou renvoyez au document publié par son adresse dans le texte de l'annexe"),
                );
            }
        }
        if let Err(problem) = resolved {
            out.push(
                RULE.at(c.file, file.span, problem.document_message(&file.value))
                    .label("document")
                    .help("placez le document (Markdown .md ou PDF .pdf) dans le dossier de la convention et donnez son chemin relatif : file = \"annexes/cadre.pdf\""),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;

    /// The base convention with a logo for the region.
    fn with_logo(path: &str) -> String {
        let name = "name = \"La Région Test\"\n";
        edit(BASE, name, &format!("{name}logo = \"{path}\"\n"))
    }

    #[test]
    fn attached_document_outside_the_folder_or_of_another_format() {
        let annex =
            |file: &str| format!("{BASE}\n[[annexes]]\nkind = \"document\"\nfile = \"{file}\"\n");
        for bad in [
            "../../etc/passwd.md",
            "/etc/cadre.pdf",
            "annexes/cadre.docx",
            "absent.pdf",
        ] {
            let d = codes("asset", &annex(bad));
            assert_eq!(d.len(), 1, "{bad}: {d:#?}");
            assert_eq!(d[0].label.as_deref(), Some("document"));
        }
    }

    #[test]
    fn logo_outside_the_folder() {
        let d = codes("asset", &with_logo("../../etc/logo.png"));
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].label.as_deref(), Some("logo"));
        assert!(codes("asset", BASE).is_empty());
    }

    #[test]
    fn png_logo_in_the_folder_is_accepted() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("crpc");
        std::fs::create_dir_all(dir.join("annexes")).unwrap();
        std::fs::create_dir_all(dir.join("assets")).unwrap();
        std::fs::write(dir.join("convention.toml"), with_logo("assets/region.png")).unwrap();
        for (year, text) in base_annexes() {
            std::fs::write(dir.join(format!("annexes/{year}.toml")), text).unwrap();
        }
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10";
        std::fs::write(dir.join("assets/region.png"), png).unwrap();
        let ws = crate::load::load(&[dir]).unwrap();
        let d = crate::check::check(&ws).diagnostics;
        assert!(d.is_empty(), "{d:#?}");
        // The same logo, absent: reported.
        std::fs::remove_file(tmp.path().join("crpc/assets/region.png")).unwrap();
        let ws = crate::load::load(&[tmp.path().join("crpc")]).unwrap();
        let d = crate::check::check(&ws).diagnostics;
        assert!(d.len() == 1 && d[0].code() == "asset", "{d:#?}");
    }

    #[test]
    fn attached_pdfs_are_bounded_together() {
        // Nine PDFs of 7.5 MiB each (sparse files: only their header is written) exceed the
        // 64 MiB of attached documents; eight do not.
        let check = |n: usize| {
            let tmp = tempfile::tempdir().unwrap();
            let dir = tmp.path().join("crpc");
            std::fs::create_dir_all(dir.join("annexes")).unwrap();
            std::fs::create_dir_all(dir.join("documents")).unwrap();
            let mut conv = BASE.to_string();
            for i in 0..n {
                conv.push_str(&format!(
                    "\n[[annexes]]\nkind = \"document\"\nfile = \"documents/d{i}.pdf\"\n"
                ));
                let path = dir.join(format!("documents/d{i}.pdf"));
                std::fs::write(&path, b"%PDF-1.7\n").unwrap();
                let f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
                f.set_len(7_864_320).unwrap();
            }
            std::fs::write(dir.join("convention.toml"), conv).unwrap();
            for (year, text) in base_annexes() {
                std::fs::write(dir.join(format!("annexes/{year}.toml")), text).unwrap();
            }
            let ws = crate::load::load(&[dir]).unwrap();
            crate::check::check(&ws)
                .diagnostics
                .into_iter()
                .filter(|d| d.code() == "asset")
                .collect::<Vec<_>>()
        };
        let d = check(9);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(
            d[0].message.contains("documents PDF joints dépassent"),
            "{}",
            d[0].message
        );
        assert!(check(8).is_empty());
    }
}
