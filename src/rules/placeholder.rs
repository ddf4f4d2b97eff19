//! `placeholder`: values left « à compléter » (the marker `convgen init` writes).

use super::{Ctx, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Status;
use crate::source::{FileId, Sp};

/// The marker written by `convgen init` where a value is expected (matched case-insensitively).
pub const MARKER: &str = "à compléter";

pub static PLACEHOLDER: Rule = Rule {
    code: "placeholder",
    severity: Severity::Error,
    kinds: &[],
    summary: "une valeur est encore « à compléter »",
    explanation: "`convgen init` écrit « à compléter » partout où la convention attend une \
valeur : noms et qualités des représentants, adresses, textes des objectifs et des engagements, \
libellés des indicateurs… Chaque valeur qui contient encore ces mots est signalée, avec la clé à \
remplir. Tant que la convention est un projet (`status = \"draft\"`), c'est un avertissement ; une \
convention finale ou signée ne peut plus en contenir (erreur).",
    reference: None,
    failing: "[[signatories]]\nid = \"etat\"\nrole = \"etat\"\nname = \"L'État\"\nrepresented_by = { name = \"« à compléter »\", capacity = \"Préfète de région\" }\n",
    passing: "[[signatories]]\nid = \"etat\"\nrole = \"etat\"\nname = \"L'État\"\nrepresented_by = { name = \"Mme Anne Martin\", capacity = \"Préfète de région\" }\n",
    unit: Some(placeholders),
    workspace: None,
};

/// Whether a text still holds the marker.
pub fn is_placeholder(text: &str) -> bool {
    // Cheap screen first (vectorised, no allocation): every text is scanned and few hold
    // the marker; any case of it holds "compl" in ASCII letters.
    let b = text.as_bytes();
    let maybe = memchr::memchr2_iter(b'c', b'C', b).any(|i| {
        b.get(i + 1..i + 5)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"ompl"))
    });
    maybe && text.to_lowercase().contains(MARKER)
}

/// Every text value of a convention folder, with the key it sits at and what it belongs to.
struct Texts<'a> {
    items: Vec<(FileId, &'a Sp<String>, String)>,
}

impl<'a> Texts<'a> {
    /// `key` names the value in the message; it is only built for a finding.
    fn add(&mut self, file: FileId, value: &'a Sp<String>, key: impl FnOnce() -> String) {
        if is_placeholder(value) {
            self.items.push((file, value, key()));
        }
    }
    fn opt(&mut self, file: FileId, value: &'a Option<Sp<String>>, key: impl FnOnce() -> String) {
        if let Some(v) = value {
            self.add(file, v, key);
        }
    }
}

