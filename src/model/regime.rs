//! Legal regimes: which law is in force on a convention's start date (docs/law.md).
//!
//! Kept as data: a future change of the law is one new row of [`REGIMES`] (and its tests).
//! Each row says who signs a CRPC, which items of article L. 6123-4 apply « le cas échéant »,
//! which acts the convention is consistent with, which committees may give their avis and from
//! when, and the names the law knows (institution of article L. 5312-1, CPRDFOP or CPRDFP).
//! Territories with their own wording (Corsica, the overseas regions) are [`Territory`].

use crate::date::Date;
use crate::model::refs::{self, Act, Reference};
use crate::model::{Axis, Role};

/// A regional committee that gives its avis on conventions.
#[derive(Debug, PartialEq)]
pub struct Committee {
    pub id: &'static str,
    /// Its usual name in French, as messages print it after « du » (« l'avis du CREFOP »).
    pub name: &'static str,
    /// Lower-case word sequences that identify it in a free-text body name (see
    /// [`normalize_words`]).
    pub names: &'static [&'static str],
}

/// Comité de coordination régional de l'emploi et de la formation professionnelle, before the
/// loi du 5 mars 2014.
pub static CCREFP: Committee = Committee {
    id: "ccrefp",
    name: "CCREFP",
    names: &[
        "ccrefp",
        "comité de coordination régional de l emploi et de la formation professionnelle",
    ],
};

/// Comité régional de l'emploi, de la formation et de l'orientation professionnelles (loi du
/// 5 mars 2014), which gives its avis on the CRPC (R. 6123-3-2, 1°) and still exists.
pub static CREFOP: Committee = Committee {
    id: "crefop",
    name: "CREFOP",
    names: &[
        "crefop",
        "comité régional de l emploi de la formation et de l orientation professionnelles",
    ],
};

/// Comité régional pour l'emploi (loi pour le plein emploi, L. 5311-10; décret n° 2024-560,
/// from 1 July 2024), instituted within the CREFOP or merged with it.
pub static CRE: Committee = Committee {
    id: "cre",
    name: "comité régional pour l'emploi",
    names: &["comité régional pour l emploi", "core", "cre"],
};

/// Every committee convgen knows, under any regime.
pub static COMMITTEES: &[&Committee] = &[&CCREFP, &CREFOP, &CRE];

/// A committee whose avis counts under a regime, from a given day.
#[derive(Debug)]
pub struct Avis {
    pub committee: &'static Committee,
    /// First day its avis counts (`None`: from the start of the regime).
    pub from: Option<Date>,
}

/// What founds an expectation: the law (a reference id) or a CNEFOP recommendation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Basis {
    Law(&'static str),
    Recommendation(&'static str),
}

/// When an expected visa applies.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Condition {
    Always,
    /// When the institution of article L. 5312-1 signs.
    InstitutionSigns,
    /// In the overseas regions, for conventions starting on or after `from`.
    Overseas {
        from: Date,
    },
}

/// A visa (the act cited by its reference id) that a CRPC is expected to carry.
#[derive(Debug)]
pub struct ExpectedVisa {
    /// Reference id of the act (`srdeii`, `code-travail:L6123-4`…).
    pub act: &'static str,
    pub basis: Basis,
    pub condition: Condition,
    /// What the requirement is, in French (« cohérence avec le SRDEII »).
    pub label: &'static str,
}

pub static VISA_L6123_4: ExpectedVisa = ExpectedVisa {
    act: "code-travail:L6123-4",
    basis: Basis::Law("code-travail:L6123-4"),
    condition: Condition::Always,
    label: "visa de l'article L. 6123-4 du code du travail",
};

pub static VISA_STRATEGIE: ExpectedVisa = ExpectedVisa {
    act: "strategie-coordonnee",
    basis: Basis::Law("code-travail:L6123-4"),
    condition: Condition::Always,
    label: "cohérence avec la stratégie coordonnée emploi, orientation et formation professionnelles (L. 6123-4-1)",
};

pub static VISA_SRDEII: ExpectedVisa = ExpectedVisa {
    act: "srdeii",
    basis: Basis::Law("code-travail:L6123-4"),
    condition: Condition::Always,
    label: "cohérence avec le schéma régional de développement économique, d'innovation et d'internationalisation (SRDEII)",
};

