//! The convention as a word-processing flow: styled paragraphs and tables, in the order and
//! with the words of the Typst layout (templates/convention.typ). The DOCX and ODT writers
//! only serialise it.

use crate::markup::{Block, Inline, Table};
use crate::view::{DocView, Front, PartyLine, SectionView};

/// Paragraph styles; each writer defines them under these names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Normal,
    /// The kind of document above the title on the cover (« CONVENTION RÉGIONALE… »).
    Kind,
    Title,
    /// The cover's lines under the title, centred.
    Cover,
    /// « Signataires » on the cover, set apart above the parties' names.
    Signatories,
    /// Headings 1 to 6 (titres, articles, sub-articles…).
    Heading(u8),
    /// A word set apart and centred (« ENTRE », « IL EST CONVENU CE QUI SUIT : »).
    Centered,
    /// A short label kept with what follows it.
    Label,
    /// An item of a list, at a depth from 1.
    List(u8),
    Quote,
    Code,
    /// « PROJET » notice of a draft.
    Draft,
    /// Logos side by side, centred.
    Logos,
}

impl Style {
    /// The style's identifier in the package (`Heading2`, `List1`…).
    pub fn id(self) -> String {
        match self {
            Style::Normal => "Normal".into(),
            Style::Kind => "Kind".into(),
            Style::Title => "Title".into(),
            Style::Cover => "Cover".into(),
            Style::Signatories => "Signatories".into(),
            Style::Heading(n) => format!("Heading{n}"),
            Style::Centered => "Centered".into(),
            Style::Label => "Label".into(),
            Style::List(n) => format!("List{n}"),
            Style::Quote => "Quote".into(),
            Style::Code => "Code".into(),
            Style::Draft => "Draft".into(),
            Style::Logos => "Logos".into(),
        }
    }
}

/// A run of text with one formatting.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub sup: bool,
    pub code: bool,
    /// A line break before the text.
    pub br: bool,
    pub link: Option<String>,
    /// A logo instead of text: the view's asset name (`/<id>-logo-1.png`).
    pub image: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Para {
    pub style: Style,
    pub runs: Vec<Run>,
}

/// A cell: its paragraphs.
pub type Cell = Vec<Para>;

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    P(Para),
    /// A data table (header row, rows, per column alignment and relative width).
    Table {
        head: Vec<Cell>,
        rows: Vec<Vec<Cell>>,
        right: Vec<bool>,
        widths: Vec<f32>,
    },
    /// The « Signature » table: two cells a row, one per signatory.
    Signatures(Vec<Cell>),
    PageBreak,
}

/// What a writer needs beside the body.
pub struct Flow {
    pub items: Vec<Item>,
    /// Running header (left): the short title; right: « PROJET » or the region.
    pub header: String,
    pub header_right: String,
    pub draft: bool,
    /// « Empreinte 1a2b… ».
    pub footer: String,
    /// « page ».
    pub page: String,
}

/// The plain text of inlines (headers, metadata).
pub fn plain(inl: &[Inline]) -> String {
    let mut s = String::new();
    for i in inl {
        match i {
            Inline::Text { v } | Inline::Code { v } => s.push_str(v),
            Inline::Em { c } | Inline::Strong { c } | Inline::Sup { c } => s.push_str(&plain(c)),
            Inline::Link { c, .. } => s.push_str(&plain(c)),
            Inline::Br => s.push(' '),
        }
    }
    s
}

fn runs(inl: &[Inline], base: &Run, out: &mut Vec<Run>) {
    for i in inl {
        match i {
            Inline::Text { v } => out.push(Run {
                text: v.clone(),
                ..base.clone()
            }),
            Inline::Code { v } => out.push(Run {
                text: v.clone(),
                code: true,
                ..base.clone()
            }),
            Inline::Em { c } => runs(
                c,
                &Run {
                    italic: true,
                    ..base.clone()
                },
                out,
            ),
            Inline::Strong { c } => runs(
                c,
                &Run {
                    bold: true,
                    ..base.clone()
                },
                out,
            ),
            Inline::Sup { c } => runs(
                c,
                &Run {
                    sup: true,
                    ..base.clone()
                },
                out,
            ),
            Inline::Link { url, c } => {
                let link = Some(url.clone());
                runs(
                    c,
                    &Run {
                        link,
                        ..base.clone()
                    },
                    out,
                )
            }
            Inline::Br => out.push(Run {
                br: true,
                ..base.clone()
            }),
        }
    }
}

