//! `preflight-auth-rejected` — see `docs/rules/preflight-auth-rejected.md`.

use super::*;
use crate::judge::Judged;

pub static RULE: Rule = Rule {
    id: "preflight-auth-rejected",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/preflight-auth-rejected.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    preflight_status_finding(&RULE, cx, j, |status| matches!(status, 401 | 403 | 407), "authentication runs before CORS and rejects the preflight, which never carries credentials")
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        assert_eq!(preflight_cause(401), Some("preflight-auth-rejected"));
        assert_ne!(preflight_cause(405), Some("preflight-auth-rejected"));
    }
}
