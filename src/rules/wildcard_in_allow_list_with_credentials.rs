//! `wildcard-in-allow-list-with-credentials` — see `docs/rules/wildcard-in-allow-list-with-credentials.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "wildcard-in-allow-list-with-credentials",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/wildcard-in-allow-list-with-credentials.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    if !j.spec.credentials.is_include() {
        return None;
    }
    let header = if error_is(j, CorsError::MethodDisallowedByPreflightResponse) {
        "access-control-allow-methods"
    } else if error_is(j, CorsError::HeaderDisallowedByPreflightResponse) {
        "access-control-allow-headers"
    } else {
        return None;
    };
    let p = cx.deciding_entry(j);
    let value = p.response.headers.combined(header).unwrap_or_default();
    if !value.split(',').any(|s| s.trim() == "*") {
        return None;
    }
    let what = j.failed_parameter().unwrap_or("");
    Some(finding(
        &RULE,
        Confidence::High,
        format!("the request is credentialed, so '*' in {header} ('{value}') is a literal name, not a wildcard: '{what}' is not allowed; list it explicitly"),
        vec![evidence_at(p, Role::Preflight, Some(header))],
        cx,
    ))
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        let make = |cookie: bool| capture(vec![
            entry(0, "PUT", "http://api.example.test:4000/x", if cookie { &[("Cookie", "s=1")] } else { &[] }, 200, &[("Access-Control-Allow-Origin", PAGE)]),
            entry(1, "OPTIONS", "http://api.example.test:4000/x", &[("Access-Control-Request-Method", "PUT"), ("Origin", PAGE)], 204, &[("Access-Control-Allow-Origin", PAGE), ("Access-Control-Allow-Credentials", "true"), ("Access-Control-Allow-Methods", "*")]),
        ]);
        assert_eq!(cause(&make(true), 0), Some("wildcard-in-allow-list-with-credentials"));
        assert_eq!(cause(&make(false), 0), None);
    }
}
