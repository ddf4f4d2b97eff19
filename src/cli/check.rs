//! `convgen check`: validates conventions and prints the report in the chosen format.

use std::path::PathBuf;

use clap::ValueEnum;

use convgen::check;
use convgen::report;

use super::error::{Exit, Hint, Outcome, print_out};
use super::{human, watch};

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Dépôt, dossier de convention ou fichier (par défaut : le dossier courant)
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Format du rapport
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    format: CheckFormat,
    /// Traiter aussi les avertissements comme des erreurs (code de sortie 1)
    #[arg(long, value_enum)]
    deny: Vec<Deny>,
    /// Vérifie à nouveau à chaque modification des fichiers (Ctrl-C pour arrêter)
    #[arg(long, short = 'w')]
    pub watch: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum CheckFormat {
    /// Rapport graphique avec extrait du fichier, aide et base légale
    Human,
    /// Une ligne par constat : fichier:ligne:colonne: gravité[code]: message
    Short,
    /// Un document JSON (diagnostics et résumé)
    Json,
    /// SARIF 2.1.0 (GitHub code scanning, GitLab…)
    Sarif,
    /// Commandes de workflow GitHub Actions (annotations)
    Github,
    /// Rapport GitLab Code Quality (JSON Code Climate)
    Gitlab,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
enum Deny {
    Warnings,
}

pub fn run(args: &CheckArgs, color: bool) -> Outcome {
    if args.watch {
        return watch::watch(&args.paths, &[], || once(args, color));
    }
    once(args, color)
}

/// One check of the paths.
fn once(args: &CheckArgs, color: bool) -> Outcome {
    let check::Checked { sources, report } = check::check_paths(&args.paths).hint(
        "indiquez la racine d'un dépôt de conventions, un dossier de convention ou un fichier .toml",
    )?;
    let text = match args.format {
        CheckFormat::Human => human::render(&sources, &report, color),
        CheckFormat::Short => report::short(&sources, &report),
        CheckFormat::Json => report::json(&sources, &report),
        CheckFormat::Sarif => report::sarif(&sources, &report),
        CheckFormat::Github => report::github(&sources, &report),
        CheckFormat::Gitlab => report::gitlab(&sources, &report),
    };
    print_out(&text)?;
    let s = &report.summary;
    let deny_warnings = args.deny.contains(&Deny::Warnings);
    Ok(Exit::findings_if(
        s.errors > 0 || (deny_warnings && s.warnings > 0),
    ))
}