/// A paragraph of inlines; `bold`/`italic` apply to all of it.
fn para(style: Style, inl: &[Inline], bold: bool, italic: bool) -> Para {
    let mut out = Vec::new();
    let base = Run {
        bold,
        italic,
        ..Run::default()
    };
    runs(inl, &base, &mut out);
    Para { style, runs: out }
}

fn image(name: String) -> Run {
    Run {
        image: Some(name),
        ..Run::default()
    }
}

fn p(style: Style, inl: &[Inline]) -> Item {
    Item::P(para(style, inl, false, false))
}

fn text_item(style: Style, s: &str, bold: bool) -> Item {
    let run = Run {
        text: s.to_string(),
        bold,
        ..Run::default()
    };
    Item::P(Para {
        style,
        runs: vec![run],
    })
}

/// The flow of a convention.
pub fn build(view: &DocView) -> Flow {
    let mut items = Vec::new();
    front_matter(view, &mut items);
    for f in &view.front {
        front(f, &mut items);
    }
    for s in &view.body {
        section(s, &mut items);
    }
    // A review (`convgen review`) is not signed.
    if view.signing {
        signature(view, &mut items);
    }
    if !view.annex_list.is_empty() {
        items.push(text_item(Style::Label, view.furniture.annexes, true));
        for a in &view.annex_list {
            items.push(p(Style::List(1), &bullet(a, 1)));
        }
    }
    for a in &view.annexes {
        items.push(Item::PageBreak);
        items.push(p(Style::Heading(1), &a.heading));
        blocks(&a.blocks, At::top(1), &mut items);
        if let Some(pdf) = &a.pdf {
            items.push(p(Style::Normal, &pdf.note));
        }
    }
    Flow {
        items,
        header: plain(&view.short_title),
        header_right: if view.draft {
            view.furniture.draft.to_string()
        } else {
            plain(&view.region)
        },
        draft: view.draft,
        footer: format!("{} {}", view.furniture.fingerprint, view.fingerprint),
        page: view.furniture.page.to_string(),
    }
}

/// The cover page, or the title heading the first page.
fn front_matter(view: &DocView, items: &mut Vec<Item>) {
    if !view.cover {
        items.push(p(Style::Title, &view.title));
        return;
    }
    items.push(text_item(
        Style::Kind,
        &plain(&view.kind_label).to_uppercase(),
        false,
    ));
    items.push(p(Style::Title, &view.title));
    for l in &view.cover_lines {
        items.push(p(Style::Cover, l));
    }
    let logos: Vec<String> = view
        .front
        .iter()
        .flat_map(|f| match f {
            Front::Parties { lines } => lines.as_slice(),
            _ => &[],
        })
        .filter_map(|l| match l {
            PartyLine::Party { logo, .. } => logo.clone(),
            _ => None,
        })
        .collect();
    if !logos.is_empty() {
        let runs = logos.into_iter().map(image).collect();
        items.push(Item::P(Para {
            style: Style::Logos,
            runs,
        }));
    }
    items.push(text_item(
        Style::Signatories,
        view.furniture.signatories,
        true,
    ));
    for s in &view.signatories {
        items.push(p(Style::Cover, s));
    }
    if view.draft {
        items.push(text_item(Style::Draft, view.furniture.draft_notice, true));
    }
    items.push(Item::PageBreak);
}

fn front(f: &Front, items: &mut Vec<Item>) {
    match f {
        Front::Parties { lines } => {
            for l in lines {
                match l {
                    PartyLine::Word { c } => {
                        items.push(Item::P(para(Style::Centered, c, true, false)))
                    }
                    PartyLine::Party { c, .. } | PartyLine::Line { c } => {
                        items.push(p(Style::Normal, c))
                    }
                }
            }
        }
        Front::Visas { visas, .. } => visas.iter().for_each(|v| items.push(p(Style::Normal, v))),
        Front::Quotations { quotes } => {
            for q in quotes {
                if let Some(t) = &q.title {
                    items.push(Item::P(para(Style::Label, t, true, false)));
                }
                blocks(
                    &q.blocks,
                    At {
                        quote: true,
                        ..At::top(1)
                    },
                    items,
                );
            }
        }
        Front::Agreed { c } => items.push(Item::P(para(Style::Centered, c, true, false))),
        Front::Preamble { title, blocks: b } => {
            items.push(p(Style::Heading(1), title));
            blocks(b, At::top(1), items);
        }
    }
}

