//! `preflight-failed-status` — see `docs/rules/preflight-failed-status.md`.

use super::*;
use crate::judge::Judged;

pub static RULE: Rule = Rule {
    id: "preflight-failed-status",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/preflight-failed-status.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    preflight_status_finding(&RULE, cx, j, |status| status >= 500 || (400..500).contains(&status) && !matches!(status, 401 | 403 | 404 | 405 | 407), "the OPTIONS handler failed; fix the error it raises")
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        assert_eq!(preflight_cause(500), Some("preflight-failed-status"));
        assert_ne!(preflight_cause(204), Some("preflight-failed-status"));
    }
}
