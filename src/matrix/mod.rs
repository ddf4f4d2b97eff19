//! The conformity matrix (`convgen matrix`, `convgen render --matrix`): for each convention,
//! every requirement of the law in force and of the CNEFOP recommendations — or, for a
//! partnership or SPRO convention, of the rules that apply to it — with its source, whether the
//! convention meets it, and where (file, line, and the article it has in the document).
//!
//! Each requirement is judged by the same function as the rule that checks it (the
//! `pub fn`s of `check::rules`), so the matrix marks `missing` exactly what the rules flag;
//! places in the document come from [`crate::view::anchors`].

mod format;

pub use format::{json, markdown, text};

use std::collections::HashMap;

use serde::Serialize;

use crate::check::rules::{
    annex_missing, axis_uncovered, clause_missing, duration, means_missing, opinion_missing,
    regime_name, representative, signatory_missing, signature, target_missing, visa_missing,
};
use crate::check::{self, Ctx};
use crate::french::wording;
use crate::load::{Unit, Workspace};
use crate::markup::{self, Block, Table};
use crate::model::regime::{self, ExpectedVisa};
use crate::model::{Annex, Axis, Kind, Signatory, refs};
use crate::source::{FileId, Span};
use crate::view::anchors::{self, Anchor};
use crate::view::{self, AnnexView, DocView};

/// Whether the convention meets a requirement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Met,
    Missing,
    NotApplicable,
}

/// What a requirement rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// An article of the code du travail or another legal text.
    Law,
    /// A recommendation of the CNEFOP (not the law).
    Recommendation,
    /// A drafting rule of convgen (signature block, representatives, standard clauses).
    Drafting,
}

/// Where a requirement is met.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Where {
    /// The file, as reports name it.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// Its place in the rendered document (« Titre II, II-1, Objectif 2 »), when it has one.
    pub article: Option<String>,
}

/// One requirement and how the convention stands on it.
#[derive(Clone, Debug, Serialize)]
pub struct Requirement {
    /// Stable id (`signataire:region`, `item-2`, `visa:srdeii`, `annexe:2026`…); with
    /// `signatory`, it identifies the row.
    pub id: String,
    /// What is required, in French.
    pub label: String,
    /// Where it comes from, in French (« article L. 6123-4 du code du travail, 1° »,
    /// « recommandation du CNEFOP »).
    pub source: String,
    pub basis: Basis,
    /// Legal reference id, for a requirement of the law.
    pub reference: Option<&'static str>,
    /// The rule of `convgen check` that checks it.
    pub rule: &'static str,
    pub status: Status,
    /// Why it is missing or not applicable.
    pub reason: Option<String>,
    /// The signatory it concerns, if any.
    pub signatory: Option<String>,
    /// Where it is met.
    #[serde(rename = "where")]
    pub places: Vec<Where>,
}

/// The matrix of one convention.
#[derive(Clone, Debug, Serialize)]
pub struct ConventionMatrix {
    pub id: String,
    pub kind: &'static str,
    /// The regime whose rules apply (`plein-emploi-2024`…).
    pub regime: &'static str,
    /// The law that opened it, in French.
    pub law: &'static str,
    /// The `convention.toml` file.
    pub file: String,
    pub requirements: Vec<Requirement>,
}

/// The matrices of every convention that could be read, in path order.
#[derive(Clone, Debug, Serialize)]
pub struct Matrix {
    pub conventions: Vec<ConventionMatrix>,
}

/// Places listed for one requirement at most (a `*` objective covers every signatory).
const MAX_PLACES: usize = 12;

/// The matrix of every convention of `ws` whose `convention.toml` decoded.
pub fn build(ws: &Workspace) -> Matrix {
    Matrix {
        conventions: ws.units.iter().filter_map(|u| of_unit(ws, u)).collect(),
    }
}

