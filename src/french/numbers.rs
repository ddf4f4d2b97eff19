//! Numbers the French way: a narrow no-break space (U+202F) between thousands, a decimal
//! comma, a no-break space between a figure and its unit (`975 000 €`, `2,5 ETP`, `45 %`),
//! Roman numerals and number words.

use super::{NBSP, NNBSP};

/// Groups the digits of a non-negative integer by thousands: `975000` → `975 000` (its
/// decimal digits as written, so that figures beyond `u64` keep theirs).
fn group(digits: &str) -> String {
    let digits = digits.trim_start_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(NNBSP);
        }
        out.push(d);
    }
    out
}

/// A number with at most `decimals` decimals (trailing zeros dropped), French style:
/// `1234.5` → `1 234,5`, `12.0` → `12`.
pub fn number_with(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let neg = value < 0.0;
    let s = format!("{:.*}", decimals, value.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f.trim_end_matches('0')),
        None => (s.as_str(), ""),
    };
    let mut out = String::new();
    if neg && (int != "0" || !frac.is_empty()) {
        out.push('-');
    }
    out.push_str(&group(int));
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// A number with up to two decimals.
pub fn number(value: f64) -> String {
    number_with(value, 2)
}

/// `975000` → `975 000 €` (cents shown only when there are some).
pub fn euros(value: f64) -> String {
    // To the cent, unless so large that it has no cents anyway (`value * 100` may overflow).
    let rounded = if value.abs() < 1e15 {
        (value * 100.0).round() / 100.0
    } else {
        value.round()
    };
    let s = if rounded.fract() == 0.0 {
        number_with(rounded, 0)
    } else {
        format!("{:.2}", rounded.abs())
            .split_once('.')
            .map(|(i, f)| {
                let sign = if rounded < 0.0 { "-" } else { "" };
                format!("{sign}{},{f}", group(i))
            })
            .unwrap_or_default()
    };
    format!("{s}{NBSP}€")
}

/// `2.5` → `2,5 ETP`.
pub fn etp(value: f64) -> String {
    format!("{}{NBSP}ETP", number(value))
}

/// A value in an indicator's unit: `45 %`, `150 000 €`, `2,5 ETP`, `1 200`.
pub fn in_unit(value: f64, unit: crate::model::Unit) -> String {
    use crate::model::Unit;
    match unit {
        Unit::Pourcentage => format!("{}{NBSP}%", number(value)),
        Unit::Euros => euros(value),
        Unit::Etp => etp(value),
        _ => number(value),
    }
}

/// What follows a figure in an indicator's unit (`%`, `€`, `ETP`, `heures`…), empty for a
/// plain count.
pub fn unit_symbol(unit: crate::model::Unit) -> &'static str {
    use crate::model::Unit;
    match unit {
        Unit::Nombre => "",
        Unit::Pourcentage => "%",
        Unit::Euros => "€",
        Unit::Etp => "ETP",
        Unit::Heures => "heures",
        Unit::Jours => "jours",
        Unit::Personnes => "personnes",
    }
}

/// A change of a percentage, in points, signed: `+1,75 point`, `-2 points` (plural from 2,
/// as French counts).
pub fn points(delta: f64) -> String {
    let sign = if delta > 0.0 { "+" } else { "" };
    let word = if super::gaps::plural(delta) {
        "points"
    } else {
        "point"
    };
    format!("{sign}{}{NBSP}{word}", number_with(delta, 6))
}

/// Label of an indicator unit, in French.
pub fn unit_label(unit: crate::model::Unit) -> &'static str {
    use crate::model::Unit;
    match unit {
        Unit::Nombre => "nombre",
        Unit::Pourcentage => "pourcentage",
        Unit::Euros => "euros",
        Unit::Etp => "ETP",
        Unit::Heures => "heures",
        Unit::Jours => "jours",
        Unit::Personnes => "personnes",
    }
}

/// Roman numeral of a small positive number (titles « Titre IV »).
pub fn roman(n: usize) -> String {
    const TABLE: [(usize, &str); 9] = [
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Lists names the French way: « A », « A et B », « A, B et C ».
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} et {last}", init.join(", ")),
    }
}

/// The number in words up to twelve (« deux exemplaires »), else in figures.
pub fn number_word(n: usize) -> String {
    const WORDS: [&str; 13] = [
        "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
        "onze", "douze",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

/// Ordinal words used in legal drafting (« au deuxième alinéa »), up to the twentieth.
pub fn ordinal_word(n: usize) -> String {
    const WORDS: [&str; 21] = [
        "",
        "premier",
        "deuxième",
        "troisième",
        "quatrième",
        "cinquième",
        "sixième",
        "septième",
        "huitième",
        "neuvième",
        "dixième",
        "onzième",
        "douzième",
        "treizième",
        "quatorzième",
        "quinzième",
        "seizième",
        "dix-septième",
        "dix-huitième",
        "dix-neuvième",
        "vingtième",
    ];
    WORDS
        .get(n)
        .filter(|w| !w.is_empty())
        .map_or_else(|| format!("{n}e"), |w| w.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_numbers() {
        assert_eq!(euros(975_000.0), "975\u{202f}000\u{a0}€");
        assert_eq!(euros(1_234_567.5), "1\u{202f}234\u{202f}567,50\u{a0}€");
        assert_eq!(euros(0.0), "0\u{a0}€");
        assert!(euros(f64::MAX).starts_with("179\u{202f}769"));
        assert_eq!(etp(2.5), "2,5\u{a0}ETP");
        assert_eq!(etp(3.0), "3\u{a0}ETP");
        assert_eq!(number(1234.0), "1\u{202f}234");
        assert_eq!(number(0.126), "0,13");
        assert_eq!(number(-1500.0), "-1\u{202f}500");
        assert_eq!(number(999.0), "999");
        assert_eq!(number(0.5), "0,5");
        assert!(number(1e20).starts_with("100\u{202f}000\u{202f}000"));
        assert_eq!(in_unit(45.0, crate::model::Unit::Pourcentage), "45\u{a0}%");
    }

    #[test]
    fn points_agree_in_number() {
        assert_eq!(points(1.75), "+1,75\u{a0}point");
        assert_eq!(points(-2.0), "-2\u{a0}points");
        assert_eq!(points(0.5), "+0,5\u{a0}point");
        assert_eq!(unit_symbol(crate::model::Unit::Heures), "heures");
    }

    #[test]
    fn roman_and_lists() {
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(14), "XIV");
        assert_eq!(join_and(&["A".into(), "B".into(), "C".into()]), "A, B et C");
        assert_eq!(join_and(&["A".into()]), "A");
    }
}
