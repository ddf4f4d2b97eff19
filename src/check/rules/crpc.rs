//! Rules of the CRPC (article L.6123-4 of the code du travail and CNEFOP recommendations).

use std::collections::HashSet;

use crate::check::Ctx;
use crate::diagnostic::Rule;
use crate::diagnostic::{Diagnostic, Severity, backticked};
use crate::model::refs;
use crate::model::regime::{self, REGIMES};
use crate::model::{Axis, Kind, Role, Status};
use crate::source::Span;

const CRPC: &[Kind] = &[Kind::Crpc];
const L6123_4: Option<&str> = Some("code-travail:L6123-4");

pub static SIGNATORY_MISSING: Rule = Rule {
    code: "signatory-missing",
    severity: Severity::Error,
    kinds: CRPC,
    summary: "un signataire exigé par l'article L. 6123-4 manque",
    explanation: "La convention régionale pluriannuelle de coordination est signée par le \
président du conseil régional, le préfet de région, France Travail (Pôle emploi avant 2024), les \
représentants régionaux des missions locales, de Cap emploi, des maisons de l'emploi et des \
structures gestionnaires des PLIE. Les maisons de l'emploi et les PLIE n'existant pas partout, la \
convention peut les déclarer absents du territoire dans `[[absent_roles]]`, avec une raison ; les \
autres signataires ne peuvent pas être déclarés absents.",
    reference: L6123_4,
    failing: "[[absent_roles]]\nrole = \"missions-locales\"\nreason = \"pas de réseau régional\"\n",
    passing: "[[absent_roles]]\nrole = \"plie\"\nreason = \"aucun PLIE n'est actif dans la région\"\n",
};

pub static AXIS_UNCOVERED: Rule = Rule {
    code: "axis-uncovered",
    severity: Severity::Error,
    kinds: CRPC,
    summary: "un signataire n'a pas d'objectif ou d'engagement sur l'un des items 1° à 4°",
    explanation: "Pour chaque signataire, la convention détermine 1° les conditions dans \
lesquelles il mobilise de manière coordonnée les outils des politiques de l'emploi et de la \
formation (`mobilisation`), 2° sa participation, le cas échéant, au SPRO (`spro`), 3° son action, \
le cas échéant, au sein du SPRF (`sprf`) et 4° les modalités d'évaluation (`evaluation`). Un \
signataire couvre un axe quand un objectif de cet axe le cite dans `signatories` (ou cite `*`) ou \
porte un engagement de sa part. Les items 2° et 3° peuvent être déclarés sans objet pour un \
signataire dans `[[not_applicable]]` ; les items 1° et 4° jamais.",
    reference: L6123_4,
    failing: "[[objectives]]\nid = \"orienter\"\naxis = \"spro\"\nsignatories = [\"region\"]\n# ft n'a rien sur le SPRO\n",
    passing: "[[objectives]]\nid = \"orienter\"\naxis = \"spro\"\nsignatories = [\"region\", \"ft\"]\n",
};

pub static COORDINATION_PLAN: Rule = Rule {
    code: "coordination-plan",
    severity: Severity::Error,
    kinds: CRPC,
    summary: "pas de plan de coordination des outils du service public de l'emploi",
    explanation: "Un plan de coordination des outils qui concourent au service public de \
l'emploi, visant à rationaliser et à mutualiser les interventions à l'échelle des bassins \
d'emploi, est inscrit dans la convention. `[coordination_plan]` le décrit et liste au moins un \
outil (`[[coordination_plan.tools]]`) avec ses opérateurs.",
    reference: L6123_4,
    failing: "[coordination_plan]\ntext = \"À définir.\"\n",
    passing: "[coordination_plan]\ntext = \"Accueil commun par bassin d'emploi.\"\n\n[[coordination_plan.tools]]\nname = \"Accueil commun\"\noperators = [\"ft\", \"ml\"]\n",
};

