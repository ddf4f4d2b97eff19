//! The bad-input corpus (`tests/bad-inputs/cases.toml`): the real binary on every case must
//! exit with the expected code, report the expected rule codes, never panic and never hang.

mod common;
use common::copy_dir;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What the files behind the links of the `link-*` cases hold.
const SECRET: &str = "FAKE-SECRET-c0nvg3n-0000";

/// Longest run allowed for one case (debug build, shared 2-core machine).
const TIME_LIMIT: Duration = Duration::from_secs(90);

#[derive(serde::Deserialize, Debug)]
struct Cases {
    case: Vec<Case>,
}

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    file: Option<String>,
    generate: Option<String>,
    #[serde(default = "convention")]
    target: String,
    exit: i32,
    codes: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    contains: Option<String>,
    /// Text that must appear in no output (stdout or stderr, JSON and human report): the
    /// content of a file outside the repository that a link points to.
    never: Option<String>,
    #[allow(dead_code)]
    note: Option<String>,
}

fn convention() -> String {
    "convention".into()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(root().join("tests/bad-inputs/cases.toml")).unwrap();
    let cases: Cases = toml::from_str(&text).unwrap();
    cases.case
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

/// Runs `convgen ARGS` with a time limit: a run that hangs is killed and fails the case.
fn run(name: &str, args: &[&std::ffi::OsStr]) -> Run {
    let start = Instant::now();
    let mut child = common::convgen_process()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Drain the pipes on threads so that a large report cannot block the child.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        out.read_to_end(&mut s).unwrap();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        err.read_to_end(&mut s).unwrap();
        s
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIME_LIMIT {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("{name}: still running after {TIME_LIMIT:?} (killed)");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code(),
        stdout: String::from_utf8(out.join().unwrap()).expect("stdout is UTF-8"),
        stderr: String::from_utf8(err.join().unwrap()).expect("stderr is UTF-8"),
        elapsed: start.elapsed(),
    }
}

/// A repository `tmp/repo` holding the base convention as `repo/c`.
fn base_repo(tmp: &Path) -> PathBuf {
    let repo = tmp.join("repo");
    copy_dir(
        &root().join("tests/fixtures/base/crpc-minimal"),
        &repo.join("c"),
    );
    repo
}

fn target_path(repo: &Path, target: &str) -> PathBuf {
    match target {
        "convention" => repo.join("c/convention.toml"),
        "annex" => repo.join("c/annexes/2025.toml"),
        other => panic!("unknown target {other}"),
    }
}

fn base_text(target: &str) -> String {
    let dir = root().join("tests/fixtures/base/crpc-minimal");
    std::fs::read_to_string(match target {
        "annex" => dir.join("annexes/2025.toml"),
        _ => dir.join("convention.toml"),
    })
    .unwrap()
}

fn mkfifo(path: &Path) {
    let _ = std::fs::remove_file(path);
    let ok = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(ok.success(), "mkfifo {}", path.display());
}

/// An objective appended to the base convention with one more key (`extra`).
fn with_objective(extra: &str) -> String {
    format!(
        "{}\n[[objectives]]\nid = \"extra\"\naxis = \"transverse\"\ntitle = \"Objectif ajouté\"\nsignatories = [\"*\"]\n{extra}\n",
        base_text("convention")
    )
}

/// Builds the input of a generated case; returns the path to check, or `None` to skip.
fn generate(kind: &str, tmp: &Path) -> Option<PathBuf> {
    let repo = base_repo(tmp);
    let conv = target_path(&repo, "convention");
    let annex = target_path(&repo, "annex");
    let deep = 20_000;
    let write = |path: &Path, text: String| std::fs::write(path, text).unwrap();
    match kind {
        "deep-arrays" => write(
            &conv,
            format!("x = {}{}\n", "[".repeat(deep), "]".repeat(deep)),
        ),
        "deep-inline-tables" => write(
            &conv,
            format!("x = {}1{}\n", "{ a = ".repeat(deep), " }".repeat(deep)),
        ),
        "deep-mixed" => write(
            &conv,
            format!(
                "x = {}1{}\n",
                "[{ a = ".repeat(deep / 2),
                " }]".repeat(deep / 2)
            ),
        ),
        "deep-dotted-key" => write(&conv, format!("a{} = 1\n", ".a".repeat(deep))),
        "deep-table-header" => write(&conv, format!("[a{}]\nb = 1\n", ".a".repeat(deep))),
        "deep-arrays-annex" => write(
            &annex,
            format!(
                "{}\nx = {}{}\n",
                base_text("annex"),
                "[".repeat(deep),
                "]".repeat(deep)
            ),
        ),
        "too-many-entries" | "entries-at-the-limit" => {
            let n = if kind == "too-many-entries" {
                100_001
            } else {
                100_000
            };
            let actions = vec!["\"a\""; n].join(",");
            write(&conv, with_objective(&format!("actions = [{actions}]")));
        }
        "string-too-long" => write(
            &conv,
            with_objective(&format!(
                "description = \"{}\"",
                "a".repeat(1024 * 1024 + 1)
            )),
        ),
        "huge-annex" => {
            let mut text = base_text("annex");
            for i in 0..99_000 {
                text.push_str(&format!(
                    "[[means]]\nobjective = \"x{i}\"\nsignatory = \"ft\"\netp = 1\n"
                ));
            }
            write(&annex, text);
        }
        "many-signatories" => {
            let mut text = base_text("convention");
            for i in 0..20_000 {
                text.push_str(&format!(
                    "\n[[signatories]]\nid = \"s{i}\"\nrole = \"other\"\nname = \"Partenaire {i}\"\n"
                ));
            }
            write(&conv, text);
        }
        "sparse-100mb" => std::fs::File::create(&conv)
            .unwrap()
            .set_len(100 * 1024 * 1024)
            .unwrap(),
        "over-limit" | "at-limit" => {
            let limit = convgen::load::MAX_FILE_BYTES as usize;
            let size = if kind == "over-limit" {
                limit + 1
            } else {
                limit
            };
            let mut text = base_text("convention");
            text.push('#');
            text.push_str(&"x".repeat(size - text.len() - 1));
            text.push('\n');
            assert_eq!(text.len(), size);
            write(&conv, text);
        }
        "fifo-convention" => mkfifo(&conv),
        "fifo-annex" => mkfifo(&annex),
        "dir-convention" => {
            std::fs::remove_file(&conv).unwrap();
            std::fs::create_dir(&conv).unwrap();
        }
        "dir-annex" => {
            std::fs::remove_file(&annex).unwrap();
            std::fs::create_dir(&annex).unwrap();
        }
        "symlink-dir-loop" => {
            std::os::unix::fs::symlink(&repo, repo.join("c/loop")).unwrap();
            std::os::unix::fs::symlink("..", repo.join("up")).unwrap();
            std::os::unix::fs::symlink("self", repo.join("self")).unwrap();
        }
        "symlink-self-loop" => {
            std::fs::remove_file(&conv).unwrap();
            std::os::unix::fs::symlink("convention.toml", &conv).unwrap();
        }
        "dangling-annex" => {
            std::fs::remove_file(&annex).unwrap();
            std::os::unix::fs::symlink("nowhere.toml", &annex).unwrap();
        }
        "unreadable" => {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&conv, std::fs::Permissions::from_mode(0o000)).unwrap();
            if std::fs::read(&conv).is_ok() {
                eprintln!(
                    "SKIPPED unreadable-convention: chmod 000 does not stop this user (root) from reading"
                );
                return None;
            }
        }
        "link-convention-outside"
        | "link-annex-outside"
        | "link-annexes-outside"
        | "link-convgen-toml-outside"
        | "link-convention-inside" => {
            // A file outside the repository (here beside it) that looks like a secret and
            // has a syntax error, so that a report quoting lines around it would print it.
            let secret = tmp.join("secret");
            std::fs::create_dir_all(&secret).unwrap();
            let text = format!("token = \"{SECRET}\"\n[[[\n");
            std::fs::write(secret.join("credentials.toml"), &text).unwrap();
            std::fs::write(secret.join("2025.toml"), &text).unwrap();
            let link = |target: &Path, at: &Path| {
                let _ = std::fs::remove_file(at);
                std::os::unix::fs::symlink(target, at).unwrap();
            };
            match kind {
                "link-convention-outside" => link(&secret.join("credentials.toml"), &conv),
                "link-annex-outside" => link(&secret.join("credentials.toml"), &annex),
                "link-annexes-outside" => {
                    std::fs::remove_dir_all(repo.join("c/annexes")).unwrap();
                    link(&secret, &repo.join("c/annexes"));
                }
                "link-convgen-toml-outside" => {
                    std::fs::create_dir(repo.join(".git")).unwrap();
                    link(&secret.join("credentials.toml"), &repo.join("convgen.toml"));
                }
                _ => {
                    // A link to a file inside the convention folder: refused too.
                    std::fs::rename(&conv, repo.join("c/real.toml")).unwrap();
                    link(Path::new("real.toml"), &conv);
                }
            }
        }
        // What `check` must refuse because `render` cannot survive it (rules `render-limit`,
        // `unsafe-markup`, `asset`): a preamble, a title or a logo built at test time.
        kind if kind.starts_with("preamble-") => {
            let n = 10_000;
            let text = match kind {
                "preamble-quotes-5000" => format!("{}fin", "> ".repeat(5000)),
                "preamble-quotes-18" => format!("{}fin", "> ".repeat(18)),
                "preamble-list-40" => (0..40)
                    .map(|i| format!("{}- a", "  ".repeat(i)))
                    .collect::<Vec<_>>()
                    .join("\n"),
                "preamble-emphasis-80k" => {
                    format!("{}y{}", "*x ".repeat(n * 4 / 3), " x*".repeat(n * 4 / 3))
                }
                "preamble-word-25000" => "a".repeat(25_000),
                "preamble-combining-10000" => format!("e{}", "\u{301}".repeat(n)),
                "preamble-html" => "Texte <script>alert(1)</script> et <img src=x onerror=y>".into(),
                "preamble-javascript-link" => "Voir [ici](javascript:alert(1)) et [là](  JaVaScRiPt:x)".into(),
                "preamble-data-link" => "![logo](data:text/html;base64,PHNjcmlwdD4=)".into(),
                "preamble-ordinary" => "Texte<sup>1</sup> avec<br>un saut, *une* **emphase**, > une\n\n> > citation\n\n- une\n  - liste\n\n[un lien](https://example.org) et é\u{301}".into(),
                other => panic!("unknown preamble {other}"),
            };
            let text = serde_json::to_string(&text).unwrap();
            write(
                &conv,
                format!("{}\n[preamble]\ntext = {text}\n", base_text("convention")),
            );
        }
        "title-33000" => {
            let title = "Titre ".repeat(5500);
            write(
                &conv,
                base_text("convention").replacen(
                    "title = \"Convention régionale pluriannuelle de coordination — Région Test\"",
                    &format!("title = \"{title}\""),
                    1,
                ),
            );
        }
        "means-text-230k" => {
            let mut text = base_text("annex");
            text = text.replacen(
                "text = \"Appui du service statistique\"",
                &format!("text = \"{}\"", "moyen ".repeat(40_000)),
                1,
            );
            write(&annex, text);
        }
        "logo-huge-png" | "logo-huge-jpeg" | "logo-svg-external" | "logo-svg-data" => {
            let assets = repo.join("c/assets");
            std::fs::create_dir_all(&assets).unwrap();
            let (name, bytes): (&str, Vec<u8>) = match kind {
                // A PNG header announcing 60,000 × 60,000 pixels (14.4 GB decoded).
                "logo-huge-png" => ("logo.png", {
                    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
                    b.extend(60_000u32.to_be_bytes());
                    b.extend(60_000u32.to_be_bytes());
                    b.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
                    b
                }),
                // A JPEG whose frame header announces 65,000 × 65,000 pixels.
                "logo-huge-jpeg" => ("logo.jpg", {
                    let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
                    b.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
                    b.extend([0xFF, 0xC0, 0, 17, 8]);
                    b.extend(65_000u16.to_be_bytes());
                    b.extend(65_000u16.to_be_bytes());
                    b.extend([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
                    b
                }),
                "logo-svg-external" => ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'><image xlink:href='file:///etc/passwd' width='10' height='10'/><rect style='fill:url(http://example.org/x)'/></svg>".to_vec()),
                _ => ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><defs><linearGradient id='g'/></defs><rect fill='url(#g)' width='1' height='1'/><image href='data:image/png;base64,iVBORw0KGgo=' width='1' height='1'/></svg>".to_vec()),
            };
            std::fs::write(assets.join(name), bytes).unwrap();
            write(
                &conv,
                base_text("convention").replacen(
                    "name = \"L'État\"",
                    &format!("name = \"L'État\"\nlogo = \"assets/{name}\""),
                    1,
                ),
            );
        }
        "logos-over-total" => {
            // One 5 MiB PNG named by all seven signatories: 35 MiB to copy beside the PDF.
            let assets = repo.join("c/assets");
            std::fs::create_dir_all(&assets).unwrap();
            let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10".to_vec();
            png.resize(5 * 1024 * 1024, 0);
            std::fs::write(assets.join("logo.png"), png).unwrap();
            let text = base_text("convention").replace(
                "\nrepresented_by",
                "\nlogo = \"assets/logo.png\"\nrepresented_by",
            );
            write(&conv, text);
        }
        "missing-path" => return Some(repo.join("does-not-exist")),
        "no-convention" => {
            let empty = tmp.join("empty");
            std::fs::create_dir_all(empty.join("sub")).unwrap();
            return Some(empty);
        }
        other => panic!("unknown generator {other}"),
    }
    Some(repo)
}

fn check_case(case: &Case) {
    let tmp = tempfile::tempdir().unwrap();
    let path = match (&case.file, &case.generate) {
        (Some(file), None) => {
            let repo = base_repo(tmp.path());
            let bytes = std::fs::read(root().join("tests/bad-inputs").join(file)).unwrap();
            std::fs::write(target_path(&repo, &case.target), bytes).unwrap();
            repo
        }
        (None, Some(kind)) => match generate(kind, tmp.path()) {
            Some(p) => p,
            None => return,
        },
        _ => panic!("{}: give exactly one of `file` and `generate`", case.name),
    };
    let name = &case.name;
    let json = run(
        name,
        &[
            "check".as_ref(),
            path.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ],
    );
    let context = format!(
        "{name}: exit {:?} in {:?}\nstdout:\n{}\nstderr:\n{}",
        json.code,
        json.elapsed,
        json.stdout.chars().take(3000).collect::<String>(),
        json.stderr.chars().take(3000).collect::<String>()
    );
    assert!(!json.stderr.contains("panicked"), "{context}");
    assert_eq!(json.code, Some(case.exit), "{context}");
    if let Some(never) = &case.never {
        assert!(
            !json.stdout.contains(never.as_str()) && !json.stderr.contains(never.as_str()),
            "{name}: {never:?} is shown\n{context}"
        );
    }
    if case.exit == 2 {
        assert!(json.stdout.is_empty(), "{context}");
        if let Some(text) = &case.contains {
            assert!(json.stderr.contains(text.as_str()), "{context}");
        }
        return;
    }
    let report: serde_json::Value = serde_json::from_str(&json.stdout)
        .unwrap_or_else(|e| panic!("{name}: not JSON ({e})\n{context}"));
    let found: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    for code in &case.codes {
        assert!(
            found.contains(&code.as_str()),
            "{name}: no `{code}`\n{context}"
        );
    }
    for code in &case.absent {
        assert!(
            !found.contains(&code.as_str()),
            "{name}: `{code}` reported\n{context}"
        );
    }
    if let Some(text) = &case.contains {
        let messages: Vec<&str> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|d| [d["message"].as_str(), d["help"].as_str()])
            .flatten()
            .collect();
        assert!(
            messages.iter().any(|m| m.contains(text.as_str())),
            "{name}: no message contains {text:?}\n{context}"
        );
    }
    // Every finding points inside its file and names a known rule.
    let mut lengths: std::collections::HashMap<String, u64> = Default::default();
    for d in report["diagnostics"].as_array().unwrap() {
        assert!(
            convgen::check::find(d["code"].as_str().unwrap()).is_some(),
            "{name}: unknown code in {d}"
        );
        if let Some(offset) = d["span"]["offset"].as_u64() {
            // Files are shown as given (here absolute); the span lies within the text as
            // read (BOM dropped, invalid UTF-8 replaced).
            let len = *lengths
                .entry(d["file"].as_str().unwrap().to_string())
                .or_insert_with_key(|file| {
                    let bytes = std::fs::read(file).unwrap();
                    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
                    String::from_utf8_lossy(bytes).len() as u64
                });
            let end = offset + d["span"]["length"].as_u64().unwrap();
            assert!(end <= len, "{name}: span past the end ({len} bytes): {d}");
            assert!(d["line"].as_u64().unwrap() >= 1, "{name}: {d}");
        }
    }
    // The human report of the same input: same exit code, no panic.
    let human = run(name, &["check".as_ref(), path.as_os_str()]);
    assert!(
        !human.stderr.contains("panicked"),
        "{name}: {}",
        human.stderr
    );
    assert_eq!(
        human.code, json.code,
        "{name}: human report\n{}",
        human.stderr
    );
    if let Some(never) = &case.never {
        assert!(
            !human.stdout.contains(never.as_str()) && !human.stderr.contains(never.as_str()),
            "{name}: {never:?} is shown in the human report\n{}",
            human.stdout
        );
    }
    eprintln!("{name}: ok in {:?} + {:?}", json.elapsed, human.elapsed);
}

#[test]
fn corpus_has_at_least_60_cases_and_every_file_is_listed() {
    let cases = cases();
    assert!(cases.len() >= 60, "{} cases", cases.len());
    let mut names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "case names are unique");
    let listed: Vec<&str> = cases.iter().filter_map(|c| c.file.as_deref()).collect();
    for entry in std::fs::read_dir(root().join("tests/bad-inputs")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        if name.ends_with(".toml") && name != "cases.toml" {
            assert!(
                listed.contains(&name.as_str()),
                "{name} is not in cases.toml"
            );
        }
    }
}

