//! Findings: what a rule (or the loader) reports about a file, and the description of a rule.
//!
//! A [`Diagnostic`] can only be made from a [`Rule`] ([`Rule::at`]): its code is the rule's,
//! never a string typed at the place that reports it.

use crate::model::Kind;
use crate::source::{FileId, Span};

/// One rule of the catalogue: its stable code and what `convgen explain` says of it. The
/// function that checks it is registered beside it in `check::registry`.
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
    /// Legal basis (reference id), if any: an article of the code du travail or an act.
    pub reference: Option<&'static str>,
    /// The CNEFOP recommendation the rule follows, if any, in French (« une durée de trois
    /// ans »). A recommendation is never a legal basis: reports print it apart, as
    /// « recommandation du CNEFOP ».
    pub recommendation: Option<&'static str>,
    /// A TOML fragment that triggers the rule.
    pub failing: &'static str,
    /// The same fragment, fixed.
    pub passing: &'static str,
}

impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.code == other.code
    }
}

impl Rule {
    /// A finding of this rule, with its default severity and legal reference.
    pub fn at(&'static self, file: FileId, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule: self,
            severity: self.severity,
            message: message.into(),
            file: Some(file),
            span: Some(span),
            label: None,
            help: None,
            reference: self.reference,
            recommendation: self.recommendation,
        }
    }

    pub fn applies_to(&self, kind: Kind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }
}

/// How serious a finding is. Ordered from the least to the most serious.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// One letter, as in the rule catalogue (E, W, I).
    pub fn letter(self) -> char {
        match self {
            Severity::Info => 'I',
            Severity::Warning => 'W',
            Severity::Error => 'E',
        }
    }
}

/// One finding, attached to a file and, where there is one, a byte span in it.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// The rule that reports it; its code (e.g. `signatory-missing`) is [`Diagnostic::code`].
    pub rule: &'static Rule,
    pub severity: Severity,
    /// What is wrong, in French.
    pub message: String,
    pub file: Option<FileId>,
    pub span: Option<Span>,
    /// Short text shown under the highlighted span.
    pub label: Option<String>,
    /// How to fix it, in French.
    pub help: Option<String>,
    /// Legal basis (a reference id such as `code-travail:L6123-4`), where there is one.
    pub reference: Option<&'static str>,
    /// The CNEFOP recommendation the finding rests on, where it rests on one.
    pub recommendation: Option<&'static str>,
}

impl Diagnostic {
    /// Stable code of the rule, e.g. `signatory-missing`.
    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn reference(mut self, reference: &'static str) -> Self {
        self.reference = Some(reference);
        self
    }

    /// The CNEFOP recommendation the finding rests on.
    pub fn recommendation(mut self, recommendation: &'static str) -> Self {
        self.recommendation = Some(recommendation);
        self
    }

    /// The finding rests on neither the law nor a recommendation (a drafting rule).
    pub fn without_basis(mut self) -> Self {
        self.reference = None;
        self.recommendation = None;
        self
    }

    /// The finding rests on the law alone (a rule that also cites a recommendation).
    pub fn law_only(mut self) -> Self {
        self.recommendation = None;
        self
    }

    /// The finding rests on a CNEFOP recommendation alone, not on the law.
    pub fn recommendation_only(mut self) -> Self {
        self.reference = None;
        self
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn without_span(mut self) -> Self {
        self.span = None;
        self
    }
}

/// Closest candidate to `word` (for "did you mean"), if one is close enough.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, c), c))
        .filter(|(score, c)| *score > 0.8 || strsim::levenshtein(&lower, c) <= 2)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// `a`, `b`, `c` — a list of code-formatted values for messages.
pub fn backticked<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    items
        .into_iter()
        .map(|s| format!("`{}`", s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_typos_and_rejects_strangers() {
        let keys = ["signatories", "objectives", "visas"];
        assert_eq!(closest("signatorie", keys), Some("signatories"));
        assert_eq!(closest("Visas", keys), Some("visas"));
        assert_eq!(closest("zzz", keys), None);
    }
}
