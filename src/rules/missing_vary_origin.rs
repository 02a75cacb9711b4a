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
    let acao = e.response.headers.get("access-control-allow-origin")?.trim();
    if acao == "*" || crate::judge::varies_on_origin(e) {
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
}
