//! `local-network-access` — see `docs/rules/local-network-access.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "local-network-access",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/local-network-access.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    use CorsError::*;
    let lna_error = j.cors_error().is_some_and(|e| {
        matches!(
            e,
            InsecureLocalNetwork
                | InvalidLocalNetworkAccess
                | LocalNetworkAccessPermissionDenied
                | PreflightMissingAllowPrivateNetwork
                | PreflightInvalidAllowPrivateNetwork
                | UnexpectedPrivateNetworkAccess
                | PreflightMissingPrivateNetworkAccessId
                | PreflightMissingPrivateNetworkAccessName
                | PrivateNetworkAccessPermissionUnavailable
        )
    });
    if !(lna_error || j.policy() == Some(crate::judge::Policy::LocalNetworkAccess)) {
        return None;
    }
    let e = cx.first(j);
    let origin = j.origin_quoted();
    Some(finding(
        &RULE,
        Confidence::High,
        format!(
            "the page {origin} requested {} in a more private address space ({}): Chrome's Local Network Access blocked it",
            e.request.url,
            e.response.error.as_deref().filter(|s| !s.is_empty()).or(j.cors_error().map(|c| c.name())).unwrap_or("local network access")
        ),
        vec![evidence_at(e, Role::Request, None)],
        cx,
    ))
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        use crate::model::Producer;
        let mut e = entry(0, "GET", "http://192.168.1.2/x", &[], 0, &[]);
        e.response.error = Some("net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS".into());
        let mut c = capture(vec![e]);
        c.producer = Producer::Chromium;
        assert_eq!(cause(&c, 0), Some("local-network-access"));
        let mut e = entry(0, "GET", "http://192.168.1.2/x", &[], 0, &[]);
        e.response.error = Some("net::ERR_CONNECTION_REFUSED".into());
        let mut c = capture(vec![e]);
        c.producer = Producer::Chromium;
        assert_ne!(cause(&c, 0), Some("local-network-access"));
    }
}
