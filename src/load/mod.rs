//! Load stage: files on disk → spans-carrying model ([`Workspace`]).
//!
//! Discovery is sequential and cheap (directory listings); reading, parsing and decoding
//! run in parallel, one task per file, and their results are put back in discovery order.

pub mod assets;
pub mod config;
mod decode;
mod findings;

pub use findings::{IO, SCHEMA, SYNTAX};

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use toml::de::DeTable;

pub use decode::{ANNEX_KEYS, CONVENTION_KEYS};

use crate::diagnostic::Diagnostic;
use crate::model::{Annex, Avenant, Convention};
use crate::source::{FileId, SourceFile, Sources, Span, display_path};

pub use crate::source::{MAX_DEPTH, MAX_ENTRIES, MAX_FILE_BYTES, MAX_STRING_BYTES};

/// Name of the main file of a convention folder.
pub const CONVENTION_FILE: &str = "convention.toml";
/// Folder of the annual annexes inside a convention folder.
pub const ANNEX_DIR: &str = "annexes";

/// Folder of the avenants of a convention (`avenants/<n>.toml`).
pub const AVENANT_DIR: &str = "avenants";

/// A path given by the user that cannot be used (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("chemin introuvable : {0}")]
    NotFound(PathBuf),
    #[error("impossible de lire {path} : {source}")]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("aucune convention (fichier `convention.toml`) sous {0}")]
    NoConvention(PathBuf),
}

/// Everything loaded in one run.
#[derive(Debug, Default)]
pub struct Workspace {
    pub sources: Sources,
    /// One entry per convention folder, in path order.
    pub units: Vec<Unit>,
    /// Findings of the load stage (`io`, `syntax`, `schema`).
    pub diagnostics: Vec<Diagnostic>,
    /// When the user named single annex files, the files to report on (others are context).
    pub focus: Option<HashSet<FileId>>,
    /// The repository's `convgen.toml`, when there is one and it has no error.
    pub config: Option<config::Config>,
}

/// A convention folder: `convention.toml` and its annual annexes.
#[derive(Debug)]
pub struct Unit {
    pub dir: PathBuf,
    pub file: FileId,
    /// The decoded convention; `None` when the file has syntax or schema errors.
    pub convention: Option<Convention>,
    pub annexes: Vec<AnnexFile>,
    /// Its `avenants/<n>.toml` files, in path order.
    pub avenants: Vec<AvenantFile>,
}

impl Unit {
    /// The decoded annexes a document of `conv` shows: those of its own id.
    pub fn own_annexes(&self, conv: &Convention) -> Vec<&Annex> {
        self.annexes
            .iter()
            .filter_map(|a| a.annex.as_ref())
            .filter(|a| a.header.convention.value == conv.header.id.value)
            .collect()
    }
}

/// One `avenants/<n>.toml` file.
#[derive(Debug)]
pub struct AvenantFile {
    pub file: FileId,
    /// The decoded avenant; `None` when the file has syntax or schema errors.
    pub avenant: Option<Avenant>,
}

/// One `annexes/<YYYY>.toml` file.
#[derive(Debug)]
pub struct AnnexFile {
    pub file: FileId,
    /// The year its file name gives, when it is `YYYY.toml`.
    pub name_year: Option<i32>,
    /// The decoded annex; `None` when the file has syntax or schema errors.
    pub annex: Option<Annex>,
}

#[derive(Debug)]
struct UnitPlan {
    dir: PathBuf,
    convention: PathBuf,
    annexes: Vec<PathBuf>,
    avenants: Vec<PathBuf>,
}

/// What discovery found under the paths a user gave: the convention folders to read, in
/// path order, and the annex files to report on when only annexes were named.
#[derive(Debug)]
pub struct Plan {
    units: Vec<UnitPlan>,
    /// Canonical paths of the annex files named alone (empty when a whole folder was named).
    focus: Vec<PathBuf>,
    /// The repository's `convgen.toml` (see [`config::find`]).
    config: Option<PathBuf>,
}

impl Plan {
    /// Number of convention folders.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// The id of the first file (the `convention.toml`) of each folder: files are numbered
    /// in discovery order, each convention before its annexes.
    fn first_ids(&self) -> Vec<FileId> {
        let mut next = 0;
        self.units
            .iter()
            .map(|u| {
                let first = next;
                next += 1 + u.annexes.len() + u.avenants.len();
                first
            })
            .collect()
    }

