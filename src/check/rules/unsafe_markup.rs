//! `unsafe-markup`: raw HTML or a `javascript:`, `data:` or `vbscript:` link in a Markdown
//! field.
//!
//! The Markdown document keeps the fields' Markdown as written, and the sites that show it
//! (a forge, a wiki, an intranet) pass HTML through: a `<script>`, an `<img onerror=…>` or a
//! `javascript:` link in a convention would run in a reader's browser. Only `<sup>…</sup>`
//! (ordinals, notes) and `<br>` are accepted.

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::texts;
use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};

pub static RULE: Rule = Rule {
    code: "unsafe-markup",
    severity: Severity::Error,
    kinds: &[],
    summary: "un champ Markdown contient du HTML brut ou un lien javascript:, data: ou vbscript:",
    explanation: "Le document Markdown reprend les champs Markdown tels qu'ils sont écrits, et \
les sites qui l'affichent (forge, wiki, intranet) laissent passer le HTML : une balise `<script>`, \
une image `<img onerror=…>` ou un lien `javascript:` s'exécuteraient dans le navigateur du \
lecteur. Seuls `<sup>…</sup>` (1<sup>er</sup>) et `<br>` sont acceptés ; un lien mène à une \
adresse `https:`, `http:` ou `mailto:`, ou à une ancre.",
    reference: None,
    recommendation: None,
    failing: "[preamble]\ntext = \"Voir [le texte](javascript:alert(1)) et <script>x</script>\"\n",
    passing: "[preamble]\ntext = \"Le 1<sup>er</sup> janvier,<br>voir [le texte](https://www.legifrance.gouv.fr)\"\n",
};

/// HTML that the Markdown may hold: superscript and line break tags.
fn allowed_html(html: &str) -> bool {
    let tag: String = html
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(tag.as_str(), "<sup>" | "</sup>" | "<br>" | "<br/>")
}

/// Whether a link or image address runs code or embeds a document: its scheme, as a browser
/// reads it (leading blanks and controls dropped, tabs and line breaks inside ignored, any
/// case).
pub fn dangerous_url(url: &str) -> bool {
    let scheme: String = url
        .chars()
        .skip_while(|c| c.is_whitespace() || c.is_control())
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "data:", "vbscript:"]
        .iter()
        .any(|s| scheme.starts_with(s))
}

/// The first unsafe piece of `md`: raw HTML or a dangerous address.
pub fn first_unsafe(md: &str) -> Option<String> {
    // HTML needs a `<`, every link or image a `]` (or a `<` for an autolink).
    memchr::memchr2(b'<', b']', md.as_bytes())?;
    for event in Parser::new_ext(md, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) if !allowed_html(&h) => {
                return Some(h.trim().chars().take(80).collect());
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if dangerous_url(&dest_url) =>
            {
                return Some(dest_url.trim().chars().take(80).collect());
            }
            _ => {}
        }
    }
    None
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let fields = texts::markdown(ctx)
        .into_iter()
        .map(|(file, value, key)| (file, value, key, first_unsafe(value)));
    let attached = texts::attached(ctx)
        .into_iter()
        .map(|(file, value, key, text)| (file, value, key, first_unsafe(&text)));
    for (file, value, key, found) in fields.chain(attached) {
        let Some(found) = found else {
            continue;
        };
        out.push(
            RULE.at(
                file,
                value.span,
                format!("{key} contient `{}`, que le document Markdown transmettrait tel quel", found.escape_debug()),
            )
            .label("HTML ou lien dangereux")
            .help("écrivez le texte en Markdown (emphase *…*, listes, liens vers une adresse https:) ; seuls <sup>…</sup> et <br> sont acceptés comme HTML"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::testing::*;

    #[test]
    fn html_and_dangerous_links_are_found_sup_and_br_are_not() {
        assert_eq!(
            first_unsafe("a <script>x</script>").as_deref(),
            Some("<script>")
        );
        assert_eq!(
            first_unsafe("<div>\nbloc\n</div>").as_deref(),
            Some("<div>")
        );
        assert!(first_unsafe("[x](javascript:alert(1))").is_some());
        assert!(
            first_unsafe("[x]( \tJaVa\tScRiPt:alert(1))").is_none()
                || dangerous_url(" \tJaVa\tScRiPt:x")
        );
        assert!(first_unsafe("<vbscript:msgbox>").is_some());
        assert!(first_unsafe("![i](data:image/svg+xml;base64,AA)").is_some());
        assert_eq!(
            first_unsafe(
                "1<sup>er</sup> a<br>b <BR /> [l](https://x.fr) [m](mailto:a@b.fr) [a](#ancre)"
            ),
            None
        );
        assert_eq!(first_unsafe("a < b et c > d, `<script>` en code"), None);
    }

    #[test]
    fn attached_markdown_documents_are_checked_too() {
        let conv =
            format!("{BASE}\n[[annexes]]\nkind = \"document\"\nfile = \"documents/cadre.md\"\n");
        let bad: &[u8] = b"# Cadre\n\n<script>alert(1)</script>\n";
        let d = codes_with_files("unsafe-markup", &conv, &[("documents/cadre.md", bad)]);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("document joint"), "{}", d[0].message);
        let fine: &[u8] = b"# Cadre\n\nLe 1<sup>er</sup> accueil.\n";
        assert!(
            codes_with_files("unsafe-markup", &conv, &[("documents/cadre.md", fine)]).is_empty()
        );
    }

    #[test]
    fn reported_on_markdown_fields_only() {
        let conv = format!("{BASE}\n[preamble]\ntext = \"a <b>gras</b>\"\n");
        let d = codes("unsafe-markup", &conv);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(
            d[0].message.contains("`[preamble] text`"),
            "{}",
            d[0].message
        );
        assert!(codes("unsafe-markup", BASE).is_empty());
    }
}
