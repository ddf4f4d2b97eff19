//! Decoding of the keys that say how the document reads: `[document]`, `[[sections]]`,
//! `[[quotations]]`, `[[annexes]]`, `[[governance.calendar]]`, and the values that take one
//! of several shapes (`clause`, `copies`, `include`).

use toml::de::DeValue;

use super::{Decode, Decoder, Path, Value};
use crate::date::Date;
use crate::diagnostic::closest;
use crate::model::*;
use crate::source::Sp;

/// `clause = "duree"` or `clause = ["duree", "modification"]`.
fn clauses(d: &mut Decoder, v: &Value<'_>, path: &Path<'_>) -> Option<OneOrMany<Sp<Clause>>> {
    match v.get_ref() {
        DeValue::Array(_) => Vec::<Sp<Clause>>::decode(d, v, path),
        _ => Sp::<Clause>::decode(d, v, path).map(|c| vec![c]),
    }
}

impl Decode for Sp<Copies> {
    const EXAMPLE: &'static str = "\"En deux exemplaires originaux\"";
    fn decode(d: &mut Decoder, v: &Value<'_>, path: &Path<'_>) -> Option<Self> {
        match v.get_ref() {
            DeValue::Integer(_) => {
                let n = Sp::<i64>::decode(d, v, path)?;
                if !(1..=100).contains(&n.value) {
                    d.error(
                        n.span,
                        format!("`{path}` doit être compris entre 1 et 100, trouvé {}", n.value),
                        "indiquez le nombre d'exemplaires, ou la formule des parties entre guillemets".into(),
                    );
                    return None;
                }
                Some(Sp::new(Copies::Count(n.value), n.span))
            }
            _ => Sp::<String>::decode(d, v, path).map(|s| Sp::new(Copies::Text(s.value), s.span)),
        }
    }
}

impl Decode for Sp<Include> {
    const EXAMPLE: &'static str = "\"objectives\"";
    fn decode(d: &mut Decoder, v: &Value<'_>, path: &Path<'_>) -> Option<Self> {
        let s = Sp::<String>::decode(d, v, path)?;
        match Include::parse(&s.value) {
            Ok(include) => Some(Sp::new(include, s.span)),
            Err(why) => {
                let kind = s.value.split(':').next().unwrap_or("");
                let mut help = format!(
                    "éléments possibles : {}",
                    crate::diagnostic::backticked(Include::KINDS)
                );
                if let Some(best) = closest(kind, Include::KINDS.iter().copied())
                    && best != kind
                {
                    help = format!("vouliez-vous dire `{best}` ? {help}");
                }
                d.error(s.span, format!("`{path}` : {why} (`{}`)", s.value), help);
                None
            }
        }
    }
}

table_decode!(
    Document,
    "{ … }",
    [
        "cover",
        "opening",
        "agreed",
        "levels",
        "objectives",
        "sides",
        "together",
        "visas",
        "annex_list"
    ],
    |d, t| {
        let opening: Vec<Sp<Opening>> = d.list(&t, "opening").ok()?;
        let levels = d.list(&t, "levels").ok()?;
        let sides = d.list(&t, "sides").ok()?;
        Some(Document {
            span: t.span,
            cover: d.opt(&t, "cover"),
            opening,
            agreed: d.opt(&t, "agreed"),
            levels,
            objectives: d.opt(&t, "objectives"),
            sides,
            together: d.opt(&t, "together"),
            visas: d.opt(&t, "visas"),
            annex_list: d.opt(&t, "annex_list"),
        })
    }
);

table_decode!(
    Level,
    "{ label = \"Article\", style = \"arabic\" }",
    ["label", "style", "suffix", "joiner", "separator", "ordinal"],
    |d, t| {
        Some(Level {
            span: t.span,
            label: d.opt(&t, "label"),
            style: d.opt(&t, "style"),
            suffix: d.opt(&t, "suffix"),
            joiner: d.opt(&t, "joiner"),
            separator: d.opt(&t, "separator"),
            ordinal: d.opt(&t, "ordinal"),
        })
    }
);

