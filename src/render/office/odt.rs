//! OpenDocument text (ODT, ODF 1.3): the parts of the package, written as text. The
//! `mimetype` entry comes first, stored, as the format asks.

use std::fmt::Write;

use super::flow::{Cell, Flow, Item, Para, Run, Style};
use super::{Image, Piece, escape, pieces, timestamp, zip::Zip};
use crate::view::DocView;

const XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const MIME: &str = "application/vnd.oasis.opendocument.text";
/// Width of the text on an A4 page with 2.3 cm margins, in centimetres.
const TEXT_WIDTH_CM: f32 = 16.4;
const NS: &str = "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
    xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" \
    xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" \
    xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
    xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" \
    xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" \
    xmlns:xlink=\"http://www.w3.org/1999/xlink\" \
    xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
    xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" \
    xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\" office:version=\"1.3\"";

/// What the body refers to: tables (for their column styles) and embedded logos.
#[derive(Default)]
struct Parts {
    /// Column widths (cm) of each table, in order.
    tables: Vec<Vec<f32>>,
    /// Indices in the images of the logos used, in order of first use.
    images: Vec<usize>,
    frames: usize,
}

/// The `.odt` package of a convention.
pub fn package(view: &DocView, flow: &Flow, images: &[Image]) -> Vec<u8> {
    let mut parts = Parts::default();
    let mut body = String::new();
    for (i, item) in flow.items.iter().enumerate() {
        // The first paragraph opens the first page, which has no running header.
        let first = i == 0;
        item_xml(item, first, images, &mut parts, &mut body);
    }
    let content = format!(
        "{XML}<office:document-content {NS}><office:automatic-styles>{}</office:automatic-styles>\
         <office:body><office:text>{body}</office:text></office:body></office:document-content>",
        automatic_styles(&parts)
    );
    let mut zip = Zip::new();
    zip.add("mimetype", MIME.as_bytes(), true);
    zip.add(
        "META-INF/manifest.xml",
        manifest(&parts, images).as_bytes(),
        false,
    );
    zip.add("meta.xml", meta(view).as_bytes(), false);
    zip.add("styles.xml", styles(flow).as_bytes(), false);
    zip.add("content.xml", content.as_bytes(), false);
    for (n, &i) in parts.images.iter().enumerate() {
        zip.add(&picture_name(n, &images[i]), &images[i].bytes, true);
    }
    zip.finish()
}

fn picture_name(n: usize, img: &Image) -> String {
    format!("Pictures/logo{}.{}", n + 1, img.ext)
}

fn item_xml(item: &Item, first: bool, images: &[Image], parts: &mut Parts, out: &mut String) {
    match item {
        Item::P(p) => {
            let style = if first { Some("FirstPage") } else { None };
            para_xml(p, style, images, parts, out)
        }
        Item::PageBreak => out.push_str("<text:p text:style-name=\"PageBreak\"/>"),
        Item::Table {
            head,
            rows,
            right,
            widths,
        } => {
            let total: f32 = widths.iter().sum::<f32>().max(f32::EPSILON);
            let cols = widths.iter().map(|w| w / total * TEXT_WIDTH_CM).collect();
            table_start(cols, parts, out);
            out.push_str("<table:table-header-rows>");
            row_xml(head, right, true, images, parts, out);
            out.push_str("</table:table-header-rows>");
            for r in rows {
                row_xml(r, right, false, images, parts, out);
            }
            out.push_str("</table:table>");
        }
        Item::Signatures(cells) => {
            let half = TEXT_WIDTH_CM / 2.0;
            table_start(vec![half, half], parts, out);
            for pair in cells.chunks(2) {
                out.push_str("<table:table-row table:style-name=\"SignatureRow\">");
                for c in pair {
                    cell_xml(c, "SignatureCell", None, images, parts, out);
                }
                if pair.len() == 1 {
                    out.push_str("<table:table-cell office:value-type=\"string\"><text:p/></table:table-cell>");
                }
                out.push_str("</table:table-row>");
            }
            out.push_str("</table:table>");
        }
    }
}

/// Opens a table with its columns.
fn table_start(cols: Vec<f32>, parts: &mut Parts, out: &mut String) {
    parts.tables.push(cols);
    let n = parts.tables.len();
    let _ = write!(
        out,
        "<table:table table:name=\"Tableau{n}\" table:style-name=\"Tbl{n}\">"
    );
    for c in 1..=parts.tables[n - 1].len() {
        let _ = write!(
            out,
            "<table:table-column table:style-name=\"Tbl{n}.C{c}\"/>"
        );
    }
}

