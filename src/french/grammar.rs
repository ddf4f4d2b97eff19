//! Agreement, as a jurist writes it: « La Région, représentée par … » but « L'État,
//! représenté par … » and « Les missions locales, représentées par … »; « Mme X, dûment
//! habilitée ». The gender and number of a party are read from the article of its name (La,
//! Le, L', Les) or from its first noun; those of a person from the civility or the capacity.
//! The data may always say it (`gender`, `plural`).

use crate::model::Gender;

/// Gender and number of a noun phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Agreement {
    pub feminine: bool,
    pub plural: bool,
}

impl Agreement {
    pub const MASCULINE: Agreement = Agreement {
        feminine: false,
        plural: false,
    };
    pub const FEMININE: Agreement = Agreement {
        feminine: true,
        plural: false,
    };

    /// A past participle agreed: `représenté` → `représentée`, `représentés`, `représentées`.
    pub fn agree(self, participle: &str) -> String {
        let mut s = participle.to_string();
        if self.feminine {
            s.push('e');
        }
        if self.plural {
            s.push('s');
        }
        s
    }

    /// « dénommée », « dénommés »…
    pub fn named(self) -> String {
        self.agree("dénommé")
    }
}

/// Nouns whose gender decides a party's when its name has no article or « L' ».
const FEMININE_NOUNS: &[&str] = &[
    "région",
    "direction",
    "association",
    "agence",
    "préfecture",
    "collectivité",
    "maison",
    "maisons",
    "mission",
    "missions",
    "union",
    "fédération",
    "communauté",
    "chambre",
    "institution",
    "délégation",
    "académie",
    "caisse",
    "métropole",
    "ville",
    "commune",
    "université",
    "fondation",
    "plateforme",
    "structure",
    "structures",
    "coordination",
    "assemblée",
    "commission",
    "organisation",
    "instance",
    "conférence",
    "cellule",
];
const MASCULINE_NOUNS: &[&str] = &[
    "état",
    "conseil",
    "département",
    "groupement",
    "pôle",
    "syndicat",
    "comité",
    "centre",
    "établissement",
    "office",
    "plie",
    "plan",
    "plans",
    "service",
    "réseau",
    "cap",
    "rectorat",
    "ministère",
    "gip",
    "fonds",
    "opérateur",
    "opérateurs",
    "organisme",
    "organismes",
    "france",
    "observatoire",
    "secrétariat",
];
/// First nouns in the plural.
const PLURAL_NOUNS: &[&str] = &[
    "maisons",
    "missions",
    "structures",
    "plans",
    "opérateurs",
    "organismes",
    "services",
    "réseaux",
    "représentants",
];

/// The article of a name and the rest: `("La ", "Région Bretagne")`, `("L'", "État")`.
fn split_article(name: &str) -> (Option<&str>, &str) {
    for article in [
        "Les ", "les ", "La ", "la ", "Le ", "le ", "L'", "l'", "L’", "l’",
    ] {
        if let Some(rest) = name.strip_prefix(article) {
            return (Some(article), rest);
        }
    }
    (None, name)
}

fn first_word_lower(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '-' || c == ',')
        .next()
        .unwrap_or("")
        .to_lowercase()
}

/// Gender and number of a party's name, unless the data says them.
pub fn party(name: &str, gender: Option<Gender>, plural: Option<bool>) -> Agreement {
    let (article, rest) = split_article(name.trim());
    let noun = first_word_lower(rest);
    let inferred_plural =
        matches!(article, Some("Les " | "les ")) || PLURAL_NOUNS.contains(&noun.as_str());
    let inferred_feminine = match article {
        Some("La " | "la ") => true,
        Some("Le " | "le ") => false,
        _ => FEMININE_NOUNS.contains(&noun.as_str()) && !MASCULINE_NOUNS.contains(&noun.as_str()),
    };
    Agreement {
        feminine: gender.map_or(inferred_feminine, |g| g == Gender::Feminine),
        plural: plural.unwrap_or(inferred_plural),
    }
}

/// Civilities at the start of a name, with their gender.
const CIVILITIES: &[(&str, bool)] = &[
    ("Madame", true),
    ("Mme", true),
    ("Mademoiselle", true),
    ("Mlle", true),
    ("Monsieur", false),
    ("M.", false),
];

/// A civility written at the start of the name, and the name without it.
pub fn split_civility(name: &str) -> (Option<&str>, &str) {
    let name = name.trim();
    for (civility, _) in CIVILITIES {
        if let Some(rest) = name.strip_prefix(civility)
            && rest.starts_with([' ', '\u{a0}'])
        {
            return (Some(civility), rest.trim_start());
        }
    }
    (None, name)
}

