//! `convgen diff` on an untrusted repository: git objects, submodules, links, odd names and
//! the caller's git variables (docs/reliability.md, threat model).

mod common;
use common::{convgen_in as convgen, copy_dir, git, outcome, stdout};

use std::path::{Path, PathBuf};

const CRPC: &str = "examples/crpc-centre-val-de-loire-2025";

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(CRPC)
}

/// A repository holding the CRPC example in `conventions/crpc`, committed.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    copy_dir(&example(), &dir.path().join("conventions/crpc"));
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "init"]);
    dir
}

#[test]
fn a_git_dir_in_the_environment_does_not_change_the_compared_tree() {
    let repo = repository();
    // Another repository, with another history, named by the caller's GIT_DIR.
    let other = tempfile::tempdir().unwrap();
    git(other.path(), &["init", "-q"]);
    std::fs::write(other.path().join("x.txt"), "x").unwrap();
    git(other.path(), &["add", "."]);
    git(other.path(), &["commit", "-qm", "other"]);

    let o = common::convgen()
        .current_dir(repo.path())
        .env("GIT_DIR", other.path().join(".git"))
        .env("GIT_WORK_TREE", other.path())
        .args(["diff", "--rev", "HEAD", "conventions/crpc"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", outcome(&o));
}

#[test]
fn a_git_blob_over_the_file_limit_is_refused_without_reading_it() {
    let repo = repository();
    let path = repo.path().join("conventions/crpc/annexes/2026.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    // 9 MiB of comments: over the 8 MiB limit of every file convgen reads.
    let padding = "# remplissage\n".repeat(9 * 1024 * 1024 / 14);
    std::fs::write(&path, format!("{text}{padding}")).unwrap();
    git(repo.path(), &["commit", "-qam", "big"]);
    std::fs::write(&path, text).unwrap();

    let o = convgen(repo.path(), &["diff", "--rev", "HEAD", "conventions/crpc"]);
    assert_eq!(o.status.code(), Some(2), "{}", outcome(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("fichier trop volumineux"), "{err}");
    assert!(
        err.contains("HEAD:conventions/crpc/annexes/2026.toml"),
        "{err}"
    );
}

#[test]
fn a_submodule_is_neither_added_nor_entered() {
    let repo = repository();
    // A second repository holding a convention, added as a submodule.
    let sub = tempfile::tempdir().unwrap();
    git(sub.path(), &["init", "-q"]);
    copy_dir(&example(), &sub.path().join("autre"));
    git(sub.path(), &["add", "."]);
    git(sub.path(), &["commit", "-qm", "sub"]);
    let url = sub.path().to_str().unwrap();
    git(
        repo.path(),
        &["submodule", "add", "-q", url, "conventions/module"],
    );
    git(repo.path(), &["commit", "-qm", "submodule"]);

    let o = convgen(repo.path(), &["diff", "--rev", "HEAD", "conventions"]);
    assert_eq!(o.status.code(), Some(0), "{}", outcome(&o));
    let o = convgen(
        repo.path(),
        &["diff", "--rev", "HEAD~1", "--format", "json", "conventions"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", outcome(&o));
}

#[test]
fn a_linked_toml_file_is_refused_and_its_target_not_shown() {
    let old = tempfile::tempdir().unwrap();
    let new = tempfile::tempdir().unwrap();
    copy_dir(&example(), &old.path().join("crpc"));
    copy_dir(&example(), &new.path().join("crpc"));
    let secret = new.path().join("secret.txt");
    std::fs::write(&secret, "jeton = \"SECRET-42\"\nligne 2 SECRET-42\n").unwrap();
    let annex = new.path().join("crpc/annexes/2026.toml");
    std::fs::remove_file(&annex).unwrap();
    std::os::unix::fs::symlink(&secret, &annex).unwrap();

    let o = convgen(
        Path::new("/"),
        &[
            "diff",
            old.path().join("crpc").to_str().unwrap(),
            new.path().join("crpc").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", outcome(&o));
    let all = outcome(&o);
    assert!(all.contains("lien symbolique"), "{all}");
    assert!(!all.contains("SECRET-42"), "{all}");
}

#[test]
fn names_that_are_not_utf8_are_compared() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9");
    copy_dir(&example(), &dir.path().join("old").join(name));
    copy_dir(&example(), &dir.path().join("new").join(name));
    let annex = dir.path().join("new").join(name).join("annexes/2026.toml");
    let text = std::fs::read_to_string(&annex).unwrap();
    std::fs::write(
        &annex,
        text.replace("budget_eur = 190000", "budget_eur = 200000"),
    )
    .unwrap();

    let o = convgen(dir.path(), &["diff", "old", "new"]);
    assert_eq!(o.status.code(), Some(1), "{}", outcome(&o));
    let out = stdout(&o);
    assert!(out.contains("caf\u{FFFD}"), "{out}");
    assert!(out.contains("190"), "{out}");

    // The same folder in a git revision.
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "init"]);
    std::fs::write(&annex, text).unwrap();
    let o = convgen(dir.path(), &["diff", "--rev", "HEAD", "new"]);
    assert_eq!(o.status.code(), Some(1), "{}", outcome(&o));
    assert!(stdout(&o).contains("190"), "{}", outcome(&o));
}

#[test]
fn a_line_feed_in_a_value_starts_no_line_of_the_report() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example(), &dir.path().join("old"));
    copy_dir(&example(), &dir.path().join("new"));
    let annex = dir.path().join("new/annexes/2026.toml");
    let text = std::fs::read_to_string(&annex).unwrap();
    let added = "\n[[means]]\nobjective = \"diag-partage\"\nsignatory = \"etat\"\n\
                 etp = 0.1\ntext = \"ajout\\n::error file=x::faux\\r\\u001b[2Jeffacé\"\n";
    std::fs::write(&annex, format!("{text}{added}")).unwrap();
    for format in ["text", "markdown"] {
        let o = convgen(dir.path(), &["diff", "--format", format, "old", "new"]);
        assert_eq!(o.status.code(), Some(1), "{}", outcome(&o));
        let out = stdout(&o);
        assert!(out.contains("ajout"), "{out}");
        assert!(out.contains("\\u{a}::error"), "{format}: {out}");
        for line in out.lines() {
            assert!(!line.trim_start().starts_with("::"), "{format}: {line}");
            assert!(
                !line.contains('\x1b') && !line.contains('\r'),
                "{format}: {line:?}"
            );
        }
    }
}
