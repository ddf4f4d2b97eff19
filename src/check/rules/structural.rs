//! Structural rules, for every kind of convention.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};

use crate::check::{ConventionId, Ctx};
use crate::diagnostic::Rule;
use crate::diagnostic::{Diagnostic, Severity, backticked, closest};
use crate::load::SCHEMA;
use crate::model::Status;
use crate::model::refs;
use crate::source::{FileId, SourceSlice, Sp, Span};

pub static DUPLICATE_ID: Rule = Rule {
    code: "duplicate-id",
    severity: Severity::Error,
    kinds: &[],
    summary: "deux signataires, objectifs, indicateurs ou conventions partagent un identifiant",
    explanation: "Les identifiants (`id`) des signataires, des objectifs et des indicateurs sont \
uniques dans une convention, et ceux des conventions dans le dépôt : les autres parties du texte \
et les annexes y renvoient. De même, une annexe ne donne qu'une ligne de moyens par couple \
(objectif, signataire) et une seule cible par indicateur. Deux identifiants qui ne diffèrent que \
par la casse (`FT` et `ft`) ou par la normalisation Unicode (« é » composé ou décomposé) sont \
distincts pour convgen mais se confondent à la lecture : ils donnent un avertissement.",
    reference: None,
    failing: "[[signatories]]\nid = \"ft\"\n\n[[signatories]]\nid = \"ft\"\n",
    passing: "[[signatories]]\nid = \"ft\"\n\n[[signatories]]\nid = \"ml\"\n",
};

pub static UNKNOWN_REFERENCE: Rule = Rule {
    code: "unknown-reference",
    severity: Severity::Error,
    kinds: &[],
    summary: "un identifiant renvoie à un signataire, objectif, indicateur, visa ou convention inexistant",
    explanation: "Les objectifs, engagements, outils du plan de coordination, instances de \
pilotage et annexes désignent les signataires, objectifs et indicateurs par leur identifiant ; \
les visas désignent les textes par une référence connue (`code-travail:L6123-4`, `srdeii`…) ; une \
annexe désigne sa convention par son `id`. Chaque renvoi doit exister.",
    reference: None,
    failing: "[[objectives]]\nid = \"diag\"\nsignatories = [\"pole-emploi\"]\n",
    passing: "[[objectives]]\nid = \"diag\"\nsignatories = [\"ft\"]\n",
};

pub static PERIOD: Rule = Rule {
    code: "period",
    severity: Severity::Error,
    kinds: &[],
    summary: "fin avant le début, annexe hors de la période ou deux annexes pour une année",
    explanation: "La période d'une convention va de `start` à `end` ; la fin ne peut précéder le \
début. Chaque annexe annuelle porte une année de la période, la même que son nom de fichier \
(`annexes/2025.toml` pour `year = 2025`), et une année n'a qu'une annexe. Une période hors des \
années 1900 à 2200 est une faute de frappe.",
    reference: None,
    failing: "[convention]\nstart = 2025-01-01\nend = 2024-12-31\n",
    passing: "[convention]\nstart = 2025-01-01\nend = 2027-12-31\n",
};

pub static ANNEX_MISSING: Rule = Rule {
    code: "annex-missing",
    severity: Severity::Warning,
    kinds: &[],
    summary: "une année de la période n'a pas d'annexe annuelle",
    explanation: "Les opérateurs ne s'engagent sur des moyens que dans l'annualité budgétaire : \
le CNEFOP recommande de détailler chaque année, dans une annexe annuelle, les moyens affectés aux \
objectifs et les cibles des indicateurs. Chaque année civile de la période a son fichier \
`annexes/<AAAA>.toml`.",
    reference: Some("code-travail:L6123-4"),
    failing: "# période 2025-2027, annexes/2025.toml et annexes/2026.toml seulement\n",
    passing: "# période 2025-2027, annexes/2025.toml, 2026.toml et 2027.toml\n",
};

