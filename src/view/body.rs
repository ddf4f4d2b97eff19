//! The body: the layout's sections nested by level, numbered, with their text and what they
//! include (objectives, coordination plan, steering, evaluation, calendar, indicators, the
//! list of annexes).

use std::collections::HashMap;

use super::layout::{self, Layout, Numbering, Spec};
use super::{Item, Names, SectionView, Text, md, objectives, text};
use crate::french::{numbers, wording};
use crate::markup::{self, Block, Inline, Row, Table};
use crate::model::{Convention, Include, NumberStyle, ObjectiveScope};

/// The built body, and how each objective is referred to elsewhere (« II-1 – Objectif 2 »).
pub struct Body {
    pub sections: Vec<SectionView>,
    pub objective_refs: HashMap<String, String>,
}

pub fn build(conv: &Convention, names: &Names<'_>) -> Body {
    let layout = layout::layout(conv);
    let mut b = Builder {
        conv,
        names,
        layout: &layout,
        counters: [0; 7],
        numbers: Default::default(),
        objective_counter: 0,
        objective_refs: HashMap::new(),
    };
    let mut roots: Vec<SectionView> = Vec::new();
    // Open sections, deepest last.
    let mut open: Vec<SectionView> = Vec::new();
    for spec in &layout.specs {
        let level = spec.level.clamp(1, 6);
        while open.last().is_some_and(|s| s.level >= level) {
            close(&mut open, &mut roots);
        }
        let section = b.section(spec, level);
        open.push(section);
    }
    while !open.is_empty() {
        close(&mut open, &mut roots);
    }
    Body {
        sections: roots,
        objective_refs: b.objective_refs,
    }
}

/// Closes the deepest open section into its parent (or the roots).
fn close(open: &mut Vec<SectionView>, roots: &mut Vec<SectionView>) {
    let section = open.pop().expect("an open section");
    match open.last_mut() {
        Some(parent) => parent.content.push(Item::Section { s: section }),
        None => roots.push(section),
    }
}

struct Builder<'a> {
    conv: &'a Convention,
    names: &'a Names<'a>,
    layout: &'a Layout<'a>,
    /// Count of numbered sections per level (index 1 to 6).
    counters: [usize; 7],
    /// The plain number of the last section of each level (for `parent` numbering).
    numbers: [String; 7],
    objective_counter: usize,
    objective_refs: HashMap<String, String>,
}

impl Builder<'_> {
    fn section(&mut self, spec: &Spec<'_>, level: u8) -> SectionView {
        let l = usize::from(level);
        let numbering = self.layout.level(level).clone();
        let (number_plain, number) = match (spec.number, spec.numbered) {
            (Some(n), _) => (n.to_string(), n.to_string()),
            (None, false) => (String::new(), String::new()),
            (None, true) => {
                self.counters[l] += 1;
                self.counters[l + 1..].iter_mut().for_each(|c| *c = 0);
                let core = self.core(&numbering, l, self.counters[l]);
                (core.clone(), dress(&numbering, &core, self.counters[l]))
            }
        };
        self.numbers[l] = number_plain.clone();
        self.numbers[l + 1..].iter_mut().for_each(String::clear);
        let title = spec.title.trim();
        let heading = if number.is_empty() {
            title.to_string()
        } else if title.is_empty() {
            number.clone()
        } else {
            format!("{number}{}{title}", numbering.separator)
        };
        if self.layout.objectives.scope == ObjectiveScope::Section {
            self.objective_counter = 0;
        }
        let mut content: Vec<Item> = spec
            .text
            .map(md)
            .unwrap_or_default()
            .into_iter()
            .map(|b| Item::Block { b })
            .collect();
        let number_text = if number.is_empty() {
            String::new()
        } else {
            number.clone()
        };
        for include in &spec.includes {
            self.include(include, level, &number_text, &mut content);
        }
        SectionView {
            anchor: spec.anchor.clone(),
            level,
            number: text(&number),
            heading: text(&heading),
            number_plain: crate::french::typo(&number),
            title_plain: crate::french::typo(title),
            clauses: spec.clauses.iter().map(|c| c.as_str()).collect(),
            content,
            includes: spec.includes.clone(),
            source: spec.source,
        }
    }

    /// The number without label: « 2 », « II », « 2-1 ».
    fn core(&self, n: &Numbering, level: usize, count: usize) -> String {
        let own = match n.style {
            NumberStyle::Arabic | NumberStyle::Parent => count.to_string(),
            NumberStyle::Roman => numbers::roman(count),
            NumberStyle::Letter => letter(count),
            NumberStyle::None => return String::new(),
        };
        if n.style == NumberStyle::Parent {
            let parent = self.numbers[..level]
                .iter()
                .rev()
                .find(|p| !p.is_empty())
                .cloned()
                .unwrap_or_default();
            if !parent.is_empty() {
                return format!("{parent}{}{own}", n.joiner);
            }
        }
        own
    }

    fn include(&mut self, include: &Include, level: u8, number: &str, content: &mut Vec<Item>) {
        let blocks: Vec<Block> = match include {
            Include::Objectives(axis) => {
                let conv = self.conv;
                if let Some(axis) = axis {
                    content.extend(
                        objectives::not_applicable(conv, *axis, self.names)
                            .into_iter()
                            .map(|b| Item::Block { b }),
                    );
                }
                let chosen = conv
                    .objectives
                    .iter()
                    .filter(|o| axis.is_none_or(|a| o.axis.value == a));
                for o in chosen {
                    let s = self.objective(o, level, number);
                    content.push(Item::Section { s });
                }
                Vec::new()
            }
            Include::Objective(id) => {
                if let Some(o) = self.conv.objectives.iter().find(|o| o.id.value == *id) {
                    let s = self.objective(o, level, number);
                    content.push(Item::Section { s });
                }
                Vec::new()
            }
            Include::CoordinationPlan => objectives::coordination_plan(self.conv, self.names),
            Include::Steering => objectives::steering(self.conv, self.names),
            Include::Evaluation => self
                .conv
                .governance
                .as_ref()
                .and_then(|g| g.evaluation.as_ref())
                .map(|e| md(e))
                .unwrap_or_default(),
            Include::Calendar => calendar(self.conv),
            Include::Indicators => objectives::indicator_tables(self.conv),
            Include::Annexes => annex_list(self.conv),
        };
        content.extend(blocks.into_iter().map(|b| Item::Block { b }));
    }

    fn objective(
        &mut self,
        o: &crate::model::Objective,
        level: u8,
        section_number: &str,
    ) -> SectionView {
        let style = &self.layout.objectives;
        let number = match style.scope {
            ObjectiveScope::None => String::new(),
            _ => {
                self.objective_counter += 1;
                format!("{} {}", style.label, self.objective_counter)
            }
        };
        let reference = match (style.scope, section_number.is_empty()) {
            (ObjectiveScope::Section, false) if !number.is_empty() => {
                format!("{section_number} – {number}")
            }
            _ => number.clone(),
        };
        let reference = if reference.is_empty() {
            o.title.value.trim().to_string()
        } else {
            format!("{reference}{}{}", style.separator, o.title.value.trim())
        };
        self.objective_refs
            .insert(o.id.value.clone(), crate::french::typo(&reference));
        objectives::section(o, (level + 1).min(6), &number, &style.separator, self.names)
    }
}

