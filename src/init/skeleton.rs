//! Skeletons written by `convgen init`: a commented `convention.toml` of the chosen kind and
//! one annual annex per calendar year of the period.
//!
//! The files are built as text so that they can carry comments; every value that comes from
//! the user (region, folder name) goes through [`toml_string`], never into a comment. Values
//! the drafter must supply are « à compléter » (the `placeholder` rule lists them), so a fresh
//! skeleton has no syntax or schema error.

use std::fmt::Write as _;

use crate::date::Date;
use crate::model::regime::{self, Regime};
use crate::model::{Frequency, Kind, Role};

/// The value written where the drafter has to supply one.
pub const TODO: &str = "« à compléter »";

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    pub kind: Kind,
    /// Convention id: the folder name.
    pub id: String,
    pub region: Option<String>,
    pub start: Date,
    /// Length of the period in years (at least 1).
    pub years: u32,
    /// Path of the schemas folder relative to the convention folder (`../../schemas`).
    pub schema_dir: String,
}

/// One generated file, its path relative to the convention folder.
#[derive(Clone, Debug, PartialEq)]
pub struct File {
    pub path: String,
    pub text: String,
}

impl Options {
    /// Last day of the period: `years` years after `start`, minus one day.
    pub fn end(&self) -> Date {
        self.start
            .add_years(i32::try_from(self.years).unwrap_or(i32::MAX))
            .prev_day()
    }

    fn regime(&self) -> &'static Regime {
        regime::in_force(self.start).unwrap_or(&regime::REGIMES[0])
    }

    fn region(&self) -> &str {
        self.region.as_deref().unwrap_or(TODO)
    }
}

/// A TOML basic string holding `s` exactly (quotes, backslashes and control characters
/// escaped).
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Every file of the skeleton: `convention.toml` first, then `annexes/<YYYY>.toml`.
pub fn skeleton(o: &Options) -> Vec<File> {
    let mut files = vec![File {
        path: "convention.toml".into(),
        text: convention(o),
    }];
    for year in o.start.year..=o.end().year {
        files.push(File {
            path: format!("annexes/{year}.toml"),
            text: annex(o, year),
        });
    }
    files
}

/// Text builder with TOML helpers.
struct W(String);

impl W {
    fn raw(&mut self, s: &str) -> &mut Self {
        self.0.push_str(s);
        self
    }
    fn line(&mut self, s: &str) -> &mut Self {
        self.0.push_str(s);
        self.0.push('\n');
        self
    }
    fn kv(&mut self, key: &str, value: &str) -> &mut Self {
        self.line(&format!("{key} = {}", toml_string(value)))
    }
    fn section(&mut self, title: &str) -> &mut Self {
        self.line("")
            .line("# ---------------------------------------------------------------------------")
            .line(&format!("# {title}"))
            .line("# ---------------------------------------------------------------------------")
    }
}

struct Party {
    id: &'static str,
    role: Role,
    name: String,
    capacity: &'static str,
    comment: &'static str,
}

fn header(w: &mut W, o: &Options, title: &str, short: &str, intro: &[&str]) {
    w.line(&format!("#:schema {}/convention.schema.json", o.schema_dir));
    for l in intro {
        w.line(&format!("# {l}"));
    }
    w.line("#")
        .line(
            "# Squelette écrit par `convgen init`. Remplacez chaque « à compléter » par la valeur",
        )
        .line(
            "# définitive, supprimez ce qui ne s'applique pas, puis lancez `convgen check` sur ce",
        )
        .line(
            "# dossier : il liste ce qui reste à faire. Les textes signalés « (Markdown) » acceptent",
        )
        .line("# la mise en forme Markdown. Aide sur une règle : `convgen explain CODE`.")
        .line("")
        .line("[convention]")
        .line("# Identifiant unique dans le dépôt (le nom du dossier) ; les annexes y renvoient.")
        .kv("id", &o.id)
        .kv("kind", o.kind.as_str())
        .kv("title", title)
        .line("# Titre court, repris en en-tête de page.")
        .kv("short_title", short)
        .kv("region", o.region())
        .line("# Période, dates TOML sans guillemets (AAAA-MM-JJ), dernier jour inclus.")
        .line(&format!("start = {}", o.start))
        .line(&format!("end = {}", o.end()))
        .line("# draft (projet) | final | signed. Une convention finale ou signée n'a plus rien")
        .line("# « à compléter » et donne son lieu et sa date de signature.")
        .kv("status", "draft")
        .line(&format!(
            "# Régime juridique : par défaut celui en vigueur à la date de début ({}).",
            o.regime().id
        ))
        .line(&format!("# regime = \"{}\"", o.regime().id))
        .line("")
        .line("# « Fait à …, le … » : obligatoire dès que status = \"final\".")
        .line("# [convention.signature]")
        .line("# place = \"…\"")
        .line("# date = AAAA-MM-JJ");
}

