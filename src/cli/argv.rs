//! A quick look at the raw command line, before clap parses it: which subcommand it names
//! and, for `render`, the few options a typst started early needs ([`super::early`]).
//! Nothing here decides what the command does: a guess is only acted on when it cannot
//! change the outcome (the allocator's huge pages) or after clap's parse confirms it (the
//! early typst).

/// The subcommand's position and name: the first argument that is neither an option nor
/// the value of the global `--color`.
///
/// Reads the arguments one by one, without allocating (the allocator's choice is made with
/// it before anything is allocated).
pub fn subcommand<'a>(args: impl IntoIterator<Item = &'a [u8]>) -> Option<(usize, &'a [u8])> {
    let mut args = args.into_iter().enumerate();
    while let Some((i, arg)) = args.next() {
        if arg == b"--color" {
            args.next();
        } else if !arg.starts_with(b"-") {
            return Some((i, arg));
        }
    }
    None
}

/// What `render`'s options say of one of them, read without clap.
#[derive(Debug, PartialEq)]
pub enum Found<'a> {
    /// Not given.
    Absent,
    /// Given once, with this value.
    Once(&'a [u8]),
    /// Given several times, or in a form this quick look does not read (`-oDIR`, a missing
    /// value): no guess.
    Unclear,
}

/// The value of the option `long` (`--long V`, `--long=V`) or `short` (`-s V`) among
/// `args`, which follow the subcommand; `--` ends the options.
pub fn value<'a>(args: &[&'a [u8]], long: &str, short: Option<u8>) -> Found<'a> {
    let long = format!("--{long}");
    let mut found = Found::Absent;
    let mut i = 0;
    while let Some(&arg) = args.get(i) {
        if arg == b"--" {
            break;
        }
        let value = if arg == long.as_bytes() || short.is_some_and(|s| arg == [b'-', s]) {
            i += 1;
            args.get(i).copied()
        } else if let Some(v) = arg
            .strip_prefix(long.as_bytes())
            .and_then(|rest| rest.strip_prefix(b"="))
        {
            Some(v)
        } else if short.is_some_and(|s| arg.len() > 2 && arg[0] == b'-' && arg[1] == s) {
            return Found::Unclear;
        } else {
            i += 1;
            continue;
        };
        found = match (found, value) {
            (Found::Absent, Some(v)) => Found::Once(v),
            _ => return Found::Unclear,
        };
        i += 1;
    }
    found
}

/// Whether `args` hold `flag` (exactly) before any `--`.
pub fn has(args: &[&[u8]], flag: &str) -> bool {
    args.iter()
        .take_while(|a| **a != b"--")
        .any(|a| *a == flag.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<&[u8]> {
        line.split_whitespace().map(str::as_bytes).collect()
    }

    #[test]
    fn the_subcommand_is_the_first_word_that_is_no_option() {
        let name = |line| subcommand(words(line)).map(|(i, s)| (i, s.to_vec()));
        assert_eq!(name("render x"), Some((0, b"render".to_vec())));
        assert_eq!(
            name("--color never render x"),
            Some((2, b"render".to_vec()))
        );
        assert_eq!(name("--color=never check"), Some((1, b"check".to_vec())));
        assert_eq!(name("--version"), None);
        assert_eq!(name(""), None);
    }

    #[test]
    fn option_values_in_the_forms_clap_reads() {
        let w = words("x --out a -j 2 --typst=/t/typst");
        assert_eq!(value(&w, "out", Some(b'o')), Found::Once(b"a"));
        assert_eq!(value(&w, "typst", None), Found::Once(b"/t/typst"));
        assert_eq!(value(&w, "templates", None), Found::Absent);
        assert_eq!(
            value(&words("x -o a"), "out", Some(b'o')),
            Found::Once(b"a")
        );
    }

    #[test]
    fn what_the_quick_look_cannot_read_is_unclear() {
        let unclear = |line| value(&words(line), "out", Some(b'o')) == Found::Unclear;
        assert!(unclear("x --out a --out b"));
        assert!(unclear("x -oa"));
        assert!(unclear("x --out"));
        assert_eq!(
            value(&words("x -- --out a"), "out", Some(b'o')),
            Found::Absent
        );
        assert!(has(&words("x --help"), "--help"));
        assert!(!has(&words("x -- --help"), "--help"));
    }
}
