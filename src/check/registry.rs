//! Check stage: the one registry of rules (`DOMAIN.md` §5).
//!
//! Each rule carries its code, default severity, the kinds of convention it applies to, its
//! legal reference, an explanation, a failing and a passing TOML fragment (for
//! `convgen explain`), and the small function that checks it.

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::AnnexFile;
use crate::model::regime::{self, Regime};
use crate::model::{Annex, Convention, Kind};
use crate::source::{FileId, SourceSlice, Span};

/// A check over one convention folder.
pub type UnitCheck = fn(&Ctx<'_>, &mut Vec<Diagnostic>);
/// A check over the whole repository (relations between conventions).
pub type WorkspaceCheck = fn(&[ConventionId], SourceSlice<'_>, &mut Vec<Diagnostic>);

/// What repository-wide checks see of each decoded convention: its id and where it is.
#[derive(Clone, Debug)]
pub struct ConventionId {
    pub id: String,
    pub file: FileId,
    pub span: Span,
}

impl ConventionId {
    pub fn of(conv: &Convention) -> Self {
        ConventionId {
            id: conv.header.id.value.clone(),
            file: conv.file,
            span: conv.header.id.span,
        }
    }
}

/// One rule of the catalogue.
#[derive(Debug)]
pub struct Rule {
    /// Stable code, as printed in diagnostics.
    pub code: &'static str,
    /// Default severity (some findings of a rule may be milder, e.g. while a draft).
    pub severity: Severity,
    /// Kinds of convention the rule applies to; empty means every kind.
    pub kinds: &'static [Kind],
    /// One line, in French.
    pub summary: &'static str,
    /// What the rule checks and why, in French.
    pub explanation: &'static str,
    /// Legal basis (reference id), if any.
    pub reference: Option<&'static str>,
    /// A TOML fragment that triggers the rule.
    pub failing: &'static str,
    /// The same fragment, fixed.
    pub passing: &'static str,
    pub unit: Option<UnitCheck>,
    pub workspace: Option<WorkspaceCheck>,
}

impl Rule {
    /// A finding of this rule, with its default severity and legal reference.
    pub fn at(&self, file: FileId, span: Span, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::new(self.code, self.severity, file, span, message);
        match self.reference {
            Some(r) => d.reference(r),
            None => d,
        }
    }

    pub fn applies_to(&self, kind: Kind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }
}

/// What a unit check sees: one decoded convention, its annexes and the regime in force.
pub struct Ctx<'a> {
    /// The files of the folder (to quote another place in a message).
    pub sources: SourceSlice<'a>,
    pub conv: &'a Convention,
    pub annex_files: &'a [AnnexFile],
    pub regime: &'static Regime,
}

impl<'a> Ctx<'a> {
    /// The annexes that decoded without error.
    pub fn annexes(&self) -> impl Iterator<Item = &'a Annex> + 'a {
        self.annex_files.iter().filter_map(|a| a.annex.as_ref())
    }

    /// 1-based line of a span, for messages that mention another place.
    pub fn line(&self, file: FileId, span: Span) -> usize {
        self.sources.get(file).line_col(span.start).0
    }
}

/// The regime whose rules apply to a convention: the `regime` override, else the one in
/// force on its start date (the oldest regime for earlier dates).
pub fn regime_of(conv: &Convention) -> &'static Regime {
    conv.header
        .regime
        .as_ref()
        .and_then(|r| regime::by_id(r))
        .or_else(|| regime::in_force(conv.header.start.value))
        .unwrap_or(&regime::REGIMES[0])
}

