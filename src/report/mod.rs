//! Output formats of `convgen check`, one module each: [`short`] lines, [`json`] (the
//! documented JSON report), [`sarif`] 2.1.0, [`github`] workflow commands and the [`gitlab`]
//! Code Quality report; [`catalogue`] prints the rules themselves. The graphical human report
//! lives in the binary (it needs miette's terminal graphics).

pub mod catalogue;
mod github;
mod gitlab;
mod json;
mod sarif;
mod short;

pub use catalogue::{
    explain, find_rule, rule_codes, rule_help, rules_json, rules_markdown, rules_text,
};
pub use github::github;
pub use gitlab::gitlab;
pub use json::json;
pub use sarif::sarif;
pub use short::short;

use crate::check::Summary;
use crate::diagnostic::Diagnostic;
use crate::source::Sources;

/// A diagnostic with its file path and 1-based positions resolved.
pub struct Located<'a> {
    pub diagnostic: &'a Diagnostic,
    pub file: Option<&'a str>,
    /// (line, column) of the start; the column counts Unicode code points.
    pub start: Option<(usize, usize)>,
    /// (line, column) of the end (exclusive).
    pub end: Option<(usize, usize)>,
}

pub fn locate<'a>(sources: &'a Sources, d: &'a Diagnostic) -> Located<'a> {
    let file = d.file.map(|f| sources.get(f));
    let (start, end) = match (file, d.span) {
        (Some(f), Some(s)) => (Some(f.line_col(s.start)), Some(f.line_col(s.end))),
        _ => (None, None),
    };
    Located {
        diagnostic: d,
        file: file.map(|f| f.display.as_str()),
        start,
        end,
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n > 1 { many } else { one })
}

/// « 2 erreurs, 1 avertissement, 0 information — 3 conventions, 12 fichiers »
pub fn summary_line(s: &Summary) -> String {
    format!(
        "{}, {}, {} — {}, {}",
        plural(s.errors, "erreur", "erreurs"),
        plural(s.warnings, "avertissement", "avertissements"),
        plural(s.infos, "information", "informations"),
        plural(s.conventions, "convention", "conventions"),
        plural(s.files, "fichier", "fichiers"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_plurals() {
        let s = Summary {
            errors: 2,
            warnings: 1,
            infos: 0,
            conventions: 1,
            files: 4,
        };
        assert_eq!(
            summary_line(&s),
            "2 erreurs, 1 avertissement, 0 information — 1 convention, 4 fichiers"
        );
    }
}
