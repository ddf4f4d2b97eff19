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
    explanation: "La convention est pluriannuelle (article L. 6123-4) : moins de deux ans est une \
erreur. Le CNEFOP recommande une durée de 3 ans, qui laisse à mi-mandat l'occasion d'une nouvelle \
impulsion ; une autre durée est signalée pour information (une recommandation, pas la loi). Une \
période ouverte (« jusqu'à … », sans `end` ni `[convention.term] years`) n'a pas de durée à juger.",
    reference: Some("code-travail:L6123-4"),
    recommendation: Some(
        "une durée de 3 ans, qui laisse à mi-mandat l'occasion d'une nouvelle impulsion selon le bilan",
    ),
    failing: "[convention]\nstart = 2025-01-01\nend = 2025-12-31\n",
    passing: "[convention]\nstart = 2025-01-01\nend = 2027-12-31\n",
};

/// The length of a convention's period, as the rule judges it.
pub struct Length {
    /// Whole months from the start to the day after the end.
    pub months: i32,
    /// At least two years: multi-year, as the law requires.
    pub multi_year: bool,
    /// Exactly three years, as the CNEFOP recommends.
    pub three_years: bool,
    /// The dates that give it (`start` to `end`, or `[convention.term] years`).
    pub span: Span,
}

/// The length of the period, when it has a known end not before its start.
pub fn length(ctx: &Ctx<'_>) -> Option<Length> {
    let h = &ctx.conv.header;
    let start = h.start.value;
    // An open period (« jusqu'à … ») has no length to judge.
    let end = ctx.conv.end_date()?;
    if end < start {
        return None; // `period` reports it
    }
    let after = end.next_day();
    let end_span = match (&h.end, &h.term) {
        (Some(e), _) => e.span,
        (None, Some(t)) => t.years.as_ref().map_or(t.span, |y| y.span),
        (None, None) => h.start.span,
    };
    Some(Length {
        months: months(start, after),
        multi_year: after >= start.add_years(2),
        three_years: after == start.add_years(3),
        span: Span::new(
            h.start.span.start.min(end_span.start),
            end_span.end.max(h.start.span.end),
        ),
    })
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let start = ctx.conv.header.start.value;
    let Some(l) = length(ctx) else { return };
    let text = french_months(l.months);
    if !l.multi_year {
        out.push(
            RULE.at(
                ctx.conv.file,
                l.span,
                format!("durée de {text} : la convention doit être pluriannuelle (au moins 2 ans)"),
            )
            .law_only()
            .label("période")
            .help(match &ctx.conv.header.end {
                // Say it the way the convention gives its period.
                Some(_) => format!(
                    "le CNEFOP recommande 3 ans : end = {}",
                    start.add_years(3).prev_day()
                ),
                None => "le CNEFOP recommande 3 ans : [convention.term] years = 3".to_string(),
            }),
        );
    } else if !l.three_years {
        out.push(
            RULE
                .at(ctx.conv.file, l.span, format!("durée de {text} : le CNEFOP recommande 3 ans"))
                .recommendation_only()
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

/// « 2 ans et 6 mois », « 4 ans », « 11 mois ».
pub fn french_months(m: i32) -> String {
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

    #[test]
    fn law_for_the_error_recommendation_for_the_information() {
        let short = edit(BASE, "end = 2027-12-31", "end = 2026-06-30");
        let d = run_code("duration", &short, &base_annexes()[..2]);
        assert_eq!(d[0].reference, Some("code-travail:L6123-4"));
        assert_eq!(d[0].recommendation, None);
        let four = edit(BASE, "end = 2027-12-31", "end = 2028-12-31");
        let d = codes("duration", &four);
        assert_eq!(d[0].reference, None);
        assert!(d[0].recommendation.is_some());
        assert!(d[0].message.contains("le CNEFOP recommande 3 ans"));
    }

    #[test]
    fn the_help_follows_how_the_period_is_given() {
        let by_years = edit(BASE, "end = 2027-12-31", "term = { years = 1 }");
        let d = run_code("duration", &by_years, &base_annexes()[..1]);
        assert_eq!(
            d[0].help.as_deref(),
            Some("le CNEFOP recommande 3 ans : [convention.term] years = 3")
        );
        let by_end = edit(BASE, "end = 2027-12-31", "end = 2025-12-31");
        let d = run_code("duration", &by_end, &base_annexes()[..1]);
        assert_eq!(
            d[0].help.as_deref(),
            Some("le CNEFOP recommande 3 ans : end = 2027-12-31")
        );
    }
}