/// « A », « B »… « Z », « AA »…
fn letter(n: usize) -> String {
    let mut n = n;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// The number as printed: label, number (« 1er » for the first when ordinal), suffix.
fn dress(n: &Numbering, core: &str, count: usize) -> String {
    if core.is_empty() {
        return n.label.clone();
    }
    let mut number = core.to_string();
    if n.ordinal && count == 1 && n.style != NumberStyle::Parent {
        let upper = !n.label.is_empty() && n.label.chars().all(|c| !c.is_lowercase());
        number.push_str(if upper { "ER" } else { "er" });
    }
    let with_label = if n.label.is_empty() {
        number
    } else {
        format!("{} {number}", n.label)
    };
    format!("{with_label}{}", n.suffix)
}

/// The dated milestones as a table.
fn calendar(conv: &Convention) -> Vec<Block> {
    let Some(g) = conv.governance.as_ref().filter(|g| !g.calendar.is_empty()) else {
        return Vec::new();
    };
    let rows = g
        .calendar
        .iter()
        .map(|m| Row {
            cells: vec![
                match (&m.date, &m.when) {
                    (_, Some(w)) => text(w),
                    (Some(d), None) => text(&d.french()),
                    (None, None) => Vec::new(),
                },
                text(&m.text),
            ],
            total: false,
        })
        .collect();
    vec![Block::Table(Table {
        head: vec![
            text(wording::columns::DATE),
            text(wording::columns::MILESTONE),
        ],
        rows,
        align: vec!["left", "left"],
        widths: vec![1.0, 3.0],
    })]
}

/// « Sont annexés à la présente convention : » and the annexes' headings.
fn annex_list(conv: &Convention) -> Vec<Block> {
    let headings = super::annexes::headings(conv);
    if headings.is_empty() {
        return Vec::new();
    }
    vec![
        Block::P {
            c: text(wording::ANNEXES_LIST),
        },
        Block::List {
            start: None,
            items: headings
                .into_iter()
                .map(|h| vec![Block::P { c: h }])
                .collect(),
        },
    ]
}

/// A paragraph of one text.
pub(crate) fn paragraph(s: &str) -> Block {
    Block::P { c: text(s) }
}

/// A label kept with what follows.
pub(crate) fn label(s: &str) -> Block {
    Block::Label { c: text(s) }
}

/// Plain strong inlines.
pub(crate) fn strong(s: &str) -> Inline {
    markup::strong(text(s))
}

#[allow(dead_code)]
pub(crate) fn join(parts: Vec<Text>, sep: &str) -> Text {
    let mut out = Vec::new();
    for (i, p) in parts.into_iter().enumerate() {
        if i > 0 {
            out.extend(text(sep));
        }
        out.extend(p);
    }
    out
}