fn row_xml(
    cells: &[Cell],
    right: &[bool],
    head: bool,
    images: &[Image],
    parts: &mut Parts,
    out: &mut String,
) {
    out.push_str("<table:table-row>");
    let style = if head { "HeadCell" } else { "DataCell" };
    for (i, c) in cells.iter().enumerate() {
        let para = right
            .get(i)
            .copied()
            .unwrap_or(false)
            .then_some("CellRight");
        cell_xml(c, style, para, images, parts, out);
    }
    out.push_str("</table:table-row>");
}

fn cell_xml(
    cell: &Cell,
    style: &str,
    para: Option<&str>,
    images: &[Image],
    parts: &mut Parts,
    out: &mut String,
) {
    let _ = write!(
        out,
        "<table:table-cell table:style-name=\"{style}\" office:value-type=\"string\">"
    );
    if cell.is_empty() {
        out.push_str("<text:p/>");
    }
    // Text in cells is not justified (as in the PDF).
    for p in cell {
        let style = (p.style == Style::Normal).then(|| para.unwrap_or("CellLeft"));
        para_xml(p, style, images, parts, out);
    }
    out.push_str("</table:table-cell>");
}

/// The name of a paragraph style in the package (`Heading_20_1`…).
fn style_name(style: Style) -> String {
    match style {
        Style::Heading(n) => format!("Heading_20_{n}"),
        Style::List(n) => format!("List_20_{n}"),
        Style::Normal => "Text_20_body".into(),
        other => other.id(),
    }
}

/// A paragraph; `automatic` replaces its style by an automatic one based on it.
fn para_xml(
    p: &Para,
    automatic: Option<&str>,
    images: &[Image],
    parts: &mut Parts,
    out: &mut String,
) {
    let name = match automatic {
        Some("FirstPage") => format!("FirstPage{}", p.style.id()),
        Some(a) => a.to_string(),
        None => style_name(p.style),
    };
    let (open, close) = match p.style {
        Style::Heading(n) => (
            format!("<text:h text:style-name=\"{name}\" text:outline-level=\"{n}\">"),
            "</text:h>",
        ),
        _ => (format!("<text:p text:style-name=\"{name}\">"), "</text:p>"),
    };
    out.push_str(&open);
    for run in &p.runs {
        run_xml(run, images, parts, out);
    }
    out.push_str(close);
}

/// Name of the automatic text style of a run's formatting.
fn span_style(run: &Run) -> Option<String> {
    let mut s = String::new();
    for (on, c) in [
        (run.bold, 'B'),
        (run.italic, 'I'),
        (run.sup, 'S'),
        (run.code, 'C'),
    ] {
        if on {
            s.push(c);
        }
    }
    (!s.is_empty()).then(|| format!("T{s}"))
}

fn run_xml(run: &Run, images: &[Image], parts: &mut Parts, out: &mut String) {
    if let Some(name) = &run.image {
        if let Some(i) = images.iter().position(|img| &img.name == name) {
            frame_xml(i, images, parts, out);
        }
        return;
    }
    if run.br {
        out.push_str("<text:line-break/>");
    }
    if let Some(url) = &run.link {
        let _ = write!(
            out,
            "<text:a xlink:type=\"simple\" xlink:href=\"{}\">",
            escape(url)
        );
    }
    let span = span_style(run);
    if let Some(s) = &span {
        let _ = write!(out, "<text:span text:style-name=\"{s}\">");
    }
    text_xml(&run.text, out);
    if span.is_some() {
        out.push_str("</text:span>");
    }
    if run.link.is_some() {
        out.push_str("</text:a>");
    }
}

/// Text, with tabs, line breaks and runs of spaces marked (ODF collapses spaces).
fn text_xml(text: &str, out: &mut String) {
    for piece in pieces(text) {
        match piece {
            Piece::Text(t) => spaces_xml(&escape(t), out),
            Piece::Tab => out.push_str("<text:tab/>"),
            Piece::Break => out.push_str("<text:line-break/>"),
        }
    }
}

fn spaces_xml(t: &str, out: &mut String) {
    let mut run = 0usize;
    for c in t.chars() {
        if c == ' ' {
            run += 1;
            continue;
        }
        flush_spaces(run, out);
        run = 0;
        out.push(c);
    }
    flush_spaces(run, out);
}

fn flush_spaces(n: usize, out: &mut String) {
    match n {
        0 => {}
        1 => out.push(' '),
        n => {
            let _ = write!(out, " <text:s text:c=\"{}\"/>", n - 1);
        }
    }
}

