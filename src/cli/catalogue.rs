//! `convgen rules` and `convgen explain CODE`.

use clap::ValueEnum;

use convgen::report;

use super::error::{Failure, Outcome, print_out};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RulesFormat {
    Text,
    Markdown,
    Json,
}

pub fn rules(format: RulesFormat) -> Outcome {
    print_out(&match format {
        RulesFormat::Text => report::rules_text(),
        RulesFormat::Markdown => report::rules_markdown(),
        RulesFormat::Json => report::rules_json(),
    })
}

pub fn explain(code: &str) -> Outcome {
    let Some(rule) = report::find_rule(code) else {
        let codes = report::rule_codes();
        let suggestion = convgen::diagnostic::closest(code, codes.iter().copied())
            .map(|c| format!("vouliez-vous dire `{c}` ? "))
            .unwrap_or_default();
        return Err(Failure::msg(format!("règle inconnue `{code}`"))
            .hint(format!("{suggestion}codes connus : {}", codes.join(", "))));
    };
    print_out(&report::explain(rule))
}
