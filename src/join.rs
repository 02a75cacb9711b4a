//! Console lines and captures together. A console line is the browser's own verdict; a HAR is
//! the evidence. Lines are joined to chains by URL, origin and order: the verdict is confirmed,
//! gaps are filled (a blocked request with status 0 and no headers gets the console's error), and
//! disagreements are reported. A console log alone becomes a capture of its own, rebuilt from
//! what each message says (status, the offending header value), so the same rules explain it.

use crate::capture::console::{ConsoleEvent, ConsoleLog, EventKind};
use crate::fetch::CorsError;
use crate::judge::{Judged, Policy, VerdictSource};
use crate::model::{Capture, Entry, Header, Headers, Producer, Request, Response};
use std::borrow::Cow;

/// Events that describe one request.
fn relevant(e: &ConsoleEvent) -> bool {
    e.url.is_some()
        && matches!(
            e.kind,
            EventKind::Cors
                | EventKind::NetworkError
                | EventKind::MixedContent
                | EventKind::LocalNetworkAccess
        )
}

#[allow(clippy::too_many_arguments)]
fn entry(
    index: usize,
    method: &str,
    url: &str,
    req: Vec<Header<'static>>,
    status: i64,
    resp: Vec<Header<'static>>,
    error: Option<String>,
    resource: Option<&str>,
) -> Entry<'static> {
    Entry {
        index,
        resource_type: resource.map(|r| Cow::Owned(r.to_string())),
        request: Request {
            method: Cow::Owned(method.to_string()),
            url: Cow::Owned(url.to_string()),
            headers: Headers::new(req),
            ..Default::default()
        },
        response: Response {
            status,
            headers: Headers::new(resp),
            error: error.map(Cow::Owned),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn h(n: &str, v: &str) -> Header<'static> {
    Header::new(n.to_string(), v.to_string())
}

/// The response headers a CORS message proves.
fn implied_headers(e: &ConsoleEvent) -> Vec<Header<'static>> {
    use CorsError::*;
    let p = e.failed_parameter.clone().unwrap_or_default();
    let origin = e.origin.clone().unwrap_or_default();
    match e.cors_error.map(CorsError::access_kind) {
        Some(AllowOriginMismatch | InvalidAllowOriginValue | MultipleAllowOriginValues) => {
            vec![h("Access-Control-Allow-Origin", &p)]
        }
        Some(WildcardOriginNotAllowed) => vec![h("Access-Control-Allow-Origin", "*")],
        Some(InvalidAllowCredentials) => {
            let mut v = vec![h("Access-Control-Allow-Origin", &origin)];
            if !p.is_empty() {
                v.push(h("Access-Control-Allow-Credentials", &p));
            }
            v
        }
        _ => Vec::new(),
    }
}

/// A capture rebuilt from the requests a console log talks about, one entry per event (two
/// when the message names a redirect).
pub fn capture_from_console(log: &ConsoleLog) -> (Capture<'static>, Vec<(usize, usize)>) {
    let mut entries = Vec::new();
    let mut event_of_chain = Vec::new();
    for (i, e) in log.events.iter().enumerate() {
        if !relevant(e) {
            continue;
        }
        let url = e.url.clone().unwrap_or_default();
        let method = e.method.clone().unwrap_or_else(|| "GET".into());
        let mut req = Vec::new();
        if let Some(o) = &e.origin {
            req.push(h("Origin", o));
        }
        let resource = match e.resource.as_deref() {
            Some("fetch") | Some("Fetch API") => Some("fetch"),
            Some("XMLHttpRequest") | Some("xhr") => Some("xhr"),
            _ => Some("fetch"),
        };
        let error = match e.kind {
            EventKind::Cors | EventKind::LocalNetworkAccess => Some("net::ERR_FAILED".to_string()),
            EventKind::MixedContent => Some(String::new()),
            _ => e
                .net_error
                .clone()
                .or_else(|| Some("net::ERR_FAILED".into())),
        };
        let first = entries.len();
        if let Some(from) = &e.redirected_from {
            let mut resp = vec![h("Location", &url)];
            if let Some(o) = &e.origin {
                resp.push(h("Access-Control-Allow-Origin", o));
            }
            entries.push(entry(
                first,
                &method,
                from,
                req.clone(),
                302,
                resp,
                None,
                resource,
            ));
        }
        let preflight_error = e.cors_error.is_some_and(CorsError::is_preflight_error);
        let status = if preflight_error {
            0
        } else {
            e.status.map(i64::from).unwrap_or(0)
        };
        let headers = if preflight_error {
            Vec::new()
        } else {
            implied_headers(e)
        };
        let at = entries.len();
        entries.push(entry(
            at, &method, &url, req, status, headers, error, resource,
        ));
        event_of_chain.push((first, i));
    }
    let capture = Capture {
        creator: Cow::Borrowed("console"),
        producer: Producer::Chromium,
        entries,
        ..Default::default()
    };
    (capture, event_of_chain)
}

