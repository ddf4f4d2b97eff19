//! Load stage: files on disk → spans-carrying model ([`Workspace`]).
//!
//! Discovery is sequential and cheap (directory listings); reading, parsing and decoding
//! run in parallel, one task per file, and their results are put back in discovery order.

mod decode;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use toml::de::DeTable;

pub use decode::{ANNEX_KEYS, CONVENTION_KEYS};

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Annex, Convention};
use crate::source::{FileId, SourceFile, Sources, Span, display_path};

/// Largest file convgen reads, in bytes. Real conventions are a few dozen kilobytes.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Name of the main file of a convention folder.
pub const CONVENTION_FILE: &str = "convention.toml";
/// Folder of the annual annexes inside a convention folder.
pub const ANNEX_DIR: &str = "annexes";

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
}

/// A convention folder: `convention.toml` and its annual annexes.
#[derive(Debug)]
pub struct Unit {
    pub dir: PathBuf,
    pub file: FileId,
    /// The decoded convention; `None` when the file has syntax or schema errors.
    pub convention: Option<Convention>,
    pub annexes: Vec<AnnexFile>,
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
}

/// What discovery found under the paths a user gave: the convention folders to read, in
/// path order, and the annex files to report on when only annexes were named.
#[derive(Debug)]
pub struct Plan {
    units: Vec<UnitPlan>,
    /// Canonical paths of the annex files named alone (empty when a whole folder was named).
    focus: Vec<PathBuf>,
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
                next += 1 + u.annexes.len();
                first
            })
            .collect()
    }

    /// Reads and decodes every folder in parallel, handing each to `f` with the id of its
    /// first file; the results come back in discovery order.
    pub fn map_units<R: Send>(&self, f: impl Fn(LoadedUnit) -> R + Sync + Send) -> Vec<R> {
        self.units
            .par_iter()
            .zip(self.first_ids())
            .map(|(plan, first)| f(load_unit(plan, first)))
            .collect()
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

fn load_unit(plan: &UnitPlan, first: FileId) -> LoadedUnit {
    let files: Vec<(&Path, bool)> = std::iter::once((plan.convention.as_path(), false))
        .chain(plan.annexes.iter().map(|p| (p.as_path(), true)))
        .collect();
    let loaded: Vec<LoadedFile> = files
        .par_iter()
        .enumerate()
        .map(|(i, (path, is_annex))| load_file(first + i, path, *is_annex))
        .collect();
    let mut loaded = loaded.into_iter();
    let conv = loaded.next().expect("the convention file comes first");
    let mut out = LoadedUnit {
        unit: Unit {
            dir: plan.dir.clone(),
            file: first,
            convention: conv.convention,
            annexes: Vec::new(),
        },
        sources: vec![conv.source],
        diagnostics: conv.diagnostics,
    };
    for (i, (path, ann)) in plan.annexes.iter().zip(loaded).enumerate() {
        out.sources.push(ann.source);
        out.diagnostics.extend(ann.diagnostics);
        out.unit.annexes.push(AnnexFile {
            file: first + 1 + i,
            name_year: year_of_file_name(path),
            annex: ann.annex,
        });
    }
    out
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
        },
        false,
    ))
}

fn plan_for_dir(dir: &Path, convention: PathBuf) -> Result<UnitPlan, LoadError> {
    let annex_dir = dir.join(ANNEX_DIR);
    let mut annexes = Vec::new();
    if annex_dir.is_dir() {
        for entry in read_dir_sorted(&annex_dir)? {
            let is_file = entry.1.is_file() || (entry.1.is_symlink() && entry.0.is_file());
            if is_file && entry.0.extension().is_some_and(|e| e == "toml") {
                annexes.push(entry.0);
            }
        }
    }
    Ok(UnitPlan {
        dir: dir.to_path_buf(),
        convention,
        annexes,
    })
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

/// Every convention folder at or below `root`. Hidden folders, `target`, `node_modules`
/// and `templates` are skipped; symbolic links to folders are not followed.
fn discover(root: &Path) -> Result<Vec<UnitPlan>, LoadError> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let convention = dir.join(CONVENTION_FILE);
        if convention.is_file() {
            out.push(plan_for_dir(&dir, convention)?);
            continue;
        }
        let entries = read_dir_sorted(&dir)?;
        for (path, file_type) in entries.into_iter().rev() {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let skipped = name.starts_with('.')
                || ["target", "node_modules", "templates"].contains(&name.as_str());
            if file_type.is_dir() && !skipped {
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
}

fn load_file(id: FileId, path: &Path, is_annex: bool) -> LoadedFile {
    let display = display_path(path);
    let (text, mut diagnostics) = read_text(id, path);
    let mut out = LoadedFile {
        source: SourceFile::new(path.to_path_buf(), display.clone(), String::new()),
        diagnostics: Vec::new(),
        convention: None,
        annex: None,
    };
    if let Some(text) = text {
        if diagnostics.is_empty() {
            if is_annex {
                let (annex, d) = parse_annex(id, &text);
                out.annex = annex;
                diagnostics.extend(d);
            } else {
                let (conv, d) = parse_convention(id, &text);
                out.convention = conv;
                diagnostics.extend(d);
            }
        }
        out.source = SourceFile::new(path.to_path_buf(), display, text);
    }
    out.diagnostics = diagnostics;
    out
}

/// Reads a file as UTF-8 text. On failure, the text (if any) is kept lossily for display
/// and a diagnostic says what went wrong.
fn read_text(id: FileId, path: &Path) -> (Option<String>, Vec<Diagnostic>) {
    let io_error = |message: String, help: &str| {
        Diagnostic::new("io", Severity::Error, id, Span::default(), message)
            .help(help)
            .without_span()
    };
    match std::fs::metadata(path) {
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
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
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
            let d = Diagnostic::new(
                "syntax",
                Severity::Error,
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

fn parse<'i>(
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
            Err(Box::new(
                Diagnostic::new(
                    "syntax",
                    Severity::Error,
                    id,
                    span,
                    format!("TOML invalide : {}", e.message().trim_end()),
                )
                .label("ici")
                .help("corrigez la syntaxe TOML à cet endroit (voir https://toml.io/fr/v1.0.0)"),
            ))
        }
    }
}

/// Parses and decodes the text of a `convention.toml`.
pub fn parse_convention(id: FileId, text: &str) -> (Option<Convention>, Vec<Diagnostic>) {
    match parse(id, text) {
        Err(d) => (None, vec![*d]),
        Ok(root) => {
            let mut decoder = decode::Decoder::new(id);
            let conv = decoder.convention(&root);
            let ok = decoder.diagnostics.is_empty();
            (conv.filter(|_| ok), decoder.diagnostics)
        }
    }
}

/// Parses and decodes the text of an annual annex.
pub fn parse_annex(id: FileId, text: &str) -> (Option<Annex>, Vec<Diagnostic>) {
    match parse(id, text) {
        Err(d) => (None, vec![*d]),
        Ok(root) => {
            let mut decoder = decode::Decoder::new(id);
            let annex = decoder.annex(&root);
            let ok = decoder.diagnostics.is_empty();
            (annex.filter(|_| ok), decoder.diagnostics)
        }
    }
}
