//! `render-limit`: a text that `render` cannot lay out — Markdown nested too deep, a word or
//! a title too long, a letter carrying too many combining marks, a table cell too long.
//!
//! What `check` accepts, `render` renders: each limit is one of [`crate::source`]'s, measured
//! against typst 0.15.1 and the built-in templates, where the PDF stops being produced or its
//! time and memory explode. The Markdown is walked as pulldown-cmark events, without
//! recursion, so that this rule itself survives what it refuses (10 KB of `> `).

use pulldown_cmark::{Event, Options, Parser, Tag};
use unicode_normalization::char::is_combining_mark;

use super::texts;
use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::source::{
    FileId, MAX_CELL_CHARS, MAX_COMBINING_MARKS, MAX_MARKUP_DEPTH, MAX_TITLE_CHARS, MAX_WORD_CHARS,
    Sp,
};

pub static RULE: Rule = Rule {
    code: "render-limit",
    severity: Severity::Error,
    kinds: &[],
    summary: "un texte dépasse ce que la mise en page peut produire (imbrication, mot, titre, diacritiques, cellule)",
    explanation: "La mise en page (Markdown, PDF par typst) a ses limites ; ce qui les dépasse \
ferait échouer `convgen render` ou lui demanderait des minutes et des gigaoctets. Sont refusés : \
plus de 8 niveaux imbriqués de citations, listes, emphases ou liens dans un champ Markdown ; un \
mot (suite de caractères sans espace) de plus de 1 000 caractères ; un titre (de la convention, \
d'un objectif, d'un article, d'un indicateur, nom d'un signataire, région) de plus de 2 000 \
caractères (le PDF/A limite une chaîne à 32 767 octets) ; plus de 8 signes diacritiques \
combinants sur une même lettre ; un texte de cellule de tableau (`text` d'un moyen, `label` d'un \
investissement) de plus de 2 000 caractères. Un texte de convention réel en est très loin.",
    reference: None,
    recommendation: None,
    failing: "[preamble]\ntext = \"> > > > > > > > > Citation imbriquée neuf fois\"\n",
    passing: "[preamble]\ntext = \"> Une citation, *une emphase* et une liste :\\n\\n- un\\n- deux\"\n",
};

fn finding(file: FileId, value: &Sp<String>, message: String, help: &str) -> Diagnostic {
    RULE.at(file, value.span, message)
        .label("ce texte")
        .help(help)
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (file, value, key) in texts::markdown(ctx) {
        let depth = markup_depth(value);
        if depth > MAX_MARKUP_DEPTH {
            out.push(finding(
                file,
                value,
                format!(
                    "{key} imbrique {depth} niveaux de citations, listes, emphases ou liens (limite {MAX_MARKUP_DEPTH})"
                ),
                "réduisez l'imbrication : une convention se lit avec deux ou trois niveaux au plus",
            ));
        }
    }
    for (file, value, key, text) in texts::attached(ctx) {
        let depth = markup_depth(&text);
        let word = if has_word_longer_than(&text, MAX_WORD_CHARS) {
            longest_word(&text)
        } else {
            0
        };
        let marks = most_marks(&text);
        let problem = if depth > MAX_MARKUP_DEPTH {
            format!(
                "imbrique {depth} niveaux de citations, listes, emphases ou liens (limite {MAX_MARKUP_DEPTH})"
            )
        } else if word > MAX_WORD_CHARS {
            format!("contient un mot de {word} caractères sans espace (limite {MAX_WORD_CHARS})")
        } else if marks > MAX_COMBINING_MARKS {
            format!(
                "porte {marks} signes diacritiques combinants sur une même lettre (limite {MAX_COMBINING_MARKS})"
            )
        } else {
            continue;
        };
        out.push(finding(
            file,
            value,
            format!("{key} {problem}"),
            "corrigez le document joint comme un texte de la convention : imbrication réduite, mots coupés par des espaces, lettres accentuées écrites elles-mêmes",
        ));
    }
    // One walk over the text values for both limits.
    let over =
        |t: &str| has_word_longer_than(t, MAX_WORD_CHARS) || most_marks(t) > MAX_COMBINING_MARKS;
    for (file, value, key) in texts::matching(ctx, over) {
        if has_word_longer_than(value, MAX_WORD_CHARS) {
            out.push(finding(
                file,
                value,
                format!(
                    "{key} contient un mot de {} caractères sans espace (limite {MAX_WORD_CHARS})",
                    longest_word(value)
                ),
                "coupez ce mot par des espaces : la mise en page ne peut pas le répartir sur des lignes, et le PDF le refuse au-delà de 16 000 caractères",
            ));
        }
        let marks = most_marks(value);
        if marks > MAX_COMBINING_MARKS {
            out.push(finding(
                file,
                value,
                format!(
                    "{key} porte {marks} signes diacritiques combinants sur une même lettre (limite {MAX_COMBINING_MARKS})"
                ),
                "écrivez la lettre accentuée elle-même (« é ») : tant de signes sur une lettre ne s'impriment pas et coûtent des gigaoctets à la mise en page",
            ));
        }
    }
    for (file, value, key) in titles(ctx) {
        let n = value.chars().count();
        if n > MAX_TITLE_CHARS {
            out.push(finding(
                file,
                value,
                format!("{key} compte {n} caractères (limite {MAX_TITLE_CHARS} pour un titre)"),
                "un titre tient en une ligne ou deux : déplacez le reste dans un texte (préambule, article, description)",
            ));
        }
    }
    for (file, value, key) in cells(ctx) {
        let n = value.chars().count();
        if n > MAX_CELL_CHARS {
            out.push(finding(
                file,
                value,
                format!("{key} compte {n} caractères (limite {MAX_CELL_CHARS} dans une cellule de tableau)"),
                "résumez ce texte : il est mis en page dans une cellule de tableau ; le détail des moyens trouve sa place dans un article de la convention",
            ));
        }
    }
}

