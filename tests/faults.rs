//! Faults during `convgen render`: typst failing or killed in the middle of a batch, a full
//! disk, a read-only output folder, two renders into one folder at once. In every case the
//! outputs already there stay intact, no partial or temporary file is left, the error is
//! clear and the exit code is not 0.
//!
//! Tests that need typst are skipped (with a message) when typst cannot be found, unless
//! `CONVGEN_REQUIRE_TYPST` is set. Tests that mount a filesystem are skipped (with a message)
//! when the user may not mount.

mod common;
use common::copy_dir;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn render(paths: &[&Path], out: &Path, extra: &[&str], typst: &Path) -> Output {
    common::convgen()
        .arg("render")
        .args(paths)
        .arg("--out")
        .arg(out)
        .args(extra)
        .arg("--typst")
        .arg(typst)
        .output()
        .unwrap()
}

use common::outcome as text;

/// Two conventions, `a-first` and `b-second` (rendered in this order with `--jobs 1`).
fn two_conventions(dir: &Path) -> PathBuf {
    let repo = dir.join("repo");
    for id in ["a-first", "b-second"] {
        let conv = repo.join(id);
        copy_dir(&root().join("tests/fixtures/base/crpc-minimal"), &conv);
        common::replace_in_folder(&conv, "crpc-minimal", id);
    }
    repo
}

/// Names in `dir` that convgen uses for temporary files and folders.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".convgen-"))
        .collect()
}

/// A complete PDF: header and end-of-file marker.
fn assert_complete_pdf(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with(b"%PDF-"),
        "{} is not a PDF",
        path.display()
    );
    let tail = &bytes[bytes.len().saturating_sub(64)..];
    assert!(
        tail.windows(5).any(|w| w == b"%%EOF"),
        "{} is truncated",
        path.display()
    );
}

/// A fake typst: answers `--version` like typst 0.15.1; on `compile`, runs `action` (shell)
/// when the data being compiled is that of convention `victim`, else runs the real typst.
fn fake_typst(dir: &Path, real: &Path, victim: &str, action: &str) -> PathBuf {
    let path = dir.join("fake-typst");
    std::fs::write(
        &path,
        format!(
            r#"#!/bin/sh
if [ "$1" = "--version" ]; then echo "typst 0.15.1 (fake)"; exit 0; fi
root=""
prev=""
for a in "$@"; do
  if [ "$prev" = "--root" ]; then root="$a"; fi
  prev="$a"
done
if grep -Eq '"id": ?"{victim}"' "$root/data.json"; then
  {action}
fi
exec "{real}" "$@"
"#,
            real = real.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// typst failing or killed on the second convention of a batch: the first is rendered, the
/// earlier output of the second stays as it was, nothing partial or temporary is left.
#[test]
fn typst_failing_or_killed_in_the_middle_of_a_batch() {
    let Some(real) = common::typst() else { return };
    for (name, action, expected) in [
        (
            "fails",
            r#"echo "error: panne simulée" >&2; exit 1"#,
            "panne simulée",
        ),
        (
            "killed after writing half a PDF",
            r#"printf '%%PDF-1.7 half'; kill -9 $$"#,
            "typst a échoué",
        ),
        ("crashes", "kill -SEGV $$", "typst a échoué"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let repo = two_conventions(tmp.path());
        let out = tmp.path().join("out");
        let o = render(
            &[&repo],
            &out,
            &["--format", "md,pdf", "--jobs", "1"],
            &real,
        );
        assert!(o.status.success(), "{name}: {}", text(&o));
        let before_b = std::fs::read(out.join("b-second.pdf")).unwrap();
        std::fs::remove_file(out.join("a-first.pdf")).unwrap();

        let fake = fake_typst(tmp.path(), &real, "b-second", action);
        let o = render(
            &[&repo],
            &out,
            &["--format", "md,pdf", "--jobs", "1"],
            &fake,
        );
        assert_eq!(o.status.code(), Some(1), "{name}: {}", text(&o));
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(
            stderr.contains("b-second") && stderr.contains(expected),
            "{name}: {}",
            text(&o)
        );
        assert!(!stderr.contains("panicked"), "{name}");
        assert_complete_pdf(&out.join("a-first.pdf"));
        assert_eq!(
            std::fs::read(out.join("b-second.pdf")).unwrap(),
            before_b,
            "{name}: the earlier b-second.pdf changed"
        );
        assert!(leftovers(&out).is_empty(), "{name}: {:?}", leftovers(&out));
    }
}

/// Runs `mount ARGS`; `false` (with the reason printed) when mounting is not permitted.
fn mount(args: &[&str], what: &str) -> bool {
    let o = Command::new("mount").args(args).output();
    match o {
        Ok(o) if o.status.success() => true,
        Ok(o) => {
            eprintln!(
                "SKIPPED {what}: mount refused ({})",
                String::from_utf8_lossy(&o.stderr).trim()
            );
            false
        }
        Err(e) => {
            eprintln!("SKIPPED {what}: mount unavailable ({e})");
            false
        }
    }
}

/// Unmounts on drop, so that a failing assertion does not leave a mount behind.
struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn full_disk() {
    let Some(real) = common::typst() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("small");
    std::fs::create_dir_all(&out).unwrap();
    let size = format!("size={}", 48 * 1024);
    if !mount(
        &["-t", "tmpfs", "-o", &size, "tmpfs", out.to_str().unwrap()],
        "full_disk",
    ) {
        return;
    }
    let _guard = Mounted(out.clone());
    // The three examples do not fit in 48 KiB.
    let examples = root().join("examples");
    let o = render(
        &[&examples],
        &out,
        &["--format", "md,pdf", "--jobs", "1"],
        &real,
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("No space left on device") || stderr.contains("typst a refusé"),
        "{}",
        text(&o)
    );
    assert!(!stderr.contains("panicked"));
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
    // Whatever was written is complete: identical to a render on a roomy disk.
    let reference = tmp.path().join("reference");
    let o = render(&[&examples], &reference, &["--format", "md,pdf"], &real);
    assert!(o.status.success(), "{}", text(&o));
    for entry in std::fs::read_dir(&out).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        assert_eq!(
            std::fs::read(entry.path()).unwrap(),
            std::fs::read(reference.join(&name)).unwrap(),
            "{name:?} is partial"
        );
    }
}

#[test]
fn read_only_output_folder() {
    let Some(real) = common::typst() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ro");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("crpc-minimal.md"), "déjà là\n").unwrap();
    // chmod does not stop root: then a read-only bind mount of the folder on itself does.
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o555)).unwrap();
    let _guard;
    if std::fs::write(out.join(".probe"), "x").is_ok() {
        std::fs::remove_file(out.join(".probe")).unwrap();
        let dir = out.to_str().unwrap();
        if !mount(&["--bind", "-o", "ro", dir, dir], "read_only_output_folder") {
            return;
        }
        _guard = Mounted(out.clone());
        if std::fs::write(out.join(".probe"), "x").is_ok() {
            eprintln!("SKIPPED read_only_output_folder: the bind mount is still writable");
            return;
        }
    }
    let minimal = root().join("tests/fixtures/base/crpc-minimal");
    let o = render(&[&minimal], &out, &["--format", "md,pdf"], &real);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("crpc-minimal") && stderr.contains("écriture"),
        "{}",
        text(&o)
    );
    assert!(!stderr.contains("panicked"));
    assert_eq!(
        std::fs::read_to_string(out.join("crpc-minimal.md")).unwrap(),
        "déjà là\n"
    );
    assert!(!out.join("crpc-minimal.pdf").exists());
    assert!(leftovers(&out).is_empty());
    let _ = std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o755));
}

