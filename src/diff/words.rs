//! Word-level comparison of two texts (with the `similar` crate): the changed words with a few
//! words of context around them, the rest elided, so that a one-word change in a long article
//! stays a one-line change.

use serde::Serialize;
use similar::{Algorithm, DiffTag, capture_diff_slices};

/// Words of context kept on each side of a change.
pub const CONTEXT: usize = 5;

/// Above this many differing tokens on a side (once the common start and end are set aside),
/// the middle is shown as one replacement rather than searched word by word: the comparison
/// stays linear on texts that have nothing in common.
const MAX_MIDDLE: usize = 4_000;

/// Shown in place of the words left out of an unchanged run.
pub const ELISION: &str = "…";

/// What happened to a run of words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Equal,
    Delete,
    Insert,
}

/// A run of words (with the spaces between them), unchanged, removed or added.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WordOp {
    pub op: Op,
    pub text: String,
}

/// Whether a field's change is worth comparing word by word: both sides texts of more than a
/// few words.
pub fn worth(old: &str, new: &str) -> bool {
    let words = |s: &str| s.split_whitespace().take(CONTEXT + 1).count();
    words(old) > CONTEXT || words(new) > CONTEXT
}

/// The operations turning `old` into `new`, unchanged runs cut to [`CONTEXT`] words around
/// the changes; whitespace runs (line breaks included) are shown as one space.
pub fn diff(old: &str, new: &str) -> Vec<WordOp> {
    // Whitespace runs compare as one space: a re-wrapped paragraph is not a change of words.
    let a: Vec<&str> = tokens(old).into_iter().map(norm).collect();
    let b: Vec<&str> = tokens(new).into_iter().map(norm).collect();
    let start = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let end = a[start..]
        .iter()
        .rev()
        .zip(b[start..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[start..a.len() - end], &b[start..b.len() - end]);
    let mut raw: Vec<(Op, &[&str])> = vec![(Op::Equal, &a[..start])];
    if ma.len() > MAX_MIDDLE || mb.len() > MAX_MIDDLE {
        raw.push((Op::Delete, ma));
        raw.push((Op::Insert, mb));
    } else {
        for op in capture_diff_slices(Algorithm::Myers, ma, mb) {
            let (o, n) = (op.old_range(), op.new_range());
            match op.tag() {
                DiffTag::Equal => raw.push((Op::Equal, &ma[o])),
                DiffTag::Delete => raw.push((Op::Delete, &ma[o])),
                DiffTag::Insert => raw.push((Op::Insert, &mb[n])),
                DiffTag::Replace => {
                    raw.push((Op::Delete, &ma[o]));
                    raw.push((Op::Insert, &mb[n]));
                }
            }
        }
    }
    raw.push((Op::Equal, &a[a.len() - end..]));
    merge(raw)
}

/// Joins consecutive runs of the same kind, lets a lone space between two changes join
/// them (« [-du réseau-]{+et plateformes+} », not word against word), and cuts the
/// unchanged runs.
fn merge(raw: Vec<(Op, &[&str])>) -> Vec<WordOp> {
    let runs: Vec<(Op, &[&str])> = raw.into_iter().filter(|(_, t)| !t.is_empty()).collect();
    let n = runs.len();
    let mut out: Vec<WordOp> = Vec::new();
    let (mut del, mut ins) = (String::new(), String::new());
    for (i, (op, toks)) in runs.iter().enumerate() {
        let changing = !del.is_empty() || !ins.is_empty();
        match op {
            Op::Delete => del.push_str(&spaced(toks)),
            Op::Insert => ins.push_str(&spaced(toks)),
            Op::Equal if changing && i + 1 < n && toks.iter().all(|t| is_space(t)) => {
                del.push(' ');
                ins.push(' ');
            }
            Op::Equal => {
                flush(&mut out, &mut del, &mut ins);
                let text = cut(toks, i > 0, i + 1 < n);
                out.push(WordOp {
                    op: Op::Equal,
                    text,
                });
            }
        }
    }
    flush(&mut out, &mut del, &mut ins);
    out
}

/// Writes the pending removed and added words (a side holding only spaces is none).
fn flush(out: &mut Vec<WordOp>, del: &mut String, ins: &mut String) {
    for (op, text) in [(Op::Delete, del), (Op::Insert, ins)] {
        if !text.trim().is_empty() {
            out.push(WordOp {
                op,
                text: std::mem::take(text),
            });
        }
        text.clear();
    }
}

/// An unchanged run, kept whole when short, else its first words (after a change) and its
/// last words (before a change) around an elision.
fn cut(toks: &[&str], after_change: bool, before_change: bool) -> String {
    let words: Vec<usize> = (0..toks.len()).filter(|&i| !is_space(toks[i])).collect();
    if words.len() <= 2 * CONTEXT {
        return spaced(toks);
    }
    let head = if after_change {
        spaced(&toks[..words[CONTEXT - 1] + 1])
    } else {
        String::new()
    };
    let tail = if before_change {
        spaced(&toks[words[words.len() - CONTEXT]..])
    } else {
        String::new()
    };
    let lead = toks.first().is_some_and(|t| is_space(t)) && after_change;
    let trail = toks.last().is_some_and(|t| is_space(t)) && before_change;
    let head = if lead {
        head
    } else {
        head.trim_start().to_string()
    };
    let mut s = head;
    if after_change {
        s.push(' ');
    }
    s.push_str(ELISION);
    if before_change {
        s.push(' ');
    }
    s.push_str(&tail);
    if !trail {
        s.truncate(s.trim_end().len());
    }
    s
}

/// Tokens joined, each whitespace run shown as one space.
fn spaced(toks: &[&str]) -> String {
    toks.iter()
        .map(|t| if is_space(t) { " " } else { t })
        .collect()
}

fn norm(t: &str) -> &str {
    if is_space(t) { " " } else { t }
}

fn is_space(t: &str) -> bool {
    t.starts_with(char::is_whitespace)
}

/// Runs of whitespace and runs of other characters.
fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut space = None;
    for (i, c) in s.char_indices() {
        let w = c.is_whitespace();
        if space.is_some_and(|sp| sp != w) {
            out.push(&s[start..i]);
            start = i;
        }
        space = Some(w);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    join_numbers(s, out)
}

/// Joins the groups of a number written with spaces between its thousands (« 11 000 »,
/// « 1 200 000 ») into one token, so that a changed amount reads as one.
fn join_numbers<'a>(s: &'a str, toks: Vec<&'a str>) -> Vec<&'a str> {
    let mut out: Vec<&'a str> = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let joins = |prev: &str| {
            i + 1 < toks.len()
                && prev.ends_with(|c: char| c.is_ascii_digit())
                && matches!(toks[i], " " | "\u{a0}" | "\u{202f}")
                && thousands(toks[i + 1])
        };
        match out.last().copied() {
            Some(prev) if is_space(toks[i]) && joins(prev) => {
                let begin = prev.as_ptr() as usize - s.as_ptr() as usize;
                let t = toks[i + 1];
                let stop = t.as_ptr() as usize - s.as_ptr() as usize + t.len();
                *out.last_mut().expect("a previous token") = &s[begin..stop];
                i += 2;
            }
            _ => {
                out.push(toks[i]);
                i += 1;
            }
        }
    }
    out
}

