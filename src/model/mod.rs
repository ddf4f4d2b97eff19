//! The loaded model of a conventions repository (the input format of docs/format.md).
//!
//! Every value a rule may point at keeps its byte span ([`Sp`]); tables keep the span of
//! their header so that "missing key" findings can point at the table that lacks it.

pub mod refs;
pub mod regime;
pub mod schema;

/// Defines a closed set of string values (a TOML enum) with its valid spellings.
#[macro_use]
mod macros;

mod avenant;
mod document;
pub use avenant::*;
pub use document::*;

use crate::date::Date;
use crate::source::{FileId, Sp, Span};

string_enum! {
    /// The kind of convention, which selects the rule set.
    Kind { Crpc = "crpc", Partenariat = "partenariat", Spro = "spro" }
}

string_enum! {
    /// When a convention takes effect.
    Effective { Signature = "signature", Start = "start" }
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
    /// Which way an indicator improves: most indicators count what is achieved (`higher`);
    /// a delay or a cost is better lower.
    Better { Higher = "higher", Lower = "lower" }
}

string_enum! {
    /// How often an indicator is followed or a body meets, from the rarest to the most frequent.
    Frequency {
        Biennale = "biennale",
        Annuelle = "annuelle",
        Semestrielle = "semestrielle",
        Quadrimestrielle = "quadrimestrielle",
        Trimestrielle = "trimestrielle",
        Bimestrielle = "bimestrielle",
        Mensuelle = "mensuelle",
        Bimensuelle = "bimensuelle",
        Hebdomadaire = "hebdomadaire",
    }
}

impl Frequency {
    /// The rhythm a misspelt value most likely stands for, if any. Stricter than the other
    /// suggestions: a close but different rhythm (`bimestrielle` for `trimestrielle`,
    /// `biannuelle` for `annuelle`) would silently change how often a body meets, so a value is
    /// suggested only at an edit distance of 2 at most, with the same first two letters, and
    /// when no other value is as close.
    pub fn suggest(typed: &str) -> Option<Frequency> {
        let lower = typed.trim().to_lowercase();
        let prefix: String = lower.chars().take(2).collect();
        if prefix.chars().count() < 2 {
            return None;
        }
        let mut scored: Vec<(usize, Frequency)> = Frequency::VARIANTS
            .iter()
            .filter(|f| f.as_str().starts_with(&prefix))
            .map(|&f| (strsim::levenshtein(&lower, f.as_str()), f))
            .filter(|(d, _)| *d <= 2)
            .collect();
        scored.sort();
        match scored.as_slice() {
            [(_, f)] => Some(*f),
            [(best, f), (next, _), ..] if best < next => Some(*f),
            _ => None,
        }
    }
}

/// `convention.toml`.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Fichier `convention.toml` d'une convention (format d'entrée v1 de convgen)."
)]
pub struct Convention {
    #[schemars(skip)]
    pub file: FileId,
    #[schemars(
        rename = "convention",
        description = "Identité de la convention : identifiant, nature, titre, région, période, statut."
    )]
    pub header: ConventionHeader,
    #[schemars(
        default,
        description = "Parties signataires, chacune représentée par une personne nommée (« ENTRE … ET … »)."
    )]
    pub signatories: Vec<Signatory>,
    #[schemars(
        default,
        description = "Signataires exigés par l'article L. 6123-4 qui n'existent pas sur le territoire (maisons de l'emploi, PLIE), avec la raison."
    )]
    pub absent_roles: Vec<AbsentRole>,
    #[schemars(
        default,
        description = "Visas (« Vu l'article … », « Vu la délibération … »), dans l'ordre."
    )]
    pub visas: Vec<Visa>,
    #[schemars(description = "Préambule de la convention.")]
    pub preamble: Option<Preamble>,
    #[schemars(
        default,
        description = "Objectifs, rangés par axe (items 1° à 4° de l'article L. 6123-4), avec engagements et indicateurs."
    )]
    pub objectives: Vec<Objective>,
    #[schemars(
        default,
        description = "Axes 2° (SPRO) ou 3° (SPRF) sans objet pour un signataire, avec la raison."
    )]
    pub not_applicable: Vec<NotApplicable>,
    #[schemars(description = "Plan de coordination des outils du service public de l'emploi.")]
    pub coordination_plan: Option<CoordinationPlan>,
    #[schemars(description = "Pilotage, suivi et évaluation, avis du comité régional.")]
    pub governance: Option<Governance>,
    #[schemars(
        default,
        description = "Autres articles, dans l'ordre (durée, modification, résiliation, litiges…), ajoutés à la mise en page par défaut de la nature de convention ; voir `[[sections]]` pour écrire tout le corps."
    )]
    pub articles: Vec<Article>,
    #[schemars(
        description = "Comment le document se lit : ordre des blocs d'ouverture, numérotation, parties."
    )]
    pub document: Option<Document>,
    #[schemars(
        default,
        description = "Le corps du texte tel que les parties l'ont écrit, dans l'ordre : titres, parties, articles et sous-articles (remplace la mise en page par défaut)."
    )]
    pub sections: Vec<Section>,
    #[schemars(
        default,
        description = "Textes cités avant « Il est convenu ce qui suit » (l'article L. 6123-4 dans le modèle du CNEFOP)."
    )]
    pub quotations: Vec<Quotation>,
    #[schemars(
        default,
        description = "Les annexes, dans l'ordre : annexes annuelles, tableau des indicateurs, documents joints, textes."
    )]
    pub annexes: Vec<AnnexSpec>,
    #[schemars(
        default,
        description = "Indicateurs qui ne dépendent d'aucun objectif (par exemple ceux d'une annexe d'indicateurs par dispositif)."
    )]
    pub indicators: Vec<Indicator>,
}

