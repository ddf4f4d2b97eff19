//! The steering committee's yearly review of a convention (`convgen review`): a synthesis,
//! then for each objective its means of the year and its indicators against their targets
//! (« atteint », « en retard de … », the gap in the indicator's unit), the trajectory of every
//! indicator across the annual annexes, and the totals per signatory. It is a [`DocView`] like
//! the convention's, rendered by the same backends, without signatures nor annexes.

use std::collections::HashMap;

use super::annexes::{
    BySignatory, Columns, Order, Sum, gap_cell, means_cells, totals_by_signatory,
};
use super::body::strong;
use super::trajectory::{self, Years};
use super::{
    DocView, Furniture, Item, Names, RegimeView, SectionView, SignatureView, Text, date_view, text,
};
use crate::date::Date;
use crate::french::gaps::Standing;
use crate::french::{self, grammar, wording};
use crate::markup::{Block, Row, Table};
use crate::model::{Annex, Better, Convention, Indicator, Means, regime};

/// No annual annex for the year asked: the years there are.
#[derive(Debug)]
pub struct NoAnnex {
    pub years: Vec<i64>,
}

/// The review of `year` of one convention and its annual annexes.
pub fn build(
    conv: &Convention,
    annexes: &[&Annex],
    year: i64,
    fingerprint: String,
) -> Result<DocView, NoAnnex> {
    let mut sorted: Vec<&Annex> = annexes.to_vec();
    sorted.sort_by_key(|a| a.header.year.value);
    let Some(annex) = sorted.iter().copied().find(|a| a.header.year.value == year) else {
        let mut years: Vec<i64> = sorted.iter().map(|a| a.header.year.value).collect();
        years.dedup();
        return Err(NoAnnex { years });
    };
    let names = Names::new(conv);
    let refs = super::body::build(conv, &names).objective_refs;
    let years = Years::new(&sorted);
    let review = Review {
        conv,
        annex,
        year,
        names: &names,
        years: &years,
    };
    Ok(document(conv, review.body(&refs), year, fingerprint))
}

/// What every part of the review reads.
struct Review<'a> {
    conv: &'a Convention,
    annex: &'a Annex,
    year: i64,
    names: &'a Names<'a>,
    years: &'a Years<'a>,
}

impl Review<'_> {
    fn body(&self, refs: &HashMap<String, String>) -> Vec<SectionView> {
        let mut by_objective: HashMap<&str, Vec<&Means>> = HashMap::new();
        for m in &self.annex.means {
            by_objective.entry(&m.objective.value).or_default().push(m);
        }
        let mut sections = vec![self.synthesis()];
        for o in &self.conv.objectives {
            let heading = refs
                .get(&o.id.value)
                .cloned()
                .unwrap_or_else(|| o.title.value.trim().to_string());
            let means = by_objective.get(o.id.value.as_str()).map_or(&[][..], |v| v);
            let mut content = self.means(means);
            let indicators: Vec<&Indicator> = o.indicators.iter().collect();
            content.extend(self.indicators(&indicators));
            sections.push(section(
                &format!("objective:{}", o.id.value),
                &heading,
                content,
            ));
        }
        if !self.conv.indicators.is_empty() {
            let indicators: Vec<&Indicator> = self.conv.indicators.iter().collect();
            sections.push(section(
                "indicators",
                wording::REVIEW_OTHER_INDICATORS,
                self.indicators(&indicators),
            ));
        }
        sections.push(self.trajectories());
        sections.push(self.totals());
        sections
    }

    fn standing(&self, i: &Indicator) -> (Option<f64>, Option<f64>, Standing) {
        let (target, actual) = self.years.figures(self.year, &i.id.value);
        let lower = i.better.as_ref().is_some_and(|b| b.value == Better::Lower);
        (target, actual, Standing::of(target, actual, lower))
    }

    /// « Synthèse »: the annex's adoption and how many indicators are on target.
    fn synthesis(&self) -> SectionView {
        let mut counts = [0usize; 4];
        for (_, i) in self.conv.all_indicators() {
            counts[match self.standing(i).2 {
                Standing::Met => 0,
                Standing::Behind(_) => 1,
                Standing::NoActual => 2,
                Standing::NoTarget => 3,
            }] += 1;
        }
        let mut content = Vec::new();
        if let Some(d) = &self.annex.header.adopted {
            content.push(Block::P {
                c: text(&wording::review_annex_adopted(self.year, &d.french())),
            });
        }
        content.push(Block::P {
            c: text(&wording::review_summary(self.year, counts)),
        });
        section("synthesis", wording::REVIEW_SYNTHESIS, content)
    }

    /// The means of one objective in the year's annex, by signatory in document order.
    fn means(&self, means: &[&Means]) -> Vec<Block> {
        let label = Block::Label {
            c: text(&wording::review_means(self.year)),
        };
        if means.is_empty() {
            return vec![
                label,
                Block::P {
                    c: text(&wording::review_no_means(self.year)),
                },
            ];
        }
        let order = Order::of(self.conv);
        let mut sorted = means.to_vec();
        sorted.sort_by_key(|m| order.signatory(&m.signatory));
        let cols = Columns {
            etp: sorted.iter().any(|m| m.etp.is_some()),
            budget: sorted.iter().any(|m| m.budget_eur.is_some()),
            details: sorted.iter().any(|m| m.text.is_some()),
        };
        let mut total = Sum::default();
        let mut rows: Vec<Row> = sorted
            .iter()
            .map(|m| {
                total.add(m);
                let mut cells = vec![text(&self.names.full(&m.signatory))];
                cells.extend(means_cells(m, cols));
                Row {
                    cells,
                    total: false,
                }
            })
            .collect();
        if sorted.len() > 1 && (cols.etp || cols.budget) {
            let mut cells = vec![vec![strong(wording::TOTAL)]];
            cells.extend(cols.cells(total));
            if cols.details {
                cells.push(Vec::new());
            }
            rows.push(Row { cells, total: true });
        }
        vec![label, Block::Table(means_table(cols, rows))]
    }

    /// Each indicator's target, actual, gap and standing in the year.
    fn indicators(&self, indicators: &[&Indicator]) -> Vec<Block> {
        if indicators.is_empty() {
            return Vec::new();
        }
        let rows = indicators
            .iter()
            .map(|i| {
                let unit = i.unit.value;
                let (target, actual, standing) = self.standing(i);
                let value =
                    |v: Option<f64>| text(&v.map_or("–".into(), |v| french::in_unit(v, unit)));
                let words = standing.words(unit);
                Row {
                    cells: vec![
                        text(&i.label),
                        value(target),
                        value(actual),
                        text(&gap_cell(target, actual, unit)),
                        match standing {
                            Standing::Met => vec![strong(&words)],
                            _ => text(&words),
                        },
                    ],
                    total: false,
                }
            })
            .collect();
        vec![
            Block::Label {
                c: text(wording::INDICATORS),
            },
            Block::Table(Table {
                head: vec![
                    text(wording::columns::INDICATOR),
                    text(&wording::target_column(self.year)),
                    text(wording::columns::ACTUAL),
                    text(wording::columns::GAP),
                    text(wording::columns::STANDING),
                ],
                rows,
                align: vec!["left", "right", "right", "right", "left"],
                widths: vec![3.2, 1.1, 1.1, 1.1, 1.6],
            }),
        ]
    }

    /// « Trajectoires des indicateurs »: one chart per indicator that has a figure.
    fn trajectories(&self) -> SectionView {
        let mut content = vec![Block::P {
            c: text(wording::TRAJECTORIES_INTRO),
        }];
        content.extend(
            self.conv
                .all_indicators()
                .filter_map(|(_, i)| trajectory::chart(i, self.years)),
        );
        section("trajectories", wording::TRAJECTORIES, content)
    }

    /// « Totaux par signataire » of the year's means.
    fn totals(&self) -> SectionView {
        let order = Order::of(self.conv);
        let mut by: BySignatory<'_> = BySignatory::new();
        let mut total = Sum::default();
        for m in &self.annex.means {
            total.add(m);
            by.entry((order.signatory(&m.signatory), m.signatory.value.as_str()))
                .or_default()
                .add(m);
        }
        let cols = Columns {
            etp: self.annex.means.iter().any(|m| m.etp.is_some()),
            budget: self.annex.means.iter().any(|m| m.budget_eur.is_some()),
            details: false,
        };
        let content = if cols.etp || cols.budget {
            vec![totals_by_signatory(&by, total, cols, self.names)]
        } else {
            vec![Block::P {
                c: text(&wording::review_no_means(self.year)),
            }]
        };
        section("totals", wording::TOTALS_BY_SIGNATORY, content)
    }
}

