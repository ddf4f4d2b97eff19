//! `convgen avenant`: the amendment of a convention, drafted from the semantic diff of its
//! folder between two versions (a git revision and the working tree, or two folders), as a
//! document of its own rendered through the same view and renderers as the convention.
//!
//! - [`articles`]: one article per change, in the customary wording;
//! - this module: the avenant's metadata (`avenants/<n>.toml`), and its document: title
//!   « Avenant n° N à la convention … », the parties as the convention names them, the visas
//!   (the convention and its signature date, the deliberations approving the avenant),
//!   « IL EST CONVENU CE QUI SUIT », the articles, the closing articles (other provisions
//!   unchanged, date of effect), the signature block of the convention, and the annexes it
//!   joins.

pub mod articles;

use sha2::{Digest, Sha256};

use crate::french::{avenant as w, wording};
use crate::markup::Block;
use crate::model::{Annex, Avenant, Convention};
use crate::view::{self, DocView, Front, Item, SectionView, text};

pub use articles::{Drafted, Versions};

/// An avenant drafted: its document, and what it could not word.
pub struct Draft {
    pub view: DocView,
    /// Parts of the convention that changed without a customary wording (French titles).
    pub not_drafted: Vec<&'static str>,
    /// How many articles the changes gave (the closing ones not counted).
    pub changes: usize,
}

/// The avenant's number: the one asked, else the highest of `avenants/`, else 1.
pub fn number(asked: Option<i64>, known: &[&Avenant]) -> i64 {
    asked
        .or_else(|| known.iter().map(|a| a.header.number.value).max())
        .unwrap_or(1)
}

/// Drafts avenant `number` between the two versions; `meta` is its `avenants/<n>.toml`.
pub fn draft(v: &Versions<'_>, number: i64, meta: Option<&Avenant>) -> Draft {
    let drafted = articles::draft(v);
    let annexes: Vec<&Annex> = v.new_annexes.values().collect();
    let base = view::build(v.new, &annexes, String::new());
    let changes = drafted.articles.len();
    let mut view = base.clone();
    let title = w::title(number, v.new.header.title.value.trim());
    view.id = format!("{}-avenant-{number}", v.new.header.id.value);
    view.kind = "avenant";
    view.kind_label = text(w::KIND);
    view.title = text(&title);
    view.title_plain = crate::french::typo(&title);
    view.short_title = text(&title);
    view.cover = false;
    view.front = front(&base, v.old, meta);
    view.body = body(drafted.articles, meta);
    view.annex_list = Vec::new();
    view.annexes = base
        .annexes
        .into_iter()
        .filter(|a| {
            drafted
                .joined
                .iter()
                .any(|y| a.anchor == format!("annex:{y}"))
        })
        .collect();
    if let Some(m) = meta {
        let h = &m.header;
        let date = h.date.as_ref().map(|d| d.value.french());
        let place = h.place.as_ref().map(|p| p.value.trim().to_string());
        view.signature.place_date =
            text(&wording::place_and_date(place.as_deref(), date.as_deref()));
        if let Some(d) = &h.date {
            view.document_date.text = d.value.french();
            view.document_date.year = d.value.year;
            view.document_date.month = d.value.month;
            view.document_date.day = d.value.day;
        }
    } else {
        view.signature.place_date = text(&wording::place_and_date(None, None));
    }
    view.fingerprint = fingerprint(&view);
    Draft {
        view,
        not_drafted: drafted.not_drafted,
        changes,
    }
}

/// The parties as the convention names them, the visas, « IL EST CONVENU CE QUI SUIT ».
fn front(base: &DocView, old: &Convention, meta: Option<&Avenant>) -> Vec<Front> {
    let mut out: Vec<Front> = base
        .front
        .iter()
        .filter(|f| matches!(f, Front::Parties { .. }))
        .cloned()
        .collect();
    let signed = old
        .header
        .signature
        .as_ref()
        .and_then(|s| s.date.as_ref())
        .map(|d| d.value.french());
    let mut visas = vec![text(&w::convention_visa(
        old.header.title.value.trim(),
        signed.as_deref(),
    ))];
    for d in meta.map_or(&[][..], |m| &m.deliberations[..]) {
        let what = d
            .text
            .as_ref()
            .or(d.reference.as_ref())
            .map_or("", |t| t.value.trim());
        let line = match &d.date {
            Some(date) => format!("Vu {what} du {} ;", date.value.french()),
            None => format!("Vu {what} ;"),
        };
        visas.push(text(&line));
    }
    let sources = vec![None; visas.len()];
    out.push(Front::Visas { visas, sources });
    out.push(Front::Agreed {
        c: text(wording::AGREED),
    });
    out
}

/// The object (when given), one article per change, then the closing articles.
fn body(changes: Vec<Vec<Block>>, meta: Option<&Avenant>) -> Vec<SectionView> {
    let mut list: Vec<(Option<&str>, Vec<Block>)> = Vec::new();
    if let Some(o) = meta.and_then(|m| m.header.object.as_ref()) {
        list.push((
            Some(w::OBJECT_TITLE),
            vec![paragraph(&w::object(o.value.trim()))],
        ));
    }
    list.extend(changes.into_iter().map(|b| (None, b)));
    list.push((Some(w::OTHERS_TITLE), vec![paragraph(w::UNCHANGED)]));
    let effect = meta
        .and_then(|m| m.header.effect.as_ref())
        .map(|d| d.value.french());
    list.push((
        Some(w::EFFECT_TITLE),
        vec![paragraph(&w::effect(effect.as_deref()))],
    ));
    list.into_iter()
        .enumerate()
        .map(|(i, (title, blocks))| article(i + 1, title, blocks))
        .collect()
}

fn article(n: usize, title: Option<&str>, blocks: Vec<Block>) -> SectionView {
    let number = w::article(n);
    let heading = match title {
        Some(t) => format!("{number} – {t}"),
        None => number.clone(),
    };
    SectionView {
        anchor: format!("article:{n}"),
        level: 1,
        number: text(&number),
        heading: text(&heading),
        number_plain: crate::french::typo(&number),
        title_plain: title.map(crate::french::typo).unwrap_or_default(),
        clauses: Vec::new(),
        content: blocks.into_iter().map(|b| Item::Block { b }).collect(),
        includes: Vec::new(),
        source: None,
    }
}

fn paragraph(s: &str) -> Block {
    Block::P { c: text(s) }
}

/// First 12 hex digits of the SHA-256 of the avenant's document (its own content).
fn fingerprint(view: &DocView) -> String {
    let json = serde_json::to_string(view).unwrap_or_default();
    let digest = Sha256::digest(json.as_bytes());
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// The avenant numbered `number` among the loaded ones.
pub fn find<'a>(avenants: &[&'a Avenant], number: i64) -> Option<&'a Avenant> {
    avenants
        .iter()
        .copied()
        .find(|a| a.header.number.value == number)
}
