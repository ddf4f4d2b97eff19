//! `convgen.toml`: the settings a conventions repository gives itself, in a file at its root.
//!
//! ```toml
//! [render]
//! templates = "templates"   # folder of template overrides, relative to this file
//! ```
//!
//! It is looked for in the folder of the first path given and its parents, up to the root of
//! the git repository (a folder holding `.git`), or, outside any git repository, up to the
//! current folder. Nothing else (no `templates/` folder met on the way) changes what convgen
//! renders. Its problems are findings like those of the other files (`syntax`, `schema`).

use std::path::{Path, PathBuf};

use toml::de::DeValue;

use super::findings::SCHEMA;
use crate::diagnostic::{Diagnostic, closest};
use crate::source::{FileId, SourceFile, Span, display_path};

/// Name of the repository settings file.
pub const CONFIG_FILE: &str = "convgen.toml";

/// The settings read from `convgen.toml`.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The file itself.
    pub file: PathBuf,
    /// Folder of template overrides (`[render] templates`), inside the repository.
    pub templates: Option<PathBuf>,
}

/// The `convgen.toml` that applies to `path`, if there is one.
pub fn find(path: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(path).ok()?;
    let start = if start.is_dir() {
        start
    } else {
        start.parent()?.to_path_buf()
    };
    let cwd = std::env::current_dir().and_then(std::fs::canonicalize).ok();
    let in_git = start.ancestors().any(|d| d.join(".git").exists());
    for dir in start.ancestors() {
        let candidate = dir.join(CONFIG_FILE);
        if candidate.symlink_metadata().is_ok() {
            return Some(candidate);
        }
        let at_limit = if in_git {
            dir.join(".git").exists()
        } else {
            cwd.as_deref()
                .is_none_or(|c| dir == c || !dir.starts_with(c))
        };
        if at_limit {
            break;
        }
    }
    None
}

/// Reads and checks `convgen.toml` (file `id`): its source, its settings when it has no
/// error, and its findings.
pub fn read(id: FileId, path: &Path) -> (SourceFile, Option<Config>, Vec<Diagnostic>) {
    let display = display_path(path);
    let (text, mut diagnostics) = super::read_text(id, path);
    let text = text.unwrap_or_default();
    let mut config = None;
    if diagnostics.is_empty() {
        match super::parse(id, &text) {
            Err(d) => diagnostics.push(*d),
            Ok(root) => {
                let (c, d) = decode(id, path, &root);
                config = c.filter(|_| d.is_empty());
                diagnostics.extend(d);
            }
        }
    }
    (
        SourceFile::new(path.to_path_buf(), display, text),
        config,
        diagnostics,
    )
}

const ROOT_KEYS: &[&str] = &["render"];
const RENDER_KEYS: &[&str] = &["templates"];

fn span_of<T>(v: &toml::Spanned<T>) -> Span {
    v.span().into()
}

fn unknown_key(
    id: FileId,
    key: &toml::Spanned<std::borrow::Cow<'_, str>>,
    known: &[&str],
) -> Diagnostic {
    let name = key.get_ref();
    let help = match closest(name, known.iter().copied()) {
        Some(c) => format!("vouliez-vous dire `{c}` ?"),
        None => format!("clés possibles : {}", crate::diagnostic::backticked(known)),
    };
    SCHEMA
        .at(
            id,
            span_of(key),
            format!("clé inconnue `{name}` dans {CONFIG_FILE}"),
        )
        .label("clé inconnue")
        .help(help)
}

fn decode(
    id: FileId,
    path: &Path,
    root: &toml::Spanned<DeValue<'_>>,
) -> (Option<Config>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut config = Config {
        file: path.to_path_buf(),
        templates: None,
    };
    let DeValue::Table(table) = root.get_ref() else {
        return (None, out);
    };
    for (key, value) in table.iter() {
        if key.get_ref() != "render" {
            out.push(unknown_key(id, key, ROOT_KEYS));
            continue;
        }
        let DeValue::Table(render) = value.get_ref() else {
            out.push(
                SCHEMA
                    .at(id, span_of(value), "`render` doit être une table")
                    .help(
                        "écrivez `[render]` puis ses clés, par exemple `templates = \"templates\"`",
                    ),
            );
            continue;
        };
        for (key, value) in render.iter() {
            if key.get_ref() != "templates" {
                out.push(unknown_key(id, key, RENDER_KEYS));
                continue;
            }
            match templates_dir(path, value) {
                Ok(dir) => config.templates = Some(dir),
                Err(message) => out.push(
                    SCHEMA
                        .at(id, span_of(value), message)
                        .label("ce dossier")
                        .help("donnez le chemin, relatif à convgen.toml, d'un dossier du dépôt, par exemple `templates = \"templates\"`"),
                ),
            }
        }
    }
    (Some(config), out)
}