/// The matrix of one convention folder (`None` when its convention did not decode).
pub fn of_unit(ws: &Workspace, unit: &Unit) -> Option<ConventionMatrix> {
    let conv = unit.convention.as_ref()?;
    let view = view::build(conv, &unit.own_annexes(conv), String::new());
    let ctx = Ctx::new(ws.sources.as_slice(), conv, &unit.annexes);
    let mut b = Builder {
        anchors: anchors::anchors(&view).into_iter().collect(),
        ctx,
        out: Vec::new(),
    };
    b.legal_basis();
    b.signatories();
    b.items();
    b.coordination_plan();
    b.visas();
    b.opinion();
    b.duration();
    b.indicators();
    b.annexes();
    b.names();
    b.signature();
    b.representatives();
    b.clauses();
    let regime = b.ctx.regime;
    Some(ConventionMatrix {
        id: conv.header.id.value.clone(),
        kind: conv.header.kind.value.as_str(),
        regime: regime.id,
        law: regime.law,
        file: b.ctx.sources.get(conv.file).display.clone(),
        requirements: b.out,
    })
}

/// The matrix of one convention as the last annex of its document: a sentence saying what
/// it compares, then one row per requirement (what, whence, how it stands, where).
pub fn table(m: &ConventionMatrix, view: &DocView) -> AnnexView {
    let intro = if m.kind == Kind::Crpc.as_str() {
        wording::MATRIX_INTRO_CRPC
    } else {
        wording::MATRIX_INTRO
    };
    let rows = m
        .requirements
        .iter()
        .map(|r| {
            let mut articles: Vec<&str> = Vec::new();
            for a in r.places.iter().filter_map(|p| p.article.as_deref()) {
                if !articles.contains(&a) {
                    articles.push(a);
                }
            }
            let place = if articles.is_empty() {
                "–".to_string()
            } else {
                articles.join(" ; ")
            };
            let cells = [
                r.label.clone(),
                r.source.clone(),
                format::status_sentence(r),
                place,
            ];
            markup::Row {
                cells: cells.iter().map(|c| markup::text(c)).collect(),
                total: false,
            }
        })
        .collect();
    let number = format!("{} {}", wording::ANNEX, view.annexes.len() + 1);
    AnnexView {
        anchor: "annex:matrix".to_string(),
        heading: markup::text(&wording::annex_heading(&number, wording::MATRIX_TITLE)),
        number,
        blocks: vec![
            Block::P {
                c: markup::text(intro),
            },
            Block::Table(Table {
                head: wording::MATRIX_COLUMNS
                    .iter()
                    .map(|h| markup::text(h))
                    .collect(),
                rows,
                align: vec!["left"; 4],
                widths: vec![0.3, 0.22, 0.26, 0.22],
            }),
        ],
        pdf: None,
    }
}

/// Where a requirement comes from.
enum Source {
    /// A reference id and the precise part of the text (« 1° », empty for the whole).
    Law(&'static str, &'static str),
    Recommendation,
    Drafting,
}

struct Builder<'a> {
    ctx: Ctx<'a>,
    anchors: HashMap<Anchor, String>,
    out: Vec<Requirement>,
}

/// A row being written: its status is set by `met`, `missing` or `not_applicable`.
struct Row {
    r: Requirement,
}

impl Row {
    fn met(mut self, places: Vec<Where>) -> Requirement {
        self.r.places = places;
        self.r
    }

    fn missing(mut self, reason: impl Into<String>) -> Requirement {
        self.r.status = Status::Missing;
        self.r.reason = Some(reason.into());
        self.r
    }

    fn not_applicable(mut self, reason: impl Into<String>, places: Vec<Where>) -> Requirement {
        self.r.status = Status::NotApplicable;
        self.r.reason = Some(reason.into());
        self.r.places = places;
        self.r
    }
}

impl<'a> Builder<'a> {
    fn runs(&self, code: &str) -> bool {
        check::entry(code).is_some_and(|e| e.runs(&self.ctx))
    }

