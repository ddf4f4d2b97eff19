//! `duration` (CRPC): a convention shorter than two years is not multi-year (error); a length
//! other than the three years the CNEFOP recommends is an information.

use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::model::Kind;
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "duration",
    severity: Severity::Error,
    kinds: &[Kind::Crpc],
    summary: "durée inférieure à 2 ans (erreur) ou différente de 3 ans (information)",
    explanation: "La convention est pluriannuelle : moins de deux ans est une erreur. Le CNEFOP \
préconise une durée de 3 ans, qui laisse à mi-mandat l'occasion d'une nouvelle impulsion ; une \
autre durée est signalée pour information.",
    reference: Some("code-travail:L6123-4"),
    failing: "[convention]\nstart = 2025-01-01\nend = 2025-12-31\n",
    passing: "[convention]\nstart = 2025-01-01\nend = 2027-12-31\n",
};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let h = &ctx.conv.header;
    let start = h.start.value;
    // An open period (« jusqu'à … ») has no length to judge.
    let Some(end) = ctx.conv.end_date() else {
        return;
    };
    if end < start {
        return; // `period` reports it
    }
    let after = end.next_day();
    let end_span = match (&h.end, &h.term) {
        (Some(e), _) => e.span,
        (None, Some(t)) => t.years.as_ref().map_or(t.span, |y| y.span),
        (None, None) => h.start.span,
    };
    let span = Span::new(
        h.start.span.start.min(end_span.start),
        end_span.end.max(h.start.span.end),
    );
    let length = french_months(months(start, after));
    if after < start.add_years(2) {
        out.push(
            RULE.at(
                ctx.conv.file,
                span,
                format!(
                    "durée de {length} : la convention doit être pluriannuelle (au moins 2 ans)"
                ),
            )
            .label("période")
            .help(format!(
                "le CNEFOP préconise 3 ans : end = {}",
                start.add_years(3).prev_day()
            )),
        );
    } else if after != start.add_years(3) {
        out.push(
            RULE
                .at(ctx.conv.file, span, format!("durée de {length} : le CNEFOP préconise 3 ans"))
                .severity(Severity::Info)
                .label("période")
                .help("une durée de 3 ans donne l'occasion, à mi-mandat, d'une nouvelle impulsion selon le bilan"),
        );
    }
}

/// Whole months from `start` to the day after `end`.
fn months(start: crate::date::Date, end_exclusive: crate::date::Date) -> i32 {
    let mut m = (end_exclusive.year - start.year) * 12 + i32::from(end_exclusive.month)
        - i32::from(start.month);
    if end_exclusive.day < start.day {
        m -= 1;
    }
    m
}

fn french_months(m: i32) -> String {
    let (y, r) = (m / 12, m % 12);
    let years = match y {
        0 => String::new(),
        1 => "1 an".to_string(),
        _ => format!("{y} ans"),
    };
    match (years.is_empty(), r) {
        (true, _) => format!("{r} mois"),
        (false, 0) => years,
        (false, _) => format!("{years} et {r} mois"),
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;
    use crate::diagnostic::Severity;

    #[test]
    fn duration_error_and_info() {
        let short = edit(BASE, "end = 2027-12-31", "end = 2026-06-30");
        let d = run_code("duration", &short, &base_annexes()[..2]);
        assert_eq!(d[0].severity, Severity::Error);
        assert!(d[0].message.contains("1 an et 6 mois"), "{}", d[0].message);
        let four = edit(BASE, "end = 2027-12-31", "end = 2028-12-31");
        let d = codes("duration", &four);
        assert_eq!(d[0].severity, Severity::Info);
        assert!(d[0].message.contains("4 ans"));
        assert!(codes("duration", BASE).is_empty());
    }
}
