//! The library face: a loaded capture → chains → verdicts → findings → a report model that every
//! output format renders.

use crate::capture::console::ConsoleLog;
use crate::fetch::engine::Stage;
use crate::fetch::CorsError;
use crate::judge::{
    judge, reportable, CaptureContext, Confidence, Credentials, Judged, Policy, VerdictSource,
};
use crate::model::{Capture, Producer, Skipped};
use crate::rules::{self, Ctx, Finding, Severity};
use crate::trace::build_chains;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// What the user told corsdx that the capture cannot.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--origin`: the page origin, overriding what the capture says.
    pub origin: Option<String>,
    /// `--no-redact`: keep secrets in the report (redaction is on by default).
    pub no_redact: bool,
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
    /// Whether the export looks sanitized (cookies and Authorization removed).
    pub sanitized: bool,
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

#[derive(Debug, Clone, Serialize)]
pub struct RequestReport {
    /// Index into `inputs`.
    pub input: usize,
    /// 0-based index in `log.entries` of the chain's first entry.
    pub entry: usize,
    pub method: String,
    /// The URL the page asked for.
    pub url: String,
    /// The page origin (`null` for opaque origins), or null when unknown.
    pub origin: Option<String>,
    pub origin_source: crate::trace::OriginSource,
    pub status: i64,
    pub blocked: bool,
    /// Set when the request failed without a policy block (`net::ERR_CONNECTION_REFUSED` …).
    pub failed: Option<String>,
    pub policy: Option<Policy>,
    pub cors_error: Option<CorsError>,
    pub failed_parameter: Option<String>,
    pub verdict_source: VerdictSource,
    /// Where the decision fell: `before-request`, `preflight`, `redirect`, `response`.
    pub stage: Stage,
    pub mode: crate::fetch::RequestMode,
    pub credentials: Credentials,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disagreement: Option<String>,
    /// The console line the capture's browser prints for this verdict (Chromium's for
    /// Chromium, proxy and unknown captures; Firefox's or Safari's for theirs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub console: Option<String>,
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
    pub fn of(requests: &[RequestReport]) -> Summary {
        let mut s = Summary::default();
        for r in requests {
            s.add(r);
        }
        s
    }

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

fn cors_headers(h: &crate::model::Headers<'_>) -> Vec<(String, String)> {
    h.iter()
        .filter(|x| {
            crate::model::with_lowercase(&x.name, |n| {
                n.starts_with("access-control-")
                    || matches!(
                        n,
                        "vary"
                            | "location"
                            | "cache-control"
                            | "via"
                            | "x-cache"
                            | "age"
                            | "origin"
                            | "non-authoritative-reason"
                    )
            })
        })
        .map(|x| (x.name.to_string(), x.value.to_string()))
        .collect()
}

fn request_report(
    input: usize,
    capture: &Capture<'_>,
    cx: &Ctx<'_, '_>,
    j: &Judged,
) -> RequestReport {
    let first = &capture.entries[j.chain.first()];
    let last = &capture.entries[j.chain.last().entry];
    let chain = j
        .chain
        .hops
        .iter()
        .map(|h| {
            let e = &capture.entries[h.entry];
            HopReport {
                entry: e.index,
                method: e.request.method.to_string(),
                url: e.request.url.to_string(),
                status: e.response.status,
                headers: cors_headers(&e.response.headers),
                redirect_to: crate::trace::redirect_target(e),
                internal_redirect: h.internal_redirect,
                error: e
                    .response
                    .error
                    .as_ref()
                    .filter(|s| !s.is_empty())
                    .map(|s| s.to_string()),
                preflight: h.preflight.map(|p| {
                    let pe = &capture.entries[p];
                    PreflightReport {
                        entry: pe.index,
                        status: pe.response.status,
                        request_headers: pe
                            .request
                            .headers
                            .iter()
                            .filter(|x| {
                                let n = x.name.to_ascii_lowercase();
                                n.starts_with("access-control-request-") || n == "origin"
                            })
                            .map(|x| (x.name.to_string(), x.value.to_string()))
                            .collect(),
                        headers: cors_headers(&pe.response.headers),
                    }
                }),
            }
        })
        .collect();
    let (console, mut browser_differences) = console_line(capture, j);
    if capture.producer == Producer::Firefox
        && j.failed.is_some()
        && j.is_cross_origin()
        && j.spec.mode == crate::fetch::RequestMode::Cors
    {
        browser_differences.push(
            "Firefox's console reports this as a CORS failure ('CORS request did not succeed'), but no response arrived, so no CORS check ran: it is a network failure, which Chromium reports as the network error alone".to_string(),
        );
    }
    RequestReport {
        input,
        entry: first.index,
        method: first.request.method.to_string(),
        url: first.request.url.to_string(),
        origin: j.chain.origin.clone(),
        origin_source: j.chain.origin_source,
        status: last.response.status,
        blocked: j.blocked,
        failed: j.failed.clone(),
        policy: j.policy,
        cors_error: j.cors_error,
        failed_parameter: j.failed_parameter.clone(),
        verdict_source: j.source,
        stage: j.verdict.stage,
        mode: j.spec.mode,
        credentials: j.credentials.clone(),
        disagreement: j.disagreement.clone(),
        console,
        browser_differences,
        chain,
        findings: rules::diagnose(cx, j),
    }
}

/// The console line the capture's browser prints for a CORS verdict: Firefox's or Safari's for
/// their captures, Chromium's otherwise.
fn console_line(capture: &Capture<'_>, j: &Judged) -> (Option<String>, Vec<String>) {
    use crate::fetch::messages::{render, Engine, MessageInput, ResourceKind};
    let Some(error) = j.cors_error else {
        return (None, Vec::new());
    };
    let hop = match j.verdict.stage {
        Stage::Preflight { hop } | Stage::Redirect { hop } | Stage::Response { hop } => hop,
        Stage::BeforeRequest => 0,
    }
    .min(j.chain.hops.len() - 1);
    let first = &capture.entries[j.chain.first()];
    let at = &capture.entries[j.chain.hops[hop].entry];
    let resource = match first.resource_type.as_deref() {
        Some("xhr") => ResourceKind::Xhr,
        Some("fetch") | None => ResourceKind::Fetch,
        Some(other) => ResourceKind::Other(other.to_string()),
    };
    let origin = j.chain.origin.clone().unwrap_or_else(|| "null".into());
    let mut m = MessageInput::new(error, &at.request.url, &origin, resource);
    m.failed_parameter = j.failed_parameter.as_deref();
    // The status of the response that failed the check: the preflight's for a preflight failure.
    let answered = match (j.verdict.stage, j.chain.hops[hop].preflight) {
        (Stage::Preflight { .. }, Some(p)) => &capture.entries[p],
        _ => at,
    };
    m.status = u16::try_from(answered.response.status)
        .ok()
        .filter(|s| *s > 0);
    if hop > 0 {
        m.redirected_from = Some(&first.request.url);
    }
    let engine = match capture.producer {
        Producer::Firefox => Engine::Firefox,
        Producer::Safari => Engine::Safari,
        _ => Engine::Chromium,
    };
    let headers = &answered.response.headers;
    m.allow_origin_lines = Some(headers.count("access-control-allow-origin"));
    let list_header = match error {
        CorsError::InvalidAllowMethodsPreflightResponse => Some("access-control-allow-methods"),
        CorsError::InvalidAllowHeadersPreflightResponse => Some("access-control-allow-headers"),
        _ => None,
    };
    let list = list_header.and_then(|h| headers.combined(h));
    m.allow_list = list.as_deref();
    let line = render(engine, &m);
    let mut differences = Vec::new();
    if engine == Engine::Firefox && crate::fetch::messages::firefox_error(&m) != error {
        let reason = line
            .split("(Reason: ")
            .nth(1)
            .and_then(|r| r.split(").").next())
            .unwrap_or(&line);
        differences.push(format!(
            "Chromium reports this as {} and Firefox as '{reason}'",
            error.name()
        ));
    }
    (Some(line), differences)
}

/// Analyses one loaded HAR: every cross-origin request and every failed or blocked one. With a
/// console log, its lines confirm, complete or contradict the verdicts; the returned log holds
/// the events no chain claimed.
pub fn analyze_capture(
    input: usize,
    capture: &Capture<'_>,
    options: &Options,
    console: Option<&ConsoleLog>,
) -> (Vec<RequestReport>, Option<ConsoleLog>) {
    let mut all = Vec::new();
    let rest = analyze_capture_chunked(input, capture, options, console, usize::MAX, |chunk| {
        all.extend(chunk);
        Ok::<(), std::convert::Infallible>(())
    });
    match rest {
        Ok(rest) => (all, rest),
        Err(never) => match never {},
    }
}

/// As [`analyze_capture`], handing the reports to `emit` in order, `chunk` chains at a time, so
/// a caller that writes them out never holds the reports of a whole large capture. Verdicts and
/// per-server facts are computed over the whole capture first: they need every entry.
pub fn analyze_capture_chunked<E>(
    input: usize,
    capture: &Capture<'_>,
    options: &Options,
    console: Option<&ConsoleLog>,
    chunk: usize,
    mut emit: impl FnMut(Vec<RequestReport>) -> Result<(), E>,
) -> Result<Option<ConsoleLog>, E> {
    let ctx = CaptureContext::new(capture);
    let chains = build_chains(capture, options.origin.as_deref());
    let mut judged: Vec<Judged> = chains.par_iter().map(|c| judge(capture, &ctx, c)).collect();
    drop(chains);
    let mut lines: Vec<Option<String>> = vec![None; judged.len()];
    let mut rest = None;
    if let Some(log) = console {
        let matched = crate::join::match_events(capture, &judged, log);
        for ((j, m), line) in judged.iter_mut().zip(&matched).zip(lines.iter_mut()) {
            if let Some(i) = m {
                crate::join::apply(j, &log.events[*i]);
                *line = Some(log.events[*i].text.clone());
            }
        }
        rest = Some(crate::join::unmatched(log, &matched));
    }
    let cx = Ctx::new(capture, &judged);
    let chunk = chunk.max(1);
    for (js, ls) in judged.chunks(chunk).zip(lines.chunks(chunk)) {
        let reports: Vec<RequestReport> = js
            .par_iter()
            .zip(ls.par_iter())
            .filter(|(j, _)| reportable(j))
            .map(|(j, line)| {
                let mut r = request_report(input, capture, &cx, j);
                if line.is_some() {
                    r.console = line.clone();
                }
                if !options.no_redact {
                    crate::report::redact::request(&mut r);
                }
                r
            })
            .collect();
        emit(reports)?;
    }
    Ok(rest)
}

/// Analyses a console log on its own: every request it reports, with the root cause its text
/// supports.
pub fn analyze_console(input: usize, log: &ConsoleLog, options: &Options) -> Vec<RequestReport> {
    let (capture, _) = crate::join::capture_from_console(log);
    analyze_capture(input, &capture, options, Some(log)).0
}

/// The input-level facts of a console log.
pub fn console_input_report(path: &str, log: &ConsoleLog) -> InputReport {
    InputReport {
        path: path.to_string(),
        kind: "console",
        producer: Producer::Unknown,
        creator: String::new(),
        entries: log.events.len(),
        skipped: Vec::new(),
        sanitized: false,
        unrecognized_lines: Some(log.unrecognized),
    }
}

/// The input-level facts of a loaded HAR.
pub fn input_report(path: &str, capture: &Capture<'_>) -> InputReport {
    InputReport {
        path: path.to_string(),
        kind: "har",
        producer: capture.producer,
        creator: format!("{} {}", capture.creator, capture.creator_version)
            .trim()
            .to_string(),
        entries: capture.entries.len() + capture.skipped.len(),
        skipped: capture.skipped.clone(),
        sanitized: crate::judge::looks_sanitized(capture),
        unrecognized_lines: None,
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

/// Confidence label for reports.
pub fn confidence_label(c: Confidence) -> &'static str {
    match c {
        Confidence::High => "high",
        Confidence::Medium => "medium",
        Confidence::Low => "low",
    }
}
