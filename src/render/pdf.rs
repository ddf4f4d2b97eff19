//! The `pdf` backend: typst compiles the template and the JSON view in a private root folder
//! that holds nothing else (the logos are copied in), and the PDF is checked before it is kept.

use std::path::Path;

use super::typst::{self, CompileOptions, entry_source};
use super::{Backend, RenderError, Settings, Stage, json_of};
use crate::date::Date;
use crate::view::DocView;

pub struct Pdf;

/// A logo or an attached PDF accepted by the rule `asset`, read again without following links and within the
/// size limit (it could have changed since).
pub(super) fn read_asset(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    crate::source::read_regular(path, crate::load::assets::MAX_ASSET_BYTES)?
        .ok_or_else(|| std::io::Error::other("fichier trop volumineux"))
}

/// Refuses the logos of a view that weigh more than [`crate::source::MAX_LOGOS_BYTES`]
/// together, and its attached PDFs over [`crate::source::MAX_ATTACHED_BYTES`] (with
/// `--allow-errors`, the rule `asset` does not stop them).
pub(super) fn check_assets_total(view: &DocView, stage: &Stage) -> Result<(), RenderError> {
    let total = |attached: bool| -> u64 {
        view.assets
            .iter()
            .filter(|a| a.published == attached)
            .map(|a| std::fs::metadata(&a.source).map_or(0, |m| m.len()))
            .sum()
    };
    for (attached, limit, what) in [
        (false, crate::source::MAX_LOGOS_BYTES, "logos"),
        (
            true,
            crate::source::MAX_ATTACHED_BYTES,
            "documents PDF joints",
        ),
    ] {
        let n = total(attached);
        if n > limit {
            return Err(stage.io_error(
                &format!("les {what}"),
                std::io::Error::other(format!("{n} octets de {what}, limite {limit}")),
            ));
        }
    }
    Ok(())
}

/// Writes the PDF typst made as `name` in the staging folder: with its signatory boxes
/// turned into signature fields (checked again), unless `--no-signature-fields`.
fn keep_pdf(
    view: &DocView,
    settings: &Settings<'_>,
    stage: &Stage,
    name: &str,
    pdf: &[u8],
) -> Result<(), RenderError> {
    let signed;
    let pdf = if settings.signature_fields {
        let signers: Vec<super::sigfields::Signer> = view
            .signature
            .boxes
            .iter()
            .map(|b| super::sigfields::Signer {
                id: b.id.clone(),
                label: b
                    .lines
                    .iter()
                    .map(|l| super::office::flow::plain(l))
                    .collect::<Vec<_>>()
                    .join(" "),
            })
            .collect();
        signed =
            super::sigfields::add_fields(pdf, &signers).map_err(RenderError::SignatureFields)?;
        typst::verify_pdf(&signed).map_err(RenderError::Typst)?;
        &signed[..]
    } else {
        pdf
    };
    std::fs::write(stage.path().join(name), pdf).map_err(|e| stage.io_error(name, e))
}

/// Name of typst's root folder inside the staging folder of a convention (a warm typst's
/// folder is its root).
const ROOT: &str = ".typst-root";
/// The template module in typst's root folder, beside `data.json` and the logos
/// (`<id>-logo-<n>.<ext>`, `<id>-annexe-<n>.pdf`: no id names it). At the top, not in a
/// sub-folder as `--format typ` puts it: a folder fewer to create and remove per render
/// (each costs 0.1 to 0.6 ms on an ext4 mounted with `discard`).
const ROOT_TEMPLATE: &str = "convgen-convention.typ";

/// A typst started before the conventions are read: it starts and sets up (a few
/// milliseconds; typst 0.15.1 then waits for its source) while convgen loads, checks and
/// lays out, and compiles
/// the first PDF of the run when its source is ready (on its standard input). Only with the
/// built-in Typst template, which dates the document itself (`set document(date: …)`): the
/// `--creation-timestamp` given before the convention is known changes nothing in the PDF.
pub struct Warm {
    // Declared first: typst is killed before its folder is removed.
    compilation: typst::Compilation,
    stage: Stage,
}

