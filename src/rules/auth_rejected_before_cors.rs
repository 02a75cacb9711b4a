//! `auth-rejected-before-cors` — see `docs/rules/auth-rejected-before-cors.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "auth-rejected-before-cors",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/auth-rejected-before-cors.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    if !missing_at_response(j) {
        return None;
    }
    let e = cx.deciding_entry(j);
    if !matches!(e.response.status, 401 | 403 | 407) {
        return None;
    }
    let (siblings, sibling) = cx.same_server_with_acao(e);
    let confidence = if siblings == 0 { Confidence::Medium } else { Confidence::High };
    let mut evidence = vec![evidence_at(e, Role::Response, Some("access-control-allow-origin"))];
    if let Some(www) = e.response.headers.get("www-authenticate") {
        evidence.push(evidence_at(e, Role::Response, Some("www-authenticate")).note(format!("WWW-Authenticate: {www}")));
    }
    if let Some(s) = sibling {
        evidence.push(evidence_at(s, Role::Related, Some("access-control-allow-origin")).note("the same server sends CORS headers on other responses"));
    }
    let also = if siblings == 0 {
        String::new()
    } else {
        format!(" while {} other response(s) from this server carry them", siblings)
    };
    Some(finding(
        &RULE,
        confidence,
        format!("{} answered {} {} without CORS headers{also}: authentication rejects the request before the CORS layer adds its headers, so the page cannot even read the 401", e.request.url, e.response.status, e.response.status_text.trim()),
        evidence,
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
            entry(0, "GET", "http://api.example.test:4000/ok", &[("Origin", PAGE)], 200, &[("Access-Control-Allow-Origin", PAGE)]),
            entry(1, "GET", "http://api.example.test:4000/me", &[("Origin", PAGE)], status, &[]),
        ]);
        assert_eq!(cause(&make(401), 1), Some("auth-rejected-before-cors"));
        assert_eq!(cause(&make(500), 1), Some("error-response-without-cors"));
    }
}
