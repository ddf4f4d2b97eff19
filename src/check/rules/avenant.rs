//! `avenant`: the files of `avenants/` hold together — each is numbered as its file name
//! (`avenants/2.toml` is avenant n° 2), two files do not claim the same number, and the
//! sections an avenant `amends` exist in the convention, so that the consolidated version
//! notes each of them (a name that matches nothing would silently note nothing).

use std::collections::HashMap;

use crate::check::Ctx;
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::model::Avenant;

pub static RULE: Rule = Rule {
    code: "avenant",
    severity: Severity::Error,
    kinds: &[],
    summary: "un avenant mal numéroté, numéroté deux fois, ou qui modifie une section que la convention n'a pas",
    explanation: "Chaque avenant de la convention est décrit par un fichier `avenants/<n>.toml` : \
son numéro (`number`) est celui du nom de fichier, et deux fichiers ne portent pas le même numéro. \
Les sections qu'il modifie (`amends`) sont désignées par leur `id` ou par leur titre, tels qu'ils \
figurent dans les `[[sections]]` ou les `[[articles]]` de la convention : la version consolidée \
note « [Modifié par l'avenant n° … du …] » sous chacune, et un nom qui ne désigne aucune section \
ne serait noté nulle part.",
    reference: None,
    recommendation: None,
    failing: "# avenants/1.toml\n[avenant]\nnumber = 2\namends = [\"Duréé\"]\n",
    passing: "# avenants/1.toml\n[avenant]\nnumber = 1\namends = [\"Durée\"]\n",
};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<i64, String> = HashMap::new();
    for f in ctx.avenant_files {
        let Some(a) = &f.avenant else { continue };
        let name = ctx.sources.get(f.file).display.clone();
        numbered(ctx, a, &name, out);
        if let Some(first) = seen.get(&a.header.number.value) {
            out.push(
                RULE.at(
                    a.file,
                    a.header.number.span,
                    format!(
                        "avenant n° {} déjà décrit par {first}",
                        a.header.number.value
                    ),
                )
                .label("numéro")
                .help("donnez à chaque avenant son propre numéro, celui de son fichier"),
            );
        } else {
            seen.insert(a.header.number.value, name);
        }
        amends(ctx, a, out);
    }
}

/// The number is the file name's.
fn numbered(ctx: &Ctx<'_>, a: &Avenant, name: &str, out: &mut Vec<Diagnostic>) {
    let stem = ctx
        .sources
        .get(a.file)
        .path
        .file_stem()
        .and_then(|s| s.to_str())
        .and_then(|s| s.parse::<i64>().ok());
    let n = a.header.number.value;
    if stem != Some(n) {
        out.push(
            RULE.at(
                a.file,
                a.header.number.span,
                format!(
                    "le fichier {name} décrit l'avenant n° {n} : son nom ne porte pas ce numéro"
                ),
            )
            .label("numéro")
            .help(format!(
                "nommez le fichier `avenants/{n}.toml`, ou corrigez `number`"
            )),
        );
    }
}

/// Every name of `amends` is the `id` or the title of a section or article.
fn amends(ctx: &Ctx<'_>, a: &Avenant, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    let known: Vec<&str> = c
        .sections
        .iter()
        .flat_map(|s| {
            std::iter::once(s.title.value.trim()).chain(s.id.as_ref().map(|i| i.value.as_str()))
        })
        .chain(c.articles.iter().map(|x| x.title.value.trim()))
        .collect();
    for m in &a.header.amends {
        if known.contains(&m.value.trim()) {
            continue;
        }
        let hint = crate::diagnostic::closest(m.value.trim(), known.iter().copied()).map_or_else(
            || "désignez une section par son `id` ou par son titre exact".to_string(),
            |s| format!("vouliez-vous dire « {s} » ?"),
        );
        out.push(
            RULE.at(
                a.file,
                m.span,
                format!(
                    "aucune section ni aucun article de la convention ne s'appelle « {} »",
                    m.value.trim()
                ),
            )
            .label("section")
            .help(hint),
        );
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    /// The messages of this rule on a fixture folder of `tests/fixtures/rules/avenant`.
    fn messages(side: &str) -> Vec<String> {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/rules/avenant")
            .join(side);
        let ws = crate::load::load(&[dir]).unwrap();
        crate::check::check(&ws)
            .diagnostics
            .into_iter()
            .filter(|d| d.code() == super::RULE.code)
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn number_name_and_amended_sections() {
        let got = messages("fail");
        assert_eq!(got.len(), 3, "{got:#?}");
        assert!(got[0].contains("décrit l'avenant n° 2 : son nom ne porte pas ce numéro"));
        assert!(got[1].contains("« Plan de coordinaton »"));
        assert!(got[2].starts_with("avenant n° 2 déjà décrit par"));
        assert!(messages("pass").is_empty());
    }
}