fn parties(w: &mut W, parties: &[Party]) {
    w.section("Parties (« ENTRE … ET … »), dans l'ordre du document");
    for p in parties {
        w.line("");
        for l in p.comment.lines().filter(|l| !l.is_empty()) {
            w.line(&format!("# {l}"));
        }
        w.line("[[signatories]]")
            .kv("id", p.id)
            .kv("role", p.role.as_str())
            .kv("name", &p.name)
            .kv("address", TODO)
            .line(&format!(
                "represented_by = {{ name = {}, capacity = {} }}",
                toml_string(TODO),
                toml_string(p.capacity)
            ))
            .line("# Acte qui autorise la signature (délibération, décision…), facultatif :")
            .line("# mandate = \"…\"");
    }
}

fn visa(w: &mut W, reference: &str, comment: &str, complement: bool) {
    w.line("").line(&format!("# {comment}")).line("[[visas]]");
    w.kv("ref", reference);
    if complement {
        w.line("# Complément du texte type (acte d'adoption, délibération…), à remplacer ou à")
            .line("# supprimer, et date de l'acte :")
            .kv("text", "« à compléter : acte d'adoption ou de signature »")
            .line("# date = AAAA-MM-JJ");
    }
}

fn objective(
    w: &mut W,
    o: &Options,
    id: &str,
    axis: &str,
    title: &str,
    comment: &str,
    commitments: &[&str],
) {
    w.line("");
    for l in comment.lines().filter(|l| !l.is_empty()) {
        w.line(&format!("# {l}"));
    }
    w.line("[[objectives]]")
        .kv("id", id)
        .kv("axis", axis)
        .kv("title", title)
        .line("# Description de l'objectif et diagnostic territorial (Markdown).")
        .kv("description", TODO)
        .line("# Priorités d'actions.")
        .line(&format!("actions = [{}]", toml_string(TODO)));
    if commitments.is_empty() {
        w.line("# Signataires concernés : identifiants, ou [\"*\"] pour tous.")
            .line("signatories = [\"*\"]");
    }
    for s in commitments {
        w.line("")
            .line(&format!(
                "  # Engagement de `{s}` pour cet objectif (Markdown)."
            ))
            .line("  [[objectives.commitments]]")
            .raw("  ")
            .kv("signatory", s)
            .raw("  ")
            .kv("text", TODO);
    }
    w.line("")
        .line("  # Indicateur de suivi : les annexes annuelles en fixent la cible.")
        .line("  # unit : nombre | pourcentage | euros | etp | heures | jours | personnes")
        .line(&format!("  # frequency : {}", Frequency::ALL.join(" | ")))
        .line("  [[objectives.indicators]]")
        .raw("  ")
        .kv("id", &format!("{id}-1"))
        .raw("  ")
        .kv("label", TODO)
        .raw("  ")
        .kv("unit", "nombre")
        .raw("  ")
        .kv("frequency", "annuelle")
        .raw("  ")
        .kv("source", TODO)
        .line("  # Valeur de référence, facultative :")
        .line(&format!(
            "  # baseline = {{ year = {}, value = 0.0 }}",
            o.start.year - 1
        ));
}

fn article(w: &mut W, title: &str, clause: &str, text: &str) {
    w.line("")
        .line("[[articles]]")
        .kv("title", title)
        .kv("clause", clause)
        .line(&format!("text = {}", toml_string(text)));
}

fn period_fr(o: &Options) -> String {
    format!("du {} au {}", o.start.french(), o.end().french())
}

