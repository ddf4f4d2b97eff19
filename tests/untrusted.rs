//! The conventions repository is untrusted (see docs/reliability.md, « Threat model »): a pull
//! request controls every file, folder name, link, `convgen.toml` and template in it, and CI
//! runs `convgen check --format github` and `convgen render` on it. These end-to-end tests run
//! the real binary on such repositories.

mod common;
use common::{copy_dir, stderr, stdout};

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn base() -> PathBuf {
    root().join("tests/fixtures/base/crpc-minimal")
}

/// A copy of the base convention at `dir`, its convention.toml passed through `edit`.
fn convention_at(dir: &Path, edit: impl FnOnce(String) -> String) -> PathBuf {
    copy_dir(&base(), dir);
    let path = dir.join("convention.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(text)).unwrap();
    dir.to_path_buf()
}

use common::outcome as text;

/// The characters a contributor could use to fake or hide lines in a terminal or a CI log.
fn raw_controls(s: &str) -> Vec<char> {
    s.chars().filter(|&c| c.is_control() && c != '\n').collect()
}

fn check(dir: &Path, args: &[&str]) -> Output {
    common::convgen()
        .current_dir(dir)
        .arg("check")
        .args(args)
        .output()
        .unwrap()
}

/// Folder names and values that try to start GitHub workflow commands of their own.
fn injecting_repository(tmp: &Path) -> PathBuf {
    let repo = tmp.join("repo");
    // A folder name holding a newline and workflow commands, with an error inside.
    convention_at(
        &repo.join("x\n::add-mask::leak\n::error file=a.toml::faux\n##[add-mask]v1"),
        |t| t.replace("kind = \"crpc\"", "kind = \"crcp\""),
    );
    // A folder name that starts like a workflow command.
    convention_at(&repo.join("::stop-commands::tok"), |t| {
        t.replace("kind = \"crpc\"", "kind = \"crcp\"")
            .replace("crpc-minimal", "deux")
    });
    // An unknown key with a newline and a command in it (quoted keys take any text).
    convention_at(&repo.join("c"), |t| {
        format!("\"k\\n::warning::injecte\\r::notice::cr\" = 1\n{t}")
            .replace("crpc-minimal", "trois")
    });
    repo
}

#[test]
fn github_plain_lines_never_start_a_workflow_command() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = injecting_repository(tmp.path());
    let o = check(&repo, &[".", "--format", "github"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = stdout(&o);
    assert!(raw_controls(&out).is_empty(), "{out:?}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() >= 6, "{out}");
    assert_eq!(
        lines.len() % 2,
        0,
        "an annotation and its plain line each: {out}"
    );
    for pair in lines.chunks(2) {
        let (annotation, plain) = (pair[0], pair[1]);
        assert!(
            ["::error ", "::warning ", "::notice "]
                .iter()
                .any(|c| annotation.starts_with(c)),
            "{annotation}"
        );
        // The runner trims leading blanks and knows the older `##[command]` form anywhere.
        assert!(!plain.trim_start().starts_with("::"), "{plain}");
        assert!(!plain.contains("##["), "{plain}");
    }
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    // ESC, BEL, CR, C1 (U+009B, CSI) in a folder name, in a key, in a comment shown around
    // a syntax error, and a bidi override.
    convention_at(&repo.join("a\x1b[2Jb\x07\rc\u{9b}31m"), |t| {
        t.replace("kind = \"crpc\"", "kind = \"crcp\"")
    });
    convention_at(&repo.join("d"), |t| {
        format!("\"\\u001b]0;titre\\u0007\\u001b[8m\" = 1\n{t}").replace("crpc-minimal", "d")
    });
    convention_at(&repo.join("e"), |t| {
        format!(
            "# \x1b[1A\x1b[2K\u{202e}cache\n{}\n[[[\n",
            t.replace("crpc-minimal", "e")
        )
    });
    for format in ["human", "short", "github"] {
        let o = check(&repo, &[".", "--format", format]);
        assert_eq!(o.status.code(), Some(1), "{format}: {}", text(&o));
        let all = format!("{}{}", stdout(&o), stderr(&o));
        assert!(raw_controls(&all).is_empty(), "{format}: {all:?}");
        assert!(!all.contains('\u{202e}'), "{format}: {all:?}");
        assert!(
            all.contains("\\u{1b}") || all.contains('\u{fffd}'),
            "{format}: made visible: {all}"
        );
    }
    // What render says about them too.
    let o = common::convgen()
        .current_dir(&repo)
        .args(["render", ".", "--out", "out", "--format", "md"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let all = format!("{}{}", stdout(&o), stderr(&o));
    assert!(raw_controls(&all).is_empty(), "render: {all:?}");
}

#[test]
fn sarif_uris_are_percent_encoded() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    convention_at(&repo.join("a b#c%d?é"), |t| {
        t.replace("kind = \"crpc\"", "kind = \"crcp\"")
    });
    let o = check(&repo, &[".", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        ["artifactLocation"]["uri"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(uri, "a%20b%23c%25d%3F%C3%A9/convention.toml");
}

#[test]
fn jobs_are_bounded() {
    let tmp = tempfile::tempdir().unwrap();
    for jobs in ["100000", "0"] {
        let start = Instant::now();
        let o = common::convgen()
            .arg("render")
            .arg(base())
            .args(["--out"])
            .arg(tmp.path().join("out"))
            .args(["--format", "md", "--jobs", jobs])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{jobs}: {}", text(&o));
        assert!(stderr(&o).contains("--jobs"), "{}", text(&o));
        assert!(start.elapsed() < Duration::from_secs(10));
        assert!(!tmp.path().join("out").exists());
    }
}

/// Renders, with `args`, a repository of two conventions: `crpc-minimal` and one whose id
/// is `convgen-convention`, the name of the template module; returns the temporary folder,
/// the output folder and the output.
fn render_beside_template_id(
    args: &[&str],
) -> (tempfile::TempDir, std::path::PathBuf, std::process::Output) {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    convention_at(&repo.join("a"), |t| t);
    let conv = convention_at(&repo.join("b"), |t| t);
    common::replace_in_folder(&conv, "crpc-minimal", "convgen-convention");
    let out = tmp.path().join("out");
    let o = common::convgen()
        .args(["render"])
        .arg(&repo)
        .arg("--out")
        .arg(&out)
        .args(args)
        .output()
        .unwrap();
    (tmp, out, o)
}

#[test]
fn an_id_cannot_overwrite_the_shared_typst_template() {
    let (tmp, out, o) = render_beside_template_id(&["--format", "typ"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // Every entry file imports a template module that is the template, not another entry.
    for id in ["crpc-minimal", "convgen-convention"] {
        let entry = std::fs::read_to_string(out.join(format!("{id}.typ"))).unwrap();
        let module = entry
            .lines()
            .find_map(|l| l.strip_prefix("#import \""))
            .and_then(|l| l.split('"').next())
            .unwrap()
            .trim_start_matches('/')
            .to_string();
        let template = std::fs::read_to_string(out.join(&module)).unwrap();
        assert!(
            template.contains("#let convention("),
            "{id}: {module} is {template}"
        );
    }
    if let Some(typst) = common::typst() {
        let compiled = std::process::Command::new(typst)
            .arg("compile")
            .arg("--root")
            .arg(&out)
            .arg(out.join("convgen-convention.typ"))
            .arg(tmp.path().join("x.pdf"))
            .output()
            .unwrap();
        assert!(compiled.status.success(), "{}", text(&compiled));
    }
}

/// The PDF counterpart: in typst's private root the template module is
/// `/convgen-convention.typ`, beside files named after the ids; a convention with that id
/// renders (warm and cold typst alike) with the template, not its own files.
#[test]
fn an_id_cannot_replace_the_template_in_typst_root() {
    let Some(typst) = common::typst() else { return };
    let typst_arg = typst.to_str().unwrap();
    let (_tmp, out, o) = render_beside_template_id(&["--format", "pdf", "--typst", typst_arg]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    for id in ["crpc-minimal", "convgen-convention"] {
        let pdf = std::fs::read(out.join(format!("{id}.pdf"))).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{id}");
    }
    let mut left: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["convgen-convention.pdf", "crpc-minimal.pdf"]);
}

#[test]
fn duplicate_ids_with_allow_errors_render_the_first_folder_only() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    convention_at(&repo.join("a"), |t| {
        t.replace("Région Test\"\nstart", "Région A\"\nstart")
    });
    convention_at(&repo.join("b"), |t| {
        t.replace("Région Test\"\nstart", "Région B\"\nstart")
    });
    let mut seen = Vec::new();
    for run in 0..4 {
        let out = tmp.path().join(format!("out{run}"));
        let o = common::convgen()
            .args(["render"])
            .arg(&repo)
            .arg("--out")
            .arg(&out)
            .args(["--format", "md", "--allow-errors", "--jobs", "2"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        assert!(
            stderr(&o).contains("non rendu") && stderr(&o).contains("b/convention.toml"),
            "{}",
            text(&o)
        );
        seen.push(std::fs::read_to_string(out.join("crpc-minimal.md")).unwrap());
    }
    assert!(seen[0].contains("Région A"), "{}", seen[0]);
    assert!(seen.iter().all(|s| s == &seen[0]));
}

// ---------------------------------------------------------------------------------------
// Templates of the repository.

/// A repository whose `convgen.toml` names a templates folder holding `files`.
fn repo_with_templates(tmp: &Path, files: &[(&str, &str)]) -> PathBuf {
    let repo = tmp.join("repo");
    convention_at(&repo.join("c"), |t| t);
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join("gabarits")).unwrap();
    std::fs::write(
        repo.join("convgen.toml"),
        "[render]\ntemplates = \"gabarits\"\n",
    )
    .unwrap();
    for (name, text) in files {
        std::fs::write(repo.join("gabarits").join(name), text).unwrap();
    }
    repo
}

fn render_md(repo: &Path, out: &Path) -> Output {
    common::convgen()
        .arg("render")
        .arg(repo)
        .arg("--out")
        .arg(out)
        .args(["--format", "md"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap()
}

#[test]
fn template_cycles_and_recursive_macros_are_refused() {
    for (what, files) in [
        (
            "include of itself",
            vec![(
                "convention.md.tera",
                "a {% include \"convention.md.tera\" %}",
            )],
        ),
        (
            "include cycle",
            vec![
                ("convention.md.tera", "{% include \"x.md.tera\" %}"),
                ("x.md.tera", "{% include \"y.md.tera\" %}"),
                ("y.md.tera", "{% include \"x.md.tera\" %}"),
            ],
        ),
        (
            "recursive macro",
            vec![(
                "convention.md.tera",
                "{% macro f(n) %}{{ self::f(n=n) }}{% endmacro f %}{{ self::f(n=1) }}",
            )],
        ),
        (
            "mutually recursive macros across files",
            vec![
                (
                    "m.md.tera",
                    "{% macro f() %}{{ self::g() }}{% endmacro f %}{% macro g() %}{{ self::f() }}{% endmacro g %}",
                ),
                (
                    "convention.md.tera",
                    "{% import \"m.md.tera\" as m %}{{ m::f() }}",
                ),
            ],
        ),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let repo = repo_with_templates(tmp.path(), &files);
        let out = tmp.path().join("out");
        let o = render_md(&repo, &out);
        assert_eq!(o.status.code(), Some(2), "{what}: {}", text(&o));
        assert!(stderr(&o).contains("récursi"), "{what}: {}", text(&o));
        assert!(!out.join("crpc-minimal.md").exists(), "{what}");
    }
}

#[test]
fn template_loops_and_output_are_bounded() {
    for (what, template) in [
        (
            "a huge range",
            "{% for i in range(end=30000000) %}x{% endfor %}",
        ),
        (
            "nested loops",
            "{% for a in range(end=3000) %}{% for b in range(end=3000) %}{% for c in range(end=3000) %}x{% endfor %}{% endfor %}{% endfor %}",
        ),
        (
            "a huge output from a small loop",
            "{% set s = \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\" %}{% for a in range(end=20000) %}{% for b in range(end=20000) %}{{ s }}{% endfor %}{% endfor %}",
        ),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let repo = repo_with_templates(tmp.path(), &[("convention.md.tera", template)]);
        let out = tmp.path().join("out");
        let start = Instant::now();
        let o = render_md(&repo, &out);
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{what}: {:?}",
            start.elapsed()
        );
        assert_ne!(o.status.code(), Some(0), "{what}: {}", text(&o));
        assert!(!stderr(&o).contains("panicked"), "{what}: {}", text(&o));
        assert!(!out.join("crpc-minimal.md").exists(), "{what}");
    }
}

// ---------------------------------------------------------------------------------------
// typst.

fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// A fake `typst`: answers `--version` like typst 0.15.1, then runs `body` for a compilation.
fn fake_typst(dir: &Path, body: &str) -> PathBuf {
    script(
        dir,
        "typst",
        &format!(
            "if [ \"$1\" = \"--version\" ]; then echo 'typst 0.15.1 (fake)'; exit 0; fi\n{body}"
        ),
    )
}

fn render_pdf(out: &Path, typst: &Path, extra: &[&str]) -> Output {
    common::convgen()
        .arg("render")
        .arg(base())
        .arg("--out")
        .arg(out)
        .args(["--format", "md,pdf", "--typst"])
        .arg(typst)
        .args(extra)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap()
}

/// Whether process `pid` still runs (a zombie waiting for its parent to reap it does not).
fn alive(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{}/stat", pid.trim())).is_ok_and(|stat| {
        stat.rsplit(')')
            .next()
            .is_some_and(|s| !s.trim_start().starts_with('Z'))
    })
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                .filter(|n| n.starts_with(".convgen-"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_typst_that_hangs_on_version_does_not_hang_render() {
    // `--version` is asked only to explain a failed compilation: it is bounded too.
    let tmp = tempfile::tempdir().unwrap();
    let typst = script(
        tmp.path(),
        "typst",
        "if [ \"$1\" = \"--version\" ]; then exec sleep 600; fi\necho 'error: panne' >&2\nexit 1",
    );
    let start = Instant::now();
    let o = render_pdf(&tmp.path().join("out"), &typst, &["--typst-timeout", "2"]);
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(stderr(&o).contains("--version"), "{}", text(&o));
    assert!(stderr(&o).contains("panne"), "{}", text(&o));
}

#[test]
fn a_pdf_from_a_typst_older_than_0_15_is_refused() {
    // The release is read from the PDF typst writes (`/Creator (Typst x.y.z)`), with no
    // `typst --version` before the work.
    let tmp = tempfile::tempdir().unwrap();
    let typst = script(
        tmp.path(),
        "typst",
        "if [ \"$1\" = \"--version\" ]; then echo 'typst 0.11.0'; exit 0; fi\nprintf '%%PDF-1.7\\n1 0 obj <</Creator(Typst 0.11.0)>> endobj\\n%%%%EOF\\n'\nexit 0",
    );
    let out = tmp.path().join("out");
    let o = render_pdf(&out, &typst, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        stderr(&o).contains("version de typst non prise en charge (0.11.0)"),
        "{}",
        text(&o)
    );
    assert!(!out.join("crpc-minimal.pdf").exists());
    assert!(!out.join("crpc-minimal.md").exists());
    // A failed compilation by an old typst says which release it is.
    let failing = script(
        tmp.path(),
        "typst-old",
        "if [ \"$1\" = \"--version\" ]; then echo 'typst 0.11.0'; exit 0; fi\necho 'error: unknown function' >&2\nexit 1",
    );
    let o = render_pdf(&tmp.path().join("out2"), &failing, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(stderr(&o).contains("(0.11.0)"), "{}", text(&o));
    assert!(stderr(&o).contains("unknown function"), "{}", text(&o));
}

#[test]
fn a_typst_that_hangs_on_compile_is_killed_after_the_timeout() {
    let tmp = tempfile::tempdir().unwrap();
    let pid_file = tmp.path().join("pid");
    let typst = fake_typst(
        tmp.path(),
        &format!("echo $$ > {}\nexec sleep 600", pid_file.display()),
    );
    let out = tmp.path().join("out");
    let start = Instant::now();
    let o = render_pdf(&out, &typst, &["--typst-timeout", "2"]);
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(stderr(&o).contains("délai"), "{}", text(&o));
    assert!(leftovers(&out).is_empty());
    assert!(!out.join("crpc-minimal.md").exists(), "nothing published");
    let pid = std::fs::read_to_string(&pid_file).unwrap();
    assert!(!alive(&pid), "typst still running");
}

#[test]
fn a_typst_that_writes_garbage_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    for (what, write) in [
        ("garbage", "echo 'not a pdf'"),
        ("empty", ":"),
        ("truncated", "printf '%%PDF-1.7\\n1 0 obj\\n'"),
    ] {
        let typst = script(
            tmp.path(),
            &format!("typst-{what}"),
            &format!(
                "if [ \"$1\" = \"--version\" ]; then echo 'typst 0.15.1 (fake)'; exit 0; fi\n{write}\nexit 0"
            ),
        );
        let out = tmp.path().join(format!("out-{what}"));
        let o = render_pdf(&out, &typst, &[]);
        assert_eq!(o.status.code(), Some(1), "{what}: {}", text(&o));
        assert!(stderr(&o).contains("PDF"), "{what}: {}", text(&o));
        if what == "empty" {
            assert!(stderr(&o).contains("sortie vide"), "{what}: {}", text(&o));
        }
        assert!(!out.join("crpc-minimal.pdf").exists(), "{what}");
        assert!(!out.join("crpc-minimal.md").exists(), "{what}");
        assert!(leftovers(&out).is_empty(), "{what}");
    }
}

#[test]
fn typst_runs_under_memory_and_cpu_limits() {
    let tmp = tempfile::tempdir().unwrap();
    let limits = tmp.path().join("limits");
    let typst = fake_typst(
        tmp.path(),
        // Like typst, it reads its source first (the limits are set before it is given).
        &format!(
            "cat > /dev/null\n(ulimit -v; ulimit -t) > {}\nexit 1",
            limits.display()
        ),
    );
    let o = render_pdf(&tmp.path().join("out"), &typst, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let found = std::fs::read_to_string(&limits).unwrap();
    let mut lines = found.lines();
    let memory_kib: u64 = lines.next().unwrap().parse().expect("a memory limit");
    let cpu_s: u64 = lines.next().unwrap().parse().expect("a CPU limit");
    assert!(memory_kib > 0 && memory_kib <= 8 * 1024 * 1024, "{found}");
    assert!(cpu_s > 0 && cpu_s <= 600, "{found}");
}

#[test]
fn sigterm_kills_typst_and_removes_the_staging_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let pid_file = tmp.path().join("pid");
    let typst = fake_typst(
        tmp.path(),
        &format!("echo $$ > {}\nexec sleep 600", pid_file.display()),
    );
    let out = tmp.path().join("out");
    for signal in [libc::SIGTERM, libc::SIGINT] {
        let _ = std::fs::remove_file(&pid_file);
        let mut child = common::convgen_process()
            .arg("render")
            .arg(base())
            .arg("--out")
            .arg(&out)
            .args(["--format", "pdf", "--typst"])
            .arg(&typst)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while !pid_file.exists() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "typst never started"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(100));
        assert!(!leftovers(&out).is_empty(), "staging while typst runs");
        unsafe { libc::kill(child.id() as i32, signal) };
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "convgen did not stop"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(!status.success());
        let pid = std::fs::read_to_string(&pid_file).unwrap();
        std::thread::sleep(Duration::from_millis(100));
        assert!(!alive(&pid), "typst still running after signal {signal}");
        assert!(
            leftovers(&out).is_empty(),
            "signal {signal}: {:?}",
            leftovers(&out)
        );
    }
}

// ---------------------------------------------------------------------------------------
// Already fixed: kept fixed.

#[test]
fn outputs_follow_the_umask() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let bin = assert_cmd::cargo::cargo_bin("convgen");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for (umask, expected) in [("077", 0o600), ("002", 0o664), ("022", 0o644)] {
        let o = std::process::Command::new("/bin/sh")
            .arg("-c")
            .arg(format!(
                "umask {umask} && NO_COLOR=1 '{}' render '{}' --out '{}' --format md",
                bin.display(),
                base().display(),
                out.display()
            ))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        assert_eq!(
            mode(&out.join("crpc-minimal.md")),
            expected,
            "umask {umask}"
        );
    }
}

#[test]
fn templates_paths_with_glob_characters_work() {
    for name in ["a{b", "a*b", "{x,y}", "a[b]"] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("convention.md.tera"), "GABARIT {{ id }}\n").unwrap();
        let out = tmp.path().join("out");
        let o = common::convgen()
            .arg("render")
            .arg(base())
            .arg("--out")
            .arg(&out)
            .args(["--format", "md", "--templates"])
            .arg(&dir)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{name}: {}", text(&o));
        assert_eq!(
            std::fs::read_to_string(out.join("crpc-minimal.md")).unwrap(),
            "GABARIT crpc-minimal\n",
            "{name}"
        );
    }
}

#[test]
fn a_closed_stderr_is_never_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    convention_at(&repo.join("c"), |t| {
        t.replace("kind = \"crpc\"", "kind = \"crcp\"")
    });
    let bin = assert_cmd::cargo::cargo_bin("convgen");
    for args in [
        "check . --format short",
        "render . --out out --format md",
        "check does-not-exist",
        "explain nope",
    ] {
        let o = std::process::Command::new("/bin/sh")
            .current_dir(&repo)
            .arg("-c")
            .arg(format!("'{}' {args} 2>&-", bin.display()))
            .output()
            .unwrap();
        assert!(
            matches!(o.status.code(), Some(1 | 2)),
            "{args}: {}",
            text(&o)
        );
    }
}

#[test]
fn the_cli_writes_stderr_only_through_say() {
    // `eprintln!` panics when stderr is closed; the CLI writes through `say!`/`print_err`.
    for entry in std::fs::read_dir(root().join("src/cli")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap();
            assert!(
                !code.contains("eprintln!") && !code.contains("eprint!("),
                "{}:{}: {line}",
                path.display(),
                i + 1
            );
        }
    }
}

#[test]
fn a_pdf_standard_typo_is_refused_before_any_work() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = common::convgen()
        .arg("render")
        .arg(base())
        .arg("--out")
        .arg(&out)
        .args(["--format", "md,pdf", "--pdf-standard", "a-2x"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(!out.exists(), "nothing written");
}

#[test]
fn a_pdf_failure_publishes_no_new_markdown_beside_the_old_pdf() {
    let Some(real) = common::typst() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let conv = convention_at(&tmp.path().join("c"), |t| t);
    let out = tmp.path().join("out");
    let run = |typst: &Path| {
        common::convgen()
            .arg("render")
            .arg(&conv)
            .arg("--out")
            .arg(&out)
            .args(["--format", "md,pdf", "--typst"])
            .arg(typst)
            .output()
            .unwrap()
    };
    let o = run(&real);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let (md, pdf) = (
        std::fs::read(out.join("crpc-minimal.md")).unwrap(),
        std::fs::read(out.join("crpc-minimal.pdf")).unwrap(),
    );
    let path = conv.join("convention.toml");
    let changed = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Région Test\"\nstart", "Région Modifiée\"\nstart");
    std::fs::write(&path, changed).unwrap();
    let failing = fake_typst(tmp.path(), "exit 1");
    let o = run(&failing);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert_eq!(std::fs::read(out.join("crpc-minimal.md")).unwrap(), md);
    assert_eq!(std::fs::read(out.join("crpc-minimal.pdf")).unwrap(), pdf);
}