/// The deepest nesting of containers (block quotes, lists, emphasis, strong emphasis,
/// strikethrough, links and images) in `md`, read as `render` reads it. Iterative.
pub fn markup_depth(md: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for event in Parser::new_ext(md, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(tag) if counts(&tag) => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            Event::End(end) if counts_end(&end) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

fn counts(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn counts_end(end: &pulldown_cmark::TagEnd) -> bool {
    use pulldown_cmark::TagEnd;
    matches!(
        end,
        TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Characters of the longest run without whitespace.
pub fn longest_word(text: &str) -> usize {
    let (mut run, mut longest) = (0usize, 0usize);
    for c in text.chars() {
        if c.is_whitespace() {
            run = 0;
        } else {
            run += 1;
            longest = longest.max(run);
        }
    }
    longest
}

/// Whether `text` has a word of more than `max` characters: [`longest_word`] behind a byte
/// scan, since a word is never longer in characters than its longest run of bytes without
/// ASCII white space (nearly every text ends there).
pub fn has_word_longer_than(text: &str, max: usize) -> bool {
    if text.len() <= max {
        return false;
    }
    let mut run = 0usize;
    let long_run = text.bytes().any(|b| {
        run = if b.is_ascii_whitespace() { 0 } else { run + 1 };
        run > max
    });
    long_run && longest_word(text) > max
}

/// Most combining marks in a row (on one base character).
pub fn most_marks(text: &str) -> usize {
    // Every combining mark is U+0300 or above, whose UTF-8 encoding starts with a byte of
    // 0xCC or more: a text without one has none (French letters are precomposed, below).
    // (Chunks of 64 bytes folded to their largest: the compiler vectorises it.)
    let any_high = text
        .as_bytes()
        .chunks(64)
        .any(|c| c.iter().fold(0u8, |m, &b| m.max(b)) >= 0xCC);
    if !any_high {
        return 0;
    }
    let (mut run, mut most) = (0usize, 0usize);
    for c in text.chars() {
        if c >= '\u{300}' && is_combining_mark(c) {
            run += 1;
            most = most.max(run);
        } else {
            run = 0;
        }
    }
    most
}

/// The fields that become titles (document metadata, outline, headings).
fn titles<'a>(ctx: &Ctx<'a>) -> Vec<(FileId, &'a Sp<String>, String)> {
    let c = ctx.conv;
    let f = c.file;
    let mut out = vec![
        (f, &c.header.title, "`[convention] title`".to_string()),
        (f, &c.header.region, "`[convention] region`".to_string()),
    ];
    if let Some(s) = &c.header.short_title {
        out.push((f, s, "`[convention] short_title`".into()));
    }
    for s in &c.signatories {
        out.push((f, &s.name, format!("`name` du signataire `{}`", s.id.value)));
    }
    for o in &c.objectives {
        out.push((
            f,
            &o.title,
            format!("`title` de l'objectif `{}`", o.id.value),
        ));
        for i in &o.indicators {
            out.push((
                f,
                &i.label,
                format!("`label` de l'indicateur `{}`", i.id.value),
            ));
        }
    }
    for a in &c.articles {
        out.push((f, &a.title, "`title` d'un article".into()));
    }
    out
}

/// The fields laid out in table cells.
fn cells<'a>(ctx: &Ctx<'a>) -> Vec<(FileId, &'a Sp<String>, String)> {
    let mut out = Vec::new();
    for a in ctx.annexes() {
        for m in &a.means {
            if let Some(t) = &m.text {
                out.push((
                    a.file,
                    t,
                    format!(
                        "`text` des moyens de `{}` pour `{}`",
                        m.signatory.value, m.objective.value
                    ),
                ));
            }
        }
        for i in &a.investments {
            out.push((a.file, &i.label, "`label` d'un investissement".into()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::testing::*;

    fn with_preamble(text: &str) -> String {
        format!(
            "{BASE}\n[preamble]\ntext = {}\n",
            serde_json::to_string(text).unwrap()
        )
    }

    #[test]
    fn measures() {
        assert_eq!(markup_depth("a"), 0);
        assert_eq!(markup_depth("> > *a*"), 3);
        assert_eq!(markup_depth(&"> ".repeat(20_000)), 20_000);
        assert_eq!(markup_depth("- a\n  - b\n    - c"), 3);
        assert_eq!(longest_word("ab cde\tf"), 3);
        assert_eq!(most_marks("e\u{301}\u{300} a\u{301}"), 2);
    }

    #[test]
    fn deep_markup_and_long_words_are_refused_near_misses_pass() {
        let d = codes("render-limit", &with_preamble(&"> ".repeat(9)));
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("9 niveaux"), "{}", d[0].message);
        assert!(
            codes(
                "render-limit",
                &with_preamble(&format!("{}a", "> ".repeat(8)))
            )
            .is_empty()
        );
        let d = codes("render-limit", &with_preamble(&"x".repeat(1001)));
        assert!(d[0].message.contains("mot de 1001"), "{}", d[0].message);
        assert!(codes("render-limit", &with_preamble(&"x".repeat(1000))).is_empty());
        let d = codes(
            "render-limit",
            &with_preamble(&format!("e{}", "\u{301}".repeat(9))),
        );
        assert!(d[0].message.contains("9 signes"), "{}", d[0].message);
        assert!(codes("render-limit", BASE).is_empty());
    }

    #[test]
    fn attached_markdown_documents_have_the_same_limits() {
        let conv =
            format!("{BASE}\n[[annexes]]\nkind = \"document\"\nfile = \"documents/cadre.md\"\n");
        let deep = format!("# Cadre\n\n{}profond\n", "> ".repeat(9));
        let d = codes_with_files(
            "render-limit",
            &conv,
            &[("documents/cadre.md", deep.as_bytes())],
        );
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(
            d[0].message
                .contains("document joint `documents/cadre.md` imbrique 9 niveaux"),
            "{}",
            d[0].message
        );
        let fine = b"# Cadre\n\n> Une citation.\n\n- un\n- deux\n";
        assert!(
            codes_with_files("render-limit", &conv, &[("documents/cadre.md", fine)]).is_empty()
        );
    }

    #[test]
    fn long_titles_and_cells_are_refused() {
        let conv = edit(
            BASE,
            "title = \"Évaluer les actions\"",
            &format!("title = \"{}\"", "mot ".repeat(501)),
        );
        let d = codes("render-limit", &conv);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("2004 caractères"), "{}", d[0].message);
        let annex = edit(
            &base_annex(2025),
            "text = \"Appui du service statistique\"",
            &format!("text = \"{}\"", "mot ".repeat(501)),
        );
        let d = run_code("render-limit", BASE, &[(2025, annex)]);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("cellule"), "{}", d[0].message);
    }
}
