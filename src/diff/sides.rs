//! The two compared sides: a file or folder on disk, or a path in a git revision
//! (read through [`git`](super::git)). Paths inside a side are relative to its base,
//! `/`-separated.

use std::path::{Path, PathBuf};

use crate::load;
use crate::source::display_path;

use super::DiffError;
use super::git;

/// Where a side's files are read from.
#[derive(Clone, Debug)]
pub(super) enum Store {
    Disk,
    Git { repo: git::Repo, rev: String },
}

/// One side of a comparison.
#[derive(Clone, Debug)]
pub struct Side {
    pub(super) store: Store,
    /// Disk: the path given; git: the path relative to the repository root (`/`-separated,
    /// empty for the root).
    pub(super) base: PathBuf,
    /// Disk: whether the folders of other git repositories below the base (a submodule, a
    /// nested clone: a folder holding `.git`) are listed.
    pub(super) nested_repos: bool,
}

/// Whether a side is a folder or a file.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Nature {
    Folder,
    File,
}

impl Side {
    /// A file or folder on disk.
    pub fn disk(path: PathBuf) -> Side {
        Side {
            store: Store::Disk,
            base: path,
            nested_repos: true,
        }
    }

    /// The name shown for the side: its path, or `REV:path` in git.
    pub fn label(&self) -> String {
        match &self.store {
            Store::Disk => display_path(&self.base),
            Store::Git { rev, .. } => format!("{rev}:{}", git::path(&self.base)),
        }
    }

    /// The name shown for a file of the side (`rel` empty for the base itself).
    pub(super) fn file_label(&self, rel: &str) -> String {
        match &self.store {
            Store::Disk if rel.is_empty() => display_path(&self.base),
            Store::Disk => display_path(&self.base.join(rel)),
            Store::Git { rev, .. } => format!("{rev}:{}", join(&git::path(&self.base), rel)),
        }
    }

    /// The path a file of the side is kept under for diagnostics.
    pub(super) fn source_path(&self, rel: &str) -> PathBuf {
        match self.store {
            Store::Disk => self.base.join(rel),
            Store::Git { .. } => PathBuf::from(self.file_label(rel)),
        }
    }

    pub(super) fn in_git(&self) -> bool {
        matches!(self.store, Store::Git { .. })
    }

    /// The error for a base that does not exist.
    pub(super) fn missing(&self) -> DiffError {
        match &self.store {
            Store::Git { rev, .. } => DiffError::NotInRevision {
                path: git::path(&self.base),
                rev: rev.clone(),
            },
            Store::Disk => DiffError::NotFound(self.label()),
        }
    }

    /// Whether the base is a folder or a file; `None` when it does not exist.
    pub(super) fn nature(&self) -> Result<Option<Nature>, DiffError> {
        match &self.store {
            Store::Disk => Ok(std::fs::metadata(&self.base).ok().map(|m| {
                if m.is_dir() {
                    Nature::Folder
                } else {
                    Nature::File
                }
            })),
            Store::Git { repo, rev } => git::nature(repo, rev, &self.base),
        }
    }

    /// Reads a file (`rel` relative to the base; empty for the base itself), without its
    /// byte order mark. Invalid UTF-8 is kept lossily: the TOML parser then reports it as a
    /// syntax error.
    pub(super) fn read(&self, rel: &str) -> Result<String, DiffError> {
        let mut bytes = match &self.store {
            Store::Disk => self.read_disk(rel)?,
            Store::Git { repo, rev } => {
                let path = join(&git::path(&self.base), rel);
                git::read(repo, rev, &path, &self.file_label(rel))?
            }
        };
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        Ok(String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }

    fn read_disk(&self, rel: &str) -> Result<Vec<u8>, DiffError> {
        let path = real_path(&self.base, rel);
        let unreadable = |source| DiffError::Unreadable {
            label: self.file_label(rel),
            source,
        };
        // The base is named by the person running convgen; a file found below it is the
        // repository's, and a link there could name any file of the machine.
        let meta = if rel.is_empty() {
            std::fs::metadata(&path)
        } else {
            std::fs::symlink_metadata(&path)
        }
        .map_err(unreadable)?;
        if meta.file_type().is_symlink() {
            return Err(DiffError::Link(self.file_label(rel)));
        }
        // A FIFO would block the read until a writer comes; a folder cannot be read.
        if !meta.is_file() {
            return Err(DiffError::NotAFile(self.file_label(rel)));
        }
        if meta.len() > load::MAX_FILE_BYTES {
            return Err(DiffError::TooLarge(self.file_label(rel)));
        }
        std::fs::read(&path).map_err(unreadable)
    }

    /// The convention an annex file belongs to (`../convention.toml` from its `annexes/`
    /// folder), read only to name the entries; `None` when absent or invalid.
    pub(super) fn convention_of_annex(&self) -> Option<crate::model::Convention> {
        let dir = self.base.parent()?;
        if dir.file_name()? != load::ANNEX_DIR {
            return None;
        }
        // Read as a file of the repository (a link is refused), not as a path given by the caller.
        let side = Side {
            store: self.store.clone(),
            base: dir.parent()?.to_path_buf(),
            nested_repos: self.nested_repos,
        };
        let text = side.read(load::CONVENTION_FILE).ok()?;
        let (conv, diags) = load::parse_convention(0, &text);
        let failed = diags
            .iter()
            .any(|d| d.severity == crate::diagnostic::Severity::Error);
        conv.filter(|_| !failed)
    }

    /// Every `.toml` file below the base folder, relative to it, sorted.
    pub(super) fn list(&self) -> Result<Vec<String>, DiffError> {
        let mut files = match &self.store {
            Store::Disk => {
                let mut out = Vec::new();
                walk(&self.base, "", self.nested_repos, &mut out)?;
                out
            }
            Store::Git { repo, rev } => git::list(repo, rev, &git::path(&self.base))?,
        };
        files.sort();
        Ok(files)
    }
}

/// Collects the `.toml` files below `dir` (`rel` relative to the base), skipping the folders
/// the loader skips, and those of other repositories unless `nested_repos`. Links are not
/// followed: a linked `.toml` is listed (and refused when read), a linked folder is not.
fn walk(dir: &Path, rel: &str, nested_repos: bool, out: &mut Vec<String>) -> Result<(), DiffError> {
    if !nested_repos && !rel.is_empty() && dir.join(".git").symlink_metadata().is_ok() {
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).map_err(|source| DiffError::Unreadable {
        label: display_path(dir),
        source,
    })?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let child = join(rel, &name);
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_dir() {
            if !load::is_skipped_dir(&name) {
                walk(&path, &child, nested_repos, out)?;
            }
        } else if name.ends_with(".toml") && !ft.is_dir() {
            out.push(child);
        }
    }
    Ok(())
}

/// The path of `rel` below `base`. `rel` shows a name that is not UTF-8 with U+FFFD; such a
/// component is found again by its shown form among its folder's entries.
fn real_path(base: &Path, rel: &str) -> PathBuf {
    let mut path = base.to_path_buf();
    for part in rel.split('/').filter(|p| !p.is_empty()) {
        let exact = path.join(part);
        if !part.contains('\u{FFFD}') || exact.symlink_metadata().is_ok() {
            path = exact;
            continue;
        }
        let found = std::fs::read_dir(&path).ok().and_then(|entries| {
            entries
                .flatten()
                .find(|e| e.file_name().to_string_lossy() == part)
                .map(|e| e.path())
        });
        path = found.unwrap_or(exact);
    }
    path
}

/// Joins two `/`-separated relative paths, either of which may be empty.
pub(super) fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}/{b}"),
    }
}
