//! The `typst` command-line compiler: finding it and running it on the template and the JSON
//! view.
//!
//! The Typst program never sees user text as code: the view is a JSON file read with
//! `json(...)`, and the template builds content from its strings.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::child;
use crate::date::Date;

/// Name given to the template module beside the outputs of `--format typ`. It sits in a
/// sub-folder whose name has no extension, and every file convgen writes for a convention is
/// `<id>.<extension>` or `<id>-logo-<n>.<extension>`: no id can name it.
pub const TEMPLATE_MODULE: &str = "convgen/convention.typ";
/// Default of `--typst-timeout`: wall-clock seconds one typst run may take. A convention
/// compiles in well under a second; the largest inputs `check` accepts (a 1 MiB paragraph)
/// take about 45 s on a shared 2-core machine.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
/// `typst --version` gets at most this long (or the `--typst-timeout`, if shorter).
pub const VERSION_TIMEOUT: Duration = Duration::from_secs(10);
/// Address space a typst process may use (`RLIMIT_AS`): 4 GiB. The largest inputs `check`
/// accepts use less than 1 GiB; a Typst template override looping on allocations is stopped
/// here instead of exhausting the machine (one was measured at 9.4 GB).
pub const MEMORY_LIMIT_BYTES: u64 = 4 * 1024 * 1024 * 1024;
/// CPU seconds a typst process may use (`RLIMIT_CPU`, over all its threads): 300 s, then
/// SIGXCPU, and SIGKILL 10 s later.
pub const CPU_LIMIT_SECONDS: u64 = 300;
/// Most bytes of typst's standard output and error that are kept (its messages).
const MAX_MESSAGES_BYTES: u64 = 256 * 1024;
/// Largest PDF typst may write: its attached PDFs and logos (at most 96 MiB, see
/// [`crate::source::MAX_ATTACHED_BYTES`]) and the text around them.
pub const MAX_PDF_BYTES: u64 = 512 * 1024 * 1024;
/// Oldest typst release convgen supports.
pub const MIN_VERSION: (u64, u64) = (0, 15);
/// How to install typst.
pub const INSTALL_HINT: &str = "installez typst 0.15 ou plus récent : `cargo install --locked typst-cli` (ou un binaire de https://github.com/typst/typst/releases), puis indiquez-le avec --typst ou CONVGEN_TYPST";

/// A typst executable, found but not yet run.
///
/// Its version is not asked with `typst --version` before the work (a process start on the
/// critical path of every render): each PDF typst writes names the release that wrote it
/// (`/Creator (Typst 0.15.1)`), and [`compile`] refuses a PDF from a release older than
/// [`MIN_VERSION`]. `--version` is asked only to explain a failed compilation.
#[derive(Clone, Debug)]
pub struct Typst {
    pub path: PathBuf,
    /// Wall-clock time one compilation may take (`--typst-timeout`).
    pub timeout: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum TypstError {
    #[error("typst introuvable ({0})")]
    NotFound(String),
    #[error(
        "{path} : version de typst non prise en charge ({found}) ; convgen demande 0.15 ou plus récent"
    )]
    TooOld { path: String, found: String },
    #[error("{path} : impossible d'exécuter typst : {message}")]
    Broken { path: String, message: String },
}

/// Finds typst: `explicit` (`--typst`), then env `CONVGEN_TYPST`, then `PATH`; the file must
/// exist. `timeout` bounds each compilation.
pub fn find(explicit: Option<&Path>, timeout: Duration) -> Result<Typst, TypstError> {
    let (path, origin) = if let Some(p) = explicit {
        (p.to_path_buf(), "--typst")
    } else if let Some(p) = std::env::var_os("CONVGEN_TYPST").filter(|p| !p.is_empty()) {
        (PathBuf::from(p), "CONVGEN_TYPST")
    } else {
        match search_path("typst") {
            Some(p) => (p, "PATH"),
            None => return Err(TypstError::NotFound("absent du PATH".into())),
        }
    };
    if !path.is_file() {
        return Err(TypstError::NotFound(format!(
            "{}, donné par {origin}, n'existe pas",
            path.display()
        )));
    }
    Ok(Typst { path, timeout })
}

