//! Decoding a spanned TOML tree into the model, reporting *every* schema error (`schema`).
//!
//! serde stops at the first error and speaks English; this decoder walks the tree that
//! `toml` parsed, checks types, required keys, unknown keys (with "did you mean") and
//! enum values, and says in French what is wrong and how to fix it.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::findings::SCHEMA;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, backticked, closest};
use crate::model::*;
use crate::source::{FileId, Sp, Span};

type Value<'i> = Spanned<DeValue<'i>>;

/// Collects the schema errors of one file.
pub(crate) struct Decoder {
    pub file: FileId,
    pub diagnostics: Vec<Diagnostic>,
}

/// A TOML table being decoded, with its path for messages (`signatories[1]`).
pub(crate) struct Table<'a, 'i, 'p> {
    table: &'a DeTable<'i>,
    span: Span,
    path: Path<'p>,
}

/// Where a value sits in the file (`objectives[2].commitments[0]`), built lazily: a chain of
/// borrowed parents that is only turned into text when a message needs it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl<'p> Path<'p> {
    fn key(&'p self, key: &'p str) -> Path<'p> {
        Path::Key(self, key)
    }
    fn index(&'p self, i: usize) -> Path<'p> {
        Path::Index(self, i)
    }
    fn is_root(&self) -> bool {
        matches!(self, Path::Root)
    }
    /// The last key of the path (`start` for `convention.start`).
    fn last_key(&self) -> String {
        match self {
            Path::Key(_, k) => (*k).to_string(),
            Path::Index(parent, _) => parent.last_key(),
            Path::Root => String::new(),
        }
    }
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(parent, key) if parent.is_root() => f.write_str(key),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

fn span_of<T>(v: &Spanned<T>) -> Span {
    v.span().into()
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "une chaîne",
        DeValue::Integer(_) => "un entier",
        DeValue::Float(_) => "un nombre décimal",
        DeValue::Boolean(_) => "un booléen",
        DeValue::Datetime(_) => "une date",
        DeValue::Array(_) => "un tableau",
        DeValue::Table(_) => "une table",
    }
}

impl Decoder {
    pub fn new(file: FileId) -> Self {
        Decoder {
            file,
            diagnostics: Vec::new(),
        }
    }

    fn error(&mut self, span: Span, message: String, help: String) {
        self.diagnostics
            .push(SCHEMA.at(self.file, span, message).help(help));
    }

    fn type_error(&mut self, v: &Value<'_>, path: &Path<'_>, expected: &str, help: &str) {
        let found = type_name(v.get_ref());
        self.error(
            span_of(v),
            format!("`{path}` doit être {expected}, trouvé {found}"),
            help.to_string(),
        );
    }

