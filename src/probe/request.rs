//! The requests Chromium sends for a `fetch()` in `cors` mode: the preflight (when the request is
//! not simple) and the request itself, hop by hop, and the `curl` line reproducing each.

use crate::fetch::safelist::{is_forbidden_request_header, normalize_method, unsafe_header_names};
use crate::model::origin::{origin_of, same_origin};

/// User-Agent of every probe request (Chromium's shape, naming the tool).
pub const USER_AGENT: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) corsdx-probe";

/// A value for `--header NAME` given without one.
pub const DEFAULT_HEADER_VALUE: &str = "corsdx-probe";

/// The cookie sent with `--credentials` when the user gives none: a credentialed request is
/// recognised by its cookies, in the wire and in the HAR.
pub const DEFAULT_COOKIE: &str = "corsdx_probe=1";

/// What the page's `fetch()` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    /// Normalized (`put` → `PUT`, as `fetch()` does).
    pub method: String,
    pub url: String,
    /// The page's serialized origin.
    pub origin: String,
    /// Headers the page sets, in the order given.
    pub headers: Vec<(String, String)>,
    /// `credentials: 'include'`, with the cookie the browser would attach.
    pub cookie: Option<String>,
}

/// An invalid `--header`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    #[error("--header '{0}': not a header name")]
    BadName(String),
    #[error("--header '{0}': a page cannot set this header (forbidden request header); the browser sets it")]
    Forbidden(String),
    #[error("--header 'Cookie': a browser sends cookies only with credentials; add --credentials")]
    CookieWithoutCredentials,
    #[error(
        "--header '{0}': the value must be printable ASCII (fetch() refuses control characters)"
    )]
    BadValue(String),
}

/// Header `(name, value)` pairs in order.
pub type HeaderList = Vec<(String, String)>;

/// Parses `NAME[:VALUE]` options into the page's headers and the cookie to send.
pub fn parse_headers(
    specs: &[String],
    credentials: bool,
) -> Result<(HeaderList, Option<String>), HeaderError> {
    let mut headers = Vec::new();
    let mut cookie = None;
    for spec in specs {
        let (name, value) = match spec.split_once(':') {
            Some((n, v)) => (n.trim(), v.trim()),
            None => (spec.trim(), DEFAULT_HEADER_VALUE),
        };
        if !crate::fetch::safelist::is_token(name) {
            return Err(HeaderError::BadName(spec.clone()));
        }
        if !value
            .bytes()
            .all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
        {
            return Err(HeaderError::BadValue(spec.clone()));
        }
        if name.eq_ignore_ascii_case("cookie") {
            if !credentials {
                return Err(HeaderError::CookieWithoutCredentials);
            }
            cookie = Some(value.to_string());
            continue;
        }
        if is_forbidden_request_header(name) {
            return Err(HeaderError::Forbidden(name.to_string()));
        }
        headers.push((name.to_string(), value.to_string()));
    }
    if credentials && cookie.is_none() {
        cookie = Some(DEFAULT_COOKIE.to_string());
    }
    Ok((headers, cookie))
}

impl PageRequest {
    pub fn new(
        method: &str,
        url: &str,
        origin: &str,
        headers: Vec<(String, String)>,
        cookie: Option<String>,
    ) -> Self {
        PageRequest {
            method: normalize_method(method),
            url: url.to_string(),
            origin: origin.to_string(),
            headers,
            cookie,
        }
    }

    /// Lower-cased, sorted unsafe header names (what a preflight asks for).
    pub fn unsafe_headers(&self) -> Vec<String> {
        unsafe_header_names(self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())))
    }
}

/// One request on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireRequest {
    pub method: String,
    pub url: String,
    /// In the order sent.
    pub headers: Vec<(String, String)>,
    pub preflight: bool,
}

impl WireRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// `Sec-Fetch-Site` of a request from `origin` to `url` (site = scheme + registrable domain,
/// approximated by the last two host labels).
pub fn sec_fetch_site(origin: &str, url: &str) -> &'static str {
    if origin == "null" {
        return "cross-site";
    }
    if same_origin(url, origin) {
        return "same-origin";
    }
    let site = |s: &str| -> Option<(String, String)> {
        let u = url::Url::parse(s).ok()?;
        let host = u.host_str()?.to_ascii_lowercase();
        let labels: Vec<&str> = host.split('.').collect();
        let reg = if labels.len() >= 2 && host.parse::<std::net::IpAddr>().is_err() {
            labels[labels.len() - 2..].join(".")
        } else {
            host.clone()
        };
        Some((u.scheme().to_string(), reg))
    };
    match (site(origin), site(url)) {
        (Some(a), Some(b)) if a == b => "same-site",
        _ => "cross-site",
    }
}

