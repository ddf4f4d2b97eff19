//! Signature fields in the PDF: one unsigned AcroForm signature field (`/FT /Sig`) per
//! signatory box, for Acrobat Reader or an electronic signature platform to fill (convgen
//! signs nothing itself).
//!
//! The positions come from typst: the template wraps each signatory box in a link to
//! [`SENTINEL`]`<signatory id>`, which typst writes as a `/Link` annotation whose `/Rect` is
//! the box. No text of a convention can make such a link (the Markdown of [`crate::markup`]
//! keeps only `http`, `https` and `mailto` links). Each sentinel annotation is turned, in
//! place, into the widget of a signature field named `signature-<id>`, with an empty
//! appearance stream (PDF/A-2b asks one of every widget); the catalog gets an `/AcroForm`
//! listing the fields. Objects keep their numbers and lopdf writes them in that order: the
//! result depends only on typst's PDF.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, IncrementalDocument, LoadOptions, Object, ObjectId, Stream};

/// Scheme and path of the links the Typst template puts on the signatory boxes.
pub const SENTINEL: &str = "convgen:signature/";

/// Name of the field of a signatory.
pub fn field_name(id: &str) -> String {
    format!("signature-{id}")
}

/// A sentinel annotation found on a page.
struct Found {
    page: ObjectId,
    annot: ObjectId,
    id: String,
    rect: Vec<Object>,
}

/// A signatory box: its signatory's id, and what the box says (the field's description,
/// `/TU`, which screen readers and signing tools show).
#[derive(Clone, Debug)]
pub struct Signer {
    pub id: String,
    pub label: String,
}

/// Turns the sentinel links of `pdf` into signature fields for the `signers` (the first box
/// of each id; other sentinel links are removed). A PDF without sentinel links (a template
/// that draws no box) is returned as it is.
pub fn add_fields(pdf: &[u8], signers: &[Signer]) -> Result<Vec<u8>, String> {
    let fail = |e: &dyn std::fmt::Display| format!("champs de signature : PDF illisible ({e})");
    let options = LoadOptions {
        filter: Some(without_contents),
        ..LoadOptions::default()
    };
    let mut doc = Document::load_mem_with_options(pdf, options).map_err(|e| fail(&e))?;
    let found = sentinels(&doc);
    if found.is_empty() {
        return Ok(pdf.to_vec());
    }
    let mut fields = Vec::new();
    let mut done = BTreeSet::new();
    // The objects changed or added: the only ones written, as an incremental update.
    let mut touched = BTreeSet::new();
    for f in found {
        let signer = signers.iter().find(|s| s.id == f.id);
        if let Some(signer) = signer.filter(|_| done.insert(f.id.clone())) {
            make_widget(&mut doc, &f, &signer.label, &mut touched)?;
            fields.push(Object::Reference(f.annot));
        } else {
            drop_annotation(&mut doc, f.page, f.annot, &mut touched)?;
        }
    }
    retag_as_forms(&mut doc, &fields, &mut touched);
    if !fields.is_empty() {
        let mut form = Dictionary::new();
        form.set("Fields", Object::Array(fields));
        // SignaturesExist: the document holds signature fields.
        form.set("SigFlags", 1);
        let root = doc
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .map_err(|e| fail(&e))?;
        let catalog = doc.catalog_mut().map_err(|e| fail(&e))?;
        catalog.set("AcroForm", Object::Dictionary(form));
        touched.insert(root);
    }
    appended(pdf, doc, &touched).map_err(|e| fail(&e))
}

/// `pdf` followed by an incremental update (ISO 32000-1, 7.5.6) holding the `touched`
/// objects of `doc`: typst's bytes stay as they are (nothing of the document is written
/// again), which PDF/A allows and signing itself does next.
fn appended(
    pdf: &[u8],
    doc: Document,
    touched: &BTreeSet<ObjectId>,
) -> Result<Vec<u8>, lopdf::Error> {
    let mut inc = IncrementalDocument::create_from(pdf.to_vec(), doc);
    for &id in touched {
        let object = inc.get_prev_documents().get_object(id)?.clone();
        inc.new_document.set_object(id, object);
    }
    let mut out = Vec::with_capacity(pdf.len() + 16 * 1024);
    inc.save_to(&mut out)?;
    Ok(out)
}

/// Every stream of the loaded PDF without its bytes (fonts, page contents, images): only
/// dictionaries are read or changed here, and only changed objects are written, so the
/// megabytes of contents need not stay in memory. Object and cross-reference streams keep
/// theirs (the objects they hold are read from them). lopdf keeps the object as changed here
/// for objects of the file itself, and the returned one for members of an object stream.
fn without_contents(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(stream) = object {
        let container = stream.dict.has_type(b"ObjStm") || stream.dict.has_type(b"XRef");
        if !container {
            stream.content = Vec::new();
        }
    }
    Some((id, object.clone()))
}

