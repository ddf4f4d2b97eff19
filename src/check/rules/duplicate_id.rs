//! `duplicate-id`: two signatories, objectives, indicators, means rows or targets of one
//! convention folder, or two conventions of the repository, share an id. The rest of the text
//! and the annexes refer to them by id; ids differing only by case or Unicode normalisation
//! get a warning, since a reader cannot tell them apart.

use std::collections::HashMap;

use crate::check::{ConventionId, Ctx};
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::source::{FileId, SourceSlice, Sp, Span};

pub static RULE: Rule = Rule {
    code: "duplicate-id",
    severity: Severity::Error,
    kinds: &[],
    summary: "deux signataires, objectifs, indicateurs ou conventions partagent un identifiant",
    explanation: "Les identifiants (`id`) des signataires, des objectifs et des indicateurs sont \
uniques dans une convention, et ceux des conventions dans le dépôt : les autres parties du texte \
et les annexes y renvoient. De même, une annexe ne donne qu'une ligne de moyens par couple \
(objectif, signataire) et une seule cible par indicateur. Deux identifiants qui ne diffèrent que \
par la casse (`FT` et `ft`) ou par la normalisation Unicode (« é » composé ou décomposé) sont \
distincts pour convgen mais se confondent à la lecture : ils donnent un avertissement.",
    reference: None,
    recommendation: None,
    failing: "[[signatories]]\nid = \"ft\"\n\n[[signatories]]\nid = \"ft\"\n",
    passing: "[[signatories]]\nid = \"ft\"\n\n[[signatories]]\nid = \"ml\"\n",
};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    let f = c.file;
    let signatories = || c.signatories.iter().map(|s| &s.id);
    report_ids(ctx, out, f, signatories, "l'identifiant de signataire");
    let objectives = || c.objectives.iter().map(|o| &o.id);
    report_ids(ctx, out, f, objectives, "l'identifiant d'objectif");
    let indicators = || c.all_indicators().map(|(_, i)| &i.id);
    report_ids(ctx, out, f, indicators, "l'identifiant d'indicateur");
    for a in ctx.annexes() {
        report_duplicates(
            ctx,
            out,
            a.file,
            a.means.iter().map(|m| {
                let key = (m.objective.value.as_str(), m.signatory.value.as_str());
                (key, m.span)
            }),
            "le couple objectif / signataire",
            |(o, s)| format!("{o} / {s}"),
        );
        report_duplicates(
            ctx,
            out,
            a.file,
            a.targets
                .iter()
                .map(|t| (t.indicator.value.as_str(), t.indicator.span)),
            "la cible de l'indicateur",
            |k| k.to_string(),
        );
    }
}

pub(crate) fn across(ids: &[ConventionId], sources: SourceSlice<'_>, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, FileId> = HashMap::with_capacity(ids.len());
    for c in ids {
        let id = c.id.as_str();
        match first.get(id) {
            Some(other) => out.push(
                RULE
                    .at(c.file, c.span, format!("l'identifiant de convention `{id}` est déjà celui de {}", sources.get(*other).display))
                    .label("doublon")
                    .help("chaque convention du dépôt a un identifiant unique : les documents produits portent ce nom"),
            ),
            None => {
                first.insert(id, c.file);
            }
        }
    }
}

/// Reports the ids given by `ids` that repeat an earlier one exactly (errors), then those
/// that differ from an earlier one only by case or normalisation (warnings).
fn report_ids<'a, I: Iterator<Item = &'a Sp<String>>>(
    ctx: &Ctx<'_>,
    out: &mut Vec<Diagnostic>,
    file: FileId,
    ids: impl Fn() -> I,
    what: &str,
) {
    let exact = ids().map(|id| (id.value.as_str(), id.span));
    report_duplicates(ctx, out, file, exact, what, |k| k.to_string());
    report_near_duplicates(ctx, out, file, ids(), what);
}

/// Reports the second and later uses of each key.
fn report_duplicates<K: std::hash::Hash + Eq>(
    ctx: &Ctx<'_>,
    out: &mut Vec<Diagnostic>,
    file: FileId,
    items: impl IntoIterator<Item = (K, Span)>,
    what: &str,
    show: impl Fn(&K) -> String,
) {
    let items = items.into_iter();
    let mut first: HashMap<K, Span> = HashMap::with_capacity(items.size_hint().0);
    for (key, span) in items {
        if let Some(prev) = first.get(&key) {
            let line = ctx.line(file, *prev);
            let shown = show(&key);
            out.push(
                RULE.at(
                    file,
                    span,
                    format!("{what} `{shown}` est déjà déclaré ligne {line}"),
                )
                .label("doublon")
                .help("donnez un identifiant unique, ou fusionnez les deux entrées"),
            );
        } else {
            first.insert(key, span);
        }
    }
}

/// An id folded for comparison: Unicode NFC, then lower case. Borrowed (no allocation) for
/// the usual ASCII lower-case slugs.
fn folded(id: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    if id.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        std::borrow::Cow::Borrowed(id)
    } else {
        std::borrow::Cow::Owned(id.nfc().collect::<String>().to_lowercase())
    }
}

