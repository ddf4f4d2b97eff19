//! The signature block: « Fait à …, le … » (blank lines to fill by hand when the place or the
//! date is not known), the number of copies as the parties say it, and one box per signatory
//! in the order they choose: « Pour la Région, », « Le Président du Conseil régional, », the
//! name.

use super::{Names, SignatureBox, SignatureView, text};
use crate::french::grammar;
use crate::french::wording;
use crate::model::{Convention, Copies, Signatory};

pub fn build(conv: &Convention, names: &Names<'_>) -> SignatureView {
    let sig = conv.header.signature.as_ref();
    let place = sig
        .and_then(|s| s.place.as_ref())
        .map(|p| p.value.trim().to_string());
    let date = sig.and_then(|s| s.date.as_ref()).map(|d| d.french());
    let copies = match sig.and_then(|s| s.copies.as_ref()).map(|c| &c.value) {
        Some(Copies::Text(t)) if t.trim().is_empty() => None,
        Some(Copies::Text(t)) => Some(t.trim().to_string()),
        Some(Copies::Count(n)) => Some(wording::copies(*n as usize)),
        None => Some(wording::copies(conv.signatories.len())),
    };
    let order: Vec<&Signatory> = match sig.map(|s| &s.order) {
        Some(ids) if !ids.is_empty() => {
            let mut chosen: Vec<&Signatory> = ids.iter().filter_map(|id| names.get(id)).collect();
            // Signatories the order forgot still sign, after the others.
            for s in &conv.signatories {
                if !chosen.iter().any(|c| c.id.value == s.id.value) {
                    chosen.push(s);
                }
            }
            chosen
        }
        _ => conv.signatories.iter().collect(),
    };
    SignatureView {
        place_date: text(&wording::place_and_date(place.as_deref(), date.as_deref())),
        copies: copies.map(|c| text(&c)),
        boxes: order.into_iter().map(|s| signature_box(s, names)).collect(),
    }
}

fn signature_box(s: &Signatory, names: &Names<'_>) -> SignatureBox {
    let rep = s.represented_by.as_ref();
    let super::front::Person {
        name,
        capacity,
        agreement: person,
        ..
    } = super::front::person(s);
    let mut lines = vec![text(&wording::for_party(&names.with_article(&s.id)))];
    let signing_as = rep
        .and_then(|r| r.signing_as.as_ref())
        .map(|s| s.value.trim().to_string())
        .or_else(|| capacity.map(|c| grammar::with_article(c, person)));
    if let Some(line) = signing_as {
        let line = line.trim_end_matches(',').to_string();
        lines.push(text(&format!("{line},")));
    }
    if let Some(n) = name {
        // The name alone under the signature: the civility is for the parties block.
        lines.push(text(grammar::split_civility(n).1));
    }
    SignatureBox {
        id: s.id.value.clone(),
        lines,
        logo: None,
    }
}
