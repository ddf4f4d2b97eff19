//! View stage: the resolved document its parties wrote, as one tree that every renderer walks
//! (Markdown, Typst, and the other backends), so that they all say the same words.
//!
//! Everything is decided here once: the order of the opening blocks, the body's sections with
//! their numbers, the wording convgen adds (agreed with each party), the typography of every
//! text, the annexes and their totals. Texts are [`Text`]s (inlines) and [`Block`]s of
//! [`crate::markup`]; renderers only lay them out. Without `[document]` and `[[sections]]` a
//! convention gets the default layout of its kind ([`layout`]).

pub mod anchors;
mod annexes;
mod attach;
mod body;
mod consolidated;
mod fingerprint;
mod front;
mod layout;
mod numbers;
mod objectives;
pub mod review;
mod signature;
pub mod trajectory;

use std::collections::HashMap;

use serde::Serialize;

pub use attach::{AssetFile, attach};
pub use consolidated::consolidate;
pub use fingerprint::fingerprint;
pub use numbers::{Numbered, Numbers, numbers};

use crate::date::Date;
use crate::french::{grammar, wording};
use crate::markup::{self, Block, Inline};
use crate::model::regime;
use crate::model::{Annex, Convention, Signatory, Status};

/// Typeset text: inlines (plain text, emphasis, superscript…).
pub type Text = Vec<Inline>;

#[derive(Clone, Debug, Serialize)]
pub struct DocView {
    pub id: String,
    pub kind: &'static str,
    pub kind_label: Text,
    pub title: Text,
    /// The title as plain text (PDF metadata).
    pub title_plain: String,
    /// Running header: `short_title`, else `title`.
    pub short_title: Text,
    pub region: Text,
    /// « Du 1er janvier 2025 au 31 décembre 2027 », « À compter de sa date de signature… ».
    pub period: Text,
    pub status: &'static str,
    pub draft: bool,
    /// A cover page (else the title heads the first page).
    pub cover: bool,
    pub regime: RegimeView,
    /// The cover's lines under the title: « Région Normandie », the period.
    pub cover_lines: Vec<Text>,
    /// The parties' names, for the cover.
    pub signatories: Vec<Text>,
    /// The opening blocks, in the parties' order.
    pub front: Vec<Front>,
    /// The body: sections, each with its content.
    pub body: Vec<SectionView>,
    pub signature: SignatureView,
    /// Whether the document is signed: « Fait à … » and the signature boxes are laid out
    /// (false for the yearly review, which has none).
    pub signing: bool,
    /// « Annexes » listed after the signatures, when the parties list them there.
    pub annex_list: Vec<Text>,
    pub annexes: Vec<AnnexView>,
    /// First 12 hex digits of the SHA-256 of the canonical input (see [`fingerprint`]).
    pub fingerprint: String,
    /// Date printed in the PDF metadata (signature date, else start date).
    pub document_date: DateView,
    /// The words of the page furniture.
    pub furniture: Furniture,
    /// Files the PDF needs besides the data (logos, attached PDFs); not part of the JSON.
    #[serde(skip)]
    pub assets: Vec<AssetFile>,
}

/// Words printed by the layout itself (header, footer, cover), from [`wording`].
#[derive(Clone, Debug, Serialize)]
pub struct Furniture {
    pub draft: &'static str,
    pub draft_notice: &'static str,
    pub signatories: &'static str,
    pub fingerprint: &'static str,
    pub page: &'static str,
    pub annexes: &'static str,
}

