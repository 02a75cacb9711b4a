//! Folding a NetLog's events into one record per URL request source: the CORS request it
//! carries (URL, headers, the preflight checks, the preflight's source, the CorsError), each
//! job it started (one per redirect hop) with the headers sent and received, and how it ended.

use super::constants::{Constants, Kind};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::HashMap;

const PHASE_BEGIN: u8 = 1;
const PHASE_END: u8 = 2;

/// Traffic annotations of what a page loads (`blink_resource_loader`,
/// `navigation_url_loader`): everything else is the browser's own traffic.
const PAGE_ANNOTATIONS: [u64; 2] = [101_845_102, 63_171_670];
/// `navigation_url_loader`.
const NAVIGATION: u64 = 63_171_670;

#[derive(Deserialize)]
struct RawEvent<'a> {
    #[serde(rename = "type")]
    kind: u64,
    #[serde(default)]
    phase: u8,
    source: RawSource,
    #[serde(borrow, default)]
    time: Option<&'a RawValue>,
    #[serde(borrow, default)]
    params: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct RawSource {
    id: u64,
    #[serde(rename = "type")]
    kind: u64,
}

/// One job of a URL request: a hop of its redirect chain.
#[derive(Debug, Clone, Default)]
pub struct Job {
    pub method: String,
    pub url: String,
    pub request_headers: Vec<(String, String)>,
    /// The status line, then the headers, as `HTTP_TRANSACTION_READ_RESPONSE_HEADERS` lists them.
    pub response: Option<Vec<String>>,
    /// `URL_REQUEST_REDIRECTED`'s `location`.
    pub location: Option<String>,
    pub time: Option<f64>,
    pub end_time: Option<f64>,
    /// The body was read (from the network or the cache).
    pub body_read: bool,
    /// The response came from the HTTP cache.
    pub from_cache: bool,
}

impl Job {
    /// As the last job of a finished request: a response the loader dropped after its headers
    /// without reading its body (or a redirect it did not follow), what Chromium's CORS loader
    /// does when the response fails its check.
    pub fn dropped(&self) -> bool {
        (self.response.is_some() || self.from_cache) && !self.body_read
    }
}

/// What the `CORS_REQUEST` of a source recorded.
#[derive(Debug, Clone, Default)]
pub struct Cors {
    pub url: String,
    pub method: String,
    pub headers: Vec<(String, String)>,
    pub preflight_cache: Option<String>,
    pub preflights: Vec<u64>,
    pub cors_error: Option<i64>,
    pub error: Option<String>,
    pub time: Option<f64>,
}

/// Everything recorded for one URL request source.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub id: u64,
    pub annotation: Option<u64>,
    pub created_by: Option<u64>,
    pub cors: Option<Cors>,
    pub jobs: Vec<Job>,
    pub net_error: Option<i64>,
    pub initiator: Option<String>,
    /// `REQUEST_ALIVE` ended (or the CORS request did).
    pub done: bool,
}

impl Request {
    /// A load of a page rather than the browser's own traffic.
    pub fn is_page_traffic(&self) -> bool {
        match self.annotation {
            Some(a) => PAGE_ANNOTATIONS.contains(&a),
            // Logs without traffic annotations: a page's loads name their initiator.
            None => self.cors.is_some() || self.initiator.is_some(),
        }
    }

    pub fn is_navigation(&self) -> bool {
        self.annotation == Some(NAVIGATION)
    }
}

/// The fold: requests in the order their first event appeared.
#[derive(Debug, Default)]
pub struct Fold {
    pub requests: Vec<Request>,
    index: HashMap<u64, usize>,
    /// Requests of the browser's own traffic dropped as they ended.
    pub background: usize,
    pub keep_background: bool,
    /// Events that could not be read (not an event object).
    pub unreadable: usize,
    /// Header lists the capture mode left out.
    pub saw_headers: bool,
}