/// Warns about ids that differ from an earlier one only by case or Unicode normalisation
/// (`FT` and `ft`, « é » composed and decomposed): references compare ids exactly, so such
/// ids are distinct for convgen but hard to tell apart for a reader. Exact duplicates are
/// the errors of [`report_duplicates`].
fn report_near_duplicates<'a>(
    ctx: &Ctx<'_>,
    out: &mut Vec<Diagnostic>,
    file: FileId,
    ids: impl IntoIterator<Item = &'a Sp<String>>,
    what: &str,
) {
    let mut first: HashMap<std::borrow::Cow<'a, str>, &'a Sp<String>> = HashMap::new();
    for id in ids {
        match first.get(&folded(&id.value)) {
            Some(prev) if prev.value != id.value => {
                let line = ctx.line(file, prev.span);
                out.push(
                    RULE
                        .at(
                            file,
                            id.span,
                            format!(
                                "{what} `{}` ne diffère de `{}` (ligne {line}) que par la casse ou la normalisation Unicode",
                                id.value.escape_debug(),
                                prev.value.escape_debug()
                            ),
                        )
                        .severity(Severity::Warning)
                        .label("presque un doublon")
                        .help("les renvois comparent les identifiants à l'identique : écrivez les identifiants en minuscules ASCII (`france-travail`) pour qu'on ne puisse pas les confondre"),
                );
            }
            Some(_) => {}
            None => {
                first.insert(folded(&id.value), id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;

    #[test]
    fn duplicate_signatory_and_indicator() {
        let conv = edit(BASE, "id = \"ml\"", "id = \"ft\"");
        let conv = edit(&conv, "id = \"nb-orientes\"", "id = \"nb-parcours\"");
        let d = run_code("duplicate-id", &conv, &base_annexes());
        assert_eq!(d.len(), 2, "{d:#?}");
        assert!(d[0].message.contains("`ft`"));
        assert!(run_code("duplicate-id", BASE, &base_annexes()).is_empty());
    }

    #[test]
    fn ids_differing_by_case_or_normalisation_are_warned() {
        // `FT` beside `ft`; objective `réseau` composed (NFC) and decomposed (NFD).
        let conv = edit(BASE, "id = \"ml\"", "id = \"FT\"");
        let conv = edit(&conv, "id = \"orienter\"", "id = \"r\u{e9}seau\"");
        let conv = edit(&conv, "id = \"former\"", "id = \"re\u{301}seau\"");
        let d = run_code("duplicate-id", &conv, &base_annexes());
        assert_eq!(d.len(), 2, "{d:#?}");
        assert!(
            d.iter()
                .all(|d| d.severity == crate::diagnostic::Severity::Warning),
            "{d:#?}"
        );
        assert!(d[0].message.contains("`FT`") && d[0].message.contains("`ft`"));
        assert!(d[0].message.contains("casse ou la normalisation Unicode"));
        // Exact duplicates stay errors, reported once (no extra warning).
        let conv = edit(BASE, "id = \"ml\"", "id = \"ft\"");
        let d = run_code("duplicate-id", &conv, &base_annexes());
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].severity, crate::diagnostic::Severity::Error);
    }

    #[test]
    fn duplicate_means_in_annex() {
        let mut annexes = base_annexes();
        annexes[0]
            .1
            .push_str("\n[[means]]\nobjective = \"mobiliser\"\nsignatory = \"ft\"\netp = 2.0\n");
        let d = run_code("duplicate-id", BASE, &annexes);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("mobiliser / ft"));
    }

    #[test]
    fn two_conventions_of_the_repository_with_one_id() {
        use crate::check::ConventionId;
        use crate::source::{SourceFile, Sources, Span};
        let mut sources = Sources::default();
        let mut ids = Vec::new();
        for (dir, id) in [("a", "crpc-x"), ("b", "crpc-y"), ("c", "crpc-x")] {
            let path = std::path::PathBuf::from(dir).join("convention.toml");
            let text = format!("[convention]\nid = \"{id}\"\n");
            let file = sources.add(SourceFile::new(
                path,
                format!("{dir}/convention.toml"),
                text,
            ));
            let span = Span::new(19, 19 + id.len() + 2);
            ids.push(ConventionId {
                id: id.into(),
                file,
                span,
            });
        }
        let mut out = Vec::new();
        super::across(&ids, sources.as_slice(), &mut out);
        assert_eq!(out.len(), 1, "{out:#?}");
        assert_eq!(out[0].file, Some(ids[2].file));
        assert!(
            out[0]
                .message
                .contains("`crpc-x` est déjà celui de a/convention.toml")
        );
        // Distinct ids: nothing to report.
        let mut out = Vec::new();
        super::across(&ids[..2], sources.as_slice(), &mut out);
        assert!(out.is_empty(), "{out:#?}");
    }
}
