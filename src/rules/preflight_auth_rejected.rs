//! `preflight-auth-rejected` — see `docs/rules/preflight-auth-rejected.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "preflight-auth-rejected",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/preflight-auth-rejected.md"),
    check,
};

fn preflight_status_rule(j: &Judged) -> bool {
    is(j, CorsError::PreflightMissingAllowOriginHeader) || is(j, CorsError::PreflightInvalidStatus)
}

fn check(cx: &Ctx<'_, '_>, j: &Judged) -> Option<Finding> {
    if !preflight_status_rule(j) {
        return None;
    }
    let p = cx.deciding(j);
    let status = p.response.status;
    if !(matches!(status, 401 | 403 | 407)) {
        return None;
    }
    let acao = p.response.headers.get("access-control-allow-origin");
    let mut evidence = vec![ev(p, Role::Preflight, Some("access-control-allow-origin"))];
    if let Some(allow) = p.response.headers.get("allow") {
        evidence.push(ev(p, Role::Preflight, Some("allow")).note(format!("Allow: {allow}")));
    }
    let acao_note = match acao {
        Some(v) => format!("with Access-Control-Allow-Origin '{v}'"),
        None => "without Access-Control-Allow-Origin".to_string(),
    };
    Some(finding(
        &RULE,
        Confidence::High,
        format!("the preflight OPTIONS {} answered {status} {} {acao_note}: authentication runs before CORS and rejects the preflight, which never carries credentials", p.request.url, p.response.status_text.trim()),
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
        let make = |status| {
            capture(vec![
                entry(0, "PUT", "http://api.example.test:4000/items/1", &[], 0, &[]),
                entry(1, "OPTIONS", "http://api.example.test:4000/items/1", &[("Access-Control-Request-Method", "PUT"), ("Origin", PAGE)], status, &[]),
            ])
        };
        assert_eq!(cause(&make(401), 0), Some("preflight-auth-rejected"));
        assert_ne!(cause(&make(405), 0), Some("preflight-auth-rejected"));
    }
}