pub use super::rules::clauses::CLAUSE_MISSING;
pub use super::rules::crpc::{
    AXIS_UNCOVERED, COORDINATION_PLAN, DURATION, INDICATOR_MISSING, MEANS_MISSING, OPINION_MISSING,
    REGIME_NAME, SIGNATORY_MISSING, TARGET_MISSING, VISA_MISSING,
};
pub use super::rules::invisible::INVISIBLE_CHARACTER;
pub use super::rules::placeholder::{MARKER as PLACEHOLDER_MARKER, PLACEHOLDER};
pub use super::rules::structural::{
    ANNEX_MISSING, ASSET, DUPLICATE_ID, IO, PERIOD, REPRESENTATIVE, SCHEMA, SIGNATURE, SYNTAX,
    UNKNOWN_REFERENCE,
};

/// Every rule, in catalogue order.
pub static RULES: &[&Rule] = &[
    &SYNTAX,
    &SCHEMA,
    &IO,
    &DUPLICATE_ID,
    &UNKNOWN_REFERENCE,
    &PERIOD,
    &ANNEX_MISSING,
    &SIGNATURE,
    &REPRESENTATIVE,
    &ASSET,
    &SIGNATORY_MISSING,
    &AXIS_UNCOVERED,
    &COORDINATION_PLAN,
    &VISA_MISSING,
    &OPINION_MISSING,
    &DURATION,
    &INDICATOR_MISSING,
    &MEANS_MISSING,
    &TARGET_MISSING,
    &REGIME_NAME,
    &CLAUSE_MISSING,
    &PLACEHOLDER,
    &INVISIBLE_CHARACTER,
];

/// The rule with this code.
pub fn find(code: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.code == code)
}

/// Runs every applicable rule over one decoded convention folder.
pub fn check_unit(
    sources: SourceSlice<'_>,
    conv: &Convention,
    annex_files: &[AnnexFile],
) -> Vec<Diagnostic> {
    let ctx = Ctx {
        sources,
        conv,
        annex_files,
        regime: regime_of(conv),
    };
    let mut out = Vec::new();
    for rule in RULES {
        if let Some(check) = rule.unit
            && rule.applies_to(conv.header.kind.value)
        {
            check(&ctx, &mut out);
        }
    }
    out
}

/// Runs the rules that relate conventions to each other.
pub fn check_workspace(ids: &[ConventionId], sources: SourceSlice<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in RULES {
        if let Some(check) = rule.workspace {
            check(ids, sources, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_documented() {
        let mut codes: Vec<_> = RULES.iter().map(|r| r.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), RULES.len(), "duplicate rule code");
        for r in RULES {
            assert!(
                !r.summary.is_empty() && !r.explanation.is_empty(),
                "{}",
                r.code
            );
            assert!(
                !r.failing.trim().is_empty() && !r.passing.trim().is_empty(),
                "{}",
                r.code
            );
            assert_ne!(r.failing, r.passing, "{}", r.code);
            if let Some(reference) = r.reference {
                assert!(
                    crate::model::refs::resolve(reference).is_some(),
                    "{}: {reference}",
                    r.code
                );
            }
        }
    }

    #[test]
    fn contract_codes_are_all_present() {
        // DOMAIN.md §5: these codes are a contract.
        for code in [
            "syntax",
            "schema",
            "duplicate-id",
            "unknown-reference",
            "period",
            "annex-missing",
            "signature",
            "representative",
            "signatory-missing",
            "axis-uncovered",
            "coordination-plan",
            "visa-missing",
            "opinion-missing",
            "duration",
            "indicator-missing",
            "means-missing",
            "target-missing",
            "regime-name",
            "clause-missing",
        ] {
            assert!(find(code).is_some(), "missing rule {code}");
        }
    }

    #[test]
    fn fragments_are_valid_toml() {
        for r in RULES {
            if r.code == "syntax" {
                assert!(r.failing.parse::<toml::Table>().is_err());
                continue;
            }
            for (which, text) in [("failing", r.failing), ("passing", r.passing)] {
                if let Err(e) = text.parse::<toml::Table>() {
                    panic!("{} {which} fragment is not TOML: {e}", r.code);
                }
            }
        }
    }
}
