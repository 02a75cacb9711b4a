//! The capture-independent model: what any input (HAR flavour, proxy export) is turned into.
//!
//! Strings borrow from the input buffer where the JSON allows it (`Cow::Borrowed`), so loading a
//! large HAR copies only the strings that carried escapes. Nothing here knows about HAR quirks;
//! `capture::har` maps each flavour onto these types.

pub mod origin;

pub use origin::{Origin, OriginSource, PageOrigin};
use std::borrow::Cow;
use std::fmt;

/// Calls `f` with `name` in ASCII lower case, lowered on the stack when it is short (header
/// names are): the hot paths that classify every header of a large capture allocate nothing.
pub fn with_lowercase<R>(name: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 64];
    match buf.get_mut(..name.len()) {
        Some(b) => {
            b.copy_from_slice(name.as_bytes());
            b.make_ascii_lowercase();
            // Lowering ASCII letters keeps UTF-8 valid.
            f(std::str::from_utf8(b).unwrap_or(name))
        }
        None => f(&name.to_ascii_lowercase()),
    }
}

/// One header line, as recorded. Names keep their recorded case; lookups ignore it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Header<'a> {
    pub name: Cow<'a, str>,
    pub value: Cow<'a, str>,
}

impl<'a> Header<'a> {
    pub fn new(name: impl Into<Cow<'a, str>>, value: impl Into<Cow<'a, str>>) -> Self {
        Header {
            name: name.into(),
            value: value.into(),
        }
    }
}

/// An ordered, multi-valued header list with case-insensitive lookup.
///
/// Order and duplicates are kept exactly as recorded: two `Access-Control-Allow-Origin` lines
/// are evidence (`multiple-allow-origin`) and must not be merged on load.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Headers<'a> {
    items: Vec<Header<'a>>,
}

impl<'a> Headers<'a> {
    pub fn new(items: Vec<Header<'a>>) -> Self {
        Headers { items }
    }

    /// Builds headers from `(name, value)` pairs (tests, probes, console-derived chains).
    pub fn from_pairs<N, V>(pairs: impl IntoIterator<Item = (N, V)>) -> Self
    where
        N: Into<Cow<'a, str>>,
        V: Into<Cow<'a, str>>,
    {
        Headers {
            items: pairs.into_iter().map(|(n, v)| Header::new(n, v)).collect(),
        }
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Header<'a>> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn push(&mut self, header: Header<'a>) {
        self.items.push(header);
    }

    /// HTTP/2 and HTTP/3 pseudo headers (`:authority`, `:status` …) as some HARs record them.
    pub fn is_pseudo(name: &str) -> bool {
        name.starts_with(':')
    }

    /// The first value of `name`, ignoring case.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_ref())
    }

    /// Every value of `name`, in recorded order.
    pub fn get_all<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s str> + 's {
        self.items
            .iter()
            .filter(move |h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_ref())
    }

    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// How many header lines carry `name`.
    pub fn count(&self, name: &str) -> usize {
        self.items
            .iter()
            .filter(|h| h.name.eq_ignore_ascii_case(name))
            .count()
    }

    /// All values of `name` joined with ", ", the way a browser's header map combines duplicate
    /// lines (Chromium's `GetNormalizedHeader`). `None` when the header is absent.
    pub fn combined<'s>(&'s self, name: &'s str) -> Option<Cow<'s, str>> {
        let mut values = self.get_all(name);
        let first = values.next()?;
        match values.next() {
            None => Some(Cow::Borrowed(first)),
            Some(second) => {
                let mut joined = String::with_capacity(first.len() + second.len() + 2);
                joined.push_str(first);
                joined.push_str(", ");
                joined.push_str(second);
                for v in values {
                    joined.push_str(", ");
                    joined.push_str(v);
                }
                Some(Cow::Owned(joined))
            }
        }
    }

    /// Whether any `Access-Control-*` response header is present.
    pub fn has_any_cors_response_header(&self) -> bool {
        self.items.iter().any(|h| {
            // Bytes, not a str slice: a name may hold multi-byte characters at any place.
            let n = h.name.as_bytes();
            n.len() > 15
                && n.get(..15)
                    .is_some_and(|p| p.eq_ignore_ascii_case(b"access-control-"))
        })
    }
}

