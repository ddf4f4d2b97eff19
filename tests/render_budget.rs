//! What `check` accepts, `render` renders: a property test over the shapes of the bad-input
//! corpus (nested quotes, lists and emphasis, long words, combining marks, long titles and
//! table cells), each generated on both sides of its limit. Every input without a `check`
//! error must render — `--format typ` always, a real PDF for the first few — within a time
//! and memory budget. Few cases, to keep CI fast.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use proptest::prelude::*;

const BASE: &str = include_str!("fixtures/base/crpc-minimal/convention.toml");
const ANNEX: &str = include_str!("fixtures/base/crpc-minimal/annexes/2025.toml");
const OTHER_ANNEXES: [(&str, &str); 2] = [
    (
        "2026.toml",
        include_str!("fixtures/base/crpc-minimal/annexes/2026.toml"),
    ),
    (
        "2027.toml",
        include_str!("fixtures/base/crpc-minimal/annexes/2027.toml"),
    ),
];

/// Checks the texts in memory; when `check` accepts them, writes them as `dir/c`.
fn accepted(dir: &Path, conv: &str, annex: &str) -> Result<(), String> {
    let mut annexes = vec![("2025.toml", annex)];
    annexes.extend(OTHER_ANNEXES);
    let report = convgen::check_texts(conv, &annexes);
    if report.summary.errors > 0 {
        return Err(format!("{:?}", report.diagnostics));
    }
    let c = dir.join("c");
    std::fs::create_dir_all(c.join("annexes")).unwrap();
    std::fs::write(c.join("convention.toml"), conv).unwrap();
    for (name, text) in annexes {
        std::fs::write(c.join("annexes").join(name), text).unwrap();
    }
    Ok(())
}

/// Wall-clock time one render may take (debug build, shared 2-core machine).
const TIME_BUDGET: Duration = Duration::from_secs(60);
/// Peak resident memory of any process a render started (convgen, typst).
const MEMORY_BUDGET_KIB: i64 = 1024 * 1024;

#[derive(Debug, Clone)]
enum Shape {
    Quotes(usize),
    Lists(usize),
    Emphasis(usize),
    Mixed(usize),
    Word(usize),
    Marks(usize, usize),
    Title(usize),
    Cell(usize),
}

fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        (0usize..=12).prop_map(Shape::Quotes),
        (0usize..=12).prop_map(Shape::Lists),
        (0usize..=12).prop_map(Shape::Emphasis),
        (0usize..=12).prop_map(Shape::Mixed),
        (900usize..=1100).prop_map(Shape::Word),
        ((0usize..=12), (1usize..=200)).prop_map(|(m, n)| Shape::Marks(m, n)),
        (1900usize..=2100).prop_map(Shape::Title),
        (1900usize..=2100).prop_map(Shape::Cell),
    ]
}

/// The convention and annex of a shape.
fn texts(shape: &Shape) -> (String, String) {
    let mut conv = BASE.to_string();
    let mut annex = ANNEX.to_string();
    let mut preamble = None;
    match *shape {
        Shape::Quotes(n) => preamble = Some(format!("{}fin", "> ".repeat(n))),
        Shape::Lists(n) => {
            preamble = Some(
                (0..n)
                    .map(|i| format!("{}- a", "  ".repeat(i)))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        }
        Shape::Emphasis(n) => preamble = Some(format!("{}y{}", "*x ".repeat(n), " x*".repeat(n))),
        Shape::Mixed(n) => {
            let open = ["> ", "- ", "*x ", "**x "];
            let mut s = String::new();
            let mut close = Vec::new();
            for i in 0..n {
                s.push_str(open[i % 4]);
                if i % 4 >= 2 {
                    close.push(if i % 4 == 2 { " x*" } else { " x**" });
                }
            }
            s.push('y');
            close.reverse();
            preamble = Some(s + &close.concat());
        }
        Shape::Word(n) => preamble = Some("a".repeat(n)),
        Shape::Marks(m, n) => {
            preamble = Some(format!("e{} ", "\u{301}".repeat(m)).repeat(n));
        }
        Shape::Title(n) => {
            conv = conv.replacen(
                "title = \"Convention régionale pluriannuelle de coordination — Région Test\"",
                &format!(
                    "title = \"{}\"",
                    "éééééééé "
                        .repeat(n / 9 + 1)
                        .chars()
                        .take(n)
                        .collect::<String>()
                        .trim()
                ),
                1,
            );
        }
        Shape::Cell(n) => {
            annex = annex.replacen(
                "text = \"Appui du service statistique\"",
                &format!("text = \"{}\"", "moyen ".repeat(n / 6 + 1)),
                1,
            );
        }
    }
    if let Some(p) = preamble {
        conv.push_str(&format!(
            "\n[preamble]\ntext = {}\n",
            serde_json::to_string(&p).unwrap()
        ));
    }
    (conv, annex)
}

/// Peak resident memory (KiB) of the children waited for so far.
fn children_peak_kib() -> i64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss
}

fn render(dir: &Path, format: &str, typst: Option<&Path>) {
    let start = Instant::now();
    let mut cmd = common::convgen();
    cmd.arg("render")
        .arg(dir.join("c"))
        .arg("--out")
        .arg(dir.join(format!("out-{format}")))
        .args(["--format", format]);
    if let Some(t) = typst {
        cmd.arg("--typst").arg(t);
    }
    let out = cmd.timeout(TIME_BUDGET).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{format}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        start.elapsed() < TIME_BUDGET,
        "{format}: {:?}",
        start.elapsed()
    );
    let peak = children_peak_kib();
    assert!(peak < MEMORY_BUDGET_KIB, "{format}: {peak} KiB");
}

static PDFS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn whatever_check_accepts_renders_within_budget(shape in shape()) {
        let (conv, annex) = texts(&shape);
        let tmp = tempfile::tempdir().unwrap();
        if accepted(tmp.path(), &conv, &annex).is_err() {
            // Refused: the limit holds on this side (the corpus checks the refusals).
            return Ok(());
        }
        render(tmp.path(), "typ", None);
        if PDFS.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < 4
            && let Some(typst) = common::typst()
        {
            render(tmp.path(), "pdf", Some(&typst));
        }
    }
}

/// The worst accepted input of each shape renders to PDF: at the limits themselves.
#[test]
fn at_the_limits_every_shape_renders_to_pdf() {
    let Some(typst) = common::typst() else { return };
    for shape in [
        Shape::Quotes(8),
        Shape::Lists(8),
        Shape::Emphasis(8),
        Shape::Mixed(8),
        Shape::Word(1000),
        Shape::Marks(8, 2000),
        Shape::Title(2000),
        Shape::Cell(1990),
    ] {
        let (conv, annex) = texts(&shape);
        let tmp = tempfile::tempdir().unwrap();
        if let Err(e) = accepted(tmp.path(), &conv, &annex) {
            panic!("{shape:?} refused: {e}");
        }
        render(tmp.path(), "pdf", Some(&typst));
    }
}