impl Typst {
    /// Asks `typst --version` (at most [`VERSION_TIMEOUT`], or the compilation timeout if
    /// shorter); an error when typst does not answer or is older than [`MIN_VERSION`].
    pub fn version(&self) -> Result<String, TypstError> {
        let shown = self.path.display().to_string();
        let mut cmd = Command::new(&self.path);
        cmd.arg("--version");
        let out =
            run(&mut cmd, self.timeout.min(VERSION_TIMEOUT)).map_err(|e| TypstError::Broken {
                path: shown.clone(),
                message: format!("typst --version : {e}"),
            })?;
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let version = parse_version(&text).ok_or_else(|| TypstError::Broken {
            path: shown.clone(),
            message: format!("réponse inattendue à --version : {:?}", text.trim()),
        })?;
        supported(&shown, version)
    }
}

/// `version` when it is [`MIN_VERSION`] or newer.
fn supported(path: &str, version: String) -> Result<String, TypstError> {
    if version_numbers(&version) < MIN_VERSION {
        return Err(TypstError::TooOld {
            path: path.to_string(),
            found: version,
        });
    }
    Ok(version)
}

/// The typst release a PDF names as its creator (`/Creator (Typst 0.15.1)` in its
/// information dictionary), if it names one.
pub fn creator_version(pdf: &[u8]) -> Option<String> {
    const TAG: &[u8] = b"/Creator(Typst ";
    // The information dictionary is written last: searched from the end.
    let at = memchr::memmem::rfind(pdf, TAG)? + TAG.len();
    let rest = &pdf[at..pdf.len().min(at + 32)];
    let end = rest.iter().position(|&b| b == b')')?;
    let version = std::str::from_utf8(&rest[..end]).ok()?;
    parse_version(&format!("typst {version}"))
}

pub use super::child::{Finished, RunError};

/// Runs typst under [`MEMORY_LIMIT_BYTES`] and [`CPU_LIMIT_SECONDS`], killed after `timeout`
/// (see [`child::run_limited`]).
pub fn run(cmd: &mut Command, timeout: Duration) -> Result<Finished, RunError> {
    child::run_limited(cmd, &limits(timeout), None)
}

fn limits(timeout: Duration) -> child::Limits {
    child::Limits {
        memory_bytes: MEMORY_LIMIT_BYTES,
        cpu_seconds: CPU_LIMIT_SECONDS,
        max_stdout_bytes: MAX_MESSAGES_BYTES,
        timeout,
        complete: None,
        limited_before_input: false,
    }
}

/// Whether `bytes` are a whole PDF as typst writes it: from `%PDF-` to a `startxref` and the
/// `%%EOF` after it. Said of the bytes read so far from typst's standard output, it lets
/// convgen go on while typst exits (freeing its memory takes it a few milliseconds); the
/// guess is checked once typst has exited (nothing may have followed).
pub fn whole_pdf(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(64)..];
    bytes.starts_with(b"%PDF-")
        && tail.trim_ascii_end().ends_with(b"%%EOF")
        && memchr::memmem::rfind(tail, b"startxref").is_some()
}

/// Checks that `pdf` (what typst wrote) is a whole PDF: not empty, starting with `%PDF-` and ending with
/// `%%EOF` (after which only line ends may follow). A typst that exits 0 after writing
/// something else never replaces an earlier PDF.
pub fn verify_pdf(pdf: &[u8]) -> Result<(), String> {
    let refuse = |why: &str| {
        Err(format!(
            "typst a terminé sans erreur mais ce qu'il a produit n'est pas un PDF complet ({why}) : rien n'est publié"
        ))
    };
    if pdf.is_empty() {
        return refuse("sortie vide");
    }
    if !pdf.starts_with(b"%PDF-") {
        return refuse("pas d'en-tête %PDF-");
    }
    if !pdf.trim_ascii_end().ends_with(b"%%EOF") {
        return refuse("pas de fin %%EOF");
    }
    Ok(())
}

/// `typst 0.15.1 (abcdef)` → `0.15.1`.
pub fn parse_version(text: &str) -> Option<String> {
    let word = text.split_whitespace().nth(1)?;
    let ok =
        word.split('.').count() >= 2 && word.split('.').take(2).all(|p| p.parse::<u64>().is_ok());
    ok.then(|| word.to_string())
}