/// Capacities that say a woman holds them (first word).
const FEMININE_CAPACITIES: &[&str] = &[
    "préfète",
    "présidente",
    "directrice",
    "rectrice",
    "déléguée",
    "adjointe",
    "vice-présidente",
    "conseillère",
    "directrice-adjointe",
    "administratrice",
    "représentante",
    "cheffe",
];

/// Gender of the person who signs: the data, else the civility, else the capacity; masculine
/// when nothing tells.
pub fn person(
    civility: Option<&str>,
    name: Option<&str>,
    capacity: Option<&str>,
    gender: Option<Gender>,
) -> Agreement {
    if let Some(g) = gender {
        return Agreement {
            feminine: g == Gender::Feminine,
            plural: false,
        };
    }
    let civility = civility.or_else(|| name.and_then(|n| split_civility(n).0));
    if let Some(c) = civility {
        let c = c.trim();
        if let Some((_, f)) = CIVILITIES.iter().find(|(x, _)| x.eq_ignore_ascii_case(c)) {
            return if *f {
                Agreement::FEMININE
            } else {
                Agreement::MASCULINE
            };
        }
    }
    let word = capacity.map(first_word_lower).unwrap_or_default();
    // Any other capacity (« préfet », « président », « directeur »…) agrees in the masculine.
    if FEMININE_CAPACITIES.contains(&word.as_str()) {
        Agreement::FEMININE
    } else {
        Agreement::MASCULINE
    }
}

/// A name as it reads inside a sentence: its article in lower case (« l'État », « la Région
/// Bretagne »); a name without article is unchanged.
pub fn in_sentence(name: &str) -> String {
    match split_article(name.trim()) {
        (Some(article), rest) => format!("{}{rest}", article.to_lowercase()),
        (None, rest) => rest.to_string(),
    }
}

fn starts_with_vowel_sound(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| "aàâeéèêëiîïoôuùûüyhAÀÂEÉÈÊËIÎÏOÔUÙÛÜYH".contains(c))
}

/// A name with its definite article, as it reads inside a sentence: « le Comité de
/// pilotage », « la commission permanente », « l’instance régionale », « les comités locaux »,
/// « le CREFOP »; a proper name (« France Travail ») or a name that has its article keeps it.
pub fn definite(name: &str) -> String {
    let name = name.trim();
    if split_article(name).0.is_some() {
        return in_sentence(name);
    }
    let word = first_word_lower(name);
    if PROPER_NAMES.iter().any(|p| name.starts_with(p)) {
        return name.to_string();
    }
    let plural = PLURAL_NOUNS.contains(&word.as_str()) || word.starts_with("comités");
    if plural {
        format!("les {name}")
    } else if starts_with_vowel_sound(name)
        && !name.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())
    {
        format!("l’{name}")
    } else if FEMININE_NOUNS.contains(&word.as_str()) {
        format!("la {name}")
    } else {
        format!("le {name}")
    }
}

/// Names that take no article.
const PROPER_NAMES: &[&str] = &[
    "France Travail",
    "Pôle emploi",
    "Pôle Emploi",
    "Cap emploi",
    "Cap Emploi",
];

/// « de » before a name: « du CREFOP », « de la commission », « de l’instance », « des
/// comités », « de France Travail ».
pub fn of(name: &str) -> String {
    let with_article = definite(name);
    if let Some(rest) = with_article.strip_prefix("le ") {
        format!("du {rest}")
    } else if let Some(rest) = with_article.strip_prefix("les ") {
        format!("des {rest}")
    } else {
        format!("de {with_article}")
    }
}

/// A capacity with its article, for the signature block: « Le Président du Conseil
/// régional », « La Préfète de la région… », « L'Administratrice… ».
pub fn with_article(capacity: &str, person: Agreement) -> String {
    let capacity = capacity.trim();
    if split_article(capacity).0.is_some() {
        return upper_first(capacity);
    }
    if starts_with_vowel_sound(capacity) {
        format!("L’{capacity}")
    } else if person.feminine {
        format!("La {capacity}")
    } else {
        format!("Le {capacity}")
    }
}

/// The possessive before a capacity: « sa Présidente », « son Président », « son
/// Administratrice ».
pub fn possessive(capacity: &str, person: Agreement) -> String {
    let capacity = capacity.trim();
    if person.feminine && !starts_with_vowel_sound(capacity) {
        format!("sa {capacity}")
    } else {
        format!("son {capacity}")
    }
}

