//! Writing a new convention folder: the skeleton files, never replacing one, and the JSON
//! schemas at the root of the repository when it has none.

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use super::skeleton::{self, Options};
use crate::date::Date;
use crate::model::Kind;
use crate::model::schema;

/// What `convgen init` asks for.
pub struct Request<'a> {
    /// The folder of the new convention, as given (relative to `cwd` or absolute).
    pub dir: &'a Path,
    pub cwd: &'a Path,
    pub kind: Kind,
    pub region: Option<String>,
    pub start: Date,
    pub years: u32,
}

/// Why nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{0} existe et n'est pas un dossier")]
    NotAFolder(String),
    #[error(
        "le nom du dossier `{0}` sert d'identifiant à la convention et doit être un identifiant simple"
    )]
    NotASlug(String),
    #[error("ces fichiers existent déjà, aucun fichier n'a été écrit :\n  {}", .0.join("\n  "))]
    Exists(Vec<String>),
    #[error("impossible d'écrire {path} : {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

impl InitError {
    /// How to fix it, in French.
    pub fn hint(&self) -> &'static str {
        match self {
            InitError::NotAFolder(_) => {
                "indiquez le dossier de la nouvelle convention, par exemple conventions/crpc-grand-est-2026"
            }
            InitError::NotASlug(_) => {
                "utilisez des lettres sans accents, des chiffres et des tirets, par exemple conventions/crpc-grand-est-2026"
            }
            InitError::Exists(_) => {
                "choisissez un nouveau dossier, ou déplacez ces fichiers si vous voulez repartir d'un squelette"
            }
            InitError::Write { .. } => {
                "vérifiez les droits sur le dossier ; aucun fichier ni dossier n'a été laissé"
            }
        }
    }
}

/// What was written.
pub struct Created {
    /// The convention folder, as shown to the user.
    pub dir: String,
    /// Every file written, as shown to the user.
    pub files: Vec<String>,
}

/// Writes the skeleton of a new convention (and the schemas the `#:schema` lines point at,
/// when the repository has none yet), all or nothing.
pub fn create(request: &Request<'_>) -> Result<Created, InitError> {
    let cwd = request.cwd;
    let dir = std::fs::canonicalize(request.dir).unwrap_or_else(|_| normalize(cwd, request.dir));
    if dir.exists() && !dir.is_dir() {
        return Err(InitError::NotAFolder(request.dir.display().to_string()));
    }
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !is_slug(&name) {
        return Err(InitError::NotASlug(name));
    }
    let root = repository_root(cwd, &dir);
    let depth = dir
        .strip_prefix(&root)
        .map_or(0, |p| p.components().count());
    let options = Options {
        kind: request.kind,
        id: name,
        region: request.region.clone(),
        start: request.start,
        years: request.years,
        schema_dir: if depth == 0 {
            "./schemas".to_string()
        } else {
            format!("{}schemas", "../".repeat(depth))
        },
    };
    let mut files: Vec<(PathBuf, String)> = skeleton::skeleton(&options)
        .into_iter()
        .map(|f| (dir.join(&f.path), f.text))
        .collect();
    let existing: Vec<String> = files
        .iter()
        .filter(|(p, _)| p.exists())
        .map(|(p, _)| shown(cwd, p))
        .collect();
    if !existing.is_empty() {
        return Err(InitError::Exists(existing));
    }
    for target in [schema::Target::Convention, schema::Target::Annex] {
        let path = root.join(target.path());
        if !path.exists() {
            files.push((path, schema::json(target)));
        }
    }
    write_all(&files).map_err(|(path, source)| InitError::Write {
        path: shown(cwd, &path),
        source,
    })?;
    Ok(Created {
        dir: shown(cwd, &dir),
        files: files.iter().map(|(p, _)| shown(cwd, p)).collect(),
    })
}

