//! `convgen diff`: reads the two sides (files, folders, or a git revision) and prints the
//! semantic comparison made by [`convgen::diff`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::ValueEnum;

use convgen::check::Report;
use convgen::diagnostic::{Diagnostic, Severity};
use convgen::diff::format::{self, Sides};
use convgen::diff::{ChangeKind, Diff};
use convgen::load::{self, ANNEX_DIR, CONVENTION_FILE};
use convgen::model::{Annex, Convention};
use convgen::source::{SourceFile, Sources, display_path};

use super::{EXIT_TROUBLE, human, print_out};

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

/// Runs `convgen diff` and returns the exit code.
pub fn run(args: DiffArgs, color: bool) -> i32 {
    match compare(&args) {
        Ok(Outcome::Diff { diff, old, new }) => {
            let sides = Sides {
                old: &old,
                new: &new,
            };
            let text = match args.format {
                DiffFormat::Text => format::text(&diff, sides, color),
                DiffFormat::Markdown => format::markdown(&diff, sides),
                DiffFormat::Json => format::json(&diff, sides),
            };
            let code = print_out(&text);
            if code != 0 {
                code
            } else if diff.is_empty() || args.exit_zero {
                0
            } else {
                1
            }
        }
        Ok(Outcome::Invalid(loader)) => {
            let Loader { sources, diags } = loader;
            let report = Report::new(diags, 0, sources.len());
            eprint!("{}", human::render(&sources, &report, color));
            eprintln!("erreur : comparaison impossible, corrigez d'abord ces fichiers");
            EXIT_TROUBLE
        }
        Err(msg) => {
            eprintln!("erreur : {msg}");
            EXIT_TROUBLE
        }
    }
}

enum Outcome {
    Diff {
        diff: Diff,
        old: String,
        new: String,
    },
    Invalid(Loader),
}

// ---------------------------------------------------------------------------------------
// The two sides: a folder or file on disk, or a path in a git revision.

enum Store {
    Disk,
    Git { root: PathBuf, rev: String },
}

struct Side {
    store: Store,
    /// Disk: the path given; git: the path relative to the repository root (`/`-separated,
    /// empty for the root).
    base: PathBuf,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum What {
    Folder,
    File,
}

impl Side {
    fn label(&self) -> String {
        match &self.store {
            Store::Disk => display_path(&self.base),
            Store::Git { rev, .. } => format!("{rev}:{}", git_path(&self.base)),
        }
    }

    fn file_label(&self, rel: &str) -> String {
        match &self.store {
            Store::Disk if rel.is_empty() => display_path(&self.base),
            Store::Disk => display_path(&self.base.join(rel)),
            Store::Git { rev, .. } => format!("{rev}:{}", join(&git_path(&self.base), rel)),
        }
    }

    /// Whether the base is a folder or a file; `None` when it does not exist.
    fn what(&self) -> Result<Option<What>, String> {
        match &self.store {
            Store::Disk => Ok(std::fs::metadata(&self.base)
                .ok()
                .map(|m| if m.is_dir() { What::Folder } else { What::File })),
            Store::Git { root, rev } => {
                let spec = format!("{rev}:{}", git_path(&self.base));
                match git(root, &["cat-file", "-t", &spec]) {
                    Ok(t) if t.trim() == "tree" => Ok(Some(What::Folder)),
                    Ok(_) => Ok(Some(What::File)),
                    Err(_) => {
                        git(
                            root,
                            &[
                                "rev-parse",
                                "--verify",
                                "--quiet",
                                &format!("{rev}^{{commit}}"),
                            ],
                        )
                        .map_err(|_| format!("révision git inconnue : {rev}"))?;
                        Ok(None)
                    }
                }
            }
        }
    }