pub static SIGNATURE: Rule = Rule {
    code: "signature",
    severity: Severity::Error,
    kinds: &[],
    summary: "convention finale ou signée sans lieu et date de signature",
    explanation: "Le bloc de signature « Fait à …, le … » exige un lieu et une date. Une \
convention au statut `final` ou `signed` doit les donner dans `[convention.signature]` ; tant que \
la convention est un projet (`draft`), leur absence n'est qu'une information.",
    reference: None,
    failing: "[convention]\nstatus = \"final\"\n",
    passing: "[convention]\nstatus = \"final\"\n\n[convention.signature]\nplace = \"Orléans\"\ndate = 2025-03-14\n",
};

pub static REPRESENTATIVE: Rule = Rule {
    code: "representative",
    severity: Severity::Error,
    kinds: &[],
    summary: "un signataire sans représentant nommé ni qualité",
    explanation: "Chaque partie signe par une personne nommée agissant en une qualité donnée \
(« représentée par Mme X, Préfète de la région »). `represented_by` donne le nom (`name`) et la \
qualité (`capacity`) du représentant.",
    reference: None,
    failing: "[[signatories]]\nid = \"etat\"\nrole = \"etat\"\nname = \"L'État\"\n",
    passing: "[[signatories]]\nid = \"etat\"\nrole = \"etat\"\nname = \"L'État\"\nrepresented_by = { name = \"Mme Anne Martin\", capacity = \"Préfète de région\" }\n",
};

pub static ASSET: Rule = Rule {
    code: "asset",
    severity: Severity::Error,
    kinds: &[],
    summary: "un logo est introuvable, hors du dossier de la convention ou n'est pas une image PNG, JPEG ou SVG",
    explanation: "Le logo d'un signataire (`logo = \"assets/region.png\"`) est un fichier du dossier \
de la convention, donné par un chemin relatif à ce dossier (de préférence sous `assets/`). Il est \
refusé s'il est absolu, remonte avec `..`, sort du dossier par un lien symbolique, n'existe pas, \
n'est pas un fichier ordinaire, dépasse 8 Mio, ou n'est pas une image PNG, JPEG ou SVG (extension \
et contenu). Ainsi la mise en page ne lit jamais un fichier étranger à la convention : seul un \
logo accepté est copié dans le dossier privé où typst compose le PDF.",
    reference: None,
    failing: "[[signatories]]\nid = \"region\"\nlogo = \"../../etc/logo.png\"\n",
    passing: "[[signatories]]\nid = \"region\"\nlogo = \"assets/region.png\"\n",
};

/// The convention id names the output files: it must be a plain file name.
pub(crate) fn convention_id(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let id = &ctx.conv.header.id;
    if !crate::load::assets::is_file_name_safe(&id.value) {
        out.push(
            SCHEMA
                .at(
                    ctx.conv.file,
                    id.span,
                    format!(
                        "l'identifiant de convention `{}` ne peut pas nommer un fichier",
                        id.value.escape_debug()
                    ),
                )
                .label("identifiant")
                .help("il nomme les documents produits (`<id>.pdf`) : lettres ASCII, chiffres, `-`, `_` et `.` seulement, sans `.` initial, par exemple `crpc-grand-est-2024`"),
        );
    }
}

pub(crate) fn assets(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    let dir = ctx
        .sources
        .get(c.file)
        .path
        .parent()
        .unwrap_or(std::path::Path::new(""));
    for s in &c.signatories {
        let Some(logo) = &s.logo else { continue };
        if let Err(problem) = crate::load::assets::resolve_logo(dir, &logo.value) {
            out.push(
                ASSET
                    .at(c.file, logo.span, problem.message(&logo.value))
                    .label("logo")
                    .help("placez l'image (PNG, JPEG ou SVG) dans le dossier `assets/` de la convention et donnez son chemin relatif : logo = \"assets/region.png\""),
            );
        }
    }
}