    fn row(
        &self,
        id: impl Into<String>,
        label: impl Into<String>,
        source: Source,
        rule: &'static str,
    ) -> Row {
        let (source, basis, reference) = match source {
            Source::Law(reference, part) => {
                let mut text = refs::describe(reference);
                if !part.is_empty() {
                    text.push_str(&format!(", {part}"));
                }
                (text, Basis::Law, Some(reference))
            }
            Source::Recommendation => (
                "recommandation du CNEFOP".to_string(),
                Basis::Recommendation,
                None,
            ),
            Source::Drafting => (
                "règle de rédaction de convgen".to_string(),
                Basis::Drafting,
                None,
            ),
        };
        Row {
            r: Requirement {
                id: id.into(),
                label: label.into(),
                source,
                basis,
                reference,
                rule,
                status: Status::Met,
                reason: None,
                signatory: None,
                places: Vec::new(),
            },
        }
    }

    /// A place in `file` at `span`, with the document's number for `anchor`.
    fn at(&self, file: FileId, span: Span, anchor: Option<Anchor>) -> Where {
        Where {
            file: self.ctx.sources.get(file).display.clone(),
            line: self.ctx.line(file, span),
            article: anchor.and_then(|a| self.anchors.get(&a).cloned()),
        }
    }

    /// A place in `convention.toml`.
    fn here(&self, span: Span, anchor: Option<Anchor>) -> Where {
        self.at(self.ctx.conv.file, span, anchor)
    }

    fn party(&self, s: &Signatory) -> Option<Anchor> {
        self.ctx
            .conv
            .signatories
            .iter()
            .position(|x| std::ptr::eq(x, s))
            .map(Anchor::Party)
    }

    fn name_of(&self, id: &str) -> String {
        self.ctx
            .conv
            .signatory(id)
            .map_or_else(|| id.to_string(), |s| s.name.value.clone())
    }

    fn legal_basis(&mut self) {
        if !self.runs("no-legal-basis") {
            return;
        }
        let h = &self.ctx.conv.header;
        let row = self.row(
            "base-legale",
            "Base légale : convention régionale pluriannuelle de coordination (article L. 6123-4, depuis le 7 mars 2014)",
            Source::Law("code-travail:L6123-4", ""),
            "no-legal-basis",
        );
        let r = if regime::at_start(self.ctx.conv).crpc {
            row.met(vec![self.here(h.start.span, Some(Anchor::Cover))])
        } else {
            row.missing(format!(
                "la convention commence le {}, avant la loi n° 2014-288 du 5 mars 2014",
                h.start.french()
            ))
        };
        self.out.push(r);
    }

    fn signatories(&mut self) {
        if !self.runs("signatory-missing") {
            return;
        }
        let refused: Vec<_> = signatory_missing::refused_absences(&self.ctx).collect();
        let required = signatory_missing::required(&self.ctx);
        for req in &required {
            let role = req.role;
            let mut row = self.row(
                format!("signataire:{role}"),
                format!("Signataire : {}", self.ctx.territory.role_label(role)),
                Source::Law("code-travail:L6123-4", "premier alinéa"),
                "signatory-missing",
            );
            row.r.signatory = req.signatories.first().map(|s| s.id.value.clone());
            let refusal = refused.iter().find(|a| a.role.value == role);
            let r = if let Some(a) = refusal {
                row.missing(format!(
                    "le rôle `{role}` est déclaré absent (`[[absent_roles]]`, ligne {}) alors que la loi ne le permet pas",
                    self.ctx.line(self.ctx.conv.file, a.span)
                ))
            } else if !req.signatories.is_empty() {
                let places = req
                    .signatories
                    .iter()
                    .map(|s| self.here(s.span, self.party(s)))
                    .collect();
                row.met(places)
            } else if let Some(a) = req.absent {
                let place = self.here(a.span, None);
                row.not_applicable(a.reason.value.trim().to_string(), vec![place])
            } else {
                row.missing(format!("aucun signataire de rôle `{role}`"))
            };
            self.out.push(r);
        }
        for a in refused
            .iter()
            .filter(|a| !required.iter().any(|r| r.role == a.role.value))
        {
            let role = a.role.value;
            let r = self
                .row(
                    format!("signataire:{role}"),
                    format!("Absence déclarée : {}", self.ctx.territory.role_label(role)),
                    Source::Law("code-travail:L6123-4", "premier alinéa"),
                    "signatory-missing",
                )
                .missing(format!(
                    "sous le régime `{}`, le rôle `{role}` ne peut pas être déclaré absent",
                    self.ctx.regime.id
                ));
            self.out.push(r);
        }
    }

