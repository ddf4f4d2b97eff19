//! `convgen avenant`: the arguments, the two versions of the convention folder, then the
//! avenant drafted by [`convgen::avenant`] rendered like a convention.

use std::collections::BTreeMap;
use std::path::PathBuf;

use convgen::avenant::{self, Versions};
use convgen::check::Report;
use convgen::diagnostic::{Diagnostic, Severity};
use convgen::diff::{self, Folder, Side};
use convgen::load;
use convgen::model::{Annex, Avenant};
use convgen::source::{Sources, printable};

use super::document::{DocumentArgs, print_written};
use super::error::{Failure, Hint, Outcome, print_err};
use super::human;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Rédige l'avenant d'une convention à partir des différences entre deux versions de son dossier : la révision git REV et la copie de travail (--rev), ou deux dossiers OLD NEW. Son numéro, son objet, les délibérations qui l'approuvent, sa date et sa date d'effet sont lus dans avenants/<N>.toml du dossier (nouvelle version).\n\nCodes de sortie : 0 avenant rendu, 2 rien n'a été écrit (aucune différence, fichier invalide, typst absent).\n\nExemples :\n  convgen avenant --rev v1.0 conventions/crpc-x --out out\n  convgen avenant --rev HEAD~3 conventions/crpc-x --out out --number 2 --format md\n  convgen avenant signee/crpc-x conventions/crpc-x --out out"
)]
pub struct AvenantArgs {
    /// OLD NEW (deux dossiers de convention) ; avec --rev : le dossier de la convention
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// La version signée est cette révision git (lue avec git, sans checkout)
    #[arg(long, value_name = "REV")]
    rev: Option<String>,
    /// Numéro de l'avenant (par défaut : le plus grand de avenants/, sinon 1)
    #[arg(long, value_name = "N")]
    number: Option<i64>,
    #[command(flatten)]
    output: DocumentArgs,
}

/// Runs `convgen avenant`.
pub fn run(args: &AvenantArgs, color: bool) -> Outcome {
    let typst_bin = args.output.typst()?;
    let (old_side, new_dir) = sides(args)?;
    let (old, old_annexes) = match diff::load_folder(&old_side)? {
        Folder::Loaded(c, a) => (c, a),
        Folder::Invalid { sources, diags } => return Err(invalid(&sources, diags, color)),
    };
    let ws = load::load(std::slice::from_ref(&new_dir))
        .hint("indiquez le dossier d'une convention (avec son convention.toml)")?;
    if ws.diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(invalid(&ws.sources, ws.diagnostics.clone(), color));
    }
    let [unit] = ws.units.as_slice() else {
        return Err(Failure::msg(format!(
            "{} n'est pas le dossier d'une seule convention",
            printable(&new_dir.display().to_string())
        )));
    };
    let Some(new) = unit.convention.as_ref() else {
        return Err(Failure::msg(
            "la nouvelle version de la convention n'a pas pu être lue",
        ));
    };
    let new_annexes: BTreeMap<i64, Annex> = unit
        .annexes
        .iter()
        .filter_map(|a| a.annex.clone())
        .map(|a| (a.header.year.value, a))
        .collect();
    let known: Vec<&Avenant> = unit
        .avenants
        .iter()
        .filter_map(|a| a.avenant.as_ref())
        .collect();
    let number = avenant::number(args.number, &known);
    let versions = Versions {
        old: &old,
        old_annexes: &old_annexes,
        new,
        new_annexes: &new_annexes,
    };
    let draft = avenant::draft(&versions, number, avenant::find(&known, number));
    if draft.changes == 0 {
        return Err(Failure::msg(
            "aucune modification du texte ni des annexes entre les deux versions : pas d'avenant à rédiger",
        ));
    }
    for part in &draft.not_drafted {
        print_err(&format!(
            "à rédiger à la main : « {part} » a changé, sans formule d'avenant (voir convgen diff)\n"
        ));
    }
    // An avenant is signed like the convention: one field per signatory's box.
    let files = args
        .output
        .write(&draft.view, typst_bin.as_ref(), true)?
        .map_err(|e| Failure::msg(e.to_string()))?;
    print_written(&files)
}

/// The signed version (a git revision, or the OLD folder) and the folder of the new one.
fn sides(args: &AvenantArgs) -> Result<(Side, PathBuf), Failure> {
    match (&args.rev, args.paths.as_slice()) {
        (None, [old, new]) => Ok((Side::disk(old.clone()), new.clone())),
        (Some(rev), [] | [_]) => {
            let path = args
                .paths
                .first()
                .cloned()
                .unwrap_or_else(|| PathBuf::from("."));
            let (old, _) = diff::revision_sides(rev, path.clone())?;
            Ok((old, path))
        }
        _ => Err(Failure::msg(
            "indiquez deux dossiers (OLD NEW), ou --rev REV [PATH] pour partir d'une révision git",
        )),
    }
}

/// The findings of the files that do not load, printed as `convgen check` prints them.
fn invalid(sources: &Sources, diags: Vec<Diagnostic>, color: bool) -> Failure {
    let report = Report::new(diags, 0, sources.len());
    print_err(&human::render(sources, &report, color));
    Failure::msg("avenant impossible, corrigez d'abord ces fichiers")
}
