//! End-to-end tests of the signature fields of the PDF (`convgen render --format pdf`):
//! one unsigned `/Sig` field per signatory, inside its box, in a PDF that stays valid and
//! PDF/A, byte-identical across runs; none with `--no-signature-fields`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::{Document, Object, ObjectId};

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples")
}

const IDS: [&str; 3] = [
    "crpc-centre-val-de-loire-2025",
    "partenariat-occitanie-france-travail-2025",
    "spro-normandie-2025",
];

fn render(out: &Path, typst: &Path, extra: &[&str]) {
    let o = common::convgen()
        .arg("render")
        .arg(examples())
        .arg("--out")
        .arg(out)
        .args(["--format", "pdf"])
        .args(extra)
        .arg("--typst")
        .arg(typst)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", common::outcome(&o));
}

/// (id, surname of the person who signs) of each `[[signatories]]` of an example.
fn signatories(id: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(examples().join(id).join("convention.toml")).unwrap();
    let doc: toml::Value = toml::from_str(&text).unwrap();
    doc["signatories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let name = s["represented_by"]["name"].as_str().unwrap();
            let surname = name.split_whitespace().last().unwrap().to_string();
            (s["id"].as_str().unwrap().to_string(), surname)
        })
        .collect()
}

/// A field: its name, rectangle and page number (from 1).
struct Field {
    name: String,
    /// `/TU`: what the box says.
    label: String,
    rect: [f32; 4],
    page: u32,
}

fn number(o: &Object) -> f32 {
    o.as_float()
        .or_else(|_| o.as_i64().map(|i| i as f32))
        .unwrap()
}

fn fields(doc: &Document) -> Vec<Field> {
    let Ok(form) = doc.catalog().unwrap().get(b"AcroForm") else {
        return Vec::new();
    };
    let form = match form {
        Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
        o => o.as_dict().unwrap(),
    };
    let pages: Vec<(u32, ObjectId)> = doc.get_pages().into_iter().collect();
    let refs = form.get(b"Fields").unwrap().as_array().unwrap();
    refs.iter()
        .map(|r| {
            let r = r.as_reference().unwrap();
            let f = doc.get_dictionary(r).unwrap();
            assert_eq!(f.get(b"FT").unwrap().as_name().unwrap(), b"Sig");
            assert_eq!(f.get(b"Subtype").unwrap().as_name().unwrap(), b"Widget");
            assert!(f.get(b"V").is_err(), "an unsigned field has no value");
            let ap = f.get(b"AP").unwrap().as_dict().unwrap();
            assert!(ap.get(b"N").unwrap().as_reference().is_ok());
            let rect: Vec<f32> = f
                .get(b"Rect")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(number)
                .collect();
            let page_ref = f.get(b"P").unwrap().as_reference().unwrap();
            let page = pages.iter().find(|(_, p)| *p == page_ref).unwrap().0;
            let annots = doc
                .get_dictionary(page_ref)
                .unwrap()
                .get(b"Annots")
                .unwrap();
            let annots = match annots {
                Object::Reference(a) => doc.get_object(*a).unwrap().as_array().unwrap(),
                o => o.as_array().unwrap(),
            };
            assert!(
                annots.contains(&Object::Reference(r)),
                "the widget is on its page"
            );
            Field {
                label: lopdf::decode_text_string(f.get(b"TU").unwrap()).unwrap(),
                name: String::from_utf8(f.get(b"T").unwrap().as_str().unwrap().to_vec()).unwrap(),
                rect: [rect[0], rect[1], rect[2], rect[3]],
                page,
            }
        })
        .collect()
}

