//! The human report: miette's graphical rendering of each finding, then a summary line.

use std::fmt;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    NamedSource, SourceSpan,
};

use convgen::check::Report;
use convgen::diagnostic::{Diagnostic, Severity};
use convgen::source::Sources;
use convgen::{refs, report};

/// Adapter that lets miette draw one of our diagnostics.
struct Shown<'a> {
    d: &'a Diagnostic,
    source: Option<NamedSource<String>>,
    help: Option<String>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl MietteDiagnostic for Shown<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.d.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.d.span?;
        self.source.as_ref()?;
        let label = LabeledSpan::new_with_span(
            Some(self.d.label.clone().unwrap_or_else(|| "ici".to_string())),
            SourceSpan::new(span.start.into(), span.len()),
        );
        Some(Box::new(std::iter::once(label)))
    }
}

/// Renders every finding, then the summary line.
pub fn render(sources: &Sources, report: &Report, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_break_words(false)
        .with_links(false);
    let mut out = String::new();
    for d in &report.diagnostics {
        let file = d.file.map(|f| sources.get(f));
        let mut help = d.help.clone().unwrap_or_default();
        if let Some(r) = d.reference {
            if !help.is_empty() {
                help.push('\n');
            }
            help.push_str(&format!("base légale : {}", refs::describe(r)));
            if let Some(url) = refs::url(r) {
                help.push_str(&format!(" — {url}"));
            }
        }
        let shown = Shown {
            d,
            source: file
                .filter(|_| d.span.is_some())
                .map(|f| NamedSource::new(f.display.clone(), f.text.clone()).with_language("toml")),
            help: (!help.is_empty()).then_some(help),
        };
        if shown.source.is_none()
            && let Some(f) = file
        {
            out.push_str(&format!("{}:\n", f.display));
        }
        if handler.render_report(&mut out, &shown).is_err() {
            out.push_str(&format!(
                "{}[{}]: {}\n",
                d.severity.as_str(),
                d.code,
                d.message
            ));
        }
        out.push('\n');
    }
    let s = &report.summary;
    let mark = if s.errors > 0 { "✗" } else { "✓" };
    out.push_str(&format!("{mark} {}\n", report::summary_line(s)));
    out
}
