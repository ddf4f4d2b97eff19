//! Property tests of load + check on generated conventions: valid variations of the base
//! convention never get a `syntax` or `schema` finding; corrupted ones (a key deleted, a
//! type changed, the text truncated, bytes inserted) never panic, and every finding names a
//! known rule and points inside its file.

use proptest::prelude::*;

use convgen::check::Report;
use convgen::{check, check_texts};

const BASE: &str = include_str!("fixtures/base/crpc-minimal/convention.toml");
const ANNEX: &str = include_str!("fixtures/base/crpc-minimal/annexes/2025.toml");

/// `s` as a TOML basic string, with quotes.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A valid convention and annex: the base with another id, arbitrary Unicode in its text
/// fields, and `extra` more signatories and objectives (each covering every axis).
#[derive(Debug, Clone)]
struct Valid {
    convention: String,
    annex: String,
}

fn valid() -> impl Strategy<Value = Valid> {
    (
        "[a-z][a-z0-9-]{0,40}",
        any::<String>(),
        any::<String>(),
        prop::collection::vec(any::<String>(), 0..12),
        0usize..25,
    )
        .prop_map(|(id, title, region, texts, extra)| {
            let mut conv = BASE
                .replacen("id = \"crpc-minimal\"", &format!("id = {}", quoted(&id)), 1)
                .replacen(
                    "title = \"Convention régionale pluriannuelle de coordination — Région Test\"",
                    &format!("title = {}", quoted(&title)),
                    1,
                )
                .replacen(
                    "region = \"Région Test\"",
                    &format!("region = {}", quoted(&region)),
                    1,
                );
            for i in 0..extra {
                let text = texts.get(i % texts.len().max(1)).cloned().unwrap_or_default();
                conv.push_str(&format!(
                    "\n[[signatories]]\nid = \"s{i}\"\nrole = \"other\"\nname = {}\nrepresented_by = {{ name = {}, capacity = \"C\" }}\n",
                    quoted(&text),
                    quoted(&text)
                ));
            }
            for (i, text) in texts.iter().enumerate() {
                conv.push_str(&format!(
                    "\n[[objectives]]\nid = \"o{i}\"\naxis = \"transverse\"\ntitle = {}\ndescription = {}\nactions = [{}]\nsignatories = [\"*\"]\n",
                    quoted(text),
                    quoted(text),
                    quoted(text)
                ));
            }
            let annex = ANNEX.replacen("convention = \"crpc-minimal\"", &format!("convention = {}", quoted(&id)), 1);
            Valid {
                convention: conv,
                annex,
            }
        })
}

/// Checks the texts and asserts the invariants of every finding.
fn check(convention: &str, annex: &str) -> Report {
    let report = check_texts(convention, &[("2025.toml", annex)]);
    let texts = [convention, annex];
    for d in &report.diagnostics {
        assert!(check::find(d.code()).is_some(), "unknown code {}", d.code());
        let file = d.file.expect("a finding of a text names its file");
        assert!(file < texts.len(), "file {file}");
        if let Some(span) = d.span {
            assert!(
                span.start <= span.end && span.end <= texts[file].len(),
                "{}: span {span:?} outside {} bytes: {}",
                d.code(),
                texts[file].len(),
                d.message
            );
        }
    }
    report
}

