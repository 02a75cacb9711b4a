//! `wildcard-on-credentialed-endpoint` — see `docs/rules/wildcard-on-credentialed-endpoint.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "wildcard-on-credentialed-endpoint",
    severity: Severity::Warning,
    doc: include_str!("../../docs/rules/wildcard-on-credentialed-endpoint.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    let e = final_response(cx, j)?;
    if e.response.headers.get("access-control-allow-origin")?.trim() != "*" {
        return None;
    }
    // A risk only for what scripts read: a CORS-mode request (fetch, XHR), not a stylesheet
    // or image a page embeds while some unrelated cookie exists.
    if j.spec.mode != crate::fetch::RequestMode::Cors {
        return None;
    }
    let why = if e.response.headers.contains("set-cookie") || e.response.cookie_count > 0 {
        "it sets cookies"
    } else if e.request.headers.contains("authorization") {
        "the request carries Authorization"
    } else if e.response.headers.contains("www-authenticate") {
        "it asks for authentication"
    } else if cx.server_rejects_url(e) {
        "the same URL answers 401/403 without credentials"
    } else {
        return None;
    };
    Some(finding(
        &RULE,
        Confidence::Medium,
        format!("{} answers Access-Control-Allow-Origin '*' although {why}: any site can read what it returns to a token-bearing script, and cookie-based calls will fail", e.request.url),
        vec![evidence_at(e, Role::Response, Some("access-control-allow-origin"))],
        cx,
    ))
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        let make = |cookie: bool| capture(vec![entry(0, "GET", "http://api.example.test:4000/x", &[("Origin", PAGE)], 200,
            if cookie { &[("Access-Control-Allow-Origin", "*"), ("Set-Cookie", "sid=1")] } else { &[("Access-Control-Allow-Origin", "*")] })]);
        assert!(rules_for(&make(true), 0).contains(&"wildcard-on-credentialed-endpoint"));
        assert!(!rules_for(&make(false), 0).contains(&"wildcard-on-credentialed-endpoint"));
    }

    #[test]
    fn an_embedded_stylesheet_is_no_credentialed_read() {
        let mut css = entry(0, "GET", "http://cdn.example.test/site.css", &[], 200, &[("Access-Control-Allow-Origin", "*"), ("Set-Cookie", "geo=se")]);
        css.resource_type = Some("stylesheet".into());
        assert!(!rules_for(&capture(vec![css]), 0).contains(&"wildcard-on-credentialed-endpoint"));
    }
}
