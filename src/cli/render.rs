//! `convgen render`: argument checks, templates and typst, then the parallel batch.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::ValueEnum;
use rayon::prelude::*;

use convgen::check;
use convgen::diagnostic::Severity;
use convgen::load::{self, Workspace};
use convgen::render::{self, Format, Settings, Templates, WarmSlot, typst};
use convgen::source::{printable, printable_lines};
use convgen::view::DocView;

use super::error::{Exit, Failure, Hint, Outcome, print_out, say};
use super::{human, watch};

/// Most conventions rendered at once (`--jobs`): each may run a typst process of up to
/// [`typst::MEMORY_LIMIT_BYTES`], and more threads than that only queue on the cores.
const MAX_JOBS: usize = 64;

#[derive(clap::Args, Debug)]
pub struct RenderArgs {
    /// Dépôt, dossier de convention ou fichier (par défaut : le dossier courant)
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Dossier de sortie (créé au besoin)
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: PathBuf,
    /// Formats produits, séparés par des virgules
    #[arg(long, value_enum, value_delimiter = ',', default_value = "md,pdf")]
    format: Vec<FormatArg>,
    /// Met en page même les conventions qui ont des erreurs de vérification
    #[arg(long)]
    allow_errors: bool,
    /// Ajoute en dernière annexe le tableau de conformité (voir `convgen matrix`)
    #[arg(long)]
    matrix: bool,
    /// Dossier de modèles qui remplacent les modèles intégrés (mêmes noms de fichiers) ; par
    /// défaut celui que nomme le convgen.toml du dépôt
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Exécutable typst (sinon CONVGEN_TYPST, sinon le PATH)
    #[arg(long, value_name = "PATH")]
    typst: Option<PathBuf>,
    /// Durée maximale d'une exécution de typst, en secondes (1 à 3600) ; au-delà, typst est
    /// arrêté et la convention n'est pas rendue
    #[arg(long, value_name = "SECONDES", default_value_t = typst::DEFAULT_TIMEOUT.as_secs(),
        value_parser = clap::value_parser!(u64).range(1..=3600))]
    typst_timeout: u64,
    /// Normes PDF demandées à typst, séparées par des virgules (a-2b, a-2a, a-3b, a-4, ua-1… ; « none » pour aucune)
    #[arg(long, value_name = "STANDARD", default_value = "a-2b", value_parser = parse_pdf_standard)]
    pdf_standard: String,
    /// Nombre de conventions mises en page en parallèle, de 1 à 64 (par défaut : le nombre de
    /// cœurs)
    #[arg(long, short = 'j', value_name = "N",
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=MAX_JOBS as u64))]
    jobs: Option<usize>,
    /// Ne place pas de champ de signature électronique dans les cadres des signataires du PDF
    #[arg(long)]
    no_signature_fields: bool,
    /// Met en page à nouveau à chaque modification des fichiers (Ctrl-C pour arrêter ; le
    /// dossier de sortie n'est pas surveillé)
    #[arg(long, short = 'w')]
    pub watch: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
pub(super) enum FormatArg {
    /// Markdown (modèles tera)
    Md,
    /// PDF (typst)
    Pdf,
    /// Source Typst autonome : <id>.typ, <id>.json et le modèle partagé
    Typ,
    /// Document Word modifiable (Office Open XML)
    Docx,
    /// Document OpenDocument modifiable (LibreOffice)
    Odt,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Md => Format::Md,
            FormatArg::Pdf => Format::Pdf,
            FormatArg::Typ => Format::Typ,
            FormatArg::Docx => Format::Docx,
            FormatArg::Odt => Format::Odt,
        }
    }
}

/// PDF standards typst 0.15 knows (`typst compile --pdf-standard`).
const PDF_STANDARDS: &[&str] = &[
    "1.4", "1.5", "1.6", "1.7", "2.0", "a-1b", "a-1a", "a-2b", "a-2u", "a-2a", "a-3b", "a-3u",
    "a-3a", "a-4", "a-4f", "a-4e", "ua-1",
];

/// `--pdf-standard`: `none`, or standards typst knows, checked before any work.
pub(super) fn parse_pdf_standard(value: &str) -> Result<String, String> {
    if value == "none" {
        return Ok(String::new());
    }
    for part in value.split(',') {
        if !PDF_STANDARDS.contains(&part) {
            return Err(format!(
                "norme PDF inconnue `{part}` ; normes possibles : none, {}",
                PDF_STANDARDS.join(", ")
            ));
        }
    }
    Ok(value.to_string())
}

/// The signals `render` catches, between [`catch_signals`] and [`stop_cleanly_on_signals`].
static CAUGHT_SIGNALS: std::sync::Mutex<Option<signal_hook::iterator::Signals>> =
    std::sync::Mutex::new(None);