fn section(s: &SectionView, items: &mut Vec<Item>) {
    items.push(p(Style::Heading(s.level.clamp(1, 6)), &s.heading));
    for item in &s.content {
        match item {
            crate::view::Item::Block { b } => {
                blocks(std::slice::from_ref(b), At::top(s.level), items)
            }
            crate::view::Item::Section { s } => section(s, items),
        }
    }
}

/// The marker of a list item, as typst sets it (`•`, `‣`, `–` by depth; `n.`).
fn marker(depth: u8, number: Option<u64>) -> String {
    match number {
        Some(n) => format!("{n}.\t"),
        None => ["•", "‣", "–"][usize::from(depth.saturating_sub(1)) % 3].to_string() + "\t",
    }
}

fn bullet(inl: &[Inline], depth: u8) -> Vec<Inline> {
    let mut v = vec![Inline::Text {
        v: marker(depth, None),
    }];
    v.extend_from_slice(inl);
    v
}

/// Where blocks go: under a heading of level `base`, in lists `depth` deep, quoted or not.
#[derive(Clone, Copy)]
struct At {
    base: u8,
    depth: u8,
    quote: bool,
}

impl At {
    fn top(base: u8) -> At {
        At {
            base,
            depth: 0,
            quote: false,
        }
    }

    /// The style of a paragraph here.
    fn style(self) -> Style {
        match (self.depth, self.quote) {
            (0, false) => Style::Normal,
            (0, true) => Style::Quote,
            (d, _) => Style::List(d.min(6)),
        }
    }
}

fn blocks(bs: &[Block], at: At, out: &mut Vec<Item>) {
    for b in bs {
        match b {
            Block::P { c } => out.push(p(at.style(), c)),
            Block::Label { c } => out.push(Item::P(para(Style::Label, c, true, false))),
            Block::H { level, c } => out.push(p(
                Style::Heading(at.base.saturating_add(*level).clamp(1, 6)),
                c,
            )),
            Block::List { start, items } => list(items, *start, at, out),
            Block::Quote { c } => blocks(c, At { quote: true, ..at }, out),
            Block::Code { v } => out.push(text_item(Style::Code, v, false)),
            Block::Table(t) => out.push(table(t)),
            // No chart is drawn here: its title, then its figures as a table.
            Block::Chart(c) => {
                out.push(Item::P(para(Style::Label, &c.title, true, false)));
                out.push(table(&c.table));
            }
        }
    }
}

/// A list: the first paragraph of each item carries its marker.
fn list(items: &[Vec<Block>], start: Option<u64>, at: At, out: &mut Vec<Item>) {
    let inner = At {
        depth: at.depth.saturating_add(1),
        ..at
    };
    for (i, item) in items.iter().enumerate() {
        let first = out.len();
        blocks(item, inner, out);
        let mark = marker(inner.depth, start.map(|s| s + i as u64));
        match out.get_mut(first) {
            Some(Item::P(para)) => para.runs.insert(
                0,
                Run {
                    text: mark,
                    ..Run::default()
                },
            ),
            _ => out.insert(first, text_item(inner.style(), &mark, false)),
        }
    }
}

fn cell(inl: &[Inline], bold: bool) -> Cell {
    vec![para(Style::Normal, inl, bold, false)]
}

fn table(t: &Table) -> Item {
    let n = t.head.len();
    let right: Vec<bool> = (0..n).map(|i| t.align.get(i) == Some(&"right")).collect();
    let widths = if t.widths.len() == n {
        t.widths.clone()
    } else {
        vec![1.0; n]
    };
    Item::Table {
        head: t.head.iter().map(|h| cell(h, true)).collect(),
        rows: t
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| cell(c, r.total)).collect())
            .collect(),
        widths: figures_fit(t, &right, widths),
        right,
    }
}

