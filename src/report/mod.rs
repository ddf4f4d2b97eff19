//! Output formats of `convgen check`: short lines, JSON (`DOMAIN.md` §5), SARIF 2.1.0,
//! GitHub workflow commands and the GitLab Code Quality report. The graphical human report lives in the binary (miette).

use serde::Serialize;

use crate::check::{self, RULES};
use crate::check::{Report, Summary};
use crate::diagnostic::Rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::refs;
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

/// `file:line:col: severity[code]: message` — one line per finding.
pub fn short(sources: &Sources, report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        out.push_str(&short_line(&locate(sources, d)));
        out.push('\n');
    }
    out
}

fn short_line(l: &Located<'_>) -> String {
    let d = l.diagnostic;
    let place = match (l.file, l.start) {
        (Some(f), Some((line, col))) => format!("{f}:{line}:{col}"),
        (Some(f), None) => f.to_string(),
        (None, _) => "convgen".to_string(),
    };
    format!(
        "{place}: {}[{}]: {}",
        d.severity.as_str(),
        d.code(),
        d.message
    )
}

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: Severity,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    span: Option<JsonSpan>,
    reference: Option<&'a str>,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonSpan {
    offset: usize,
    length: usize,
}

/// One JSON document: `{"diagnostics": [...], "summary": {...}}`.
pub fn json(sources: &Sources, report: &Report) -> String {
    let diagnostics = report
        .diagnostics
        .iter()
        .map(|d| {
            let l = locate(sources, d);
            JsonDiagnostic {
                code: d.code(),
                severity: d.severity,
                message: &d.message,
                file: l.file,
                line: l.start.map(|p| p.0),
                column: l.start.map(|p| p.1),
                span: d.span.map(|s| JsonSpan {
                    offset: s.start,
                    length: s.len(),
                }),
                reference: d.reference,
                help: d.help.as_deref(),
            }
        })
        .collect();
    let doc = JsonReport {
        diagnostics,
        summary: report.summary,
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("serializable");
    s.push('\n');
    s
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Text of a rule's help: how to read it and its legal basis.
pub fn rule_help(rule: &Rule) -> String {
    let mut help = rule.explanation.to_string();
    if let Some(r) = rule.reference {
        help.push_str(&format!("\n\nBase légale : {}.", refs::describe(r)));
    }
    help
}

/// SARIF 2.1.0, one rule per code with its help and reference URL.
pub fn sarif(sources: &Sources, report: &Report) -> String {
    use serde_json::json;
    let rules_json: Vec<_> = RULES
        .iter()
        .map(|r| {
            let mut rule = json!({
                "id": r.code,
                "name": r.code,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.explanation },
                "help": { "text": rule_help(r) },
                "defaultConfiguration": { "level": sarif_level(r.severity) },
            });
            if let Some(url) = r.reference.and_then(refs::url) {
                rule["helpUri"] = json!(url);
            }
            if let Some(reference) = r.reference {
                rule["properties"] = json!({ "reference": reference });
            }
            rule
        })
        .collect();
    let results: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| {
            let l = locate(sources, d);
            let mut text = d.message.clone();
            if let Some(h) = &d.help {
                text.push_str(&format!(" — {h}"));
            }
            let mut result = json!({
                "ruleId": d.code(),
                "ruleIndex": RULES.iter().position(|r| r.code == d.code()),
                "level": sarif_level(d.severity),
                "message": { "text": text },
            });
            if let Some(file) = l.file {
                let mut location =
                    json!({ "physicalLocation": { "artifactLocation": { "uri": file } } });
                if let (Some((sl, sc)), Some((el, ec)), Some(span)) = (l.start, l.end, d.span) {
                    location["physicalLocation"]["region"] = json!({
                        "startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec,
                        "byteOffset": span.start, "byteLength": span.len(),
                    });
                }
                result["locations"] = json!([location]);
            }
            result
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "convgen",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/convgen/convgen",
                "rules": rules_json,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("serializable");
    s.push('\n');
    s
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands (annotations), each followed by its plain line, since
/// GitHub shows only ten annotations of each kind per step.
pub fn github(sources: &Sources, report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let l = locate(sources, d);
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = Vec::new();
        if let Some(f) = l.file {
            props.push(format!("file={}", escape_property(f)));
        }
        if let (Some((sl, sc)), Some((el, ec))) = (l.start, l.end) {
            props.push(format!("line={sl},col={sc},endLine={el},endColumn={ec}"));
        }
        props.push(format!("title={}", escape_property(d.code())));
        let mut message = d.message.clone();
        if let Some(h) = &d.help {
            message.push_str(&format!("\n{h}"));
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            props.join(","),
            escape_data(&message)
        ));
        out.push_str(&short_line(&l));
        out.push('\n');
    }
    out
}

/// GitLab severity of a finding: errors fail the pipeline (`major`), warnings are `minor`.
fn gitlab_severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// GitLab Code Quality report: a JSON array of Code Climate issues (`description`,
/// `check_name`, `fingerprint`, `severity`, `location.path`, `location.lines.begin`).
///
/// The fingerprint identifies a finding across commits, so that GitLab can tell new findings
/// from fixed ones: it hashes the code, the file and the message, not the line (which moves
/// when lines are added above), plus a counter for identical findings in one file.
pub fn gitlab(sources: &Sources, report: &Report) -> String {
    use sha2::{Digest, Sha256};
    use std::collections::HashMap;
    let mut seen: HashMap<(&str, Option<&str>, &str), usize> = HashMap::new();
    let issues: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| {
            let l = locate(sources, d);
            let occurrence = seen.entry((d.code(), l.file, &d.message)).or_insert(0);
            *occurrence += 1;
            let mut hasher = Sha256::new();
            for part in [d.code(), l.file.unwrap_or(""), &d.message] {
                hasher.update(part.as_bytes());
                hasher.update([0]);
            }
            hasher.update(occurrence.to_string().as_bytes());
            let fingerprint: String = hasher
                .finalize()
                .iter()
                .take(16)
                .map(|b| format!("{b:02x}"))
                .collect();
            let mut description = d.message.clone();
            if let Some(h) = &d.help {
                description.push_str(&format!(" — {h}"));
            }
            serde_json::json!({
                "description": description,
                "check_name": d.code(),
                "fingerprint": fingerprint,
                "severity": gitlab_severity(d.severity),
                "location": {
                    "path": l.file.unwrap_or("."),
                    "lines": { "begin": l.start.map_or(1, |p| p.0) },
                },
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&issues).expect("serializable");
    s.push('\n');
    s
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

fn kinds_label(rule: &Rule) -> String {
    if rule.kinds.is_empty() {
        "toutes".to_string()
    } else {
        rule.kinds
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The rule catalogue as a Markdown table (embedded in the README).
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "| code | sév. | conventions | quand | base légale |\n| --- | --- | --- | --- | --- |\n",
    );
    for r in RULES {
        let reference = match r.reference.map(|id| (refs::describe(id), refs::url(id))) {
            Some((label, Some(url))) => format!("[{label}]({url})"),
            Some((label, None)) => label,
            None => "—".to_string(),
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            r.code,
            r.severity.letter(),
            kinds_label(r),
            r.summary,
            reference
        ));
    }
    out
}

/// The rule catalogue as aligned text (`convgen rules`).
pub fn rules_text() -> String {
    let width = RULES.iter().map(|r| r.code.len()).max().unwrap_or(0);
    let kinds_width = RULES
        .iter()
        .map(|r| kinds_label(r).len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for r in RULES {
        out.push_str(&format!(
            "{:width$}  {}  {:kinds_width$}  {}\n",
            r.code,
            r.severity.letter(),
            kinds_label(r),
            r.summary
        ));
    }
    out
}

/// The rule catalogue as JSON (`convgen rules --format json`).
pub fn rules_json() -> String {
    let list: Vec<_> = RULES
        .iter()
        .map(|r| {
            serde_json::json!({
                "code": r.code,
                "severity": r.severity,
                "kinds": r.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
                "summary": r.summary,
                "explanation": r.explanation,
                "reference": r.reference,
                "url": r.reference.and_then(refs::url),
                "failing": r.failing,
                "passing": r.passing,
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&list).expect("serializable");
    s.push('\n');
    s
}

/// `convgen explain CODE`: everything about one rule.
pub fn explain(rule: &Rule) -> String {
    let severity = match rule.severity {
        Severity::Error => "erreur",
        Severity::Warning => "avertissement",
        Severity::Info => "information",
    };
    let mut out = format!("{} — {}\n\n", rule.code, rule.summary);
    out.push_str(&format!(
        "Gravité : {severity}\nConventions : {}\n",
        kinds_label(rule)
    ));
    if let Some(r) = rule.reference {
        out.push_str(&format!("Base légale : {}\n", refs::describe(r)));
        if let Some(url) = refs::url(r) {
            out.push_str(&format!("Légifrance : {url}\n"));
        }
    }
    out.push('\n');
    out.push_str(&wrap(rule.explanation, 80));
    out.push_str("\n\nDéclenche la règle :\n\n");
    out.push_str(&indent(rule.failing));
    out.push_str("\nCorrigé :\n\n");
    out.push_str(&indent(rule.passing));
    out
}

/// Closest rule codes, for an unknown code.
pub fn rule_codes() -> Vec<&'static str> {
    RULES.iter().map(|r| r.code).collect()
}

pub fn find_rule(code: &str) -> Option<&'static Rule> {
    check::find(code)
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}

fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes() {
        assert_eq!(escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }

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

    #[test]
    fn wrap_keeps_words() {
        assert_eq!(wrap("aa bb cc", 5), "aa bb\ncc");
    }
}
