//! What a command returns: an [`Exit`] code, or a [`Failure`] (the command could not run),
//! printed once on stderr with its causes and a hint.

use std::fmt::Display;
use std::io::Write;

/// Exit codes of every command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Nothing to report (warnings allowed).
    Success = 0,
    /// Findings (check), changes (diff) or a convention that could not be rendered.
    Findings = 1,
    /// The command itself could not run: bad arguments, unreadable path, typst missing…
    Trouble = 2,
}

impl Exit {
    pub fn code(self) -> i32 {
        self as i32
    }

    /// `Findings` when `any`, else `Success`.
    pub fn findings_if(any: bool) -> Exit {
        if any { Exit::Findings } else { Exit::Success }
    }
}

/// Why a command could not run: the error with its causes (anyhow), and how to fix it.
#[derive(Debug)]
pub struct Failure {
    error: anyhow::Error,
    hint: Option<String>,
}

pub type Outcome = Result<Exit, Failure>;

impl<E: Into<anyhow::Error>> From<E> for Failure {
    fn from(error: E) -> Failure {
        Failure {
            error: error.into(),
            hint: None,
        }
    }
}

impl Failure {
    /// A failure with this message.
    pub fn msg(message: impl Display + std::fmt::Debug + Send + Sync + 'static) -> Failure {
        Failure {
            error: anyhow::Error::msg(message),
            hint: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Failure {
        self.hint = Some(hint.into());
        self
    }

    /// Prints « erreur : cause : cause… » and « aide : … » on stderr.
    pub fn print(&self) {
        let chain: Vec<String> = self.error.chain().map(|c| c.to_string()).collect();
        let mut text = format!("erreur : {}\n", chain.join(" : "));
        if let Some(hint) = &self.hint {
            text.push_str(&format!("aide : {hint}\n"));
        }
        // Causes may quote the repository (template names, typst's messages).
        print_err(&convgen::source::printable_lines(&text));
    }
}

/// Adds a hint (and optionally context) to any error on its way out of a command.
pub trait Hint<T> {
    fn hint(self, hint: impl Into<String>) -> Result<T, Failure>;
}

impl<T, E: Into<anyhow::Error>> Hint<T> for Result<T, E> {
    fn hint(self, hint: impl Into<String>) -> Result<T, Failure> {
        self.map_err(|e| Failure::from(e).hint(hint))
    }
}

/// Writes to stdout; a closed pipe (`convgen … | head`) ends the output quietly.
pub fn print_out(text: &str) -> Outcome {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(Exit::Success),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Exit::Success),
        Err(e) => Err(Failure::msg(format!(
            "écriture impossible sur la sortie standard : {e}"
        ))),
    }
}

/// Writes to stderr, never failing (a closed stderr is not worth a panic).
pub fn print_err(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|_| err.flush());
}

/// `eprintln!` that never panics.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::error::print_err(&format!("{}\n", format!($($arg)*)))
    };
}
pub(crate) use say;