    /// Opens a table value, reporting keys that are not in `keys`.
    pub fn table<'a, 'i, 'p>(
        &mut self,
        v: &'a Value<'i>,
        path: &Path<'p>,
        keys: &[&'static str],
    ) -> Option<Table<'a, 'i, 'p>> {
        let DeValue::Table(table) = v.get_ref() else {
            self.type_error(
                v,
                path,
                "une table",
                "écrivez une table `[...]` ou `{ ... }`",
            );
            return None;
        };
        for (key, _) in table.iter() {
            let name: &str = key.get_ref();
            if keys.contains(&name) {
                continue;
            }
            let help = match closest(name, keys.iter().copied()) {
                Some(best) => format!(
                    "vouliez-vous dire `{best}` ? Clés valides : {}",
                    backticked(keys)
                ),
                None => format!("clés valides ici : {}", backticked(keys)),
            };
            let where_ = if path.is_root() {
                "à la racine du fichier".to_string()
            } else {
                format!("dans `{path}`")
            };
            self.error(
                span_of(key),
                format!("clé inconnue `{name}` {where_}"),
                help,
            );
        }
        Some(Table {
            table,
            span: span_of(v),
            path: *path,
        })
    }

    /// A required key; reports its absence at the table's header.
    pub fn req<T: Decode>(&mut self, t: &Table<'_, '_, '_>, key: &str) -> Option<T> {
        match t.table.get(key) {
            Some(v) => T::decode(self, v, &t.path.key(key)),
            None => {
                let where_ = if t.path.is_root() {
                    "à la racine du fichier".to_string()
                } else {
                    format!("de `{}`", t.path)
                };
                self.error(
                    t.span,
                    format!("clé obligatoire `{key}` absente {where_}"),
                    format!("ajoutez `{key} = {}`", T::EXAMPLE),
                );
                None
            }
        }
    }

    /// An optional key: `None` when absent (or invalid, which is reported).
    pub fn opt<T: Decode>(&mut self, t: &Table<'_, '_, '_>, key: &str) -> Option<T> {
        t.table
            .get(key)
            .and_then(|v| T::decode(self, v, &t.path.key(key)))
    }

    /// An optional array: empty when absent. `Err(())` when present but invalid.
    pub fn list<T: Decode>(&mut self, t: &Table<'_, '_, '_>, key: &str) -> Result<Vec<T>, ()> {
        match t.table.get(key) {
            None => Ok(Vec::new()),
            Some(v) => Vec::<T>::decode(self, v, &t.path.key(key)).ok_or(()),
        }
    }

    fn non_negative(&mut self, v: &Option<Sp<f64>>, path: &Path<'_>) {
        if let Some(x) = v
            && x.value < 0.0
        {
            self.error(
                x.span,
                format!("`{path}` ne peut pas être négatif ({})", x.value),
                "indiquez une valeur positive ou nulle".into(),
            );
        }
    }
}

/// A value that can be read from TOML.
pub(crate) trait Decode: Sized {
    /// What to write, shown in "add this key" hints.
    const EXAMPLE: &'static str;
    fn decode(d: &mut Decoder, v: &Value<'_>, path: &Path<'_>) -> Option<Self>;
}

impl Decode for Sp<String> {
    const EXAMPLE: &'static str = "\"…\"";
    fn decode(d: &mut Decoder, v: &Value<'_>, path: &Path<'_>) -> Option<Self> {
        match v.get_ref() {
            DeValue::String(s) => Some(Sp::new(s.to_string(), span_of(v))),
            _ => {
                d.type_error(
                    v,
                    path,
                    "une chaîne",
                    "mettez la valeur entre guillemets : \"…\"",
                );
                None
            }
        }
    }
}

impl Decode for Sp<f64> {
    const EXAMPLE: &'static str = "<nombre>";
    fn decode(d: &mut Decoder, v: &Value<'_>, path: &Path<'_>) -> Option<Self> {
        let x = match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(&digits(i.as_str()), i.radix()) {
                Ok(i) => i as f64,
                Err(_) => {
                    d.error(
                        span_of(v),
                        format!("`{path}` : nombre hors limites"),
                        "un montant ou un effectif tient sur moins de 19 chiffres : vérifiez la valeur"
                            .into(),
                    );
                    return None;
                }
            },
            DeValue::Float(f) => digits(f.as_str()).parse::<f64>().unwrap_or(f64::NAN),
            _ => {
                d.type_error(
                    v,
                    path,
                    "un nombre",
                    "écrivez un nombre sans guillemets, par exemple 2.5 ou 150000",
                );
                return None;
            }
        };
        if x.is_finite() {
            Some(Sp::new(x, span_of(v)))
        } else {
            d.error(
                span_of(v),
                format!("`{path}` doit être un nombre fini"),
                "nan et inf ne sont pas des montants ni des effectifs : indiquez une valeur chiffrée"
                    .into(),
            );
            None
        }
    }
}

