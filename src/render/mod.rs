//! Render stage: the [`view`](crate::view) of a convention → files, one [`Backend`] per
//! [`Format`].
//!
//! Every format of one convention is first written into a private staging folder inside the
//! output folder; only when all of them succeeded are they moved into place, one rename each.
//! A failure therefore never leaves a half-written file, never touches earlier outputs, and
//! never leaves one format of a convention beside another format of an older version.

pub mod child;
pub mod cleanup;
pub mod markdown;
pub mod office;
mod pdf;
pub use pdf::{Warm, WarmSlot};
pub mod sandbox;
pub mod sigfields;
pub mod templates;
mod typ;
pub mod typst;

use std::path::{Path, PathBuf};

pub use crate::output::write_atomic;
pub use templates::{TemplateError, Templates};

use crate::load::{Unit, Workspace};
use crate::view::{self, DocView};

/// Output formats of `convgen render`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Md,
    Pdf,
    Typ,
    Docx,
    Odt,
}

impl Format {
    /// The backend that writes this format.
    pub fn backend(self) -> &'static dyn Backend {
        match self {
            Format::Md => &markdown::Markdown,
            Format::Pdf => &pdf::Pdf,
            Format::Typ => &typ::TypSource,
            Format::Docx => &office::Docx,
            Format::Odt => &office::Odt,
        }
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
    /// A typst already started for the first PDF of the run ([`pdf::Warm`]).
    pub warm: Option<&'a pdf::WarmSlot>,
    /// One signature field per signatory box in the PDF ([`sigfields`]); off with
    /// `--no-signature-fields`.
    pub signature_fields: bool,
}

/// Why one convention could not be rendered (the others of the run go on).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("l'identifiant `{0}` ne peut pas nommer un fichier : rien n'est écrit")]
    UnsafeId(String),
    #[error("écriture de {what} dans {dir} : {source}")]
    Io {
        what: String,
        dir: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error("typst est nécessaire pour le PDF")]
    NoTypst,
    #[error("typst a refusé le document :\n{0}")]
    Typst(String),
    #[error("{0} : rien n'est publié")]
    SignatureFields(String),
}

/// One output format: writes its files for one convention into the [`Stage`].
pub trait Backend: Sync {
    fn render(
        &self,
        view: &DocView,
        settings: &Settings<'_>,
        stage: &mut Stage,
    ) -> Result<(), RenderError>;
}

/// The private folder where the files of one convention are written before they are moved
/// into the output folder together.
pub struct Stage {
    /// Removed when the stage is dropped, before it leaves the registry (fields drop in
    /// order): a signal arriving meanwhile still finds it, and [`cleanup::abort`] removes it
    /// whole before the process exits.
    dir: tempfile::TempDir,
    _registered: cleanup::FolderGuard,
    /// Where the files go at the end (for messages).
    out: String,
    files: Vec<String>,
}

impl Stage {
    fn new(out: &Path) -> Result<Stage, RenderError> {
        let shown = out.display().to_string();
        let (dir, registered) =
            cleanup::FolderGuard::create(out).map_err(|source| RenderError::Io {
                what: "un dossier temporaire".into(),
                dir: shown.clone(),
                source,
            })?;
        Ok(Stage {
            dir,
            _registered: registered,
            out: shown,
            files: Vec::new(),
        })
    }

    /// The staging folder itself.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// An I/O failure about `what`, for messages.
    pub fn io_error(&self, what: &str, source: std::io::Error) -> RenderError {
        RenderError::Io {
            what: what.to_string(),
            dir: self.out.clone(),
            source,
        }
    }