fn version_numbers(v: &str) -> (u64, u64) {
    let mut parts = v.split('.').map(|p| {
        p.chars()
            .take_while(|c| c.is_ascii_digit())
            .collect::<String>()
            .parse()
            .unwrap_or(0)
    });
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

fn search_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// The small entry file that imports the template and feeds it the data.
pub fn entry_source(template_module: &str, data_file: &str) -> String {
    format!(
        "// Generated by convgen: compile with `typst compile --root <this folder> <this file>`.\n\
         #import \"/{template_module}\": convention\n\
         #convention(json(\"/{data_file}\"))\n"
    )
}

/// Package folders given to typst, inside its private root folder, where nothing is ever
/// written: they do not exist (not created, a file system operation less before typst
/// starts), and typst finds no package there.
const PACKAGES_DIR: &str = ".packages";
/// A proxy nobody listens on (the discard port of the loopback interface).
const CLOSED_PROXY: &str = "http://127.0.0.1:9";

/// glibc's allocator settings given to typst (`GLIBC_TUNABLES`) when the caller has set none:
/// each heap grows by 64 MiB (`top_pad`: a thread's heap is then made usable in one
/// `mprotect` instead of ~480 small ones per compilation, each taking the address-space lock
/// typst's other threads fault under) and is backed by transparent huge pages where the
/// kernel offers them on request (`hugetlb=1`: a third as many page faults). The PDF is the
/// same byte for byte; on the build machine a small convention compiles ≈ 13 % faster and
/// the CRPC example ≈ 5 to 10 %, for ≈ 5 MiB more resident memory. A typst linked against
/// another C library, or a glibc older than 2.35, ignores what it does not know.
pub const TYPST_MALLOC_TUNABLES: &str = "glibc.malloc.top_pad=67108864:glibc.malloc.hugetlb=1";

/// Options of one compilation.
#[derive(Clone, Debug)]
pub struct CompileOptions {
    pub pdf_standard: String,
    pub creation: Date,
}

/// Compiles the Typst source `entry` (with `--root dir`) and hands the PDF to `process`
/// (see [`Compilation::finish`]); on failure returns typst's messages.
pub fn compile<T>(
    typst: &Typst,
    dir: &Path,
    entry: &str,
    opts: &CompileOptions,
    process: impl FnMut(&[u8]) -> T,
) -> Result<T, String> {
    start(typst, dir, opts)?.finish(entry, process)
}

/// A typst compilation started before its source is known: typst loads its fonts and sets
/// up while convgen lays the convention out, then reads the entry source on its standard
/// input ([`Compilation::finish`]). Dropped unfinished, typst is killed.
pub struct Compilation {
    running: child::Running,
    typst: Typst,
}

/// Starts `typst compile --root dir --format pdf - -` (the entry source on its standard
/// input, the PDF on its standard output: nothing to write, read back and remove); `dir`
/// must exist, and the files the entry source reads must be there before
/// [`Compilation::finish`].
pub fn start(typst: &Typst, dir: &Path, opts: &CompileOptions) -> Result<Compilation, String> {
    let mut cmd = Command::new(&typst.path);
    cmd.arg("compile")
        .arg("--root")
        .arg(dir)
        .arg("--ignore-system-fonts")
        .arg("--diagnostic-format")
        .arg("short")
        .arg("--creation-timestamp")
        .arg(opts.creation.unix_timestamp().to_string());
    if !opts.pdf_standard.is_empty() {
        cmd.arg("--pdf-standard").arg(&opts.pdf_standard);
    }
    cmd.args(["--format", "pdf", "-", "-"]);
    cmd.env_remove("SOURCE_DATE_EPOCH")
        .env_remove("TYPST_ROOT")
        .env_remove("TYPST_FONT_PATHS")
        .env_remove("TYPST_FEATURES");
    // No packages: typst has no offline switch, so its package folders point to a folder
    // that holds none and its proxy to a closed local port. A template that imports a
    // package (`#import "@preview/…"`) then fails at once instead of downloading code.
    let packages = dir.join(PACKAGES_DIR);
    cmd.env("TYPST_PACKAGE_PATH", &packages)
        .env("TYPST_PACKAGE_CACHE_PATH", &packages);
    if std::env::var_os("GLIBC_TUNABLES").is_none() {
        cmd.env("GLIBC_TUNABLES", TYPST_MALLOC_TUNABLES);
    }
    for var in [
        "https_proxy",
        "HTTPS_PROXY",
        "http_proxy",
        "HTTP_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ] {
        cmd.env(var, CLOSED_PROXY);
    }
    cmd.env_remove("no_proxy").env_remove("NO_PROXY");
    let limits = child::Limits {
        max_stdout_bytes: MAX_PDF_BYTES,
        complete: Some(whole_pdf),
        // typst reads the entry source (which reads the rest) on its standard input, given
        // only once the limits hold.
        limited_before_input: true,
        ..limits(typst.timeout)
    };
    let running = child::start_limited(&mut cmd, &limits, true).map_err(|e| match e {
        RunError::Spawn(e) => format!("impossible de lancer {} : {e}", typst.path.display()),
        e => e.to_string(),
    })?;
    Ok(Compilation {
        running,
        typst: typst.clone(),
    })
}

impl Compilation {
    /// Gives typst its entry source, waits (at most the timeout, from now) for the PDF,
    /// checks it (whole, written by typst 0.15 or later) and hands it to `process`: as soon
    /// as typst has written it, while typst exits. The result counts only if typst then
    /// exits successfully having written nothing more (else `process` runs again on all it
    /// wrote, which is then refused or processed as a whole).
    pub fn finish<T>(self, entry: &str, mut process: impl FnMut(&[u8]) -> T) -> Result<T, String> {
        let Compilation { mut running, typst } = self;
        running.feed(entry.as_bytes().to_vec());
        let early = running.output().map_err(|e| e.to_string())?;
        let processed = early
            .as_ref()
            .map(|pdf| checked(&typst, pdf).map(&mut process));
        let output = running.finish().map_err(|e| e.to_string())?;
        if !output.status.success() {
            return Err(failure(&typst, &output));
        }
        if output.stdout_truncated {
            return Err(format!(
                "typst a produit un PDF de plus de {} Mio : rien n'est publié",
                MAX_PDF_BYTES / (1024 * 1024)
            ));
        }
        match (early, processed) {
            (Some(_), Some(done)) if output.stdout.is_empty() => done,
            (early, _) => {
                let mut pdf = early.unwrap_or_default();
                pdf.extend_from_slice(&output.stdout);
                checked(&typst, &pdf).map(&mut process)
            }
        }
    }
}

/// `pdf` when it is whole and written by a typst release convgen supports.
fn checked<'p>(typst: &Typst, pdf: &'p [u8]) -> Result<&'p [u8], String> {
    verify_pdf(pdf)?;
    if let Some(version) = creator_version(pdf) {
        supported(&typst.path.display().to_string(), version).map_err(|e| e.to_string())?;
    }
    Ok(pdf)
}

