//! `preflight-not-handled` — see `docs/rules/preflight-not-handled.md`.

use super::*;
use crate::judge::Judged;

pub static RULE: Rule = Rule {
    id: "preflight-not-handled",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/preflight-not-handled.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    preflight_status_finding(&RULE, cx, j, |status| matches!(status, 404 | 405 | 501), "the server has no OPTIONS handling for this route")
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        assert_eq!(preflight_cause(405), Some("preflight-not-handled"));
        assert_ne!(preflight_cause(500), Some("preflight-not-handled"));
    }
}
