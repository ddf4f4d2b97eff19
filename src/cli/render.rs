//! `convgen render`: argument parsing, discovery of templates and typst, parallel batch.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use clap::ValueEnum;
use rayon::prelude::*;

use convgen::check;
use convgen::diagnostic::Severity;
use convgen::load;
use convgen::render::{self, Format, Settings, Templates, typst};

use super::EXIT_TROUBLE;

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
    /// Dossier de modèles qui remplacent les modèles intégrés (mêmes noms de fichiers)
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Exécutable typst (sinon CONVGEN_TYPST, sinon le PATH)
    #[arg(long, value_name = "PATH")]
    typst: Option<PathBuf>,
    /// Norme PDF demandée à typst (a-2b, a-2a, a-3b, a-4, ua-1… ; « none » pour aucune)
    #[arg(long, value_name = "STANDARD", default_value = "a-2b")]
    pdf_standard: String,
    /// Nombre de conventions mises en page en parallèle (par défaut : le nombre de cœurs)
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Met en page à nouveau à chaque modification des fichiers (Ctrl-C pour arrêter ; le
    /// dossier de sortie n'est pas surveillé)
    #[arg(long, short = 'w')]
    pub watch: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
enum FormatArg {
    /// Markdown (modèles tera)
    Md,
    /// PDF (typst)
    Pdf,
    /// Source Typst autonome : <id>.typ, <id>.json et le modèle partagé
    Typ,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Md => Format::Md,
            FormatArg::Pdf => Format::Pdf,
            FormatArg::Typ => Format::Typ,
        }
    }
}

/// The `templates/` folder of the conventions repository: in the folder the user points at
/// (or the folder of the file), then its ancestors, stopping at the git root (a folder that
/// holds `.git`).
pub fn discover_templates(path: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(path).ok()?;
    let start = if start.is_dir() {
        start
    } else {
        start.parent()?.to_path_buf()
    };
    for dir in start.ancestors() {
        let candidate = dir.join("templates");
        if candidate.is_dir() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    None
}

pub fn run(args: &RenderArgs, color: bool) -> i32 {
    let formats: Vec<Format> = args.format.iter().map(|&f| f.into()).collect();
    // Finding typst runs `typst --version` (a process start, ~10 ms): do it on another
    // thread while the conventions are loaded, checked and laid out; nothing is written
    // before its answer.
    let typst_search = formats.contains(&Format::Pdf).then(|| {
        let explicit = args.typst.clone();
        std::thread::spawn(move || typst::find(explicit.as_deref()))
    });
    let ws = match load::load(&args.paths) {
        Ok(ws) => ws,
        Err(e) => {
            eprintln!("erreur : {e}");
            return EXIT_TROUBLE;
        }
    };

    // Templates.
    let template_dir = match &args.templates {
        Some(dir) if !dir.is_dir() => {
            eprintln!(
                "erreur : dossier de modèles introuvable : {}",
                dir.display()
            );
            return EXIT_TROUBLE;
        }
        Some(dir) => Some(dir.clone()),
        None => args.paths.first().and_then(|p| discover_templates(p)),
    };
    let templates = match Templates::load(template_dir.as_deref(), formats.contains(&Format::Md)) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("erreur : modèles : {e}");
            return EXIT_TROUBLE;
        }
    };

    let pdf_standard = if args.pdf_standard == "none" {
        String::new()
    } else {
        args.pdf_standard.clone()
    };

    // Check: conventions with errors are not rendered unless --allow-errors.
    let report = check::check(&ws);
    let mut failed = 0usize;
    if report.summary.errors > 0 || report.summary.warnings > 0 {
        eprint!("{}", super::human::render(&ws.sources, &report, color));
    }
    let error_files: HashSet<usize> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter_map(|d| d.file)
        .collect();
    let mut jobs = Vec::new();
    for unit in &ws.units {
        let files = std::iter::once(unit.file).chain(unit.annexes.iter().map(|a| a.file));
        let has_errors = files.clone().any(|f| error_files.contains(&f));
        let name = ws.sources.get(unit.file).display.clone();
        if has_errors && !args.allow_errors {
            eprintln!(
                "non rendu : {name} a des erreurs (voir ci-dessus ; --allow-errors pour passer outre)"
            );
            failed += 1;
            continue;
        }
        match render::view_of(&ws, unit) {
            Some(view) => jobs.push(view),
            None => {
                eprintln!("non rendu : {name} n'a pas pu être lu");
                failed += 1;
            }
        }
    }
    // typst, before anything is written.
    let typst_bin = match typst_search.map(|search| search.join()) {
        None => None,
        Some(Ok(Ok(t))) => Some(t),
        Some(Ok(Err(e))) => {
            eprintln!("erreur : {e}");
            eprintln!("aide : {}", typst::INSTALL_HINT);
            return EXIT_TROUBLE;
        }
        Some(Err(_)) => {
            eprintln!("erreur : la recherche de typst a échoué");
            return EXIT_TROUBLE;
        }
    };
    if jobs.is_empty() {
        return if failed > 0 { 1 } else { 0 };
    }

    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!("erreur : impossible de créer {} : {e}", args.out.display());
        return EXIT_TROUBLE;
    }
    let settings = Settings {
        out: &args.out,
        formats: &formats,
        templates: &templates,
        typst: typst_bin.as_ref(),
        pdf_standard: &pdf_standard,
    };

    let threads = args
        .jobs
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("erreur : {e}");
            return EXIT_TROUBLE;
        }
    };
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(jobs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} {wide_bar} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    });
    let failures = Mutex::new(0usize);
    pool.install(|| {
        jobs.par_iter().for_each(|view| {
            let result = render::render_one(view, &settings);
            let lines: Vec<String> = match &result {
                Ok(files) => files
                    .iter()
                    .map(|f| format!("rendu : {}", f.display()))
                    .collect(),
                Err(e) => {
                    *failures.lock().expect("no poisoned lock") += 1;
                    vec![format!("erreur : {} : {e}", view.id)]
                }
            };
            match (&bar, &result) {
                (Some(bar), _) => {
                    for line in lines {
                        bar.println(line);
                    }
                    bar.set_message(view.id.clone());
                    bar.inc(1);
                }
                (None, Ok(_)) => lines.iter().for_each(|l| {
                    super::print_out(&format!("{l}\n"));
                }),
                (None, Err(_)) => lines.iter().for_each(|l| eprintln!("{l}")),
            }
        })
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    failed += failures.into_inner().unwrap_or(0);
    if failed > 0 { 1 } else { 0 }
}