/// What to say of a failed compilation: typst's messages, and its version if that explains
/// them.
fn failure(typst: &Typst, output: &Finished) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_string();
    let mut message = if stderr.is_empty() {
        format!("typst a échoué ({})", output.status)
    } else {
        stderr
    };
    // An old or broken typst explains many failures: say so.
    if let Err(e) = typst.version() {
        message = format!("{e}\n{message}");
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(
            parse_version("typst 0.15.1 (3b8c5e2f)\n").as_deref(),
            Some("0.15.1")
        );
        assert_eq!(parse_version("nope"), None);
        assert_eq!(version_numbers("0.15.1"), (0, 15));
        assert!(version_numbers("0.14.2") < MIN_VERSION);
        assert!(version_numbers("1.0.0-rc1") >= MIN_VERSION);
    }

    #[test]
    fn the_pdf_names_the_release_that_wrote_it() {
        let pdf = b"%PDF-1.7\n1 0 obj<</Creator(Typst 0.15.1)/ModDate(D:2025)>>endobj\n%%EOF\n";
        assert_eq!(creator_version(pdf).as_deref(), Some("0.15.1"));
        assert!(verify_pdf(pdf).is_ok());
        let old = b"%PDF-1.7 <</Creator(Typst 0.11.0)>> %%EOF";
        let found = creator_version(old).unwrap();
        assert!(matches!(
            supported("typst", found),
            Err(TypstError::TooOld { .. })
        ));
        assert_eq!(creator_version(b"%PDF-1.7 <</Creator(LaTeX)>> %%EOF"), None);
        assert_eq!(creator_version(b"/Creator(Typst "), None);
    }

    #[test]
    fn incomplete_pdfs_are_refused() {
        assert!(verify_pdf(b"").is_err());
        assert!(verify_pdf(b"not a pdf %%EOF").is_err());
        assert!(verify_pdf(b"%PDF-1.7\n1 0 obj\n").is_err());
        assert!(verify_pdf(b"%PDF-1.7\n%%EOF\r\n").is_ok());
    }
}