/// The preflight Chromium sends before `method` with these unsafe headers to `url`, from
/// `origin` (`null` after a tainting redirect). Never carries cookies or the page's headers.
pub fn preflight(url: &str, origin: &str, method: &str, unsafe_headers: &[String]) -> WireRequest {
    let mut headers = vec![
        ("Accept".to_string(), "*/*".to_string()),
        (
            "Access-Control-Request-Method".to_string(),
            method.to_string(),
        ),
    ];
    if !unsafe_headers.is_empty() {
        // Chromium joins the lower-cased sorted names with "," and no space.
        headers.push((
            "Access-Control-Request-Headers".to_string(),
            unsafe_headers.join(","),
        ));
    }
    headers.extend([
        ("Origin".to_string(), origin.to_string()),
        ("Sec-Fetch-Mode".to_string(), "cors".to_string()),
        (
            "Sec-Fetch-Site".to_string(),
            sec_fetch_site(origin, url).to_string(),
        ),
        ("Sec-Fetch-Dest".to_string(), "empty".to_string()),
        ("User-Agent".to_string(), USER_AGENT.to_string()),
    ]);
    WireRequest {
        method: "OPTIONS".to_string(),
        url: url.to_string(),
        headers,
        preflight: true,
    }
}

/// The request itself at one hop: the page's headers (minus the body headers a redirect to GET
/// dropped), `Origin` when cross-origin or not GET/HEAD, the cookie with credentials.
pub fn actual(
    page: &PageRequest,
    url: &str,
    method: &str,
    origin: &str,
    dropped_body_headers: bool,
) -> WireRequest {
    let mut headers = vec![("Accept".to_string(), "*/*".to_string())];
    for (n, v) in &page.headers {
        if n.eq_ignore_ascii_case("accept") {
            headers[0].1 = v.clone();
            continue;
        }
        if dropped_body_headers
            && [
                "content-encoding",
                "content-language",
                "content-location",
                "content-type",
            ]
            .iter()
            .any(|b| n.eq_ignore_ascii_case(b))
        {
            continue;
        }
        headers.push((n.clone(), v.clone()));
    }
    let cross = origin == "null" || !same_origin(url, origin);
    if cross || !matches!(method, "GET" | "HEAD") {
        headers.push(("Origin".to_string(), origin.to_string()));
    }
    headers.extend([
        ("Sec-Fetch-Mode".to_string(), "cors".to_string()),
        (
            "Sec-Fetch-Site".to_string(),
            sec_fetch_site(origin, url).to_string(),
        ),
        ("Sec-Fetch-Dest".to_string(), "empty".to_string()),
        ("User-Agent".to_string(), USER_AGENT.to_string()),
    ]);
    if let Some(c) = &page.cookie {
        headers.push(("Cookie".to_string(), c.clone()));
    }
    WireRequest {
        method: method.to_string(),
        url: url.to_string(),
        headers,
        preflight: false,
    }
}

/// TLS options that a reproducing `curl` needs too.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CurlTls {
    pub cacert: Option<String>,
    pub insecure: bool,
    /// `--resolve` entries, passed on to curl (same syntax).
    pub resolve: Vec<String>,
}

pub use crate::repro::shell_quote;

/// A `curl` command line sending exactly `req` and printing the response headers.
pub fn curl_line(req: &WireRequest, tls: &CurlTls) -> String {
    let mut flags = Vec::new();
    if let Some(c) = &tls.cacert {
        flags.push("--cacert".to_string());
        flags.push(shell_quote(c));
    }
    if tls.insecure {
        flags.push("-k".to_string());
    }
    for r in &tls.resolve {
        flags.push("--resolve".to_string());
        flags.push(shell_quote(r));
    }
    crate::repro::curl(&req.method, &req.url, &req.headers, &flags)
}

