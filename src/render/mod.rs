//! `convgen render`: Markdown and PDF documents from the [`view`](crate::view) of a convention.
//!
//! Every output is written atomically (a temporary file in the output folder, then a rename),
//! so a failure never leaves a half-written file nor touches earlier outputs.

pub mod markdown;
pub mod typst;

use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::load::{Unit, Workspace};
use crate::model::Annex;
pub use crate::output::write_atomic;
use crate::view::{self, DocView};

/// Output formats of `convgen render`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Md,
    Pdf,
    Typ,
}

/// Templates of one run (built-ins, possibly overridden by a user folder).
pub struct Templates {
    /// The Markdown templates, parsed only when Markdown is asked for.
    pub markdown: Option<tera::Tera>,
    /// Source of the Typst template module.
    pub typst: String,
    /// Where the overrides come from, if anywhere.
    pub dir: Option<PathBuf>,
}

impl Templates {
    /// Loads the built-ins with the overrides of `dir` (same file names), if given.
    /// Loads the templates; the Markdown ones (tera) only when `with_markdown`, since parsing
    /// them is half the work of rendering one convention to PDF.
    pub fn load(dir: Option<&Path>, with_markdown: bool) -> Result<Templates, String> {
        let markdown = if with_markdown {
            Some(markdown::templates(dir).map_err(|e| e.to_string())?)
        } else {
            None
        };
        let typst = match dir.map(|d| d.join(typst::TEMPLATE)).filter(|p| p.is_file()) {
            Some(p) => std::fs::read_to_string(&p)
                .map_err(|e| format!("impossible de lire {} : {e}", p.display()))?,
            None => typst::BUILTIN_TEMPLATE.to_string(),
        };
        Ok(Templates {
            markdown,
            typst,
            dir: dir.map(Path::to_path_buf),
        })
    }
}

/// Settings shared by every convention of a run.
pub struct Settings<'a> {
    pub out: &'a Path,
    pub formats: &'a [Format],
    pub templates: &'a Templates,
    /// Required when `formats` holds [`Format::Pdf`].
    pub typst: Option<&'a typst::Typst>,
    pub pdf_standard: &'a str,
}

/// The view of one loaded convention folder (`None` when its convention did not decode).
pub fn view_of(ws: &Workspace, unit: &Unit) -> Option<DocView> {
    let conv = unit.convention.as_ref()?;
    let annexes: Vec<&Annex> = unit
        .annexes
        .iter()
        .filter_map(|a| a.annex.as_ref())
        .filter(|a| a.header.convention.value == conv.header.id.value)
        .collect();
    let mut view = view::build(conv, &annexes, view::fingerprint(ws, unit));
    // Accepted logos (rule `asset`), numbered by signatory; refused ones are left out.
    for (i, s) in conv.signatories.iter().enumerate() {
        let Some(logo) = &s.logo else { continue };
        let Ok(source) = crate::load::assets::resolve_logo(&unit.dir, &logo.value) else {
            continue;
        };
        let Some(ext) = crate::load::assets::extension(&logo.value) else {
            continue;
        };
        let name = format!("{}-logo-{}.{ext}", view.id, i + 1);
        let shown = Some(format!("/{name}"));
        if let Some(p) = view.parties.get_mut(i) {
            p.logo = shown.clone();
        }
        if let Some(b) = view.signature.boxes.get_mut(i) {
            b.logo = shown;
        }
        view.assets.push(view::AssetFile { source, name });
    }
    Some(view)
}

fn json_of(view: &DocView) -> String {
    let mut s = serde_json::to_string_pretty(view).expect("the view serializes");
    s.push('\n');
    s
}

/// Renders one convention in every requested format; returns the files written.
pub fn render_one(view: &DocView, settings: &Settings) -> Result<Vec<PathBuf>, String> {
    let mut written = Vec::new();
    let io = |what: &str, e: std::io::Error| {
        format!("écriture de {what} dans {} : {e}", settings.out.display())
    };
    let id = &view.id;
    if !crate::load::assets::is_file_name_safe(id) {
        return Err(format!(
            "l'identifiant `{}` ne peut pas nommer un fichier : rien n'est écrit",
            id.escape_debug()
        ));
    }
    let mut formats = settings.formats.to_vec();
    formats.sort();
    formats.dedup();
    for format in formats {
        match format {
            Format::Md => {
                let templates = settings.templates.markdown.as_ref().ok_or_else(|| {
                    "modèles Markdown non chargés (Templates::load sans Markdown)".to_string()
                })?;
                let text = markdown::render(templates, view).map_err(|e| e.to_string())?;
                let name = format!("{id}.md");
                written.push(
                    write_atomic(settings.out, &name, text.as_bytes()).map_err(|e| io(&name, e))?,
                );
            }
            Format::Typ => {
                let data = format!("{id}.json");
                write_atomic(
                    settings.out,
                    typst::TEMPLATE_MODULE,
                    settings.templates.typst.as_bytes(),
                )
                .map_err(|e| io(typst::TEMPLATE_MODULE, e))?;
                written.push(
                    write_atomic(settings.out, &data, json_of(view).as_bytes())
                        .map_err(|e| io(&data, e))?,
                );
                for asset in &view.assets {
                    let bytes = std::fs::read(&asset.source).map_err(|e| io(&asset.name, e))?;
                    written.push(
                        write_atomic(settings.out, &asset.name, &bytes)
                            .map_err(|e| io(&asset.name, e))?,
                    );
                }
                let name = format!("{id}.typ");
                let entry = typst::entry_source(typst::TEMPLATE_MODULE, &data);
                written.push(
                    write_atomic(settings.out, &name, entry.as_bytes())
                        .map_err(|e| io(&name, e))?,
                );
            }
            Format::Pdf => {
                let typst_bin = settings
                    .typst
                    .ok_or_else(|| "typst est nécessaire pour le PDF".to_string())?;
                let work = tempfile::Builder::new()
                    .prefix(".convgen-")
                    .tempdir_in(settings.out)
                    .map_err(|e| io("un dossier temporaire", e))?;
                let dir = work.path();
                let write = |name: &str, bytes: &[u8]| {
                    std::fs::write(dir.join(name), bytes).map_err(|e| io(name, e))
                };
                write(typst::TEMPLATE_MODULE, settings.templates.typst.as_bytes())?;
                // Logos are copied in: typst reads nothing outside this folder (`--root`).
                for asset in &view.assets {
                    let bytes = std::fs::read(&asset.source).map_err(|e| io(&asset.name, e))?;
                    write(&asset.name, &bytes)?;
                }
                write("data.json", json_of(view).as_bytes())?;
                write(
                    "main.typ",
                    typst::entry_source(typst::TEMPLATE_MODULE, "data.json").as_bytes(),
                )?;
                let creation = Date::new(
                    view.document_date.year,
                    view.document_date.month,
                    view.document_date.day,
                )
                .unwrap_or(Date {
                    year: 1970,
                    month: 1,
                    day: 1,
                });
                typst::compile(
                    typst_bin,
                    dir,
                    "main.typ",
                    "out.pdf",
                    &typst::CompileOptions {
                        pdf_standard: settings.pdf_standard.to_string(),
                        creation,
                    },
                )
                .map_err(|e| format!("typst a refusé le document :\n{e}"))?;
                let target = settings.out.join(format!("{id}.pdf"));
                std::fs::rename(dir.join("out.pdf"), &target)
                    .map_err(|e| io(&format!("{id}.pdf"), e))?;
                written.push(target);
            }
        }
    }
    Ok(written)
}
