//! `convgen diff`: semantic comparison of two versions of a convention or of an annual annex.
//!
//! Entries are keyed (means by objective and signatory, targets by indicator, investments by
//! signatory and label, signatories, objectives and indicators by id, visas by ref else text,
//! articles by title), so reordering entries or reformatting a file is not a change. Every
//! function here is pure: it works on the loaded [`model`](crate::model), without I/O.
//! [`format`] turns the result into text, Markdown or JSON.

pub mod format;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::model::{Annex, Convention};
use crate::source::Sp;

/// What happened to an entry or a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// The part of a convention or annex a change belongs to, in reading order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Convention,
    Signatories,
    AbsentRoles,
    Visas,
    Preamble,
    Objectives,
    Commitments,
    Indicators,
    NotApplicable,
    CoordinationPlan,
    Tools,
    Governance,
    Articles,
    Annex,
    Means,
    Targets,
    Investments,
}

impl Section {
    /// The JSON name of the section (the TOML key it comes from).
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Convention => "convention",
            Section::Signatories => "signatories",
            Section::AbsentRoles => "absent_roles",
            Section::Visas => "visas",
            Section::Preamble => "preamble",
            Section::Objectives => "objectives",
            Section::Commitments => "commitments",
            Section::Indicators => "indicators",
            Section::NotApplicable => "not_applicable",
            Section::CoordinationPlan => "coordination_plan",
            Section::Tools => "tools",
            Section::Governance => "governance",
            Section::Articles => "articles",
            Section::Annex => "annex",
            Section::Means => "means",
            Section::Targets => "targets",
            Section::Investments => "investments",
        }
    }

    /// French title of the section.
    pub fn label(self) -> &'static str {
        match self {
            Section::Convention => "En-tête de la convention",
            Section::Signatories => "Signataires",
            Section::AbsentRoles => "Rôles absents",
            Section::Visas => "Visas",
            Section::Preamble => "Préambule",
            Section::Objectives => "Objectifs",
            Section::Commitments => "Engagements",
            Section::Indicators => "Indicateurs",
            Section::NotApplicable => "Axes sans objet",
            Section::CoordinationPlan => "Plan de coordination",
            Section::Tools => "Outils du plan de coordination",
            Section::Governance => "Gouvernance",
            Section::Articles => "Articles",
            Section::Annex => "En-tête de l'annexe",
            Section::Means => "Moyens",
            Section::Targets => "Cibles",
            Section::Investments => "Investissements",
        }
    }
}

/// One difference between the old and the new version.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Folder of the convention (relative to the compared folders) when several are compared.
    pub convention: Option<String>,
    /// Year of the annex the change belongs to (folder comparisons only; `None` for the
    /// convention file).
    pub year: Option<i64>,
    pub kind: ChangeKind,
    pub section: Section,
    /// The entry key as a JSON object, e.g. `{"objective": "…", "signatory": "…"}`.
    pub key: Value,
    /// The key values in key order, joined with ` · ` (`—` for a section without key).
    pub label: String,
    /// The changed field; `None` for an added or removed entry.
    pub field: Option<&'static str>,
    /// Old value (the whole entry as an object for a removed entry; `null` when added).
    pub old: Value,
    /// New value (the whole entry as an object for an added entry; `null` when removed).
    pub new: Value,
}

impl Change {
    /// `new - old` when the field is a number on at least one side (a missing value counts 0).
    pub fn delta(&self) -> Option<f64> {
        if self.kind != ChangeKind::Changed || self.field.is_some_and(|f| f.ends_with("year")) {
            return None;
        }
        numeric_pair(&self.old, &self.new).map(|(o, n)| round(n - o, 6))
    }

    /// Relative change in percent, 2 decimals; `None` when old is 0 or missing.
    pub fn delta_pct(&self) -> Option<f64> {
        self.delta()?;
        numeric_pair(&self.old, &self.new).and_then(|(o, n)| pct(o, n))
    }

    /// The key as display text: its values in key order joined with ` · ` (`—` if none).
    pub fn key_label(&self) -> String {
        self.label.clone()
    }
}