pub static VISA_CPRDFOP: ExpectedVisa = ExpectedVisa {
    act: "cprdfop",
    basis: Basis::Recommendation(
        "le modèle de convention vise le contrat de plan régional (CPRDFOP)",
    ),
    condition: Condition::Always,
    label: "visa du contrat de plan régional de développement des formations et de l'orientation professionnelles",
};

pub static VISA_TRIPARTITE: ExpectedVisa = ExpectedVisa {
    act: "convention-tripartite",
    basis: Basis::Law("code-travail:L6123-4"),
    condition: Condition::InstitutionSigns,
    label: "respect de la convention tripartite État – Unédic – institution de l'article L. 5312-1 (L. 5312-3)",
};

/// Loi n° 2017-256 du 28 février 2017 (égalité réelle outre-mer), published on 1 March 2017.
pub static VISA_PLAN_CONVERGENCE: ExpectedVisa = ExpectedVisa {
    act: "plan-convergence",
    basis: Basis::Law("code-travail:L6123-4"),
    condition: Condition::Overseas {
        from: d(2017, 3, 2),
    },
    label: "cohérence avec le plan de convergence (loi n° 2017-256, outre-mer)",
};

/// One state of the law applying to coordination conventions.
#[derive(Debug)]
pub struct Regime {
    pub id: &'static str,
    /// The law that opened the regime, in French.
    pub law: &'static str,
    /// First day in force (`None`: the oldest row, before any CRPC).
    pub from: Option<Date>,
    /// Last day in force, if it has ended.
    pub until: Option<Date>,
    /// Whether the CRPC of article L. 6123-4 exists under this regime.
    pub crpc: bool,
    /// Role of the institution of article L. 5312-1 under this regime.
    pub institution: Role,
    /// Its name under this regime.
    pub institution_name: &'static str,
    /// Name of the committee whose avis the CRPC needs (R. 6123-3-2, 1°).
    pub committee: &'static str,
    /// The committees whose avis counts, each from its own day.
    pub opinion_bodies: &'static [Avis],
    /// Roles that must sign a CRPC (article L. 6123-4).
    pub required_roles: &'static [Role],
    /// Required roles that may be declared absent from the territory (`[[absent_roles]]`).
    pub may_be_absent: &'static [Role],
    /// Items of L. 6123-4 that apply « le cas échéant » (may be declared `not_applicable`).
    pub optional_items: &'static [Axis],
    /// Whether the convention must hold a plan de coordination des outils.
    pub coordination_plan: bool,
    /// Visas a CRPC is expected to carry.
    pub visas: &'static [&'static ExpectedVisa],
    /// Visa wordings that differ under this regime: (act id, wording without « Vu »).
    pub wordings: &'static [(&'static str, &'static str)],
}

const fn d(year: i32, month: u8, day: u8) -> Date {
    Date { year, month, day }
}

/// The avis of the CREFOP alone (from the loi du 5 mars 2014 to 30 June 2024).
const CREFOP_ALONE: &[Avis] = &[Avis {
    committee: &CREFOP,
    from: None,
}];

/// The signatories since the loi NOTRe, with the institution of L. 5312-1 under its name.
const SEVEN_ROLES_FRANCE_TRAVAIL: &[Role] = &[
    Role::Region,
    Role::Etat,
    Role::FranceTravail,
    Role::MissionsLocales,
    Role::CapEmploi,
    Role::MaisonsEmploi,
    Role::Plie,
];

const SEVEN_ROLES: &[Role] = &[
    Role::Region,
    Role::Etat,
    Role::PoleEmploi,
    Role::MissionsLocales,
    Role::CapEmploi,
    Role::MaisonsEmploi,
    Role::Plie,
];

/// Every visa a CRPC may be expected to carry, in the order of the CNEFOP model.
pub const ALL_VISAS: &[&ExpectedVisa] = &[
    &VISA_L6123_4,
    &VISA_STRATEGIE,
    &VISA_SRDEII,
    &VISA_CPRDFOP,
    &VISA_TRIPARTITE,
    &VISA_PLAN_CONVERGENCE,
];

