//! Root causes. One file per rule of the catalog; each rule's documentation is
//! `docs/rules/<id>.md`, compiled in, so `corsdx explain`, the docs and the code never drift.
//!
//! Rules explain; they do not re-decide: each receives a judged chain (the browser's verdict)
//! and the whole capture, and returns at most one finding. Blocking causes are tried in
//! [`RULES`] order and the first that explains a block is its root cause; risks are all tried.

use crate::fetch::engine::Stage;
use crate::fetch::CorsError;
use crate::judge::{Confidence, Judged};
use crate::model::{Capture, Entry};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};

macro_rules! rules {
    ($($module:ident),* $(,)?) => {
        $(mod $module;)*
        /// Every rule, blocking causes first in the order they are tried, then risks.
        pub static RULES: &[&Rule] = &[$(&$module::RULE),*];
    };
}

rules!(
    // Blocking causes, most specific first.
    disallowed_by_mode,
    mixed_content,
    local_network_access,
    not_cors_network_failure,
    redirect_credentials_in_url,
    preflight_redirected,
    preflight_not_handled,
    preflight_auth_rejected,
    preflight_failed_status,
    preflight_missing_allow_origin,
    invalid_allow_list,
    wildcard_in_allow_list_with_credentials,
    authorization_not_covered_by_wildcard,
    method_not_allowed,
    header_not_allowed,
    cached_for_other_origin,
    redirect_tainted_origin,
    wildcard_origin_with_credentials,
    missing_allow_credentials,
    multiple_allow_origin,
    invalid_allow_origin,
    origin_mismatch,
    redirect_without_cors,
    redirect_target_without_cors,
    preflight_only_cors,
    auth_rejected_before_cors,
    error_response_without_cors,
    infrastructure_stripped_headers,
    no_cors_headers,
    unexplained_block,
    // Risks.
    cross_browser_divergence,
    missing_vary_origin,
    allows_null_origin,
    wildcard_on_credentialed_endpoint,
    reflected_origin_with_credentials,
    preflight_overhead,
);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A rule of the catalog.
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    /// The rule's documentation page (`docs/rules/<id>.md`).
    pub doc: &'static str,
    pub check: fn(&Ctx<'_, '_>, &Judged) -> Option<Finding>,
}

impl Rule {
    /// The page title, phrased as the fix.
    pub fn title(&self) -> &'static str {
        self.doc
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# "))
            .unwrap_or(self.id)
            .trim()
    }

    /// A section of the documentation (`## Name`), without its heading.
    pub fn section(&self, name: &str) -> Option<&'static str> {
        let heading = format!("\n## {name}\n");
        let start = self.doc.find(&heading)? + heading.len();
        let rest = &self.doc[start..];
        let end = rest.find("\n## ").unwrap_or(rest.len());
        Some(rest[..end].trim())
    }

    /// The first paragraph of the Fix section: the generic change.
    pub fn fix_summary(&self) -> &'static str {
        self.section("Fix")
            .map(|s| s.split("\n\n").next().unwrap_or(s).trim())
            .unwrap_or("")
    }

    /// The stacks the Fix section has snippets for (`### Name` headings).
    pub fn stacks(&self) -> Vec<&'static str> {
        self.section("Fix")
            .map(|s| {
                s.lines()
                    .filter_map(|l| l.strip_prefix("### "))
                    .map(str::trim)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The snippet section for a stack: the heading that starts with `stack` (case-insensitive),
    /// else one with `stack` as a word, else one that contains it (`go` is Go, not Django).
    pub fn snippet(&self, stack: &str) -> Option<&'static str> {
        let fix = self.section("Fix")?;
        let needle = stack.to_ascii_lowercase();
        let parts: Vec<&'static str> = fix.split("\n### ").skip(1).collect();
        let heading = |p: &str| p.lines().next().unwrap_or("").to_ascii_lowercase();
        let has_word = |p: &str| {
            heading(p)
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '.')
                .any(|w| w == needle)
        };
        parts
            .iter()
            .find(|p| heading(p).starts_with(&needle))
            .or_else(|| parts.iter().find(|p| has_word(p)))
            .or_else(|| parts.iter().find(|p| heading(p).contains(&needle)))
            .map(|p| p.trim())
    }
}

pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.id == id)
}

/// What part of the chain a piece of evidence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Request,
    Preflight,
    Redirect,
    Response,
    /// Another exchange of the capture that the rule compared with.
    Related,
}