fn numeric_pair(old: &Value, new: &Value) -> Option<(f64, f64)> {
    match (old, new) {
        (Value::Number(o), Value::Number(n)) => Some((o.as_f64()?, n.as_f64()?)),
        (Value::Null, Value::Number(n)) => Some((0.0, n.as_f64()?)),
        (Value::Number(o), Value::Null) => Some((o.as_f64()?, 0.0)),
        _ => None,
    }
}

/// Rounds to `digits` decimals.
pub fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    let r = (x * f).round() / f;
    if r == 0.0 { 0.0 } else { r }
}

/// Relative change in percent (2 decimals), `None` when `old` is 0.
pub fn pct(old: f64, new: f64) -> Option<f64> {
    (old != 0.0).then(|| round((new - old) / old.abs() * 100.0, 2))
}

/// A JSON number, written as an integer when it is one.
pub fn num(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x)
            .map(Value::Number)
            .unwrap_or(Value::Null)
    }
}

/// An old → new pair of summed figures.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Amount {
    pub old: f64,
    pub new: f64,
}

impl Amount {
    pub fn delta(&self) -> f64 {
        round(self.new - self.old, 6)
    }
    pub fn delta_pct(&self) -> Option<f64> {
        pct(self.old, self.new)
    }
}

/// Sums of one group (a signatory, an objective, or everything) in one annex.
#[derive(Clone, Debug, PartialEq)]
pub struct TotalRow {
    pub convention: Option<String>,
    pub year: Option<i64>,
    /// Signatory or objective id; `None` in the overall rows.
    pub id: Option<String>,
    /// Sum of the `etp` of the means.
    pub etp: Amount,
    /// Sum of the `budget_eur` of the means.
    pub budget_eur: Amount,
    /// Sum of the `amount_eur` of the investments (signatory and overall rows only).
    pub investments_eur: Option<Amount>,
}

/// Totals of the compared annexes, old → new.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Totals {
    pub by_signatory: Vec<TotalRow>,
    pub by_objective: Vec<TotalRow>,
    pub overall: Vec<TotalRow>,
}

/// The result of a comparison.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diff {
    pub changes: Vec<Change>,
    pub totals: Totals,
    /// Whether folders were compared (changes then carry their annex year).
    pub folders: bool,
}

/// Counts of changes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

impl Counts {
    pub fn total(&self) -> usize {
        self.added + self.removed + self.changed
    }
    fn count(&mut self, kind: ChangeKind) {
        match kind {
            ChangeKind::Added => self.added += 1,
            ChangeKind::Removed => self.removed += 1,
            ChangeKind::Changed => self.changed += 1,
        }
    }
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Counts overall and per section (sections in reading order).
    pub fn counts(&self) -> (Counts, BTreeMap<Section, Counts>) {
        let mut all = Counts::default();
        let mut per = BTreeMap::new();
        for c in &self.changes {
            all.count(c.kind);
            per.entry(c.section)
                .or_insert_with(Counts::default)
                .count(c.kind);
        }
        (all, per)
    }

    /// Adds the comparison of two conventions (either may be absent: added or removed).
    pub fn add_conventions(
        &mut self,
        unit: Option<&str>,
        old: Option<&Convention>,
        new: Option<&Convention>,
    ) {
        let (old, new) = rayon::join(
            || old.map(convention_entries).unwrap_or_default().sorted(),
            || new.map(convention_entries).unwrap_or_default().sorted(),
        );
        self.changes
            .extend(compare(old, new, unit.map(str::to_string), None));
    }