    /// Reads and decodes every folder in parallel, handing each to `f` with the id of its
    /// first file; the results come back in discovery order.
    ///
    /// One folder alone (`convgen render` of a convention) is read on the calling thread:
    /// starting rayon's threads and handing them its few files costs more than it saves.
    pub fn map_units<R: Send>(&self, f: impl Fn(LoadedUnit) -> R + Sync + Send) -> Vec<R> {
        if let [plan] = self.units.as_slice() {
            return vec![f(load_unit(plan, self.first_ids()[0], false))];
        }
        self.units
            .par_iter()
            .zip(self.first_ids())
            .map(|(plan, first)| f(load_unit(plan, first, true)))
            .collect()
    }

    /// Reads the repository's `convgen.toml`, if any, as the next file of `sources`; its
    /// findings go to `diagnostics`.
    pub fn read_config(
        &self,
        sources: &mut Sources,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<config::Config> {
        let path = self.config.as_ref()?;
        let (source, config, found) = config::read(sources.len(), path);
        sources.add(source);
        diagnostics.extend(found);
        config
    }

    /// When the user named only annex files: the ids of those files in `sources`.
    pub fn focus(&self, sources: &Sources) -> Option<HashSet<FileId>> {
        if self.focus.is_empty() {
            return None;
        }
        let wanted: HashSet<&PathBuf> = self.focus.iter().collect();
        Some(
            sources
                .iter()
                .filter(|(_, f)| std::fs::canonicalize(&f.path).is_ok_and(|p| wanted.contains(&p)))
                .map(|(id, _)| id)
                .collect(),
        )
    }
}

/// Finds every convention folder under `paths` (folders or single files), without reading
/// any file yet.
pub fn plan(paths: &[PathBuf]) -> Result<Plan, LoadError> {
    let mut plans: Vec<UnitPlan> = Vec::new();
    let mut seen = HashSet::new();
    let mut focus_paths: Vec<PathBuf> = Vec::new();
    let mut whole_units = false;
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => LoadError::NotFound(path.clone()),
            _ => LoadError::Unreadable {
                path: path.clone(),
                source: e,
            },
        })?;
        let found = if meta.is_dir() {
            whole_units = true;
            discover(path)?
        } else {
            let (plan, is_annex) = plan_for_file(path)?;
            if is_annex {
                focus_paths.push(path.clone());
            } else {
                whole_units = true;
            }
            vec![plan]
        };
        if found.is_empty() {
            return Err(LoadError::NoConvention(path.clone()));
        }
        for plan in found {
            let key = std::fs::canonicalize(&plan.convention).unwrap_or(plan.convention.clone());
            if seen.insert(key) {
                plans.push(plan);
            }
        }
    }
    let focus = if whole_units {
        Vec::new()
    } else {
        focus_paths
            .iter()
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .collect()
    };
    Ok(Plan {
        units: plans,
        focus,
        config: paths.first().and_then(|p| config::find(p)),
    })
}

/// Loads every convention found under `paths` (folders or single files), keeping every
/// file and model in memory (what `render` and `diff` need).
pub fn load(paths: &[PathBuf]) -> Result<Workspace, LoadError> {
    let plan = plan(paths)?;
    let mut ws = Workspace::default();
    for loaded in plan.map_units(|l| l) {
        for source in loaded.sources {
            ws.sources.add(source);
        }
        ws.diagnostics.extend(loaded.diagnostics);
        ws.units.push(loaded.unit);
    }
    ws.config = plan.read_config(&mut ws.sources, &mut ws.diagnostics);
    ws.focus = plan.focus(&ws.sources);
    Ok(ws)
}

