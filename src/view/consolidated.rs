//! The consolidated version of an amended convention: a line over the text naming the
//! avenants, and under each section an avenant changed (`amends` of `avenants/<n>.toml`),
//! « [Modifié par l'avenant n° 1 du …] ». A convention without avenants is left as it is.

use super::layout::Source;
use super::{DocView, Front, Item, QuoteView, SectionView, text};
use crate::french::avenant as words;
use crate::markup::{self, Block};
use crate::model::{Avenant, Convention};

/// Notes the avenants in the view of their convention.
pub fn consolidate(view: &mut DocView, conv: &Convention, avenants: &[&Avenant]) {
    if avenants.is_empty() {
        return;
    }
    let all: Vec<(i64, Option<String>)> = avenants.iter().map(|a| dated(a)).collect();
    let line = text(&words::consolidated(&all));
    view.front.insert(
        0,
        Front::Quotations {
            quotes: vec![QuoteView {
                title: None,
                blocks: vec![Block::P {
                    c: vec![markup::em(line)],
                }],
            }],
        },
    );
    let mut stack: Vec<&mut SectionView> = view.body.iter_mut().collect();
    while let Some(s) = stack.pop() {
        let by: Vec<(i64, Option<String>)> = avenants
            .iter()
            .filter(|a| amends(a, conv, s.source))
            .map(|a| dated(a))
            .collect();
        if !by.is_empty() {
            let note = text(&words::amended_by(&by));
            s.content.push(Item::Block {
                b: Block::P {
                    c: vec![markup::em(note)],
                },
            });
        }
        for item in s.content.iter_mut() {
            if let Item::Section { s } = item {
                stack.push(s);
            }
        }
    }
}

/// The avenant's number and its date in French.
fn dated(a: &Avenant) -> (i64, Option<String>) {
    let h = &a.header;
    (h.number.value, h.date.as_ref().map(|d| d.value.french()))
}

/// Whether the avenant lists the section (by its `id`, else its title) among those it amends.
fn amends(a: &Avenant, conv: &Convention, source: Option<Source>) -> bool {
    let names: Vec<&str> = match source {
        Some(Source::Section(i)) => conv.sections.get(i).map_or_else(Vec::new, |s| {
            let mut v = vec![s.title.value.trim()];
            v.extend(s.id.as_ref().map(|id| id.value.as_str()));
            v
        }),
        Some(Source::Article(i)) => conv
            .articles
            .get(i)
            .map_or_else(Vec::new, |x| vec![x.title.value.trim()]),
        None => Vec::new(),
    };
    a.header
        .amends
        .iter()
        .any(|m| names.contains(&m.value.trim()))
}
