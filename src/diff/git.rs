//! The old side of `convgen diff --rev REV [PATH]`: files read from a git revision with
//! `git cat-file` and `git ls-tree`, without a checkout.
//!
//! The repository is untrusted and the caller's environment is not the repository's: every
//! git command names the repository's git folder explicitly (`--git-dir`), with the variables
//! that would point git at another repository removed; a blob is read up to
//! [`MAX_FILE_BYTES`](crate::load::MAX_FILE_BYTES) and no further; submodules (gitlinks) are
//! neither listed nor entered.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::load::MAX_FILE_BYTES;
use crate::source::display_path;

use super::DiffError;
use super::sides::{Nature, Side, Store};

/// The variables that choose which repository, index or object store git works on: set in the
/// caller's shell (a hook, an editor's terminal), they would make `--rev` read another tree.
const REPOSITORY_VARIABLES: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_CEILING_DIRECTORIES",
    "GIT_DISCOVERY_ACROSS_FILESYSTEM",
    "GIT_PREFIX",
    "GIT_QUARANTINE_PATH",
];

/// A repository, by its working tree and its git folder.
#[derive(Clone, Debug)]
pub(super) struct Repo {
    root: PathBuf,
    git_dir: PathBuf,
}

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
    let repo = discover(&dir).map_err(|_| DiffError::NotInRepository(display_path(&path)))?;
    let canon = |p: &Path| {
        std::fs::canonicalize(p).map_err(|source| DiffError::Unresolved {
            path: display_path(p),
            source,
        })
    };
    let rel = canon(&path)?
        .strip_prefix(canon(&repo.root)?)
        .map(Path::to_path_buf)
        .map_err(|_| DiffError::OutsideRepository(display_path(&path)))?;
    let rel = rel.to_string_lossy().replace('\\', "/");
    let old = Side {
        store: Store::Git {
            repo,
            rev: rev.to_string(),
        },
        base: PathBuf::from(rel),
        nested_repos: true,
    };
    let mut new = Side::disk(path);
    // The revision's tree holds a submodule as a link to another repository's commit, never
    // its files: the working tree's copy of it is left out too, or it would show as added.
    new.nested_repos = false;
    Ok((old, new))
}

/// The repository holding `dir`: its top folder and its git folder, asked of git with the
/// caller's repository variables removed.
fn discover(dir: &Path) -> Result<Repo, DiffError> {
    let out = run(command(None).arg("-C").arg(dir).args([
        "rev-parse",
        "--show-toplevel",
        "--absolute-git-dir",
    ]))?;
    let text = String::from_utf8(out).map_err(|_| DiffError::NotInRepository(display_path(dir)))?;
    let mut lines = text.lines();
    match (lines.next(), lines.next()) {
        (Some(root), Some(git_dir)) if !root.is_empty() => Ok(Repo {
            root: PathBuf::from(root),
            git_dir: PathBuf::from(git_dir),
        }),
        _ => Err(DiffError::NotInRepository(display_path(dir))),
    }
}

/// A path as git names it inside a revision: `/`-separated, empty for the root.
pub(super) fn path(p: &Path) -> String {
    let s = display_path(p);
    if s == "." { String::new() } else { s }
}

/// Whether `path` is a folder or a file at `rev`; `None` when it does not exist there (an
/// error when the revision itself does not exist). A submodule is neither: `None`.
pub(super) fn nature(repo: &Repo, rev: &str, path: &Path) -> Result<Option<Nature>, DiffError> {
    let spec = format!("{rev}:{}", self::path(path));
    match run(repo.command().args(["cat-file", "-t", &spec])) {
        Ok(t) if t.trim_ascii() == b"tree" => Ok(Some(Nature::Folder)),
        Ok(t) if t.trim_ascii() == b"blob" => Ok(Some(Nature::File)),
        Ok(_) => Ok(None),
        Err(_) => {
            let commit = format!("{rev}^{{commit}}");
            run(repo
                .command()
                .args(["rev-parse", "--verify", "--quiet", &commit]))
            .map_err(|_| DiffError::UnknownRevision(rev.to_string()))?;
            Ok(None)
        }
    }
}

