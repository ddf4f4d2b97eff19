//! The sections of a convention and of an annex, in reading order.

/// The part of a convention or annex a change belongs to, in reading order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Convention,
    Signatories,
    AbsentRoles,
    Visas,
    Preamble,
    Sections,
    Objectives,
    Commitments,
    Indicators,
    NotApplicable,
    CoordinationPlan,
    Tools,
    Governance,
    Articles,
    Annex,
    Means,
    Targets,
    Investments,
}

impl Section {
    /// The JSON name of the section (the TOML key it comes from).
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Convention => "convention",
            Section::Signatories => "signatories",
            Section::AbsentRoles => "absent_roles",
            Section::Visas => "visas",
            Section::Preamble => "preamble",
            Section::Sections => "sections",
            Section::Objectives => "objectives",
            Section::Commitments => "commitments",
            Section::Indicators => "indicators",
            Section::NotApplicable => "not_applicable",
            Section::CoordinationPlan => "coordination_plan",
            Section::Tools => "tools",
            Section::Governance => "governance",
            Section::Articles => "articles",
            Section::Annex => "annex",
            Section::Means => "means",
            Section::Targets => "targets",
            Section::Investments => "investments",
        }
    }

    /// French title of the section.
    pub fn label(self) -> &'static str {
        match self {
            Section::Convention => "En-tête de la convention",
            Section::Signatories => "Signataires",
            Section::AbsentRoles => "Rôles absents",
            Section::Visas => "Visas",
            Section::Preamble => "Préambule",
            Section::Sections => "Texte de la convention",
            Section::Objectives => "Objectifs",
            Section::Commitments => "Engagements",
            Section::Indicators => "Indicateurs",
            Section::NotApplicable => "Axes sans objet",
            Section::CoordinationPlan => "Plan de coordination",
            Section::Tools => "Outils du plan de coordination",
            Section::Governance => "Gouvernance",
            Section::Articles => "Articles",
            Section::Annex => "En-tête de l'annexe",
            Section::Means => "Moyens",
            Section::Targets => "Cibles",
            Section::Investments => "Investissements",
        }
    }
}
