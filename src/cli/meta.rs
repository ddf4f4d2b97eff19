//! `convgen schema`, `convgen completions` and `convgen man`: convgen describing itself.

use std::path::PathBuf;

use clap::{CommandFactory, ValueEnum};

use convgen::model::schema;

use super::Cli;
use super::error::{Hint, Outcome, print_out};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SchemaTarget {
    /// convention.toml
    Convention,
    /// annexes/<AAAA>.toml
    Annex,
    /// avenants/<N>.toml
    Avenant,
}

pub fn schema(target: SchemaTarget) -> Outcome {
    print_out(&schema::json(match target {
        SchemaTarget::Convention => schema::Target::Convention,
        SchemaTarget::Annex => schema::Target::Annex,
        SchemaTarget::Avenant => schema::Target::Avenant,
    }))
}

pub fn completions(shell: clap_complete::Shell) -> Outcome {
    let mut text = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "convgen", &mut text);
    print_out(&String::from_utf8_lossy(&text))
}

/// The roff page of convgen on stdout, or one page per subcommand in a folder.
pub fn man(out: Option<PathBuf>) -> Outcome {
    let cmd = Cli::command();
    let Some(dir) = out else {
        let mut page = Vec::new();
        clap_mangen::Man::new(cmd)
            .render(&mut page)
            .map_err(|e| anyhow::anyhow!("page de manuel impossible à produire : {e}"))?;
        return print_out(&String::from_utf8_lossy(&page));
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| anyhow::anyhow!("impossible de créer {} : {e}", dir.display()))
        .hint("choisissez un dossier où vous pouvez écrire, par exemple --out man")?;
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
        clap_mangen::Man::new(page_cmd)
            .render(&mut page)
            .and_then(|()| convgen::output::write_atomic(&dir, &format!("{name}.1"), &page))
            .map_err(|e| anyhow::anyhow!("impossible d'écrire {} : {e}", path.display()))?;
        print_out(&format!("écrit : {}\n", path.display()))?;
    }
    Ok(super::error::Exit::Success)
}
