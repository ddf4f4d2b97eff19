//! Fuzzes render's view and Markdown conversion: arbitrary bytes as the text of every
//! Markdown field of the base convention (preamble, an objective's description, an article)
//! and as a means' text in the annex. Whatever decodes is checked (the rules `render-limit`
//! and `unsafe-markup` walk the Markdown), turned into the view (Markdown → tree, French
//! typography), serialized as the JSON typst reads, and rendered with the built-in Markdown
//! templates, as `render --allow-errors` would.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = common::text(data);
    let field = common::toml_string(&text);
    let convention = format!(
        "{}\n[preamble]\ntext = {field}\n\n[[articles]]\ntitle = \"Article\"\ntext = {field}\n",
        common::BASE.replacen(
            "title = \"Mobiliser les outils de façon coordonnée\"",
            &format!("title = \"Mobiliser les outils de façon coordonnée\"\ndescription = {field}"),
            1,
        )
    );
    let annex = common::BASE_ANNEX.replacen(
        "text = \"Appui du service statistique\"",
        &format!("text = {field}"),
        1,
    );
    common::check_and_render(&convention, &[("2025.toml", &annex)]);
    let ws = convgen::load::from_texts(&convention, &[("2025.toml", &annex)]);
    for unit in &ws.units {
        if let Some(view) = convgen::render::view_of(&ws, unit) {
            serde_json::to_string(&view).expect("the view serializes");
        }
    }
});
