//! End-to-end test of `--watch`: the real binary runs once, then again when a file changes.

mod common;
use common::copy_dir;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;

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
    let mut child = Command::cargo_bin("convgen")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
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

/// Waits until the child watches (it says so on stderr after each run).
fn wait_ready(rx: &Receiver<String>, seen: &mut Vec<String>) {
    wait_for(rx, "err: surveillance de", seen);
}

/// Reads lines until one contains `needle`; panics with what was read after the timeout.
fn wait_for(rx: &Receiver<String>, needle: &str, seen: &mut Vec<String>) {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                let found = line.contains(needle);
                seen.push(line);
                if found {
                    return;
                }
            }
            Err(_) => panic!(
                "`{needle}` not seen within {TIMEOUT:?}; output:\n{}",
                seen.join("\n")
            ),
        }
    }
}

#[test]
fn check_watch_reports_a_new_error_after_a_change() {
    let tmp = tempfile::tempdir().unwrap();
    let conv = tmp.path().join("crpc");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/crpc-centre-val-de-loire-2025"),
        &conv,
    );
    let (_child, rx) = spawn(
        tmp.path(),
        &[
            "check", "crpc", "--watch", "--format", "short", "--color", "never",
        ],
    );
    // The first run of the clean example prints nothing in the short format: wait until the
    // child watches, then introduce an error (an unknown kind).
    let mut seen = Vec::new();
    wait_ready(&rx, &mut seen);
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
    wait_for(
        &rx,
        "out: modification détectée : crpc/convention.toml",
        &mut seen,
    );
    wait_for(&rx, "error[schema]: valeur inconnue `crcp`", &mut seen);
    wait_ready(&rx, &mut seen);
    assert!(
        !seen.iter().any(|l| l.contains(".swp")),
        "an editor swap file triggered a run: {seen:?}"
    );

    // Fixing it runs again, without the error.
    std::fs::write(&path, &text).unwrap();
    let before = seen.len();
    wait_for(&rx, "out: modification détectée", &mut seen);
    wait_ready(&rx, &mut seen);
    assert!(
        !seen[before..].iter().any(|l| l.contains("error[")),
        "{:?}",
        &seen[before..]
    );
}

#[test]
fn check_watch_human_first_report_then_new_diagnostic() {
    let tmp = tempfile::tempdir().unwrap();
    let conv = tmp.path().join("crpc");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/crpc-centre-val-de-loire-2025"),
        &conv,
    );
    let (_child, rx) = spawn(
        tmp.path(),
        &["check", "crpc", "--watch", "--color", "never"],
    );
    let mut seen = Vec::new();
    wait_for(&rx, "out: ✓ 0 erreur", &mut seen);
    wait_ready(&rx, &mut seen);
    let annex = conv.join("annexes/2026.toml");
    let text = std::fs::read_to_string(&annex).unwrap();
    std::fs::write(
        &annex,
        format!("{text}\n[[targets]]\nindicator = \"inconnu\"\ntarget = 1.0\n"),
    )
    .unwrap();
    wait_for(
        &rx,
        "out: modification détectée : crpc/annexes/2026.toml",
        &mut seen,
    );
    wait_for(
        &rx,
        "aucun indicateur n'a l'identifiant `inconnu`",
        &mut seen,
    );
    wait_for(&rx, "✗ 1 erreur", &mut seen);
}

#[test]
fn render_watch_ignores_its_own_output() {
    let tmp = tempfile::tempdir().unwrap();
    let conv = tmp.path().join("spro");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/spro-normandie-2025"),
        &conv,
    );
    // The output folder is inside the watched folder: writing it must not loop.
    let (_child, rx) = spawn(
        tmp.path(),
        &["render", ".", "--out", "out", "--format", "md", "--watch"],
    );
    let mut seen = Vec::new();
    wait_for(&rx, "out: rendu : out/spro-normandie-2025.md", &mut seen);
    wait_ready(&rx, &mut seen);
    // Writing the output must not trigger a run: nothing comes within a few debounce periods.
    std::thread::sleep(Duration::from_millis(1500));
    while let Ok(line) = rx.try_recv() {
        seen.push(line);
    }
    assert!(
        !seen.iter().any(|l| l.contains("modification détectée")),
        "the output triggered a run: {seen:?}"
    );
    let path = conv.join("convention.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n# modifié\n")).unwrap();
    wait_for(
        &rx,
        "out: modification détectée : spro/convention.toml",
        &mut seen,
    );
    wait_for(&rx, "out: rendu : out/spro-normandie-2025.md", &mut seen);
}