/// Applies a console event to a judged chain: the console's verdict wins over the capture's
/// silence; a contradiction is kept as a disagreement.
pub fn apply(j: &mut Judged, e: &ConsoleEvent) {
    match e.kind {
        EventKind::MixedContent => {
            j.blocked = true;
            j.policy = Some(Policy::MixedContent);
            j.failed = None;
        }
        EventKind::LocalNetworkAccess => {
            j.blocked = true;
            j.policy = Some(Policy::LocalNetworkAccess);
            j.cors_error = e.cors_error;
        }
        // A network error the console names is more than a capture's bare "no response".
        EventKind::NetworkError
            if !j.blocked
                && (j.failed.is_none()
                    || j.failed.as_deref() == Some(crate::judge::NO_RESPONSE)) =>
        {
            j.failed = e
                .net_error
                .clone()
                .or_else(|| Some("no response (console)".into()));
        }
        EventKind::Cors => {
            let Some(err) = e.cors_error else {
                // Safari's generic "due to access control checks": blocked, reason unknown.
                j.blocked = true;
                return;
            };
            if j.cors_error == Some(err) {
                if j.failed_parameter.is_none() {
                    j.failed_parameter = e.failed_parameter.clone();
                }
                j.blocked = true;
                return;
            }
            if let Some(mine) = j.cors_error {
                j.disagreement = Some(format!(
                    "the console reports {err}{}, the capture's headers give {mine}",
                    e.failed_parameter
                        .as_deref()
                        .map(|p| format!(" ('{p}')"))
                        .unwrap_or_default()
                ));
            } else if !j.blocked {
                j.disagreement = Some(format!(
                    "the console reports {err}; the capture alone shows no block"
                ));
            }
            j.blocked = true;
            j.failed = None;
            j.cors_error = Some(err);
            j.failed_parameter = e.failed_parameter.clone();
            j.source = VerdictSource::Console;
        }
        _ => {}
    }
}

/// Which console event (by index) belongs to each judged chain, in order: same first or last URL,
/// same origin when both are known, each event used once.
pub fn match_events(
    capture: &Capture<'_>,
    judged: &[Judged],
    log: &ConsoleLog,
) -> Vec<Option<usize>> {
    let mut used = vec![false; log.events.len()];
    judged
        .iter()
        .map(|j| {
            let first = capture.entries[j.chain.first()].request.url.as_ref();
            let last = capture.entries[j.chain.last().entry].request.url.as_ref();
            let found = log.events.iter().enumerate().position(|(i, e)| {
                !used[i]
                    && relevant(e)
                    && (e.first_url() == Some(first) || e.url.as_deref() == Some(last))
                    && match (&e.origin, &j.chain.origin) {
                        (Some(a), Some(b)) => a == b,
                        _ => true,
                    }
            });
            if let Some(i) = found {
                used[i] = true;
            }
            found
        })
        .collect()
}

/// Events no chain claimed: requests the capture does not hold (Safari's missing failed entries,
/// requests refused before they existed).
pub fn unmatched(log: &ConsoleLog, matched: &[Option<usize>]) -> ConsoleLog {
    let mut used = vec![false; log.events.len()];
    for i in matched.iter().flatten() {
        used[*i] = true;
    }
    ConsoleLog {
        events: log
            .events
            .iter()
            .enumerate()
            .filter(|(i, e)| !used[*i] && relevant(e))
            .map(|(_, e)| e.clone())
            .collect(),
        unrecognized: 0,
        lines: log.lines,
    }
}