    fn items(&mut self) {
        if !self.runs("axis-uncovered") {
            return;
        }
        let c = self.ctx.conv;
        let coverage = axis_uncovered::Coverage::of(c);
        let mut refused = axis_uncovered::refused_not_applicable(&self.ctx);
        for item in axis_uncovered::items(&self.ctx) {
            let id = item.signatory.id.value.as_str();
            let n = axis_uncovered::ITEMS
                .iter()
                .position(|a| *a == item.axis)
                .map_or(0, |i| i + 1);
            let part = ["1°", "2°", "3°", "4°"][n.saturating_sub(1).min(3)];
            let mut row = self.row(
                format!("item-{n}"),
                format!("Item {} — {}", item.axis.label(), self.name_of(id)),
                Source::Law("code-travail:L6123-4", part),
                "axis-uncovered",
            );
            row.r.signatory = Some(id.to_string());
            let refusal = refused
                .iter()
                .position(|(na, _)| na.signatory.value == id && na.axis.value == item.axis);
            let r = if let Some(k) = refusal {
                let (_, why) = refused.remove(k);
                row.missing(why)
            } else if item.covered() {
                let mut places: Vec<Where> = coverage
                    .objectives(c, id, item.axis, MAX_PLACES)
                    .into_iter()
                    .map(|o| self.here(o.id.span, Some(Anchor::Objective(o.id.value.clone()))))
                    .collect();
                if let Some(e) = item.evaluation {
                    places.push(self.here(e.span, Some(Anchor::Evaluation)));
                }
                row.met(places)
            } else if let Some(na) = item.not_applicable {
                let place = self.here(na.span, Some(Anchor::Axis(item.axis)));
                row.not_applicable(na.reason.value.trim().to_string(), vec![place])
            } else if item.axis == Axis::Evaluation {
                row.missing("ni objectif, ni engagement, ni modalités d'évaluation communes (`governance.evaluation`)")
            } else {
                row.missing("ni objectif ni engagement")
            };
            self.out.push(r);
        }
        // Refused entries that match no row: another axis, or an unknown signatory.
        for (na, why) in refused {
            let r = self
                .row(
                    "sans-objet",
                    format!(
                        "Déclaration « sans objet » de `{}` pour `{}`",
                        na.axis.value, na.signatory.value
                    ),
                    Source::Law("code-travail:L6123-4", ""),
                    "axis-uncovered",
                )
                .missing(why);
            self.out.push(r);
        }
    }

    fn coordination_plan(&mut self) {
        if !self.runs("coordination-plan") {
            return;
        }
        let row = self.row(
            "plan-coordination",
            "Plan de coordination des outils du service public de l'emploi, avec ses outils",
            Source::Law("code-travail:L6123-4", "dernier alinéa"),
            "coordination-plan",
        );
        let r = match &self.ctx.conv.coordination_plan {
            _ if !self.ctx.regime.coordination_plan => row.not_applicable(
                format!(
                    "pas exigé sous le régime `{}` : la loi NOTRe (n° 2015-991) l'a ajouté",
                    self.ctx.regime.id
                ),
                Vec::new(),
            ),
            None => row.missing("pas de `[coordination_plan]`"),
            Some(p) if p.tools.is_empty() => row.missing("le plan ne liste aucun outil"),
            Some(p) => row.met(vec![self.here(p.span, Some(Anchor::CoordinationPlan))]),
        };
        self.out.push(r);
    }

