//! Entries from the folded requests, shaped as a Chromium DevTools HAR shapes them, so the rest
//! of the pipeline reads a NetLog as it reads a HAR: one entry per redirect hop, the preflight
//! listed after its request (`_resourceType: preflight`, initiator URL), a request stopped at its
//! preflight kept as an entry with status 0 and the error, what only the log records (the
//! CorsError, a preflight-cache hit) in [`LogRecord`].

use super::constants::Constants;
use super::events::{pairs, Cors, Job, Request};
use super::numbering::{cors_error_name, major_of};
use crate::model::{Entry, Headers, LogRecord, LoggedCorsError, Page};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

fn headers(pairs: Vec<(String, String)>) -> Headers<'static> {
    Headers::from_pairs(pairs)
}

/// `HTTP/1.1 204 No Content` → (version, status, text).
fn status_line(line: &str) -> (String, i64, String) {
    let mut parts = line.splitn(3, ' ');
    let version = parts.next().unwrap_or_default().to_string();
    let status = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let text = parts.next().unwrap_or_default().trim().to_string();
    (version, status, text)
}

/// The epoch milliseconds of a log time, and its ISO 8601 form.
fn started(c: &Constants, time: Option<f64>) -> (Cow<'static, str>, Option<f64>) {
    let Some(ms) = time.zip(c.time_tick_offset).map(|(t, o)| t + o) else {
        return (Cow::Borrowed(""), None);
    };
    let iso = chrono::DateTime::from_timestamp_millis(ms as i64)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default();
    (Cow::Owned(iso), Some(ms))
}

fn job_entry(c: &Constants, job: Job) -> Entry<'static> {
    let (started, started_ms) = started(c, job.time);
    let mut e = Entry {
        started,
        started_ms,
        time_ms: job
            .end_time
            .zip(job.time)
            .map(|(b, a)| (b - a).max(0.0))
            .unwrap_or(0.0),
        ..Entry::default()
    };
    e.request.method = Cow::Owned(job.method);
    e.request.url = Cow::Owned(job.url);
    e.request.headers = headers(job.request_headers);
    if let Some(lines) = &job.response {
        let (version, status, text) = lines.first().map(|l| status_line(l)).unwrap_or_default();
        e.response.status = status;
        e.response.status_text = Cow::Owned(text);
        e.response.http_version = Cow::Owned(version);
        e.response.headers = headers(pairs(lines.get(1..).unwrap_or_default()));
        e.request.http_version = e.response.http_version.clone();
    }
    if let Some(l) = job.location {
        e.response.redirect_url = Cow::Owned(l);
    }
    if job.from_cache {
        e.from_cache = Some(Cow::Borrowed("disk"));
    }
    e
}

fn logged(c: &Constants, number: i64) -> LoggedCorsError {
    let major = c.version.as_deref().and_then(major_of);
    LoggedCorsError {
        number,
        name: cors_error_name(major, number),
        version: c.version.clone(),
    }
}

/// The entry of a CORS request whose URL request never started (stopped at its preflight).
fn unsent_entry(c: &Constants, cors: &mut Cors) -> Entry<'static> {
    let (started, started_ms) = started(c, cors.time);
    let mut e = Entry {
        started,
        started_ms,
        ..Entry::default()
    };
    e.request.method = Cow::Owned(std::mem::take(&mut cors.method));
    e.request.url = Cow::Owned(std::mem::take(&mut cors.url));
    e.request.headers = headers(std::mem::take(&mut cors.headers));
    e
}

