//! The report model every output format renders (`docs/output.md`), and the analyses that fill
//! it: [`har`] for a loaded capture (with the console lines that report its requests),
//! [`console`] for a console log alone. Both read the same verdict layer and rules.

pub mod console;
pub mod har;

use crate::fetch::engine::{RequestMode, Stage};
use crate::fetch::CorsError;
use crate::judge::{Credentials, Policy, VerdictSource};
use crate::model::{Origin, OriginSource, Producer, Skipped};
use crate::rules::{Finding, Severity};
use serde::Serialize;
use std::collections::BTreeMap;

pub use console::{analyze_console, console_input_report};
pub use har::{analyze_capture, analyze_capture_chunked, input_report};

/// What the user told corsdx that the capture cannot.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--origin`: the page origin, overriding what the capture says.
    pub origin: Option<Origin>,
    /// `--no-redact`: keep secrets in the report (redaction is on by default).
    pub no_redact: bool,
    /// `--host`: report only requests to this host (the summary counts only those).
    pub host: Option<String>,
    /// `--url`: report only requests whose URL contains this text.
    pub url_contains: Option<String>,
}

impl Options {
    /// Whether a request report passes `--host` and `--url`.
    pub fn keeps(&self, r: &RequestReport) -> bool {
        let host_ok = self.host.as_deref().is_none_or(|h| {
            url::Url::parse(&r.url)
                .ok()
                .and_then(|u| u.host_str().map(|x| x.eq_ignore_ascii_case(h)))
                .unwrap_or(false)
        });
        let url_ok = self
            .url_contains
            .as_deref()
            .is_none_or(|t| r.url.contains(t));
        host_ok && url_ok
    }
}

/// The JSON report (`docs/output.md`).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub version: u32,
    pub inputs: Vec<InputReport>,
    pub requests: Vec<RequestReport>,
    pub summary: Summary,
}

#[derive(Debug, Clone, Serialize)]
pub struct InputReport {
    pub path: String,
    /// `har` or `console`.
    pub kind: &'static str,
    pub producer: Producer,
    pub creator: String,
    pub entries: usize,
    pub skipped: Vec<Skipped>,
    /// Whether the export is sanitized (cookies and Authorization removed): `true` when the
    /// capture shows a header was removed, `false` when cookies are present (or the producer
    /// writes no sanitized export), `null` when nothing tells (and for console logs).
    pub sanitized: Option<bool>,
    /// Console logs: lines that are neither a known message nor known noise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unrecognized_lines: Option<usize>,
}

/// One hop of a chain as reported.
#[derive(Debug, Clone, Serialize)]
pub struct HopReport {
    pub entry: usize,
    pub method: String,
    pub url: String,
    pub status: i64,
    /// CORS-relevant response headers of this hop, in recorded order (duplicates kept).
    pub headers: Vec<(String, String)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_to: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub internal_redirect: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preflight: Option<PreflightReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PreflightReport {
    pub entry: usize,
    pub status: i64,
    /// `Access-Control-Request-*` request headers and CORS response headers.
    pub request_headers: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
}

fn empty_as_null<S: serde::Serializer>(s: &str, ser: S) -> Result<S::Ok, S::Error> {
    if s.is_empty() {
        ser.serialize_none()
    } else {
        ser.serialize_str(s)
    }
}

/// The decision's kind, as reports name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerdictKind {
    Allowed,
    Blocked,
    Policy,
    Failed,
    Unknown,
}

impl VerdictKind {
    pub fn of(d: &crate::judge::Decision) -> Self {
        use crate::judge::Decision;
        match d {
            Decision::Allowed => VerdictKind::Allowed,
            Decision::Blocked { .. } => VerdictKind::Blocked,
            Decision::Policy { .. } => VerdictKind::Policy,
            Decision::Failed(_) => VerdictKind::Failed,
            Decision::Unknown => VerdictKind::Unknown,
        }
    }
}

/// Who wrote the `console` line of a request report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConsoleLineSource {
    /// The browser printed it (a console log given as input).
    Printed,
    /// corsdx rendered what the capture's browser prints for this verdict; no input held it.
    Rendered,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequestReport {
    /// Index into `inputs`.
    pub input: usize,
    /// HAR inputs: 0-based index in `log.entries` of the chain's first entry. Console inputs:
    /// the 1-based line where the message starts.
    pub entry: usize,
    /// The method, `null` when no input shows it (a console line that names none).
    pub method: Option<String>,
    /// The URL the page asked for; `null` when no input shows it (a console line without one).
    #[serde(serialize_with = "empty_as_null")]
    pub url: String,
    /// The page origin (`null` for opaque origins), or absent (`null`) when unknown.
    pub origin: Option<String>,
    pub origin_source: OriginSource,
    /// The final response's status (0: none arrived); `null` when no input shows it.
    pub status: Option<i64>,
    /// The browser's decision: `allowed`, `blocked` (CORS), `policy` (mixed content, local
    /// network access), `failed` (no response), or `unknown` (nothing the inputs hold decides).
    pub verdict: VerdictKind,
    pub blocked: bool,
    /// Set when the request failed without a policy block (`net::ERR_CONNECTION_REFUSED` …).
    pub failed: Option<String>,
    pub policy: Option<Policy>,
    pub cors_error: Option<CorsError>,
    pub failed_parameter: Option<String>,
    pub verdict_source: VerdictSource,
    /// Where the decision fell: `before-request`, `preflight`, `redirect`, `response`; `null`
    /// when the input does not show it.
    pub stage: Option<Stage>,
    /// The request mode, `null` when the input does not show it.
    pub mode: Option<RequestMode>,
    pub credentials: Credentials,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disagreement: Option<String>,
    /// For a predicted verdict: what it rests on and what the capture cannot show.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// The console line the capture's browser prints for this verdict (Chromium's for
    /// Chromium, proxy and unknown captures; Firefox's or Safari's for theirs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub console: Option<String>,
    /// Whether `console` is a line the browser printed or corsdx's rendering of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub console_source: Option<ConsoleLineSource>,
    /// `curl` commands that reproduce a blocked request's failing answer (its preflight when it
    /// needs one, then the request, from the page's origin), when the origin and method are known.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub repro: Vec<String>,
    /// What corsdx was told that the inputs contradict (an `--origin` the recorded `Origin`
    /// header overrides), one sentence each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Where the capture's browser decides or words this request differently from Chromium
    /// (whose names `cors_error` uses), each as one sentence.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub browser_differences: Vec<String>,
    pub chain: Vec<HopReport>,
    pub findings: Vec<Finding>,
}