/// Every regime, oldest first.
pub static REGIMES: &[Regime] = &[
    Regime {
        id: "avant-2014",
        law: "droit antérieur à la loi n° 2014-288 du 5 mars 2014",
        from: None,
        until: Some(d(2014, 3, 6)),
        crpc: false,
        institution: Role::PoleEmploi,
        institution_name: "Pôle emploi",
        committee: "CCREFP",
        opinion_bodies: &[Avis {
            committee: &CCREFP,
            from: None,
        }],
        required_roles: &[],
        may_be_absent: &[],
        optional_items: &[],
        coordination_plan: false,
        visas: &[],
        wordings: &[(
            "cprdfop",
            "le contrat de plan régional de développement des formations professionnelles (CPRDFP)",
        )],
    },
    Regime {
        id: "loi-2014",
        law: "loi n° 2014-288 du 5 mars 2014 relative à la formation professionnelle, à l'emploi et à la démocratie sociale",
        from: Some(d(2014, 3, 7)),
        until: Some(d(2015, 8, 8)),
        crpc: true,
        institution: Role::PoleEmploi,
        institution_name: "Pôle emploi",
        committee: "CREFOP",
        opinion_bodies: CREFOP_ALONE,
        required_roles: &[
            Role::Region,
            Role::Etat,
            Role::PoleEmploi,
            Role::MissionsLocales,
            Role::CapEmploi,
        ],
        may_be_absent: &[],
        optional_items: &[],
        coordination_plan: false,
        visas: &[&VISA_L6123_4, &VISA_CPRDFOP, &VISA_TRIPARTITE],
        wordings: &[],
    },
    Regime {
        id: "notre-2015",
        law: "loi n° 2015-991 du 7 août 2015 portant nouvelle organisation territoriale de la République (NOTRe)",
        from: Some(d(2015, 8, 9)),
        until: Some(d(2023, 12, 31)),
        crpc: true,
        institution: Role::PoleEmploi,
        institution_name: "Pôle emploi",
        committee: "CREFOP",
        opinion_bodies: CREFOP_ALONE,
        required_roles: SEVEN_ROLES,
        may_be_absent: &[Role::MaisonsEmploi, Role::Plie],
        optional_items: &[Axis::Spro, Axis::Sprf],
        coordination_plan: true,
        visas: ALL_VISAS,
        wordings: &[],
    },
    Regime {
        id: "plein-emploi-2024",
        law: "loi n° 2023-1196 du 18 décembre 2023 pour le plein emploi",
        from: Some(d(2024, 1, 1)),
        until: None,
        crpc: true,
        institution: Role::FranceTravail,
        institution_name: "France Travail",
        committee: "CREFOP",
        opinion_bodies: &[
            Avis {
                committee: &CREFOP,
                from: None,
            },
            Avis {
                committee: &CRE,
                from: Some(d(2024, 7, 1)),
            },
        ],
        required_roles: SEVEN_ROLES_FRANCE_TRAVAIL,
        may_be_absent: &[Role::MaisonsEmploi, Role::Plie],
        optional_items: &[Axis::Spro, Axis::Sprf],
        coordination_plan: true,
        visas: ALL_VISAS,
        wordings: &[],
    },
];

/// The regime in force on `date`.
pub fn in_force(date: Date) -> Option<&'static Regime> {
    REGIMES.iter().find(|r| r.in_force_on(date))
}

/// The regime whose rules apply to a convention: the `regime` override, else the one in
/// force on its start date.
pub fn of(conv: &crate::model::Convention) -> &'static Regime {
    conv.header
        .regime
        .as_ref()
        .and_then(|r| by_id(r))
        .unwrap_or_else(|| at_start(conv))
}

/// The regime in force on a convention's start date, whatever its `regime` key says.
pub fn at_start(conv: &crate::model::Convention) -> &'static Regime {
    in_force(conv.header.start.value).unwrap_or(&REGIMES[0])
}

pub fn by_id(id: &str) -> Option<&'static Regime> {
    REGIMES.iter().find(|r| r.id == id)
}

pub fn ids() -> impl Iterator<Item = &'static str> {
    REGIMES.iter().map(|r| r.id)
}

/// The roles that stand for the institution of L.5312-1 under any regime.
pub fn institution_roles() -> impl Iterator<Item = Role> {
    REGIMES.iter().map(|r| r.institution)
}

/// The committees whose avis counts on `date`, under the law in force that day.
pub fn committees_on(date: Date) -> Vec<&'static Committee> {
    in_force(date).map_or_else(Vec::new, |r| r.committees_on(date))
}

/// Whether `committee` gives its avis on `date`, under the law in force that day.
pub fn gives_avis(committee: &Committee, date: Date) -> bool {
    in_force(date).is_some_and(|r| r.accepts(committee, date))
}

/// The first day on which `committee` gives its avis (`None`: from the oldest row on).
pub fn first_avis_day(committee: &Committee) -> Option<Date> {
    REGIMES.iter().find_map(|r| {
        r.opinion_bodies
            .iter()
            .find(|a| a.committee == committee)
            .map(|a| a.from.or(r.from))
    })?
}

