//! `--watch` for `check` and `render`: run once, then again after every change under the
//! given paths (debounced), until Ctrl-C.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use notify::{Event, EventKind, RecursiveMode, Watcher};

use super::error::{Failure, Hint, Outcome, print_out, say};

/// Quiet time after the last change before running again: an editor's save is often several
/// events (write to a temporary file, rename, change of attributes).
const DEBOUNCE: Duration = Duration::from_millis(200);

/// Runs `run` once, then after every batch of relevant changes under `paths`. Changes under
/// `ignore` (the render output folder) and editor temporary files do not count. Returns only
/// when watching becomes impossible (exit code 2); Ctrl-C ends the process.
pub fn watch(paths: &[PathBuf], ignore: &[PathBuf], mut run: impl FnMut() -> Outcome) -> Outcome {
    let cwd = std::env::current_dir().unwrap_or_default();
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    })
    .map_err(|e| anyhow::anyhow!("surveillance des fichiers impossible : {e}"))
    .hint("relancez sans --watch")?;
    let mut roots = Vec::new();
    for path in paths {
        let abs = absolute(&cwd, path);
        if !abs.exists() {
            return Err(Failure::msg(format!("chemin introuvable : {}", path.display())).hint(
                "indiquez la racine d'un dépôt de conventions, un dossier de convention ou un fichier .toml",
            ));
        }
        let (target, mode) = watch_target(&abs);
        watcher
            .watch(&target, mode)
            .map_err(|e| anyhow::anyhow!("impossible de surveiller {} : {e}", path.display()))
            .hint("vérifiez que le chemin existe ; sous Linux, le nombre de fichiers surveillés est limité par fs.inotify.max_user_watches")?;
        roots.push(target);
    }
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let waiting = format!(
        "surveillance de {} : en attente de modifications (Ctrl-C pour arrêter)",
        shown.join(", ")
    );

    // When the command cannot run at all (typst missing, no convention…), watching is useless.
    if let Err(failure) = run() {
        return Err(failure.hint("corrigez le problème ci-dessus, puis relancez avec --watch"));
    }
    say!("{waiting}");
    let ignored: Vec<PathBuf> = ignore.iter().map(|p| absolute(&cwd, p)).collect();
    loop {
        let changed = next_changes(&rx, &roots, &ignored)?;
        // A watched folder that was deleted (or renamed) is no longer watched by the system:
        // say so and stop, instead of waiting for changes that will never be seen.
        if let Some(gone) = roots.iter().zip(&shown).find(|(root, _)| !root.exists()) {
            return Err(Failure::msg(format!(
                "{} n'existe plus : surveillance arrêtée",
                convgen::source::printable(gone.1)
            ))
            .hint("recréez le dossier ou le fichier, puis relancez la commande avec --watch"));
        }
        if changed.is_empty() {
            continue;
        }
        let names: Vec<String> = changed.iter().map(|p| shown_path(&cwd, p)).collect();
        print_out(&format!("modification détectée : {}\n", names.join(", ")))?;
        if let Err(failure) = run() {
            failure.print();
        }
        say!("{waiting}");
    }
}

/// Waits for the next batch of events (debounced) and returns the relevant paths changed.
fn next_changes(
    rx: &mpsc::Receiver<notify::Result<Event>>,
    roots: &[PathBuf],
    ignored: &[PathBuf],
) -> Result<Vec<PathBuf>, Failure> {
    let stopped = || Failure::msg("la surveillance des fichiers s'est arrêtée");
    let mut changed: Vec<PathBuf> = Vec::new();
    let first = rx.recv().map_err(|_| stopped())?;
    collect(first, roots, ignored, &mut changed);
    loop {
        match rx.recv_timeout(DEBOUNCE) {
            Ok(event) => collect(event, roots, ignored, &mut changed),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => return Err(stopped()),
        }
    }
    changed.sort();
    changed.dedup();
    Ok(changed)
}

