//! `convgen init DIR --kind …`: writes the commented skeleton of a convention folder.

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use clap::ValueEnum;

use convgen::date::Date;
use convgen::init::{self, Options};
use convgen::model::Kind;
use convgen::model::schema;

use super::EXIT_TROUBLE;

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

/// `path` made absolute and without `.` or `..` (the folder may not exist yet).
fn normalize(cwd: &Path, path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in cwd.join(path).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// The root of the conventions repository: the nearest folder above `dir` that holds `.git`,
/// else the current folder when `dir` is it or is below it, else the parent of `dir`.
fn repository_root(cwd: &Path, dir: &Path) -> PathBuf {
    if let Some(git) = dir.ancestors().find(|a| a.join(".git").exists()) {
        return git.to_path_buf();
    }
    if dir.starts_with(cwd) {
        return cwd.to_path_buf();
    }
    dir.parent().unwrap_or(dir).to_path_buf()
}

fn is_slug(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

pub fn run(args: InitArgs) -> i32 {
    let cwd = std::env::current_dir()
        .and_then(std::fs::canonicalize)
        .unwrap_or_default();
    let dir = match std::fs::canonicalize(&args.dir) {
        Ok(d) => d,
        Err(_) => normalize(&cwd, &args.dir),
    };
    if dir.exists() && !dir.is_dir() {
        eprintln!(
            "erreur : {} existe et n'est pas un dossier",
            args.dir.display()
        );
        eprintln!(
            "aide : indiquez le dossier de la nouvelle convention, par exemple conventions/crpc-grand-est-2026"
        );
        return EXIT_TROUBLE;
    }
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !is_slug(&name) {
        eprintln!(
            "erreur : le nom du dossier `{name}` sert d'identifiant à la convention et doit être un identifiant simple"
        );
        eprintln!(
            "aide : utilisez des lettres sans accents, des chiffres et des tirets, par exemple conventions/crpc-grand-est-2026"
        );
        return EXIT_TROUBLE;
    }
    let root = repository_root(&cwd, &dir);
    let depth = dir
        .strip_prefix(&root)
        .map_or(0, |p| p.components().count());
    let schema_dir = if depth == 0 {
        "./schemas".to_string()
    } else {
        format!("{}schemas", "../".repeat(depth))
    };
    let options = Options {
        kind: args.kind.into(),
        id: name,
        region: args.region.clone(),
        start: args.start.unwrap_or_else(next_first_of_january),
        years: args.years,
        schema_dir,
    };

    // Files of the convention: none may exist yet.
    let files: Vec<(PathBuf, String)> = init::skeleton(&options)
        .into_iter()
        .map(|f| (dir.join(&f.path), f.text))
        .collect();
    let existing: Vec<&PathBuf> = files
        .iter()
        .map(|(p, _)| p)
        .filter(|p| p.exists())
        .collect();
    if !existing.is_empty() {
        eprintln!("erreur : ces fichiers existent déjà, aucun fichier n'a été écrit :");
        for p in &existing {
            eprintln!("  {}", shown(&cwd, p));
        }
        eprintln!(
            "aide : choisissez un nouveau dossier, ou déplacez ces fichiers si vous voulez repartir d'un squelette"
        );
        return EXIT_TROUBLE;
    }
    // The schemas the `#:schema` lines point at, when the repository has none yet.
    let mut to_write = files;
    for target in [schema::Target::Convention, schema::Target::Annex] {
        let path = root.join(target.path());
        if !path.exists() {
            to_write.push((path, schema::json(target)));
        }
    }

    let mut written: Vec<PathBuf> = Vec::new();
    for (path, text) in &to_write {
        if let Err(e) = write_new(path, text) {
            for p in &written {
                let _ = std::fs::remove_file(p);
            }
            eprintln!("erreur : impossible d'écrire {} : {e}", shown(&cwd, path));
            eprintln!("aide : vérifiez les droits sur le dossier ; aucun fichier n'a été laissé");
            return EXIT_TROUBLE;
        }
        written.push(path.clone());
    }
    let mut out = std::io::stdout().lock();
    for p in &written {
        let _ = writeln!(out, "écrit : {}", shown(&cwd, p));
    }
    let _ = writeln!(
        out,
        "\nprochaine étape : remplacez les « à compléter » de {0}, puis lancez\n  convgen check {0}\nqui liste ce qui reste à faire.",
        shown(&cwd, &dir)
    );
    0
}

/// Writes a new file atomically (temporary file in the same folder, then a rename that never
/// replaces an existing file).
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let mut tmp = tempfile::NamedTempFile::new_in(parent)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

/// A path as shown to the user: relative to the current folder when below it.
fn shown(cwd: &Path, path: &Path) -> String {
    path.strip_prefix(cwd)
        .unwrap_or(path)
        .display()
        .to_string()
        .replace('\\', "/")
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

    #[test]
    fn slugs() {
        assert!(is_slug("crpc-grand-est-2026"));
        assert!(!is_slug("crpc grand est"));
        assert!(!is_slug("région"));
        assert!(!is_slug(".cache"));
    }

    #[test]
    fn root_is_the_git_folder_or_the_current_one() {
        let tmp = tempfile::tempdir().unwrap();
        let cwd = tmp.path();
        let dir = cwd.join("conventions/crpc-x");
        assert_eq!(repository_root(cwd, &dir), cwd);
        assert_eq!(repository_root(cwd, cwd), cwd);
        std::fs::create_dir_all(cwd.join("repo/.git")).unwrap();
        let inner = cwd.join("repo/conventions/crpc-x");
        assert_eq!(repository_root(cwd, &inner), cwd.join("repo"));
        let elsewhere = Path::new("/nonexistent-eco/conventions/crpc-x");
        assert_eq!(
            repository_root(cwd, elsewhere),
            Path::new("/nonexistent-eco/conventions")
        );
    }

    #[test]
    fn normalize_resolves_dots() {
        assert_eq!(
            normalize(Path::new("/a/b"), Path::new("../c/./d")),
            PathBuf::from("/a/c/d")
        );
    }
}