    /// Reads a file (`rel` relative to the base; empty for the base itself).
    fn read(&self, rel: &str) -> Result<String, String> {
        let bytes = match &self.store {
            Store::Disk => {
                let path = if rel.is_empty() {
                    self.base.clone()
                } else {
                    self.base.join(rel)
                };
                let meta = std::fs::metadata(&path)
                    .map_err(|e| format!("impossible de lire {} : {e}", self.file_label(rel)))?;
                // A FIFO would block the read until a writer comes; a folder cannot be read.
                if !meta.is_file() {
                    return Err(format!(
                        "{} n'est pas un fichier ordinaire",
                        self.file_label(rel)
                    ));
                }
                let len = meta.len();
                if len > load::MAX_FILE_BYTES {
                    return Err(format!(
                        "fichier trop volumineux : {}",
                        self.file_label(rel)
                    ));
                }
                std::fs::read(&path)
                    .map_err(|e| format!("impossible de lire {} : {e}", self.file_label(rel)))?
            }
            Store::Git { root, rev } => {
                let spec = format!("{rev}:{}", join(&git_path(&self.base), rel));
                git_bytes(root, &["cat-file", "blob", &spec])?
            }
        };
        let mut bytes = bytes;
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        // Invalid UTF-8 is kept lossily: the TOML parser then reports it as a syntax error.
        Ok(String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }

    /// Every `.toml` file below the base folder, relative to it, `/`-separated.
    fn list(&self) -> Result<Vec<String>, String> {
        match &self.store {
            Store::Disk => {
                let mut out = Vec::new();
                walk(&self.base, "", &mut out)?;
                out.sort();
                Ok(out)
            }
            Store::Git { root, rev } => {
                let base = git_path(&self.base);
                let mut args = vec!["ls-tree", "-r", "--name-only", "-z", rev.as_str()];
                if !base.is_empty() {
                    args.push("--");
                    args.push(&base);
                }
                let out = git(root, &args)?;
                let prefix = if base.is_empty() {
                    String::new()
                } else {
                    format!("{base}/")
                };
                let mut files: Vec<String> = out
                    .split('\0')
                    .filter_map(|p| p.strip_prefix(&prefix))
                    .filter(|p| p.ends_with(".toml"))
                    .map(str::to_string)
                    .collect();
                files.sort();
                Ok(files)
            }
        }
    }
}

fn skipped(name: &str) -> bool {
    load::is_skipped_dir(name)
}

fn walk(dir: &Path, rel: &str, out: &mut Vec<String>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("impossible de lire {} : {e}", display_path(dir)))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let child = join(rel, &name);
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_dir() {
            if !skipped(&name) {
                walk(&path, &child, out)?;
            }
        } else if name.ends_with(".toml") && path.is_file() {
            out.push(child);
        }
    }
    Ok(())
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}/{b}"),
    }
}

fn git_path(p: &Path) -> String {
    let s = display_path(p);
    if s == "." { String::new() } else { s }
}