/// The entries of one request (its hops), with its end recorded on the last.
fn request_entries(c: &Constants, mut r: Request, stripped: bool) -> Vec<Entry<'static>> {
    let dropped = r.jobs.last().is_some_and(Job::dropped);
    let jobs = std::mem::take(&mut r.jobs);
    let mut out: Vec<Entry<'static>> = jobs.into_iter().map(|j| job_entry(c, j)).collect();
    if out.is_empty() {
        match r.cors.as_mut() {
            Some(cors) => out.push(unsent_entry(c, cors)),
            None => return out,
        }
    }
    let error = r.net_error.map(|n| c.net_error(n)).or_else(|| {
        r.cors
            .as_ref()
            .and_then(|x| x.error.as_ref())
            .map(|e| format!("net::{e}"))
    });
    let navigation = r.is_navigation();
    let record = LogRecord {
        cors_error: r
            .cors
            .as_ref()
            .and_then(|x| x.cors_error)
            .map(|n| logged(c, n)),
        preflight_cache: r.cors.as_ref().and_then(|x| x.preflight_cache.clone()),
        headers_stripped: stripped,
        dropped_after_headers: r.done && error.is_none() && dropped,
        unfinished: !r.done,
    };
    for e in out.iter_mut() {
        if navigation {
            e.resource_type = Some(Cow::Borrowed("document"));
        }
        // The origin that started the load (`URL_REQUEST_START_JOB`'s `initiator`) stands for
        // the page: the log keeps no page list.
        e.pageref = r.initiator.clone().map(Cow::Owned);
    }
    if let Some(last) = out.last_mut() {
        // A response the loader dropped belongs to a CORS-mode load (no-cors responses are
        // handed over opaque). A cached one has no request headers to say the mode by; the log
        // does not tell fetch() from XMLHttpRequest, `fetch` stands for both.
        if record.dropped_after_headers && !last.request.headers.contains("sec-fetch-mode") {
            last.resource_type = Some(Cow::Borrowed("fetch"));
        }
        last.response.error = error.map(Cow::Owned);
        if record != LogRecord::default() {
            last.log = Some(Box::new(record));
        }
    }
    out
}

/// The entries of a preflight request, marked as DevTools marks preflights.
fn preflight_entries(c: &Constants, r: Request, stripped: bool) -> Vec<Entry<'static>> {
    let mut out = request_entries(c, r, stripped);
    for e in out.iter_mut() {
        e.resource_type = Some(Cow::Borrowed("preflight"));
        e.initiator_type = Some(Cow::Borrowed("preflight"));
        e.initiator_url = Some(e.request.url.clone());
        e.log = None;
    }
    out
}

/// One page per initiator origin the entries name (in order of first use).
pub fn pages(entries: &[Entry<'static>]) -> Vec<Page<'static>> {
    let mut seen = std::collections::HashSet::new();
    entries
        .iter()
        .filter_map(|e| e.pageref.clone())
        .filter(|p| seen.insert(p.clone()))
        .map(|p| Page {
            id: p.clone(),
            title: p,
            started: Cow::Borrowed(""),
        })
        .collect()
}

/// Every entry, in the order the requests began; each preflight right after its request.
pub fn entries(c: &Constants, requests: Vec<Request>, stripped: bool) -> Vec<Entry<'static>> {
    let preflight_ids: HashSet<u64> = requests
        .iter()
        .filter_map(|r| r.cors.as_ref())
        .flat_map(|x| x.preflights.iter().copied())
        .collect();
    // Requests are moved into their entries, so the log's strings are not held twice.
    let (preflights, requests): (Vec<Request>, Vec<Request>) = requests
        .into_iter()
        .partition(|r| preflight_ids.contains(&r.id));
    let mut preflights: HashMap<u64, Request> = preflights.into_iter().map(|r| (r.id, r)).collect();
    let mut out = Vec::new();
    for r in requests {
        let ids: Vec<u64> = r.cors.iter().flat_map(|x| x.preflights.clone()).collect();
        out.extend(request_entries(c, r, stripped));
        for p in ids {
            if let Some(pr) = preflights.remove(&p) {
                out.extend(preflight_entries(c, pr, stripped));
            }
        }
    }
    for (i, e) in out.iter_mut().enumerate() {
        e.index = i;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines() {
        assert_eq!(
            status_line("HTTP/1.1 204 No Content"),
            ("HTTP/1.1".into(), 204, "No Content".into())
        );
        assert_eq!(
            status_line("HTTP/2 200"),
            ("HTTP/2".into(), 200, String::new())
        );
        assert_eq!(status_line("garbage"), ("garbage".into(), 0, String::new()));
    }
}
