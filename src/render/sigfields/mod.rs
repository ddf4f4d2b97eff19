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
//! listing the fields. The changes are appended to typst's bytes as an incremental update:
//! objects keep their numbers and are written in that order, so the result depends only on
//! typst's PDF.
//!
//! The PDF is read lazily ([`lean`]): only the objects on the way from the catalog to the
//! boxes are parsed. A file that reader does not handle (a cross-reference stream, say) is
//! read whole with lopdf instead ([`Full`]); both go through the same [`Store`].

mod lean;
mod syntax;

use std::collections::{BTreeSet, HashSet};

use lopdf::{Dictionary, Document, IncrementalDocument, LoadOptions, Object, ObjectId, Stream};

/// Scheme and path of the links the Typst template puts on the signatory boxes.
pub const SENTINEL: &str = "convgen:signature/";

/// Deepest page tree or number tree followed.
const MAX_TREE_DEPTH: usize = 32;

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

/// The objects of a PDF as the fields need them: read one, change one, add one, and write
/// the changes as an incremental update.
trait Store {
    fn get(&self, id: ObjectId) -> Result<Object, String>;
    fn set(&mut self, id: ObjectId, object: Object);
    fn add(&mut self, object: Object) -> ObjectId;
    fn trailer(&self) -> &Dictionary;
    fn finish(self) -> Result<Vec<u8>, String>;
}

/// Turns the sentinel links of `pdf` into signature fields for the `signers` (the first box
/// of each id; other sentinel links are removed). A PDF without sentinel links (a template
/// that draws no box) is returned as it is.
pub fn add_fields(pdf: &[u8], signers: &[Signer]) -> Result<Vec<u8>, String> {
    let result = lean::Lean::open(pdf)
        .and_then(|store| updated(store, signers))
        .or_else(|_| Full::open(pdf).and_then(|store| updated(store, signers)));
    let fail = |e: String| format!("champs de signature : PDF illisible ({e})");
    Ok(result.map_err(fail)?.unwrap_or_else(|| pdf.to_vec()))
}

/// The PDF of `store` with the fields, or `None` when it has no sentinel link.
fn updated(mut store: impl Store, signers: &[Signer]) -> Result<Option<Vec<u8>>, String> {
    if with_fields(&mut store, signers)? {
        store.finish().map(Some)
    } else {
        Ok(None)
    }
}

/// Whether [`add_fields`] reads `pdf` lazily (its cross-references are classic tables), not
/// whole with lopdf.
pub fn read_lazily(pdf: &[u8]) -> bool {
    lean::Lean::open(pdf).is_ok()
}

/// Makes the fields in `store`; false when the PDF has no sentinel link.
fn with_fields(store: &mut impl Store, signers: &[Signer]) -> Result<bool, String> {
    let found = sentinels(store)?;
    if found.is_empty() {
        return Ok(false);
    }
    let mut fields = Vec::new();
    let mut done = BTreeSet::new();
    for f in found {
        let signer = signers.iter().find(|s| s.id == f.id);
        if let Some(signer) = signer.filter(|_| done.insert(f.id.clone())) {
            make_widget(store, &f, &signer.label)?;
            fields.push(f.annot);
        } else {
            drop_annotation(store, f.page, f.annot)?;
        }
    }
    if !fields.is_empty() {
        retag_as_forms(store, &fields);
        let mut form = Dictionary::new();
        form.set(
            "Fields",
            Object::Array(fields.into_iter().map(Object::Reference).collect()),
        );
        // SignaturesExist: the document holds signature fields.
        form.set("SigFlags", 1);
        let root = root(store)?;
        let mut catalog = dictionary(store, root)?;
        catalog.set("AcroForm", Object::Dictionary(form));
        store.set(root, Object::Dictionary(catalog));
    }
    Ok(true)
}

fn root(store: &impl Store) -> Result<ObjectId, String> {
    store
        .trailer()
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| "pas de catalogue".to_string())
}

/// The dictionary `id`.
fn dictionary(store: &impl Store, id: ObjectId) -> Result<Dictionary, String> {
    match store.get(id)? {
        Object::Dictionary(d) => Ok(d),
        _ => Err(format!(
            "l'objet {} {} n'est pas un dictionnaire",
            id.0, id.1
        )),
    }
}

/// `object`, or the object it refers to.
fn resolved(store: &impl Store, object: &Object) -> Result<Object, String> {
    match object {
        Object::Reference(r) => store.get(*r),
        o => Ok(o.clone()),
    }
}

