//! The document as its parties wrote it: the order of the opening blocks, the body as titled
//! and numbered sections, quoted texts, the annexes and how each level is numbered. Every key
//! is optional: without them a convention gets the default layout of its kind.

use crate::date::Date;
use crate::source::{Sp, Span};

use super::{Axis, Clause};

string_enum! {
    /// A block before the body, in the order the parties chose (`[document] opening`).
    Opening {
        Parties = "parties",
        Visas = "visas",
        Quotations = "quotations",
        Agreed = "agreed",
        Preamble = "preamble",
    }
}

string_enum! {
    /// How the numbers of one level of sections are counted.
    NumberStyle {
        /// 1, 2, 3…
        Arabic = "arabic",
        /// I, II, III…
        Roman = "roman",
        /// A, B, C…
        Letter = "letter",
        /// The parent's number, a joiner, then 1, 2, 3… (« 2-1 », « II-1 »).
        Parent = "parent",
        /// No number.
        None = "none",
    }
}

string_enum! {
    /// Where objectives are numbered from.
    ObjectiveScope {
        /// From 1 in each section (the CNEFOP model).
        Section = "section",
        /// From 1 to the last across the document.
        Document = "document",
        /// Not numbered.
        None = "none",
    }
}

string_enum! {
    /// Kind of a declared annex (`[[annexes]]`).
    AnnexKind {
        /// The annual annexes (`annexes/<AAAA>.toml`), in year order.
        Annual = "annual",
        /// A single table of every indicator, grouped by their `group`.
        Indicators = "indicators",
        /// A document of the convention folder: Markdown (`.md`) or PDF (`.pdf`).
        Document = "document",
        /// A text written here (`text`).
        Text = "text",
    }
}

string_enum! {
    /// Grammatical gender (for « représentée », « habilité »…).
    Gender { Feminine = "feminine", Masculine = "masculine" }
}

string_enum! {
    /// How the representative is introduced in the parties block.
    Representation {
        /// « représentée par Mme X, Présidente du Conseil régional »
        Apposition = "apposition",
        /// « représentée par Mme X, agissant au nom et en sa qualité de Présidente du Conseil régional »
        Acting = "acting",
        /// « représentée par sa Présidente, Mme X »
        Possessive = "possessive",
    }
}

string_enum! {
    /// How the act that authorises the signature is introduced.
    MandateAs {
        /// « dûment habilitée par délibération … »
        Habilitation = "habilitation",
        /// « autorisée à signer la présente convention par délibération … »
        Authorization = "authorization",
    }
}

/// One value or a list of them (`clause = "duree"` or `clause = ["duree", "modification"]`).
pub type OneOrMany<T> = Vec<T>;

/// What a section shows after its text (`include = [...]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Include {
    /// Every objective (`"objectives"`), or those of one axis (`"objectives:spro"`).
    Objectives(Option<Axis>),
    /// One objective (`"objective:<id>"`).
    Objective(String),
    /// The coordination plan: its text and the table of its tools.
    CoordinationPlan,
    /// The steering committee: who it gathers and how often.
    Steering,
    /// The evaluation arrangements (`[governance] evaluation`).
    Evaluation,
    /// The dated calendar of milestones (`[[governance.calendar]]`).
    Calendar,
    /// The table of every indicator.
    Indicators,
    /// The list of the annexes.
    Annexes,
}

impl Include {
    /// The spellings accepted before `:` (for messages).
    pub const KINDS: &'static [&'static str] = &[
        "objectives",
        "objective",
        "coordination-plan",
        "steering",
        "evaluation",
        "calendar",
        "indicators",
        "annexes",
    ];

    /// Parses `objectives`, `objectives:<axis>`, `objective:<id>`, `coordination-plan`…;
    /// `Err` says what is wrong.
    pub fn parse(text: &str) -> Result<Include, String> {
        let (kind, arg) = match text.split_once(':') {
            Some((k, a)) => (k, Some(a)),
            None => (text, None),
        };
        let simple = |i: Include| match arg {
            None => Ok(i),
            Some(_) => Err(format!("`{kind}` ne prend pas de précision après `:`")),
        };
        match kind {
            "objectives" => match arg {
                None => Ok(Include::Objectives(None)),
                Some(a) => Axis::parse(a)
                    .map(|x| Include::Objectives(Some(x)))
                    .ok_or_else(|| {
                        format!(
                            "axe inconnu `{a}` ; axes possibles : {}",
                            Axis::ALL.join(", ")
                        )
                    }),
            },
            "objective" => match arg {
                Some(id) if !id.is_empty() => Ok(Include::Objective(id.to_string())),
                _ => {
                    Err("`objective` demande l'identifiant d'un objectif : `objective:<id>`".into())
                }
            },
            "coordination-plan" => simple(Include::CoordinationPlan),
            "steering" => simple(Include::Steering),
            "evaluation" => simple(Include::Evaluation),
            "calendar" => simple(Include::Calendar),
            "indicators" => simple(Include::Indicators),
            "annexes" => simple(Include::Annexes),
            _ => Err(format!("élément inconnu `{kind}`")),
        }
    }
}

