//! `--format github`: GitHub Actions workflow commands (annotations).

use super::locate;
use super::short::short_line;
use crate::check::Report;
use crate::diagnostic::Severity;
use crate::source::Sources;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes() {
        assert_eq!(escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
