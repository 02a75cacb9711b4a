//! `corsdx explain ID [--stack S]` and `corsdx rules`.

use super::AppError;
use corsdx::rules;

pub fn explain(id: &str, stack: Option<&str>) -> Result<i32, AppError> {
    let rule = rules::find(id)
        .ok_or_else(|| AppError::Usage(format!("no rule '{id}'; `corsdx rules` lists them")))?;
    match stack {
        None => print!("{}", rule.doc),
        Some(s) => {
            let snippet = rule.snippet(s).ok_or_else(|| {
                AppError::Usage(format!(
                    "rule '{id}' has no fix for '{s}'; stacks: {}",
                    rule.stacks().join(", ")
                ))
            })?;
            println!("# {}\n\n### {snippet}", rule.title());
        }
    }
    Ok(0)
}

/// The catalog, one line per rule: blocking causes, then risks.
pub fn rules() -> Result<i32, AppError> {
    print!("{}", rules::listing());
    Ok(0)
}
