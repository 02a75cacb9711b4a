//! `corsdx probe`: sends what Chromium would send for a `fetch()` from a page origin — the
//! preflight when the request is not simple, then the request, following redirects as `cors`
//! mode does — records the exchange as a HAR and diagnoses that HAR with the same entry point as
//! `corsdx analyze`, so both agree by construction.
//!
//! The walk is decided by the engine itself ([`crate::fetch::engine::evaluate`] on the hops
//! so far): the request is not sent when its preflight fails, a redirect is followed only when
//! the engine would follow it, and no more than [`REDIRECT_LIMIT`] are followed.

pub mod audit;
pub mod har;
pub mod http;
pub mod request;

use crate::analyze::{Options, Report};
use crate::fetch::check::CredentialsMode;
use crate::fetch::engine::{
    evaluate, needs_preflight, HopInput, Observed, Outcome, RequestMode, RequestSpec, Stage,
    Verdict, REDIRECT_LIMIT,
};
use crate::model::origin::{normalize_origin, resolve, same_origin};
use crate::model::Headers;
use http::{Client, Exchange, Transport};
use request::{CurlTls, PageRequest};

/// What to probe (plain options; the command line lives in `cli.rs`).
#[derive(Debug, Clone)]
pub struct ProbeOptions {
    pub url: String,
    pub origin: String,
    pub method: String,
    /// `NAME[:VALUE]` as given.
    pub headers: Vec<String>,
    pub credentials: bool,
    /// Send the request without its preflight (as when the preflight is cached).
    pub no_preflight: bool,
    pub transport: Transport,
}

/// A failure that ends the command with exit status 2.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Header(#[from] request::HeaderError),
    #[error(transparent)]
    Transport(#[from] http::TransportError),
    #[error(transparent)]
    Library(#[from] crate::Error),
    #[error("{path}: {source}")]
    Output {
        path: String,
        source: std::io::Error,
    },
}

/// A finished probe: every exchange in the order sent (preflights before their request).
#[derive(Debug, Clone)]
pub struct Probe {
    pub page: PageRequest,
    pub exchanges: Vec<Exchange>,
}

/// `--timeout S` as a duration: positive, at most an hour.
pub fn timeout(seconds: f64) -> Result<std::time::Duration, Error> {
    if seconds.is_finite() && seconds > 0.0 && seconds <= 3600.0 {
        Ok(std::time::Duration::from_secs_f64(seconds))
    } else {
        Err(Error::Usage(format!(
            "--timeout {seconds}: expected seconds, more than 0 and at most 3600"
        )))
    }
}

/// A method is an HTTP token.
pub fn check_method(method: &str) -> Result<(), Error> {
    if method.is_empty() || !crate::fetch::safelist::is_token(method) {
        return Err(Error::Usage(format!("--method '{method}' is not a method")));
    }
    Ok(())
}

/// Parses `--resolve HOST:PORT:ADDR` entries.
pub fn resolve_entries(specs: &[String]) -> Result<Vec<http::Resolve>, Error> {
    specs
        .iter()
        .map(|s| {
            http::Resolve::parse(s).ok_or_else(|| {
                Error::Usage(format!(
                    "--resolve '{s}': expected HOST:PORT:ADDR (e.g. api.example.com:443:127.0.0.1)"
                ))
            })
        })
        .collect()
}

/// Checks the URL and the origin: `http(s)://` URL, serialized origin.
pub fn validate(url: &str, origin: &str) -> Result<String, Error> {
    let u = url::Url::parse(url).map_err(|e| Error::Usage(format!("URL '{url}': {e}")))?;
    if !matches!(u.scheme(), "http" | "https") {
        return Err(Error::Usage(format!(
            "URL '{url}': only http and https can be probed"
        )));
    }
    if !u.username().is_empty() || u.password().is_some() {
        return Err(Error::Usage(format!(
            "URL '{url}': fetch() refuses a URL with credentials (user:password@)"
        )));
    }
    normalize_origin(origin).ok_or_else(|| {
        Error::Usage(format!(
            "--origin '{origin}' is not an origin (expected scheme://host[:port])"
        ))
    })
}

fn owned_headers(pairs: &[(String, String)]) -> Headers<'static> {
    Headers::from_pairs(pairs.iter().map(|(n, v)| (n.clone(), v.clone())))
}

/// One hop as sent: the exchange index of its preflight and of its request.
#[derive(Debug, Clone, Copy)]
struct SentHop {
    preflight: Option<usize>,
    request: usize,
}

