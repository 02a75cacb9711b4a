//! The browser-verdict layer: turns a chain of captured entries into the engine's inputs, runs the
//! engine, and reconciles its prediction with the outcome the capture recorded. The recorded
//! outcome wins; the engine explains it (or predicts, when nothing was recorded).

use crate::fetch::check::{CredentialsMode, EngineOptions, Failure};
use crate::fetch::engine::{
    evaluate, HopInput, Observed, Outcome, RequestMode, RequestSpec, Verdict,
};
use crate::fetch::origin::{is_http_scheme, origin_of, same_origin};
use crate::fetch::safelist::{parse_request_headers_list, unsafe_header_names};
use crate::fetch::CorsError;
use crate::model::{Capture, Entry, Producer};
use crate::trace::{redirect_target, Chain};
use serde::Serialize;

/// How sure corsdx is of an inferred fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

/// Where the verdict comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerdictSource {
    /// The capture recorded the outcome (Chromium `_error`, a completed response) and the
    /// engine's explanation agrees with it.
    Recorded,
    /// Nothing was recorded (proxy, Firefox, Safari HARs): the engine predicts.
    Predicted,
    /// Recorded as blocked, explained from other entries (a cached response replayed).
    Inferred,
    /// The browser's console said so.
    Console,
}

/// What the capture recorded for the chain's last entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// The producer records no outcome.
    Nothing,
    /// A response was delivered to the page.
    Ok,
    /// `net::ERR_FAILED`: Chromium's error for a CORS block (and some other failures).
    ErrFailed,
    /// Firefox: the preflight was answered but the request itself was never sent (its entry has
    /// status 0 and no response headers): the browser stopped it at the preflight.
    NotSentAfterPreflight,
    /// `_error: ""` with status 0: Chromium's record of a request it refused to send
    /// (mixed content).
    EmptyError,
    /// Another network error (`net::ERR_CONNECTION_REFUSED`, `net::ERR_NAME_NOT_RESOLVED` …).
    NetError(String),
}

/// A policy block that is not a CORS error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Policy {
    MixedContent,
    LocalNetworkAccess,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Credentials {
    /// `include`, `omit`/`same-origin`, or `None` when the capture cannot tell.
    pub mode: Option<CredentialsMode>,
    pub confidence: Confidence,
    pub because: String,
}

/// The judged chain.
#[derive(Debug, Clone)]
pub struct Judged {
    pub chain: Chain,
    pub spec: RequestSpec,
    pub verdict: Verdict,
    pub recorded: Recorded,
    pub source: VerdictSource,
    pub blocked: bool,
    pub policy: Option<Policy>,
    /// The network error when the request failed without a policy block.
    pub failed: Option<String>,
    pub cors_error: Option<CorsError>,
    pub failed_parameter: Option<String>,
    pub credentials: Credentials,
    /// Entry whose cached response explains a replayed block.
    pub cached_from: Option<usize>,
    /// The engine predicted something the recorded outcome contradicts.
    pub disagreement: Option<String>,
    /// The verdict was reproduced only with the standard's stricter `Authorization` rule.
    pub strict_authorization: bool,
}

impl Judged {
    pub fn is_cross_origin(&self) -> bool {
        self.chain
            .origin
            .as_deref()
            .is_some_and(|o| !same_origin(&self.spec.url, o) || o == "null")
    }
}

fn recorded_outcome(capture: &Capture<'_>, chain: &Chain) -> Recorded {
    let e = &capture.entries[chain.last().entry];
    if capture.producer == Producer::Firefox {
        // Firefox records no block, but a request it stopped at its preflight keeps an empty
        // entry next to the preflight that was answered.
        let last = chain.last();
        let answered = last
            .preflight
            .is_some_and(|p| capture.entries[p].response.status > 0);
        if answered && e.response.status <= 0 && e.response.headers.is_empty() {
            return Recorded::NotSentAfterPreflight;
        }
        return Recorded::Nothing;
    }
    if !capture.producer.records_outcome() {
        return Recorded::Nothing;
    }
    match e.response.error.as_deref() {
        Some("net::ERR_FAILED") => Recorded::ErrFailed,
        Some("") if e.response.status <= 0 => Recorded::EmptyError,
        Some(err) if !err.is_empty() => Recorded::NetError(err.to_string()),
        _ if e.response.status > 0 => Recorded::Ok,
        _ => Recorded::Nothing,
    }
}