/// The first letter in upper case.
pub fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Acts that open a mandate: their first letter is lowered inside a sentence (« dûment
/// habilité par délibération n° … »).
const ACTS: &[&str] = &[
    "Délibération",
    "Décision",
    "Arrêté",
    "Décret",
    "Convention",
    "Lettre",
    "Mandat",
    "Délégation",
    "Ordonnance",
];

/// The text of an act as it reads after « par »: its first word lowered when it is a common
/// noun of acts.
pub fn act_in_sentence(act: &str) -> String {
    let act = act.trim();
    match ACTS.iter().find(|a| act.starts_with(**a)) {
        Some(a) => format!("{}{}", a.to_lowercase(), &act[a.len()..]),
        None => act.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agree(name: &str) -> String {
        party(name, None, None).agree("représenté")
    }

    #[test]
    fn parties_agree_with_their_name() {
        assert_eq!(agree("La Région Bretagne"), "représentée");
        assert_eq!(agree("Région Centre-Val de Loire"), "représentée");
        assert_eq!(agree("L'État"), "représenté");
        assert_eq!(
            agree("L’Association régionale des missions locales"),
            "représentée"
        );
        assert_eq!(
            agree("Association régionale des missions locales"),
            "représentée"
        );
        assert_eq!(agree("Les missions locales de la région"), "représentées");
        assert_eq!(agree("Les PLIE de la région"), "représentés");
        assert_eq!(agree("France Travail — direction régionale"), "représenté");
        assert_eq!(agree("Pôle emploi"), "représenté");
        assert_eq!(
            agree("La Direction régionale Pôle emploi Bretagne"),
            "représentée"
        );
        assert_eq!(
            party("Cap emploi", Some(Gender::Feminine), Some(true)).agree("représenté"),
            "représentées"
        );
    }

    #[test]
    fn people_agree_with_their_civility_or_capacity() {
        let f = |c: Option<&str>, n: Option<&str>, cap: Option<&str>| {
            person(c, n, cap, None).agree("habilité")
        };
        assert_eq!(f(None, Some("Mme Anne Martin"), None), "habilitée");
        assert_eq!(f(None, Some("Monsieur Paul Roux"), None), "habilité");
        assert_eq!(
            f(None, Some("Anne Martin"), Some("Préfète de la région")),
            "habilitée"
        );
        assert_eq!(
            f(None, Some("Paul Roux"), Some("Directeur régional")),
            "habilité"
        );
        assert_eq!(
            f(Some("Madame"), Some("Anne Martin"), Some("Directeur")),
            "habilitée"
        );
        assert_eq!(
            split_civility("Monsieur Pierrick Massiot"),
            (Some("Monsieur"), "Pierrick Massiot")
        );
        assert_eq!(
            split_civility("Mme Anne Martin"),
            (Some("Mme"), "Anne Martin")
        );
        assert_eq!(split_civility("Marc Mérand"), (None, "Marc Mérand"));
    }

    #[test]
    fn names_inside_sentences() {
        assert_eq!(in_sentence("L'État"), "l'État");
        assert_eq!(in_sentence("La Région Bretagne"), "la Région Bretagne");
        assert_eq!(in_sentence("France Travail"), "France Travail");
        assert_eq!(of("CREFOP"), "du CREFOP");
        assert_eq!(
            of("comité régional pour l'emploi"),
            "du comité régional pour l'emploi"
        );
        assert_eq!(
            of("La commission permanente"),
            "de la commission permanente"
        );
        assert_eq!(of("Les comités locaux"), "des comités locaux");
        assert_eq!(of("France Travail"), "de France Travail");
        assert_eq!(of("Association régionale"), "de l’Association régionale");
        assert_eq!(definite("Comité de pilotage"), "le Comité de pilotage");
        assert_eq!(
            definite("comités locaux pour l'emploi"),
            "les comités locaux pour l'emploi"
        );
        assert_eq!(
            definite("La conférence des financeurs"),
            "la conférence des financeurs"
        );
    }

    #[test]
    fn capacities_for_signatures() {
        assert_eq!(
            with_article("Président du Conseil régional", Agreement::MASCULINE),
            "Le Président du Conseil régional"
        );
        assert_eq!(
            with_article("Préfète de la région", Agreement::FEMININE),
            "La Préfète de la région"
        );
        assert_eq!(
            with_article("administratrice provisoire", Agreement::FEMININE),
            "L’administratrice provisoire"
        );
        assert_eq!(
            possessive("Président", Agreement::MASCULINE),
            "son Président"
        );
        assert_eq!(
            possessive("Présidente", Agreement::FEMININE),
            "sa Présidente"
        );
        assert_eq!(
            act_in_sentence("Délibération n° 12 du 3 mars 2025"),
            "délibération n° 12 du 3 mars 2025"
        );
    }
}
