//! Every phrase convgen itself writes into a document, in one place: the parties block, the
//! visas, the signature block, the labels of objectives and tables, annex headings. The view
//! puts the parties' own words around them; the typography pass runs over both.

use super::grammar::{self, Agreement};
use super::numbers::number_word;
use crate::model::{Frequency, Kind, MandateAs, Representation};

/// « IL EST CONVENU CE QUI SUIT : » — the default formula before the body.
pub const AGREED: &str = "IL EST CONVENU CE QUI SUIT :";
/// Opens the parties block.
pub const BETWEEN: &str = "ENTRE";
/// Between two parties (or two groups of parties).
pub const AND: &str = "ET";
/// Between two parties of one group.
pub const AND_IN_GROUP: &str = "et";
/// After the first group of parties.
pub const ONE_SIDE: &str = "d'une part,";
/// After the last group of parties.
pub const OTHER_SIDE: &str = "d'autre part,";
pub const PREAMBLE: &str = "Préambule";
pub const CONCERNED: &str = "Signataires concernés :";
pub const ALL_SIGNATORIES: &str = "Tous les signataires";
pub const PRIORITIES: &str = "Priorités d'actions";
pub const COMMITMENTS: &str = "Engagements des signataires";
pub const INDICATORS: &str = "Indicateurs";
pub const NOT_APPLICABLE: &str = "Sans objet pour les signataires suivants :";
pub const MEMBERS: &str = "Il réunit :";
pub const ANNEXES: &str = "Annexes";
pub const ANNEXES_LIST: &str = "Sont annexés à la présente convention :";
pub const OBJECTIVE: &str = "Objectif";
pub const ANNEX: &str = "Annexe";
pub const TOTAL: &str = "Total";
pub const DRAFT: &str = "PROJET";
pub const DRAFT_NOTICE: &str = "PROJET – document de travail";
pub const SIGNATORIES: &str = "Signataires";
pub const FINGERPRINT: &str = "Empreinte";
pub const PAGE: &str = "page";
/// Blank to fill by hand in « Fait à …, le … ».
pub const BLANK: &str = "………………………";

/// Column headers of the tables convgen draws.
pub mod columns {
    pub const INDICATOR: &str = "Indicateur";
    pub const UNIT: &str = "Unité";
    pub const FREQUENCY: &str = "Fréquence";
    pub const SOURCE: &str = "Source";
    pub const BASELINE: &str = "Référence";
    pub const OBJECTIVE: &str = "Objectif";
    pub const SIGNATORY: &str = "Signataire";
    pub const ETP: &str = "ETP";
    pub const BUDGET: &str = "Budget";
    pub const DETAILS: &str = "Précisions";
    pub const PROJECT: &str = "Projet";
    pub const AMOUNT: &str = "Montant";
    pub const TOOL: &str = "Outil";
    pub const OPERATORS: &str = "Opérateurs";
    pub const AREA: &str = "Territoire";
    pub const DATE: &str = "Date";
    pub const MILESTONE: &str = "Étape";
    pub const ACTUAL: &str = "Réalisé";
    pub const GAP: &str = "Écart";
    pub const YEAR: &str = "Année";
    pub const STANDING: &str = "Appréciation";
}

/// « Document joint au format PDF : cadre.pdf (3 pages). », before (or instead of) the pages
/// of an attached PDF.
pub fn attached_pdf(file: &str, pages: usize) -> String {
    let pages = if pages == 1 {
        "1 page".to_string()
    } else {
        format!("{pages} pages")
    };
    format!("Document joint au format PDF : {file} ({pages}).")
}

/// « Région Normandie » on the cover (the Collectivité de Corse and the overseas
/// collectivities are named as they are).
pub fn region_line(region: &str) -> String {
    let region = region.trim();
    let lower = region.to_lowercase();
    if lower.starts_with("région") || lower.starts_with("collectivité") || lower.starts_with("la ")
    {
        grammar::upper_first(region)
    } else if lower == "corse" {
        "Collectivité de Corse".to_string()
    } else {
        format!("Région {region}")
    }
}

/// The kind of convention, as the cover names it.
pub fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Crpc => {
            "Convention régionale pluriannuelle de coordination de l'emploi, de l'orientation et de la formation professionnelles"
        }
        Kind::Partenariat => "Convention de partenariat",
        Kind::Spro => "Convention relative au service public régional de l'orientation",
    }
}

