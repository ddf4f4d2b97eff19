//! The rule catalogue itself: `convgen rules` (text, Markdown, JSON) and `convgen explain`.

use crate::check::{self, RULES};
use crate::diagnostic::{Rule, Severity};
use crate::model::refs;

/// Text of a rule's help: how to read it, its legal basis and the CNEFOP recommendation it
/// follows, each named for what it is.
pub fn rule_help(rule: &Rule) -> String {
    let mut help = rule.explanation.to_string();
    if let Some(r) = rule.reference {
        help.push_str(&format!("\n\nBase légale : {}.", refs::describe(r)));
    }
    if let Some(r) = rule.recommendation {
        help.push_str(&format!(
            "\n\nRecommandation du CNEFOP (pas une obligation légale) : {r}."
        ));
    }
    help
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
        "| code | sév. | conventions | quand | base légale | recommandation du CNEFOP |\n| --- | --- | --- | --- | --- | --- |\n",
    );
    for r in RULES {
        let reference = match r.reference.map(|id| (refs::describe(id), refs::url(id))) {
            Some((label, Some(url))) => format!("[{label}]({url})"),
            Some((label, None)) => label,
            None => "—".to_string(),
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            r.code,
            r.severity.letter(),
            kinds_label(r),
            r.summary,
            reference,
            r.recommendation.unwrap_or("—"),
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
                "recommendation": r.recommendation,
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
    if let Some(r) = rule.recommendation {
        out.push_str(&format!(
            "Recommandation du CNEFOP (pas une obligation légale) : {r}\n"
        ));
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
    fn wrap_keeps_words() {
        assert_eq!(wrap("aa bb cc", 5), "aa bb\ncc");
    }
}
