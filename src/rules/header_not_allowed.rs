//! `header-not-allowed` — see `docs/rules/header-not-allowed.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "header-not-allowed",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/header-not-allowed.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    if !error_is(j, CorsError::HeaderDisallowedByPreflightResponse) {
        return None;
    }
    let p = cx.deciding_entry(j);
    let header = j.failed_parameter().unwrap_or("?");
    let acah = p.response.headers.combined("access-control-allow-headers");
    let listed = match &acah {
        Some(v) => format!("Access-Control-Allow-Headers is '{v}'"),
        None => "the preflight sent no Access-Control-Allow-Headers".to_string(),
    };
    let asked = p.request.headers.get("access-control-request-headers").unwrap_or("");
    Some(finding(
        &RULE,
        Confidence::High,
        format!("the request sends the header '{header}' (the preflight asked for '{asked}'); {listed}"),
        vec![
            evidence_at(p, Role::Preflight, Some("access-control-allow-headers")),
        ],
        cx,
    ))
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        let make = |acah| capture(vec![
            entry(0, "GET", "http://api.example.test:4000/x", &[], 0, &[]),
            entry(1, "OPTIONS", "http://api.example.test:4000/x", &[("Access-Control-Request-Method", "GET"), ("Access-Control-Request-Headers", "x-request-id"), ("Origin", PAGE)], 204, &[("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Headers", acah)]),
        ]);
        assert_eq!(cause(&make("content-type"), 0), Some("header-not-allowed"));
        assert_ne!(cause(&make("X-Request-Id"), 0), Some("header-not-allowed"));
    }
}
