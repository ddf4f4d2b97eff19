//! `period`: a period that ends before it starts or lies outside plausible years, and annual
//! annexes whose year is outside the period, differs from their file name or is taken twice.

use std::collections::HashMap;

use super::years::{PLAUSIBLE_YEARS, plausible_period};
use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::load::AnnexFile;
use crate::model::Annex;
use crate::source::FileId;

pub static RULE: Rule = Rule {
    code: "period",
    severity: Severity::Error,
    kinds: &[],
    summary: "fin avant le début, annexe hors de la période ou deux annexes pour une année",
    explanation: "La période d'une convention va de `start` à `end` ; la fin ne peut précéder le \
début. Chaque annexe annuelle porte une année de la période, la même que son nom de fichier \
(`annexes/2025.toml` pour `year = 2025`), et une année n'a qu'une annexe. Une période hors des \
années 1900 à 2200 est une faute de frappe.",
    reference: None,
    recommendation: None,
    failing: "[convention]\nstart = 2025-01-01\nend = 2024-12-31\n",
    passing: "[convention]\nstart = 2025-01-01\nend = 2027-12-31\n",
};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let h = &ctx.conv.header;
    let f = ctx.conv.file;
    if let Some(end) = &h.end
        && end.value < h.start.value
    {
        out.push(
            RULE.at(
                f,
                end.span,
                format!(
                    "la fin ({}) précède le début ({})",
                    end.value, h.start.value
                ),
            )
            .label("fin")
            .help("vérifiez les dates `start` et `end` de `[convention]`"),
        );
        return;
    }
    if !plausible_period(ctx.conv) {
        let end = ctx.conv.end_date().unwrap_or(h.start.value);
        let (span, date) = if PLAUSIBLE_YEARS.contains(&h.start.value.year) {
            let end_span = match (&h.end, &h.term) {
                (Some(e), _) => e.span,
                (None, Some(t)) => t.years.as_ref().map_or(t.span, |y| y.span),
                (None, None) => h.start.span,
            };
            (end_span, end)
        } else {
            (h.start.span, h.start.value)
        };
        out.push(
            RULE.at(
                f,
                span,
                format!(
                    "la date {date} sort des années plausibles pour une convention ({}–{})",
                    PLAUSIBLE_YEARS.start(),
                    PLAUSIBLE_YEARS.end()
                ),
            )
            .label("date")
            .help("vérifiez l'année de `start` et de `end` (faute de frappe ?)"),
        );
        return;
    }
    annex_years(ctx, out);
}

/// The year of each annual annex: the one of its file name, inside the period, and taken by
/// no other annex.
fn annex_years(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let years = ctx.conv.years();
    let mut by_year: HashMap<i64, FileId> = HashMap::new();
    for file in ctx.annex_files {
        let Some(a) = &file.annex else { continue };
        let year = &a.header.year;
        file_name(file, a, out);
        if i32::try_from(year.value).map_or(true, |y| !years.contains(&y)) {
            out.push(
                RULE.at(
                    a.file,
                    year.span,
                    format!(
                        "l'année {} est hors de la période {}–{}",
                        year.value,
                        years.start(),
                        years.end()
                    ),
                )
                .label("hors période")
                .help("une annexe annuelle porte sur une année de la période de la convention"),
            );
        }
        if let Some(prev) = by_year.get(&year.value) {
            out.push(
                RULE.at(
                    a.file,
                    year.span,
                    format!(
                        "{} porte déjà sur l'année {}",
                        ctx.sources.get(*prev).display,
                        year.value
                    ),
                )
                .label("doublon")
                .help("une seule annexe par année : fusionnez-les"),
            );
        } else {
            by_year.insert(year.value, a.file);
        }
    }
}

/// An annual annex is named after its year: `annexes/<year>.toml`.
fn file_name(file: &AnnexFile, a: &Annex, out: &mut Vec<Diagnostic>) {
    let year = &a.header.year;
    if file.name_year.is_none() {
        out.push(
            RULE.at(
                a.file,
                a.header.span,
                "le nom d'une annexe annuelle est son année : annexes/AAAA.toml",
            )
            .help(format!(
                "renommez le fichier en annexes/{}.toml",
                year.value
            )),
        );
    } else if file.name_year.map(i64::from) != Some(year.value) {
        out.push(
            RULE.at(
                a.file,
                year.span,
                format!(
                    "l'annexe déclare l'année {} mais son fichier est {}.toml",
                    year.value,
                    file.name_year.unwrap_or_default()
                ),
            )
            .label("année")
            .help("l'année de `[annex]` et le nom du fichier doivent coïncider"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;

    #[test]
    fn period_end_before_start() {
        let conv = edit(BASE, "end = 2027-12-31", "end = 2024-12-31");
        let d = run_code("period", &conv, &base_annexes());
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("précède"));
    }

    #[test]
    fn period_outside_plausible_years() {
        for (from, to) in [
            ("start = 2025-01-01", "start = 0025-01-01"),
            ("end = 2027-12-31", "end = 9999-12-31"),
        ] {
            let conv = edit(BASE, from, to);
            let d = run(&conv, &base_annexes());
            let period: Vec<_> = d.iter().filter(|d| d.code() == "period").collect();
            assert_eq!(period.len(), 1, "{d:#?}");
            assert!(period[0].message.contains("sort des années plausibles"));
            assert!(
                !d.iter().any(|d| d.code() == "annex-missing"),
                "no walk over thousands of years"
            );
        }
        assert!(run_code("period", BASE, &base_annexes()).is_empty());
    }

    #[test]
    fn period_annex_out_of_range_and_mismatched() {
        let mut annexes = base_annexes();
        annexes.push((2028, base_annex(2028)));
        annexes[0].1 = edit(&annexes[0].1, "year = 2025", "year = 2026");
        let d = run_code("period", BASE, &annexes);
        let messages: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages.iter().any(|m| m.contains("hors de la période")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("mais son fichier est 2025.toml")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("convention/annexes/2025.toml porte déjà sur l'année 2026")),
            "{messages:?}"
        );
        assert!(run_code("period", BASE, &base_annexes()).is_empty());
    }
}
