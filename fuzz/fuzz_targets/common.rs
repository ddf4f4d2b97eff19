//! Shared by the fuzz targets: the invariants every check must keep, whatever the input.
#![allow(dead_code)] // each target uses its own subset

use convgen::check::Report;
use convgen::render::{Templates, markdown};
use convgen::{check, check_texts, load, report, view};

/// The base convention and annexes of the tests (`tests/fixtures/base/crpc-minimal`).
pub const BASE: &str = include_str!("../../tests/fixtures/base/crpc-minimal/convention.toml");
pub const BASE_ANNEX: &str =
    include_str!("../../tests/fixtures/base/crpc-minimal/annexes/2025.toml");

/// Bytes as the loader sees them: a leading BOM is dropped, invalid UTF-8 replaced.
pub fn text(data: &[u8]) -> String {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    String::from_utf8_lossy(data).into_owned()
}

/// Checks the texts, asserts the invariants of every finding, formats every report, and
/// renders the Markdown of a convention that decoded.
pub fn check_and_render(convention: &str, annexes: &[(&str, &str)]) {
    let report: Report = check_texts(convention, annexes);
    let texts: Vec<&str> = std::iter::once(convention)
        .chain(annexes.iter().map(|(_, t)| *t))
        .collect();
    for d in &report.diagnostics {
        assert!(
            check::find(d.code()).is_some(),
            "unknown rule code {}",
            d.code()
        );
        assert!(!d.message.is_empty(), "empty message ({})", d.code());
        let file = d.file.expect("every finding of a text names its file");
        let text = texts[file];
        if let Some(span) = d.span {
            assert!(
                span.start <= span.end && span.end <= text.len(),
                "span {span:?} outside file {file} of {} bytes ({}: {})",
                text.len(),
                d.code(),
                d.message
            );
        }
    }
    // Every output format computes lines and columns from the spans.
    let ws = load::from_texts(convention, annexes);
    let _ = report::short(&ws.sources, &report);
    let _ = report::json(&ws.sources, &report);
    let _ = report::sarif(&ws.sources, &report);
    let _ = report::github(&ws.sources, &report);
    let _ = report::gitlab(&ws.sources, &report);
    // The view and the Markdown of whatever decoded (as `render --allow-errors` would).
    for unit in &ws.units {
        if let Some(doc) = convgen::render::view_of(&ws, unit) {
            let tera = templates();
            markdown::render(tera, &doc).expect("built-in templates render any view");
            let _ = view::fingerprint(&ws, unit);
        }
    }
}

/// The built-in templates, loaded once (`Templates::load(dir, with_markdown)`).
pub fn templates() -> &'static tera::Tera {
    static TEMPLATES: std::sync::OnceLock<Templates> = std::sync::OnceLock::new();
    TEMPLATES
        .get_or_init(|| Templates::load(None, true).expect("built-in templates load"))
        .markdown
        .as_ref()
        .expect("Markdown templates were asked for")
}

/// `text` as a TOML basic string, quotes included.
pub fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