pub static VISA_MISSING: Rule = Rule {
    code: "visa-missing",
    severity: Severity::Warning,
    kinds: CRPC,
    summary: "un visa attendu manque (L. 6123-4, stratégie coordonnée, SRDEII, CPRDFOP, convention tripartite)",
    explanation: "La convention est établie en cohérence avec la stratégie coordonnée de l'État \
et de la Région (L. 6123-4-1), le SRDEII, le CPRDFOP et, pour France Travail, la convention \
tripartite État–Unédic–France Travail (L. 5312-3). Ses visas citent ces actes et l'article \
L. 6123-4 par leur référence (`ref`), jamais par des mots du texte libre.",
    reference: L6123_4,
    failing: "[[visas]]\ntext = \"Vu le code du travail, notamment son article L. 6123-4\"\n",
    passing: "[[visas]]\nref = \"code-travail:L6123-4\"\n",
};

pub static OPINION_MISSING: Rule = Rule {
    code: "opinion-missing",
    severity: Severity::Error,
    kinds: CRPC,
    summary: "pas d'avis du comité régional (CREFOP, comité régional pour l'emploi)",
    explanation: "La convention est soumise pour avis au comité régional : le CREFOP jusqu'en \
2023, le comité régional pour l'emploi depuis la loi pour le plein emploi. Une convention finale \
ou signée cite cet avis et sa date dans `governance.opinion` ; pour un projet, son absence n'est \
qu'une information.",
    reference: Some("code-travail:L6123-3"),
    failing: "[governance]\nevaluation = \"Bilan annuel.\"\n",
    passing: "[governance]\nopinion = { body = \"comité régional pour l'emploi\", date = 2025-02-20 }\n",
};

pub static DURATION: Rule = Rule {
    code: "duration",
    severity: Severity::Error,
    kinds: CRPC,
    summary: "durée inférieure à 2 ans (erreur) ou différente de 3 ans (information)",
    explanation: "La convention est pluriannuelle : moins de deux ans est une erreur. Le CNEFOP \
préconise une durée de 3 ans, qui laisse à mi-mandat l'occasion d'une nouvelle impulsion ; une \
autre durée est signalée pour information.",
    reference: L6123_4,
    failing: "[convention]\nstart = 2025-01-01\nend = 2025-12-31\n",
    passing: "[convention]\nstart = 2025-01-01\nend = 2027-12-31\n",
};

pub static INDICATOR_MISSING: Rule = Rule {
    code: "indicator-missing",
    severity: Severity::Warning,
    kinds: CRPC,
    summary: "un objectif n'a aucun indicateur",
    explanation: "L'item 4° de l'article L. 6123-4 demande les modalités d'évaluation des \
actions : chaque objectif porte au moins un indicateur de suivi (`[[objectives.indicators]]`), \
dont les annexes annuelles fixent les cibles.",
    reference: L6123_4,
    failing: "[[objectives]]\nid = \"orienter\"\naxis = \"spro\"\ntitle = \"Contribuer au SPRO\"\n",
    passing: "[[objectives]]\nid = \"orienter\"\naxis = \"spro\"\ntitle = \"Contribuer au SPRO\"\n  [[objectives.indicators]]\n  id = \"nb-orientes\"\n  label = \"Personnes orientées\"\n  unit = \"personnes\"\n",
};

pub static MEANS_MISSING: Rule = Rule {
    code: "means-missing",
    severity: Severity::Warning,
    kinds: CRPC,
    summary: "une annexe annuelle ne donne aucun moyen pour un objectif",
    explanation: "Les annexes annuelles détaillent les moyens affectés à chaque objectif (ETP, \
budget, ou description) : un objectif sans moyen dans l'annexe d'une année n'est pas financé \
cette année-là.",
    reference: L6123_4,
    failing: "[annex]\nconvention = \"crpc-x\"\nyear = 2025\n# aucun [[means]] pour l'objectif orienter\n",
    passing: "[annex]\nconvention = \"crpc-x\"\nyear = 2025\n\n[[means]]\nobjective = \"orienter\"\nsignatory = \"ft\"\netp = 2.5\n",
};

pub static TARGET_MISSING: Rule = Rule {
    code: "target-missing",
    severity: Severity::Warning,
    kinds: CRPC,
    summary: "une annexe annuelle ne fixe aucune cible pour un indicateur",
    explanation: "Chaque annexe annuelle fixe la cible de chaque indicateur pour l'année \
(`[[targets]]`), et sa valeur réalisée (`actual`) au bilan.",
    reference: L6123_4,
    failing: "[annex]\nconvention = \"crpc-x\"\nyear = 2025\n# aucune [[targets]] pour nb-orientes\n",
    passing: "[annex]\nconvention = \"crpc-x\"\nyear = 2025\n\n[[targets]]\nindicator = \"nb-orientes\"\ntarget = 1200.0\n",
};