/// The bytes of the file at `path` (from the repository root) in `rev`, refused past
/// [`MAX_FILE_BYTES`] without reading the rest (git objects are not limited by the size of
/// the working tree's files).
pub(super) fn read(repo: &Repo, rev: &str, path: &str, label: &str) -> Result<Vec<u8>, DiffError> {
    let mut spec = OsString::from(format!("{rev}:"));
    spec.push(repo.real_name(rev, path)?);
    let mut child = repo
        .command()
        .args(["cat-file", "blob"])
        .arg(&spec)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(DiffError::GitMissing)?;
    let mut bytes = Vec::new();
    let stdout = child.stdout.take().expect("stdout is piped");
    let read = stdout.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes);
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let _ = child.kill();
        let _ = child.wait();
        return Err(DiffError::TooLarge(label.to_string()));
    }
    let out = child.wait_with_output().map_err(DiffError::GitMissing)?;
    read.map_err(DiffError::GitMissing)?;
    if !out.status.success() {
        return Err(DiffError::GitFailed {
            args: format!("cat-file blob {}", spec.to_string_lossy()),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(bytes)
}

/// Every `.toml` file below the folder `base` in `rev`, relative to it (unsorted); the files
/// of submodules are not in the revision's tree and are not listed.
pub(super) fn list(repo: &Repo, rev: &str, base: &str) -> Result<Vec<String>, DiffError> {
    let prefix = if base.is_empty() {
        String::new()
    } else {
        format!("{base}/")
    };
    Ok(entries(repo, rev, base)?
        .into_iter()
        .filter(|(kind, _)| kind == "blob")
        .filter_map(|(_, p)| p.strip_prefix(&prefix).map(str::to_string))
        .filter(|p| p.ends_with(".toml"))
        .collect())
}

/// The entries below `base`, recursively: their type (`blob`, or `commit` for a submodule)
/// and the path shown (lossy where a name is not UTF-8).
fn entries(repo: &Repo, rev: &str, base: &str) -> Result<Vec<(String, String)>, DiffError> {
    let mut cmd = repo.command();
    cmd.args(["ls-tree", "-r", "-z", rev]);
    if !base.is_empty() {
        cmd.arg("--").arg(base);
    }
    let out = run(&mut cmd)?;
    Ok(out
        .split(|b| *b == 0)
        .filter_map(|entry| {
            // `<mode> SP <type> SP <object> TAB <path>`
            let entry = String::from_utf8_lossy(entry);
            let (head, path) = entry.split_once('\t')?;
            let kind = head.split(' ').nth(1)?;
            Some((kind.to_string(), path.to_string()))
        })
        .collect())
}

impl Repo {
    /// A git command on this repository and no other.
    fn command(&self) -> Command {
        let mut cmd = command(Some(&self.git_dir));
        cmd.arg("-C").arg(&self.root);
        cmd
    }

    /// The name of `path` as git stores it: the same, unless a component was not UTF-8 (shown
    /// with U+FFFD), whose bytes are then found again among the revision's paths.
    fn real_name(&self, rev: &str, path: &str) -> Result<OsString, DiffError> {
        if !path.contains('\u{FFFD}') {
            return Ok(OsString::from(path));
        }
        // The folder above the first component that is not UTF-8, listed recursively.
        let bad = path.find('\u{FFFD}').unwrap_or(0);
        let dir = path[..bad].rsplit_once('/').map_or("", |(d, _)| d);
        let mut cmd = self.command();
        cmd.args(["ls-tree", "-r", "-z", "--name-only", rev]);
        if !dir.is_empty() {
            cmd.arg("--").arg(format!("{dir}/"));
        }
        let found = run(&mut cmd)?
            .split(|b| *b == 0)
            .find(|raw| String::from_utf8_lossy(raw) == path)
            .map(<[u8]>::to_vec);
        Ok(found.map_or_else(|| OsString::from(path), bytes_to_os))
    }
}

#[cfg(unix)]
fn bytes_to_os(bytes: Vec<u8>) -> OsString {
    std::os::unix::ffi::OsStringExt::from_vec(bytes)
}

#[cfg(not(unix))]
fn bytes_to_os(bytes: Vec<u8>) -> OsString {
    OsString::from(String::from_utf8_lossy(&bytes).into_owned())
}

/// `git`, with the repository variables removed and, when known, the git folder named.
fn command(git_dir: Option<&Path>) -> Command {
    let mut cmd = Command::new("git");
    for var in REPOSITORY_VARIABLES {
        cmd.env_remove(var);
    }
    // Replacement refs would show another object under a blob's name.
    cmd.env("GIT_NO_REPLACE_OBJECTS", "1");
    if let Some(dir) = git_dir {
        cmd.arg("--git-dir").arg(dir);
    }
    cmd
}

/// Runs a git command for its output.
fn run(cmd: &mut Command) -> Result<Vec<u8>, DiffError> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(DiffError::GitMissing)?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        let args: Vec<String> = cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .skip_while(|a| a != "-C")
            .skip(2)
            .collect();
        Err(DiffError::GitFailed {
            args: args.join(" "),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        })
    }
}
