//! Criterion benchmarks of `diff` on two annexes of 10,000 means each:
//! `cargo bench --bench diff`.

mod common;

use convgen::diff::diff_annexes;
use convgen::load::parse_annex;
use criterion::{Criterion, criterion_group, criterion_main};

fn diff(c: &mut Criterion) {
    let old = common::annex_with_means(2025, 0, 10_000);
    let new = common::annex_with_means(2026, 500, 10_000);
    let a = parse_annex(0, &old).0.expect("old annex");
    let b = parse_annex(1, &new).0.expect("new annex");
    let mut g = c.benchmark_group("diff-2x10000-means");
    g.sample_size(20);
    g.bench_function("diff alone", |bench| {
        bench.iter(|| diff_annexes(&a, &b).changes.len())
    });
    g.bench_function("parse both + diff", |bench| {
        bench.iter(|| {
            let (a, b) = rayon::join(|| parse_annex(0, &old).0, || parse_annex(1, &new).0);
            diff_annexes(&a.unwrap(), &b.unwrap()).changes.len()
        })
    });
    g.finish();
}

criterion_group!(benches, diff);
criterion_main!(benches);
