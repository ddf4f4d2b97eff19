//! The side-by-side benchmark of issue 7, run by `scripts/bench` (`cargo bench --bench suite`):
//! every figure next to its floor, in one run, on this machine.
//!
//! (a) `convgen check` of N conventions like the CRPC example (three annexes each) against a
//!     parse-only floor (read every file, parse it into a `toml::Table`, nothing else), both
//!     as processes using every core; (e) the peak memory (max RSS) of both;
//! (b) `convgen render --format pdf` of one convention (the CRPC example, and a small one)
//!     against `typst compile` of the Typst source it emits with `--format typ`;
//! (c) a batch render of B conventions with `--jobs 1` and `--jobs` = cores against B
//!     sequential `typst compile` runs;
//! (d) `convgen diff` of two annexes of 10,000 means each (process), and the parse + diff and
//!     diff-alone times in process.
//!
//! Options: `--n N` (1000), `--runs R` (5), `--batch B` (50), `--batch-runs R` (1),
//! `--skip-render`; `TYPST` names the typst binary. Internal modes: `floor DIR`, `rss CMD…`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rayon::prelude::*;

const CONVGEN: &str = env!("CARGO_BIN_EXE_convgen");

struct Options {
    n: usize,
    runs: usize,
    batch: usize,
    batch_runs: usize,
    skip_render: bool,
}

impl Options {
    fn parse(args: &[String]) -> Options {
        let mut o = Options {
            n: 1000,
            runs: 5,
            batch: 50,
            batch_runs: 1,
            skip_render: false,
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut num = |name: &str| -> usize {
                it.next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or_else(|| panic!("{name} takes a number"))
            };
            match a.as_str() {
                "--n" => o.n = num("--n"),
                "--runs" => o.runs = num("--runs").max(1),
                "--batch" => o.batch = num("--batch"),
                "--batch-runs" => o.batch_runs = num("--batch-runs").max(1),
                "--skip-render" => o.skip_render = true,
                _ => {} // `cargo bench` passes `--bench`
            }
        }
        o
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("floor") => return floor(Path::new(&args[1])),
        Some("rss") => return rss(&args[1..]),
        _ => {}
    }
    let o = Options::parse(&args);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "convgen benchmark suite — {cores} cores, median of {} runs after one warm-up",
        o.runs
    );
    let mut verdicts = Vec::new();
    bench_check(&o, &mut verdicts);
    if o.skip_render {
        println!("(b), (c) skipped (--skip-render)");
    } else {
        match typst() {
            Some(typst) => bench_render(&o, &typst, cores, &mut verdicts),
            None => println!("(b), (c) skipped: typst not found (set TYPST or put it on PATH)"),
        }
    }
    bench_diff(&o, &mut verdicts);
    println!("\nsummary");
    for (what, ok) in verdicts {
        println!("  {} {what}", if ok { "✓" } else { "✗" });
    }
}

/// The parse-only floor: every `.toml` file under `dir`, read and parsed in parallel.
fn floor(dir: &Path) {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "toml") {
                files.push(p);
            }
        }
    }
    let keys: usize = files
        .par_iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            text.parse::<toml::Table>().unwrap().len()
        })
        .sum();
    println!("{} files, {keys} top-level keys", files.len());
}

/// Runs a command and prints the peak resident memory of its process tree's largest
/// process, in KiB (getrusage of the children).
fn rss(cmd: &[String]) {
    let status = Command::new(&cmd[0])
        .args(&cmd[1..])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes into the struct we own.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0);
    println!("{} {}", usage.ru_maxrss, status.code().unwrap_or(-1));
}

/// Wall time of one run of `cmd`, whose exit code must be in `ok`.
fn time_once(cmd: &mut Command, ok: &[i32]) -> Duration {
    let t = Instant::now();
    let out = cmd.stdout(Stdio::null()).stderr(Stdio::piped()).output();
    let elapsed = t.elapsed();
    let out = out.unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let code = out.status.code().unwrap_or(-1);
    assert!(
        ok.contains(&code),
        "{cmd:?} exited with {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    elapsed
}

/// Median of `runs` timings of `f`, after one warm-up run.
fn median(runs: usize, mut f: impl FnMut() -> Duration) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..runs).map(|_| f()).collect();
    times.sort();
    times[runs / 2]
}

