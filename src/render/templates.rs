//! The templates of a run: the built-ins compiled into the binary (this repository's top-level
//! `templates/` folder), each overridable by a file of the same name in the templates folder a
//! conventions repository names in its `convgen.toml` (or `--templates DIR`).
//!
//! Overrides are read as regular files directly in that folder: a symbolic link, a sub-folder
//! or a file over the size limit is refused, so a template never pulls in another file.
//! Markdown templates are tera templates (zola's order: the user's first, then `extend` with
//! the built-ins, then `build_inheritance_chains`); the Typst template is a module defining
//! `convention(data)`.

use std::path::{Path, PathBuf};

use tera::Tera;

use crate::source::MAX_FILE_BYTES;

/// Name of the main Markdown template.
pub const MARKDOWN_MAIN: &str = "convention.md.tera";
/// Suffix of Markdown templates.
pub const MARKDOWN_SUFFIX: &str = ".md.tera";
/// The main Markdown template of an avenant (`convgen avenant`), when the set has it.
pub const AVENANT_MAIN: &str = "avenant.md.tera";
/// File name of the Typst template.
pub const TYPST: &str = "convention.typ";

/// The built-in Markdown templates: (file name, text).
pub const BUILTIN_MARKDOWN: &[(&str, &str)] = &[
    ("base.md.tera", include_str!("../../templates/base.md.tera")),
    (
        MARKDOWN_MAIN,
        include_str!("../../templates/convention.md.tera"),
    ),
    (
        AVENANT_MAIN,
        include_str!("../../templates/avenant.md.tera"),
    ),
];

/// The built-in Typst template.
pub const BUILTIN_TYPST: &str = include_str!("../../templates/convention.typ");

/// A template folder or file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TemplateError(pub String);

/// Templates of one run (built-ins, possibly overridden by a folder).
pub struct Templates {
    /// The Markdown templates, parsed only when Markdown is asked for.
    pub markdown: Option<Tera>,
    /// Source of the Typst template module.
    pub typst: String,
    /// Where the overrides come from, if anywhere.
    pub dir: Option<PathBuf>,
    /// The convgen executable that renders the Markdown of `dir`'s templates in a child
    /// process under limits ([`super::sandbox::render`]); `None`: in this process.
    pub isolate: Option<PathBuf>,
}

impl Templates {
    /// The built-ins, overridden by the files of `dir` when given. The Markdown templates
    /// are parsed only when `with_markdown` (parsing them is half the work of rendering one
    /// convention to PDF).
    pub fn load(dir: Option<&Path>, with_markdown: bool) -> Result<Templates, TemplateError> {
        let overrides = match dir {
            Some(dir) => read_folder(dir)?,
            None => Vec::new(),
        };
        let markdown = if with_markdown {
            Some(super::markdown::templates(dir, &overrides)?)
        } else {
            None
        };
        let typst = overrides
            .iter()
            .find(|(name, _)| name == TYPST)
            .map_or_else(|| BUILTIN_TYPST.to_string(), |(_, text)| text.clone());
        Ok(Templates {
            markdown,
            typst,
            dir: dir.map(Path::to_path_buf),
            isolate: None,
        })
    }
}

/// The template files of `dir`: regular files named `*.md.tera` or `convention.typ`, read
/// without following links, in name order.
fn read_folder(dir: &Path) -> Result<Vec<(String, String)>, TemplateError> {
    let shown = dir.display();
    let entries = std::fs::read_dir(dir)
        .map_err(|e| TemplateError(format!("dossier de modèles {shown} illisible : {e}")))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry =
            entry.map_err(|e| TemplateError(format!("dossier de modèles {shown} : {e}")))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.ends_with(MARKDOWN_SUFFIX) || name == TYPST) {
            continue;
        }
        let path = entry.path();
        let meta = std::fs::symlink_metadata(&path)
            .map_err(|e| TemplateError(format!("modèle {} illisible : {e}", path.display())))?;
        if !meta.file_type().is_file() {
            return Err(TemplateError(format!(
                "modèle {} refusé : ce n'est pas un fichier ordinaire (lien symbolique, dossier…) ; un modèle est un fichier du dossier de modèles lui-même",
                path.display()
            )));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(TemplateError(format!(
                "modèle {} refusé : plus de {MAX_FILE_BYTES} octets",
                path.display()
            )));
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| TemplateError(format!("modèle {} illisible : {e}", path.display())))?;
        super::sandbox::prescan(&name, &text)?;
        files.push((name, text));
    }
    files.sort();
    Ok(files)
}
