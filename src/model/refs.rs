//! Known reference ids of visas and legal bases (listed in docs/format.md), with their
//! standard wording.

/// An act that visas may cite by id.
#[derive(Debug, PartialEq)]
pub struct Act {
    pub id: &'static str,
    /// Standard wording of the visa, without the leading « Vu ».
    /// `{institution}` stands for the L.5312-1 institution's name under the regime.
    pub wording: &'static str,
    /// Article of the code du travail that founds it, if any.
    pub article: Option<&'static str>,
}

pub static ACTS: &[Act] = &[
    Act {
        id: "strategie-coordonnee",
        wording: "la stratégie coordonnée en matière d'emploi, d'orientation et de formation professionnelles de l'État et de la Région",
        article: Some("L6123-4-1"),
    },
    Act {
        id: "srdeii",
        wording: "le schéma régional de développement économique, d'innovation et d'internationalisation (SRDEII)",
        article: None,
    },
    Act {
        id: "cprdfop",
        wording: "le contrat de plan régional de développement des formations et de l'orientation professionnelles (CPRDFOP)",
        article: None,
    },
    Act {
        id: "sre",
        wording: "la stratégie régionale pour l'emploi de l'État en région",
        article: None,
    },
    Act {
        id: "convention-tripartite",
        wording: "la convention tripartite pluriannuelle entre l'État, l'Unédic et {institution}",
        article: Some("L5312-3"),
    },
    Act {
        id: "accord-cadre-cap-emploi",
        wording: "l'accord-cadre entre l'État, {institution}, l'Agefiph, le FIPHFP et Cap emploi",
        article: Some("L5214-3-1"),
    },
    Act {
        id: "cpo-missions-locales",
        wording: "la convention pluriannuelle d'objectifs entre l'État et les missions locales",
        article: Some("L5314-2"),
    },
    Act {
        id: "plan-convergence",
        wording: "le plan de convergence prévu par la loi n° 2017-256 du 28 février 2017 de programmation relative à l'égalité réelle outre-mer",
        article: None,
    },
];

/// Prefix of references to an article of the code du travail.
pub const CODE_TRAVAIL: &str = "code-travail:";

/// What a reference id designates.
#[derive(Debug, PartialEq)]
pub enum Reference<'a> {
    /// An article of the code du travail, e.g. `L6123-4`.
    Article(&'a str),
    Act(&'static Act),
}

/// Resolves a reference id; `None` when it is not a known id.
pub fn resolve(id: &str) -> Option<Reference<'_>> {
    if let Some(article) = id.strip_prefix(CODE_TRAVAIL) {
        return is_article(article).then_some(Reference::Article(article));
    }
    ACTS.iter().find(|a| a.id == id).map(Reference::Act)
}

/// `L6123-4`, `R5312-1`, `D6123-18-2`: a letter, digits, then dash-separated digit groups.
fn is_article(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some('L' | 'R' | 'D'))
        && s[1..]
            .split('-')
            .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
}

/// « L. 6123-4 » as written in French legal text.
pub fn article_display(article: &str) -> String {
    match article.split_at_checked(1) {
        Some((letter, rest)) => format!("{letter}. {rest}"),
        None => article.to_string(),
    }
}

/// Légifrance search for an article of the code du travail.
pub fn legifrance_url(article: &str) -> String {
    format!(
        "https://www.legifrance.gouv.fr/search/code?tab_selection=code&searchField=ALL&query=article+{article}+code+du+travail"
    )
}

/// Human label of a legal reference id: « article L. 6123-4 du code du travail ».
pub fn describe(id: &str) -> String {
    match resolve(id) {
        Some(Reference::Article(a)) => format!("article {} du code du travail", article_display(a)),
        Some(Reference::Act(act)) => act.wording.replace("{institution}", "France Travail"),
        None => id.to_string(),
    }
}

/// Légifrance link for a legal reference id, when it is (or rests on) an article.
pub fn url(id: &str) -> Option<String> {
    match resolve(id)? {
        Reference::Article(a) => Some(legifrance_url(a)),
        Reference::Act(act) => act.article.map(legifrance_url),
    }
}

/// Every act id, for "valid values" lists.
pub fn act_ids() -> impl Iterator<Item = &'static str> {
    ACTS.iter().map(|a| a.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_articles_and_acts() {
        assert_eq!(
            resolve("code-travail:L6123-4"),
            Some(Reference::Article("L6123-4"))
        );
        assert!(matches!(resolve("srdeii"), Some(Reference::Act(a)) if a.id == "srdeii"));
        assert_eq!(resolve("code-travail:6123"), None);
        assert_eq!(resolve("code-travail:L6123-"), None);
        assert_eq!(resolve("srdei"), None);
    }

    #[test]
    fn french_article_label() {
        assert_eq!(
            describe("code-travail:L6123-4"),
            "article L. 6123-4 du code du travail"
        );
        assert!(url("code-travail:L6123-4").unwrap().contains("L6123-4"));
        assert!(url("srdeii").is_none());
    }
}