/// Medians of `runs` timings of each of `fs`, run in turn (one warm-up round first).
fn paired<const N: usize>(runs: usize, fs: [&mut dyn FnMut() -> Duration; N]) -> [Duration; N] {
    paired_spread(runs, fs).map(|(median, _)| median)
}

/// Like [`paired`], with the fastest run of each: on a shared machine the difference of the
/// minimum times is steadier than that of the medians.
fn paired_spread<const N: usize>(
    runs: usize,
    fs: [&mut dyn FnMut() -> Duration; N],
) -> [(Duration, Duration); N] {
    paired_times(runs, fs).map(|t| spread(&t))
}

/// The times of each function over `runs` rounds (after one warm-up round), in round order.
fn paired_times<const N: usize>(
    runs: usize,
    fs: [&mut dyn FnMut() -> Duration; N],
) -> [Vec<Duration>; N] {
    let mut fs = fs;
    let mut times: [Vec<Duration>; N] = std::array::from_fn(|_| Vec::new());
    for round in 0..=runs {
        for (f, t) in fs.iter_mut().zip(times.iter_mut()) {
            let d = f();
            if round > 0 {
                t.push(d);
            }
        }
    }
    times
}

/// Median and minimum of a list of times.
fn spread(times: &[Duration]) -> (Duration, Duration) {
    let mut t = times.to_vec();
    t.sort();
    (t[t.len() / 2], t[0])
}

/// Median of the differences `b − a` of the runs of one round, in ms: the fixed cost of `b`
/// over `a`, which a machine whose speed drifts from one round to the next weighs on less
/// than on the two medians.
fn paired_difference_ms(a: &[Duration], b: &[Duration]) -> f64 {
    let mut d: Vec<f64> = a.iter().zip(b).map(|(a, b)| ms(*b) - ms(*a)).collect();
    d.sort_by(f64::total_cmp);
    d[d.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn self_exe() -> PathBuf {
    std::env::current_exe().unwrap()
}

/// Peak RSS in MiB of `cmd` run under the `rss` mode.
fn peak_rss(cmd: &[&str], ok: &[i32]) -> f64 {
    let out = Command::new(self_exe())
        .arg("rss")
        .args(cmd)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text.split_whitespace();
    let kib: f64 = parts.next().unwrap().parse().unwrap();
    let code: i32 = parts.next().unwrap().parse().unwrap();
    assert!(ok.contains(&code), "{cmd:?} exited with {code}");
    kib / 1024.0
}

fn bench_check(o: &Options, verdicts: &mut Vec<(String, bool)>) {
    let tmp = tempfile::tempdir().unwrap();
    let files = common::generate_repo(tmp.path(), o.n);
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    let dir = tmp.path().to_str().unwrap();
    println!(
        "\n(a) check {} conventions ({} files, {:.1} MiB)",
        o.n,
        files.len(),
        bytes as f64 / (1024.0 * 1024.0)
    );
    // Interleaved, so that a busy moment of the machine weighs on both alike.
    let [floor, check] = paired(
        o.runs,
        [
            &mut || time_once(Command::new(self_exe()).args(["floor", dir]), &[0]),
            &mut || {
                time_once(
                    Command::new(CONVGEN).args(["check", dir, "--format", "short"]),
                    &[0],
                )
            },
        ],
    );
    let ratio = ms(check) / ms(floor);
    println!(
        "    parse-only floor (toml::Table, all cores)  {:8.1} ms",
        ms(floor)
    );
    println!(
        "    convgen check                              {:8.1} ms   {ratio:.2}× the floor (target ≤ 1.25×)",
        ms(check)
    );
    verdicts.push((
        format!(
            "(a) check {} conventions: {ratio:.2}× the parse-only floor (≤ 1.25×)",
            o.n
        ),
        ratio <= 1.25,
    ));
    let rss_floor = peak_rss(&[self_exe().to_str().unwrap(), "floor", dir], &[0]);
    let rss_check = peak_rss(&[CONVGEN, "check", dir, "--format", "short"], &[0]);
    println!("(e) peak memory (max RSS)");
    println!("    parse-only floor                           {rss_floor:8.1} MiB");
    println!(
        "    convgen check                              {rss_check:8.1} MiB   (target < 100 MB)"
    );
    verdicts.push((
        format!("(e) check peak memory {rss_check:.1} MiB (< 100 MB)"),
        rss_check * 1.048_576 < 100.0,
    ));
}

fn typst() -> Option<PathBuf> {
    let candidates: Vec<PathBuf> = std::env::var_os("TYPST")
        .map(PathBuf::from)
        .into_iter()
        .chain(std::env::var_os("PATH").into_iter().flat_map(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join("typst"))
                .collect::<Vec<_>>()
        }))
        .chain(std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin/typst")))
        .collect();
    candidates.into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// `typst compile` of a `.typ` file the way `convgen render` runs it.
fn typst_compile(typst: &Path, typ: &Path) -> Command {
    let mut cmd = Command::new(typst);
    cmd.arg("compile")
        .arg("--root")
        .arg(typ.parent().unwrap())
        .args(["--ignore-system-fonts", "--diagnostic-format", "short"])
        .args([
            "--creation-timestamp",
            "1735689600",
            "--pdf-standard",
            "a-2b",
        ])
        .arg(typ)
        .arg(typ.with_extension("pdf"));
    cmd
}

fn typ_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "typ"))
        // The shared layout module (`convgen-convention.typ`) is imported, not compiled.
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("convgen-"))
        })
        .collect();
    v.sort();
    v
}

