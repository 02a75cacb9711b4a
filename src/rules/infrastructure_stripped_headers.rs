//! `infrastructure-stripped-headers` — see `docs/rules/infrastructure-stripped-headers.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "infrastructure-stripped-headers",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/infrastructure-stripped-headers.md"),
    check,
};

/// Headers that name a proxy, CDN, cache or gateway in front of the application.
pub fn fingerprints(e: &Entry<'_>) -> Vec<String> {
    const NAMES: [&str; 16] = [
        "via", "x-cache", "x-cache-hits", "cf-ray", "cf-cache-status", "x-amz-cf-id", "x-amz-cf-pop",
        "age", "x-served-by", "x-varnish", "x-fastly-request-id", "x-akamai-transformed",
        "x-kong-proxy-latency", "x-envoy-upstream-service-time", "x-azure-ref", "x-proxy-cache",
    ];
    let mut out: Vec<String> = NAMES
        .iter()
        .filter_map(|n| e.response.headers.get(n).map(|v| format!("{n}: {v}")))
        .collect();
    if let Some(s) = e.response.headers.get("server") {
        let l = s.to_ascii_lowercase();
        if ["cloudflare", "varnish", "awselb", "cloudfront", "akamai", "envoy", "kong", "haproxy", "squid"].iter().any(|k| l.contains(k)) {
            out.push(format!("server: {s}"));
        }
    }
    out
}

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    if !missing_at_response(j) {
        return None;
    }
    let e = cx.deciding_entry(j);
    let (with, first_with) = cx.same_endpoint_with_acao(e);
    let first_with = first_with?;
    let mut prints = fingerprints(e);
    prints.extend(fingerprints(first_with));
    if prints.is_empty() {
        return None;
    }
    prints.sort();
    prints.dedup();
    Some(finding(
        &RULE,
        Confidence::Medium,
        format!(
            "{} carries no Access-Control-Allow-Origin here but does in {} other response(s) of the same endpoint, behind {}: a proxy, cache or gateway in front of the app strips or replaces the CORS headers",
            endpoint(&e.request.url), with, prints.join(", ")
        ),
        vec![
            evidence_at(e, Role::Response, Some("access-control-allow-origin")),
            evidence_at(first_with, Role::Related, Some("access-control-allow-origin")).note("the same endpoint with CORS headers"),
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
        let make = |via: bool| capture(vec![
            entry(0, "GET", "http://api.example.test:4000/data?a=1", &[("Origin", PAGE)], 200, &[("Access-Control-Allow-Origin", PAGE), ("Via", "1.1 varnish")]),
            entry(1, "GET", "http://api.example.test:4000/data?a=2", &[("Origin", PAGE)], 200, if via { &[("Via", "1.1 varnish"), ("X-Cache", "HIT")] } else { &[] }),
        ]);
        assert_eq!(cause(&make(true), 1), Some("infrastructure-stripped-headers"));
        let c = capture(vec![
            entry(0, "GET", "http://api.example.test:4000/data?a=1", &[("Origin", PAGE)], 200, &[("Access-Control-Allow-Origin", PAGE)]),
            entry(1, "GET", "http://api.example.test:4000/data?a=2", &[("Origin", PAGE)], 200, &[]),
        ]);
        assert_eq!(cause(&c, 1), Some("no-cors-headers"));
    }
}
