//! `structure`: the document the parties describe holds together. A body written in
//! `[[sections]]` is the whole body: `[[articles]]` cannot be added to it, levels go down one at
//! a time, and what the convention defines (objectives, coordination plan, steering committee,
//! evaluation, calendar) must be placed somewhere, once — nothing is inserted that the data did
//! not ask for, so something left out would silently be missing from the signed text.

use std::collections::HashMap;

use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::model::{Convention, Include, Opening};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "structure",
    severity: Severity::Error,
    kinds: &[],
    summary: "le corps écrit en sections est incohérent, ou un élément défini n'est placé nulle part",
    explanation: "Quand une convention écrit son corps en `[[sections]]`, le document produit est \
exactement ces sections : rien n'y est ajouté. Les `[[articles]]` ne s'y mêlent donc pas (erreur), \
les niveaux ne descendent que d'un cran à la fois (une section de niveau 3 suit une section de \
niveau 2 ou 3, erreur), et chaque objectif, le plan de coordination, l'instance de pilotage, les \
modalités d'évaluation et le calendrier doivent être placés dans une section par `include` \
(avertissement s'ils ne le sont pas, ou s'ils le sont deux fois). De même, un signataire est \
rangé dans un seul groupe de `[document] sides`, et un bloc d'ouverture n'est cité qu'une fois.",
    reference: None,
    recommendation: None,
    failing: "[[sections]]\ntitle = \"Objet\"\nlevel = 1\n\n[[sections]]\ntitle = \"Détail\"\nlevel = 3\n",
    passing: "[[sections]]\ntitle = \"Objet\"\nlevel = 1\n\n[[sections]]\ntitle = \"Détail\"\nlevel = 2\n",
};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    sections(c, out);
    if !c.sections.is_empty() {
        placements(c, out);
    }
    document(c, out);
}

fn warning(c: &Convention, span: Span, message: String, help: &str) -> Diagnostic {
    RULE.at(c.file, span, message)
        .severity(Severity::Warning)
        .help(help)
}

/// Articles beside sections, and levels that jump.
fn sections(c: &Convention, out: &mut Vec<Diagnostic>) {
    if let (Some(first), false) = (c.articles.first(), c.sections.is_empty()) {
        out.push(
            RULE.at(
                c.file,
                first.span,
                "des `[[articles]]` s'ajoutent à un corps écrit en `[[sections]]`",
            )
            .label("article")
            .help("écrivez chaque article comme une section (`[[sections]]` avec title, clause et text), à sa place dans le corps"),
        );
    }
    let mut previous = 0u8;
    for s in &c.sections {
        let level = s.level();
        if level > previous + 1 {
            let span = s.level.as_ref().map_or(s.span, |l| l.span);
            out.push(
                RULE.at(
                    c.file,
                    span,
                    format!(
                        "la section « {} » est de niveau {level} mais suit une section de niveau {previous}",
                        s.title.value.trim()
                    ),
                )
                .label("niveau")
                .help(format!(
                    "une section descend d'un niveau à la fois : level = {}",
                    previous + 1
                )),
            );
        }
        previous = level;
    }
}

/// What the convention defines is placed once in the sections.
fn placements(c: &Convention, out: &mut Vec<Diagnostic>) {
    let mut placed: HashMap<String, Span> = HashMap::new();
    let mut place = |key: String, span: Span, out: &mut Vec<Diagnostic>| {
        if placed.insert(key.clone(), span).is_some() {
            out.push(
                warning(
                    c,
                    span,
                    format!("{key} est placé deux fois dans le document"),
                    "retirez l'un des deux `include`",
                )
                .label("deuxième fois"),
            );
        }
    };
    for include in c.sections.iter().flat_map(|s| &s.include) {
        let keys: Vec<String> = match &include.value {
            Include::Objectives(axis) => c
                .objectives
                .iter()
                .filter(|o| axis.is_none_or(|a| o.axis.value == a))
                .map(|o| format!("l'objectif `{}`", o.id.value))
                .collect(),
            Include::Objective(id) => vec![format!("l'objectif `{id}`")],
            Include::CoordinationPlan => vec!["le plan de coordination".into()],
            Include::Steering => vec!["l'instance de pilotage".into()],
            Include::Evaluation => vec!["les modalités d'évaluation".into()],
            Include::Calendar => vec!["le calendrier".into()],
            Include::Indicators | Include::Annexes => Vec::new(),
        };
        for key in keys {
            place(key, include.span, out);
        }
    }
    let help =
        "placez-le dans une section : include = [\"…\"] (voir docs/format.md, `[[sections]]`)";
    let mut missing = |key: String, span: Span| {
        if !placed.contains_key(&key) {
            out.push(warning(
                c,
                span,
                format!("{key} n'apparaît nulle part dans le document"),
                help,
            ));
        }
    };
    for o in &c.objectives {
        missing(format!("l'objectif `{}`", o.id.value), o.id.span);
    }
    if let Some(p) = &c.coordination_plan {
        missing("le plan de coordination".into(), p.span);
    }
    if let Some(g) = &c.governance {
        if let Some(s) = &g.steering {
            missing("l'instance de pilotage".into(), s.span);
        }
        if let Some(e) = &g.evaluation {
            missing("les modalités d'évaluation".into(), e.span);
        }
        if let Some(m) = g.calendar.first() {
            missing("le calendrier".into(), m.span);
        }
    }
}

