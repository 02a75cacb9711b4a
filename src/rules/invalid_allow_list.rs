//! `invalid-allow-list` — see `docs/rules/invalid-allow-list.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "invalid-allow-list",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/invalid-allow-list.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    let header = if error_is(j, CorsError::InvalidAllowMethodsPreflightResponse) {
        "access-control-allow-methods"
    } else if error_is(j, CorsError::InvalidAllowHeadersPreflightResponse) {
        "access-control-allow-headers"
    } else {
        return None;
    };
    let p = cx.deciding_entry(j);
    let value = p.response.headers.combined(header).unwrap_or_default();
    let bad = value
        .split(',')
        .map(|s| s.trim_matches([' ', '\t']))
        .find(|s| !s.is_empty() && !crate::fetch::safelist::is_token(s))
        .unwrap_or("");
    Some(finding(
        &RULE,
        Confidence::High,
        format!("{} is '{value}': '{bad}' is not a method or header name; the list must be names separated by commas", canonical(header)),
        vec![evidence_at(p, Role::Preflight, Some(header))],
        cx,
    ))
}

fn canonical(h: &str) -> &'static str {
    if h.ends_with("methods") {
        "Access-Control-Allow-Methods"
    } else {
        "Access-Control-Allow-Headers"
    }
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        let make = |acam| capture(vec![
            entry(0, "DELETE", "http://api.example.test:4000/x", &[], 0, &[]),
            entry(1, "OPTIONS", "http://api.example.test:4000/x", &[("Access-Control-Request-Method", "DELETE"), ("Origin", PAGE)], 204, if acam { &[("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "GET; DELETE")] } else { &[("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "GET")] }),
        ]);
        assert_eq!(cause(&make(true), 0), Some("invalid-allow-list"));
        assert_eq!(cause(&make(false), 0), Some("method-not-allowed"));
    }
}
