//! End-to-end tests of what fits convgen into its surroundings: shell completions, man pages,
//! the GitLab Code Quality report, and the CI recipes of `docs/ci` (valid YAML whose convgen
//! commands run as written).

mod common;
use common::{convgen, copy_dir, stderr, stdout};

use std::path::PathBuf;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = convgen().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(text.len() > 500, "{shell}: {text}");
        for word in ["check", "render", "init", "watch"] {
            assert!(text.contains(word), "{shell}: no `{word}`");
        }
    }
    let out = convgen().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("bash"), "{}", stderr(&out));
}

#[test]
fn man_page_on_stdout_and_one_per_subcommand() {
    let out = convgen().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = stdout(&out);
    assert!(page.contains(".TH convgen 1"), "{page}");
    assert!(page.contains("Vérifie"), "{page}");

    let dir = tempfile::tempdir().unwrap();
    let out = convgen()
        .args(["man", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for name in [
        "convgen",
        "convgen-check",
        "convgen-render",
        "convgen-init",
        "convgen-diff",
    ] {
        let text = std::fs::read_to_string(dir.path().join(format!("{name}.1")))
            .unwrap_or_else(|e| panic!("{name}.1: {e}"));
        assert!(text.contains(".TH"), "{name}");
    }
    let check = std::fs::read_to_string(dir.path().join("convgen-check.1")).unwrap();
    assert!(check.contains("\\-\\-watch"), "{check}");
}

#[test]
fn gitlab_code_quality_report() {
    let dir = root().join("tests/fixtures/rules/unknown-reference/fail");
    let run = || {
        convgen()
            .current_dir(&dir)
            .args(["check", "conventions", "--format", "gitlab"])
            .output()
            .unwrap()
    };
    let out = run();
    assert_eq!(out.status.code(), Some(1));
    let issues: Value = serde_json::from_slice(&out.stdout).unwrap();
    let issues = issues.as_array().unwrap();
    assert!(!issues.is_empty());
    let mut fingerprints = std::collections::HashSet::new();
    for i in issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(i[key].as_str().is_some_and(|s| !s.is_empty()), "{key}: {i}");
        }
        assert!(
            ["blocker", "critical", "major", "minor", "info"]
                .contains(&i["severity"].as_str().unwrap())
        );
        assert!(i["location"]["path"].as_str().is_some());
        assert!(
            i["location"]["lines"]["begin"]
                .as_u64()
                .is_some_and(|l| l >= 1)
        );
        assert!(fingerprints.insert(i["fingerprint"].as_str().unwrap().to_string()));
    }
    // Stable from one run to the next.
    assert_eq!(stdout(&run()), stdout(&out));
    insta::assert_snapshot!("unknown_reference_gitlab", stdout(&out));
}

#[test]
fn gitlab_fingerprints_ignore_line_moves() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("tests/fixtures/rules/unknown-reference/fail"),
        tmp.path(),
    );
    let report = || -> Value {
        let out = convgen()
            .current_dir(tmp.path())
            .args(["check", "conventions", "--format", "gitlab"])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let before = report();
    let conv = tmp
        .path()
        .join("conventions/unknown-reference/convention.toml");
    let text = std::fs::read_to_string(&conv).unwrap();
    std::fs::write(&conv, format!("# une ligne de plus\n\n{text}")).unwrap();
    let after = report();
    let key = |v: &Value| -> Vec<(String, u64)> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["fingerprint"].as_str().unwrap().to_string(),
                    i["location"]["lines"]["begin"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let (b, a) = (key(&before), key(&after));
    assert_eq!(b.len(), a.len());
    let moved = b
        .iter()
        .zip(&a)
        .filter(|(x, y)| x.0 == y.0 && x.1 != y.1)
        .count();
    assert!(moved > 0, "{b:?} / {a:?}");
}

/// Every string of a YAML document.
fn strings(v: &serde_norway::Value, out: &mut Vec<String>) {
    match v {
        serde_norway::Value::String(s) => out.push(s.clone()),
        serde_norway::Value::Sequence(items) => items.iter().for_each(|i| strings(i, out)),
        serde_norway::Value::Mapping(m) => m.iter().for_each(|(k, v)| {
            strings(k, out);
            strings(v, out);
        }),
        serde_norway::Value::Tagged(t) => strings(&t.value, out),
        _ => {}
    }
}

/// The convgen invocations in a text: from `convgen ` to the end of the command (before a
/// redirection, `||`, `&&`, `|` or `;`).
fn convgen_commands(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut rest = line;
        while let Some(i) = rest.find("convgen ") {
            let before = &rest[..i];
            let cmd = &rest[i + "convgen ".len()..];
            rest = cmd;
            // Only a command word: start of line, or after `!`, `if`, `;`, `|`, `&`.
            let prev = before.trim_end();
            if !(prev.is_empty()
                || prev.ends_with('!')
                || prev.ends_with("if")
                || prev.ends_with(';')
                || prev.ends_with('|')
                || prev.ends_with('&'))
            {
                continue;
            }
            let end = [" >", " ||", " &&", " |", ";"]
                .iter()
                .filter_map(|s| cmd.find(s))
                .min()
                .unwrap_or(cmd.len());
            out.push(
                cmd[..end]
                    .split_whitespace()
                    .map(|w| w.trim_matches('"').to_string())
                    .collect(),
            );
        }
    }
    out
}

