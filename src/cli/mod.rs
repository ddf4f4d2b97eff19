//! Command-line interface (clap). Exit codes: 0 fine, 1 findings (or changes), 2 trouble.

mod diff;
mod human;
mod render;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use convgen::check;
use convgen::report;

/// Exit code when the command itself could not run.
pub const EXIT_TROUBLE: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "convgen",
    version,
    about = "Vérifie, met en page et compare des conventions de partenariat publiques tenues en TOML",
    long_about = "convgen vérifie, met en page et compare les conventions régionales de coordination \
(article L. 6123-4 du code du travail), de partenariat et SPRO tenues en TOML dans un dépôt git.",
    after_help = "Exemples :\n  convgen check                      vérifie le dépôt courant\n  convgen check conventions/crpc-x   vérifie une convention\n  convgen check --format github .    annotations pour GitHub Actions\n  convgen explain axis-uncovered     explique une règle"
)]
pub struct Cli {
    /// Couleurs : auto (terminal sans NO_COLOR), always, never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Vérifie les conventions et annexes annuelles (syntaxe, schéma, renvois, règles juridiques)
    #[command(
        after_help = "Codes de sortie : 0 aucune erreur, 1 au moins une erreur (ou un avertissement avec --deny warnings), 2 la commande n'a pas pu s'exécuter.\n\nExemples :\n  convgen check\n  convgen check examples --format short\n  convgen check . --format sarif > convgen.sarif\n  convgen check . --deny warnings"
    )]
    Check(CheckArgs),
    /// Compare deux versions d'une annexe, d'une convention ou d'un dossier de convention
    Diff(diff::DiffArgs),
    /// Met en page les conventions en Markdown et en PDF (typst)
    #[command(
        after_help = "Codes de sortie : 0 tout est rendu, 1 une convention n'a pas pu être rendue (erreurs de vérification, échec de typst), 2 la commande n'a pas pu s'exécuter (typst absent, arguments).\n\nExemples :\n  convgen render examples --out out\n  convgen render . --out out --format md\n  convgen render conventions/crpc-x --out out --format typ\n  convgen render . --out out --pdf-standard ua-1 --jobs 2"
    )]
    Render(render::RenderArgs),
    /// Liste les règles de vérification
    Rules {
        /// Format de la liste
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Explique une règle : ce qu'elle vérifie, sa base légale, un exemple et sa correction
    #[command(after_help = "Exemple :\n  convgen explain signatory-missing")]
    Explain {
        /// Code de la règle (voir `convgen rules`)
        code: String,
    },
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// Dépôt, dossier de convention ou fichier (par défaut : le dossier courant)
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Format du rapport
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    format: CheckFormat,
    /// Traiter aussi les avertissements comme des erreurs (code de sortie 1)
    #[arg(long, value_enum)]
    deny: Vec<Deny>,
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
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
enum Deny {
    Warnings,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum RulesFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to color stdout: `always`, or `auto` on a terminal without `NO_COLOR`.
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
}

/// Parses the arguments, runs the command and returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_TROUBLE } else { 0 };
        }
    };
    let color = cli.color.enabled();
    match cli.command {
        Command::Check(args) => run_check(args, color),
        Command::Diff(args) => diff::run(args, color),
        Command::Render(args) => render::run(args, color),
        Command::Rules { format } => {
            let text = match format {
                RulesFormat::Text => report::rules_text(),
                RulesFormat::Markdown => report::rules_markdown(),
                RulesFormat::Json => report::rules_json(),
            };
            print_out(&text)
        }
        Command::Explain { code } => match report::find_rule(&code) {
            Some(rule) => print_out(&report::explain(rule)),
            None => {
                let codes = report::rule_codes();
                let suggestion = convgen::diagnostic::closest(&code, codes.iter().copied())
                    .map(|c| format!("vouliez-vous dire `{c}` ? "))
                    .unwrap_or_default();
                eprintln!(
                    "erreur : règle inconnue `{code}`\n{suggestion}codes connus : {}",
                    codes.join(", ")
                );
                EXIT_TROUBLE
            }
        },
    }
}

/// Writes to stdout; a closed pipe is not an error worth a panic.
fn print_out(text: &str) -> i32 {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("erreur : écriture impossible sur la sortie standard : {e}");
            EXIT_TROUBLE
        }
    }
}

fn run_check(args: CheckArgs, color: bool) -> i32 {
    let check::Checked { sources, report } = match check::check_paths(&args.paths) {
        Ok(checked) => checked,
        Err(e) => {
            eprintln!("erreur : {e}");
            eprintln!(
                "aide : indiquez la racine d'un dépôt de conventions, un dossier de convention ou un fichier .toml"
            );
            return EXIT_TROUBLE;
        }
    };
    let text = match args.format {
        CheckFormat::Human => human::render(&sources, &report, color),
        CheckFormat::Short => report::short(&sources, &report),
        CheckFormat::Json => report::json(&sources, &report),
        CheckFormat::Sarif => report::sarif(&sources, &report),
        CheckFormat::Github => report::github(&sources, &report),
    };
    let code = print_out(&text);
    if code != 0 {
        return code;
    }
    let s = &report.summary;
    let deny_warnings = args.deny.contains(&Deny::Warnings);
    if s.errors > 0 || (deny_warnings && s.warnings > 0) {
        1
    } else {
        0
    }
}
