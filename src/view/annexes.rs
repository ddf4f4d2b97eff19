//! The annexes, in the parties' order (`[[annexes]]`; by default the annual annexes in year
//! order): annual annexes of means and targets, the table of indicators, attached documents
//! and texts. A table appears only when there is something in it: no empty means table, no
//! « Total 0 € ». Means are grouped by objective, in document order, with a subtotal each.

use std::collections::{BTreeMap, HashMap};

use super::body::strong;
use super::objectives::indicator_tables;
use super::{AnnexView, Names, Text, md, text};
use crate::french::{self, wording};
use crate::markup::{Block, Row, Table};
use crate::model::{Annex, AnnexKind, AnnexSpec, Convention};

/// The annexes' headings, for the list of annexes (without reading any file).
pub fn headings(conv: &Convention) -> Vec<Text> {
    slots(conv)
        .into_iter()
        .enumerate()
        .map(|(i, slot)| {
            let (number, title) = slot.number_and_title(i + 1);
            text(&wording::annex_heading(&number, &title))
        })
        .collect()
}

/// One annex to come: a declared one, or an annual annex (its year) when nothing declares
/// where the annual annexes go.
enum Slot<'a> {
    Declared(&'a AnnexSpec),
    Year(i64),
}

impl Slot<'_> {
    fn number_and_title(&self, index: usize) -> (String, String) {
        let default_number = format!("{} {index}", wording::ANNEX);
        match self {
            Slot::Year(year) => (default_number, wording::annual_title(*year)),
            Slot::Declared(spec) => {
                let number = spec
                    .number
                    .as_ref()
                    .map_or(default_number, |n| n.value.trim().to_string());
                let title = spec.title.as_ref().map_or_else(
                    || match spec.kind.value {
                        AnnexKind::Indicators => wording::INDICATORS_ANNEX.to_string(),
                        _ => String::new(),
                    },
                    |t| t.value.trim().to_string(),
                );
                (number, title)
            }
        }
    }
}

/// The years of the annual annexes, from the files (whatever their decoding).
fn years(conv: &Convention, annexes: Option<&[&Annex]>) -> Vec<i64> {
    match annexes {
        Some(list) => list.iter().map(|a| a.header.year.value).collect(),
        None => conv.years().map(i64::from).collect(),
    }
}

fn slots(conv: &Convention) -> Vec<Slot<'_>> {
    slots_with(conv, &years(conv, None))
}

fn slots_with<'a>(conv: &'a Convention, years: &[i64]) -> Vec<Slot<'a>> {
    let mut out = Vec::new();
    let declares_annual = conv
        .annexes
        .iter()
        .any(|a| a.kind.value == AnnexKind::Annual);
    for spec in &conv.annexes {
        if spec.kind.value == AnnexKind::Annual {
            out.extend(years.iter().map(|&y| Slot::Year(y)));
        } else {
            out.push(Slot::Declared(spec));
        }
    }
    if !declares_annual {
        out.extend(years.iter().map(|&y| Slot::Year(y)));
    }
    out
}

pub fn build(
    conv: &Convention,
    annexes: &[&Annex],
    names: &Names<'_>,
    objective_refs: &HashMap<String, String>,
) -> Vec<AnnexView> {
    let years: Vec<i64> = annexes.iter().map(|a| a.header.year.value).collect();
    slots_with(conv, &years)
        .into_iter()
        .enumerate()
        .map(|(i, slot)| {
            let (number, title) = slot.number_and_title(i + 1);
            let heading = text(&wording::annex_heading(&number, &title));
            let (anchor, blocks) = match &slot {
                Slot::Year(year) => {
                    let annex = annexes.iter().find(|a| a.header.year.value == *year);
                    (
                        format!("annex:{year}"),
                        annex.map_or_else(Vec::new, |a| annual(conv, a, names, objective_refs)),
                    )
                }
                Slot::Declared(spec) => (format!("annex:{}", i + 1), declared(conv, spec)),
            };
            AnnexView {
                anchor,
                number,
                heading,
                blocks,
                pdf: None,
            }
        })
        .collect()
}

/// The content of a declared annex (attached documents are read by [`super::attach`]).
fn declared(conv: &Convention, spec: &AnnexSpec) -> Vec<Block> {
    match spec.kind.value {
        AnnexKind::Indicators => indicator_tables(conv),
        AnnexKind::Text => spec.text.as_ref().map(|t| md(t)).unwrap_or_default(),
        AnnexKind::Document | AnnexKind::Annual => Vec::new(),
    }
}

