//! The opening blocks, in the order the parties chose (`[document] opening`; by default the
//! parties, the visas, the quoted texts, « IL EST CONVENU CE QUI SUIT », the préambule).

use super::body::strong;
use super::{Front, Names, PartyLine, QuoteView, Text, md, text};
use crate::french::grammar::{self, Agreement};
use crate::french::wording::{self, PartyWords};
use crate::markup::Inline;
use crate::model::refs::{self, Reference};
use crate::model::regime::Regime;
use crate::model::{Convention, MandateAs, Opening, Representation, Signatory, Visa};

const DEFAULT_OPENING: &[Opening] = &[
    Opening::Parties,
    Opening::Visas,
    Opening::Quotations,
    Opening::Agreed,
    Opening::Preamble,
];

pub fn build(conv: &Convention, names: &Names<'_>, regime: &Regime) -> Vec<Front> {
    let given: Vec<Opening> = conv
        .document
        .as_ref()
        .map(|d| d.opening.iter().map(|o| o.value).collect())
        .unwrap_or_default();
    let order = if given.is_empty() {
        DEFAULT_OPENING.to_vec()
    } else {
        given
    };
    order
        .into_iter()
        .filter_map(|block| match block {
            Opening::Parties => Some(parties(conv, names)),
            Opening::Visas => visas(conv, regime),
            Opening::Quotations => quotations(conv),
            Opening::Agreed => agreed(conv),
            Opening::Preamble => conv.preamble.as_ref().map(|p| Front::Preamble {
                title: text(wording::PREAMBLE),
                blocks: md(&p.text),
            }),
        })
        .collect()
}

/// The groups of parties: the `sides` the parties gave (ids), else each party alone.
fn groups<'a>(conv: &'a Convention, names: &Names<'a>) -> (Vec<Vec<&'a Signatory>>, bool) {
    let sides = conv.document.as_ref().map(|d| &d.sides);
    match sides {
        Some(sides) if !sides.is_empty() => {
            let groups = sides
                .iter()
                .map(|g| g.iter().filter_map(|id| names.get(id)).collect::<Vec<_>>())
                .filter(|g| !g.is_empty())
                .collect();
            (groups, true)
        }
        _ => (conv.signatories.iter().map(|s| vec![s]).collect(), false),
    }
}

fn parties(conv: &Convention, names: &Names<'_>) -> Front {
    let (groups, sided) = groups(conv, names);
    let mut lines = vec![PartyLine::Word {
        c: text(wording::BETWEEN),
    }];
    let count = groups.len();
    for (g, group) in groups.iter().enumerate() {
        if g > 0 {
            lines.push(PartyLine::Word {
                c: text(wording::AND),
            });
        }
        for (k, party) in group.iter().enumerate() {
            if k > 0 {
                lines.push(PartyLine::Word {
                    c: text(wording::AND_IN_GROUP),
                });
            }
            let last = g + 1 == count && k + 1 == group.len();
            let end = if sided || last { "," } else { " ;" };
            lines.push(PartyLine::Party {
                id: party.id.value.clone(),
                c: party_text(party, end),
                logo: None,
                index: conv
                    .signatories
                    .iter()
                    .position(|s| std::ptr::eq(s, *party))
                    .unwrap_or(0),
            });
        }
        if sided {
            let side = if g == 0 {
                wording::ONE_SIDE
            } else {
                wording::OTHER_SIDE
            };
            lines.push(PartyLine::Line { c: text(side) });
        }
    }
    if let Some(together) = conv.document.as_ref().and_then(|d| d.together.as_ref()) {
        let all = conv.signatories.iter().map(party_agreement).fold(
            Agreement {
                feminine: true,
                plural: true,
            },
            |a, p| Agreement {
                feminine: a.feminine && p.feminine,
                plural: true,
            },
        );
        lines.push(PartyLine::Line {
            c: text(&wording::together(&together.value, all)),
        });
    }
    Front::Parties { lines }
}

fn party_agreement(s: &Signatory) -> Agreement {
    grammar::party(
        &s.name.value,
        s.gender.as_ref().map(|g| g.value),
        s.plural.as_ref().map(|p| p.value),
    )
}

/// The name of the party, strong, then its address and what the convention says of it.
fn party_text(s: &Signatory, end: &str) -> Text {
    let mut c: Text = vec![strong(&s.name)];
    if let Some(address) = &s.address {
        c.push(Inline::Text { v: ", ".into() });
        c.extend(crate::markup::lines(address));
    }
    let statement = match &s.statement {
        Some(st) => st.value.trim().to_string(),
        None => statement(s),
    };
    let rest = if statement.is_empty() {
        end.to_string()
    } else {
        format!(", {}{end}", statement.trim_end_matches([',', ';', '.']))
    };
    // Typeset whole, so that the punctuation gets its space.
    c.extend(crate::markup::text(&rest));
    c
}

/// What the data says of the person who signs for a party, trimmed, with the agreement of
/// their words (shared by the parties block and the signature box).
pub(super) struct Person<'a> {
    pub name: Option<&'a str>,
    pub civility: Option<&'a str>,
    pub capacity: Option<&'a str>,
    pub agreement: grammar::Agreement,
}

