//! Legal regimes: which law is in force on a convention's start date (docs/law.md).
//!
//! Kept as data: a future change of the law is one new row of [`REGIMES`] (and its tests).

use crate::date::Date;
use crate::model::Role;

/// One state of the law applying to coordination conventions.
#[derive(Debug)]
pub struct Regime {
    pub id: &'static str,
    /// The law that opened the regime, in French.
    pub law: &'static str,
    /// First day in force.
    pub from: Date,
    /// Last day in force, if it has ended.
    pub until: Option<Date>,
    /// Role of the institution of article L.5312-1 under this regime.
    pub institution: Role,
    /// Its name under this regime.
    pub institution_name: &'static str,
    /// Name of the regional committee that gives its opinion (avis).
    pub committee: &'static str,
    /// Lower-case word sequences that identify the committee in a free-text body name.
    pub committee_names: &'static [&'static str],
    /// Roles that must sign a CRPC (article L.6123-4).
    pub required_roles: &'static [Role],
    /// Required roles that may be declared absent from the territory (`[[absent_roles]]`).
    pub may_be_absent: &'static [Role],
}

const fn d(year: i32, month: u8, day: u8) -> Date {
    Date { year, month, day }
}

/// Every regime, oldest first.
pub static REGIMES: &[Regime] = &[
    Regime {
        id: "notre-2015",
        law: "loi n° 2015-991 du 7 août 2015 (NOTRe)",
        from: d(2015, 8, 9),
        until: Some(d(2023, 12, 31)),
        institution: Role::PoleEmploi,
        institution_name: "Pôle emploi",
        committee: "CREFOP",
        committee_names: &[
            "crefop",
            "comité régional de l emploi de la formation et de l orientation professionnelles",
        ],
        required_roles: &[
            Role::Region,
            Role::Etat,
            Role::PoleEmploi,
            Role::MissionsLocales,
            Role::CapEmploi,
            Role::MaisonsEmploi,
            Role::Plie,
        ],
        may_be_absent: &[Role::MaisonsEmploi, Role::Plie],
    },
    Regime {
        id: "plein-emploi-2024",
        law: "loi n° 2023-1196 du 18 décembre 2023 pour le plein emploi",
        from: d(2024, 1, 1),
        until: None,
        institution: Role::FranceTravail,
        institution_name: "France Travail",
        committee: "comité régional pour l'emploi",
        committee_names: &["comité régional pour l emploi", "core", "cre"],
        required_roles: &[
            Role::Region,
            Role::Etat,
            Role::FranceTravail,
            Role::MissionsLocales,
            Role::CapEmploi,
            Role::MaisonsEmploi,
            Role::Plie,
        ],
        may_be_absent: &[Role::MaisonsEmploi, Role::Plie],
    },
];

/// The regime in force on `date`, if any (none before 9 August 2015).
pub fn in_force(date: Date) -> Option<&'static Regime> {
    REGIMES
        .iter()
        .find(|r| r.from <= date && r.until.is_none_or(|u| date <= u))
}

/// The regime whose rules apply to a convention: the `regime` override, else the one in
/// force on its start date (the oldest regime for earlier dates).
pub fn of(conv: &crate::model::Convention) -> &'static Regime {
    conv.header
        .regime
        .as_ref()
        .and_then(|r| by_id(r))
        .or_else(|| in_force(conv.header.start.value))
        .unwrap_or(&REGIMES[0])
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

impl Regime {
    /// Whether a free-text body name designates this regime's committee.
    pub fn names_committee(&self, body: &str) -> bool {
        let words = format!(" {} ", normalize_words(body));
        self.committee_names
            .iter()
            .any(|name| words.contains(&format!(" {name} ")))
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
        for pair in REGIMES.windows(2) {
            let until = pair[0].until.expect("only the last regime is open");
            assert_eq!(
                until.next_day(),
                pair[1].from,
                "{} -> {}",
                pair[0].id,
                pair[1].id
            );
        }
        assert!(REGIMES.last().unwrap().until.is_none());
    }

    #[test]
    fn regime_by_date() {
        assert_eq!(in_force(d(2023, 12, 31)).unwrap().id, "notre-2015");
        assert_eq!(in_force(d(2024, 1, 1)).unwrap().id, "plein-emploi-2024");
        assert!(in_force(d(2015, 8, 8)).is_none());
    }

    #[test]
    fn committee_names_are_matched_as_words() {
        let [old, new] = [&REGIMES[0], &REGIMES[1]];
        assert!(old.names_committee("CREFOP Bretagne"));
        assert!(
            !new.names_committee("CREFOP Bretagne"),
            "`cre` is not a word of CREFOP"
        );
        assert!(new.names_committee("Comité régional pour l'emploi"));
        assert!(new.names_committee("CoRE Grand Est"));
        assert!(!new.names_committee("Comité de pilotage"));
    }
}
