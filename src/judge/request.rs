//! The request as the page made it, rebuilt from a chain's entries: method, unsafe headers,
//! mode, and the policy checks that come before CORS.

use crate::fetch::engine::RequestMode;
use crate::fetch::safelist::{parse_request_headers_list, unsafe_header_names};
use crate::model::Entry;

/// The method and unsafe header names the page's request carried: what its preflight asked
/// for when one was captured, else what the request itself shows.
pub fn method_and_unsafe_headers(
    first: &Entry<'_>,
    preflight: Option<&Entry<'_>>,
) -> (String, Vec<String>) {
    match preflight {
        Some(p) => (
            p.request
                .headers
                .get("access-control-request-method")
                .map(str::to_string)
                .unwrap_or_else(|| first.request.method.to_string()),
            parse_request_headers_list(
                p.request
                    .headers
                    .get("access-control-request-headers")
                    .unwrap_or(""),
            ),
        ),
        None => (
            first.request.method.to_string(),
            unsafe_header_names(
                first
                    .request
                    .headers
                    .iter()
                    .map(|h| (h.name.as_ref(), h.value.as_ref())),
            ),
        ),
    }
}

/// The request mode: `Sec-Fetch-Mode` when recorded, else from the resource type, else from
/// whether an `Origin` header was sent.
pub fn request_mode(e: &Entry<'_>, preflighted: bool) -> RequestMode {
    if preflighted {
        return RequestMode::Cors;
    }
    let websocket = e.response.status == 101
        || e.request
            .headers
            .get("upgrade")
            .is_some_and(|u| u.eq_ignore_ascii_case("websocket"))
        || e.request.url.starts_with("ws");
    if websocket {
        return RequestMode::Navigate;
    }
    if let Some(m) = e.request.headers.get("sec-fetch-mode") {
        match m.trim().to_ascii_lowercase().as_str() {
            "cors" => return RequestMode::Cors,
            "no-cors" => return RequestMode::NoCors,
            "same-origin" => return RequestMode::SameOrigin,
            "navigate" | "nested-navigate" | "websocket" => return RequestMode::Navigate,
            _ => {}
        }
    }
    match e.resource_type.as_deref() {
        Some("fetch" | "xhr" | "eventsource" | "font" | "manifest") => RequestMode::Cors,
        Some("document" | "websocket" | "ping" | "csp-violation-report") => RequestMode::Navigate,
        // Other resource types, and proxies and capture tools that record none: a cross-origin
        // CORS request always carries `Origin`. CORS headers on the response prove nothing
        // (CDNs send them with every image and stylesheet).
        _ => {
            if e.request.headers.contains("origin") {
                RequestMode::Cors
            } else {
                RequestMode::NoCors
            }
        }
    }
}

/// Whether the URL is potentially trustworthy (so an https page may fetch it over http).
fn potentially_trustworthy(url: &str) -> bool {
    if url.starts_with("https://") || url.starts_with("wss://") {
        return true;
    }
    let Ok(u) = url::Url::parse(url) else {
        return false;
    };
    if u.scheme() == "https" || u.scheme() == "wss" {
        return true;
    }
    match u.host() {
        Some(url::Host::Domain(d)) => d == "localhost" || d.ends_with(".localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Mixed content: an https page asked for an http URL that is not potentially trustworthy.
pub fn is_mixed_content(page_origin: &str, url: &str) -> bool {
    page_origin.starts_with("https://")
        && url.starts_with("http://")
        && !potentially_trustworthy(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::tests::entry;

    #[test]
    fn mixed_content_spares_loopback_and_https() {
        assert!(is_mixed_content("https://a.x", "http://api.x/"));
        assert!(!is_mixed_content("https://a.x", "http://localhost:8080/"));
        assert!(!is_mixed_content("https://a.x", "http://127.0.0.1/"));
        assert!(!is_mixed_content("http://a.x", "http://api.x/"));
        assert!(!is_mixed_content("https://a.x", "https://api.x/"));
    }

    #[test]
    fn mode_from_sec_fetch_mode_then_resource_type_then_origin() {
        let mut e = entry(
            0,
            "GET",
            "http://api.x/",
            &[("Sec-Fetch-Mode", "no-cors")],
            200,
            &[],
        );
        e.resource_type = Some("fetch".into());
        assert_eq!(request_mode(&e, false), RequestMode::NoCors);
        assert_eq!(request_mode(&e, true), RequestMode::Cors);
        let mut e = entry(0, "GET", "http://api.x/", &[], 200, &[]);
        e.resource_type = Some("xhr".into());
        assert_eq!(request_mode(&e, false), RequestMode::Cors);
        let e = entry(
            0,
            "GET",
            "http://api.x/",
            &[("Origin", "http://a.x")],
            200,
            &[],
        );
        assert_eq!(request_mode(&e, false), RequestMode::Cors);
        let e = entry(0, "GET", "http://api.x/", &[], 200, &[]);
        assert_eq!(request_mode(&e, false), RequestMode::NoCors);
    }

    #[test]
    fn the_preflight_says_what_was_asked() {
        let first = entry(0, "PUT", "http://api.x/", &[("X-Token", "1")], 0, &[]);
        let pf = entry(
            1,
            "OPTIONS",
            "http://api.x/",
            &[
                ("Access-Control-Request-Method", "PUT"),
                ("Access-Control-Request-Headers", "x-token,content-type"),
            ],
            204,
            &[],
        );
        let (m, h) = method_and_unsafe_headers(&first, Some(&pf));
        assert_eq!(m, "PUT");
        assert_eq!(h, ["content-type", "x-token"]);
        let (m, h) = method_and_unsafe_headers(&first, None);
        assert_eq!((m.as_str(), h), ("PUT", vec!["x-token".to_string()]));
    }
}
