//! What a render leaves running or on disk while it works: the typst processes (each the
//! leader of its own process group) and the private staging folders. [`abort`] kills the
//! ones and removes the others; the command line calls it when SIGINT or SIGTERM arrives,
//! before it exits, so that an interrupted render leaves neither an orphaned typst nor a
//! `.convgen-*` folder behind.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static CHILDREN: Mutex<Vec<u32>> = Mutex::new(Vec::new());
static FOLDERS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Held (read) while the files of a convention are moved into the output folder, and taken
/// (write) by [`abort`] for good: a signal never leaves one format of a convention published
/// without the others.
static PUBLISHING: std::sync::RwLock<()> = std::sync::RwLock::new(());
/// Set once [`abort`] ran: no new typst is started after it.
static ABORTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A running child process, removed from the registry when dropped.
pub(crate) struct ChildGuard(u32);

impl ChildGuard {
    /// Starts `cmd` and registers it, under the registry's lock so that [`abort`] cannot run
    /// between the two (and leave a typst it does not know of); refused once [`abort`] ran.
    pub(crate) fn spawn(
        cmd: &mut std::process::Command,
    ) -> std::io::Result<(std::process::Child, ChildGuard)> {
        let mut children = lock(&CHILDREN);
        if ABORTED.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(std::io::Error::other("mise en page interrompue"));
        }
        let child = cmd.spawn()?;
        children.push(child.id());
        let id = child.id();
        Ok((child, ChildGuard(id)))
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        lock(&CHILDREN).retain(|&p| p != self.0);
    }
}

/// A staging folder, removed from the registry when dropped.
pub(crate) struct FolderGuard(PathBuf);

impl FolderGuard {
    /// Creates a staging folder `.convgen-XXXXXX` in `out` and registers it, under the
    /// registry's lock so that [`abort`] cannot run between the two (and leave a folder it
    /// does not know of); refused once [`abort`] ran.
    pub(crate) fn create(out: &Path) -> std::io::Result<(tempfile::TempDir, FolderGuard)> {
        let mut folders = lock(&FOLDERS);
        if ABORTED.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(std::io::Error::other("mise en page interrompue"));
        }
        let dir = tempfile::Builder::new()
            .prefix(".convgen-")
            .tempdir_in(out)?;
        folders.push(dir.path().to_path_buf());
        let guard = FolderGuard(dir.path().to_path_buf());
        Ok((dir, guard))
    }
}

impl Drop for FolderGuard {
    fn drop(&mut self) {
        lock(&FOLDERS).retain(|p| p != &self.0);
    }
}

/// Kills the process group of `pid` (typst and anything it started).
pub(crate) fn kill_group(pid: u32) {
    #[cfg(unix)]
    // Never 0 (or 1): kill(0) and kill(-1) would signal convgen's own group or every process.
    if let Ok(pid @ 2..) = i32::try_from(pid) {
        // SAFETY: kill(2) with a negative pid signals a process group; no memory is touched.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
}

/// Waits, at most `budget`, until each of `pids` (children of convgen, killed) has exited:
/// reaped here, or already reaped by the thread that started it.
fn reap(pids: &[u32], budget: Duration) {
    #[cfg(unix)]
    {
        let start = Instant::now();
        let mut left: Vec<i32> = pids.iter().filter_map(|p| i32::try_from(*p).ok()).collect();
        while !left.is_empty() && start.elapsed() < budget {
            // SAFETY: waitpid(2) on a child's pid with WNOHANG; the status is written to a
            // local integer.
            left.retain(|&pid| unsafe {
                let mut status = 0;
                libc::waitpid(pid, &mut status, libc::WNOHANG) == 0
            });
            if !left.is_empty() {
                std::thread::sleep(Duration::from_millis(1));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = (pids, budget);
}

/// Kills every running typst and removes every staging folder. Called once, from the thread
/// that received SIGINT or SIGTERM, just before the process exits.
pub fn abort() {
    ABORTED.store(true, std::sync::atomic::Ordering::SeqCst);
    let children = lock(&CHILDREN).clone();
    for pid in &children {
        kill_group(*pid);
    }
    // Gone before convgen is: a killed typst can take a while to be scheduled and die on a
    // loaded machine, and nothing of it may outlive the command (nor write after the folders
    // are removed).
    reap(&children, Duration::from_secs(2));
    let publishing = PUBLISHING.write().unwrap_or_else(|e| e.into_inner());
    let folders = lock(&FOLDERS);
    for folder in folders.iter() {
        // Moved aside first: a render thread still writing its view or entry source into the
        // folder can then add no file to it (its path is gone), which would make the removal
        // fail on a folder no longer empty.
        let aside = folder.with_extension("removed");
        let doomed = match std::fs::rename(folder, &aside) {
            Ok(()) => aside,
            Err(_) => folder.clone(),
        };
        let _ = std::fs::remove_dir_all(&doomed);
    }
    // The process exits next: the registry stays locked until then, so that no thread
    // creates a folder after these were removed.
    std::mem::forget(folders);
    std::mem::forget(publishing);
}

/// Leave to move a convention's files into the output folder, until the guard is dropped;
/// refused once [`abort`] ran.
pub(crate) fn publishing() -> std::io::Result<std::sync::RwLockReadGuard<'static, ()>> {
    let guard = PUBLISHING.read().unwrap_or_else(|e| e.into_inner());
    if ABORTED.load(std::sync::atomic::Ordering::SeqCst) {
        return Err(std::io::Error::other("mise en page interrompue"));
    }
    Ok(guard)
}

/// Creates `dir` and the folders above it up to `base` (which must exist): unlike
/// `create_dir_all`, never creates `base` again once [`abort`] removed it.
pub(crate) fn create_below(base: &Path, dir: &Path) -> std::io::Result<()> {
    let Ok(rel) = dir.strip_prefix(base) else {
        return Err(std::io::Error::other("dossier hors du dossier temporaire"));
    };
    let mut path = base.to_path_buf();
    for part in rel.components() {
        path.push(part);
        match std::fs::create_dir(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// Whether [`abort`] ran.
pub fn aborted() -> bool {
    ABORTED.load(std::sync::atomic::Ordering::SeqCst)
}