/// Whether the URL is potentially trustworthy (so an https page may fetch it over http).
fn potentially_trustworthy(url: &str) -> bool {
    if url.starts_with("https://") || url.starts_with("wss://") {
        return true;
    }
    let Ok(u) = url::Url::parse(url) else {
        return false;
    };
    if u.scheme() == "https" || u.scheme() == "wss" {
        return true;
    }
    match u.host() {
        Some(url::Host::Domain(d)) => d == "localhost" || d.ends_with(".localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Mixed content: an https page asked for an http URL that is not potentially trustworthy.
pub fn is_mixed_content(page_origin: &str, url: &str) -> bool {
    page_origin.starts_with("https://")
        && url.starts_with("http://")
        && !potentially_trustworthy(url)
}

/// The request mode: `Sec-Fetch-Mode` when recorded, else from the resource type, else from
/// whether an `Origin` header was sent.
fn request_mode(e: &Entry<'_>, preflighted: bool) -> RequestMode {
    if preflighted {
        return RequestMode::Cors;
    }
    let websocket = e.response.status == 101
        || e.request
            .headers
            .get("upgrade")
            .is_some_and(|u| u.eq_ignore_ascii_case("websocket"))
        || e.request.url.starts_with("ws");
    if websocket {
        return RequestMode::Navigate;
    }
    if let Some(m) = e.request.headers.get("sec-fetch-mode") {
        match m.trim().to_ascii_lowercase().as_str() {
            "cors" => return RequestMode::Cors,
            "no-cors" => return RequestMode::NoCors,
            "same-origin" => return RequestMode::SameOrigin,
            "navigate" | "nested-navigate" | "websocket" => return RequestMode::Navigate,
            _ => {}
        }
    }
    match e.resource_type.as_deref() {
        Some("fetch" | "xhr" | "eventsource" | "font" | "manifest") => RequestMode::Cors,
        Some("document" | "websocket" | "ping" | "csp-violation-report") => RequestMode::Navigate,
        // Other resource types, and proxies and capture tools that record none: a cross-origin
        // CORS request always carries `Origin`. CORS headers on the response prove nothing
        // (CDNs send them with every image and stylesheet).
        _ => {
            if e.request.headers.contains("origin") {
                RequestMode::Cors
            } else {
                RequestMode::NoCors
            }
        }
    }
}

/// Whether the capture has had credentials stripped (DevTools' sanitized export).
pub fn looks_sanitized(capture: &Capture<'_>) -> bool {
    capture.producer == Producer::Chromium
        && !capture.entries.iter().any(|e| {
            e.request.cookie_count > 0
                || e.request.headers.contains("cookie")
                || e.request.headers.contains("authorization")
                || e.response.headers.contains("set-cookie")
                || e.response.cookie_count > 0
        })
}

fn observed<'r>(e: &'r Entry<'r>, location: Option<&'r str>) -> Option<Observed<'r>> {
    // A 304 is judged with the cached response's headers, which the capture does not hold.
    let revalidated =
        e.response.status == 304 && !e.response.headers.contains("access-control-allow-origin");
    (e.response.status > 0 && !revalidated).then_some(Observed {
        status: e.response.status,
        headers: &e.response.headers,
        location,
    })
}

/// Context shared by all chains of one capture.
pub struct CaptureContext {
    pub sanitized: bool,
}

impl CaptureContext {
    pub fn new(capture: &Capture<'_>) -> Self {
        CaptureContext {
            sanitized: looks_sanitized(capture),
        }
    }
}

fn run(
    capture: &Capture<'_>,
    chain: &Chain,
    spec: &RequestSpec,
    targets: &[Option<String>],
    options: EngineOptions,
    substitute_last: Option<usize>,
) -> Verdict {
    let entries = &capture.entries;
    let last = chain.hops.len() - 1;
    let pf_targets: Vec<Option<String>> = chain
        .hops
        .iter()
        .map(|h| h.preflight.and_then(|p| redirect_target(&entries[p])))
        .collect();
    let hops: Vec<HopInput> = chain
        .hops
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let e = &entries[h.entry];
            let resp_entry = match substitute_last {
                Some(s) if i == last => &entries[s],
                _ => e,
            };
            HopInput {
                url: &e.request.url,
                preflight: h
                    .preflight
                    .and_then(|p| observed(&entries[p], pf_targets[i].as_deref())),
                response: observed(resp_entry, targets[i].as_deref()),
            }
        })
        .collect();
    evaluate(spec, &hops, options)
}