/// Writes every file, or none: on a failure, the files and the folders created so far are
/// removed again.
fn write_all(files: &[(PathBuf, String)]) -> Result<(), (PathBuf, std::io::Error)> {
    let mut written: Vec<&Path> = Vec::new();
    let mut made: Vec<PathBuf> = Vec::new();
    for (path, text) in files {
        let result = make_parents(path, &mut made).and_then(|()| write_new(path, text));
        if let Err(e) = result {
            for p in &written {
                let _ = std::fs::remove_file(p);
            }
            for d in made.iter().rev() {
                let _ = std::fs::remove_dir(d);
            }
            return Err((path.clone(), e));
        }
        written.push(path);
    }
    Ok(())
}

/// Creates the missing parent folders of `path`, noting each one created.
fn make_parents(path: &Path, made: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    let missing: Vec<&Path> = parent.ancestors().take_while(|a| !a.exists()).collect();
    for dir in missing.into_iter().rev() {
        std::fs::create_dir(dir)?;
        made.push(dir.to_path_buf());
    }
    Ok(())
}

/// Writes a new file atomically (temporary file in the same folder, then a rename that never
/// replaces an existing file).
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(parent)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

/// `path` made absolute and without `.` or `..` (the folder may not exist yet).
fn normalize(cwd: &Path, path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in cwd.join(path).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// The root of the conventions repository: the nearest folder above `dir` that holds `.git`,
/// else the current folder when `dir` is it or is below it, else the parent of `dir`.
fn repository_root(cwd: &Path, dir: &Path) -> PathBuf {
    if let Some(git) = dir.ancestors().find(|a| a.join(".git").exists()) {
        return git.to_path_buf();
    }
    if dir.starts_with(cwd) {
        return cwd.to_path_buf();
    }
    dir.parent().unwrap_or(dir).to_path_buf()
}

fn is_slug(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// A path as shown to the user: relative to the current folder when below it.
fn shown(cwd: &Path, path: &Path) -> String {
    path.strip_prefix(cwd)
        .unwrap_or(path)
        .display()
        .to_string()
        .replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("crpc-grand-est-2026"));
        assert!(!is_slug("crpc grand est"));
        assert!(!is_slug("région"));
        assert!(!is_slug(".cache"));
    }

    #[test]
    fn root_is_the_git_folder_or_the_current_one() {
        let tmp = tempfile::tempdir().unwrap();
        let cwd = tmp.path();
        let dir = cwd.join("conventions/crpc-x");
        assert_eq!(repository_root(cwd, &dir), cwd);
        assert_eq!(repository_root(cwd, cwd), cwd);
        std::fs::create_dir_all(cwd.join("repo/.git")).unwrap();
        let inner = cwd.join("repo/conventions/crpc-x");
        assert_eq!(repository_root(cwd, &inner), cwd.join("repo"));
        let elsewhere = Path::new("/nonexistent-eco/conventions/crpc-x");
        assert_eq!(
            repository_root(cwd, elsewhere),
            Path::new("/nonexistent-eco/conventions")
        );
    }

    #[test]
    fn normalize_resolves_dots() {
        assert_eq!(
            normalize(Path::new("/a/b"), Path::new("../c/./d")),
            PathBuf::from("/a/c/d")
        );
    }

    #[test]
    fn a_failed_write_leaves_no_folder_behind() {
        let tmp = tempfile::tempdir().unwrap();
        let blocker = tmp.path().join("conventions/x/annexes");
        std::fs::create_dir_all(blocker.parent().unwrap()).unwrap();
        // `annexes` is a file: the annexes cannot be written.
        std::fs::write(&blocker, "").unwrap();
        let files = vec![
            (tmp.path().join("new/a/b.toml"), "a".to_string()),
            (blocker.join("2026.toml"), "b".to_string()),
        ];
        assert!(write_all(&files).is_err());
        assert!(!tmp.path().join("new").exists(), "folder left behind");
    }
}
