//! `disallowed-by-mode` — see `docs/rules/disallowed-by-mode.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "disallowed-by-mode",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/disallowed-by-mode.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    if !(error_is(j, CorsError::DisallowedByMode) || error_is(j, CorsError::CorsDisabledScheme)) {
        return None;
    }
    let e = cx.first(j);
    let origin = j.origin_quoted();
    let msg = if error_is(j, CorsError::CorsDisabledScheme) {
        format!("{} uses a scheme CORS does not support; only http and https can be fetched cross-origin", e.request.url)
    } else {
        format!(
            "the request was made in 'same-origin' mode but {} is not on the page origin {origin}: the browser refused to send it",
            e.request.url
        )
    };
    Some(finding(&RULE, Confidence::High, msg, vec![evidence_at(e, Role::Request, None)], cx))
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        use crate::judge::{judge, JudgeContext};
        use crate::fetch::engine::RequestMode;
        let c = capture(vec![entry(0, "GET", "http://api.example.test:4000/x", &[("Sec-Fetch-Mode", "same-origin")], 0, &[])]);
        let ctx = JudgeContext::new(&c);
        let chains = crate::trace::build_chains(&c, None);
        let j = judge(&c, &ctx, &chains[0], None);
        assert_eq!(j.spec.mode, RequestMode::SameOrigin);
        assert_eq!(cause(&c, 0), Some("disallowed-by-mode"));
        let ok = capture(vec![entry(0, "GET", "http://app.example.test:3000/x", &[("Sec-Fetch-Mode", "same-origin")], 200, &[])]);
        assert_eq!(cause(&ok, 0), None);
    }
}
