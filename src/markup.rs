//! Markdown in and out: plain text escaped for Markdown ([`escape`]), and Markdown fields
//! (the keys marked *Markdown* in docs/format.md) converted into a small JSON tree that the Typst
//! template walks to build content. Strings of the tree are always placed in content as plain
//! text: user Markdown never reaches Typst as code.
//!
//! Supported: paragraphs, emphasis, strong emphasis, bulleted and numbered lists, block quotes,
//! headings (rendered as bold paragraphs), inline and block code, hard and soft line breaks,
//! and links (their text only, followed by the address). Raw HTML is shown as plain text;
//! images keep their alternative text.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::french::typo;

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
    /// Paragraph (also headings, marked `strong`).
    P {
        c: Vec<Inline>,
        strong: bool,
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
}

/// Inline content.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Inline {
    Text { v: String },
    Em { c: Vec<Inline> },
    Strong { c: Vec<Inline> },
    Code { v: String },
    Br,
}

enum Frame {
    Root(Vec<Block>),
    Para(Vec<Inline>, bool),
    List(Option<u64>, Vec<Vec<Block>>),
    Item(Vec<Block>, Vec<Inline>),
    Quote(Vec<Block>),
    Code(String),
    Em(Vec<Inline>),
    Strong(Vec<Inline>),
    Link(Vec<Inline>, String),
}

/// Converts Markdown text into the block tree.
pub fn parse(md: &str) -> Vec<Block> {
    let mut stack = vec![Frame::Root(Vec::new())];
    for event in Parser::new_ext(md, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(tag) => stack.push(match tag {
                Tag::Paragraph => Frame::Para(Vec::new(), false),
                Tag::Heading { .. } => Frame::Para(Vec::new(), true),
                Tag::List(start) => Frame::List(start, Vec::new()),
                Tag::Item => Frame::Item(Vec::new(), Vec::new()),
                Tag::BlockQuote(_) => Frame::Quote(Vec::new()),
                Tag::CodeBlock(_) => Frame::Code(String::new()),
                Tag::Emphasis => Frame::Em(Vec::new()),
                Tag::Strong => Frame::Strong(Vec::new()),
                Tag::Link { dest_url, .. } => Frame::Link(Vec::new(), dest_url.to_string()),
                // Everything else (images, tables, strikethrough…) keeps its text in a span.
                _ => Frame::Link(Vec::new(), String::new()),
            }),
            Event::End(end) => {
                let frame = stack.pop().expect("balanced events");
                close(&mut stack, frame, end);
            }
            Event::Text(t) => push_text(&mut stack, &t),
            Event::Code(t) => push_inline(&mut stack, Inline::Code { v: t.to_string() }),
            Event::Html(t) | Event::InlineHtml(t) => push_text(&mut stack, &t),
            Event::SoftBreak => push_text(&mut stack, " "),
            Event::HardBreak => push_inline(&mut stack, Inline::Br),
            Event::Rule => {}
            other => {
                if let Event::FootnoteReference(t) | Event::InlineMath(t) | Event::DisplayMath(t) =
                    other
                {
                    push_text(&mut stack, &t);
                }
            }
        }
    }
    while stack.len() > 1 {
        let frame = stack.pop().expect("non-empty");
        close(&mut stack, frame, TagEnd::Paragraph);
    }
    match stack.pop() {
        Some(Frame::Root(blocks)) => blocks,
        _ => Vec::new(),
    }
}

fn push_text(stack: &mut [Frame], text: &str) {
    if let Some(Frame::Code(code)) = stack.last_mut() {
        code.push_str(text);
        return;
    }
    push_inline(stack, Inline::Text { v: typo(text) });
}

fn inlines_of(stack: &mut [Frame]) -> Option<&mut Vec<Inline>> {
    match stack.last_mut()? {
        Frame::Para(c, _) | Frame::Item(_, c) | Frame::Em(c) | Frame::Strong(c) => Some(c),
        Frame::Link(c, _) => Some(c),
        _ => None,
    }
}