/// The page origin of a URL, for messages.
pub fn origin_label(url: &str) -> String {
    origin_of(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_parse_with_and_without_values() {
        let (h, c) =
            parse_headers(&["X-Api-Key: k1".into(), "Authorization".into()], false).unwrap();
        assert_eq!(
            h,
            vec![
                ("X-Api-Key".to_string(), "k1".to_string()),
                (
                    "Authorization".to_string(),
                    DEFAULT_HEADER_VALUE.to_string()
                )
            ]
        );
        assert_eq!(c, None);
    }

    #[test]
    fn cookies_need_credentials_and_credentials_bring_a_cookie() {
        assert_eq!(
            parse_headers(&["Cookie: a=b".into()], false),
            Err(HeaderError::CookieWithoutCredentials)
        );
        let (_, c) = parse_headers(&["Cookie: a=b".into()], true).unwrap();
        assert_eq!(c.as_deref(), Some("a=b"));
        let (_, c) = parse_headers(&[], true).unwrap();
        assert_eq!(c.as_deref(), Some(DEFAULT_COOKIE));
    }

    #[test]
    fn forbidden_and_malformed_headers_are_refused() {
        assert!(matches!(
            parse_headers(&["Host: x".into()], false),
            Err(HeaderError::Forbidden(_))
        ));
        assert!(matches!(
            parse_headers(&["Bad Name: x".into()], false),
            Err(HeaderError::BadName(_))
        ));
        assert!(matches!(
            parse_headers(&["X-A: caf\u{e9}".into()], false),
            Err(HeaderError::BadValue(_))
        ));
        assert!(matches!(
            parse_headers(&[":x".into()], false),
            Err(HeaderError::BadName(_))
        ));
    }

    #[test]
    fn preflight_asks_for_lowercased_sorted_names_without_cookies() {
        let page = PageRequest::new(
            "put",
            "http://api.example.test/x",
            "http://app.example.test",
            vec![
                ("X-Zeta".into(), "1".into()),
                ("Content-Type".into(), "application/json".into()),
                ("Authorization".into(), "Bearer t".into()),
            ],
            Some("s=1".into()),
        );
        assert_eq!(page.method, "PUT");
        let pf = preflight(
            &page.url,
            &page.origin,
            &page.method,
            &page.unsafe_headers(),
        );
        assert_eq!(pf.method, "OPTIONS");
        assert_eq!(pf.header("access-control-request-method"), Some("PUT"));
        assert_eq!(
            pf.header("access-control-request-headers"),
            Some("authorization,content-type,x-zeta")
        );
        assert_eq!(pf.header("origin"), Some("http://app.example.test"));
        assert_eq!(pf.header("cookie"), None);
        assert_eq!(pf.header("authorization"), None);
        assert_eq!(pf.header("sec-fetch-site"), Some("same-site"));
    }

    #[test]
    fn a_simple_request_asks_for_no_headers_and_the_actual_carries_the_cookie() {
        let page = PageRequest::new(
            "GET",
            "http://127.0.0.1:9/x",
            "http://localhost:3000",
            vec![],
            Some("s=1".into()),
        );
        assert!(page.unsafe_headers().is_empty());
        let a = actual(&page, &page.url, "GET", &page.origin, false);
        assert_eq!(a.header("origin"), Some("http://localhost:3000"));
        assert_eq!(a.header("cookie"), Some("s=1"));
        assert_eq!(a.header("sec-fetch-site"), Some("cross-site"));
    }

    #[test]
    fn a_redirect_to_get_drops_the_body_headers() {
        let page = PageRequest::new(
            "POST",
            "http://api.test/x",
            "http://app.test",
            vec![("Content-Type".into(), "application/json".into())],
            None,
        );
        let a = actual(&page, "http://api.test/y", "GET", "null", true);
        assert_eq!(a.header("content-type"), None);
        assert_eq!(a.header("origin"), Some("null"));
    }

    #[test]
    fn curl_lines_quote_for_the_shell() {
        let req = WireRequest {
            method: "OPTIONS".into(),
            url: "http://127.0.0.1:8080/a?b=c&d".into(),
            headers: vec![("X-Q".into(), "it's".into())],
            preflight: true,
        };
        let line = curl_line(
            &req,
            &CurlTls {
                cacert: Some("ca.pem".into()),
                insecure: false,
                resolve: Vec::new(),
            },
        );
        assert_eq!(
            line,
            r#"curl -sS -i -X OPTIONS --cacert ca.pem -H 'X-Q: it'\''s' 'http://127.0.0.1:8080/a?b=c&d'"#
        );
    }
}
