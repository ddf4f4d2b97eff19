//! How the rendered document numbers what the data holds: each `[[sections]]` and
//! `[[articles]]` entry's number and title as printed, and each objective's reference, for the
//! stages that quote the document (the diff's labels, the avenant's articles).

use std::collections::HashMap;

use super::layout::Source;
use super::{Item, Names, SectionView, body};
use crate::model::Convention;

/// A section as the rendered document shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Numbered {
    /// « Article 4 », « II-1 », or empty for an unnumbered section.
    pub number: String,
    /// The title, typeset.
    pub title: String,
    /// The anchor of the section in the view.
    pub anchor: String,
    /// The number of the nearest numbered section that holds it (empty at the top).
    pub parent: String,
}

impl Numbered {
    /// « Article 4 – Objet », or the title alone when unnumbered.
    pub fn heading(&self) -> String {
        if self.number.is_empty() {
            self.title.clone()
        } else {
            format!("{} – {}", self.number, self.title)
        }
    }
}

/// The numbering of one convention's body.
#[derive(Clone, Debug, Default)]
pub struct Numbers {
    /// `[[sections]]` entry n (0-based) → as printed.
    pub sections: HashMap<usize, Numbered>,
    /// `[[articles]]` entry n (0-based) → as printed.
    pub articles: HashMap<usize, Numbered>,
    /// Objective id → « II-1 – Objectif 2 – Mobiliser… ».
    pub objectives: HashMap<String, String>,
    /// Objective ids in the order the document shows them.
    pub objective_order: Vec<String>,
}

/// Builds the body the renderers print and reads its numbers.
pub fn numbers(conv: &Convention) -> Numbers {
    let names = Names::new(conv);
    let b = body::build(conv, &names);
    let mut out = Numbers {
        objectives: b.objective_refs,
        ..Numbers::default()
    };
    let mut stack: Vec<(&SectionView, String)> = b
        .sections
        .iter()
        .rev()
        .map(|s| (s, String::new()))
        .collect();
    while let Some((s, parent)) = stack.pop() {
        let entry = Numbered {
            number: s.number_plain.clone(),
            title: s.title_plain.clone(),
            anchor: s.anchor.clone(),
            parent: parent.clone(),
        };
        match s.source {
            Some(Source::Section(i)) => {
                out.sections.insert(i, entry);
            }
            Some(Source::Article(i)) => {
                out.articles.insert(i, entry);
            }
            None => {}
        }
        if let Some(id) = s.anchor.strip_prefix("objective:") {
            out.objective_order.push(id.to_string());
        }
        let inner = if s.number_plain.is_empty() {
            parent
        } else {
            s.number_plain.clone()
        };
        for item in s.content.iter().rev() {
            if let Item::Section { s } = item {
                stack.push((s, inner.clone()));
            }
        }
    }
    out
}