/// A TOML number without its `_` separators (borrowed when it has none, the usual case).
fn digits(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains('_') {
        std::borrow::Cow::Owned(s.replace('_', ""))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

impl Decode for Sp<i64> {
    const EXAMPLE: &'static str = "AAAA";
    fn decode(d: &mut Decoder, v: &Value<'_>, path: &Path<'_>) -> Option<Self> {
        match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(&digits(i.as_str()), i.radix()) {
                Ok(n) => Some(Sp::new(n, span_of(v))),
                Err(_) => {
                    d.error(
                        span_of(v),
                        format!("`{path}` : entier hors limites"),
                        "indiquez une année, par exemple 2025".into(),
                    );
                    None
                }
            },
            _ => {
                d.type_error(
                    v,
                    path,
                    "un entier",
                    "écrivez un entier sans guillemets, par exemple 2025",
                );
                None
            }
        }
    }
}

impl Decode for Sp<bool> {
    const EXAMPLE: &'static str = "true";
    fn decode(d: &mut Decoder, v: &Value<'_>, path: &Path<'_>) -> Option<Self> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(Sp::new(*b, span_of(v))),
            _ => {
                d.type_error(
                    v,
                    path,
                    "un booléen",
                    "écrivez `true` ou `false`, sans guillemets",
                );
                None
            }
        }
    }
}

impl Decode for Sp<Date> {
    const EXAMPLE: &'static str = "AAAA-MM-JJ";
    fn decode(d: &mut Decoder, v: &Value<'_>, path: &Path<'_>) -> Option<Self> {
        match v.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(date), None, None) => {
                    match Date::new(i32::from(date.year), date.month, date.day) {
                        Some(date) => Some(Sp::new(date, span_of(v))),
                        None => {
                            d.error(
                                span_of(v),
                                format!("`{path}` : cette date n'existe pas"),
                                "vérifiez le jour et le mois".into(),
                            );
                            None
                        }
                    }
                }
                _ => {
                    d.error(
                        span_of(v),
                        format!("`{path}` doit être une date seule, sans heure"),
                        "écrivez la date sous la forme AAAA-MM-JJ, par exemple 2025-03-14".into(),
                    );
                    None
                }
            },
            DeValue::String(s) if looks_like_date(s) => {
                d.error(
                    span_of(v),
                    format!("`{path}` doit être une date TOML, pas une chaîne"),
                    format!("retirez les guillemets : {} = {s}", path.last_key()),
                );
                None
            }
            _ => {
                d.type_error(
                    v,
                    path,
                    "une date",
                    "écrivez la date sans guillemets sous la forme AAAA-MM-JJ",
                );
                None
            }
        }
    }
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10 && b[4] == b'-' && b[7] == b'-'
}

/// Closed sets of values (enums of the model).
pub(crate) trait Keyword: Copy + 'static {
    const VALUES: &'static [&'static str];
    fn parse_keyword(s: &str) -> Option<Self>;
    /// « vouliez-vous dire `…` ? » for a misspelt value, if one is close enough.
    fn suggestion(s: &str) -> Option<String> {
        closest(s, Self::VALUES.iter().copied()).map(|best| format!("vouliez-vous dire `{best}` ?"))
    }
    /// The valid values, for the help line.
    fn values() -> String {
        backticked(Self::VALUES)
    }
}

macro_rules! keywords {
    ($($t:ty),+) => {$(
        impl Keyword for $t {
            const VALUES: &'static [&'static str] = <$t>::ALL;
            fn parse_keyword(s: &str) -> Option<Self> { <$t>::parse(s) }
        }
    )+};
}
keywords!(
    Kind,
    Status,
    Role,
    Axis,
    Clause,
    Unit,
    Effective,
    Opening,
    NumberStyle,
    ObjectiveScope,
    AnnexKind,
    Gender,
    Representation,
    MandateAs,
    Better
);

