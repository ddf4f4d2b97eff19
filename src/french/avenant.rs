//! The customary wording of an avenant and of a consolidated convention (« L'article 4 est
//! remplacé par les dispositions suivantes », « modifiée par l'avenant n° 1 du … »).

use super::NBSP;
use super::numbers::ordinal_word;

/// « n° 1 » with its no-break space.
pub fn number(n: i64) -> String {
    format!("n°{NBSP}{n}")
}

/// « l'avenant n° 1 du 15 juin 2026 », « l'avenant n° 2 » when undated.
pub fn named(n: i64, date: Option<&str>) -> String {
    format!("l'avenant {}", dated(n, date))
}

/// « n° 1 du 15 juin 2026 », « n° 2 ».
fn dated(n: i64, date: Option<&str>) -> String {
    match date {
        Some(d) => format!("{} du {d}", number(n)),
        None => number(n),
    }
}

/// « l'avenant n° 1 du … », « les avenants n° 1 du … et n° 2 du … ».
fn by(avenants: &[(i64, Option<String>)]) -> String {
    let each: Vec<String> = avenants
        .iter()
        .map(|(n, d)| dated(*n, d.as_deref()))
        .collect();
    if each.len() > 1 {
        format!("les avenants {}", super::join_and(&each))
    } else {
        format!("l'avenant {}", each.concat())
    }
}

/// The line over a consolidated convention: « Version consolidée de la convention, modifiée
/// par l'avenant n° 1 du 15 juin 2026. »
pub fn consolidated(avenants: &[(i64, Option<String>)]) -> String {
    format!(
        "Version consolidée de la convention, modifiée par {}.",
        by(avenants)
    )
}

/// The note under a changed section of a consolidated convention.
pub fn amended_by(avenants: &[(i64, Option<String>)]) -> String {
    format!("[Modifié par {}.]", by(avenants))
}

/// « Avenant n° 1 à la convention … ».
pub fn title(n: i64, convention_title: &str) -> String {
    format!(
        "Avenant {} à la {}",
        number(n),
        lower_first(convention_title)
    )
}

/// « Vu la convention … signée le 14 mars 2025 ; ».
pub fn convention_visa(title: &str, signed: Option<&str>) -> String {
    match signed {
        Some(d) => format!("Vu la {}, signée le {d} ;", lower_first(title)),
        None => format!("Vu la {} ;", lower_first(title)),
    }
}

/// « Article 1er », « Article 2 »: the articles of the avenant.
pub fn article(n: usize) -> String {
    if n == 1 {
        "Article 1er".to_string()
    } else {
        format!("Article {n}")
    }
}

/// « de l'article 4 », « du titre II », « de la section « Objet » » — how a changed section is
/// referred to after « de ».
pub fn of_section(number: &str, title: &str) -> String {
    let number = bare(number);
    let number = number.as_str();
    let lower = lower_first(number);
    match kind(&lower) {
        Kind::None => format!("de la section «{NBSP}{title}{NBSP}»"),
        Kind::Article => format!("de l'{lower}"),
        Kind::Part => format!("du {lower}"),
        Kind::Bare => format!("de l'article {number}"),
    }
}

/// « L'article 4 », « Le titre II », « La section « Objet » » (subject of a sentence).
pub fn the_section(number: &str, title: &str) -> String {
    let number = bare(number);
    let number = number.as_str();
    let lower = lower_first(number);
    match kind(&lower) {
        Kind::None => format!("La section «{NBSP}{title}{NBSP}»"),
        Kind::Article => format!("L'{lower}"),
        Kind::Part => format!("Le {lower}"),
        Kind::Bare => format!("L'article {number}"),
    }
}

/// « un article 5 bis », « un titre V », « une section « … » » (what is inserted).
pub fn a_section(number: &str, title: &str) -> String {
    let number = bare(number);
    let number = number.as_str();
    let lower = lower_first(number);
    match kind(&lower) {
        Kind::None => format!("une section «{NBSP}{title}{NBSP}»"),
        Kind::Article | Kind::Part => format!("un {lower}"),
        Kind::Bare => format!("un article {number}"),
    }
}

