//! The analysis of one loaded HAR: chains → verdicts (with the console lines that report them)
//! → findings → request reports, streamed in chunks.

use super::{
    ConsoleLineSource, HopReport, InputReport, Options, PreflightReport, RequestReport, VerdictKind,
};
use crate::capture::console::ConsoleLog;
use crate::fetch::engine::Stage;
use crate::fetch::CorsError;
use crate::judge::{judge, reportable, JudgeContext, Judged};
use crate::model::{Capture, Producer};
use crate::rules::{self, CaptureIndex};
use crate::trace::build_chains;
use rayon::prelude::*;

/// CORS-relevant headers of a response, in recorded order (duplicates kept).
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

fn preflight_report(pe: &crate::model::Entry<'_>) -> PreflightReport {
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
}

fn chain_report(capture: &Capture<'_>, j: &Judged) -> Vec<HopReport> {
    j.chain
        .hops
        .iter()
        .map(|h| {
            let e = &capture.entries[h.entry];
            // A lone preflight's hop is the request it was for, of which nothing was seen.
            let seen = !j.chain.lone_preflight;
            HopReport {
                entry: e.index,
                method: if seen {
                    e.request.method.to_string()
                } else {
                    j.spec.method.clone()
                },
                url: e.request.url.to_string(),
                status: if seen { e.response.status } else { 0 },
                headers: if seen {
                    cors_headers(&e.response.headers)
                } else {
                    Vec::new()
                },
                redirect_to: crate::trace::redirect_target(e).filter(|_| seen),
                internal_redirect: h.internal_redirect,
                error: e
                    .response
                    .error
                    .as_ref()
                    .filter(|s| !s.is_empty())
                    .map(|s| s.to_string()),
                preflight: h.preflight.map(|p| preflight_report(&capture.entries[p])),
            }
        })
        .collect()
}

fn request_report(
    input: usize,
    capture: &Capture<'_>,
    index: &CaptureIndex<'_, '_>,
    j: &Judged,
    printed: Option<&str>,
) -> RequestReport {
    let first = &capture.entries[j.chain.first()];
    let last = &capture.entries[j.chain.last().entry];
    let (rendered, mut browser_differences) = rendered_console_line(capture, j);
    if capture.producer == Producer::Firefox
        && j.failed().is_some()
        && j.is_cross_origin()
        && j.spec.mode == crate::fetch::RequestMode::Cors
    {
        browser_differences.push(
            "Firefox's console reports this as a CORS failure ('CORS request did not succeed'), but no response arrived, so no CORS check ran: it is a network failure, which Chromium reports as the network error alone".to_string(),
        );
    }
    let (console, console_source) = match (printed, rendered) {
        (Some(p), _) => (Some(p.to_string()), Some(ConsoleLineSource::Printed)),
        (None, Some(r)) => (Some(r), Some(ConsoleLineSource::Rendered)),
        (None, None) => (None, None),
    };
    RequestReport {
        input,
        entry: first.index,
        // A lone preflight stands for the request it was for.
        method: Some(if j.chain.lone_preflight {
            j.spec.method.clone()
        } else {
            first.request.method.to_string()
        }),
        url: first.request.url.to_string(),
        origin: j.chain.origin().map(str::to_string),
        origin_source: j.chain.page.source,
        status: (!j.chain.lone_preflight).then_some(last.response.status),
        verdict: VerdictKind::of(&j.decision),
        blocked: j.blocked(),
        failed: j.failed().map(str::to_string),
        policy: j.policy(),
        cors_error: j.cors_error(),
        failed_parameter: j.failed_parameter().map(str::to_string),
        verdict_source: j.source,
        stage: Some(j.deciding().stage),
        mode: Some(j.spec.mode),
        credentials: j.credentials.clone(),
        disagreement: j.disagreement.clone(),
        evidence: j.evidence.clone(),
        console,
        console_source,
        notes: j
            .notes
            .iter()
            .cloned()
            .chain(j.chain.page.contradicted.iter().map(|u| {
                format!(
                    "--origin {u} is not used: the capture shows the page origin {} ({})",
                    j.chain.page.quoted(),
                    match j.chain.page.source {
                        crate::model::OriginSource::Header => "the request's Origin header",
                        crate::model::OriginSource::Page => "the page the entry belongs to",
                        _ => "the Referer header",
                    }
                )
            }))
            .collect(),
        repro: repro(j),
        browser_differences,
        chain: chain_report(capture, j),
        findings: rules::diagnose(index, j),
    }
}