/// Widths of a table where each column of figures (right-aligned) holds its longest figure on
/// one line: word processors set tables in a larger type than the PDF, and would otherwise
/// break « 146 580 000 € » inside the number. Relative widths, as the view gives them.
fn figures_fit(t: &Table, right: &[bool], widths: Vec<f32>) -> Vec<f32> {
    // Width of the text area in cm; a figure's character at the tables' type, bold for the
    // totals, and a cell's padding.
    const TEXT_CM: f32 = 16.4;
    const CHAR_CM: f32 = 0.22;
    const PADDING_CM: f32 = 0.5;
    let total: f32 = widths.iter().sum();
    if total <= 0.0 {
        return widths;
    }
    // Fractions of the text width: each column of figures gets at least what its longest
    // figure needs (at most half), the other columns share the rest as they did.
    let mut frac: Vec<f32> = widths.iter().map(|w| w / total).collect();
    for (i, f) in frac.iter_mut().enumerate().filter(|(i, _)| right[*i]) {
        let longest = t
            .rows
            .iter()
            .filter_map(|r| r.cells.get(i))
            .chain(t.head.get(i))
            .map(|c| plain(c).chars().count())
            .max()
            .unwrap_or(0);
        let needed = (longest as f32 * CHAR_CM + PADDING_CM) / TEXT_CM;
        *f = f.max(needed.min(0.5));
    }
    let figures: f32 = (0..frac.len()).filter(|&i| right[i]).map(|i| frac[i]).sum();
    let others: f32 = (0..frac.len())
        .filter(|&i| !right[i])
        .map(|i| widths[i] / total)
        .sum();
    if figures >= 1.0 || others <= 0.0 {
        return widths;
    }
    let scale = (1.0 - figures) / others;
    (0..frac.len())
        .map(|i| if right[i] { frac[i] } else { frac[i] * scale } * total)
        .collect()
}

/// « Fait à … », the copies, and the « Signature » table.
fn signature(view: &DocView, items: &mut Vec<Item>) {
    let sig = &view.signature;
    items.push(p(Style::Normal, &sig.place_date));
    if let Some(c) = &sig.copies {
        items.push(p(Style::Normal, c));
    }
    let cells = sig
        .boxes
        .iter()
        .map(|b| {
            let mut cell: Cell = b
                .lines
                .iter()
                .enumerate()
                .map(|(i, l)| para(Style::Normal, l, i == 0, i == 1))
                .collect();
            if let Some(logo) = &b.logo {
                cell.insert(
                    0,
                    Para {
                        style: Style::Logos,
                        runs: vec![image(logo.clone())],
                    },
                );
            }
            cell
        })
        .collect();
    items.push(Item::Signatures(cells));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::{Row, Table};

    fn t(v: &str) -> Vec<Inline> {
        vec![Inline::Text { v: v.into() }]
    }

    fn means(budget: &str) -> Table {
        Table {
            head: vec![t("Objectif"), t("Signataire"), t("Budget"), t("Précisions")],
            rows: vec![Row {
                cells: vec![t("Total"), t(""), t(budget), t("")],
                total: true,
            }],
            align: vec!["left", "left", "right", "left"],
            widths: vec![2.6, 2.0, 1.3, 2.4],
        }
    }

    #[test]
    fn a_column_of_figures_is_widened_to_hold_its_longest_figure() {
        let long = means("146\u{202f}580\u{202f}000\u{a0}€");
        let right = [false, false, true, false];
        let w = figures_fit(&long, &right, long.widths.clone());
        let total: f32 = w.iter().sum();
        // 13 characters at 0.22 cm and the padding, of a 16.4 cm text width.
        assert!(w[2] / total * 16.4 >= 13.0 * 0.22 + 0.5 - 0.01, "{w:?}");
        // The text columns keep their proportions.
        assert!((w[0] / w[3] - 2.6 / 2.4).abs() < 1e-4, "{w:?}");
    }

    #[test]
    fn a_column_wide_enough_is_left_as_it_is() {
        let short = means("5\u{a0}€");
        let right = [false, false, true, false];
        let w = figures_fit(&short, &right, short.widths.clone());
        for (a, b) in w.iter().zip(&short.widths) {
            assert!((a - b).abs() < 1e-4, "{w:?}");
        }
    }
}
