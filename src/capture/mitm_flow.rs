//! mitmproxy's native dump files (`mitmdump -w FILE`, the "Save" of mitmproxy and mitmweb): a
//! sequence of tnetstrings, one per flow, each a dictionary of the flow's state. The reader turns
//! every HTTP flow into the same [`Capture`] the HAR reader produces (producer
//! [`Producer::Proxy`]), so a directory of dumps is diagnosed like a directory of HARs.
//!
//! tnetstring (as mitmproxy writes it, `mitmproxy/io/tnetstring.py`): `LENGTH:DATA` followed by
//! one type byte — `,` bytes, `;` UTF-8 text, `#` integer, `^` float, `!` boolean, `~` null,
//! `}` dictionary (key, value, key, value …), `]` list. Keys are text since mitmproxy 5 and
//! bytes before; both are read. Strings borrow from the input where they are UTF-8.

use super::error::{LoadError, LoadErrorKind};
use crate::model::{Capture, Entry, Header, Headers, Producer, Request, Response, Skipped};
use std::borrow::Cow;

/// Nesting deeper than this is not a flow (mitmproxy's state is about 4 levels deep).
const MAX_DEPTH: usize = 32;

/// One tnetstring value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Bytes(&'a [u8]),
    Text(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
    Dict(Vec<(Value<'a>, Value<'a>)>),
    List(Vec<Value<'a>>),
}

impl<'a> Value<'a> {
    /// The value of `key` in a dictionary (text or bytes keys).
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        let Value::Dict(items) = self else {
            return None;
        };
        items
            .iter()
            .find(|(k, _)| k.raw() == Some(key.as_bytes()))
            .map(|(_, v)| v)
    }

    fn raw(&self) -> Option<&'a [u8]> {
        match self {
            Value::Bytes(b) => Some(b),
            Value::Text(s) => Some(s.as_bytes()),
            _ => None,
        }
    }

    /// Text or bytes as a string, borrowed when UTF-8.
    pub fn text(&self) -> Option<Cow<'a, str>> {
        self.raw().map(|b| match std::str::from_utf8(b) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => Cow::Owned(String::from_utf8_lossy(b).into_owned()),
        })
    }

    pub fn int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Float(f) => Some(*f as i64),
            _ => None,
        }
    }

    pub fn float(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    fn len(&self) -> Option<usize> {
        self.raw().map(<[u8]>::len)
    }
}

/// Why a tnetstring could not be read, and at which byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub offset: usize,
    pub expected: &'static str,
}

fn err<T>(offset: usize, expected: &'static str) -> Result<T, ParseError> {
    Err(ParseError { offset, expected })
}

/// Reads one tnetstring starting at `at`; returns it and the offset after it.
pub fn parse_value(
    bytes: &[u8],
    at: usize,
    depth: usize,
) -> Result<(Value<'_>, usize), ParseError> {
    if depth > MAX_DEPTH {
        return err(at, "less deeply nested data");
    }
    let digits = bytes[at.min(bytes.len())..]
        .iter()
        .take(13)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 || bytes.get(at + digits) != Some(&b':') {
        return err(at, "a tnetstring length ('123:')");
    }
    let len: usize = std::str::from_utf8(&bytes[at..at + digits])
        .ok()
        .and_then(|s| s.parse().ok())
        .map_or_else(|| err(at, "a tnetstring length"), Ok)?;
    let start = at + digits + 1;
    let end = start.checked_add(len).filter(|&e| e < bytes.len());
    let Some(end) = end else {
        return err(
            bytes.len(),
            "the rest of the tnetstring (the file is truncated)",
        );
    };
    let data = &bytes[start..end];
    let value = match bytes[end] {
        b',' => Value::Bytes(data),
        b';' => match std::str::from_utf8(data) {
            Ok(s) => Value::Text(s),
            Err(_) => return err(start, "UTF-8 text"),
        },
        b'#' => match std::str::from_utf8(data).ok().and_then(|s| s.parse().ok()) {
            Some(i) => Value::Int(i),
            None => return err(start, "an integer"),
        },
        b'^' => match std::str::from_utf8(data).ok().and_then(|s| s.parse().ok()) {
            Some(f) => Value::Float(f),
            None => return err(start, "a float"),
        },
        b'!' => match data {
            b"true" => Value::Bool(true),
            b"false" => Value::Bool(false),
            _ => return err(start, "true or false"),
        },
        b'~' if data.is_empty() => Value::Null,
        b'}' => Value::Dict(pairs(bytes, start, end, depth)?),
        b']' => Value::List(items(bytes, start, end, depth)?),
        _ => return err(end, "a tnetstring type byte (one of ,;#^!~}])"),
    };
    Ok((value, end + 1))
}