/// One fact a finding rests on, pointing into the capture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// 0-based index in `log.entries`.
    pub entry: usize,
    pub role: Role,
    pub method: String,
    pub url: String,
    pub status: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// The header's value; `null` when the header was absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// The generic change (from the rule's documentation, shared by every finding of the rule).
    pub summary: &'static str,
    /// Stacks with a snippet in `corsdx explain <rule>`.
    pub stacks: &'static [&'static str],
    /// The stack the server looks like, from its response headers (`Server`, `X-Powered-By`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detected_stack: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub confidence: Confidence,
    pub message: String,
    pub evidence: Vec<Evidence>,
    pub fix: Fix,
}

/// Facts about one server (scheme://host:port) gathered once per capture.
#[derive(Default)]
struct Server {
    /// Positions of non-OPTIONS responses carrying `Access-Control-Allow-Origin`.
    with_acao: Vec<usize>,
    /// Whether any of its responses carries an `Access-Control-*` header.
    any_cors: bool,
    /// URLs it answered with 401/403.
    auth_urls: HashSet<String>,
    /// Origins it echoed in `Access-Control-Allow-Origin` with credentials allowed.
    reflected: BTreeSet<String>,
}

/// What rules may look at: the capture, every judged chain of it, and indexes over them (built
/// once, so that every rule runs in constant or near-constant time per chain).
pub struct Ctx<'c, 'a> {
    pub capture: &'c Capture<'a>,
    pub judged: &'c [Judged],
    servers: Vec<Server>,
    /// Server index of each entry position.
    server_of: Vec<usize>,
    /// Positions of responses with `Access-Control-Allow-Origin`, per endpoint (URL without query).
    endpoint_acao: HashMap<&'c str, Vec<usize>>,
    /// Preflights per (URL, page origin): count, total time, position of the last one.
    preflights: HashMap<(&'c str, Option<&'c str>), (usize, f64, usize)>,
}