impl Warm {
    /// Starts typst in a private folder of `out` (which must exist): the folder holds only
    /// typst's sources, so it is typst's root itself.
    pub fn start(
        out: &Path,
        typst_bin: &typst::Typst,
        pdf_standard: &str,
    ) -> Result<Warm, RenderError> {
        let stage = Stage::new(out)?;
        let root = stage.path();
        let options = CompileOptions {
            pdf_standard: pdf_standard.to_string(),
            creation: Date {
                year: 1970,
                month: 1,
                day: 1,
            },
        };
        let compilation = typst::start(typst_bin, root, &options).map_err(RenderError::Typst)?;
        Ok(Warm { compilation, stage })
    }
}

/// Where the warm typst waits for the first PDF of the run, if one was started.
pub type WarmSlot = std::sync::Mutex<Option<Warm>>;

impl Backend for Pdf {
    fn render(
        &self,
        view: &DocView,
        settings: &Settings<'_>,
        stage: &mut Stage,
    ) -> Result<(), RenderError> {
        let typst_bin = settings.typst.ok_or(RenderError::NoTypst)?;
        let warm = settings
            .warm
            .and_then(|slot| slot.lock().unwrap_or_else(|e| e.into_inner()).take());
        let root = match &warm {
            Some(w) => w.stage.path().to_path_buf(),
            None => {
                let root = stage.path().join(ROOT);
                std::fs::create_dir(&root)
                    .map_err(|e| stage.io_error("un dossier temporaire", e))?;
                root
            }
        };
        write_sources(view, settings, stage, &root)?;
        let entry = entry_source(ROOT_TEMPLATE, "data.json");
        let name = format!("{}.pdf", view.id);
        // The PDF is kept as soon as typst has written it, while typst exits.
        let keep = |pdf: &[u8]| keep_pdf(view, settings, stage, &name, pdf);
        let kept = match warm {
            Some(Warm {
                compilation,
                stage: folder,
            }) => {
                // typst reads nothing more once the PDF is written: its folder goes then.
                let mut folder = Some(folder);
                compilation.finish(&entry, |pdf| {
                    let kept = keep(pdf);
                    drop(folder.take());
                    kept
                })
            }
            None => compile_cold(view, settings, typst_bin, &root, &entry, keep),
        };
        kept.map_err(RenderError::Typst)??;
        stage.adopt(&name);
        super::publish_attachments(view, stage)
    }
}

/// Writes typst's sources into its root folder: the template module, the logos (typst reads
/// nothing outside this folder, `--root`) and the view as JSON.
fn write_sources(
    view: &DocView,
    settings: &Settings<'_>,
    stage: &Stage,
    root: &Path,
) -> Result<(), RenderError> {
    let write = |name: &str, bytes: &[u8]| {
        let path = root.join(name);
        if let Some(parent) = path.parent() {
            super::cleanup::create_below(root, parent).map_err(|e| stage.io_error(name, e))?;
        }
        std::fs::write(path, bytes).map_err(|e| stage.io_error(name, e))
    };
    write(ROOT_TEMPLATE, settings.templates.typst.as_bytes())?;
    check_assets_total(view, stage)?;
    for asset in &view.assets {
        let bytes = read_asset(&asset.source).map_err(|e| stage.io_error(&asset.name, e))?;
        write(&asset.name, &bytes)?;
    }
    write(
        "data.json",
        json_of(
            view,
            super::embeds_pdf(settings.pdf_standard),
            settings.signature_fields,
        )
        .as_bytes(),
    )
}

/// A typst started for this convention, dated by the convention's date.
fn compile_cold(
    view: &DocView,
    settings: &Settings<'_>,
    typst_bin: &typst::Typst,
    root: &Path,
    entry: &str,
    keep: impl FnMut(&[u8]) -> Result<(), RenderError>,
) -> Result<Result<(), RenderError>, String> {
    let d = &view.document_date;
    let creation = Date::new(d.year, d.month, d.day).unwrap_or(Date {
        year: 1970,
        month: 1,
        day: 1,
    });
    let options = CompileOptions {
        pdf_standard: settings.pdf_standard.to_string(),
        creation,
    };
    typst::compile(typst_bin, root, entry, &options, keep)
}
