//! Files a convention refers to besides its TOML: the signatories' logos (`logo` key).
//!
//! A logo is a path relative to the convention folder (`assets/region.png`). It is refused
//! (rule `asset`) when it is absolute, goes through `..`, leaves the convention folder once
//! symbolic links are resolved, does not exist, is not a regular file, is larger than
//! [`MAX_ASSET_BYTES`], or is not a PNG, JPEG or SVG image (by extension and by content).
//! Only a logo that passes is copied into typst's private root folder for the PDF.

use std::path::{Component, Path, PathBuf};

/// Largest logo, in bytes.
pub const MAX_ASSET_BYTES: u64 = crate::load::MAX_FILE_BYTES;
/// Accepted image formats, by lower-case extension.
pub const EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "svg"];

/// Why a logo path is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssetProblem {
    Empty,
    Absolute,
    ParentDir,
    Extension,
    NotFound,
    Unreadable(String),
    OutsideFolder,
    NotAFile,
    TooLarge(u64),
    Content(&'static str),
}

impl AssetProblem {
    /// What is wrong with a logo, in French.
    pub fn message(&self, path: &str) -> String {
        self.message_for("le logo", "une image PNG, JPEG ou SVG", path)
    }

    /// What is wrong with an attached document, in French.
    pub fn document_message(&self, path: &str) -> String {
        self.message_for(
            "le document",
            "un fichier Markdown (.md) ou PDF (.pdf)",
            path,
        )
    }

    fn message_for(&self, what: &str, expected: &str, path: &str) -> String {
        let path = path.escape_debug();
        match self {
            AssetProblem::Empty => format!("chemin vide pour {what}"),
            AssetProblem::Absolute => format!("{what} `{path}` est un chemin absolu"),
            AssetProblem::ParentDir => format!("{what} `{path}` remonte avec `..`"),
            AssetProblem::Extension => {
                format!("{what} `{path}` n'est pas {expected} (extension)")
            }
            AssetProblem::NotFound => {
                format!("{what} `{path}` est introuvable dans le dossier de la convention")
            }
            AssetProblem::Unreadable(e) => format!("{what} `{path}` ne peut pas être lu : {e}"),
            AssetProblem::OutsideFolder => {
                format!("{what} `{path}` sort du dossier de la convention (lien symbolique)")
            }
            AssetProblem::NotAFile => format!("{what} `{path}` n'est pas un fichier ordinaire"),
            AssetProblem::TooLarge(n) => format!(
                "{what} `{path}` est trop volumineux ({n} octets, limite {MAX_ASSET_BYTES})"
            ),
            AssetProblem::Content(format) => {
                let noun = what.trim_start_matches("le ");
                let kind = if noun == "logo" {
                    "une image"
                } else {
                    "un fichier"
                };
                format!("le contenu du {noun} `{path}` n'est pas {kind} {format} valide")
            }
        }
    }
}

