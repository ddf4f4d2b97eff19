//! The PDF typst writes, read lazily: its cross-reference table gives the offset of every
//! object, and only the few objects the signature fields need (catalog, page tree, pages'
//! annotations, structure elements) are parsed. Parsing the whole file with lopdf took
//! 4 ms for a 7-page convention and 21 ms for the 45-page CRPC example; this takes a few
//! hundred microseconds.
//!
//! Only a file whose cross-references are classic tables (ISO 32000-1, 7.5.4), as typst
//! 0.15 writes them, is read here; a cross-reference stream, an encrypted file or anything
//! unexpected is an error, and [`super::add_fields`] reads the file with lopdf instead.

use std::collections::{BTreeMap, HashMap, HashSet};

use lopdf::{Dictionary, Object, ObjectId};

use super::Store;
use super::syntax::Cursor;

/// Most cross-reference sections followed through `/Prev`.
const MAX_SECTIONS: usize = 32;

pub struct Lean<'a> {
    pdf: &'a [u8],
    /// Object number → (generation, offset of `n g obj`), from the newest section that has
    /// it; `None` for a free entry.
    offsets: HashMap<u32, Option<(u16, usize)>>,
    /// The newest trailer.
    trailer: Dictionary,
    /// Offset of the newest cross-reference section (the update's `/Prev`).
    startxref: usize,
    /// Objects changed or added: the update.
    changed: BTreeMap<ObjectId, Object>,
    next: u32,
}

fn err(what: &str) -> String {
    format!("lecture directe : {what}")
}

/// The offset after the last `startxref` of the file.
fn startxref(pdf: &[u8]) -> Result<usize, String> {
    let tail = pdf.len().saturating_sub(1024);
    let at = memchr::memmem::rfind(&pdf[tail..], b"startxref")
        .ok_or_else(|| err("pas de startxref"))?
        + tail;
    let mut c = Cursor::new(pdf, at + b"startxref".len());
    c.unsigned()
        .and_then(|n| usize::try_from(n).ok())
        .filter(|&n| n < pdf.len())
        .ok_or_else(|| err("startxref illisible"))
}

impl<'a> Lean<'a> {
    /// Reads the cross-reference sections and the trailer of `pdf`.
    pub fn open(pdf: &'a [u8]) -> Result<Lean<'a>, String> {
        let newest = startxref(pdf)?;
        let mut offsets = HashMap::new();
        let mut trailer = None;
        let mut seen = HashSet::new();
        let mut at = Some(newest);
        while let Some(section) = at {
            if !seen.insert(section) || seen.len() > MAX_SECTIONS {
                return Err(err("sections de références en boucle"));
            }
            let this = read_section(pdf, section, &mut offsets)?;
            if this.has(b"XRefStm") || this.has(b"Encrypt") {
                return Err(err("références hybrides ou fichier chiffré"));
            }
            at = match this.get(b"Prev") {
                Ok(Object::Integer(p)) => Some(usize::try_from(*p).map_err(|_| err("/Prev"))?),
                Ok(_) => return Err(err("/Prev illisible")),
                Err(_) => None,
            };
            trailer.get_or_insert(this);
        }
        let trailer = trailer.ok_or_else(|| err("pas de trailer"))?;
        let size = match trailer.get(b"Size") {
            Ok(Object::Integer(n)) => u32::try_from(*n).map_err(|_| err("/Size"))?,
            _ => return Err(err("pas de /Size")),
        };
        let next = offsets.keys().max().map_or(0, |&n| n + 1).max(size);
        Ok(Lean {
            pdf,
            offsets,
            trailer,
            startxref: newest,
            changed: BTreeMap::new(),
            next,
        })
    }
}

/// One classic section at `at` (`xref`, subsections, `trailer`): its in-use entries are added
/// to `offsets` unless a newer section gave them; returns its trailer.
fn read_section(
    pdf: &[u8],
    at: usize,
    offsets: &mut HashMap<u32, Option<(u16, usize)>>,
) -> Result<Dictionary, String> {
    let mut c = Cursor::new(pdf, at);
    c.skip_white();
    if !c.eat(b"xref") {
        return Err(err("pas de table de références classique"));
    }
    let mut older = HashMap::new();
    loop {
        c.skip_white();
        if c.eat(b"trailer") {
            break;
        }
        let (Some(first), Some(count)) = (c.unsigned(), c.unsigned()) else {
            return Err(err("sous-section illisible"));
        };
        for n in first..first.saturating_add(count) {
            let (Some(offset), Some(generation)) = (c.unsigned(), c.unsigned()) else {
                return Err(err("entrée illisible"));
            };
            c.skip_white();
            let in_use = if c.eat(b"n") {
                true
            } else if c.eat(b"f") {
                false
            } else {
                return Err(err("entrée illisible"));
            };
            let (Ok(n), Ok(g), Ok(o)) = (
                u32::try_from(n),
                u16::try_from(generation),
                usize::try_from(offset),
            ) else {
                return Err(err("entrée hors limites"));
            };
            // A free entry hides the object from older sections too.
            older
                .entry(n)
                .or_insert((in_use && o < pdf.len()).then_some((g, o)));
        }
    }
    for (n, entry) in older {
        offsets.entry(n).or_insert(entry);
    }
    match c.object()? {
        Object::Dictionary(d) => Ok(d),
        _ => Err(err("trailer illisible")),
    }
}

impl Store for Lean<'_> {
    fn get(&self, id: ObjectId) -> Result<Object, String> {
        if let Some(o) = self.changed.get(&id) {
            return Ok(o.clone());
        }
        let &(generation, offset) = self
            .offsets
            .get(&id.0)
            .and_then(Option::as_ref)
            .filter(|(g, _)| *g == id.1)
            .ok_or_else(|| err(&format!("objet {} {} absent", id.0, id.1)))?;
        let mut c = Cursor::new(self.pdf, offset);
        if c.object_header() != Some((id.0, generation)) {
            return Err(err(&format!("objet {} {} mal placé", id.0, id.1)));
        }
        let object = c.object()?;
        c.skip_white();
        if c.eat(b"stream") {
            return Err(err(&format!("objet {} {} : un flux", id.0, id.1)));
        }
        Ok(object)
    }

