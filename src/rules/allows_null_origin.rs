//! `allows-null-origin` — see `docs/rules/allows-null-origin.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "allows-null-origin",
    severity: Severity::Warning,
    doc: include_str!("../../docs/rules/allows-null-origin.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    let e = final_response(cx, j)?;
    if e.response.headers.get("access-control-allow-origin")?.trim() != "null" {
        return None;
    }
    let cred = e.response.headers.get("access-control-allow-credentials") == Some("true");
    Some(finding(
        &RULE,
        if cred { Confidence::High } else { Confidence::Medium },
        format!(
            "{} allows the origin 'null'{}: any sandboxed iframe, data: or file:// page — including an attacker's — matches it",
            e.request.url,
            if cred { " with credentials" } else { "" }
        ),
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
        let make = |acao| capture(vec![entry(0, "GET", "http://api.example.test:4000/x", &[("Origin", "null")], 200, &[("Access-Control-Allow-Origin", acao)])]);
        assert!(rules_for(&make("null"), 0).contains(&"allows-null-origin"));
        assert!(!rules_for(&make("*"), 0).contains(&"allows-null-origin"));
    }
}