/// Catches SIGINT, SIGTERM and SIGHUP from now on: a signal that arrives before
/// [`stop_cleanly_on_signals`] waits for it. Once per process (later calls say whether the
/// first one worked). The early typst starts between the two: the thread is not on its path.
pub(super) fn catch_signals() -> Result<(), Failure> {
    static CAUGHT: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    let caught = CAUGHT.get_or_init(|| {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            .map_err(|e| format!("signaux : {e}"))?;
        *CAUGHT_SIGNALS.lock().unwrap_or_else(|e| e.into_inner()) = Some(signals);
        Ok(())
    });
    caught.clone().map_err(Failure::msg)
}

/// On SIGINT, SIGTERM or SIGHUP: kills the running typst and template processes, removes the
/// staging folders, says so and exits with 128 + the signal's number (130 for Ctrl-C).
/// Once per process: later calls only say whether the first one worked.
pub(super) fn stop_cleanly_on_signals() -> Result<(), Failure> {
    static WATCHED: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    catch_signals()?;
    let watched = WATCHED.get_or_init(|| {
        let Some(mut signals) = CAUGHT_SIGNALS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        else {
            return Err("signaux : déjà surveillés".into());
        };
        std::thread::Builder::new()
            .name("convgen-signals".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    render::cleanup::abort();
                    say!("interrompu : mise en page arrêtée, fichiers temporaires supprimés");
                    std::process::exit(128 + signal);
                }
            })
            .map(drop)
            .map_err(|e| format!("signaux : {e}"))
    });
    watched.clone().map_err(Failure::msg)
}

/// Renders; `early`: the typst [`super::early::start`] started before the arguments were
/// parsed, used for the first render if it fits.
pub fn run(args: &RenderArgs, color: bool, early: Option<super::early::Early>) -> Outcome {
    stop_cleanly_on_signals()?;
    let mut early = early;
    if args.watch {
        let ignore = vec![args.out.clone()];
        return watch::watch(&args.paths, &ignore, || once(args, color, early.take()));
    }
    once(args, color, early)
}

/// One render of the paths.
fn once(args: &RenderArgs, color: bool, early: Option<super::early::Early>) -> Outcome {
    let formats: Vec<Format> = args.format.iter().map(|&f| f.into()).collect();
    // Finding typst only looks for the file: no process is started before the work (the
    // release is read from each PDF it writes, see `render::typst`).
    let typst_bin =
        super::document::find_typst(&formats, args.typst.as_deref(), args.typst_timeout)?;
    let adopted = match (early, &typst_bin) {
        (Some(e), Some(t)) => e.adopt(&args.out, t, &args.pdf_standard, args.templates.is_some()),
        _ => None,
    };
    // typst starts now (unless it already has), to set up while the conventions are
    // loaded, checked and laid out; it compiles the first PDF (`render::Warm`). The output
    // folder it works in is removed again if this run ends up writing nothing there.
    let (mut created, warm) = match adopted {
        Some((warm, created)) => (created, Some(warm)),
        None => (
            CreatedFolder::new(&args.out, typst_bin.is_some()),
            match (&typst_bin, &args.templates) {
                (Some(t), None) => render::Warm::start(&args.out, t, &args.pdf_standard).ok(),
                _ => None,
            },
        ),
    };
    let warm: WarmSlot = std::sync::Mutex::new(warm);
    let ws = load::load(&args.paths).hint(
        "indiquez la racine d'un dépôt de conventions, un dossier de convention ou un fichier .toml",
    )?;
    let templates = templates(args, &ws, formats.contains(&Format::Md))?;
    if templates.typst != render::templates::BUILTIN_TYPST {
        // A repository's Typst template may date its document from the timestamp.
        drop(warm.lock().unwrap_or_else(|e| e.into_inner()).take());
    }
    let (jobs, mut failed) = renderable(&ws, args.allow_errors, args.matrix, color);
    if !jobs.is_empty() {
        created.keep();
        std::fs::create_dir_all(&args.out)
            .map_err(|e| anyhow::anyhow!("impossible de créer {} : {e}", args.out.display()))?;
        let settings = Settings {
            out: &args.out,
            formats: &formats,
            templates: &templates,
            typst: typst_bin.as_ref(),
            pdf_standard: &args.pdf_standard,
            warm: Some(&warm),
            signature_fields: !args.no_signature_fields,
        };
        failed += batch(&jobs, &settings, args.jobs)?;
    }
    Ok(Exit::findings_if(failed > 0))
}

/// The output folder when this run creates it for the warm typst: removed again, if still
/// empty, when the run ends without rendering anything.
pub(super) struct CreatedFolder(Option<std::path::PathBuf>);

impl CreatedFolder {
    /// The run renders: the folder stays, whatever happens.
    fn keep(&mut self) {
        self.0 = None;
    }

    pub(super) fn new(dir: &std::path::Path, create: bool) -> CreatedFolder {
        let created = create && !dir.exists() && std::fs::create_dir_all(dir).is_ok();
        CreatedFolder(created.then(|| dir.to_path_buf()))
    }
}