/// The `[convention]` table.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Table `[convention]` : identité de la convention."
)]
pub struct ConventionHeader {
    /// Span of the `[convention]` header.
    #[schemars(skip)]
    pub span: Span,
    #[schemars(
        description = "Identifiant unique de la convention dans le dépôt (slug) ; les annexes y renvoient, les documents produits portent ce nom."
    )]
    pub id: Sp<String>,
    #[schemars(
        description = "Nature de la convention, qui choisit les règles : `crpc` (convention régionale pluriannuelle de coordination, L. 6123-4), `partenariat` ou `spro`."
    )]
    pub kind: Sp<Kind>,
    #[schemars(description = "Titre complet de la convention.")]
    pub title: Sp<String>,
    #[schemars(description = "Titre court, repris en en-tête des pages du document produit.")]
    pub short_title: Option<Sp<String>>,
    #[schemars(description = "Région concernée, par exemple « Centre-Val de Loire ».")]
    pub region: Sp<String>,
    #[schemars(
        description = "Date de début de la période (date TOML sans guillemets, AAAA-MM-JJ)."
    )]
    pub start: Sp<Date>,
    #[schemars(
        description = "Date de fin de la période, incluse (date TOML sans guillemets, AAAA-MM-JJ). Absente pour une période ouverte (« jusqu'à … ») ou définie par sa durée (`[convention.term]`)."
    )]
    pub end: Option<Sp<Date>>,
    #[schemars(
        description = "Durée telle que les parties l'écrivent : prise d'effet, terme ouvert, durée initiale et reconduction tacite."
    )]
    pub term: Option<Term>,
    #[schemars(
        description = "Statut : `draft` (projet), `final` (version définitive) ou `signed` (signée)."
    )]
    pub status: Sp<Status>,
    #[schemars(
        default,
        schema_with = "crate::model::schema::regime_schema",
        description = "Régime juridique appliqué ; par défaut celui en vigueur à la date de début."
    )]
    pub regime: Option<Sp<String>>,
    #[schemars(
        description = "Lieu et date de signature (« Fait à …, le … ») ; obligatoires dès le statut `final`."
    )]
    pub signature: Option<Signature>,
}

/// `[convention.term]`: how the parties define the period when it is not (only) two dates.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Table `[convention.term]` : prise d'effet, terme ouvert, durée initiale et reconduction tacite."
)]
pub struct Term {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(
        description = "Prise d'effet : `signature` (« à compter de sa date de signature ») ou `start` (la date `start`, par défaut)."
    )]
    pub effective: Option<Sp<Effective>>,
    #[schemars(
        description = "Terme d'une période ouverte, tel que les parties l'écrivent, par exemple « jusqu'à l'application du prochain CPRDFOP »."
    )]
    pub until: Option<Sp<String>>,
    #[schemars(range(min = 1, max = 20), description = "Durée initiale, en années.")]
    pub years: Option<Sp<i64>>,
    #[schemars(
        range(min = 1, max = 10),
        description = "Nombre de reconductions (par exemple 2 pour « reconductible deux fois »)."
    )]
    pub renewals: Option<Sp<i64>>,
    #[schemars(
        range(min = 1, max = 20),
        description = "Durée de chaque reconduction, en années."
    )]
    pub renewal_years: Option<Sp<i64>>,
    #[schemars(
        description = "Reconduction tacite (vrai par défaut quand `renewals` est donné) ou expresse."
    )]
    pub tacit: Option<Sp<bool>>,
}

