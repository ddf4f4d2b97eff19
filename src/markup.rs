//! Markdown in and out. In: the text fields marked *Markdown* in docs/format.md become a
//! small tree of [`Block`]s and [`Inline`]s — the one form every renderer (Markdown, Typst,
//! and the others) walks, so that they all say the same words. Out: plain text escaped for
//! Markdown ([`escape`], [`escape_cell`]).
//!
//! The tree holds paragraphs, headings (levels relative to the text: `#` is 1), bulleted and
//! numbered lists, block quotes, tables, code; emphasis, strong, superscript (`<sup>…</sup>`,
//! and the ordinals of the typography pass), inline code, line breaks, and links to `http`,
//! `https` and `mailto` addresses. Every text node has been through the French typography pass
//! ([`crate::french::typeset`]); code is left as written. Other raw HTML stays visible text.
//! Strings of the tree are only ever placed in documents as text: user Markdown never reaches
//! Typst as code. Nesting is bounded ([`MAX_DEPTH`]): deeper containers are flattened into
//! their parent, so no renderer recursion can overflow, whatever `check` let through.

use pulldown_cmark::{Alignment, Event, Options, Parser, Tag};
use serde::Serialize;

use crate::french::typeset;

/// Deepest nesting of containers (lists, quotes, emphasis…) kept in the tree.
pub const MAX_DEPTH: usize = 16;

/// Escapes plain text so that Markdown shows it literally: backslash before every character
/// with a Markdown meaning, and before a line start that would open a list or a heading.
/// Line breaks become spaces (a plain field is one line).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let text = text.replace(['\r', '\n'], " ");
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '{'
                | '}'
                | '['
                | ']'
                | '<'
                | '>'
                | '#'
                | '+'
                | '|'
                | '~'
                | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    // A leading `-`, or digits followed by `.`, would start a list.
    if out.starts_with('-') {
        out.insert(0, '\\');
    } else {
        let digits = out.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 && out[digits..].starts_with('.') {
            out.insert(digits, '\\');
        }
    }
    out
}

/// Escapes plain text for a Markdown table cell. Inside a cell no line starts a block, so
/// only inline specials and the cell separator `|` are escaped (HTML specials as entities),
/// and a line break becomes `<br>` (a cell is one line of the table).
pub fn escape_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(ch);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            '\n' => out.push_str("<br>"),
            _ => out.push(ch),
        }
    }
    out
}

/// A block of the tree.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Block {
    /// A paragraph.
    P {
        c: Vec<Inline>,
    },
    /// A short label kept with what follows it (« Priorités d'actions »).
    Label {
        c: Vec<Inline>,
    },
    /// A heading written in a text; `level` 1 is the text's first level, placed under the
    /// heading of the section that holds the text.
    H {
        level: u8,
        c: Vec<Inline>,
    },
    /// A list; `start` is the first number of an ordered list.
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Quote {
        c: Vec<Block>,
    },
    Code {
        v: String,
    },
    Table(Table),
    /// A line chart drawn by the layout (the trajectory of an indicator); renderers that
    /// draw no chart show its `table`, which holds the same figures.
    Chart(Chart),
}

/// A line chart, laid out by the view: every position is a fraction of the plot (0 at the
/// left or the bottom, 1 at the right or the top), so that a renderer only draws.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Chart {
    /// « Nombre d'entrées en formation (personnes) »
    pub title: Vec<Inline>,
    /// The labels under the horizontal axis, evenly spaced (years).
    pub x_labels: Vec<String>,
    /// The graduations of the vertical axis.
    pub ticks: Vec<Tick>,
    pub series: Vec<Series>,
    /// The same figures as a table (Markdown, and every renderer that draws no chart).
    pub table: Table,
}

/// A graduation of a chart's vertical axis.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tick {
    pub y: f64,
    pub label: String,
}

/// One line of a chart: `style` is `target` (dashed), `actual` (solid) or `baseline` (a
/// single marker).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Series {
    pub name: Vec<Inline>,
    pub style: &'static str,
    pub points: Vec<Point>,
}