/// One convention folder, read and decoded.
#[derive(Debug)]
pub struct LoadedUnit {
    pub unit: Unit,
    /// Its files, the convention first, numbered from `unit.file`.
    pub sources: Vec<SourceFile>,
    /// Findings of the load stage (`io`, `syntax`, `schema`).
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the files of `plan`, on rayon's threads when `parallel`.
fn load_unit(plan: &UnitPlan, first: FileId, parallel: bool) -> LoadedUnit {
    let files: Vec<(&Path, FileKind)> =
        std::iter::once((plan.convention.as_path(), FileKind::Convention))
            .chain(plan.annexes.iter().map(|p| (p.as_path(), FileKind::Annex)))
            .chain(
                plan.avenants
                    .iter()
                    .map(|p| (p.as_path(), FileKind::Avenant)),
            )
            .collect();
    let load = |(i, (path, kind)): (usize, &(&Path, FileKind))| load_file(first + i, path, *kind);
    let loaded: Vec<LoadedFile> = if parallel {
        files.par_iter().enumerate().map(load).collect()
    } else {
        files.iter().enumerate().map(load).collect()
    };
    let mut loaded = loaded.into_iter();
    let conv = loaded.next().expect("the convention file comes first");
    let mut out = LoadedUnit {
        unit: Unit {
            dir: plan.dir.clone(),
            file: first,
            convention: conv.convention,
            annexes: Vec::new(),
            avenants: Vec::new(),
        },
        sources: vec![conv.source],
        diagnostics: conv.diagnostics,
    };
    let n = plan.annexes.len();
    for (i, (path, ann)) in plan.annexes.iter().zip(loaded.by_ref().take(n)).enumerate() {
        out.sources.push(ann.source);
        out.diagnostics.extend(ann.diagnostics);
        out.unit.annexes.push(AnnexFile {
            file: first + 1 + i,
            name_year: year_of_file_name(path),
            annex: ann.annex,
        });
    }
    for (i, av) in loaded.enumerate() {
        out.sources.push(av.source);
        out.diagnostics.extend(av.diagnostics);
        out.unit.avenants.push(AvenantFile {
            file: first + 1 + n + i,
            avenant: av.avenant,
        });
    }
    out
}

/// A workspace of one convention folder built from texts, without reading any file (tests,
/// fuzzing, editors): `annexes` are `(file name, text)` pairs such as `("2025.toml", "…")`.
/// The files are named `convention/convention.toml` and `convention/annexes/<name>`; the
/// texts go through the same parsing, limits and decoding as files read from disk.
pub fn from_texts(convention: &str, annexes: &[(&str, &str)]) -> Workspace {
    let mut ws = Workspace::default();
    let dir = PathBuf::from("convention");
    let path = dir.join(CONVENTION_FILE);
    let file = ws.sources.add(SourceFile::new(
        path.clone(),
        display_path(&path),
        convention.to_string(),
    ));
    let (conv, diags) = parse_convention(file, convention);
    ws.diagnostics.extend(diags);
    let mut unit = Unit {
        dir: dir.clone(),
        file,
        convention: conv,
        annexes: Vec::new(),
        avenants: Vec::new(),
    };
    for (name, text) in annexes {
        let path = dir.join(ANNEX_DIR).join(name);
        let file = ws.sources.add(SourceFile::new(
            path.clone(),
            display_path(&path),
            text.to_string(),
        ));
        let (annex, diags) = parse_annex(file, text);
        ws.diagnostics.extend(diags);
        unit.annexes.push(AnnexFile {
            file,
            name_year: year_of_file_name(&path),
            annex,
        });
    }
    ws.units.push(unit);
    ws
}

/// The convention folder a single file belongs to; `true` when the file is an annex.
fn plan_for_file(path: &Path) -> Result<(UnitPlan, bool), LoadError> {
    let parent = path.parent().unwrap_or(Path::new(""));
    let in_annex_dir = parent.file_name().is_some_and(|n| n == ANNEX_DIR);
    if in_annex_dir {
        let dir = parent.parent().unwrap_or(Path::new("")).to_path_buf();
        let convention = dir.join(CONVENTION_FILE);
        if convention.is_file() {
            return Ok((plan_for_dir(&dir, convention)?, true));
        }
    }
    if path.file_name().is_some_and(|n| n == CONVENTION_FILE) {
        return Ok((plan_for_dir(parent, path.to_path_buf())?, false));
    }
    // Any other TOML file is read as a convention on its own.
    Ok((
        UnitPlan {
            dir: parent.to_path_buf(),
            convention: path.to_path_buf(),
            annexes: Vec::new(),
            avenants: Vec::new(),
        },
        false,
    ))
}

fn plan_for_dir(dir: &Path, convention: PathBuf) -> Result<UnitPlan, LoadError> {
    let annex_dir = dir.join(ANNEX_DIR);
    let mut annexes = Vec::new();
    let is_link = annex_dir
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        // A linked `annexes` folder is not listed: the link itself is read as an annex,
        // which gives it the `io` finding of every link.
        annexes.push(annex_dir);
    } else if annex_dir.is_dir() {
        for (path, _) in read_dir_sorted(&annex_dir)? {
            // Every `*.toml` entry is an annex; one that is not a regular file (a folder, a
            // FIFO…) gets an `io` finding instead of being silently skipped.
            if path.extension().is_some_and(|e| e == "toml") {
                annexes.push(path);
            }
        }
    }
    Ok(UnitPlan {
        dir: dir.to_path_buf(),
        convention,
        annexes,
        avenants: avenant_files(dir)?,
    })
}

