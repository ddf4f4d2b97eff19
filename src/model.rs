//! The loaded model of a conventions repository (input format v1, `DOMAIN.md` §4).
//!
//! Every value a rule may point at keeps its byte span ([`Sp`]); tables keep the span of
//! their header so that "missing key" findings can point at the table that lacks it.

use crate::date::Date;
use crate::source::{FileId, Sp, Span};

/// Defines a closed set of string values (a TOML enum) with its valid spellings.
macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vm])* $variant),+ }

        impl $name {
            /// Every valid spelling, in declaration order.
            pub const ALL: &'static [&'static str] = &[$($text),+];
            /// Every variant, in declaration order.
            pub const VARIANTS: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum! {
    /// The kind of convention, which selects the rule set.
    Kind { Crpc = "crpc", Partenariat = "partenariat", Spro = "spro" }
}

string_enum! {
    /// Life-cycle status of a convention.
    Status { Draft = "draft", Final = "final", Signed = "signed" }
}

string_enum! {
    /// The role of a signatory (the bodies named by article L.6123-4).
    Role {
        Etat = "etat",
        Region = "region",
        FranceTravail = "france-travail",
        PoleEmploi = "pole-emploi",
        MissionsLocales = "missions-locales",
        CapEmploi = "cap-emploi",
        MaisonsEmploi = "maisons-emploi",
        Plie = "plie",
        Other = "other",
    }
}

string_enum! {
    /// The axis an objective belongs to (items 1° to 4° of L.6123-4 and more).
    Axis {
        Diagnostic = "diagnostic",
        Mobilisation = "mobilisation",
        Spro = "spro",
        Sprf = "sprf",
        Evaluation = "evaluation",
        Transverse = "transverse",
    }
}

string_enum! {
    /// Standard clause carried by an article.
    Clause {
        Duree = "duree",
        Modification = "modification",
        Resiliation = "resiliation",
        Litiges = "litiges",
        Execution = "execution",
        Communication = "communication",
        Objet = "objet",
        Engagements = "engagements",
        Other = "other",
    }
}

string_enum! {
    /// Unit of an indicator.
    Unit {
        Nombre = "nombre",
        Pourcentage = "pourcentage",
        Euros = "euros",
        Etp = "etp",
        Heures = "heures",
        Jours = "jours",
        Personnes = "personnes",
    }
}

string_enum! {
    /// How often an indicator or a body is followed.
    Frequency {
        Annuelle = "annuelle",
        Semestrielle = "semestrielle",
        Trimestrielle = "trimestrielle",
        Mensuelle = "mensuelle",
    }
}

/// `convention.toml`.
#[derive(Clone, Debug)]
pub struct Convention {
    pub file: FileId,
    pub header: ConventionHeader,
    pub signatories: Vec<Signatory>,
    pub absent_roles: Vec<AbsentRole>,
    pub visas: Vec<Visa>,
    pub preamble: Option<Preamble>,
    pub objectives: Vec<Objective>,
    pub not_applicable: Vec<NotApplicable>,
    pub coordination_plan: Option<CoordinationPlan>,
    pub governance: Option<Governance>,
    pub articles: Vec<Article>,
}

/// The `[convention]` table.
#[derive(Clone, Debug)]
pub struct ConventionHeader {
    /// Span of the `[convention]` header.
    pub span: Span,
    pub id: Sp<String>,
    pub kind: Sp<Kind>,
    pub title: Sp<String>,
    pub short_title: Option<Sp<String>>,
    pub region: Sp<String>,
    pub start: Sp<Date>,
    pub end: Sp<Date>,
    pub status: Sp<Status>,
    pub regime: Option<Sp<String>>,
    pub signature: Option<Signature>,
}

/// `[convention.signature]`.
#[derive(Clone, Debug)]
pub struct Signature {
    pub span: Span,
    pub place: Option<Sp<String>>,
    pub date: Option<Sp<Date>>,
}

#[derive(Clone, Debug)]
pub struct Signatory {
    pub span: Span,
    pub id: Sp<String>,
    pub role: Sp<Role>,
    pub name: Sp<String>,
    pub address: Option<Sp<String>>,
    pub represented_by: Option<Representative>,
    pub mandate: Option<Sp<String>>,
    /// Logo, relative to the convention folder (`assets/region.png`); see [`crate::assets`].
    pub logo: Option<Sp<String>>,
}

#[derive(Clone, Debug)]
pub struct Representative {
    pub span: Span,
    pub name: Option<Sp<String>>,
    pub capacity: Option<Sp<String>>,
}

#[derive(Clone, Debug)]
pub struct AbsentRole {
    pub span: Span,
    pub role: Sp<Role>,
    pub reason: Sp<String>,
}

#[derive(Clone, Debug)]
pub struct Visa {
    pub span: Span,
    pub reference: Option<Sp<String>>,
    pub text: Option<Sp<String>>,
    pub date: Option<Sp<Date>>,
}

#[derive(Clone, Debug)]
pub struct Preamble {
    pub span: Span,
    pub text: Sp<String>,
}

#[derive(Clone, Debug)]
pub struct Objective {
    pub span: Span,
    pub id: Sp<String>,
    pub axis: Sp<Axis>,
    pub title: Sp<String>,
    pub description: Option<Sp<String>>,
    pub actions: Vec<Sp<String>>,
    pub signatories: Vec<Sp<String>>,
    pub commitments: Vec<Commitment>,
    pub indicators: Vec<Indicator>,
}

#[derive(Clone, Debug)]
pub struct Commitment {
    pub span: Span,
    pub signatory: Sp<String>,
    pub text: Sp<String>,
}