pub static REGIME_NAME: Rule = Rule {
    code: "regime-name",
    severity: Severity::Warning,
    kinds: CRPC,
    summary: "Pôle emploi ou le CREFOP nommés sous le régime de 2024 (ou l'inverse)",
    explanation: "Depuis le 1er janvier 2024 (loi n° 2023-1196 pour le plein emploi), Pôle emploi \
est devenu France Travail et le comité régional pour l'emploi a remplacé le CREFOP. Une convention \
du régime `plein-emploi-2024` qui donne à un signataire le rôle `pole-emploi` ou cite l'avis du \
CREFOP, ou une convention antérieure qui nomme France Travail ou le comité régional pour l'emploi, \
reçoit un avertissement avec la correction. Le régime suit la date de début (`start`) ou la clé \
`regime`.",
    reference: Some("code-travail:L5312-1"),
    failing: "[convention]\nstart = 2025-01-01\n\n[[signatories]]\nid = \"pe\"\nrole = \"pole-emploi\"\n",
    passing: "[convention]\nstart = 2025-01-01\n\n[[signatories]]\nid = \"ft\"\nrole = \"france-travail\"\n",
};

fn is_institution(role: Role) -> bool {
    regime::institution_roles().any(|r| r == role)
}

pub(crate) fn signatory_missing(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    let r = ctx.regime;
    for absent in &c.absent_roles {
        if !r.may_be_absent.contains(&absent.role.value) {
            out.push(
                SIGNATORY_MISSING
                    .at(c.file, absent.role.span, format!("le rôle `{}` ne peut pas être déclaré absent", absent.role.value))
                    .label("obligatoire")
                    .help(format!(
                        "seuls {} peuvent manquer au territoire ; ajoutez ce signataire dans [[signatories]]",
                        backticked(r.may_be_absent.iter().map(|r| r.as_str()))
                    )),
            );
        }
    }
    for &role in r.required_roles {
        let present = c.signatories.iter().any(|s| {
            s.role.value == role || (is_institution(role) && is_institution(s.role.value))
        });
        let declared_absent =
            r.may_be_absent.contains(&role) && c.absent_roles.iter().any(|a| a.role.value == role);
        if present || declared_absent {
            continue;
        }
        let mut help = format!("ajoutez un [[signatories]] avec role = \"{role}\"");
        if r.may_be_absent.contains(&role) {
            help.push_str(&format!(
                ", ou, s'il n'en existe pas dans la région, un [[absent_roles]] avec role = \"{role}\" et une raison"
            ));
        }
        out.push(
            SIGNATORY_MISSING
                .at(
                    c.file,
                    c.header.span,
                    format!(
                        "signataire obligatoire absent : {} (`{role}`)",
                        role.label()
                    ),
                )
                .help(help),
        );
    }
}

/// Who covers each axis: a signatory covers an axis when an objective of that axis lists its
/// id (or `*`) in `signatories`, or holds a commitment of it. One pass over the objectives.
struct Coverage<'a> {
    covered: HashSet<(&'a str, Axis)>,
    everyone: HashSet<Axis>,
}

impl<'a> Coverage<'a> {
    fn of(conv: &'a crate::model::Convention) -> Self {
        let mut covered = HashSet::new();
        let mut everyone = HashSet::new();
        for o in &conv.objectives {
            let axis = o.axis.value;
            for s in &o.signatories {
                if s.value == "*" {
                    everyone.insert(axis);
                } else {
                    covered.insert((s.value.as_str(), axis));
                }
            }
            for k in &o.commitments {
                covered.insert((k.signatory.value.as_str(), axis));
            }
        }
        Coverage { covered, everyone }
    }

    fn covers(&self, id: &str, axis: Axis) -> bool {
        self.everyone.contains(&axis) || self.covered.contains(&(id, axis))
    }
}

