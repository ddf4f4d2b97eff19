//! The child processes convgen runs on the repository's behalf (typst, the repository's
//! Markdown templates): each the leader of its own process group (registered with
//! [`super::cleanup`], so that a signal kills it), under memory, CPU and time limits, its
//! output read on threads and bounded.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, Instant};

use super::cleanup::{ChildGuard, kill_group};

/// The limits of a child process.
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
    /// Says when the standard output read so far is whole (a PDF up to its `%%EOF`): it is
    /// then handed over at once ([`Running::output`]), while the child is still exiting.
    pub complete: Option<fn(&[u8]) -> bool>,
    /// The child does nothing on the repository's behalf before it reads its standard input
    /// (`typst compile -`, whose source comes there): on Linux it is started with
    /// `posix_spawn` (about 0.3 ms, against 0.55 ms for a `fork` of convgen) and its limits
    /// are set from outside, with `prlimit`, before it is fed. Else they are set between
    /// fork and exec, in force from its first instruction.
    pub limited_before_input: bool,
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
    /// The standard output, less what [`Running::output`] handed over before.
    pub stdout: Vec<u8>,
    pub stdout_truncated: bool,
    pub stderr: Vec<u8>,
}

/// Runs `cmd` in its own process group (killed whole on timeout and by
/// [`super::cleanup::abort`]) under `limits`, with `input` (or nothing) on its standard input.
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

/// What the readers of the child's pipes say.
enum Event {
    /// A pipe closed (the child exited, unless something it started holds it).
    Closed,
    /// The standard output is whole ([`Limits::complete`]).
    Output(Vec<u8>),
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
    events: Receiver<Event>,
    open_pipes: u32,
    timeout: Duration,
    /// Set by the first wait: the timeout counts from there.
    deadline: Option<Instant>,
    /// A whole output the reader sent that [`Running::output`] did not hand over (the child
    /// exited first): the start of what [`Running::finish`] returns.
    unclaimed: Option<Vec<u8>>,
}