/// A URL without its query and fragment.
pub fn endpoint(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

impl<'c, 'a> Ctx<'c, 'a> {
    pub fn new(capture: &'c Capture<'a>, judged: &'c [Judged]) -> Self {
        let mut index: HashMap<std::borrow::Cow<'c, str>, usize> = HashMap::new();
        let mut servers: Vec<Server> = Vec::new();
        let mut server_of = Vec::with_capacity(capture.entries.len());
        let mut endpoint_acao: HashMap<&'c str, Vec<usize>> = HashMap::new();
        for (pos, e) in capture.entries.iter().enumerate() {
            let key = crate::fetch::origin::origin_cow(&e.request.url);
            let next = servers.len();
            let si = *index.entry(key).or_insert(next);
            if si == servers.len() {
                servers.push(Server::default());
            }
            server_of.push(si);
            let srv = &mut servers[si];
            let h = &e.response.headers;
            srv.any_cors |= h.has_any_cors_response_header();
            if matches!(e.response.status, 401 | 403) {
                srv.auth_urls.insert(e.request.url.to_string());
            }
            if let Some(acao) = h.get("access-control-allow-origin") {
                if e.response.status > 0 && !e.request.method.eq_ignore_ascii_case("OPTIONS") {
                    srv.with_acao.push(pos);
                    endpoint_acao
                        .entry(endpoint(&e.request.url))
                        .or_default()
                        .push(pos);
                }
                let sent = e.request.headers.get("origin");
                if sent == Some(acao.trim())
                    && h.get("access-control-allow-credentials") == Some("true")
                {
                    srv.reflected.insert(acao.trim().to_string());
                }
            }
        }
        let mut preflights: HashMap<(&'c str, Option<&'c str>), (usize, f64, usize)> =
            HashMap::new();
        for j in judged {
            if let Some(p) = j.chain.hops.first().and_then(|h| h.preflight) {
                let pe = &capture.entries[p];
                let slot = preflights
                    .entry((pe.request.url.as_ref(), j.chain.origin.as_deref()))
                    .or_insert((0, 0.0, 0));
                slot.0 += 1;
                slot.1 += pe.time_ms.max(0.0);
                slot.2 = slot.2.max(p);
            }
        }
        Ctx {
            capture,
            judged,
            servers,
            server_of,
            endpoint_acao,
            preflights,
        }
    }

    pub fn entry(&self, i: usize) -> &'c Entry<'a> {
        &self.capture.entries[i]
    }

    fn server(&self, e: &Entry<'_>) -> &Server {
        let pos = self.position(e);
        &self.servers[self.server_of[pos]]
    }

    /// The position in `entries` of an entry of this capture.
    fn position(&self, e: &Entry<'_>) -> usize {
        let entries = &self.capture.entries;
        // Entries are in `log.entries` order: positions equal indexes unless some were skipped.
        if entries
            .get(e.index)
            .is_some_and(|x| std::ptr::eq(x, e) || x.index == e.index)
        {
            return e.index;
        }
        entries.partition_point(|x| x.index < e.index)
    }

    /// Other responses from the same server carrying `Access-Control-Allow-Origin`: how many,
    /// and the first of them.
    pub fn same_server_with_acao(&self, e: &Entry<'_>) -> (usize, Option<&'c Entry<'a>>) {
        let pos = self.position(e);
        let list = &self.server(e).with_acao;
        let count = list.len() - list.contains(&pos) as usize;
        let first = list.iter().find(|&&p| p != pos).map(|&p| self.entry(p));
        (count, first)
    }

    /// Other responses of the same endpoint (URL without query) carrying
    /// `Access-Control-Allow-Origin`.
    pub fn same_endpoint_with_acao(&self, e: &Entry<'_>) -> (usize, Option<&'c Entry<'a>>) {
        let pos = self.position(e);
        match self.endpoint_acao.get(endpoint(&e.request.url)) {
            None => (0, None),
            Some(list) => (
                list.len() - list.contains(&pos) as usize,
                list.iter().find(|&&p| p != pos).map(|&p| self.entry(p)),
            ),
        }
    }

    /// Whether any response from the server of `e` carries an `Access-Control-*` header.
    pub fn server_has_cors(&self, e: &Entry<'_>) -> bool {
        self.server(e).any_cors
    }

    /// Whether the server answered this URL with 401/403 somewhere in the capture.
    pub fn server_rejects_url(&self, e: &Entry<'_>) -> bool {
        self.server(e).auth_urls.contains(e.request.url.as_ref())
    }

    /// The origins the server of `e` echoed back with credentials allowed.
    pub fn reflected_origins(&self, e: &Entry<'_>) -> &BTreeSet<String> {
        &self.server(e).reflected
    }

    /// Preflights to the URL of preflight entry `p` for a page origin: count, total ms, and the
    /// position of the last one.
    pub fn preflights_to(
        &self,
        p: &Entry<'_>,
        origin: Option<&str>,
    ) -> Option<(usize, f64, usize)> {
        self.preflights
            .get(&(p.request.url.as_ref(), origin))
            .copied()
    }

    /// The entry at which the verdict was decided (the preflight for preflight errors).
    pub fn deciding(&self, j: &Judged) -> &'c Entry<'a> {
        let hop = match j.verdict.stage {
            Stage::Preflight { hop } => {
                if let Some(p) = j.chain.hops.get(hop).and_then(|h| h.preflight) {
                    return self.entry(p);
                }
                hop
            }
            Stage::Redirect { hop } | Stage::Response { hop } => hop,
            Stage::BeforeRequest => 0,
        };
        let hop = hop.min(j.chain.hops.len() - 1);
        match (j.cached_from, hop + 1 == j.chain.hops.len()) {
            (Some(c), true) => self.entry(c),
            _ => self.entry(j.chain.hops[hop].entry),
        }
    }

    pub fn first(&self, j: &Judged) -> &'c Entry<'a> {
        self.entry(j.chain.first())
    }
}

/// Evidence for an entry, with a header (its first value, or absent).
pub fn ev(e: &Entry<'_>, role: Role, header: Option<&str>) -> Evidence {
    Evidence {
        entry: e.index,
        role,
        method: e.request.method.to_string(),
        url: e.request.url.to_string(),
        status: e.response.status,
        header: header.map(str::to_string),
        value: header.and_then(|h| e.response.headers.combined(h).map(|v| v.into_owned())),
        note: None,
    }
}

impl Evidence {
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
}

/// The role of the entry that decided a verdict.
pub fn stage_role(j: &Judged) -> Role {
    match j.verdict.stage {
        Stage::Preflight { .. } => Role::Preflight,
        Stage::Redirect { .. } => Role::Redirect,
        _ => Role::Response,
    }
}

/// The server software a response names, mapped to a stack of the Fix sections.
pub fn detect_stack(e: &Entry<'_>) -> Option<String> {
    let h = &e.response.headers;
    let powered = h.get("x-powered-by").unwrap_or("").to_ascii_lowercase();
    let server = h.get("server").unwrap_or("").to_ascii_lowercase();
    let stack = if powered.contains("express") {
        "Express"
    } else if powered.contains("asp.net")
        || server.contains("kestrel")
        || server.contains("microsoft-iis")
    {
        "ASP.NET Core"
    } else if server.contains("uvicorn") || server.contains("hypercorn") {
        "FastAPI"
    } else if server.contains("werkzeug") {
        "Flask"
    } else if server.contains("wsgiserver") || server.contains("gunicorn") {
        "Django"
    } else if h.contains("x-amz-cf-id")
        || h.contains("x-amz-apigw-id")
        || h.contains("x-amzn-requestid")
    {
        "AWS"
    } else if server.contains("nginx") {
        "nginx"
    } else if server.contains("apache") {
        "Apache"
    } else {
        return None;
    };
    Some(stack.to_string())
}

/// A rule's fix summary and stacks, read from its documentation once per process.
fn fix_text(rule: &'static Rule) -> &'static (&'static str, Vec<&'static str>) {
    static CACHE: std::sync::OnceLock<HashMap<&'static str, (&'static str, Vec<&'static str>)>> =
        std::sync::OnceLock::new();
    let map = CACHE.get_or_init(|| {
        RULES
            .iter()
            .map(|r| (r.id, (r.fix_summary(), r.stacks())))
            .collect()
    });
    &map[rule.id]
}

/// Builds a finding for `rule` with its fix from the documentation.
pub fn finding(
    rule: &'static Rule,
    confidence: Confidence,
    message: String,
    evidence: Vec<Evidence>,
    cx: &Ctx<'_, '_>,
) -> Finding {
    let entries = &cx.capture.entries;
    let detected_stack = evidence.iter().find_map(|ev| {
        let pos = entries.partition_point(|e| e.index < ev.entry);
        entries
            .get(pos)
            .filter(|e| e.index == ev.entry)
            .and_then(detect_stack)
    });
    let (summary, stacks) = fix_text(rule);
    let (summary, stacks) = (*summary, stacks.as_slice());
    Finding {
        rule: rule.id,
        severity: rule.severity,
        confidence,
        message,
        evidence,
        fix: Fix {
            summary,
            stacks,
            detected_stack,
        },
    }
}

/// The shared explanation of a preflight that failed on its status or its missing
/// `Access-Control-Allow-Origin` (Chromium checks the header first): the rules differ only in
/// which statuses they own.
pub fn preflight_status_finding(
    rule: &'static Rule,
    cx: &Ctx<'_, '_>,
    j: &Judged,
    owns: fn(i64) -> bool,
    what: &str,
) -> Option<Finding> {
    if !(is(j, CorsError::PreflightMissingAllowOriginHeader)
        || is(j, CorsError::PreflightInvalidStatus))
    {
        return None;
    }
    let p = cx.deciding(j);
    let status = p.response.status;
    if !owns(status) {
        return None;
    }
    let mut evidence = vec![ev(p, Role::Preflight, Some("access-control-allow-origin"))];
    if let Some(allow) = p.response.headers.get("allow") {
        evidence.push(ev(p, Role::Preflight, Some("allow")).note(format!("Allow: {allow}")));
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
    matches!(j.verdict.stage, Stage::Response { .. })
        && is(j, CorsError::MissingAllowOriginHeader)
        && j.cached_from.is_none()
}

/// The final response of a cross-origin chain, when one arrived.
pub fn final_response<'c, 'a>(cx: &Ctx<'c, 'a>, j: &Judged) -> Option<&'c Entry<'a>> {
    let e = cx.entry(j.chain.last().entry);
    (e.response.status > 0 && j.is_cross_origin()).then_some(e)
}

/// Whether the deciding error is `e` or its preflight variant.
pub fn is(j: &Judged, e: CorsError) -> bool {
    j.cors_error.is_some_and(|c| {
        c.access_kind() == e.access_kind() && c.is_preflight_error() == e.is_preflight_error()
    })
}

/// Whether the deciding error is the access-check error `e`, on a preflight or not.
pub fn is_access(j: &Judged, e: CorsError) -> bool {
    j.cors_error.is_some_and(|c| c.access_kind() == e)
}

/// The root cause and the risks of a judged chain.
pub fn diagnose(cx: &Ctx<'_, '_>, j: &Judged) -> Vec<Finding> {
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
    use crate::judge::{judge, CaptureContext};
    use crate::trace::build_chains;
    pub use crate::trace::tests::{capture, entry};

    pub const PAGE: &str = "http://app.example.test:3000";

    /// Judges every chain of a capture and returns the findings of each, in chain order.
    pub fn diagnose_all(c: &Capture<'static>) -> Vec<(Judged, Vec<Finding>)> {
        let ctx = CaptureContext::new(c);
        let judged: Vec<Judged> = build_chains(c, None)
            .iter()
            .map(|ch| judge(c, &ctx, ch))
            .collect();
        let cx = Ctx::new(c, &judged);
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