#[cfg(test)]
mod headers_tests {
    use super::*;

    #[test]
    fn a_non_ascii_name_never_breaks_the_cors_header_test() {
        // Found by tests/fuzz_props.rs: a name with a 4-byte character across byte 15.
        let h = Headers::from_pairs([("&Fj¥%5\u{14d59}\u{dab17}\u{aca9d}", "x")]);
        assert!(!h.has_any_cors_response_header());
        let h = Headers::from_pairs([("Access-Control-Allow-Origin", "*")]);
        assert!(h.has_any_cors_response_header());
    }
}

impl<'a> FromIterator<Header<'a>> for Headers<'a> {
    fn from_iter<T: IntoIterator<Item = Header<'a>>>(iter: T) -> Self {
        Headers {
            items: iter.into_iter().collect(),
        }
    }
}

impl<'s, 'a> IntoIterator for &'s Headers<'a> {
    type Item = &'s Header<'a>;
    type IntoIter = std::slice::Iter<'s, Header<'a>>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// Which program wrote the capture. Decides which recorded fields can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Producer {
    /// Chrome/Edge/Chromium DevTools ("WebInspector"): `_error`, `_resourceType`, preflights.
    Chromium,
    Firefox,
    Safari,
    /// Playwright `recordHar`: `status: -1` + `_failureText`, no preflight entries.
    Playwright,
    /// Chrome-driving capture tools (chrome-har, browsertime, WebPageTest, chrome-har-capturer).
    ChromiumTool,
    /// mitmproxy, Charles, Fiddler, HTTP Toolkit, Insomnia …: what crossed the wire, no verdict.
    Proxy,
    /// A Chrome NetLog (`chrome://net-export`, `--log-net-log`): raw headers, net errors, the
    /// CorsError of a failed preflight and preflight-cache hits; no page list.
    #[serde(rename = "chrome-netlog")]
    ChromeNetLog,
    /// Internet Explorer's F12 tools and anything else.
    #[default]
    Unknown,
}

impl Producer {
    /// Whether this producer records the browser's outcome (`_error`, failed entries).
    pub fn records_outcome(self) -> bool {
        matches!(
            self,
            Producer::Chromium | Producer::Playwright | Producer::ChromeNetLog
        )
    }
}

impl fmt::Display for Producer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Producer::Chromium => "chromium",
            Producer::Firefox => "firefox",
            Producer::Safari => "safari",
            Producer::Playwright => "playwright",
            Producer::ChromiumTool => "chromium-tool",
            Producer::Proxy => "proxy",
            Producer::ChromeNetLog => "chrome-netlog",
            Producer::Unknown => "unknown",
        };
        f.write_str(s)
    }
}

/// A whole loaded capture.
#[derive(Debug, Clone, Default)]
pub struct Capture<'a> {
    /// `log.creator.name` / `.version` as recorded.
    pub creator: Cow<'a, str>,
    pub creator_version: Cow<'a, str>,
    /// `log.browser.name` when present.
    pub browser: Option<Cow<'a, str>>,
    pub producer: Producer,
    pub pages: Vec<Page<'a>>,
    pub entries: Vec<Entry<'a>>,
    /// Entries that could not be read; the rest are still analysed.
    pub skipped: Vec<Skipped>,
}

impl<'a> Capture<'a> {
    pub fn page(&self, id: &str) -> Option<&Page<'a>> {
        self.pages.iter().find(|p| p.id == id)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page<'a> {
    pub id: Cow<'a, str>,
    /// DevTools writes the page URL here.
    pub title: Cow<'a, str>,
    pub started: Cow<'a, str>,
}

