//! The probe's exchanges as a HAR 1.2 document (`log.creator.name` = `corsdx-probe`).
//!
//! What was really sent and what really came back, nothing the probe decided: no `_error` for a
//! response the browser would block, so `corsdx analyze` predicts the verdict with its engine,
//! exactly as for a proxy capture. A request the browser would never send (its preflight failed)
//! is an entry with status 0 and no response; a network failure keeps its `net::ERR_*` in `_error`.

use super::http::Exchange;
use serde_json::{json, Value};

pub const CREATOR: &str = "corsdx-probe";

fn headers(pairs: &[(String, String)]) -> Value {
    Value::Array(
        pairs
            .iter()
            .map(|(n, v)| json!({"name": n, "value": v}))
            .collect(),
    )
}

/// `name=value` pairs of a `Cookie` header.
fn cookies(header: Option<&str>) -> Value {
    Value::Array(
        header
            .unwrap_or("")
            .split(';')
            .filter_map(|c| {
                let (n, v) = c.split_once('=')?;
                Some(json!({"name": n.trim(), "value": v.trim()}))
            })
            .collect(),
    )
}

fn query(url: &str) -> Value {
    let pairs = url::Url::parse(url)
        .map(|u| {
            u.query_pairs()
                .map(|(n, v)| json!({"name": n, "value": v}))
                .collect()
        })
        .unwrap_or_default();
    Value::Array(pairs)
}

fn entry(x: &Exchange) -> Value {
    let req = &x.request;
    let request = json!({
        "method": req.method,
        "url": req.url,
        "httpVersion": "HTTP/1.1",
        "headers": headers(&req.headers),
        "cookies": cookies(req.header("cookie")),
        "queryString": query(&req.url),
        "headersSize": -1,
        "bodySize": 0,
    });
    let response = match &x.outcome {
        Some(Ok(r)) => {
            let location = r
                .headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("location"))
                .map(|(_, v)| v.as_str())
                .unwrap_or("");
            json!({
                "status": r.status,
                "statusText": r.status_text,
                "httpVersion": r.http_version,
                "headers": headers(&r.headers),
                "cookies": [],
                "content": {"size": r.body_size.max(0), "mimeType": r.mime_type},
                "redirectURL": location,
                "headersSize": -1,
                "bodySize": r.body_size,
            })
        }
        Some(Err(e)) => json!({
            "status": 0,
            "statusText": "",
            "httpVersion": "",
            "headers": [],
            "cookies": [],
            "content": {"size": 0, "mimeType": ""},
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
            "_error": e.code,
        }),
        None => json!({
            "status": 0,
            "statusText": "",
            "httpVersion": "",
            "headers": [],
            "cookies": [],
            "content": {"size": 0, "mimeType": ""},
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
        }),
    };
    json!({
        "pageref": "page_1",
        "startedDateTime": x.started.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "time": x.time_ms,
        "_resourceType": if req.preflight { "preflight" } else { "fetch" },
        "request": request,
        "response": response,
        "cache": {},
        "timings": {"send": 0, "wait": x.time_ms, "receive": 0},
    })
}

/// The HAR document of a probe from `origin`.
pub fn document(origin: &str, exchanges: &[Exchange]) -> Value {
    let started = exchanges
        .first()
        .map(|x| x.started)
        .unwrap_or_else(chrono::Utc::now)
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    json!({
        "log": {
            "version": "1.2",
            "creator": {"name": CREATOR, "version": env!("CARGO_PKG_VERSION")},
            "pages": [{
                "id": "page_1",
                "title": format!("{origin}/"),
                "startedDateTime": started,
                "pageTimings": {},
            }],
            "entries": exchanges.iter().map(entry).collect::<Vec<_>>(),
        }
    })
}

/// The document as written to disk (pretty, newline-terminated).
pub fn to_bytes(doc: &Value) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(doc).unwrap_or_default();
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::super::http::{NetError, Received};
    use super::super::request::WireRequest;
    use super::*;

    fn x(preflight: bool, outcome: Option<Result<Received, NetError>>) -> Exchange {
        Exchange {
            request: WireRequest {
                method: if preflight { "OPTIONS" } else { "GET" }.into(),
                url: "http://127.0.0.1:1/a?q=1".into(),
                headers: vec![("Cookie".into(), "a=b; c=d".into())],
                preflight,
            },
            started: chrono::Utc::now(),
            time_ms: 1.5,
            outcome,
        }
    }

    #[test]
    fn the_document_reads_back_as_a_capture() {
        let ok = Received {
            status: 302,
            status_text: "Found".into(),
            http_version: "HTTP/1.1".into(),
            headers: vec![
                ("location".into(), "/b".into()),
                ("access-control-allow-origin".into(), "*".into()),
                ("access-control-allow-origin".into(), "*".into()),
            ],
            body_size: 0,
            mime_type: String::new(),
        };
        let doc = document(
            "http://app.test",
            &[
                x(true, Some(Ok(ok))),
                x(
                    false,
                    Some(Err(NetError {
                        code: "net::ERR_CONNECTION_REFUSED".into(),
                        detail: String::new(),
                    })),
                ),
                x(false, None),
            ],
        );
        let bytes = to_bytes(&doc);
        let c = crate::capture::har::parse_har("probe.har", &bytes).expect("parses");
        assert_eq!(c.creator, CREATOR);
        assert_eq!(c.entries.len(), 3);
        assert_eq!(c.entries[0].resource_type.as_deref(), Some("preflight"));
        assert_eq!(c.entries[0].request.cookie_count, 2);
        assert_eq!(
            c.entries[0]
                .response
                .headers
                .count("access-control-allow-origin"),
            2
        );
        assert_eq!(c.entries[0].response.redirect_url, "/b");
        assert_eq!(
            c.entries[1].response.error.as_deref(),
            Some("net::ERR_CONNECTION_REFUSED")
        );
        assert_eq!(c.entries[2].response.status, 0);
    }
}
