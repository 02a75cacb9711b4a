//! `preflight-redirected` — see `docs/rules/preflight-redirected.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "preflight-redirected",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/preflight-redirected.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    if !error_is(j, CorsError::PreflightDisallowedRedirect) {
        return None;
    }
    let p = cx.deciding_entry(j);
    let to = crate::trace::redirect_target(p).unwrap_or_else(|| "another URL".into());
    Some(finding(
        &RULE,
        Confidence::High,
        format!("the preflight OPTIONS {} answered {} with a redirect to {to}; browsers never follow redirects of preflights", p.request.url, p.response.status),
        vec![evidence_at(p, Role::Preflight, Some("location"))],
        cx,
    ))
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        let pf = |status, loc: &'static str| entry(0, "OPTIONS", "http://api.example.test:4000/items", &[("Access-Control-Request-Method", "DELETE"), ("Origin", PAGE)], status, if loc.is_empty() { &[("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "DELETE")] } else { &[("Location", "/items/")] });
        let c = capture(vec![pf(301, "/items/"), entry(1, "DELETE", "http://api.example.test:4000/items", &[], 0, &[])]);
        assert_eq!(cause(&c, 1), Some("preflight-redirected"));
        let c = capture(vec![pf(204, ""), entry(1, "DELETE", "http://api.example.test:4000/items", &[], 204, &[("Access-Control-Allow-Origin", "*")])]);
        assert_eq!(cause(&c, 1), None);
    }
}