pub(super) fn person(s: &Signatory) -> Person<'_> {
    let rep = s.represented_by.as_ref();
    let name = rep.and_then(|r| r.name.as_ref()).map(|n| n.value.trim());
    let civility = rep
        .and_then(|r| r.civility.as_ref())
        .map(|c| c.value.trim());
    let capacity = rep
        .and_then(|r| r.capacity.as_ref())
        .map(|c| c.value.trim());
    let agreement = grammar::person(
        civility,
        name,
        capacity,
        rep.and_then(|r| r.gender.as_ref()).map(|g| g.value),
    );
    Person {
        name,
        civility,
        capacity,
        agreement,
    }
}

/// « représentée par … » built from the data.
fn statement(s: &Signatory) -> String {
    let Person {
        name: raw_name,
        civility,
        capacity,
        agreement: person,
    } = person(s);
    let name = raw_name.map(|n| match (civility, grammar::split_civility(n).0) {
        (Some(c), None) => format!("{c} {n}"),
        _ => n.to_string(),
    });
    wording::party_statement(&PartyWords {
        party: party_agreement(s),
        person,
        name: name.as_deref(),
        capacity,
        representation: s
            .representation
            .as_ref()
            .map_or(Representation::Apposition, |r| r.value),
        mandate: s.mandate.as_ref().map(|m| m.value.trim()),
        mandate_as: s
            .mandate_as
            .as_ref()
            .map_or(MandateAs::Habilitation, |m| m.value),
        designation: s.designation.as_ref().map(|d| d.value.as_str()),
    })
}

/// The visas, the committee's opinion where a visa asks for it (last otherwise), each with
/// its punctuation.
fn visas(conv: &Convention, regime: &Regime) -> Option<Front> {
    let opinion = conv
        .governance
        .as_ref()
        .and_then(|g| g.opinion.as_ref())
        .map(|op| wording::opinion_visa(&op.body, op.date.as_ref().map(|d| d.french()).as_deref()));
    let mut sentences: Vec<String> = Vec::new();
    let mut sources: Vec<Option<usize>> = Vec::new();
    let mut placed = false;
    for (i, v) in conv.visas.iter().enumerate() {
        if v.opinion.as_ref().is_some_and(|o| o.value) {
            if let Some(op) = &opinion {
                sentences.push(op.clone());
                sources.push(None);
            }
            placed = true;
        } else {
            sentences.push(visa_sentence(v, regime));
            sources.push(Some(i));
        }
    }
    if !placed && let Some(op) = opinion {
        sentences.push(op);
        sources.push(None);
    }
    if sentences.is_empty() {
        return None;
    }
    let style = conv.document.as_ref().and_then(|d| d.visas.as_ref());
    let between = style
        .and_then(|s| s.between.as_ref())
        .map_or(";", |b| b.value.as_str());
    let last = style
        .and_then(|s| s.last.as_ref())
        .map_or(",", |l| l.value.as_str());
    let n = sentences.len();
    let visas = sentences
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let mark = if i + 1 == n { last } else { between };
            let spaced = if matches!(mark, ";" | ":" | "!" | "?") {
                format!("{s} {mark}")
            } else {
                format!("{s}{mark}")
            };
            text(&spaced)
        })
        .collect();
    Some(Front::Visas { visas, sources })
}

/// « Vu l'article L. 6123-4 du code du travail », « Vu le SRDEII, adopté … », or the free text.
fn visa_sentence(v: &Visa, regime: &Regime) -> String {
    let wording = v.reference.as_ref().and_then(|r| match refs::resolve(r)? {
        Reference::Article(a) => Some(wording::article_of_labour_code(&refs::article_display(a))),
        Reference::Act(act) => Some(crate::model::regime::visa_wording(
            act,
            v.date.as_ref().map(|d| d.value),
            regime,
        )),
    });
    let text = v.text.as_ref().map(|t| t.value.trim().to_string());
    let date = v.date.as_ref().map(|d| d.french());
    let mut s = match (wording, text) {
        (Some(w), Some(t)) => format!("Vu {w}, {t}"),
        (Some(w), None) => format!("Vu {w}"),
        (None, Some(t)) if t.starts_with("Vu ") || t.starts_with("vu ") => t,
        (None, Some(t)) => format!("Vu {t}"),
        (None, None) => format!(
            "Vu {}",
            v.reference
                .as_ref()
                .map(|r| r.value.clone())
                .unwrap_or_default()
        ),
    };
    if let Some(d) = date
        && !s.contains(&d)
    {
        s.push_str(&format!(" en date du {d}"));
    }
    s.trim_end_matches(['.', ';', ',', ' ']).to_string()
}

fn quotations(conv: &Convention) -> Option<Front> {
    if conv.quotations.is_empty() {
        return None;
    }
    Some(Front::Quotations {
        quotes: conv
            .quotations
            .iter()
            .map(|q| QuoteView {
                title: q.title.as_ref().map(|t| text(t)),
                blocks: md(&q.text),
            })
            .collect(),
    })
}

fn agreed(conv: &Convention) -> Option<Front> {
    let formula = conv
        .document
        .as_ref()
        .and_then(|d| d.agreed.as_ref())
        .map_or(wording::AGREED, |a| a.value.as_str());
    let formula = formula.trim();
    (!formula.is_empty()).then(|| Front::Agreed { c: text(formula) })
}