impl schemars::JsonSchema for Include {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Include".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^(objectives(:(diagnostic|mobilisation|spro|sprf|evaluation|transverse))?|objective:.+|coordination-plan|steering|evaluation|calendar|indicators|annexes)$"
        })
    }
}

/// `[document]`: how the document reads. Every key is optional.
#[derive(Clone, Debug, Default, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Table `[document]` : ordre des blocs d'ouverture, formule « Il est convenu », numérotation des niveaux de `[[sections]]` et des objectifs, groupes de parties, liste des annexes. Toutes les clés sont facultatives."
)]
pub struct Document {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(
        description = "Page de couverture (vrai par défaut) ; `false` : le titre en tête de la première page."
    )]
    pub cover: Option<Sp<bool>>,
    #[schemars(
        default,
        description = "Ordre des blocs avant le corps du texte : `parties`, `visas`, `quotations`, `agreed` (« Il est convenu ce qui suit »), `preamble`. Un bloc absent de la liste n'est pas imprimé."
    )]
    pub opening: Vec<Sp<Opening>>,
    #[schemars(
        description = "Formule qui précède le corps, telle que les parties l'écrivent (par défaut « IL EST CONVENU CE QUI SUIT : »)."
    )]
    pub agreed: Option<Sp<String>>,
    #[schemars(
        default,
        description = "Numérotation de chaque niveau de `[[sections]]`, du niveau 1 au plus profond."
    )]
    pub levels: Vec<Level>,
    #[schemars(description = "Numérotation et intitulé des objectifs.")]
    pub objectives: Option<ObjectiveStyle>,
    #[schemars(
        default,
        description = "Groupes de parties, par identifiants de signataires : le premier groupe finit par « d'une part », le dernier par « d'autre part »."
    )]
    pub sides: Vec<Vec<Sp<String>>>,
    #[schemars(
        description = "Désignation commune des parties, par exemple « les signataires » (« ci-après dénommés ensemble « les signataires » »)."
    )]
    pub together: Option<Sp<String>>,
    #[schemars(
        description = "Ponctuation des visas : `{ between = \";\", last = \",\" }` (par défaut)."
    )]
    pub visas: Option<VisaStyle>,
    #[schemars(
        description = "Liste des annexes après les signatures (comme le modèle du CNEFOP)."
    )]
    pub annex_list: Option<Sp<bool>>,
}

/// Numbering of one level of sections.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Numérotation d'un niveau : `{ label = \"Article\", style = \"arabic\", separator = \" – \" }`."
)]
pub struct Level {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(
        description = "Mot avant le numéro : « Article », « ARTICLE », « Titre », « Chapitre »… (aucun par défaut)."
    )]
    pub label: Option<Sp<String>>,
    #[schemars(
        description = "Style du numéro : `arabic` (1, 2…), `roman` (I, II…), `letter` (A, B…), `parent` (numéro du parent, `joiner`, puis 1, 2… : « 2-1 »), `none`."
    )]
    pub style: Option<Sp<NumberStyle>>,
    #[schemars(description = "Après le numéro : « . » pour « I. » ou « 1. ».")]
    pub suffix: Option<Sp<String>>,
    #[schemars(
        description = "Entre le numéro du parent et le sien (style `parent`) : « - » par défaut."
    )]
    pub joiner: Option<Sp<String>>,
    #[schemars(
        description = "Entre le numéro et le titre : « – » par défaut, « : », « » (une espace)…"
    )]
    pub separator: Option<Sp<String>>,
    #[schemars(
        description = "Premier numéro en ordinal (« Article 1er », « ARTICLE 1ER ») ; vrai par défaut quand `label` est « Article »."
    )]
    pub ordinal: Option<Sp<bool>>,
}

/// `[document.objectives]`.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Intitulé des objectifs : `{ label = \"Objectif\", scope = \"section\", separator = \" : \" }`."
)]
pub struct ObjectiveStyle {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(description = "Mot avant le numéro (« Objectif » par défaut).")]
    pub label: Option<Sp<String>>,
    #[schemars(
        description = "`section` : numérotés dans chaque section ; `document` : dans tout le document ; `none` : sans numéro."
    )]
    pub scope: Option<Sp<ObjectiveScope>>,
    #[schemars(description = "Entre le numéro et le titre (« : » par défaut).")]
    pub separator: Option<Sp<String>>,
}

