//! Large, realistic Chromium-style HARs for the benchmarks (shared by benches/scale.rs and
//! examples/gen_har.rs).
//!
//! `cargo run --release --example gen_har -- body OUT.har` — ~20,000 entries with 24 KiB base64
//! bodies (~370 MB); `… headers OUT.har` — ~150,000 entries without bodies (~420 MB). A mix of
//! same-origin assets, cross-origin GETs (allowed and blocked), preflight + PUT pairs, redirect
//! hops and network failures, shaped like DevTools' own export.

use std::io::{BufWriter, Write};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const APP: &str = "https://app.example.com";

fn headers(out: &mut String, list: &[(&str, String)]) {
    out.push('[');
    for (i, (n, v)) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            "{{\"name\":{},\"value\":{}}}",
            serde_json::to_string(n).unwrap(),
            serde_json::to_string(v).unwrap()
        ));
    }
    out.push(']');
}

#[allow(clippy::too_many_arguments)]
fn entry(
    out: &mut String,
    i: usize,
    rich: bool,
    method: &str,
    url: &str,
    rtype: &str,
    req: &[(&str, String)],
    status: i64,
    resp: &[(&str, String)],
    error: Option<&str>,
    body: &str,
    extra: &str,
) {
    let ms = i as u64 * 3;
    out.push_str(&format!(
        "{{\"_connectionId\":\"{}\",\"_initiator\":{{\"type\":\"script\",\"url\":\"{APP}/app.js\"}},\"_priority\":\"High\",\"_resourceType\":\"{rtype}\",{extra}\"cache\":{{}},\"connection\":\"443\",\"pageref\":\"page_1\",\"request\":{{\"method\":\"{method}\",\"url\":{},\"httpVersion\":\"http/1.1\",\"headers\":",
        i % 97,
        serde_json::to_string(url).unwrap()
    ));
    let mut base: Vec<(&str, String)> = vec![
        ("Accept", "application/json, text/plain, */*".into()),
        ("Accept-Encoding", "gzip, deflate, br, zstd".into()),
        ("Accept-Language", "en-US,en;q=0.9".into()),
        ("Connection", "keep-alive".into()),
        ("Referer", format!("{APP}/dashboard")),
        ("Sec-Fetch-Dest", "empty".into()),
        ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36".into()),
        ("sec-ch-ua", "\"Chromium\";v=\"156\", \"Not-A.Brand\";v=\"24\"".into()),
        ("sec-ch-ua-platform", "\"Linux\"".into()),
    ];
    if rich {
        // What real sessions carry besides: a session cookie, a bearer token, client hints.
        base.extend([
            ("Cookie", format!("session={:032x}; _ga=GA1.1.{}.1763884800; _gid=GA1.1.{}.1763884800; theme=dark; consent=analytics%3Dtrue%26ads%3Dfalse", (i as u128).wrapping_mul(0x9E3779B97F4A7C15F39CC0605CEDC835), 1_000_000_000 + i, 2_000_000_000 - i)),
            ("Authorization", format!("Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLXtpfSIsImlhdCI6MTc2Mzg4NDgwMH0.{:064x}", (i as u128).wrapping_mul(0xD6E8FEB86659FD93))),
            ("Host", "api.example.com".into()),
            ("Priority", "u=1, i".into()),
            ("Sec-Fetch-Site", "cross-site".into()),
            ("sec-ch-ua-mobile", "?0".into()),
        ]);
    }
    base.extend(req.iter().cloned());
    base.sort_by_key(|h| h.0.to_ascii_lowercase());
    headers(out, &base);
    out.push_str(
        ",\"queryString\":[],\"cookies\":[],\"headersSize\":-1,\"bodySize\":0},\"response\":{",
    );
    out.push_str(&format!(
        "\"status\":{status},\"statusText\":\"\",\"httpVersion\":\"http/1.1\",\"headers\":"
    ));
    let mut r: Vec<(&str, String)> = vec![
        ("Date", "Mon, 23 Nov 2026 08:00:00 GMT".into()),
        ("Server", "nginx".into()),
        ("Content-Type", "application/json; charset=utf-8".into()),
    ];
    if rich {
        r.extend([
            (
                "Cache-Control",
                "no-cache, no-store, must-revalidate, private".into(),
            ),
            ("Content-Encoding", "br".into()),
            ("Content-Length", format!("{}", 200 + i % 9000)),
            (
                "ETag",
                format!(
                    "W/\"{:x}-{:016x}\"",
                    200 + i % 9000,
                    (i as u64).wrapping_mul(0x9E3779B97F4A7C15)
                ),
            ),
            (
                "Strict-Transport-Security",
                "max-age=63072000; includeSubDomains; preload".into(),
            ),
            ("X-Content-Type-Options", "nosniff".into()),
            ("X-Frame-Options", "DENY".into()),
            (
                "X-Request-Id",
                format!("{:032x}", (i as u128).wrapping_mul(0x2545F4914F6CDD1D)),
            ),
            (
                "Via",
                "1.1 varnish, 1.1 a6f3e2c1b0d9.cloudfront.net (CloudFront)".into(),
            ),
        ]);
    }
    r.extend(resp.iter().cloned());
    headers(out, &r);
    out.push_str(&format!(
        ",\"cookies\":[],\"content\":{{\"size\":{},\"mimeType\":\"application/json\"{}}},\"redirectURL\":\"\",\"headersSize\":-1,\"bodySize\":-1,\"_transferSize\":{},\"_error\":{}}},",
        body.len(),
        if body.is_empty() { String::new() } else { format!(",\"text\":\"{body}\",\"encoding\":\"base64\"") },
        body.len() + 300,
        error.map(|e| format!("\"{e}\"")).unwrap_or_else(|| "null".into())
    ));
    out.push_str(&format!(
        "\"serverIPAddress\":\"203.0.113.7\",\"startedDateTime\":\"2026-11-23T08:{:02}:{:02}.{:03}Z\",\"time\":12.5,\"timings\":{{\"blocked\":0.5,\"dns\":-1,\"ssl\":-1,\"connect\":-1,\"send\":0.1,\"wait\":11.4,\"receive\":0.5,\"_blocked_queueing\":0.3}}}}",
        (ms / 60000) % 60,
        (ms / 1000) % 60,
        ms % 1000
    ));
}

