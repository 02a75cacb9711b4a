//! `mixed-content` — see `docs/rules/mixed-content.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "mixed-content",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/mixed-content.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    if j.policy() != Some(crate::judge::Policy::MixedContent) {
        return None;
    }
    let e = cx.first(j);
    let origin = j.origin_quoted();
    Some(finding(
        &RULE,
        Confidence::High,
        format!("the https page {origin} requested the insecure URL {}: the browser blocked it as mixed content before any CORS check", e.request.url),
        vec![evidence_at(e, Role::Request, None)],
        cx,
    ))
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        let mut c = capture(vec![entry(0, "GET", "http://api.example.test:4000/x", &[], 0, &[])]);
        c.pages[0].title = "https://app.example.test/".into();
        assert_eq!(cause(&c, 0), Some("mixed-content"));
        let mut ok = capture(vec![entry(0, "GET", "http://localhost:4000/x", &[], 200, &[("Access-Control-Allow-Origin", "*")])]);
        ok.pages[0].title = "https://app.example.test/".into();
        assert_eq!(cause(&ok, 0), None);
    }
}
