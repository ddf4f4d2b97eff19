//! Totals of the compared annexes, old → new: the `etp` and `budget_eur` of the means and the
//! `amount_eur` of the investments, summed per signatory, per objective and overall.

use std::collections::HashMap;

use crate::model::Annex;

use super::labels::Labels;
use super::{pct, round};

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

    /// Adds `x` to the old or the new figure.
    fn add(&mut self, new_side: bool, x: f64) {
        if new_side {
            self.new += x;
        } else {
            self.old += x;
        }
    }

    fn rounded(self) -> Amount {
        Amount {
            old: round(self.old, 6),
            new: round(self.new, 6),
        }
    }
}

/// Sums of one group (a signatory, an objective, or everything) in one annex.
#[derive(Clone, Debug, PartialEq)]
pub struct TotalRow {
    pub convention: Option<String>,
    pub year: Option<i64>,
    /// Signatory or objective id; `None` in the overall rows.
    pub id: Option<String>,
    /// The signatory's short name or the objective's number and title, when the convention
    /// is known.
    pub name: Option<String>,
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

/// The sums of one group while they are added up.
#[derive(Default)]
struct Acc {
    etp: Amount,
    budget: Amount,
    inv: Amount,
}

/// Sums per id, in the order the ids were first met.
#[derive(Default)]
struct Groups<'a> {
    list: Vec<(&'a str, Acc)>,
    index: HashMap<&'a str, usize>,
}

impl<'a> Groups<'a> {
    fn get(&mut self, id: &'a str) -> &mut Acc {
        let n = self.list.len();
        let i = *self.index.entry(id).or_insert(n);
        if i == n {
            self.list.push((id, Acc::default()));
        }
        &mut self.list[i].1
    }

    /// The groups in document order: as the convention lists its signatories and objectives
    /// when it is known, else in the order of the annexes (new one first).
    fn ordered(mut self, labels: &Labels) -> Vec<(&'a str, Acc)> {
        let rank = |id: &str| labels.order(id).unwrap_or(usize::MAX);
        // Stable: ids the convention does not know stay in the order they were met.
        self.list.sort_by_key(|(id, _)| rank(id));
        self.list
    }
}

/// Adds the rows of two versions of an annex (either may be absent) to `totals`, in document
/// order, each named as the convention names it.
pub(super) fn add(
    totals: &mut Totals,
    (unit, year): (Option<String>, Option<i64>),
    old: Option<&Annex>,
    new: Option<&Annex>,
    labels: &Labels,
) {
    let mut by_sig = Groups::default();
    let mut by_obj = Groups::default();
    let mut all = Acc::default();
    for (side, annex) in [(true, new), (false, old)] {
        let Some(annex) = annex else { continue };
        for m in &annex.means {
            let etp = m.etp.as_ref().map_or(0.0, |v| v.value);
            let budget = m.budget_eur.as_ref().map_or(0.0, |v| v.value);
            for acc in [
                by_sig.get(m.signatory.value.as_str()),
                by_obj.get(m.objective.value.as_str()),
                &mut all,
            ] {
                acc.etp.add(side, etp);
                acc.budget.add(side, budget);
            }
        }
        for i in &annex.investments {
            let acc = by_sig.get(i.signatory.value.as_str());
            acc.inv.add(side, i.amount_eur.value);
            all.inv.add(side, i.amount_eur.value);
        }
    }
    let row = |id: Option<&str>, acc: &Acc, inv: bool| TotalRow {
        convention: unit.clone(),
        year,
        id: id.map(str::to_string),
        name: id.and_then(|id| labels.total_name(id)),
        etp: acc.etp.rounded(),
        budget_eur: acc.budget.rounded(),
        investments_eur: inv.then(|| acc.inv.rounded()),
    };
    let named = |(k, a): &(&str, Acc), inv| row(Some(k), a, inv);
    totals
        .by_signatory
        .extend(by_sig.ordered(labels).iter().map(|e| named(e, true)));
    totals
        .by_objective
        .extend(by_obj.ordered(labels).iter().map(|e| named(e, false)));
    totals.overall.push(row(None, &all, true));
}

#[cfg(test)]
mod tests {
    use super::Amount;
    use crate::diff::testing::budget_raised;

    #[test]
    fn totals_follow_a_changed_budget() {
        let d = budget_raised();
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
}
