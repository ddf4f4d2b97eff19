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
pub use crate::source::{MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE};
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
    /// Width and height the image header announces.
    Dimensions(u64, u64),
    /// An SVG that names another file or an address (`href`, `xlink:href`, `url(…)`).
    ExternalReference(String),
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
            AssetProblem::Dimensions(w, h) => format!(
                "le logo `{path}` annonce {w} × {h} pixels (limites : {MAX_IMAGE_SIDE} pixels de côté, {MAX_IMAGE_PIXELS} pixels en tout) : le décoder demanderait {} Mo",
                w.saturating_mul(*h).saturating_mul(4) / 1_000_000
            ),
            AssetProblem::ExternalReference(r) => format!(
                "le logo `{path}` fait référence à une ressource extérieure `{}` : un logo SVG ne peut désigner que ses propres éléments (`#…`) ou des données incluses (`data:`)",
                r.escape_debug()
            ),
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
        _ => read_document(&resolved).is_some_and(|b| std::str::from_utf8(&b).is_ok()),
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

/// The bytes of an attached document [`resolve_document`] accepted, read again without
/// following links and within [`MAX_ASSET_BYTES`] (it could have changed since).
pub fn read_document(path: &Path) -> Option<Vec<u8>> {
    crate::source::read_regular(path, MAX_ASSET_BYTES)
        .ok()
        .flatten()
}

/// The text of an attached Markdown document, when it resolves and is UTF-8.
pub fn document_text(dir: &Path, raw: &str) -> Option<String> {
    if !raw.to_ascii_lowercase().ends_with(".md") {
        return None;
    }
    let path = resolve_document(dir, raw).ok()?;
    String::from_utf8(read_document(&path)?).ok()
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

fn unreadable(e: std::io::Error) -> AssetProblem {
    match e.kind() {
        std::io::ErrorKind::NotFound => AssetProblem::NotFound,
        _ => AssetProblem::Unreadable(e.to_string()),
    }
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
    let too_big = |(w, h): (u64, u64)| {
        (w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE || w * h > MAX_IMAGE_PIXELS)
            .then_some(AssetProblem::Dimensions(w, h))
    };
    // A small file may announce a huge image (a 1.5 MB PNG decoded to 3.2 GB): its
    // dimensions are read from its header. An SVG is checked for references outside itself.
    let bytes = crate::source::read_regular(&resolved, MAX_ASSET_BYTES)
        .map_err(unreadable)?
        .ok_or(AssetProblem::TooLarge(MAX_ASSET_BYTES + 1))?;
    let problem = match ext.as_str() {
        "png" => png_size(&bytes)
            .ok_or(AssetProblem::Content("PNG"))
            .map(too_big)?,
        "jpg" | "jpeg" => jpeg_size(&bytes)
            .ok_or(AssetProblem::Content("JPEG"))
            .map(too_big)?,
        _ => svg_external_reference(&String::from_utf8_lossy(&bytes))
            .map(AssetProblem::ExternalReference),
    };
    match problem {
        Some(p) => Err(p),
        None => Ok(resolved),
    }
}

/// Width and height of a PNG, from its IHDR chunk.
pub(crate) fn png_size(bytes: &[u8]) -> Option<(u64, u64)> {
    if bytes.len() < 24 || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let be = |b: &[u8]| u64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    Some((be(&bytes[16..20]), be(&bytes[20..24])))
}

/// Width and height of a JPEG, from its first frame header (SOF0–SOF15 but DHT, JPG, DAC),
/// walking the markers without decoding anything.
pub(crate) fn jpeg_size(bytes: &[u8]) -> Option<(u64, u64)> {
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if matches!(marker, 0xD0..=0xD9 | 0x01) {
            i += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let f = bytes.get(i + 5..i + 9)?;
            let h = u64::from(u16::from_be_bytes([f[0], f[1]]));
            let w = u64::from(u16::from_be_bytes([f[2], f[3]]));
            return Some((w, h));
        }
        if len < 2 {
            return None;
        }
        i += 2 + len;
    }
    None
}

/// The first reference of an SVG to something outside itself: an `href` or `src`
/// attribute (`xlink:href` included) or a CSS `url(…)`, `@import` or entity declaration,
/// unless it points into the document (`#id`) or holds its data (`data:`).
pub fn svg_external_reference(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let local = |value: &str| {
        let v = value.trim_start_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'');
        v.is_empty() || v.starts_with('#') || v.starts_with("data:")
    };
    let shown = |at: usize| {
        text[at..]
            .chars()
            .take(80)
            .take_while(|c| !matches!(c, '"' | '\'' | ')' | '>'))
            .collect::<String>()
    };
    // Attributes: `href=`, `xlink:href=`, `src=`, whatever the spacing.
    for name in ["href", "src"] {
        let mut from = 0;
        while let Some(found) = lower[from..].find(name) {
            let at = from + found;
            from = at + name.len();
            let before = lower[..at].chars().next_back();
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                continue;
            }
            let rest = lower[from..].trim_start();
            let Some(value) = rest.strip_prefix('=') else {
                continue;
            };
            let value_at = lower.len() - value.len();
            if !local(value) {
                let start = value_at
                    + (value.len()
                        - value
                            .trim_start_matches(|c: char| {
                                c.is_whitespace() || c == '"' || c == '\''
                            })
                            .len());
                return Some(shown(start));
            }
        }
    }
    // CSS: `url(…)` and `@import`.
    let mut from = 0;
    while let Some(found) = lower[from..].find("url(") {
        let at = from + found + 4;
        from = at;
        if !local(&lower[at..]) {
            let start = at
                + (lower[at..].len()
                    - lower[at..]
                        .trim_start_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'')
                        .len());
            return Some(shown(start));
        }
    }
    for needle in ["@import", "<!entity"] {
        if let Some(at) = lower.find(needle) {
            return Some(shown(at));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10";

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

    #[test]
    fn image_dimensions_come_from_the_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(300u32.to_be_bytes());
        png.extend(200u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((300, 200)));
        assert_eq!(png_size(&PNG[..16]), None);
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC2, 0, 11, 8, 0, 50, 0, 70, 1, 1, 0x11, 0,
        ];
        assert_eq!(jpeg_size(&jpeg), Some((70, 50)));
        assert_eq!(jpeg_size(&[0xFF, 0xD8, 0xFF]), None);
    }

    #[test]
    fn svg_references_outside_the_document_are_found() {
        let ext = |s: &str| svg_external_reference(s);
        assert_eq!(
            ext("<svg><image href='a.png'/></svg>").as_deref(),
            Some("a.png")
        );
        assert_eq!(
            ext("<svg><image xlink:href = \"file:///etc/passwd\"/></svg>").as_deref(),
            Some("file:///etc/passwd")
        );
        assert!(ext("<svg><rect style='fill:url( http://x/y)'/></svg>").is_some());
        assert!(ext("<svg><style>@import 'x.css';</style></svg>").is_some());
        assert!(ext("<!DOCTYPE svg [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><svg/>").is_some());
        assert_eq!(
            ext(
                "<svg><use href='#a'/><rect fill='url(#g)'/><image href='data:image/png;base64,AA'/></svg>"
            ),
            None
        );
        assert_eq!(ext("<svg data-hrefs='1'><text>href</text></svg>"), None);
    }
}