    fn visas(&mut self) {
        if !self.runs("visa-missing") {
            return;
        }
        let expected = visa_missing::expected(&self.ctx);
        for &e in regime::ALL_VISAS {
            let source = match e.basis {
                regime::Basis::Law(r) => Source::Law(r, ""),
                regime::Basis::Recommendation(_) => Source::Recommendation,
            };
            let row = self.row(
                format!("visa:{}", e.act),
                label_of(e),
                source,
                "visa-missing",
            );
            let found = expected.iter().find(|(x, _)| std::ptr::eq(*x, e));
            let r = match found {
                None => row.not_applicable(
                    format!(
                        "pas exigé sous le régime `{}` ({})",
                        self.ctx.regime.id, self.ctx.regime.law
                    ),
                    Vec::new(),
                ),
                Some((_, Err(reason))) => row.not_applicable(reason.clone(), Vec::new()),
                Some((_, Ok(None))) => row.missing(format!("aucun visa `ref = \"{}\"`", e.act)),
                Some((_, Ok(Some(v)))) => {
                    let index = self
                        .ctx
                        .conv
                        .visas
                        .iter()
                        .position(|x| std::ptr::eq(x, *v))
                        .map(Anchor::Visa);
                    row.met(vec![self.here(v.span, index)])
                }
            };
            self.out.push(r);
        }
    }

    fn opinion(&mut self) {
        if !self.runs("opinion-missing") {
            return;
        }
        let row = self.row(
            "avis",
            "Avis du comité régional (CREFOP ; à compter du 1er juillet 2024, aussi le comité régional pour l'emploi)",
            Source::Law("code-travail:R6123-3-2", "1°"),
            "opinion-missing",
        );
        let opinion = self
            .ctx
            .conv
            .governance
            .as_ref()
            .and_then(|g| g.opinion.as_ref());
        let r = match (opinion_missing::problem(&self.ctx), opinion) {
            (Some((_, message, _)), _) => row.missing(message),
            (None, Some(o)) => row.met(vec![self.here(o.span, Some(Anchor::Opinion))]),
            (None, None) => row.missing("aucun avis"),
        };
        self.out.push(r);
    }

    fn duration(&mut self) {
        if !self.runs("duration") {
            return;
        }
        let c = self.ctx.conv;
        let multi = self.row(
            "duree-pluriannuelle",
            "Convention pluriannuelle : au moins deux ans",
            Source::Law("code-travail:L6123-4", "« pluriannuelle »"),
            "duration",
        );
        let three = self.row(
            "duree-3-ans",
            "Durée de trois ans",
            Source::Recommendation,
            "duration",
        );
        let Some(l) = duration::length(&self.ctx) else {
            let why = if c.is_open() {
                "période ouverte : pas de durée à juger"
            } else {
                "période invalide (règle `period`)"
            };
            self.out.push(multi.not_applicable(why, Vec::new()));
            self.out.push(three.not_applicable(why, Vec::new()));
            return;
        };
        let mut places = vec![self.here(l.span, Some(Anchor::Cover))];
        for (i, a) in c.articles.iter().enumerate() {
            if a.clause
                .as_ref()
                .is_some_and(|k| k.value == crate::model::Clause::Duree)
            {
                places.push(self.here(a.span, Some(Anchor::Article(i))));
            }
        }
        let text = duration::french_months(l.months);
        self.out.push(if l.multi_year {
            multi.met(places.clone())
        } else {
            multi.missing(format!("durée de {text}"))
        });
        self.out.push(if l.three_years {
            three.met(places)
        } else {
            three.missing(format!("durée de {text}"))
        });
    }

    fn indicators(&mut self) {
        if !self.runs("indicator-missing") {
            return;
        }
        for o in &self.ctx.conv.objectives {
            let row = self.row(
                format!("indicateur:{}", o.id.value),
                format!(
                    "Au moins un indicateur de suivi pour l'objectif « {} »",
                    o.title.value.trim()
                ),
                Source::Recommendation,
                "indicator-missing",
            );
            let r = match o.indicators.first() {
                Some(i) => row.met(vec![
                    self.here(i.span, Some(Anchor::Objective(o.id.value.clone()))),
                ]),
                None => row.missing("aucun `[[objectives.indicators]]`"),
            };
            self.out.push(r);
        }
    }

