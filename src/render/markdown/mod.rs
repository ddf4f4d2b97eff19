//! The Markdown backend: a tera 1.20 template fed with the [`DocView`](crate::view::DocView)
//! and with its parts already written as Markdown ([`tree`]), so that a template only places
//! them (and may add its own text around).
//!
//! User text only ever enters tera as data (the context), so it is never evaluated as template
//! code; plain fields go through the `md_escape` filter. Templates get no access to the
//! environment (`get_env` is removed).

mod tree;

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use tera::{Context, Tera, Value};

#[cfg(test)]
use super::templates::MARKDOWN_MAIN;
use super::templates::{BUILTIN_MARKDOWN, TemplateError};
use super::{Backend, RenderError, Settings, Stage};
use crate::markup;
use crate::view::DocView;

/// Writes `<id>.md`.
pub struct Markdown;

impl Backend for Markdown {
    fn render(
        &self,
        view: &DocView,
        settings: &Settings<'_>,
        stage: &mut Stage,
    ) -> Result<(), RenderError> {
        let text = super::sandbox::render(settings.templates, view)?;
        stage.write(&format!("{}.md", view.id), text.as_bytes())?;
        super::publish_attachments(view, stage)
    }
}

fn md_escape_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    match value {
        Value::String(s) => Ok(Value::String(markup::escape(s))),
        Value::Null => Ok(Value::String(String::new())),
        other => Ok(Value::String(markup::escape(&other.to_string()))),
    }
}

/// Full message of a tera error with its causes (tera hides the useful part in `source`).
pub(super) fn describe(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(c) = cur {
        msg.push_str(&format!(" : {c}"));
        cur = c.source();
    }
    msg
}

/// The built-in templates, parsed once per process.
fn builtins() -> Result<&'static Tera, TemplateError> {
    static BUILTINS: OnceLock<Result<Tera, String>> = OnceLock::new();
    BUILTINS
        .get_or_init(|| {
            let mut t = Tera::default();
            t.add_raw_templates(BUILTIN_MARKDOWN.iter().copied())
                .map_err(|e| format!("modèles intégrés : {}", describe(&e)))?;
            Ok(t)
        })
        .as_ref()
        .map_err(|e| TemplateError(e.clone()))
}

/// The template set: the overrides read from `dir` (if any) over the built-ins.
pub fn templates(
    dir: Option<&Path>,
    overrides: &[(String, String)],
) -> Result<Tera, TemplateError> {
    let builtins = builtins()?;
    let markdown: Vec<(&str, &str)> = overrides
        .iter()
        .filter(|(name, _)| name.ends_with(super::templates::MARKDOWN_SUFFIX))
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let mut tera = if markdown.is_empty() {
        builtins.clone()
    } else {
        let shown = dir.map(|d| d.display().to_string()).unwrap_or_default();
        let mut t = Tera::default();
        // Parsed without building inheritance yet: a user template may extend a built-in.
        for (name, text) in &markdown {
            let template = tera::Template::new(name, None, text)
                .map_err(|e| TemplateError(format!("modèles de {shown} : {}", describe(&e))))?;
            t.templates.insert(name.to_string(), template);
        }
        t.extend(builtins)
            .map_err(|e| TemplateError(describe(&e)))?;
        t.build_inheritance_chains()
            .map_err(|e| TemplateError(format!("modèles de {shown} : {}", describe(&e))))?;
        t
    };
    tera.autoescape_on(vec![]);
    tera.functions.remove("get_env");
    super::sandbox::secure(&mut tera)?;
    tera.register_filter("md_escape", md_escape_filter);
    Ok(tera)
}

/// The parts of the document written as Markdown, given to the template as `md`.
#[derive(serde::Serialize)]
struct Parts {
    kind_label: String,
    title: String,
    short_title: String,
    cover_lines: Vec<String>,
    signatories: Vec<String>,
    front: Vec<String>,
    body: Vec<String>,
    signature: String,
    annex_list: Vec<String>,
    annexes: Vec<String>,
}

fn parts(view: &DocView) -> Parts {
    Parts {
        kind_label: tree::inlines(&view.kind_label),
        title: tree::inlines(&view.title),
        short_title: tree::inlines(&view.short_title),
        cover_lines: view.cover_lines.iter().map(|l| tree::inlines(l)).collect(),
        signatories: view.signatories.iter().map(|l| tree::inlines(l)).collect(),
        front: view.front.iter().map(tree::front).collect(),
        body: view.body.iter().map(tree::section).collect(),
        signature: if view.signing {
            tree::signature(&view.signature)
        } else {
            String::new()
        },
        annex_list: view.annex_list.iter().map(|l| tree::inlines(l)).collect(),
        annexes: view.annexes.iter().map(tree::annex).collect(),
    }
}

/// What a template is given: the view's fields, and its parts already written as Markdown
/// under `md`.
pub fn context(view: &DocView) -> Result<Context, TemplateError> {
    let mut context = Context::from_serialize(view).map_err(|e| TemplateError(describe(&e)))?;
    context.insert("md", &parts(view));
    Ok(context)
}

/// Renders the Markdown document of one convention (in this process: see
/// [`super::sandbox::render`] for the repository's templates).
pub fn render(tera: &Tera, view: &DocView) -> Result<String, TemplateError> {
    super::sandbox::render_here(tera, &context(view)?)
}

/// Collapses the blank lines left by template tags and ends with one newline.
pub(super) fn tidy(text: &str) -> String {
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
    format!("{}\n", out.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse() {
        templates(None, &[]).unwrap();
    }

    #[test]
    fn templates_cannot_read_the_environment() {
        let overrides = vec![(
            MARKDOWN_MAIN.to_string(),
            "{{ get_env(name=\"HOME\") }}".to_string(),
        )];
        let tera = templates(None, &overrides).unwrap();
        let err = tera.render(MARKDOWN_MAIN, &Context::new()).unwrap_err();
        assert!(describe(&err).contains("get_env"), "{}", describe(&err));
    }
}