/// The engine's verdict on the hops sent so far.
fn verdict_so_far(spec: &RequestSpec, exchanges: &[Exchange], hops: &[SentHop]) -> Verdict {
    let received: Vec<Option<(u16, Headers<'static>, Option<String>)>> = exchanges
        .iter()
        .map(|x| match &x.outcome {
            Some(Ok(r)) => {
                let location = (300..400)
                    .contains(&r.status)
                    .then(|| {
                        r.headers
                            .iter()
                            .find(|(n, _)| n.eq_ignore_ascii_case("location"))
                            .and_then(|(_, v)| resolve(&x.request.url, v))
                    })
                    .flatten();
                Some((r.status, owned_headers(&r.headers), location))
            }
            _ => None,
        })
        .collect();
    let observed = |i: usize| {
        received[i].as_ref().map(|(s, h, l)| Observed {
            status: i64::from(*s),
            headers: h,
            location: l.as_deref(),
        })
    };
    let inputs: Vec<HopInput> = hops
        .iter()
        .map(|h| HopInput {
            url: &exchanges[h.request].request.url,
            preflight: h.preflight.and_then(observed),
            response: observed(h.request),
        })
        .collect();
    evaluate(spec, &inputs, Default::default())
}

/// Sends the exchange: at most `REDIRECT_LIMIT + 1` hops, each at most a preflight and a
/// request, each bounded by the transport's timeout; no retry.
pub fn run_exchange(client: &Client, page: &PageRequest, no_preflight: bool) -> Probe {
    let spec = RequestSpec {
        method: page.method.clone(),
        url: page.url.clone(),
        origin: page.origin.clone(),
        mode: RequestMode::Cors,
        credentials: if page.cookie.is_some() {
            CredentialsMode::Include
        } else {
            CredentialsMode::SameOrigin
        },
        unsafe_headers: page.unsafe_headers(),
    };
    let mut exchanges: Vec<Exchange> = Vec::new();
    let mut hops: Vec<SentHop> = Vec::new();
    let mut url = page.url.clone();
    let mut method = page.method.clone();
    let mut unsafe_headers = spec.unsafe_headers.clone();
    let mut dropped_body_headers = false;
    let mut tainted = false;
    let mut cors_flag = false;
    for hop in 0..=REDIRECT_LIMIT {
        let origin_now = if tainted {
            "null"
        } else {
            page.origin.as_str()
        };
        cors_flag |= !same_origin(&url, &page.origin);
        let actual = request::actual(page, &url, &method, origin_now, dropped_body_headers);
        if crate::judge::request::is_mixed_content(&page.origin, &url) {
            // Chromium blocks an https page's request to an http URL before sending it.
            exchanges.push(not_sent(&actual));
            break;
        }
        let mut preflight = None;
        if cors_flag && needs_preflight(&method, &unsafe_headers) && !no_preflight {
            let x = client.send(&request::preflight(
                &url,
                origin_now,
                &method,
                &unsafe_headers,
            ));
            let failed = matches!(x.outcome, Some(Err(_)));
            exchanges.push(x);
            preflight = Some(exchanges.len() - 1);
            let stop = failed || {
                let mut sent = hops.clone();
                // The request's own slot is not sent yet: a placeholder with no response.
                exchanges.push(not_sent(&actual));
                sent.push(SentHop {
                    preflight,
                    request: exchanges.len() - 1,
                });
                let v = verdict_so_far(&spec, &exchanges, &sent);
                exchanges.pop();
                matches!(
                    (&v.outcome, v.stage),
                    (Outcome::Blocked(_), Stage::Preflight { hop: h }) if h == hop
                )
            };
            if stop {
                // The browser never sends the request: recorded with no response.
                exchanges.push(not_sent(&actual));
                break;
            }
        }
        let x = client.send(&actual);
        let redirect = match &x.outcome {
            Some(Ok(r)) if (300..400).contains(&r.status) => Some(r.status),
            _ => None,
        };
        exchanges.push(x);
        hops.push(SentHop {
            preflight,
            request: exchanges.len() - 1,
        });
        let Some(status) = redirect else { break };
        let v = verdict_so_far(&spec, &exchanges, &hops);
        if v.outcome != Outcome::Incomplete {
            break;
        }
        // Followed as the engine followed it: the next hop's URL, method and origin.
        let target = exchanges
            .last()
            .and_then(|x| match &x.outcome {
                Some(Ok(r)) => r
                    .headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case("location"))
                    .and_then(|(_, l)| resolve(&url, l)),
                _ => None,
            })
            .filter(|t| t.starts_with("http://") || t.starts_with("https://"));
        let Some(target) = target else { break };
        if (status == 303 && method != "HEAD") || (matches!(status, 301 | 302) && method == "POST")
        {
            method = "GET".to_string();
            dropped_body_headers = true;
            unsafe_headers.retain(|h| {
                ![
                    "content-encoding",
                    "content-language",
                    "content-location",
                    "content-type",
                ]
                .contains(&h.as_str())
            });
        }
        tainted = v.tainted;
        url = target;
    }
    Probe {
        page: page.clone(),
        exchanges,
    }
}

