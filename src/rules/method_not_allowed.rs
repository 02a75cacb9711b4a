//! `method-not-allowed` — see `docs/rules/method-not-allowed.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "method-not-allowed",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/method-not-allowed.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    if !error_is(j, CorsError::MethodDisallowedByPreflightResponse) {
        return None;
    }
    let p = cx.deciding_entry(j);
    let method = j.failed_parameter().unwrap_or(&j.spec.method);
    let acam = p.response.headers.combined("access-control-allow-methods");
    let listed = match &acam {
        Some(v) => format!("Access-Control-Allow-Methods is '{v}'"),
        None => "the preflight sent no Access-Control-Allow-Methods".to_string(),
    };
    Some(finding(
        &RULE,
        Confidence::High,
        format!("{listed}, which does not include {method}"),
        vec![evidence_at(p, Role::Preflight, Some("access-control-allow-methods"))],
        cx,
    ))
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        let make = |acam| capture(vec![
            entry(0, "DELETE", "http://api.example.test:4000/x", &[], 204, &[("Access-Control-Allow-Origin", "*")]),
            entry(1, "OPTIONS", "http://api.example.test:4000/x", &[("Access-Control-Request-Method", "DELETE"), ("Origin", PAGE)], 204, &[("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", acam)]),
        ]);
        assert_eq!(cause(&make("GET, POST"), 0), Some("method-not-allowed"));
        assert_eq!(cause(&make("GET, DELETE"), 0), None);
    }
}