    /// Adds a convention folder present on one side only, as **one** change (added or
    /// removed) summarising it, rather than one change per entry; the totals of its annexes
    /// still count (against zero on the other side).
    pub fn add_whole_convention(
        &mut self,
        unit: Option<&str>,
        kind: ChangeKind,
        conv: &Convention,
        annexes: &[(i64, &Annex)],
    ) {
        let h = &conv.header;
        let summary = serde_json::json!({
            "id": h.id.value,
            "kind": h.kind.value.as_str(),
            "title": h.title.value,
            "start": h.start.value.to_string(),
            "end": h.end.as_ref().map(|e| e.value.to_string()),
            "status": h.status.value.as_str(),
            "signatories": conv.signatories.len(),
            "objectives": conv.objectives.len(),
            "annexes": annexes.iter().map(|(y, _)| y.to_string()).collect::<Vec<_>>(),
        });
        let (old, new) = match kind {
            ChangeKind::Removed => (summary, Value::Null),
            _ => (Value::Null, summary),
        };
        let unit = unit.map(str::to_string);
        self.changes.push(Change {
            convention: unit.clone(),
            year: None,
            kind,
            section: Section::Convention,
            key: serde_json::json!({ "id": h.id.value }),
            label: h.id.value.clone(),
            field: None,
            old,
            new,
        });
        for (year, annex) in annexes {
            let (o, n) = match kind {
                ChangeKind::Removed => (Some(*annex), None),
                _ => (None, Some(*annex)),
            };
            add_totals(&mut self.totals, unit.clone(), Some(*year), o, n);
        }
    }

    /// Adds the comparison of two annual annexes (either may be absent) and their totals.
    /// `year` tags the changes (folder comparisons).
    pub fn add_annexes(
        &mut self,
        unit: Option<&str>,
        year: Option<i64>,
        old: Option<&Annex>,
        new: Option<&Annex>,
    ) {
        let unit = unit.map(str::to_string);
        // Each side's entries are built and sorted on its own core.
        let (o, n) = rayon::join(
            || old.map(annex_entries).unwrap_or_default().sorted(),
            || new.map(annex_entries).unwrap_or_default().sorted(),
        );
        self.changes.extend(compare(o, n, unit.clone(), year));
        add_totals(&mut self.totals, unit, year, old, new);
    }
}

/// Compares two conventions.
pub fn diff_conventions(old: &Convention, new: &Convention) -> Diff {
    let mut d = Diff::default();
    d.add_conventions(None, Some(old), Some(new));
    d
}

/// Compares two annual annexes.
pub fn diff_annexes(old: &Annex, new: &Annex) -> Diff {
    let mut d = Diff::default();
    d.add_annexes(None, None, Some(old), Some(new));
    d
}

// ---------------------------------------------------------------------------------------
// Entries: each section as a map from key to the entry's fields.

/// Key of an entry: its section, its key values (at most two; unused ones are empty).
type EntryKey<'a> = (Section, [&'a str; 2]);

struct Entry<'a> {
    key: EntryKey<'a>,
    /// Declaration order, to keep repeated keys in the order they were written.
    seq: usize,
    /// Occurrence number when a key is repeated (0 for the first).
    occurrence: usize,
    /// Names of the key fields.
    names: [&'static str; 2],
    arity: usize,
    /// Every field in declaration order, key fields included; `Null` when absent.
    fields: Vec<(&'static str, Field<'a>)>,
}

/// A field value, borrowed from the model: JSON values are only built for what changed.
#[derive(Debug)]
enum Field<'a> {
    Null,
    Str(&'a str),
    Owned(String),
    Num(f64),
    Int(i64),
    List(&'a [Sp<String>]),
}

impl Field<'_> {
    fn is_null(&self) -> bool {
        matches!(self, Field::Null)
    }

    fn to_value(&self) -> Value {
        match self {
            Field::Null => Value::Null,
            Field::Str(x) => Value::String((*x).to_string()),
            Field::Owned(x) => Value::String(x.clone()),
            Field::Num(x) => num(*x),
            Field::Int(x) => Value::from(*x),
            Field::List(v) => {
                Value::Array(v.iter().map(|x| Value::String(x.value.clone())).collect())
            }
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Field::Str(x) => Some(x),
            Field::Owned(x) => Some(x),
            _ => None,
        }
    }

    fn as_f64(&self) -> Option<f64> {
        match self {
            Field::Num(x) => Some(*x),
            Field::Int(x) => Some(*x as f64),
            _ => None,
        }
    }

    /// Equal values (numbers by value, lists item by item).
    fn same(&self, other: &Field<'_>) -> bool {
        match (self, other) {
            (Field::Null, Field::Null) => true,
            (Field::List(a), Field::List(b)) => {
                a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| x.value == y.value)
            }
            _ => match (self.as_f64(), other.as_f64()) {
                (Some(x), Some(y)) => x == y,
                _ => self.as_str().is_some() && self.as_str() == other.as_str(),
            },
        }
    }
}