/// Reports the second and later uses of each key.
fn report_duplicates<K: std::hash::Hash + Eq>(
    ctx: &Ctx<'_>,
    out: &mut Vec<Diagnostic>,
    file: FileId,
    items: impl IntoIterator<Item = (K, Span)>,
    what: &str,
    show: impl Fn(&K) -> String,
) {
    let items = items.into_iter();
    let mut first: HashMap<K, Span> = HashMap::with_capacity(items.size_hint().0);
    for (key, span) in items {
        if let Some(prev) = first.get(&key) {
            let line = ctx.line(file, *prev);
            let shown = show(&key);
            out.push(
                DUPLICATE_ID
                    .at(
                        file,
                        span,
                        format!("{what} `{shown}` est déjà déclaré ligne {line}"),
                    )
                    .label("doublon")
                    .help("donnez un identifiant unique, ou fusionnez les deux entrées"),
            );
        } else {
            first.insert(key, span);
        }
    }
}

/// An id folded for comparison: Unicode NFC, then lower case. Borrowed (no allocation) for
/// the usual ASCII lower-case slugs.
fn folded(id: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    if id.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        std::borrow::Cow::Borrowed(id)
    } else {
        std::borrow::Cow::Owned(id.nfc().collect::<String>().to_lowercase())
    }
}

/// Warns about ids that differ from an earlier one only by case or Unicode normalisation
/// (`FT` and `ft`, « é » composed and decomposed): references compare ids exactly, so such
/// ids are distinct for convgen but hard to tell apart for a reader. Exact duplicates are
/// the errors of [`report_duplicates`].
fn report_near_duplicates<'a>(
    ctx: &Ctx<'_>,
    out: &mut Vec<Diagnostic>,
    file: FileId,
    ids: impl IntoIterator<Item = &'a Sp<String>>,
    what: &str,
) {
    let mut first: HashMap<std::borrow::Cow<'a, str>, &'a Sp<String>> = HashMap::new();
    for id in ids {
        match first.get(&folded(&id.value)) {
            Some(prev) if prev.value != id.value => {
                let line = ctx.line(file, prev.span);
                out.push(
                    DUPLICATE_ID
                        .at(
                            file,
                            id.span,
                            format!(
                                "{what} `{}` ne diffère de `{}` (ligne {line}) que par la casse ou la normalisation Unicode",
                                id.value.escape_debug(),
                                prev.value.escape_debug()
                            ),
                        )
                        .severity(Severity::Warning)
                        .label("presque un doublon")
                        .help("les renvois comparent les identifiants à l'identique : écrivez les identifiants en minuscules ASCII (`france-travail`) pour qu'on ne puisse pas les confondre"),
                );
            }
            Some(_) => {}
            None => {
                first.insert(folded(&id.value), id);
            }
        }
    }
}

pub(crate) fn duplicate_ids(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    let f = c.file;
    fn id(s: &Sp<String>) -> (&str, Span) {
        (s.value.as_str(), s.span)
    }
    let shown = |k: &&str| k.to_string();
    report_duplicates(
        ctx,
        out,
        f,
        c.signatories.iter().map(|s| id(&s.id)),
        "l'identifiant de signataire",
        shown,
    );
    report_near_duplicates(
        ctx,
        out,
        f,
        c.signatories.iter().map(|s| &s.id),
        "l'identifiant de signataire",
    );
    report_duplicates(
        ctx,
        out,
        f,
        c.objectives.iter().map(|o| id(&o.id)),
        "l'identifiant d'objectif",
        shown,
    );
    report_near_duplicates(
        ctx,
        out,
        f,
        c.objectives.iter().map(|o| &o.id),
        "l'identifiant d'objectif",
    );
    report_duplicates(
        ctx,
        out,
        f,
        c.indicators().map(|(_, i)| id(&i.id)),
        "l'identifiant d'indicateur",
        shown,
    );
    report_near_duplicates(
        ctx,
        out,
        f,
        c.indicators().map(|(_, i)| &i.id),
        "l'identifiant d'indicateur",
    );
    for a in ctx.annexes() {
        report_duplicates(
            ctx,
            out,
            a.file,
            a.means.iter().map(|m| {
                let key = (m.objective.value.as_str(), m.signatory.value.as_str());
                (key, m.span)
            }),
            "le couple objectif / signataire",
            |(o, s)| format!("{o} / {s}"),
        );
        report_duplicates(
            ctx,
            out,
            a.file,
            a.targets.iter().map(|t| id(&t.indicator)),
            "la cible de l'indicateur",
            shown,
        );
    }
}

