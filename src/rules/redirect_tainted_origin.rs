//! `redirect-tainted-origin` — see `docs/rules/redirect-tainted-origin.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "redirect-tainted-origin",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/redirect-tainted-origin.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    if !j.engine.tainted || !j.blocked() {
        return None;
    }
    if !(access_error_is(j, CorsError::AllowOriginMismatch) || access_error_is(j, CorsError::InvalidAllowCredentials)) {
        return None;
    }
    let e = cx.deciding_entry(j);
    let acao = e.response.headers.get("access-control-allow-origin").unwrap_or("");
    let hop = j.chain.hops.iter().position(|h| h.entry == e.index).unwrap_or(0);
    let from = hop.checked_sub(1).map(|h| cx.entry(j.chain.hops[h].entry));
    let mut evidence = Vec::new();
    if let Some(f) = from {
        evidence.push(evidence_at(f, Role::Redirect, Some("location")).note("cross-origin redirect: the origin becomes 'null'"));
    }
    evidence.push(evidence_at(e, stage_role(j), Some("access-control-allow-origin")));
    Some(finding(
        &RULE,
        Confidence::High,
        format!(
            "after the cross-origin redirect{} the request's origin is 'null', but {} answers Access-Control-Allow-Origin '{acao}'",
            from.map(|f| format!(" from {}", f.request.url)).unwrap_or_default(),
            e.request.url
        ),
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
        let make = |target_acao| capture(vec![
            entry(0, "GET", "http://api.example.test:4000/x", &[("Origin", PAGE)], 302, &[("Location", "http://api2.example.test:4001/x"), ("Access-Control-Allow-Origin", PAGE)]),
            entry(1, "GET", "http://api2.example.test:4001/x", &[("Origin", "null")], 200, &[("Access-Control-Allow-Origin", target_acao)]),
        ]);
        assert_eq!(cause(&make(PAGE), 0), Some("redirect-tainted-origin"));
        assert_eq!(cause(&make("*"), 0), None);
    }
}
