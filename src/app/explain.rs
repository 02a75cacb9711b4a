//! `corsdx explain ID [--stack S]` and `corsdx rules [--format json]`.

use super::cli::{RulesFormat, StackArg};
use super::{output, AppError};
use corsdx::rules;

pub fn explain(id: &str, stack: Option<StackArg>) -> Result<i32, AppError> {
    let rule = rules::find(id).ok_or_else(|| {
        AppError::Usage(format!(
            "no rule '{id}'; `corsdx rules` lists the ids: {}",
            rules::RULES
                .iter()
                .map(|r| r.id)
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })?;
    let text = match stack {
        None => rule.doc.to_string(),
        Some(s) => {
            let snippet = rule.snippet(s.heading()).ok_or_else(|| {
                AppError::Usage(format!(
                    "rule '{id}' has no fix for '{}'; its stacks: {}",
                    s.heading(),
                    rule.stacks().join(", ")
                ))
            })?;
            format!("# {}\n\n### {snippet}\n", rule.title())
        }
    };
    output::print(&text)?;
    Ok(0)
}

/// The catalog: blocking causes, then risks; or the same as JSON.
pub fn rules(format: RulesFormat) -> Result<i32, AppError> {
    let text = match format {
        RulesFormat::Table => rules::listing(),
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = rules::RULES
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id,
                        "severity": r.severity.as_str(),
                        "title": r.title(),
                        "stacks": r.stacks(),
                    })
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&list).unwrap_or_default();
            s.push('\n');
            s
        }
    };
    output::print(&text)?;
    Ok(0)
}
