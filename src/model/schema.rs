//! JSON Schemas of the input format (`schemas/*.schema.json`, `convgen schema`), generated
//! from the model types so that they cannot drift from what the decoder reads.
//!
//! The schemas follow draft 7, the dialect Taplo (Even Better TOML) understands. Editors
//! validate the JSON form of a TOML file: a local date is the string `AAAA-MM-JJ`, hence
//! `format: date`. Every key carries a French description, unknown keys are refused
//! (`additionalProperties: false`), and TOML having no null, optional keys are simply not
//! `required` (the `null` that schemars adds for `Option` is removed).

use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::Value;

use crate::model::{Annex, Avenant, Convention};

/// Which file a schema describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// `convention.toml`
    Convention,
    /// `annexes/<YYYY>.toml`
    Annex,
    /// `avenants/<n>.toml`
    Avenant,
}

impl Target {
    /// Path of the committed schema, relative to the repository root.
    pub fn path(self) -> &'static str {
        match self {
            Target::Convention => "schemas/convention.schema.json",
            Target::Annex => "schemas/annex.schema.json",
            Target::Avenant => "schemas/avenant.schema.json",
        }
    }

    /// Name given to `convgen schema`.
    pub fn name(self) -> &'static str {
        match self {
            Target::Convention => "convention",
            Target::Annex => "annex",
            Target::Avenant => "avenant",
        }
    }
}

/// The schema as pretty-printed JSON, ending with a newline (the committed file's bytes).
pub fn json(target: Target) -> String {
    let schema = match target {
        Target::Convention => generate::<Convention>(
            "convgen — convention.toml",
            "Convention de partenariat publique (format d'entrée v1 de convgen) : identité, \
             signataires, visas, préambule, objectifs, plan de coordination, gouvernance, articles.",
        ),
        Target::Annex => generate::<Annex>(
            "convgen — annexe annuelle (annexes/AAAA.toml)",
            "Annexe annuelle d'une convention (format d'entrée v1 de convgen) : moyens alloués par \
             objectif et par signataire, cibles des indicateurs, projets d'investissement.",
        ),
        Target::Avenant => generate::<Avenant>(
            "convgen — avenant (avenants/N.toml)",
            "Avenant à une convention (format d'entrée v1 de convgen) : numéro, objet, \
             délibérations qui l'approuvent, dates de signature et d'effet, sections modifiées.",
        ),
    };
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema is JSON");
    text.push('\n');
    text
}

fn generate<T: JsonSchema>(title: &str, description: &str) -> Schema {
    let mut settings = SchemaSettings::draft07();
    // Runs before the draft-7 transforms, so that a `$ref` left alone with a description is
    // then wrapped in `allOf` as draft 7 requires.
    settings.transforms.insert(
        0,
        Box::new(RecursiveTransform(strip_null as fn(&mut Schema))),
    );
    let mut schema = settings.into_generator().into_root_schema_for::<T>();
    schema.insert("title".into(), title.into());
    schema.insert("description".into(), description.into());
    schema
}

/// Removes the `null` alternative schemars gives `Option` fields (TOML has no null), and the
/// number formats of Rust types.
fn strip_null(schema: &mut Schema) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    if let Some(Value::Array(types)) = obj.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let only = types.remove(0);
            obj.insert("type".into(), only);
        }
    }
    // Rust number formats (`double`, `int64`…) mean nothing to editors: keep only `date`.
    if obj
        .get("format")
        .is_some_and(|f| f.as_str() != Some("date"))
    {
        obj.remove("format");
    }
    if let Some(Value::Array(values)) = obj.get_mut("enum") {
        values.retain(|v| !v.is_null());
    }
    let is_null = |v: &Value| v.get("type").is_some_and(|t| t == "null");
    if let Some(Value::Array(any_of)) = obj.get("anyOf")
        && any_of.iter().any(is_null)
    {
        let mut rest: Vec<Value> = any_of.iter().filter(|v| !is_null(v)).cloned().collect();
        obj.remove("anyOf");
        if rest.len() == 1 {
            if let Value::Object(inner) = rest.remove(0) {
                for (k, v) in inner {
                    obj.entry(k).or_insert(v);
                }
            }
        } else {
            obj.insert("anyOf".into(), Value::Array(rest));
        }
        // The merged schema may itself carry a nullable type.
        strip_null(schema);
    }
}

/// `regime`: one of the regimes of [`crate::model::regime`] (data, so the schema follows the law).
pub fn regime_schema(_: &mut SchemaGenerator) -> Schema {
    let ids: Vec<&str> = crate::model::regime::ids().collect();
    json_schema!({ "type": "string", "enum": ids })
}

/// `clause` of a section: one clause, or a list of them.
pub fn clauses_schema(generator: &mut SchemaGenerator) -> Schema {
    let one = generator.subschema_for::<crate::model::Clause>();
    json_schema!({ "anyOf": [one, { "type": "array", "items": one }] })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_null_and_no_span_in_schemas() {
        for target in [Target::Convention, Target::Annex, Target::Avenant] {
            let text = json(target);
            assert!(!text.contains("\"null\""), "{text}");
            assert!(!text.contains("\"span\""), "{text}");
            // The model's own file ids are not keys (`file` of `[[annexes]]` is).
            let v: Value = serde_json::from_str(&text).unwrap();
            assert!(v["properties"].get("file").is_none(), "{text}");
        }
    }

    #[test]
    fn enums_list_their_values() {
        let v: Value = serde_json::from_str(&json(Target::Convention)).unwrap();
        let kind = &v["definitions"]["Kind"]["enum"];
        assert_eq!(kind, &serde_json::json!(["crpc", "partenariat", "spro"]));
    }
}