fn placeholders(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let c = ctx.conv;
    let f = c.file;
    let mut t = Texts { items: Vec::new() };
    let h = &c.header;
    t.add(f, &h.id, || "`[convention] id`".into());
    t.add(f, &h.title, || "`[convention] title`".into());
    t.opt(f, &h.short_title, || "`[convention] short_title`".into());
    t.add(f, &h.region, || "`[convention] region`".into());
    if let Some(sig) = &h.signature {
        t.opt(f, &sig.place, || "`[convention.signature] place`".into());
    }
    for s in &c.signatories {
        let who = format!("du signataire `{}`", s.id.value);
        t.add(f, &s.id, || format!("`id` {who}"));
        t.add(f, &s.name, || format!("`name` {who}"));
        t.opt(f, &s.address, || format!("`address` {who}"));
        t.opt(f, &s.mandate, || format!("`mandate` {who}"));
        if let Some(r) = &s.represented_by {
            t.opt(f, &r.name, || format!("`represented_by.name` {who}"));
            t.opt(f, &r.capacity, || {
                format!("`represented_by.capacity` {who}")
            });
        }
    }
    for a in &c.absent_roles {
        t.add(f, &a.reason, || {
            format!("`reason` de l'absence de `{}`", a.role.value)
        });
    }
    for (i, v) in c.visas.iter().enumerate() {
        let which = match &v.reference {
            Some(r) => format!("du visa `{}`", r.value),
            None => format!("du visa n° {}", i + 1),
        };
        t.opt(f, &v.text, || format!("`text` {which}"));
    }
    if let Some(p) = &c.preamble {
        t.add(f, &p.text, || "`[preamble] text`".into());
    }
    for o in &c.objectives {
        let of = format!("de l'objectif `{}`", o.id.value);
        t.add(f, &o.title, || format!("`title` {of}"));
        t.opt(f, &o.description, || format!("`description` {of}"));
        for a in &o.actions {
            t.add(f, a, || format!("une action (`actions`) {of}"));
        }
        for k in &o.commitments {
            t.add(f, &k.text, || {
                format!("l'engagement de `{}` {of}", k.signatory.value)
            });
        }
        for i in &o.indicators {
            let ind = format!("de l'indicateur `{}`", i.id.value);
            t.add(f, &i.label, || format!("`label` {ind}"));
            t.opt(f, &i.source, || format!("`source` {ind}"));
        }
    }
    for n in &c.not_applicable {
        t.add(f, &n.reason, || {
            format!(
                "`reason` de `{}` sans objet pour `{}`",
                n.axis.value, n.signatory.value
            )
        });
    }
    if let Some(plan) = &c.coordination_plan {
        t.opt(f, &plan.text, || "`[coordination_plan] text`".into());
        for tool in &plan.tools {
            t.add(f, &tool.name, || {
                "`name` d'un outil du plan de coordination".into()
            });
            t.opt(f, &tool.area, || {
                "`area` d'un outil du plan de coordination".into()
            });
        }
    }
    if let Some(g) = &c.governance {
        if let Some(s) = &g.steering {
            t.add(f, &s.body, || "`governance.steering.body`".into());
        }
        t.opt(f, &g.evaluation, || "`governance.evaluation`".into());
        if let Some(o) = &g.opinion {
            t.add(f, &o.body, || "`governance.opinion.body`".into());
        }
    }
    for a in &c.articles {
        t.add(f, &a.title, || "`title` d'un article".into());
        t.add(f, &a.text, || {
            format!("`text` de l'article « {} »", a.title.value)
        });
    }
    for a in ctx.annexes() {
        for m in &a.means {
            t.opt(a.file, &m.text, || {
                format!(
                    "`text` des moyens de `{}` pour `{}`",
                    m.signatory.value, m.objective.value
                )
            });
        }
        for i in &a.investments {
            t.add(a.file, &i.label, || "`label` d'un investissement".into());
        }
    }

    let draft = c.header.status.value == Status::Draft;
    for (file, value, key) in t.items {
        let message = if draft {
            format!("{key} est encore « à compléter »")
        } else {
            format!(
                "convention au statut `{}` : {key} est encore « à compléter »",
                c.header.status.value
            )
        };
        out.push(
            PLACEHOLDER
                .at(file, value.span, message)
                .label("à compléter")
                .severity(if draft {
                    Severity::Warning
                } else {
                    Severity::Error
                })
                .help("remplacez « à compléter » par la valeur définitive (voir le commentaire au-dessus de la clé)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn marker_is_found_case_insensitively() {
        assert!(super::is_placeholder("« À compléter »"));
        assert!(super::is_placeholder("adopté le « à compléter »"));
        assert!(super::is_placeholder("À COMPLÉTER"));
        assert!(super::is_placeholder("« à CoMpLéTeR »"));
        assert!(!super::is_placeholder("à complet"));
        assert!(!super::is_placeholder("compléter l'offre"));
    }

    #[test]
    fn error_when_final_warning_when_draft() {
        assert!(run_code("placeholder", BASE, &base_annexes()).is_empty());
        let conv = edit(
            BASE,
            "name = \"Mme Anne Préfète\"",
            "name = \"« à compléter »\"",
        );
        let d = run_code("placeholder", &conv, &base_annexes());
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(
            d[0].message
                .contains("`represented_by.name` du signataire `etat`")
        );
        assert_eq!(d[0].severity, crate::diagnostic::Severity::Error);
        let draft = edit(&conv, "status = \"final\"", "status = \"draft\"");
        let d = run_code("placeholder", &draft, &base_annexes());
        assert_eq!(d[0].severity, crate::diagnostic::Severity::Warning);
    }
}
