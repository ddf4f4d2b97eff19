//! What a render leaves running or on disk while it works: the typst processes (each the
//! leader of its own process group) and the private staging folders. [`abort`] kills the
//! ones and removes the others; the command line calls it when SIGINT or SIGTERM arrives,
//! before it exits, so that an interrupted render leaves neither an orphaned typst nor a
//! `.convgen-*` folder behind.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
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
    if let Ok(pid) = i32::try_from(pid) {
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

/// The limits of a child process convgen runs on the repository's behalf (typst, the
/// repository's Markdown templates).
#[derive(Clone, Debug)]
pub struct Limits {
    /// Address space (`RLIMIT_AS`).
    pub memory_bytes: u64,
    /// CPU seconds over all threads (`RLIMIT_CPU`; SIGXCPU, then SIGKILL 10 s later).
    pub cpu_seconds: u64,
    /// Most bytes of standard output kept (standard error: 256 KiB); the rest is read and
    /// dropped, and [`Finished::stdout_truncated`] says so.
    pub max_stdout_bytes: u64,
    /// Wall-clock time before the process group is killed.
    pub timeout: Duration,
}

/// Why a limited run gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{0}")]
    Spawn(std::io::Error),
    #[error("délai dépassé ({} s, --typst-timeout) : le processus a été arrêté", .0.as_secs())]
    Timeout(Duration),
    #[error("{0}")]
    Wait(std::io::Error),
}

/// What a finished run printed.
pub struct Finished {
    pub status: std::process::ExitStatus,
    pub stdout: Vec<u8>,
    pub stdout_truncated: bool,
    pub stderr: Vec<u8>,
}

/// Runs `cmd` in its own process group (killed whole on timeout and by [`abort`]) under
/// `limits`, with `input` (or nothing) on its standard input.
pub fn run_limited(
    cmd: &mut Command,
    limits: &Limits,
    input: Option<Vec<u8>>,
) -> Result<Finished, RunError> {
    let piped = input.is_some();
    let mut running = start_limited(cmd, limits, piped)?;
    if let Some(bytes) = input {
        running.feed(bytes);
    }
    running.finish()
}

/// A child started by [`start_limited`]: its standard input is written by [`Running::feed`]
/// when the caller is ready, then [`Running::finish`] waits for it. Dropped unfinished, it is
/// killed with its group.
pub struct Running {
    child: Option<std::process::Child>,
    _guard: ChildGuard,
    stdin: Option<std::process::ChildStdin>,
    feeder: Option<std::thread::JoinHandle<()>>,
    out: Option<std::thread::JoinHandle<(Vec<u8>, bool)>>,
    err: Option<std::thread::JoinHandle<(Vec<u8>, bool)>>,
    pipes_closed: std::sync::mpsc::Receiver<()>,
    timeout: Duration,
}

