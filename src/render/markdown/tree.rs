//! The view's tree written as Markdown (CommonMark with GitHub's tables): the same words as
//! every other renderer, with plain text escaped and headings at the level of their section.

use crate::markup::{Block, Inline, Row, Table, escape};
use crate::view::{AnnexView, Front, Item, PartyLine, SectionView, SignatureView};

/// Deepest Markdown heading.
const MAX_HEADING: u8 = 6;

/// Inlines as Markdown, for a paragraph.
pub fn inlines(c: &[Inline]) -> String {
    write_inlines(c, false)
}

/// Inlines as Markdown, for a table cell (line breaks as `<br>`, `|` escaped).
fn cell(c: &[Inline]) -> String {
    write_inlines(c, true)
}

fn write_inlines(c: &[Inline], in_cell: bool) -> String {
    let mut out = String::new();
    for i in c {
        match i {
            Inline::Text { v } => out.push_str(&escape(v)),
            Inline::Em { c } => wrap(&mut out, "*", &write_inlines(c, in_cell)),
            Inline::Strong { c } => wrap(&mut out, "**", &write_inlines(c, in_cell)),
            Inline::Sup { c } => {
                out.push_str("<sup>");
                out.push_str(&write_inlines(c, in_cell));
                out.push_str("</sup>");
            }
            Inline::Code { v } => out.push_str(&code_span(v)),
            Inline::Br if in_cell => out.push_str("<br>"),
            Inline::Br => out.push_str("\\\n"),
            Inline::Link { url, c } => {
                out.push('[');
                out.push_str(&write_inlines(c, in_cell));
                out.push_str("](<");
                out.push_str(&url.replace(['<', '>', '\n'], ""));
                out.push_str(">)");
            }
        }
    }
    out
}

/// `*text*` with the emphasis marks against the text (spaces moved outside).
fn wrap(out: &mut String, mark: &str, inner: &str) {
    let trimmed = inner.trim();
    if trimmed.is_empty() {
        out.push_str(inner);
        return;
    }
    let lead = &inner[..inner.len() - inner.trim_start().len()];
    let trail = &inner[inner.trim_end().len()..];
    out.push_str(lead);
    out.push_str(mark);
    out.push_str(trimmed);
    out.push_str(mark);
    out.push_str(trail);
}

/// A code span whose fence is longer than any run of backticks inside.
fn code_span(v: &str) -> String {
    let longest = v.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if v.starts_with('`') || v.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{}{pad}{fence}", v.replace('\n', " "))
}

fn heading(level: u8, c: &[Inline]) -> String {
    format!(
        "{} {}\n\n",
        "#".repeat(usize::from(level.clamp(1, MAX_HEADING))),
        inlines(c)
    )
}

/// Blocks as Markdown, their headings under level `base`.
pub fn blocks(bs: &[Block], base: u8) -> String {
    bs.iter().map(|b| block(b, base)).collect()
}

fn block(b: &Block, base: u8) -> String {
    match b {
        Block::P { c } => format!("{}\n\n", inlines(c)),
        Block::Label { c } => format!("**{}**\n\n", inlines(c).trim()),
        Block::H { level, c } => heading(base.saturating_add(*level), c),
        Block::List { start, items } => list(*start, items, base),
        Block::Quote { c } => {
            let inner = blocks(c, base);
            let quoted: Vec<String> = inner
                .trim_end()
                .lines()
                .map(|l| {
                    if l.is_empty() {
                        ">".to_string()
                    } else {
                        format!("> {l}")
                    }
                })
                .collect();
            format!("{}\n\n", quoted.join("\n"))
        }
        Block::Code { v } => {
            let longest = v.split(|c| c != '`').map(str::len).max().unwrap_or(0);
            let fence = "`".repeat(longest.max(2) + 1);
            format!("{fence}\n{}\n{fence}\n\n", v.trim_end_matches('\n'))
        }
        Block::Table(t) => table(t),
        Block::Chart(c) => format!("**{}**\n\n{}", inlines(&c.title).trim(), table(&c.table)),
    }
}