/// An entry of `log.entries` that was skipped, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// 0-based index in `log.entries`.
    pub entry: usize,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry<'a> {
    /// 0-based index in `log.entries`.
    pub index: usize,
    pub pageref: Option<Cow<'a, str>>,
    /// `startedDateTime` as recorded (ISO 8601, any offset).
    pub started: Cow<'a, str>,
    /// `startedDateTime` as milliseconds since the Unix epoch, when it parses.
    pub started_ms: Option<f64>,
    /// `time`, total milliseconds.
    pub time_ms: f64,
    /// `_resourceType` (Chromium: `fetch`, `xhr`, `preflight`, `document` …).
    pub resource_type: Option<Cow<'a, str>>,
    /// `_initiator.type` and `_initiator.url` (Chromium preflights point at their request).
    pub initiator_type: Option<Cow<'a, str>>,
    pub initiator_url: Option<Cow<'a, str>>,
    /// `_fromCache` (`memory` / `disk`).
    pub from_cache: Option<Cow<'a, str>>,
    pub server_ip: Option<Cow<'a, str>>,
    pub request: Request<'a>,
    pub response: Response<'a>,
    /// What a Chrome NetLog recorded about this request beyond its headers (NetLog inputs only).
    pub log: Option<Box<LogRecord>>,
}

/// What a Chrome NetLog records about a request that no HAR holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogRecord {
    /// The CorsError the network service recorded (`CORS_PREFLIGHT_ERROR`'s `cors-error`).
    pub cors_error: Option<LoggedCorsError>,
    /// `CHECK_CORS_PREFLIGHT_CACHE`'s status (`miss`, `stale`, `hit-and-pass` …).
    pub preflight_cache: Option<String>,
    /// The log holds no headers for this request (a stripped capture mode).
    pub headers_stripped: bool,
    /// The final response's headers arrived (from the network or the cache) and the request
    /// ended without its body being read and without a net error: Chromium's CORS loader drops
    /// a response that fails its check this way (so does a page that stops reading).
    pub dropped_after_headers: bool,
    /// The log ends before the request did (a log cut off during the capture).
    pub unfinished: bool,
}

/// A CorsError number as a NetLog writes it, named in the numbering of the log's Chromium.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedCorsError {
    pub number: i64,
    /// `None`: a number the numbering of the log's Chromium version does not name for corsdx.
    pub name: Option<&'static str>,
    /// The Chromium version that wrote the log (`constants.clientInfo.version`).
    pub version: Option<String>,
}

impl LogRecord {
    /// Whether the preflight was answered from Chromium's preflight cache (`hit-and-pass`; a
    /// `hit-and-fail` entry did not cover the request, which then sent its own preflight).
    pub fn preflight_cache_hit(&self) -> bool {
        matches!(
            self.preflight_cache.as_deref(),
            Some("hit-and-pass" | "hit")
        )
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Request<'a> {
    pub method: Cow<'a, str>,
    pub url: Cow<'a, str>,
    pub http_version: Cow<'a, str>,
    pub headers: Headers<'a>,
    /// Number of entries in `request.cookies` (values are never needed).
    pub cookie_count: usize,
    /// `postData.mimeType` when a body was sent.
    pub post_mime: Option<Cow<'a, str>>,
    /// The raw request header block's size as recorded (request line included); -1 unknown.
    pub headers_size: i64,
    pub body_size: i64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Response<'a> {
    /// 0 when no response arrived; Playwright writes -1 for failures.
    pub status: i64,
    pub status_text: Cow<'a, str>,
    pub http_version: Cow<'a, str>,
    pub headers: Headers<'a>,
    pub cookie_count: usize,
    /// `redirectURL` as recorded (may be relative or empty).
    pub redirect_url: Cow<'a, str>,
    /// The recorded failure: Chromium `_error` (`net::ERR_FAILED` …), Playwright `_failureText`,
    /// proxies' `_error`. `None` when the producer recorded none (or `null`).
    pub error: Option<Cow<'a, str>>,
    pub headers_size: i64,
    pub body_size: i64,
    /// `_transferSize` (Chromium).
    pub transfer_size: Option<i64>,
    pub mime_type: Cow<'a, str>,
}
