//! Root causes. One file per rule of the catalog; each rule's documentation is
//! `docs/rules/<id>.md`, compiled in, so `corsdx explain`, the docs and the code never drift.
//!
//! Rules explain; they do not re-decide: each receives a judged chain (the browser's verdict)
//! and the whole capture, and returns at most one finding. Blocking causes are tried in
//! [`RULES`] order and the first that explains a block is its root cause; risks are all tried.

mod catalog;
mod context;
mod finding;
mod from_console;

pub use catalog::{find, listing, stack_id, Rule, Severity};
pub use context::{endpoint, CaptureIndex};
pub use finding::{detect_stack, evidence_at, finding, stage_role, Evidence, Finding, Fix, Role};
pub use from_console::diagnose_console;

use crate::fetch::engine::Stage;
use crate::fetch::CorsError;
use crate::judge::{Confidence, Judged};
use crate::model::Entry;

macro_rules! rules {
    ($($module:ident),* $(,)?) => {
        $(mod $module;)*
        /// Every rule, blocking causes first in the order they are tried, then risks.
        pub static RULES: &[&Rule] = &[$(&$module::RULE),*];
    };
}

// The order is the precedence between blocking causes: the first rule that explains a block is
// its root cause. Each group's reason is stated; `precedence_is_the_documented_order` pins it.
rules!(
    // 1. Blocks before any CORS check: the request mode, a policy, or no response at all. No
    //    header-level cause can apply when these hold.
    disallowed_by_mode,
    mixed_content,
    local_network_access,
    not_cors_network_failure,
    // 2. Redirect-level refusals Chromium makes before reading any CORS header of the hop.
    redirect_credentials_in_url,
    preflight_redirected,
    // 3. The preflight, status-specific causes before the generic ones (a 405 without CORS
    //    headers is an unhandled OPTIONS, not merely a missing header).
    preflight_not_handled,
    preflight_auth_rejected,
    preflight_failed_status,
    preflight_missing_allow_origin,
    invalid_allow_list,
    wildcard_in_allow_list_with_credentials,
    authorization_not_covered_by_wildcard,
    method_not_allowed,
    header_not_allowed,
    // 4. Origin and credential checks on a response. A replayed cache entry first: it explains
    //    a mismatching origin better than the server's configuration does; tainting before a
    //    plain mismatch (the 'null' origin is the browser's, not the server's).
    cached_for_other_origin,
    redirect_tainted_origin,
    wildcard_origin_with_credentials,
    missing_allow_credentials,
    multiple_allow_origin,
    invalid_allow_origin,
    origin_mismatch,
    // 5. The missing-header family, most specific evidence first: a redirect hop, CORS only on
    //    the preflight, an auth or error status, a proxy that stripped what the server sent;
    //    `no-cors-headers` only when nothing more specific shows.
    redirect_without_cors,
    redirect_target_without_cors,
    preflight_only_cors,
    auth_rejected_before_cors,
    error_response_without_cors,
    infrastructure_stripped_headers,
    no_cors_headers,
    // 6. A block the inputs do not explain: always last among the blocking causes.
    unexplained_block,
    // Risks: all are tried; order only sets the order they are listed in.
    cross_browser_divergence,
    missing_vary_origin,
    allows_null_origin,
    wildcard_on_credentialed_endpoint,
    reflected_origin_with_credentials,
    preflight_overhead,
);