/// `[convention.signature]`.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Table `[convention.signature]` : « Fait à …, le … »."
)]
pub struct Signature {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(description = "Lieu de signature (« Fait à … »).")]
    pub place: Option<Sp<String>>,
    #[schemars(description = "Date de signature (date TOML, AAAA-MM-JJ).")]
    pub date: Option<Sp<Date>>,
    #[schemars(
        description = "Nombre d'exemplaires, tel que les parties l'écrivent (« En deux exemplaires originaux »), ou un nombre ; `\"\"` pour ne rien imprimer. Par défaut : un exemplaire par signataire."
    )]
    pub copies: Option<Sp<Copies>>,
    #[schemars(
        default,
        description = "Ordre des cadres de signature, par identifiants de signataires (par défaut l'ordre des parties)."
    )]
    pub order: Vec<Sp<String>>,
}

/// `copies`: the words of the parties, or a number.
#[derive(Clone, Debug, PartialEq)]
pub enum Copies {
    Text(String),
    Count(i64),
}

impl schemars::JsonSchema for Copies {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Copies".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "anyOf": [{ "type": "string" }, { "type": "integer", "minimum": 1, "maximum": 100 }] })
    }
}

#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Une partie signataire (`[[signatories]]`)."
)]
pub struct Signatory {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(
        description = "Identifiant unique du signataire dans la convention ; les objectifs, engagements, outils, instances et annexes y renvoient."
    )]
    pub id: Sp<String>,
    #[schemars(
        description = "Rôle de la partie au regard de l'article L. 6123-4 (`etat`, `region`, `france-travail`…, `other` pour une autre partie)."
    )]
    pub role: Sp<Role>,
    #[schemars(
        description = "Nom de la partie, par exemple « France Travail — direction régionale Centre-Val de Loire »."
    )]
    pub name: Sp<String>,
    #[schemars(description = "Adresse postale.")]
    pub address: Option<Sp<String>>,
    #[schemars(description = "Représentant qui signe : nom et qualité.")]
    pub represented_by: Option<Representative>,
    #[schemars(description = "Acte qui autorise la signature (délibération…).")]
    pub mandate: Option<Sp<String>>,
    /// Logo, relative to the convention folder (`assets/region.png`); see [`crate::load::assets`].
    #[schemars(
        description = "Logo du signataire : image PNG, JPEG ou SVG du dossier de la convention, donnée par un chemin relatif à ce dossier (`assets/region.png`) ; dessiné sur la couverture et dans le cadre de signature du PDF (règle `asset`)."
    )]
    pub logo: Option<Sp<String>>,
    #[schemars(
        description = "Forme courte du nom, pour l'intérieur des phrases et « Pour … » des signatures (« la Région »). Par défaut : le nom, son article en minuscule (« l'État »)."
    )]
    pub short_name: Option<Sp<String>>,
    #[schemars(
        description = "Dénomination dans la suite du texte : « ci-après dénommée « la Région » »."
    )]
    pub designation: Option<Sp<String>>,
    #[schemars(
        description = "Genre grammatical de la partie (`feminine`, `masculine`) pour « représentée » ; déduit de l'article du nom (La, Le, L', Les) ou de son premier nom (Région, Association, État…)."
    )]
    pub gender: Option<Sp<Gender>>,
    #[schemars(
        description = "Partie au pluriel (« Les missions locales, représentées par … ») ; déduit du nom."
    )]
    pub plural: Option<Sp<bool>>,
    #[schemars(
        description = "Présentation du représentant : `apposition` (« représentée par Mme X, Présidente … », par défaut), `acting` (« agissant au nom et en sa qualité de … »), `possessive` (« représentée par sa Présidente, Mme X »)."
    )]
    pub representation: Option<Sp<Representation>>,
    #[schemars(
        description = "Formule de l'acte qui autorise la signature : `habilitation` (« dûment habilité par … », par défaut) ou `authorization` (« autorisé à signer la présente convention par … »)."
    )]
    pub mandate_as: Option<Sp<MandateAs>>,
    #[schemars(
        description = "Tout le texte qui suit le nom dans le bloc des parties, tel que les parties l'ont écrit ; remplace la formule construite."
    )]
    pub statement: Option<Sp<String>>,
}