#[derive(Default, Clone, Copy)]
pub(super) struct Sum {
    etp: f64,
    budget: f64,
}

impl Sum {
    pub(super) fn add(&mut self, m: &crate::model::Means) {
        self.etp += m.etp.as_ref().map_or(0.0, |v| v.value);
        self.budget += m.budget_eur.as_ref().map_or(0.0, |v| v.value);
    }
}

/// Which figures the means of an annex give: only those columns are drawn.
#[derive(Clone, Copy)]
pub(super) struct Columns {
    pub etp: bool,
    pub budget: bool,
    pub details: bool,
}

impl Columns {
    pub(super) fn cells(&self, sum: Sum) -> Vec<Text> {
        let mut cells = Vec::new();
        if self.etp {
            cells.push(text(&french::etp(sum.etp)));
        }
        if self.budget {
            cells.push(text(&french::euros(sum.budget)));
        }
        cells
    }
}

fn annual(
    conv: &Convention,
    a: &Annex,
    names: &Names<'_>,
    objective_refs: &HashMap<String, String>,
) -> Vec<Block> {
    let mut blocks = Vec::new();
    if let Some(d) = &a.header.adopted {
        blocks.push(Block::P {
            c: vec![crate::markup::em(text(&wording::adopted(&d.french())))],
        });
    }
    blocks.extend(means(conv, a, names, objective_refs));
    blocks.extend(investments(a, names));
    blocks.extend(targets(conv, a));
    blocks
}

fn means(
    conv: &Convention,
    a: &Annex,
    names: &Names<'_>,
    objective_refs: &HashMap<String, String>,
) -> Vec<Block> {
    if a.means.is_empty() {
        return Vec::new();
    }
    let cols = Columns {
        etp: a.means.iter().any(|m| m.etp.is_some()),
        budget: a.means.iter().any(|m| m.budget_eur.is_some()),
        details: a.means.iter().any(|m| m.text.is_some()),
    };
    let order = Order::of(conv);
    let mut sorted: Vec<&crate::model::Means> = a.means.iter().collect();
    sorted.sort_by_key(|m| (order.objective(&m.objective), order.signatory(&m.signatory)));
    let (rows, by_signatory, total) = means_rows(&sorted, &order, cols, names, objective_refs);
    let (head, align, widths) = means_columns(cols);
    let mut blocks = vec![
        Block::H {
            level: 1,
            c: text(wording::MEANS),
        },
        Block::Table(Table {
            head,
            rows,
            align,
            widths,
        }),
    ];
    if (cols.etp || cols.budget) && by_signatory.len() > 1 {
        blocks.push(Block::Label {
            c: text(wording::TOTALS_BY_SIGNATORY),
        });
        blocks.push(totals_by_signatory(&by_signatory, total, cols, names));
    }
    blocks
}

/// Document order of objectives and signatories (an unknown id sorts last).
pub(super) struct Order<'a> {
    objectives: HashMap<&'a str, usize>,
    signatories: HashMap<&'a str, usize>,
}

impl<'a> Order<'a> {
    pub(super) fn of(conv: &'a Convention) -> Self {
        // Reversed, so that the first of two equal ids wins.
        fn index<'a>(
            ids: impl DoubleEndedIterator<Item = &'a str> + ExactSizeIterator,
        ) -> HashMap<&'a str, usize> {
            ids.enumerate().map(|(i, id)| (id, i)).rev().collect()
        }
        Order {
            objectives: index(conv.objectives.iter().map(|o| o.id.value.as_str())),
            signatories: index(conv.signatories.iter().map(|s| s.id.value.as_str())),
        }
    }

    pub(super) fn objective(&self, id: &str) -> usize {
        self.objectives.get(id).copied().unwrap_or(usize::MAX)
    }

    pub(super) fn signatory(&self, id: &str) -> usize {
        self.signatories.get(id).copied().unwrap_or(usize::MAX)
    }
}

pub(super) type BySignatory<'a> = BTreeMap<(usize, &'a str), Sum>;