    fn annexes(&mut self) {
        let crpc = self.ctx.conv.header.kind.value == Kind::Crpc;
        if self.runs("annex-missing") && annex_missing::applies(&self.ctx) {
            for (year, file) in annex_missing::years(&self.ctx) {
                let source = if crpc {
                    Source::Recommendation
                } else {
                    Source::Drafting
                };
                let row = self.row(
                    format!("annexe:{year}"),
                    format!("Annexe annuelle {year}"),
                    source,
                    "annex-missing",
                );
                let r = match file {
                    Some(f) => {
                        let span = f.annex.as_ref().map_or(Span::new(0, 0), |a| a.header.span);
                        row.met(vec![self.at(
                            f.file,
                            span,
                            Some(Anchor::Annex(i64::from(year))),
                        )])
                    }
                    None => row.missing(format!("pas de fichier annexes/{year}.toml")),
                };
                self.out.push(r);
            }
        }
        let mut annexes: Vec<&Annex> = self.ctx.annexes().collect();
        annexes.sort_by_key(|a| a.header.year.value);
        for a in annexes {
            let year = a.header.year.value;
            let place = self.at(a.file, a.header.span, Some(Anchor::Annex(year)));
            if self.runs("means-missing") {
                let gaps = means_missing::gaps(&self.ctx, a);
                let row = self.row(
                    format!("moyens:{year}"),
                    format!("Moyens affectés à chaque objectif, annexe {year}"),
                    Source::Recommendation,
                    "means-missing",
                );
                self.out.push(if gaps.is_empty() {
                    row.met(vec![place.clone()])
                } else {
                    row.missing(format!(
                        "aucun moyen pour {}",
                        ids(gaps.iter().map(|o| o.id.value.as_str()))
                    ))
                });
            }
            if self.runs("target-missing") {
                let gaps = target_missing::gaps(&self.ctx, a);
                let row = self.row(
                    format!("cibles:{year}"),
                    format!("Cible ou réalisé de chaque indicateur, annexe {year}"),
                    Source::Recommendation,
                    "target-missing",
                );
                self.out.push(if gaps.is_empty() {
                    row.met(vec![place])
                } else {
                    row.missing(format!(
                        "ni cible ni réalisé pour {}",
                        ids(gaps.iter().map(|(i, _)| i.id.value.as_str()))
                    ))
                });
            }
        }
    }

    fn names(&mut self) {
        if !self.runs("regime-name") {
            return;
        }
        let c = self.ctx.conv;
        let h = &c.header;
        let r = self.ctx.regime;
        if let Some(explicit) = &h.regime
            && let Some(chosen) = regime::by_id(explicit)
        {
            let row = self.row(
                "regime",
                format!("Régime `{}` en vigueur à la date de début", chosen.id),
                Source::Drafting,
                "regime-name",
            );
            self.out.push(if chosen.in_force_on(h.start.value) {
                row.met(vec![self.here(explicit.span, Some(Anchor::Cover))])
            } else {
                row.missing(format!(
                    "le {}, le régime en vigueur était `{}`",
                    h.start.french(),
                    regime::at_start(c).id
                ))
            });
        }
        let institutions: Vec<&Signatory> = c
            .signatories
            .iter()
            .filter(|s| regime::institution_roles().any(|x| x == s.role.value))
            .collect();
        if !institutions.is_empty() {
            let row = self.row(
                "nom-institution",
                format!(
                    "Institution de l'article L. 5312-1 sous son nom du régime : {}",
                    r.institution_name
                ),
                Source::Law("code-travail:L5312-1", ""),
                "regime-name",
            );
            let wrong: Vec<&&Signatory> = institutions
                .iter()
                .filter(|s| regime_name::wrong_institution(r, s.role.value))
                .collect();
            self.out.push(if wrong.is_empty() {
                let places = institutions
                    .iter()
                    .map(|s| self.here(s.role.span, self.party(s)))
                    .collect();
                row.met(places)
            } else {
                row.missing(format!(
                    "rôle `{}` : sous le régime `{}`, c'est {}",
                    wrong[0].role.value, r.id, r.institution_name
                ))
            });
        }
        if let Some(o) = c.governance.as_ref().and_then(|g| g.opinion.as_ref()) {
            let row = self.row(
                "nom-comite",
                "Comité qui rend l'avis, à la date de l'avis",
                Source::Law("code-travail:R6123-3-2", ""),
                "regime-name",
            );
            self.out
                .push(match regime_name::committee_problem(o, h.start.value) {
                    Some((message, _)) => row.missing(message),
                    None if regime::committees_named(&o.body).is_empty() => row.not_applicable(
                        format!(
                            "« {} » n'est pas un comité régional connu",
                            o.body.value.trim()
                        ),
                        vec![self.here(o.body.span, Some(Anchor::Opinion))],
                    ),
                    None => row.met(vec![self.here(o.body.span, Some(Anchor::Opinion))]),
                });
        }
    }