fn bench_render(o: &Options, typst: &Path, cores: usize, verdicts: &mut Vec<(String, bool)>) {
    let version = Command::new(typst).arg("--version").output().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let out = |name: &str| tmp.path().join(name);
    let render = |src: &Path, dir: &Path, format: &str, jobs: usize| {
        let mut cmd = Command::new(CONVGEN);
        cmd.arg("render")
            .arg(src)
            .arg("--out")
            .arg(dir)
            .args(["--format", format, "--jobs", &jobs.to_string()])
            .arg("--typst")
            .arg(typst);
        cmd
    };
    println!(
        "\n(b) render one convention against typst compile of the source it emits, {}",
        String::from_utf8_lossy(&version.stdout).trim()
    );
    for (name, dir) in [
        ("the CRPC example", common::EXAMPLE),
        ("a small convention", common::SMALL),
    ] {
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let typ_dir = out(&format!("typ-{}", name.len()));
        time_once(&mut render(&source, &typ_dir, "typ", 1), &[0]);
        let typ = typ_files(&typ_dir);
        let pdf_dir = out(&format!("pdf-{}", name.len()));
        // Small differences: at least 15 alternating runs. The third series is typst alone
        // given the allocator setting convgen gives it (when `GLIBC_TUNABLES` is unset):
        // against that floor, what is left is convgen's own cost.
        let tuned = || {
            let mut cmd = typst_compile(typst, &typ[0]);
            if std::env::var_os("GLIBC_TUNABLES").is_none() {
                cmd.env(
                    "GLIBC_TUNABLES",
                    convgen::render::typst::TYPST_MALLOC_TUNABLES,
                );
            }
            cmd
        };
        let [typst_times, tuned_times, convgen_times] = paired_times(
            o.runs.max(15),
            [
                &mut || time_once(&mut typst_compile(typst, &typ[0]), &[0]),
                &mut || time_once(&mut tuned(), &[0]),
                &mut || time_once(&mut render(&source, &pdf_dir, "pdf", 1), &[0]),
            ],
        );
        let (t_typst, min_typst) = spread(&typst_times);
        let (t_tuned, min_tuned) = spread(&tuned_times);
        let (t_convgen, min_convgen) = spread(&convgen_times);
        let ratio = ms(t_convgen) / ms(t_typst);
        println!("    {name} ({dir})");
        println!(
            "      typst compile of the emitted .typ        {:8.1} ms",
            ms(t_typst)
        );
        println!(
            "      convgen render --format pdf              {:8.1} ms   {ratio:.3}× (target ≤ 1.05×)",
            ms(t_convgen)
        );
        println!(
            "      fastest runs: typst {:.1} ms, convgen {:.1} ms ({:+.1} ms)",
            ms(min_typst),
            ms(min_convgen),
            ms(min_convgen) - ms(min_typst)
        );
        println!(
            "      median of the paired differences (convgen − typst, same round): {:+.1} ms",
            paired_difference_ms(&typst_times, &convgen_times)
        );
        println!(
            "      typst compile, convgen's GLIBC_TUNABLES  {:8.1} ms   (fastest {:.1} ms; convgen {:.3}× that, paired {:+.1} ms)",
            ms(t_tuned),
            ms(min_tuned),
            ms(t_convgen) / ms(t_tuned),
            paired_difference_ms(&tuned_times, &convgen_times)
        );
        verdicts.push((
            format!("(b) render {name}: {ratio:.3}× typst compile (≤ 1.05×)"),
            ratio <= 1.05,
        ));
    }

    let repo = tempfile::tempdir().unwrap();
    common::generate_repo(repo.path(), o.batch);
    println!(
        "(c) batch render of {} conventions (PDF), median of {}",
        o.batch, o.batch_runs
    );
    time_once(&mut render(repo.path(), &out("typb"), "typ", cores), &[0]);
    let typs = typ_files(&out("typb"));
    assert_eq!(typs.len(), o.batch);
    let runs = o.batch_runs;
    let t_seq_typst = median(runs, || {
        typs.iter()
            .map(|t| time_once(&mut typst_compile(typst, t), &[0]))
            .sum()
    });
    let t_jobs1 = median(runs, || {
        time_once(&mut render(repo.path(), &out("b1"), "pdf", 1), &[0])
    });
    let t_jobsn = median(runs, || {
        time_once(&mut render(repo.path(), &out("bn"), "pdf", cores), &[0])
    });
    println!(
        "    {} sequential typst compile runs            {:8.2} s",
        o.batch,
        t_seq_typst.as_secs_f64()
    );
    println!(
        "    convgen render --jobs 1                    {:8.2} s",
        t_jobs1.as_secs_f64()
    );
    println!(
        "    convgen render --jobs {cores}                    {:8.2} s   {:.2}× faster than sequential typst",
        t_jobsn.as_secs_f64(),
        t_seq_typst.as_secs_f64() / t_jobsn.as_secs_f64()
    );
    verdicts.push((
        format!(
            "(c) batch of {}: --jobs {cores} {:.1} s vs sequential typst {:.1} s (faster, scaling with --jobs)",
            o.batch,
            t_jobsn.as_secs_f64(),
            t_seq_typst.as_secs_f64()
        ),
        t_jobsn < t_seq_typst && t_jobsn < t_jobs1,
    ));
}