fn means_table(cols: Columns, rows: Vec<Row>) -> Table {
    let mut head = vec![text(wording::columns::SIGNATORY)];
    head.extend(cols.head());
    let mut align = vec!["left"];
    let mut widths = vec![2.4];
    for on in [cols.etp, cols.budget] {
        if on {
            align.push("right");
            widths.push(1.1);
        }
    }
    if cols.details {
        head.push(text(wording::columns::DETAILS));
        align.push("left");
        widths.push(3.2);
    }
    Table {
        head,
        rows,
        align,
        widths,
    }
}

/// A top-level section of the review, without number.
fn section(anchor: &str, heading: &str, content: Vec<Block>) -> SectionView {
    SectionView {
        anchor: anchor.to_string(),
        level: 1,
        number: Text::new(),
        heading: text(heading),
        number_plain: String::new(),
        title_plain: french::typo(heading.trim()),
        clauses: Vec::new(),
        content: content.into_iter().map(|b| Item::Block { b }).collect(),
        includes: Vec::new(),
        source: None,
    }
}

/// The document around the body: the convention's identity, no cover, no signatures.
fn document(conv: &Convention, body: Vec<SectionView>, year: i64, fingerprint: String) -> DocView {
    let h = &conv.header;
    let regime = regime::of(conv);
    let title = wording::review_title(year, h.title.value.trim());
    let short = h.short_title.as_ref().map_or(&h.title.value, |s| &s.value);
    let period = grammar::upper_first(&super::layout::period_text(conv));
    let day = Date::new(i32::try_from(year).unwrap_or(1970), 12, 31).unwrap_or(h.start.value);
    DocView {
        id: format!("{}-revue-{year}", h.id.value),
        kind: h.kind.as_str(),
        kind_label: text(wording::REVIEW_KIND),
        title: text(&title),
        title_plain: french::typo(&title),
        short_title: text(&wording::review_title(year, short.trim())),
        region: text(&h.region),
        period: text(&period),
        status: h.status.as_str(),
        draft: false,
        cover: false,
        regime: RegimeView {
            id: regime.id,
            institution: regime.institution_name,
            committee: regime.committee,
        },
        cover_lines: vec![text(&wording::region_line(&h.region)), text(&period)],
        signatories: conv.signatories.iter().map(|s| text(&s.name)).collect(),
        front: Vec::new(),
        body,
        signature: SignatureView {
            place_date: Text::new(),
            copies: None,
            boxes: Vec::new(),
        },
        signing: false,
        annex_list: Vec::new(),
        annexes: Vec::new(),
        fingerprint,
        document_date: date_view(day),
        furniture: Furniture::default(),
        assets: Vec::new(),
    }
}
