//! The human report: miette's graphical rendering of each finding, then a summary line.

use std::fmt;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use convgen::check::Report;
use convgen::diagnostic::{Diagnostic, Severity};
use convgen::model::refs;
use convgen::report;
use convgen::source::{SourceFile, Sources};

/// Longest excerpt (the lines of a span and their context) drawn under a finding, in bytes.
/// A finding on a longer line (a minified file, a 1 MB string) is printed without excerpt, so
/// that the report stays proportional to the number of findings.
const MAX_EXCERPT_BYTES: usize = 4096;

/// The source miette draws a finding from: a borrowed file, read only around the span, so
/// that drawing N findings of a large file costs N small excerpts, never N copies or N scans
/// of the whole file.
struct Excerpt<'a> {
    file: &'a SourceFile,
}

impl Excerpt<'_> {
    /// Byte range of the lines `span` covers, with `before` and `after` lines of context.
    fn window(
        &self,
        start: usize,
        end: usize,
        before: usize,
        after: usize,
    ) -> (usize, usize, usize) {
        let text = &self.file.text;
        let first = self.file.line_col(start).0 - 1;
        let last = self.file.line_col(end).0 - 1;
        let first = first.saturating_sub(before);
        let window_start = self.file.line_start(first).unwrap_or(0);
        let window_end = self.file.line_start(last + after + 1).unwrap_or(text.len());
        (first, window_start, window_end)
    }

    /// Whether the lines of `span` are short enough to be drawn.
    fn fits(&self, start: usize, end: usize) -> bool {
        let (_, a, b) = self.window(start, end, 0, 0);
        b - a <= MAX_EXCERPT_BYTES
    }
}

impl SourceCode for Excerpt<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = self.file.text.as_str();
        let start = span.offset();
        let end = start + span.len();
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let (first_line, window_start, window_end) =
            self.window(start, end, context_lines_before, context_lines_after);
        let window = &text[window_start..window_end];
        let inner = window.read_span(
            &SourceSpan::new((start - window_start).into(), span.len()),
            context_lines_before,
            context_lines_after,
        )?;
        let contents = MietteSpanContents::new_named(
            self.file.display.clone(),
            inner.data(),
            SourceSpan::new(
                (inner.span().offset() + window_start).into(),
                inner.span().len(),
            ),
            inner.line() + first_line,
            inner.column(),
            inner.line_count(),
        )
        .with_language("toml");
        Ok(Box::new(contents))
    }
}

/// Adapter that lets miette draw one of our diagnostics.
struct Shown<'a> {
    d: &'a Diagnostic,
    source: Option<Excerpt<'a>>,
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
        Some(Box::new(self.d.code()))
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
        if let Some(r) = d.recommendation {
            if !help.is_empty() {
                help.push('\n');
            }
            help.push_str(&format!("recommandation du CNEFOP : {r}"));
        }
        let shown = Shown {
            d,
            source: file
                .zip(d.span)
                .map(|(file, _)| Excerpt { file })
                .filter(|e| d.span.is_some_and(|s| e.fits(s.start, s.end))),
            help: (!help.is_empty()).then_some(help),
        };
        if shown.source.is_none()
            && let Some(f) = file
        {
            match d.span {
                Some(span) => {
                    let (line, column) = f.line_col(span.start);
                    out.push_str(&format!("{}:{line}:{column}:\n", f.display));
                }
                None => out.push_str(&format!("{}:\n", f.display)),
            }
        }
        if handler.render_report(&mut out, &shown).is_err() {
            out.push_str(&format!(
                "{}[{}]: {}\n",
                d.severity.as_str(),
                d.code(),
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