#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Représentant d'un signataire : `{ name = \"…\", capacity = \"…\" }`."
)]
pub struct Representative {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(description = "Nom du représentant, par exemple « Mme Anne Martin ».")]
    pub name: Option<Sp<String>>,
    #[schemars(
        description = "Qualité du représentant, par exemple « Préfète de la région Centre-Val de Loire »."
    )]
    pub capacity: Option<Sp<String>>,
    #[schemars(
        description = "Civilité (« Madame », « Monsieur », « Mme », « M. ») ; déduite du début du nom si elle y est."
    )]
    pub civility: Option<Sp<String>>,
    #[schemars(
        description = "Genre du représentant (`feminine`, `masculine`) pour « habilité(e) » ; déduit de la civilité ou de la qualité (Préfète, Présidente…)."
    )]
    pub gender: Option<Sp<Gender>>,
    #[schemars(
        description = "Qualité telle qu'elle s'écrit au-dessus de la signature, par exemple « Le Président du Conseil régional » (par défaut déduite de `capacity`)."
    )]
    pub signing_as: Option<Sp<String>>,
}

#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Signataire exigé absent du territoire (`[[absent_roles]]`)."
)]
pub struct AbsentRole {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(
        description = "Rôle absent du territoire (seuls `maisons-emploi` et `plie` peuvent l'être)."
    )]
    pub role: Sp<Role>,
    #[schemars(description = "Raison de l'absence.")]
    pub reason: Sp<String>,
}

#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(extend("anyOf" = [{ "required": ["ref"] }, { "required": ["text"] }, { "required": ["opinion"] }]))]
#[schemars(
    deny_unknown_fields,
    description = "Un visa (`[[visas]]`) : une référence connue (`ref`), un texte libre (`text`) ou les deux."
)]
pub struct Visa {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(
        rename = "ref",
        description = "Référence connue : `code-travail:<article>` (par exemple `code-travail:L6123-4`), `strategie-coordonnee`, `srdeii`, `cprdfop`, `sre`, `convention-tripartite`, `accord-cadre-cap-emploi`, `cpo-missions-locales`, `plan-convergence` (outre-mer)."
    )]
    pub reference: Option<Sp<String>>,
    #[schemars(
        description = "Texte libre du visa, ou complément de la référence (« adopté par délibération n° … »)."
    )]
    pub text: Option<Sp<String>>,
    #[schemars(
        description = "Date d'adoption ou de signature de l'acte visé (date TOML, AAAA-MM-JJ)."
    )]
    pub date: Option<Sp<Date>>,
    #[schemars(
        description = "Place ici l'avis du comité régional (`[governance] opinion`) parmi les visas ; sans ce visa, l'avis vient en dernier."
    )]
    pub opinion: Option<Sp<bool>>,
}

#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(deny_unknown_fields, description = "Préambule (`[preamble]`).")]
pub struct Preamble {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(description = "Texte du préambule (Markdown).")]
    pub text: Sp<String>,
}

#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(deny_unknown_fields, description = "Un objectif (`[[objectives]]`).")]
pub struct Objective {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(
        description = "Identifiant unique de l'objectif ; les annexes annuelles donnent les moyens par objectif."
    )]
    pub id: Sp<String>,
    #[schemars(
        description = "Axe de l'objectif : `mobilisation` (1°), `spro` (2°), `sprf` (3°), `evaluation` (4°) de l'article L. 6123-4, ou `diagnostic`, `transverse`."
    )]
    pub axis: Sp<Axis>,
    #[schemars(description = "Titre de l'objectif.")]
    pub title: Sp<String>,
    #[schemars(description = "Description de l'objectif (Markdown).")]
    pub description: Option<Sp<String>>,
    #[schemars(default, description = "Priorités d'actions.")]
    pub actions: Vec<Sp<String>>,
    #[schemars(
        default,
        description = "Identifiants des signataires concernés, ou `[\"*\"]` pour tous."
    )]
    pub signatories: Vec<Sp<String>>,
    #[schemars(
        default,
        description = "Engagements de chaque signataire pour cet objectif."
    )]
    pub commitments: Vec<Commitment>,
    #[schemars(
        default,
        description = "Indicateurs de suivi et d'évaluation de l'objectif."
    )]
    pub indicators: Vec<Indicator>,
}

