//! `unknown-reference`: an id that names no signatory, objective, indicator, known legal text
//! or convention. Every reference must resolve, or the rendered text would point at nothing.

use std::cell::Cell;
use std::collections::HashSet;

use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity, backticked, closest};
use crate::model::{Annex, refs};
use crate::source::{FileId, Sp};

pub static RULE: Rule = Rule {
    code: "unknown-reference",
    severity: Severity::Error,
    kinds: &[],
    summary: "un identifiant renvoie à un signataire, objectif, indicateur, visa ou convention inexistant",
    explanation: "Les objectifs, engagements, outils du plan de coordination, instances de \
pilotage, groupes de parties, ordre des signatures, sections et annexes désignent les \
signataires, objectifs et indicateurs par leur identifiant ; \
les visas désignent les textes par une référence connue (`code-travail:L6123-4`, `srdeii`…) ; une \
annexe désigne sa convention par son `id`. Chaque renvoi doit exister.",
    reference: None,
    recommendation: None,
    failing: "[[objectives]]\nid = \"diag\"\nsignatories = [\"pole-emploi\"]\n",
    passing: "[[objectives]]\nid = \"diag\"\nsignatories = [\"ft\"]\n",
};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    let f = c.file;
    let signatories = Known::new(c.signatories.iter().map(|s| s.id.value.as_str()).collect());
    let objectives = Known::new(c.objectives.iter().map(|o| o.id.value.as_str()).collect());
    let indicators = Known::new(
        c.all_indicators()
            .map(|(_, i)| i.id.value.as_str())
            .collect(),
    );
    let sig = "signataire";
    for o in &c.objectives {
        for s in &o.signatories {
            check_ref(out, f, s, &signatories, sig, true);
        }
        for k in &o.commitments {
            check_ref(out, f, &k.signatory, &signatories, sig, false);
        }
    }
    for n in &c.not_applicable {
        check_ref(out, f, &n.signatory, &signatories, sig, false);
    }
    if let Some(plan) = &c.coordination_plan {
        for op in plan.tools.iter().flat_map(|t| &t.operators) {
            check_ref(out, f, op, &signatories, sig, false);
        }
    }
    if let Some(steering) = c.governance.as_ref().and_then(|g| g.steering.as_ref()) {
        for m in &steering.members {
            check_ref(out, f, m, &signatories, sig, false);
        }
    }
    for r in c.visas.iter().filter_map(|v| v.reference.as_ref()) {
        visa_ref(out, f, r);
    }
    for id in c.document.iter().flat_map(|d| d.sides.iter().flatten()) {
        check_ref(out, f, id, &signatories, sig, false);
    }
    for id in c.header.signature.iter().flat_map(|s| &s.order) {
        check_ref(out, f, id, &signatories, sig, false);
    }
    for include in c.sections.iter().flat_map(|s| &s.include) {
        if let crate::model::Include::Objective(id) = &include.value {
            let id = Sp::new(id.clone(), include.span);
            check_ref(out, f, &id, &objectives, "objectif", false);
        }
    }
    for a in ctx.annexes() {
        annex_refs(ctx, out, a, &signatories, &objectives, &indicators);
    }
}

/// A visa names a known legal text (`code-travail:<article>` or a known act).
fn visa_ref(out: &mut Vec<Diagnostic>, f: FileId, r: &Sp<String>) {
    if refs::resolve(r).is_some() {
        return;
    }
    let acts: Vec<&str> = refs::act_ids().collect();
    let mut help = format!(
        "références connues : `code-travail:<article>` (par exemple `code-travail:L6123-4`), {}",
        backticked(&acts)
    );
    if let Some(best) = closest(r, acts.iter().copied()) {
        help = format!("vouliez-vous dire `{best}` ? {help}");
    }
    out.push(
        RULE.at(
            f,
            r.span,
            format!("référence de visa inconnue `{}`", r.value),
        )
        .label("inconnue")
        .help(format!(
            "{help} ; sans référence connue, écrivez le visa dans `text`"
        )),
    );
}

/// An annex names the convention of its folder, and its means, targets and investments name
/// the convention's objectives, indicators and signatories.
fn annex_refs(
    ctx: &Ctx<'_>,
    out: &mut Vec<Diagnostic>,
    a: &Annex,
    signatories: &Known<'_>,
    objectives: &Known<'_>,
    indicators: &Known<'_>,
) {
    let c = ctx.conv;
    let sig = "signataire";
    let conv_id = &a.header.convention;
    if conv_id.value != c.header.id.value {
        let message = format!(
            "cette annexe renvoie à la convention `{}`, pas à `{}` dont elle occupe le dossier",
            conv_id.value, c.header.id.value
        );
        out.push(
            RULE.at(a.file, conv_id.span, message)
                .label("convention")
                .help(format!(
                    "l'annexe d'un dossier renvoie à sa convention : convention = \"{}\"",
                    c.header.id.value
                )),
        );
    }
    for m in &a.means {
        check_ref(out, a.file, &m.objective, objectives, "objectif", false);
        check_ref(out, a.file, &m.signatory, signatories, sig, false);
    }
    for t in &a.targets {
        check_ref(out, a.file, &t.indicator, indicators, "indicateur", false);
    }
    for i in &a.investments {
        check_ref(out, a.file, &i.signatory, signatories, sig, false);
    }
}