pub(crate) fn duplicate_convention_ids(
    ids: &[ConventionId],
    sources: SourceSlice<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let mut first: HashMap<&str, FileId> = HashMap::with_capacity(ids.len());
    for c in ids {
        let id = c.id.as_str();
        match first.get(id) {
            Some(other) => out.push(
                DUPLICATE_ID
                    .at(c.file, c.span, format!("l'identifiant de convention `{id}` est déjà celui de {}", sources.get(*other).display))
                    .label("doublon")
                    .help("chaque convention du dépôt a un identifiant unique : les documents produits portent ce nom"),
            ),
            None => {
                first.insert(id, c.file);
            }
        }
    }
}

/// The ids a reference may name: a set for lookups and the declaration order for help
/// messages. Lookups, help lists and "did you mean" suggestions stay linear in the number of
/// references however many ids a file declares (`docs/reliability.md`).
struct Known<'a> {
    list: Vec<&'a str>,
    set: HashSet<&'a str>,
    /// Comparisons left for suggestions: each costs one string similarity per known id.
    budget: Cell<usize>,
}

/// Ids listed in full in a help message; longer lists are cut.
const HELP_IDS: usize = 20;
/// String comparisons spent on "did you mean" suggestions for one kind of reference.
const SUGGESTION_BUDGET: usize = 200_000;

impl<'a> Known<'a> {
    fn new(list: Vec<&'a str>) -> Self {
        let set = list.iter().copied().collect();
        Known {
            list,
            set,
            budget: Cell::new(SUGGESTION_BUDGET),
        }
    }

    fn contains(&self, id: &str) -> bool {
        self.set.contains(id)
    }

    /// `a`, `b`, `c`, or the first [`HELP_IDS`] and the count.
    fn shown(&self) -> String {
        if self.list.len() <= HELP_IDS {
            backticked(&self.list)
        } else {
            format!(
                "{}… ({} au total)",
                backticked(&self.list[..HELP_IDS]),
                self.list.len()
            )
        }
    }

    fn closest(&self, id: &str) -> Option<&'a str> {
        let cost = self.list.len();
        let left = self.budget.get();
        if cost > left {
            return None;
        }
        self.budget.set(left - cost);
        closest(id, self.list.iter().copied())
    }
}

/// Reports `reference` when it is not one of `known`.
fn check_ref(
    out: &mut Vec<Diagnostic>,
    file: FileId,
    reference: &Sp<String>,
    known: &Known<'_>,
    what: &str,
    allow_star: bool,
) {
    let r = reference.value.as_str();
    if known.contains(r) || (allow_star && r == "*") {
        return;
    }
    let mut help = if known.list.is_empty() {
        format!("aucun {what} n'est déclaré")
    } else {
        format!("{what}s déclarés : {}", known.shown())
    };
    if let Some(best) = known.closest(r) {
        help = format!("vouliez-vous dire `{best}` ? {help}");
    }
    if allow_star {
        help.push_str(" ; `*` désigne tous les signataires");
    }
    out.push(
        UNKNOWN_REFERENCE
            .at(
                file,
                reference.span,
                format!("aucun {what} n'a l'identifiant `{r}`"),
            )
            .label("inconnu")
            .help(help),
    );
}

