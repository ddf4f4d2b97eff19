//! `annex-missing`: a year of the period without its annual annex. Operators commit means
//! only within the budget year, so each year details its means and targets in an annex.

use super::years::plausible_period;
use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "annex-missing",
    severity: Severity::Warning,
    kinds: &[],
    summary: "une année de la période n'a pas d'annexe annuelle",
    explanation: "Les opérateurs ne s'engagent sur des moyens que dans l'annualité budgétaire : \
le CNEFOP recommande de détailler chaque année, dans une annexe annuelle, les moyens affectés aux \
objectifs et les cibles des indicateurs. Chaque année civile de la période a son fichier \
`annexes/<AAAA>.toml`.",
    reference: Some("code-travail:L6123-4"),
    failing: "# période 2025-2027, annexes/2025.toml et annexes/2026.toml seulement\n",
    passing: "# période 2025-2027, annexes/2025.toml, 2026.toml et 2027.toml\n",
};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    if !plausible_period(ctx.conv) {
        return; // `period` reports it
    }
    let h = &ctx.conv.header;
    for year in ctx.conv.years() {
        let present = ctx.annex_files.iter().any(|a| {
            a.name_year == Some(year)
                || a.annex
                    .as_ref()
                    .is_some_and(|x| x.header.year.value == i64::from(year))
        });
        if !present {
            out.push(
                RULE
                    .at(ctx.conv.file, h.span, format!("aucune annexe annuelle pour {year}"))
                    .help(format!(
                        "créez annexes/{year}.toml avec [annex] convention = \"{}\" et year = {year}, puis les moyens et les cibles",
                        h.id.value
                    )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;

    #[test]
    fn annex_missing_per_year() {
        let annexes = base_annexes()[..1].to_vec();
        let d = run_code("annex-missing", BASE, &annexes);
        let msgs: Vec<_> = d.iter().map(|d| d.message.clone()).collect();
        assert_eq!(
            msgs,
            [
                "aucune annexe annuelle pour 2026",
                "aucune annexe annuelle pour 2027"
            ]
        );
    }

    #[test]
    fn every_year_with_its_annex() {
        assert!(run_code("annex-missing", BASE, &base_annexes()).is_empty());
        // An annex that does not decode still stands for its year (the file name says it).
        let mut annexes = base_annexes();
        annexes[2].1 = edit(&annexes[2].1, "year = 2027", "year = \"2027\"");
        assert!(run_code("annex-missing", BASE, &annexes).is_empty());
    }
}