/// How a section is cited: as the subject of a sentence (« L'article 4 »), after « de »
/// (« de l'article 4 »), and as what is inserted (« un article 5 »).
pub struct Cite {
    pub subject: String,
    pub of: String,
    pub a: String,
}

/// The citation of a section numbered `number` inside the section numbered `parent`: a bare
/// sub-number (« 1. » under « IV-3 ») is cited within its parent (« le 1 de l'article IV-3 »).
pub fn cite(number: &str, parent: &str, title: &str) -> Cite {
    let n = bare(number);
    let short = !n.is_empty() && !n.contains('-') && n.chars().count() <= 4;
    if short && !parent.is_empty() && matches!(kind(&lower_first(&n)), Kind::Bare) {
        let within = of_section(parent, "");
        return Cite {
            subject: format!("Le {n} {within}"),
            of: format!("du {n} {within}"),
            a: format!("un {n}"),
        };
    }
    Cite {
        subject: the_section(number, title),
        of: of_section(number, title),
        a: a_section(number, title),
    }
}

/// The number as cited in a sentence: without the punctuation that follows it in a heading
/// (« 1. » → « 1 »), its label word in lower case (« ARTICLE 1ER » → « Article 1er »; the
/// number itself, « Titre IV », keeps its case).
fn bare(number: &str) -> String {
    let n = number
        .trim()
        .trim_end_matches(['.', ')', '°', ':', '–', '-'])
        .trim_end();
    let Some((word, rest)) = n.split_once(' ') else {
        return n.to_string();
    };
    let rest = match rest.strip_suffix("ER") {
        Some(digits) if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) => {
            format!("{digits}er")
        }
        _ => rest.to_string(),
    };
    if word.chars().count() > 1 && word.chars().all(|c| !c.is_lowercase()) {
        let lower = word.to_lowercase();
        let mut c = lower.chars();
        let first: String = c
            .next()
            .map(|f| f.to_uppercase().collect())
            .unwrap_or_default();
        format!("{first}{} {rest}", c.as_str())
    } else {
        format!("{word} {rest}")
    }
}

enum Kind {
    None,
    Article,
    Part,
    Bare,
}

fn kind(lower: &str) -> Kind {
    if lower.is_empty() {
        Kind::None
    } else if lower.starts_with("article") {
        Kind::Article
    } else if lower.starts_with("titre") || lower.starts_with("chapitre") {
        Kind::Part
    } else {
        Kind::Bare
    }
}

/// « L'article 4 est remplacé par les dispositions suivantes : ».
pub fn replaced(subject: &str) -> String {
    format!("{subject} est remplacé par les dispositions suivantes{NBSP}:")
}

/// « Au deuxième alinéa de l'article 2-1, les mots « 11 000 » sont remplacés par les mots
/// « 11 500 ». »
pub fn words_replaced(paragraph: usize, of: &str, old: &str, new: &str) -> String {
    let which = ordinal_word(paragraph);
    format!(
        "Au {which} alinéa {of}, les mots «{NBSP}{old}{NBSP}» sont remplacés par les mots «{NBSP}{new}{NBSP}»."
    )
}

/// « Le titre de l'article 4 est remplacé par : « … ». »
pub fn title_replaced(of: &str, new: &str) -> String {
    format!("Le titre {of} est ainsi rédigé{NBSP}: «{NBSP}{new}{NBSP}».")
}

/// « L'article 7 est supprimé. »
pub fn removed(subject: &str) -> String {
    format!("{subject} est supprimé.")
}

/// « Il est inséré, après l'article 5, un article 5 bis ainsi rédigé : » (`what` from
/// [`a_section`], `after` from [`the_section`] in lower case).
pub fn inserted(after: Option<&str>, what: &str) -> String {
    let rédigé = if what.starts_with("une ") {
        "rédigée"
    } else {
        "rédigé"
    };
    match after {
        Some(a) => format!(
            "Il est inséré, après {}, {what} ainsi {rédigé}{NBSP}:",
            lower_first(a)
        ),
        None => format!("Il est inséré {what} ainsi {rédigé}{NBSP}:"),
    }
}

/// « L'annexe 2026 est remplacée par l'annexe jointe au présent avenant. »
pub fn annex_replaced(year: i64) -> String {
    format!("L'annexe {year} est remplacée par l'annexe jointe au présent avenant.")
}

