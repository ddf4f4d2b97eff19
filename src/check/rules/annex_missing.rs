//! `annex-missing`: a year of the period without its annual annex. The CNEFOP recommends annual
//! annexes for a CRPC, since operators commit means only within the budget year; another
//! convention is held to it only when it keeps annual annexes (`annexes/<YYYY>.toml`). Only the
//! known years of the period count: an open period (« jusqu'à … ») is not walked past them.

use super::years::plausible_period;
use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::load::AnnexFile;
use crate::model::Kind;

pub static RULE: Rule = Rule {
    code: "annex-missing",
    severity: Severity::Warning,
    kinds: &[],
    summary: "une année de la période n'a pas d'annexe annuelle (CRPC, ou convention qui tient des annexes annuelles)",
    explanation: "Les opérateurs ne s'engagent sur des moyens que dans l'annualité budgétaire : \
le CNEFOP recommande, pour une convention régionale pluriannuelle de coordination, de détailler \
chaque année, dans une annexe annuelle, les moyens affectés aux objectifs et les cibles des \
indicateurs. Chaque année civile connue de la période a alors son fichier `annexes/<AAAA>.toml`. \
Une convention de partenariat ou SPRO n'y est tenue que si elle a des annexes annuelles (au moins \
un fichier `annexes/<AAAA>.toml`). Pour une période ouverte (« jusqu'à … », sans `end` ni durée), \
seule l'année de début est connue.",
    reference: None,
    recommendation: Some(
        "des annexes annuelles détaillant les moyens affectés aux objectifs, les opérateurs ne s'engageant que dans l'annualité budgétaire",
    ),
    failing: "# période 2025-2027, annexes/2025.toml et annexes/2026.toml seulement\n",
    passing: "# période 2025-2027, annexes/2025.toml, 2026.toml et 2027.toml\n",
};

/// Whether the convention is held to one annex per year: a CRPC, or a convention that keeps
/// annual annexes.
pub fn applies(ctx: &Ctx<'_>) -> bool {
    plausible_period(ctx.conv)
        && ((ctx.conv.header.kind.value == Kind::Crpc && ctx.regime.crpc)
            || ctx.annex_files.iter().any(|a| a.name_year.is_some()))
}

/// Each known year of the period with its annex file, if it has one.
pub fn years<'a>(ctx: &Ctx<'a>) -> Vec<(i32, Option<&'a AnnexFile>)> {
    ctx.conv
        .years()
        .map(|year| {
            let file = ctx.annex_files.iter().find(|a| {
                a.name_year == Some(year)
                    || a.annex
                        .as_ref()
                        .is_some_and(|x| x.header.year.value == i64::from(year))
            });
            (year, file)
        })
        .collect()
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    if !applies(ctx) {
        return; // `period` reports an implausible period
    }
    let h = &ctx.conv.header;
    let crpc = h.kind.value == Kind::Crpc;
    for (year, _) in years(ctx).into_iter().filter(|(_, f)| f.is_none()) {
        let d = RULE
            .at(ctx.conv.file, h.span, format!("aucune annexe annuelle pour {year}"))
            .help(format!(
                "créez annexes/{year}.toml avec [annex] convention = \"{}\" et year = {year}, puis les moyens et les cibles",
                h.id.value
            ));
        // For a convention other than a CRPC, the rule follows its own annual annexes.
        out.push(if crpc { d } else { d.without_basis() });
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
    fn only_crpc_or_conventions_with_annual_annexes() {
        let spro = edit(BASE, "kind = \"crpc\"", "kind = \"spro\"");
        assert!(run_code("annex-missing", &spro, &[]).is_empty());
        let d = run_code("annex-missing", &spro, &base_annexes()[..1]);
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!(
            d[0].recommendation, None,
            "the CNEFOP recommends annexes for a CRPC"
        );
        let crpc = run_code("annex-missing", BASE, &[]);
        assert_eq!(crpc.len(), 3);
        assert!(crpc[0].recommendation.is_some() && crpc[0].reference.is_none());
    }

    #[test]
    fn an_open_period_is_not_walked_past_its_known_years() {
        let open = edit(
            BASE,
            "end = 2027-12-31",
            "term = { until = \"jusqu'à la signature de la suivante\" }",
        );
        let d = run_code("annex-missing", &open, &[]);
        assert_eq!(d.len(), 1, "only the start year: {d:#?}");
        assert!(run_code("annex-missing", &open, &base_annexes()[..1]).is_empty());
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