#[derive(Deserialize, Default)]
struct Params<'a> {
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    initiator: Option<String>,
    #[serde(default)]
    traffic_annotation: Option<u64>,
    #[serde(default)]
    net_error: Option<i64>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default, rename = "cors-error")]
    cors_error: Option<i64>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default, borrow)]
    headers: Option<&'a RawValue>,
    #[serde(default, borrow)]
    request_headers: Option<&'a RawValue>,
    #[serde(default)]
    source_dependency: Option<RawSource>,
}

/// Header lines as a NetLog writes them (`"Name: value"` strings, or a `{"headers": […],
/// "line": …}` object), the first line kept when it is a status or request line.
fn header_lines(v: &RawValue) -> Vec<String> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Lines {
        List(Vec<String>),
        Object { headers: Vec<String> },
    }
    match serde_json::from_str::<Lines>(v.get()) {
        Ok(Lines::List(l)) | Ok(Lines::Object { headers: l }) => l,
        Err(_) => Vec::new(),
    }
}

/// `"Name: value"` lines as pairs (lines without a colon are left out).
pub fn pairs(lines: &[String]) -> Vec<(String, String)> {
    lines
        .iter()
        .filter_map(|l| {
            let (n, v) = l.split_once(':')?;
            // HTTP/2 pseudo headers (`:method: GET`) keep their leading colon.
            let (n, v) = if n.is_empty() {
                let (n2, v2) = v.split_once(':')?;
                (format!(":{n2}"), v2)
            } else {
                (n.to_string(), v)
            };
            Some((n, v.trim().to_string()))
        })
        .collect()
}

fn time_of(v: Option<&RawValue>) -> Option<f64> {
    let s = v?.get().trim_matches('"');
    s.parse().ok()
}

impl Fold {
    pub fn new(keep_background: bool) -> Self {
        Fold {
            keep_background,
            ..Fold::default()
        }
    }

    fn request(&mut self, id: u64) -> &mut Request {
        let i = *self.index.entry(id).or_insert_with(|| {
            self.requests.push(Request {
                id,
                ..Request::default()
            });
            self.requests.len() - 1
        });
        &mut self.requests[i]
    }

    /// Folds one event's bytes in.
    pub fn event(&mut self, c: &Constants, bytes: &[u8]) {
        let Ok(e) = serde_json::from_slice::<RawEvent<'_>>(bytes) else {
            self.unreadable += 1;
            return;
        };
        if Some(e.source.kind) != c.url_request {
            return;
        }
        let Some(kind) = c.kind(e.kind) else {
            return;
        };
        let params = e
            .params
            .and_then(|p| serde_json::from_str::<Params<'_>>(p.get()).ok());
        let time = time_of(e.time);
        self.apply(kind, e.phase, e.source.id, time, params);
    }

    fn apply(&mut self, kind: Kind, phase: u8, id: u64, time: Option<f64>, p: Option<Params<'_>>) {
        if !self.index.contains_key(&id) && !matches!(kind, Kind::RequestAlive | Kind::CorsRequest)
        {
            // A request whose beginning is not in the log (started before the capture).
            return;
        }
        let p = p.unwrap_or_default();
        if p.headers.is_some() || p.request_headers.is_some() {
            self.saw_headers = true;
        }
        let r = self.request(id);
        match kind {
            Kind::RequestAlive if phase == PHASE_BEGIN => {
                r.annotation = r.annotation.or(p.traffic_annotation);
            }
            Kind::RequestAlive if phase == PHASE_END => {
                r.net_error = r.net_error.or(p.net_error.filter(|n| *n != 0));
                r.done = true;
                self.drop_if_background(id);
            }
            Kind::CreatedBy => r.created_by = p.source_dependency.map(|s| s.id),
            Kind::Failed => r.net_error = r.net_error.or(p.net_error),
            Kind::CorsRequest => cors_event(r, phase, time, p),
            Kind::PreflightCache => {
                if let Some(cors) = r.cors.as_mut() {
                    cors.preflight_cache = p.status;
                }
            }
            Kind::PreflightUrlRequest => {
                if let (Some(cors), Some(s)) = (r.cors.as_mut(), p.source_dependency) {
                    cors.preflights.push(s.id);
                }
            }
            Kind::PreflightError => {
                if let Some(cors) = r.cors.as_mut() {
                    cors.cors_error = p.cors_error.or(cors.cors_error);
                    cors.error = p.error.or(cors.error.take());
                }
            }
            _ => job_event(r, kind, phase, time, p),
        }
    }