/// Runs every case of `cases`, then fails with the names of all the failing ones.
fn check_all(cases: &[&Case]) {
    let failed: Vec<&str> = cases
        .iter()
        .filter(|case| std::panic::catch_unwind(|| check_case(case)).is_err())
        .map(|case| case.name.as_str())
        .collect();
    assert!(failed.is_empty(), "failing cases: {failed:?}");
}

#[test]
fn every_committed_bad_file() {
    let cases = cases();
    check_all(
        &cases
            .iter()
            .filter(|c| c.file.is_some())
            .collect::<Vec<_>>(),
    );
}

#[test]
fn every_generated_bad_input() {
    let cases = cases();
    check_all(
        &cases
            .iter()
            .filter(|c| c.generate.is_some())
            .collect::<Vec<_>>(),
    );
}

/// `convgen diff` on a FIFO, a folder named like a file, an oversized file: a clear error and
/// exit 2, without waiting for a writer.
#[test]
fn diff_refuses_what_is_not_a_regular_file() {
    let tmp = tempfile::tempdir().unwrap();
    let good = root().join("tests/fixtures/base/crpc-minimal/annexes/2025.toml");
    let fifo = tmp.path().join("2026.toml");
    mkfifo(&fifo);
    let big = tmp.path().join("2027.toml");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    for (name, other) in [("fifo", &fifo), ("big", &big)] {
        let o = run(
            name,
            &["diff".as_ref(), good.as_os_str(), other.as_os_str()],
        );
        assert_eq!(o.code, Some(2), "{name}: {}", o.stderr);
        assert!(!o.stderr.contains("panicked"), "{name}: {}", o.stderr);
        assert!(
            o.stderr.contains("pas un fichier ordinaire") || o.stderr.contains("trop volumineux"),
            "{name}: {}",
            o.stderr
        );
    }
}
