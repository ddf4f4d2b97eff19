//! The one typography pass of convgen, applied to every text of a rendered document, the
//! parties' and convgen's own alike (Lexique des règles typographiques en usage à
//! l'Imprimerie nationale):
//!
//! - a no-break space (U+00A0) before `:` and `»`, after `«`, and a narrow one (U+202F) before
//!   `;` `!` `?` — inserted where the author typed none, not only converted;
//! - a no-break space after `n°`, `M.`, `Mme`, `L.`, `R.`, `art.`…, between a number and the
//!   word, unit, `%` or `€` that follows it, in dates (« 16 mars 2015 ») and after « page »;
//!   a narrow no-break space between the groups of a number written « 20 000 »;
//! - the typographic apostrophe `’` between two letters;
//! - ordinals (« 1er », « 2e », « XXIe ») with their letters in superscript ([`Run::sup`]);
//! - control characters shown as U+FFFD.
//!
//! Addresses (`https://…`, `www.…`, e-mail addresses) are left as written. Code is never
//! given to this pass (the Markdown tree keeps it apart).

use super::{NBSP, NNBSP};

/// Replacement of a control character in rendered text: U+FFFD « � ».
pub const CONTROL_REPLACEMENT: char = '\u{fffd}';

/// A piece of typeset text: plain, or letters to set in superscript.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub sup: bool,
}

/// Abbreviations followed by a no-break space.
const ABBREVIATIONS: &[&str] = &[
    "n°", "N°", "nos", "M.", "MM.", "Mme", "Mmes", "Mlle", "Mlles", "Me", "Dr", "L.", "R.", "D.",
    "art.", "Art.", "p.", "pp.", "§", "page", "pages",
];

/// Control characters cannot be printed (C0 other than tab, line feed and carriage return;
/// DEL; C1): each becomes [`CONTROL_REPLACEMENT`]. Other characters are kept as written.
pub fn visible_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let is_control = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if text.chars().any(is_control) {
        text.chars()
            .map(|c| {
                if is_control(c) {
                    CONTROL_REPLACEMENT
                } else {
                    c
                }
            })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// The typography pass as plain text (ordinals keep their letters on the line): for texts
/// that cannot hold a superscript (document metadata, messages).
pub fn typo(text: &str) -> String {
    typeset(text).into_iter().map(|r| r.text).collect()
}

/// The typography pass: the text, spaced and with its apostrophes, cut into runs where an
/// ordinal's letters go in superscript.
pub fn typeset(text: &str) -> Vec<Run> {
    let spaced = spacing(&visible_controls(text));
    ordinals(&spaced)
}

fn is_space(c: char) -> bool {
    c == ' ' || c == NBSP || c == NNBSP
}

/// Words that elide before a vowel (« d' », « qu' »…): an apostrophe after them is one even
/// at the end of a piece of text (before emphasis).
fn elides(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "l" | "d"
            | "j"
            | "m"
            | "n"
            | "s"
            | "t"
            | "c"
            | "qu"
            | "jusqu"
            | "lorsqu"
            | "puisqu"
            | "quoiqu"
    )
}

/// Byte-free char ranges of `chars` that must not be touched: addresses and e-mails.
fn protected(chars: &[char]) -> Vec<bool> {
    let mut out = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let lower = word.to_lowercase();
        let is_address = lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("www.")
            || lower.starts_with("mailto:")
            || (word.contains('@') && word.contains('.'));
        if is_address {
            // Trailing sentence punctuation is not part of the address.
            let mut end = i;
            while end > start && matches!(chars[end - 1], '.' | ',' | ';' | ':' | ')' | '!' | '?') {
                end -= 1;
            }
            out[start..end].iter_mut().for_each(|p| *p = true);
        }
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
    }
    out
}

/// The word that ends just before position `i` (after the last whitespace).
fn word_before(chars: &[char], i: usize) -> String {
    let mut start = i;
    while start > 0 && !chars[start - 1].is_whitespace() && !is_space(chars[start - 1]) {
        start -= 1;
    }
    chars[start..i].iter().collect()
}

/// The word that starts at position `i`.
fn word_at(chars: &[char], i: usize) -> String {
    let mut end = i;
    while end < chars.len() && !chars[end].is_whitespace() && !is_space(chars[end]) {
        end += 1;
    }
    chars[i..end].iter().collect()
}

fn is_number(word: &str) -> bool {
    let w = word.trim_start_matches(['(', '-', '+']);
    !w.is_empty()
        && w.chars().next().is_some_and(|c| c.is_ascii_digit())
        && w.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        && !w.ends_with(['.', ','])
}

