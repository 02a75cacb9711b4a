//! `wildcard-origin-with-credentials` — see `docs/rules/wildcard-origin-with-credentials.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "wildcard-origin-with-credentials",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/wildcard-origin-with-credentials.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    if !access_error_is(j, CorsError::WildcardOriginNotAllowed) {
        return None;
    }
    let e = cx.deciding_entry(j);
    let origin = j.origin_quoted();
    let why = &j.credentials.because;
    Some(finding(
        &RULE,
        Confidence::High,
        format!("the request is credentialed ({why}) but {} answered Access-Control-Allow-Origin '*'; credentialed requests need the exact origin {origin} and Access-Control-Allow-Credentials: true", if j.cors_error().is_some_and(|c| c.is_preflight_error()) { "the preflight" } else { "the response" }),
        vec![evidence_at(e, stage_role(j), Some("access-control-allow-origin"))],
        cx,
    ))
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        let make = |cookie: bool| capture(vec![entry(0, "GET", "http://api.example.test:4000/me", if cookie { &[("Cookie", "sid=1"), ("Origin", PAGE)] } else { &[("Origin", PAGE)] }, 200, &[("Access-Control-Allow-Origin", "*")])]);
        assert_eq!(cause(&make(true), 0), Some("wildcard-origin-with-credentials"));
        assert_eq!(cause(&make(false), 0), None);
    }
}
