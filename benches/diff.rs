//! Parse + diff of two annexes of 10,000 means each. Run: `cargo bench --bench diff`.

use std::fmt::Write as _;
use std::time::Instant;

use convgen::diff::diff_annexes;
use convgen::load::parse_annex;

fn annex(year: i64, shift: u64) -> String {
    let mut s = format!("[annex]\nconvention = \"bench\"\nyear = {year}\n");
    for i in 0..10_000u64 {
        let budget = if i % 7 == 0 { i * 100 + shift } else { i * 100 };
        let _ = write!(
            s,
            "\n[[means]]\nobjective = \"obj-{}\"\nsignatory = \"sig-{}\"\netp = {}.5\nbudget_eur = {budget}\ntext = \"Moyens {i}\"\n",
            i % 100,
            i / 100,
            i % 10
        );
    }
    s
}

fn main() {
    let (old, new) = (annex(2025, 0), annex(2026, 500));
    let iterations = 10;
    let (mut best, mut best_diff) = (f64::MAX, f64::MAX);
    let (mut total, mut total_diff) = (0.0, 0.0);
    let mut changes = 0;
    for _ in 0..iterations {
        let t = Instant::now();
        let (a, _) = parse_annex(0, &old);
        let (b, _) = parse_annex(1, &new);
        let (a, b) = (a.expect("old annex"), b.expect("new annex"));
        let t_diff = Instant::now();
        let d = diff_annexes(&a, &b);
        changes = d.changes.len();
        let ms_diff = t_diff.elapsed().as_secs_f64() * 1000.0;
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        best = best.min(ms);
        best_diff = best_diff.min(ms_diff);
        total += ms;
        total_diff += ms_diff;
    }
    let n = iterations as f64;
    println!(
        "2 × 10 000 means, {changes} changes, {iterations} runs: parse + diff best {best:.1} ms (mean {:.1} ms); diff alone best {best_diff:.1} ms (mean {:.1} ms)",
        total / n,
        total_diff / n
    );
}
