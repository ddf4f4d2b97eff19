//! End-to-end test of `--watch`: the real binary runs once, then again when a file changes.

mod common;
use common::copy_dir;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// Generous: the machine is shared and may be slow.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Kills the child when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Spawns `convgen ARGS` and streams its output lines through a channel, each prefixed with
/// `out: ` or `err: `.
fn spawn(dir: &Path, args: &[&str]) -> (Running, Receiver<String>) {
    let mut child = common::convgen_process()
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let forward = |stream: Box<dyn std::io::Read + Send>, prefix: &'static str| {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { break };
                if tx.send(format!("{prefix}{line}")).is_err() {
                    break;
                }
            }
        });
    };
    forward(Box::new(stdout), "out: ");
    forward(Box::new(stderr), "err: ");
    (Running(child), rx)
}

/// What the child printed so far. Lines of stdout keep their order, but stdout and stderr
/// are read by two threads, so the order between them is not reliable: conditions count
/// lines instead of following them.
struct Seen {
    rx: Receiver<String>,
    lines: Vec<String>,
}

impl Seen {
    fn new(rx: Receiver<String>) -> Self {
        Seen {
            rx,
            lines: Vec::new(),
        }
    }

    fn count(&self, needle: &str) -> usize {
        self.lines.iter().filter(|l| l.contains(needle)).count()
    }

    /// Reads until `done` holds; panics with the output after the timeout.
    fn until(&mut self, what: &str, done: impl Fn(&Seen) -> bool) {
        let deadline = Instant::now() + TIMEOUT;
        while !done(self) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(line) => self.lines.push(line),
                Err(_) => panic!(
                    "{what}: not seen within {TIMEOUT:?}; output:\n{}",
                    self.lines.join("\n")
                ),
            }
        }
    }

    /// Waits for the child's `n`-th « en attente de modifications » (one per run).
    fn runs(&mut self, n: usize) {
        self.until(&format!("run {n}"), |s| s.count(READY) >= n);
    }

    /// Everything that comes within `d`.
    fn drain_for(&mut self, d: Duration) {
        std::thread::sleep(d);
        while let Ok(line) = self.rx.try_recv() {
            self.lines.push(line);
        }
    }
}

const READY: &str = "err: surveillance de";

fn example(name: &str, to: &Path) {
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name),
        to,
    );
}

#[test]
fn check_watch_reports_a_new_error_after_a_change() {
    let tmp = tempfile::tempdir().unwrap();
    let conv = tmp.path().join("crpc");
    example("crpc-centre-val-de-loire-2025", &conv);
    let (_child, rx) = spawn(
        tmp.path(),
        &[
            "check", "crpc", "--watch", "--format", "short", "--color", "never",
        ],
    );
    let mut seen = Seen::new(rx);
    // The first run of the clean example prints nothing in the short format: wait until the
    // child watches, then introduce an error (an unknown kind).
    seen.runs(1);
    let path = conv.join("convention.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("kind = \"crpc\""));
    // Editor temporary files must not trigger a run.
    std::fs::write(conv.join(".convention.toml.swp"), "x").unwrap();
    std::fs::write(
        &path,
        text.replacen("kind = \"crpc\"", "kind = \"crcp\"", 1),
    )
    .unwrap();
    seen.runs(2);
    seen.until("the new error", |s| {
        s.count("out: modification détectée : crpc/convention.toml") == 1
            && s.count("error[schema]: valeur inconnue `crcp`") == 1
    });
    assert_eq!(seen.count(".swp"), 0, "{:?}", seen.lines);

    // Fixing it runs again, without the error.
    std::fs::write(&path, &text).unwrap();
    seen.runs(3);
    seen.drain_for(Duration::from_millis(500));
    assert_eq!(
        seen.count("out: modification détectée"),
        2,
        "{:?}",
        seen.lines
    );
    assert_eq!(seen.count("error["), 1, "{:?}", seen.lines);
}

