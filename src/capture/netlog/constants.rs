//! A NetLog's `constants`: the numbers of the event types, source types and net errors this log
//! uses (they differ between Chromium versions), the browser version and the capture mode.

use serde_json::Value;
use std::collections::HashMap;

/// The event types corsdx reads (`net/log/net_log_event_type_list.h`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    RequestAlive,
    CreatedBy,
    StartJob,
    SendHeaders,
    ReadResponseHeaders,
    FakeResponseHeaders,
    Redirected,
    Failed,
    CorsRequest,
    PreflightRequired,
    PreflightCache,
    PreflightUrlRequest,
    PreflightError,
    /// A read of the response body, from the network or the HTTP cache.
    ReadBody,
    /// The response came from the HTTP cache (its headers are not logged).
    CacheReadInfo,
}

const KINDS: [(&str, Kind); 18] = [
    ("REQUEST_ALIVE", Kind::RequestAlive),
    ("CREATED_BY", Kind::CreatedBy),
    ("URL_REQUEST_START_JOB", Kind::StartJob),
    ("HTTP_TRANSACTION_SEND_REQUEST_HEADERS", Kind::SendHeaders),
    (
        "HTTP_TRANSACTION_HTTP2_SEND_REQUEST_HEADERS",
        Kind::SendHeaders,
    ),
    (
        "HTTP_TRANSACTION_QUIC_SEND_REQUEST_HEADERS",
        Kind::SendHeaders,
    ),
    (
        "HTTP_TRANSACTION_READ_RESPONSE_HEADERS",
        Kind::ReadResponseHeaders,
    ),
    (
        "URL_REQUEST_FAKE_RESPONSE_HEADERS_CREATED",
        Kind::FakeResponseHeaders,
    ),
    ("URL_REQUEST_REDIRECTED", Kind::Redirected),
    ("FAILED", Kind::Failed),
    ("CORS_REQUEST", Kind::CorsRequest),
    ("CHECK_CORS_PREFLIGHT_REQUIRED", Kind::PreflightRequired),
    ("CHECK_CORS_PREFLIGHT_CACHE", Kind::PreflightCache),
    ("CORS_PREFLIGHT_URL_REQUEST", Kind::PreflightUrlRequest),
    ("CORS_PREFLIGHT_ERROR", Kind::PreflightError),
    ("HTTP_TRANSACTION_READ_BODY", Kind::ReadBody),
    ("HTTP_CACHE_READ_DATA", Kind::ReadBody),
    ("HTTP_CACHE_READ_INFO", Kind::CacheReadInfo),
];

/// What the constants tell.
#[derive(Debug, Clone, Default)]
pub struct Constants {
    kinds: HashMap<u64, Kind>,
    /// `logSourceType.URL_REQUEST`.
    pub url_request: Option<u64>,
    /// Net error number → name (`-2` → `ERR_FAILED`).
    net_errors: HashMap<i64, String>,
    /// `clientInfo.version` (`156.0.8078.129`).
    pub version: Option<String>,
    /// `clientInfo.name` (`Chromium`, `Google Chrome`).
    pub client: Option<String>,
    /// `logCaptureMode` (`Default`, `IncludeSensitive`, `Everything`, `HeavilyRedacted`).
    pub capture_mode: Option<String>,
    /// Milliseconds to add to an event's `time` for the Unix epoch.
    pub time_tick_offset: Option<f64>,
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_string)
}

impl Constants {
    pub fn parse(bytes: &[u8]) -> Result<Constants, serde_json::Error> {
        let v: Value = serde_json::from_slice(bytes)?;
        let types = v.get("logEventTypes");
        let kinds = KINDS
            .iter()
            .filter_map(|(name, k)| Some((types?.get(*name)?.as_u64()?, *k)))
            .collect();
        let net_errors = v
            .get("netError")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(name, n)| Some((n.as_i64()?, name.clone())))
                    .collect()
            })
            .unwrap_or_default();
        let client = v.get("clientInfo");
        Ok(Constants {
            kinds,
            url_request: v
                .get("logSourceType")
                .and_then(|t| t.get("URL_REQUEST"))
                .and_then(Value::as_u64),
            net_errors,
            version: text(client.and_then(|c| c.get("version"))),
            client: text(client.and_then(|c| c.get("name"))),
            capture_mode: text(v.get("logCaptureMode")),
            time_tick_offset: v.get("timeTickOffset").and_then(number),
        })
    }

    pub fn kind(&self, id: u64) -> Option<Kind> {
        self.kinds.get(&id).copied()
    }

    /// `net::ERR_…` for a net error number; the number itself when the log does not name it.
    pub fn net_error(&self, n: i64) -> String {
        match self.net_errors.get(&n) {
            Some(name) => format!("net::{name}"),
            None => format!("net error {n}"),
        }
    }

    /// Whether the capture mode records no headers at all.
    pub fn strips_headers(&self) -> bool {
        self.capture_mode.as_deref() == Some("HeavilyRedacted")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_numbers_this_log_uses() {
        let c = Constants::parse(
            br#"{"logEventTypes":{"CORS_REQUEST":412,"REQUEST_ALIVE":2},"logSourceType":{"URL_REQUEST":1},
            "netError":{"ERR_FAILED":-2},"clientInfo":{"name":"Chromium","version":"156.0.1.2"},
            "logCaptureMode":"Everything","timeTickOffset":"1796668122756"}"#,
        )
        .unwrap();
        assert_eq!(c.kind(412), Some(Kind::CorsRequest));
        assert_eq!(c.kind(2), Some(Kind::RequestAlive));
        assert_eq!(c.kind(3), None);
        assert_eq!(c.url_request, Some(1));
        assert_eq!(c.net_error(-2), "net::ERR_FAILED");
        assert_eq!(c.net_error(-999), "net error -999");
        assert_eq!(c.version.as_deref(), Some("156.0.1.2"));
        assert_eq!(c.time_tick_offset, Some(1796668122756.0));
        assert!(!c.strips_headers());
        assert!(Constants::parse(b"[1]").is_ok());
        assert!(Constants::parse(b"{").is_err());
    }
}