/// The shared explanation of a preflight that failed on its status or its missing
/// `Access-Control-Allow-Origin` (Chromium checks the header first): the rules differ only in
/// which statuses they own.
pub fn preflight_status_finding(
    rule: &'static Rule,
    cx: &CaptureIndex<'_, '_>,
    j: &Judged,
    owns: fn(i64) -> bool,
    what: &str,
) -> Option<Finding> {
    if !(error_is(j, CorsError::PreflightMissingAllowOriginHeader)
        || error_is(j, CorsError::PreflightInvalidStatus))
    {
        return None;
    }
    let p = cx.deciding_entry(j);
    let status = p.response.status;
    if !owns(status) {
        return None;
    }
    let mut evidence = vec![evidence_at(
        p,
        Role::Preflight,
        Some("access-control-allow-origin"),
    )];
    if let Some(allow) = p.response.headers.get("allow") {
        evidence
            .push(evidence_at(p, Role::Preflight, Some("allow")).note(format!("Allow: {allow}")));
    }
    let acao_note = match p.response.headers.get("access-control-allow-origin") {
        Some(v) => format!("with Access-Control-Allow-Origin '{v}'"),
        None => "without Access-Control-Allow-Origin".to_string(),
    };
    Some(finding(
        rule,
        Confidence::High,
        format!(
            "the preflight OPTIONS {} answered {status} {} {acao_note}: {what}",
            p.request.url,
            p.response.status_text.trim()
        ),
        evidence,
        cx,
    ))
}

/// The block is a missing `Access-Control-Allow-Origin` on a final response (not a redirect,
/// not a replayed cache entry): the family of causes the browser reports with one sentence.
pub fn missing_at_response(j: &Judged) -> bool {
    matches!(j.deciding().stage, Stage::Response { .. })
        && error_is(j, CorsError::MissingAllowOriginHeader)
        && j.inferred_replay().is_none()
}

/// The final response of a cross-origin chain, when one arrived.
pub fn final_response<'c, 'a>(cx: &CaptureIndex<'c, 'a>, j: &Judged) -> Option<&'c Entry<'a>> {
    let e = cx.entry(j.chain.last().entry);
    (e.response.status > 0 && j.is_cross_origin()).then_some(e)
}

/// Whether the deciding error is `e` or its preflight variant.
pub fn error_is(j: &Judged, e: CorsError) -> bool {
    j.cors_error().is_some_and(|c| {
        c.access_kind() == e.access_kind() && c.is_preflight_error() == e.is_preflight_error()
    })
}

/// Whether the deciding error is the access-check error `e`, on a preflight or not.
pub fn access_error_is(j: &Judged, e: CorsError) -> bool {
    j.cors_error().is_some_and(|c| c.access_kind() == e)
}