fn push_inline(stack: &mut [Frame], inline: Inline) {
    // Adjacent text nodes are merged.
    if let Inline::Text { v: new } = &inline
        && let Some(inlines) = inlines_of(stack)
        && let Some(Inline::Text { v }) = inlines.last_mut()
    {
        v.push_str(new);
        return;
    }
    match stack.last_mut() {
        Some(Frame::Code(code)) => {
            if let Inline::Text { v } | Inline::Code { v } = inline {
                code.push_str(&v);
            }
        }
        Some(
            Frame::Para(c, _)
            | Frame::Item(_, c)
            | Frame::Em(c)
            | Frame::Strong(c)
            | Frame::Link(c, _),
        ) => c.push(inline),
        Some(Frame::Root(b) | Frame::Quote(b)) => b.push(Block::P {
            c: vec![inline],
            strong: false,
        }),
        Some(Frame::List(..)) | None => {}
    }
}

fn push_block(stack: &mut [Frame], block: Block) {
    match stack.last_mut() {
        Some(Frame::Root(b) | Frame::Quote(b)) => b.push(block),
        Some(Frame::Item(b, pending)) => {
            flush_item(b, pending);
            b.push(block);
        }
        Some(Frame::List(_, items)) => items.push(vec![block]),
        Some(Frame::Para(c, _) | Frame::Em(c) | Frame::Strong(c) | Frame::Link(c, _)) => {
            if let Block::P { c: inner, .. } = block {
                c.extend(inner);
            }
        }
        Some(Frame::Code(code)) => {
            if let Block::Code { v } = block {
                code.push_str(&v);
            }
        }
        None => {}
    }
}

/// Loose text of a tight list item becomes a paragraph.
fn flush_item(blocks: &mut Vec<Block>, pending: &mut Vec<Inline>) {
    if !pending.is_empty() {
        blocks.push(Block::P {
            c: std::mem::take(pending),
            strong: false,
        });
    }
}

fn close(stack: &mut Vec<Frame>, frame: Frame, _end: TagEnd) {
    match frame {
        Frame::Root(blocks) => stack.push(Frame::Root(blocks)),
        Frame::Para(c, strong) => push_block(stack, Block::P { c, strong }),
        Frame::List(start, items) => push_block(stack, Block::List { start, items }),
        Frame::Item(mut blocks, mut pending) => {
            flush_item(&mut blocks, &mut pending);
            if let Some(Frame::List(_, items)) = stack.last_mut() {
                items.push(blocks);
            }
        }
        Frame::Quote(c) => push_block(stack, Block::Quote { c }),
        Frame::Code(v) => push_block(stack, Block::Code { v }),
        Frame::Em(c) => push_inline(stack, Inline::Em { c }),
        Frame::Strong(c) => push_inline(stack, Inline::Strong { c }),
        Frame::Link(c, url) => {
            for inline in c {
                push_inline(stack, inline);
            }
            if !url.is_empty() && !url.starts_with('#') {
                push_text(stack, &format!(" ({url})"));
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

    fn text(v: &str) -> Inline {
        Inline::Text { v: v.into() }
    }

    #[test]
    fn paragraphs_emphasis_and_lists() {
        let tree = parse("Un **fort** et *léger*.\n\n- un ;\n- deux\n\n1. premier");
        assert_eq!(
            tree,
            vec![
                Block::P {
                    c: vec![
                        text("Un "),
                        Inline::Strong {
                            c: vec![text("fort")]
                        },
                        text(" et "),
                        Inline::Em {
                            c: vec![text("léger")]
                        },
                        text("."),
                    ],
                    strong: false
                },
                Block::List {
                    start: None,
                    items: vec![
                        vec![Block::P {
                            c: vec![text("un\u{a0};")],
                            strong: false
                        }],
                        vec![Block::P {
                            c: vec![text("deux")],
                            strong: false
                        }],
                    ]
                },
                Block::List {
                    start: Some(1),
                    items: vec![vec![Block::P {
                        c: vec![text("premier")],
                        strong: false
                    }]]
                },
            ]
        );
    }

    #[test]
    fn links_code_breaks_and_html_stay_text() {
        let tree = parse("voir [le site](https://x.fr) `#eval`  \nsuite <b>x</b>");
        let Block::P { c, .. } = &tree[0] else {
            panic!("{tree:?}")
        };
        assert_eq!(c[0], text("voir le site (https://x.fr) "));
        assert_eq!(c[1], Inline::Code { v: "#eval".into() });
        assert_eq!(c[2], Inline::Br);
        assert_eq!(c[3], text("suite <b>x</b>"));
    }

    #[test]
    fn serializes_compactly() {
        let json = serde_json::to_string(&parse("*a*")).unwrap();
        assert_eq!(
            json,
            r#"[{"t":"p","c":[{"t":"em","c":[{"t":"text","v":"a"}]}],"strong":false}]"#
        );
    }
}
