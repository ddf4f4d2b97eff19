//! `convgen review`: the steering committee's yearly review of one convention, in Markdown
//! and PDF, from its annual annexes (targets and actuals), written like `render` writes.

use std::path::PathBuf;

use convgen::check;
use convgen::diagnostic::Severity;
use convgen::load::{self, Unit, Workspace};
use convgen::source::{printable, printable_lines};
use convgen::view::{self, DocView};

use super::document::{DocumentArgs, print_written};
use super::error::{Exit, Failure, Hint, Outcome, say};
use super::human;

#[derive(clap::Args, Debug)]
pub struct ReviewArgs {
    /// Dossier de la convention (ou son convention.toml)
    path: PathBuf,
    /// Année revue : celle d'une annexe annuelle (annexes/<AAAA>.toml)
    #[arg(long, value_name = "AAAA", allow_negative_numbers = true)]
    year: i64,
    #[command(flatten)]
    output: DocumentArgs,
}

pub fn run(args: &ReviewArgs) -> Outcome {
    let typst_bin = args.output.typst()?;
    let ws = load::load(std::slice::from_ref(&args.path))
        .hint("indiquez le dossier d'une convention ou son convention.toml")?;
    let unit = single_unit(&ws, args)?;
    let name = printable(&ws.sources.get(unit.file).display).to_string();
    if has_errors(&ws, unit) {
        say!("revue non produite : {name} a des erreurs (voir ci-dessus)");
        return Ok(Exit::Findings);
    }
    let Some(view) = review_view(&ws, unit, args.year, &name)? else {
        say!("revue non produite : {name} n'a pas pu être lu");
        return Ok(Exit::Findings);
    };
    // A review is not signed: it has no signature boxes.
    match args.output.write(&view, typst_bin.as_ref(), false)? {
        Ok(files) => print_written(&files),
        Err(e) => {
            say!(
                "{}",
                printable_lines(&format!("erreur : {} : {e}", printable(&view.id)))
            );
            Ok(Exit::Findings)
        }
    }
}

/// The one convention folder of the path.
fn single_unit<'a>(ws: &'a Workspace, args: &ReviewArgs) -> Result<&'a Unit, Failure> {
    match ws.units.as_slice() {
        [unit] => Ok(unit),
        units => Err(Failure::msg(format!(
            "{} contient {} conventions ; la revue annuelle porte sur une seule",
            printable(&args.path.display().to_string()),
            units.len()
        ))
        .hint("indiquez le dossier d'une convention, par exemple conventions/crpc-x")),
    }
}

/// Whether the convention or one of its annexes has a check error (the report is printed).
fn has_errors(ws: &Workspace, unit: &Unit) -> bool {
    let report = check::check(ws);
    if report.summary.errors > 0 || report.summary.warnings > 0 {
        super::error::print_err(&human::render(&ws.sources, &report, false));
    }
    let mut files = std::iter::once(unit.file).chain(unit.annexes.iter().map(|a| a.file));
    files.any(|f| {
        report
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error && d.file == Some(f))
    })
}

/// The review's view; `None` when the convention did not decode; a failure when no annex
/// has the year.
fn review_view(
    ws: &Workspace,
    unit: &Unit,
    year: i64,
    name: &str,
) -> Result<Option<DocView>, Failure> {
    let Some(conv) = unit.convention.as_ref() else {
        return Ok(None);
    };
    let annexes = unit.own_annexes(conv);
    match view::review::build(conv, &annexes, year, view::fingerprint(ws, unit)) {
        Ok(view) => Ok(Some(view)),
        Err(none) => {
            let years: Vec<String> = none.years.iter().map(i64::to_string).collect();
            let known = match years.as_slice() {
                [] => "elle n'a aucune annexe annuelle".to_string(),
                _ => format!("années des annexes : {}", convgen::french::join_and(&years)),
            };
            Err(Failure::msg(format!(
                "aucune annexe annuelle {year} pour {name} ; {known}"
            ))
            .hint(format!(
                "choisissez l'année d'une annexe avec --year, ou ajoutez annexes/{year}.toml"
            )))
        }
    }
}