/// The templates folder named by `value`: relative to the folder of `convgen.toml`, an
/// existing folder inside it once links are resolved.
fn templates_dir(config: &Path, value: &toml::Spanned<DeValue<'_>>) -> Result<PathBuf, String> {
    let DeValue::String(raw) = value.get_ref() else {
        return Err("`templates` doit être une chaîne (le chemin d'un dossier)".into());
    };
    let relative = Path::new(raw.as_ref());
    if relative.is_absolute() || raw.is_empty() {
        return Err(format!(
            "`templates = {raw:?}` : le chemin doit être relatif au dossier de convgen.toml"
        ));
    }
    let base = config.parent().unwrap_or(Path::new("."));
    let base = std::fs::canonicalize(base).map_err(|e| format!("dossier illisible : {e}"))?;
    let dir = std::fs::canonicalize(base.join(relative))
        .map_err(|_| format!("dossier de modèles introuvable : {raw}"))?;
    if !dir.starts_with(&base) {
        return Err(format!(
            "`templates = {raw:?}` sort du dépôt : le dossier de modèles doit être à l'intérieur du dossier de convgen.toml"
        ));
    }
    if !dir.is_dir() {
        return Err(format!("`templates = {raw:?}` n'est pas un dossier"));
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_in(dir: &Path, text: &str) -> (Option<Config>, Vec<Diagnostic>) {
        let path = dir.join(CONFIG_FILE);
        std::fs::write(&path, text).unwrap();
        let (_, config, diagnostics) = read(0, &path);
        (config, diagnostics)
    }

    #[test]
    fn names_a_templates_folder_inside_the_repository() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("gabarits")).unwrap();
        let (config, d) = read_in(tmp.path(), "[render]\ntemplates = \"gabarits\"\n");
        assert!(d.is_empty(), "{d:?}");
        let dir = config.unwrap().templates.unwrap();
        assert!(dir.ends_with("gabarits"));
    }

    #[test]
    fn refuses_folders_outside_unknown_keys_and_bad_types() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("repo");
        std::fs::create_dir_all(&repo).unwrap();
        std::fs::create_dir(tmp.path().join("outside")).unwrap();
        for (text, needle) in [
            ("[render]\ntemplates = \"../outside\"\n", "sort du dépôt"),
            ("[render]\ntemplates = \"/tmp\"\n", "relatif"),
            ("[render]\ntemplates = \"absent\"\n", "introuvable"),
            ("[render]\ntemplates = 3\n", "chaîne"),
            ("[render]\ntemplate = \"x\"\n", "clé inconnue `template`"),
            ("[rendre]\n", "clé inconnue `rendre`"),
        ] {
            let (config, d) = read_in(&repo, text);
            assert!(config.is_none(), "{text}");
            assert_eq!(d.len(), 1, "{text}: {d:?}");
            assert_eq!(d[0].code(), "schema");
            assert!(d[0].message.contains(needle), "{text}: {}", d[0].message);
            assert!(d[0].span.is_some_and(|s| !s.is_empty()), "{text}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(tmp.path().join("outside"), repo.join("link")).unwrap();
            let (_, d) = read_in(&repo, "[render]\ntemplates = \"link\"\n");
            assert!(d[0].message.contains("sort du dépôt"), "{d:?}");
        }
        let (_, d) = read_in(&repo, "[render\n");
        assert_eq!(d[0].code(), "syntax");
    }

    #[test]
    fn found_at_the_git_root_and_no_higher() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("repo");
        let conv = repo.join("conventions/x");
        std::fs::create_dir_all(&conv).unwrap();
        std::fs::create_dir(repo.join(".git")).unwrap();
        assert_eq!(find(&conv), None);
        std::fs::write(tmp.path().join(CONFIG_FILE), "").unwrap();
        assert_eq!(find(&conv), None, "above the git root");
        std::fs::write(repo.join(CONFIG_FILE), "").unwrap();
        assert_eq!(
            find(&conv).map(|p| std::fs::canonicalize(p).unwrap()),
            Some(std::fs::canonicalize(repo.join(CONFIG_FILE)).unwrap())
        );
    }
}