fn bench_diff(o: &Options, verdicts: &mut Vec<(String, bool)>) {
    let old = common::annex_with_means(2025, 0, 10_000);
    let new = common::annex_with_means(2026, 500, 10_000);
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("2025.toml"), tmp.path().join("2026.toml"));
    std::fs::write(&a, &old).unwrap();
    std::fs::write(&b, &new).unwrap();
    println!(
        "\n(d) diff of two annexes of 10,000 means each ({} KiB each)",
        old.len() / 1024
    );
    let t_process = median(o.runs, || {
        time_once(
            Command::new(CONVGEN)
                .arg("diff")
                .arg(&a)
                .arg(&b)
                .args(["--format", "json"]),
            &[1],
        )
    });
    let t_parse_diff = median(o.runs, || {
        let t = Instant::now();
        let (x, y) = rayon::join(
            || convgen::load::parse_annex(0, &old).0,
            || convgen::load::parse_annex(1, &new).0,
        );
        let d = convgen::diff::diff_annexes(&x.unwrap(), &y.unwrap());
        assert!(!d.changes.is_empty());
        t.elapsed()
    });
    let (x, y) = (
        convgen::load::parse_annex(0, &old).0.unwrap(),
        convgen::load::parse_annex(1, &new).0.unwrap(),
    );
    let t_diff = median(o.runs, || {
        let t = Instant::now();
        let d = convgen::diff::diff_annexes(&x, &y);
        assert!(!d.changes.is_empty());
        t.elapsed()
    });
    println!(
        "    convgen diff (whole command, JSON out)     {:8.1} ms   (target < 50 ms)",
        ms(t_process)
    );
    println!(
        "    parse both + diff, in process              {:8.1} ms",
        ms(t_parse_diff)
    );
    println!(
        "    diff alone, in process                     {:8.1} ms",
        ms(t_diff)
    );
    verdicts.push((
        format!(
            "(d) diff 2 × 10,000 means: {:.1} ms (< 50 ms)",
            ms(t_process)
        ),
        ms(t_process) < 50.0,
    ));
}
