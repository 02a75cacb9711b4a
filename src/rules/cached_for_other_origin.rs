//! `cached-for-other-origin` — see `docs/rules/cached-for-other-origin.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "cached-for-other-origin",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/cached-for-other-origin.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    if !error_is(j, CorsError::AllowOriginMismatch) {
        return None;
    }
    let origin = j.origin_quoted();
    let replay = j.replay?;
    let cached = cx.entry(replay.cached);
    let confidence = if replay.recorded { Confidence::High } else { Confidence::Medium };
    let acao = cached.response.headers.get("access-control-allow-origin").unwrap_or("");
    let cc = cached.response.headers.combined("cache-control").map(|v| v.into_owned()).unwrap_or_else(|| "(none)".into());
    let last = cx.entry(j.chain.last().entry);
    Some(finding(
        &RULE,
        confidence,
        format!(
            "the browser reused the response cached for '{acao}' (entry {}, Cache-Control '{cc}', no Vary: Origin) for the page {origin}: its Access-Control-Allow-Origin names the first origin",
            cached.index
        ),
        vec![
            evidence_at(last, Role::Response, Some("access-control-allow-origin")).note("replayed from the cache"),
            evidence_at(cached, Role::Related, Some("access-control-allow-origin")).note("the response that was cached"),
            evidence_at(cached, Role::Related, Some("vary")),
        ],
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
        let make = |vary: bool| {
            let first = entry(0, "GET", "http://api.example.test:4000/cfg", &[("Origin", PAGE)], 200,
                if vary { &[("Access-Control-Allow-Origin", PAGE), ("Cache-Control", "max-age=600"), ("Vary", "Origin")] } else { &[("Access-Control-Allow-Origin", PAGE), ("Cache-Control", "max-age=600")] });
            let mut second = entry(1, "GET", "http://api.example.test:4000/cfg", &[], 0, &[]);
            second.pageref = Some("page_2".into());
            second.resource_type = Some("fetch".into());
            second.response.error = Some("net::ERR_FAILED".into());
            let mut c = capture(vec![first, second]);
            c.pages.push(crate::model::Page { id: "page_2".into(), title: "http://app2.example.test:3000/".into(), started: "".into() });
            c.producer = Producer::Chromium;
            c
        };
        assert_eq!(cause(&make(false), 1), Some("cached-for-other-origin"));
        assert_eq!(cause(&make(true), 1), Some("unexplained-block"));
    }
}
