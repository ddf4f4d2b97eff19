//! Objectives (each a sub-section: signatories concerned, description, priorities,
//! commitments, indicators), and the other pieces a section may include: the axes « sans
//! objet », the coordination plan, the steering committee, the tables of indicators.

use super::body::{label, paragraph, strong};
use super::{Item, Names, SectionView, Text, md, text};
use crate::french::{self, grammar, wording};
use crate::markup::{self, Block, Inline, Row, Table};
use crate::model::{Axis, Convention, Indicator, Objective};

/// An objective as a sub-section at `level`, numbered `number` (« Objectif 2 », or empty).
pub fn section(
    o: &Objective,
    level: u8,
    number: &str,
    separator: &str,
    names: &Names<'_>,
) -> SectionView {
    let title = o.title.value.trim();
    let heading = if number.is_empty() {
        title.to_string()
    } else {
        format!("{number}{separator}{title}")
    };
    let mut blocks: Vec<Block> = Vec::new();
    if let Some(concerned) = concerned(o, names) {
        let mut c = vec![markup::em(text(wording::CONCERNED))];
        c.push(Inline::Text { v: " ".into() });
        c.extend(text(&concerned));
        blocks.push(Block::P { c });
    }
    if let Some(d) = &o.description {
        blocks.extend(md(d));
    }
    if !o.actions.is_empty() {
        blocks.push(label(wording::PRIORITIES));
        blocks.push(Block::List {
            start: None,
            items: o.actions.iter().map(|a| vec![paragraph(a)]).collect(),
        });
    }
    if !o.commitments.is_empty() {
        blocks.push(label(wording::COMMITMENTS));
        for c in &o.commitments {
            blocks.extend(commitment(&names.full(&c.signatory), &c.text));
        }
    }
    if !o.indicators.is_empty() {
        blocks.push(label(wording::INDICATORS));
        blocks.push(indicator_table(o.indicators.iter(), None));
    }
    SectionView {
        anchor: format!("objective:{}", o.id.value),
        level,
        number: text(number),
        heading: text(&heading),
        number_plain: french::typo(number),
        title_plain: french::typo(title),
        clauses: Vec::new(),
        content: blocks.into_iter().map(|b| Item::Block { b }).collect(),
        includes: Vec::new(),
        source: None,
    }
}

/// « Tous les signataires », or the names of the signatories listed (none: nothing to say).
fn concerned(o: &Objective, names: &Names<'_>) -> Option<String> {
    if o.signatories.iter().any(|s| s.value == "*") {
        return Some(wording::ALL_SIGNATORIES.to_string());
    }
    let list: Vec<String> = o
        .signatories
        .iter()
        .map(|s| names.with_article(s))
        .collect();
    (!list.is_empty()).then(|| grammar::upper_first(&french::join_and(&list)))
}

/// « **La Région** : … » then the rest of the commitment.
fn commitment(who: &str, text_md: &str) -> Vec<Block> {
    let mut blocks = md(text_md);
    let mut lead = vec![
        strong(who),
        Inline::Text {
            v: "\u{a0}: ".into(),
        },
    ];
    match blocks.first_mut() {
        Some(Block::P { c }) => {
            lead.append(c);
            *c = lead;
        }
        _ => blocks.insert(0, Block::P { c: lead }),
    }
    blocks
}

/// « Sans objet pour les signataires suivants : » and the list, for one axis.
pub fn not_applicable(conv: &Convention, axis: Axis, names: &Names<'_>) -> Vec<Block> {
    let items: Vec<Vec<Block>> = conv
        .not_applicable
        .iter()
        .filter(|n| n.axis.value == axis)
        .map(|n| {
            let mut c = text(&grammar::upper_first(&names.with_article(&n.signatory)));
            c.extend(text(&format!(" : {}", n.reason.value.trim())));
            vec![Block::P { c }]
        })
        .collect();
    if items.is_empty() {
        return Vec::new();
    }
    vec![
        paragraph(wording::NOT_APPLICABLE),
        Block::List { start: None, items },
    ]
}

/// The coordination plan: its text and its tools.
pub fn coordination_plan(conv: &Convention, names: &Names<'_>) -> Vec<Block> {
    let Some(plan) = &conv.coordination_plan else {
        return Vec::new();
    };
    let mut blocks = plan.text.as_ref().map(|t| md(t)).unwrap_or_default();
    if plan.tools.is_empty() {
        return blocks;
    }
    let rows = plan
        .tools
        .iter()
        .map(|t| Row {
            cells: vec![
                text(&t.name),
                text(&french::join_and(
                    &t.operators
                        .iter()
                        .map(|o| names.full(o))
                        .collect::<Vec<_>>(),
                )),
                t.area.as_ref().map(|a| text(a)).unwrap_or_default(),
            ],
            total: false,
        })
        .collect();
    blocks.push(Block::Table(Table {
        head: vec![
            text(wording::columns::TOOL),
            text(wording::columns::OPERATORS),
            text(wording::columns::AREA),
        ],
        rows,
        align: vec!["left", "left", "left"],
        widths: vec![2.4, 2.4, 1.8],
    }));
    blocks
}