pub(crate) fn unknown_references(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    let f = c.file;
    let signatories = Known::new(c.signatories.iter().map(|s| s.id.value.as_str()).collect());
    let objectives = Known::new(c.objectives.iter().map(|o| o.id.value.as_str()).collect());
    let indicators = Known::new(c.indicators().map(|(_, i)| i.id.value.as_str()).collect());
    let sig = "signataire";
    for o in &c.objectives {
        for s in &o.signatories {
            check_ref(out, f, s, &signatories, sig, true);
        }
        for k in &o.commitments {
            check_ref(out, f, &k.signatory, &signatories, sig, false);
        }
    }
    for n in &c.not_applicable {
        check_ref(out, f, &n.signatory, &signatories, sig, false);
    }
    if let Some(plan) = &c.coordination_plan {
        for op in plan.tools.iter().flat_map(|t| &t.operators) {
            check_ref(out, f, op, &signatories, sig, false);
        }
    }
    if let Some(steering) = c.governance.as_ref().and_then(|g| g.steering.as_ref()) {
        for m in &steering.members {
            check_ref(out, f, m, &signatories, sig, false);
        }
    }
    for v in &c.visas {
        if let Some(r) = &v.reference
            && refs::resolve(r).is_none()
        {
            let acts: Vec<&str> = refs::act_ids().collect();
            let mut help = format!(
                "références connues : `code-travail:<article>` (par exemple `code-travail:L6123-4`), {}",
                backticked(&acts)
            );
            if let Some(best) = closest(r, acts.iter().copied()) {
                help = format!("vouliez-vous dire `{best}` ? {help}");
            }
            out.push(
                UNKNOWN_REFERENCE
                    .at(
                        f,
                        r.span,
                        format!("référence de visa inconnue `{}`", r.value),
                    )
                    .label("inconnue")
                    .help(format!(
                        "{help} ; sans référence connue, écrivez le visa dans `text`"
                    )),
            );
        }
    }
    for a in ctx.annexes() {
        let conv_id = &a.header.convention;
        if conv_id.value != c.header.id.value {
            let message = format!(
                "cette annexe renvoie à la convention `{}`, pas à `{}` dont elle occupe le dossier",
                conv_id.value, c.header.id.value
            );
            out.push(
                UNKNOWN_REFERENCE
                    .at(a.file, conv_id.span, message)
                    .label("convention")
                    .help(format!(
                        "l'annexe d'un dossier renvoie à sa convention : convention = \"{}\"",
                        c.header.id.value
                    )),
            );
        }
        for m in &a.means {
            check_ref(out, a.file, &m.objective, &objectives, "objectif", false);
            check_ref(out, a.file, &m.signatory, &signatories, sig, false);
        }
        for t in &a.targets {
            check_ref(out, a.file, &t.indicator, &indicators, "indicateur", false);
        }
        for i in &a.investments {
            check_ref(out, a.file, &i.signatory, &signatories, sig, false);
        }
    }
}

/// Years a convention's period may cover: a date outside is a typo (`0025-01-01`,
/// `20255-01-01`), and would make the annual rules walk thousands of years.
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Whether the period runs forward within [`PLAUSIBLE_YEARS`].
fn plausible_period(conv: &crate::model::Convention) -> bool {
    let h = &conv.header;
    h.start.value <= h.end.value
        && PLAUSIBLE_YEARS.contains(&h.start.value.year)
        && PLAUSIBLE_YEARS.contains(&h.end.value.year)
}