/// The `*.toml` files of the folder's `avenants/` (none without the folder). A linked
/// `avenants` folder is read as one file, which gives it the `io` finding of every link.
fn avenant_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let folder = dir.join(AVENANT_DIR);
    let meta = match folder.symlink_metadata() {
        Ok(m) => m,
        Err(_) => return Ok(Vec::new()),
    };
    if meta.file_type().is_symlink() {
        return Ok(vec![folder]);
    }
    if !meta.is_dir() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = read_dir_sorted(&folder)?
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    // `2.toml` before `10.toml`.
    files.sort_by_key(|p| {
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        (stem.parse::<u64>().unwrap_or(u64::MAX), p.clone())
    });
    Ok(files)
}

fn read_dir_sorted(dir: &Path) -> Result<Vec<(PathBuf, std::fs::FileType)>, LoadError> {
    let unreadable = |e| LoadError::Unreadable {
        path: dir.to_path_buf(),
        source: e,
    };
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let entry = entry.map_err(unreadable)?;
        let file_type = entry.file_type().map_err(unreadable)?;
        entries.push((entry.path(), file_type));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(entries)
}

/// Folders of tools that never hold inputs: hidden ones (`.git`…), `target`, `node_modules`.
pub fn is_tooling_dir(name: &str) -> bool {
    name.starts_with('.') || name == "target" || name == "node_modules"
}

/// Folders that discovery does not enter: tooling folders ([`is_tooling_dir`]) and
/// `templates` (which holds template overrides, never conventions).
pub fn is_skipped_dir(name: &str) -> bool {
    is_tooling_dir(name) || name == "templates"
}

/// Every convention folder at or below `root`. Hidden folders, `target`, `node_modules`
/// and `templates` are skipped; symbolic links to folders are not followed.
fn discover(root: &Path) -> Result<Vec<UnitPlan>, LoadError> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let convention = dir.join(CONVENTION_FILE);
        // Anything named `convention.toml` makes a convention folder, even a folder or a FIFO
        // (reported by `read_text` without being opened) or a dangling link.
        if convention.symlink_metadata().is_ok() {
            out.push(plan_for_dir(&dir, convention)?);
            continue;
        }
        let entries = read_dir_sorted(&dir)?;
        for (path, file_type) in entries.into_iter().rev() {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if file_type.is_dir() && !is_skipped_dir(&name) {
                stack.push(path);
            }
        }
    }
    out.sort_by(|a, b| a.dir.cmp(&b.dir));
    Ok(out)
}

fn year_of_file_name(path: &Path) -> Option<i32> {
    let stem = path.file_stem()?.to_str()?;
    (stem.len() == 4 && stem.bytes().all(|b| b.is_ascii_digit()))
        .then(|| stem.parse().ok())
        .flatten()
}

struct LoadedFile {
    source: SourceFile,
    diagnostics: Vec<Diagnostic>,
    convention: Option<Convention>,
    annex: Option<Annex>,
    avenant: Option<Avenant>,
}

/// What a file of a convention folder holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FileKind {
    Convention,
    Annex,
    Avenant,
}

