//! The layout a convention asks for, or the default of its kind, in one shape: a list of
//! [`Spec`]s (the sections in document order) and the numbering of each level.
//!
//! Defaults: a CRPC follows the CNEFOP model (Titre I diagnostic, Titre II objectives by item
//! of L. 6123-4, Titre III coordination plan, Titre IV execution with the closing articles); a
//! partnership or SPRO convention is a list of numbered articles, the objectives and the
//! governance in articles of their own after the leading « objet » and « engagements » ones.
//! With `[[sections]]` nothing is added: the body is exactly the parties' sections.

use std::borrow::Cow;

use crate::model::{
    Axis, Clause, Convention, Effective, Include, Kind, Level, NumberStyle, ObjectiveScope,
};

/// The entry of the data a section renders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// `[[articles]]` number n (0-based).
    Article(usize),
    /// `[[sections]]` number n (0-based).
    Section(usize),
}

/// One section to build.
pub struct Spec<'a> {
    pub anchor: String,
    pub source: Option<Source>,
    pub level: u8,
    pub title: Cow<'a, str>,
    pub text: Option<&'a str>,
    /// The number as written, instead of the level's numbering.
    pub number: Option<&'a str>,
    pub numbered: bool,
    pub clauses: Vec<Clause>,
    pub includes: Vec<Include>,
}

impl<'a> Spec<'a> {
    fn new(anchor: impl Into<String>, level: u8, title: impl Into<Cow<'a, str>>) -> Self {
        Spec {
            anchor: anchor.into(),
            source: None,
            level,
            title: title.into(),
            text: None,
            number: None,
            numbered: true,
            clauses: Vec::new(),
            includes: Vec::new(),
        }
    }

    fn including(mut self, include: Include) -> Self {
        self.includes.push(include);
        self
    }
}

/// How one level is numbered, with the defaults filled in.
#[derive(Clone, Debug)]
pub struct Numbering {
    pub label: String,
    pub style: NumberStyle,
    pub suffix: String,
    pub joiner: String,
    pub separator: String,
    pub ordinal: bool,
}

impl Numbering {
    fn of(label: &str, style: NumberStyle, separator: &str) -> Self {
        Numbering {
            label: label.to_string(),
            style,
            suffix: String::new(),
            joiner: "-".to_string(),
            separator: separator.to_string(),
            ordinal: label.eq_ignore_ascii_case("article"),
        }
    }

    fn from_level(l: &Level, default: &Numbering) -> Self {
        let label = l
            .label
            .as_ref()
            .map_or(default.label.clone(), |v| v.value.clone());
        let ordinal = l
            .ordinal
            .as_ref()
            .map_or(label.eq_ignore_ascii_case("article"), |v| v.value);
        Numbering {
            style: l.style.as_ref().map_or(default.style, |v| v.value),
            suffix: l
                .suffix
                .as_ref()
                .map_or(default.suffix.clone(), |v| v.value.clone()),
            joiner: l
                .joiner
                .as_ref()
                .map_or(default.joiner.clone(), |v| v.value.clone()),
            separator: l
                .separator
                .as_ref()
                .map_or(default.separator.clone(), |v| v.value.clone()),
            ordinal,
            label,
        }
    }
}

/// How objectives are titled.
#[derive(Clone, Debug)]
pub struct ObjectiveNumbering {
    pub label: String,
    pub scope: ObjectiveScope,
    pub separator: String,
}

/// The layout: sections, numbering per level (the last repeats for deeper levels) and the
/// objectives' titles.
pub struct Layout<'a> {
    pub specs: Vec<Spec<'a>>,
    pub levels: Vec<Numbering>,
    pub objectives: ObjectiveNumbering,
}

impl Layout<'_> {
    /// The numbering of `level` (1-based).
    pub fn level(&self, level: u8) -> &Numbering {
        let i = usize::from(level.max(1) - 1).min(self.levels.len() - 1);
        &self.levels[i]
    }
}

