//! WordprocessingML (DOCX, ECMA-376): the parts of the package, written as text.

use std::fmt::Write;

use super::flow::{Cell, Flow, Item, Para, Run, Style};
use super::{Image, Piece, escape, pieces, timestamp, zip::Zip};
use crate::view::DocView;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
/// Width of the text on an A4 page with 2.3 cm margins, in twentieths of a point.
const TEXT_WIDTH: u32 = 9298;
/// English Metric Units in a centimetre (drawing sizes).
const EMU_PER_CM: f64 = 360_000.0;

/// The hyperlinks and images of the document part, as relationships.
struct Rels {
    /// (id, type, target, external)
    list: Vec<(String, &'static str, String, bool)>,
    images: Vec<usize>,
}

impl Rels {
    fn add(&mut self, kind: &'static str, target: String, external: bool) -> String {
        let id = format!("rId{}", self.list.len() + 1);
        self.list.push((id.clone(), kind, target, external));
        id
    }
}

/// The `.docx` package of a convention.
pub fn package(view: &DocView, flow: &Flow, images: &[Image]) -> Vec<u8> {
    let mut rels = Rels {
        list: Vec::new(),
        images: Vec::new(),
    };
    for kind in ["styles", "settings"] {
        rels.add(kind, format!("{kind}.xml"), false);
    }
    let header = rels.add("header", "header1.xml".into(), false);
    let first = rels.add("header", "header2.xml".into(), false);
    let footer = rels.add("footer", "footer1.xml".into(), false);
    let mut body = String::new();
    for item in &flow.items {
        item_xml(item, images, &mut rels, &mut body);
    }
    let sect = format!(
        "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"{header}\"/>\
         <w:headerReference w:type=\"first\" r:id=\"{first}\"/>\
         <w:footerReference w:type=\"default\" r:id=\"{footer}\"/>\
         <w:footerReference w:type=\"first\" r:id=\"{footer}\"/>\
         <w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
         <w:pgMar w:top=\"1474\" w:right=\"1304\" w:bottom=\"1361\" w:left=\"1304\" \
         w:header=\"680\" w:footer=\"567\" w:gutter=\"0\"/><w:titlePg/></w:sectPr>"
    );
    let document = format!(
        "{XML}<w:document xmlns:w=\"{W}\" xmlns:r=\"{R}\" {DRAWING_NS}><w:body>{body}{sect}</w:body></w:document>"
    );
    let mut zip = Zip::new();
    zip.add("[Content_Types].xml", content_types().as_bytes(), false);
    zip.add("_rels/.rels", package_rels().as_bytes(), false);
    zip.add("docProps/core.xml", core(view).as_bytes(), false);
    zip.add("docProps/app.xml", APP.as_bytes(), false);
    zip.add("word/document.xml", document.as_bytes(), false);
    zip.add("word/styles.xml", styles().as_bytes(), false);
    zip.add("word/settings.xml", SETTINGS.as_bytes(), false);
    zip.add("word/header1.xml", header_xml(flow).as_bytes(), false);
    zip.add("word/header2.xml", empty_header().as_bytes(), false);
    zip.add("word/footer1.xml", footer_xml(flow).as_bytes(), false);
    zip.add(
        "word/_rels/document.xml.rels",
        document_rels(&rels).as_bytes(),
        false,
    );
    for (n, &i) in rels.images.iter().enumerate() {
        let img = &images[i];
        zip.add(&media_name(n, img), &img.bytes, true);
    }
    zip.finish()
}

const DRAWING_NS: &str = "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" \
     xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
     xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"";

fn media_name(n: usize, img: &Image) -> String {
    format!("word/media/logo{}.{}", n + 1, img.ext)
}

fn item_xml(item: &Item, images: &[Image], rels: &mut Rels, out: &mut String) {
    match item {
        Item::P(p) => para_xml(p, None, images, rels, out),
        Item::PageBreak => out.push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"),
        Item::Table {
            head,
            rows,
            right,
            widths,
        } => {
            let total: f32 = widths.iter().sum::<f32>().max(f32::EPSILON);
            let cols: Vec<u32> = widths
                .iter()
                .map(|w| (w / total * TEXT_WIDTH as f32) as u32)
                .collect();
            table_start("Table", &cols, out);
            row_xml(head, &cols, right, true, images, rels, out);
            for r in rows {
                row_xml(r, &cols, right, false, images, rels, out);
            }
            out.push_str("</w:tbl>");
        }
        Item::Signatures(cells) => {
            let half = TEXT_WIDTH / 2;
            table_start("Signature", &[half, half], out);
            for pair in cells.chunks(2) {
                out.push_str("<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val=\"2608\" w:hRule=\"atLeast\"/></w:trPr>");
                for c in pair {
                    cell_xml(c, half, false, None, images, rels, out);
                }
                if pair.len() == 1 {
                    let _ = write!(
                        out,
                        "<w:tc><w:tcPr><w:tcW w:w=\"{half}\" w:type=\"dxa\"/><w:tcBorders>\
                         <w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/></w:tcBorders></w:tcPr><w:p/></w:tc>"
                    );
                }
                out.push_str("</w:tr>");
            }
            out.push_str("</w:tbl><w:p/>");
        }
    }
}

fn table_start(style: &str, cols: &[u32], out: &mut String) {
    let _ = write!(
        out,
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"{style}\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>\
         <w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>"
    );
    for c in cols {
        let _ = write!(out, "<w:gridCol w:w=\"{c}\"/>");
    }
    out.push_str("</w:tblGrid>");
}

fn row_xml(
    cells: &[Cell],
    cols: &[u32],
    right: &[bool],
    head: bool,
    images: &[Image],
    rels: &mut Rels,
    out: &mut String,
) {
    out.push_str("<w:tr><w:trPr><w:cantSplit/>");
    if head {
        out.push_str("<w:tblHeader/>");
    }
    out.push_str("</w:trPr>");
    for (i, c) in cells.iter().enumerate() {
        let jc = right.get(i).copied().unwrap_or(false).then_some("right");
        let w = cols.get(i).copied().unwrap_or(TEXT_WIDTH);
        cell_xml(c, w, head, jc, images, rels, out);
    }
    out.push_str("</w:tr>");
}

fn cell_xml(
    cell: &Cell,
    width: u32,
    shaded: bool,
    jc: Option<&str>,
    images: &[Image],
    rels: &mut Rels,
    out: &mut String,
) {
    let _ = write!(out, "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>");
    if shaded {
        out.push_str("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E8E8E8\"/>");
    }
    out.push_str("</w:tcPr>");
    if cell.is_empty() {
        out.push_str("<w:p/>");
    }
    // Text in cells is not justified (as in the PDF).
    for p in cell {
        let align = (p.style == Style::Normal).then(|| jc.unwrap_or("left"));
        para_xml(p, align, images, rels, out);
    }
    out.push_str("</w:tc>");
}

fn para_xml(p: &Para, jc: Option<&str>, images: &[Image], rels: &mut Rels, out: &mut String) {
    let _ = write!(out, "<w:p><w:pPr><w:pStyle w:val=\"{}\"/>", p.style.id());
    if let Some(jc) = jc {
        let _ = write!(out, "<w:jc w:val=\"{jc}\"/>");
    }
    out.push_str("</w:pPr>");
    for run in &p.runs {
        run_xml(run, images, rels, out);
    }
    out.push_str("</w:p>");
}

fn run_xml(run: &Run, images: &[Image], rels: &mut Rels, out: &mut String) {
    if let Some(name) = &run.image {
        if let Some(i) = images.iter().position(|img| &img.name == name) {
            drawing_xml(i, images, rels, out);
        }
        return;
    }
    let link = run
        .link
        .as_ref()
        .map(|url| rels.add("hyperlink", url.clone(), true));
    if let Some(id) = &link {
        let _ = write!(out, "<w:hyperlink r:id=\"{id}\">");
    }
    out.push_str("<w:r><w:rPr>");
    if link.is_some() {
        out.push_str("<w:rStyle w:val=\"Hyperlink\"/>");
    } else if run.code {
        out.push_str("<w:rStyle w:val=\"CodeChar\"/>");
    }
    if run.bold {
        out.push_str("<w:b/>");
    }
    if run.italic {
        out.push_str("<w:i/>");
    }
    if run.sup {
        out.push_str("<w:vertAlign w:val=\"superscript\"/>");
    }
    out.push_str("</w:rPr>");
    if run.br {
        out.push_str("<w:br/>");
    }
    text_xml(&run.text, out);
    out.push_str("</w:r>");
    if link.is_some() {
        out.push_str("</w:hyperlink>");
    }
}

fn text_xml(text: &str, out: &mut String) {
    for piece in pieces(text) {
        match piece {
            Piece::Text(t) => {
                let _ = write!(out, "<w:t xml:space=\"preserve\">{}</w:t>", escape(t));
            }
            Piece::Tab => out.push_str("<w:tab/>"),
            Piece::Break => out.push_str("<w:br/>"),
        }
    }
}

/// A logo, 1.4 cm high, inline.
fn drawing_xml(i: usize, images: &[Image], rels: &mut Rels, out: &mut String) {
    let n = match rels.images.iter().position(|&k| k == i) {
        Some(n) => n,
        None => {
            rels.images.push(i);
            rels.images.len() - 1
        }
    };
    let img = &images[i];
    let target = media_name(n, img).trim_start_matches("word/").to_string();
    let id = rels.add("image", target, false);
    let cy = (1.4 * EMU_PER_CM) as u64;
    let cx = img.width_for(1.4 * EMU_PER_CM) as u64;
    let pid = rels.list.len();
    let _ = write!(
        out,
        "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"114300\" distR=\"114300\">\
         <wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:docPr id=\"{pid}\" name=\"logo {pid}\" descr=\"logo\"/>\
         <a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
         <pic:pic><pic:nvPicPr><pic:cNvPr id=\"{pid}\" name=\"logo {pid}\"/><pic:cNvPicPr/></pic:nvPicPr>\
         <pic:blipFill><a:blip r:embed=\"{id}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
         <pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
         <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>\
         </a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    );
}

fn header_xml(flow: &Flow) -> String {
    let mut right = String::new();
    let colour = if flow.draft {
        "<w:b/><w:color w:val=\"BE1E1E\"/>"
    } else {
        ""
    };
    let _ = write!(
        right,
        "<w:r><w:tab/></w:r><w:r><w:rPr>{colour}</w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
        escape(&flow.header_right)
    );
    format!(
        "{XML}<w:hdr xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr>\
         <w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>{right}</w:p></w:hdr>",
        escape(&flow.header)
    )
}

/// The first page has no running header (as in the PDF).
fn empty_header() -> String {
    format!(
        "{XML}<w:hdr xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr></w:p></w:hdr>"
    )
}

/// « Empreinte … » and « page n / N » (fields Word and LibreOffice update).
fn footer_xml(flow: &Flow) -> String {
    let field = |instr: &str| {
        format!("<w:fldSimple w:instr=\" {instr} \"><w:r><w:t>1</w:t></w:r></w:fldSimple>")
    };
    format!(
        "{XML}<w:ftr xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>\
         <w:r><w:t xml:space=\"preserve\">{}</w:t></w:r><w:r><w:tab/></w:r>\
         <w:r><w:t xml:space=\"preserve\">{}\u{a0}</w:t></w:r>{}<w:r><w:t xml:space=\"preserve\"> / </w:t></w:r>{}</w:p></w:ftr>",
        escape(&flow.footer),
        escape(&flow.page),
        field("PAGE"),
        field("NUMPAGES")
    )
}

fn content_types() -> String {
    let main = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let mut s = format!(
        "{XML}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Default Extension=\"png\" ContentType=\"image/png\"/>\
         <Default Extension=\"jpeg\" ContentType=\"image/jpeg\"/>\
         <Override PartName=\"/word/document.xml\" ContentType=\"{main}.document.main+xml\"/>\
         <Override PartName=\"/word/styles.xml\" ContentType=\"{main}.styles+xml\"/>\
         <Override PartName=\"/word/settings.xml\" ContentType=\"{main}.settings+xml\"/>"
    );
    for h in ["header1", "header2"] {
        let _ = write!(
            s,
            "<Override PartName=\"/word/{h}.xml\" ContentType=\"{main}.header+xml\"/>"
        );
    }
    let _ = write!(
        s,
        "<Override PartName=\"/word/footer1.xml\" ContentType=\"{main}.footer+xml\"/>\
         <Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
         <Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
         </Types>"
    );
    s
}

fn package_rels() -> String {
    let od = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let pkg = "http://schemas.openxmlformats.org/package/2006/relationships/metadata";
    format!(
        "{XML}<Relationships xmlns=\"{REL}\">\
         <Relationship Id=\"rId1\" Type=\"{od}/officeDocument\" Target=\"word/document.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"{pkg}/core-properties\" Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"{od}/extended-properties\" Target=\"docProps/app.xml\"/>\
         </Relationships>"
    )
}

fn document_rels(rels: &Rels) -> String {
    let mut s = format!("{XML}<Relationships xmlns=\"{REL}\">");
    for (id, kind, target, external) in &rels.list {
        let mode = if *external {
            " TargetMode=\"External\""
        } else {
            ""
        };
        let _ = write!(
            s,
            "<Relationship Id=\"{id}\" Type=\"{R}/{kind}\" Target=\"{}\"{mode}/>",
            escape(target)
        );
    }
    s.push_str("</Relationships>");
    s
}

/// Title, language and dates (the document's date: never the clock).
fn core(view: &DocView) -> String {
    let when = timestamp(view);
    format!(
        "{XML}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:language>fr-FR</dc:language><dc:creator>convgen</dc:creator>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:modified>\
         </cp:coreProperties>",
        escape(&view.title_plain)
    )
}

const APP: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
<Application>convgen</Application></Properties>";

const SETTINGS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:defaultTabStop w:val=\"708\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>\
<w:themeFontLang w:val=\"fr-FR\"/></w:settings>";

/// One paragraph style: id, name, and its paragraph and run properties.
fn style(id: &str, name: &str, ppr: &str, rpr: &str) -> String {
    format!(
        "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/>\
         <w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )
}

/// The colour of titles and headings, bold.
const ACCENT: &str = "<w:b/><w:color w:val=\"1F3A5F\"/>";
/// A centred paragraph.
const CENTRE: &str = "<w:jc w:val=\"center\"/>";
/// A paragraph kept with the next one, and whole.
const KEEP: &str = "<w:keepNext/><w:keepLines/>";

/// `styles.xml`: document defaults, then the styles of the cover, headings, body, running
/// header and footer, and tables.
fn styles() -> String {
    let mut s = defaults();
    s += &cover_styles();
    s += &heading_styles();
    s += &body_styles();
    s += &table_styles();
    s.push_str("</w:styles>");
    s
}

/// The opening of `styles.xml`: fonts, size, French language, spacing, and `Normal`.
fn defaults() -> String {
    format!(
        "{XML}<w:styles xmlns:w=\"{W}\"><w:docDefaults><w:rPrDefault><w:rPr>\
         <w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/>\
         <w:sz w:val=\"21\"/><w:lang w:val=\"fr-FR\" w:eastAsia=\"fr-FR\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>\
         <w:pPr><w:jc w:val=\"both\"/></w:pPr></w:style>"
    )
}

/// The cover page: title, kind of document, parties.
fn cover_styles() -> String {
    let mut s = String::new();
    s += &style(
        "Title",
        "Title",
        &format!("<w:spacing w:before=\"240\" w:after=\"480\"/>{CENTRE}"),
        &format!("{ACCENT}<w:sz w:val=\"30\"/>"),
    );
    s += &style(
        "Kind",
        "Subtitle",
        &format!("<w:spacing w:before=\"850\" w:after=\"680\"/>{CENTRE}"),
        "<w:caps/><w:color w:val=\"505050\"/><w:sz w:val=\"20\"/>",
    );
    s += &style("Cover", "Cover", CENTRE, "<w:sz w:val=\"24\"/>");
    s += &style(
        "Signatories",
        "Signatories",
        &format!("<w:spacing w:before=\"850\" w:after=\"120\"/>{CENTRE}"),
        "<w:b/><w:sz w:val=\"20\"/>",
    );
    s
}

/// Heading 1 to 6, in the outline.
fn heading_styles() -> String {
    let mut s = String::new();
    let sizes = [26, 23, 21, 21, 21, 21];
    for (i, size) in sizes.iter().enumerate() {
        let n = i + 1;
        let jc = if n == 1 { CENTRE } else { "" };
        let italic = if n == 4 { "<w:i/>" } else { "" };
        s += &style(
            &format!("Heading{n}"),
            &format!("heading {n}"),
            &format!(
                "{KEEP}<w:spacing w:before=\"240\" w:after=\"120\"/>{jc}<w:outlineLvl w:val=\"{i}\"/>"
            ),
            &format!("<w:b/>{italic}<w:color w:val=\"1F3A5F\"/><w:sz w:val=\"{size}\"/>"),
        );
    }
    s
}

/// Centred and label paragraphs, lists, quotes, code, the draft mark, logos, the running
/// header and footer, and the character styles.
fn body_styles() -> String {
    let mut s = String::new();
    s += &style(
        "Centered",
        "Centered",
        &format!("{KEEP}{CENTRE}"),
        "<w:sz w:val=\"23\"/>",
    );
    s += &style("Label", "Label", KEEP, "");
    for n in 1..=6u32 {
        let name = if n == 1 {
            "List".to_string()
        } else {
            format!("List {n}")
        };
        let ind = format!("<w:ind w:left=\"{}\" w:hanging=\"357\"/>", 357 * n);
        s += &style(&format!("List{n}"), &name, &ind, "");
    }
    s += &style(
        "Quote",
        "Quote",
        "<w:ind w:left=\"709\" w:right=\"709\"/>",
        "",
    );
    s += &style(
        "Code",
        "Code",
        "<w:jc w:val=\"left\"/>",
        "<w:rFonts w:ascii=\"Courier New\" w:hAnsi=\"Courier New\"/><w:sz w:val=\"18\"/>",
    );
    s += &style(
        "Draft",
        "Draft",
        CENTRE,
        "<w:b/><w:color w:val=\"BE1E1E\"/><w:sz w:val=\"22\"/>",
    );
    s += &style("Logos", "Logos", &format!("{KEEP}{CENTRE}"), "");
    let tabs = format!(
        "<w:tabs><w:tab w:val=\"right\" w:pos=\"{TEXT_WIDTH}\"/></w:tabs><w:jc w:val=\"left\"/>"
    );
    s += &style(
        "Header",
        "header",
        &tabs,
        "<w:color w:val=\"5A5A5A\"/><w:sz w:val=\"17\"/>",
    );
    s += &style(
        "Footer",
        "footer",
        &tabs,
        "<w:color w:val=\"5A5A5A\"/><w:sz w:val=\"17\"/>",
    );
    s += "<w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/>\
          <w:rPr><w:color w:val=\"1F3A5F\"/><w:u w:val=\"single\"/></w:rPr></w:style>\
          <w:style w:type=\"character\" w:styleId=\"CodeChar\"><w:name w:val=\"Code Char\"/>\
          <w:rPr><w:rFonts w:ascii=\"Courier New\" w:hAnsi=\"Courier New\"/></w:rPr></w:style>";
    s
}

/// The data tables and the signature table.
fn table_styles() -> String {
    let mut s = String::new();
    for (id, name) in [("Table", "Table Grid"), ("Signature", "Signature")] {
        let _ = write!(
            s,
            "<w:style w:type=\"table\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:tblPr>\
             <w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:color=\"AAAAAA\"/>\
             <w:left w:val=\"single\" w:sz=\"4\" w:color=\"AAAAAA\"/>\
             <w:bottom w:val=\"single\" w:sz=\"4\" w:color=\"AAAAAA\"/>\
             <w:right w:val=\"single\" w:sz=\"4\" w:color=\"AAAAAA\"/>\
             <w:insideH w:val=\"single\" w:sz=\"4\" w:color=\"AAAAAA\"/>\
             <w:insideV w:val=\"single\" w:sz=\"4\" w:color=\"AAAAAA\"/></w:tblBorders>\
             <w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar>\
             </w:tblPr></w:style>"
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_is_escaped_and_formatted() {
        let mut rels = Rels {
            list: Vec::new(),
            images: Vec::new(),
        };
        let mut out = String::new();
        let run = Run {
            text: "a <b> & c\td".into(),
            bold: true,
            sup: true,
            ..Run::default()
        };
        run_xml(&run, &[], &mut rels, &mut out);
        assert_eq!(
            out,
            "<w:r><w:rPr><w:b/><w:vertAlign w:val=\"superscript\"/></w:rPr>\
             <w:t xml:space=\"preserve\">a &lt;b&gt; &amp; c</w:t><w:tab/>\
             <w:t xml:space=\"preserve\">d</w:t></w:r>"
        );
        let link = Run {
            text: "x".into(),
            link: Some("https://a.fr/?a=1&b=\"2\"".into()),
            ..Run::default()
        };
        run_xml(&link, &[], &mut rels, &mut out);
        assert!(
            document_rels(&rels).contains(
                "Target=\"https://a.fr/?a=1&amp;b=&quot;2&quot;\" TargetMode=\"External\""
            )
        );
    }

    /// Word refuses properties out of the schema's order (ECMA-376 `CT_PPrBase`, `CT_RPr`).
    #[test]
    fn properties_follow_the_schema_order() {
        const PPR: &[&str] = &[
            "pStyle",
            "keepNext",
            "keepLines",
            "tabs",
            "spacing",
            "ind",
            "jc",
            "outlineLvl",
        ];
        const RPR: &[&str] = &[
            "rStyle",
            "rFonts",
            "b",
            "i",
            "caps",
            "color",
            "sz",
            "u",
            "vertAlign",
            "lang",
        ];
        let s = styles();
        for (open, order) in [("<w:pPr>", PPR), ("<w:rPr>", RPR)] {
            let close = open.replace('<', "</");
            for block in s.split(open).skip(1) {
                let block = block.split(close.as_str()).next().unwrap();
                let names: Vec<&str> = block
                    .split("<w:")
                    .skip(1)
                    .map(|t| t.split([' ', '/', '>']).next().unwrap())
                    .filter(|n| order.contains(n))
                    .collect();
                let rank: Vec<usize> = names
                    .iter()
                    .map(|n| order.iter().position(|o| o == n).unwrap())
                    .collect();
                assert!(rank.windows(2).all(|w| w[0] < w[1]), "{open} {block}");
            }
        }
    }

    #[test]
    fn the_styles_are_one_xml_part_with_every_flow_style() {
        let s = styles();
        for style in [
            Style::Normal,
            Style::Title,
            Style::Kind,
            Style::Heading(1),
            Style::Heading(6),
            Style::List(6),
            Style::Quote,
            Style::Code,
            Style::Draft,
            Style::Logos,
            Style::Label,
            Style::Centered,
            Style::Cover,
            Style::Signatories,
        ] {
            assert!(
                s.contains(&format!("w:styleId=\"{}\"", style.id())),
                "{style:?}"
            );
        }
    }
}