/// An earlier response for the same URL that the browser may have replayed from its cache: a
/// 2xx with a freshness lifetime and no `Vary: Origin`, fetched for another origin.
fn cache_candidate(capture: &Capture<'_>, chain: &Chain, origin: &str) -> Option<usize> {
    let last = chain.last().entry;
    let e = &capture.entries[last];
    capture.entries[..last]
        .iter()
        .enumerate()
        .rev()
        .find(|(_, c)| {
            c.request.url == e.request.url
                && c.request.method.eq_ignore_ascii_case(&e.request.method)
                && (200..300).contains(&c.response.status)
                && c.response.headers.contains("access-control-allow-origin")
                && is_cacheable(c)
                && !varies_on_origin(c)
                && c.request
                    .headers
                    .get("origin")
                    .map(|o| o != origin)
                    .unwrap_or(true)
        })
        .map(|(i, _)| i)
}

/// Whether a response carries a freshness lifetime (`max-age`, `s-maxage`, `Expires`).
pub fn is_cacheable(e: &Entry<'_>) -> bool {
    let cc = e
        .response
        .headers
        .combined("cache-control")
        .map(|v| v.to_ascii_lowercase())
        .unwrap_or_default();
    if cc.contains("no-store") || cc.contains("no-cache") {
        return false;
    }
    cc.split(',').any(|d| {
        let d = d.trim();
        (d.starts_with("max-age=") || d.starts_with("s-maxage="))
            && d.split('=')
                .nth(1)
                .and_then(|n| n.trim().parse::<u64>().ok())
                .is_some_and(|n| n > 0)
    }) || e.response.headers.contains("expires")
}

/// Whether `Vary` names `Origin` (or is `*`).
pub fn varies_on_origin(e: &Entry<'_>) -> bool {
    e.response.headers.get_all("vary").any(|v| {
        v.split(',')
            .any(|t| t.trim().eq_ignore_ascii_case("origin") || t.trim() == "*")
    })
}

