//! What the view takes from files beside the convention, at render time: the accepted logos
//! (rule `asset`) and the attached documents of `[[annexes]]` (Markdown read into the tree,
//! PDF included page by page). Refused files are left out (`check` reports them).

use std::path::{Path, PathBuf};

use super::{AnnexView, DocView, Front, PartyLine, PdfPages, md};
use crate::load::assets;
use crate::model::{AnnexKind, Convention};

/// A file to copy beside the data for typst (a logo, a PDF): from `source` to `<root>/<name>`.
#[derive(Clone, Debug)]
pub struct AssetFile {
    pub source: PathBuf,
    pub name: String,
    /// Published beside the documents too (an attached PDF annex).
    pub published: bool,
}

/// Adds the logos and attached documents of the convention folder `dir` to the view.
pub fn attach(view: &mut DocView, conv: &Convention, dir: &Path) {
    logos(view, conv, dir);
    documents(view, conv, dir);
}

fn logos(view: &mut DocView, conv: &Convention, dir: &Path) {
    for (i, s) in conv.signatories.iter().enumerate() {
        let Some(logo) = &s.logo else { continue };
        let Ok(source) = assets::resolve_logo(dir, &logo.value) else {
            continue;
        };
        let Some(ext) = assets::extension(&logo.value) else {
            continue;
        };
        let name = format!("{}-logo-{}.{ext}", view.id, i + 1);
        let shown = format!("/{name}");
        let id = s.id.value.as_str();
        for front in &mut view.front {
            if let Front::Parties { lines } = front {
                for line in lines {
                    if let PartyLine::Party { id: pid, logo, .. } = line
                        && pid == id
                    {
                        *logo = Some(shown.clone());
                    }
                }
            }
        }
        for b in view.signature.boxes.iter_mut().filter(|b| b.id == id) {
            b.logo = Some(shown.clone());
        }
        view.assets.push(AssetFile {
            source,
            name,
            published: false,
        });
    }
}

fn documents(view: &mut DocView, conv: &Convention, dir: &Path) {
    let documents = conv
        .annexes
        .iter()
        .enumerate()
        .filter(|(_, a)| a.kind.value == AnnexKind::Document);
    for (i, spec) in documents {
        let Some(file) = &spec.file else { continue };
        let Ok(source) = assets::resolve_document(dir, &file.value) else {
            continue;
        };
        let anchor = format!("annex:{}", i + 1);
        let Some(annex) = view.annexes.iter_mut().find(|a| a.anchor == anchor) else {
            continue;
        };
        if file.value.to_ascii_lowercase().ends_with(".pdf") {
            attach_pdf(view.id.clone(), annex, &source, &mut view.assets, i + 1);
        } else if let Some(text) = assets::document_text(dir, &file.value) {
            annex.blocks = md(&text);
        }
    }
}

/// An attached PDF: its pages are included in the PDF, in the annex's place.
fn attach_pdf(
    id: String,
    annex: &mut AnnexView,
    source: &Path,
    assets: &mut Vec<AssetFile>,
    index: usize,
) {
    let Some(pages) = page_count(source) else {
        return;
    };
    let name = format!("{id}-annexe-{index}.pdf");
    annex.pdf = Some(PdfPages {
        file: format!("/{name}"),
        pages,
        note: super::text(&crate::french::wording::attached_pdf(&name, pages)),
    });
    assets.push(AssetFile {
        source: source.to_path_buf(),
        name,
        published: true,
    });
}

/// Most pages of an attached PDF included.
const MAX_ATTACHED_PAGES: usize = 200;

/// Number of pages of a PDF file, when it can be read (a malformed file counts as none).
/// Only the cross-reference table and the page tree are read (not every object), so that a
/// hostile file costs little; a panic of the reader counts as none.
pub fn page_count(path: &Path) -> Option<usize> {
    let bytes = assets::read_document(path)?;
    let counted = std::panic::catch_unwind(|| {
        lopdf::Document::load_metadata_mem(&bytes)
            .ok()
            .map(|m| m.page_count as usize)
    })
    .ok()??;
    (counted > 0).then_some(counted.min(MAX_ATTACHED_PAGES))
}
