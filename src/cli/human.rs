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
use convgen::source::{SourceFile, Sources, printable, printable_lines};

/// Longest excerpt (the lines of a span and their context) drawn under a finding, in bytes.
/// A finding on a longer line (a minified file, a 1 MB string) is printed without excerpt, so
/// that the report stays proportional to the number of findings.
const MAX_EXCERPT_BYTES: usize = 4096;

/// Lines of context kept around a span (miette draws fewer).
const CONTEXT_LINES: usize = 3;

/// The source miette draws a finding from: the lines around the span only (so that drawing N
/// findings of a large file costs N small excerpts, never N copies or N scans of the whole
/// file), copied with every character that could fake or hide a line made
/// [printable](convgen::source::printable_lines): a TOML comment holding ESC sequences
/// next to an error is shown, never obeyed by the terminal.
struct Excerpt {
    name: String,
    /// The lines of the span and their context, made printable.
    text: String,
    /// 0-based number of the first line of `text` in the file.
    first_line: usize,
    /// The span, in `text`.
    span: SourceSpan,
}

impl Excerpt {
    /// The excerpt of `file` around `start..end`, or `None` when its lines are longer than
    /// [`MAX_EXCERPT_BYTES`].
    fn new(file: &SourceFile, start: usize, end: usize) -> Option<Excerpt> {
        let text = &file.text;
        let floor = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor(start);
        let mut end = floor(end).max(start);
        if end < text.len() && !text.is_char_boundary(end) {
            end += 1;
        }
        let line_of = |offset: usize| file.line_col(offset).0 - 1;
        let (first, last) = (line_of(start), line_of(end));
        let own_start = file.line_start(first).unwrap_or(0);
        let own_end = file.line_start(last + 1).unwrap_or(text.len());
        if own_end - own_start > MAX_EXCERPT_BYTES {
            return None;
        }
        let first_line = first.saturating_sub(CONTEXT_LINES);
        let window_start = file.line_start(first_line).unwrap_or(0);
        let window_end = file
            .line_start(last + CONTEXT_LINES + 1)
            .unwrap_or(text.len());
        let shown = |s: &str| printable_lines(&s.replace("\r\n", "\n")).into_owned();
        let before = shown(&text[window_start..start]);
        let inside = shown(&text[start..end]);
        let after = shown(&text[end..window_end]);
        Some(Excerpt {
            name: printable(&file.display).into_owned(),
            span: SourceSpan::new(before.len().into(), inside.len()),
            text: format!("{before}{inside}{after}"),
            first_line,
        })
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        let contents = MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
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
    /// The message, made printable.
    message: String,
    source: Option<Excerpt>,
    help: Option<String>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
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
        let source = self.source.as_ref()?;
        let label = LabeledSpan::new_with_span(
            Some(printable(self.d.label.as_deref().unwrap_or("ici")).into_owned()),
            source.span,
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
        let mut help = d
            .help
            .as_deref()
            .map(|h| printable(h).into_owned())
            .unwrap_or_default();
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
            message: printable(&d.message).into_owned(),
            source: file
                .zip(d.span)
                .and_then(|(file, span)| Excerpt::new(file, span.start, span.end)),
            help: (!help.is_empty()).then_some(help),
        };
        if shown.source.is_none()
            && let Some(f) = file
        {
            match d.span {
                Some(span) => {
                    let (line, column) = f.line_col(span.start);
                    out.push_str(&format!("{}:{line}:{column}:\n", printable(&f.display)));
                }
                None => out.push_str(&format!("{}:\n", printable(&f.display))),
            }
        }
        if handler.render_report(&mut out, &shown).is_err() {
            out.push_str(&format!(
                "{}[{}]: {}\n",
                d.severity.as_str(),
                d.code(),
                shown.message
            ));
        }
        out.push('\n');
    }
    let s = &report.summary;
    let mark = if s.errors > 0 { "✗" } else { "✓" };
    out.push_str(&format!("{mark} {}\n", report::summary_line(s)));
    out
}