/// The rows of the means table, grouped by objective (its number and title once, a subtotal
/// when it has several rows) and the total; with the sums per signatory and overall.
fn means_rows<'a>(
    sorted: &[&'a crate::model::Means],
    order: &Order<'_>,
    cols: Columns,
    names: &Names<'_>,
    objective_refs: &HashMap<String, String>,
) -> (Vec<Row>, BySignatory<'a>, Sum) {
    let mut rows = Vec::new();
    let mut total = Sum::default();
    let mut by_signatory: BySignatory<'a> = BTreeMap::new();
    for group in sorted.chunk_by(|x, y| x.objective.value == y.objective.value) {
        let objective = &group[0].objective.value;
        let title = objective_refs
            .get(objective)
            .cloned()
            .unwrap_or_else(|| objective.clone());
        let mut sub = Sum::default();
        for (k, m) in group.iter().enumerate() {
            sub.add(m);
            total.add(m);
            by_signatory
                .entry((order.signatory(&m.signatory), m.signatory.value.as_str()))
                .or_default()
                .add(m);
            let mut cells = vec![
                if k == 0 { text(&title) } else { Vec::new() },
                text(&names.full(&m.signatory)),
            ];
            cells.extend(means_cells(m, cols));
            rows.push(Row {
                cells,
                total: false,
            });
        }
        if group.len() > 1 && (cols.etp || cols.budget) {
            rows.push(total_row(&wording::subtotal(&short_ref(&title)), cols, sub));
        }
    }
    if cols.etp || cols.budget {
        rows.push(total_row(wording::TOTAL, cols, total));
    }
    (rows, by_signatory, total)
}

/// The cells of one means after its objective and signatory: ETP, budget and details, those
/// of the table's columns.
pub(super) fn means_cells(m: &crate::model::Means, cols: Columns) -> Vec<Text> {
    let mut cells = Vec::new();
    if cols.etp {
        cells.push(text(
            &m.etp.as_ref().map_or("–".into(), |v| french::etp(v.value)),
        ));
    }
    if cols.budget {
        cells.push(text(
            &m.budget_eur
                .as_ref()
                .map_or("–".into(), |v| french::euros(v.value)),
        ));
    }
    if cols.details {
        cells.push(m.text.as_ref().map(|t| text(t)).unwrap_or_default());
    }
    cells
}

/// Header, alignment and widths of the means table: only the columns that have figures.
fn means_columns(cols: Columns) -> (Vec<Text>, Vec<&'static str>, Vec<f32>) {
    let mut head = vec![
        text(wording::columns::OBJECTIVE),
        text(wording::columns::SIGNATORY),
    ];
    let mut align = vec!["left", "left"];
    let mut widths = vec![2.6, 2.0];
    for (on, label, width) in [
        (cols.etp, wording::columns::ETP, 0.9),
        (cols.budget, wording::columns::BUDGET, 1.3),
    ] {
        if on {
            head.push(text(label));
            align.push("right");
            widths.push(width);
        }
    }
    if cols.details {
        head.push(text(wording::columns::DETAILS));
        align.push("left");
        widths.push(2.4);
    }
    (head, align, widths)
}

/// « Totaux par signataire »: one row per signatory in document order, then the total.
pub(super) fn totals_by_signatory(
    by_signatory: &BySignatory<'_>,
    total: Sum,
    cols: Columns,
    names: &Names<'_>,
) -> Block {
    let mut rows: Vec<Row> = by_signatory
        .iter()
        .map(|((_, id), sum)| {
            let mut cells = vec![text(&names.full(id))];
            cells.extend(cols.cells(*sum));
            Row {
                cells,
                total: false,
            }
        })
        .collect();
    let mut cells = vec![vec![strong(wording::TOTAL)]];
    cells.extend(cols.cells(total));
    rows.push(Row { cells, total: true });
    let mut head = vec![text(wording::columns::SIGNATORY)];
    head.extend(cols.head());
    let n = head.len();
    Block::Table(Table {
        head,
        rows,
        align: std::iter::once("left")
            .chain(std::iter::repeat_n("right", n - 1))
            .collect(),
        widths: std::iter::once(4.0)
            .chain(std::iter::repeat_n(1.3, n - 1))
            .collect(),
    })
}

impl Columns {
    pub(super) fn head(&self) -> Vec<Text> {
        let mut head = Vec::new();
        if self.etp {
            head.push(text(wording::columns::ETP));
        }
        if self.budget {
            head.push(text(wording::columns::BUDGET));
        }
        head
    }
}

