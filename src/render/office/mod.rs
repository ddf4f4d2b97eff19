//! The `docx` and `odt` backends: editable documents for the negotiation of a convention
//! (Word, LibreOffice), from the same view as the Markdown and the PDF.
//!
//! Both packages are written here, part by part, without a document library: the view is
//! first laid out as a word-processing [`flow`] (styled paragraphs and tables in the order of
//! the Typst layout), then serialised as WordprocessingML ([`docx`]) or OpenDocument
//! ([`odt`]) and zipped by [`zip`] with one fixed date. Nothing depends on the clock or the
//! machine: one view gives the same bytes.

mod docx;
pub mod flow;
mod odt;
mod zip;

use super::{Backend, RenderError, Settings, Stage};
use crate::view::DocView;

pub struct Docx;
pub struct Odt;

impl Backend for Docx {
    fn render(
        &self,
        view: &DocView,
        _settings: &Settings<'_>,
        stage: &mut Stage,
    ) -> Result<(), RenderError> {
        let images = images(view, stage)?;
        let bytes = docx::package(view, &flow::build(view), &images);
        stage.write(&format!("{}.docx", view.id), &bytes)?;
        // The attached PDF annexes the document mentions go beside it, as beside the PDF.
        super::publish_attachments(view, stage)
    }
}

impl Backend for Odt {
    fn render(
        &self,
        view: &DocView,
        _settings: &Settings<'_>,
        stage: &mut Stage,
    ) -> Result<(), RenderError> {
        let images = images(view, stage)?;
        let bytes = odt::package(view, &flow::build(view), &images);
        stage.write(&format!("{}.odt", view.id), &bytes)?;
        super::publish_attachments(view, stage)
    }
}

/// A logo to embed: its bytes, kind and size in pixels.
pub struct Image {
    /// The name the view gives it (`/<id>-logo-1.png`).
    pub name: String,
    /// `png` or `jpeg`.
    pub ext: &'static str,
    pub bytes: Vec<u8>,
    pub width: u64,
    pub height: u64,
}

impl Image {
    /// Width in the unit of `height`, keeping the proportions.
    pub fn width_for(&self, height: f64) -> f64 {
        height * self.width as f64 / self.height.max(1) as f64
    }
}

/// The PNG and JPEG logos of the view (read again, confined, within the size limits). SVG
/// logos are left out of these documents: neither format reads SVG everywhere.
fn images(view: &DocView, stage: &Stage) -> Result<Vec<Image>, RenderError> {
    super::pdf::check_assets_total(view, stage)?;
    let mut out = Vec::new();
    for asset in view.assets.iter().filter(|a| !a.published) {
        let lower = asset.name.to_ascii_lowercase();
        let ext = if lower.ends_with(".png") {
            "png"
        } else if lower.ends_with(".jpg") || lower.ends_with(".jpeg") {
            "jpeg"
        } else {
            continue;
        };
        let bytes =
            super::pdf::read_asset(&asset.source).map_err(|e| stage.io_error(&asset.name, e))?;
        let size = match ext {
            "png" => crate::load::assets::png_size(&bytes),
            _ => crate::load::assets::jpeg_size(&bytes),
        };
        let Some((width, height)) = size else {
            continue;
        };
        out.push(Image {
            name: format!("/{}", asset.name),
            ext,
            bytes,
            width,
            height,
        });
    }
    Ok(out)
}

/// Text escaped for XML: `&`, `<`, `>`, quotes; characters XML 1.0 cannot hold (control
/// characters but tab and line ends) are left out.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

/// A date as `2025-03-14T00:00:00Z` (package metadata).
pub fn timestamp(view: &DocView) -> String {
    let d = &view.document_date;
    format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        d.year.clamp(1, 9999),
        d.month.clamp(1, 12),
        d.day.clamp(1, 31)
    )
}

/// Pieces of a text between its tabs and line breaks, for writers that mark them apart.
pub enum Piece<'a> {
    Text(&'a str),
    Tab,
    Break,
}

pub fn pieces(s: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find(['\t', '\n']) {
        if i > 0 {
            out.push(Piece::Text(&rest[..i]));
        }
        out.push(if rest.as_bytes()[i] == b'\t' {
            Piece::Tab
        } else {
            Piece::Break
        });
        rest = &rest[i + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_text_as_text() {
        assert_eq!(
            escape("a<b>&\"c'\u{1}\u{7}d\te"),
            "a&lt;b&gt;&amp;&quot;c&apos;d\te"
        );
        let p = pieces("a\tb\nc");
        assert_eq!(p.len(), 5);
        assert!(matches!(p[1], Piece::Tab));
        assert!(matches!(p[3], Piece::Break));
    }
}

#[cfg(test)]
mod package_tests;