/// Sides and opening blocks each given once.
fn document(c: &Convention, out: &mut Vec<Diagnostic>) {
    let Some(d) = &c.document else { return };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (g, side) in d.sides.iter().enumerate() {
        for id in side {
            if let Some(first) = seen.insert(id.value.as_str(), g)
                && first != g
            {
                out.push(
                    warning(
                        c,
                        id.span,
                        format!(
                            "le signataire `{}` est dans deux groupes de parties",
                            id.value
                        ),
                        "rangez chaque signataire dans un seul groupe de `sides`",
                    )
                    .label("deuxième groupe"),
                );
            }
        }
    }
    if !d.sides.is_empty() {
        for s in &c.signatories {
            if !seen.contains_key(s.id.value.as_str()) {
                out.push(warning(
                    c,
                    s.id.span,
                    format!(
                        "le signataire `{}` n'est dans aucun groupe de `[document] sides` : il n'apparaîtra pas parmi les parties",
                        s.id.value
                    ),
                    "ajoutez son identifiant à l'un des groupes de `sides`",
                ));
            }
        }
    }
    let mut openings: Vec<Opening> = Vec::new();
    for o in &d.opening {
        if openings.contains(&o.value) {
            out.push(warning(
                c,
                o.span,
                format!("le bloc `{}` est cité deux fois dans `opening`", o.value),
                "citez chaque bloc d'ouverture une seule fois",
            ));
        }
        openings.push(o.value);
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;

    fn with(extra: &str) -> String {
        format!("{BASE}\n{extra}")
    }

    #[test]
    fn levels_that_jump_and_articles_beside_sections() {
        let d = codes(
            "structure",
            &with("[[sections]]\ntitle = \"A\"\n\n[[sections]]\ntitle = \"B\"\nlevel = 3\n"),
        );
        assert!(d.iter().any(|d| d.message.contains("niveau 3")), "{d:#?}");
        let with_articles =
            with("[[sections]]\ntitle = \"A\"\n\n[[articles]]\ntitle = \"B\"\ntext = \"…\"\n");
        let d = codes("structure", &with_articles);
        assert!(
            d.iter().any(|d| d.message.contains("`[[articles]]`")),
            "{d:#?}"
        );
    }

    #[test]
    fn things_left_out_or_placed_twice() {
        let text = with(
            "[[sections]]\ntitle = \"Objectifs\"\ninclude = [\"objectives:mobilisation\", \"objectives\"]\n",
        );
        let d = codes("structure", &text);
        assert!(
            d.iter().any(|d| d.message.contains("placé deux fois")),
            "{d:#?}"
        );
        assert!(
            d.iter().any(|d| d
                .message
                .contains("plan de coordination n'apparaît nulle part")),
            "{d:#?}"
        );
        assert!(
            d.iter()
                .all(|d| d.severity == crate::diagnostic::Severity::Warning)
        );
    }

    #[test]
    fn sides_and_openings() {
        let text = with(
            "[document]\nsides = [[\"etat\", \"region\"], [\"region\"]]\nopening = [\"parties\", \"parties\"]\n",
        );
        let d = codes("structure", &text);
        assert!(
            d.iter().any(|d| d.message.contains("deux groupes")),
            "{d:#?}"
        );
        assert!(
            d.iter().any(|d| d.message.contains("aucun groupe")),
            "{d:#?}"
        );
        assert!(
            d.iter().any(|d| d.message.contains("cité deux fois")),
            "{d:#?}"
        );
    }

    #[test]
    fn a_complete_structure_passes() {
        assert!(codes("structure", BASE).is_empty());
        let text = with(
            "[[sections]]\ntitle = \"Objectifs\"\ninclude = [\"objectives\"]\n\n[[sections]]\ntitle = \"Coordination\"\nlevel = 2\ninclude = [\"coordination-plan\"]\n\n[[sections]]\ntitle = \"Pilotage\"\ninclude = [\"steering\", \"evaluation\"]\n",
        );
        let all = run(&text, &base_annexes());
        assert!(all.iter().all(|d| d.code() != "schema"), "{all:#?}");
        assert!(
            codes("structure", &text).is_empty(),
            "{:#?}",
            codes("structure", &text)
        );
    }
}