pub(crate) fn period(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let h = &ctx.conv.header;
    let f = ctx.conv.file;
    if h.end.value < h.start.value {
        out.push(
            PERIOD
                .at(
                    f,
                    h.end.span,
                    format!(
                        "la fin ({}) précède le début ({})",
                        h.end.value, h.start.value
                    ),
                )
                .label("fin")
                .help("vérifiez les dates `start` et `end` de `[convention]`"),
        );
        return;
    }
    if !plausible_period(ctx.conv) {
        let (span, date) = if PLAUSIBLE_YEARS.contains(&h.start.value.year) {
            (h.end.span, h.end.value)
        } else {
            (h.start.span, h.start.value)
        };
        out.push(
            PERIOD
                .at(
                    f,
                    span,
                    format!(
                        "la date {date} sort des années plausibles pour une convention ({}–{})",
                        PLAUSIBLE_YEARS.start(),
                        PLAUSIBLE_YEARS.end()
                    ),
                )
                .label("date")
                .help("vérifiez l'année de `start` et de `end` (faute de frappe ?)"),
        );
        return;
    }
    let years = ctx.conv.years();
    let mut by_year: HashMap<i64, FileId> = HashMap::new();
    for file in ctx.annex_files {
        let Some(a) = &file.annex else { continue };
        let year = &a.header.year;
        if file.name_year.is_none() {
            out.push(
                PERIOD
                    .at(
                        a.file,
                        a.header.span,
                        "le nom d'une annexe annuelle est son année : annexes/AAAA.toml",
                    )
                    .help(format!(
                        "renommez le fichier en annexes/{}.toml",
                        year.value
                    )),
            );
        } else if file.name_year.map(i64::from) != Some(year.value) {
            out.push(
                PERIOD
                    .at(
                        a.file,
                        year.span,
                        format!(
                            "l'annexe déclare l'année {} mais son fichier est {}.toml",
                            year.value,
                            file.name_year.unwrap_or_default()
                        ),
                    )
                    .label("année")
                    .help("l'année de `[annex]` et le nom du fichier doivent coïncider"),
            );
        }
        if i32::try_from(year.value).map_or(true, |y| !years.contains(&y)) {
            out.push(
                PERIOD
                    .at(
                        a.file,
                        year.span,
                        format!(
                            "l'année {} est hors de la période {}–{}",
                            year.value,
                            years.start(),
                            years.end()
                        ),
                    )
                    .label("hors période")
                    .help("une annexe annuelle porte sur une année de la période de la convention"),
            );
        }
        if let Some(prev) = by_year.get(&year.value) {
            out.push(
                PERIOD
                    .at(
                        a.file,
                        year.span,
                        format!(
                            "{} porte déjà sur l'année {}",
                            ctx.sources.get(*prev).display,
                            year.value
                        ),
                    )
                    .label("doublon")
                    .help("une seule annexe par année : fusionnez-les"),
            );
        } else {
            by_year.insert(year.value, a.file);
        }
    }
}

pub(crate) fn annex_missing(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    if !plausible_period(ctx.conv) {
        return; // `period` reports it
    }
    let h = &ctx.conv.header;
    if h.end.value < h.start.value {
        return;
    }
    for year in ctx.conv.years() {
        let present = ctx.annex_files.iter().any(|a| {
            a.name_year == Some(year)
                || a.annex
                    .as_ref()
                    .is_some_and(|x| x.header.year.value == i64::from(year))
        });
        if !present {
            out.push(
                ANNEX_MISSING
                    .at(ctx.conv.file, h.span, format!("aucune annexe annuelle pour {year}"))
                    .help(format!(
                        "créez annexes/{year}.toml avec [annex] convention = \"{}\" et year = {year}, puis les moyens et les cibles",
                        h.id.value
                    )),
            );
        }
    }
}

pub(crate) fn signature(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let h = &ctx.conv.header;
    let sig = h.signature.as_ref();
    let mut missing = Vec::new();
    if sig.and_then(|s| s.place.as_ref()).is_none() {
        missing.push("le lieu (`place`)");
    }
    if sig.and_then(|s| s.date.as_ref()).is_none() {
        missing.push("la date (`date`)");
    }
    if missing.is_empty() {
        return;
    }
    let draft = h.status.value == Status::Draft;
    let span = sig.map(|s| s.span).unwrap_or(h.status.span);
    let message = if draft {
        format!(
            "projet : {} de signature reste à fixer",
            missing.join(" et ")
        )
    } else {
        format!(
            "convention au statut `{}` sans {} de signature",
            h.status.value,
            missing.join(" ni ")
        )
    };
    out.push(
        SIGNATURE
            .at(ctx.conv.file, span, message)
            .severity(if draft {
                Severity::Info
            } else {
                Severity::Error
            })
            .help("complétez [convention.signature] : place = \"…\" et date = AAAA-MM-JJ"),
    );
}

