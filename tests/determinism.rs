//! Determinism: the same input gives byte-identical outputs whatever the locale, the time
//! zone, the working folder and the way the path is written; no absolute path leaks into
//! the outputs.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One way of running convgen: environment, working folder, path to the examples.
struct Variant {
    lang: &'static str,
    tz: &'static str,
    cwd: PathBuf,
    path: PathBuf,
}

fn convgen(v: &Variant) -> Command {
    let mut cmd = common::convgen_process();
    cmd.current_dir(&v.cwd)
        .env("LANG", v.lang)
        .env("LC_ALL", v.lang)
        .env("TZ", v.tz)
        .env_remove("SOURCE_DATE_EPOCH")
        .args(["--color", "never"]);
    cmd
}

/// Every file under `dir` (the shared Typst template sits in `convgen/`), by relative path.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
                continue;
            }
            let name = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .to_string();
            out.push((name, std::fs::read(e.path()).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn outputs_do_not_depend_on_locale_time_zone_or_working_folder() {
    let typst = common::typst();
    let tmp = tempfile::tempdir().unwrap();
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let variants = [
        Variant {
            lang: "C",
            tz: "UTC",
            cwd: root(),
            path: "examples".into(),
        },
        Variant {
            lang: "fr_FR.UTF-8",
            tz: "Pacific/Kiritimati",
            cwd: root(),
            path: "./examples".into(),
        },
        Variant {
            lang: "C.UTF-8",
            tz: "America/Los_Angeles",
            cwd: elsewhere.clone(),
            path: root().join("examples"),
        },
        Variant {
            lang: "fr_FR.UTF-8",
            tz: "Pacific/Kiritimati",
            cwd: root().join("examples"),
            path: "../examples".into(),
        },
    ];
    let formats = if typst.is_some() {
        "md,pdf,typ"
    } else {
        "md,typ"
    };
    let mut renders = Vec::new();
    let mut reports = Vec::new();
    for (i, v) in variants.iter().enumerate() {
        let out = tmp.path().join(format!("out-{i}"));
        let mut cmd = convgen(v);
        cmd.arg("render")
            .arg(&v.path)
            .arg("--out")
            .arg(&out)
            .args(["--format", formats]);
        if let Some(t) = &typst {
            cmd.arg("--typst").arg(t);
        }
        let o = cmd.output().unwrap();
        assert!(
            o.status.success(),
            "variant {i}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        renders.push(files(&out));

        // A repository with findings, through the same spelling of the path.
        let fixture = v
            .path
            .join("../tests/fixtures/rules/unknown-reference/fail/conventions");
        let o = convgen(v)
            .arg("check")
            .arg(&fixture)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "variant {i}");
        reports.push(String::from_utf8(o.stdout).unwrap());
    }
    let first = &renders[0];
    assert!(first.iter().any(|(n, _)| n.ends_with(".md")));
    for (i, r) in renders.iter().enumerate().skip(1) {
        assert_eq!(
            r.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            first.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            "variant {i}: other files"
        );
        for ((name, a), (_, b)) in first.iter().zip(r) {
            assert!(a == b, "variant {i}: {name} differs");
        }
    }
    // No absolute path of this machine in any output.
    let needles = [
        root().to_string_lossy().to_string(),
        tmp.path().to_string_lossy().to_string(),
        std::env::var("HOME").unwrap_or_else(|_| "/root".into()),
    ];
    for (name, bytes) in first {
        for needle in &needles {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{name} holds the path {needle}"
            );
        }
    }
    // The check report: same bytes whatever the locale and time zone; the file names are
    // the path as given (`examples/../tests/…`, absolute for an absolute path).
    assert!(
        reports[0].contains("\"code\": \"unknown-reference\""),
        "{}",
        reports[0]
    );
    assert_eq!(reports[0], reports[1]);
    let prefix = format!("{}/", root().display());
    assert_eq!(reports[2].replace(&prefix, ""), reports[0]);
}