    /// Writes an output file (`name` may hold a sub-folder, as the shared Typst template).
    pub fn write(&mut self, name: &str, bytes: &[u8]) -> Result<(), RenderError> {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            cleanup::create_below(self.dir.path(), parent).map_err(|e| self.io_error(name, e))?;
        }
        std::fs::write(path, bytes).map_err(|e| self.io_error(name, e))?;
        self.adopt(name);
        Ok(())
    }

    /// Marks a file that something else wrote into the staging folder as an output.
    pub fn adopt(&mut self, name: &str) {
        if !self.files.iter().any(|f| f == name) {
            self.files.push(name.to_string());
        }
    }

    /// Moves every output into `out`; returns their paths.
    fn publish(self, out: &Path) -> Result<Vec<PathBuf>, RenderError> {
        let _publishing = cleanup::publishing().map_err(|e| self.io_error("la publication", e))?;
        let mut written = Vec::with_capacity(self.files.len());
        for name in &self.files {
            let from = self.dir.path().join(name);
            let to = out.join(name);
            // `out` exists (the staging folder is in it); a sub-folder may not.
            if let Some(parent) = to.parent().filter(|p| *p != out) {
                std::fs::create_dir_all(parent).map_err(|e| self.io_error(name, e))?;
            }
            std::fs::rename(&from, &to).map_err(|e| self.io_error(name, e))?;
            written.push(to);
        }
        // Empty now, unless outputs had sub-folders: then the drop removes it whole.
        let _ = std::fs::remove_dir(self.dir.path());
        Ok(written)
    }
}

/// The view of one loaded convention folder (`None` when its convention did not decode).
pub fn view_of(ws: &Workspace, unit: &Unit) -> Option<DocView> {
    let conv = unit.convention.as_ref()?;
    let annexes = unit.own_annexes(conv);
    let mut view = view::build(conv, &annexes, view::fingerprint(ws, unit));
    let avenants: Vec<&crate::model::Avenant> = unit
        .avenants
        .iter()
        .filter_map(|a| a.avenant.as_ref())
        .collect();
    view::consolidate(&mut view, conv, &avenants);
    view::attach(&mut view, conv, &unit.dir);
    Some(view)
}

/// The view of one convention folder with its conformity table as the last annex
/// (`convgen render --matrix`).
pub fn view_with_matrix(ws: &Workspace, unit: &Unit) -> Option<DocView> {
    let mut view = view_of(ws, unit)?;
    let m = crate::matrix::of_unit(ws, unit)?;
    let table = crate::matrix::table(&m, &view);
    if !view.annex_list.is_empty() {
        view.annex_list.push(table.heading.clone());
    }
    view.annexes.push(table);
    Some(view)
}

/// Renders one convention in every requested format; returns the files written.
pub fn render_one(view: &DocView, settings: &Settings) -> Result<Vec<PathBuf>, RenderError> {
    if !crate::load::assets::is_file_name_safe(&view.id) {
        return Err(RenderError::UnsafeId(view.id.escape_debug().to_string()));
    }
    let mut formats = settings.formats.to_vec();
    formats.sort();
    formats.dedup();
    let mut stage = Stage::new(settings.out)?;
    for format in formats {
        format.backend().render(view, settings, &mut stage)?;
    }
    stage.publish(settings.out)
}

/// The view as the JSON document the Typst template reads; `embed_pdf` says whether attached
/// PDFs may be embedded page by page (typst embeds no PDF in a PDF/A document),
/// `signature_fields` whether the signatory boxes carry the links that become signature
/// fields ([`sigfields`]).
fn json_of(view: &DocView, embed_pdf: bool, signature_fields: bool) -> String {
    #[derive(serde::Serialize)]
    struct Data<'a> {
        #[serde(flatten)]
        view: &'a DocView,
        embed_pdf: bool,
        signature_fields: bool,
    }
    let data = Data {
        view,
        embed_pdf,
        signature_fields,
    };
    // Compact: typst reads it (a third of the bytes of the indented form; `jq .` shows it).
    let mut s = serde_json::to_string(&data).expect("the view serializes");
    s.push('\n');
    s
}

/// Whether a `--pdf-standard` lets typst embed PDF pages: plain PDF versions only.
fn embeds_pdf(standard: &str) -> bool {
    standard
        .split(',')
        .all(|s| s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()))
}

/// The attached PDF annexes, published beside the documents (`<id>-annexe-<n>.pdf`).
fn publish_attachments(view: &DocView, stage: &mut Stage) -> Result<(), RenderError> {
    for asset in view.assets.iter().filter(|a| a.published) {
        let bytes = std::fs::read(&asset.source).map_err(|e| stage.io_error(&asset.name, e))?;
        stage.write(&asset.name, &bytes)?;
    }
    Ok(())
}