pub(crate) fn axis_uncovered(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    for na in &c.not_applicable {
        if !matches!(na.axis.value, Axis::Spro | Axis::Sprf) {
            out.push(
                AXIS_UNCOVERED
                    .at(c.file, na.axis.span, format!("l'axe `{}` ne peut pas être déclaré sans objet", na.axis.value))
                    .label("toujours applicable")
                    .help("seuls les items 2° (`spro`) et 3° (`sprf`) s'appliquent « le cas échéant »"),
            );
        }
    }
    let coverage = Coverage::of(c);
    let not_applicable: HashSet<(&str, Axis)> = c
        .not_applicable
        .iter()
        .map(|n| (n.signatory.value.as_str(), n.axis.value))
        .collect();
    for s in &c.signatories {
        for axis in [Axis::Mobilisation, Axis::Spro, Axis::Sprf, Axis::Evaluation] {
            if coverage.covers(&s.id.value, axis) {
                continue;
            }
            let optional = matches!(axis, Axis::Spro | Axis::Sprf);
            if optional && not_applicable.contains(&(s.id.value.as_str(), axis)) {
                continue;
            }
            let mut help = format!(
                "citez `{}` dans `signatories` d'un objectif d'axe `{axis}`, ou ajoutez-lui un [[objectives.commitments]]",
                s.id.value
            );
            if optional {
                help.push_str(&format!(
                    " ; si l'axe est sans objet pour lui : [[not_applicable]] signatory = \"{}\", axis = \"{axis}\", reason = \"…\"",
                    s.id.value
                ));
            }
            out.push(
                AXIS_UNCOVERED
                    .at(
                        c.file,
                        s.id.span,
                        format!(
                            "le signataire `{}` n'a ni objectif ni engagement pour l'item {}",
                            s.id.value,
                            axis.label()
                        ),
                    )
                    .label("signataire")
                    .help(help),
            );
        }
    }
}

pub(crate) fn coordination_plan(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    match &c.coordination_plan {
        None => out.push(
            COORDINATION_PLAN
                .at(c.file, c.header.span, "la convention n'a pas de plan de coordination des outils du service public de l'emploi")
                .help("ajoutez [coordination_plan] avec un texte et au moins un [[coordination_plan.tools]] (name, operators, area)"),
        ),
        Some(plan) if plan.tools.is_empty() => out.push(
            COORDINATION_PLAN
                .at(c.file, plan.span, "le plan de coordination ne liste aucun outil")
                .help("ajoutez au moins un [[coordination_plan.tools]] avec name, operators et area"),
        ),
        Some(_) => {}
    }
}

pub(crate) fn visa_missing(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    let has = |id: &str| {
        c.visas
            .iter()
            .any(|v| v.reference.as_ref().is_some_and(|r| r.value == id))
    };
    let mut expected = vec![
        "code-travail:L6123-4",
        "strategie-coordonnee",
        "srdeii",
        "cprdfop",
    ];
    if c.signatories.iter().any(|s| is_institution(s.role.value)) {
        expected.push("convention-tripartite");
    }
    let span = c.visas.first().map(|v| v.span).unwrap_or(c.header.span);
    for id in expected.into_iter().filter(|id| !has(id)) {
        out.push(
            VISA_MISSING
                .at(c.file, span, format!("visa manquant : {}", refs::describe(id)))
                .help(format!("ajoutez [[visas]] ref = \"{id}\" (avec `date` et un `text` complémentaire si besoin)")),
        );
    }
}

pub(crate) fn opinion_missing(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    let severity = if c.header.status.value == Status::Draft {
        Severity::Info
    } else {
        Severity::Error
    };
    let committee = ctx.regime.committee;
    let opinion = c.governance.as_ref().and_then(|g| g.opinion.as_ref());
    let finding = match opinion {
        None => Some((
            c.governance
                .as_ref()
                .map(|g| g.span)
                .unwrap_or(c.header.span),
            format!("aucun avis du {committee} n'est cité"),
            format!(
                "ajoutez dans [governance] : opinion = {{ body = \"{committee}\", date = AAAA-MM-JJ }}"
            ),
        )),
        Some(o) if !REGIMES.iter().any(|r| r.names_committee(&o.body)) => Some((
            o.body.span,
            format!(
                "`{}` n'est pas le comité régional qui rend l'avis",
                o.body.value
            ),
            format!("l'avis est celui du {committee} : body = \"{committee}\""),
        )),
        Some(o) if o.date.is_none() => Some((
            o.span,
            format!("l'avis du {committee} n'est pas daté"),
            "ajoutez la date de l'avis : date = AAAA-MM-JJ".to_string(),
        )),
        Some(_) => None,
    };
    if let Some((span, message, help)) = finding {
        out.push(
            OPINION_MISSING
                .at(c.file, span, message)
                .severity(severity)
                .help(help),
        );
    }
}