#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Engagement d'un signataire pour un objectif (`[[objectives.commitments]]`)."
)]
pub struct Commitment {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(description = "Identifiant du signataire qui s'engage.")]
    pub signatory: Sp<String>,
    #[schemars(description = "Ce à quoi il s'engage (Markdown).")]
    pub text: Sp<String>,
}

#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Indicateur de suivi (`[[objectives.indicators]]`)."
)]
pub struct Indicator {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(
        description = "Identifiant unique de l'indicateur dans la convention ; les annexes en fixent les cibles."
    )]
    pub id: Sp<String>,
    #[schemars(description = "Libellé de l'indicateur.")]
    pub label: Sp<String>,
    #[schemars(description = "Unité de mesure.")]
    pub unit: Sp<Unit>,
    #[schemars(description = "Fréquence de suivi.")]
    pub frequency: Option<Sp<Frequency>>,
    #[schemars(description = "Source des données.")]
    pub source: Option<Sp<String>>,
    #[schemars(description = "Valeur de référence : `{ year = 2024, value = 12.0 }`.")]
    pub baseline: Option<Baseline>,
    #[schemars(
        description = "Groupe de l'indicateur dans le tableau des indicateurs, par exemple le dispositif suivi (« VAE »)."
    )]
    pub group: Option<Sp<String>>,
    #[schemars(
        description = "Sens dans lequel l'indicateur progresse : `higher` (plus haut est mieux, par défaut) ou `lower` (un délai, un coût : la cible est atteinte quand le réalisé lui est inférieur ou égal)."
    )]
    pub better: Option<Sp<Better>>,
}

#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Valeur de référence d'un indicateur."
)]
pub struct Baseline {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(description = "Année de la valeur de référence.")]
    pub year: Sp<i64>,
    #[schemars(description = "Valeur de référence.")]
    pub value: Sp<f64>,
}

#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Axe sans objet pour un signataire (`[[not_applicable]]`)."
)]
pub struct NotApplicable {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(description = "Identifiant du signataire.")]
    pub signatory: Sp<String>,
    #[schemars(
        description = "Axe sans objet : `spro` (2°) ou `sprf` (3°), qui s'appliquent « le cas échéant »."
    )]
    pub axis: Sp<Axis>,
    #[schemars(description = "Raison pour laquelle l'axe est sans objet.")]
    pub reason: Sp<String>,
}

#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Plan de coordination des outils du service public de l'emploi (`[coordination_plan]`)."
)]
pub struct CoordinationPlan {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(description = "Présentation du plan (Markdown).")]
    pub text: Option<Sp<String>>,
    #[schemars(
        default,
        description = "Outils coordonnés ou mutualisés (`[[coordination_plan.tools]]`)."
    )]
    pub tools: Vec<Tool>,
}

#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(deny_unknown_fields, description = "Un outil du plan de coordination.")]
pub struct Tool {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(description = "Nom de l'outil.")]
    pub name: Sp<String>,
    #[schemars(
        default,
        description = "Identifiants des signataires qui le mettent en œuvre."
    )]
    pub operators: Vec<Sp<String>>,
    #[schemars(description = "Territoire : bassin d'emploi, département…")]
    pub area: Option<Sp<String>>,
}

#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Pilotage, suivi et évaluation (`[governance]`)."
)]
pub struct Governance {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(
        description = "Instance de pilotage : `{ body = \"…\", frequency = \"…\", members = [\"…\"] }`."
    )]
    pub steering: Option<Steering>,
    #[schemars(description = "Modalités de suivi et d'évaluation (Markdown).")]
    pub evaluation: Option<Sp<String>>,
    #[schemars(
        description = "Avis du comité régional (CREFOP, comité régional pour l'emploi) : `{ body = \"…\", date = AAAA-MM-JJ }`."
    )]
    pub opinion: Option<Opinion>,
    #[schemars(
        default,
        description = "Calendrier des étapes (`[[governance.calendar]]`)."
    )]
    pub calendar: Vec<Milestone>,
}

