//! Captures of one page's traffic in the shapes that make cross-entry lookups expensive (shared
//! by benches/shapes.rs and tests/scaling.rs). Each entry is lean (Chromium's fields that
//! corsdx reads, no bodies), so a million of them fit in a few hundred MB.
//!
//! - `distinct`: every request a different URL (what the big-file benchmark has).
//! - `polled`: one endpoint polled; a third of the polls blocked with status 0 and
//!   `net::ERR_FAILED`, the rest cacheable responses naming one of fifty tenant origins.
//! - `preflighted`: one URL preflighted before every PUT.
//! - `origins`: thousands of page origins calling one API, each echoed.
//! - `redirects`: chains of 20 redirect hops.
//! - `headers`: every tenth response with 200 headers (the rest with a few).

use std::io::{BufWriter, Write};

pub const SHAPES: [&str; 6] = [
    "distinct",
    "polled",
    "preflighted",
    "origins",
    "redirects",
    "headers",
];

fn header_list(list: &[(String, String)]) -> String {
    let items: Vec<String> = list
        .iter()
        .map(|(n, v)| format!("{{\"name\":\"{n}\",\"value\":\"{v}\"}}"))
        .collect();
    format!("[{}]", items.join(","))
}

/// One entry. `error` is Chromium's `_error`.
#[allow(clippy::too_many_arguments)]
fn entry(
    w: &mut impl Write,
    first: &mut bool,
    method: &str,
    url: &str,
    rtype: &str,
    req: &[(String, String)],
    status: i64,
    resp: &[(String, String)],
    error: Option<&str>,
) -> std::io::Result<()> {
    if !*first {
        w.write_all(b",")?;
    }
    *first = false;
    let error = error
        .map(|e| format!(",\"_error\":\"{e}\""))
        .unwrap_or_default();
    write!(
        w,
        "{{\"_resourceType\":\"{rtype}\",\"pageref\":\"page_1\",\"request\":{{\"method\":\"{method}\",\"url\":\"{url}\",\"httpVersion\":\"http/1.1\",\"headers\":{},\"queryString\":[],\"cookies\":[],\"headersSize\":-1,\"bodySize\":0}},\"response\":{{\"status\":{status},\"statusText\":\"\",\"httpVersion\":\"http/1.1\",\"headers\":{},\"cookies\":[],\"content\":{{\"size\":0,\"mimeType\":\"application/json\"}},\"redirectURL\":\"\",\"headersSize\":-1,\"bodySize\":0{error}}},\"startedDateTime\":\"2026-11-23T08:00:00.000Z\",\"time\":3.5,\"timings\":{{\"send\":0.1,\"wait\":3.0,\"receive\":0.4}}}}",
        header_list(req),
        header_list(resp)
    )
}

fn h(n: &str, v: impl Into<String>) -> (String, String) {
    (n.to_string(), v.into())
}

/// Writes `count` entries of `shape` (one of [`SHAPES`]) to `path`.
pub fn generate(shape: &str, path: &std::path::Path, count: usize) -> std::io::Result<()> {
    let app = "https://app.example.com";
    let api = "https://api.example.com";
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    write!(w, "{{\"log\":{{\"version\":\"1.2\",\"creator\":{{\"name\":\"WebInspector\",\"version\":\"537.36\"}},\"pages\":[{{\"startedDateTime\":\"2026-11-23T08:00:00.000Z\",\"id\":\"page_1\",\"title\":\"{app}/\",\"pageTimings\":{{}}}}],\"entries\":[")?;
    let mut first = true;
    let mut i = 0;
    while i < count {
        let tenant = format!("https://t{}.example.com", i % 50);
        match shape {
            "distinct" => {
                let url = format!("{api}/items/{i}");
                let o = vec![h("Origin", app)];
                let acao = vec![h("Access-Control-Allow-Origin", app)];
                let (status, resp, err) = if i % 20 == 0 {
                    (0, vec![], Some("net::ERR_FAILED"))
                } else {
                    (200, acao, None)
                };
                entry(
                    &mut w, &mut first, "GET", &url, "fetch", &o, status, &resp, err,
                )?;
                i += 1;
            }
            "polled" => {
                let url = format!("{api}/status");
                let o = vec![h("Origin", tenant.clone())];
                if i % 3 == 2 {
                    entry(
                        &mut w,
                        &mut first,
                        "GET",
                        &url,
                        "fetch",
                        &o,
                        0,
                        &[],
                        Some("net::ERR_FAILED"),
                    )?;
                } else {
                    let resp = vec![
                        h("Access-Control-Allow-Origin", tenant.clone()),
                        h("Cache-Control", "max-age=60"),
                    ];
                    entry(
                        &mut w, &mut first, "GET", &url, "fetch", &o, 200, &resp, None,
                    )?;
                }
                i += 1;
            }
            "preflighted" => {
                let url = format!("{api}/items/1");
                let o = vec![h("Origin", app)];
                let allow = vec![
                    h("Access-Control-Allow-Origin", app),
                    h("Access-Control-Allow-Methods", "PUT"),
                ];
                entry(
                    &mut w,
                    &mut first,
                    "PUT",
                    &url,
                    "fetch",
                    &o,
                    204,
                    &[h("Access-Control-Allow-Origin", app)],
                    None,
                )?;
                let ask = vec![h("Origin", app), h("Access-Control-Request-Method", "PUT")];
                entry(
                    &mut w,
                    &mut first,
                    "OPTIONS",
                    &url,
                    "preflight",
                    &ask,
                    204,
                    &allow,
                    None,
                )?;
                i += 2;
            }
            "origins" => {
                let origin = format!("https://site{}.example.net", i % 5000);
                let o = vec![h("Origin", origin.clone())];
                let resp = vec![
                    h("Access-Control-Allow-Origin", origin),
                    h("Access-Control-Allow-Credentials", "true"),
                    h("Vary", "Origin"),
                ];
                entry(
                    &mut w,
                    &mut first,
                    "GET",
                    &format!("{api}/me"),
                    "fetch",
                    &o,
                    200,
                    &resp,
                    None,
                )?;
                i += 1;
            }
            "redirects" => {
                let o = vec![h("Origin", app)];
                for hop in 0..20 {
                    let url = format!("{api}/r/{}/{hop}", i / 20);
                    let next = format!("{api}/r/{}/{}", i / 20, hop + 1);
                    let resp = vec![h("Location", next), h("Access-Control-Allow-Origin", app)];
                    entry(
                        &mut w, &mut first, "GET", &url, "fetch", &o, 302, &resp, None,
                    )?;
                }
                let url = format!("{api}/r/{}/20", i / 20);
                entry(
                    &mut w,
                    &mut first,
                    "GET",
                    &url,
                    "fetch",
                    &o,
                    200,
                    &[h("Access-Control-Allow-Origin", app)],
                    None,
                )?;
                i += 21;
            }
            "headers" => {
                let extra = if i % 10 == 0 { 199 } else { 3 };
                let mut resp: Vec<(String, String)> = (0..extra)
                    .map(|k| h(&format!("X-Header-{k}"), format!("value-{k}")))
                    .collect();
                resp.push(h("Access-Control-Allow-Origin", app));
                entry(
                    &mut w,
                    &mut first,
                    "GET",
                    &format!("{api}/items/{i}"),
                    "fetch",
                    &[h("Origin", app)],
                    200,
                    &resp,
                    None,
                )?;
                i += 1;
            }
            other => return Err(std::io::Error::other(format!("unknown shape {other}"))),
        }
    }
    write!(w, "]}}}}")?;
    w.flush()
}
