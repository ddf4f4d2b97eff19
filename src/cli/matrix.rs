//! `convgen matrix`: the conformity matrix of each convention, as text, Markdown or JSON.

use std::path::PathBuf;

use clap::ValueEnum;

use convgen::load;
use convgen::matrix;

use super::error::{Exit, Hint, Outcome, print_out, say};

#[derive(clap::Args, Debug)]
pub struct MatrixArgs {
    /// Dépôt, dossier de convention ou fichier (par défaut : le dossier courant)
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Format du tableau
    #[arg(long, value_enum, default_value_t = MatrixFormat::Text)]
    format: MatrixFormat,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum MatrixFormat {
    /// Une entrée par exigence : statut, source, fichier:ligne et article
    Text,
    /// Un tableau Markdown par convention
    Markdown,
    /// Un document JSON : {"conventions": [{"id", "regime", "requirements": [...]}]}
    Json,
}

pub fn run(args: &MatrixArgs) -> Outcome {
    let ws = load::load(&args.paths).hint(
        "indiquez la racine d'un dépôt de conventions, un dossier de convention ou un fichier .toml",
    )?;
    let m = matrix::build(&ws);
    // A convention.toml with syntax or schema errors has no matrix: say so, and fail.
    let mut unread = 0;
    for unit in ws.units.iter().filter(|u| u.convention.is_none()) {
        say!(
            "sans tableau : {} n'a pas pu être lu (voir `convgen check`)",
            ws.sources.get(unit.file).display
        );
        unread += 1;
    }
    print_out(&match args.format {
        MatrixFormat::Text => matrix::text(&m),
        MatrixFormat::Markdown => matrix::markdown(&m),
        MatrixFormat::Json => matrix::json(&m),
    })?;
    Ok(Exit::findings_if(unread > 0))
}