#[derive(Default)]
struct Entries<'a> {
    list: Vec<Entry<'a>>,
}

impl<'a> Entries<'a> {
    fn push(
        &mut self,
        section: Section,
        key: &[(&'static str, &'a str)],
        fields: Vec<(&'static str, Field<'a>)>,
    ) {
        debug_assert!(key.len() <= 2);
        let mut parts = [""; 2];
        let mut names = [""; 2];
        for (i, (n, v)) in key.iter().enumerate() {
            names[i] = n;
            parts[i] = v;
        }
        self.list.push(Entry {
            key: (section, parts),
            seq: self.list.len(),
            occurrence: 0,
            names,
            arity: key.len(),
            fields,
        });
    }

    /// Sorts by key (keeping declaration order among repeated keys) and numbers repeats.
    fn sorted(mut self) -> Vec<Entry<'a>> {
        self.list
            .sort_unstable_by(|a, b| a.key.cmp(&b.key).then(a.seq.cmp(&b.seq)));
        for i in 1..self.list.len() {
            if self.list[i].key == self.list[i - 1].key {
                self.list[i].occurrence = self.list[i - 1].occurrence + 1;
            }
        }
        self.list
    }
}

/// The key as a JSON object and as display text (built only for changed entries).
fn key_of(entry: &Entry<'_>) -> (Value, String) {
    let names = &entry.names[..entry.arity];
    let parts = &entry.key.1[..entry.arity];
    let n = entry.occurrence;
    let mut obj = Map::new();
    for (k, v) in names.iter().zip(parts) {
        obj.insert((*k).to_string(), Value::String((*v).to_string()));
    }
    let mut label = if parts.is_empty() {
        "—".to_string()
    } else {
        parts.join(" · ")
    };
    if n > 0 {
        obj.insert("occurrence".to_string(), Value::from(n + 1));
        label.push_str(&format!(" ({})", n + 1));
    }
    (Value::Object(obj), label)
}

fn s<T: AsRef<str>>(v: &Sp<T>) -> Field<'_> {
    Field::Str(v.value.as_ref())
}
fn os<T: AsRef<str>>(v: &Option<Sp<T>>) -> Field<'_> {
    v.as_ref().map(s).unwrap_or(Field::Null)
}
fn e<T: std::fmt::Display>(v: &Sp<T>) -> Field<'static> {
    Field::Owned(v.value.to_string())
}
fn oe<T: std::fmt::Display>(v: &Option<Sp<T>>) -> Field<'static> {
    v.as_ref().map(e).unwrap_or(Field::Null)
}
fn n(v: &Sp<f64>) -> Field<'static> {
    Field::Num(v.value)
}
fn on(v: &Option<Sp<f64>>) -> Field<'static> {
    v.as_ref().map(n).unwrap_or(Field::Null)
}
fn list(v: &[Sp<String>]) -> Field<'_> {
    Field::List(v)
}

