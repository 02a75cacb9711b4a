//! `unexplained-block` — see `docs/rules/unexplained-block.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "unexplained-block",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/unexplained-block.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    if !j.blocked() {
        return None;
    }
    let last = cx.entry(j.chain.last().entry);
    let mut next = Vec::new();
    if !j.engine.preflight_missing.is_empty() {
        next.push("the preflight is not in the capture (served from the browser's preflight cache, or a tool that records no preflights): capture again with DevTools' \"Disable cache\" ticked and a fresh browser profile");
    }
    if last.response.status <= 0 {
        next.push("no response was recorded: save the DevTools console (\"Save as…\") together with the HAR and pass it with --console; the console line names the exact CORS error");
    }
    if cx.capture.producer == crate::model::Producer::Safari {
        next.push("Safari does not export failed requests: use the Web Inspector console text or a Chromium/Firefox capture");
    }
    if next.is_empty() {
        next.push("pass the browser console log with --console so corsdx can read the browser's own reason");
    }
    let what = match j.cors_error() {
        Some(e) => format!("Chromium reported {e}, which no rule of corsdx explains from this capture"),
        None => "the capture does not hold what decided it".to_string(),
    };
    Some(finding(
        &RULE,
        Confidence::Low,
        format!("{} was blocked but {what}; {}", last.request.url, next.join("; ")),
        vec![evidence_at(last, Role::Response, None)],
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
        let mut e = entry(0, "GET", "http://api.example.test:4000/x", &[], 0, &[]);
        e.resource_type = Some("fetch".into());
        e.response.error = Some("net::ERR_FAILED".into());
        let mut c = capture(vec![e]);
        c.producer = Producer::Chromium;
        assert_eq!(cause(&c, 0), Some("unexplained-block"));
        let mut e = entry(0, "GET", "http://api.example.test:4000/x", &[("Origin", PAGE)], 200, &[]);
        e.response.error = Some("net::ERR_FAILED".into());
        let mut c = capture(vec![e]);
        c.producer = Producer::Chromium;
        assert_eq!(cause(&c, 0), Some("no-cors-headers"));
    }
}
