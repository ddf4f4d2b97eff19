//! Entries: each section of a convention or annex as a list of keyed entries whose fields
//! borrow their values from the model; JSON values are only built for what changed.

mod align;
mod annex;
mod convention;

use serde_json::Value;

use crate::source::Sp;

use super::{Section, num};

pub(super) use align::align;
pub(super) use annex::annex;
pub(super) use convention::{convention, convention_summary};

/// Key of an entry: its section, its key values (at most two; unused ones are empty).
pub(super) type EntryKey<'a> = (Section, [&'a str; 2]);

pub(super) struct Entry<'a> {
    pub(super) key: EntryKey<'a>,
    /// Declaration order, to keep repeated keys in the order they were written.
    seq: usize,
    /// Position among the entries of its section (0-based).
    pub(super) index: usize,
    /// Occurrence number when a key is repeated (0 for the first).
    pub(super) occurrence: usize,
    /// Names of the key fields.
    pub(super) names: [&'static str; 2],
    pub(super) arity: usize,
    /// Every field in declaration order, key fields included; `Null` when absent.
    pub(super) fields: Vec<(&'static str, Field<'a>)>,
}

impl Entry<'_> {
    /// The entry as a JSON object, without its absent fields.
    pub(super) fn whole(&self) -> Value {
        Value::Object(
            self.fields
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| ((*k).to_string(), v.to_value()))
                .collect(),
        )
    }
}

/// A field value, borrowed from the model.
#[derive(Debug)]
pub(super) enum Field<'a> {
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

    pub(super) fn to_value(&self) -> Value {
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

    pub(super) fn as_str(&self) -> Option<&str> {
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
    pub(super) fn same(&self, other: &Field<'_>) -> bool {
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

/// The entries of one side, in declaration order until [`Entries::sorted`].
#[derive(Default)]
pub(super) struct Entries<'a> {
    list: Vec<Entry<'a>>,
    /// Entries pushed so far, per section.
    counts: Vec<usize>,
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
        let i = section as usize;
        if self.counts.len() <= i {
            self.counts.resize(i + 1, 0);
        }
        let index = self.counts[i];
        self.counts[i] += 1;
        self.list.push(Entry {
            key: (section, parts),
            seq: self.list.len(),
            index,
            occurrence: 0,
            names,
            arity: key.len(),
            fields,
        });
    }

    /// An entry with one key field and a hidden second key part (`"id"` for an entry keyed by
    /// id, empty for one keyed by title: see `align`).
    fn push_keyed(
        &mut self,
        section: Section,
        [(name, value), (_, tag)]: [(&'static str, &'a str); 2],
        fields: Vec<(&'static str, Field<'a>)>,
    ) {
        self.push(section, &[(name, value)], fields);
        if let Some(e) = self.list.last_mut() {
            e.key.1[1] = tag;
        }
    }

    /// The entries of one section whose key is their title (no `id`), in order.
    fn titled(&mut self, section: Section) -> Vec<&mut Entry<'a>> {
        self.list
            .iter_mut()
            .filter(|e| e.key.0 == section && e.key.1[1].is_empty())
            .collect()
    }

    /// Sorts by key (keeping declaration order among repeated keys) and numbers repeats.
    pub(super) fn sorted(mut self) -> Vec<Entry<'a>> {
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

// Field constructors, from the model's spanned values: `s` a string, `e` any value shown as
// text (enums, dates), `n` a number, `list` a list of strings; the `o…` forms take an
// optional value (`Null` when absent).

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

#[cfg(test)]
mod tests {
    use crate::diff::testing::diff_base;

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
        let d = diff_base(reordered);
        assert!(d.is_empty(), "{:?}", d.changes);
    }
}
