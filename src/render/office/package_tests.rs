//! The parts of the DOCX and ODT packages of an example, read back.

use std::io::Read;

use super::{docx, flow, odt};
use crate::view::DocView;

/// The entries of a package written by [`super::zip`]: (name, stored, data).
fn entries(zip: &[u8]) -> Vec<(String, bool, Vec<u8>)> {
    let mut out = Vec::new();
    let mut i = 0;
    let le16 = |b: &[u8]| usize::from(u16::from_le_bytes([b[0], b[1]]));
    let le32 = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
    while zip[i..].starts_with(b"PK\x03\x04") {
        let method = le16(&zip[i + 8..]);
        let size = le32(&zip[i + 18..]);
        let name_len = le16(&zip[i + 26..]);
        let name = String::from_utf8(zip[i + 30..i + 30 + name_len].to_vec()).unwrap();
        let start = i + 30 + name_len;
        let raw = &zip[start..start + size];
        let data = if method == 0 {
            raw.to_vec()
        } else {
            let mut d = Vec::new();
            flate2::read::DeflateDecoder::new(raw)
                .read_to_end(&mut d)
                .unwrap();
            d
        };
        out.push((name, method == 0, data));
        i = start + size;
    }
    out
}

fn part(entries: &[(String, bool, Vec<u8>)], name: &str) -> String {
    let e = entries
        .iter()
        .find(|e| e.0 == name)
        .unwrap_or_else(|| panic!("no {name}"));
    String::from_utf8(e.2.clone()).unwrap()
}

fn example() -> DocView {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples/crpc-centre-val-de-loire-2025");
    let ws = crate::load::load(&[dir]).unwrap();
    crate::render::view_of(&ws, &ws.units[0]).unwrap()
}

#[test]
fn the_docx_has_styles_tables_language_page_and_fields() {
    let view = example();
    let flow = flow::build(&view);
    let signatures = flow.items.iter().find_map(|i| match i {
        flow::Item::Signatures(cells) => Some(cells.len()),
        _ => None,
    });
    assert_eq!(signatures, Some(view.signature.boxes.len()));
    let e = entries(&docx::package(&view, &flow, &[]));
    assert_eq!(e[0].0, "[Content_Types].xml");
    let doc = part(&e, "word/document.xml");
    for needle in [
        "<w:pStyle w:val=\"Title\"/>",
        "<w:pStyle w:val=\"Heading1\"/>",
        "<w:pStyle w:val=\"Heading2\"/>",
        "<w:pStyle w:val=\"Heading3\"/>",
        "<w:pStyle w:val=\"List1\"/>",
        "<w:tblStyle w:val=\"Table\"/>",
        "<w:tblStyle w:val=\"Signature\"/>",
        "<w:tblHeader/>",
        "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>",
        "<w:titlePg/>",
        // Numbered as in the PDF.
        "Titre I – Élaborer un état des lieux partagé",
    ] {
        assert!(doc.contains(needle), "document.xml lacks {needle}");
    }
    let styles = part(&e, "word/styles.xml");
    assert!(styles.contains("<w:lang w:val=\"fr-FR\""));
    assert!(styles.contains("<w:name w:val=\"heading 1\"/>"));
    let footer = part(&e, "word/footer1.xml");
    assert!(footer.contains("w:instr=\" PAGE \"") && footer.contains("w:instr=\" NUMPAGES \""));
    assert!(footer.contains(&view.fingerprint));
    let header = part(&e, "word/header1.xml");
    assert!(header.contains(&flow.header) && header.contains(&flow.header_right));
    let core = part(&e, "docProps/core.xml");
    assert!(core.contains("<dc:language>fr-FR</dc:language>"));
    assert!(core.contains("2025-03-14T00:00:00Z"), "{core}");
}

#[test]
fn the_odt_starts_with_its_mimetype_and_has_styles_and_fields() {
    let view = example();
    let flow = flow::build(&view);
    let e = entries(&odt::package(&view, &flow, &[]));
    assert_eq!(e[0].0, "mimetype");
    assert!(e[0].1, "the mimetype is stored");
    assert_eq!(e[0].2, b"application/vnd.oasis.opendocument.text");
    let content = part(&e, "content.xml");
    for needle in [
        "<text:h text:style-name=\"Heading_20_1\" text:outline-level=\"1\">",
        "<text:h text:style-name=\"Heading_20_2\" text:outline-level=\"2\">",
        "text:style-name=\"List_20_1\"",
        "<table:table-header-rows>",
        "table:style-name=\"SignatureCell\"",
        "style:master-page-name=\"First_20_Page\"",
        "Titre I – Élaborer un état des lieux partagé",
    ] {
        assert!(content.contains(needle), "content.xml lacks {needle}");
    }
    let styles = part(&e, "styles.xml");
    for needle in [
        "fo:language=\"fr\" fo:country=\"FR\"",
        "fo:page-width=\"21cm\" fo:page-height=\"29.7cm\"",
        "<text:page-number text:select-page=\"current\">",
        "<text:page-count>",
        view.fingerprint.as_str(),
    ] {
        assert!(styles.contains(needle), "styles.xml lacks {needle}");
    }
    let meta = part(&e, "meta.xml");
    assert!(meta.contains("<meta:creation-date>2025-03-14T00:00:00</meta:creation-date>"));
}
