//! The text values of a convention folder, walked once for the rules that read free text
//! (`placeholder`, `invisible-character`).

use crate::check::Ctx;
use crate::source::{FileId, Sp};

/// « du signataire `region` »: what a value belongs to, written only for a finding.
struct Named<'a>(&'static str, &'a str);

impl std::fmt::Display for Named<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} `{}`", self.0, self.1)
    }
}

/// Collects the text values that match, with the key they sit at.
struct Texts<'a> {
    matches: fn(&str) -> bool,
    items: Vec<(FileId, &'a Sp<String>, String)>,
}

impl<'a> Texts<'a> {
    /// `key` names the value in the message; it is only built for a finding.
    fn add(&mut self, file: FileId, value: &'a Sp<String>, key: impl FnOnce() -> String) {
        if (self.matches)(value) {
            self.items.push((file, value, key()));
        }
    }
    fn opt(&mut self, file: FileId, value: &'a Option<Sp<String>>, key: impl FnOnce() -> String) {
        if let Some(v) = value {
            self.add(file, v, key);
        }
    }
}

/// Every text value of a convention folder (convention and annexes) for which `matches` holds,
/// with the file, the value, and a French phrase naming its key and what it belongs to
/// (built only for the matches).
pub(super) fn matching<'a>(
    ctx: &Ctx<'a>,
    matches: fn(&str) -> bool,
) -> Vec<(FileId, &'a Sp<String>, String)> {
    let c = ctx.conv;
    let f = c.file;
    let mut t = Texts {
        matches,
        items: Vec::new(),
    };
    let h = &c.header;
    t.add(f, &h.id, || "`[convention] id`".into());
    t.add(f, &h.title, || "`[convention] title`".into());
    t.opt(f, &h.short_title, || "`[convention] short_title`".into());
    t.add(f, &h.region, || "`[convention] region`".into());
    if let Some(sig) = &h.signature {
        t.opt(f, &sig.place, || "`[convention.signature] place`".into());
    }
    for s in &c.signatories {
        let who = Named("du signataire", &s.id.value);
        t.add(f, &s.id, || format!("`id` {who}"));
        t.add(f, &s.name, || format!("`name` {who}"));
        t.opt(f, &s.address, || format!("`address` {who}"));
        t.opt(f, &s.mandate, || format!("`mandate` {who}"));
        t.opt(f, &s.short_name, || format!("`short_name` {who}"));
        t.opt(f, &s.designation, || format!("`designation` {who}"));
        t.opt(f, &s.statement, || format!("`statement` {who}"));
        if let Some(r) = &s.represented_by {
            t.opt(f, &r.name, || format!("`represented_by.name` {who}"));
            t.opt(f, &r.capacity, || {
                format!("`represented_by.capacity` {who}")
            });
            t.opt(f, &r.civility, || {
                format!("`represented_by.civility` {who}")
            });
            t.opt(f, &r.signing_as, || {
                format!("`represented_by.signing_as` {who}")
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
        let of = Named("de l'objectif", &o.id.value);
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
            indicator(&mut t, f, i);
        }
    }
    for i in &c.indicators {
        indicator(&mut t, f, i);
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
            t.opt(f, &s.rhythm, || "`governance.steering.rhythm`".into());
            for m in &s.other_members {
                t.add(f, m, || {
                    "un membre de `governance.steering.other_members`".into()
                });
            }
        }
        for m in &g.calendar {
            t.add(f, &m.text, || "`text` d'une étape du calendrier".into());
            t.opt(f, &m.when, || "`when` d'une étape du calendrier".into());
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
    document(&mut t, c);
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
    t.items
}

fn indicator<'a>(t: &mut Texts<'a>, f: FileId, i: &'a crate::model::Indicator) {
    let ind = Named("de l'indicateur", &i.id.value);
    t.add(f, &i.label, || format!("`label` {ind}"));
    t.opt(f, &i.source, || format!("`source` {ind}"));
    t.opt(f, &i.group, || format!("`group` {ind}"));
}

/// The keys of the document's layout that hold words: sections, quotations, annexes, the
/// formula « Il est convenu », the parties' common name, the signature's copies.
fn document<'a>(t: &mut Texts<'a>, c: &'a crate::model::Convention) {
    let f = c.file;
    if let Some(d) = &c.document {
        t.opt(f, &d.agreed, || "`[document] agreed`".into());
        t.opt(f, &d.together, || "`[document] together`".into());
    }
    for (i, s) in c.sections.iter().enumerate() {
        let which = format!("de la section n° {} « {} »", i + 1, s.title.value);
        t.add(f, &s.title, || format!("`title` {which}"));
        t.opt(f, &s.text, || format!("`text` {which}"));
        t.opt(f, &s.number, || format!("`number` {which}"));
    }
    for q in &c.quotations {
        t.opt(f, &q.title, || "`title` d'une citation".into());
        t.add(f, &q.text, || "`text` d'une citation".into());
    }
    for a in &c.annexes {
        t.opt(f, &a.title, || "`title` d'une annexe".into());
        t.opt(f, &a.text, || "`text` d'une annexe".into());
    }
}

/// The Markdown fields of a convention (the keys marked *md* in docs/format.md), with a
/// French phrase naming each.
pub(super) fn markdown<'a>(ctx: &Ctx<'a>) -> Vec<(FileId, &'a Sp<String>, String)> {
    let c = ctx.conv;
    let f = c.file;
    let mut out = Vec::new();
    if let Some(p) = &c.preamble {
        out.push((f, &p.text, "`[preamble] text`".to_string()));
    }
    for o in &c.objectives {
        let of = Named("de l'objectif", &o.id.value);
        if let Some(d) = &o.description {
            out.push((f, d, format!("`description` {of}")));
        }
        for k in &o.commitments {
            out.push((
                f,
                &k.text,
                format!("l'engagement de `{}` {of}", k.signatory.value),
            ));
        }
    }
    if let Some(t) = c.coordination_plan.as_ref().and_then(|p| p.text.as_ref()) {
        out.push((f, t, "`[coordination_plan] text`".into()));
    }
    if let Some(e) = c.governance.as_ref().and_then(|g| g.evaluation.as_ref()) {
        out.push((f, e, "`governance.evaluation`".into()));
    }
    for a in &c.articles {
        out.push((
            f,
            &a.text,
            format!("`text` de l'article « {} »", a.title.value),
        ));
    }
    for (i, s) in c.sections.iter().enumerate() {
        if let Some(t) = &s.text {
            out.push((
                f,
                t,
                format!("`text` de la section n° {} « {} »", i + 1, s.title.value),
            ));
        }
    }
    for q in &c.quotations {
        out.push((f, &q.text, "`text` d'une citation".into()));
    }
    for a in &c.annexes {
        if let Some(t) = &a.text {
            out.push((f, t, "`text` d'une annexe".into()));
        }
    }
    out
}

/// The attached Markdown documents of `[[annexes]]` (`file = "….md"`) that resolve, with the
/// `file` value that names each, a French phrase naming it, and its text: they are laid out
/// like the Markdown fields, so the same limits apply.
pub(super) fn attached<'a>(ctx: &Ctx<'a>) -> Vec<(FileId, &'a Sp<String>, String, String)> {
    let c = ctx.conv;
    let dir = ctx
        .sources
        .get(c.file)
        .path
        .parent()
        .unwrap_or(std::path::Path::new(""));
    c.annexes
        .iter()
        .filter_map(|a| a.file.as_ref())
        .filter_map(|file| {
            let text = crate::load::assets::document_text(dir, &file.value)?;
            Some((
                c.file,
                file,
                format!("le document joint `{}`", file.value),
                text,
            ))
        })
        .collect()
}