/// The wording of an act cited in a visa: under the law in force on the act's own date when
/// the visa gives it (a CPRDFP signed in 2012 keeps its name, a convention tripartite of 2019
/// names Pôle emploi), else under the convention's `regime`.
pub fn visa_wording(act: &Act, date: Option<Date>, regime: &Regime) -> String {
    date.and_then(in_force).unwrap_or(regime).act_wording(act)
}

/// The committees a free-text body name designates, in [`COMMITTEES`] order.
pub fn committees_named(body: &str) -> Vec<&'static Committee> {
    let words = format!(" {} ", normalize_words(body));
    COMMITTEES
        .iter()
        .copied()
        .filter(|c| c.names.iter().any(|n| words.contains(&format!(" {n} "))))
        .collect()
}

impl Regime {
    pub fn in_force_on(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.until.is_none_or(|u| date <= u)
    }

    /// Whether the avis of `committee` counts under this regime on `date`.
    pub fn accepts(&self, committee: &Committee, date: Date) -> bool {
        self.opinion_bodies
            .iter()
            .any(|a| a.committee == committee && a.from.is_none_or(|f| f <= date))
    }

    /// The committees whose avis counts on `date`, in French: « CREFOP ou comité régional
    /// pour l'emploi ».
    pub fn committees_on(&self, date: Date) -> Vec<&'static Committee> {
        self.opinion_bodies
            .iter()
            .filter(|a| a.from.is_none_or(|f| f <= date))
            .map(|a| a.committee)
            .collect()
    }

    /// Whether the law allows `axis` to be declared without object for a signatory.
    pub fn item_is_optional(&self, axis: Axis) -> bool {
        self.optional_items.contains(&axis)
    }

    /// Standard wording of a known act under this regime, without the leading « Vu ».
    pub fn act_wording(&self, act: &Act) -> String {
        let wording = self
            .wordings
            .iter()
            .find(|(id, _)| *id == act.id)
            .map_or(act.wording, |(_, w)| w);
        wording.replace("{institution}", self.institution_name)
    }

    /// Human label of a reference id under this regime (see [`refs::describe`]).
    pub fn describe(&self, id: &str) -> String {
        match refs::resolve(id) {
            Some(Reference::Act(act)) => self.act_wording(act),
            _ => refs::describe(id),
        }
    }
}

/// Where a convention applies, for the wordings and visas that depend on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Territory {
    Mainland,
    /// The Collectivité de Corse: its executive and the State's representative in it sign.
    Corsica,
    /// Guadeloupe, Guyane, Martinique, Mayotte, La Réunion (plans de convergence).
    Overseas,
}

/// The words that name an overseas region in `region`.
const OVERSEAS: &[&str] = &["guadeloupe", "guyane", "martinique", "mayotte", "réunion"];

impl Territory {
    /// The territory a `[convention] region` names (« Corse », « La Réunion »…).
    pub fn of(region: &str) -> Territory {
        let words = normalize_words(region);
        let has = |w: &str| words.split(' ').any(|x| x == w);
        if has("corse") {
            Territory::Corsica
        } else if OVERSEAS.iter().any(|w| has(w)) {
            Territory::Overseas
        } else {
            Territory::Mainland
        }
    }

    /// Who a role designates in this territory, in French.
    pub fn role_label(self, role: Role) -> &'static str {
        match (self, role) {
            (Territory::Corsica, Role::Region) => "le président du conseil exécutif de Corse",
            (Territory::Corsica, Role::Etat) => {
                "le représentant de l'État dans la collectivité de Corse"
            }
            _ => role.label(),
        }
    }
}

