//! The old side of `convgen diff --rev REV [PATH]`: files read from a git revision with
//! `git cat-file` and `git ls-tree`, without a checkout.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::source::display_path;

use super::DiffError;
use super::sides::{Nature, Side, Store};

/// The old side in git at `rev` and the new side on disk, for `--rev REV PATH`: `path` may be
/// anywhere inside the repository, and is mapped relative to its root.
pub fn revision_sides(rev: &str, path: PathBuf) -> Result<(Side, Side), DiffError> {
    let meta = std::fs::metadata(&path).map_err(|_| DiffError::NotFound(display_path(&path)))?;
    let dir = if meta.is_dir() {
        path.clone()
    } else {
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."))
    };
    let root = git(&dir, &["rev-parse", "--show-toplevel"])
        .map_err(|_| DiffError::NotInRepository(display_path(&path)))?;
    let root = PathBuf::from(root.trim());
    let canon = |p: &Path| {
        std::fs::canonicalize(p).map_err(|source| DiffError::Unresolved {
            path: display_path(p),
            source,
        })
    };
    let rel = canon(&path)?
        .strip_prefix(canon(&root)?)
        .map(Path::to_path_buf)
        .map_err(|_| DiffError::OutsideRepository(display_path(&path)))?;
    let rel = rel.to_string_lossy().replace('\\', "/");
    let old = Side {
        store: Store::Git {
            root,
            rev: rev.to_string(),
        },
        base: PathBuf::from(rel),
    };
    Ok((old, Side::disk(path)))
}

/// A path as git names it inside a revision: `/`-separated, empty for the root.
pub(super) fn path(p: &Path) -> String {
    let s = display_path(p);
    if s == "." { String::new() } else { s }
}

/// Whether `path` is a folder or a file at `rev`; `None` when it does not exist there (an
/// error when the revision itself does not exist).
pub(super) fn nature(root: &Path, rev: &str, path: &Path) -> Result<Option<Nature>, DiffError> {
    let spec = format!("{rev}:{}", self::path(path));
    match git(root, &["cat-file", "-t", &spec]) {
        Ok(t) if t.trim() == "tree" => Ok(Some(Nature::Folder)),
        Ok(_) => Ok(Some(Nature::File)),
        Err(_) => {
            let commit = format!("{rev}^{{commit}}");
            git(root, &["rev-parse", "--verify", "--quiet", &commit])
                .map_err(|_| DiffError::UnknownRevision(rev.to_string()))?;
            Ok(None)
        }
    }
}

/// The bytes of the file at `path` (from the repository root) in `rev`.
pub(super) fn read(root: &Path, rev: &str, path: &str) -> Result<Vec<u8>, DiffError> {
    git_bytes(root, &["cat-file", "blob", &format!("{rev}:{path}")])
}

/// Every `.toml` file below the folder `base` in `rev`, relative to it (unsorted).
pub(super) fn list(root: &Path, rev: &str, base: &str) -> Result<Vec<String>, DiffError> {
    let mut args = vec!["ls-tree", "-r", "--name-only", "-z", rev];
    if !base.is_empty() {
        args.push("--");
        args.push(base);
    }
    let out = git(root, &args)?;
    let prefix = if base.is_empty() {
        String::new()
    } else {
        format!("{base}/")
    };
    Ok(out
        .split('\0')
        .filter_map(|p| p.strip_prefix(&prefix))
        .filter(|p| p.ends_with(".toml"))
        .map(str::to_string)
        .collect())
}

fn git_bytes(dir: &Path, args: &[&str]) -> Result<Vec<u8>, DiffError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(DiffError::GitMissing)?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(DiffError::GitFailed {
            args: args.join(" "),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        })
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<String, DiffError> {
    git_bytes(dir, args).map(|b| String::from_utf8_lossy(&b).into_owned())
}
