//! `no-cors-headers` — see `docs/rules/no-cors-headers.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "no-cors-headers",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/no-cors-headers.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    if !missing_at_response(j) {
        return None;
    }
    let e = cx.deciding_entry(j);
    let any_cors = cx.server_has_cors(e);
    let msg = if any_cors {
        format!("{} answered {} without any CORS header, although other responses from this server have some: this endpoint is not covered by the CORS configuration", e.request.url, e.response.status)
    } else {
        format!("{} answered {} without any CORS header, and no response from this server in the capture has one: the server is not configured for CORS", e.request.url, e.response.status)
    };
    Some(finding(
        &RULE,
        if any_cors { Confidence::Medium } else { Confidence::High },
        msg,
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
        let make = |acao: bool| capture(vec![entry(0, "GET", "http://api.example.test:4000/x", &[("Origin", PAGE)], 200, if acao { &[("Access-Control-Allow-Origin", "*")] } else { &[] })]);
        assert_eq!(cause(&make(false), 0), Some("no-cors-headers"));
        assert_eq!(cause(&make(true), 0), None);
    }
}