/// What a party block says after the party's name.
pub struct PartyWords<'a> {
    pub party: Agreement,
    pub person: Agreement,
    /// The representative's name, civility included (« Mme Anne Martin »).
    pub name: Option<&'a str>,
    pub capacity: Option<&'a str>,
    pub representation: Representation,
    pub mandate: Option<&'a str>,
    pub mandate_as: MandateAs,
    pub designation: Option<&'a str>,
}

/// « représentée par Mme X, Présidente du Conseil régional, dûment habilitée par délibération
/// n° …, ci-après dénommée « la Région » » (without the leading comma).
pub fn party_statement(w: &PartyWords<'_>) -> String {
    let mut parts: Vec<String> = Vec::new();
    let represented = w.party.agree("représenté");
    match (w.name, w.capacity, w.representation) {
        (Some(name), Some(capacity), Representation::Possessive) => parts.push(format!(
            "{represented} par {}, {name}",
            grammar::possessive(capacity, w.person)
        )),
        (Some(name), Some(capacity), Representation::Acting) => parts.push(format!(
            "{represented} par {name}, agissant au nom et en sa qualité de {capacity}"
        )),
        (Some(name), Some(capacity), Representation::Apposition) => {
            parts.push(format!("{represented} par {name}, {capacity}"))
        }
        (Some(name), None, _) => parts.push(format!("{represented} par {name}")),
        (None, Some(capacity), _) => parts.push(format!(
            "{represented} par {}",
            grammar::in_sentence(&grammar::with_article(capacity, w.person))
        )),
        (None, None, _) => {}
    }
    if let Some(mandate) = w.mandate {
        let act = grammar::act_in_sentence(mandate);
        parts.push(match w.mandate_as {
            MandateAs::Habilitation => format!("dûment {} par {act}", w.person.agree("habilité")),
            MandateAs::Authorization => format!(
                "{} à signer la présente convention par {act}",
                w.person.agree("autorisé")
            ),
        });
    }
    if let Some(designation) = w.designation {
        parts.push(format!(
            "ci-après {} « {} »",
            w.party.named(),
            designation.trim()
        ));
    }
    parts.join(", ")
}

/// « ci-après dénommés ensemble « les signataires » ».
pub fn together(name: &str, all: Agreement) -> String {
    format!("ci-après {} ensemble « {} ».", all.named(), name.trim())
}

/// « l'article L. 6123-4 du code du travail ».
pub fn article_of_labour_code(article: &str) -> String {
    format!("l'article {article} du code du travail")
}

/// « Vu l'avis du CREFOP en date du 16 mars 2025 ».
pub fn opinion_visa(body: &str, date: Option<&str>) -> String {
    let mut s = format!("Vu l'avis {}", grammar::of(body));
    if let Some(d) = date {
        s.push_str(&format!(" en date du {d}"));
    }
    s
}

/// « Fait à Orléans, le 14 mars 2025 », with blanks for what is not known.
pub fn place_and_date(place: Option<&str>, date: Option<&str>) -> String {
    format!(
        "Fait à {}, le {}",
        place.unwrap_or(BLANK),
        date.unwrap_or(BLANK)
    )
}

/// « En deux exemplaires originaux. »
pub fn copies(count: usize) -> String {
    format!("En {} exemplaires originaux.", number_word(count))
}

/// « Pour la Région, »
pub fn for_party(short_name: &str) -> String {
    format!("Pour {},", short_name.trim())
}

/// How often the steering committee meets, as a phrase after « qui se réunit ».
pub fn rhythm(frequency: Frequency) -> &'static str {
    match frequency {
        Frequency::Biennale => "tous les deux ans",
        Frequency::Annuelle => "une fois par an",
        Frequency::Semestrielle => "deux fois par an",
        Frequency::Quadrimestrielle => "trois fois par an",
        Frequency::Trimestrielle => "chaque trimestre",
        Frequency::Bimestrielle => "tous les deux mois",
        Frequency::Mensuelle => "chaque mois",
        Frequency::Bimensuelle => "deux fois par mois",
        Frequency::Hebdomadaire => "chaque semaine",
    }
}

/// What a rhythm means, for messages (« tous les deux mois, 6 fois par an »).
pub fn frequency_meaning(frequency: Frequency) -> &'static str {
    match frequency {
        Frequency::Biennale => "tous les deux ans",
        Frequency::Annuelle => "une fois par an",
        Frequency::Semestrielle => "tous les six mois, 2 fois par an",
        Frequency::Quadrimestrielle => "tous les quatre mois, 3 fois par an",
        Frequency::Trimestrielle => "tous les trois mois, 4 fois par an",
        Frequency::Bimestrielle => "tous les deux mois, 6 fois par an",
        Frequency::Mensuelle => "tous les mois, 12 fois par an",
        Frequency::Bimensuelle => "deux fois par mois, 24 fois par an",
        Frequency::Hebdomadaire => "toutes les semaines",
    }
}

