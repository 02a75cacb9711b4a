//! Whether a HAR is DevTools' sanitized export ("Export HAR (sanitized)", Chromium's default
//! since 2024), which removes `Cookie`, `Set-Cookie` and `Authorization` — so a credentialed
//! request looks uncredentialed. Decided on evidence the export leaves, never on the mere
//! absence of cookies (a page that sets none gives the same file either way).

use crate::model::{Capture, Entry, Producer};
use serde::Serialize;

/// What the capture shows about sanitization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum Sanitization {
    /// A request's recorded header size exceeds its recorded headers: a header was removed.
    Sanitized { evidence: String },
    /// Cookies or `Authorization` are present, or the producer writes no sanitized export.
    Complete { because: String },
    /// Nothing tells: no cookie or `Authorization` anywhere, and no header removed in a way
    /// the sizes show.
    CannotTell,
}

impl Sanitization {
    pub fn is_sanitized(&self) -> bool {
        matches!(self, Sanitization::Sanitized { .. })
    }
}

/// The bytes a request's header block needs beyond its headers: the request line
/// (`GET /path?q HTTP/1.1`) and the CRLFs. `None` when the block is not HTTP/1's text form.
fn request_line_len(e: &Entry<'_>) -> Option<i64> {
    let version = e.request.http_version.to_ascii_uppercase();
    if !version.starts_with("HTTP/1") {
        return None;
    }
    let url = e.request.url.as_ref();
    let after_scheme = url.split_once("://")?.1;
    let target = after_scheme
        .find('/')
        .map(|i| &after_scheme[i..])
        .unwrap_or("/");
    let target = target.split('#').next().unwrap_or(target);
    // "METHOD SP target SP version CRLF", then the final CRLF.
    Some((e.request.method.len() + 1 + target.len() + 1 + version.len() + 2 + 2) as i64)
}

/// How many bytes of a request's recorded header block its recorded headers do not account
/// for (`None` when the sizes are not recorded).
fn missing_header_bytes(e: &Entry<'_>) -> Option<i64> {
    if e.request.headers_size <= 0 {
        return None;
    }
    let listed: i64 = e
        .request
        .headers
        .iter()
        .map(|h| (h.name.len() + 2 + h.value.len() + 2) as i64)
        .sum();
    Some(e.request.headers_size - listed - request_line_len(e)?)
}

/// The smallest header line a sanitizer removes (`Cookie: a=b` with its CRLF).
const SMALLEST_REMOVED: i64 = "Cookie: a=b\r\n".len() as i64;

pub fn sanitization(capture: &Capture<'_>) -> Sanitization {
    if capture.producer != Producer::Chromium {
        return Sanitization::Complete {
            because: "only Chromium's DevTools writes a sanitized export".into(),
        };
    }
    let credentialed = capture.entries.iter().any(|e| {
        e.request.cookie_count > 0
            || e.request.headers.contains("cookie")
            || e.request.headers.contains("authorization")
            || e.response.headers.contains("set-cookie")
            || e.response.cookie_count > 0
    });
    if credentialed {
        return Sanitization::Complete {
            because: "cookies or Authorization are present".into(),
        };
    }
    let stripped = capture
        .entries
        .iter()
        .find(|e| missing_header_bytes(e).is_some_and(|m| m >= SMALLEST_REMOVED));
    match stripped {
        Some(e) => Sanitization::Sanitized {
            evidence: format!(
                "entry {} records a {}-byte request header block, {} bytes more than its request line and listed headers: a header (Cookie or Authorization) was removed",
                e.index,
                e.request.headers_size,
                missing_header_bytes(e).unwrap_or(0)
            ),
        },
        None => Sanitization::CannotTell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::tests::{capture, entry};

    fn chromium(mut e: Entry<'static>, headers_size: i64) -> Capture<'static> {
        e.request.http_version = "HTTP/1.1".into();
        e.request.headers_size = headers_size;
        let mut c = capture(vec![e]);
        c.producer = Producer::Chromium;
        c
    }

    #[test]
    fn a_removed_header_shows_in_the_recorded_size() {
        let e = entry(
            0,
            "GET",
            "http://api.x/a?b=1",
            &[("Accept", "*/*")],
            200,
            &[],
        );
        // "GET /a?b=1 HTTP/1.1\r\n" (21) + "Accept: */*\r\n" (13) + "\r\n" (2) = 36.
        assert_eq!(
            sanitization(&chromium(e.clone(), 36)),
            Sanitization::CannotTell
        );
        // A Cookie line of 30 bytes was in the block but is not in the list.
        assert!(sanitization(&chromium(e.clone(), 36 + 30)).is_sanitized());
        // HTTP/2 blocks are not text: nothing to compare.
        let mut c = chromium(e, 36 + 30);
        c.entries[0].request.http_version = "h2".into();
        assert_eq!(sanitization(&c), Sanitization::CannotTell);
    }

    #[test]
    fn cookies_or_another_producer_mean_a_complete_export() {
        let e = entry(0, "GET", "http://api.x/a", &[("Cookie", "s=1")], 200, &[]);
        assert!(matches!(
            sanitization(&chromium(e, 0)),
            Sanitization::Complete { .. }
        ));
        let mut c = chromium(entry(0, "GET", "http://api.x/a", &[], 200, &[]), 0);
        c.producer = Producer::Firefox;
        assert!(matches!(sanitization(&c), Sanitization::Complete { .. }));
    }
}