fn git_bytes(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("impossible de lancer git : {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(format!(
            "git {} : {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    git_bytes(dir, args).map(|b| String::from_utf8_lossy(&b).into_owned())
}

// ---------------------------------------------------------------------------------------
// Loading with the library's parse functions, collecting their diagnostics.

/// `load::parse_convention` or `load::parse_annex`.
type ParseFn<T> = fn(usize, &str) -> (Option<T>, Vec<Diagnostic>);

#[derive(Default)]
struct Loader {
    sources: Sources,
    diags: Vec<Diagnostic>,
}

impl Loader {
    /// Keeps a file's text for diagnostics, with its findings.
    fn keep(&mut self, side: &Side, rel: &str, text: String, diags: Vec<Diagnostic>) {
        let path = match side.store {
            Store::Disk => side.base.join(rel),
            Store::Git { .. } => PathBuf::from(side.file_label(rel)),
        };
        self.sources
            .add(SourceFile::new(path, side.file_label(rel), text));
        self.diags.extend(diags);
    }

    fn parse<T>(&mut self, side: &Side, rel: &str, parse: ParseFn<T>) -> Result<Option<T>, String> {
        let text = side.read(rel)?;
        let (value, diags) = parse(self.sources.len(), &text);
        self.keep(side, rel, text, diags);
        Ok(value)
    }

    fn convention(&mut self, side: &Side, rel: &str) -> Result<Option<Convention>, String> {
        self.parse(side, rel, load::parse_convention)
    }

    fn annex(&mut self, side: &Side, rel: &str) -> Result<Option<Annex>, String> {
        self.parse(side, rel, load::parse_annex)
    }

    /// Parses the two sides' already read texts at once (one per core).
    fn pair<T: Send>(
        &mut self,
        (old, old_text): (&Side, String),
        (new, new_text): (&Side, String),
        parse: ParseFn<T>,
    ) -> (Option<T>, Option<T>) {
        let first = self.sources.len();
        let ((a, da), (b, db)) =
            rayon::join(|| parse(first, &old_text), || parse(first + 1, &new_text));
        self.keep(old, "", old_text, da);
        self.keep(new, "", new_text, db);
        (a, b)
    }

    fn failed(&self) -> bool {
        self.diags.iter().any(|d| d.severity == Severity::Error)
    }
}

/// Whether a single file is an annual annex (by its folder or name, else by its content).
fn is_annex_file(side: &Side, text: &str) -> bool {
    let name = side.label();
    let path = Path::new(&name);
    if path
        .parent()
        .and_then(Path::file_name)
        .is_some_and(|n| n == ANNEX_DIR)
    {
        return true;
    }
    if path.file_name().is_some_and(|n| n == CONVENTION_FILE) {
        return false;
    }
    text.lines().any(|l| l.trim() == "[annex]")
}

fn compare(args: &DiffArgs) -> Result<Outcome, String> {
    let (old, new) = match &args.rev {
        None => {
            let [old, new] = args.paths.as_slice() else {
                return Err(
                    "indiquez deux chemins (OLD NEW), ou --rev REV [PATH] pour comparer à une révision git"
                        .into(),
                );
            };
            (
                Side {
                    store: Store::Disk,
                    base: old.clone(),
                },
                Side {
                    store: Store::Disk,
                    base: new.clone(),
                },
            )
        }
        Some(rev) => {
            if args.paths.len() > 1 {
                return Err(
                    "avec --rev, indiquez un seul chemin (la copie de travail à comparer)".into(),
                );
            }
            let path = args
                .paths
                .first()
                .cloned()
                .unwrap_or_else(|| PathBuf::from("."));
            git_sides(rev, path)?
        }
    };
    let missing = |s: &Side| format!("chemin introuvable : {}", s.label());
    let what_new = new.what()?.ok_or_else(|| missing(&new))?;
    let what_old = match old.what()? {
        Some(w) => w,
        None if matches!(old.store, Store::Git { .. }) && what_new == What::Folder => What::Folder,
        None => {
            return Err(match &old.store {
                Store::Git { rev, .. } => format!(
                    "{} n'existe pas dans la révision {rev}",
                    git_path(&old.base)
                ),
                Store::Disk => missing(&old),
            });
        }
    };
    if what_old != what_new {
        return Err(format!(
            "{} et {} ne sont pas de même nature : comparez deux fichiers ou deux dossiers",
            old.label(),
            new.label()
        ));
    }
    let (labels_old, labels_new) = (old.label(), new.label());
    let mut loader = Loader::default();
    let mut diff = Diff::default();
    match what_new {
        What::File => {
            let (old_text, new_text) = (old.read("")?, new.read("")?);
            let old_annex = is_annex_file(&old, &old_text);
            let new_annex = is_annex_file(&new, &new_text);
            if old_annex != new_annex {
                let kind = |a: bool| {
                    if a {
                        "une annexe annuelle"
                    } else {
                        "une convention"
                    }
                };
                return Err(format!(
                    "{} est {} mais {} est {} : comparez deux annexes ou deux conventions",
                    labels_old,
                    kind(old_annex),
                    labels_new,
                    kind(new_annex)
                ));
            }
            if new_annex {
                let (a, b) = loader.pair((&old, old_text), (&new, new_text), load::parse_annex);
                if let (Some(a), Some(b), false) = (&a, &b, loader.failed()) {
                    diff.add_annexes(None, None, Some(a), Some(b));
                }
                // Freeing two large models takes a few milliseconds: do it on another core
                // while the report is written.
                rayon::spawn(move || drop((a, b)));
            } else {
                let (a, b) =
                    loader.pair((&old, old_text), (&new, new_text), load::parse_convention);
                if let (Some(a), Some(b), false) = (&a, &b, loader.failed()) {
                    diff.add_conventions(None, Some(a), Some(b));
                }
            }
        }
        What::Folder => {
            diff.folders = true;
            let old_units = if what_old == What::Folder && old.what()?.is_some() {
                units(&old.list()?)
            } else {
                BTreeMap::new()
            };
            let new_units = units(&new.list()?);
            if old_units.is_empty() && new_units.is_empty() {
                return Err(format!(
                    "aucune convention (fichier `{CONVENTION_FILE}`) sous {} ni sous {}",
                    labels_old, labels_new
                ));
            }
            let dirs: BTreeSet<&String> = old_units.keys().chain(new_units.keys()).collect();
            let single = dirs.len() == 1 && dirs.contains(&String::new());
            for dir in dirs {
                let unit = (!single).then(|| {
                    if dir.is_empty() {
                        ".".to_string()
                    } else {
                        dir.clone()
                    }
                });
                let a = load_unit(&mut loader, &old, old_units.get(dir))?;
                let b = load_unit(&mut loader, &new, new_units.get(dir))?;
                if loader.failed() {
                    continue;
                }
                // A folder on one side only: one line for the whole convention.
                let whole = match (&a.0, &b.0) {
                    (Some(c), None) => Some((ChangeKind::Removed, c, &a.1)),
                    (None, Some(c)) => Some((ChangeKind::Added, c, &b.1)),
                    _ => None,
                };
                if let Some((kind, conv, annexes)) = whole {
                    let annexes: Vec<(i64, &Annex)> =
                        annexes.iter().map(|(y, x)| (*y, x)).collect();
                    diff.add_whole_convention(unit.as_deref(), kind, conv, &annexes);
                    continue;
                }
                diff.add_conventions(unit.as_deref(), a.0.as_ref(), b.0.as_ref());
                let years: BTreeSet<i64> = a.1.keys().chain(b.1.keys()).copied().collect();
                for y in years {
                    diff.add_annexes(unit.as_deref(), Some(y), a.1.get(&y), b.1.get(&y));
                }
            }
        }
    }
    if loader.failed() {
        return Ok(Outcome::Invalid(loader));
    }
    Ok(Outcome::Diff {
        diff,
        old: labels_old,
        new: labels_new,
    })
}

/// Files of one convention folder, relative to the compared folder.
struct UnitFiles {
    convention: String,
    annexes: Vec<String>,
}

/// Convention folders (relative dir → files) among the listed `.toml` files.
fn units(files: &[String]) -> BTreeMap<String, UnitFiles> {
    let mut out: BTreeMap<String, UnitFiles> = BTreeMap::new();
    for f in files {
        let (dir, name) = f.rsplit_once('/').unwrap_or(("", f));
        if name == CONVENTION_FILE && !dir.split('/').any(skipped) {
            out.insert(
                dir.to_string(),
                UnitFiles {
                    convention: f.clone(),
                    annexes: Vec::new(),
                },
            );
        }
    }
    for f in files {
        let (dir, _) = f.rsplit_once('/').unwrap_or(("", f));
        let (unit, last) = dir.rsplit_once('/').unwrap_or(("", dir));
        if last == ANNEX_DIR
            && let Some(u) = out.get_mut(unit)
        {
            u.annexes.push(f.clone());
        }
    }
    out
}

type LoadedUnit = (Option<Convention>, BTreeMap<i64, Annex>);

fn load_unit(
    loader: &mut Loader,
    side: &Side,
    files: Option<&UnitFiles>,
) -> Result<LoadedUnit, String> {
    let Some(files) = files else {
        return Ok((None, BTreeMap::new()));
    };
    let conv = loader.convention(side, &files.convention)?;
    let mut annexes = BTreeMap::new();
    for f in &files.annexes {
        if let Some(a) = loader.annex(side, f)? {
            let year = a.header.year.value;
            if annexes.contains_key(&year) {
                return Err(format!(
                    "deux annexes pour l'année {year} dans {} : impossible de les apparier",
                    side.label()
                ));
            }
            annexes.insert(year, a);
        }
    }
    Ok((conv, annexes))
}

/// The old side in git and the new side on disk for `--rev REV PATH`.
fn git_sides(rev: &str, path: PathBuf) -> Result<(Side, Side), String> {
    let meta = std::fs::metadata(&path)
        .map_err(|_| format!("chemin introuvable : {}", display_path(&path)))?;
    let dir = if meta.is_dir() {
        path.clone()
    } else {
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."))
    };
    let root = git(&dir, &["rev-parse", "--show-toplevel"])
        .map_err(|_| format!("{} n'est pas dans un dépôt git", display_path(&path)))?;
    let root = PathBuf::from(root.trim());
    let canon =
        |p: &Path| std::fs::canonicalize(p).map_err(|e| format!("{} : {e}", display_path(p)));
    let rel = canon(&path)?
        .strip_prefix(canon(&root)?)
        .map(Path::to_path_buf)
        .map_err(|_| format!("{} est hors du dépôt git", display_path(&path)))?;
    let rel = rel.to_string_lossy().replace('\\', "/");
    Ok((
        Side {
            store: Store::Git {
                root,
                rev: rev.to_string(),
            },
            base: PathBuf::from(rel),
        },
        Side {
            store: Store::Disk,
            base: path,
        },
    ))
}