table_decode!(
    ObjectiveStyle,
    "{ label = \"Objectif\", scope = \"section\" }",
    ["label", "scope", "separator"],
    |d, t| {
        Some(ObjectiveStyle {
            span: t.span,
            label: d.opt(&t, "label"),
            scope: d.opt(&t, "scope"),
            separator: d.opt(&t, "separator"),
        })
    }
);

table_decode!(
    VisaStyle,
    "{ between = \";\", last = \",\" }",
    ["between", "last"],
    |d, t| {
        Some(VisaStyle {
            span: t.span,
            between: d.opt(&t, "between"),
            last: d.opt(&t, "last"),
        })
    }
);

table_decode!(
    Section,
    "[[sections]]",
    [
        "id", "level", "title", "number", "numbered", "clause", "text", "include"
    ],
    |d, t| {
        let title = d.req(&t, "title");
        let level: Option<Sp<i64>> = d.opt(&t, "level");
        if let Some(l) = &level
            && !(1..=6).contains(&l.value)
        {
            d.error(
                l.span,
                format!(
                    "`{}` doit être compris entre 1 et 6, trouvé {}",
                    t.path.key("level"),
                    l.value
                ),
                "1 pour un titre ou un article de premier rang, 2 pour ce qu'il contient…".into(),
            );
        }
        let clause = match t.table.get("clause") {
            Some(v) => clauses(d, v, &t.path.key("clause"))?,
            None => Vec::new(),
        };
        Some(Section {
            span: t.span,
            id: d.opt(&t, "id"),
            level,
            title: title?,
            number: d.opt(&t, "number"),
            numbered: d.opt(&t, "numbered"),
            clause,
            text: d.opt(&t, "text"),
            include: d.list(&t, "include").ok()?,
        })
    }
);

table_decode!(Quotation, "[[quotations]]", ["title", "text"], |d, t| {
    let text = d.req(&t, "text");
    Some(Quotation {
        span: t.span,
        title: d.opt(&t, "title"),
        text: text?,
    })
});

table_decode!(
    AnnexSpec,
    "[[annexes]]",
    ["kind", "title", "number", "file", "text"],
    |d, t| {
        let kind: Option<Sp<AnnexKind>> = d.req(&t, "kind");
        let spec = AnnexSpec {
            span: t.span,
            kind: kind?,
            title: d.opt(&t, "title"),
            number: d.opt(&t, "number"),
            file: d.opt(&t, "file"),
            text: d.opt(&t, "text"),
        };
        let needs = match spec.kind.value {
            AnnexKind::Document if spec.file.is_none() => {
                Some(("file", "file = \"annexes/cadre.pdf\""))
            }
            AnnexKind::Text if spec.text.is_none() => Some(("text", "text = \"…\"")),
            _ => None,
        };
        if let Some((key, example)) = needs {
            d.error(
                t.span,
                format!(
                    "`{}` (kind = \"{}\") demande `{key}`",
                    t.path, spec.kind.value
                ),
                format!("ajoutez `{example}`"),
            );
            return None;
        }
        Some(spec)
    }
);

table_decode!(
    Milestone,
    "[[governance.calendar]]",
    ["date", "when", "text"],
    |d, t| {
        let date: Option<Sp<Date>> = d.opt(&t, "date");
        let when: Option<Sp<String>> = d.opt(&t, "when");
        let text = d.req(&t, "text");
        if date.is_none() && when.is_none() {
            d.error(
                t.span,
                format!("l'étape `{}` n'a ni `date` ni `when`", t.path),
                "ajoutez `date = 2026-03-17` ou `when = \"février-mars 2026\"`".into(),
            );
            return None;
        }
        Some(Milestone {
            span: t.span,
            date,
            when,
            text: text?,
        })
    }
);