/// Starts `cmd` like [`run_limited`] but returns at once; `stdin`: whether it gets a
/// standard input (else `/dev/null`). The limits are in force before this returns (see
/// [`Limits::limited_before_input`]).
pub fn start_limited(cmd: &mut Command, limits: &Limits, stdin: bool) -> Result<Running, RunError> {
    cmd.stdin(if stdin { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    own_group(cmd, limits);
    let (mut child, guard) = ChildGuard::spawn(cmd).map_err(RunError::Spawn)?;
    if let Err(e) = apply_limits(child.id(), limits) {
        kill_group(child.id());
        let _ = child.kill();
        let _ = child.wait();
        return Err(RunError::Spawn(e));
    }
    if let Some(out) = &child.stdout {
        widen_pipe(out);
    }
    // Each reader says when its pipe closes, which is when the child exits (unless something
    // it started keeps the pipe open): the wait wakes at once instead of at its next poll.
    let (tx, events) = std::sync::mpsc::channel::<Event>();
    let out = drain(
        child.stdout.take().map(|s| Box::new(s) as _),
        limits.max_stdout_bytes,
        limits.complete,
        tx.clone(),
    );
    let err = drain(
        child.stderr.take().map(|s| Box::new(s) as _),
        256 * 1024,
        None,
        tx,
    );
    Ok(Running {
        stdin: child.stdin.take(),
        child: Some(child),
        _guard: guard,
        feeder: None,
        out: Some(out),
        err: Some(err),
        events,
        open_pipes: 2,
        timeout: limits.timeout,
        deadline: None,
        unclaimed: None,
    })
}

/// Room asked for in the pipe of a child's standard output: typst writes a 46-page PDF
/// (about 700 KB) in one go instead of waiting for the reader every 64 KiB (Linux's default
/// pipe size). 1 MiB is what an unprivileged process may ask by default
/// (`/proc/sys/fs/pipe-max-size`); a refusal leaves the default.
const STDOUT_PIPE_BYTES: libc::c_int = 1024 * 1024;

/// Asks for [`STDOUT_PIPE_BYTES`] in the pipe of `out` (Linux only; a refusal is harmless).
fn widen_pipe(out: &std::process::ChildStdout) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: fcntl on a pipe this process owns; no memory is passed.
        unsafe {
            libc::fcntl(out.as_raw_fd(), libc::F_SETPIPE_SZ, STDOUT_PIPE_BYTES);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = out;
}

/// Bytes an empty pipe always takes without blocking (`PIPE_BUF`, the least a pipe holds on
/// Linux and POSIX).
const PIPE_HOLDS: usize = 4096;

/// How a wait ended.
enum Waited {
    Exited(std::process::ExitStatus),
    Output(Vec<u8>),
}

impl Running {
    /// Writes `bytes` on the child's standard input (on a thread, so that a child that does
    /// not read never blocks the caller), then closes it.
    /// A few bytes (typst's entry source) are written at once: a pipe holds at least
    /// [`PIPE_HOLDS`] bytes, so that write cannot block.
    pub fn feed(&mut self, bytes: Vec<u8>) {
        if let Some(mut stdin) = self.stdin.take() {
            if bytes.len() <= PIPE_HOLDS {
                let _ = stdin.write_all(&bytes);
                return;
            }
            self.feeder = Some(std::thread::spawn(move || {
                let _ = stdin.write_all(&bytes);
            }));
        }
    }

    /// Waits (at most the timeout, counted from the first wait) until the child's standard
    /// output is whole ([`Limits::complete`]) and returns it, while the child may still be
    /// exiting; `None` if the child ended first (all its output then comes with
    /// [`Self::finish`]).
    pub fn output(&mut self) -> Result<Option<Vec<u8>>, RunError> {
        Ok(match self.wait(true)? {
            Waited::Output(bytes) => Some(bytes),
            Waited::Exited(_) => None,
        })
    }

    /// Waits for the child at most the timeout, counted from the first wait (then kills its
    /// group), and gathers what it printed.
    pub fn finish(mut self) -> Result<Finished, RunError> {
        let status = match self.wait(false)? {
            Waited::Exited(status) => status,
            Waited::Output(_) => unreachable!("waits for the exit only"),
        };
        // Reaped by the wait; anything the group left running (it could hold the pipes
        // open) goes too.
        if let Some(pid) = self.child.as_ref().map(std::process::Child::id) {
            self.child = None;
            kill_group(pid);
        }
        if let Some(feeder) = self.feeder.take() {
            let _ = feeder.join();
        }
        let gather = |h: Option<std::thread::JoinHandle<(Vec<u8>, bool)>>| {
            h.and_then(|h| h.join().ok()).unwrap_or_default()
        };
        let (rest, stdout_truncated) = gather(self.out.take());
        let stderr = gather(self.err.take()).0;
        // The reader has ended: a whole output it sent and nobody took is in the channel.
        for event in self.events.try_iter() {
            if let Event::Output(bytes) = event {
                self.unclaimed = Some(bytes);
            }
        }
        let stdout = match self.unclaimed.take() {
            Some(mut start) => {
                start.extend_from_slice(&rest);
                start
            }
            None => rest,
        };
        Ok(Finished {
            status,
            stdout,
            stdout_truncated,
            stderr,
        })
    }

    /// Waits for the child's exit, or also for its whole output (`output`): woken by the exit
    /// (a pidfd) when only the exit is waited for, else by the readers, else every 5 ms;
    /// kills the group at the deadline.
    fn wait(&mut self, output: bool) -> Result<Waited, RunError> {
        // A standard input never fed is closed: the child reads its end.
        drop(self.stdin.take());
        let deadline = *self
            .deadline
            .get_or_insert_with(|| Instant::now() + self.timeout);
        let child = self.child.as_mut().expect("waited before finishing");
        let mut spins = 0u32;
        // Waiting for the exit alone: woken by the exit itself where the system says it
        // (Linux's pidfd), not through the readers (each a thread to wake when its pipe
        // closes, just before the exit). The readers go on draining the pipes.
        let mut exit = (!output).then(|| ExitSignal::open(child.id()));
        let direct = exit.as_ref().is_some_and(ExitSignal::available);
        let waited = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Ok(Waited::Exited(status)),
                Ok(None) if Instant::now() >= deadline => {
                    kill_group(child.id());
                    let _ = child.kill();
                    let _ = child.wait();
                    break Err(RunError::Timeout(self.timeout));
                }
                Ok(None) if direct => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if let Some(exit) = &exit {
                        exit.wait(left);
                    }
                    // Readable and not yet reapable (a moment, or a tracer): no busy loop.
                    spins += 1;
                    if spins > 2 {
                        std::thread::sleep(Duration::from_micros(200).min(left));
                    }
                }
                Ok(None) if self.open_pipes > 0 => {
                    match self.events.recv_timeout(Duration::from_millis(5)) {
                        Ok(Event::Closed) => self.open_pipes -= 1,
                        Ok(Event::Output(bytes)) if output => break Ok(Waited::Output(bytes)),
                        Ok(Event::Output(bytes)) => self.unclaimed = Some(bytes),
                        Err(_) => {}
                    }
                }
                // Both pipes closed: the child is exiting, its status comes within moments.
                // Woken by its exit where the system says it (Linux's pidfd), else polled (a
                // child that closed them and runs on is polled every 5 ms after 10 ms).
                Ok(None) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    let exit = exit.get_or_insert_with(|| ExitSignal::open(child.id()));
                    if !exit.wait(left) {
                        spins += 1;
                        let pause = if spins < 50 { 200 } else { 5000 };
                        std::thread::sleep(Duration::from_micros(pause).min(left));
                    }
                }
                Err(e) => {
                    kill_group(child.id());
                    let _ = child.wait();
                    break Err(RunError::Wait(e));
                }
            }
        };
        if waited.is_err() {
            // Reaped: nothing left for the drop to kill.
            self.child = None;
        }
        waited
    }
}