fn closing_articles(w: &mut W, o: &Options, first_title: &str) {
    article(
        w,
        first_title,
        "duree",
        &format!(
            "La présente convention est conclue pour la période {}. Elle prend effet à sa signature par l'ensemble des parties.",
            period_fr(o)
        ),
    );
    article(
        w,
        "Modification",
        "modification",
        "Toute modification de la présente convention, y compris de ses annexes, fait l'objet d'un avenant conclu dans les mêmes formes. Les annexes annuelles sont arrêtées chaque année par l'instance de pilotage.",
    );
    article(
        w,
        "Résiliation",
        "resiliation",
        "En cas de non-respect de ses engagements par l'une des parties, la présente convention peut être résiliée par une autre partie à l'expiration d'un délai de deux mois suivant l'envoi d'une lettre recommandée avec accusé de réception valant mise en demeure restée sans effet.",
    );
    article(
        w,
        "Litiges",
        "litiges",
        "Les parties s'efforcent de régler à l'amiable tout différend relatif à l'interprétation ou à l'exécution de la présente convention. À défaut, le litige est porté devant le tribunal administratif de « à compléter ».",
    );
}

fn crpc_parties(o: &Options) -> Vec<Party> {
    let r = o.regime();
    let region = o.region();
    vec![
        Party {
            id: "etat",
            role: Role::Etat,
            name: "L'État".into(),
            capacity: "« à compléter : préfet ou préfète de région »",
            comment: "Le représentant de l'État dans la région.",
        },
        Party {
            id: "region",
            role: Role::Region,
            name: format!("La Région {region}"),
            capacity: "« à compléter : président ou présidente du conseil régional »",
            comment: "La Région.",
        },
        Party {
            id: "ft",
            role: r.institution,
            name: format!("{} — direction régionale {region}", r.institution_name),
            capacity: "« à compléter : directeur ou directrice régionale »",
            comment: "L'institution de l'article L. 5312-1 du code du travail.",
        },
        Party {
            id: "ml",
            role: Role::MissionsLocales,
            name: "Association régionale des missions locales".into(),
            capacity: "« à compléter : président ou présidente »",
            comment: "Les représentants régionaux des missions locales (L. 5314-1).",
        },
        Party {
            id: "cap",
            role: Role::CapEmploi,
            name: "Cap emploi".into(),
            capacity: "« à compléter »",
            comment: "Les organismes spécialisés dans l'insertion professionnelle des personnes\nhandicapées (L. 5214-3-1).",
        },
        Party {
            id: "mde",
            role: Role::MaisonsEmploi,
            name: "Maisons de l'emploi".into(),
            capacity: "« à compléter »",
            comment: "Les présidents des maisons de l'emploi (L. 5313-1). S'il n'y en a pas dans la\nrégion : supprimez ce bloc et déclarez-le dans [[absent_roles]] plus bas.",
        },
        Party {
            id: "plie",
            role: Role::Plie,
            name: "Structures gestionnaires des PLIE".into(),
            capacity: "« à compléter »",
            comment: "Les structures gestionnaires des plans locaux pluriannuels pour l'insertion\net l'emploi (L. 5131-2). S'il n'y en a pas : supprimez ce bloc et déclarez-le\ndans [[absent_roles]].",
        },
    ]
}

fn convention(o: &Options) -> String {
    match o.kind {
        Kind::Crpc => crpc(o),
        Kind::Partenariat => partenariat(o),
        Kind::Spro => spro(o),
    }
}

fn short_period(o: &Options) -> String {
    format!("{}-{}", o.start.year, o.end().year)
}