/// Writes a HAR of the given shape (`body` or `headers`) to `path`; `count` entries (default:
/// 20,000 for `body`, 150,000 for `headers`).
pub fn generate(shape: &str, path: &std::path::Path, count: Option<usize>) -> std::io::Result<()> {
    let (default_count, body_len) = match shape {
        "body" => (20_000, 24 * 1024),
        "headers" => (150_000, 0),
        _ => return Err(std::io::Error::other("shape must be body or headers")),
    };
    let count = count.unwrap_or(default_count);
    // The header-heavy shape carries the header set of real API traffic (cookies, tokens, CDN
    // and security headers): ~2.8 KB an entry, as in DevTools exports of such sessions.
    let rich = body_len == 0;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let b64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let body: String = (0..body_len)
        .map(|i| b64[(i * 7 + i / 3) % 64] as char)
        .collect();
    let file = std::fs::File::create(path)?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    write!(w, "{{\"log\":{{\"version\":\"1.2\",\"creator\":{{\"name\":\"WebInspector\",\"version\":\"537.36\"}},\"pages\":[{{\"startedDateTime\":\"2026-11-23T08:00:00.000Z\",\"id\":\"page_1\",\"title\":\"{APP}/dashboard\",\"pageTimings\":{{\"onContentLoad\":120,\"onLoad\":240}}}}],\"entries\":[")?;
    let mut i = 0;
    let mut first = true;
    let mut s = String::with_capacity(64 * 1024);
    while i < count {
        let api = format!("https://api{}.example.com", rng.below(8));
        let id = rng.below(100_000);
        let kind = rng.below(100);
        let origin = ("Origin", APP.to_string());
        let acao = ("Access-Control-Allow-Origin", APP.to_string());
        let mut emit = |s: &mut String, f: &dyn Fn(&mut String, usize)| {
            if !first {
                s.push(',');
            }
            first = false;
            f(s, i);
            i += 1;
        };
        s.clear();
        match kind {
            0..=39 => emit(&mut s, &|s, i| {
                entry(
                    s,
                    i,
                    rich,
                    "GET",
                    &format!("{APP}/assets/{id}.js"),
                    "script",
                    &[],
                    200,
                    &[("Cache-Control", "max-age=31536000".into())],
                    None,
                    &body,
                    "",
                )
            }),
            40..=69 => {
                let ok = rng.below(10) < 8;
                emit(&mut s, &|s, i| {
                    entry(
                        s,
                        i,
                        rich,
                        "GET",
                        &format!("{api}/v1/items/{id}"),
                        "fetch",
                        &[origin.clone(), ("Sec-Fetch-Mode", "cors".into())],
                        200,
                        if ok { std::slice::from_ref(&acao) } else { &[] },
                        if ok { None } else { Some("net::ERR_FAILED") },
                        &body,
                        "",
                    )
                });
            }
            70..=84 => {
                let url = format!("{api}/v1/items/{id}");
                let ok = rng.below(10) < 7;
                emit(&mut s, &|s, i| {
                    entry(
                        s,
                        i,
                        rich,
                        "PUT",
                        &url,
                        "fetch",
                        &[
                            origin.clone(),
                            ("Content-Type", "application/json".into()),
                            ("Sec-Fetch-Mode", "cors".into()),
                        ],
                        if ok { 200 } else { 0 },
                        if ok { std::slice::from_ref(&acao) } else { &[] },
                        if ok { None } else { Some("net::ERR_FAILED") },
                        if ok { &body } else { "" },
                        "",
                    )
                });
                let extra = format!(
                    "\"_initiator\":{{\"type\":\"preflight\",\"url\":{}}},",
                    serde_json::to_string(&url).unwrap()
                );
                emit(&mut s, &|s, i| {
                    let pf: Vec<(&str, String)> = if ok {
                        vec![
                            acao.clone(),
                            ("Access-Control-Allow-Methods", "GET, PUT".into()),
                            ("Access-Control-Allow-Headers", "content-type".into()),
                        ]
                    } else {
                        vec![("Allow", "GET".into())]
                    };
                    entry(
                        s,
                        i,
                        rich,
                        "OPTIONS",
                        &url,
                        "preflight",
                        &[
                            origin.clone(),
                            ("Access-Control-Request-Method", "PUT".into()),
                            ("Access-Control-Request-Headers", "content-type".into()),
                        ],
                        if ok { 204 } else { 405 },
                        &pf,
                        None,
                        "",
                        &extra[..0],
                    );
                    // Chromium-style preflight initiator.
                    let at = s.rfind("\"_initiator\":{\"type\":\"script\"").unwrap();
                    let end = at + s[at..].find("},").unwrap() + 2;
                    s.replace_range(at..end, &extra);
                });
            }
            85..=94 => {
                let from = format!("{api}/v1/list");
                let to = format!("{api}/v1/list/");
                let ok = rng.below(2) == 0;
                emit(&mut s, &|s, i| {
                    entry(
                        s,
                        i,
                        rich,
                        "GET",
                        &from,
                        "fetch",
                        std::slice::from_ref(&origin),
                        301,
                        &[
                            ("Location", to.clone()),
                            if ok {
                                acao.clone()
                            } else {
                                ("X-Powered-By", "Express".into())
                            },
                        ],
                        if ok { None } else { Some("net::ERR_FAILED") },
                        "",
                        "",
                    )
                });
                if ok {
                    emit(&mut s, &|s, i| {
                        entry(
                            s,
                            i,
                            rich,
                            "GET",
                            &to,
                            "fetch",
                            std::slice::from_ref(&origin),
                            200,
                            std::slice::from_ref(&acao),
                            None,
                            &body,
                            "",
                        )
                    });
                }
            }
            _ => emit(&mut s, &|s, i| {
                entry(
                    s,
                    i,
                    rich,
                    "GET",
                    &format!("https://down{id}.example.com/health"),
                    "fetch",
                    std::slice::from_ref(&origin),
                    0,
                    &[],
                    Some("net::ERR_CONNECTION_REFUSED"),
                    "",
                    "",
                )
            }),
        }
        w.write_all(s.as_bytes())?;
    }
    write!(w, "]}}}}")?;
    w.flush()
}