/// Starts `cmd` like [`run_limited`] but returns at once; `stdin`: whether it gets a
/// standard input (else `/dev/null`).
pub fn start_limited(cmd: &mut Command, limits: &Limits, stdin: bool) -> Result<Running, RunError> {
    cmd.stdin(if stdin { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    own_group_under_limits(cmd, limits);
    let (mut child, guard) = ChildGuard::spawn(cmd).map_err(RunError::Spawn)?;
    // Each drain says when its pipe closes, which is when the child exits (unless something
    // it started keeps the pipe open): the wait wakes at once instead of at its next poll.
    let (closed, pipes_closed) = std::sync::mpsc::channel::<()>();
    let out = drain(
        child.stdout.take().map(|s| Box::new(s) as _),
        limits.max_stdout_bytes,
        closed.clone(),
    );
    let err = drain(
        child.stderr.take().map(|s| Box::new(s) as _),
        256 * 1024,
        closed,
    );
    Ok(Running {
        stdin: child.stdin.take(),
        child: Some(child),
        _guard: guard,
        feeder: None,
        out: Some(out),
        err: Some(err),
        pipes_closed,
        timeout: limits.timeout,
    })
}

impl Running {
    /// Writes `bytes` on the child's standard input (on a thread, so that a child that does
    /// not read never blocks the caller), then closes it.
    pub fn feed(&mut self, bytes: Vec<u8>) {
        if let Some(mut stdin) = self.stdin.take() {
            self.feeder = Some(std::thread::spawn(move || {
                let _ = stdin.write_all(&bytes);
            }));
        }
    }

    /// Waits for the child at most the timeout, counted from now (then kills its group), and
    /// gathers what it printed.
    pub fn finish(mut self) -> Result<Finished, RunError> {
        // A standard input never fed is closed: the child reads its end.
        drop(self.stdin.take());
        let mut child = self.child.take().expect("finished once");
        let status = wait(&mut child, self.timeout, &self.pipes_closed)?;
        // Anything the group left running (it could hold the pipes open) goes too.
        kill_group(child.id());
        if let Some(feeder) = self.feeder.take() {
            let _ = feeder.join();
        }
        let gather = |h: Option<std::thread::JoinHandle<(Vec<u8>, bool)>>| {
            h.and_then(|h| h.join().ok()).unwrap_or_default()
        };
        let (stdout, stdout_truncated) = gather(self.out.take());
        let stderr = gather(self.err.take()).0;
        Ok(Finished {
            status,
            stdout,
            stdout_truncated,
            stderr,
        })
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            kill_group(child.id());
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Makes the child of `cmd` the leader of its own process group, under the memory and CPU
/// limits (`RLIMIT_AS`, `RLIMIT_CPU`).
fn own_group_under_limits(cmd: &mut Command, limits: &Limits) {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let (memory, cpu) = (limits.memory_bytes, limits.cpu_seconds);
        // SAFETY: between fork and exec only async-signal-safe calls (setpgid, setrlimit),
        // with values computed before the fork.
        unsafe {
            cmd.pre_exec(move || {
                if libc::setpgid(0, 0) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                let limit = |resource, soft: u64, hard: u64| {
                    let l = libc::rlimit {
                        rlim_cur: soft as libc::rlim_t,
                        rlim_max: hard as libc::rlim_t,
                    };
                    if libc::setrlimit(resource, &l) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                };
                limit(libc::RLIMIT_AS, memory, memory)?;
                limit(libc::RLIMIT_CPU, cpu, cpu + 10)?;
                Ok(())
            });
        }
    }
    #[cfg(not(unix))]
    let _ = (cmd, limits);
}

/// Reads `stream` on a thread: its first `max` bytes, and whether more came (read and
/// dropped, so that a chatty child never blocks on a pipe); says on `closed` when it ends.
fn drain(
    stream: Option<Box<dyn Read + Send>>,
    max: u64,
    closed: std::sync::mpsc::Sender<()>,
) -> std::thread::JoinHandle<(Vec<u8>, bool)> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let mut more = false;
        if let Some(mut s) = stream {
            let _ = (&mut s).take(max).read_to_end(&mut bytes);
            more = std::io::copy(&mut s, &mut std::io::sink()).is_ok_and(|n| n > 0);
        }
        let _ = closed.send(());
        (bytes, more)
    })
}

/// Waits for `child` at most `timeout` (then kills its group): woken by its two pipes
/// closing, else every 5 ms.
fn wait(
    child: &mut std::process::Child,
    timeout: Duration,
    pipes_closed: &std::sync::mpsc::Receiver<()>,
) -> Result<std::process::ExitStatus, RunError> {
    let start = Instant::now();
    let (mut open_pipes, mut spins) = (2, 0u32);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if start.elapsed() >= timeout => {
                kill_group(child.id());
                let _ = child.kill();
                let _ = child.wait();
                return Err(RunError::Timeout(timeout));
            }
            Ok(None) if open_pipes > 0 => {
                if pipes_closed.recv_timeout(Duration::from_millis(5)).is_ok() {
                    open_pipes -= 1;
                }
            }
            // Both pipes closed: the child is exiting, its status comes within moments (a
            // child that closed them and runs on is polled every 5 ms after 10 ms).
            Ok(None) => {
                spins += 1;
                let pause = if spins < 50 { 200 } else { 5000 };
                std::thread::sleep(Duration::from_micros(pause));
            }
            Err(e) => {
                kill_group(child.id());
                let _ = child.wait();
                return Err(RunError::Wait(e));
            }
        }
    }
}