/// A logo, 1.4 cm high, as a character.
fn frame_xml(i: usize, images: &[Image], parts: &mut Parts, out: &mut String) {
    let n = match parts.images.iter().position(|&k| k == i) {
        Some(n) => n,
        None => {
            parts.images.push(i);
            parts.images.len() - 1
        }
    };
    parts.frames += 1;
    let img = &images[i];
    let _ = write!(
        out,
        "<draw:frame draw:name=\"logo{}\" text:anchor-type=\"as-char\" svg:width=\"{:.3}cm\" svg:height=\"1.4cm\">\
         <draw:image xlink:href=\"{}\" xlink:type=\"simple\" xlink:show=\"embed\" xlink:actuate=\"onLoad\"/>\
         <svg:desc>logo</svg:desc></draw:frame>",
        parts.frames,
        img.width_for(1.4),
        picture_name(n, img)
    );
}

/// Styles of the body: table columns, cells, runs, page break, first page.
fn automatic_styles(parts: &Parts) -> String {
    let mut s = String::new();
    for (t, cols) in parts.tables.iter().enumerate() {
        let n = t + 1;
        let _ = write!(
            s,
            "<style:style style:name=\"Tbl{n}\" style:family=\"table\"><style:table-properties \
             style:width=\"{TEXT_WIDTH_CM}cm\" table:align=\"margins\"/></style:style>"
        );
        for (c, w) in cols.iter().enumerate() {
            let _ = write!(
                s,
                "<style:style style:name=\"Tbl{n}.C{}\" style:family=\"table-column\">\
                 <style:table-column-properties style:column-width=\"{w:.3}cm\"/></style:style>",
                c + 1
            );
        }
    }
    let border = "fo:border=\"0.5pt solid #aaaaaa\" fo:padding=\"0.1cm\"";
    let _ = write!(
        s,
        "<style:style style:name=\"DataCell\" style:family=\"table-cell\"><style:table-cell-properties {border}/></style:style>\
         <style:style style:name=\"HeadCell\" style:family=\"table-cell\"><style:table-cell-properties {border} fo:background-color=\"#e8e8e8\"/></style:style>\
         <style:style style:name=\"SignatureCell\" style:family=\"table-cell\"><style:table-cell-properties {border} style:vertical-align=\"top\"/></style:style>\
         <style:style style:name=\"SignatureRow\" style:family=\"table-row\"><style:table-row-properties style:min-row-height=\"4.6cm\" fo:keep-together=\"always\"/></style:style>\
         <style:style style:name=\"CellLeft\" style:family=\"paragraph\" style:parent-style-name=\"Text_20_body\"><style:paragraph-properties fo:text-align=\"start\" fo:margin-bottom=\"0.1cm\"/></style:style>\
         <style:style style:name=\"CellRight\" style:family=\"paragraph\" style:parent-style-name=\"Text_20_body\"><style:paragraph-properties fo:text-align=\"end\" fo:margin-bottom=\"0.1cm\"/></style:style>\
         <style:style style:name=\"PageBreak\" style:family=\"paragraph\" style:parent-style-name=\"Text_20_body\"><style:paragraph-properties fo:break-before=\"page\"/></style:style>"
    );
    for first in [Style::Title, Style::Kind] {
        let _ = write!(
            s,
            "<style:style style:name=\"FirstPage{}\" style:family=\"paragraph\" style:parent-style-name=\"{}\" style:master-page-name=\"First_20_Page\"/>",
            first.id(),
            style_name(first)
        );
    }
    for b in ["", "B"] {
        for i in ["", "I"] {
            for sup in ["", "S"] {
                for c in ["", "C"] {
                    let name = format!("{b}{i}{sup}{c}");
                    if name.is_empty() {
                        continue;
                    }
                    let mut props = String::new();
                    if !b.is_empty() {
                        props.push_str(" fo:font-weight=\"bold\"");
                    }
                    if !i.is_empty() {
                        props.push_str(" fo:font-style=\"italic\"");
                    }
                    if !sup.is_empty() {
                        props.push_str(" style:text-position=\"super 58%\"");
                    }
                    if !c.is_empty() {
                        props.push_str(" style:font-name=\"Liberation Mono\"");
                    }
                    let _ = write!(
                        s,
                        "<style:style style:name=\"T{name}\" style:family=\"text\"><style:text-properties{props}/></style:style>"
                    );
                }
            }
        }
    }
    s
}

fn manifest(parts: &Parts, images: &[Image]) -> String {
    let mut s = format!(
        "{XML}<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">\
         <manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.3\" manifest:media-type=\"{MIME}\"/>\
         <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
         <manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/>\
         <manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>"
    );
    for (n, &i) in parts.images.iter().enumerate() {
        let img = &images[i];
        let _ = write!(
            s,
            "<manifest:file-entry manifest:full-path=\"{}\" manifest:media-type=\"image/{}\"/>",
            picture_name(n, img),
            img.ext
        );
    }
    s.push_str("</manifest:manifest>");
    s
}

