//! The Markdown renderer: tera 1.20 templates fed with the [`DocView`](crate::view::DocView).
//!
//! Built-in templates are compiled into the binary; a user folder with the same file names
//! overrides them (zola's order: parse the user folder, `extend` with the built-ins, then
//! `build_inheritance_chains`). User text only ever enters tera as data (the context), so it
//! is never evaluated as template code; plain fields go through the `md_escape` filter.

use std::collections::HashMap;
use std::path::Path;

use tera::{Context, Tera, Value};

use crate::markup;
use crate::view::DocView;

/// Name of the main Markdown template.
pub const MAIN: &str = "convention.md.tera";

/// Built-in templates: (file name, text).
pub const BUILTINS: &[(&str, &str)] = &[
    (MAIN, include_str!("../../templates/convention.md.tera")),
    (
        "objective.md.tera",
        include_str!("../../templates/objective.md.tera"),
    ),
    (
        "annex.md.tera",
        include_str!("../../templates/annex.md.tera"),
    ),
];

fn md_escape_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    match value {
        Value::String(s) => Ok(Value::String(markup::escape(s))),
        Value::Null => Ok(Value::String(String::new())),
        other => Ok(Value::String(markup::escape(&other.to_string()))),
    }
}

/// Error while loading or rendering templates.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TemplateError(pub String);

/// Full message of a tera error with its causes (tera hides the useful part in `source`).
fn describe(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(c) = cur {
        msg.push_str(&format!(" : {c}"));
        cur = c.source();
    }
    msg
}

/// The template set: the user's folder (if any) over the built-ins.
pub fn templates(user_dir: Option<&Path>) -> Result<Tera, TemplateError> {
    let mut builtins = Tera::default();
    builtins
        .add_raw_templates(BUILTINS.iter().copied())
        .map_err(|e| TemplateError(format!("modèles intégrés : {}", describe(&e))))?;
    let mut tera = match user_dir {
        Some(dir) if has_md_templates(dir) => {
            let glob = format!("{}/*.md.tera", dir.display());
            let mut t = Tera::parse(&glob).map_err(|e| {
                TemplateError(format!("modèles de {} : {}", dir.display(), describe(&e)))
            })?;
            t.extend(&builtins)
                .map_err(|e| TemplateError(describe(&e)))?;
            t.build_inheritance_chains().map_err(|e| {
                TemplateError(format!("modèles de {} : {}", dir.display(), describe(&e)))
            })?;
            t
        }
        _ => builtins,
    };
    tera.autoescape_on(vec![]);
    tera.register_filter("md_escape", md_escape_filter);
    Ok(tera)
}

fn has_md_templates(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().ends_with(".md.tera"))
    })
}

/// Renders the Markdown document of one convention.
pub fn render(tera: &Tera, view: &DocView) -> Result<String, TemplateError> {
    let context = Context::from_serialize(view).map_err(|e| TemplateError(describe(&e)))?;
    let text = tera
        .render(MAIN, &context)
        .map_err(|e| TemplateError(format!("{MAIN} : {}", describe(&e))))?;
    // Collapse the blank lines left by template tags, end with one newline.
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    Ok(format!("{}\n", out.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse() {
        templates(None).unwrap();
    }
}