/// « Le pilotage est assuré par le Comité de pilotage, qui se réunit deux fois par an. Il
/// réunit : » and its members.
pub fn steering(conv: &Convention, names: &Names<'_>) -> Vec<Block> {
    let Some(s) = conv.governance.as_ref().and_then(|g| g.steering.as_ref()) else {
        return Vec::new();
    };
    let rhythm = s
        .rhythm
        .as_ref()
        .map(|r| r.value.trim().to_string())
        .or_else(|| {
            s.frequency
                .as_ref()
                .map(|f| wording::rhythm(f.value).to_string())
        });
    let mut blocks = vec![paragraph(&wording::steering(&s.body, rhythm.as_deref()))];
    let members: Vec<String> = s
        .members
        .iter()
        .map(|m| grammar::upper_first(&names.with_article(m)))
        .chain(
            s.other_members
                .iter()
                .map(|m| grammar::upper_first(m.value.trim())),
        )
        .collect();
    if !members.is_empty() {
        blocks.push(label(wording::MEMBERS));
        blocks.push(Block::List {
            start: None,
            items: members.iter().map(|m| vec![paragraph(m)]).collect(),
        });
    }
    blocks
}

/// Every indicator of the convention (of its objectives and its own), grouped by their
/// `group` in order of appearance: a heading and a table per group.
pub fn indicator_tables(conv: &Convention) -> Vec<Block> {
    let all: Vec<&Indicator> = conv
        .objectives
        .iter()
        .flat_map(|o| o.indicators.iter())
        .chain(conv.indicators.iter())
        .collect();
    let mut groups: Vec<(Option<&str>, Vec<&Indicator>)> = Vec::new();
    for i in all {
        let g = i.group.as_ref().map(|g| g.value.trim());
        match groups.iter_mut().find(|(k, _)| *k == g) {
            Some((_, list)) => list.push(i),
            None => groups.push((g, vec![i])),
        }
    }
    let mut blocks = Vec::new();
    for (group, list) in groups {
        if let Some(g) = group {
            blocks.push(Block::H {
                level: 1,
                c: text(g),
            });
        }
        blocks.push(indicator_table(list.into_iter(), None));
    }
    blocks
}

/// A table of indicators: label, unit, and the frequency, source and baseline columns that
/// have something in them.
pub fn indicator_table<'a>(list: impl Iterator<Item = &'a Indicator>, _year: Option<i64>) -> Block {
    let list: Vec<&Indicator> = list.collect();
    let frequency = list.iter().any(|i| i.frequency.is_some());
    let source = list.iter().any(|i| i.source.is_some());
    let baseline = list.iter().any(|i| i.baseline.is_some());
    let mut head = vec![
        text(wording::columns::INDICATOR),
        text(wording::columns::UNIT),
    ];
    let mut widths = vec![3.0, 1.0];
    if frequency {
        head.push(text(wording::columns::FREQUENCY));
        widths.push(1.0);
    }
    if source {
        head.push(text(wording::columns::SOURCE));
        widths.push(2.0);
    }
    if baseline {
        head.push(text(wording::columns::BASELINE));
        widths.push(1.2);
    }
    let rows = list
        .iter()
        .map(|i| {
            let mut cells: Vec<Text> = vec![text(&i.label), text(french::unit_label(i.unit.value))];
            if frequency {
                cells.push(
                    i.frequency
                        .as_ref()
                        .map(|f| text(f.as_str()))
                        .unwrap_or_default(),
                );
            }
            if source {
                cells.push(i.source.as_ref().map(|s| text(s)).unwrap_or_default());
            }
            if baseline {
                cells.push(i.baseline.as_ref().map_or_else(
                    || text("–"),
                    |b| {
                        text(&format!(
                            "{} ({})",
                            french::in_unit(*b.value, i.unit.value),
                            *b.year
                        ))
                    },
                ));
            }
            Row {
                cells,
                total: false,
            }
        })
        .collect();
    let align = vec!["left"; head.len()];
    Block::Table(Table {
        head,
        rows,
        align,
        widths,
    })
}