/// « II-1 – Objectif 2 » from « II-1 – Objectif 2 : Title ».
fn short_ref(reference: &str) -> String {
    reference
        .split_once(" : ")
        .map_or(reference, |(r, _)| r)
        .to_string()
}

fn total_row(label: &str, cols: Columns, sum: Sum) -> Row {
    let mut cells = vec![vec![strong(label)], Vec::new()];
    cells.extend(cols.cells(sum));
    if cols.details {
        cells.push(Vec::new());
    }
    Row { cells, total: true }
}

fn investments(a: &Annex, names: &Names<'_>) -> Vec<Block> {
    if a.investments.is_empty() {
        return Vec::new();
    }
    let mut rows: Vec<Row> = a
        .investments
        .iter()
        .map(|i| Row {
            cells: vec![
                text(&names.full(&i.signatory)),
                text(&i.label),
                text(&french::euros(*i.amount_eur)),
            ],
            total: false,
        })
        .collect();
    let total: f64 = a.investments.iter().map(|i| *i.amount_eur).sum();
    rows.push(Row {
        cells: vec![
            vec![strong(wording::TOTAL)],
            Vec::new(),
            text(&french::euros(total)),
        ],
        total: true,
    });
    vec![
        Block::H {
            level: 1,
            c: text(wording::INVESTMENTS),
        },
        Block::Table(Table {
            head: vec![
                text(wording::columns::SIGNATORY),
                text(wording::columns::PROJECT),
                text(wording::columns::AMOUNT),
            ],
            rows,
            align: vec!["left", "left", "right"],
            widths: vec![2.0, 3.0, 1.2],
        }),
    ]
}

/// Targets and actuals of the year, for every indicator of the convention.
fn targets(conv: &Convention, a: &Annex) -> Vec<Block> {
    if a.targets.is_empty() {
        return Vec::new();
    }
    let by_id: HashMap<&str, &crate::model::Target> = a
        .targets
        .iter()
        .map(|t| (t.indicator.value.as_str(), t))
        .rev()
        .collect();
    let actuals = a.targets.iter().any(|t| t.actual.is_some());
    let rows = conv
        .objectives
        .iter()
        .flat_map(|o| o.indicators.iter())
        .chain(conv.indicators.iter())
        .map(|i| {
            let t = by_id.get(i.id.value.as_str());
            let unit = i.unit.value;
            let mut cells = vec![
                text(&i.label),
                i.baseline.as_ref().map_or_else(
                    || text("–"),
                    |b| {
                        text(&format!(
                            "{} ({})",
                            french::in_unit(*b.value, unit),
                            *b.year
                        ))
                    },
                ),
                text(
                    &t.and_then(|t| t.target.as_ref())
                        .map_or("–".into(), |v| french::in_unit(v.value, unit)),
                ),
            ];
            if actuals {
                let actual = t.and_then(|t| t.actual.as_ref()).map(|v| v.value);
                cells.push(text(
                    &actual.map_or("–".into(), |v| french::in_unit(v, unit)),
                ));
                let target = t.and_then(|t| t.target.as_ref()).map(|v| v.value);
                cells.push(text(&gap_cell(target, actual, unit)));
            }
            Row {
                cells,
                total: false,
            }
        })
        .collect();
    let mut head = vec![
        text(wording::columns::INDICATOR),
        text(wording::columns::BASELINE),
        text(&wording::target_column(a.header.year.value)),
    ];
    let mut align = vec!["left", "right", "right"];
    let mut widths = vec![3.6, 1.3, 1.1];
    if actuals {
        head.push(text(wording::columns::ACTUAL));
        head.push(text(wording::columns::GAP));
        align.extend(["right", "right"]);
        widths.extend([1.1, 1.1]);
    }
    vec![
        Block::H {
            level: 1,
            c: text(wording::TARGETS),
        },
        Block::Table(Table {
            head,
            rows,
            align,
            widths,
        }),
    ]
}

/// The gap between the actual value and the target, in the unit (points for a percentage);
/// « – » unless both are given (or when the gap overflows).
pub(super) fn gap_cell(
    target: Option<f64>,
    actual: Option<f64>,
    unit: crate::model::Unit,
) -> String {
    match (target, actual) {
        (Some(t), Some(a)) => french::gaps::signed(a - t, unit),
        _ => "–".into(),
    }
}
