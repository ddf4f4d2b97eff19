//! Gaps between an indicator's actual value and its target, in the indicator's unit: a
//! percentage's gap is in points (« +1,5 point », « −2 points »), a count of days or people
//! says its unit (« 2 jours », « 585 personnes »), amounts and ETP as figures with their sign.

use super::numbers::{euros, number};
use super::{NBSP, wording};
use crate::model::Unit;

/// U+2212 MINUS SIGN, the sign of a negative figure in a table.
const MINUS: char = '\u{2212}';

/// Whether a quantity is plural in French: from 2 on (« 1,5 point », « 2 points »).
pub(super) fn plural(value: f64) -> bool {
    value.abs() >= 2.0
}

/// A quantity without sign in the unit of an indicator, for a sentence: « 1,5 point »,
/// « 585 personnes », « 2 jours », « 12 000 € », « 0,5 ETP », « 3 » for a bare number.
pub fn quantity(value: f64, unit: Unit) -> String {
    let v = value.abs();
    let word = |one: &str, many: &str| {
        let w = if plural(v) { many } else { one };
        format!("{}{NBSP}{w}", number(v))
    };
    match unit {
        Unit::Pourcentage => word("point", "points"),
        Unit::Personnes => word("personne", "personnes"),
        Unit::Jours => word("jour", "jours"),
        Unit::Heures => word("heure", "heures"),
        Unit::Euros => euros(v),
        Unit::Etp => format!("{}{NBSP}ETP", number(v)),
        Unit::Nombre => number(v),
    }
}

/// A signed gap for a table cell: « +110 », « −1,2 point », « +18 000 € », « 0 ».
pub fn signed(delta: f64, unit: Unit) -> String {
    if !delta.is_finite() {
        return "–".into();
    }
    // Rounded to the hundredth shown, unless so large that it has no decimals anyway.
    let rounded = if delta.abs() < 1e15 {
        (delta * 100.0).round() / 100.0
    } else {
        delta
    };
    let text = match unit {
        Unit::Pourcentage => quantity(rounded, unit),
        Unit::Euros => euros(rounded.abs()),
        Unit::Etp => format!("{}{NBSP}ETP", number(rounded.abs())),
        _ => number(rounded.abs()),
    };
    if rounded > 0.0 {
        format!("+{text}")
    } else if rounded < 0.0 {
        format!("{MINUS}{text}")
    } else {
        text
    }
}

/// How an indicator stands against its target.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Standing {
    /// The target is met or exceeded.
    Met,
    /// Behind the target by this much (a positive quantity, in the unit).
    Behind(f64),
    /// No actual value given yet.
    NoActual,
    /// No target set for the year.
    NoTarget,
}

impl Standing {
    /// Where `actual` stands against `target`, for an indicator that is better `lower` or
    /// higher. Differences below a hundredth count as met (the figures are shown rounded).
    pub fn of(target: Option<f64>, actual: Option<f64>, lower: bool) -> Standing {
        let (Some(t), Some(a)) = (target, actual) else {
            return match target {
                None => Standing::NoTarget,
                Some(_) => Standing::NoActual,
            };
        };
        // Halves, so that no difference of two finite values overflows.
        let shortfall = if lower {
            a / 2.0 - t / 2.0
        } else {
            t / 2.0 - a / 2.0
        };
        if shortfall * 2.0 < 0.005 {
            Standing::Met
        } else {
            Standing::Behind(shortfall * 2.0)
        }
    }

    /// « atteint », « en retard de 1,2 point », « réalisé non renseigné », « sans cible ».
    pub fn words(self, unit: Unit) -> String {
        match self {
            Standing::Met => wording::ON_TARGET.to_string(),
            Standing::Behind(by) if by.is_finite() => wording::behind(&quantity(by, unit)),
            Standing::Behind(_) => wording::BEHIND.to_string(),
            Standing::NoActual => wording::NO_ACTUAL.to_string(),
            Standing::NoTarget => wording::NO_TARGET.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_in_the_unit() {
        assert_eq!(signed(72.8 - 74.0, Unit::Pourcentage), "−1,2\u{a0}point");
        assert_eq!(signed(2.0, Unit::Pourcentage), "+2\u{a0}points");
        assert_eq!(signed(110.0, Unit::Nombre), "+110");
        assert_eq!(signed(-585.0, Unit::Personnes), "−585");
        assert_eq!(signed(-12_000.0, Unit::Euros), "−12\u{202f}000\u{a0}€");
        assert_eq!(signed(0.001, Unit::Etp), "0\u{a0}ETP");
        assert_eq!(signed(f64::INFINITY, Unit::Nombre), "–");
        assert!(signed(f64::MAX, Unit::Nombre).starts_with("+179\u{202f}769"));
        assert_eq!(quantity(-585.0, Unit::Personnes), "585\u{a0}personnes");
        assert_eq!(quantity(1.0, Unit::Jours), "1\u{a0}jour");
        assert_eq!(quantity(1.5, Unit::Pourcentage), "1,5\u{a0}point");
    }

    #[test]
    fn standing_against_the_target() {
        assert_eq!(Standing::of(Some(74.0), Some(74.0), false), Standing::Met);
        assert_eq!(Standing::of(Some(74.0), Some(80.0), false), Standing::Met);
        assert_eq!(
            Standing::of(Some(18.0), Some(20.0), true),
            Standing::Behind(2.0)
        );
        assert_eq!(Standing::of(Some(18.0), Some(15.0), true), Standing::Met);
        assert_eq!(Standing::of(Some(1.0), None, false), Standing::NoActual);
        assert_eq!(Standing::of(None, Some(1.0), false), Standing::NoTarget);
        let huge = Standing::of(Some(f64::MAX), Some(-f64::MAX), false);
        assert_eq!(huge, Standing::Behind(f64::INFINITY));
        assert_eq!(huge.words(Unit::Nombre), "en retard");
        assert_eq!(
            Standing::of(Some(74.0), Some(72.8), false).words(Unit::Pourcentage),
            "en retard de 1,2\u{a0}point"
        );
    }
}
