//! How the document names the entries of a change: objectives by their number and title,
//! indicators by their label (with their unit), signatories by their short name, sections and
//! articles by the number the rendered convention gives them ([`crate::view::numbers`]).

use std::collections::HashMap;

use crate::french::typo;
use crate::model::{Convention, Unit};

use super::Section;

/// The names of one side's convention.
#[derive(Default)]
pub(crate) struct Side {
    objectives: HashMap<String, String>,
    signatories: HashMap<String, String>,
    indicators: HashMap<String, (String, Unit)>,
    sections: HashMap<usize, String>,
    articles: HashMap<usize, String>,
    /// Objective and signatory ids in document order (for the totals).
    pub(crate) order: HashMap<String, usize>,
}

/// The names of both sides (the new one first, the old one for what it no longer has).
#[derive(Default)]
pub(crate) struct Labels {
    pub(crate) old: Side,
    pub(crate) new: Side,
}

impl Side {
    /// The names in `conv` (none when absent).
    pub(crate) fn of(conv: Option<&Convention>) -> Side {
        let Some(c) = conv else {
            return Side::default();
        };
        let numbers = crate::view::numbers(c);
        let shown: HashMap<String, usize> = numbers
            .objective_order
            .iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), i))
            .collect();
        let mut side = Side {
            objectives: numbers.objectives,
            sections: numbers
                .sections
                .into_iter()
                .map(|(i, n)| (i, n.heading()))
                .collect(),
            articles: numbers
                .articles
                .into_iter()
                .map(|(i, n)| (i, n.heading()))
                .collect(),
            ..Side::default()
        };
        for (i, s) in c.signatories.iter().enumerate() {
            let name = s.short_name.as_ref().unwrap_or(&s.name);
            side.signatories
                .insert(s.id.value.clone(), typo(name.value.trim()));
            side.order.entry(s.id.value.clone()).or_insert(i);
        }
        for (i, o) in c.objectives.iter().enumerate() {
            // As the document shows them; those it does not show after, in their order.
            let rank = shown.get(&o.id.value).copied().unwrap_or(shown.len() + i);
            side.order.entry(o.id.value.clone()).or_insert(rank);
        }
        let all = c
            .objectives
            .iter()
            .flat_map(|o| &o.indicators)
            .chain(&c.indicators);
        for ind in all {
            let label = typo(ind.label.value.trim());
            side.indicators
                .entry(ind.id.value.clone())
                .or_insert((label, ind.unit.value));
        }
        side
    }
}

impl Labels {
    /// The labels read from one convention (annexes compared with the convention they belong
    /// to).
    pub(crate) fn one(conv: Option<&Convention>) -> Labels {
        Labels {
            old: Side::default(),
            new: Side::of(conv),
        }
    }

    fn find<T>(&self, f: impl Fn(&Side) -> Option<T>) -> Option<T> {
        f(&self.new).or_else(|| f(&self.old))
    }

    fn objective(&self, id: &str) -> Option<String> {
        self.find(|s| s.objectives.get(id).cloned())
    }

    fn signatory(&self, id: &str) -> Option<String> {
        self.find(|s| s.signatories.get(id).cloned())
    }

    /// The unit of an indicator.
    pub(crate) fn unit(&self, indicator: &str) -> Option<Unit> {
        self.find(|s| s.indicators.get(indicator).map(|x| x.1))
    }

    /// Position of an objective or signatory in the convention (new side first).
    pub(crate) fn order(&self, id: &str) -> Option<usize> {
        self.find(|s| s.order.get(id).copied())
    }

    /// The name of an objective or signatory for the totals tables.
    pub(crate) fn total_name(&self, id: &str) -> Option<String> {
        self.objective(id).or_else(|| self.signatory(id))
    }

    /// The entry named as the document names it, when the convention knows it: `parts` are the
    /// key values, `index` its position on the old and new side.
    pub(crate) fn name(
        &self,
        section: Section,
        parts: &[&str],
        index: [Option<usize>; 2],
    ) -> Option<String> {
        let p = |i: usize| parts.get(i).copied().unwrap_or("");
        let or_id = |n: Option<String>, id: &str| n.unwrap_or_else(|| id.to_string());
        let pair = |a: Option<String>, ida: &str, b: Option<String>, idb: &str| {
            (a.is_some() || b.is_some()).then(|| format!("{} · {}", or_id(a, ida), or_id(b, idb)))
        };
        match section {
            Section::Means | Section::Commitments => {
                pair(self.objective(p(0)), p(0), self.signatory(p(1)), p(1))
            }
            Section::Investments => {
                let sig = self.signatory(p(0))?;
                Some(format!("{sig} · {}", p(1)))
            }
            Section::Targets | Section::Indicators => {
                self.find(|s| s.indicators.get(p(0)).map(|x| x.0.clone()))
            }
            Section::Objectives => self.objective(p(0)),
            Section::Signatories => self.signatory(p(0)),
            Section::Sections => self.numbered(index, |s| &s.sections),
            Section::Articles => self.numbered(index, |s| &s.articles),
            _ => None,
        }
    }

    /// A section or article by its position: as the new convention numbers it, else as the
    /// old one did.
    fn numbered(
        &self,
        [old, new]: [Option<usize>; 2],
        map: impl Fn(&Side) -> &HashMap<usize, String>,
    ) -> Option<String> {
        new.and_then(|i| map(&self.new).get(&i).cloned())
            .or_else(|| old.and_then(|i| map(&self.old).get(&i).cloned()))
    }
}