    fn set(&mut self, id: ObjectId, object: Object) {
        self.changed.insert(id, object);
    }

    fn add(&mut self, object: Object) -> ObjectId {
        let id = (self.next, 0);
        self.next += 1;
        self.changed.insert(id, object);
        id
    }

    fn trailer(&self) -> &Dictionary {
        &self.trailer
    }

    /// `pdf` followed by an incremental update (ISO 32000-1, 7.5.6): the changed objects, a
    /// cross-reference section for them and a trailer pointing back to typst's.
    fn finish(self) -> Result<Vec<u8>, String> {
        use std::io::Write;
        let write = |e: std::io::Error| err(&e.to_string());
        let mut out = Vec::with_capacity(self.pdf.len() + 8 * 1024);
        out.extend_from_slice(self.pdf);
        if !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        let mut placed = Vec::with_capacity(self.changed.len());
        for (&(n, g), object) in &self.changed {
            placed.push(((n, g), out.len()));
            writeln!(out, "{n} {g} obj").map_err(write)?;
            lopdf::Writer::write_object(&mut out, object).map_err(|e| err(&e.to_string()))?;
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(b"xref\n");
        // Subsections of consecutive numbers.
        let mut i = 0;
        while i < placed.len() {
            let first = placed[i].0.0;
            let run = placed[i..]
                .iter()
                .enumerate()
                .take_while(|(k, ((n, _), _))| *n == first + *k as u32)
                .count();
            writeln!(out, "{first} {run}").map_err(write)?;
            for &((_, g), offset) in &placed[i..i + run] {
                write!(out, "{offset:010} {g:05} n\r\n").map_err(write)?;
            }
            i += run;
        }
        let mut trailer = self.trailer.clone();
        trailer.set("Size", i64::from(self.next));
        trailer.set("Prev", self.startxref as i64);
        out.extend_from_slice(b"trailer\n");
        lopdf::Writer::write_object(&mut out, &Object::Dictionary(trailer))
            .map_err(|e| err(&e.to_string()))?;
        write!(out, "\nstartxref\n{xref}\n%%EOF\n").map_err(write)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &[u8] = b"%PDF-1.7\n\
1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n\
2 0 obj\n<</Type/Pages/Kids[]/Count 0>>\nendobj\n";

    /// `FILE` with its table and trailer, the offsets computed.
    fn file() -> Vec<u8> {
        let mut pdf = FILE.to_vec();
        let one = memchr::memmem::find(&pdf, b"1 0 obj").unwrap();
        let two = memchr::memmem::find(&pdf, b"2 0 obj").unwrap();
        let xref = pdf.len();
        pdf.extend_from_slice(
            format!(
                "xref\n0 3\n0000000000 65535 f\r\n{one:010} 00000 n\r\n{two:010} 00000 n\r\n\
                 trailer\n<</Size 3/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n"
            )
            .as_bytes(),
        );
        pdf
    }

    #[test]
    fn reads_objects_and_appends_an_update_that_lopdf_reads() {
        let pdf = file();
        let mut lean = Lean::open(&pdf).unwrap();
        let catalog = lean.get((1, 0)).unwrap();
        assert_eq!(
            catalog.as_dict().unwrap().get(b"Pages").unwrap(),
            &Object::Reference((2, 0))
        );
        assert!(lean.get((3, 0)).is_err(), "no such object");
        assert!(lean.get((2, 1)).is_err(), "wrong generation");
        let added = lean.add(Object::Integer(42));
        assert_eq!(added, (3, 0));
        let mut changed = catalog.as_dict().unwrap().clone();
        changed.set("Extra", Object::Reference(added));
        lean.set((1, 0), Object::Dictionary(changed));
        let out = lean.finish().unwrap();
        assert!(out.starts_with(&pdf));
        let doc = lopdf::Document::load_mem(&out).unwrap();
        let extra = doc.catalog().unwrap().get(b"Extra").unwrap();
        assert_eq!(
            doc.get_object(extra.as_reference().unwrap()).unwrap(),
            &Object::Integer(42)
        );
        // Read again lazily, the update is the newest section.
        let again = Lean::open(&out).unwrap();
        assert!(again.get((1, 0)).unwrap().as_dict().unwrap().has(b"Extra"));
        assert_eq!(again.get((3, 0)).unwrap(), Object::Integer(42));
    }

    #[test]
    fn anything_else_is_refused() {
        let pdf = file();
        let cut = |s: &[u8]| Lean::open(s).err();
        assert!(cut(b"%PDF-1.7\n%%EOF").is_some(), "no startxref");
        assert!(cut(&pdf[..pdf.len() - 30]).is_some(), "truncated");
        let xref_stream =
            String::from_utf8_lossy(&pdf).replace("xref\n0 3", "5 0 obj <</Type/XRef");
        assert!(
            cut(xref_stream.as_bytes()).is_some(),
            "a cross-reference stream"
        );
        let encrypted = String::from_utf8_lossy(&pdf).replace("/Size 3", "/Size 3/Encrypt 9 0 R");
        assert!(cut(encrypted.as_bytes()).is_some(), "encrypted");
        let looping = String::from_utf8_lossy(&pdf).replace(
            "/Size 3",
            &format!(
                "/Size 3/Prev {}",
                memchr::memmem::find(&pdf, b"xref").unwrap()
            ),
        );
        assert!(cut(looping.as_bytes()).is_some(), "a /Prev to itself");
        let moved = String::from_utf8_lossy(&pdf).replace("1 0 obj", "1 0 ob ");
        let lean = Lean::open(moved.as_bytes()).unwrap();
        assert!(lean.get((1, 0)).is_err(), "no object at the offset given");
    }

    /// Cut or damaged anywhere, the file gives errors, never a panic.
    #[test]
    fn damaged_files_never_panic() {
        let pdf = file();
        for end in 0..pdf.len() {
            if let Ok(lean) = Lean::open(&pdf[..end]) {
                let _ = (lean.get((1, 0)), lean.get((2, 0)));
            }
        }
        for at in 0..pdf.len() {
            for byte in [b'0', b'(', b'<', b'[', b'/', b'\\', b' ', 0xff] {
                let mut bad = pdf.clone();
                bad[at] = byte;
                if let Ok(lean) = Lean::open(&bad) {
                    let _ = (lean.get((1, 0)), lean.get((2, 0)));
                }
            }
        }
    }
}