/// A point of a series, in fractions of the plot.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// A table: a header row, rows, and per column an alignment and a relative width.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Table {
    pub head: Vec<Vec<Inline>>,
    pub rows: Vec<Row>,
    /// `left` or `right`, per column.
    pub align: Vec<&'static str>,
    /// Relative widths (fractions), per column; empty for automatic widths.
    pub widths: Vec<f32>,
}

/// One row of a table; `total` rows are set in bold (totals and subtotals).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub cells: Vec<Vec<Inline>>,
    pub total: bool,
}

/// Inline content.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Inline {
    Text { v: String },
    Em { c: Vec<Inline> },
    Strong { c: Vec<Inline> },
    Sup { c: Vec<Inline> },
    Code { v: String },
    Br,
    Link { url: String, c: Vec<Inline> },
}

/// Typeset plain text (typography pass, ordinals in superscript) as inlines.
pub fn text(s: &str) -> Vec<Inline> {
    typeset(s)
        .into_iter()
        .map(|run| {
            if run.sup {
                Inline::Sup {
                    c: vec![Inline::Text { v: run.text }],
                }
            } else {
                Inline::Text { v: run.text }
            }
        })
        .collect()
}

/// Typeset plain text where line breaks are kept (addresses).
pub fn lines(s: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, line) in s.trim().lines().enumerate() {
        if i > 0 {
            out.push(Inline::Br);
        }
        out.extend(text(line.trim()));
    }
    out
}

/// The text of inlines without markup (for comparisons and plain outputs).
pub fn plain(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text { v } | Inline::Code { v } => out.push_str(v),
            Inline::Em { c }
            | Inline::Strong { c }
            | Inline::Sup { c }
            | Inline::Link { c, .. } => out.push_str(&plain(c)),
            Inline::Br => out.push(' '),
        }
    }
    out
}

/// Strong inlines.
pub fn strong(c: Vec<Inline>) -> Inline {
    Inline::Strong { c }
}

/// Emphasised inlines.
pub fn em(c: Vec<Inline>) -> Inline {
    Inline::Em { c }
}

enum Frame {
    Root(Vec<Block>),
    Para(Vec<Inline>),
    Heading(u8, Vec<Inline>),
    List(Option<u64>, Vec<Vec<Block>>),
    Item(Vec<Block>, Vec<Inline>),
    Quote(Vec<Block>),
    Code(String),
    Em(Vec<Inline>),
    Strong(Vec<Inline>),
    Sup(Vec<Inline>),
    Link(Vec<Inline>, String),
    Table(Vec<Alignment>, Vec<Vec<Inline>>, Vec<Row>),
    TableRow(Vec<Vec<Inline>>),
    Cell(Vec<Inline>),
    /// A container past [`MAX_DEPTH`], or one the tree does not keep: its content goes to
    /// the frame below.
    Pass,
}

/// Converts Markdown text into the block tree.
pub fn parse(md: &str) -> Vec<Block> {
    let mut stack = vec![Frame::Root(Vec::new())];
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Start(tag) => {
                let frame = if stack.len() > MAX_DEPTH {
                    Frame::Pass
                } else {
                    open(tag)
                };
                stack.push(frame);
            }
            Event::End(_) if stack.len() > 1 => {
                let frame = stack.pop().expect("non-empty");
                close(&mut stack, frame);
            }
            Event::End(_) => {}
            Event::Text(t) => push_text(&mut stack, &t),
            Event::Code(t) => push_inline(&mut stack, Inline::Code { v: t.to_string() }),
            Event::InlineHtml(t) => inline_html(&mut stack, &t),
            Event::Html(t) => push_text(&mut stack, &t),
            Event::SoftBreak => push_text(&mut stack, " "),
            Event::HardBreak => push_inline(&mut stack, Inline::Br),
            Event::FootnoteReference(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                push_text(&mut stack, &t)
            }
            _ => {}
        }
    }
    while stack.len() > 1 {
        let frame = stack.pop().expect("non-empty");
        close(&mut stack, frame);
    }
    match stack.pop() {
        Some(Frame::Root(blocks)) => blocks,
        _ => Vec::new(),
    }
}