#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Instance de pilotage de la convention."
)]
pub struct Steering {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(description = "Nom de l'instance, par exemple « Comité de pilotage ».")]
    pub body: Sp<String>,
    #[schemars(description = "Fréquence de réunion.")]
    pub frequency: Option<Sp<Frequency>>,
    #[schemars(default, description = "Identifiants des signataires membres.")]
    pub members: Vec<Sp<String>>,
    #[schemars(
        default,
        description = "Autres membres, qui ne signent pas (« le rectorat », « les représentants des comités locaux pour l'emploi »)."
    )]
    pub other_members: Vec<Sp<String>>,
    #[schemars(
        description = "Rythme des réunions tel que les parties l'écrivent (« tous les deux mois »)."
    )]
    pub rhythm: Option<Sp<String>>,
}

#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(deny_unknown_fields, description = "Avis du comité régional.")]
pub struct Opinion {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(
        description = "Instance qui a rendu l'avis : « CREFOP » (jusqu'en 2023) ou « comité régional pour l'emploi »."
    )]
    pub body: Sp<String>,
    #[schemars(description = "Date de l'avis (date TOML, AAAA-MM-JJ).")]
    pub date: Option<Sp<Date>>,
}

#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(deny_unknown_fields, description = "Un article (`[[articles]]`).")]
pub struct Article {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(description = "Titre de l'article, par exemple « Durée et validité ».")]
    pub title: Sp<String>,
    #[schemars(
        description = "Clause type portée par l'article (`duree`, `modification`, `resiliation`, `litiges`…)."
    )]
    pub clause: Option<Sp<Clause>>,
    #[schemars(description = "Texte de l'article (Markdown).")]
    pub text: Sp<String>,
}

/// `annexes/<YYYY>.toml`: the annual annex of means and indicator targets.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Annexe annuelle `annexes/<AAAA>.toml` : moyens alloués et cibles des indicateurs."
)]
pub struct Annex {
    #[schemars(skip)]
    pub file: FileId,
    #[schemars(
        rename = "annex",
        description = "Identité de l'annexe : convention et année."
    )]
    pub header: AnnexHeader,
    #[schemars(
        default,
        description = "Moyens alloués par objectif et par signataire (`[[means]]`)."
    )]
    pub means: Vec<Means>,
    #[schemars(
        default,
        description = "Cibles des indicateurs pour l'année (`[[targets]]`)."
    )]
    pub targets: Vec<Target>,
    #[schemars(
        default,
        description = "Projets d'investissement des services régionaux (`[[investments]]`)."
    )]
    pub investments: Vec<Investment>,
}

#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(deny_unknown_fields, description = "Table `[annex]`.")]
pub struct AnnexHeader {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(description = "Identifiant (`id`) de la convention du dossier.")]
    pub convention: Sp<String>,
    #[schemars(
        description = "Année de l'annexe : celle du nom de fichier, dans la période de la convention."
    )]
    pub year: Sp<i64>,
    #[schemars(description = "Date d'adoption de l'annexe (date TOML, AAAA-MM-JJ).")]
    pub adopted: Option<Sp<Date>>,
}

#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(extend("anyOf" = [{ "required": ["etp"] }, { "required": ["budget_eur"] }, { "required": ["text"] }]))]
#[schemars(
    deny_unknown_fields,
    description = "Moyens alloués (`[[means]]`) : au moins l'un de `etp`, `budget_eur`, `text`."
)]
pub struct Means {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(description = "Identifiant de l'objectif.")]
    pub objective: Sp<String>,
    #[schemars(description = "Identifiant du signataire.")]
    pub signatory: Sp<String>,
    #[schemars(
        range(min = 0),
        description = "Effectifs, en équivalents temps plein (nombre positif ou nul)."
    )]
    pub etp: Option<Sp<f64>>,
    #[schemars(
        range(min = 0),
        description = "Budget, en euros (nombre positif ou nul)."
    )]
    pub budget_eur: Option<Sp<f64>>,
    #[schemars(description = "Description des moyens.")]
    pub text: Option<Sp<String>>,
}