impl Drop for CreatedFolder {
    fn drop(&mut self) {
        if let Some(dir) = &self.0 {
            // Fails, as it should, when the folder holds anything.
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// The templates of the run: `--templates`, else the folder the repository's `convgen.toml`
/// names, else the built-ins alone.
fn templates(args: &RenderArgs, ws: &Workspace, with_markdown: bool) -> Result<Templates, Failure> {
    let dir = match &args.templates {
        Some(dir) if !dir.is_dir() => {
            return Err(Failure::msg(format!(
                "dossier de modèles introuvable : {}",
                dir.display()
            )));
        }
        Some(dir) => Some(dir.clone()),
        None => ws.config.as_ref().and_then(|c| c.templates.clone()),
    };
    let mut templates = Templates::load(dir.as_deref(), with_markdown)
        .map_err(|e| Failure::msg(format!("modèles : {e}")))?;
    // Templates from a folder render in a child process under limits (render::sandbox).
    if templates.dir.is_some() {
        templates.isolate = Some(
            std::env::current_exe()
                .map_err(|e| Failure::msg(format!("exécutable de convgen introuvable : {e}")))?,
        );
    }
    Ok(templates)
}

/// The views of the conventions to render; conventions with errors are left out (reported,
/// and counted as failures) unless `allow_errors`.
fn renderable(
    ws: &Workspace,
    allow_errors: bool,
    matrix: bool,
    color: bool,
) -> (Vec<DocView>, usize) {
    let report = check::check(ws);
    if report.summary.errors > 0 || report.summary.warnings > 0 {
        super::error::print_err(&human::render(&ws.sources, &report, color));
    }
    let error_files: HashSet<usize> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter_map(|d| d.file)
        .collect();
    let mut jobs: Vec<DocView> = Vec::new();
    let mut failed = 0;
    // With --allow-errors, two folders may share an id (`duplicate-id`): they would write the
    // same files in an order that depends on the threads. The first folder in path order is
    // rendered, the others are not.
    let mut rendered_ids: std::collections::HashMap<String, String> = Default::default();
    for unit in &ws.units {
        let mut files = std::iter::once(unit.file).chain(unit.annexes.iter().map(|a| a.file));
        let name = printable(&ws.sources.get(unit.file).display);
        if !allow_errors && files.any(|f| error_files.contains(&f)) {
            say!(
                "non rendu : {name} a des erreurs (voir ci-dessus ; --allow-errors pour passer outre)"
            );
            failed += 1;
            continue;
        }
        let view = if matrix {
            render::view_with_matrix(ws, unit)
        } else {
            render::view_of(ws, unit)
        };
        match view {
            Some(view) => {
                if let Some(first) = rendered_ids.get(&view.id) {
                    say!(
                        "non rendu : {name} a le même identifiant `{}` que {first}, rendu à sa place",
                        printable(&view.id)
                    );
                    failed += 1;
                    continue;
                }
                rendered_ids.insert(view.id.clone(), name.to_string());
                jobs.push(view)
            }
            None => {
                say!("non rendu : {name} n'a pas pu être lu");
                failed += 1;
            }
        }
    }
    (jobs, failed)
}

/// Renders every view on `jobs` threads (default: one per core), with a progress bar on a
/// terminal; returns the number of failures.
fn batch(
    views: &[DocView],
    settings: &Settings<'_>,
    jobs: Option<usize>,
) -> Result<usize, Failure> {
    let threads = jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, MAX_JOBS)
        .min(views.len().max(1));
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(views.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} {wide_bar} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    });
    let failures = AtomicUsize::new(0);
    let render_view = |view: &DocView| {
        let result = render::render_one(view, settings);
        if result.is_err() {
            failures.fetch_add(1, Ordering::Relaxed);
        }
        let lines: Vec<String> = match &result {
            Ok(files) => files
                .iter()
                .map(|f| format!("rendu : {}", printable(&f.display().to_string())))
                .collect(),
            // typst's messages may quote the repository's text and template.
            Err(e) => vec![
                printable_lines(&format!("erreur : {} : {e}", printable(&view.id))).into_owned(),
            ],
        };
        match (&bar, result.is_ok()) {
            (Some(bar), _) => {
                lines.iter().for_each(|l| bar.println(l));
                bar.set_message(view.id.clone());
                bar.inc(1);
            }
            (None, true) => lines.iter().for_each(|l| {
                let _ = print_out(&format!("{l}\n"));
            }),
            (None, false) => lines.iter().for_each(|l| say!("{l}")),
        }
    };
    // One thread: no pool to start (a single convention renders on this thread).
    if threads == 1 {
        views.iter().for_each(render_view);
    } else {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .install(|| views.par_iter().for_each(render_view));
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(failures.into_inner())
}