fn convention_entries(c: &Convention) -> Entries<'_> {
    let mut out = Entries::default();
    let h = &c.header;
    let sig = h.signature.as_ref();
    out.push(
        Section::Convention,
        &[],
        vec![
            ("id", s(&h.id)),
            ("kind", e(&h.kind)),
            ("title", s(&h.title)),
            ("short_title", os(&h.short_title)),
            ("region", s(&h.region)),
            ("start", e(&h.start)),
            ("end", oe(&h.end)),
            ("status", e(&h.status)),
            ("regime", os(&h.regime)),
            (
                "signature.place",
                sig.map(|x| os(&x.place)).unwrap_or(Field::Null),
            ),
            (
                "signature.date",
                sig.map(|x| oe(&x.date)).unwrap_or(Field::Null),
            ),
        ],
    );
    for x in &c.signatories {
        let rep = x.represented_by.as_ref();
        out.push(
            Section::Signatories,
            &[("id", x.id.as_str())],
            vec![
                ("id", s(&x.id)),
                ("role", e(&x.role)),
                ("name", s(&x.name)),
                ("address", os(&x.address)),
                (
                    "represented_by.name",
                    rep.map(|r| os(&r.name)).unwrap_or(Field::Null),
                ),
                (
                    "represented_by.capacity",
                    rep.map(|r| os(&r.capacity)).unwrap_or(Field::Null),
                ),
                ("mandate", os(&x.mandate)),
            ],
        );
    }
    for x in &c.absent_roles {
        out.push(
            Section::AbsentRoles,
            &[("role", x.role.as_str())],
            vec![("role", e(&x.role)), ("reason", s(&x.reason))],
        );
    }
    for x in &c.visas {
        let key: (&str, &str) = match (&x.reference, &x.text) {
            (Some(r), _) => ("ref", r.as_str()),
            (None, Some(t)) => ("text", t.as_str()),
            (None, None) => ("ref", ""),
        };
        out.push(
            Section::Visas,
            &[key],
            vec![
                ("ref", os(&x.reference)),
                ("text", os(&x.text)),
                ("date", oe(&x.date)),
            ],
        );
    }
    if let Some(p) = &c.preamble {
        out.push(Section::Preamble, &[], vec![("text", s(&p.text))]);
    }
    for o in &c.objectives {
        out.push(
            Section::Objectives,
            &[("id", o.id.as_str())],
            vec![
                ("id", s(&o.id)),
                ("axis", e(&o.axis)),
                ("title", s(&o.title)),
                ("description", os(&o.description)),
                ("actions", list(&o.actions)),
                ("signatories", list(&o.signatories)),
            ],
        );
        for k in &o.commitments {
            out.push(
                Section::Commitments,
                &[
                    ("objective", o.id.as_str()),
                    ("signatory", k.signatory.as_str()),
                ],
                vec![
                    ("objective", s(&o.id)),
                    ("signatory", s(&k.signatory)),
                    ("text", s(&k.text)),
                ],
            );
        }
        for i in &o.indicators {
            let b = i.baseline.as_ref();
            out.push(
                Section::Indicators,
                &[("id", i.id.as_str())],
                vec![
                    ("id", s(&i.id)),
                    ("objective", s(&o.id)),
                    ("label", s(&i.label)),
                    ("unit", e(&i.unit)),
                    ("frequency", oe(&i.frequency)),
                    ("source", os(&i.source)),
                    (
                        "baseline.year",
                        b.map(|b| Field::Int(b.year.value)).unwrap_or(Field::Null),
                    ),
                    (
                        "baseline.value",
                        b.map(|b| n(&b.value)).unwrap_or(Field::Null),
                    ),
                ],
            );
        }
    }
    for x in &c.not_applicable {
        out.push(
            Section::NotApplicable,
            &[
                ("signatory", x.signatory.as_str()),
                ("axis", x.axis.as_str()),
            ],
            vec![
                ("signatory", s(&x.signatory)),
                ("axis", e(&x.axis)),
                ("reason", s(&x.reason)),
            ],
        );
    }
    if let Some(p) = &c.coordination_plan {
        out.push(Section::CoordinationPlan, &[], vec![("text", os(&p.text))]);
        for t in &p.tools {
            out.push(
                Section::Tools,
                &[("name", t.name.as_str())],
                vec![
                    ("name", s(&t.name)),
                    ("operators", list(&t.operators)),
                    ("area", os(&t.area)),
                ],
            );
        }
    }
    if let Some(g) = &c.governance {
        let st = g.steering.as_ref();
        let op = g.opinion.as_ref();
        out.push(
            Section::Governance,
            &[],
            vec![
                (
                    "steering.body",
                    st.map(|x| s(&x.body)).unwrap_or(Field::Null),
                ),
                (
                    "steering.frequency",
                    st.map(|x| oe(&x.frequency)).unwrap_or(Field::Null),
                ),
                (
                    "steering.members",
                    st.map(|x| list(&x.members)).unwrap_or(Field::Null),
                ),
                ("evaluation", os(&g.evaluation)),
                (
                    "opinion.body",
                    op.map(|x| s(&x.body)).unwrap_or(Field::Null),
                ),
                (
                    "opinion.date",
                    op.map(|x| oe(&x.date)).unwrap_or(Field::Null),
                ),
            ],
        );
    }
    for a in &c.articles {
        out.push(
            Section::Articles,
            &[("title", a.title.as_str())],
            vec![
                ("title", s(&a.title)),
                ("clause", oe(&a.clause)),
                ("text", s(&a.text)),
            ],
        );
    }
    out
}

