//! `convgen diff`: the arguments, then the comparison made by [`convgen::diff`] printed in the
//! chosen format.

use std::path::PathBuf;

use clap::ValueEnum;

use convgen::check::Report;
use convgen::diff::format::{self, Sides};
use convgen::diff::{self, Side};

use super::error::{Exit, Failure, Outcome, print_err, print_out};
use super::human;
use convgen::source::printable_colored;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Les deux chemins sont deux annexes annuelles, deux fichiers convention.toml ou deux dossiers de convention (la convention et chaque annexe, appariées par année).\n\nCodes de sortie : 0 aucune différence, 1 des différences, 2 la comparaison n'a pas pu se faire (fichier illisible ou invalide).\n\nExemples :\n  convgen diff annexes/2025.toml annexes/2026.toml\n  convgen diff --format markdown ancienne/ nouvelle/ > avenant.md\n  convgen diff --rev HEAD conventions/crpc-x\n  convgen diff --rev main --format json --exit-zero"
)]
pub struct DiffArgs {
    /// OLD NEW ; avec --rev : un seul chemin (par défaut : le dossier courant)
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Compare la copie de travail à cette révision git (lue avec git, sans checkout)
    #[arg(long, value_name = "REV")]
    rev: Option<String>,
    /// Format du rapport
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Code de sortie 0 même s'il y a des différences
    #[arg(long)]
    exit_zero: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum DiffFormat {
    /// Texte aligné, groupé par section (en couleur sur un terminal)
    Text,
    /// Tableaux Markdown (demande de fusion, avenant)
    Markdown,
    /// Un document JSON (changements, totaux, résumé)
    Json,
}

/// Runs `convgen diff`.
pub fn run(args: DiffArgs, color: bool) -> Outcome {
    let (old, new) = sides(&args)?;
    match diff::diff_sides(&old, &new)? {
        diff::Outcome::Diff { diff, old, new } => {
            let sides = Sides {
                old: &old,
                new: &new,
            };
            // The report quotes the repository: every control character but line feeds and
            // convgen's own colours is shown escaped (JSON escapes through serde).
            print_out(&match args.format {
                DiffFormat::Text => printable_colored(&format::text(&diff, sides, color)),
                DiffFormat::Markdown => printable_colored(&format::markdown(&diff, sides)),
                DiffFormat::Json => format::json(&diff, sides),
            })?;
            Ok(Exit::findings_if(!diff.is_empty() && !args.exit_zero))
        }
        diff::Outcome::Invalid { sources, diags } => {
            let report = Report::new(diags, 0, sources.len());
            print_err(&human::render(&sources, &report, color));
            Err(Failure::msg(
                "comparaison impossible, corrigez d'abord ces fichiers",
            ))
        }
    }
}

/// The two sides the arguments name: `OLD NEW` on disk, or with `--rev` the revision against
/// the working tree.
fn sides(args: &DiffArgs) -> Result<(Side, Side), Failure> {
    let Some(rev) = &args.rev else {
        let [old, new] = args.paths.as_slice() else {
            return Err(Failure::msg(
                "indiquez deux chemins (OLD NEW), ou --rev REV [PATH] pour comparer à une révision git",
            ));
        };
        return Ok((Side::disk(old.clone()), Side::disk(new.clone())));
    };
    if args.paths.len() > 1 {
        return Err(Failure::msg(
            "avec --rev, indiquez un seul chemin (la copie de travail à comparer)",
        ));
    }
    let path = args
        .paths
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    Ok(diff::revision_sides(rev, path)?)
}