fn is_ordinal(word: &str) -> bool {
    split_ordinal(word).is_some()
}

/// What a space at `i` becomes: `Some(no-break space)` or `None` (kept as it is).
fn space_kind(chars: &[char], i: usize) -> Option<char> {
    let next = chars.get(i + 1).copied();
    let prev = i.checked_sub(1).map(|p| chars[p]);
    match next {
        Some(':' | '»') => return Some(NBSP),
        Some('%' | '€') if prev.is_some_and(|p| p.is_ascii_digit()) => return Some(NBSP),
        Some(';' | '!' | '?') => return Some(NNBSP),
        _ => {}
    }
    if prev == Some('«') {
        return Some(NBSP);
    }
    let before = word_before(chars, i);
    let after = word_at(chars, i + 1);
    if ABBREVIATIONS.contains(&before.as_str()) && !after.is_empty() {
        return Some(NBSP);
    }
    let before_digits = before.chars().all(|c| c.is_ascii_digit());
    if !before.is_empty()
        && before_digits
        && before.len() <= 3
        && after.len() >= 3
        && after.chars().take(3).all(|c| c.is_ascii_digit())
        && !after.chars().nth(3).is_some_and(|c| c.is_ascii_digit())
        && group_chain_starts_well(chars, i, &before)
    {
        return Some(NNBSP);
    }
    let after_starts_letter = after.chars().next().is_some_and(|c| c.is_alphabetic());
    if (is_number(&before) || is_ordinal(&before)) && after_starts_letter {
        return Some(NBSP);
    }
    if crate::date::MONTHS_FR.contains(&before.to_lowercase().as_str())
        && after.len() == 4
        && after.chars().all(|c| c.is_ascii_digit())
    {
        return Some(NBSP);
    }
    None
}

/// In « 1 234 567 », every group after the first has three digits and the first at most three:
/// a space between `2025` and `100` is not a thousands separator.
fn group_chain_starts_well(chars: &[char], i: usize, before: &str) -> bool {
    let start = i - before.chars().count();
    // The group before this one is either the start of the number or a 3-digit group
    // preceded by a narrow no-break space or a space.
    if start == 0 || !is_space(chars[start - 1]) {
        return true;
    }
    let previous = word_before(chars, start - 1);
    !previous.chars().all(|c| c.is_ascii_digit()) || previous.is_empty() || before.len() == 3
}