fn crpc(o: &Options) -> String {
    let r = o.regime();
    let mut w = W(String::new());
    header(
        &mut w,
        o,
        &format!(
            "Convention régionale pluriannuelle de coordination de l'emploi, de l'orientation et de la formation professionnelles — {}",
            o.region()
        ),
        &format!("CRPC {} {}", o.region(), short_period(o)),
        &[
            "Convention régionale pluriannuelle de coordination de l'emploi, de l'orientation et",
            "de la formation professionnelles (CRPC, article L. 6123-4 du code du travail), selon",
            "le modèle de convention du CNEFOP : parties, visas, préambule, titre I diagnostic,",
            "titre II objectifs par item 1° à 4°, titre III plan de coordination, titre IV",
            "exécution (pilotage, suivi et évaluation, durée), une annexe annuelle par année.",
        ],
    );
    let parties_list = crpc_parties(o);
    parties(&mut w, &parties_list);
    w.line("")
        .line("# Rôle exigé absent du territoire (maisons de l'emploi ou PLIE seulement) :")
        .line("# [[absent_roles]]")
        .line("# role = \"plie\"")
        .line("# reason = \"aucun PLIE n'est actif dans la région\"");

    w.section("Visas (« Vu … »), par référence connue : le texte type est repris au rendu");
    visa(
        &mut w,
        "code-travail:L6123-4",
        "Article L. 6123-4 du code du travail.",
        false,
    );
    visa(
        &mut w,
        "strategie-coordonnee",
        "Stratégie coordonnée de l'État et de la Région (L. 6123-4-1).",
        true,
    );
    visa(
        &mut w,
        "srdeii",
        "Schéma régional de développement économique, d'innovation et d'internationalisation.",
        true,
    );
    visa(
        &mut w,
        "cprdfop",
        "Contrat de plan régional de développement des formations et de l'orientation professionnelles.",
        true,
    );
    visa(
        &mut w,
        "convention-tripartite",
        &format!(
            "Convention tripartite État – Unédic – {} (L. 5312-3).",
            r.institution_name
        ),
        true,
    );
    visa(
        &mut w,
        "accord-cadre-cap-emploi",
        "Accord-cadre relatif à Cap emploi.",
        true,
    );
    visa(
        &mut w,
        "cpo-missions-locales",
        "Convention pluriannuelle d'objectifs État – missions locales.",
        true,
    );
    w.line("")
        .line("# Autre visa en texte libre (délibération qui approuve la convention…) :")
        .line("# [[visas]]")
        .line("# text = \"Vu la délibération n° … du conseil régional du … approuvant la présente convention\"");

    w.section("Préambule");
    w.line("")
        .line("[preamble]")
        .line("# Contexte, stratégies et schémas dont la convention décline les objectifs (Markdown).")
        .kv("text", &format!(
            "La présente convention est conclue pour la période {}. Ses objectifs ont été concertés au sein du {} et déclinent la stratégie coordonnée de l'État et de la Région, le CPRDFOP et le SRDEII. « à compléter »",
            short_period(o),
            r.committee
        ));

    let ids: Vec<&str> = parties_list.iter().map(|p| p.id).collect();
    w.section("Titre I — État des lieux partagé");
    objective(
        &mut w,
        o,
        "diagnostic",
        "diagnostic",
        "Disposer d'un diagnostic partagé de l'emploi, de l'orientation et de la formation professionnelles",
        "Diagnostic commun aux signataires (secteurs, territoires, publics).",
        &[],
    );
    w.section(
        "Titre II — Objectifs et priorités d'actions, pour chaque signataire (items 1° à 4°)",
    );
    w.line("# Pour chaque signataire, la convention détermine les items 1° à 4° de l'article")
        .line("# L. 6123-4. Les items 2° (SPRO) et 3° (SPRF) s'appliquent « le cas échéant » : si l'un")
        .line("# est sans objet pour un signataire, supprimez son engagement et déclarez-le ainsi :")
        .line("# [[not_applicable]]")
        .line("# signatory = \"mde\"")
        .line("# axis = \"sprf\"")
        .line("# reason = \"…\"");
    objective(
        &mut w,
        o,
        "mobilisation",
        "mobilisation",
        "Mobiliser de manière coordonnée les outils des politiques de l'emploi et de la formation professionnelle",
        "II-1 — Item 1° : mobilisation coordonnée des outils de l'État et de la Région.",
        &ids,
    );
    objective(
        &mut w,
        o,
        "spro",
        "spro",
        "Contribuer au service public régional de l'orientation",
        "II-2 — Item 2° : participation au service public régional de l'orientation (SPRO).",
        &ids,
    );
    objective(
        &mut w,
        o,
        "sprf",
        "sprf",
        "Agir au sein du service public régional de la formation professionnelle",
        "II-3 — Item 3° : action au sein du service public régional de la formation\nprofessionnelle (SPRF).",
        &ids,
    );
    objective(
        &mut w,
        o,
        "evaluation",
        "evaluation",
        "Évaluer les actions entreprises",
        "Item 4° : modalités d'évaluation des actions entreprises.",
        &ids,
    );

    w.section("Titre III — Plan de coordination des outils du service public de l'emploi");
    w.line("")
        .line("[coordination_plan]")
        .line("# Moyens partagés, objectifs de cohérence et de mutualisation par bassin d'emploi (Markdown).")
        .kv("text", TODO)
        .line("")
        .line("  # Un bloc par outil coordonné ou mutualisé ; operators : identifiants des signataires.")
        .line("  [[coordination_plan.tools]]")
        .raw("  ")
        .kv("name", TODO)
        .line("  operators = [\"ft\", \"ml\", \"cap\"]")
        .line("  # Bassin d'emploi, département…")
        .raw("  ")
        .kv("area", TODO);

    w.section("Titre IV — Modalités d'exécution : pilotage, suivi et évaluation");
    w.line("")
        .line("[governance]")
        .line(&format!(
            "# frequency : {} ; members : identifiants.",
            Frequency::ALL.join(" | ")
        ))
        .line(&format!(
            "steering = {{ body = \"Comité de pilotage\", frequency = \"semestrielle\", members = [{}] }}",
            ids.iter().map(|i| toml_string(i)).collect::<Vec<_>>().join(", ")
        ))
        .line("# Modalités de suivi et d'évaluation (Markdown).")
        .kv("evaluation", TODO)
        .line(&format!(
            "# Avis {} : obligatoire dès que status = \"final\".",
            r.opinion_bodies
                .iter()
                .map(|a| match a.from {
                    Some(from) => format!("à compter du {}, du {}", from.french(), a.committee.name),
                    None => format!("du {}", a.committee.name),
                })
                .collect::<Vec<_>>()
                .join(" ou, ")
        ))
        .line(&format!(
            "# opinion = {{ body = {}, date = AAAA-MM-JJ }}",
            toml_string(r.committee)
        ));
    w.section("Articles de clôture");
    closing_articles(&mut w, o, "Durée et validité de la convention");
    w.0
}

