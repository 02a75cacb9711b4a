//! `preflight-only-cors` — see `docs/rules/preflight-only-cors.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "preflight-only-cors",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/preflight-only-cors.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    if !missing_at_response(j) {
        return None;
    }
    let hop = j.chain.last();
    let p = cx.entry(hop.preflight?);
    p.response.headers.get("access-control-allow-origin")?;
    let e = cx.entry(hop.entry);
    // An error answer is its own cause (error-response-without-cors, auth-rejected-before-cors).
    if e.response.status >= 400 {
        return None;
    }
    Some(finding(
        &RULE,
        Confidence::High,
        format!(
            "the preflight passed (OPTIONS answered {} with Access-Control-Allow-Origin '{}') but the {} response ({}) has no Access-Control-Allow-Origin: CORS is handled only on OPTIONS",
            p.response.status,
            p.response.headers.get("access-control-allow-origin").unwrap_or(""),
            e.request.method,
            e.response.status
        ),
        vec![evidence_at(p, Role::Preflight, Some("access-control-allow-origin")), evidence_at(e, Role::Response, Some("access-control-allow-origin"))],
        cx,
    ))
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        let make = |status| capture(vec![
            entry(0, "PUT", "http://api.example.test:4000/x", &[("Origin", PAGE)], status, &[]),
            entry(1, "OPTIONS", "http://api.example.test:4000/x", &[("Access-Control-Request-Method", "PUT"), ("Origin", PAGE)], 204, &[("Access-Control-Allow-Origin", PAGE), ("Access-Control-Allow-Methods", "PUT")]),
        ]);
        assert_eq!(cause(&make(200), 0), Some("preflight-only-cors"));
        assert_eq!(cause(&make(500), 0), Some("error-response-without-cors"));
    }
}