/// The `curl` commands that show a CORS block's failing answer, from the page's origin.
fn repro(j: &Judged) -> Vec<String> {
    let (Some(_), Some(origin)) = (j.cors_error(), j.chain.origin()) else {
        return Vec::new();
    };
    let preflighted =
        j.chain.hops.iter().any(|h| h.preflight.is_some()) || !j.engine.preflight_needed.is_empty();
    crate::repro::cors_exchange(
        &j.spec.method,
        &j.spec.url,
        origin,
        &j.spec.unsafe_headers,
        preflighted,
    )
}

/// The console line the capture's browser prints for a CORS verdict (Firefox's or Safari's for
/// their captures, Chromium's otherwise), rendered by corsdx, and where Firefox words or
/// decides it differently from Chromium.
fn rendered_console_line(capture: &Capture<'_>, j: &Judged) -> (Option<String>, Vec<String>) {
    use crate::fetch::messages::{render, Engine, MessageInput, ResourceKind};
    let Some(error) = j.cors_error() else {
        return (None, Vec::new());
    };
    let deciding = j.deciding();
    let hop = match deciding.stage {
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
    // Chromium prints `null` for an opaque origin; an unknown one is not printed as a value.
    let origin = j.chain.origin().unwrap_or("?");
    let mut m = MessageInput::new(error, &at.request.url, origin, resource);
    m.failed_parameter = j.failed_parameter();
    // The response that failed the check: the preflight's for a preflight failure.
    let answered = match deciding.stage {
        Stage::Preflight { .. } => &capture.entries[deciding.entry],
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
/// console log, its lines are read as evidence while judging; the returned indexes are the
/// log's events no chain claimed.
pub fn analyze_capture(
    input: usize,
    capture: &Capture<'_>,
    options: &Options,
    console: Option<&ConsoleLog>,
) -> (Vec<RequestReport>, Option<Vec<usize>>) {
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
) -> Result<Option<Vec<usize>>, E> {
    let context = JudgeContext::new(capture);
    let chains = build_chains(capture, options.origin.as_ref());
    let matched = match console {
        Some(log) => crate::join::match_events(capture, &chains, log),
        None => vec![None; chains.len()],
    };
    let event = |m: &Option<usize>| m.and_then(|i| console.and_then(|l| l.events.get(i)));
    let judged: Vec<Judged> = chains
        .par_iter()
        .zip(matched.par_iter())
        .map(|(c, m)| judge(capture, &context, c, event(m)))
        .collect();
    drop(chains);
    let rest = console.map(|log| crate::join::unmatched(log, &matched));
    let index = CaptureIndex::new(capture, &judged);
    let chunk = chunk.max(1);
    for (js, ms) in judged.chunks(chunk).zip(matched.chunks(chunk)) {
        let reports: Vec<RequestReport> = js
            .par_iter()
            .zip(ms.par_iter())
            .filter(|(j, _)| reportable(j))
            .map(|(j, m)| {
                let printed = event(m).map(|e| e.text.as_str());
                request_report(input, capture, &index, j, printed)
            })
            .collect();
        emit(reports)?;
    }
    Ok(rest)
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
        sanitized: match crate::capture::export::sanitization(capture) {
            crate::capture::export::Sanitization::Sanitized { .. } => Some(true),
            crate::capture::export::Sanitization::Complete { .. } => Some(false),
            crate::capture::export::Sanitization::CannotTell => None,
        },
        unrecognized_lines: None,
    }
}