/// The sentinel link annotations of every page, in page order then annotation order.
fn sentinels(doc: &Document) -> Vec<Found> {
    let mut found = Vec::new();
    for page in doc.get_pages().into_values() {
        for annot in annotation_refs(doc, page) {
            let Ok(dict) = doc.get_dictionary(annot) else {
                continue;
            };
            if let Some(id) = sentinel_id(doc, dict) {
                let rect = match dict.get(b"Rect") {
                    Ok(Object::Array(r)) if r.len() == 4 => r.clone(),
                    _ => continue,
                };
                found.push(Found {
                    page,
                    annot,
                    id,
                    rect,
                });
            }
        }
    }
    found
}

/// The references in a page's `/Annots` (direct or indirect array).
fn annotation_refs(doc: &Document, page: ObjectId) -> Vec<ObjectId> {
    let Ok(dict) = doc.get_dictionary(page) else {
        return Vec::new();
    };
    let annots = match dict.get(b"Annots") {
        Ok(Object::Reference(r)) => doc.get_object(*r).ok(),
        Ok(o) => Some(o),
        Err(_) => None,
    };
    match annots {
        Some(Object::Array(a)) => a.iter().filter_map(|o| o.as_reference().ok()).collect(),
        _ => Vec::new(),
    }
}

/// The signatory id of a `/Link` annotation to a [`SENTINEL`] URI.
fn sentinel_id(doc: &Document, annot: &Dictionary) -> Option<String> {
    if annot.get(b"Subtype").and_then(Object::as_name).ok()? != b"Link" {
        return None;
    }
    let action = match annot.get(b"A").ok()? {
        Object::Reference(r) => doc.get_dictionary(*r).ok()?,
        Object::Dictionary(d) => d,
        _ => return None,
    };
    let uri = action.get(b"URI").and_then(Object::as_str).ok()?;
    let rest = uri.strip_prefix(SENTINEL.as_bytes())?;
    String::from_utf8(rest.to_vec()).ok()
}

/// Replaces the annotation by the widget of an unsigned signature field (same object).
fn make_widget(
    doc: &mut Document,
    f: &Found,
    label: &str,
    touched: &mut BTreeSet<ObjectId>,
) -> Result<(), String> {
    let number = |o: &Object| o.as_float().or_else(|_| o.as_i64().map(|i| i as f32));
    let corners: Vec<f32> = f.rect.iter().filter_map(|o| number(o).ok()).collect();
    let [x0, y0, x1, y1] = corners[..] else {
        return Err("champs de signature : rectangle illisible".into());
    };
    let mut bbox = Dictionary::new();
    bbox.set("Type", Object::Name(b"XObject".to_vec()));
    bbox.set("Subtype", Object::Name(b"Form".to_vec()));
    bbox.set(
        "BBox",
        Object::Array(vec![
            0.into(),
            0.into(),
            Object::Real((x1 - x0).abs()),
            Object::Real((y1 - y0).abs()),
        ]),
    );
    // An empty appearance: the box typst drew stays visible beneath.
    let appearance = doc.add_object(Stream::new(bbox, Vec::new()));
    touched.extend([appearance, f.annot]);
    let mut ap = Dictionary::new();
    ap.set("N", Object::Reference(appearance));
    let old = doc.get_dictionary(f.annot).map_err(|e| e.to_string())?;
    let mut w = Dictionary::new();
    w.set("Type", Object::Name(b"Annot".to_vec()));
    w.set("Subtype", Object::Name(b"Widget".to_vec()));
    w.set("FT", Object::Name(b"Sig".to_vec()));
    w.set("T", lopdf::text_string(&field_name(&f.id)));
    w.set("TU", lopdf::text_string(label));
    w.set("Rect", Object::Array(f.rect.clone()));
    // Print: PDF/A asks it of every annotation.
    w.set("F", 4);
    w.set("P", Object::Reference(f.page));
    w.set("AP", Object::Dictionary(ap));
    if let Ok(parent) = old.get(b"StructParent") {
        w.set("StructParent", parent.clone());
    }
    *doc.get_object_mut(f.annot).map_err(|e| e.to_string())? = Object::Dictionary(w);
    Ok(())
}

/// In a tagged PDF the link was a `/Link` structure element around its annotation: the
/// element of a widget is a `/Form`.
fn retag_as_forms(doc: &mut Document, fields: &[Object], touched: &mut BTreeSet<ObjectId>) {
    let holds = |k: &Object| -> bool {
        let objr = |o: &Object| match o {
            Object::Dictionary(d) => d.get(b"Obj").is_ok_and(|r| fields.contains(r)),
            _ => false,
        };
        match k {
            Object::Array(a) => a.iter().any(objr),
            o => objr(o),
        }
    };
    for (id, object) in doc.objects.iter_mut() {
        let Object::Dictionary(d) = object else {
            continue;
        };
        let is_link = d
            .get(b"S")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Link");
        if is_link && d.get(b"K").is_ok_and(holds) {
            d.set("S", Object::Name(b"Form".to_vec()));
            touched.insert(*id);
        }
    }
}

