//! `convgen init DIR --kind …`: writes the commented skeleton of a convention folder.

use std::path::PathBuf;

use clap::ValueEnum;

use convgen::date::Date;
use convgen::init::{self, Request};
use convgen::model::Kind;

use super::error::{Failure, Outcome, print_out};

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// Dossier de la convention à créer ; son nom devient l'identifiant (ex. conventions/crpc-grand-est-2026)
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Nature de la convention
    #[arg(long, value_enum)]
    kind: KindArg,
    /// Région, par exemple "Grand Est" (sinon « à compléter »)
    #[arg(long, value_name = "RÉGION")]
    region: Option<String>,
    /// Premier jour de la période (par défaut : le 1er janvier de l'année prochaine, date UTC)
    #[arg(long, value_name = "AAAA-MM-JJ", value_parser = parse_date)]
    start: Option<Date>,
    /// Durée de la période en années (3 ans : durée préconisée par le CNEFOP)
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=10))]
    years: u32,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum KindArg {
    /// Convention régionale pluriannuelle de coordination (article L. 6123-4), modèle du CNEFOP
    Crpc,
    /// Convention de partenariat entre deux parties ou plus
    Partenariat,
    /// Convention relative au service public régional de l'orientation (articles numérotés)
    Spro,
}

impl From<KindArg> for Kind {
    fn from(k: KindArg) -> Kind {
        match k {
            KindArg::Crpc => Kind::Crpc,
            KindArg::Partenariat => Kind::Partenariat,
            KindArg::Spro => Kind::Spro,
        }
    }
}

fn parse_date(s: &str) -> Result<Date, String> {
    let bad = || format!("date invalide `{s}` : écrivez AAAA-MM-JJ, par exemple 2026-01-01");
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(bad());
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u8>(), d.parse::<u8>()) else {
        return Err(bad());
    };
    Date::new(y, m, d).ok_or_else(|| format!("la date `{s}` n'existe pas"))
}

/// 1 January of next year, from the system clock (UTC).
fn next_first_of_january() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let today = Date::from_days_since_epoch(i64::try_from(secs / 86_400).unwrap_or(0));
    Date {
        year: today.year + 1,
        month: 1,
        day: 1,
    }
}

pub fn run(args: InitArgs) -> Outcome {
    let cwd = std::env::current_dir()
        .and_then(std::fs::canonicalize)
        .unwrap_or_default();
    let request = Request {
        dir: &args.dir,
        cwd: &cwd,
        kind: args.kind.into(),
        region: args.region.clone(),
        start: args.start.unwrap_or_else(next_first_of_january),
        years: args.years,
    };
    let created = init::create(&request).map_err(|e| {
        let hint = e.hint();
        Failure::from(e).hint(hint)
    })?;
    let mut text = String::new();
    for f in &created.files {
        text.push_str(&format!("écrit : {f}\n"));
    }
    text.push_str(&format!(
        "\nprochaine étape : remplacez les « à compléter » de {0}, puis lancez\n  convgen check {0}\nqui liste ce qui reste à faire.\n",
        created.dir
    ));
    print_out(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        assert_eq!(parse_date("2026-01-01"), Ok(Date::new(2026, 1, 1).unwrap()));
        assert!(
            parse_date("2026-02-30")
                .unwrap_err()
                .contains("n'existe pas")
        );
        assert!(parse_date("1/1/2026").unwrap_err().contains("AAAA-MM-JJ"));
    }
}