fn annex_entries(a: &Annex) -> Entries<'_> {
    let mut out = Entries::default();
    let h = &a.header;
    out.push(
        Section::Annex,
        &[],
        vec![
            ("convention", s(&h.convention)),
            ("year", Field::Int(h.year.value)),
            ("adopted", oe(&h.adopted)),
        ],
    );
    for m in &a.means {
        out.push(
            Section::Means,
            &[
                ("objective", m.objective.as_str()),
                ("signatory", m.signatory.as_str()),
            ],
            vec![
                ("objective", s(&m.objective)),
                ("signatory", s(&m.signatory)),
                ("etp", on(&m.etp)),
                ("budget_eur", on(&m.budget_eur)),
                ("text", os(&m.text)),
            ],
        );
    }
    for t in &a.targets {
        out.push(
            Section::Targets,
            &[("indicator", t.indicator.as_str())],
            vec![
                ("indicator", s(&t.indicator)),
                ("target", on(&t.target)),
                ("actual", on(&t.actual)),
            ],
        );
    }
    for i in &a.investments {
        out.push(
            Section::Investments,
            &[
                ("signatory", i.signatory.as_str()),
                ("label", i.label.as_str()),
            ],
            vec![
                ("signatory", s(&i.signatory)),
                ("label", s(&i.label)),
                ("amount_eur", n(&i.amount_eur)),
            ],
        );
    }
    out
}

/// The entry as a JSON object, without its absent fields.
fn whole(entry: &Entry<'_>) -> Value {
    Value::Object(
        entry
            .fields
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| ((*k).to_string(), v.to_value()))
            .collect(),
    )
}

/// Walks both sorted lists (see [`Entries::sorted`]) together: one pass, no nested loop.
fn compare(
    old: Vec<Entry<'_>>,
    new: Vec<Entry<'_>>,
    unit: Option<String>,
    year: Option<i64>,
) -> Vec<Change> {
    use std::cmp::Ordering;
    let mut out = Vec::new();
    let change = |kind, entry: &Entry<'_>, field, old, new| {
        let (key, label) = key_of(entry);
        Change {
            convention: unit.clone(),
            year,
            kind,
            section: entry.key.0,
            key,
            label,
            field,
            old,
            new,
        }
    };
    let mut o = old.into_iter().peekable();
    let mut n = new.into_iter().peekable();
    loop {
        let ord = match (o.peek(), n.peek()) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(a), Some(b)) => (a.key, a.occurrence).cmp(&(b.key, b.occurrence)),
        };
        match ord {
            Ordering::Less => {
                let entry = o.next().expect("peeked");
                let old = whole(&entry);
                out.push(change(ChangeKind::Removed, &entry, None, old, Value::Null));
            }
            Ordering::Greater => {
                let entry = n.next().expect("peeked");
                let new = whole(&entry);
                out.push(change(ChangeKind::Added, &entry, None, Value::Null, new));
            }
            Ordering::Equal => {
                let a = o.next().expect("peeked");
                let b = n.next().expect("peeked");
                for ((field, va), (_, vb)) in a.fields.iter().zip(&b.fields) {
                    if !va.same(vb) {
                        let (va, vb) = (va.to_value(), vb.to_value());
                        out.push(change(ChangeKind::Changed, &b, Some(*field), va, vb));
                    }
                }
            }
        }
    }
    out
}