fn load_file(id: FileId, path: &Path, kind: FileKind) -> LoadedFile {
    let display = display_path(path);
    let (text, mut diagnostics) = read_text(id, path);
    let mut out = LoadedFile {
        source: SourceFile::new(path.to_path_buf(), display.clone(), String::new()),
        diagnostics: Vec::new(),
        convention: None,
        annex: None,
        avenant: None,
    };
    if let Some(text) = text {
        if diagnostics.is_empty() {
            let d = match kind {
                FileKind::Annex => {
                    let (annex, d) = parse_annex(id, &text);
                    out.annex = annex;
                    d
                }
                FileKind::Avenant => {
                    let (avenant, d) = parse_avenant(id, &text);
                    out.avenant = avenant;
                    d
                }
                FileKind::Convention => {
                    let (conv, d) = parse_convention(id, &text);
                    out.convention = conv;
                    d
                }
            };
            diagnostics.extend(d);
        }
        out.source = SourceFile::new(path.to_path_buf(), display, text);
    }
    out.diagnostics = diagnostics;
    out
}

/// Reads a file as UTF-8 text. On failure, the text (if any) is kept lossily for display
/// and a diagnostic says what went wrong.
pub(crate) fn read_text(id: FileId, path: &Path) -> (Option<String>, Vec<Diagnostic>) {
    let io_error = |message: String, help: &str| {
        IO.at(id, Span::default(), message)
            .help(help)
            .without_span()
    };
    match std::fs::symlink_metadata(path) {
        // The repository is untrusted: a link could name any file of the machine
        // (`~/.git-credentials`, `/proc/self/environ`), whose lines a report would then
        // quote. Links are never followed, even to a file of the convention folder.
        Ok(m) if m.file_type().is_symlink() => {
            return (
                None,
                vec![io_error(
                    "ce chemin est un lien symbolique : convgen ne suit pas les liens d'un dépôt de conventions, le fichier visé n'est pas lu".into(),
                    "remplacez le lien par le fichier lui-même (ou le dossier lui-même pour `annexes`) : un lien pourrait désigner un fichier hors du dépôt",
                )],
            );
        }
        // A folder, a FIFO (opening it would wait for a writer), a socket or a device.
        Ok(m) if !m.is_file() => {
            let what = if m.is_dir() {
                "un dossier"
            } else {
                "un fichier spécial (tube nommé, socket ou périphérique)"
            };
            return (
                None,
                vec![io_error(
                    format!("ce chemin est {what}, pas un fichier ordinaire"),
                    "une convention et ses annexes sont des fichiers TOML ordinaires : renommez ou remplacez ce chemin",
                )],
            );
        }
        Ok(m) if m.len() > MAX_FILE_BYTES => {
            return (
                None,
                vec![io_error(
                    format!(
                        "fichier trop volumineux ({} octets, limite {MAX_FILE_BYTES})",
                        m.len()
                    ),
                    "une convention tient en quelques dizaines de kilo-octets : vérifiez qu'il s'agit du bon fichier",
                )],
            );
        }
        _ => {}
    }
    let bytes = match read_at_most(path, MAX_FILE_BYTES) {
        Ok(Some(b)) => b,
        // The file grew past the limit after its size was read (or its size is not known
        // in advance, as in /proc).
        Ok(None) => {
            return (
                None,
                vec![io_error(
                    format!("fichier trop volumineux (plus de {MAX_FILE_BYTES} octets)"),
                    "une convention tient en quelques dizaines de kilo-octets : vérifiez qu'il s'agit du bon fichier",
                )],
            );
        }
        Err(e) => {
            return (
                None,
                vec![io_error(
                    format!("impossible de lire le fichier : {e}"),
                    "vérifiez que le fichier existe et que ses droits permettent de le lire",
                )],
            );
        }
    };
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .map(<[u8]>::to_vec)
        .unwrap_or(bytes);
    match String::from_utf8(bytes) {
        Ok(text) => (Some(text), Vec::new()),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let d = SYNTAX
                .at(
                    id,
                    Span::new(at, at + 1),
                    "le fichier n'est pas encodé en UTF-8",
                )
                .label("octet invalide")
                .help("enregistrez le fichier en UTF-8 (TOML n'accepte pas d'autre encodage)");
            (Some(text), vec![d])
        }
    }
}

/// The bytes of a file, or `None` when it holds more than `limit` bytes.
fn read_at_most(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    crate::source::read_regular(path, limit)
}