/// Judges one chain.
pub fn judge(capture: &Capture<'_>, ctx: &CaptureContext, chain: &Chain) -> Judged {
    let entries = &capture.entries;
    let first = &entries[chain.first()];
    let last_entry = &entries[chain.last().entry];
    let first_preflight = chain
        .hops
        .iter()
        .find_map(|h| h.preflight)
        .map(|p| &entries[p]);

    // No Origin header, no page URL, no Referer: a cross-origin CORS request always carries
    // `Origin` on the wire, so the request is taken as same-origin.
    let origin = chain
        .origin
        .clone()
        .unwrap_or_else(|| origin_of(&first.request.url));
    let (method, unsafe_headers) = match first_preflight {
        Some(p) => (
            p.request
                .headers
                .get("access-control-request-method")
                .map(str::to_string)
                .unwrap_or_else(|| first.request.method.to_string()),
            parse_request_headers_list(
                p.request
                    .headers
                    .get("access-control-request-headers")
                    .unwrap_or(""),
            ),
        ),
        None => (
            first.request.method.to_string(),
            unsafe_header_names(
                first
                    .request
                    .headers
                    .iter()
                    .map(|h| (h.name.as_ref(), h.value.as_ref())),
            ),
        ),
    };
    let mode = request_mode(first, first_preflight.is_some());

    // Credentials: cookies prove `include`; otherwise let the recorded outcome decide.
    let cookies_sent = chain.hops.iter().any(|h| {
        let e = &entries[h.entry];
        e.request.cookie_count > 0 || e.request.headers.contains("cookie")
    });
    let candidates: Vec<CredentialsMode> = if cookies_sent {
        vec![CredentialsMode::Include]
    } else {
        vec![CredentialsMode::SameOrigin, CredentialsMode::Include]
    };

    let targets: Vec<Option<String>> = chain
        .hops
        .iter()
        .map(|h| redirect_target(&entries[h.entry]))
        .collect();
    let recorded = recorded_outcome(capture, chain);
    let spec_for = |cred: CredentialsMode| RequestSpec {
        method: method.clone(),
        url: first.request.url.to_string(),
        origin: origin.clone(),
        mode,
        credentials: cred,
        unsafe_headers: unsafe_headers.clone(),
    };
    let default = EngineOptions::default();
    let strict = EngineOptions {
        non_wildcard_authorization: true,
    };
    let mut tried: Vec<(CredentialsMode, EngineOptions, Verdict)> = candidates
        .iter()
        .map(|&c| {
            (
                c,
                default,
                run(capture, chain, &spec_for(c), &targets, default, None),
            )
        })
        .collect();

    let wants_block = matches!(
        recorded,
        Recorded::ErrFailed | Recorded::NotSentAfterPreflight
    );
    let mut source = match recorded {
        Recorded::Nothing => VerdictSource::Predicted,
        Recorded::NotSentAfterPreflight => VerdictSource::Inferred,
        _ => VerdictSource::Recorded,
    };
    let mut cached_from = None;
    let mut strict_authorization = false;

    // Pick the candidate consistent with what was recorded.
    let pick = |tried: &[(CredentialsMode, EngineOptions, Verdict)], want_block: bool| {
        tried.iter().position(|(_, _, v)| match v.outcome {
            Outcome::Blocked(_) => want_block,
            Outcome::Allowed => !want_block,
            _ => false,
        })
    };
    let mut chosen = match recorded {
        Recorded::Ok => pick(&tried, false),
        Recorded::ErrFailed | Recorded::NotSentAfterPreflight => {
            // Explanations in order of plausibility: the request as seen; then, when the
            // preflight asked for Authorization, the standard's rule that `*` does not cover
            // it (Chromium with CorsNonWildcardRequestHeadersSupport); then credentials.
            let asks_authorization = unsafe_headers.iter().any(|h| h == "authorization");
            let mut order: Vec<(CredentialsMode, EngineOptions)> = Vec::new();
            for &c in &candidates {
                order.push((c, default));
                if asks_authorization {
                    order.push((c, strict));
                }
            }
            let mut found = None;
            for (c, o) in order {
                let v = if o == default {
                    tried
                        .iter()
                        .find(|(tc, _, _)| *tc == c)
                        .map(|t| t.2.clone())
                } else {
                    None
                }
                .unwrap_or_else(|| run(capture, chain, &spec_for(c), &targets, o, None));
                if matches!(v.outcome, Outcome::Blocked(_)) {
                    strict_authorization = o == strict;
                    tried.push((c, o, v));
                    found = Some(tried.len() - 1);
                    break;
                }
            }
            found
        }
        _ => None,
    };
    if chosen.is_none() && wants_block && last_entry.response.status <= 0 {
        // Blocked without a response: a response replayed from the cache for another origin.
        if let Some(c) = cache_candidate(capture, chain, &origin) {
            for &cred in &candidates {
                let v = run(capture, chain, &spec_for(cred), &targets, default, Some(c));
                if matches!(v.outcome, Outcome::Blocked(_)) {
                    tried.push((cred, default, v));
                    chosen = Some(tried.len() - 1);
                    cached_from = Some(c);
                    source = VerdictSource::Inferred;
                    break;
                }
            }
        }
    }
    let consistent = chosen.is_some();
    let idx = chosen.unwrap_or(0);
    let (cred, _, verdict) = tried[idx].clone();

    let credentials = if cookies_sent {
        Credentials {
            mode: Some(CredentialsMode::Include),
            confidence: Confidence::High,
            because: "cookies were sent".to_string(),
        }
    } else {
        let differ = tried
            .iter()
            .filter(|(_, o, _)| *o == default)
            .map(|(_, _, v)| &v.outcome)
            .collect::<Vec<_>>();
        let matters = differ.windows(2).any(|w| w[0] != w[1]);
        if matters && consistent && recorded != Recorded::Nothing {
            Credentials {
                mode: Some(cred),
                confidence: Confidence::High,
                because: "only this credentials mode reproduces the recorded outcome".to_string(),
            }
        } else if ctx.sanitized {
            Credentials {
                mode: None,
                confidence: Confidence::Low,
                because: "the export is sanitized (cookies and Authorization removed): credentials cannot be seen"
                    .to_string(),
            }
        } else {
            let acac = chain.hops.iter().any(|h| {
                entries[h.entry]
                    .response
                    .headers
                    .get("access-control-allow-credentials")
                    == Some("true")
            });
            Credentials {
                mode: Some(cred),
                confidence: if acac {
                    Confidence::Low
                } else {
                    Confidence::Medium
                },
                because: "no cookies were sent".to_string(),
            }
        }
    };
    let spec = spec_for(cred);

    let mut judged = Judged {
        chain: chain.clone(),
        spec,
        verdict: verdict.clone(),
        recorded: recorded.clone(),
        source,
        blocked: false,
        policy: None,
        failed: None,
        cors_error: None,
        failed_parameter: None,
        credentials,
        cached_from,
        disagreement: None,
        strict_authorization,
    };

    // Policy blocks and network failures come before CORS.
    let url = first.request.url.as_ref();
    let mixed = chain
        .hops
        .iter()
        .any(|h| is_mixed_content(&origin, &entries[h.entry].request.url));
    // A mixed request that got a response was allowed (or auto-upgraded): only one that never
    // got one was blocked.
    let not_delivered = matches!(
        recorded,
        Recorded::EmptyError | Recorded::ErrFailed | Recorded::NotSentAfterPreflight
    ) || last_entry.response.status <= 0;
    if mixed && not_delivered {
        judged.blocked = true;
        judged.policy = Some(Policy::MixedContent);
        return judged;
    }
    if let Recorded::NetError(err) = &recorded {
        if err == "net::ERR_ABORTED" {
            // The page or the browser dropped the load (an opaque body nobody reads, a
            // navigation): not a failure.
            return judged;
        }
        if err.contains("LOCAL_NETWORK") || err.contains("PRIVATE_NETWORK") {
            judged.blocked = true;
            judged.policy = Some(Policy::LocalNetworkAccess);
        } else {
            judged.failed = Some(err.clone());
        }
        return judged;
    }
    if !is_http_scheme(url) && mode == RequestMode::Cors && !consistent {
        judged.failed = Some("unsupported scheme".to_string());
        return judged;
    }

    match (&recorded, &verdict.outcome) {
        (Recorded::Ok, Outcome::Blocked(f)) if !consistent => {
            judged.disagreement = Some(format!(
                "the engine predicted {} but the browser delivered the response",
                f.error
            ));
        }
        (Recorded::ErrFailed | Recorded::NotSentAfterPreflight, Outcome::Blocked(f)) => {
            set_block(&mut judged, f)
        }
        (Recorded::NotSentAfterPreflight, _) => {
            // Firefox stopped the request at a preflight that passes every check the engine
            // (Chromium's order, the Fetch standard) knows.
            judged.blocked = true;
            judged.disagreement = Some(
                "Firefox did not send the request after its preflight, but the recorded preflight passes every CORS check"
                    .to_string(),
            );
        }
        (Recorded::ErrFailed, _) => {
            // Recorded as blocked; the capture does not show why.
            judged.blocked = true;
            if let Outcome::Allowed = verdict.outcome {
                judged.disagreement = Some(
                    "the browser blocked the request but its recorded headers pass every CORS check"
                        .to_string(),
                );
            }
        }
        (Recorded::Nothing, Outcome::Blocked(f)) => set_block(&mut judged, f),
        (Recorded::Nothing, Outcome::Failed(e)) | (Recorded::Ok, Outcome::Failed(e)) => {
            judged.failed = Some(e.clone())
        }
        (Recorded::Nothing, Outcome::Incomplete) if last_entry.response.status <= 0 => {
            judged.failed = Some(if never_sent(capture.producer, last_entry) {
                NOT_SENT.to_string()
            } else {
                NO_RESPONSE.to_string()
            });
        }
        (Recorded::EmptyError, _) => {
            judged.failed = Some("request not sent (no error recorded)".to_string());
        }
        _ => {}
    }
    judged
}

