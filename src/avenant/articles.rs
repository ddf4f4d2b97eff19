//! The articles of an avenant, drafted from the semantic diff of the convention folder in the
//! customary wording: a section or article replaced, words replaced in one paragraph, a title
//! rewritten, a section inserted or removed, an annex replaced or added, the targets of an
//! annex changed (a table of the old and new values). Numbers are the ones the rendered
//! convention shows ([`crate::view::numbers`]): the amended (old) text for what changes or
//! goes, the new text for what is inserted.

use std::collections::{BTreeMap, BTreeSet};

use crate::diff::words::{self, Op};
use crate::diff::{Change, ChangeKind, Diff, Section};
use crate::french::avenant as w;
use crate::french::{NBSP, unit_symbol};
use crate::markup::{self, Block, Inline, Row, Table};
use crate::model::{Annex, Convention};
use crate::view::{Numbered, Numbers, md, numbers, text};

/// The two versions of the convention folder.
pub struct Versions<'a> {
    pub old: &'a Convention,
    pub old_annexes: &'a BTreeMap<i64, Annex>,
    pub new: &'a Convention,
    pub new_annexes: &'a BTreeMap<i64, Annex>,
}

/// What the diff gave the avenant.
#[derive(Default)]
pub struct Drafted {
    /// One article per change, as blocks.
    pub articles: Vec<Vec<Block>>,
    /// The annual annexes joined to the avenant (replaced or added).
    pub joined: Vec<i64>,
    /// The parts of the convention that changed but that no customary wording covers (the
    /// parties word them by hand): their French titles.
    pub not_drafted: Vec<&'static str>,
}

/// Drafts the articles of the changes between the two versions.
pub fn draft(v: &Versions<'_>) -> Drafted {
    let mut out = Drafted::default();
    let mut diff = Diff::default();
    diff.add_conventions(None, Some(v.old), Some(v.new));
    let (old_n, new_n) = (numbers(v.old), numbers(v.new));
    let mut skipped = BTreeSet::new();
    let text_changes = diff
        .changes
        .chunk_by(|a, b| (a.section, a.index) == (b.section, b.index));
    for group in text_changes {
        let section = group[0].section;
        if matches!(section, Section::Sections | Section::Articles) {
            out.articles.push(text_article(v, group, &old_n, &new_n));
        } else {
            skipped.insert(section);
        }
    }
    annexes(v, &mut out);
    out.not_drafted = skipped.into_iter().map(Section::label).collect();
    out
}

/// Title and text of entry `i` of the sections or articles of `conv`.
fn entry(conv: &Convention, section: Section, i: usize) -> (String, String) {
    let found = match section {
        Section::Articles => conv
            .articles
            .get(i)
            .map(|a| (a.title.value.clone(), a.text.value.clone())),
        _ => conv.sections.get(i).map(|s| {
            let t = s.text.as_ref().map_or(String::new(), |t| t.value.clone());
            (s.title.value.clone(), t)
        }),
    };
    found.map_or_else(Default::default, |(t, x)| (t.trim().to_string(), x))
}

/// How the document numbers entry `i` (its title alone when it has no number).
fn numbered(n: &Numbers, section: Section, i: usize, title: &str) -> Numbered {
    let map = if section == Section::Articles {
        &n.articles
    } else {
        &n.sections
    };
    map.get(&i).cloned().unwrap_or_else(|| Numbered {
        number: String::new(),
        title: crate::french::typo(title),
        anchor: String::new(),
        parent: String::new(),
    })
}

/// How the section is cited in the avenant's sentences.
fn cite(n: &Numbered) -> w::Cite {
    w::cite(&n.number, &n.parent, &n.title)
}

/// The article for the changes of one section or article.
fn text_article(
    v: &Versions<'_>,
    group: &[Change],
    old_n: &Numbers,
    new_n: &Numbers,
) -> Vec<Block> {
    let c = &group[0];
    let [oi, ni] = c.index;
    let section = c.section;
    match (c.kind, oi, ni) {
        (ChangeKind::Removed, Some(i), _) => {
            let (title, _) = entry(v.old, section, i);
            let num = numbered(old_n, section, i, &title);
            vec![para(&w::removed(&cite(&num).subject))]
        }
        (ChangeKind::Added, _, Some(i)) => {
            let (title, body) = entry(v.new, section, i);
            let num = numbered(new_n, section, i, &title);
            let after = i.checked_sub(1).map(|p| {
                let (t, _) = entry(v.new, section, p);
                let prev = numbered(new_n, section, p, &t);
                cite(&prev).subject
            });
            let what = cite(&num).a;
            vec![
                para(&w::inserted(after.as_deref(), &what)),
                quoted(&num.title, &body),
            ]
        }
        (_, Some(i), Some(j)) => changed(
            v,
            group,
            numbered(old_n, section, i, &entry(v.old, section, i).0),
            j,
        ),
        _ => Vec::new(),
    }
}