/// Lower-case words separated by single spaces (apostrophes and punctuation split words).
pub fn normalize_words(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regimes_follow_each_other_without_gap() {
        assert!(REGIMES[0].from.is_none(), "the oldest row has no start");
        for pair in REGIMES.windows(2) {
            let until = pair[0].until.expect("only the last regime is open");
            assert_eq!(
                Some(until.next_day()),
                pair[1].from,
                "{} -> {}",
                pair[0].id,
                pair[1].id
            );
        }
        assert!(REGIMES.last().unwrap().until.is_none());
    }

    #[test]
    fn regime_by_date_at_each_edge() {
        let id = |y, m, dd| in_force(d(y, m, dd)).unwrap().id;
        assert_eq!(id(2014, 3, 6), "avant-2014");
        assert_eq!(id(2014, 3, 7), "loi-2014");
        assert_eq!(id(2015, 8, 8), "loi-2014");
        assert_eq!(id(2015, 8, 9), "notre-2015");
        assert_eq!(id(2023, 12, 31), "notre-2015");
        assert_eq!(id(2024, 1, 1), "plein-emploi-2024");
        assert_eq!(id(1990, 1, 1), "avant-2014");
        assert!(!by_id("avant-2014").unwrap().crpc);
    }

    #[test]
    fn loi_2014_has_five_signatories_and_no_optional_item() {
        let r = by_id("loi-2014").unwrap();
        assert_eq!(r.required_roles.len(), 5);
        assert!(!r.required_roles.contains(&Role::Plie));
        assert!(!r.item_is_optional(Axis::Spro) && !r.item_is_optional(Axis::Sprf));
        assert!(by_id("notre-2015").unwrap().item_is_optional(Axis::Sprf));
    }

    #[test]
    fn crefop_stays_and_the_cre_counts_from_july_2024() {
        let r = by_id("plein-emploi-2024").unwrap();
        assert!(r.accepts(&CREFOP, d(2025, 3, 1)));
        assert!(r.accepts(&CREFOP, d(2024, 1, 1)));
        assert!(!r.accepts(&CRE, d(2024, 6, 30)));
        assert!(r.accepts(&CRE, d(2024, 7, 1)));
        assert_eq!(first_avis_day(&CRE), Some(d(2024, 7, 1)));
        assert_eq!(first_avis_day(&CREFOP), Some(d(2014, 3, 7)));
        assert_eq!(first_avis_day(&CCREFP), None);
        assert!(gives_avis(&CREFOP, d(2025, 1, 1)) && !gives_avis(&CCREFP, d(2015, 1, 1)));
        assert!(!by_id("notre-2015").unwrap().accepts(&CRE, d(2023, 1, 1)));
        assert!(!by_id("avant-2014").unwrap().accepts(&CREFOP, d(2013, 1, 1)));
    }

    #[test]
    fn committee_names_are_matched_as_words() {
        assert_eq!(committees_named("CREFOP Bretagne"), [&CREFOP]);
        assert_eq!(
            committees_named("Comité régional pour l'emploi"),
            [&CRE],
            "`cre` is not a word of CREFOP"
        );
        assert_eq!(committees_named("CoRE Grand Est"), [&CRE]);
        assert_eq!(
            committees_named("le CRE institué au sein du CREFOP"),
            [&CREFOP, &CRE]
        );
        assert!(committees_named("Comité de pilotage").is_empty());
        assert_eq!(committees_named("CCREFP du Centre"), [&CCREFP]);
    }

    #[test]
    fn territories_and_their_wording() {
        assert_eq!(Territory::of("Corse"), Territory::Corsica);
        assert_eq!(Territory::of("Collectivité de Corse"), Territory::Corsica);
        assert_eq!(Territory::of("La Réunion"), Territory::Overseas);
        assert_eq!(Territory::of("Guyane"), Territory::Overseas);
        assert_eq!(Territory::of("Centre-Val de Loire"), Territory::Mainland);
        assert_eq!(
            Territory::Corsica.role_label(Role::Region),
            "le président du conseil exécutif de Corse"
        );
        assert_eq!(
            Territory::Corsica.role_label(Role::Etat),
            "le représentant de l'État dans la collectivité de Corse"
        );
        assert_eq!(
            Territory::Mainland.role_label(Role::Region),
            Role::Region.label()
        );
    }

    #[test]
    fn cprdfp_before_the_2014_law() {
        let Some(Reference::Act(act)) = refs::resolve("cprdfop") else {
            panic!("cprdfop is a known act")
        };
        assert!(REGIMES[0].act_wording(act).ends_with("(CPRDFP)"));
        assert!(
            by_id("loi-2014")
                .unwrap()
                .act_wording(act)
                .ends_with("(CPRDFOP)")
        );
        assert!(
            by_id("notre-2015")
                .unwrap()
                .describe("convention-tripartite")
                .ends_with("l'Unédic et Pôle emploi")
        );
        // A visa with its own date is worded after it.
        let now = by_id("plein-emploi-2024").unwrap();
        assert!(visa_wording(act, Some(d(2012, 1, 31)), now).ends_with("(CPRDFP)"));
        assert!(visa_wording(act, None, now).ends_with("(CPRDFOP)"));
    }
}