fn two_parties(o: &Options) -> Vec<Party> {
    let r = o.regime();
    let region = o.region();
    vec![
        Party {
            id: "region",
            role: Role::Region,
            name: format!("La Région {region}"),
            capacity: "« à compléter : président ou présidente du conseil régional »",
            comment: "La Région, « ci-après dénommée la Région ».",
        },
        Party {
            id: "ft",
            role: r.institution,
            name: format!("{} — direction régionale {region}", r.institution_name),
            capacity: "« à compléter : directeur ou directrice régionale »",
            comment: "Le partenaire. Pour une autre partie : role = \"other\".",
        },
    ]
}

fn partenariat(o: &Options) -> String {
    let r = o.regime();
    let mut w = W(String::new());
    header(
        &mut w,
        o,
        &format!(
            "Convention de partenariat entre la Région {} et {}",
            o.region(),
            r.institution_name
        ),
        &format!(
            "Partenariat Région {} – {} {}",
            o.region(),
            r.institution_name,
            short_period(o)
        ),
        &[
            "Convention de partenariat (bilatérale ou multilatérale) : parties, visas, préambule,",
            "parties titrées (objectifs et engagements de chacun), gouvernance, durée, et une",
            "annexe annuelle des moyens et des cibles des indicateurs par dispositif.",
        ],
    );
    parties(&mut w, &two_parties(o));
    w.line("")
        .line("# Une autre partie : un bloc [[signatories]] de plus (role = \"other\" au besoin).");

    w.section("Visas (« Vu … »)");
    w.line("")
        .line("[[visas]]")
        .kv("text", "Vu le code général des collectivités territoriales")
        .line("")
        .line("# Délibération qui approuve la convention et autorise la signature.")
        .line("[[visas]]")
        .kv(
            "text",
            "Vu la délibération n° « à compléter » du « à compléter » approuvant la présente convention",
        )
        .line("# date = AAAA-MM-JJ");

    w.section("Préambule");
    w.line("")
        .line("[preamble]")
        .line("# Contexte du partenariat et engagements généraux des parties (Markdown).")
        .kv("text", TODO);

    w.section(
        "Parties titrées : un objectif par partie (I., II., …) avec les engagements de chacun",
    );
    w.line("# axis : diagnostic | mobilisation | spro | sprf | evaluation | transverse");
    let ids = ["region", "ft"];
    objective(
        &mut w,
        o,
        "orientation",
        "spro",
        "Information, orientation et accompagnement",
        "I. Information, orientation, accompagnement, prescription de formation.",
        &ids,
    );
    objective(
        &mut w,
        o,
        "formation",
        "sprf",
        "Formation professionnelle",
        "II. Formation professionnelle : complémentarité des dispositifs.",
        &ids,
    );
    objective(
        &mut w,
        o,
        "emploi",
        "mobilisation",
        "Accès et retour à l'emploi",
        "III. Emploi : anticipation des mutations, accès et retour à l'emploi.",
        &ids,
    );

    w.section("Gouvernance, suivi et évaluation");
    w.line("")
        .line("[governance]")
        .line("steering = { body = \"Comité de pilotage\", frequency = \"semestrielle\", members = [\"region\", \"ft\"] }")
        .line("# Modalités de suivi et d'évaluation (Markdown).")
        .kv("evaluation", TODO);

    w.section("Articles");
    article(
        &mut w,
        "Objet de la convention",
        "objet",
        "La présente convention définit les engagements réciproques des parties et les modalités de pilotage et d'évaluation de leur partenariat. « à compléter »",
    );
    closing_articles(&mut w, o, "Durée");
    w.0
}

