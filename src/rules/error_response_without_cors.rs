//! `error-response-without-cors` — see `docs/rules/error-response-without-cors.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "error-response-without-cors",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/error-response-without-cors.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    if !missing_at_response(j) {
        return None;
    }
    let e = cx.deciding_entry(j);
    if e.response.status < 400 {
        return None;
    }
    let (siblings, sibling) = cx.same_server_with_acao(e);
    let confidence = if siblings == 0 { Confidence::Low } else { Confidence::High };
    let mut evidence = vec![evidence_at(e, Role::Response, Some("access-control-allow-origin"))];
    if let Some(s) = sibling {
        evidence.push(evidence_at(s, Role::Related, Some("access-control-allow-origin")).note("a successful response from the same server carries CORS headers"));
    }
    let also = if siblings == 0 {
        " (no other response from this server is in the capture to confirm that CORS works elsewhere)".to_string()
    } else {
        format!("; {} other response(s) from this server carry them", siblings)
    };
    Some(finding(
        &RULE,
        confidence,
        format!(
            "{} answered {} {} without CORS headers{also}: the error path skips the CORS layer, and the real bug is the {} itself",
            e.request.url, e.response.status, e.response.status_text.trim(), e.response.status
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
        let make = |status| capture(vec![
            entry(0, "GET", "http://api.example.test:4000/ok", &[("Origin", PAGE)], 200, &[("Access-Control-Allow-Origin", PAGE)]),
            entry(1, "GET", "http://api.example.test:4000/boom", &[("Origin", PAGE)], status, &[]),
        ]);
        assert_eq!(cause(&make(500), 1), Some("error-response-without-cors"));
        assert_eq!(cause(&make(200), 1), Some("no-cors-headers"));
    }
}