pub(crate) fn parse<'i>(
    id: FileId,
    text: &'i str,
) -> Result<toml::Spanned<toml::de::DeValue<'i>>, Box<Diagnostic>> {
    match DeTable::parse(text) {
        Ok(table) => {
            let span = table.span();
            Ok(toml::Spanned::new(
                span,
                toml::de::DeValue::Table(table.into_inner()),
            ))
        }
        Err(e) => {
            let span = e.span().map(Span::from).unwrap_or_default();
            let span = Span::new(span.start.min(text.len()), span.end.min(text.len()));
            let message = e.message().trim_end();
            let d = if message.contains("recurs") {
                // toml's recursion guard (`MAX_DEPTH`): the document nests too deep.
                SYNTAX.at(id,
                    span,
                    format!(
                        "imbrication trop profonde : plus de {MAX_DEPTH} niveaux de tableaux, de tables en ligne ou de clés pointées"
                    ),
                )
                .label("trop profond")
                .help("le format d'une convention n'imbrique jamais plus de quelques niveaux : vérifiez le fichier (crochets ou accolades en trop ?)")
            } else {
                SYNTAX
                    .at(id, span, format!("TOML invalide : {message}"))
                    .label("ici")
                    .help("corrigez la syntaxe TOML à cet endroit (voir https://toml.io/fr/v1.0.0)")
            };
            Err(Box::new(d))
        }
    }
}

/// Refuses arrays longer than [`MAX_ENTRIES`] and strings longer than [`MAX_STRING_BYTES`]
/// (one `schema` finding, the first in document order), so that no rule ever sees an input
/// large enough to make it slow. One walk over the parsed tree, without allocation; its
/// depth is bounded by the parser's [`MAX_DEPTH`].
fn over_limits(id: FileId, value: &toml::Spanned<toml::de::DeValue<'_>>) -> Option<Diagnostic> {
    use crate::french::number;
    use toml::de::DeValue;
    // A finding on the first character of the value (the whole value may be megabytes).
    let at = |message: String, label: &str, help: String| {
        let start = value.span().start;
        SCHEMA
            .at(id, Span::new(start, start + 1), message)
            .label(label)
            .help(help)
    };
    match value.get_ref() {
        DeValue::String(s) if s.len() > MAX_STRING_BYTES => Some(at(
            format!(
                "chaîne trop longue ({} octets, limite {})",
                number(s.len() as f64),
                number(MAX_STRING_BYTES as f64)
            ),
            "cette chaîne",
            "un texte de convention tient en quelques dizaines de kilo-octets : découpez-le en articles ou vérifiez le fichier".into(),
        )),
        DeValue::Array(items) if items.len() > MAX_ENTRIES => Some(at(
            format!(
                "tableau trop long ({} entrées, limite {})",
                number(items.len() as f64),
                number(MAX_ENTRIES as f64)
            ),
            "ce tableau",
            format!(
                "une convention ou une annexe compte au plus {} entrées par tableau : découpez les données ou vérifiez le fichier",
                number(MAX_ENTRIES as f64)
            ),
        )),
        DeValue::Array(items) => items.iter().find_map(|v| over_limits(id, v)),
        DeValue::Table(table) => table.values().find_map(|v| over_limits(id, v)),
        _ => None,
    }
}