/// What to watch for a path given by the user. A folder: all of it. A file is watched through
/// a folder, since editors replace files on save and the load reads the whole convention: the
/// convention folder for `convention.toml` and for an annex, the file's folder alone otherwise.
fn watch_target(abs: &Path) -> (PathBuf, RecursiveMode) {
    if abs.is_dir() {
        return (abs.to_path_buf(), RecursiveMode::Recursive);
    }
    let parent = abs.parent().map_or(abs.to_path_buf(), Path::to_path_buf);
    let is_annex = parent
        .file_name()
        .is_some_and(|n| n == convgen::load::ANNEX_DIR);
    let is_convention = abs
        .file_name()
        .is_some_and(|n| n == convgen::load::CONVENTION_FILE);
    match (is_annex, parent.parent()) {
        (true, Some(conv)) => (conv.to_path_buf(), RecursiveMode::Recursive),
        _ if is_convention => (parent, RecursiveMode::Recursive),
        _ => (parent, RecursiveMode::NonRecursive),
    }
}

/// Adds the relevant paths of one notification to `changed`.
fn collect(
    event: notify::Result<Event>,
    roots: &[PathBuf],
    ignored: &[PathBuf],
    changed: &mut Vec<PathBuf>,
) {
    let event = match event {
        Ok(e) => e,
        Err(e) => {
            say!(
                "avertissement : surveillance : {}",
                convgen::source::printable(&e.to_string())
            );
            return;
        }
    };
    // Reading files (ours included) makes access events: they must not trigger a run.
    if !matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
    ) {
        return;
    }
    for path in event.paths {
        if is_relevant(&path, roots, ignored) {
            changed.push(path);
        }
    }
}

/// Whether a changed path should trigger a run: not in an ignored folder (the output), not in
/// a hidden folder or `target`, not an editor's temporary file.
pub fn is_relevant(path: &Path, roots: &[PathBuf], ignored: &[PathBuf]) -> bool {
    if ignored.iter().any(|i| path.starts_with(i)) {
        return false;
    }
    let relative = roots
        .iter()
        .filter_map(|r| path.strip_prefix(r).ok())
        .min_by_key(|p| p.components().count())
        .unwrap_or(path);
    let in_skipped_dir = relative
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .any(|c| match c {
            Component::Normal(name) => convgen::load::is_tooling_dir(&name.to_string_lossy()),
            _ => false,
        });
    if in_skipped_dir {
        return false;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    !is_editor_temp(&name)
}

/// Swap, backup and lock files of vim, emacs and others.
fn is_editor_temp(name: &str) -> bool {
    name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with(".tmp")
        || name == "4913" // vim checks that it may write in the folder with this name
}

/// An absolute path: canonical when it exists, else joined to the current folder.
fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| cwd.join(path))
}

/// A path as shown to the user: relative to the current folder when it is below it.
fn shown_path(cwd: &Path, path: &Path) -> String {
    let cwd = std::fs::canonicalize(cwd).unwrap_or(cwd.to_path_buf());
    let p = path.strip_prefix(&cwd).unwrap_or(path);
    convgen::source::printable(&p.display().to_string().replace('\\', "/")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_watched_through_their_convention_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let conv = tmp.path().join("c");
        std::fs::create_dir_all(conv.join("annexes")).unwrap();
        for f in ["convention.toml", "annexes/2026.toml", "autre.toml"] {
            std::fs::write(conv.join(f), "").unwrap();
        }
        let t = |p: &str| watch_target(&conv.join(p));
        assert!(matches!(t(""), (d, RecursiveMode::Recursive) if d == conv.join("")));
        assert!(matches!(t("convention.toml"), (d, RecursiveMode::Recursive) if d == conv));
        assert!(matches!(t("annexes/2026.toml"), (d, RecursiveMode::Recursive) if d == conv));
        assert!(matches!(t("autre.toml"), (d, RecursiveMode::NonRecursive) if d == conv));
    }

    #[test]
    fn editor_files_and_output_are_ignored() {
        let roots = [PathBuf::from("/r")];
        let out = [PathBuf::from("/r/out")];
        let yes = |p: &str| is_relevant(Path::new(p), &roots, &out);
        assert!(yes("/r/c/convention.toml"));
        assert!(yes("/r/c/annexes/2026.toml"));
        assert!(!yes("/r/out/c.pdf"));
        assert!(!yes("/r/c/.convention.toml.swp"));
        assert!(!yes("/r/c/convention.toml~"));
        assert!(!yes("/r/c/.#convention.toml"));
        assert!(!yes("/r/c/#convention.toml#"));
        assert!(!yes("/r/c/4913"));
        assert!(!yes("/r/.git/index"));
        assert!(!yes("/r/target/debug/x"));
    }
}