/// Tells when a child has exited without reaping it: a pidfd (Linux 5.3 and later), which
/// becomes readable at the exit; `None` where there is none (then the caller polls).
struct ExitSignal(Option<std::os::fd::OwnedFd>);

impl ExitSignal {
    /// Opens a pidfd for `pid`, a child of this process not yet reaped (so the number cannot
    /// name another process).
    fn open(pid: u32) -> ExitSignal {
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::FromRawFd;
            let Ok(pid) = libc::pid_t::try_from(pid) else {
                return ExitSignal(None);
            };
            // SAFETY: pidfd_open(2) takes a pid and flags and returns a new descriptor (or
            // -1), which is owned from here on.
            let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
            if let Ok(fd) = libc::c_int::try_from(fd)
                && fd >= 0
            {
                // SAFETY: `fd` was just opened by the kernel for this process alone.
                return ExitSignal(Some(unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) }));
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = pid;
        ExitSignal(None)
    }

    /// Whether the system gives a pidfd (else [`ExitSignal::wait`] waits for nothing).
    fn available(&self) -> bool {
        self.0.is_some()
    }

    /// Waits at most `left` for the exit; `false` when there is no pidfd (nothing waited).
    fn wait(&self, left: Duration) -> bool {
        #[cfg(target_os = "linux")]
        if let Some(fd) = &self.0 {
            use std::os::fd::AsRawFd;
            let mut poll = libc::pollfd {
                fd: fd.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            };
            let ms = libc::c_int::try_from(left.as_millis().saturating_add(1)).unwrap_or(i32::MAX);
            // SAFETY: poll(2) on one descriptor this process owns, `poll` outlives the call.
            unsafe { libc::poll(&mut poll, 1, ms) };
            return true;
        }
        let _ = left;
        false
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
/// limits (`RLIMIT_AS`, `RLIMIT_CPU`) set between fork and exec, unless
/// [`apply_limits`] sets them after the start.
fn own_group(cmd: &mut Command, limits: &Limits) {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
        if limits_after_start(limits) {
            return;
        }
        let (memory, cpu) = (limits.memory_bytes, limits.cpu_seconds);
        // SAFETY: between fork and exec only an async-signal-safe call (setrlimit), with
        // values computed before the fork.
        unsafe {
            cmd.pre_exec(move || {
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

/// Whether the limits are set from outside once the child runs (Linux, and a child that
/// waits for its input: [`Limits::limited_before_input`]).
fn limits_after_start(limits: &Limits) -> bool {
    cfg!(target_os = "linux") && limits.limited_before_input
}

/// Sets the memory and CPU limits of the child `pid`, which has only just started, when
/// [`own_group`] did not.
fn apply_limits(pid: u32, limits: &Limits) -> std::io::Result<()> {
    if !limits_after_start(limits) {
        return Ok(());
    }
    #[cfg(target_os = "linux")]
    {
        let pid = libc::pid_t::try_from(pid).map_err(std::io::Error::other)?;
        let limit = |resource, soft: u64, hard: u64| {
            let l = libc::rlimit64 {
                rlim_cur: soft,
                rlim_max: hard,
            };
            // SAFETY: prlimit64(2) on convgen's own child, reading one local struct and
            // writing nothing back (null old limit).
            if unsafe { libc::prlimit64(pid, resource, &l, std::ptr::null_mut()) } != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        };
        limit(libc::RLIMIT_AS, limits.memory_bytes, limits.memory_bytes)?;
        limit(
            libc::RLIMIT_CPU,
            limits.cpu_seconds,
            limits.cpu_seconds + 10,
        )?;
    }
    #[cfg(not(target_os = "linux"))]
    let _ = pid;
    Ok(())
}

/// Reads `stream` on a thread: its first `max` bytes, and whether more came (read and
/// dropped, so that a chatty child never blocks on a pipe). Says on `events` when the bytes
/// read are whole (`complete`, once; they are sent and reading goes on from nothing) and
/// when the stream ends.
fn drain(
    stream: Option<Box<dyn Read + Send>>,
    max: u64,
    complete: Option<fn(&[u8]) -> bool>,
    events: Sender<Event>,
) -> std::thread::JoinHandle<(Vec<u8>, bool)> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let mut more = false;
        if let Some(mut s) = stream {
            let mut complete = complete;
            let mut left = max;
            let mut chunk = vec![0u8; 64 * 1024];
            loop {
                let n = match s.read(&mut chunk) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(_) => break,
                };
                let kept = n.min(usize::try_from(left).unwrap_or(usize::MAX));
                bytes.extend_from_slice(&chunk[..kept]);
                left -= kept as u64;
                if kept < n {
                    more = true;
                    break;
                }
                if complete.is_some_and(|whole| whole(&bytes)) {
                    complete = None;
                    let _ = events.send(Event::Output(std::mem::take(&mut bytes)));
                }
            }
            if more {
                let _ = std::io::copy(&mut s, &mut std::io::sink());
            }
        }
        let _ = events.send(Event::Closed);
        (bytes, more)
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// typst's PDF fits in the pipe of its standard output: it never waits for the reader.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_standard_output_pipe_holds_a_large_pdf() {
        use std::os::fd::AsRawFd;
        let mut child = Command::new("sleep")
            .arg("5")
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        widen_pipe(&out);
        // SAFETY: fcntl on a pipe this test owns.
        let size = unsafe { libc::fcntl(out.as_raw_fd(), libc::F_GETPIPE_SZ) };
        let _ = child.kill();
        let _ = child.wait();
        let max: i32 = std::fs::read_to_string("/proc/sys/fs/pipe-max-size")
            .map_or(STDOUT_PIPE_BYTES, |m| {
                m.trim().parse().unwrap_or(STDOUT_PIPE_BYTES)
            });
        // A machine that allows less keeps the default (the request is refused whole).
        if max >= STDOUT_PIPE_BYTES {
            assert_eq!(size, STDOUT_PIPE_BYTES);
        }
    }

    fn limits(complete: Option<fn(&[u8]) -> bool>) -> Limits {
        Limits {
            memory_bytes: 1 << 30,
            cpu_seconds: 10,
            max_stdout_bytes: 16,
            timeout: Duration::from_secs(10),
            complete,
            limited_before_input: false,
        }
    }

    fn sh(script: &str) -> Command {
        let mut cmd = Command::new("/bin/sh");
        cmd.arg("-c").arg(script);
        cmd
    }

    #[test]
    fn output_and_truncation() {
        let done = run_limited(
            &mut sh("cat; printf 0123456789abcdefXYZ"),
            &limits(None),
            Some(b"in:".to_vec()),
        )
        .unwrap();
        assert!(done.status.success());
        assert_eq!(done.stdout, b"in:0123456789abc");
        assert!(done.stdout_truncated);
    }

    /// A small input is written at once, a large one on a thread while the child reads it.
    #[test]
    fn small_and_large_inputs_reach_the_child() {
        let mut l = limits(None);
        l.max_stdout_bytes = 1 << 20;
        for size in [10, PIPE_HOLDS, 300 * 1024] {
            let input: Vec<u8> = (0..size).map(|i| b'a' + (i % 26) as u8).collect();
            let done = run_limited(&mut sh("cat"), &l, Some(input.clone())).unwrap();
            assert_eq!(done.stdout, input, "{size} bytes");
        }
    }

    #[test]
    fn the_limits_are_those_of_the_child() {
        let done = run_limited(&mut sh("ulimit -v; ulimit -t"), &limits(None), None).unwrap();
        assert_eq!(String::from_utf8_lossy(&done.stdout), "1048576\n10\n");
    }

    /// Set after the start, the limits are in force by the time the child reads its input.
    #[test]
    fn limits_set_after_the_start_hold_once_the_child_is_fed() {
        let mut l = limits(None);
        l.limited_before_input = true;
        for _ in 0..10 {
            let script = "read line; ulimit -v; ulimit -t";
            let done = run_limited(&mut sh(script), &l, Some(b"go\n".to_vec())).unwrap();
            assert_eq!(String::from_utf8_lossy(&done.stdout), "1048576\n10\n");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_child_leads_its_own_process_group() {
        let mut l = limits(None);
        l.max_stdout_bytes = 1024;
        let script = "echo $$; cut -d' ' -f5 /proc/$$/stat";
        let done = run_limited(&mut sh(script), &l, None).unwrap();
        let text = String::from_utf8_lossy(&done.stdout);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert_eq!(lines[0], lines[1], "pid and process group");
    }

    #[test]
    fn a_whole_output_comes_before_the_exit() {
        fn whole(b: &[u8]) -> bool {
            b.ends_with(b"END")
        }
        // The child says END, then lingers: the output is handed over long before it exits.
        let mut cmd = sh("printf 'the END'; sleep 1; printf more");
        let mut running = start_limited(&mut cmd, &limits(Some(whole)), false).unwrap();
        let start = Instant::now();
        assert_eq!(running.output().unwrap().as_deref(), Some(&b"the END"[..]));
        assert!(start.elapsed() < Duration::from_millis(900));
        let done = running.finish().unwrap();
        assert_eq!(done.stdout, b"more", "what came after");
        // A child that ends without a whole output: nothing early, all of it at the end.
        let mut cmd = sh("printf partial");
        let mut running = start_limited(&mut cmd, &limits(Some(whole)), false).unwrap();
        assert_eq!(running.output().unwrap(), None);
        assert_eq!(running.finish().unwrap().stdout, b"partial");
    }

    /// A child that writes its whole output and exits before the wait looks: its output is
    /// not handed over early, and none of it is lost (a regression: the PDF was lost when
    /// typst exited before convgen waited).
    #[test]
    fn an_output_whole_when_the_child_has_already_exited_is_kept() {
        fn whole(b: &[u8]) -> bool {
            b.ends_with(b"END")
        }
        for _ in 0..20 {
            let mut running =
                start_limited(&mut sh("printf 'the END'"), &limits(Some(whole)), false).unwrap();
            std::thread::sleep(Duration::from_millis(50));
            let early = running.output().unwrap();
            let done = running.finish().unwrap();
            let all = [early.unwrap_or_default(), done.stdout].concat();
            assert_eq!(all, b"the END");
        }
    }

    #[test]
    fn the_timeout_counts_from_the_first_wait() {
        let mut l = limits(None);
        l.timeout = Duration::from_millis(300);
        let mut running = start_limited(&mut sh("sleep 5"), &l, false).unwrap();
        std::thread::sleep(Duration::from_millis(400));
        let start = Instant::now();
        assert!(matches!(running.output(), Err(RunError::Timeout(_))));
        assert!(start.elapsed() >= Duration::from_millis(250));
    }

    /// A child that closes its pipes and runs on is waited for until it exits, and no longer
    /// than the timeout.
    #[test]
    fn a_child_that_closed_its_pipes_is_waited_for_until_its_exit_or_the_timeout() {
        let script = "exec >&- 2>&-; sleep 0.3; exit 3";
        let start = Instant::now();
        let done = start_limited(&mut sh(script), &limits(None), false)
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(done.status.code(), Some(3));
        assert!(start.elapsed() >= Duration::from_millis(250));
        let mut l = limits(None);
        l.timeout = Duration::from_millis(300);
        let start = Instant::now();
        let running = start_limited(&mut sh("exec >&- 2>&-; sleep 5"), &l, false).unwrap();
        assert!(matches!(running.finish(), Err(RunError::Timeout(_))));
        assert!(start.elapsed() < Duration::from_secs(3));
    }

    /// The exit signal wakes at the exit of the child, not at the end of the time given.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_exit_signal_wakes_at_the_exit() {
        let mut child = sh("sleep 0.1").spawn().unwrap();
        let signal = ExitSignal::open(child.id());
        assert!(signal.0.is_some(), "pidfd_open on this Linux");
        let start = Instant::now();
        assert!(signal.wait(Duration::from_secs(5)));
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "woken by the exit"
        );
        assert!(child.try_wait().unwrap().is_some(), "exited, now reaped");
        // Reaped: the signal stays readable and returns at once.
        assert!(signal.wait(Duration::from_secs(5)));
        assert!(start.elapsed() < Duration::from_secs(2));
    }
}
