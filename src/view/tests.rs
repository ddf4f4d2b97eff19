use super::*;
use crate::load;

/// The text of inlines, no-break spaces as spaces.
fn plain(c: &[Inline]) -> String {
    crate::markup::plain(c).replace(['\u{a0}', '\u{202f}'], " ")
}

const BASE: &str = include_str!("../../tests/fixtures/base/crpc-minimal/convention.toml");
const ANNEX: &str = include_str!("../../tests/fixtures/base/crpc-minimal/annexes/2025.toml");

/// The view of the base convention with `extra` appended and `edits` applied.
fn view_with(edits: &[(&str, &str)], extra: &str, annexes: &[(&str, &str)]) -> DocView {
    let mut text = BASE.to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "base lacks {from:?}");
        text = text.replacen(from, to, 1);
    }
    text.push('\n');
    text.push_str(extra);
    let ws = load::from_texts(&text, annexes);
    assert!(
        ws.diagnostics.is_empty(),
        "{:#?}",
        ws.diagnostics
            .iter()
            .map(|d| &d.message)
            .collect::<Vec<_>>()
    );
    let unit = &ws.units[0];
    let conv = unit.convention.as_ref().unwrap();
    let annexes: Vec<&Annex> = unit
        .annexes
        .iter()
        .filter_map(|a| a.annex.as_ref())
        .collect();
    build(conv, &annexes, "0".repeat(12))
}

fn headings(sections: &[SectionView], out: &mut Vec<String>) {
    for s in sections {
        out.push(plain(&s.heading));
        let children: Vec<SectionView> = s
            .content
            .iter()
            .filter_map(|i| match i {
                Item::Section { s } => Some(s.clone()),
                Item::Block { .. } => None,
            })
            .collect();
        headings(&children, out);
    }
}

fn all_headings(v: &DocView) -> Vec<String> {
    let mut out = Vec::new();
    headings(&v.body, &mut out);
    out
}

#[test]
fn the_default_crpc_layout_follows_the_cnefop_model() {
    let v = view_with(&[], "", &[("2025.toml", ANNEX)]);
    let h = all_headings(&v);
    assert_eq!(h[0], "Titre I – Diagnostic partagé");
    assert!(h.contains(&"II-1 – Mobilisation coordonnée des outils des politiques de l’emploi et de la formation professionnelle".to_string()), "{h:?}");
    assert!(
        h.contains(&"II-4 – Évaluation des actions entreprises".to_string()),
        "{h:?}"
    );
    // Objectives numbered from 1 in each chapter.
    assert_eq!(
        h.iter().filter(|x| x.starts_with("Objectif 1 :")).count(),
        4,
        "{h:?}"
    );
    assert!(h.contains(&"IV-1 – Pilotage".to_string()));
}

#[test]
fn each_level_is_numbered_as_the_parties_say() {
    let sections = r#"
[document]
levels = [
  { label = "ARTICLE", style = "arabic", separator = " : " },
  { style = "parent", joiner = "-", separator = " " },
]

[[sections]]
title = "OBJET"
include = ["objectives", "coordination-plan"]

[[sections]]
title = "ENGAGEMENTS"

[[sections]]
level = 2
title = "Coordination"

[[sections]]
level = 2
title = "Animation"

[[sections]]
title = "AJOUT"
number = "ARTICLE 2 bis"

[[sections]]
title = "Sans numéro"
numbered = false

[[sections]]
title = "DURÉE"
include = ["steering", "evaluation"]
"#;
    let v = view_with(&[], sections, &[]);
    let h = all_headings(&v);
    assert_eq!(
        h.iter()
            .filter(|x| !x.starts_with("Objectif"))
            .collect::<Vec<_>>(),
        [
            "ARTICLE 1ER : OBJET",
            "ARTICLE 2 : ENGAGEMENTS",
            "2-1 Coordination",
            "2-2 Animation",
            "ARTICLE 2 bis : AJOUT",
            "Sans numéro",
            "ARTICLE 3 : DURÉE",
        ]
    );
    // With a label « Article », the first is an ordinal.
    let v = view_with(
        &[],
        "[document]\nlevels = [{ label = \"Article\" }]\n\n[[sections]]\ntitle = \"Objet\"\ninclude = [\"objectives\", \"coordination-plan\", \"steering\", \"evaluation\"]\n",
        &[],
    );
    assert_eq!(all_headings(&v)[0], "Article 1er – Objet");
    let sup = v.body[0]
        .number
        .iter()
        .any(|i| matches!(i, Inline::Sup { .. }));
    assert!(sup, "1er in superscript");
    // Roman parts.
    let v = view_with(
        &[],
        "[document]\nlevels = [{ style = \"roman\", suffix = \".\", separator = \" \" }]\n\n[[sections]]\ntitle = \"A\"\n\n[[sections]]\ntitle = \"B\"\ninclude = [\"objectives\", \"coordination-plan\", \"steering\", \"evaluation\"]\n",
        &[],
    );
    assert_eq!(all_headings(&v)[..2], ["I. A", "II. B"]);
}