fn open(tag: Tag<'_>) -> Frame {
    match tag {
        Tag::Paragraph => Frame::Para(Vec::new()),
        Tag::Heading { level, .. } => Frame::Heading(level as u8, Vec::new()),
        Tag::List(start) => Frame::List(start, Vec::new()),
        Tag::Item => Frame::Item(Vec::new(), Vec::new()),
        Tag::BlockQuote(_) => Frame::Quote(Vec::new()),
        Tag::CodeBlock(_) => Frame::Code(String::new()),
        Tag::Emphasis => Frame::Em(Vec::new()),
        Tag::Strong => Frame::Strong(Vec::new()),
        Tag::Link { dest_url, .. } => Frame::Link(Vec::new(), dest_url.to_string()),
        Tag::Table(align) => Frame::Table(align, Vec::new(), Vec::new()),
        Tag::TableHead | Tag::TableRow => Frame::TableRow(Vec::new()),
        Tag::TableCell => Frame::Cell(Vec::new()),
        // Images keep their alternative text; strikethrough and the rest their text.
        _ => Frame::Pass,
    }
}

/// `<sup>`, `</sup>` and `<br>` are understood; any other HTML stays visible text.
fn inline_html(stack: &mut Vec<Frame>, html: &str) {
    let tag = html.trim().to_ascii_lowercase();
    match tag.as_str() {
        "<sup>" if stack.len() <= MAX_DEPTH => stack.push(Frame::Sup(Vec::new())),
        "</sup>" if matches!(stack.last(), Some(Frame::Sup(_))) => {
            let frame = stack.pop().expect("a sup frame");
            close(stack, frame);
        }
        "<br>" | "<br/>" | "<br />" => push_inline(stack, Inline::Br),
        _ => push_text(stack, html),
    }
}

/// Index of the frame that receives content: the top one that is not [`Frame::Pass`].
fn target(stack: &[Frame]) -> usize {
    stack
        .iter()
        .rposition(|f| !matches!(f, Frame::Pass))
        .unwrap_or(0)
}

fn push_text(stack: &mut [Frame], text: &str) {
    let at = target(stack);
    if let Frame::Code(code) = &mut stack[at] {
        code.push_str(text);
        return;
    }
    for inline in self::text(text) {
        push_inline(stack, inline);
    }
}

fn inlines_of(frame: &mut Frame) -> Option<&mut Vec<Inline>> {
    match frame {
        Frame::Para(c)
        | Frame::Heading(_, c)
        | Frame::Item(_, c)
        | Frame::Em(c)
        | Frame::Strong(c)
        | Frame::Sup(c)
        | Frame::Link(c, _)
        | Frame::Cell(c) => Some(c),
        _ => None,
    }
}

fn push_inline(stack: &mut [Frame], inline: Inline) {
    let at = target(stack);
    let frame = &mut stack[at];
    if let Frame::Code(code) = frame {
        if let Inline::Text { v } | Inline::Code { v } = inline {
            code.push_str(&v);
        }
        return;
    }
    if let Some(inlines) = inlines_of(frame) {
        // Adjacent text nodes are merged.
        if let (Inline::Text { v: new }, Some(Inline::Text { v })) = (&inline, inlines.last_mut()) {
            v.push_str(new);
        } else {
            inlines.push(inline);
        }
        return;
    }
    match frame {
        Frame::Root(b) | Frame::Quote(b) => match b.last_mut() {
            Some(Block::P { c }) => c.push(inline),
            _ => b.push(Block::P { c: vec![inline] }),
        },
        Frame::TableRow(cells) => cells.push(vec![inline]),
        _ => {}
    }
}

fn push_block(stack: &mut [Frame], block: Block) {
    let at = target(stack);
    match &mut stack[at] {
        Frame::Root(b) | Frame::Quote(b) => b.push(block),
        Frame::Item(b, pending) => {
            flush_item(b, pending);
            b.push(block);
        }
        Frame::List(_, items) => items.push(vec![block]),
        Frame::Code(code) => {
            if let Block::Code { v } = block {
                code.push_str(&v);
            }
        }
        frame => {
            // A block inside inline content (a flattened container): its text joins it.
            if let Some(c) = inlines_of(frame) {
                for inline in block_inlines(block) {
                    c.push(inline);
                }
            }
        }
    }
}

