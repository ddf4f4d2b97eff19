//! The one registry of rules: every rule of the catalogue, in catalogue order, with the
//! functions that check it. Adding a rule is one file in `rules/`, one line in [`RULES`] and
//! one fixture folder in `tests/fixtures/rules/<code>/`.

use crate::diagnostic::{Diagnostic, Rule};
use crate::load::{self, AnnexFile, AvenantFile};
use crate::model::regime::{self, Regime, Territory};
use crate::model::{Annex, Convention};
use crate::source::{FileId, SourceSlice, Span};

use super::rules;

/// A check over one convention folder.
pub type UnitCheck = fn(&Ctx<'_>, &mut Vec<Diagnostic>);
/// A check over the whole repository (relations between conventions).
pub type WorkspaceCheck = fn(&[ConventionId], SourceSlice<'_>, &mut Vec<Diagnostic>);

/// One registered rule: its description and the functions that check it (none for the
/// findings the loader reports by itself).
#[derive(Debug)]
pub struct Entry {
    pub rule: &'static Rule,
    pub unit: Option<UnitCheck>,
    pub workspace: Option<WorkspaceCheck>,
    /// The rule applies the CRPC regime of article L. 6123-4: it runs only when the regime of
    /// the convention has one (not before the loi du 5 mars 2014, where `no-legal-basis` says
    /// so instead).
    pub crpc_law: bool,
}

impl Entry {
    /// A rule whose findings the loader reports (`syntax`, `schema`, `io`).
    const fn loader(rule: &'static Rule) -> Entry {
        Entry {
            rule,
            unit: None,
            workspace: None,
            crpc_law: false,
        }
    }

    /// A rule checked on each convention folder.
    const fn unit(rule: &'static Rule, check: UnitCheck) -> Entry {
        Entry {
            rule,
            unit: Some(check),
            workspace: None,
            crpc_law: false,
        }
    }

    /// Adds (or sets) the check on each convention folder.
    const fn with_unit(self, check: UnitCheck) -> Entry {
        Entry {
            unit: Some(check),
            ..self
        }
    }

    /// Adds the check across the conventions of the repository.
    const fn workspace(self, check: WorkspaceCheck) -> Entry {
        Entry {
            workspace: Some(check),
            ..self
        }
    }

    /// Marks a rule of the CRPC regime (see [`Entry::crpc_law`]).
    const fn law(self) -> Entry {
        Entry {
            crpc_law: true,
            ..self
        }
    }

    /// Whether the rule runs on this convention: its kind, and for a rule of the CRPC
    /// regime, a regime under which the CRPC exists.
    pub fn runs(&self, ctx: &Ctx<'_>) -> bool {
        self.applies_to(ctx.conv.header.kind.value) && (!self.crpc_law || ctx.regime.crpc)
    }
}

impl std::ops::Deref for Entry {
    type Target = Rule;
    fn deref(&self) -> &Rule {
        self.rule
    }
}

/// Every rule, in catalogue order, one line each.
#[rustfmt::skip]
pub static RULES: &[Entry] = &[
    Entry::loader(&load::SYNTAX),
    Entry::loader(&load::SCHEMA).with_unit(rules::schema::check),
    Entry::loader(&load::IO),
    Entry::unit(&rules::duplicate_id::RULE, rules::duplicate_id::check).workspace(rules::duplicate_id::across),
    Entry::unit(&rules::unknown_reference::RULE, rules::unknown_reference::check),
    Entry::unit(&rules::period::RULE, rules::period::check),
    Entry::unit(&rules::annex_missing::RULE, rules::annex_missing::check),
    Entry::unit(&rules::signature::RULE, rules::signature::check),
    Entry::unit(&rules::representative::RULE, rules::representative::check),
    Entry::unit(&rules::asset::RULE, rules::asset::check),
    Entry::unit(&rules::no_legal_basis::RULE, rules::no_legal_basis::check),
    Entry::unit(&rules::signatory_missing::RULE, rules::signatory_missing::check).law(),
    Entry::unit(&rules::axis_uncovered::RULE, rules::axis_uncovered::check).law(),
    Entry::unit(&rules::coordination_plan::RULE, rules::coordination_plan::check).law(),
    Entry::unit(&rules::visa_missing::RULE, rules::visa_missing::check).law(),
    Entry::unit(&rules::opinion_missing::RULE, rules::opinion_missing::check).law(),
    Entry::unit(&rules::duration::RULE, rules::duration::check).law(),
    Entry::unit(&rules::indicator_missing::RULE, rules::indicator_missing::check).law(),
    Entry::unit(&rules::means_missing::RULE, rules::means_missing::check).law(),
    Entry::unit(&rules::target_missing::RULE, rules::target_missing::check).law(),
    Entry::unit(&rules::regime_name::RULE, rules::regime_name::check),
    Entry::unit(&rules::clause_missing::RULE, rules::clause_missing::check),
    Entry::unit(&rules::structure::RULE, rules::structure::check),
    Entry::unit(&rules::placeholder::RULE, rules::placeholder::check),
    Entry::unit(&rules::invisible_character::RULE, rules::invisible_character::check),
    Entry::unit(&rules::render_limit::RULE, rules::render_limit::check),
    Entry::unit(&rules::unsafe_markup::RULE, rules::unsafe_markup::check),
    Entry::unit(&rules::avenant::RULE, rules::avenant::check),
];

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

/// What a unit check sees: one decoded convention, its annexes and the regime in force.
pub struct Ctx<'a> {
    /// The files of the folder (to quote another place in a message).
    pub sources: SourceSlice<'a>,
    pub conv: &'a Convention,
    pub annex_files: &'a [AnnexFile],
    /// The folder's `avenants/<n>.toml` (none when the caller has not loaded them).
    pub avenant_files: &'a [AvenantFile],
    /// The regime whose rules apply: the `regime` key, else the one in force at `start`.
    pub regime: &'static Regime,
    /// Where the convention applies (Corsica and the overseas regions have their own rules).
    pub territory: Territory,
}

impl<'a> Ctx<'a> {
    pub fn new(
        sources: SourceSlice<'a>,
        conv: &'a Convention,
        annex_files: &'a [AnnexFile],
    ) -> Self {
        Ctx {
            sources,
            conv,
            annex_files,
            avenant_files: &[],
            regime: regime::of(conv),
            territory: Territory::of(&conv.header.region.value),
        }
    }

    /// The annexes that decoded without error.
    pub fn annexes(&self) -> impl Iterator<Item = &'a Annex> + 'a {
        self.annex_files.iter().filter_map(|a| a.annex.as_ref())
    }

    /// 1-based line of a span, for messages that mention another place.
    pub fn line(&self, file: FileId, span: Span) -> usize {
        self.sources.get(file).line_col(span.start).0
    }
}

/// The rule with this code.
pub fn find(code: &str) -> Option<&'static Rule> {
    entry(code).map(|e| e.rule)
}

