//! `redirect-target-without-cors` — see `docs/rules/redirect-target-without-cors.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "redirect-target-without-cors",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/redirect-target-without-cors.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    let crate::fetch::engine::Stage::Response { hop } = j.deciding().stage else {
        return None;
    };
    if hop == 0 || !error_is(j, CorsError::MissingAllowOriginHeader) || j.inferred_replay().is_some() {
        return None;
    }
    let e = cx.deciding_entry(j);
    let first = cx.first(j);
    Some(finding(
        &RULE,
        Confidence::High,
        format!("{} redirected (with CORS headers) to {}, which answered {} without Access-Control-Allow-Origin", first.request.url, e.request.url, e.response.status),
        vec![evidence_at(first, Role::Redirect, Some("location")), evidence_at(e, Role::Response, Some("access-control-allow-origin"))],
        cx,
    ))
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        let make = |acao: bool| capture(vec![
            entry(0, "GET", "http://api.example.test:4000/a", &[("Origin", PAGE)], 302, &[("Location", "/b"), ("Access-Control-Allow-Origin", "*")]),
            entry(1, "GET", "http://api.example.test:4000/b", &[("Origin", PAGE)], 200, if acao { &[("Access-Control-Allow-Origin", "*")] } else { &[] }),
        ]);
        assert_eq!(cause(&make(false), 0), Some("redirect-target-without-cors"));
        assert_eq!(cause(&make(true), 0), None);
    }
}
