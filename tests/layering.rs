//! The library's stages only depend on earlier stages: data flows one way (see the README's
//! design section). Each `src/<stage>.rs` or `src/<stage>/**.rs` may name `crate::<other>`
//! only for the stages allowed below, and the allowed edges themselves form no cycle.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Every stage of the library, in pipeline order, with the earlier stages it may use.
const STAGES: &[(&str, &[&str])] = &[
    ("source", &[]),
    ("date", &[]),
    ("output", &[]),
    ("model", &["source", "date"]),
    ("diagnostic", &["source", "model"]),
    ("french", &["source", "date", "model"]),
    ("markup", &["french"]),
    ("load", &["source", "date", "diagnostic", "model", "french"]),
    (
        "check",
        &[
            "source",
            "date",
            "diagnostic",
            "model",
            "french",
            "markup",
            "load",
        ],
    ),
    ("report", &["source", "diagnostic", "model", "check"]),
    (
        "view",
        &[
            "source",
            "date",
            "diagnostic",
            "model",
            "french",
            "markup",
            "load",
        ],
    ),
    (
        "matrix",
        &[
            "source",
            "date",
            "diagnostic",
            "model",
            "french",
            "markup",
            "load",
            "check",
            "view",
        ],
    ),
    (
        "render",
        &[
            "source", "date", "output", "model", "french", "markup", "load", "view", "matrix",
        ],
    ),
    (
        "diff",
        &[
            "source",
            "date",
            "diagnostic",
            "output",
            "model",
            "french",
            "markup",
            "load",
            "view",
        ],
    ),
    (
        "avenant",
        &[
            "source", "date", "output", "model", "french", "markup", "load", "view", "diff",
            "render",
        ],
    ),
    ("init", &["source", "date", "output", "model", "french"]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The stages a file names as `crate::<stage>`, outside comments.
fn used_stages(text: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let name: String = rest[at + 7..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                used.insert(name);
            }
            rest = &rest[at + 7..];
        }
        // `use crate::{a, b::c}`
        if let Some(at) = code.find("crate::{") {
            for part in code[at + 8..].split(['}', ',']) {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    used.insert(name);
                }
            }
        }
    }
    used
}

#[test]
fn allowed_edges_point_to_earlier_stages() {
    let names: Vec<&str> = STAGES.iter().map(|(n, _)| *n).collect();
    for (i, (stage, allowed)) in STAGES.iter().enumerate() {
        for dep in *allowed {
            let j = names.iter().position(|n| n == dep).unwrap();
            assert!(
                j < i,
                "{stage} may use {dep}, which does not come before it"
            );
        }
    }
}

#[test]
fn every_module_is_a_known_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if ["lib", "main", "cli"].contains(&name.as_str()) {
            continue;
        }
        assert!(
            STAGES.iter().any(|(n, _)| *n == name),
            "src/{name} is not a stage of tests/layering.rs"
        );
    }
}

#[test]
fn stages_only_use_earlier_stages() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    for (stage, allowed) in STAGES {
        let mut files = Vec::new();
        let single = src.join(format!("{stage}.rs"));
        if single.is_file() {
            files.push(single);
        }
        let dir = src.join(stage);
        if dir.is_dir() {
            rust_files(&dir, &mut files);
        }
        assert!(!files.is_empty(), "no source for stage {stage}");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for used in used_stages(&text) {
                if used != *stage && !allowed.contains(&used.as_str()) {
                    violations.push(format!(
                        "{} uses crate::{used}",
                        file.strip_prefix(&src).unwrap().display()
                    ));
                }
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn the_scanner_sees_every_form_of_use() {
    let used = used_stages(
        "use crate::model::Kind;\nuse crate::{load, view::DocView};\nlet x = crate::french::typo(s); // crate::render\n",
    );
    assert_eq!(
        used.into_iter().collect::<Vec<_>>(),
        ["french", "load", "model", "view"]
    );
}