/// One way of damaging a text.
#[derive(Debug, Clone)]
enum Corruption {
    /// Delete the n-th line that holds `key = …`.
    DeleteKey(usize),
    /// Give the n-th `key = "…"` a value of another type.
    ChangeType(usize, &'static str),
    /// Cut the bytes at a position (per mille of the length).
    Truncate(usize),
    /// Insert bytes at a position (per mille of the length).
    Insert(usize, Vec<u8>),
}

fn corruption() -> impl Strategy<Value = Corruption> {
    prop_oneof![
        (0usize..200).prop_map(Corruption::DeleteKey),
        (
            0usize..200,
            prop::sample::select(vec![
                "1",
                "2.5",
                "true",
                "2025-01-01",
                "[1, 2]",
                "{ a = 1 }",
                "\"x\"",
                "nan",
                "-inf"
            ])
        )
            .prop_map(|(n, v)| Corruption::ChangeType(n, v)),
        (0usize..1000).prop_map(Corruption::Truncate),
        (0usize..1000, prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| Corruption::Insert(at, bytes)),
    ]
}

/// `text` damaged; invalid UTF-8 is replaced as the loader does.
fn corrupt(text: &str, c: &Corruption) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let keys: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].contains(" = "))
        .collect();
    let at = |per_mille: usize| text.len() * per_mille / 1000;
    match c {
        Corruption::DeleteKey(n) if !keys.is_empty() => {
            let victim = keys[n % keys.len()];
            lines
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != victim)
                .map(|(_, l)| format!("{l}\n"))
                .collect()
        }
        Corruption::ChangeType(n, value) if !keys.is_empty() => {
            let victim = keys[n % keys.len()];
            lines
                .iter()
                .enumerate()
                .map(|(i, l)| match l.split_once(" = ") {
                    Some((key, _)) if i == victim => format!("{key} = {value}\n"),
                    _ => format!("{l}\n"),
                })
                .collect()
        }
        Corruption::Truncate(p) => String::from_utf8_lossy(&text.as_bytes()[..at(*p)]).into_owned(),
        Corruption::Insert(p, bytes) => {
            let mut b = text.as_bytes().to_vec();
            let i = at(*p);
            b.splice(i..i, bytes.iter().copied());
            String::from_utf8_lossy(&b).into_owned()
        }
        _ => text.to_string(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn valid_conventions_have_no_syntax_or_schema_finding(v in valid()) {
        let report = check(&v.convention, &v.annex);
        let bad: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.code() == "syntax" || d.code() == "schema")
            .map(|d| format!("{}: {}", d.code(), d.message))
            .collect();
        prop_assert!(bad.is_empty(), "{:?}", bad);
    }

    #[test]
    fn corrupted_conventions_get_located_findings(v in valid(), c in corruption(), in_annex in any::<bool>()) {
        if in_annex {
            check(&v.convention, &corrupt(&v.annex, &c));
        } else {
            check(&corrupt(&v.convention, &c), &v.annex);
        }
    }
}

/// The linear-time promise (`docs/reliability.md`): twenty times more entries take about
/// twenty times longer to check. Each size is timed three times and the best kept; the bound
/// (60×) is generous for a noisy shared machine, and far below the 400× of a quadratic step
/// (one rule made quadratic again measures about 100× here).
#[test]
fn twenty_times_the_entries_is_about_twenty_times_the_time() {
    fn input(n: usize) -> (String, String) {
        let mut conv = BASE.to_string();
        let mut annex = ANNEX.to_string();
        for i in 0..n {
            // References to resolve, axes to cover, means to match with objectives: the
            // paths that compare every entry with every other when written naively.
            conv.push_str(&format!(
                "\n[[signatories]]\nid = \"s{i}\"\nrole = \"other\"\nname = \"S {i}\"\n\n[[objectives]]\nid = \"o{i}\"\naxis = \"transverse\"\ntitle = \"O {i}\"\nsignatories = [\"s{i}\"]\n"
            ));
            annex.push_str(&format!(
                "\n[[means]]\nobjective = \"o{i}\"\nsignatory = \"s{i}\"\netp = 1\n"
            ));
        }
        (conv, annex)
    }
    // The rules only: parsing is linear by construction and would hide a quadratic rule.
    let time = |n: usize| {
        let (conv, annex) = input(n);
        let ws = convgen::load::from_texts(&conv, &[("2025.toml", &annex)]);
        (0..3)
            .map(|_| {
                let start = std::time::Instant::now();
                let report = convgen::check::check(&ws);
                assert!(
                    report.diagnostics.len() >= 2 * n,
                    "{:?}",
                    report.diagnostics.first()
                );
                start.elapsed()
            })
            .min()
            .unwrap()
    };
    let small = time(1_000);
    let large = time(20_000);
    let ratio = large.as_secs_f64() / small.as_secs_f64();
    eprintln!("1,000 entries: {small:?}, 20,000 entries: {large:?}, ratio {ratio:.1}");
    assert!(
        ratio < 60.0,
        "super-linear: {small:?} → {large:?} (×{ratio:.1})"
    );
}