/// The registry entry of the rule with this code.
pub fn entry(code: &str) -> Option<&'static Entry> {
    RULES.iter().find(|r| r.code == code)
}

/// Runs every applicable rule over one decoded convention folder.
pub fn check_unit(
    sources: SourceSlice<'_>,
    conv: &Convention,
    annex_files: &[AnnexFile],
    avenant_files: &[AvenantFile],
) -> Vec<Diagnostic> {
    let mut ctx = Ctx::new(sources, conv, annex_files);
    ctx.avenant_files = avenant_files;
    let mut out = Vec::new();
    for entry in RULES {
        if let Some(check) = entry.unit
            && entry.runs(&ctx)
        {
            check(&ctx, &mut out);
        }
    }
    out
}

/// Runs the rules that relate conventions to each other.
pub fn check_workspace(ids: &[ConventionId], sources: SourceSlice<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for entry in RULES {
        if let Some(check) = entry.workspace {
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
            // A recommendation says what the CNEFOP recommends, never « L. … » as if it were law.
            if let Some(text) = r.recommendation {
                assert!(
                    !text.trim().is_empty() && !text.contains("L. 6"),
                    "{}",
                    r.code
                );
            }
        }
    }

    #[test]
    fn contract_codes_are_all_present() {
        // These codes are a contract: CI scripts match them in the JSON and SARIF reports,
        // and the README's rule table lists them. None may be renamed or dropped.
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
            "no-legal-basis",
        ] {
            assert!(find(code).is_some(), "missing rule {code}");
        }
    }

    #[test]
    fn the_crpc_rules_of_the_law_are_marked() {
        // Every rule for CRPCs only, but `no-legal-basis`, applies the law of 2014 and later.
        for e in RULES {
            let crpc_only = e.kinds == [crate::model::Kind::Crpc];
            assert_eq!(
                e.crpc_law,
                crpc_only && e.code != "no-legal-basis",
                "{}",
                e.code
            );
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