/// `[document.visas]`.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Ponctuation des visas : `between` après chaque visa sauf le dernier, `last` après le dernier."
)]
pub struct VisaStyle {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(description = "Après chaque visa sauf le dernier (« ; » par défaut).")]
    pub between: Option<Sp<String>>,
    #[schemars(description = "Après le dernier visa (« , » par défaut).")]
    pub last: Option<Sp<String>>,
}

/// `[[sections]]`: one titre, chapitre, partie, article or sous-article, in document order.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Une section du corps (`[[sections]]`), dans l'ordre du document : titre, partie, chapitre, article ou sous-article selon son niveau."
)]
pub struct Section {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(
        description = "Identifiant stable de la section (facultatif), pour les avenants et le tableau de conformité."
    )]
    pub id: Option<Sp<String>>,
    #[schemars(
        range(min = 1, max = 6),
        description = "Niveau : 1 pour un titre, une partie ou un article de premier rang, 2 pour ce qu'il contient… (1 par défaut)."
    )]
    pub level: Option<Sp<i64>>,
    #[schemars(description = "Titre de la section, tel que les parties l'écrivent.")]
    pub title: Sp<String>,
    #[schemars(
        description = "Numéro tel qu'il doit s'imprimer (« 5 bis »), à la place de la numérotation du niveau."
    )]
    pub number: Option<Sp<String>>,
    #[schemars(
        description = "`false` : section sans numéro (elle ne compte pas dans la numérotation)."
    )]
    pub numbered: Option<Sp<bool>>,
    #[schemars(
        default,
        schema_with = "crate::model::schema::clauses_schema",
        description = "Clause(s) type(s) que porte la section : une valeur ou une liste (`duree`, `modification`, `resiliation`, `litiges`, `execution`…)."
    )]
    pub clause: OneOrMany<Sp<Clause>>,
    #[schemars(
        description = "Texte de la section, ou introduction de ses sous-sections (Markdown)."
    )]
    pub text: Option<Sp<String>>,
    #[schemars(
        default,
        description = "Éléments placés après le texte : `objectives`, `objectives:<axe>`, `objective:<id>`, `coordination-plan`, `steering`, `evaluation`, `calendar`, `indicators`, `annexes`."
    )]
    pub include: Vec<Sp<Include>>,
}

impl Section {
    /// Level of the section, 1 when not given.
    pub fn level(&self) -> u8 {
        self.level.as_ref().map_or(1, |l| l.value.clamp(1, 6) as u8)
    }
}

/// `[[quotations]]`: a text quoted before « Il est convenu » (the article of law the
/// convention applies, as in the CNEFOP model).
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Texte cité avant « Il est convenu ce qui suit » (`[[quotations]]`), par exemple l'article L. 6123-4."
)]
pub struct Quotation {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(
        description = "Titre de la citation, par exemple « Article L. 6123-4 du code du travail »."
    )]
    pub title: Option<Sp<String>>,
    #[schemars(description = "Texte cité (Markdown).")]
    pub text: Sp<String>,
}

/// `[[annexes]]`: an annex in its place among the annexes.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Une annexe (`[[annexes]]`), dans l'ordre des annexes : les annexes annuelles, le tableau des indicateurs, un document joint ou un texte."
)]
pub struct AnnexSpec {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(
        description = "Nature : `annual` (les annexes annuelles), `indicators` (tableau des indicateurs), `document` (fichier joint), `text` (texte écrit ici)."
    )]
    pub kind: Sp<AnnexKind>,
    #[schemars(description = "Titre de l'annexe (par défaut selon sa nature).")]
    pub title: Option<Sp<String>>,
    #[schemars(
        description = "Numéro tel qu'il doit s'imprimer (par défaut « Annexe 1 », « Annexe 2 »…)."
    )]
    pub number: Option<Sp<String>>,
    #[schemars(
        description = "Document joint (`document`) : chemin d'un fichier Markdown (`.md`) ou PDF (`.pdf`) du dossier de la convention, relatif à ce dossier."
    )]
    pub file: Option<Sp<String>>,
    #[schemars(description = "Texte de l'annexe (`text`, Markdown).")]
    pub text: Option<Sp<String>>,
}

/// `[[governance.calendar]]`: a dated milestone.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Une étape du calendrier (`[[governance.calendar]]`) : une date (`date`) ou une période écrite (`when`), et ce qui s'y fait."
)]
pub struct Milestone {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(description = "Date de l'étape (date TOML, AAAA-MM-JJ).")]
    pub date: Option<Sp<Date>>,
    #[schemars(description = "Période telle qu'elle s'écrit, par exemple « février-mars 2026 ».")]
    pub when: Option<Sp<String>>,
    #[schemars(description = "Ce qui est fait ou décidé.")]
    pub text: Sp<String>,
}