/// Whole months from `start` to the day after `end`.
fn months(start: crate::date::Date, end_exclusive: crate::date::Date) -> i32 {
    let mut m = (end_exclusive.year - start.year) * 12 + i32::from(end_exclusive.month)
        - i32::from(start.month);
    if end_exclusive.day < start.day {
        m -= 1;
    }
    m
}

fn french_months(m: i32) -> String {
    let (y, r) = (m / 12, m % 12);
    let years = match y {
        0 => String::new(),
        1 => "1 an".to_string(),
        _ => format!("{y} ans"),
    };
    match (years.is_empty(), r) {
        (true, _) => format!("{r} mois"),
        (false, 0) => years,
        (false, _) => format!("{years} et {r} mois"),
    }
}

pub(crate) fn duration(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let h = &ctx.conv.header;
    let (start, end) = (h.start.value, h.end.value);
    if end < start {
        return; // `period` reports it
    }
    let after = end.next_day();
    let span = Span::new(
        h.start.span.start.min(h.end.span.start),
        h.end.span.end.max(h.start.span.end),
    );
    let length = french_months(months(start, after));
    if after < start.add_years(2) {
        out.push(
            DURATION
                .at(
                    ctx.conv.file,
                    span,
                    format!(
                        "durée de {length} : la convention doit être pluriannuelle (au moins 2 ans)"
                    ),
                )
                .label("période")
                .help(format!(
                    "le CNEFOP préconise 3 ans : end = {}",
                    start.add_years(3).prev_day()
                )),
        );
    } else if after != start.add_years(3) {
        out.push(
            DURATION
                .at(ctx.conv.file, span, format!("durée de {length} : le CNEFOP préconise 3 ans"))
                .severity(Severity::Info)
                .label("période")
                .help("une durée de 3 ans donne l'occasion, à mi-mandat, d'une nouvelle impulsion selon le bilan"),
        );
    }
}

pub(crate) fn indicator_missing(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for o in ctx
        .conv
        .objectives
        .iter()
        .filter(|o| o.indicators.is_empty())
    {
        out.push(
            INDICATOR_MISSING
                .at(ctx.conv.file, o.id.span, format!("l'objectif `{}` n'a aucun indicateur", o.id.value))
                .label("objectif")
                .help("ajoutez un [[objectives.indicators]] (id, label, unit, frequency, source, baseline)"),
        );
    }
}

pub(crate) fn means_missing(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for a in ctx.annexes() {
        let given: HashSet<&str> = a.means.iter().map(|m| m.objective.value.as_str()).collect();
        for o in &ctx.conv.objectives {
            if !given.contains(o.id.value.as_str()) {
                out.push(
                    MEANS_MISSING
                        .at(a.file, a.header.span, format!("l'annexe {} ne donne aucun moyen pour l'objectif `{}`", a.header.year.value, o.id.value))
                        .help(format!("ajoutez [[means]] objective = \"{}\", signatory = \"…\" avec etp, budget_eur ou text", o.id.value)),
                );
            }
        }
    }
}

pub(crate) fn target_missing(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for a in ctx.annexes() {
        let given: HashSet<&str> = a
            .targets
            .iter()
            .map(|t| t.indicator.value.as_str())
            .collect();
        for (_, i) in ctx.conv.indicators() {
            if !given.contains(i.id.value.as_str()) {
                out.push(
                    TARGET_MISSING
                        .at(
                            a.file,
                            a.header.span,
                            format!(
                                "l'annexe {} ne fixe aucune cible pour l'indicateur `{}`",
                                a.header.year.value, i.id.value
                            ),
                        )
                        .help(format!(
                            "ajoutez [[targets]] indicator = \"{}\", target = …",
                            i.id.value
                        )),
                );
            }
        }
    }
}