impl Default for Furniture {
    /// The words of [`wording`].
    fn default() -> Furniture {
        Furniture {
            draft: wording::DRAFT,
            draft_notice: wording::DRAFT_NOTICE,
            signatories: wording::SIGNATORIES,
            fingerprint: wording::FINGERPRINT,
            page: wording::PAGE,
            annexes: wording::ANNEXES,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct DateView {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    /// « 14 mars 2025 »
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct RegimeView {
    pub id: &'static str,
    pub institution: &'static str,
    pub committee: &'static str,
}

/// A block before the body.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Front {
    /// « ENTRE … ET … »: words set apart (« ENTRE », « ET »), parties, « d'une part, »…
    Parties {
        lines: Vec<PartyLine>,
    },
    Visas {
        visas: Vec<Text>,
        /// For each visa, its index in `[[visas]]`; `None` for the committee's avis.
        #[serde(skip)]
        sources: Vec<Option<usize>>,
    },
    Quotations {
        quotes: Vec<QuoteView>,
    },
    /// « IL EST CONVENU CE QUI SUIT : »
    Agreed {
        c: Text,
    },
    Preamble {
        title: Text,
        blocks: Vec<Block>,
    },
}

/// One line of the parties block.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum PartyLine {
    /// A word set apart and centred: « ENTRE », « ET ».
    Word { c: Text },
    /// One party: its name (strong) and what the convention says of it.
    Party {
        id: String,
        c: Text,
        logo: Option<String>,
        /// Its index in `[[signatories]]`.
        #[serde(skip)]
        index: usize,
    },
    /// « d'une part, », « ci-après dénommés ensemble … ».
    Line { c: Text },
}

#[derive(Clone, Debug, Serialize)]
pub struct QuoteView {
    pub title: Option<Text>,
    pub blocks: Vec<Block>,
}

/// A section of the body (titre, chapitre, article, sous-article, objective).
#[derive(Clone, Debug, Serialize)]
pub struct SectionView {
    /// Stable name of the section (`section:3`, `objective:<id>`, the `id` given…), for
    /// references (avenants, conformity matrix).
    pub anchor: String,
    /// Heading level: 1 for the top sections.
    pub level: u8,
    /// « Article 1er », « II-1 », « Objectif 2 », or empty.
    pub number: Text,
    /// The number and the title, as printed.
    pub heading: Text,
    /// The number as plain text (references, outline).
    pub number_plain: String,
    pub title_plain: String,
    pub clauses: Vec<&'static str>,
    /// The section's text and what it includes, in order; sub-sections among them.
    pub content: Vec<Item>,
    /// What the data placed here (for [`anchors`]).
    #[serde(skip)]
    pub includes: Vec<crate::model::Include>,
    /// The `[[articles]]` or `[[sections]]` entry it renders, when it renders one.
    #[serde(skip)]
    pub source: Option<layout::Source>,
}

/// Content of a section: a block or a sub-section.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "k", rename_all = "lowercase")]
pub enum Item {
    Block { b: Block },
    Section { s: SectionView },
}

#[derive(Clone, Debug, Serialize)]
pub struct SignatureView {
    /// « Fait à Orléans, le 14 mars 2025 », or blanks to fill in.
    pub place_date: Text,
    pub copies: Option<Text>,
    pub boxes: Vec<SignatureBox>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SignatureBox {
    pub id: String,
    /// « Pour la Région, », « Le Président du Conseil régional, », the name.
    pub lines: Vec<Text>,
    pub logo: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct AnnexView {
    pub anchor: String,
    /// « Annexe 1 »
    pub number: String,
    /// « Annexe 1 – Année 2025 »
    pub heading: Text,
    pub blocks: Vec<Block>,
    /// An attached PDF, included page by page.
    pub pdf: Option<PdfPages>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PdfPages {
    /// The file as typst reads it from its root folder.
    pub file: String,
    pub pages: usize,
    /// « Document joint au format PDF : … (3 pages). »
    pub note: Text,
}

fn date_view(d: Date) -> DateView {
    DateView {
        year: d.year,
        month: d.month,
        day: d.day,
        text: d.french(),
    }
}

/// Typeset plain text.
pub(crate) fn text(s: &str) -> Text {
    markup::text(s.trim())
}

/// The tree of a Markdown field, its headings renumbered from 1 (the text's highest heading
/// is the first level under the section that holds it, whatever `#` the author used).
pub(crate) fn md(s: &str) -> Vec<Block> {
    let mut blocks = markup::parse(s.trim());
    let top = highest_heading(&blocks);
    if top > 1 {
        shift_headings(&mut blocks, top - 1);
    }
    blocks
}

fn highest_heading(blocks: &[Block]) -> u8 {
    blocks
        .iter()
        .map(|b| match b {
            Block::H { level, .. } => *level,
            Block::Quote { c } => highest_heading(c),
            Block::List { items, .. } => items
                .iter()
                .map(|i| highest_heading(i))
                .min()
                .unwrap_or(u8::MAX),
            _ => u8::MAX,
        })
        .min()
        .unwrap_or(u8::MAX)
}

fn shift_headings(blocks: &mut [Block], by: u8) {
    for b in blocks {
        match b {
            Block::H { level, .. } => *level = level.saturating_sub(by).max(1),
            Block::Quote { c } => shift_headings(c, by),
            Block::List { items, .. } => items.iter_mut().for_each(|i| shift_headings(i, by)),
            _ => {}
        }
    }
}

/// What the view needs to know of the signatories, by id.
pub(crate) struct Names<'a> {
    conv: &'a Convention,
    index: HashMap<&'a str, usize>,
}

impl<'a> Names<'a> {
    fn new(conv: &'a Convention) -> Self {
        let mut index = HashMap::new();
        for (i, s) in conv.signatories.iter().enumerate() {
            index.entry(s.id.value.as_str()).or_insert(i);
        }
        Names { conv, index }
    }

    pub fn get(&self, id: &str) -> Option<&'a Signatory> {
        self.index.get(id).map(|&i| &self.conv.signatories[i])
    }

    /// The name with its article, as it reads after « Pour » or in a list (« la Région
    /// Centre-Val de Loire », « l'État », « France Travail »): the short name if given.
    pub fn with_article(&self, id: &str) -> String {
        match self.get(id) {
            Some(s) => s
                .short_name
                .as_ref()
                .map_or_else(|| grammar::definite(&s.name.value), |n| n.value.clone()),
            None => id.to_string(),
        }
    }

    /// The full name (« Région Centre-Val de Loire »); the id when unknown.
    pub fn full(&self, id: &str) -> String {
        self.get(id)
            .map_or_else(|| id.to_string(), |s| s.name.value.clone())
    }
}

/// Builds the view of one convention and its annexes.
pub fn build(conv: &Convention, annexes: &[&Annex], fingerprint: String) -> DocView {
    let h = &conv.header;
    let regime = regime::of(conv);
    let names = Names::new(conv);
    let body = body::build(conv, &names);
    let mut sorted: Vec<&Annex> = annexes.to_vec();
    sorted.sort_by_key(|a| a.header.year.value);
    let annexes = annexes::build(conv, &sorted, &names, &body.objective_refs);
    let annex_list = if conv
        .document
        .as_ref()
        .and_then(|d| d.annex_list.as_ref())
        .is_some_and(|b| b.value)
    {
        annexes.iter().map(|a| a.heading.clone()).collect()
    } else {
        Vec::new()
    };
    let doc_date = h
        .signature
        .as_ref()
        .and_then(|s| s.date.as_ref())
        .map_or(h.start.value, |d| d.value);
    let cover = conv
        .document
        .as_ref()
        .and_then(|d| d.cover.as_ref())
        .is_none_or(|c| c.value);
    DocView {
        id: h.id.value.clone(),
        kind: h.kind.as_str(),
        kind_label: text(wording::kind_label(h.kind.value)),
        title: text(&h.title),
        title_plain: crate::french::typo(h.title.value.trim()),
        short_title: text(h.short_title.as_ref().map_or(&h.title.value, |s| &s.value)),
        region: text(&h.region),
        period: text(&grammar::upper_first(&layout::period_text(conv))),
        status: h.status.as_str(),
        draft: h.status.value == Status::Draft,
        cover,
        regime: RegimeView {
            id: regime.id,
            institution: regime.institution_name,
            committee: regime.committee,
        },
        cover_lines: vec![
            text(&wording::region_line(&h.region)),
            text(&grammar::upper_first(&layout::period_text(conv))),
        ],
        signatories: conv.signatories.iter().map(|s| text(&s.name)).collect(),
        front: front::build(conv, &names, regime),
        body: body.sections,
        signature: signature::build(conv, &names),
        signing: true,
        annex_list,
        annexes,
        fingerprint,
        document_date: date_view(doc_date),
        furniture: Furniture::default(),
        assets: Vec::new(),
    }
}

#[cfg(test)]
mod tests;