/// A section whose fields changed: its title rewritten, words replaced in one paragraph, or
/// the whole section replaced.
fn changed(v: &Versions<'_>, group: &[Change], num: Numbered, new_index: usize) -> Vec<Block> {
    let section = group[0].section;
    let fields: Vec<&str> = group.iter().filter_map(|c| c.field).collect();
    let (title, body) = entry(v.new, section, new_index);
    let of = cite(&num).of;
    if fields == ["title"] {
        return vec![para(&w::title_replaced(&of, &crate::french::typo(&title)))];
    }
    if fields == ["text"]
        && let (Some(o), Some(n)) = (group[0].old.as_str(), group[0].new.as_str())
        && let Some((alinea, old, new)) = one_replacement(o, n)
    {
        return vec![para(&w::words_replaced(alinea, &of, &old, &new))];
    }
    let subject = cite(&num).subject;
    vec![para(&w::replaced(&subject)), quoted(&title, &body)]
}

/// When the two texts differ in one paragraph only, by one run of words replaced by
/// another: the paragraph's number (from 1) and both runs.
fn one_replacement(old: &str, new: &str) -> Option<(usize, String, String)> {
    let (po, pn) = (paragraphs(old), paragraphs(new));
    if po.len() != pn.len() {
        return None;
    }
    let mut differ = (0..po.len()).filter(|&i| po[i] != pn[i]);
    let i = differ.next()?;
    if differ.next().is_some() {
        return None;
    }
    let ops = words::diff(&po[i], &pn[i]);
    let changes: Vec<&words::WordOp> = ops.iter().filter(|o| o.op != Op::Equal).collect();
    match changes.as_slice() {
        [d, ins] if d.op == Op::Delete && ins.op == Op::Insert => Some((
            i + 1,
            d.text.trim().to_string(),
            ins.text.trim().to_string(),
        )),
        _ => None,
    }
}

/// The paragraphs (alinéas) of a text: blocks separated by blank lines, spaces normalised.
fn paragraphs(s: &str) -> Vec<String> {
    s.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// The annexes: added, removed, their targets changed (a table), or replaced.
fn annexes(v: &Versions<'_>, out: &mut Drafted) {
    let years: BTreeSet<i64> = v
        .old_annexes
        .keys()
        .chain(v.new_annexes.keys())
        .copied()
        .collect();
    for year in years {
        match (v.old_annexes.get(&year), v.new_annexes.get(&year)) {
            (None, Some(_)) => {
                out.articles.push(vec![para(&w::annex_added(year))]);
                out.joined.push(year);
            }
            (Some(_), None) => out.articles.push(vec![para(&w::annex_removed(year))]),
            (Some(a), Some(b)) => {
                let mut d = Diff::default();
                d.add_annexes(None, Some(year), Some(a), Some(b));
                if d.is_empty() {
                    continue;
                }
                let targets_only = d.changes.iter().all(|c| {
                    c.section == Section::Targets
                        && c.kind == ChangeKind::Changed
                        && c.field == Some("target")
                });
                if targets_only {
                    out.articles.push(targets(v.new, year, &d.changes));
                } else {
                    out.articles.push(vec![para(&w::annex_replaced(year))]);
                    out.joined.push(year);
                }
            }
            (None, None) => {}
        }
    }
}

/// « Le tableau des cibles de l'annexe 2025 est modifié comme suit : » and the table.
fn targets(conv: &Convention, year: i64, changes: &[Change]) -> Vec<Block> {
    let indicators: BTreeMap<&str, (&str, crate::model::Unit)> = conv
        .objectives
        .iter()
        .flat_map(|o| &o.indicators)
        .chain(&conv.indicators)
        .map(|i| (i.id.value.as_str(), (i.label.value.as_str(), i.unit.value)))
        .collect();
    let rows = changes
        .iter()
        .map(|c| {
            let id = c.key["indicator"].as_str().unwrap_or("");
            let (label, unit) = indicators
                .get(id)
                .copied()
                .unwrap_or((id, crate::model::Unit::Nombre));
            let value = |x: &serde_json::Value| {
                x.as_f64().map_or("—".to_string(), |x| {
                    let sym = unit_symbol(unit);
                    let n = crate::french::number(x);
                    if sym.is_empty() {
                        n
                    } else {
                        format!("{n}{NBSP}{sym}")
                    }
                })
            };
            Row {
                cells: vec![text(label), text(&value(&c.old)), text(&value(&c.new))],
                total: false,
            }
        })
        .collect();
    let table = Table {
        head: w::TARGET_COLUMNS.iter().map(|h| text(h)).collect(),
        rows,
        align: vec!["left", "right", "right"],
        widths: vec![0.6, 0.2, 0.2],
    };
    vec![para(&w::targets_changed(year)), Block::Table(table)]
}

fn para(s: &str) -> Block {
    Block::P { c: text(s) }
}

/// The new wording of a section, quoted: its title in bold, then its text.
fn quoted(title: &str, body: &str) -> Block {
    let mut c = vec![Block::P {
        c: vec![markup::strong(text(&format!("«{NBSP}{title}")))],
    }];
    c.extend(md(body));
    let close: Vec<Inline> = text("»");
    c.push(Block::P { c: close });
    Block::Quote { c }
}