pub(crate) fn representative(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for s in &ctx.conv.signatories {
        let rep = s.represented_by.as_ref();
        let mut missing = Vec::new();
        if rep
            .and_then(|r| r.name.as_ref())
            .is_none_or(|n| n.trim().is_empty())
        {
            missing.push("le nom (`name`)");
        }
        if rep
            .and_then(|r| r.capacity.as_ref())
            .is_none_or(|c| c.trim().is_empty())
        {
            missing.push("la qualité (`capacity`)");
        }
        if missing.is_empty() {
            continue;
        }
        let span = rep.map(|r| r.span).unwrap_or(s.span);
        out.push(
            REPRESENTATIVE
                .at(
                    ctx.conv.file,
                    span,
                    format!(
                        "le signataire `{}` n'indique pas {} de son représentant",
                        s.id.value,
                        missing.join(" ni ")
                    ),
                )
                .help("ajoutez represented_by = { name = \"Mme …\", capacity = \"…\" }"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::testing::*;

    #[test]
    fn base_is_clean() {
        let all = run(BASE, &base_annexes());
        assert!(all.is_empty(), "{all:#?}");
    }

    #[test]
    fn duplicate_signatory_and_indicator() {
        let conv = edit(BASE, "id = \"ml\"", "id = \"ft\"");
        let conv = edit(&conv, "id = \"nb-orientes\"", "id = \"nb-parcours\"");
        let d = run_code("duplicate-id", &conv, &base_annexes());
        assert_eq!(d.len(), 2, "{d:#?}");
        assert!(d[0].message.contains("`ft`"));
        assert!(run_code("duplicate-id", BASE, &base_annexes()).is_empty());
    }

    #[test]
    fn ids_differing_by_case_or_normalisation_are_warned() {
        // `FT` beside `ft`; objective `réseau` composed (NFC) and decomposed (NFD).
        let conv = edit(BASE, "id = \"ml\"", "id = \"FT\"");
        let conv = edit(&conv, "id = \"orienter\"", "id = \"r\u{e9}seau\"");
        let conv = edit(&conv, "id = \"former\"", "id = \"re\u{301}seau\"");
        let d = run_code("duplicate-id", &conv, &base_annexes());
        assert_eq!(d.len(), 2, "{d:#?}");
        assert!(
            d.iter()
                .all(|d| d.severity == crate::diagnostic::Severity::Warning),
            "{d:#?}"
        );
        assert!(d[0].message.contains("`FT`") && d[0].message.contains("`ft`"));
        assert!(d[0].message.contains("casse ou la normalisation Unicode"));
        // Exact duplicates stay errors, reported once (no extra warning).
        let conv = edit(BASE, "id = \"ml\"", "id = \"ft\"");
        let d = run_code("duplicate-id", &conv, &base_annexes());
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].severity, crate::diagnostic::Severity::Error);
    }

    #[test]
    fn duplicate_means_in_annex() {
        let mut annexes = base_annexes();
        annexes[0]
            .1
            .push_str("\n[[means]]\nobjective = \"mobiliser\"\nsignatory = \"ft\"\netp = 2.0\n");
        let d = run_code("duplicate-id", BASE, &annexes);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("mobiliser / ft"));
    }

    #[test]
    fn unknown_signatory_with_suggestion() {
        let conv = edit(
            BASE,
            "operators = [\"ft\", \"ml\"]",
            "operators = [\"ft\", \"mll\"]",
        );
        let d = run_code("unknown-reference", &conv, &base_annexes());
        assert_eq!(d.len(), 1);
        assert!(
            d[0].help
                .as_deref()
                .unwrap()
                .contains("vouliez-vous dire `ml`")
        );
    }

    #[test]
    fn unknown_visa_ref_and_annex_refs() {
        let conv = edit(BASE, "ref = \"srdeii\"", "ref = \"srdei\"");
        let mut annexes = base_annexes();
        annexes[1].1 = edit(
            &annexes[1].1,
            "indicator = \"nb-bilans\"",
            "indicator = \"nb-bilan\"",
        );
        annexes[2].1 = edit(
            &annexes[2].1,
            "convention = \"crpc-minimal\"",
            "convention = \"autre\"",
        );
        let d = run_code("unknown-reference", &conv, &annexes);
        let messages: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(d.len(), 3, "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("srdei")));
        assert!(messages.iter().any(|m| m.contains("nb-bilan")));
        assert!(messages.iter().any(|m| m.contains("`autre`")));
    }

    #[test]
    fn period_end_before_start() {
        let conv = edit(BASE, "end = 2027-12-31", "end = 2024-12-31");
        let d = run_code("period", &conv, &base_annexes());
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("précède"));
    }

    #[test]
    fn period_outside_plausible_years() {
        for (from, to) in [
            ("start = 2025-01-01", "start = 0025-01-01"),
            ("end = 2027-12-31", "end = 9999-12-31"),
        ] {
            let conv = edit(BASE, from, to);
            let d = run(&conv, &base_annexes());
            let period: Vec<_> = d.iter().filter(|d| d.code() == "period").collect();
            assert_eq!(period.len(), 1, "{d:#?}");
            assert!(period[0].message.contains("sort des années plausibles"));
            assert!(
                !d.iter().any(|d| d.code() == "annex-missing"),
                "no walk over thousands of years"
            );
        }
        assert!(run_code("period", BASE, &base_annexes()).is_empty());
    }

    #[test]
    fn period_annex_out_of_range_and_mismatched() {
        let mut annexes = base_annexes();
        annexes.push((2028, base_annex(2028)));
        annexes[0].1 = edit(&annexes[0].1, "year = 2025", "year = 2026");
        let d = run_code("period", BASE, &annexes);
        let messages: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages.iter().any(|m| m.contains("hors de la période")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("mais son fichier est 2025.toml")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("convention/annexes/2025.toml porte déjà sur l'année 2026")),
            "{messages:?}"
        );
        assert!(run_code("period", BASE, &base_annexes()).is_empty());
    }

    #[test]
    fn annex_missing_per_year() {
        let annexes = base_annexes()[..1].to_vec();
        let d = run_code("annex-missing", BASE, &annexes);
        let msgs: Vec<_> = d.iter().map(|d| d.message.clone()).collect();
        assert_eq!(
            msgs,
            [
                "aucune annexe annuelle pour 2026",
                "aucune annexe annuelle pour 2027"
            ]
        );
    }

    #[test]
    fn signature_error_when_final_info_when_draft() {
        let conv = edit(
            BASE,
            "[convention.signature]\nplace = \"Ville-Test\"\ndate = 2025-03-14\n",
            "",
        );
        let d = run_code("signature", &conv, &base_annexes());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, crate::diagnostic::Severity::Error);
        let draft = edit(&conv, "status = \"final\"", "status = \"draft\"");
        let d = run_code("signature", &draft, &base_annexes());
        assert_eq!(d[0].severity, crate::diagnostic::Severity::Info);
        let no_date = edit(BASE, "date = 2025-03-14\n", "");
        assert!(
            run_code("signature", &no_date, &base_annexes())[0]
                .message
                .contains("date")
        );
    }

    #[test]
    fn representative_without_capacity() {
        let conv = edit(
            BASE,
            ", capacity = \"Président\" }\n\n[[signatories]]\nid = \"cap\"",
            " }\n\n[[signatories]]\nid = \"cap\"",
        );
        let d = run_code("representative", &conv, &base_annexes());
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("`ml`") && d[0].message.contains("qualité"));
    }
}
