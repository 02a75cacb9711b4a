//! `redirect-credentials-in-url` — see `docs/rules/redirect-credentials-in-url.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "redirect-credentials-in-url",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/redirect-credentials-in-url.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    if !error_is(j, CorsError::RedirectContainsCredentials) {
        return None;
    }
    let e = cx.deciding_entry(j);
    let location = crate::trace::redirect_target(e).unwrap_or_default();
    let shown = match url::Url::parse(&location) {
        Ok(mut u) => {
            if u.password().is_some() {
                let _ = u.set_password(Some("***"));
            }
            u.to_string()
        }
        Err(_) => location.clone(),
    };
    Some(finding(
        &RULE,
        Confidence::High,
        format!("the {} redirect from {} points to {shown}, a URL with a user name or password, which CORS requests may not follow", e.response.status, e.request.url),
        vec![evidence_at(e, Role::Redirect, Some("location"))],
        cx,
    ))
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        let c = capture(vec![entry(0, "GET", "http://api.example.test:4000/x", &[("Origin", PAGE)], 302, &[("Location", "http://u:p@api2.example.test:4001/x"), ("Access-Control-Allow-Origin", "*")])]);
        assert_eq!(cause(&c, 0), Some("redirect-credentials-in-url"));
        let c = capture(vec![
            entry(0, "GET", "http://api.example.test:4000/x", &[], 302, &[("Location", "http://api2.example.test:4001/x"), ("Access-Control-Allow-Origin", "*")]),
            entry(1, "GET", "http://api2.example.test:4001/x", &[], 200, &[("Access-Control-Allow-Origin", "*")]),
        ]);
        assert_eq!(cause(&c, 0), None);
    }
}