/// Three digits, then nothing or a non-digit (« 000 », « 500, »).
fn thousands(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() >= 3
        && b[..3].iter().all(u8::is_ascii_digit)
        && b.get(3).is_none_or(|c| !c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(ops: &[WordOp]) -> String {
        ops.iter()
            .map(|o| match o.op {
                Op::Equal => o.text.clone(),
                Op::Delete => format!("[-{}-]", o.text),
                Op::Insert => format!("{{+{}+}}", o.text),
            })
            .collect()
    }

    #[test]
    fn one_word_in_a_long_text_keeps_a_few_words_around() {
        let long = "Le réseau accompagne chaque année les jeunes de la région. ".repeat(400);
        let old = format!("{long}La Région finance 11 000 parcours. {long}");
        let new = old.replace("11 000", "11 500");
        let ops = diff(&old, &new);
        let s = show(&ops);
        assert_eq!(
            s,
            "… la région. La Région finance [-11 000-]{+11 500+} parcours. Le réseau accompagne chaque …"
        );
        assert!(s.len() < 200);
    }

    #[test]
    fn short_texts_are_kept_whole_and_spaces_normalised() {
        let ops = diff("un deux\n\ntrois quatre", "un deux trois cinq");
        assert_eq!(show(&ops), "un deux trois [-quatre-]{+cinq+}");
    }

    #[test]
    fn unrelated_long_texts_give_one_replacement() {
        let old = "a ".repeat(5_000);
        let new = "b ".repeat(5_000);
        let ops = diff(&old, &new);
        let kinds: Vec<Op> = ops.iter().map(|o| o.op).collect();
        assert_eq!(kinds, vec![Op::Delete, Op::Insert, Op::Equal]);
    }

    #[test]
    fn worth_needs_more_than_a_few_words() {
        assert!(!worth("Objet", "Objet de la convention"));
        assert!(worth("a b c d e f", "a b c d e g"));
    }
}