/// Title, language and dates (the document's date: never the clock).
fn meta(view: &DocView) -> String {
    let when = timestamp(view);
    let when = when.trim_end_matches('Z');
    format!(
        "{XML}<office:document-meta {NS}><office:meta><meta:generator>convgen</meta:generator>\
         <dc:title>{}</dc:title><dc:language>fr-FR</dc:language>\
         <meta:creation-date>{when}</meta:creation-date><dc:date>{when}</dc:date>\
         </office:meta></office:document-meta>",
        escape(&view.title_plain)
    )
}

/// A paragraph style: name, display name, parent, and its paragraph and text properties.
fn style(name: &str, display: &str, ppr: &str, tpr: &str) -> String {
    let parent = if name == "Standard" {
        String::new()
    } else {
        " style:parent-style-name=\"Standard\"".to_string()
    };
    format!(
        "<style:style style:name=\"{name}\" style:display-name=\"{display}\" style:family=\"paragraph\"{parent}>\
         <style:paragraph-properties {ppr}/><style:text-properties {tpr}/></style:style>"
    )
}

/// The colour of titles and headings, bold.
const ACCENT: &str = "fo:font-weight=\"bold\" fo:color=\"#1f3a5f\"";
/// A centred paragraph.
const CENTRE: &str = "fo:text-align=\"center\"";
/// A paragraph kept with the next one.
const KEEP: &str = "fo:keep-with-next=\"always\"";

/// The paragraph styles: the cover's, the headings, and the body's.
fn paragraph_styles() -> String {
    cover_styles() + &heading_styles() + &body_styles()
}

/// Standard and body text, then the cover page: title, kind of document, parties.
fn cover_styles() -> String {
    let mut s = String::new();
    s += &style("Standard", "Standard", "fo:margin-bottom=\"0.2cm\"", "");
    s += &style("Text_20_body", "Text body", "fo:text-align=\"justify\"", "");
    s += &style(
        "Title",
        "Title",
        &format!("{CENTRE} fo:margin-top=\"0.4cm\" fo:margin-bottom=\"1cm\""),
        &format!("{ACCENT} fo:font-size=\"15pt\""),
    );
    s += &style(
        "Kind",
        "Subtitle",
        &format!("{CENTRE} fo:margin-top=\"1.5cm\" fo:margin-bottom=\"1.2cm\""),
        "fo:color=\"#505050\" fo:font-size=\"10pt\"",
    );
    s += &style("Cover", "Cover", CENTRE, "fo:font-size=\"12pt\"");
    s += &style(
        "Signatories",
        "Signatories",
        &format!("{CENTRE} fo:margin-top=\"1.5cm\""),
        "fo:font-weight=\"bold\" fo:font-size=\"10pt\"",
    );
    s
}

/// Heading 1 to 6, with their outline levels.
fn heading_styles() -> String {
    let mut s = String::new();
    let sizes = ["13pt", "11.5pt", "10.5pt", "10.5pt", "10.5pt", "10.5pt"];
    for (i, size) in sizes.iter().enumerate() {
        let n = i + 1;
        let jc = if n == 1 { CENTRE } else { "" };
        let italic = if n == 4 {
            " fo:font-style=\"italic\""
        } else {
            ""
        };
        s += &style(
            &format!("Heading_20_{n}"),
            &format!("Heading {n}"),
            &format!("{KEEP} {jc} fo:margin-top=\"0.4cm\""),
            &format!("{ACCENT} fo:font-size=\"{size}\"{italic}"),
        );
        s = s.replace(
            &format!("style:display-name=\"Heading {n}\" style:family=\"paragraph\""),
            &format!("style:display-name=\"Heading {n}\" style:family=\"paragraph\" style:default-outline-level=\"{n}\""),
        );
    }
    s
}