fn items(
    bytes: &[u8],
    mut at: usize,
    end: usize,
    depth: usize,
) -> Result<Vec<Value<'_>>, ParseError> {
    let inner = &bytes[..end];
    let mut out = Vec::new();
    while at < end {
        let (v, next) = parse_value(inner, at, depth + 1)?;
        out.push(v);
        at = next;
    }
    Ok(out)
}

#[allow(clippy::type_complexity)]
fn pairs(
    bytes: &[u8],
    at: usize,
    end: usize,
    depth: usize,
) -> Result<Vec<(Value<'_>, Value<'_>)>, ParseError> {
    let list = items(bytes, at, end, depth)?;
    if list.len() % 2 != 0 {
        return err(end, "a value for every key of the dictionary");
    }
    let mut out = Vec::with_capacity(list.len() / 2);
    let mut it = list.into_iter();
    while let (Some(k), Some(v)) = (it.next(), it.next()) {
        out.push((k, v));
    }
    Ok(out)
}

/// Whether `bytes` start like a mitmproxy dump: a tnetstring dictionary.
pub fn looks_like_flow(bytes: &[u8]) -> bool {
    let digits = bytes
        .iter()
        .take(13)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 || bytes.get(digits) != Some(&b':') {
        return false;
    }
    std::str::from_utf8(&bytes[..digits])
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
        .and_then(|len| (digits + 1).checked_add(len))
        .and_then(|end| bytes.get(end))
        == Some(&b'}')
}

/// Reads a mitmproxy dump. Flows that are not HTTP (TCP, UDP, DNS) and flows that cannot be
/// read are listed in [`Capture::skipped`]; a dump cut off in the middle of a flow keeps the
/// flows before it and lists the cut.
pub fn parse_flows<'a>(name: &str, bytes: &'a [u8]) -> Result<Capture<'a>, LoadError> {
    let mut capture = Capture {
        creator: Cow::Borrowed("mitmproxy"),
        producer: Producer::Proxy,
        ..Default::default()
    };
    let mut at = 0;
    let mut index = 0;
    while at < bytes.len() {
        let (flow, next) = match parse_value(bytes, at, 0) {
            Ok(x) => x,
            Err(e) if index == 0 => {
                let kind = LoadErrorKind::NotFlow {
                    offset: e.offset,
                    expected: e.expected.to_string(),
                };
                return Err(LoadError::new(name, kind));
            }
            Err(e) => {
                capture.skipped.push(Skipped {
                    entry: index,
                    reason: format!(
                        "flow {index} at byte {}: expected {}; the flows before it are read",
                        e.offset, e.expected
                    ),
                });
                break;
            }
        };
        at = next;
        if let Some(v) = flow.get("version").and_then(Value::int) {
            capture.creator_version = Cow::Owned(format!("flow format {v}"));
        }
        match entry(index, &flow) {
            Ok(e) => capture.entries.push(e),
            Err(reason) => capture.skipped.push(Skipped {
                entry: index,
                reason: format!("flow {index}: {reason}"),
            }),
        }
        index += 1;
    }
    super::proxy::normalize(&mut capture);
    Ok(capture)
}

fn headers<'a>(v: Option<&Value<'a>>) -> Headers<'a> {
    let Some(Value::List(items)) = v else {
        return Headers::default();
    };
    items
        .iter()
        .filter_map(|pair| match pair {
            Value::List(nv) if nv.len() == 2 => Some(Header {
                name: nv[0].text()?,
                value: nv[1].text()?,
            }),
            _ => None,
        })
        .collect()
}

fn text<'a>(d: &Value<'a>, key: &str) -> Cow<'a, str> {
    d.get(key).and_then(Value::text).unwrap_or_default()
}

/// The URL mitmproxy shows for a request: scheme, host (the authority for HTTP/2 and
/// CONNECT), the port unless it is the scheme's default, and the path.
fn url_of(r: &Value<'_>) -> String {
    let scheme = text(r, "scheme");
    let scheme = if scheme.is_empty() {
        "http".into()
    } else {
        scheme
    };
    let host = text(r, "host");
    let port = r.get("port").and_then(Value::int).unwrap_or(0);
    let default = matches!(
        (scheme.as_ref(), port),
        ("http", 80) | ("https", 443) | (_, 0)
    );
    let host = if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.into_owned()
    };
    let authority = if default {
        host
    } else {
        format!("{host}:{port}")
    };
    let path = text(r, "path");
    if text(r, "method").eq_ignore_ascii_case("CONNECT") {
        return format!("{scheme}://{authority}");
    }
    format!("{scheme}://{authority}{path}")
}