/// The root cause and the risks of a judged chain.
pub fn diagnose(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut explained = false;
    for rule in RULES {
        if rule.severity == Severity::Error {
            if explained {
                continue;
            }
            if let Some(f) = (rule.check)(cx, j) {
                explained = true;
                out.push(f);
            }
        } else if let Some(f) = (rule.check)(cx, j) {
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod testing {
    //! Small captures for rule tests.
    use super::*;
    use crate::judge::{judge, JudgeContext};
    use crate::model::Capture;
    use crate::trace::build_chains;
    pub use crate::trace::tests::{capture, entry};

    pub const PAGE: &str = "http://app.example.test:3000";

    /// Judges every chain of a capture and returns the findings of each, in chain order.
    pub fn diagnose_all(c: &Capture<'static>) -> Vec<(Judged, Vec<Finding>)> {
        let ctx = JudgeContext::new(c);
        let judged: Vec<Judged> = build_chains(c, None)
            .iter()
            .map(|ch| judge(c, &ctx, ch, None))
            .collect();
        let cx = CaptureIndex::new(c, &judged);
        judged
            .iter()
            .map(|j| (j.clone(), diagnose(&cx, j)))
            .collect()
    }

    /// The rule ids found for the chain starting at entry `first`.
    pub fn rules_for(c: &Capture<'static>, first: usize) -> Vec<&'static str> {
        diagnose_all(c)
            .into_iter()
            .find(|(j, _)| j.chain.first() == first)
            .map(|(_, f)| f.iter().map(|f| f.rule).collect())
            .unwrap_or_default()
    }

    /// The root cause of a PUT whose preflight (listed after it, Chromium style) answered
    /// `status` without CORS headers.
    pub fn preflight_cause(status: i64) -> Option<&'static str> {
        let c = capture(vec![
            entry(
                0,
                "PUT",
                "http://api.example.test:4000/items/1",
                &[],
                0,
                &[],
            ),
            entry(
                1,
                "OPTIONS",
                "http://api.example.test:4000/items/1",
                &[("Access-Control-Request-Method", "PUT"), ("Origin", PAGE)],
                status,
                &[],
            ),
        ]);
        cause(&c, 0)
    }

    /// The first error finding's rule for the chain starting at `first`.
    pub fn cause(c: &Capture<'static>, first: usize) -> Option<&'static str> {
        diagnose_all(c)
            .into_iter()
            .find(|(j, _)| j.chain.first() == first)
            .and_then(|(_, f)| f.into_iter().find(|f| f.severity == Severity::Error))
            .map(|f| f.rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fix_heading_has_a_stack_id() {
        for rule in RULES {
            for id in rule.stack_ids() {
                assert!(
                    [
                        "express", "flask", "django", "fastapi", "go", "spring", "aspnet", "nginx",
                        "apache", "aws"
                    ]
                    .contains(&id),
                    "{}: heading '{id}' has no --stack id",
                    rule.id
                );
                assert!(
                    rule.snippet(if id == "aspnet" { "asp.net" } else { id })
                        .is_some(),
                    "{}: {id}",
                    rule.id
                );
            }
        }
    }

    #[test]
    fn precedence_is_the_documented_order() {
        let at = |id: &str| RULES.iter().position(|r| r.id == id).unwrap();
        // Status-specific preflight causes before the missing header they also show.
        assert!(at("preflight-not-handled") < at("preflight-missing-allow-origin"));
        assert!(at("preflight-auth-rejected") < at("preflight-missing-allow-origin"));
        // A replayed cache entry before the mismatch it produces.
        assert!(at("cached-for-other-origin") < at("origin-mismatch"));
        // The missing-header family: every specific member before `no-cors-headers`.
        for id in [
            "redirect-without-cors",
            "preflight-only-cors",
            "auth-rejected-before-cors",
            "error-response-without-cors",
            "infrastructure-stripped-headers",
        ] {
            assert!(at(id) < at("no-cors-headers"), "{id}");
        }
        // Causes before any CORS check come first; the unexplained block is the last cause.
        assert_eq!(at("disallowed-by-mode"), 0);
        let last_error = RULES
            .iter()
            .rposition(|r| r.severity == Severity::Error)
            .unwrap();
        assert_eq!(RULES[last_error].id, "unexplained-block");
        assert!(RULES[..last_error]
            .iter()
            .all(|r| r.severity == Severity::Error));
    }

    #[test]
    fn stack_snippets_match_by_name_not_by_substring() {
        let rule = find("no-cors-headers").unwrap();
        let heading = |s: &str| rule.snippet(s).unwrap().lines().next().unwrap().to_string();
        assert!(heading("go").starts_with("Go"), "{}", heading("go"));
        assert!(heading("django").starts_with("Django"));
        assert!(heading("express").starts_with("Express"));
        assert!(heading("aws").starts_with("AWS"));
        assert!(rule.snippet("cobol").is_none());
    }

    #[test]
    fn every_catalog_id_has_a_rule_with_docs() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        ids.sort();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len(), "duplicate rule ids");
        assert_eq!(ids.len(), 36);
        for r in RULES {
            assert!(
                r.doc.starts_with("# "),
                "{}: doc must start with its title",
                r.id
            );
            assert!(
                r.doc.contains(&format!("`{}`", r.id)),
                "{}: doc must name its id",
                r.id
            );
            for s in ["What happened", "Evidence corsdx looks for", "Fix"] {
                assert!(r.section(s).is_some(), "{}: doc lacks section {s}", r.id);
            }
            assert!(!r.fix_summary().is_empty(), "{}: empty fix", r.id);
        }
    }
}
