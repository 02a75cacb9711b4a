//! `preflight-missing-allow-origin` — see `docs/rules/preflight-missing-allow-origin.md`.

use super::*;
use crate::judge::Judged;

pub static RULE: Rule = Rule {
    id: "preflight-missing-allow-origin",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/preflight-missing-allow-origin.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    preflight_status_finding(&RULE, cx, j, |status| (200..300).contains(&status), "the OPTIONS route answers but without CORS headers")
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        assert_eq!(preflight_cause(204), Some("preflight-missing-allow-origin"));
        assert_ne!(preflight_cause(404), Some("preflight-missing-allow-origin"));
    }
}
