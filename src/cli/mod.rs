//! Command-line interface (clap): one module per subcommand, one [`error::Failure`] type
//! printed once with its hint, and named exit codes ([`error::Exit`]: 0 fine, 1 findings or
//! changes, 2 the command could not run).

mod argv;
mod avenant;
mod catalogue;
mod check;
mod diff;
mod document;
mod early;
pub mod error;
mod human;
mod init;
mod matrix;
mod memory;
mod meta;
mod render;
mod review;
mod watch;

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use error::{Exit, Outcome};

#[derive(Parser, Debug)]
#[command(
    name = "convgen",
    version,
    about = "Vérifie, met en page et compare des conventions de partenariat publiques tenues en TOML",
    long_about = "convgen vérifie, met en page et compare les conventions régionales de coordination \
(article L. 6123-4 du code du travail), de partenariat et SPRO tenues en TOML dans un dépôt git.",
    after_help = "Exemples :\n  convgen check                      vérifie le dépôt courant\n  convgen check conventions/crpc-x   vérifie une convention\n  convgen check --format github .    annotations pour GitHub Actions\n  convgen check --watch .            vérifie à chaque modification\n  convgen init conventions/crpc-x --kind crpc --start 2026-01-01\n                                     crée le squelette d'une convention\n  convgen explain axis-uncovered     explique une règle"
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
        after_help = "Codes de sortie : 0 aucune erreur, 1 au moins une erreur (ou un avertissement avec --deny warnings), 2 la commande n'a pas pu s'exécuter.\n\nExemples :\n  convgen check\n  convgen check examples --format short\n  convgen check . --format sarif > convgen.sarif\n  convgen check . --deny warnings\n  convgen check . --format gitlab > gl-code-quality-report.json\n  convgen check conventions/crpc-x --watch"
    )]
    Check(check::CheckArgs),
    /// Compare deux versions d'une annexe, d'une convention ou d'un dossier de convention
    Diff(diff::DiffArgs),
    /// Rédige l'avenant d'une convention à partir des différences entre deux versions
    Avenant(avenant::AvenantArgs),
    /// Met en page les conventions en Markdown et en PDF (typst)
    #[command(
        after_help = "Codes de sortie : 0 tout est rendu, 1 une convention n'a pas pu être rendue (erreurs de vérification, échec de typst), 2 la commande n'a pas pu s'exécuter (typst absent, arguments).\n\nExemples :\n  convgen render examples --out out\n  convgen render . --out out --format md\n  convgen render conventions/crpc-x --out out --format typ\n  convgen render . --out out --pdf-standard ua-1 --jobs 2\n  convgen render conventions/crpc-x --out out --matrix   avec le tableau de conformité\n  convgen render conventions/crpc-x --out out --format md --watch"
    )]
    Render(render::RenderArgs),
    /// Revue annuelle d'une convention : moyens, cibles et réalisés de l'année, trajectoires
    /// des indicateurs, totaux par signataire
    #[command(
        after_help = "Produit <id>-revue-<AAAA>.md et .pdf dans le dossier de sortie, d'après l'annexe annuelle de l'année (cibles et valeurs `actual`) et les autres annexes (trajectoires).\n\nCodes de sortie : 0 revue produite, 1 la convention a des erreurs de vérification ou la mise en page a échoué, 2 la commande n'a pas pu s'exécuter (année sans annexe, chemin sans convention ou avec plusieurs, typst absent).\n\nExemples :\n  convgen review examples/crpc-centre-val-de-loire-2025 --year 2025 --out out\n  convgen review conventions/crpc-x --year 2026 --out out --format md"
    )]
    Review(review::ReviewArgs),
    /// Tableau de conformité : chaque exigence de la loi et des recommandations du CNEFOP,
    /// satisfaite ou non, et où
    #[command(
        after_help = "Pour chaque convention, chaque exigence du droit en vigueur à sa date (signataires, items 1° à 4° de l'article L. 6123-4 pour chaque signataire, plan de coordination, cohérence avec la stratégie coordonnée, le SRDEII, la convention tripartite, le plan de convergence outre-mer, avis du comité régional, durée pluriannuelle) et des recommandations du CNEFOP (trois ans, annexes annuelles, indicateurs), avec sa source, son statut (met, missing, not-applicable et la raison) et l'endroit où elle est satisfaite : fichier, ligne et article du document produit. Une convention de partenariat ou SPRO reçoit le tableau des règles qui s'y appliquent. `convgen render --matrix` ajoute ce tableau en dernière annexe.\n\nCodes de sortie : 0 tableau de chaque convention produit, 1 une convention n'a pas pu être lue (erreurs de syntaxe ou de schéma), 2 la commande n'a pas pu s'exécuter.\n\nExemples :\n  convgen matrix examples/crpc-centre-val-de-loire-2025\n  convgen matrix . --format markdown > conformite.md\n  convgen matrix . --format json | jq '.conventions[].requirements[] | select(.status == \"missing\")'"
    )]
    Matrix(matrix::MatrixArgs),
    /// Crée le squelette commenté d'une convention et de ses annexes annuelles
    #[command(
        after_help = "Le dossier reçoit convention.toml et une annexe annexes/<AAAA>.toml par année de la période ; l'identifiant de la convention est le nom du dossier. Aucun fichier existant n'est remplacé. Les schémas JSON sont ajoutés dans schemas/ à la racine du dépôt s'ils manquent.\n\nCodes de sortie : 0 squelette écrit, 2 rien n'a été écrit (fichier déjà présent, arguments invalides, écriture impossible).\n\nExemples :\n  convgen init conventions/crpc-grand-est-2026 --kind crpc --region \"Grand Est\" --start 2026-01-01\n  convgen init conventions/partenariat-x --kind partenariat --years 2\n  convgen init conventions/spro-bretagne --kind spro --region Bretagne\n  convgen check conventions/crpc-grand-est-2026   liste ce qui reste à compléter"
    )]
    Init(init::InitArgs),
    /// Affiche le schéma JSON de convention.toml ou des annexes (pour les éditeurs)
    #[command(
        after_help = "Le schéma sert aux éditeurs (Taplo, Even Better TOML) : complétion, description des clés, erreurs à la frappe. Écrivez en première ligne du fichier : #:schema ./schemas/convention.schema.json\n\nExemples :\n  convgen schema convention > schemas/convention.schema.json\n  convgen schema annex > schemas/annex.schema.json"
    )]
    Schema {
        /// Fichier décrit : convention (convention.toml) ou annex (annexes/<AAAA>.toml)
        #[arg(value_enum)]
        target: meta::SchemaTarget,
    },
    /// Affiche le script de complétion des commandes pour un shell
    #[command(
        after_help = "Exemples :\n  convgen completions bash > ~/.local/share/bash-completion/completions/convgen\n  convgen completions zsh > ~/.zfunc/_convgen\n  convgen completions fish > ~/.config/fish/completions/convgen.fish\n  convgen completions powershell >> $PROFILE"
    )]
    Completions {
        /// Shell visé
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Affiche la page de manuel (roff) ; --out écrit une page par sous-commande
    #[command(
        after_help = "Exemples :\n  convgen man | man -l -\n  convgen man --out /usr/local/share/man/man1"
    )]
    Man {
        /// Dossier où écrire convgen.1 et une page par sous-commande (convgen-check.1…)
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Liste les règles de vérification
    #[command(
        after_help = "Exemples :\n  convgen rules\n  convgen rules --format markdown > docs/regles.md\n  convgen rules --format json | jq '.[].code'"
    )]
    Rules {
        /// Format de la liste
        #[arg(long, value_enum, default_value_t = catalogue::RulesFormat::Text)]
        format: catalogue::RulesFormat,
    },
    /// Explique une règle : ce qu'elle vérifie, sa base légale, un exemple et sa correction
    #[command(after_help = "Exemple :\n  convgen explain signatory-missing")]
    Explain {
        /// Code de la règle (voir `convgen rules`)
        code: String,
    },
    /// (interne) Met en page en Markdown, avec les modèles de DIR, la vue JSON lue sur
    /// l'entrée standard : le processus enfant sous limites de `render` (render::sandbox)
    #[command(name = "__render-markdown", hide = true)]
    RenderMarkdown { dir: PathBuf },
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
    memory::restore();
    // Before the parse, so that typst sets up meanwhile (dropped if the parse disagrees).
    let early = early::start();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Trouble.code()
            } else {
                Exit::Success.code()
            };
        }
    };
    match dispatch(cli, early) {
        Ok(exit) => exit.code(),
        Err(failure) => {
            failure.print();
            Exit::Trouble.code()
        }
    }
}

fn dispatch(cli: Cli, early: Option<early::Early>) -> Outcome {
    let color = cli.color.enabled();
    // Only a render uses the early typst; any other command stops it at once.
    let early = early.filter(|_| matches!(cli.command, Command::Render(_)));
    match cli.command {
        Command::Check(args) => check::run(&args, color),
        Command::Render(args) => render::run(&args, color, early),
        Command::Diff(args) => diff::run(args, color),
        Command::Avenant(args) => avenant::run(&args, color),
        Command::Matrix(args) => matrix::run(&args),
        Command::Review(args) => review::run(&args),
        Command::Init(args) => init::run(args),
        Command::Schema { target } => meta::schema(target),
        Command::Completions { shell } => meta::completions(shell),
        Command::Man { out } => meta::man(out),
        Command::Rules { format } => catalogue::rules(format),
        Command::Explain { code } => catalogue::explain(&code),
        Command::RenderMarkdown { dir } => Ok(match convgen::render::sandbox::child_main(&dir) {
            0 => Exit::Success,
            _ => Exit::Findings,
        }),
    }
}
