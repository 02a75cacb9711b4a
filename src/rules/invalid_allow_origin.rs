//! `invalid-allow-origin` — see `docs/rules/invalid-allow-origin.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "invalid-allow-origin",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/invalid-allow-origin.md"),
    check,
};

/// Why an `Access-Control-Allow-Origin` value is not a serialized origin, if it is not one.
/// `origin` is the page's serialized origin, `None` when unknown.
pub fn not_an_origin(acao: &str, origin: Option<&str>) -> Option<&'static str> {
    if acao == "null" && origin.is_some_and(|o| o != "null") {
        return Some("'null' is the origin of sandboxed and file:// pages, not of this page");
    }
    if acao.contains('*') {
        return Some("it is a pattern; browsers compare the exact string, so echo the matching origin instead");
    }
    let Ok(u) = url::Url::parse(acao) else {
        return Some("it is not a URL (an origin is scheme://host[:port])");
    };
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
        return Some("it has no http:// or https:// scheme (an origin is scheme://host[:port])");
    }
    let trimmed = acao.strip_suffix('/').unwrap_or(acao);
    let after_scheme = trimmed.split_once("://").map(|(_, rest)| rest);
    if (u.path() != "/" || u.query().is_some()) && after_scheme.is_some_and(|r| r.contains('/')) {
        return Some("it has a path; an origin is only scheme://host[:port]");
    }
    None
}

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    if !(access_error_is(j, CorsError::InvalidAllowOriginValue) || access_error_is(j, CorsError::AllowOriginMismatch)) {
        return None;
    }
    let e = cx.deciding_entry(j);
    let acao = e.response.headers.get("access-control-allow-origin")?.trim();
    let why = not_an_origin(acao, j.chain.origin())?;
    let origin = j.origin_quoted();
    Some(finding(
        &RULE,
        Confidence::High,
        format!("Access-Control-Allow-Origin is '{acao}', not a serialized origin: {why}; the page origin is {origin}"),
        vec![evidence_at(e, stage_role(j), Some("access-control-allow-origin"))],
        cx,
    ))
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        let make = |acao| capture(vec![entry(0, "GET", "http://api.example.test:4000/x", &[("Origin", PAGE)], 200, &[("Access-Control-Allow-Origin", acao)])]);
        assert_eq!(cause(&make("app.example.test"), 0), Some("invalid-allow-origin"));
        assert_eq!(cause(&make("http://app.example.test:3000/app"), 0), Some("invalid-allow-origin"));
        assert_eq!(cause(&make("null"), 0), Some("invalid-allow-origin"));
        assert_eq!(cause(&make("http://app.example.test:3000/"), 0), Some("origin-mismatch"));
    }
}