/// « Le pilotage est assuré par le Comité de pilotage, qui se réunit deux fois par an. »
pub fn steering(body: &str, rhythm: Option<&str>) -> String {
    let mut s = format!("Le pilotage est assuré par {}", grammar::definite(body));
    if let Some(r) = rhythm {
        s.push_str(&format!(", qui se réunit {}", r.trim()));
    }
    s.push('.');
    s
}

/// « Annexe 2 – Indicateurs de suivi »
pub fn annex_heading(number: &str, title: &str) -> String {
    if title.is_empty() {
        number.to_string()
    } else {
        format!("{number} – {title}")
    }
}

/// Default title of the annual annex of `year`.
pub fn annual_title(year: i64) -> String {
    format!("Année {year}")
}

pub const INDICATORS_ANNEX: &str = "Indicateurs de suivi et d'évaluation";

/// Title of the conformity table annexed by `convgen render --matrix`.
pub const MATRIX_TITLE: &str = "Tableau de conformité";
/// Its opening sentence for a CRPC.
pub const MATRIX_INTRO_CRPC: &str = "Le tableau suivant rapproche chaque exigence de l'article L. 6123-4 du code du travail, dans sa rédaction applicable à la présente convention, et chaque recommandation du CNEFOP, de la stipulation de la présente convention qui y répond.";
/// Its opening sentence for the other kinds.
pub const MATRIX_INTRO: &str = "Le tableau suivant rapproche chaque exigence applicable à la présente convention de la stipulation qui y répond.";
/// Its columns.
pub const MATRIX_COLUMNS: [&str; 4] = ["Exigence", "Source", "Statut", "Dans le document"];
pub const MEANS: &str = "Moyens alloués par objectif et par signataire";
pub const TOTALS_BY_SIGNATORY: &str = "Totaux par signataire";
pub const INVESTMENTS: &str = "Projets d'investissement";
pub const TARGETS: &str = "Indicateurs : cibles et réalisations";
pub const CALENDAR: &str = "Calendrier";

/// « Adoptée le 20 janvier 2025. »
pub fn adopted(date: &str) -> String {
    format!("Adoptée le {date}.")
}

/// « Sous-total » of one objective.
pub fn subtotal(objective: &str) -> String {
    format!("Sous-total – {objective}")
}

/// The standing of an indicator against its target (`convgen review`, annual annexes).
pub const ON_TARGET: &str = "atteint";
pub const BEHIND: &str = "en retard";
pub const NO_ACTUAL: &str = "réalisé non renseigné";
pub const NO_TARGET: &str = "sans cible";

/// The lines of a trajectory chart.
pub const TRAJECTORY_TARGETS: &str = "Cible";
pub const TRAJECTORY_ACTUALS: &str = "Réalisé";

/// « 2024 (référence) », the baseline's row of a trajectory.
pub fn baseline_year(year: &str) -> String {
    format!("{year} (référence)")
}

/// The yearly review of a convention (`convgen review`).
pub const REVIEW_KIND: &str = "Revue annuelle du comité de pilotage";
pub const REVIEW_SYNTHESIS: &str = "Synthèse";
pub const REVIEW_OTHER_INDICATORS: &str = "Autres indicateurs";
pub const TRAJECTORIES: &str = "Trajectoires des indicateurs";
pub const TRAJECTORIES_INTRO: &str = "Pour chaque indicateur : sa valeur de référence, puis la cible et le réalisé de chaque annexe annuelle.";

/// « Revue annuelle 2025 – Convention régionale … »
pub fn review_title(year: i64, title: &str) -> String {
    format!("Revue annuelle {year} – {title}")
}

/// « L'annexe annuelle 2025 a été adoptée le 14 mars 2025. »
pub fn review_annex_adopted(year: i64, date: &str) -> String {
    format!("L'annexe annuelle {year} a été adoptée le {date}.")
}

/// « Moyens alloués en 2025 »
pub fn review_means(year: i64) -> String {
    format!("Moyens alloués en {year}")
}

/// « Aucun moyen n'est inscrit à l'annexe 2025. »
pub fn review_no_means(year: i64) -> String {
    format!("Aucun moyen n'est inscrit à l'annexe {year}.")
}