pub fn layout(conv: &Convention) -> Layout<'_> {
    let crpc_default = conv.sections.is_empty() && conv.header.kind.value == Kind::Crpc;
    let default_levels = if crpc_default {
        vec![
            Numbering::of("Titre", NumberStyle::Roman, " – "),
            Numbering::of("", NumberStyle::Parent, " – "),
            Numbering::of("Article", NumberStyle::Arabic, " – "),
        ]
    } else {
        vec![
            Numbering::of("Article", NumberStyle::Arabic, " – "),
            Numbering::of("", NumberStyle::Parent, " – "),
        ]
    };
    let doc = conv.document.as_ref();
    let levels = match doc.map(|d| &d.levels) {
        // A level the parties describe starts from a plain number: only what they say applies.
        Some(given) if !given.is_empty() => given
            .iter()
            .map(|l| Numbering::from_level(l, &Numbering::of("", NumberStyle::Arabic, " – ")))
            .collect(),
        _ => default_levels,
    };
    let style = doc.and_then(|d| d.objectives.as_ref());
    let objectives = ObjectiveNumbering {
        label: style.and_then(|s| s.label.as_ref()).map_or_else(
            || crate::french::wording::OBJECTIVE.to_string(),
            |l| l.value.clone(),
        ),
        scope: style
            .and_then(|s| s.scope.as_ref())
            .map_or(ObjectiveScope::Section, |s| s.value),
        separator: style
            .and_then(|s| s.separator.as_ref())
            .map_or_else(|| " : ".to_string(), |s| s.value.clone()),
    };
    let specs = if !conv.sections.is_empty() {
        given_specs(conv)
    } else if crpc_default {
        crpc_specs(conv)
    } else {
        article_specs(conv)
    };
    Layout {
        specs,
        levels,
        objectives,
    }
}

/// The parties' own sections.
fn given_specs(conv: &Convention) -> Vec<Spec<'_>> {
    conv.sections
        .iter()
        .enumerate()
        .map(|(i, s)| Spec {
            anchor: s
                .id
                .as_ref()
                .map_or_else(|| format!("section:{}", i + 1), |id| id.value.clone()),
            source: Some(Source::Section(i)),
            level: s.level(),
            title: Cow::Borrowed(s.title.value.as_str()),
            text: s.text.as_ref().map(|t| t.value.as_str()),
            number: s.number.as_ref().map(|n| n.value.as_str()),
            numbered: s.numbered.as_ref().is_none_or(|n| n.value),
            clauses: s.clause.iter().map(|c| c.value).collect(),
            includes: s.include.iter().map(|i| i.value.clone()).collect(),
        })
        .collect()
}

fn article_spec(i: usize, a: &crate::model::Article, level: u8) -> Spec<'_> {
    Spec {
        anchor: format!("article:{}", i + 1),
        source: Some(Source::Article(i)),
        level,
        title: Cow::Borrowed(a.title.value.as_str()),
        text: Some(a.text.value.as_str()),
        number: None,
        numbered: true,
        clauses: a.clause.iter().map(|c| c.value).collect(),
        includes: Vec::new(),
    }
}

/// The CNEFOP model.
fn crpc_specs(conv: &Convention) -> Vec<Spec<'_>> {
    let objectives = |axis| Include::Objectives(Some(axis));
    let mut specs = vec![
        Spec::new("titre-1", 1, "Diagnostic partagé").including(objectives(Axis::Diagnostic)),
        Spec::new("titre-2", 1, "Objectifs et engagements des signataires"),
        Spec::new(
            "titre-2-1",
            2,
            "Mobilisation coordonnée des outils des politiques de l'emploi et de la formation professionnelle",
        )
        .including(objectives(Axis::Mobilisation)),
        Spec::new(
            "titre-2-2",
            2,
            "Participation au service public régional de l'orientation (SPRO)",
        )
        .including(objectives(Axis::Spro)),
        Spec::new(
            "titre-2-3",
            2,
            "Action au sein du service public régional de la formation professionnelle (SPRF)",
        )
        .including(objectives(Axis::Sprf)),
    ];
    // Chapters for the other axes only when objectives fill them.
    for (anchor, axis, title) in [
        (
            "titre-2-4",
            Axis::Evaluation,
            "Évaluation des actions entreprises",
        ),
        ("titre-2-5", Axis::Transverse, "Objectifs transverses"),
    ] {
        if conv.objectives.iter().any(|o| o.axis.value == axis) {
            specs.push(Spec::new(anchor, 2, title).including(objectives(axis)));
        }
    }
    specs.push(
        Spec::new(
            "titre-3",
            1,
            "Plan de coordination des outils du service public de l'emploi",
        )
        .including(Include::CoordinationPlan),
    );
    specs.push(Spec::new("titre-4", 1, "Exécution de la convention"));
    specs.push(Spec::new("titre-4-1", 2, "Pilotage").including(Include::Steering));
    specs.push(Spec::new("titre-4-2", 2, "Suivi et évaluation").including(Include::Evaluation));
    if !conv.articles.is_empty() {
        specs.push(Spec::new("titre-4-3", 2, "Dispositions générales"));
        specs.extend(
            conv.articles
                .iter()
                .enumerate()
                .map(|(i, a)| article_spec(i, a, 3)),
        );
    }
    specs
}

