//! `missing-vary-origin` — see `docs/rules/missing-vary-origin.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "missing-vary-origin",
    severity: Severity::Warning,
    doc: include_str!("../../docs/rules/missing-vary-origin.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    let e = final_response(cx, j)?;
    if j.blocked() {
        return None;
    }
    // Only an answer computed from the request's `Origin` needs `Vary: Origin`: one that
    // names exactly the origin the request sent. A fixed value sent whatever the request (a
    // no-cors load without `Origin` got it too) is the same in every cached copy; `*`, in one
    // line or several (`*\n*` as WebPageTest joins them), is the same for everyone.
    let acao = e.response.headers.combined("access-control-allow-origin")?;
    let acao = acao.trim();
    let sent = e.request.headers.get("origin").map(str::trim);
    if sent != Some(acao) || acao == "null" || crate::judge::varies_on_origin(e) {
        return None;
    }
    let cacheable = crate::judge::is_cacheable(e);
    Some(finding(
        &RULE,
        if cacheable { Confidence::High } else { Confidence::Medium },
        format!(
            "{} answers Access-Control-Allow-Origin '{acao}' without Vary: Origin{}: a browser or shared cache can replay this answer to another origin, which will then be blocked",
            e.request.url,
            if cacheable { " and is cacheable" } else { "" }
        ),
        vec![evidence_at(e, Role::Response, Some("vary"))],
        cx,
    ))
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        let make = |vary: bool| capture(vec![entry(0, "GET", "http://api.example.test:4000/x", &[("Origin", PAGE)], 200,
            if vary { &[("Access-Control-Allow-Origin", PAGE), ("Vary", "Accept-Encoding, Origin")] } else { &[("Access-Control-Allow-Origin", PAGE)] })]);
        assert!(rules_for(&make(false), 0).contains(&"missing-vary-origin"));
        assert!(!rules_for(&make(true), 0).contains(&"missing-vary-origin"));
    }

    #[test]
    fn a_fixed_value_or_a_repeated_wildcard_is_no_risk() {
        // A script loaded without `Origin` gets the site's fixed origin: the same in every copy.
        let mut fixed = entry(0, "GET", "http://cdn.example.test/x.js", &[], 200, &[("Access-Control-Allow-Origin", PAGE)]);
        fixed.resource_type = Some("script".into());
        assert!(!rules_for(&capture(vec![fixed]), 0).contains(&"missing-vary-origin"));
        let stars = capture(vec![entry(0, "GET", "http://api.example.test:4000/x", &[("Origin", PAGE)], 200, &[("Access-Control-Allow-Origin", "*\n*")])]);
        assert!(!rules_for(&stars, 0).contains(&"missing-vary-origin"));
    }
}
