//! What `review` and `avenant` share with `render`: the options of a command that writes one
//! document from a view, finding typst before any work, and writing the files together.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::ValueEnum;

use convgen::render::{self, Format, RenderError, Settings, Templates, typst};
use convgen::source::printable;
use convgen::view::DocView;

use super::error::{Exit, Failure, Hint, Outcome, print_out};

/// The output options of `review` and `avenant`.
#[derive(clap::Args, Debug)]
pub struct DocumentArgs {
    /// Dossier de sortie (créé au besoin)
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: PathBuf,
    /// Formats produits, séparés par des virgules
    #[arg(long, value_enum, value_delimiter = ',', default_value = "md,pdf")]
    pub format: Vec<DocumentFormat>,
    /// Exécutable typst (sinon CONVGEN_TYPST, sinon le PATH)
    #[arg(long, value_name = "PATH")]
    pub typst: Option<PathBuf>,
    /// Durée maximale d'une exécution de typst, en secondes (1 à 3600)
    #[arg(long, value_name = "SECONDES", default_value_t = typst::DEFAULT_TIMEOUT.as_secs(),
        value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub typst_timeout: u64,
}

/// The formats of a single document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DocumentFormat {
    /// Markdown
    Md,
    /// PDF/A-2b (typst)
    Pdf,
}

impl DocumentArgs {
    fn formats(&self) -> Vec<Format> {
        self.format
            .iter()
            .map(|f| match f {
                DocumentFormat::Md => Format::Md,
                DocumentFormat::Pdf => Format::Pdf,
            })
            .collect()
    }

    /// typst, looked for before any work when a PDF is asked for.
    pub fn typst(&self) -> Result<Option<typst::Typst>, Failure> {
        find_typst(&self.formats(), self.typst.as_deref(), self.typst_timeout)
    }

    /// Writes the document of `view` in the formats asked, with the built-in templates, all
    /// files together; `Ok(Err(_))` when the document itself could not be rendered.
    pub fn write(
        &self,
        view: &DocView,
        typst: Option<&typst::Typst>,
        signature_fields: bool,
    ) -> Result<Result<Vec<PathBuf>, RenderError>, Failure> {
        let formats = self.formats();
        let templates = Templates::load(None, formats.contains(&Format::Md))
            .map_err(|e| Failure::msg(format!("modèles : {e}")))?;
        std::fs::create_dir_all(&self.out).map_err(|e| {
            Failure::msg(format!(
                "impossible de créer {} : {e}",
                printable(&self.out.display().to_string())
            ))
        })?;
        let settings = Settings {
            out: &self.out,
            formats: &formats,
            templates: &templates,
            typst,
            pdf_standard: "a-2b",
            warm: None,
            signature_fields,
        };
        Ok(render::render_one(view, &settings))
    }
}

/// typst when `formats` holds a PDF (found without starting it), else nothing.
pub fn find_typst(
    formats: &[Format],
    explicit: Option<&Path>,
    timeout_secs: u64,
) -> Result<Option<typst::Typst>, Failure> {
    if !formats.contains(&Format::Pdf) {
        return Ok(None);
    }
    let found =
        typst::find(explicit, Duration::from_secs(timeout_secs)).hint(typst::INSTALL_HINT)?;
    Ok(Some(found))
}

/// « rendu : … », one line per file written.
pub fn print_written(files: &[PathBuf]) -> Outcome {
    let lines: String = files
        .iter()
        .map(|f| format!("rendu : {}\n", printable(&f.display().to_string())))
        .collect();
    print_out(&lines)?;
    Ok(Exit::Success)
}