    fn signature(&mut self) {
        if !self.runs("signature") {
            return;
        }
        let h = &self.ctx.conv.header;
        let row = self.row(
            "signature",
            "Lieu et date de signature (« Fait à …, le … »)",
            Source::Drafting,
            "signature",
        );
        let missing = signature::missing(&self.ctx);
        let what = missing.join(" et ");
        self.out.push(match &h.signature {
            Some(s) if missing.is_empty() => {
                row.met(vec![self.here(s.span, Some(Anchor::Signature))])
            }
            // Before signature the block is printed blank, to fill by hand: not yet due.
            _ if h.status.value != crate::model::Status::Signed => row.not_applicable(
                format!("{what} à porter à la main le jour de la signature"),
                vec![self.here(h.status.span, Some(Anchor::Signature))],
            ),
            _ => row.missing(format!("{what} à compléter")),
        });
    }

    fn representatives(&mut self) {
        if !self.runs("representative") {
            return;
        }
        for s in &self.ctx.conv.signatories {
            let mut row = self.row(
                "representant",
                format!("Représentant nommé et sa qualité — {}", s.name.value.trim()),
                Source::Drafting,
                "representative",
            );
            row.r.signatory = Some(s.id.value.clone());
            let lacks = representative::lacks(s);
            self.out.push(match &s.represented_by {
                Some(rep) if lacks.is_empty() => row.met(vec![self.here(rep.span, self.party(s))]),
                _ => row.missing(format!("{} à indiquer", lacks.join(" et "))),
            });
        }
    }

    fn clauses(&mut self) {
        if !self.runs("clause-missing") {
            return;
        }
        let c = self.ctx.conv;
        for &clause in clause_missing::required_clauses(c.header.kind.value) {
            let row = self.row(
                format!("clause:{clause}"),
                format!("Clause « {} »", clause.label()),
                Source::Drafting,
                "clause-missing",
            );
            let articles = c
                .articles
                .iter()
                .enumerate()
                .filter(|(_, a)| a.clause.as_ref().is_some_and(|k| k.value == clause));
            let sections = c
                .sections
                .iter()
                .enumerate()
                .filter(|(_, s)| s.clause.iter().any(|k| k.value == clause));
            let places: Vec<Where> = articles
                .map(|(i, a)| self.here(a.span, Some(Anchor::Article(i))))
                .chain(sections.map(|(i, s)| self.here(s.span, Some(Anchor::Section(i)))))
                .collect();
            self.out.push(if places.is_empty() {
                row.missing(format!("aucun article marqué `clause = \"{clause}\"`"))
            } else {
                row.met(places)
            });
        }
    }
}

/// The expected visa's label, capitalised (« Cohérence avec le SRDEII »).
fn label_of(e: &ExpectedVisa) -> String {
    let mut chars = e.label.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// `a`, `b` and `c`, code-formatted.
fn ids<'s>(items: impl Iterator<Item = &'s str>) -> String {
    let items: Vec<String> = items.map(|i| format!("`{i}`")).collect();
    crate::french::join_and(&items)
}
