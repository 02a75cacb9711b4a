//! `not-cors-network-failure` — see `docs/rules/not-cors-network-failure.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "not-cors-network-failure",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/not-cors-network-failure.md"),
    check,
};

/// What a network error means, in a user's words.
pub fn explain_net_error(err: &str) -> &'static str {
    let e = err.to_ascii_uppercase();
    if err == crate::judge::NOT_SENT {
        "the browser stopped it before the network — an extension or blocking rule, or a 'same-origin' request mode; the HAR does not record which, the console does"
    } else if e.contains("CONNECTION_REFUSED") {
        "nothing accepted the connection: the server is down or listens on another port"
    } else if e.contains("NAME_NOT_RESOLVED") || e.contains("UNKNOWN_HOST") {
        "the host name does not resolve (DNS)"
    } else if e.contains("CERT") || e.contains("SSL") || e.contains("INSECURE_RESPONSE") {
        "the TLS certificate was rejected"
    } else if e.contains("TIMED_OUT") || e.contains("TIMEOUT") {
        "the connection timed out"
    } else if e.contains("BLOCKED_BY_CLIENT") {
        "a browser extension (ad or privacy blocker) or DevTools request blocking cancelled it"
    } else if e.contains("TOO_MANY_REDIRECTS") {
        "the redirects loop: more than 20 hops"
    } else if e.contains("ABORTED") || e.contains("CANCELED") {
        "the page cancelled the request"
    } else if e.contains("INTERNET_DISCONNECTED") || e.contains("NETWORK_CHANGED") {
        "the network was down"
    } else if e.contains("EMPTY_RESPONSE") || e.contains("CONNECTION_RESET") || e.contains("CONNECTION_CLOSED") {
        "the server closed the connection without an answer"
    } else {
        "the request never got a usable response"
    }
}

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    let err = j.failed()?;
    let e = cx.entry(j.chain.last().entry);
    let confidence = if err == crate::judge::NOT_SENT {
        Confidence::Medium
    } else {
        Confidence::High
    };
    Some(finding(
        &RULE,
        confidence,
        if err == crate::judge::NOT_SENT {
            format!("{} was {err}: {}", e.request.url, explain_net_error(err))
        } else {
            format!("{} failed with {err}: {} — this is not a CORS problem, whatever the console says", e.request.url, explain_net_error(err))
        },
        vec![evidence_at(e, Role::Response, None).note(err.to_string())],
        cx,
    ))
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        use crate::model::Producer;
        let mut e = entry(0, "GET", "http://api.example.test:47099/x", &[], 0, &[]);
        e.response.error = Some("net::ERR_CONNECTION_REFUSED".into());
        let mut c = capture(vec![e]);
        c.producer = Producer::Chromium;
        assert_eq!(cause(&c, 0), Some("not-cors-network-failure"));
        let mut e = entry(0, "GET", "http://api.example.test:4000/x", &[], 200, &[]);
        e.response.error = Some("net::ERR_FAILED".into());
        let mut c = capture(vec![e]);
        c.producer = Producer::Chromium;
        assert_ne!(cause(&c, 0), Some("not-cors-network-failure"));
    }
}