/// The pages, in order: the leaves of the page tree.
fn pages(store: &impl Store) -> Result<Vec<ObjectId>, String> {
    let catalog = dictionary(store, root(store)?)?;
    let top = catalog
        .get(b"Pages")
        .and_then(Object::as_reference)
        .map_err(|_| "pas d'arbre des pages".to_string())?;
    let mut pages = Vec::new();
    let mut seen = HashSet::new();
    let mut stack = vec![(top, 0)];
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_TREE_DEPTH || !seen.insert(node) {
            return Err("arbre des pages en boucle".into());
        }
        let dict = dictionary(store, node)?;
        match dict.get(b"Kids") {
            Ok(kids)
                if !dict
                    .get(b"Type")
                    .is_ok_and(|t| t == &Object::Name(b"Page".to_vec())) =>
            {
                let kids = resolved(store, kids)?;
                let kids = kids.as_array().map_err(|e| e.to_string())?;
                // Last kid pushed first: popped in document order.
                for kid in kids.iter().rev() {
                    stack.push((kid.as_reference().map_err(|e| e.to_string())?, depth + 1));
                }
            }
            _ => pages.push(node),
        }
    }
    Ok(pages)
}

/// The sentinel link annotations of every page, in page order then annotation order.
fn sentinels(store: &impl Store) -> Result<Vec<Found>, String> {
    let mut found = Vec::new();
    for page in pages(store)? {
        for annot in annotation_refs(store, page) {
            let Ok(dict) = dictionary(store, annot) else {
                continue;
            };
            if let Some(id) = sentinel_id(store, &dict) {
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
    Ok(found)
}

/// The references in a page's `/Annots` (direct or indirect array).
fn annotation_refs(store: &impl Store, page: ObjectId) -> Vec<ObjectId> {
    let Ok(dict) = dictionary(store, page) else {
        return Vec::new();
    };
    let annots = dict
        .get(b"Annots")
        .ok()
        .and_then(|a| resolved(store, a).ok());
    match annots {
        Some(Object::Array(a)) => a.iter().filter_map(|o| o.as_reference().ok()).collect(),
        _ => Vec::new(),
    }
}

/// The signatory id of a `/Link` annotation to a [`SENTINEL`] URI.
fn sentinel_id(store: &impl Store, annot: &Dictionary) -> Option<String> {
    if annot.get(b"Subtype").and_then(Object::as_name).ok()? != b"Link" {
        return None;
    }
    let action = resolved(store, annot.get(b"A").ok()?).ok()?;
    let uri = action
        .as_dict()
        .ok()?
        .get(b"URI")
        .and_then(Object::as_str)
        .ok()?;
    let rest = uri.strip_prefix(SENTINEL.as_bytes())?;
    String::from_utf8(rest.to_vec()).ok()
}

/// Replaces the annotation by the widget of an unsigned signature field (same object).
fn make_widget(store: &mut impl Store, f: &Found, label: &str) -> Result<(), String> {
    let number = |o: &Object| o.as_float().or_else(|_| o.as_i64().map(|i| i as f32));
    let corners: Vec<f32> = f.rect.iter().filter_map(|o| number(o).ok()).collect();
    let [x0, y0, x1, y1] = corners[..] else {
        return Err("rectangle illisible".into());
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
    let appearance = store.add(Object::Stream(Stream::new(bbox, Vec::new())));
    let mut ap = Dictionary::new();
    ap.set("N", Object::Reference(appearance));
    let old = dictionary(store, f.annot)?;
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
    store.set(f.annot, Object::Dictionary(w));
    Ok(())
}

/// In a tagged PDF the link was a `/Link` structure element around its annotation (found
/// through the annotation's `/StructParent` in the structure tree's `/ParentTree`): the
/// element of a widget is a `/Form`. An untagged PDF is left as it is.
fn retag_as_forms(store: &mut impl Store, fields: &[ObjectId]) {
    let Some(tree) = parent_tree(store) else {
        return;
    };
    for &annot in fields {
        let key = dictionary(store, annot)
            .ok()
            .and_then(|d| d.get(b"StructParent").and_then(Object::as_i64).ok());
        let Some(Object::Reference(element)) =
            key.and_then(|k| number_tree_get(store, &tree, k, 0))
        else {
            continue;
        };
        let Ok(mut d) = dictionary(store, element) else {
            continue;
        };
        let holds = |k: &Object| -> bool {
            let objr = |o: &Object| match o {
                Object::Dictionary(d) => {
                    d.get(b"Obj").is_ok_and(|r| r == &Object::Reference(annot))
                }
                _ => false,
            };
            match k {
                Object::Array(a) => a.iter().any(objr),
                o => objr(o),
            }
        };
        let is_link = d
            .get(b"S")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Link");
        if is_link && d.get(b"K").is_ok_and(holds) {
            d.set("S", Object::Name(b"Form".to_vec()));
            store.set(element, Object::Dictionary(d));
        }
    }
}

/// The `/ParentTree` of the structure tree, if the PDF is tagged.
fn parent_tree(store: &impl Store) -> Option<Dictionary> {
    let catalog = dictionary(store, root(store).ok()?).ok()?;
    let tree = resolved(store, catalog.get(b"StructTreeRoot").ok()?).ok()?;
    let parents = resolved(store, tree.as_dict().ok()?.get(b"ParentTree").ok()?).ok()?;
    parents.as_dict().ok().cloned()
}

/// The value of `key` in the number tree whose node is `node` (ISO 32000-1, 7.9.7).
fn number_tree_get(
    store: &impl Store,
    node: &Dictionary,
    key: i64,
    depth: usize,
) -> Option<Object> {
    if depth > MAX_TREE_DEPTH {
        return None;
    }
    if let Ok(nums) = node.get(b"Nums").and_then(Object::as_array) {
        return nums
            .chunks_exact(2)
            .find(|pair| pair[0].as_i64().ok() == Some(key))
            .map(|pair| pair[1].clone());
    }
    let kids = resolved(store, node.get(b"Kids").ok()?).ok()?;
    for kid in kids.as_array().ok()? {
        let Ok(Object::Dictionary(kid)) = resolved(store, kid) else {
            continue;
        };
        let within = match kid.get(b"Limits").and_then(Object::as_array) {
            Ok(l) if l.len() == 2 => {
                l[0].as_i64().is_ok_and(|lo| lo <= key) && l[1].as_i64().is_ok_and(|hi| key <= hi)
            }
            _ => true,
        };
        if within && let Some(v) = number_tree_get(store, &kid, key, depth + 1) {
            return Some(v);
        }
    }
    None
}

/// Removes an annotation from its page (a second box of one signatory).
fn drop_annotation(store: &mut impl Store, page: ObjectId, annot: ObjectId) -> Result<(), String> {
    let keep = |a: &mut Vec<Object>| a.retain(|o| o.as_reference().ok() != Some(annot));
    let mut dict = dictionary(store, page)?;
    match dict.get_mut(b"Annots") {
        Ok(Object::Reference(r)) => {
            let r = *r;
            if let Object::Array(mut a) = store.get(r)? {
                keep(&mut a);
                store.set(r, Object::Array(a));
            }
        }
        Ok(Object::Array(a)) => {
            keep(a);
            store.set(page, Object::Dictionary(dict));
        }
        _ => {}
    }
    // Unreferenced now; typst's copy stays in the bytes before the update.
    Ok(())
}

/// The whole PDF read by lopdf, for files [`lean`] does not read.
struct Full<'a> {
    pdf: &'a [u8],
    doc: Document,
    /// The objects changed or added: the only ones written, as an incremental update.
    touched: BTreeSet<ObjectId>,
}

impl<'a> Full<'a> {
    fn open(pdf: &'a [u8]) -> Result<Full<'a>, String> {
        let options = LoadOptions {
            filter: Some(without_contents),
            ..LoadOptions::default()
        };
        let doc = Document::load_mem_with_options(pdf, options).map_err(|e| e.to_string())?;
        Ok(Full {
            pdf,
            doc,
            touched: BTreeSet::new(),
        })
    }
}

impl Store for Full<'_> {
    fn get(&self, id: ObjectId) -> Result<Object, String> {
        self.doc.get_object(id).cloned().map_err(|e| e.to_string())
    }

    fn set(&mut self, id: ObjectId, object: Object) {
        self.doc.objects.insert(id, object);
        self.touched.insert(id);
    }

    fn add(&mut self, object: Object) -> ObjectId {
        let id = self.doc.add_object(object);
        self.touched.insert(id);
        id
    }

    fn trailer(&self) -> &Dictionary {
        &self.doc.trailer
    }

    /// `pdf` followed by an incremental update holding the touched objects, written by lopdf
    /// in the cross-reference form of the file.
    fn finish(self) -> Result<Vec<u8>, String> {
        let fail = |e: lopdf::Error| e.to_string();
        let mut inc = IncrementalDocument::create_from(self.pdf.to_vec(), self.doc);
        for &id in &self.touched {
            let object = inc
                .get_prev_documents()
                .get_object(id)
                .map_err(fail)?
                .clone();
            inc.new_document.set_object(id, object);
        }
        let mut out = Vec::with_capacity(self.pdf.len() + 16 * 1024);
        inc.save_to(&mut out).map_err(|e| e.to_string())?;
        Ok(out)
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    /// How the test PDF is written: classic cross-reference table (what typst writes, read
    /// lazily) or object streams and a cross-reference stream (read whole by lopdf).
    #[derive(Clone, Copy, Debug)]
    enum Form {
        Classic,
        Modern,
    }

    /// A tagged one-page PDF whose page holds links to these URIs, each inside a `/Link`
    /// structure element.
    fn pdf(uris: &[&str], form: Form) -> Vec<u8> {
        let mut doc = Document::with_version("1.7");
        let pages = doc.new_object_id();
        let page = doc.new_object_id();
        let tree = doc.new_object_id();
        let mut annots = Vec::new();
        let mut elements = Vec::new();
        let mut nums = Vec::new();
        for (i, uri) in uris.iter().enumerate() {
            let y = 100 * i as i64;
            let action = dictionary! { "S" => "URI", "URI" => Object::string_literal(*uri) };
            let annot = doc.add_object(dictionary! {
                "Type" => "Annot",
                "Subtype" => "Link",
                "Rect" => vec![10.into(), y.into(), 200.into(), (y + 130).into()],
                "A" => action,
                "StructParent" => i as i64,
            });
            let element = doc.add_object(dictionary! {
                "Type" => "StructElem", "S" => "Link", "P" => tree, "Pg" => page,
                "K" => vec![Object::Dictionary(dictionary! { "Type" => "OBJR", "Obj" => annot })],
            });
            annots.push(Object::Reference(annot));
            elements.push(Object::Reference(element));
            nums.extend([Object::Integer(i as i64), Object::Reference(element)]);
        }
        let contents = doc.add_object(Stream::new(dictionary! {}, CONTENTS.to_vec()));
        doc.objects.insert(
            page,
            Object::Dictionary(dictionary! {
                "Type" => "Page", "Parent" => pages, "Annots" => annots, "Contents" => contents,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            }),
        );
        doc.objects.insert(
            pages,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
            ),
        );
        // The number tree in two levels, as a long document would have it.
        let leaf = doc.add_object(dictionary! {
            "Nums" => nums, "Limits" => vec![0.into(), (uris.len() as i64).into()],
        });
        let parents = doc.add_object(dictionary! { "Kids" => vec![leaf.into()] });
        doc.objects.insert(
            tree,
            Object::Dictionary(dictionary! {
                "Type" => "StructTreeRoot", "K" => elements, "ParentTree" => parents,
            }),
        );
        let catalog = doc.add_object(dictionary! {
            "Type" => "Catalog", "Pages" => pages, "StructTreeRoot" => tree,
        });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        match form {
            Form::Classic => {
                doc.reference_table.cross_reference_type =
                    lopdf::xref::XrefType::CrossReferenceTable;
                doc.save_to(&mut out).unwrap()
            }
            Form::Modern => doc.save_modern(&mut out).unwrap(),
        }
        out
    }

    /// The page's drawing, which the fields must leave as it is.
    const CONTENTS: &[u8] = b"BT /F1 12 Tf (Pour la R\\351gion) Tj ET";

    fn region(label: &str) -> Vec<Signer> {
        vec![Signer {
            id: "region".into(),
            label: label.into(),
        }]
    }

    #[test]
    fn typst_bytes_stay_and_only_the_changes_are_appended() {
        for form in [Form::Classic, Form::Modern] {
            let input = pdf(&[&format!("{SENTINEL}region")], form);
            let out = add_fields(&input, &region("Pour la Région")).unwrap();
            assert!(out.starts_with(&input), "{form:?}: an incremental update");
            let doc = Document::load_mem(&out).unwrap();
            let page = *doc.get_pages().values().next().unwrap();
            let contents = doc
                .get_dictionary(page)
                .unwrap()
                .get(b"Contents")
                .unwrap()
                .as_reference()
                .unwrap();
            // Read without their bytes, the streams are not written again: the current
            // revision still draws what typst drew.
            let stream = doc.get_object(contents).unwrap().as_stream().unwrap();
            assert_eq!(stream.content, CONTENTS, "{form:?}");
            assert_eq!(
                out[input.len()..].windows(2).filter(|w| w == b"BT").count(),
                0,
                "{form:?}"
            );
        }
    }

    #[test]
    fn classic_tables_are_read_lazily_and_streams_whole() {
        assert!(read_lazily(&pdf(&["https://example.fr/"], Form::Classic)));
        assert!(!read_lazily(&pdf(&["https://example.fr/"], Form::Modern)));
    }

    fn annotations(doc: &Document) -> Vec<Dictionary> {
        let page = *doc.get_pages().values().next().unwrap();
        let annots = doc.get_dictionary(page).unwrap().get(b"Annots").unwrap();
        annots
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                doc.get_dictionary(r.as_reference().unwrap())
                    .unwrap()
                    .clone()
            })
            .collect()
    }

    /// The structure type of the element of the annotation with this `/StructParent`.
    fn element_type(doc: &Document, key: i64) -> Vec<u8> {
        let tree = doc.catalog().unwrap().get(b"StructTreeRoot").unwrap();
        let tree = doc.get_dictionary(tree.as_reference().unwrap()).unwrap();
        let parents = tree.get(b"ParentTree").unwrap().as_reference().unwrap();
        let kids = doc.get_dictionary(parents).unwrap().get(b"Kids").unwrap();
        let leaf = kids.as_array().unwrap()[0].as_reference().unwrap();
        let nums = doc.get_dictionary(leaf).unwrap().get(b"Nums").unwrap();
        let nums = nums.as_array().unwrap();
        let element = nums[2 * key as usize + 1].as_reference().unwrap();
        let element = doc.get_dictionary(element).unwrap();
        element.get(b"S").unwrap().as_name().unwrap().to_vec()
    }

    #[test]
    fn sentinels_become_fields_and_other_links_stay() {
        for form in [Form::Classic, Form::Modern] {
            let ids = region("Pour la Région, Le Président");
            let input = pdf(
                &[
                    "https://example.fr/",
                    "convgen:signature/region",
                    "convgen:signature/region",
                    "convgen:signature/unknown",
                ],
                form,
            );
            let out = add_fields(&input, &ids).unwrap();
            assert_eq!(out, add_fields(&input, &ids).unwrap(), "deterministic");
            let doc = Document::load_mem(&out).unwrap();
            let annots = annotations(&doc);
            assert_eq!(annots.len(), 2, "{form:?}: the user link and one field");
            assert_eq!(
                annots[0].get(b"Subtype").unwrap().as_name().unwrap(),
                b"Link"
            );
            let w = &annots[1];
            assert_eq!(w.get(b"FT").unwrap().as_name().unwrap(), b"Sig");
            assert_eq!(w.get(b"T").unwrap().as_str().unwrap(), b"signature-region");
            assert_eq!(w.get(b"F").unwrap().as_i64().unwrap(), 4);
            assert_eq!(w.get(b"StructParent").unwrap().as_i64().unwrap(), 1);
            let tu = lopdf::decode_text_string(w.get(b"TU").unwrap()).unwrap();
            assert_eq!(tu, "Pour la Région, Le Président");
            assert!(w.get(b"AP").unwrap().as_dict().unwrap().has(b"N"));
            let form_dict = doc
                .catalog()
                .unwrap()
                .get(b"AcroForm")
                .unwrap()
                .as_dict()
                .unwrap();
            let fields = form_dict.get(b"Fields").unwrap().as_array().unwrap();
            assert_eq!(fields.len(), 1, "{form:?}");
            // The field's structure element is a form; the user link's stays a link.
            assert_eq!(element_type(&doc, 1), b"Form", "{form:?}");
            assert_eq!(element_type(&doc, 0), b"Link", "{form:?}");
            assert_eq!(element_type(&doc, 2), b"Link", "{form:?}: a dropped box");
        }
    }

    #[test]
    fn both_readers_make_the_same_fields() {
        let uris = ["convgen:signature/region", "https://example.fr/"];
        let of = |form| {
            let out = add_fields(&pdf(&uris, form), &region("Pour la Région")).unwrap();
            let doc = Document::load_mem(&out).unwrap();
            let mut annots = annotations(&doc);
            // The appearance streams' numbers differ (lopdf numbers its object streams).
            annots[0].remove(b"AP");
            annots
        };
        assert_eq!(of(Form::Classic), of(Form::Modern));
    }

    #[test]
    fn a_pdf_without_sentinels_is_left_as_it_is() {
        for form in [Form::Classic, Form::Modern] {
            let input = pdf(&["https://example.fr/"], form);
            assert_eq!(add_fields(&input, &region("")).unwrap(), input);
        }
        assert!(add_fields(b"%PDF-1.7 nothing", &[]).is_err());
    }
}