/// Centred and label paragraphs, lists, quotes, code, the draft mark, logos, the running
/// header and footer.
fn body_styles() -> String {
    let mut s = String::new();
    s += &style(
        "Centered",
        "Centered",
        &format!("{CENTRE} {KEEP}"),
        "fo:font-size=\"11.5pt\"",
    );
    s += &style("Label", "Label", KEEP, "");
    for n in 1..=6u32 {
        let left = 0.63 * n as f32;
        s += &style(
            &format!("List_20_{n}"),
            &format!("List {n}"),
            &format!("fo:margin-left=\"{left:.2}cm\" fo:text-indent=\"-0.63cm\""),
            "",
        );
    }
    s += &style(
        "Quote",
        "Quotations",
        "fo:margin-left=\"1.25cm\" fo:margin-right=\"1.25cm\"",
        "",
    );
    s += &style(
        "Code",
        "Preformatted Text",
        "",
        "style:font-name=\"Liberation Mono\" fo:font-size=\"9pt\"",
    );
    s += &style(
        "Draft",
        "Draft",
        CENTRE,
        "fo:font-weight=\"bold\" fo:color=\"#be1e1e\" fo:font-size=\"11pt\"",
    );
    s += &style("Logos", "Logos", &format!("{CENTRE} {KEEP}"), "");
    let tabs = format!(
        "<style:tab-stops><style:tab-stop style:position=\"{TEXT_WIDTH_CM}cm\" style:type=\"right\"/></style:tab-stops>"
    );
    for (name, display) in [("Header", "Header"), ("Footer", "Footer")] {
        let _ = write!(
            s,
            "<style:style style:name=\"{name}\" style:display-name=\"{display}\" style:family=\"paragraph\" style:parent-style-name=\"Standard\">\
             <style:paragraph-properties>{tabs}</style:paragraph-properties>\
             <style:text-properties fo:font-size=\"8.5pt\" fo:color=\"#5a5a5a\"/></style:style>"
        );
    }
    s
}

fn styles(flow: &Flow) -> String {
    let header_right = if flow.draft {
        format!(
            "<text:span text:style-name=\"DraftMark\">{}</text:span>",
            escape(&flow.header_right)
        )
    } else {
        escape(&flow.header_right)
    };
    let footer = format!(
        "<style:footer><text:p text:style-name=\"Footer\">{}<text:tab/>{}\u{a0}<text:page-number text:select-page=\"current\">1</text:page-number> / <text:page-count>1</text:page-count></text:p></style:footer>",
        escape(&flow.footer),
        escape(&flow.page)
    );
    format!(
        "{XML}<office:document-styles {NS}><office:font-face-decls/><office:styles>\
         <style:default-style style:family=\"paragraph\"><style:paragraph-properties fo:hyphenation-ladder-count=\"no-limit\"/>\
         <style:text-properties style:font-name=\"Liberation Serif\" fo:font-family=\"'Liberation Serif'\" fo:font-size=\"10.5pt\" fo:language=\"fr\" fo:country=\"FR\" fo:hyphenate=\"true\"/></style:default-style>\
         {}<style:style style:name=\"DraftMark\" style:family=\"text\"><style:text-properties fo:font-weight=\"bold\" fo:color=\"#be1e1e\"/></style:style>\
         </office:styles><office:automatic-styles><style:page-layout style:name=\"A4\">\
         <style:page-layout-properties fo:page-width=\"21cm\" fo:page-height=\"29.7cm\" style:print-orientation=\"portrait\" \
         fo:margin-top=\"1.2cm\" fo:margin-bottom=\"1.2cm\" fo:margin-left=\"2.3cm\" fo:margin-right=\"2.3cm\"/>\
         <style:header-style><style:header-footer-properties fo:min-height=\"1.4cm\" fo:margin-bottom=\"0.3cm\"/></style:header-style>\
         <style:footer-style><style:header-footer-properties fo:min-height=\"1.2cm\" fo:margin-top=\"0.3cm\"/></style:footer-style>\
         </style:page-layout></office:automatic-styles><office:master-styles>\
         <style:master-page style:name=\"Standard\" style:page-layout-name=\"A4\">\
         <style:header><text:p text:style-name=\"Header\">{}<text:tab/>{header_right}</text:p></style:header>{footer}</style:master-page>\
         <style:master-page style:name=\"First_20_Page\" style:display-name=\"First Page\" style:page-layout-name=\"A4\" style:next-style-name=\"Standard\">{footer}</style:master-page>\
         </office:master-styles></office:document-styles>",
        paragraph_styles(),
        escape(&flow.header),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_spaces_are_kept() {
        let mut out = String::new();
        text_xml("a  b   c\td <e>", &mut out);
        assert_eq!(
            out,
            "a <text:s text:c=\"1\"/>b <text:s text:c=\"2\"/>c<text:tab/>d &lt;e&gt;"
        );
        let run = Run {
            text: "x".into(),
            bold: true,
            sup: true,
            ..Run::default()
        };
        assert_eq!(span_style(&run).as_deref(), Some("TBS"));
        let styles = automatic_styles(&Parts::default());
        assert!(styles.contains("style:name=\"TBS\""));
        assert!(styles.contains("style:name=\"TBISC\""));
    }
}