#[derive(Clone, Debug)]
pub struct Indicator {
    pub span: Span,
    pub id: Sp<String>,
    pub label: Sp<String>,
    pub unit: Sp<Unit>,
    pub frequency: Option<Sp<Frequency>>,
    pub source: Option<Sp<String>>,
    pub baseline: Option<Baseline>,
}

#[derive(Clone, Debug)]
pub struct Baseline {
    pub span: Span,
    pub year: Sp<i64>,
    pub value: Sp<f64>,
}

#[derive(Clone, Debug)]
pub struct NotApplicable {
    pub span: Span,
    pub signatory: Sp<String>,
    pub axis: Sp<Axis>,
    pub reason: Sp<String>,
}

#[derive(Clone, Debug)]
pub struct CoordinationPlan {
    pub span: Span,
    pub text: Option<Sp<String>>,
    pub tools: Vec<Tool>,
}

#[derive(Clone, Debug)]
pub struct Tool {
    pub span: Span,
    pub name: Sp<String>,
    pub operators: Vec<Sp<String>>,
    pub area: Option<Sp<String>>,
}

#[derive(Clone, Debug)]
pub struct Governance {
    pub span: Span,
    pub steering: Option<Steering>,
    pub evaluation: Option<Sp<String>>,
    pub opinion: Option<Opinion>,
}

#[derive(Clone, Debug)]
pub struct Steering {
    pub span: Span,
    pub body: Sp<String>,
    pub frequency: Option<Sp<Frequency>>,
    pub members: Vec<Sp<String>>,
}

#[derive(Clone, Debug)]
pub struct Opinion {
    pub span: Span,
    pub body: Sp<String>,
    pub date: Option<Sp<Date>>,
}

#[derive(Clone, Debug)]
pub struct Article {
    pub span: Span,
    pub title: Sp<String>,
    pub clause: Option<Sp<Clause>>,
    pub text: Sp<String>,
}

/// `annexes/<YYYY>.toml`: the annual annex of means and indicator targets.
#[derive(Clone, Debug)]
pub struct Annex {
    pub file: FileId,
    pub header: AnnexHeader,
    pub means: Vec<Means>,
    pub targets: Vec<Target>,
    pub investments: Vec<Investment>,
}

#[derive(Clone, Debug)]
pub struct AnnexHeader {
    pub span: Span,
    pub convention: Sp<String>,
    pub year: Sp<i64>,
    pub adopted: Option<Sp<Date>>,
}

#[derive(Clone, Debug)]
pub struct Means {
    pub span: Span,
    pub objective: Sp<String>,
    pub signatory: Sp<String>,
    pub etp: Option<Sp<f64>>,
    pub budget_eur: Option<Sp<f64>>,
    pub text: Option<Sp<String>>,
}

#[derive(Clone, Debug)]
pub struct Target {
    pub span: Span,
    pub indicator: Sp<String>,
    pub target: Sp<f64>,
    pub actual: Option<Sp<f64>>,
}

#[derive(Clone, Debug)]
pub struct Investment {
    pub span: Span,
    pub signatory: Sp<String>,
    pub label: Sp<String>,
    pub amount_eur: Sp<f64>,
}

impl Convention {
    pub fn signatory(&self, id: &str) -> Option<&Signatory> {
        self.signatories.iter().find(|s| s.id.value == id)
    }

    /// Every indicator of every objective, with its objective.
    pub fn indicators(&self) -> impl Iterator<Item = (&Objective, &Indicator)> {
        self.objectives
            .iter()
            .flat_map(|o| o.indicators.iter().map(move |i| (o, i)))
    }

    /// Calendar years covered by the period (start year to end year inclusive).
    pub fn years(&self) -> std::ops::RangeInclusive<i32> {
        self.header.start.year..=self.header.end.year
    }
}

impl Role {
    /// Who the role designates, in French.
    pub fn label(self) -> &'static str {
        match self {
            Role::Etat => "le représentant de l'État dans la région (préfet de région)",
            Role::Region => "le président du conseil régional",
            Role::FranceTravail => "France Travail (institution de l'article L. 5312-1)",
            Role::PoleEmploi => "Pôle emploi (institution de l'article L. 5312-1 avant 2024)",
            Role::MissionsLocales => "les représentants régionaux des missions locales",
            Role::CapEmploi => {
                "Cap emploi (organismes spécialisés dans l'insertion des personnes handicapées)"
            }
            Role::MaisonsEmploi => "les présidents des maisons de l'emploi",
            Role::Plie => "les structures gestionnaires des PLIE",
            Role::Other => "autre partie",
        }
    }
}

impl Axis {
    /// The item of article L.6123-4 the axis stands for, in French.
    pub fn label(self) -> &'static str {
        match self {
            Axis::Diagnostic => "diagnostic partagé",
            Axis::Mobilisation => {
                "1° mobilisation coordonnée des outils des politiques de l'emploi et de la formation"
            }
            Axis::Spro => "2° participation au service public régional de l'orientation (SPRO)",
            Axis::Sprf => {
                "3° action au sein du service public régional de la formation professionnelle (SPRF)"
            }
            Axis::Evaluation => "4° modalités d'évaluation des actions entreprises",
            Axis::Transverse => "objectifs transverses",
        }
    }
}

impl Clause {
    pub fn label(self) -> &'static str {
        match self {
            Clause::Duree => "durée",
            Clause::Modification => "modification par avenant",
            Clause::Resiliation => "résiliation",
            Clause::Litiges => "litiges",
            Clause::Execution => "exécution",
            Clause::Communication => "communication",
            Clause::Objet => "objet",
            Clause::Engagements => "engagements des parties",
            Clause::Other => "autre",
        }
    }
}