fn typst_available() -> bool {
    let found = std::process::Command::new("typst")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
        || std::env::var_os("CONVGEN_TYPST").is_some();
    if !found && std::env::var_os("CONVGEN_REQUIRE_TYPST").is_some() {
        panic!("typst is required (CONVGEN_REQUIRE_TYPST is set) but was not found");
    }
    found
}

/// Runs a recipe's convgen command in a copy of `examples/`, as CI would in a conventions
/// repository: it must parse, and `check` must pass on the examples.
fn run_recipe_command(args: &[String], source: &str) {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join("examples"), tmp.path());
    let out = convgen()
        .current_dir(tmp.path())
        .args(args)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(
        !err.contains("Usage:"),
        "{source}: `convgen {}` is not a valid invocation: {err}",
        args.join(" ")
    );
    let is_render = args.first().is_some_and(|a| a == "render");
    if is_render && !typst_available() {
        assert_eq!(out.status.code(), Some(2), "{source}: {err}");
        assert!(err.contains("typst"), "{source}: {err}");
        eprintln!("SKIPPED rendering of {source}: typst not found");
        return;
    }
    assert_eq!(
        out.status.code(),
        Some(0),
        "{source}: `convgen {}` failed on the examples: {err}{}",
        args.join(" "),
        stdout(&out)
    );
    if is_render {
        assert!(tmp.path().join("out").is_dir(), "{source}");
    }
}

#[test]
fn ci_recipes_are_valid_yaml_with_valid_commands() {
    let mut total = 0;
    for file in ["docs/ci/github-workflow.yml", "docs/ci/gitlab-ci.yml"] {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        let yaml: serde_norway::Value =
            serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let mut all = Vec::new();
        strings(&yaml, &mut all);
        let commands: Vec<Vec<String>> = all.iter().flat_map(|s| convgen_commands(s)).collect();
        assert!(
            commands
                .iter()
                .any(|c| c.first().is_some_and(|a| a == "check")),
            "{file}"
        );
        for args in &commands {
            run_recipe_command(args, file);
        }
        total += commands.len();
        // Each recipe's report format is the one its platform reads.
        let wanted = if file.contains("github") {
            ["--format", "github"]
        } else {
            ["--format", "gitlab"]
        };
        assert!(
            commands.iter().any(|c| c.windows(2).any(|w| w == wanted)),
            "{file}: {commands:?}"
        );
    }
    assert!(total >= 6, "{total}");

    let gh: serde_norway::Value = serde_norway::from_str(
        &std::fs::read_to_string(root().join("docs/ci/github-workflow.yml")).unwrap(),
    )
    .unwrap();
    let steps = gh["jobs"]["check"]["steps"].as_sequence().unwrap();
    assert!(steps.iter().any(|s| {
        s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif"))
    }));
    let gl: serde_norway::Value = serde_norway::from_str(
        &std::fs::read_to_string(root().join("docs/ci/gitlab-ci.yml")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        gl["conventions"]["artifacts"]["reports"]["codequality"].as_str(),
        Some("gl-code-quality-report.json")
    );
}

#[test]
fn pre_commit_hooks() {
    let text = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    let hooks: serde_norway::Value = serde_norway::from_str(&text).unwrap();
    let hook = &hooks.as_sequence().unwrap()[0];
    assert_eq!(hook["id"].as_str(), Some("convgen-check"));
    assert_eq!(hook["files"].as_str(), Some("\\.toml$"));
    assert_eq!(hook["pass_filenames"].as_bool(), Some(false));
    assert!(matches!(hook["language"].as_str(), Some("rust" | "system")));
    let entry = convgen_commands(hook["entry"].as_str().unwrap());
    assert_eq!(entry.len(), 1);
    run_recipe_command(&entry[0], ".pre-commit-hooks.yaml");

    // The plain git hook: valid sh, and its convgen command runs.
    let script = root().join("docs/ci/pre-commit");
    let sh = std::process::Command::new("sh")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(sh.status.success(), "{}", stderr(&sh));
    let text = std::fs::read_to_string(&script).unwrap();
    let commands = convgen_commands(&text);
    assert_eq!(commands.len(), 1, "{commands:?}");
    run_recipe_command(&commands[0], "docs/ci/pre-commit");
}

#[test]
fn recipe_command_extraction() {
    assert_eq!(
        convgen_commands("convgen check . --format sarif > convgen.sarif || true"),
        [["check", ".", "--format", "sarif"]]
    );
    assert_eq!(
        convgen_commands("    if ! convgen check . --format short; then"),
        [["check", ".", "--format", "short"]]
    );
    assert!(convgen_commands("command -v convgen || cargo install convgen").is_empty());
}

#[test]
fn schema_command_names_its_targets() {
    let out = convgen().args(["schema", "annexe"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("convention"), "{}", stderr(&out));
}

/// A reader that stops early (`convgen … | head -1`) closes the pipe: convgen stops quietly,
/// without a panic, whatever it was printing.
#[test]
fn a_closed_stdout_is_not_a_panic() {
    let man = tempfile::tempdir().unwrap();
    let man_dir = man.path().to_str().unwrap().to_string();
    let examples = root().join("examples");
    let examples = examples.to_str().unwrap();
    for args in [
        vec!["man", "--out", man_dir.as_str()],
        vec!["man"],
        vec!["rules"],
        vec!["check", examples, "--format", "json"],
        vec!["completions", "bash"],
    ] {
        let mut child = common::convgen_process()
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Close the read end before convgen writes.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    }
}
