//! `missing-allow-credentials` — see `docs/rules/missing-allow-credentials.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "missing-allow-credentials",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/missing-allow-credentials.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    if !access_error_is(j, CorsError::InvalidAllowCredentials) {
        return None;
    }
    let e = cx.deciding_entry(j);
    let got = match e.response.headers.combined("access-control-allow-credentials") {
        Some(v) => format!("is '{v}'"),
        None => "is absent".to_string(),
    };
    Some(finding(
        &RULE,
        Confidence::High,
        format!("the request is credentialed ({}) but Access-Control-Allow-Credentials {got}; it must be exactly 'true'", j.credentials.because),
        vec![evidence_at(e, stage_role(j), Some("access-control-allow-credentials"))],
        cx,
    ))
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        let make = |acac: &'static str| capture(vec![entry(0, "GET", "http://api.example.test:4000/me", &[("Cookie", "sid=1"), ("Origin", PAGE)], 200, &[("Access-Control-Allow-Origin", PAGE), ("Access-Control-Allow-Credentials", acac)])]);
        assert_eq!(cause(&make("True"), 0), Some("missing-allow-credentials"));
        assert_eq!(cause(&make("true"), 0), None);
    }
}
