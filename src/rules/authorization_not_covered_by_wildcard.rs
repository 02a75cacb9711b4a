//! `authorization-not-covered-by-wildcard` — see `docs/rules/authorization-not-covered-by-wildcard.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "authorization-not-covered-by-wildcard",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/authorization-not-covered-by-wildcard.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    if !error_is(j, CorsError::HeaderDisallowedByPreflightResponse)
        || j.failed_parameter() != Some("authorization")
    {
        return None;
    }
    let p = cx.deciding_entry(j);
    let acah = p.response.headers.combined("access-control-allow-headers").unwrap_or_default();
    if !acah.split(',').any(|s| s.trim() == "*") {
        return None;
    }
    Some(finding(
        &RULE,
        Confidence::High,
        format!("Access-Control-Allow-Headers is '{acah}': the wildcard never covers Authorization, which must be listed by name (this browser enforces it; Chromium 156 by default, Firefox and Safari only warn)"),
        vec![evidence_at(p, Role::Preflight, Some("access-control-allow-headers"))],
        cx,
    ))
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        use crate::model::Producer;
        let make = |acah| {
            let mut a = entry(0, "GET", "http://api.example.test:4000/me", &[], 0, &[]);
            a.response.error = Some("net::ERR_FAILED".into());
            let mut c = capture(vec![
                a,
                entry(1, "OPTIONS", "http://api.example.test:4000/me", &[("Access-Control-Request-Method", "GET"), ("Access-Control-Request-Headers", "authorization"), ("Origin", PAGE)], 204, &[("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Headers", acah)]),
            ]);
            c.producer = Producer::Chromium;
            c
        };
        assert_eq!(cause(&make("*"), 0), Some("authorization-not-covered-by-wildcard"));
        assert_eq!(cause(&make("x-other"), 0), Some("header-not-allowed"));
    }
}
