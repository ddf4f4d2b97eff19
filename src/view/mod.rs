//! The resolved, ordered document: what both renderers (Markdown and Typst) consume.
//!
//! Everything is computed here once: strings already formatted in French (dates, amounts,
//! ETP, typography), signatory ids resolved to names, sections ordered and numbered, annex
//! totals computed. Plain fields are plain text (the Markdown renderer escapes them); fields
//! marked *Markdown* in docs/format.md keep their Markdown source (`md`) and its tree (`tree`).

pub mod anchors;
pub mod matrix;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::date::Date;
use crate::french::{self, typo};
use crate::load::{AnnexFile, Workspace};
use crate::markup::{self, Block};
use crate::model::refs::{self, Reference};
use crate::model::regime;
use crate::model::{Annex, Axis, Convention, Kind, Objective, Status};

/// A Markdown field: its source (for the Markdown output) and its tree (for Typst).
#[derive(Clone, Debug, Serialize)]
pub struct Md {
    pub md: String,
    pub tree: Vec<Block>,
}

impl Md {
    pub fn new(text: &str) -> Md {
        let text = french::visible_controls(text.trim());
        let text = text.as_ref();
        Md {
            md: typo(text),
            tree: markup::parse(text),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct DocView {
    pub id: String,
    pub kind: &'static str,
    /// « Convention régionale pluriannuelle de coordination », …
    pub kind_label: &'static str,
    pub title: String,
    /// Running header: `short_title`, else `title`.
    pub short_title: String,
    pub region: String,
    /// « du 1er janvier 2025 au 31 décembre 2027 »
    pub period: String,
    pub start: DateView,
    pub end: Option<DateView>,
    pub status: &'static str,
    pub draft: bool,
    pub regime: RegimeView,
    pub parties: Vec<Party>,
    /// Full visa sentences, « Vu … », in order, the committee's opinion last.
    pub visas: Vec<String>,
    /// Index in `visas` of the committee's opinion, when there is one.
    #[serde(skip)]
    pub opinion_visa: Option<usize>,
    pub preamble: Option<Md>,
    /// Titled parts of the body (crpc: Titre I to IV; others: the numbered articles).
    pub crpc: bool,
    pub titles: Vec<Titre>,
    /// Numbered articles (partenariat, spro).
    pub articles: Vec<ArticleView>,
    pub signature: SignatureView,
    pub annexes: Vec<AnnexView>,
    /// First 12 hex digits of the SHA-256 of the canonical input (see [`fingerprint`]).
    pub fingerprint: String,
    /// Date printed in the PDF metadata (signature date, else start date).
    pub document_date: DateView,
    /// Files the PDF needs besides the data (accepted logos); not part of the JSON.
    #[serde(skip)]
    pub assets: Vec<AssetFile>,
    /// The conformity table (`convgen render --matrix`), printed as the last annex.
    pub matrix: Option<matrix::MatrixTable>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DateView {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    /// « 14 mars 2025 »
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct RegimeView {
    pub id: &'static str,
    pub institution: &'static str,
    pub committee: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub struct Party {
    pub id: String,
    pub name: String,
    pub role: &'static str,
    pub address: Option<String>,
    pub representative: Option<String>,
    pub capacity: Option<String>,
    pub mandate: Option<String>,
    /// The logo as typst reads it from its root folder (`/<id>-logo-<n>.png`), when the
    /// signatory has an accepted logo (filled in by [`crate::render::view_of`]).
    pub logo: Option<String>,
}

/// « Titre II – Objectifs par axe ».
#[derive(Clone, Debug, Serialize)]
pub struct Titre {
    pub number: String,
    pub heading: String,
    pub intro: Option<Md>,
    /// Sub-parts « II-1 … ».
    pub chapters: Vec<Chapter>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Chapter {
    /// « II-1 », or empty when the part has a single unnumbered chapter.
    pub number: String,
    pub heading: String,
    pub text: Option<Md>,
    pub objectives: Vec<ObjectiveView>,
    pub tools: Vec<ToolView>,
    pub steering: Option<SteeringView>,
    pub articles: Vec<ArticleView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ObjectiveView {
    pub id: String,
    /// « Objectif 3 »
    pub number: String,
    pub title: String,
    pub axis: &'static str,
    pub description: Option<Md>,
    pub actions: Vec<String>,
    /// « Tous les signataires » or the names.
    pub signatories: String,
    pub commitments: Vec<CommitmentView>,
    pub indicators: Vec<IndicatorView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CommitmentView {
    pub signatory: String,
    pub text: Md,
}

#[derive(Clone, Debug, Serialize)]
pub struct IndicatorView {
    pub id: String,
    pub label: String,
    pub unit: &'static str,
    pub frequency: Option<&'static str>,
    pub source: Option<String>,
    /// « 12 (2024) »
    pub baseline: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ToolView {
    pub name: String,
    pub operators: String,
    pub area: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SteeringView {
    pub body: String,
    pub frequency: Option<&'static str>,
    pub members: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ArticleView {
    pub number: usize,
    /// « Article 1 – Objet de la convention »
    pub heading: String,
    pub title: String,
    pub clause: Option<&'static str>,
    pub text: Option<Md>,
    pub objectives: Vec<ObjectiveView>,
    pub steering: Option<SteeringView>,
    /// Index of the `[[articles]]` entry it renders; `None` for an article the view composes.
    #[serde(skip)]
    pub source: Option<usize>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SignatureView {
    /// « Fait à Orléans, le 14 mars 2025 », or blanks to fill in.
    pub place_date: String,
    pub copies: String,
    pub boxes: Vec<SignatureBox>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SignatureBox {
    pub party: String,
    pub capacity: String,
    pub name: String,
    /// Same as the party's `logo`.
    pub logo: Option<String>,
}

/// A file to copy beside the data for typst (a logo): from `source` to `<root>/<name>`.
#[derive(Clone, Debug)]
pub struct AssetFile {
    pub source: std::path::PathBuf,
    pub name: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct AnnexView {
    pub year: i64,
    /// « Annexe 1 – Année 2025 »
    pub heading: String,
    pub adopted: Option<String>,
    pub means: Vec<MeansRow>,
    pub totals_by_signatory: Vec<TotalRow>,
    pub totals_by_objective: Vec<TotalRow>,
    pub total: TotalRow,
    pub investments: Vec<InvestmentRow>,
    pub investments_total: Option<String>,
    pub indicators: Vec<IndicatorRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MeansRow {
    pub objective: String,
    pub signatory: String,
    pub etp: String,
    pub budget: String,
    pub text: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TotalRow {
    pub label: String,
    pub etp: String,
    pub budget: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct InvestmentRow {
    pub signatory: String,
    pub label: String,
    pub amount: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct IndicatorRow {
    pub objective: String,
    pub label: String,
    pub unit: &'static str,
    pub frequency: String,
    pub source: String,
    pub baseline: String,
    pub target: String,
    pub actual: String,
}

fn date_view(d: Date) -> DateView {
    DateView {
        year: d.year,
        month: d.month,
        day: d.day,
        text: d.french(),
    }
}

/// « du 1er janvier 2025 au 31 décembre 2027 », « à compter du 1er septembre 2015 jusqu'à … ».
fn period_text(conv: &Convention) -> String {
    let h = &conv.header;
    let term = h.term.as_ref();
    let from = match term.and_then(|t| t.effective.as_ref()).map(|e| e.value) {
        Some(crate::model::Effective::Signature) => "à compter de sa date de signature".to_string(),
        _ => format!("à compter du {}", h.start.french()),
    };
    match (&h.end, term.and_then(|t| t.until.as_ref())) {
        (Some(end), _) if term.and_then(|t| t.effective.as_ref()).is_none() => {
            format!("du {} au {}", h.start.french(), end.french())
        }
        (Some(end), _) => format!("{from} jusqu'au {}", end.french()),
        (None, Some(until)) => format!("{from} {}", until.value.trim()),
        (None, None) => match conv.end_date() {
            Some(end) => format!("du {} au {}", h.start.french(), end.french()),
            None => from,
        },
    }
}

fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Crpc => {
            "Convention régionale pluriannuelle de coordination de l'emploi, de l'orientation et de la formation professionnelles"
        }
        Kind::Partenariat => "Convention de partenariat",
        Kind::Spro => "Convention relative au service public régional de l'orientation",
    }
}

fn frequency_label(f: crate::model::Frequency) -> &'static str {
    f.as_str()
}

/// Canonical input of a convention, hashed for its fingerprint: for `convention.toml`, then
/// each annex file in year order, the bytes `<relative name>\n<length in bytes>\n<file bytes>`
/// where the name is relative to the convention folder (`convention.toml`, `annexes/2025.toml`).
pub fn fingerprint(ws: &Workspace, unit: &crate::load::Unit) -> String {
    let mut files: Vec<(String, &[u8])> = vec![(
        crate::load::CONVENTION_FILE.to_string(),
        ws.sources.get(unit.file).text.as_bytes(),
    )];
    let mut annexes: Vec<&AnnexFile> = unit.annexes.iter().collect();
    annexes.sort_by_key(|a| {
        (
            a.annex
                .as_ref()
                .map(|x| x.header.year.value)
                .unwrap_or(i64::MAX),
            ws.sources.get(a.file).display.clone(),
        )
    });
    for a in annexes {
        let src = ws.sources.get(a.file);
        let name = src
            .path
            .file_name()
            .map(|n| format!("{}/{}", crate::load::ANNEX_DIR, n.to_string_lossy()))
            .unwrap_or_default();
        files.push((name, src.text.as_bytes()));
    }
    let mut hash = Sha256::new();
    for (name, bytes) in files {
        hash.update(format!("{name}\n{}\n", bytes.len()).as_bytes());
        hash.update(bytes);
    }
    let digest = hash.finalize();
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// Builds the view of one convention and its annexes.
pub fn build(conv: &Convention, annexes: &[&Annex], fingerprint: String) -> DocView {
    let h = &conv.header;
    let regime = regime::of(conv);
    let signatories = first_by_id(conv.signatories.iter().map(|s| s.id.value.as_str()));
    let name_of = |id: &str| -> String {
        signatories
            .get(id)
            .map(|&i| conv.signatories[i].name.value.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let names_of = |ids: &[crate::source::Sp<String>]| -> String {
        if ids.iter().any(|i| i.value == "*") {
            "Tous les signataires".to_string()
        } else {
            french::join_and(&ids.iter().map(|i| name_of(i)).collect::<Vec<_>>())
        }
    };

    let parties = conv
        .signatories
        .iter()
        .map(|s| Party {
            id: s.id.value.clone(),
            name: typo(&s.name),
            role: s.role.as_str(),
            address: s.address.as_ref().map(|a| typo(a)),
            representative: s
                .represented_by
                .as_ref()
                .and_then(|r| r.name.as_ref())
                .map(|n| typo(n)),
            capacity: s
                .represented_by
                .as_ref()
                .and_then(|r| r.capacity.as_ref())
                .map(|c| typo(c)),
            mandate: s.mandate.as_ref().map(|m| typo(m)),
            logo: None,
        })
        .collect();

    // Visas, then the committee's opinion last.
    let mut visas: Vec<String> = conv
        .visas
        .iter()
        .map(|v| visa_sentence(v, regime))
        .collect();
    if let Some(op) = conv.governance.as_ref().and_then(|g| g.opinion.as_ref()) {
        let mut s = format!("Vu l'avis du {}", op.body.value.trim());
        if let Some(d) = &op.date {
            s.push_str(&format!(" en date du {}", d.french()));
        }
        visas.push(typo(&s));
    }
    let opinion_visa = (visas.len() > conv.visas.len()).then(|| visas.len() - 1);

    // Objectives, numbered in document order.
    let mut counter = 0usize;
    let mut objective_view = |o: &Objective| -> ObjectiveView {
        counter += 1;
        ObjectiveView {
            id: o.id.value.clone(),
            number: format!("Objectif {counter}"),
            title: typo(&o.title),
            axis: o.axis.as_str(),
            description: o.description.as_ref().map(|d| Md::new(d)),
            actions: o.actions.iter().map(|a| typo(a)).collect(),
            signatories: typo(&names_of(&o.signatories)),
            commitments: o
                .commitments
                .iter()
                .map(|c| CommitmentView {
                    signatory: typo(&name_of(&c.signatory)),
                    text: Md::new(&c.text),
                })
                .collect(),
            indicators: o
                .indicators
                .iter()
                .map(|i| IndicatorView {
                    id: i.id.value.clone(),
                    label: typo(&i.label),
                    unit: french::unit_label(i.unit.value),
                    frequency: i.frequency.as_ref().map(|f| frequency_label(f.value)),
                    source: i.source.as_ref().map(|s| typo(s)),
                    baseline: i.baseline.as_ref().map(|b| {
                        format!("{} ({})", french::in_unit(*b.value, i.unit.value), *b.year)
                    }),
                })
                .collect(),
        }
    };
    let by_axis = |axis: Axis| conv.objectives.iter().filter(move |o| o.axis.value == axis);

    let steering = conv
        .governance
        .as_ref()
        .and_then(|g| g.steering.as_ref())
        .map(|s| SteeringView {
            body: typo(&s.body),
            frequency: s.frequency.as_ref().map(|f| frequency_label(f.value)),
            members: s.members.iter().map(|m| typo(&name_of(m))).collect(),
        });
    let evaluation = conv
        .governance
        .as_ref()
        .and_then(|g| g.evaluation.as_ref())
        .map(|e| Md::new(e));

    let crpc = h.kind.value == Kind::Crpc;
    let mut titles = Vec::new();
    let mut articles = Vec::new();
    if crpc {
        let chapter = |number: String, heading: &str| Chapter {
            number,
            heading: heading.to_string(),
            text: None,
            objectives: Vec::new(),
            tools: Vec::new(),
            steering: None,
            articles: Vec::new(),
        };
        // Titre I: diagnostic.
        let mut diag = chapter(String::new(), "Diagnostic partagé");
        diag.objectives = by_axis(Axis::Diagnostic).map(&mut objective_view).collect();
        titles.push(Titre {
            number: "Titre I".into(),
            heading: "Diagnostic partagé".into(),
            intro: None,
            chapters: vec![diag],
        });
        // Titre II: objectives by axis.
        let groups = [
            (
                Axis::Mobilisation,
                "Mobilisation coordonnée des outils des politiques de l'emploi et de la formation professionnelle",
            ),
            (
                Axis::Spro,
                "Participation au service public régional de l'orientation (SPRO)",
            ),
            (
                Axis::Sprf,
                "Action au sein du service public régional de la formation professionnelle (SPRF)",
            ),
            (Axis::Evaluation, "Évaluation des actions entreprises"),
            (Axis::Transverse, "Objectifs transverses"),
        ];
        let mut chapters = Vec::new();
        for (axis, heading) in groups {
            let objectives: Vec<_> = by_axis(axis).map(&mut objective_view).collect();
            if objectives.is_empty()
                && !matches!(axis, Axis::Mobilisation | Axis::Spro | Axis::Sprf)
            {
                continue;
            }
            let mut c = chapter(format!("II-{}", chapters.len() + 1), heading);
            c.objectives = objectives;
            // Signatories for whom the axis does not apply.
            let na: Vec<String> = conv
                .not_applicable
                .iter()
                .filter(|n| n.axis.value == axis)
                .map(|n| format!("- {} : {}", name_of(&n.signatory), n.reason.value.trim()))
                .collect();
            if !na.is_empty() {
                c.text = Some(Md::new(&format!(
                    "Sans objet pour les signataires suivants :\n\n{}",
                    na.iter()
                        .map(|l| md_escape_line(l))
                        .collect::<Vec<_>>()
                        .join("\n")
                )));
            }
            chapters.push(c);
        }
        titles.push(Titre {
            number: "Titre II".into(),
            heading: "Objectifs et engagements des signataires".into(),
            intro: None,
            chapters,
        });
        // Titre III: coordination plan.
        let mut plan = chapter(
            String::new(),
            "Plan de coordination des outils du service public de l'emploi",
        );
        if let Some(p) = &conv.coordination_plan {
            plan.text = p.text.as_ref().map(|t| Md::new(t));
            plan.tools = p
                .tools
                .iter()
                .map(|t| ToolView {
                    name: typo(&t.name),
                    operators: typo(&french::join_and(
                        &t.operators.iter().map(|o| name_of(o)).collect::<Vec<_>>(),
                    )),
                    area: t.area.as_ref().map(|a| typo(a)),
                })
                .collect();
        }
        titles.push(Titre {
            number: "Titre III".into(),
            heading: "Plan de coordination des outils du service public de l'emploi".into(),
            intro: None,
            chapters: vec![plan],
        });
        // Titre IV: execution.
        let mut pilotage = chapter("IV-1".into(), "Pilotage");
        pilotage.steering = steering.clone();
        let mut suivi = chapter("IV-2".into(), "Suivi et évaluation");
        suivi.text = evaluation.clone();
        let mut chapters = vec![pilotage, suivi];
        if !conv.articles.is_empty() {
            let mut clauses = chapter("IV-3".into(), "Dispositions générales");
            clauses.articles = conv
                .articles
                .iter()
                .enumerate()
                .map(|(i, a)| article_view(i + 1, i, a))
                .collect();
            chapters.push(clauses);
        }
        titles.push(Titre {
            number: "Titre IV".into(),
            heading: "Exécution de la convention".into(),
            intro: None,
            chapters,
        });
    } else {
        // Numbered articles; objectives and governance get their own articles after the
        // leading « objet » / « engagements » articles.
        let lead = conv
            .articles
            .iter()
            .take_while(|a| {
                a.clause.as_ref().is_some_and(|c| {
                    matches!(
                        c.value,
                        crate::model::Clause::Objet | crate::model::Clause::Engagements
                    )
                })
            })
            .count();
        let mut n = 0;
        let mut next = || {
            n += 1;
            n
        };
        for (i, a) in conv.articles[..lead].iter().enumerate() {
            articles.push(article_view(next(), i, a));
        }
        if !conv.objectives.is_empty() {
            let number = next();
            articles.push(ArticleView {
                number,
                heading: format!("Article {number} – Objectifs, engagements et indicateurs"),
                title: "Objectifs, engagements et indicateurs".into(),
                clause: None,
                text: None,
                objectives: conv.objectives.iter().map(&mut objective_view).collect(),
                steering: None,
                source: None,
            });
        }
        if steering.is_some() || evaluation.is_some() {
            let number = next();
            articles.push(ArticleView {
                number,
                heading: format!("Article {number} – Gouvernance, suivi et évaluation"),
                title: "Gouvernance, suivi et évaluation".into(),
                clause: None,
                text: evaluation.clone(),
                objectives: Vec::new(),
                steering: steering.clone(),
                source: None,
            });
        }
        for (i, a) in conv.articles.iter().enumerate().skip(lead) {
            articles.push(article_view(next(), i, a));
        }
    }

    let signature = {
        let sig = h.signature.as_ref();
        let place = sig.and_then(|s| s.place.as_ref()).map(|p| p.value.clone());
        let date = sig.and_then(|s| s.date.as_ref()).map(|d| d.french());
        SignatureView {
            place_date: typo(&format!(
                "Fait à {}, le {}",
                place.unwrap_or_else(|| "…………………………".into()),
                date.unwrap_or_else(|| "…………………………".into())
            )),
            copies: format!(
                "en {} exemplaires originaux",
                number_word(conv.signatories.len())
            ),
            boxes: conv
                .signatories
                .iter()
                .map(|s| SignatureBox {
                    party: typo(&s.name),
                    capacity: s
                        .represented_by
                        .as_ref()
                        .and_then(|r| r.capacity.as_ref())
                        .map(|c| typo(c))
                        .unwrap_or_default(),
                    name: s
                        .represented_by
                        .as_ref()
                        .and_then(|r| r.name.as_ref())
                        .map(|n| typo(n))
                        .unwrap_or_default(),
                    logo: None,
                })
                .collect(),
        }
    };

    let mut sorted: Vec<&Annex> = annexes.to_vec();
    sorted.sort_by_key(|a| a.header.year.value);
    let annexes = sorted
        .iter()
        .enumerate()
        .map(|(i, a)| annex_view(conv, a, i + 1))
        .collect();

    let doc_date = h
        .signature
        .as_ref()
        .and_then(|s| s.date.as_ref())
        .map(|d| d.value)
        .unwrap_or(h.start.value);

    DocView {
        id: h.id.value.clone(),
        kind: h.kind.as_str(),
        kind_label: kind_label(h.kind.value),
        title: typo(&h.title),
        short_title: typo(h.short_title.as_ref().map_or(&h.title.value, |s| &s.value)),
        region: typo(&h.region),
        period: period_text(conv),
        start: date_view(h.start.value),
        end: conv.end_date().map(date_view),
        status: h.status.as_str(),
        draft: h.status.value == Status::Draft,
        regime: RegimeView {
            id: regime.id,
            institution: regime.institution_name,
            committee: regime.committee,
        },
        parties,
        visas,
        opinion_visa,
        preamble: conv.preamble.as_ref().map(|p| Md::new(&p.text)),
        crpc,
        titles,
        articles,
        signature,
        annexes,
        fingerprint,
        document_date: date_view(doc_date),
        assets: Vec::new(),
        matrix: None,
    }
}

/// Adds the accepted logos (rule `asset`) to the view, numbered by signatory: the parties and
/// signature boxes name them as typst reads them from its root folder (`/<id>-logo-<n>.png`),
/// and `assets` says which file to copy there. Refused logos are left out.
pub fn attach_logos(view: &mut DocView, conv: &Convention, dir: &std::path::Path) {
    for (i, s) in conv.signatories.iter().enumerate() {
        let Some(logo) = &s.logo else { continue };
        let Ok(source) = crate::load::assets::resolve_logo(dir, &logo.value) else {
            continue;
        };
        let Some(ext) = crate::load::assets::extension(&logo.value) else {
            continue;
        };
        let name = format!("{}-logo-{}.{ext}", view.id, i + 1);
        let shown = Some(format!("/{name}"));
        if let Some(p) = view.parties.get_mut(i) {
            p.logo = shown.clone();
        }
        if let Some(b) = view.signature.boxes.get_mut(i) {
            b.logo = shown;
        }
        view.assets.push(AssetFile { source, name });
    }
}

/// Escapes a line so that it stays one plain list item once inside Markdown.
fn md_escape_line(line: &str) -> String {
    match line.strip_prefix("- ") {
        Some(rest) => format!("- {}", markup::escape(rest)),
        None => markup::escape(line),
    }
}

fn number_word(n: usize) -> String {
    const WORDS: [&str; 13] = [
        "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
        "onze", "douze",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

fn article_view(number: usize, index: usize, a: &crate::model::Article) -> ArticleView {
    ArticleView {
        number,
        heading: format!("Article {number} – {}", typo(&a.title)),
        title: typo(&a.title),
        clause: a.clause.as_ref().map(|c| c.as_str()),
        text: Some(Md::new(&a.text)),
        objectives: Vec::new(),
        steering: None,
        source: Some(index),
    }
}

/// « Vu l'article L. 6123-4 du code du travail », « Vu le SRDEII, adopté … », or the free text.
fn visa_sentence(v: &crate::model::Visa, regime: &regime::Regime) -> String {
    let wording = v.reference.as_ref().and_then(|r| match refs::resolve(r)? {
        Reference::Article(a) => Some(format!(
            "l'article {} du code du travail",
            refs::article_display(a)
        )),
        Reference::Act(act) => Some(regime::visa_wording(
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
    typo(s.trim_end_matches(['.', ';', ',']))
}

#[derive(Default, Clone, Copy)]
struct Sum {
    etp: f64,
    budget: f64,
}

fn total_row(label: String, s: Sum) -> TotalRow {
    TotalRow {
        label,
        etp: french::etp(s.etp),
        budget: french::euros(s.budget),
    }
}

/// Position of the first item with each id (as `iter().position` would find it).
fn first_by_id<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut map = HashMap::new();
    for (i, id) in ids.enumerate() {
        map.entry(id).or_insert(i);
    }
    map
}

fn annex_view(conv: &Convention, a: &Annex, index: usize) -> AnnexView {
    // Lookups by id through maps built once: the annex stays linear in its number of lines.
    let signatories = first_by_id(conv.signatories.iter().map(|s| s.id.value.as_str()));
    let objectives = first_by_id(conv.objectives.iter().map(|o| o.id.value.as_str()));
    let name_of = |id: &str| -> String {
        typo(
            signatories
                .get(id)
                .map_or(id, |&i| conv.signatories[i].name.value.as_str()),
        )
    };
    let objective_title = |id: &str| -> String {
        typo(
            objectives
                .get(id)
                .map_or(id, |&i| conv.objectives[i].title.value.as_str()),
        )
    };
    // Means in objective order, then signatory order.
    let obj_pos = |id: &str| objectives.get(id).copied().unwrap_or(usize::MAX);
    let sig_pos = |id: &str| signatories.get(id).copied().unwrap_or(usize::MAX);
    let targets = first_by_id(a.targets.iter().map(|t| t.indicator.value.as_str()));
    let mut means: Vec<&crate::model::Means> = a.means.iter().collect();
    means.sort_by_key(|m| (obj_pos(&m.objective), sig_pos(&m.signatory)));

    let mut by_sig: BTreeMap<(usize, String), Sum> = BTreeMap::new();
    let mut by_obj: BTreeMap<(usize, String), Sum> = BTreeMap::new();
    let mut total = Sum::default();
    for m in &means {
        let etp = m.etp.as_ref().map_or(0.0, |v| v.value);
        let budget = m.budget_eur.as_ref().map_or(0.0, |v| v.value);
        for (map, key) in [
            (
                &mut by_sig,
                (sig_pos(&m.signatory), m.signatory.value.clone()),
            ),
            (
                &mut by_obj,
                (obj_pos(&m.objective), m.objective.value.clone()),
            ),
        ] {
            let e = map.entry(key).or_default();
            e.etp += etp;
            e.budget += budget;
        }
        total.etp += etp;
        total.budget += budget;
    }

    let mut indicators = Vec::new();
    for (o, i) in conv.indicators() {
        let target = targets.get(i.id.value.as_str()).map(|&k| &a.targets[k]);
        indicators.push(IndicatorRow {
            objective: typo(&o.title),
            label: typo(&i.label),
            unit: french::unit_label(i.unit.value),
            frequency: i.frequency.as_ref().map_or("", |f| f.as_str()).to_string(),
            source: i.source.as_ref().map_or(String::new(), |s| typo(s)),
            baseline: i.baseline.as_ref().map_or("–".into(), |b| {
                format!("{} ({})", french::in_unit(*b.value, i.unit.value), *b.year)
            }),
            target: target
                .and_then(|t| t.target.as_ref())
                .map_or("–".into(), |v| french::in_unit(v.value, i.unit.value)),
            actual: target
                .and_then(|t| t.actual.as_ref())
                .map_or("–".into(), |v| french::in_unit(v.value, i.unit.value)),
        });
    }

    let investments: Vec<InvestmentRow> = a
        .investments
        .iter()
        .map(|i| InvestmentRow {
            signatory: name_of(&i.signatory),
            label: typo(&i.label),
            amount: french::euros(*i.amount_eur),
        })
        .collect();
    let investments_total = (!a.investments.is_empty())
        .then(|| french::euros(a.investments.iter().map(|i| *i.amount_eur).sum()));

    AnnexView {
        year: *a.header.year,
        heading: format!("Annexe {index} – Année {}", *a.header.year),
        adopted: a.header.adopted.as_ref().map(|d| d.french()),
        means: means
            .iter()
            .map(|m| MeansRow {
                objective: objective_title(&m.objective),
                signatory: name_of(&m.signatory),
                etp: m.etp.as_ref().map_or("–".into(), |v| french::etp(v.value)),
                budget: m
                    .budget_eur
                    .as_ref()
                    .map_or("–".into(), |v| french::euros(v.value)),
                text: m.text.as_ref().map_or(String::new(), |t| typo(t)),
            })
            .collect(),
        totals_by_signatory: by_sig
            .into_iter()
            .map(|((_, id), s)| total_row(name_of(&id), s))
            .collect(),
        totals_by_objective: by_obj
            .into_iter()
            .map(|((_, id), s)| total_row(objective_title(&id), s))
            .collect(),
        total: total_row("Total".into(), total),
        investments,
        investments_total,
        indicators,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load;

    fn minimal() -> (Workspace, DocView) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/base/crpc-minimal");
        let ws = load::load(&[dir]).unwrap();
        let unit = &ws.units[0];
        let conv = unit.convention.as_ref().unwrap();
        let annexes: Vec<&Annex> = unit
            .annexes
            .iter()
            .filter_map(|a| a.annex.as_ref())
            .collect();
        let fp = fingerprint(&ws, unit);
        let view = build(conv, &annexes, fp);
        (ws, view)
    }

    #[test]
    fn totals_per_signatory_and_objective() {
        let (_, v) = minimal();
        let a = &v.annexes[0];
        assert_eq!(a.heading, "Annexe 1 – Année 2025");
        assert_eq!(a.total.budget, "30\u{202f}000\u{a0}€");
        assert_eq!(a.total.etp, "1\u{a0}ETP");
        let region = a
            .totals_by_signatory
            .iter()
            .find(|t| t.label == "La Région Test")
            .unwrap();
        assert_eq!(region.budget, "30\u{202f}000\u{a0}€");
        assert_eq!(region.etp, "0\u{a0}ETP");
        // Totals per objective follow the objectives' order.
        let labels: Vec<_> = a
            .totals_by_objective
            .iter()
            .map(|t| t.label.as_str())
            .collect();
        assert_eq!(
            labels,
            [
                "Mobiliser les outils de façon coordonnée",
                "Contribuer au SPRO",
                "Agir au sein du SPRF",
                "Évaluer les actions"
            ]
        );
    }

    #[test]
    fn structure_dates_and_visas() {
        let (_, v) = minimal();
        assert_eq!(v.period, "du 1er janvier 2025 au 31 décembre 2027");
        assert_eq!(v.signature.place_date, "Fait à Ville-Test, le 14 mars 2025");
        assert_eq!(v.visas[0], "Vu l'article L. 6123-4 du code du travail");
        assert!(v.visas[4].ends_with("l'Unédic et France Travail"));
        assert_eq!(
            v.visas.last().unwrap(),
            "Vu l'avis du comité régional pour l'emploi en date du 1er février 2025"
        );
        let chapters: Vec<_> = v.titles[1]
            .chapters
            .iter()
            .map(|c| c.number.as_str())
            .collect();
        assert_eq!(chapters, ["II-1", "II-2", "II-3", "II-4"]);
        assert_eq!(
            v.titles[2].chapters[0].tools[0].operators,
            "France Travail — direction régionale Test et Association régionale des missions locales"
        );
        assert_eq!(v.fingerprint.len(), 12);
        assert_eq!(v.document_date.text, "14 mars 2025");
    }

    #[test]
    fn fingerprint_changes_with_any_file() {
        let (ws, v) = minimal();
        let unit = &ws.units[0];
        assert_eq!(fingerprint(&ws, unit), v.fingerprint, "stable");
        let mut ws2 = load::load(std::slice::from_ref(&unit.dir)).unwrap();
        // Same files, same fingerprint; a changed byte changes it.
        assert_eq!(fingerprint(&ws2, &ws2.units[0]), v.fingerprint);
        let f = ws2.units[0].annexes[2].file;
        let src = ws2.sources.get(f);
        let changed = crate::source::SourceFile::new(
            src.path.clone(),
            src.display.clone(),
            src.text.replace("10000", "10001"),
        );
        let mut sources = crate::source::Sources::default();
        for (id, s) in ws2.sources.iter() {
            if id == f {
                sources.add(crate::source::SourceFile::new(
                    changed.path.clone(),
                    changed.display.clone(),
                    changed.text.clone(),
                ));
            } else {
                sources.add(crate::source::SourceFile::new(
                    s.path.clone(),
                    s.display.clone(),
                    s.text.clone(),
                ));
            }
        }
        ws2.sources = sources;
        assert_ne!(fingerprint(&ws2, &ws2.units[0]), v.fingerprint);
    }
}