/// Parses `text`, refuses it past the limits, then decodes it with `decode`.
fn parse_with<T>(
    id: FileId,
    text: &str,
    decode: impl FnOnce(&mut decode::Decoder, &toml::Spanned<toml::de::DeValue<'_>>) -> Option<T>,
) -> (Option<T>, Vec<Diagnostic>) {
    let root = match parse(id, text) {
        Err(d) => return (None, vec![*d]),
        Ok(root) => root,
    };
    if let Some(d) = over_limits(id, &root) {
        return (None, vec![d]);
    }
    let mut decoder = decode::Decoder::new(id);
    let value = decode(&mut decoder, &root);
    let ok = decoder.diagnostics.is_empty();
    (value.filter(|_| ok), decoder.diagnostics)
}

/// Parses and decodes the text of a `convention.toml`.
pub fn parse_convention(id: FileId, text: &str) -> (Option<Convention>, Vec<Diagnostic>) {
    parse_with(id, text, |d, root| d.convention(root))
}

/// Parses and decodes the text of an avenant (`avenants/<n>.toml`).
pub fn parse_avenant(id: FileId, text: &str) -> (Option<Avenant>, Vec<Diagnostic>) {
    parse_with(id, text, |d, root| d.avenant(root))
}

/// Parses and decodes the text of an annual annex.
pub fn parse_annex(id: FileId, text: &str) -> (Option<Annex>, Vec<Diagnostic>) {
    parse_with(id, text, |d, root| d.annex(root))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `text` as a convention on a thread with a 512 KiB stack, a quarter of a rayon
    /// worker's (2 MiB) and a sixteenth of the main thread's: the parser recurses up to its
    /// limit of 80 levels (which needs more than 256 KiB in a debug build), never once per
    /// level of the input, which would need tens of MiB for 20,000 levels.
    fn parse_on_small_stack(text: String) -> Vec<Diagnostic> {
        std::thread::Builder::new()
            .stack_size(512 * 1024)
            .spawn(move || parse_convention(0, &text).1)
            .unwrap()
            .join()
            .expect("no stack overflow")
    }

    fn annex_means(fields: &str) -> (Option<Annex>, Vec<Diagnostic>) {
        parse_annex(
            0,
            &format!(
                "[annex]\nconvention = \"c\"\nyear = 2_025\n\n[[means]]\nobjective = \"o\"\nsignatory = \"s\"\n{fields}\n"
            ),
        )
    }

    #[test]
    fn numbers_with_separators_are_read() {
        let (annex, d) = annex_means("etp = 1_000.5\nbudget_eur = 150_000");
        assert!(d.is_empty(), "{d:#?}");
        let annex = annex.unwrap();
        assert_eq!(annex.header.year.value, 2025);
        assert_eq!(annex.means[0].etp.as_ref().unwrap().value, 1000.5);
        assert_eq!(annex.means[0].budget_eur.as_ref().unwrap().value, 150_000.0);
    }

    #[test]
    fn integers_beyond_64_bits_are_out_of_range_not_infinite() {
        let (_, d) = annex_means("budget_eur = 99999999999999999999");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].code(), "schema");
        assert!(d[0].message.contains("hors limites"), "{}", d[0].message);
        let (_, d) = annex_means("budget_eur = inf");
        assert!(d[0].message.contains("nombre fini"), "{}", d[0].message);
    }

    #[test]
    fn deep_nesting_is_refused_with_bounded_recursion() {
        let n = 20_000;
        for text in [
            format!("x = {}{}", "[".repeat(n), "]".repeat(n)),
            format!("x = {}1{}", "{ a = ".repeat(n), " }".repeat(n)),
            format!("a{} = 1", ".a".repeat(n)),
            format!("[a{}]", ".a".repeat(n)),
        ] {
            let d = parse_on_small_stack(text);
            assert_eq!(d.len(), 1, "{d:#?}");
            assert_eq!(d[0].code(), "syntax");
            assert!(
                d[0].message.contains("imbrication trop profonde"),
                "{}",
                d[0].message
            );
        }
        // Within the limit, nesting is only a schema matter.
        let text = format!("x = {}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        let d = parse_on_small_stack(text);
        assert!(d.iter().all(|d| d.code() == "schema"), "{d:#?}");
    }

    #[test]
    fn long_arrays_and_strings_are_refused() {
        let base = include_str!("../../tests/fixtures/base/crpc-minimal/convention.toml");
        let actions = vec!["\"a\""; MAX_ENTRIES + 1].join(",");
        let text = format!(
            "{base}\n[[objectives]]\nid = \"x\"\naxis = \"transverse\"\ntitle = \"t\"\nactions = [{actions}]\n"
        );
        let (conv, d) = parse_convention(0, &text);
        assert!(conv.is_none());
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.contains("tableau trop long"),
            "{}",
            d[0].message
        );
        let span = d[0].span.unwrap();
        assert_eq!(&text[span.start..span.end], "[");

        let long = "é".repeat(MAX_STRING_BYTES / 2 + 1);
        let text = format!("{base}\n[preamble]\ntext = \"{long}\"\n");
        let (conv, d) = parse_convention(0, &text);
        assert!(conv.is_none());
        assert!(
            d[0].message.contains("chaîne trop longue"),
            "{}",
            d[0].message
        );

        // At the limits: accepted.
        let actions = vec!["\"a\""; MAX_ENTRIES].join(",");
        let text = format!(
            "{base}\n[[objectives]]\nid = \"x\"\naxis = \"transverse\"\ntitle = \"t\"\nactions = [{actions}]\n"
        );
        assert!(parse_convention(0, &text).0.is_some());
    }
}