fn spro(o: &Options) -> String {
    let mut w = W(String::new());
    header(
        &mut w,
        o,
        &format!(
            "Convention régionale relative à la mise en œuvre du service public régional de l'orientation tout au long de la vie — {}",
            o.region()
        ),
        &format!("SPRO {} {}", o.region(), short_period(o)),
        &[
            "Convention relative au service public régional de l'orientation (SPRO, article",
            "L. 6111-3 du code du travail) : visas, parties, préambule, articles numérotés (objet,",
            "engagements de chaque partie, durée, modification, résiliation, litiges, exécution).",
        ],
    );
    let parties_list = two_parties(o);
    parties(&mut w, &parties_list);

    w.section("Visas (« Vu … »)");
    visa(
        &mut w,
        "code-travail:L6111-3",
        "Article L. 6111-3 du code du travail (SPRO).",
        false,
    );
    visa(
        &mut w,
        "cprdfop",
        "Contrat de plan régional de développement des formations et de l'orientation professionnelles.",
        true,
    );
    w.line("")
        .line("# Délibération qui approuve la convention et autorise la signature.")
        .line("[[visas]]")
        .kv(
            "text",
            "Vu la délibération n° « à compléter » du « à compléter » approuvant la présente convention",
        )
        .line("# date = AAAA-MM-JJ");

    w.section("Préambule");
    w.line("")
        .line("[preamble]")
        .line(
            "# Enjeux de l'orientation tout au long de la vie et rôle de chaque partie (Markdown).",
        )
        .kv("text", TODO);

    w.section("Objectifs du SPRO et leur évaluation");
    let ids = ["region", "ft"];
    objective(
        &mut w,
        o,
        "spro-accueil",
        "spro",
        "Assurer un premier accueil personnalisé et individualisé",
        "Objectif de la convention pour le SPRO.",
        &ids,
    );
    objective(
        &mut w,
        o,
        "spro-evaluation",
        "evaluation",
        "Évaluer la qualité du service rendu",
        "Évaluation du service rendu aux usagers.",
        &ids,
    );

    w.section("Gouvernance");
    w.line("")
        .line("[governance]")
        .line("steering = { body = \"Comité de pilotage du SPRO\", frequency = \"annuelle\", members = [\"region\", \"ft\"] }")
        .line("# Modalités de suivi et d'évaluation (Markdown).")
        .kv("evaluation", TODO);

    w.section("Articles numérotés, dans l'ordre");
    article(
        &mut w,
        "Objet de la convention",
        "objet",
        "La présente convention a pour objet de préciser les modalités de participation des parties au service public régional de l'orientation. « à compléter »",
    );
    for title in [
        "Engagements de la Région".to_string(),
        format!("Engagements de {}", o.regime().institution_name),
    ] {
        article(&mut w, &title, "engagements", TODO);
    }
    closing_articles(&mut w, o, "Durée");
    article(
        &mut w,
        "Exécution de la convention",
        "execution",
        "Les signataires sont chargés, chacun en ce qui le concerne, de l'exécution de la présente convention.",
    );
    w.0
}