fn list(start: Option<u64>, items: &[Vec<Block>], base: u8) -> String {
    let mut out = String::new();
    for (k, item) in items.iter().enumerate() {
        let marker = match start {
            Some(n) => format!("{}. ", n + k as u64),
            None => "- ".to_string(),
        };
        let indent = " ".repeat(marker.len());
        let body = blocks(item, base);
        for (i, line) in body.trim_end().lines().enumerate() {
            if i == 0 {
                out.push_str(&marker);
            } else if !line.is_empty() {
                out.push_str(&indent);
            }
            out.push_str(line);
            out.push('\n');
        }
        if body.trim().is_empty() {
            out.push_str(marker.trim_end());
            out.push('\n');
        }
    }
    out.push('\n');
    out
}

fn row(cells: &[Vec<Inline>], total: bool) -> String {
    let cells: Vec<String> = cells
        .iter()
        .map(|c| {
            let text = cell(c);
            if total && !text.is_empty() && !text.starts_with("**") {
                format!("**{text}**")
            } else {
                text
            }
        })
        .collect();
    format!("| {} |\n", cells.join(" | "))
}

fn table(t: &Table) -> String {
    let mut out = row(&t.head, false);
    let rule: Vec<&str> = t
        .align
        .iter()
        .map(|a| if *a == "right" { "---:" } else { "---" })
        .collect();
    out.push_str(&format!("| {} |\n", rule.join(" | ")));
    for Row { cells, total } in &t.rows {
        out.push_str(&row(cells, *total));
    }
    out.push('\n');
    out
}

/// A section: its heading (one level below the document title) and its content.
pub fn section(s: &SectionView) -> String {
    let level = s.level.saturating_add(1);
    let mut out = heading(level, &s.heading);
    for item in &s.content {
        match item {
            Item::Block { b } => out.push_str(&block(b, level)),
            Item::Section { s } => out.push_str(&section(s)),
        }
    }
    out
}

/// An opening block.
pub fn front(f: &Front) -> String {
    match f {
        Front::Parties { lines } => lines
            .iter()
            .map(|l| match l {
                PartyLine::Word { c } => format!("**{}**\n\n", inlines(c)),
                PartyLine::Party { c, .. } | PartyLine::Line { c } => format!("{}\n\n", inlines(c)),
            })
            .collect(),
        Front::Visas { visas, .. } => visas
            .iter()
            .map(|v| format!("{}\n\n", inlines(v)))
            .collect(),
        Front::Quotations { quotes } => quotes
            .iter()
            .map(|q| {
                let mut out = String::new();
                if let Some(t) = &q.title {
                    out.push_str(&format!("**{}**\n\n", inlines(t)));
                }
                out.push_str(&block(
                    &Block::Quote {
                        c: q.blocks.clone(),
                    },
                    2,
                ));
                out
            })
            .collect(),
        Front::Agreed { c } => format!("**{}**\n\n", inlines(c)),
        Front::Preamble { title, blocks: b } => format!("{}{}", heading(2, title), blocks(b, 2)),
    }
}

/// The signature block: « Fait à … », the copies, then each box as a paragraph.
pub fn signature(s: &SignatureView) -> String {
    let mut out = format!("{}\n\n", inlines(&s.place_date));
    if let Some(c) = &s.copies {
        out.push_str(&format!("{}\n\n", inlines(c)));
    }
    for b in &s.boxes {
        let lines: Vec<String> = b.lines.iter().map(|l| inlines(l)).collect();
        out.push_str(&format!("{}\n\n", lines.join("\\\n")));
    }
    out
}

/// An annex: its heading and content.
pub fn annex(a: &AnnexView) -> String {
    let mut out = heading(2, &a.heading);
    out.push_str(&blocks(&a.blocks, 2));
    if let Some(pdf) = &a.pdf {
        out.push_str(&format!("{}\n\n", inlines(&pdf.note)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::parse;

    #[test]
    fn round_trips_through_the_tree() {
        for md in [
            "Un **fort** et *léger* texte.",
            "- un\n- deux\n  - trois\n\n1. premier\n2. second",
            "> cité\n>\n> encore",
            "### Titre\n\nTexte `code` et [lien](https://x.fr).",
            "| a | b |\n| --- | ---: |\n| 1 | 2 |",
            "ligne  \nsuite",
        ] {
            let tree = parse(md);
            let written = blocks(&tree, 0);
            assert_eq!(parse(&written), tree, "{md}\n---\n{written}");
        }
    }

    #[test]
    fn hostile_text_stays_text() {
        let tree = parse("\\#read(\"/x\") \\<script\\> \\*a\\* `` ` ``");
        let written = blocks(&tree, 0);
        assert_eq!(parse(&written), tree, "{written}");
    }
}