/// The words of a page with their boxes (`pdftotext -bbox`), in PDF coordinates (origin at
/// the bottom left): (word, x0, y0, x1, y1).
fn words(pdf: &Path, page: u32) -> Vec<(String, f32, f32, f32, f32)> {
    let out = Command::new("pdftotext")
        .args(["-f", &page.to_string(), "-l", &page.to_string(), "-bbox"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let html = String::from_utf8_lossy(&out.stdout).to_string();
    let height: f32 = html
        .split("<page width=\"")
        .nth(1)
        .and_then(|r| r.split("height=\"").nth(1))
        .and_then(|r| r.split('"').next())
        .unwrap()
        .parse()
        .unwrap();
    let attr = |w: &str, name: &str| -> f32 {
        w.split(&format!("{name}=\""))
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    html.split("<word ")
        .skip(1)
        .map(|w| {
            let text = w
                .split('>')
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .to_string();
            let (x0, x1) = (attr(w, "xMin"), attr(w, "xMax"));
            let (y0, y1) = (height - attr(w, "yMax"), height - attr(w, "yMin"));
            (text, x0, y0, x1, y1)
        })
        .collect()
}

fn inside(rect: [f32; 4], w: &(String, f32, f32, f32, f32)) -> bool {
    let (x0, x1) = (rect[0].min(rect[2]), rect[0].max(rect[2]));
    let (y0, y1) = (rect[1].min(rect[3]), rect[1].max(rect[3]));
    w.1 >= x0 && w.3 <= x1 && w.2 >= y0 && w.4 <= y1
}

#[test]
fn every_signatory_gets_a_signature_field_inside_its_box() {
    let Some(typst) = common::typst() else { return };
    let Some(qpdf) = common::tool("qpdf") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    render(&a, &typst, &[]);
    render(&b, &typst, &[]);
    for id in IDS {
        let pdf = a.join(format!("{id}.pdf"));
        let bytes = std::fs::read(&pdf).unwrap();
        assert_eq!(
            bytes,
            std::fs::read(b.join(format!("{id}.pdf"))).unwrap(),
            "{id}: two renders differ"
        );
        let has = |s: &str| bytes.windows(s.len()).any(|w| w == s.as_bytes());
        assert!(
            has("pdfaid:part>2") && has("pdfaid:conformance>B"),
            "{id}: PDF/A XMP lost"
        );
        // The fields come as an incremental update of typst's file: the sentinel links stay
        // in its bytes, but no page of the document refers to them any more.
        assert_eq!(
            sentinel_links(&doc_of(&bytes)),
            0,
            "{id}: a sentinel link is left"
        );
        assert_eq!(
            bytes.windows(9).filter(|w| w == b"startxref").count(),
            2,
            "{id}: typst's file and one update"
        );
        assert!(
            has("convgen:signature"),
            "{id}: typst's bytes kept as they were"
        );
        // typst's file (up to its %%EOF) is read lazily, not parsed whole.
        let end = bytes.windows(5).position(|w| w == b"%%EOF").unwrap() + 5;
        assert!(
            convgen::render::sigfields::read_lazily(&bytes[..end]),
            "{id}: typst's PDF has classic cross-reference tables"
        );
        assert_eq!(
            structure_types_of_fields(&doc_of(&bytes)),
            vec![b"Form".to_vec(); signatories(id).len()],
            "{id}: each field's structure element"
        );
        let check = Command::new(&qpdf)
            .arg("--check")
            .arg(&pdf)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{id}: qpdf --check: {}",
            String::from_utf8_lossy(&check.stdout)
        );

        let doc = Document::load_mem(&bytes).unwrap();
        let found = fields(&doc);
        let expected = signatories(id);
        assert_eq!(found.len(), expected.len(), "{id}: one field per signatory");
        for (sid, surname) in expected {
            let name = format!("signature-{sid}");
            let f = found
                .iter()
                .find(|f| f.name == name)
                .unwrap_or_else(|| panic!("{id}: no {name}"));
            assert!(
                f.label.contains(&surname),
                "{id}: {name} is described as {:?}",
                f.label
            );
            // The box is 4.6 cm high (templates/convention.typ).
            let h = (f.rect[3] - f.rect[1]).abs();
            assert!((h - 130.4).abs() < 1.0, "{id}: {name} is {h} pt high");
            let page = words(&pdf, f.page);
            assert!(
                page.iter()
                    .any(|w| w.0.contains(&surname) && inside(f.rect, w)),
                "{id}: {surname} is not inside the field {name} ({:?}, page {})",
                f.rect,
                f.page
            );
        }
    }
}

#[test]
fn no_signature_fields_leaves_them_out() {
    let Some(typst) = common::typst() else { return };
    let tmp = tempfile::tempdir().unwrap();
    render(tmp.path(), &typst, &["--no-signature-fields"]);
    for id in IDS {
        let bytes = std::fs::read(tmp.path().join(format!("{id}.pdf"))).unwrap();
        let doc = Document::load_mem(&bytes).unwrap();
        assert!(fields(&doc).is_empty(), "{id}");
        assert!(doc.catalog().unwrap().get(b"AcroForm").is_err(), "{id}");
        // No link annotation to the sentinel either (nor any widget).
        assert_eq!(page_annotations(&doc, b"Widget"), 0, "{id}");
        assert_eq!(sentinel_links(&doc), 0, "{id}");
        assert!(
            !bytes.windows(17).any(|w| w == b"convgen:signature"),
            "{id}"
        );
    }
}

fn doc_of(bytes: &[u8]) -> Document {
    Document::load_mem(bytes).unwrap()
}

/// The annotations of every page of the current revision, as dictionaries.
fn annotations(doc: &Document) -> Vec<lopdf::Dictionary> {
    let mut out = Vec::new();
    for page in doc.get_pages().into_values() {
        let Ok(annots) = doc.get_dictionary(page).unwrap().get(b"Annots") else {
            continue;
        };
        let annots = match annots {
            Object::Reference(a) => doc.get_object(*a).unwrap().as_array().unwrap().clone(),
            o => o.as_array().unwrap().clone(),
        };
        for a in annots {
            out.push(
                doc.get_dictionary(a.as_reference().unwrap())
                    .unwrap()
                    .clone(),
            );
        }
    }
    out
}

/// How many page annotations have this subtype.
fn page_annotations(doc: &Document, subtype: &[u8]) -> usize {
    annotations(doc)
        .iter()
        .filter(|a| a.get(b"Subtype").unwrap().as_name().unwrap() == subtype)
        .count()
}

/// How many page annotations link to a `convgen:` address.
fn sentinel_links(doc: &Document) -> usize {
    let uri = |a: &lopdf::Dictionary| -> Option<Vec<u8>> {
        let action = match a.get(b"A").ok()? {
            Object::Reference(r) => doc.get_dictionary(*r).ok()?.clone(),
            Object::Dictionary(d) => d.clone(),
            _ => return None,
        };
        action.get(b"URI").ok()?.as_str().ok().map(<[u8]>::to_vec)
    };
    annotations(doc)
        .iter()
        .filter(|a| uri(a).is_some_and(|u| u.starts_with(b"convgen:")))
        .count()
}

/// The structure type (`/S`) of the element of each field, found through the field's
/// `/StructParent` in the structure tree's `/ParentTree` (typst writes it flat, `/Nums`).
fn structure_types_of_fields(doc: &Document) -> Vec<Vec<u8>> {
    let catalog = doc.catalog().unwrap();
    let form = catalog.get(b"AcroForm").unwrap().as_dict().unwrap();
    let tree = catalog
        .get(b"StructTreeRoot")
        .unwrap()
        .as_reference()
        .unwrap();
    let tree = doc.get_dictionary(tree).unwrap();
    let parents = match tree.get(b"ParentTree").unwrap() {
        Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
        o => o.as_dict().unwrap(),
    };
    let nums = parents.get(b"Nums").unwrap().as_array().unwrap();
    let fields = form.get(b"Fields").unwrap().as_array().unwrap();
    fields
        .iter()
        .map(|f| {
            let f = doc.get_dictionary(f.as_reference().unwrap()).unwrap();
            let key = f.get(b"StructParent").unwrap().as_i64().unwrap();
            let at = nums
                .chunks(2)
                .position(|p| p[0].as_i64().unwrap() == key)
                .unwrap();
            let element = nums[2 * at + 1].as_reference().unwrap();
            let element = doc.get_dictionary(element).unwrap();
            element.get(b"S").unwrap().as_name().unwrap().to_vec()
        })
        .collect()
}