fn annex(o: &Options, year: i32) -> String {
    let mut w = W(String::new());
    let schema_dir = o.schema_dir.strip_prefix("./").unwrap_or(&o.schema_dir);
    w.line(&format!("#:schema ../{schema_dir}/annex.schema.json"))
        .line(&format!(
            "# Annexe annuelle {year} : moyens alloués à chaque objectif par chaque"
        ))
        .line(
            "# signataire, et cibles des indicateurs. Écrite par `convgen init` ; `convgen check`",
        )
        .line("# liste les objectifs sans moyens et les indicateurs sans cible.")
        .line("")
        .line("[annex]")
        .kv("convention", &o.id)
        .line(&format!("year = {year}"))
        .line("# Date d'adoption par l'instance de pilotage :")
        .line("# adopted = AAAA-MM-JJ")
        .line("")
        .line("# Moyens alloués : un bloc par objectif et par signataire, avec au moins l'un de")
        .line("# etp (équivalents temps plein), budget_eur (euros) et text.")
        .line("# [[means]]")
        .line("# objective = \"…\"      # identifiant d'un objectif de convention.toml")
        .line("# signatory = \"…\"      # identifiant d'un signataire")
        .line("# etp = 1.5")
        .line("# budget_eur = 150000")
        .line("# text = \"…\"")
        .line("")
        .line("# Cibles : une ligne par indicateur ; target est la cible de l'année quand elle est")
        .line("# fixée, actual le réalisé, renseigné au bilan (une ligne peut ne donner que lui).")
        .line("# [[targets]]")
        .line("# indicator = \"…\"      # identifiant d'un indicateur de convention.toml")
        .line("# target = …")
        .line("# actual = …")
        .line("")
        .line("# Projets d'investissement des services régionaux, facultatifs :")
        .line("# [[investments]]")
        .line("# signatory = \"…\"")
        .line("# label = \"…\"")
        .line("# amount_eur = 40000");
    w.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(kind: Kind) -> Options {
        Options {
            kind,
            id: "crpc-test-2026".into(),
            region: Some("Provence-Alpes-Côte d'Azur \"PACA\" \\ test".into()),
            start: Date::new(2026, 1, 1).unwrap(),
            years: 3,
            schema_dir: "../../schemas".into(),
        }
    }

    #[test]
    fn toml_strings_round_trip() {
        for s in [
            "a\"b",
            "c\\d",
            "e\nf\tg",
            "h\u{7}i",
            "Côte d'Azur",
            "« à compléter »",
        ] {
            let doc = format!("x = {}\n", toml_string(s));
            let table: toml::Table = toml::from_str(&doc).unwrap();
            assert_eq!(table["x"].as_str(), Some(s), "{doc}");
        }
    }

    #[test]
    fn one_annex_per_calendar_year() {
        let mut o = options(Kind::Crpc);
        let paths: Vec<_> = skeleton(&o).into_iter().map(|f| f.path).collect();
        assert_eq!(
            paths,
            [
                "convention.toml",
                "annexes/2026.toml",
                "annexes/2027.toml",
                "annexes/2028.toml"
            ]
        );
        o.start = Date::new(2025, 7, 1).unwrap();
        o.years = 2;
        assert_eq!(o.end(), Date::new(2027, 6, 30).unwrap());
        assert_eq!(skeleton(&o).len(), 4);
    }

    #[test]
    fn every_kind_parses_with_the_hostile_region() {
        for kind in Kind::VARIANTS {
            for file in skeleton(&options(*kind)) {
                let table: toml::Table = toml::from_str(&file.text)
                    .unwrap_or_else(|e| panic!("{kind} {}: {e}\n{}", file.path, file.text));
                assert!(file.text.starts_with("#:schema "), "{}", file.path);
                if file.path == "convention.toml" {
                    assert_eq!(
                        table["convention"]["region"].as_str(),
                        Some("Provence-Alpes-Côte d'Azur \"PACA\" \\ test")
                    );
                }
            }
        }
    }
}