/// « Sur les 22 indicateurs suivis en 2025, 9 ont atteint leur cible et 13 sont en
/// retard. », from the counts of indicators met, behind, without actual, without target.
pub fn review_summary(year: i64, [met, behind, no_actual, no_target]: [usize; 4]) -> String {
    let total = met + behind + no_actual + no_target;
    if total == 0 {
        return "La convention ne suit aucun indicateur.".into();
    }
    let pick = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut parts = Vec::new();
    if met > 0 {
        parts.push(pick(met, "a atteint sa cible", "ont atteint leur cible"));
    }
    if behind > 0 {
        parts.push(pick(behind, "est en retard", "sont en retard"));
    }
    if no_actual > 0 {
        parts.push(pick(
            no_actual,
            "n'a pas encore de réalisé renseigné",
            "n'ont pas encore de réalisé renseigné",
        ));
    }
    if no_target > 0 {
        parts.push(pick(
            no_target,
            &format!("n'a pas de cible pour {year}"),
            &format!("n'ont pas de cible pour {year}"),
        ));
    }
    let of = if total == 1 {
        format!("Sur l'indicateur suivi en {year}")
    } else {
        format!("Sur les {total} indicateurs suivis en {year}")
    };
    format!("{of}, {}.", super::numbers::join_and(&parts))
}

/// « en retard de 1,2 point »
pub fn behind(by: &str) -> String {
    format!("{BEHIND} de {by}")
}

/// « Cible 2026 »
pub fn target_column(year: i64) -> String {
    format!("Cible {year}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words<'a>(name: Option<&'a str>, capacity: Option<&'a str>) -> PartyWords<'a> {
        PartyWords {
            party: Agreement::FEMININE,
            person: Agreement::MASCULINE,
            name,
            capacity,
            representation: Representation::Apposition,
            mandate: Some("Délibération n° 15 du 21 mai 2025"),
            mandate_as: MandateAs::Habilitation,
            designation: Some("la Région"),
        }
    }

    #[test]
    fn review_summaries_agree_in_number() {
        assert_eq!(
            review_summary(2026, [12, 10, 0, 0]),
            "Sur les 22 indicateurs suivis en 2026, 12 ont atteint leur cible et 10 sont en retard."
        );
        assert_eq!(
            review_summary(2025, [1, 1, 2, 1]),
            "Sur les 5 indicateurs suivis en 2025, 1 a atteint sa cible, 1 est en retard, 2 n'ont pas encore de réalisé renseigné et 1 n'a pas de cible pour 2025."
        );
        assert_eq!(
            review_summary(2025, [0, 0, 1, 0]),
            "Sur l'indicateur suivi en 2025, 1 n'a pas encore de réalisé renseigné."
        );
        assert_eq!(
            review_summary(2025, [0; 4]),
            "La convention ne suit aucun indicateur."
        );
    }

    #[test]
    fn party_statements() {
        let w = words(
            Some("Monsieur Pierrick Massiot"),
            Some("Président du Conseil régional"),
        );
        assert_eq!(
            party_statement(&w),
            "représentée par Monsieur Pierrick Massiot, Président du Conseil régional, dûment habilité par délibération n° 15 du 21 mai 2025, ci-après dénommée « la Région »"
        );
        let w = PartyWords {
            representation: Representation::Acting,
            mandate_as: MandateAs::Authorization,
            designation: None,
            ..words(
                Some("Monsieur Pierrick Massiot"),
                Some("Président du Conseil régional"),
            )
        };
        assert_eq!(
            party_statement(&w),
            "représentée par Monsieur Pierrick Massiot, agissant au nom et en sa qualité de Président du Conseil régional, autorisé à signer la présente convention par délibération n° 15 du 21 mai 2025"
        );
        let w = PartyWords {
            representation: Representation::Possessive,
            mandate: None,
            designation: None,
            ..words(Some("Monsieur Jacques Martin"), Some("Président"))
        };
        assert_eq!(
            party_statement(&w),
            "représentée par son Président, Monsieur Jacques Martin"
        );
    }

    #[test]
    fn visas_and_signatures() {
        assert_eq!(
            opinion_visa("CREFOP", Some("16 mars 2025")),
            "Vu l'avis du CREFOP en date du 16 mars 2025"
        );
        assert_eq!(
            place_and_date(Some("Rennes"), None),
            format!("Fait à Rennes, le {BLANK}")
        );
        assert_eq!(copies(2), "En deux exemplaires originaux.");
        assert_eq!(
            steering("Comité de pilotage", Some("tous les deux mois")),
            "Le pilotage est assuré par le Comité de pilotage, qui se réunit tous les deux mois."
        );
        assert_eq!(
            steering("instance régionale", None),
            "Le pilotage est assuré par l’instance régionale."
        );
    }
}
