//! Command-line interface (clap). Exit codes: 0 fine, 1 findings (or changes), 2 trouble.

mod diff;
mod human;
mod init;
mod render;
mod watch;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

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
    Check(CheckArgs),
    /// Compare deux versions d'une annexe, d'une convention ou d'un dossier de convention
    Diff(diff::DiffArgs),
    /// Met en page les conventions en Markdown et en PDF (typst)
    #[command(
        after_help = "Codes de sortie : 0 tout est rendu, 1 une convention n'a pas pu être rendue (erreurs de vérification, échec de typst), 2 la commande n'a pas pu s'exécuter (typst absent, arguments).\n\nExemples :\n  convgen render examples --out out\n  convgen render . --out out --format md\n  convgen render conventions/crpc-x --out out --format typ\n  convgen render . --out out --pdf-standard ua-1 --jobs 2\n  convgen render conventions/crpc-x --out out --format md --watch"
    )]
    Render(render::RenderArgs),
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
        target: SchemaTarget,
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
    /// Vérifie à nouveau à chaque modification des fichiers (Ctrl-C pour arrêter)
    #[arg(long, short = 'w')]
    watch: bool,
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

#[derive(Clone, Copy, Debug, ValueEnum)]
enum SchemaTarget {
    /// convention.toml
    Convention,
    /// annexes/<AAAA>.toml
    Annex,
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
        Command::Check(args) if args.watch => {
            let paths = args.paths.clone();
            watch::watch(&paths, &[], || run_check(&args, color))
        }
        Command::Check(args) => run_check(&args, color),
        Command::Init(args) => init::run(args),
        Command::Schema { target } => print_out(&convgen::model::schema::json(match target {
            SchemaTarget::Convention => convgen::model::schema::Target::Convention,
            SchemaTarget::Annex => convgen::model::schema::Target::Annex,
        })),
        Command::Completions { shell } => {
            let mut text = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "convgen", &mut text);
            print_out(&String::from_utf8_lossy(&text))
        }
        Command::Man { out } => man(out),
        Command::Diff(args) => diff::run(args, color),
        Command::Render(args) if args.watch => {
            let (paths, ignore) = (args.paths.clone(), vec![args.out.clone()]);
            watch::watch(&paths, &ignore, || render::run(&args, color))
        }
        Command::Render(args) => render::run(&args, color),
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

/// `convgen man`: the roff page of convgen on stdout, or one page per subcommand in a folder.
fn man(out: Option<PathBuf>) -> i32 {
    let cmd = Cli::command();
    let Some(dir) = out else {
        let mut page = Vec::new();
        return match clap_mangen::Man::new(cmd).render(&mut page) {
            Ok(()) => print_out(&String::from_utf8_lossy(&page)),
            Err(e) => {
                eprintln!("erreur : page de manuel impossible à produire : {e}");
                EXIT_TROUBLE
            }
        };
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("erreur : impossible de créer {} : {e}", dir.display());
        eprintln!("aide : choisissez un dossier où vous pouvez écrire, par exemple --out man");
        return EXIT_TROUBLE;
    }
    let mut pages = vec![(String::from("convgen"), cmd.clone())];
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("convgen-{}", sub.get_name());
        let page = sub
            .clone()
            .display_name(name.clone())
            .bin_name(format!("convgen {}", sub.get_name()));
        pages.push((name, page));
    }
    for (name, page_cmd) in pages {
        let path = dir.join(format!("{name}.1"));
        let mut page = Vec::new();
        // Atomic (temp file + rename), like every file convgen writes.
        let written = clap_mangen::Man::new(page_cmd)
            .render(&mut page)
            .and_then(|()| convgen::render::write_atomic(&dir, &format!("{name}.1"), &page));
        match written {
            Ok(_) => {
                print_out(&format!("écrit : {}\n", path.display()));
            }
            Err(e) => {
                eprintln!("erreur : impossible d'écrire {} : {e}", path.display());
                return EXIT_TROUBLE;
            }
        }
    }
    0
}

fn run_check(args: &CheckArgs, color: bool) -> i32 {
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
        CheckFormat::Gitlab => report::gitlab(&sources, &report),
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
