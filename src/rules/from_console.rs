//! Root causes from a console line alone (no capture): the text's error, status, method and
//! redirect decide among the catalog's causes, always at `medium` confidence at most and said
//! to rest on the console only. Precedence follows the same reasoning as [`super::RULES`]: the
//! most specific fact the line prints first.

use super::catalog::{fix_text, Rule};
use super::{find, Evidence, Finding, Fix, Role};
use crate::capture::console::{ConsoleEvent, EventKind};
use crate::fetch::safelist::is_safelisted_method;
use crate::fetch::CorsError;
use crate::judge::Confidence;

/// The rule id a console line supports, with the sentence that says why.
fn cause(e: &ConsoleEvent) -> Option<(&'static str, Confidence, String)> {
    use CorsError::*;
    let m = Confidence::Medium;
    let status = e.status;
    let said = |s: &str| s.to_string();
    match e.kind {
        EventKind::MixedContent => {
            return Some((
                "mixed-content",
                m,
                said("the browser blocked an insecure URL requested from an https page"),
            ))
        }
        EventKind::LocalNetworkAccess => {
            return Some((
                "local-network-access",
                m,
                said("the browser blocked a request into a more private address space"),
            ))
        }
        EventKind::NetworkError => {
            return Some((
                "not-cors-network-failure",
                m,
                said("no response arrived, so no CORS check ran"),
            ))
        }
        EventKind::Cors => {}
        _ => return None,
    }
    let Some(err) = e.cors_error else {
        return Some((
            "unexplained-block",
            Confidence::Low,
            said("the line says the request was blocked but not why"),
        ));
    };
    let preflight_status = |s: u16| -> &'static str {
        match s {
            404 | 405 | 501 => "preflight-not-handled",
            401 | 403 | 407 => "preflight-auth-rejected",
            _ => "preflight-failed-status",
        }
    };
    let rule = match err {
        DisallowedByMode | CorsDisabledScheme => "disallowed-by-mode",
        PreflightDisallowedRedirect => "preflight-redirected",
        PreflightInvalidStatus => match status {
            Some(s) => preflight_status(s),
            None => "preflight-failed-status",
        },
        PreflightMissingAllowOriginHeader => match status {
            Some(s) if !(200..300).contains(&s) => preflight_status(s),
            _ => "preflight-missing-allow-origin",
        },
        InvalidAllowMethodsPreflightResponse | InvalidAllowHeadersPreflightResponse => {
            "invalid-allow-list"
        }
        MethodDisallowedByPreflightResponse => "method-not-allowed",
        HeaderDisallowedByPreflightResponse => "header-not-allowed",
        RedirectContainsCredentials => "redirect-credentials-in-url",
        _ => match err.access_kind() {
            WildcardOriginNotAllowed => "wildcard-origin-with-credentials",
            InvalidAllowCredentials => "missing-allow-credentials",
            MultipleAllowOriginValues => "multiple-allow-origin",
            InvalidAllowOriginValue => "invalid-allow-origin",
            AllowOriginMismatch => "origin-mismatch",
            MissingAllowOriginHeader => return missing_header_cause(e),
            _ => "unexplained-block",
        },
    };
    Some((rule, m, format!("the browser reported {err}")))
}