fn add_totals(
    totals: &mut Totals,
    unit: Option<String>,
    year: Option<i64>,
    old: Option<&Annex>,
    new: Option<&Annex>,
) {
    #[derive(Default)]
    struct Acc {
        etp: Amount,
        budget: Amount,
        inv: Amount,
    }
    let mut by_sig: BTreeMap<&str, Acc> = BTreeMap::new();
    let mut by_obj: BTreeMap<&str, Acc> = BTreeMap::new();
    let mut all = Acc::default();
    for (side, annex) in [(false, old), (true, new)] {
        let Some(annex) = annex else { continue };
        for m in &annex.means {
            let etp = m.etp.as_ref().map_or(0.0, |v| v.value);
            let budget = m.budget_eur.as_ref().map_or(0.0, |v| v.value);
            for acc in [
                by_sig.entry(m.signatory.value.as_str()).or_default(),
                by_obj.entry(m.objective.value.as_str()).or_default(),
            ] {
                add(&mut acc.etp, side, etp);
                add(&mut acc.budget, side, budget);
            }
            add(&mut all.etp, side, etp);
            add(&mut all.budget, side, budget);
        }
        for i in &annex.investments {
            let acc = by_sig.entry(i.signatory.value.as_str()).or_default();
            add(&mut acc.inv, side, i.amount_eur.value);
            add(&mut all.inv, side, i.amount_eur.value);
        }
    }
    let row = |id: Option<String>, acc: &Acc, inv: bool| TotalRow {
        convention: unit.clone(),
        year,
        id,
        etp: round_amount(acc.etp),
        budget_eur: round_amount(acc.budget),
        investments_eur: inv.then(|| round_amount(acc.inv)),
    };
    totals.by_signatory.extend(
        by_sig
            .iter()
            .map(|(k, a)| row(Some((*k).to_string()), a, true)),
    );
    totals.by_objective.extend(
        by_obj
            .iter()
            .map(|(k, a)| row(Some((*k).to_string()), a, false)),
    );
    totals.overall.push(row(None, &all, true));
}

fn add(a: &mut Amount, new_side: bool, x: f64) {
    if new_side {
        a.new += x;
    } else {
        a.old += x;
    }
}