/// Removes an annotation from its page (a second box of one signatory).
fn drop_annotation(
    doc: &mut Document,
    page: ObjectId,
    annot: ObjectId,
    touched: &mut BTreeSet<ObjectId>,
) -> Result<(), String> {
    let target = match doc
        .get_dictionary(page)
        .map_err(|e| e.to_string())?
        .get(b"Annots")
    {
        Ok(Object::Reference(r)) => *r,
        _ => page,
    };
    touched.insert(target);
    let keep = |a: &mut Vec<Object>| a.retain(|o| o.as_reference().ok() != Some(annot));
    match doc.get_object_mut(target).map_err(|e| e.to_string())? {
        Object::Array(a) => keep(a),
        Object::Dictionary(d) => {
            if let Ok(Object::Array(a)) = d.get_mut(b"Annots") {
                keep(a);
            }
        }
        _ => {}
    }
    // Unreferenced now; typst's copy stays in the bytes before the update.
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    fn link(doc: &mut Document, uri: &str, y: i64) -> Object {
        let action = dictionary! { "S" => "URI", "URI" => Object::string_literal(uri) };
        Object::Reference(doc.add_object(dictionary! {
            "Type" => "Annot",
            "Subtype" => "Link",
            "Rect" => vec![10.into(), y.into(), 200.into(), (y + 130).into()],
            "A" => action,
        }))
    }

    /// A one-page PDF whose page holds links to these URIs.
    fn pdf(uris: &[&str]) -> Vec<u8> {
        let mut doc = Document::with_version("1.7");
        let pages = doc.new_object_id();
        let annots: Vec<Object> = uris
            .iter()
            .enumerate()
            .map(|(i, u)| link(&mut doc, u, 100 * i as i64))
            .collect();
        let contents = doc.add_object(Stream::new(dictionary! {}, CONTENTS.to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages, "Annots" => annots, "Contents" => contents,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        doc.objects.insert(
            pages,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
            ),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    /// The page's drawing, which the fields must leave as it is.
    const CONTENTS: &[u8] = b"BT /F1 12 Tf (Pour la R\\351gion) Tj ET";

    #[test]
    fn typst_bytes_stay_and_only_the_changes_are_appended() {
        let input = pdf(&[&format!("{SENTINEL}region")]);
        let signers = [Signer {
            id: "region".into(),
            label: "Pour la Région".into(),
        }];
        let out = add_fields(&input, &signers).unwrap();
        assert!(out.starts_with(&input), "an incremental update");
        let doc = Document::load_mem(&out).unwrap();
        let page = *doc.get_pages().values().next().unwrap();
        let contents = doc
            .get_dictionary(page)
            .unwrap()
            .get(b"Contents")
            .unwrap()
            .as_reference()
            .unwrap();
        // Read without their bytes, the streams are not written again: the current revision
        // still draws what typst drew.
        let stream = doc.get_object(contents).unwrap().as_stream().unwrap();
        assert_eq!(stream.content, CONTENTS);
        assert_eq!(
            out[input.len()..].windows(2).filter(|w| w == b"BT").count(),
            0
        );
    }

    fn annotations(doc: &Document) -> Vec<Dictionary> {
        let page = *doc.get_pages().values().next().unwrap();
        annotation_refs(doc, page)
            .into_iter()
            .map(|r| doc.get_dictionary(r).unwrap().clone())
            .collect()
    }

    #[test]
    fn sentinels_become_fields_and_other_links_stay() {
        let ids = vec![Signer {
            id: "region".into(),
            label: "Pour la Région, Le Président".into(),
        }];
        let input = pdf(&[
            "https://example.fr/",
            "convgen:signature/region",
            "convgen:signature/region",
            "convgen:signature/unknown",
        ]);
        let out = add_fields(&input, &ids).unwrap();
        assert_eq!(out, add_fields(&input, &ids).unwrap(), "deterministic");
        let doc = Document::load_mem(&out).unwrap();
        let annots = annotations(&doc);
        assert_eq!(annots.len(), 2, "the user link and one field");
        assert_eq!(
            annots[0].get(b"Subtype").unwrap().as_name().unwrap(),
            b"Link"
        );
        let w = &annots[1];
        assert_eq!(w.get(b"FT").unwrap().as_name().unwrap(), b"Sig");
        assert_eq!(w.get(b"T").unwrap().as_str().unwrap(), b"signature-region");
        assert_eq!(w.get(b"F").unwrap().as_i64().unwrap(), 4);
        let tu = lopdf::decode_text_string(w.get(b"TU").unwrap()).unwrap();
        assert_eq!(tu, "Pour la Région, Le Président");
        assert!(w.get(b"AP").unwrap().as_dict().unwrap().has(b"N"));
        let form = doc
            .catalog()
            .unwrap()
            .get(b"AcroForm")
            .unwrap()
            .as_dict()
            .unwrap();
        assert_eq!(form.get(b"Fields").unwrap().as_array().unwrap().len(), 1);
    }

    #[test]
    fn a_pdf_without_sentinels_is_left_as_it_is() {
        let input = pdf(&["https://example.fr/"]);
        let signer = Signer {
            id: "region".into(),
            label: String::new(),
        };
        assert_eq!(add_fields(&input, &[signer]).unwrap(), input);
        assert!(add_fields(b"%PDF-1.7 nothing", &[]).is_err());
    }
}