/// Whether a convention id can name output files (`<id>.md`, `<id>.pdf`): ASCII letters,
/// digits, `-`, `_` and `.`, not starting with `.`, at most 200 bytes. Anything else (`/`,
/// `..`, control characters) could write outside the output folder.
pub fn is_file_name_safe(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 200
        && !id.starts_with('.')
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The lower-case extension of an accepted logo path, if it has one.
pub fn extension(path: &str) -> Option<String> {
    let ext = Path::new(path).extension()?.to_str()?.to_ascii_lowercase();
    EXTENSIONS.contains(&ext.as_str()).then_some(ext)
}

/// Extensions of the documents an annex may attach.
pub const DOCUMENT_EXTENSIONS: &[&str] = &["md", "pdf"];

/// Checks `raw` (a `file` of `[[annexes]]`) against the convention folder `dir`: a Markdown
/// file in UTF-8 or a PDF file; returns its resolved path.
pub fn resolve_document(dir: &Path, raw: &str) -> Result<PathBuf, AssetProblem> {
    let (resolved, ext) = resolve_in(dir, raw, DOCUMENT_EXTENSIONS)?;
    let head = read_head(&resolved)?;
    let ok = match ext.as_str() {
        "pdf" => head.starts_with(b"%PDF-"),
        _ => std::fs::read(&resolved).is_ok_and(|b| std::str::from_utf8(&b).is_ok()),
    };
    if !ok {
        return Err(AssetProblem::Content(if ext == "pdf" {
            "PDF"
        } else {
            "Markdown (UTF-8)"
        }));
    }
    Ok(resolved)
}

/// The first 512 bytes of a file.
fn read_head(path: &Path) -> Result<Vec<u8>, AssetProblem> {
    use std::io::Read;
    let mut head = Vec::with_capacity(512);
    std::fs::File::open(path)
        .and_then(|f| f.take(512).read_to_end(&mut head))
        .map_err(|e| AssetProblem::Unreadable(e.to_string()))?;
    Ok(head)
}

/// A path of the convention folder: relative, without `..`, inside the folder once links are
/// resolved, a regular file within the size limit, with one of `extensions`.
fn resolve_in(
    dir: &Path,
    raw: &str,
    extensions: &[&str],
) -> Result<(PathBuf, String), AssetProblem> {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    if raw.trim().is_empty() {
        return Err(AssetProblem::Empty);
    }
    let path = Path::new(raw);
    if path.is_absolute() || raw.starts_with(['/', '\\']) || path.has_root() {
        return Err(AssetProblem::Absolute);
    }
    if path.components().any(|c| {
        matches!(
            c,
            Component::ParentDir | Component::Prefix(_) | Component::RootDir
        )
    }) || raw.split(['/', '\\']).any(|part| part == "..")
    {
        return Err(AssetProblem::ParentDir);
    }
    let ext = Path::new(raw)
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .filter(|e| extensions.contains(&e.as_str()))
        .ok_or(AssetProblem::Extension)?;
    let unreadable = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => AssetProblem::NotFound,
        _ => AssetProblem::Unreadable(e.to_string()),
    };
    let folder = std::fs::canonicalize(dir).map_err(unreadable)?;
    let resolved = std::fs::canonicalize(dir.join(path)).map_err(unreadable)?;
    if !resolved.starts_with(&folder) {
        return Err(AssetProblem::OutsideFolder);
    }
    let meta = std::fs::metadata(&resolved).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(AssetProblem::NotAFile);
    }
    if meta.len() > MAX_ASSET_BYTES {
        return Err(AssetProblem::TooLarge(meta.len()));
    }
    Ok((resolved, ext))
}

/// Checks `raw` (the `logo` value) against the convention folder `dir`; returns the
/// resolved path of the image.
pub fn resolve_logo(dir: &Path, raw: &str) -> Result<PathBuf, AssetProblem> {
    let (resolved, ext) = resolve_in(dir, raw, EXTENSIONS)?;
    let head = read_head(&resolved)?;
    let head = head.as_slice();
    let ok = match ext.as_str() {
        "png" => head.starts_with(b"\x89PNG\r\n\x1a\n"),
        "jpg" | "jpeg" => head.starts_with(b"\xFF\xD8\xFF"),
        _ => {
            let text = String::from_utf8_lossy(head);
            let text = text.trim_start_matches('\u{feff}').trim_start();
            text.starts_with('<') && (text.contains("<svg") || text.starts_with("<?xml"))
        }
    };
    if !ok {
        return Err(AssetProblem::Content(match ext.as_str() {
            "png" => "PNG",
            "svg" => "SVG",
            _ => "JPEG",
        }));
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn logos_are_confined_to_the_convention_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("conv");
        std::fs::create_dir_all(dir.join("assets")).unwrap();
        std::fs::write(dir.join("assets/ok.png"), PNG).unwrap();
        std::fs::write(dir.join("assets/fake.png"), b"GIF89a").unwrap();
        std::fs::write(dir.join("assets/logo.svg"), b"<svg xmlns='x'/>").unwrap();
        std::fs::write(tmp.path().join("outside.png"), PNG).unwrap();
        std::os::unix::fs::symlink("../../outside.png", dir.join("assets/link.png")).unwrap();
        std::fs::create_dir_all(dir.join("assets/dir.png")).unwrap();

        assert!(resolve_logo(&dir, "assets/ok.png").is_ok());
        assert!(resolve_logo(&dir, "assets/logo.svg").is_ok());
        assert!(resolve_logo(&dir, "./assets/ok.png").is_ok());
        let err = |p: &str| resolve_logo(&dir, p).unwrap_err();
        assert_eq!(err(""), AssetProblem::Empty);
        assert_eq!(err("/etc/passwd.png"), AssetProblem::Absolute);
        assert_eq!(err("assets/../../outside.png"), AssetProblem::ParentDir);
        assert_eq!(err("assets\\..\\x.png"), AssetProblem::ParentDir);
        assert_eq!(err("assets/ok.gif"), AssetProblem::Extension);
        assert_eq!(err("assets/ok"), AssetProblem::Extension);
        assert_eq!(err("assets/none.png"), AssetProblem::NotFound);
        assert_eq!(err("assets/link.png"), AssetProblem::OutsideFolder);
        assert_eq!(err("assets/dir.png"), AssetProblem::NotAFile);
        assert_eq!(err("assets/fake.png"), AssetProblem::Content("PNG"));
    }
}