/// The ids a reference may name: a set for lookups and the declaration order for help
/// messages. Lookups, help lists and "did you mean" suggestions stay linear in the number of
/// references however many ids a file declares (`docs/reliability.md`).
struct Known<'a> {
    list: Vec<&'a str>,
    set: HashSet<&'a str>,
    /// Comparisons left for suggestions: each costs one string similarity per known id.
    budget: Cell<usize>,
}

/// Ids listed in full in a help message; longer lists are cut.
const HELP_IDS: usize = 20;
/// String comparisons spent on "did you mean" suggestions for one kind of reference.
const SUGGESTION_BUDGET: usize = 200_000;

impl<'a> Known<'a> {
    fn new(list: Vec<&'a str>) -> Self {
        let set = list.iter().copied().collect();
        Known {
            list,
            set,
            budget: Cell::new(SUGGESTION_BUDGET),
        }
    }

    fn contains(&self, id: &str) -> bool {
        self.set.contains(id)
    }

    /// `a`, `b`, `c`, or the first [`HELP_IDS`] and the count.
    fn shown(&self) -> String {
        if self.list.len() <= HELP_IDS {
            backticked(&self.list)
        } else {
            format!(
                "{}… ({} au total)",
                backticked(&self.list[..HELP_IDS]),
                self.list.len()
            )
        }
    }

    fn closest(&self, id: &str) -> Option<&'a str> {
        let cost = self.list.len();
        let left = self.budget.get();
        if cost > left {
            return None;
        }
        self.budget.set(left - cost);
        closest(id, self.list.iter().copied())
    }
}

/// Reports `reference` when it is not one of `known`.
fn check_ref(
    out: &mut Vec<Diagnostic>,
    file: FileId,
    reference: &Sp<String>,
    known: &Known<'_>,
    what: &str,
    allow_star: bool,
) {
    let r = reference.value.as_str();
    if known.contains(r) || (allow_star && r == "*") {
        return;
    }
    let mut help = if known.list.is_empty() {
        format!("aucun {what} n'est déclaré")
    } else {
        format!("{what}s déclarés : {}", known.shown())
    };
    if let Some(best) = known.closest(r) {
        help = format!("vouliez-vous dire `{best}` ? {help}");
    }
    if allow_star {
        help.push_str(" ; `*` désigne tous les signataires");
    }
    out.push(
        RULE.at(
            file,
            reference.span,
            format!("aucun {what} n'a l'identifiant `{r}`"),
        )
        .label("inconnu")
        .help(help),
    );
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;

    #[test]
    fn unknown_signatory_with_suggestion() {
        let conv = edit(
            BASE,
            "operators = [\"ft\", \"ml\"]",
            "operators = [\"ft\", \"mll\"]",
        );
        let d = run_code("unknown-reference", &conv, &base_annexes());
        assert_eq!(d.len(), 1);
        assert!(
            d[0].help
                .as_deref()
                .unwrap()
                .contains("vouliez-vous dire `ml`")
        );
    }

    #[test]
    fn unknown_visa_ref_and_annex_refs() {
        let conv = edit(BASE, "ref = \"srdeii\"", "ref = \"srdei\"");
        let mut annexes = base_annexes();
        annexes[1].1 = edit(
            &annexes[1].1,
            "indicator = \"nb-bilans\"",
            "indicator = \"nb-bilan\"",
        );
        annexes[2].1 = edit(
            &annexes[2].1,
            "convention = \"crpc-minimal\"",
            "convention = \"autre\"",
        );
        let d = run_code("unknown-reference", &conv, &annexes);
        let messages: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(d.len(), 3, "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("srdei")));
        assert!(messages.iter().any(|m| m.contains("nb-bilan")));
        assert!(messages.iter().any(|m| m.contains("`autre`")));
    }

    #[test]
    fn declared_ids_known_refs_and_star_are_accepted() {
        // The base cites every kind of reference: `*`, operators, means, targets, visas.
        assert!(run_code("unknown-reference", BASE, &base_annexes()).is_empty());
        let conv = edit(
            BASE,
            "operators = [\"ft\", \"ml\"]",
            "operators = [\"ml\", \"cap\"]",
        );
        assert!(run_code("unknown-reference", &conv, &base_annexes()).is_empty());
    }
}
