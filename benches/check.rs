//! `cargo bench --bench check`: checks a generated repository of N conventions the size of the
//! CRPC example (three annexes each) and prints the time next to a parse-only floor (read every
//! file and parse it into a `toml::Table`, nothing else). `CONVGEN_BENCH_N` sets N (1,000).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

const EXAMPLE: &str = "examples/crpc-centre-val-de-loire-2025";
const EXAMPLE_ID: &str = "crpc-centre-val-de-loire-2025";

/// Writes `n` copies of the CRPC example, each with its own id, under `root/conventions`.
fn generate(root: &Path, n: usize) -> Vec<PathBuf> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE);
    let convention = std::fs::read_to_string(base.join("convention.toml")).unwrap();
    let annexes: Vec<(String, String)> = ["2025", "2026", "2027"]
        .iter()
        .map(|y| {
            (
                y.to_string(),
                std::fs::read_to_string(base.join(format!("annexes/{y}.toml"))).unwrap(),
            )
        })
        .collect();
    let mut files = Vec::new();
    for i in 0..n {
        let id = format!("crpc-bench-{i:04}");
        let dir = root.join("conventions").join(&id);
        std::fs::create_dir_all(dir.join("annexes")).unwrap();
        let path = dir.join("convention.toml");
        std::fs::write(&path, convention.replace(EXAMPLE_ID, &id)).unwrap();
        files.push(path);
        for (year, text) in &annexes {
            let path = dir.join(format!("annexes/{year}.toml"));
            std::fs::write(&path, text.replace(EXAMPLE_ID, &id)).unwrap();
            files.push(path);
        }
    }
    files
}

/// Median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn main() {
    let n: usize = std::env::var("CONVGEN_BENCH_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let tmp = tempfile::tempdir().unwrap();
    let files = generate(tmp.path(), n);
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    let root = vec![tmp.path().to_path_buf()];

    // Warm the page cache and check that the generated repository is clean.
    let ws = convgen::load::load(&root).unwrap();
    let report = convgen::check::check(&ws);
    assert_eq!(
        report.summary.errors + report.summary.warnings,
        0,
        "generated repository is not clean"
    );

    let runs = 11;
    let floor = median(runs, || {
        let parsed: usize = files
            .par_iter()
            .map(|f| {
                std::fs::read_to_string(f)
                    .unwrap()
                    .parse::<toml::Table>()
                    .unwrap()
                    .len()
            })
            .sum();
        assert!(parsed > 0);
    });
    let floor_seq = median(runs, || {
        for f in &files {
            let t: toml::Table = std::fs::read_to_string(f).unwrap().parse().unwrap();
            assert!(!t.is_empty());
        }
    });
    let check = median(runs, || {
        let ws = convgen::load::load(&root).unwrap();
        let report = convgen::check::check(&ws);
        assert_eq!(report.summary.files, files.len());
    });
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "check bench: {n} conventions, {} files, {:.1} MiB, {} threads, median of {runs} runs",
        files.len(),
        bytes as f64 / (1024.0 * 1024.0),
        rayon::current_num_threads()
    );
    println!(
        "  parse-only floor (toml::Table, parallel)   {:8.1} ms",
        ms(floor)
    );
    println!(
        "  parse-only floor (toml::Table, sequential) {:8.1} ms",
        ms(floor_seq)
    );
    println!(
        "  convgen load + check (all rules)           {:8.1} ms  ({:.2}× the parallel floor)",
        ms(check),
        ms(check) / ms(floor)
    );
}