/// « L'annexe 2027 jointe au présent avenant est ajoutée à la convention. »
pub fn annex_added(year: i64) -> String {
    format!("L'annexe {year} jointe au présent avenant est ajoutée à la convention.")
}

/// « L'annexe 2027 est supprimée. »
pub fn annex_removed(year: i64) -> String {
    format!("L'annexe {year} est supprimée.")
}

/// « Le tableau des cibles de l'annexe 2025 est modifié comme suit : »
pub fn targets_changed(year: i64) -> String {
    format!("Le tableau des cibles de l'annexe {year} est modifié comme suit{NBSP}:")
}

pub const TARGET_COLUMNS: [&str; 3] = ["Indicateur", "Cible initiale", "Nouvelle cible"];

/// The closing article.
pub const UNCHANGED: &str = "Les autres dispositions de la convention demeurent inchangées.";

/// « Le présent avenant prend effet le 1er juillet 2026. » / « à compter de sa signature ».
pub fn effect(date: Option<&str>) -> String {
    match date {
        Some(d) => format!("Le présent avenant prend effet le {d}."),
        None => {
            "Le présent avenant prend effet à compter de sa signature par l'ensemble des parties."
                .to_string()
        }
    }
}

/// « Objet de l'avenant : … »
pub fn object(text: &str) -> String {
    let text = lower_first(text.trim().trim_end_matches('.'));
    let elided = text.starts_with([
        'a', 'e', 'i', 'o', 'u', 'y', 'h', 'é', 'è', 'ê', 'â', 'î', 'ô', 'û',
    ]);
    let de = if elided { "d'" } else { "de " };
    format!("Le présent avenant a pour objet {de}{text}.")
}

/// The kind label of an avenant.
pub const KIND: &str = "Avenant";

/// The first article's title, and the last ones'.
pub const OBJECT_TITLE: &str = "Objet";
pub const EFFECT_TITLE: &str = "Date d'effet";
pub const OTHERS_TITLE: &str = "Autres dispositions";

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customary_wording() {
        assert_eq!(the_section("Article 4", "Objet"), "L'article 4");
        assert_eq!(of_section("Article 2-1", "x"), "de l'article 2-1");
        assert_eq!(of_section("II-1", "x"), "de l'article II-1");
        assert_eq!(the_section("Titre II", "x"), "Le titre II");
        assert_eq!(
            words_replaced(2, "de l'article 2-1", "11 000", "11 500"),
            "Au deuxième alinéa de l'article 2-1, les mots «\u{a0}11 000\u{a0}» sont remplacés par les mots «\u{a0}11 500\u{a0}»."
        );
        assert_eq!(
            consolidated(&[(1, Some("15 juin 2026".into()))]),
            "Version consolidée de la convention, modifiée par l'avenant n°\u{a0}1 du 15 juin 2026."
        );
        assert_eq!(
            amended_by(&[(1, None), (2, Some("1er mars 2027".into()))]),
            "[Modifié par les avenants n°\u{a0}1 et n°\u{a0}2 du 1er mars 2027.]"
        );
        assert_eq!(
            inserted(Some("L'article 5"), &a_section("Article 5 bis", "x")),
            "Il est inséré, après l'article 5, un article 5 bis ainsi rédigé\u{a0}:"
        );
        assert_eq!(the_section("1.", "Durée"), "L'article 1");
        assert_eq!(of_section("ARTICLE 4", "DURÉE"), "de l'article 4");
        assert_eq!(the_section("ARTICLE 1ER", "OBJET"), "L'article 1er");
        assert_eq!(of_section("Titre IV", "x"), "du titre IV");
        let c = cite("1.", "IV-3", "Durée");
        assert_eq!(
            (c.subject.as_str(), c.of.as_str(), c.a.as_str()),
            ("Le 1 de l'article IV-3", "du 1 de l'article IV-3", "un 1")
        );
        assert_eq!(cite("Article 4", "Titre II", "x").subject, "L'article 4");
        assert_eq!(
            object("Adapter le calendrier"),
            "Le présent avenant a pour objet d'adapter le calendrier."
        );
    }
}