#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Cible d'un indicateur pour l'année (`[[targets]]`)."
)]
pub struct Target {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(description = "Identifiant de l'indicateur.")]
    pub indicator: Sp<String>,
    #[schemars(
        description = "Valeur cible de l'année, quand une cible est fixée (une ligne peut ne donner que le réalisé)."
    )]
    pub target: Option<Sp<f64>>,
    #[schemars(description = "Valeur réalisée, renseignée au bilan de l'année.")]
    pub actual: Option<Sp<f64>>,
}

#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Projet d'investissement (`[[investments]]`)."
)]
pub struct Investment {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(description = "Identifiant du signataire.")]
    pub signatory: Sp<String>,
    #[schemars(description = "Libellé du projet.")]
    pub label: Sp<String>,
    #[schemars(
        range(min = 0),
        description = "Montant, en euros (nombre positif ou nul)."
    )]
    pub amount_eur: Sp<f64>,
}

impl Convention {
    pub fn signatory(&self, id: &str) -> Option<&Signatory> {
        self.signatories.iter().find(|s| s.id.value == id)
    }

    /// Every indicator of the convention: those of the objectives (with their objective),
    /// then the convention's own `[[indicators]]`.
    pub fn all_indicators(&self) -> impl Iterator<Item = (Option<&Objective>, &Indicator)> {
        self.objectives
            .iter()
            .flat_map(|o| o.indicators.iter().map(move |i| (Some(o), i)))
            .chain(self.indicators.iter().map(|i| (None, i)))
    }

    /// Every standard clause of the body, with the span of the article or section that
    /// carries it (`[[articles]]` and `[[sections]]`).
    pub fn clauses(&self) -> impl Iterator<Item = &Sp<Clause>> {
        self.articles
            .iter()
            .filter_map(|a| a.clause.as_ref())
            .chain(self.sections.iter().flat_map(|s| s.clause.iter()))
    }

    /// Every indicator of every objective, with its objective.
    pub fn indicators(&self) -> impl Iterator<Item = (&Objective, &Indicator)> {
        self.objectives
            .iter()
            .flat_map(|o| o.indicators.iter().map(move |i| (o, i)))
    }

    /// Last day of the period when it is known: `end`, else the last day of the initial
    /// duration (`[convention.term] years`); `None` for an open period.
    pub fn end_date(&self) -> Option<Date> {
        let h = &self.header;
        if let Some(end) = &h.end {
            return Some(end.value);
        }
        let years = h.term.as_ref()?.years.as_ref()?.value;
        let years = i32::try_from(years)
            .ok()
            .filter(|y| (1..=100).contains(y))?;
        Some(h.start.value.add_years(years).prev_day())
    }

    /// Calendar years known to be covered by the period: start year to the year of
    /// [`Convention::end_date`]; the start year alone for an open period.
    pub fn years(&self) -> std::ops::RangeInclusive<i32> {
        let start = self.header.start.year;
        start..=self.end_date().map_or(start, |e| e.year.max(start))
    }

    /// Whether the period has no known end (« jusqu'à … »).
    pub fn is_open(&self) -> bool {
        self.end_date().is_none()
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
                "les représentants régionaux des organismes spécialisés dans l'insertion professionnelle des personnes handicapées (Cap emploi)"
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

#[cfg(test)]
mod tests {
    use super::Frequency;

    #[test]
    fn every_common_rhythm_is_a_value() {
        for f in [
            "bimestrielle",
            "quadrimestrielle",
            "bimensuelle",
            "hebdomadaire",
            "biennale",
        ] {
            assert!(Frequency::parse(f).is_some(), "{f}");
        }
    }

    #[test]
    fn suggestions_never_change_the_rhythm() {
        assert_eq!(
            Frequency::suggest("trimestriel"),
            Some(Frequency::Trimestrielle)
        );
        assert_eq!(
            Frequency::suggest("Semestriele"),
            Some(Frequency::Semestrielle)
        );
        assert_eq!(
            Frequency::suggest("bimestriel"),
            Some(Frequency::Bimestrielle)
        );
        assert_eq!(
            Frequency::suggest("bimensuel"),
            Some(Frequency::Bimensuelle)
        );
        // Another multiplier is another rhythm: no suggestion.
        assert_eq!(Frequency::suggest("biannuelle"), None);
        assert_eq!(Frequency::suggest("tous les deux mois"), None);
        assert_eq!(Frequency::suggest("mestrielle"), None);
        assert_eq!(Frequency::suggest("x"), None);
    }
}