/// Spaces: converted where a no-break space belongs, inserted where the author typed none;
/// apostrophes.
fn spacing(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let keep = protected(&chars);
    let mut out = String::with_capacity(text.len() + 16);
    for (i, &c) in chars.iter().enumerate() {
        if keep[i] {
            out.push(c);
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let prev_is_space = prev.is_none_or(|p| p.is_whitespace() || is_space(p));
        let next_ends = next.is_none_or(|n| {
            n.is_whitespace() || is_space(n) || matches!(n, ')' | '»' | '"' | '*' | '.' | ',')
        });
        match c {
            ' ' => {
                out.push(space_kind(&chars, i).unwrap_or(' '));
                continue;
            }
            ':' if !prev_is_space
                && next_ends
                && prev.is_some_and(|p| !p.is_ascii_digit() || next.is_none()) =>
            {
                out.push(NBSP)
            }
            ';' if !prev_is_space && next_ends => out.push(NNBSP),
            '!' | '?'
                if !prev_is_space
                    && next_ends
                    && prev.is_some_and(|p| p.is_alphanumeric() || p == ')') =>
            {
                out.push(NNBSP)
            }
            '»' if !prev_is_space => out.push(NBSP),
            '%' | '€' if prev.is_some_and(|p| p.is_ascii_digit()) => out.push(NBSP),
            _ => {}
        }
        match c {
            '\'' if prev.is_some_and(char::is_alphabetic)
                && (next.is_some_and(char::is_alphabetic)
                    || (next.is_none() && elides(&word_before(&chars, i)))) =>
            {
                out.push('’')
            }
            '«' => {
                out.push('«');
                if next.is_some_and(|n| !n.is_whitespace() && !is_space(n)) {
                    out.push(NBSP);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// `1er` → (`1`, `er`); `XXIe` → (`XXI`, `e`); `2nde` → (`2`, `nde`); else `None`.
fn split_ordinal(word: &str) -> Option<(&str, &str)> {
    const SUFFIXES: &[&str] = &[
        "ers", "er", "res", "re", "èmes", "ème", "nde", "nd", "es", "e",
    ];
    let digits = word.chars().take_while(|c| c.is_ascii_digit()).count();
    let (number, rest) = if digits > 0 {
        word.split_at(digits)
    } else {
        let romans = word
            .chars()
            .take_while(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'))
            .count();
        if romans < 2 {
            return None;
        }
        word.split_at(romans)
    };
    let suffix = SUFFIXES.iter().find(|s| rest == **s)?;
    // « 1ers », « 2es » are plural ordinals; « 1e » is not French but is read so.
    Some((number, suffix))
}

/// Cuts the text into runs: the letters of each ordinal word in superscript.
fn ordinals(text: &str) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut plain = String::new();
    let mut word = String::new();
    let flush_word = |word: &mut String, plain: &mut String, runs: &mut Vec<Run>| {
        match split_ordinal(word) {
            Some((number, suffix)) => {
                plain.push_str(number);
                runs.push(Run {
                    text: std::mem::take(plain),
                    sup: false,
                });
                runs.push(Run {
                    text: suffix.to_string(),
                    sup: true,
                });
            }
            None => plain.push_str(word),
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush_word(&mut word, &mut plain, &mut runs);
            plain.push(c);
        }
    }
    flush_word(&mut word, &mut plain, &mut runs);
    runs.push(Run {
        text: plain,
        sup: false,
    });
    runs.retain(|r| !r.text.is_empty());
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> String {
        typo(s)
    }

    #[test]
    fn spaces_are_converted_and_inserted() {
        assert_eq!(t("Objet : test"), "Objet\u{a0}: test");
        assert_eq!(t("objectifs suivants:"), "objectifs suivants\u{a0}:");
        assert_eq!(t("suivants: le"), "suivants\u{a0}: le");
        assert_eq!(t("oui ; non"), "oui\u{202f}; non");
        assert_eq!(t("(PSE); ensuite"), "(PSE)\u{202f}; ensuite");
        assert_eq!(t("vraiment? oui!"), "vraiment\u{202f}? oui\u{202f}!");
        assert_eq!(t("le «socle»"), "le «\u{a0}socle\u{a0}»");
        assert_eq!(t("le « socle »"), "le «\u{a0}socle\u{a0}»");
    }

    #[test]
    fn times_addresses_and_ratios_are_left_alone() {
        assert_eq!(t("à 10:30 précises"), "à 10:30 précises");
        assert_eq!(
            t("voir https://www.legifrance.gouv.fr/x?a=1 ou contact@region.fr."),
            "voir https://www.legifrance.gouv.fr/x?a=1 ou contact@region.fr."
        );
    }

    #[test]
    fn abbreviations_numbers_units_and_dates() {
        assert_eq!(t("délibération n° 15_0331"), "délibération n°\u{a0}15_0331");
        assert_eq!(
            t("M. Martin et Mme Durand"),
            "M.\u{a0}Martin et Mme\u{a0}Durand"
        );
        assert_eq!(t("article L. 6123-4"), "article L.\u{a0}6123-4");
        assert_eq!(
            t("40 % des 20 000 jeunes"),
            "40\u{a0}% des 20\u{202f}000\u{a0}jeunes"
        );
        assert_eq!(t("40%"), "40\u{a0}%");
        assert_eq!(t("5 000 €"), "5\u{202f}000\u{a0}€");
        assert_eq!(t("l'un des 5 opérateurs"), "l’un des 5\u{a0}opérateurs");
        assert_eq!(t("le 16 mars 2015"), "le 16\u{a0}mars\u{a0}2015");
        assert_eq!(t("en 2025 100 personnes"), "en 2025 100\u{a0}personnes");
        assert_eq!(t("voir page 3"), "voir page\u{a0}3");
    }

    #[test]
    fn apostrophes_between_letters() {
        assert_eq!(t("l'État d'une part"), "l’État d’une part");
        assert_eq!(t("'cité'"), "'cité'");
        assert_eq!(t("logique d'"), "logique d’");
    }

    #[test]
    fn ordinals_go_in_superscript() {
        let runs = typeset("Article 1er et XXIe siècle, 2nde fois");
        let sups: Vec<&str> = runs
            .iter()
            .filter(|r| r.sup)
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(sups, ["er", "e", "nde"]);
        assert_eq!(typo("Article 1er"), "Article 1er");
        // Words that merely start like a Roman numeral are left alone.
        let runs = typeset("Ce dispositif, Le CIO, Me Dupont, 10e");
        let sups: Vec<&str> = runs
            .iter()
            .filter(|r| r.sup)
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(sups, ["e"]);
    }

    #[test]
    fn controls_are_visible() {
        assert_eq!(t("a\u{1b}b"), "a\u{fffd}b");
        assert_eq!(visible_controls("a\tb\n"), "a\tb\n");
    }
}