/// Rhythms: a suggestion says what it means, and only a very close value is suggested (see
/// [`Frequency::suggest`]).
impl Keyword for Frequency {
    const VALUES: &'static [&'static str] = Frequency::ALL;
    fn parse_keyword(s: &str) -> Option<Self> {
        Frequency::parse(s)
    }
    fn suggestion(s: &str) -> Option<String> {
        Frequency::suggest(s).map(|f| {
            format!(
                "vouliez-vous dire `{f}` ({}) ?",
                crate::french::wording::frequency_meaning(f)
            )
        })
    }
    fn values() -> String {
        Frequency::VARIANTS
            .iter()
            .map(|f| format!("`{f}` ({})", crate::french::wording::frequency_meaning(*f)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl<K: Keyword> Decode for Sp<K> {
    const EXAMPLE: &'static str = "\"…\"";
    fn decode(d: &mut Decoder, v: &Value<'_>, path: &Path<'_>) -> Option<Self> {
        let s = Sp::<String>::decode(d, v, path)?;
        match K::parse_keyword(&s) {
            Some(k) => Some(Sp::new(k, s.span)),
            None => {
                let mut help = format!("valeurs possibles : {}", K::values());
                if let Some(suggestion) = K::suggestion(&s) {
                    help = format!("{suggestion} {help}");
                }
                d.error(
                    s.span,
                    format!("valeur inconnue `{}` pour `{path}`", s.value),
                    help,
                );
                None
            }
        }
    }
}

impl<T: Decode> Decode for Vec<T> {
    const EXAMPLE: &'static str = "[]";
    fn decode(d: &mut Decoder, v: &Value<'_>, path: &Path<'_>) -> Option<Self> {
        let DeValue::Array(items) = v.get_ref() else {
            d.type_error(
                v,
                path,
                "un tableau",
                "écrivez un tableau [\"…\", \"…\"] ou des tables [[…]]",
            );
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match T::decode(d, item, &path.index(i)) {
                Some(x) => out.push(x),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }
}

/// Implements [`Decode`] for a model table: `$keys` are its valid keys, `$body` builds it.
macro_rules! table_decode {
    ($t:ty, $example:literal, [$($key:literal),* $(,)?], |$d:ident, $tb:ident| $body:block) => {
        impl Decode for $t {
            const EXAMPLE: &'static str = $example;
            fn decode($d: &mut Decoder, v: &Value<'_>, path: &Path<'_>) -> Option<Self> {
                let $tb = $d.table(v, path, &[$($key),*])?;
                $body
            }
        }
    };
}

table_decode!(
    Signature,
    "{ place = \"…\", date = 2025-01-01 }",
    ["place", "date", "copies", "order"],
    |d, t| {
        let place = d.opt(&t, "place");
        let date = d.opt(&t, "date");
        let copies = d.opt(&t, "copies");
        let order = d.list(&t, "order");
        Some(Signature {
            span: t.span,
            place,
            date,
            copies,
            order: order.ok()?,
        })
    }
);

table_decode!(
    ConventionHeader,
    "{ … }",
    [
        "id",
        "kind",
        "title",
        "short_title",
        "region",
        "start",
        "end",
        "term",
        "status",
        "regime",
        "signature"
    ],
    |d, t| {
        let id = d.req(&t, "id");
        let kind = d.req(&t, "kind");
        let title = d.req(&t, "title");
        let short_title = d.opt(&t, "short_title");
        let region = d.req(&t, "region");
        let start = d.req(&t, "start");
        let end: Option<Sp<Date>> = d.opt(&t, "end");
        let term: Option<Term> = d.opt(&t, "term");
        let status = d.req(&t, "status");
        let regime: Option<Sp<String>> = d.opt(&t, "regime");
        if let Some(r) = &regime
            && crate::model::regime::by_id(r).is_none()
        {
            d.error(
                r.span,
                format!("régime juridique inconnu `{}`", r.value),
                format!(
                    "régimes connus : {}",
                    backticked(crate::model::regime::ids())
                ),
            );
        }
        let signature = d.opt(&t, "signature");
        Some(ConventionHeader {
            span: t.span,
            id: id?,
            kind: kind?,
            title: title?,
            short_title,
            region: region?,
            start: start?,
            end,
            term,
            status: status?,
            regime,
            signature,
        })
    }
);

table_decode!(
    Term,
    "{ until = \"…\" }",
    [
        "effective",
        "until",
        "years",
        "renewals",
        "renewal_years",
        "tacit"
    ],
    |d, t| {
        let term = Term {
            span: t.span,
            effective: d.opt(&t, "effective"),
            until: d.opt(&t, "until"),
            years: d.opt(&t, "years"),
            renewals: d.opt(&t, "renewals"),
            renewal_years: d.opt(&t, "renewal_years"),
            tacit: d.opt(&t, "tacit"),
        };
        for (key, value, max) in [
            ("years", &term.years, 20),
            ("renewals", &term.renewals, 10),
            ("renewal_years", &term.renewal_years, 20),
        ] {
            if let Some(v) = value
                && !(1..=max).contains(&v.value)
            {
                d.error(
                    v.span,
                    format!(
                        "`{}` doit être compris entre 1 et {max}, trouvé {}",
                        t.path.key(key),
                        v.value
                    ),
                    "indiquez un nombre d'années entier, par exemple `years = 3`".into(),
                );
            }
        }
        if term.renewal_years.is_some() && term.renewals.is_none() {
            d.error(
                t.span,
                format!("`{}` donne `renewal_years` sans `renewals`", t.path),
                "indiquez aussi le nombre de reconductions, par exemple `renewals = 2`".into(),
            );
        }
        Some(term)
    }
);

table_decode!(
    Representative,
    "{ name = \"…\", capacity = \"…\" }",
    ["name", "capacity", "civility", "gender", "signing_as"],
    |d, t| {
        let name = d.opt(&t, "name");
        let capacity = d.opt(&t, "capacity");
        Some(Representative {
            span: t.span,
            name,
            capacity,
            civility: d.opt(&t, "civility"),
            gender: d.opt(&t, "gender"),
            signing_as: d.opt(&t, "signing_as"),
        })
    }
);

table_decode!(
    Signatory,
    "[[signatories]]",
    [
        "id",
        "role",
        "name",
        "address",
        "represented_by",
        "mandate",
        "logo",
        "short_name",
        "designation",
        "gender",
        "plural",
        "representation",
        "mandate_as",
        "statement"
    ],
    |d, t| {
        let id = d.req(&t, "id");
        let role = d.req(&t, "role");
        let name = d.req(&t, "name");
        let address = d.opt(&t, "address");
        let represented_by = d.opt(&t, "represented_by");
        let mandate = d.opt(&t, "mandate");
        let logo = d.opt(&t, "logo");
        Some(Signatory {
            span: t.span,
            id: id?,
            role: role?,
            name: name?,
            address,
            represented_by,
            mandate,
            logo,
            short_name: d.opt(&t, "short_name"),
            designation: d.opt(&t, "designation"),
            gender: d.opt(&t, "gender"),
            plural: d.opt(&t, "plural"),
            representation: d.opt(&t, "representation"),
            mandate_as: d.opt(&t, "mandate_as"),
            statement: d.opt(&t, "statement"),
        })
    }
);

table_decode!(
    AbsentRole,
    "[[absent_roles]]",
    ["role", "reason"],
    |d, t| {
        let role = d.req(&t, "role");
        let reason = d.req(&t, "reason");
        Some(AbsentRole {
            span: t.span,
            role: role?,
            reason: reason?,
        })
    }
);

table_decode!(
    Visa,
    "[[visas]]",
    ["ref", "text", "date", "opinion"],
    |d, t| {
        let reference = d.opt(&t, "ref");
        let text = d.opt(&t, "text");
        let date = d.opt(&t, "date");
        let opinion: Option<Sp<bool>> = d.opt(&t, "opinion");
        let is_opinion = opinion.as_ref().is_some_and(|o| o.value);
        if !t.table.contains_key("ref") && !t.table.contains_key("text") && !is_opinion {
            d.error(
            t.span,
            format!("le visa `{}` n'a ni `ref` ni `text`", t.path),
            "ajoutez `ref = \"code-travail:L6123-4\"` (référence connue), `text = \"…\"` ou `opinion = true` (l'avis du comité régional)".into(),
        );
            return None;
        }
        Some(Visa {
            span: t.span,
            reference,
            text,
            date,
            opinion,
        })
    }
);

table_decode!(Preamble, "{ text = \"…\" }", ["text"], |d, t| {
    let text = d.req(&t, "text");
    Some(Preamble {
        span: t.span,
        text: text?,
    })
});

table_decode!(
    Commitment,
    "[[objectives.commitments]]",
    ["signatory", "text"],
    |d, t| {
        let signatory = d.req(&t, "signatory");
        let text = d.req(&t, "text");
        Some(Commitment {
            span: t.span,
            signatory: signatory?,
            text: text?,
        })
    }
);

table_decode!(
    Baseline,
    "{ year = 2024, value = 0.0 }",
    ["year", "value"],
    |d, t| {
        let year = d.req(&t, "year");
        let value = d.req(&t, "value");
        Some(Baseline {
            span: t.span,
            year: year?,
            value: value?,
        })
    }
);

table_decode!(
    Indicator,
    "[[objectives.indicators]]",
    [
        "id",
        "label",
        "unit",
        "frequency",
        "source",
        "baseline",
        "group",
        "better"
    ],
    |d, t| {
        let id = d.req(&t, "id");
        let label = d.req(&t, "label");
        let unit = d.req(&t, "unit");
        let frequency = d.opt(&t, "frequency");
        let source = d.opt(&t, "source");
        let baseline = d.opt(&t, "baseline");
        Some(Indicator {
            span: t.span,
            id: id?,
            label: label?,
            unit: unit?,
            frequency,
            source,
            baseline,
            group: d.opt(&t, "group"),
            better: d.opt(&t, "better"),
        })
    }
);

table_decode!(
    Objective,
    "[[objectives]]",
    [
        "id",
        "axis",
        "title",
        "description",
        "actions",
        "signatories",
        "commitments",
        "indicators"
    ],
    |d, t| {
        let id = d.req(&t, "id");
        let axis = d.req(&t, "axis");
        let title = d.req(&t, "title");
        let description = d.opt(&t, "description");
        let actions = d.list(&t, "actions");
        let signatories = d.list(&t, "signatories");
        let commitments = d.list(&t, "commitments");
        let indicators = d.list(&t, "indicators");
        Some(Objective {
            span: t.span,
            id: id?,
            axis: axis?,
            title: title?,
            description,
            actions: actions.ok()?,
            signatories: signatories.ok()?,
            commitments: commitments.ok()?,
            indicators: indicators.ok()?,
        })
    }
);

table_decode!(
    NotApplicable,
    "[[not_applicable]]",
    ["signatory", "axis", "reason"],
    |d, t| {
        let signatory = d.req(&t, "signatory");
        let axis = d.req(&t, "axis");
        let reason = d.req(&t, "reason");
        Some(NotApplicable {
            span: t.span,
            signatory: signatory?,
            axis: axis?,
            reason: reason?,
        })
    }
);

table_decode!(
    Tool,
    "[[coordination_plan.tools]]",
    ["name", "operators", "area"],
    |d, t| {
        let name = d.req(&t, "name");
        let operators = d.list(&t, "operators");
        let area = d.opt(&t, "area");
        Some(Tool {
            span: t.span,
            name: name?,
            operators: operators.ok()?,
            area,
        })
    }
);

table_decode!(
    CoordinationPlan,
    "{ text = \"…\" }",
    ["text", "tools"],
    |d, t| {
        let text = d.opt(&t, "text");
        let tools = d.list(&t, "tools");
        Some(CoordinationPlan {
            span: t.span,
            text,
            tools: tools.ok()?,
        })
    }
);

table_decode!(
    Steering,
    "{ body = \"…\", members = [] }",
    ["body", "frequency", "members", "other_members", "rhythm"],
    |d, t| {
        let body = d.req(&t, "body");
        let frequency = d.opt(&t, "frequency");
        let members = d.list(&t, "members");
        Some(Steering {
            span: t.span,
            body: body?,
            frequency,
            members: members.ok()?,
            other_members: d.list(&t, "other_members").ok()?,
            rhythm: d.opt(&t, "rhythm"),
        })
    }
);

table_decode!(
    Opinion,
    "{ body = \"…\", date = 2025-01-01 }",
    ["body", "date"],
    |d, t| {
        let body = d.req(&t, "body");
        let date = d.opt(&t, "date");
        Some(Opinion {
            span: t.span,
            body: body?,
            date,
        })
    }
);

table_decode!(
    Governance,
    "{ … }",
    ["steering", "evaluation", "opinion", "calendar"],
    |d, t| {
        let steering = d.opt(&t, "steering");
        let evaluation = d.opt(&t, "evaluation");
        let opinion = d.opt(&t, "opinion");
        let calendar = d.list(&t, "calendar");
        Some(Governance {
            span: t.span,
            steering,
            evaluation,
            opinion,
            calendar: calendar.ok()?,
        })
    }
);

table_decode!(
    Article,
    "[[articles]]",
    ["title", "clause", "text"],
    |d, t| {
        let title = d.req(&t, "title");
        let clause = d.opt(&t, "clause");
        let text = d.req(&t, "text");
        Some(Article {
            span: t.span,
            title: title?,
            clause,
            text: text?,
        })
    }
);

table_decode!(
    AnnexHeader,
    "{ convention = \"…\", year = 2025 }",
    ["convention", "year", "adopted"],
    |d, t| {
        let convention = d.req(&t, "convention");
        let year = d.req(&t, "year");
        let adopted = d.opt(&t, "adopted");
        Some(AnnexHeader {
            span: t.span,
            convention: convention?,
            year: year?,
            adopted,
        })
    }
);

table_decode!(
    Means,
    "[[means]]",
    ["objective", "signatory", "etp", "budget_eur", "text"],
    |d, t| {
        let objective = d.req(&t, "objective");
        let signatory = d.req(&t, "signatory");
        let etp = d.opt(&t, "etp");
        let budget_eur = d.opt(&t, "budget_eur");
        let text = d.opt(&t, "text");
        d.non_negative(&etp, &t.path.key("etp"));
        d.non_negative(&budget_eur, &t.path.key("budget_eur"));
        if !["etp", "budget_eur", "text"]
            .iter()
            .any(|k| t.table.contains_key(*k))
        {
            d.error(
                t.span,
                format!("`{}` ne donne aucun moyen", t.path),
                "indiquez au moins `etp`, `budget_eur` ou `text`".into(),
            );
            return None;
        }
        Some(Means {
            span: t.span,
            objective: objective?,
            signatory: signatory?,
            etp,
            budget_eur,
            text,
        })
    }
);

table_decode!(
    Target,
    "[[targets]]",
    ["indicator", "target", "actual"],
    |d, t| {
        let indicator = d.req(&t, "indicator");
        let target = d.opt(&t, "target");
        let actual = d.opt(&t, "actual");
        Some(Target {
            span: t.span,
            indicator: indicator?,
            target,
            actual,
        })
    }
);

table_decode!(
    Investment,
    "[[investments]]",
    ["signatory", "label", "amount_eur"],
    |d, t| {
        let signatory = d.req(&t, "signatory");
        let label = d.req(&t, "label");
        let amount_eur = d.req(&t, "amount_eur");
        d.non_negative(&amount_eur, &t.path.key("amount_eur"));
        Some(Investment {
            span: t.span,
            signatory: signatory?,
            label: label?,
            amount_eur: amount_eur?,
        })
    }
);

/// Root keys of `convention.toml`.
pub const CONVENTION_KEYS: &[&str] = &[
    "convention",
    "signatories",
    "absent_roles",
    "visas",
    "preamble",
    "objectives",
    "not_applicable",
    "coordination_plan",
    "governance",
    "articles",
    "document",
    "sections",
    "quotations",
    "annexes",
    "indicators",
];

table_decode!(
    AvenantHeader,
    "{ number = 1 }",
    ["number", "object", "date", "place", "effect", "amends"],
    |d, t| {
        let number: Option<Sp<i64>> = d.req(&t, "number");
        let object = d.opt(&t, "object");
        let date = d.opt(&t, "date");
        let place = d.opt(&t, "place");
        let effect = d.opt(&t, "effect");
        let amends = d.list(&t, "amends");
        if let Some(n) = &number
            && !(1..=999).contains(&n.value)
        {
            d.error(
                n.span,
                format!("numéro d'avenant `{}` hors de 1 à 999", n.value),
                "numérotez les avenants 1, 2, 3… comme leurs fichiers `avenants/1.toml`…".into(),
            );
            return None;
        }
        Some(AvenantHeader {
            span: t.span,
            number: number?,
            object,
            date,
            place,
            effect,
            amends: amends.ok()?,
        })
    }
);

/// Root keys of an avenant.
pub const AVENANT_KEYS: &[&str] = &["avenant", "deliberations"];

/// Root keys of an annual annex.
pub const ANNEX_KEYS: &[&str] = &["annex", "means", "targets", "investments"];

impl Decoder {
    pub fn convention(&mut self, root: &Value<'_>) -> Option<Convention> {
        let t = self.table(root, &Path::Root, CONVENTION_KEYS)?;
        let header = self.req(&t, "convention");
        let signatories = self.list(&t, "signatories");
        let absent_roles = self.list(&t, "absent_roles");
        let visas = self.list(&t, "visas");
        let preamble = self.opt(&t, "preamble");
        let objectives = self.list(&t, "objectives");
        let not_applicable = self.list(&t, "not_applicable");
        let coordination_plan = self.opt(&t, "coordination_plan");
        let governance = self.opt(&t, "governance");
        let articles = self.list(&t, "articles");
        let document = self.opt(&t, "document");
        let sections = self.list(&t, "sections");
        let quotations = self.list(&t, "quotations");
        let annexes = self.list(&t, "annexes");
        let indicators = self.list(&t, "indicators");
        Some(Convention {
            file: self.file,
            header: header?,
            signatories: signatories.ok()?,
            absent_roles: absent_roles.ok()?,
            visas: visas.ok()?,
            preamble,
            objectives: objectives.ok()?,
            not_applicable: not_applicable.ok()?,
            coordination_plan,
            governance,
            articles: articles.ok()?,
            document,
            sections: sections.ok()?,
            quotations: quotations.ok()?,
            annexes: annexes.ok()?,
            indicators: indicators.ok()?,
        })
    }

    pub fn avenant(&mut self, root: &Value<'_>) -> Option<Avenant> {
        let t = self.table(root, &Path::Root, AVENANT_KEYS)?;
        let header = self.req(&t, "avenant");
        let deliberations = self.list(&t, "deliberations");
        Some(Avenant {
            file: self.file,
            header: header?,
            deliberations: deliberations.ok()?,
        })
    }

    pub fn annex(&mut self, root: &Value<'_>) -> Option<Annex> {
        let t = self.table(root, &Path::Root, ANNEX_KEYS)?;
        let header = self.req(&t, "annex");
        let means = self.list(&t, "means");
        let targets = self.list(&t, "targets");
        let investments = self.list(&t, "investments");
        Some(Annex {
            file: self.file,
            header: header?,
            means: means.ok()?,
            targets: targets.ok()?,
            investments: investments.ok()?,
        })
    }
}

mod document;