/// The inline content of a block, flattened.
fn block_inlines(block: Block) -> Vec<Inline> {
    match block {
        Block::P { c } | Block::Label { c } | Block::H { c, .. } => c,
        Block::Code { v } => vec![Inline::Code { v }],
        Block::List { items, .. } => items
            .into_iter()
            .flat_map(|item| item.into_iter().flat_map(block_inlines))
            .collect(),
        Block::Quote { c } => c.into_iter().flat_map(block_inlines).collect(),
        Block::Chart(Chart { table: t, .. }) | Block::Table(t) => t
            .rows
            .into_iter()
            .flat_map(|r| r.cells.into_iter().flatten())
            .collect(),
    }
}

/// Loose text of a tight list item becomes a paragraph.
fn flush_item(blocks: &mut Vec<Block>, pending: &mut Vec<Inline>) {
    if !pending.is_empty() {
        blocks.push(Block::P {
            c: std::mem::take(pending),
        });
    }
}

/// Whether a link may be followed: web and mail addresses only.
fn followable(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

fn close(stack: &mut Vec<Frame>, frame: Frame) {
    match frame {
        Frame::Root(blocks) => stack.push(Frame::Root(blocks)),
        Frame::Pass => {}
        Frame::Para(c) => push_block(stack, Block::P { c }),
        Frame::Heading(level, c) => push_block(stack, Block::H { level, c }),
        Frame::List(start, items) => push_block(stack, Block::List { start, items }),
        Frame::Item(mut blocks, mut pending) => {
            flush_item(&mut blocks, &mut pending);
            let at = target(stack);
            match &mut stack[at] {
                Frame::List(_, items) => items.push(blocks),
                _ => blocks.into_iter().for_each(|b| push_block(stack, b)),
            }
        }
        Frame::Quote(c) => push_block(stack, Block::Quote { c }),
        Frame::Code(v) => push_block(stack, Block::Code { v }),
        Frame::Em(c) => push_inline(stack, Inline::Em { c }),
        Frame::Strong(c) => push_inline(stack, Inline::Strong { c }),
        Frame::Sup(c) => push_inline(stack, Inline::Sup { c }),
        Frame::Link(c, url) => {
            if followable(&url) {
                push_inline(stack, Inline::Link { url, c });
            } else {
                c.into_iter().for_each(|i| push_inline(stack, i));
            }
        }
        Frame::Table(align, head, rows) => {
            let align = align
                .iter()
                .map(|a| {
                    if matches!(a, Alignment::Right) {
                        "right"
                    } else {
                        "left"
                    }
                })
                .collect();
            push_block(
                stack,
                Block::Table(Table {
                    head,
                    rows,
                    align,
                    widths: Vec::new(),
                }),
            );
        }
        Frame::TableRow(cells) => {
            let at = target(stack);
            if let Frame::Table(_, head, rows) = &mut stack[at] {
                if head.is_empty() && rows.is_empty() {
                    *head = cells;
                } else {
                    rows.push(Row {
                        cells,
                        total: false,
                    });
                }
            }
        }
        Frame::Cell(c) => {
            let at = target(stack);
            if let Frame::TableRow(cells) = &mut stack[at] {
                cells.push(c);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown_specials() {
        assert_eq!(escape("*b* _i_ [l](u)"), r"\*b\* \_i\_ \[l\](u)");
        assert_eq!(escape("# titre"), r"\# titre");
        assert_eq!(escape("- item"), r"\- item");
        assert_eq!(escape("12. item"), r"12\. item");
        assert_eq!(escape("<script>"), r"\<script\>");
        assert_eq!(escape("a\nb"), "a b");
        assert_eq!(escape("#read(\"/etc/passwd\")"), r#"\#read("/etc/passwd")"#);
        assert_eq!(
            escape("Région Centre-Val de Loire"),
            "Région Centre-Val de Loire"
        );
    }

    #[test]
    fn table_cells_keep_line_breaks() {
        assert_eq!(
            escape_cell("a|b *c* <d>\nx"),
            "a\\|b \\*c\\* &lt;d&gt;<br>x"
        );
        assert_eq!(escape_cell("+10 000 € (-4 %)"), "+10 000 € (-4 %)");
    }

    fn t(s: &str) -> Inline {
        Inline::Text { v: s.into() }
    }

    #[test]
    fn paragraphs_emphasis_and_lists() {
        let tree = parse("Un **fort** et *léger*.\n\n- un ;\n- deux\n\n1. premier");
        assert_eq!(
            tree,
            vec![
                Block::P {
                    c: vec![
                        t("Un "),
                        strong(vec![t("fort")]),
                        t(" et "),
                        em(vec![t("léger")]),
                        t("."),
                    ],
                },
                Block::List {
                    start: None,
                    items: vec![
                        vec![Block::P {
                            c: vec![t("un\u{202f};")]
                        }],
                        vec![Block::P { c: vec![t("deux")] }],
                    ]
                },
                Block::List {
                    start: Some(1),
                    items: vec![vec![Block::P {
                        c: vec![t("premier")]
                    }]]
                },
            ]
        );
    }

    #[test]
    fn headings_keep_their_level() {
        let tree = parse("### 2-1 Coordination régionale\n\nTexte.");
        assert_eq!(
            tree[0],
            Block::H {
                level: 3,
                c: vec![t("2-1 Coordination régionale")]
            }
        );
    }

    #[test]
    fn superscripts_from_html_and_ordinals() {
        let tree = parse("au 2<sup>e</sup> semestre et le 1er juillet");
        let Block::P { c } = &tree[0] else {
            panic!("{tree:?}")
        };
        assert_eq!(c[1], Inline::Sup { c: vec![t("e")] });
        assert!(
            c.iter().filter(|i| matches!(i, Inline::Sup { .. })).count() == 2,
            "{c:?}"
        );
        assert_eq!(plain(c), "au 2e semestre et le 1er\u{a0}juillet");
    }

    #[test]
    fn links_code_breaks_and_html() {
        let tree = parse(
            "voir [le site](https://x.fr) `#eval`  \nsuite <b>x</b> [js](javascript:alert(1)) <https://a.fr>",
        );
        let Block::P { c } = &tree[0] else {
            panic!("{tree:?}")
        };
        assert_eq!(c[0], t("voir "));
        assert_eq!(
            c[1],
            Inline::Link {
                url: "https://x.fr".into(),
                c: vec![t("le site")]
            }
        );
        assert_eq!(c[3], Inline::Code { v: "#eval".into() });
        assert_eq!(c[4], Inline::Br);
        assert_eq!(plain(&c[5..]), "suite <b>x</b> js https://a.fr");
        assert!(
            !c.iter()
                .any(|i| matches!(i, Inline::Link { url, .. } if url.starts_with("javascript")))
        );
    }

    #[test]
    fn tables_are_kept() {
        let tree = parse("| a | b |\n| --- | ---: |\n| 1 | 2 |\n");
        let Block::Table(table) = &tree[0] else {
            panic!("{tree:?}")
        };
        assert_eq!(table.head.len(), 2);
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.align, ["left", "right"]);
    }

    #[test]
    fn nesting_is_bounded() {
        let quotes = "> ".repeat(5000) + "fond";
        let emphasis = "*a ".repeat(20000) + &"*".repeat(20000);
        for text in [quotes, emphasis, "- ".repeat(3000) + "x"] {
            let tree = parse(&text);
            fn depth(b: &[Block]) -> usize {
                b.iter()
                    .map(|b| match b {
                        Block::Quote { c } => 1 + depth(c),
                        Block::List { items, .. } => {
                            1 + items.iter().map(|i| depth(i)).max().unwrap_or(0)
                        }
                        _ => 1,
                    })
                    .max()
                    .unwrap_or(0)
            }
            assert!(depth(&tree) <= MAX_DEPTH + 1);
            serde_json::to_string(&tree).unwrap();
        }
    }

    #[test]
    fn serializes_compactly() {
        let json = serde_json::to_string(&parse("*a*")).unwrap();
        assert_eq!(
            json,
            r#"[{"t":"p","c":[{"t":"em","c":[{"t":"text","v":"a"}]}]}]"#
        );
    }
}
