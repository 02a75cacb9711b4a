//! `cross-browser-divergence` — see `docs/rules/cross-browser-divergence.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "cross-browser-divergence",
    severity: Severity::Warning,
    doc: include_str!("../../docs/rules/cross-browser-divergence.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    let p = j.chain.hops.iter().find_map(|h| h.preflight).map(|p| cx.entry(p))?;
    if j.engine.authorization_covered_by_wildcard || j.strict_authorization {
        return Some(finding(
            &RULE,
            Confidence::High,
            "Authorization is allowed only by Access-Control-Allow-Headers: * — Chromium 156 lets it through with a deprecation warning, Firefox and Safari warn, and the Fetch standard (and Chromium with CorsNonWildcardRequestHeadersSupport, the coming default) blocks it: list Authorization by name".to_string(),
            vec![evidence_at(p, Role::Preflight, Some("access-control-allow-headers"))],
            cx,
        ));
    }
    let m = &j.spec.method;
    if !crate::fetch::safelist::is_safelisted_method(m) && m.chars().any(|c| c.is_ascii_lowercase()) && !j.blocked() {
        let acam = p.response.headers.combined("access-control-allow-methods").unwrap_or_default();
        if !acam.split(',').any(|x| x.trim() == m) {
            return Some(finding(
                &RULE,
                Confidence::Medium,
                format!("the method '{m}' is not normalized to upper case by fetch() and Access-Control-Allow-Methods '{acam}' lists it only in another case: Chromium's legacy comparison allows it, the standard and other engines compare case-sensitively"),
                vec![evidence_at(p, Role::Preflight, Some("access-control-allow-methods"))],
                cx,
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        let make = |acah| capture(vec![
            entry(0, "GET", "http://api.example.test:4000/me", &[("Authorization", "Bearer x"), ("Origin", PAGE)], 200, &[("Access-Control-Allow-Origin", "*")]),
            entry(1, "OPTIONS", "http://api.example.test:4000/me", &[("Access-Control-Request-Method", "GET"), ("Access-Control-Request-Headers", "authorization"), ("Origin", PAGE)], 204, &[("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Headers", acah)]),
        ]);
        assert!(rules_for(&make("*"), 0).contains(&"cross-browser-divergence"));
        assert!(!rules_for(&make("authorization"), 0).contains(&"cross-browser-divergence"));
    }
}
