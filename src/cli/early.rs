//! typst started for `render` before clap parses the arguments.
//!
//! clap builds and reads the whole command-line interface (a third of a millisecond), and
//! the work before typst can start is on the critical path of a one-convention render. So
//! [`start`] takes a quick look at the raw arguments ([`super::argv`]): for `render` with an
//! output folder, the PDF among the formats and no template folder, it starts the warm
//! typst at once, with the typst, timeout and PDF standards those arguments name, read with
//! the same parsers clap uses. Once clap has parsed the command line, [`Early::adopt`] hands
//! it over only if the parsed arguments ask for exactly that typst, folder and standards;
//! otherwise (a guess the quick look got wrong, `--help`, an argument error) it is dropped:
//! typst killed, its staging folder removed, the output folder removed again if this run
//! created it and left it empty. A guess can make a render slower, never different.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use clap::ValueEnum;
use convgen::render::{self, typst};

use super::argv::{self, Found};
use super::render::{
    CreatedFolder, FormatArg, catch_signals, parse_pdf_standard, stop_cleanly_on_signals,
};

/// What the raw arguments say a `render` needs from typst.
#[derive(Debug, PartialEq)]
struct Guess {
    out: PathBuf,
    typst: Option<PathBuf>,
    timeout: u64,
    pdf_standard: String,
}

/// A typst started before the parse, with what it was started for.
pub struct Early {
    // Declared first: typst is killed and its folder removed before the output folder.
    warm: render::Warm,
    created: CreatedFolder,
    out: PathBuf,
    typst: typst::Typst,
    pdf_standard: String,
}

/// Starts typst if the command line is a `render` that will need it (see the module's
/// documentation); `None` when it is not, or when anything fails (the normal path then
/// starts typst, or reports why it cannot).
pub fn start() -> Option<Early> {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let guess = guess(&args)?;
    let typst_bin = typst::find(guess.typst.as_deref(), Duration::from_secs(guess.timeout)).ok()?;
    // The signals are caught before typst starts (an interruption kills it and removes its
    // folder); the thread that handles them starts after it.
    catch_signals().ok()?;
    let created = CreatedFolder::new(&guess.out, true);
    let warm = render::Warm::start(&guess.out, &typst_bin, &guess.pdf_standard).ok()?;
    stop_cleanly_on_signals().ok()?;
    Some(Early {
        warm,
        created,
        out: guess.out,
        typst: typst_bin,
        pdf_standard: guess.pdf_standard,
    })
}

impl Early {
    /// The warm typst and the output folder's guard, if the parsed arguments need exactly
    /// this typst (same executable and timeout), output folder and PDF standards, with the
    /// built-in templates (`from_folder`: templates from a folder); else `None`, and it is
    /// dropped.
    pub fn adopt(
        self,
        out: &std::path::Path,
        typst_bin: &typst::Typst,
        pdf_standard: &str,
        from_folder: bool,
    ) -> Option<(render::Warm, CreatedFolder)> {
        let same = self.out == out
            && self.typst.path == typst_bin.path
            && self.typst.timeout == typst_bin.timeout
            && self.pdf_standard == pdf_standard
            && !from_folder;
        same.then_some((self.warm, self.created))
    }
}

/// The quick look: `render` with `--out`, a PDF among the formats, no `--templates`, no
/// help or version asked; the values read as clap reads them.
fn guess(args: &[OsString]) -> Option<Guess> {
    let words: Vec<&[u8]> = args.iter().map(|a| a.as_encoded_bytes()).collect();
    let (at, name) = argv::subcommand(words.iter().copied())?;
    if name != b"render" {
        return None;
    }
    let rest = &words[at + 1..];
    if ["--help", "-h", "--version", "-V"]
        .iter()
        .any(|f| argv::has(rest, f))
        || argv::value(rest, "templates", None) != Found::Absent
    {
        return None;
    }
    let text = |found: Found<'_>| -> Option<Option<String>> {
        match found {
            Found::Absent => Some(None),
            Found::Once(v) => std::str::from_utf8(v).ok().map(|s| Some(s.to_string())),
            Found::Unclear => None,
        }
    };
    let out = match argv::value(rest, "out", Some(b'o')) {
        Found::Once(v) => PathBuf::from(os(v)),
        _ => return None,
    };
    let typst = match argv::value(rest, "typst", None) {
        Found::Absent => None,
        Found::Once(v) => Some(PathBuf::from(os(v))),
        Found::Unclear => return None,
    };
    let formats = text(argv::value(rest, "format", None))?.unwrap_or_else(|| "md,pdf".into());
    let with_pdf = formats
        .split(',')
        .map(|f| FormatArg::from_str(f, false))
        .collect::<Result<Vec<_>, _>>()
        .ok()?
        .contains(&FormatArg::Pdf);
    if !with_pdf {
        return None;
    }
    let timeout = match text(argv::value(rest, "typst-timeout", None))? {
        None => typst::DEFAULT_TIMEOUT.as_secs(),
        Some(t) => t.parse().ok().filter(|t| (1..=3600).contains(t))?,
    };
    let pdf_standard = parse_pdf_standard(
        &text(argv::value(rest, "pdf-standard", None))?.unwrap_or_else(|| "a-2b".into()),
    )
    .ok()?;
    Some(Guess {
        out,
        typst,
        timeout,
        pdf_standard,
    })
}

/// A value the quick look found, back as an `OsString` (paths need not be UTF-8).
fn os(value: &[u8]) -> OsString {
    // SAFETY: [`argv::value`] returns a whole argument of `args_os` or what follows the
    // ASCII `=` in one: both are boundaries `from_encoded_bytes_unchecked` accepts.
    unsafe { std::ffi::OsStr::from_encoded_bytes_unchecked(value) }.to_os_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guessed(line: &str) -> Option<Guess> {
        let args: Vec<OsString> = line.split_whitespace().map(OsString::from).collect();
        guess(&args)
    }

    #[test]
    fn a_render_with_an_output_folder_is_guessed_with_its_defaults() {
        assert_eq!(
            guessed("render examples --out out"),
            Some(Guess {
                out: "out".into(),
                typst: None,
                timeout: 120,
                pdf_standard: "a-2b".into(),
            })
        );
        assert_eq!(
            guessed(
                "--color never render x -o o --format pdf --typst=/t/typst --typst-timeout 30 --pdf-standard ua-1 -j 2"
            ),
            Some(Guess {
                out: "o".into(),
                typst: Some("/t/typst".into()),
                timeout: 30,
                pdf_standard: "ua-1".into(),
            })
        );
        assert_eq!(
            guessed("render x --out o --pdf-standard none")
                .unwrap()
                .pdf_standard,
            ""
        );
    }

    #[test]
    fn no_guess_when_typst_is_not_needed_or_the_line_is_unclear() {
        for line in [
            "check x",
            "render x",
            "render x --out o --format md",
            "render x --out o --format typ,docx",
            "render x --out o --templates t",
            "render x --out o --help",
            "render x --out o --out p",
            "render x -oo",
            "render x --out o --format pdf --format md",
            "render x --out o --pdf-standard a-9z",
            "render x --out o --typst-timeout 0",
            "render x --out o --format nope",
        ] {
            assert_eq!(guessed(line), None, "{line}");
        }
    }
}