impl RequestReport {
    /// The root cause: the first error finding.
    pub fn cause(&self) -> Option<&Finding> {
        self.findings.iter().find(|f| f.severity == Severity::Error)
    }

    /// Blocked or failed: what reports list first.
    pub fn is_problem(&self) -> bool {
        self.blocked || self.failed.is_some()
    }

    /// The browser's verdict in a few words: the CorsError name, the policy, the network error.
    pub fn verdict_label(&self) -> String {
        if let Some(e) = self.cors_error {
            return e.name().to_string();
        }
        match (self.policy, &self.failed) {
            (Some(Policy::MixedContent), _) => "mixed content".into(),
            (Some(Policy::LocalNetworkAccess), _) => "local network access".into(),
            (None, Some(f)) => f.clone(),
            _ if self.blocked => "blocked (reason not recorded)".into(),
            _ if self.verdict == VerdictKind::Unknown => "not decided by the inputs".into(),
            _ => "allowed".into(),
        }
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub requests: usize,
    pub blocked: usize,
    pub failed: usize,
    pub warnings: usize,
    pub by_rule: BTreeMap<String, usize>,
    pub by_cors_error: BTreeMap<String, usize>,
    pub by_host: BTreeMap<String, usize>,
}

impl Summary {
    /// Counts one more request (reports written as they are made keep a running summary).
    pub fn add(&mut self, r: &RequestReport) {
        self.requests += 1;
        self.blocked += r.blocked as usize;
        self.failed += r.failed.is_some() as usize;
        self.warnings += r.warnings().count();
        for f in &r.findings {
            *self.by_rule.entry(f.rule.to_string()).or_default() += 1;
        }
        if let Some(e) = r.cors_error {
            *self.by_cors_error.entry(e.name().to_string()).or_default() += 1;
        }
        if r.is_problem() {
            let host = url::Url::parse(&r.url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
                .unwrap_or_default();
            *self.by_host.entry(host).or_default() += 1;
        }
    }
}

/// Exit status per product.md: 0 nothing blocked, 1 blocked (or warnings with `strict`).
pub fn exit_code(summary: &Summary, strict: bool) -> i32 {
    // A request is a problem when blocked or failed (`RequestReport::is_problem`).
    let blocked = summary.blocked > 0 || summary.failed > 0;
    let warned = summary.warnings > 0;
    if blocked || (strict && warned) {
        1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(url: &str, verdict: VerdictKind) -> RequestReport {
        let log = crate::capture::console::parse_console(
            "No 'Access-Control-Allow-Origin' header is present on the requested resource.\n",
        );
        let mut r = console::analyze_console(0, &log, &[0], &Options::default()).remove(0);
        r.url = url.to_string();
        r.verdict = verdict;
        r.blocked = verdict == VerdictKind::Blocked;
        r
    }

    #[test]
    fn the_summary_counts_problems_per_host_and_sets_the_exit_status() {
        let mut s = Summary::default();
        s.add(&report("https://api.a.example/x", VerdictKind::Blocked));
        s.add(&report("https://api.a.example/y", VerdictKind::Allowed));
        assert_eq!((s.requests, s.blocked), (2, 1));
        assert_eq!(s.by_host.get("api.a.example"), Some(&1));
        assert_eq!(exit_code(&s, false), 1);
        assert_eq!(exit_code(&Summary::default(), true), 0);
    }

    #[test]
    fn filters_keep_by_host_and_url_text() {
        let r = report("https://api.a.example/items/1", VerdictKind::Blocked);
        let host = |h: &str| Options {
            host: Some(h.into()),
            ..Default::default()
        };
        assert!(host("API.a.example").keeps(&r));
        assert!(!host("a.example").keeps(&r));
        let url = Options {
            url_contains: Some("/items/".into()),
            ..Default::default()
        };
        assert!(url.keeps(&r));
        assert_eq!(r.verdict_label(), "MissingAllowOriginHeader");
    }
}