    /// Forgets a finished request of the browser's own traffic (unless asked to keep it), so
    /// that a long log's background traffic does not pile up in memory.
    fn drop_if_background(&mut self, id: u64) {
        if self.keep_background {
            return;
        }
        let Some(&i) = self.index.get(&id) else {
            return;
        };
        let Some(r) = self.requests.get(i) else {
            return;
        };
        if r.is_page_traffic() || r.created_by.is_some() {
            return;
        }
        self.background += 1;
        // Keep the slot (indexes stay valid); free what it held.
        if let Some(r) = self.requests.get_mut(i) {
            *r = Request {
                id,
                annotation: r.annotation,
                done: true,
                ..Request::default()
            };
        }
    }
}

/// The events of a request's current job (redirect hop).
fn job_event(r: &mut Request, kind: Kind, phase: u8, time: Option<f64>, p: Params<'_>) {
    if kind == Kind::StartJob && phase == PHASE_BEGIN {
        r.initiator = r.initiator.take().or(p.initiator);
        r.jobs.push(Job {
            method: p.method.unwrap_or_default(),
            url: p.url.unwrap_or_default(),
            time,
            ..Job::default()
        });
        return;
    }
    let Some(j) = r.jobs.last_mut() else {
        return;
    };
    match kind {
        Kind::StartJob if phase == PHASE_END => j.end_time = time,
        Kind::SendHeaders => {
            if let Some(h) = p.headers {
                j.request_headers = pairs(&header_lines(h));
            }
        }
        Kind::ReadResponseHeaders | Kind::FakeResponseHeaders => {
            if let Some(h) = p.headers {
                j.response = Some(header_lines(h));
            }
        }
        Kind::Redirected => j.location = p.location,
        Kind::ReadBody => j.body_read = true,
        Kind::CacheReadInfo => j.from_cache = true,
        _ => {}
    }
}

fn cors_event(r: &mut Request, phase: u8, time: Option<f64>, p: Params<'_>) {
    if phase == PHASE_BEGIN {
        let lines = p.request_headers.map(header_lines).unwrap_or_default();
        let method = p
            .request_headers
            .and_then(|h| {
                #[derive(Deserialize)]
                struct Line {
                    line: String,
                }
                serde_json::from_str::<Line>(h.get()).ok()
            })
            .and_then(|l| l.line.split_whitespace().next().map(str::to_string));
        r.cors = Some(Cors {
            url: p.url.unwrap_or_default(),
            method: method.or(p.method).unwrap_or_default(),
            headers: pairs(&lines),
            time,
            ..Cors::default()
        });
    } else if phase == PHASE_END {
        r.net_error = r.net_error.or(p.net_error.filter(|n| *n != 0));
        r.done = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines_in_both_shapes() {
        let v = serde_json::from_str::<&RawValue>(r#"["HTTP/1.1 204 No Content","A: b"]"#).unwrap();
        assert_eq!(header_lines(v), vec!["HTTP/1.1 204 No Content", "A: b"]);
        let v = serde_json::from_str::<&RawValue>(
            r#"{"headers":["X: 1"],"line":"PUT / HTTP/1.1\r\n"}"#,
        )
        .unwrap();
        assert_eq!(pairs(&header_lines(v)), vec![("X".into(), "1".into())]);
        let v = serde_json::from_str::<&RawValue>("3").unwrap();
        assert!(header_lines(v).is_empty());
        assert_eq!(
            pairs(&[
                ":method: GET".into(),
                "HTTP/1.1 200 OK".into(),
                "A:b: c".into()
            ]),
            vec![
                (":method".into(), "GET".into()),
                ("A".into(), "b: c".into())
            ]
        );
    }
}
