//! `--format gitlab`: the GitLab Code Quality report (Code Climate JSON).

use super::locate;
use crate::check::Report;
use crate::diagnostic::Severity;
use crate::source::Sources;

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
