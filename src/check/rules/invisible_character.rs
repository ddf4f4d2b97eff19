//! `invisible-character`: bidirectional controls and zero-width characters in text values.
//!
//! A signed document must read as it is stored. A right-to-left override (U+202E) or an
//! isolate reorders what follows it on screen and on paper, and zero-width characters hide
//! differences between two texts that look the same: a reviewer of the TOML file, of a diff or
//! of the PDF may then read something else than what was written.

use super::texts;
use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "invisible-character",
    severity: Severity::Warning,
    kinds: &[],
    summary: "un texte contient un caractère invisible (contrôle bidirectionnel, espace de largeur nulle)",
    explanation: "Les caractères de contrôle bidirectionnel (U+202A à U+202E, U+2066 à U+2069, \
U+200E, U+200F, U+061C) changent l'ordre d'affichage du texte qui les suit, et les caractères de \
largeur nulle (U+200B, U+200C, U+200D, U+2060, U+FEFF) ne se voient pas. Dans une convention \
destinée à être signée, ils font lire à l'écran ou sur le PDF autre chose que ce qui est écrit dans \
le fichier, ou cachent une différence entre deux textes d'apparence identique. convgen les \
reproduit tels quels ; cette règle les signale pour qu'un relecteur décide. Les espaces insécables \
(U+00A0, U+202F) de la typographie française ne sont pas concernés.",
    reference: None,
    recommendation: None,
    failing: "[[articles]]\ntitle = \"Durée\"\n# « \\u202E » : RIGHT-TO-LEFT OVERRIDE, le texte s'affiche « … pour 3 ans. »\ntext = \"La convention est conclue pour \\u202Esna 3\\u202C.\"\n",
    passing: "[[articles]]\ntitle = \"Durée\"\ntext = \"La convention est conclue pour 3\u{a0}ans.\"\n",
};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (file, value, key) in texts::matching(ctx, has_invisible) {
        let (c, name) = first_invisible(value).expect("matched");
        let count = value
            .chars()
            .filter(|c| INVISIBLE.iter().any(|(i, _)| i == c))
            .count();
        let more = if count > 1 {
            format!(" (et {} autre(s))", count - 1)
        } else {
            String::new()
        };
        out.push(
            RULE
                .at(
                    file,
                    value.span,
                    format!(
                        "{key} contient un caractère invisible U+{:04X} {name}{more}",
                        c as u32
                    ),
                )
                .label("caractère invisible")
                .help("supprimez-le : il ne se voit pas mais change l'ordre d'affichage ou cache une différence ; écrivez le texte tel qu'il doit se lire"),
        );
    }
}

/// The invisible characters this rule looks for, with their Unicode names.
const INVISIBLE: &[(char, &str)] = &[
    ('\u{061C}', "ARABIC LETTER MARK"),
    ('\u{200B}', "ZERO WIDTH SPACE"),
    ('\u{200C}', "ZERO WIDTH NON-JOINER"),
    ('\u{200D}', "ZERO WIDTH JOINER"),
    ('\u{200E}', "LEFT-TO-RIGHT MARK"),
    ('\u{200F}', "RIGHT-TO-LEFT MARK"),
    ('\u{202A}', "LEFT-TO-RIGHT EMBEDDING"),
    ('\u{202B}', "RIGHT-TO-LEFT EMBEDDING"),
    ('\u{202C}', "POP DIRECTIONAL FORMATTING"),
    ('\u{202D}', "LEFT-TO-RIGHT OVERRIDE"),
    ('\u{202E}', "RIGHT-TO-LEFT OVERRIDE"),
    ('\u{2060}', "WORD JOINER"),
    ('\u{2066}', "LEFT-TO-RIGHT ISOLATE"),
    ('\u{2067}', "RIGHT-TO-LEFT ISOLATE"),
    ('\u{2068}', "FIRST STRONG ISOLATE"),
    ('\u{2069}', "POP DIRECTIONAL ISOLATE"),
    ('\u{FEFF}', "ZERO WIDTH NO-BREAK SPACE"),
];

/// The invisible characters of `text`, in order. Each is found from its UTF-8 bytes at the
/// positions of its possible lead bytes (0xD8, 0xE2, 0xEF; never continuation bytes), so
/// that ordinary text costs one vectorised scan.
fn invisibles(text: &str) -> impl Iterator<Item = (char, &'static str)> + '_ {
    let b = text.as_bytes();
    memchr::memchr3_iter(0xD8, 0xE2, 0xEF, b).filter_map(move |i| {
        let code = match (b[i], b.get(i + 1).copied(), b.get(i + 2).copied()) {
            (0xE2, Some(0x80), Some(x @ (0x8B..=0x8F | 0xAA..=0xAE))) => {
                0x2000 + u32::from(x - 0x80)
            }
            (0xE2, Some(0x81), Some(x @ (0xA0 | 0xA6..=0xA9))) => 0x2040 + u32::from(x - 0x80),
            (0xEF, Some(0xBB), Some(0xBF)) => 0xFEFF,
            (0xD8, Some(0x9C), _) => 0x061C,
            _ => return None,
        };
        let c = char::from_u32(code)?;
        INVISIBLE.iter().find(|(i, _)| *i == c).copied()
    })
}

/// The first invisible character of `text`, with its name.
fn first_invisible(text: &str) -> Option<(char, &'static str)> {
    invisibles(text).next()
}

fn has_invisible(text: &str) -> bool {
    first_invisible(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::testing::*;

    #[test]
    fn finds_bidi_and_zero_width_but_not_french_spaces() {
        assert_eq!(
            first_invisible("abc\u{202E}def").map(|x| x.0),
            Some('\u{202E}')
        );
        assert_eq!(first_invisible("a\u{200B}b").map(|x| x.0), Some('\u{200B}'));
        assert_eq!(first_invisible("x\u{61C}").map(|x| x.0), Some('\u{61C}'));
        // No-break spaces, typographic quotes, dashes and the euro sign share lead bytes.
        assert_eq!(
            first_invisible("3\u{a0}ans, 10\u{202F}000\u{a0}€ — « oui » ’"),
            None
        );
        assert_eq!(first_invisible(""), None);
        // Every character of the list is found, and nothing else in its blocks.
        for (c, _) in INVISIBLE {
            assert_eq!(
                first_invisible(&format!("a{c}b")).map(|x| x.0),
                Some(*c),
                "{c:?}"
            );
        }
        for c in ('\u{2000}'..='\u{206F}').chain(['\u{FEFE}', '\u{61B}', '\u{61D}']) {
            let listed = INVISIBLE.iter().any(|(i, _)| *i == c);
            assert_eq!(first_invisible(&c.to_string()).is_some(), listed, "{c:?}");
        }
    }

    #[test]
    fn reported_with_key_and_count_on_any_text() {
        assert!(run_code("invisible-character", BASE, &base_annexes()).is_empty());
        let conv = edit(
            BASE,
            "title = \"Évaluer les actions\"",
            "title = \"Évaluer \u{202E}les\u{202C} actions\"",
        );
        let d = run_code("invisible-character", &conv, &base_annexes());
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].severity, Severity::Warning);
        assert!(
            d[0].message.contains("U+202E RIGHT-TO-LEFT OVERRIDE"),
            "{}",
            d[0].message
        );
        assert!(d[0].message.contains("et 1 autre"), "{}", d[0].message);
        assert!(d[0].message.contains("de l'objectif"), "{}", d[0].message);
    }
}