fn iso_date(seconds: f64) -> String {
    let ms = (seconds * 1000.0).round() as i64;
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

/// One HTTP flow as an entry.
fn entry<'a>(index: usize, flow: &Value<'a>) -> Result<Entry<'a>, String> {
    let kind = text(flow, "type");
    if !kind.is_empty() && kind != "http" {
        return Err(format!("a {kind} flow, not HTTP"));
    }
    let Some(r) = flow.get("request").filter(|r| matches!(r, Value::Dict(_))) else {
        return Err("no request".to_string());
    };
    let started = r.get("timestamp_start").and_then(Value::float);
    let resp = flow.get("response").filter(|r| matches!(r, Value::Dict(_)));
    let ended = resp
        .and_then(|x| x.get("timestamp_end"))
        .or_else(|| r.get("timestamp_end"))
        .and_then(Value::float);
    let error = flow
        .get("error")
        .map(|e| text(e, "msg"))
        .filter(|m| !m.is_empty());
    let response = match resp {
        Some(x) => {
            let headers = headers(x.get("headers"));
            Response {
                status: x.get("status_code").and_then(Value::int).unwrap_or(0),
                status_text: text(x, "reason"),
                http_version: text(x, "http_version"),
                mime_type: headers
                    .get("content-type")
                    .map(|s| Cow::Owned(s.to_string()))
                    .unwrap_or_default(),
                headers,
                error,
                headers_size: -1,
                body_size: x
                    .get("content")
                    .and_then(Value::len)
                    .map_or(-1, |n| n as i64),
                ..Default::default()
            }
        }
        None => Response {
            error,
            headers_size: -1,
            body_size: -1,
            ..Default::default()
        },
    };
    Ok(Entry {
        index,
        started: Cow::Owned(started.map(iso_date).unwrap_or_default()),
        started_ms: started.map(|s| s * 1000.0),
        time_ms: match (started, ended) {
            (Some(a), Some(b)) if b >= a => (b - a) * 1000.0,
            _ => 0.0,
        },
        request: Request {
            method: text(r, "method"),
            url: Cow::Owned(url_of(r)),
            http_version: text(r, "http_version"),
            headers: headers(r.get("headers")),
            body_size: r
                .get("content")
                .and_then(Value::len)
                .map_or(0, |n| n as i64),
            ..Default::default()
        },
        response,
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes a tnetstring the way mitmproxy's `tnetstring.dumps` does (test data only).
    fn t(v: &Value<'_>) -> Vec<u8> {
        let (data, tag): (Vec<u8>, u8) = match v {
            Value::Bytes(b) => (b.to_vec(), b','),
            Value::Text(s) => (s.as_bytes().to_vec(), b';'),
            Value::Int(i) => (i.to_string().into_bytes(), b'#'),
            Value::Float(f) => (f.to_string().into_bytes(), b'^'),
            Value::Bool(b) => (b.to_string().into_bytes(), b'!'),
            Value::Null => (Vec::new(), b'~'),
            Value::Dict(items) => (
                items
                    .iter()
                    .flat_map(|(k, v)| [t(k), t(v)].concat())
                    .collect(),
                b'}',
            ),
            Value::List(items) => (items.iter().flat_map(t).collect(), b']'),
        };
        let mut out = format!("{}:", data.len()).into_bytes();
        out.extend(data);
        out.push(tag);
        out
    }

    fn d<'a>(items: Vec<(&'a str, Value<'a>)>) -> Value<'a> {
        Value::Dict(
            items
                .into_iter()
                .map(|(k, v)| (Value::Text(k), v))
                .collect(),
        )
    }

    fn h<'a>(pairs: &[(&'a str, &'a str)]) -> Value<'a> {
        Value::List(
            pairs
                .iter()
                .map(|(n, v)| {
                    Value::List(vec![Value::Bytes(n.as_bytes()), Value::Bytes(v.as_bytes())])
                })
                .collect(),
        )
    }

    fn flow<'a>(method: &'a str, port: i64, response: Value<'a>, error: Value<'a>) -> Value<'a> {
        d(vec![
            ("version", Value::Int(21)),
            ("type", Value::Text("http")),
            (
                "request",
                d(vec![
                    ("method", Value::Bytes(method.as_bytes())),
                    ("scheme", Value::Bytes(b"https")),
                    ("host", Value::Text("api.x")),
                    ("port", Value::Int(port)),
                    ("path", Value::Bytes(b"/items/1")),
                    ("http_version", Value::Bytes(b"HTTP/2.0")),
                    (
                        "headers",
                        h(&[
                            ("origin", "https://app.x"),
                            ("access-control-request-method", "PUT"),
                        ]),
                    ),
                    ("content", Value::Bytes(b"")),
                    ("timestamp_start", Value::Float(1796669760.5)),
                ]),
            ),
            ("response", response),
            ("error", error),
        ])
    }

    #[test]
    fn reads_the_value_types_and_refuses_what_is_not_a_tnetstring() {
        for v in [
            Value::Bytes(b"a,b"),
            Value::Text("é"),
            Value::Int(-3),
            Value::Float(1.5),
            Value::Bool(true),
            Value::Null,
            Value::List(vec![Value::Int(1), Value::Null]),
            d(vec![("k", Value::Text("v"))]),
        ] {
            let bytes = t(&v);
            assert_eq!(parse_value(&bytes, 0, 0).unwrap(), (v, bytes.len()));
        }
        for bad in [
            &b""[..],
            b"x",
            b"5:abc,",
            b"3:abc?",
            b"3:abc",
            b"2:1x#",
            b"1:x}",
            b"99999999999999:",
        ] {
            assert!(parse_value(bad, 0, 0).is_err(), "{bad:?}");
        }
        let mut deep = b"0:~".to_vec();
        for _ in 0..100 {
            let mut outer = format!("{}:", deep.len()).into_bytes();
            outer.extend(&deep);
            outer.push(b']');
            deep = outer;
        }
        assert_eq!(
            parse_value(&deep, 0, 0).unwrap_err().expected,
            "less deeply nested data"
        );
    }

    #[test]
    fn an_http_flow_is_an_entry_like_a_har_entry() {
        let resp = d(vec![
            ("status_code", Value::Int(405)),
            ("reason", Value::Bytes(b"Method Not Allowed")),
            ("http_version", Value::Bytes(b"HTTP/1.1")),
            (
                "headers",
                h(&[("Allow", "GET"), ("Content-Type", "text/plain")]),
            ),
            ("content", Value::Bytes(b"no")),
            ("timestamp_end", Value::Float(1796669760.75)),
        ]);
        let mut bytes = t(&flow("OPTIONS", 443, resp, Value::Null));
        bytes.extend(t(&flow(
            "GET",
            8443,
            Value::Null,
            d(vec![(
                "msg",
                Value::Text("[Errno 111] Connect call failed"),
            )]),
        )));
        bytes.extend(t(&d(vec![("type", Value::Text("tcp"))])));
        assert!(looks_like_flow(&bytes));
        let c = parse_flows("x.flow", &bytes).unwrap();
        assert_eq!(c.producer, Producer::Proxy);
        assert_eq!(c.creator_version, "flow format 21");
        assert_eq!(c.entries.len(), 2);
        let e = &c.entries[0];
        assert_eq!(e.request.method, "OPTIONS");
        assert_eq!(e.request.url, "https://api.x/items/1");
        assert_eq!(
            e.request.headers.get("Access-Control-Request-Method"),
            Some("PUT")
        );
        assert_eq!(e.response.status, 405);
        assert_eq!(e.response.body_size, 2);
        assert_eq!(e.time_ms, 250.0);
        assert_eq!(e.started, "2026-12-07T18:56:00.500Z");
        let failed = &c.entries[1];
        assert_eq!(failed.request.url, "https://api.x:8443/items/1");
        assert_eq!(failed.response.status, 0);
        assert_eq!(
            failed.response.error.as_deref(),
            Some("[Errno 111] Connect call failed")
        );
        assert_eq!(c.skipped.len(), 1);
        assert!(c.skipped[0].reason.contains("a tcp flow"));
    }

    #[test]
    fn a_cut_dump_keeps_the_flows_before_the_cut_and_a_bad_one_is_an_error() {
        let one = t(&flow("GET", 443, Value::Null, Value::Null));
        let mut bytes = one.clone();
        bytes.extend(&one[..one.len() / 2]);
        let c = parse_flows("x.flow", &bytes).unwrap();
        assert_eq!(c.entries.len(), 1);
        assert!(c.skipped[0].reason.contains("truncated"), "{:?}", c.skipped);
        let e = parse_flows("x.flow", b"12:not a flow").unwrap_err();
        assert!(matches!(e.kind, LoadErrorKind::NotFlow { .. }));
        assert!(!looks_like_flow(b"{\"log\":{}}"));
        assert!(!looks_like_flow(b"2:ab,"));
    }
}
