//! `redirect-without-cors` — see `docs/rules/redirect-without-cors.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "redirect-without-cors",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/redirect-without-cors.md"),
    check,
};

/// What kind of redirect this is, from its URL and target.
pub fn redirect_kind(from: &str, to: &str) -> &'static str {
    let (Ok(a), Ok(b)) = (url::Url::parse(from), url::Url::parse(to)) else {
        return "a redirect";
    };
    let lower = to.to_ascii_lowercase();
    if ["login", "signin", "sign-in", "auth", "sso", "oauth", "session"].iter().any(|w| b.path().to_ascii_lowercase().contains(w))
        || lower.contains("next=") || lower.contains("return") || lower.contains("redirect_uri")
    {
        return "a login redirect (the request is not authenticated)";
    }
    if a.scheme() == "http" && b.scheme() == "https" && a.host_str() == b.host_str() {
        return "an HTTP → HTTPS upgrade";
    }
    if a.host_str() == b.host_str() && a.scheme() == b.scheme() {
        let (pa, pb) = (a.path(), b.path());
        if format!("{pa}/") == pb || format!("{pb}/") == pa {
            return "a trailing-slash redirect";
        }
        return "a same-host redirect";
    }
    if a.path() == b.path() {
        return "a canonical-host redirect";
    }
    "a cross-origin redirect"
}

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    if !matches!(j.deciding().stage, crate::fetch::engine::Stage::Redirect { .. }) || !error_is(j, CorsError::MissingAllowOriginHeader) {
        return None;
    }
    let e = cx.deciding_entry(j);
    let to = crate::trace::redirect_target(e).unwrap_or_default();
    let kind = redirect_kind(&e.request.url, &to);
    Some(finding(
        &RULE,
        Confidence::High,
        format!("{} answered {} with {kind} to {to}, without Access-Control-Allow-Origin; the browser checks CORS on every redirect hop", e.request.url, e.response.status),
        vec![evidence_at(e, Role::Redirect, Some("access-control-allow-origin")), evidence_at(e, Role::Redirect, Some("location"))],
        cx,
    ))
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        let make = |acao: bool| capture(vec![
            entry(0, "GET", "http://api.example.test:4000/items", &[("Origin", PAGE)], 301, if acao { &[("Location", "/items/"), ("Access-Control-Allow-Origin", "*")] } else { &[("Location", "/items/")] }),
            entry(1, "GET", "http://api.example.test:4000/items/", &[("Origin", PAGE)], 200, &[("Access-Control-Allow-Origin", "*")]),
        ]);
        assert_eq!(cause(&make(false), 0), Some("redirect-without-cors"));
        assert_eq!(cause(&make(true), 0), None);
        assert_eq!(super::redirect_kind("http://a/x", "https://a/x"), "an HTTP → HTTPS upgrade");
        assert_eq!(super::redirect_kind("http://a/x", "http://a/x/"), "a trailing-slash redirect");
        assert_eq!(super::redirect_kind("http://a/x", "http://www.a/x"), "a canonical-host redirect");
        assert!(super::redirect_kind("http://a/x", "http://a/login?next=/x").starts_with("a login"));
    }
}
