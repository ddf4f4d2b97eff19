//! Criterion benchmarks of the check path: `cargo bench --bench check`.
//!
//! A repository of 100 copies of the CRPC example (400 files): parse-only floor (read and
//! parse every file into a `toml::Table`, in parallel), convgen's streaming load + check,
//! and the in-memory load + check that `render` uses. `scripts/bench` runs the
//! 1,000-convention comparison against the real binary.

mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;

fn check(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let files = common::generate_repo(tmp.path(), 100);
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    let root = vec![tmp.path().to_path_buf()];
    let checked = convgen::check::check_paths(&root).unwrap();
    assert_eq!(checked.report.summary.errors, 0, "generated repository");

    let mut g = c.benchmark_group("check-100-conventions");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(20);
    g.bench_function("parse-only floor", |b| {
        b.iter(|| {
            files
                .par_iter()
                .map(|f| {
                    let text = std::fs::read_to_string(f).unwrap();
                    text.parse::<toml::Table>().unwrap().len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("check_paths (streaming)", |b| {
        b.iter(|| convgen::check::check_paths(&root).unwrap().report.summary)
    });
    g.bench_function("load + check (in memory)", |b| {
        b.iter(|| {
            let ws = convgen::load::load(&root).unwrap();
            convgen::check::check(&ws).summary
        })
    });
    g.finish();

    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(common::EXAMPLE);
    let convention = std::fs::read_to_string(base.join("convention.toml")).unwrap();
    let mut g = c.benchmark_group("one-convention-file");
    g.throughput(Throughput::Bytes(convention.len() as u64));
    g.bench_function("toml::Table", |b| {
        b.iter(|| convention.parse::<toml::Table>().unwrap().len())
    });
    g.bench_function("parse_convention (parse + decode)", |b| {
        b.iter(|| convgen::load::parse_convention(0, &convention).0.is_some())
    });
    g.finish();
}

criterion_group!(benches, check);
criterion_main!(benches);