/// The failure of a request with no response whose capture records no error.
pub const NO_RESPONSE: &str = "no response recorded";

/// The failure recorded for a request the browser stopped before the network.
pub const NOT_SENT: &str = "not sent by the browser";

/// Firefox keeps an entry for a request it stopped before the network (an extension or a
/// blocking rule, a `'same-origin'` request mode …): no response, no response size
/// (`bodySize: -1`, `headersSize: 0`), no time. A refused connection has sizes of 0.
fn never_sent(producer: Producer, e: &Entry<'_>) -> bool {
    producer == Producer::Firefox
        && e.response.status <= 0
        && e.response.body_size < 0
        && e.response.headers_size <= 0
        && e.response.headers.is_empty()
}

fn set_block(j: &mut Judged, f: &Failure) {
    j.blocked = true;
    j.cors_error = Some(f.error);
    j.failed_parameter = f.failed_parameter.clone();
}

/// Whether a chain belongs in the report: cross-origin, or failed, or blocked.
pub fn reportable(j: &Judged) -> bool {
    j.blocked || j.failed.is_some() || j.is_cross_origin() && j.spec.mode != RequestMode::Navigate
}

/// The page origin of an entry for messages, `null` when unknown.
pub fn origin_label(j: &Judged) -> String {
    j.chain
        .origin
        .clone()
        .unwrap_or_else(|| origin_of(&j.spec.url))
}