/// A missing `Access-Control-Allow-Origin` on the response: the line's status, redirect and
/// method tell the family's causes apart; without them it is only `no-cors-headers`, at low
/// confidence.
fn missing_header_cause(e: &ConsoleEvent) -> Option<(&'static str, Confidence, String)> {
    let m = Confidence::Medium;
    if e.redirected_from.is_some() {
        return Some((
            "redirect-target-without-cors",
            m,
            "the response after a redirect carried no Access-Control-Allow-Origin".into(),
        ));
    }
    match e.status {
        Some(s) if (300..400).contains(&s) => {
            return Some((
                "redirect-without-cors",
                m,
                format!("the response was a {s} redirect without Access-Control-Allow-Origin"),
            ))
        }
        Some(s @ (401 | 403)) => {
            return Some((
                "auth-rejected-before-cors",
                m,
                format!(
                    "the server answered {s} without CORS headers: authentication ran before CORS"
                ),
            ))
        }
        Some(s) if s >= 400 => {
            return Some((
                "error-response-without-cors",
                m,
                format!(
                    "the server answered {s} without CORS headers: its error responses skip CORS"
                ),
            ))
        }
        _ => {}
    }
    if let Some(method) = e.method.as_deref().filter(|m| !is_safelisted_method(m)) {
        // A non-simple method reaches its response only after a preflight passed.
        return Some(("preflight-only-cors", m, format!("the {method} request was sent, so its preflight passed, but its response carried no Access-Control-Allow-Origin")));
    }
    Some(("no-cors-headers", Confidence::Low, "the response carried no Access-Control-Allow-Origin; the console line alone cannot tell an unconfigured server from an error or a redirect".into()))
}

/// The root cause a console line supports, as a finding whose evidence is the line.
pub fn diagnose_console(e: &ConsoleEvent) -> Vec<Finding> {
    let Some((id, confidence, why)) = cause(e) else {
        return Vec::new();
    };
    let Some(rule): Option<&'static Rule> = find(id) else {
        return Vec::new();
    };
    let preflight = e.cors_error.is_some_and(CorsError::is_preflight_error);
    let evidence = Evidence {
        entry: e.line,
        role: if preflight {
            Role::Preflight
        } else {
            Role::Response
        },
        method: e.method.clone(),
        url: e.url.clone().unwrap_or_default(),
        status: e.status.map(i64::from),
        header: None,
        value: e.failed_parameter.clone(),
        note: Some(format!(
            "console line {}, printed by {:?}",
            e.line, e.engine
        )),
    };
    let (summary, stacks) = fix_text(rule);
    vec![Finding {
        rule: rule.id,
        severity: rule.severity,
        confidence,
        message: format!("from the console only: {why}"),
        evidence: vec![evidence],
        fix: Fix {
            summary,
            stacks: stacks.as_slice(),
            detected_stack: None,
        },
    }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::console::parse_console;

    fn rule_of(text: &str) -> Option<&'static str> {
        let log = parse_console(text);
        log.events
            .first()
            .and_then(|e| diagnose_console(e).first().map(|f| f.rule))
    }

    #[test]
    fn the_line_decides_among_causes_it_can_tell_apart() {
        let missing = "Access to fetch at 'http://api.x/a' from origin 'http://app.x' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
        assert_eq!(rule_of(missing), Some("no-cors-headers"));
        let pf = "Access to fetch at 'http://api.x/a' from origin 'http://app.x' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.";
        assert_eq!(rule_of(pf), Some("preflight-failed-status"));
        let wildcard = "Access to fetch at 'http://api.x/a' from origin 'http://app.x' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.";
        assert_eq!(rule_of(wildcard), Some("wildcard-origin-with-credentials"));
    }

    #[test]
    fn a_missing_header_line_with_a_status_names_the_family_member() {
        let mut e = parse_console("Access to fetch at 'http://api.x/a' from origin 'http://app.x' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.").events.remove(0);
        e.status = Some(502);
        assert_eq!(diagnose_console(&e)[0].rule, "error-response-without-cors");
        e.status = Some(301);
        assert_eq!(diagnose_console(&e)[0].rule, "redirect-without-cors");
        e.status = Some(403);
        assert_eq!(diagnose_console(&e)[0].rule, "auth-rejected-before-cors");
        e.status = None;
        e.method = Some("PUT".into());
        assert_eq!(diagnose_console(&e)[0].rule, "preflight-only-cors");
        assert_eq!(diagnose_console(&e)[0].confidence, Confidence::Medium);
        assert_eq!(
            diagnose_console(&e)[0].evidence[0].method.as_deref(),
            Some("PUT")
        );
        e.method = None;
        assert_eq!(diagnose_console(&e)[0].evidence[0].method, None);
    }
}
