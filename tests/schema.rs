//! The JSON Schemas of the input format: the committed files are what `convgen schema`
//! prints, and they accept every example and fixture the decoder accepts, and refuse what it
//! refuses.

mod common;
use common::{convgen, stderr, stdout, toml_to_json};

use std::path::{Path, PathBuf};

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn parse(text: &str) -> Value {
    let table: toml::Table = toml::from_str(text).unwrap();
    toml_to_json(&toml::Value::Table(table))
}

fn validator(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schemas").join(name)).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

/// Errors of `instance`, as text.
fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            toml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

#[test]
fn committed_schemas_are_what_convgen_prints() {
    for (target, file) in [
        ("convention", "convention.schema.json"),
        ("annex", "annex.schema.json"),
        ("avenant", "avenant.schema.json"),
    ] {
        let out = convgen().args(["schema", target]).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let committed = std::fs::read_to_string(root().join("schemas").join(file)).unwrap();
        assert!(
            stdout(&out) == committed,
            "schemas/{file} is out of date with the model: regenerate it with\n  cargo run -- schema {target} > schemas/{file}"
        );
    }
}

#[test]
fn schemas_are_draft_7_with_french_descriptions() {
    for file in [
        "convention.schema.json",
        "annex.schema.json",
        "avenant.schema.json",
    ] {
        let text = std::fs::read_to_string(root().join("schemas").join(file)).unwrap();
        let schema: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
        // Every object refuses unknown keys and every property is described.
        let mut stack = vec![&schema];
        let mut properties = 0;
        while let Some(s) = stack.pop() {
            if let Some(props) = s.get("properties").and_then(Value::as_object) {
                assert_eq!(s["additionalProperties"], false, "{s}");
                for (key, p) in props {
                    properties += 1;
                    let d = p["description"].as_str().unwrap_or_default();
                    assert!(!d.is_empty(), "{file}: `{key}` has no description");
                    stack.push(p);
                }
            }
            if let Some(defs) = s.get("definitions").and_then(Value::as_object) {
                stack.extend(defs.values());
            }
        }
        assert!(properties > 10, "{file}");
        assert!(!text.contains("\"span\""), "{file} describes spans");
    }
}

#[test]
fn schemas_accept_every_example_and_fixture() {
    let convention = validator("convention.schema.json");
    let annex = validator("annex.schema.json");
    let mut files = Vec::new();
    toml_files(&root().join("examples"), &mut files);
    toml_files(&root().join("tests/fixtures/base"), &mut files);
    toml_files(&root().join("tests/fixtures/law"), &mut files);
    assert!(files.len() >= 16, "{files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let instance = parse(&text);
        let v = if path.parent().unwrap().ends_with("annexes") {
            &annex
        } else {
            &convention
        };
        let errs = errors(v, &instance);
        assert!(errs.is_empty(), "{}: {errs:#?}", path.display());
    }
}

fn base() -> String {
    std::fs::read_to_string(root().join("tests/fixtures/base/crpc-minimal/convention.toml"))
        .unwrap()
}

fn base_annex() -> String {
    std::fs::read_to_string(root().join("tests/fixtures/base/crpc-minimal/annexes/2025.toml"))
        .unwrap()
}

/// Each edit is refused by the schema, and by `convgen check` as a `schema` error. (A date
/// written as a string, `start = "2025-01-01"`, cannot be told from a TOML date in the JSON
/// form editors validate: only `convgen check` refuses it.)
#[test]
fn schemas_refuse_what_the_decoder_refuses() {
    let convention = validator("convention.schema.json");
    let annex = validator("annex.schema.json");
    let cases_conv = [
        ("kind = \"crpc\"", "kind = \"crcp\""), // bad enum value
        ("kind = \"crpc\"", "kind = \"crpc\"\nsignatorie = 1"), // unknown key
        ("status = \"final\"", ""),             // required key
        ("role = \"plie\"", "role = \"PLIE\""), // bad role
        ("kind = \"crpc\"", "kind = \"crpc\"\nregime = \"loi-2030\""),
        ("ref = \"srdeii\"", "date = 2023-12-14"), // a visa without ref nor text
    ];
    for (from, to) in cases_conv {
        let text = base();
        assert!(text.contains(from), "{from}");
        let text = text.replacen(from, to, 1);
        let instance = parse(&text);
        assert!(
            !errors(&convention, &instance).is_empty(),
            "the schema accepts `{to}`"
        );
        assert_decoder_refuses(&text, "convention.toml");
    }
    let cases_annex = [
        ("etp = 1.0", "etp = -1.0"), // negative
        ("year = 2025", "year = 2025\nyaer = 2025"),
    ];
    for (from, to) in cases_annex {
        let text = base_annex();
        assert!(text.contains(from), "{from}");
        let text = text.replacen(from, to, 1);
        assert!(
            !errors(&annex, &parse(&text)).is_empty(),
            "the schema accepts `{to}`"
        );
        assert_decoder_refuses(&text, "annexes/2025.toml");
    }
}

/// `convgen check` on the base fixture with one file replaced reports a `schema` error.
fn assert_decoder_refuses(text: &str, file: &str) {
    let dir = tempfile::tempdir().unwrap();
    let conv = dir.path().join("c");
    common::copy_dir(&root().join("tests/fixtures/base/crpc-minimal"), &conv);
    std::fs::write(conv.join(file), text).unwrap();
    let out = convgen()
        .args(["check", "--format", "json"])
        .arg(&conv)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"schema"), "{file}: {codes:?}\n{text}");
}

#[test]
fn taplo_config_points_at_the_schemas() {
    let text = std::fs::read_to_string(root().join(".taplo.toml")).unwrap();
    let config: toml::Table = toml::from_str(&text).unwrap();
    let rules = config["rule"].as_array().unwrap();
    assert_eq!(rules.len(), 3);
    for rule in rules {
        let path = rule["schema"]["path"].as_str().unwrap();
        assert!(root().join(path).is_file(), "{path}");
        assert!(!rule["include"].as_array().unwrap().is_empty());
    }
}
