//! `--format github`: GitHub Actions workflow commands (annotations).

use super::locate;
use super::short::short_line;
use crate::check::Report;
use crate::diagnostic::Severity;
use crate::source::{Sources, printable_lines};

/// GitHub's escaping of a command's data; other control characters are made printable
/// first (the log viewer would interpret an ESC).
fn escape_data(s: &str) -> String {
    printable_lines(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A plain line of the log that the runner cannot take for a command: it holds no line break
/// (the short line is [printable](crate::source::printable) already), does not start with
/// `::` once leading blanks are trimmed (the runner trims them), and holds no `##[` (the
/// older form, looked for anywhere in a line). Both are written with GitHub's own `%3A` and
/// `%5B` escapes.
fn plain_line(line: &str) -> String {
    let line = line.replace("##[", "##%5B");
    let blanks = line.len() - line.trim_start().len();
    let (lead, rest) = line.split_at(blanks);
    match rest.strip_prefix("::") {
        Some(after) => format!("{lead}%3A%3A{after}"),
        None => line,
    }
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
        out.push_str(&plain_line(&short_line(&l)));
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
        assert_eq!(escape_data("a\x1bb"), "a\\u{1b}b");
    }

    #[test]
    fn plain_lines_start_no_command() {
        assert_eq!(
            plain_line("::add-mask::x: error"),
            "%3A%3Aadd-mask::x: error"
        );
        assert_eq!(plain_line("  ::error::x"), "  %3A%3Aerror::x");
        assert_eq!(plain_line("a/##[add-mask]x"), "a/##%5Badd-mask]x");
        assert_eq!(
            plain_line("a.toml:1:2: error[x]: m"),
            "a.toml:1:2: error[x]: m"
        );
    }
}
