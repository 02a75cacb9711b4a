//! `origin-mismatch` — see `docs/rules/origin-mismatch.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "origin-mismatch",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/origin-mismatch.md"),
    check,
};

/// How an allowed origin differs from the page origin.
pub fn difference(acao: &str, origin: &str) -> String {
    if acao.strip_suffix('/') == Some(origin) {
        return "a trailing slash".into();
    }
    if acao.eq_ignore_ascii_case(origin) {
        return "letter case (the comparison is exact)".into();
    }
    let (Ok(a), Ok(o)) = (url::Url::parse(acao), url::Url::parse(origin)) else {
        return "another origin".into();
    };
    let (ah, oh) = (a.host_str().unwrap_or(""), o.host_str().unwrap_or(""));
    if a.scheme() != o.scheme() && ah == oh {
        return format!("the scheme ({} instead of {})", a.scheme(), o.scheme());
    }
    if ah == oh && a.port_or_known_default() != o.port_or_known_default() {
        return format!(
            "the port ({} instead of {})",
            a.port_or_known_default().map(|p| p.to_string()).unwrap_or_default(),
            o.port_or_known_default().map(|p| p.to_string()).unwrap_or_default()
        );
    }
    if ah.strip_prefix("www.") == Some(oh) || oh.strip_prefix("www.") == Some(ah) {
        return "www versus the bare domain".into();
    }
    "another host: the allow-list holds a different site (another environment?)".into()
}

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    if !access_error_is(j, CorsError::AllowOriginMismatch) {
        return None;
    }
    let e = cx.deciding_entry(j);
    let acao = e.response.headers.get("access-control-allow-origin").unwrap_or("").trim();
    let origin = j.engine.origin_checked.as_str();
    Some(finding(
        &RULE,
        Confidence::High,
        format!("Access-Control-Allow-Origin is '{acao}' — it differs from the page origin '{origin}' in {}", difference(acao, origin)),
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
        assert_eq!(cause(&make("https://app.example.test:3000"), 0), Some("origin-mismatch"));
        assert_eq!(cause(&make(PAGE), 0), None);
        assert_eq!(super::difference("http://a.com/", "http://a.com"), "a trailing slash");
        assert!(super::difference("https://a.com", "http://a.com").starts_with("the scheme"));
        assert!(super::difference("http://a.com:81", "http://a.com").starts_with("the port"));
        assert!(super::difference("http://www.a.com", "http://a.com").starts_with("www"));
        assert!(super::difference("http://A.com", "http://a.com").starts_with("letter case"));
    }
}