#[test]
fn check_watch_human_first_report_then_new_diagnostic() {
    let tmp = tempfile::tempdir().unwrap();
    let conv = tmp.path().join("crpc");
    example("crpc-centre-val-de-loire-2025", &conv);
    let (_child, rx) = spawn(
        tmp.path(),
        &["check", "crpc", "--watch", "--color", "never"],
    );
    let mut seen = Seen::new(rx);
    seen.runs(1);
    seen.until("first report", |s| s.count("out: ✓ 0 erreur") == 1);
    let annex = conv.join("annexes/2026.toml");
    let text = std::fs::read_to_string(&annex).unwrap();
    std::fs::write(
        &annex,
        format!("{text}\n[[targets]]\nindicator = \"inconnu\"\ntarget = 1.0\n"),
    )
    .unwrap();
    seen.until("second report", |s| {
        s.count("out: modification détectée : crpc/annexes/2026.toml") == 1
            && s.count("aucun indicateur n'a l'identifiant `inconnu`") == 1
            && s.count("✗ 1 erreur") == 1
    });
}

#[test]
fn render_watch_ignores_its_own_output() {
    let tmp = tempfile::tempdir().unwrap();
    let conv = tmp.path().join("spro");
    example("spro-normandie-2025", &conv);
    // The output folder is inside the watched folder: writing it must not loop.
    let (_child, rx) = spawn(
        tmp.path(),
        &["render", ".", "--out", "out", "--format", "md", "--watch"],
    );
    let mut seen = Seen::new(rx);
    seen.runs(1);
    seen.until("first render", |s| {
        s.count("out: rendu : out/spro-normandie-2025.md") == 1
    });
    // Nothing comes within several debounce periods.
    seen.drain_for(Duration::from_millis(1500));
    assert_eq!(seen.count("modification détectée"), 0, "{:?}", seen.lines);
    let path = conv.join("convention.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n# modifié\n")).unwrap();
    seen.runs(2);
    seen.until("second render", |s| {
        s.count("out: modification détectée : spro/convention.toml") == 1
            && s.count("out: rendu : out/spro-normandie-2025.md") == 2
    });
}

#[test]
fn watch_of_a_missing_path_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let out = common::convgen()
        .current_dir(tmp.path())
        .args(["check", "absent", "--watch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("absent"), "{err}");
    assert!(err.contains("aide :"), "{err}");
}

#[test]
fn watching_one_annex_follows_its_convention() {
    let tmp = tempfile::tempdir().unwrap();
    let conv = tmp.path().join("crpc");
    example("crpc-centre-val-de-loire-2025", &conv);
    let (_child, rx) = spawn(
        tmp.path(),
        &[
            "check",
            "crpc/annexes/2026.toml",
            "--watch",
            "--format",
            "short",
        ],
    );
    let mut seen = Seen::new(rx);
    seen.runs(1);
    // The annex's findings depend on its convention: a change of the convention re-runs.
    let path = conv.join("convention.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n# modifié\n")).unwrap();
    seen.runs(2);
    seen.until("a run after the convention changed", |s| {
        s.count("out: modification détectée : crpc/convention.toml") == 1
    });
}

#[test]
fn watch_says_so_and_exits_2_when_the_folder_is_deleted() {
    let tmp = tempfile::tempdir().unwrap();
    let conv = tmp.path().join("crpc");
    example("crpc-centre-val-de-loire-2025", &conv);
    let (mut child, rx) = spawn(
        tmp.path(),
        &["check", "crpc", "--watch", "--format", "short"],
    );
    let mut seen = Seen::new(rx);
    seen.runs(1);
    std::fs::remove_dir_all(&conv).unwrap();
    seen.until("the message", |s| s.count("n'existe plus") == 1);
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "still watching: {:?}",
            seen.lines
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(2), "{:?}", seen.lines);
}