#[test]
fn open_periods_and_tacit_renewal_read_as_written() {
    let v = view_with(&[("end = 2027-12-31\n", "")], "", &[]);
    assert_eq!(plain(&v.period), "À compter du 1er janvier 2025");
    fn term(t: &str) -> Vec<(&'static str, &str)> {
        vec![("end = 2027-12-31\n", ""), ("[convention.signature]", t)]
    }
    let v = view_with(
        &term(
            "[convention.term]\neffective = \"signature\"\nuntil = \"jusqu'à l'application du prochain CPRDFOP\"\n\n[convention.signature]",
        ),
        "",
        &[],
    );
    assert_eq!(
        plain(&v.period),
        "À compter de sa date de signature jusqu’à l’application du prochain CPRDFOP"
    );
    let v = view_with(
        &term(
            "[convention.term]\nyears = 2\nrenewals = 2\nrenewal_years = 1\n\n[convention.signature]",
        ),
        "",
        &[],
    );
    assert_eq!(
        plain(&v.period),
        "À compter du 1er janvier 2025, pour une durée de 2 ans, tacitement reconductible deux fois un an"
    );
}

fn front_text(v: &DocView) -> Vec<String> {
    let mut out = Vec::new();
    for f in &v.front {
        match f {
            Front::Parties { lines } => out.extend(lines.iter().map(|l| match l {
                PartyLine::Word { c } | PartyLine::Line { c } => plain(c),
                PartyLine::Party { c, .. } => plain(c),
            })),
            Front::Visas { visas, .. } => out.extend(visas.iter().map(|v| plain(v))),
            Front::Agreed { c } => out.push(plain(c)),
            Front::Preamble { title, .. } => out.push(plain(title)),
            Front::Quotations { quotes } => out.extend(
                quotes
                    .iter()
                    .filter_map(|q| q.title.as_ref().map(|t| plain(t))),
            ),
        }
    }
    out
}

#[test]
fn opening_blocks_in_the_parties_order_with_sides_and_the_avis_in_place() {
    let extra = "[document]\nopening = [\"visas\", \"parties\"]\nsides = [[\"etat\", \"region\"], [\"ft\", \"ml\", \"cap\", \"mde\", \"plie\"]]\ntogether = \"les signataires\"\n";
    let v = view_with(
        &[(
            "[[visas]]\nref = \"srdeii\"",
            "[[visas]]\nopinion = true\n\n[[visas]]\nref = \"srdeii\"",
        )],
        extra,
        &[],
    );
    let t = front_text(&v);
    assert!(t[0].starts_with("Vu l’article"), "{t:?}");
    let avis = t.iter().position(|x| x.starts_with("Vu l’avis")).unwrap();
    let srdeii = t.iter().position(|x| x.contains("SRDEII")).unwrap();
    assert!(avis < srdeii, "{t:?}");
    let entre = t.iter().position(|x| x == "ENTRE").unwrap();
    assert!(entre > srdeii, "visas first: {t:?}");
    assert!(t.contains(&"d’une part,".to_string()) && t.contains(&"d’autre part,".to_string()));
    assert!(
        t.iter()
            .any(|x| x == "ci-après dénommés ensemble « les signataires »."),
        "{t:?}"
    );
    assert!(
        !t.iter().any(|x| x.contains("CONVENU")),
        "not asked for: {t:?}"
    );
}