/// Numbered articles (partnership, SPRO).
fn article_specs(conv: &Convention) -> Vec<Spec<'_>> {
    let lead = conv
        .articles
        .iter()
        .take_while(|a| {
            a.clause
                .as_ref()
                .is_some_and(|c| matches!(c.value, Clause::Objet | Clause::Engagements))
        })
        .count();
    let mut specs: Vec<Spec> = conv.articles[..lead]
        .iter()
        .enumerate()
        .map(|(i, a)| article_spec(i, a, 1))
        .collect();
    if !conv.objectives.is_empty() {
        specs.push(
            Spec::new("objectives", 1, "Objectifs, engagements et indicateurs")
                .including(Include::Objectives(None)),
        );
    }
    let governance = conv.governance.as_ref();
    if governance.is_some_and(|g| g.steering.is_some() || g.evaluation.is_some()) {
        specs.push(
            Spec::new("governance", 1, "Gouvernance, suivi et évaluation")
                .including(Include::Evaluation)
                .including(Include::Steering),
        );
    }
    specs.extend(
        conv.articles[lead..]
            .iter()
            .enumerate()
            .map(|(i, a)| article_spec(lead + i, a, 1)),
    );
    specs
}

/// « du 1er janvier 2025 au 31 décembre 2027 », « à compter du 1er septembre 2015 jusqu'à
/// l'application du prochain CPRDFOP », « à compter de sa date de signature, pour une durée de
/// 2 ans, tacitement reconductible deux fois un an ».
pub fn period_text(conv: &Convention) -> String {
    let h = &conv.header;
    let term = h.term.as_ref();
    let at_signature = term
        .and_then(|t| t.effective.as_ref())
        .is_some_and(|e| e.value == Effective::Signature);
    let from = if at_signature {
        "à compter de sa date de signature".to_string()
    } else {
        format!("à compter du {}", h.start.french())
    };
    let mut text = match (&h.end, term.and_then(|t| t.until.as_ref())) {
        (Some(end), _) if !at_signature => format!("du {} au {}", h.start.french(), end.french()),
        (Some(end), _) => format!("{from} jusqu'au {}", end.french()),
        (None, Some(until)) => format!("{from} {}", until.value.trim()),
        (None, None) => from,
    };
    if let Some(t) = term
        && h.end.is_none()
        && let Some(years) = &t.years
    {
        text.push_str(&format!(", pour une durée de {}", years_text(years.value)));
        if let Some(renewals) = &t.renewals {
            let tacit = t.tacit.as_ref().is_none_or(|b| b.value);
            let each = t
                .renewal_years
                .as_ref()
                .map_or_else(|| years_text(years.value), |y| years_text(y.value));
            let times = match renewals.value {
                1 => "une fois".to_string(),
                n => format!("{} fois", crate::french::numbers::number_word(n as usize)),
            };
            text.push_str(&format!(
                ", {}reconductible {times} {each}",
                if tacit { "tacitement " } else { "" }
            ));
        }
    }
    text
}

/// « 2 ans », « un an ».
fn years_text(years: i64) -> String {
    match years {
        1 => "un an".to_string(),
        n => format!("{n} ans"),
    }
}