fn round_amount(a: Amount) -> Amount {
    Amount {
        old: round(a.old, 6),
        new: round(a.new, 6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{parse_annex, parse_convention};

    fn annex(text: &str) -> Annex {
        let (a, d) = parse_annex(0, text);
        assert!(d.is_empty(), "{d:?}");
        a.expect("annex")
    }

    const BASE: &str = r#"
[annex]
convention = "c"
year = 2025

[[means]]
objective = "o1"
signatory = "a"
etp = 1.5
budget_eur = 950000

[[means]]
objective = "o2"
signatory = "b"
text = "appui"

[[targets]]
indicator = "i1"
target = 10.0

[[investments]]
signatory = "a"
label = "SI"
amount_eur = 1000
"#;

    #[test]
    fn identical_annexes_have_no_change() {
        let d = diff_annexes(&annex(BASE), &annex(BASE));
        assert!(d.is_empty(), "{:?}", d.changes);
    }

    #[test]
    fn reordering_is_not_a_change() {
        let reordered = r#"
[annex]
year = 2025
convention = "c"
[[investments]]
amount_eur = 1000.0
label = "SI"
signatory = "a"
[[targets]]
target = 10
indicator = "i1"
[[means]]
text = "appui"
signatory = "b"
objective = "o2"
[[means]]
budget_eur = 950_000
etp = 1.5
signatory = "a"
objective = "o1"
"#;
        let d = diff_annexes(&annex(BASE), &annex(reordered));
        assert!(d.is_empty(), "{:?}", d.changes);
    }

    #[test]
    fn changed_number_has_delta_and_percent() {
        let new = BASE.replace("950000", "975000");
        let d = diff_annexes(&annex(BASE), &annex(&new));
        assert_eq!(d.changes.len(), 1);
        let c = &d.changes[0];
        assert_eq!(c.kind, ChangeKind::Changed);
        assert_eq!(c.section, Section::Means);
        assert_eq!(c.field, Some("budget_eur"));
        assert_eq!(
            c.key,
            serde_json::json!({"objective": "o1", "signatory": "a"})
        );
        assert_eq!(c.old, serde_json::json!(950000));
        assert_eq!(c.new, serde_json::json!(975000));
        assert_eq!(c.delta(), Some(25000.0));
        assert_eq!(c.delta_pct(), Some(2.63));
        let o1 = d
            .totals
            .by_objective
            .iter()
            .find(|r| r.id.as_deref() == Some("o1"));
        assert_eq!(
            o1.unwrap().budget_eur,
            Amount {
                old: 950000.0,
                new: 975000.0
            }
        );
    }

    #[test]
    fn added_and_removed_entries_carry_the_whole_entry() {
        let new = BASE.replace("objective = \"o2\"", "objective = \"o3\"");
        let d = diff_annexes(&annex(BASE), &annex(&new));
        let kinds: Vec<_> = d.changes.iter().map(|c| (c.kind, c.field)).collect();
        assert_eq!(
            kinds,
            vec![(ChangeKind::Removed, None), (ChangeKind::Added, None)]
        );
        assert_eq!(
            d.changes[1].new,
            serde_json::json!({"objective": "o3", "signatory": "b", "text": "appui"})
        );
        assert_eq!(d.changes[1].delta(), None);
    }

    #[test]
    fn percent_is_null_when_old_is_zero_or_missing() {
        let new = BASE.replace("text = \"appui\"", "text = \"appui\"\netp = 0.5");
        let d = diff_annexes(&annex(BASE), &annex(&new));
        assert_eq!(d.changes.len(), 1);
        assert_eq!(d.changes[0].delta(), Some(0.5));
        assert_eq!(d.changes[0].delta_pct(), None);
        assert_eq!(pct(0.0, 3.0), None);
        assert_eq!(pct(3.0, 0.0), Some(-100.0));
    }

    #[test]
    fn repeated_keys_are_matched_by_occurrence() {
        let dup = format!("{BASE}\n[[targets]]\nindicator = \"i1\"\ntarget = 12.0\n");
        let d = diff_annexes(&annex(BASE), &annex(&dup));
        assert_eq!(d.changes.len(), 1);
        assert_eq!(d.changes[0].kind, ChangeKind::Added);
        assert_eq!(d.changes[0].key["occurrence"], serde_json::json!(2));
    }

    #[test]
    fn conventions_are_compared_by_key() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/base/crpc-minimal/convention.toml"
        ))
        .unwrap();
        let (old, d) = parse_convention(0, &text);
        assert!(d.is_empty());
        let old = old.unwrap();
        let mut new = old.clone();
        new.signatories.reverse();
        new.header.title.value = "Nouveau titre".into();
        new.signatories.pop();
        let d = diff_conventions(&old, &new);
        let got: Vec<_> = d
            .changes
            .iter()
            .map(|c| (c.kind, c.section, c.key_label(), c.field))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    ChangeKind::Changed,
                    Section::Convention,
                    "—".into(),
                    Some("title")
                ),
                (
                    ChangeKind::Removed,
                    Section::Signatories,
                    "etat".into(),
                    None
                ),
            ]
        );
    }

    #[test]
    fn ten_thousand_means_compare_quickly() {
        let mut a = String::from("[annex]\nconvention = \"c\"\nyear = 2025\n");
        for i in 0..10_000 {
            a.push_str(&format!(
                "[[means]]\nobjective = \"o{}\"\nsignatory = \"s{}\"\nbudget_eur = {}\n",
                i % 100,
                i / 100,
                i
            ));
        }
        let b = a.replace("budget_eur = 5", "budget_eur = 6");
        let d = diff_annexes(&annex(&a), &annex(&b));
        assert!(d.changes.len() > 1000);
    }
}