fn annex_blocks(v: &DocView) -> &[Block] {
    &v.annexes[0].blocks
}

fn tables(blocks: &[Block]) -> Vec<&crate::markup::Table> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect()
}

#[test]
fn means_are_grouped_by_objective_with_subtotals_and_never_empty() {
    let annex = ANNEX.to_string()
        + "\n[[means]]\nobjective = \"mobiliser\"\nsignatory = \"region\"\nbudget_eur = 5000\n";
    let v = view_with(&[], "", &[("2025.toml", &annex)]);
    let t = tables(annex_blocks(&v));
    let means = t[0];
    let first = plain(&means.rows[0].cells[0]);
    assert!(first.starts_with("II-1 – Objectif 1 :"), "{first}");
    // The objective's title once, then a subtotal of its two rows, then the total.
    assert!(plain(&means.rows[1].cells[0]).is_empty());
    assert!(means.rows[2].total && plain(&means.rows[2].cells[0]).starts_with("Sous-total"));
    assert!(means.rows.last().unwrap().total);
    // An annex without means has no means table and no « Total 0 € ».
    let empty = "[annex]\nconvention = \"crpc-minimal\"\nyear = 2025\n\n[[targets]]\nindicator = \"nb-parcours\"\ntarget = 10.0\n";
    let v = view_with(&[], "", &[("2025.toml", empty)]);
    let text: String = annex_blocks(&v).iter().map(|b| format!("{b:?}")).collect();
    assert!(
        !text.contains("Total") && !text.contains("Moyens"),
        "{text}"
    );
}

#[test]
fn signature_boxes_in_the_chosen_order_with_their_lines() {
    let v = view_with(
        &[(
            "date = 2025-03-14",
            "date = 2025-03-14\norder = [\"region\", \"etat\"]\ncopies = \"En deux exemplaires.\"",
        )],
        "",
        &[],
    );
    let s = &v.signature;
    assert_eq!(s.boxes[0].id, "region");
    assert_eq!(s.boxes[1].id, "etat");
    let lines: Vec<String> = s.boxes[1].lines.iter().map(|l| plain(l)).collect();
    assert_eq!(
        lines,
        [
            "Pour l’État,",
            "La Préfète de la région Test,",
            "Anne Préfète"
        ]
    );
    assert_eq!(plain(s.copies.as_ref().unwrap()), "En deux exemplaires.");
    // Every signatory signs, even one the order forgot.
    assert_eq!(s.boxes.len(), 7);
}

#[test]
fn blanks_when_place_and_date_are_not_known() {
    let v = view_with(
        &[("place = \"Ville-Test\"\ndate = 2025-03-14\n", "")],
        "",
        &[],
    );
    assert_eq!(
        plain(&v.signature.place_date),
        "Fait à ………………………, le ………………………"
    );
}

#[test]
fn fingerprint_changes_with_any_file() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base/crpc-minimal");
    let ws = load::load(std::slice::from_ref(&dir)).unwrap();
    let a = fingerprint(&ws, &ws.units[0]);
    assert_eq!(a.len(), 12);
    assert_eq!(fingerprint(&ws, &ws.units[0]), a, "stable");
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("crpc-minimal");
    std::fs::create_dir_all(copy.join("annexes")).unwrap();
    std::fs::copy(dir.join("convention.toml"), copy.join("convention.toml")).unwrap();
    for y in ["2025", "2026", "2027"] {
        let text = std::fs::read_to_string(dir.join(format!("annexes/{y}.toml"))).unwrap();
        let text = if y == "2027" {
            text.replacen("10000", "10001", 1)
        } else {
            text
        };
        std::fs::write(copy.join(format!("annexes/{y}.toml")), text).unwrap();
    }
    let ws2 = load::load(&[copy]).unwrap();
    assert_ne!(fingerprint(&ws2, &ws2.units[0]), a);
}
