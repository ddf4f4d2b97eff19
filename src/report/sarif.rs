//! `--format sarif`: SARIF 2.1.0 for code scanning (GitHub, GitLab…).

use super::{locate, rule_help};
use crate::check::{RULES, Report};
use crate::diagnostic::Severity;
use crate::model::refs;
use crate::source::Sources;

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a URI reference (RFC 3986): every byte but the unreserved characters
/// (`A–Z a–z 0–9 - . _ ~`) and the separator `/` is percent-encoded, UTF-8 bytes included.
fn uri_of(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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
            // Légifrance only for a legal basis: a CNEFOP recommendation is not law.
            if let Some(url) = r.reference.and_then(refs::url) {
                rule["helpUri"] = json!(url);
            }
            let mut properties = serde_json::Map::new();
            if let Some(reference) = r.reference {
                properties.insert("reference".into(), json!(reference));
            }
            if let Some(recommendation) = r.recommendation {
                properties.insert("recommendation".into(), json!(recommendation));
            }
            if !properties.is_empty() {
                rule["properties"] = serde_json::Value::Object(properties);
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
                    json!({ "physicalLocation": { "artifactLocation": { "uri": uri_of(file) } } });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            uri_of("conventions/crpc-x/convention.toml"),
            "conventions/crpc-x/convention.toml"
        );
        assert_eq!(uri_of("a b#c%d?é/x~y"), "a%20b%23c%25d%3F%C3%A9/x~y");
        assert_eq!(uri_of("a\nb"), "a%0Ab");
    }
}
