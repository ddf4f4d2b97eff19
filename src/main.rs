//! The `convgen` binary: argument parsing and terminal output around the library.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