#[test]
fn two_renders_into_one_folder_at_once() {
    let Some(real) = common::typst() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let examples = root().join("examples");
    let reference = tmp.path().join("reference");
    let o = render(&[&examples], &reference, &["--format", "md,pdf,typ"], &real);
    assert!(o.status.success(), "{}", text(&o));

    let out = tmp.path().join("shared");
    let spawn = || {
        common::convgen_process()
            .arg("render")
            .arg(&examples)
            .arg("--out")
            .arg(&out)
            .args(["--format", "md,pdf,typ", "--jobs", "2", "--typst"])
            .arg(&real)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    for o in [&a, &b] {
        // Both succeed, or one fails cleanly (exit 1, a message, no panic).
        assert!(
            o.status.success() || (o.status.code() == Some(1) && !o.stderr.is_empty()),
            "{}",
            text(o)
        );
        assert!(!String::from_utf8_lossy(&o.stderr).contains("panicked"));
    }
    assert!(
        a.status.success() || b.status.success(),
        "{}\n{}",
        text(&a),
        text(&b)
    );
    // Every output is complete and identical to a lone render: never interleaved.
    let mut names: Vec<_> = std::fs::read_dir(&reference)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| e.file_name())
        .collect();
    if reference.join("convgen/convention.typ").is_file() {
        names.push("convgen/convention.typ".into());
    }
    names.sort();
    for name in &names {
        assert_eq!(
            std::fs::read(out.join(name)).unwrap(),
            std::fs::read(reference.join(name)).unwrap(),
            "{name:?} differs from a lone render"
        );
    }
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
}

/// typst writes the PDF on its standard output, and convgen takes it (and adds the signature
/// fields) as soon as it is whole, while typst exits: what typst does after that still
/// decides. A typst that lingers is waited for; one that writes more, or then fails, gets
/// nothing of the convention published.
#[test]
fn what_typst_does_after_writing_the_pdf_still_counts() {
    let Some(real) = common::typst() else { return };
    for (name, after, published) in [
        ("lingers", "sleep 1; exit $status", true),
        ("writes more", "printf 'more'; exit $status", false),
        (
            "then fails",
            "echo 'error: late failure' >&2; exit 3",
            false,
        ),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let fake = tmp.path().join("fake-typst");
        std::fs::write(
            &fake,
            format!(
                "#!/bin/sh\nif [ \"$1\" = \"--version\" ]; then echo \"typst 0.15.1 (fake)\"; exit 0; fi\n\"{}\" \"$@\"\nstatus=$?\n{after}\n",
                real.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        let out = tmp.path().join("out");
        let source = root().join("tests/fixtures/base/crpc-minimal");
        let start = std::time::Instant::now();
        let o = render(&[&source], &out, &["--format", "md,pdf"], &fake);
        let pdf = out.join("crpc-minimal.pdf");
        if published {
            assert!(o.status.success(), "{name}: {}", text(&o));
            assert!(
                start.elapsed() >= std::time::Duration::from_secs(1),
                "{name}: not waited for"
            );
            assert_complete_pdf(&pdf);
            assert!(out.join("crpc-minimal.md").exists(), "{name}");
        } else {
            assert_eq!(o.status.code(), Some(1), "{name}: {}", text(&o));
            assert!(!pdf.exists(), "{name}: a PDF was published");
            assert!(
                !out.join("crpc-minimal.md").exists(),
                "{name}: the Markdown without the PDF"
            );
        }
        if name == "then fails" {
            assert!(text(&o).contains("late failure"), "{name}: {}", text(&o));
        }
        if out.exists() {
            assert!(leftovers(&out).is_empty(), "{name}: {:?}", leftovers(&out));
        }
    }
}