fn not_sent(req: &request::WireRequest) -> Exchange {
    Exchange {
        request: req.clone(),
        started: chrono::Utc::now(),
        time_ms: 0.0,
        outcome: None,
    }
}

/// The `curl` line of every exchange that was sent, with a label.
pub fn curl_lines(probe: &Probe, tls: &CurlTls) -> Vec<String> {
    probe
        .exchanges
        .iter()
        .filter(|x| x.outcome.is_some())
        .map(|x| {
            let what = if x.request.preflight {
                "preflight"
            } else {
                "request"
            };
            let answer = match &x.outcome {
                Some(Ok(r)) => r.status.to_string(),
                Some(Err(e)) => format!("{} ({})", e.code, e.detail),
                None => String::new(),
            };
            format!(
                "# {what} {} {} → {answer}\n{}",
                x.request.method,
                x.request.url,
                request::curl_line(&x.request, tls)
            )
        })
        .collect()
}

/// Writes `bytes` to `path`.
fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<(), Error> {
    std::fs::write(path, bytes).map_err(|source| Error::Output {
        path: path.display().to_string(),
        source,
    })
}

/// Diagnoses a HAR document through `corsdx analyze`'s entry point: written to `har_out`, or
/// to a temporary file removed afterwards.
pub fn diagnose(
    doc: &serde_json::Value,
    har_out: Option<&std::path::Path>,
    no_redact: bool,
) -> Result<Report, Error> {
    let bytes = har::to_bytes(doc);
    let (path, temporary) = match har_out {
        Some(p) => (p.to_path_buf(), false),
        None => {
            static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0);
            (
                std::env::temp_dir().join(format!(
                    "corsdx-probe-{}-{nanos}-{n}.har",
                    std::process::id()
                )),
                true,
            )
        }
    };
    write_file(&path, &bytes)?;
    let options = Options {
        no_redact,
        ..Default::default()
    };
    let report = crate::build_report(std::slice::from_ref(&path), &options);
    if temporary {
        let _ = std::fs::remove_file(&path);
    }
    let mut report = report?;
    if temporary {
        for input in &mut report.inputs {
            input.path = "probe".to_string();
        }
    }
    Ok(report)
}

/// `corsdx probe` (without `--audit`): checks the options, sends the exchange, and diagnoses
/// its HAR (written to `har_out` when given). The caller renders the report.
pub fn probe(
    opts: &ProbeOptions,
    har_out: Option<&std::path::Path>,
    no_redact: bool,
) -> Result<(Probe, Report), Error> {
    let origin = validate(&opts.url, &opts.origin)?;
    let (headers, cookie) = request::parse_headers(&opts.headers, opts.credentials)?;
    check_method(&opts.method)?;
    let client = Client::new(&opts.transport)?;
    let page = PageRequest::new(&opts.method, &opts.url, &origin, headers, cookie);
    let probe = run_exchange(&client, &page, opts.no_preflight);
    let doc = har::document(&origin, &probe.exchanges);
    let report = diagnose(&doc, har_out, no_redact)?;
    Ok((probe, report))
}

/// The curl options a probe's TLS settings need.
pub fn curl_tls(t: &Transport) -> CurlTls {
    CurlTls {
        cacert: t.cacert.as_ref().map(|p| p.display().to_string()),
        insecure: t.insecure,
        resolve: t.resolve.iter().map(http::Resolve::arg).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_origins_are_checked() {
        assert!(validate("ftp://x/", "http://a.test").is_err());
        assert!(validate("http://x/", "not an origin").is_err());
        assert!(validate("http://u:p@x/", "http://a.test").is_err());
        assert!(validate("http://[::1/", "http://a.test").is_err());
        assert_eq!(validate("http://x/", "null").unwrap(), "null");
        assert_eq!(
            validate("http://x/", "http://A.test:80").unwrap(),
            "http://a.test"
        );
    }

    #[test]
    fn a_refused_connection_is_one_exchange_with_a_net_error() {
        // A port just released by the OS: nothing listens there.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap();
        let client = Client::new(&Transport {
            timeout: std::time::Duration::from_secs(2),
            cacert: None,
            insecure: false,
            resolve: Vec::new(),
        })
        .unwrap();
        let page = PageRequest::new(
            "PUT",
            &format!("http://127.0.0.1:{port}/x"),
            "http://app.test",
            vec![],
            None,
        );
        let p = run_exchange(&client, &page, false);
        // The preflight failed on the network; the request is recorded as not sent.
        assert_eq!(p.exchanges.len(), 2);
        assert!(p.exchanges[0].request.preflight);
        match &p.exchanges[0].outcome {
            Some(Err(e)) => assert_eq!(e.code, "net::ERR_CONNECTION_REFUSED"),
            other => panic!("{other:?}"),
        }
        assert!(p.exchanges[1].outcome.is_none());
    }
}