pub(crate) fn regime_name(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    let r = ctx.regime;
    for s in &c.signatories {
        let role = s.role.value;
        if is_institution(role) && role != r.institution {
            out.push(
                REGIME_NAME
                    .at(
                        c.file,
                        s.role.span,
                        format!(
                            "sous le régime `{}`, l'institution de l'article L. 5312-1 est {}",
                            r.id, r.institution_name
                        ),
                    )
                    .label("ancien nom")
                    .help(format!(
                        "remplacez role = \"{role}\" par role = \"{}\"",
                        r.institution
                    )),
            );
        }
    }
    if let Some(o) = c.governance.as_ref().and_then(|g| g.opinion.as_ref())
        && !r.names_committee(&o.body)
        && REGIMES
            .iter()
            .any(|other| other.id != r.id && other.names_committee(&o.body))
    {
        out.push(
            REGIME_NAME
                .at(c.file, o.body.span, format!("sous le régime `{}`, l'avis est rendu par le {}", r.id, r.committee))
                .label("ancien nom")
                .help(format!("écrivez body = \"{}\" (ou fixez `regime` si la convention relève d'un autre régime)", r.committee)),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;
    use crate::diagnostic::Severity;

    fn codes(code: &str, conv: &str) -> Vec<crate::diagnostic::Diagnostic> {
        run_code(code, conv, &base_annexes())
    }

    const PLIE: &str = "[[signatories]]\nid = \"plie\"\nrole = \"plie\"\nname = \"PLIE de la région Test\"\nrepresented_by = { name = \"Mme Léa Présidente\", capacity = \"Présidente\" }\n";

    #[test]
    fn missing_plie_unless_declared_absent() {
        let conv = edit(BASE, PLIE, "");
        let conv = conv.replace(", \"plie\"", "");
        let d = codes("signatory-missing", &conv);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("`plie`"));
        let declared =
            format!("{conv}\n[[absent_roles]]\nrole = \"plie\"\nreason = \"aucun PLIE\"\n");
        assert!(codes("signatory-missing", &declared).is_empty());
        assert!(codes("signatory-missing", BASE).is_empty());
    }

    #[test]
    fn required_role_cannot_be_declared_absent() {
        let conv = format!("{BASE}\n[[absent_roles]]\nrole = \"etat\"\nreason = \"non\"\n");
        let d = codes("signatory-missing", &conv);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("ne peut pas être déclaré absent"));
    }

    #[test]
    fn pole_emploi_counts_as_the_institution() {
        let conv = edit(BASE, "role = \"france-travail\"", "role = \"pole-emploi\"");
        assert!(codes("signatory-missing", &conv).is_empty());
    }

    #[test]
    fn uncovered_axis_and_not_applicable() {
        let conv = edit(
            BASE,
            "axis = \"sprf\"\ntitle = \"Agir au sein du SPRF\"\nsignatories = [\"*\"]",
            "axis = \"sprf\"\ntitle = \"Agir au sein du SPRF\"\nsignatories = [\"region\", \"etat\", \"ft\", \"ml\", \"cap\", \"mde\"]",
        );
        let d = codes("axis-uncovered", &conv);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("`plie`") && d[0].message.contains("3°"));
        let na = format!(
            "{conv}\n[[not_applicable]]\nsignatory = \"plie\"\naxis = \"sprf\"\nreason = \"hors champ\"\n"
        );
        assert!(codes("axis-uncovered", &na).is_empty());
        let bad = format!(
            "{BASE}\n[[not_applicable]]\nsignatory = \"plie\"\naxis = \"evaluation\"\nreason = \"non\"\n"
        );
        assert_eq!(codes("axis-uncovered", &bad).len(), 1);
    }

    #[test]
    fn commitment_covers_an_axis() {
        let conv = edit(
            BASE,
            "axis = \"evaluation\"\ntitle = \"Évaluer les actions\"\nsignatories = [\"*\"]",
            "axis = \"evaluation\"\ntitle = \"Évaluer les actions\"\nsignatories = [\"region\", \"etat\", \"ft\", \"ml\", \"cap\", \"mde\"]\n  [[objectives.commitments]]\n  signatory = \"plie\"\n  text = \"Bilan annuel\"",
        );
        assert!(codes("axis-uncovered", &conv).is_empty());
    }

    #[test]
    fn coordination_plan_without_tools() {
        let conv = edit(
            BASE,
            "  [[coordination_plan.tools]]\n  name = \"Accueil commun\"\n  operators = [\"ft\", \"ml\"]\n",
            "",
        );
        let d = codes("coordination-plan", &conv);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("aucun outil"));
        assert!(codes("coordination-plan", BASE).is_empty());
    }

    #[test]
    fn visas_by_ref_only() {
        let conv = edit(BASE, "ref = \"srdeii\"", "text = \"Vu le SRDEII\"");
        let d = codes("visa-missing", &conv);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("SRDEII"));
        assert!(codes("visa-missing", BASE).is_empty());
    }

    #[test]
    fn opinion_error_when_final_info_when_draft() {
        let conv = edit(
            BASE,
            "[governance]\nopinion = { body = \"comité régional pour l'emploi\", date = 2025-02-01 }\n",
            "",
        );
        let d = codes("opinion-missing", &conv);
        assert_eq!(d[0].severity, Severity::Error);
        let draft = edit(&conv, "status = \"final\"", "status = \"draft\"");
        assert_eq!(codes("opinion-missing", &draft)[0].severity, Severity::Info);
        let wrong = edit(
            BASE,
            "body = \"comité régional pour l'emploi\"",
            "body = \"comité de pilotage\"",
        );
        assert_eq!(codes("opinion-missing", &wrong).len(), 1);
        assert!(codes("opinion-missing", BASE).is_empty());
    }

    #[test]
    fn duration_error_and_info() {
        let short = edit(BASE, "end = 2027-12-31", "end = 2026-06-30");
        let d = run_code("duration", &short, &base_annexes()[..2]);
        assert_eq!(d[0].severity, Severity::Error);
        assert!(d[0].message.contains("1 an et 6 mois"), "{}", d[0].message);
        let four = edit(BASE, "end = 2027-12-31", "end = 2028-12-31");
        let d = codes("duration", &four);
        assert_eq!(d[0].severity, Severity::Info);
        assert!(d[0].message.contains("4 ans"));
        assert!(codes("duration", BASE).is_empty());
    }

    #[test]
    fn indicator_means_and_targets() {
        let conv = edit(
            BASE,
            "  [[objectives.indicators]]\n  id = \"nb-bilans\"\n  label = \"Bilans annuels\"\n  unit = \"nombre\"\n",
            "",
        );
        let d = codes("indicator-missing", &conv);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("`evaluer`"));
        let mut annexes = base_annexes();
        annexes[0].1 = edit(
            &annexes[0].1,
            "[[means]]\nobjective = \"evaluer\"",
            "[[means]]\nobjective = \"former\"",
        );
        annexes[2].1 = edit(
            &annexes[2].1,
            "[[targets]]\nindicator = \"nb-bilans\"\ntarget = 1.0\n",
            "",
        );
        let means = run_code("means-missing", BASE, &annexes);
        assert_eq!(means.len(), 1);
        assert!(means[0].message.contains("annexe 2025") && means[0].message.contains("`evaluer`"));
        let targets = run_code("target-missing", BASE, &annexes);
        assert_eq!(targets.len(), 1);
        assert!(
            targets[0].message.contains("annexe 2027")
                && targets[0].message.contains("`nb-bilans`")
        );
    }

    #[test]
    fn regime_names() {
        let conv = edit(BASE, "role = \"france-travail\"", "role = \"pole-emploi\"");
        let conv = edit(
            &conv,
            "body = \"comité régional pour l'emploi\"",
            "body = \"CREFOP\"",
        );
        let d = codes("regime-name", &conv);
        assert_eq!(d.len(), 2, "{d:#?}");
        // The same names are right under the 2015 regime.
        let old = edit(
            &conv,
            "status = \"final\"",
            "status = \"final\"\nregime = \"notre-2015\"",
        );
        assert!(codes("regime-name", &old).is_empty());
        let reverse = edit(
            BASE,
            "status = \"final\"",
            "status = \"final\"\nregime = \"notre-2015\"",
        );
        assert_eq!(codes("regime-name", &reverse).len(), 2);
        assert!(codes("regime-name", BASE).is_empty());
    }

    #[test]
    fn crpc_rules_do_not_apply_to_other_kinds() {
        let conv = edit(BASE, "kind = \"crpc\"", "kind = \"partenariat\"");
        let conv = edit(&conv, PLIE, "");
        let d = run(&conv, &base_annexes());
        assert!(d.iter().all(|d| d.code() != "signatory-missing"), "{d:#?}");
    }
}
