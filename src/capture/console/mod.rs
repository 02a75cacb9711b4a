//! Browser console text as users have it: DevTools "Save as…" output (with `source:line`
//! prefixes, `GET url net::ERR_FAILED 500 (Internal Server Error)` network lines and stack
//! lines), text pasted from a console, Firefox's and Safari's messages. Each CORS message becomes
//! an event named with Chromium's CorsError; Firefox and Safari reasons are mapped as closely as
//! their wording allows, with the ambiguity stated in `mapping_note`.
//!
//! | Firefox reason | CorsError |
//! | --- | --- |
//! | CORS header ‘Access-Control-Allow-Origin’ missing | MissingAllowOriginHeader |
//! | … does not match ‘X’ | AllowOriginMismatch (X) |
//! | Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed | MultipleAllowOriginValues |
//! | Credential is not supported if … ‘*’ | WildcardOriginNotAllowed |
//! | expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’ | InvalidAllowCredentials |
//! | Did not find method in CORS header ‘Access-Control-Allow-Methods’ | MethodDisallowedByPreflightResponse |
//! | missing token ‘x’ … / header ‘x’ is not allowed … Access-Control-Allow-Headers | HeaderDisallowedByPreflightResponse (x) |
//! | invalid token ‘x’ in CORS header ‘Access-Control-Allow-Methods’ / ‘…-Headers’ | InvalidAllowMethods/HeadersPreflightResponse |
//! | CORS preflight response (channel) did not succeed | PreflightInvalidStatus (or a redirected preflight) |
//! | CORS request not http | CorsDisabledScheme |
//! | CORS request did not succeed | none: a network failure or a failed preflight, not a verdict |
//!
//! | Safari message | CorsError |
//! | --- | --- |
//! | Origin X is not allowed by Access-Control-Allow-Origin. | MissingAllowOriginHeader (Safari does not tell missing from mismatching) |
//! | Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true. | WildcardOriginNotAllowed |
//! | Access-Control-Allow-Origin cannot contain more than one origin. | MultipleAllowOriginValues |
//! | Credentials flag is true, but Access-Control-Allow-Credentials is not "true". | InvalidAllowCredentials |
//! | Preflight response is not successful. Status code: N | PreflightInvalidStatus |
//! | Method M is not allowed by Access-Control-Allow-Methods. | MethodDisallowedByPreflightResponse |
//! | Request header field X is not allowed by Access-Control-Allow-Headers. | HeaderDisallowedByPreflightResponse |
//! | Header Access-Control-Allow-Methods/-Headers has an invalid value: X | InvalidAllowMethods/HeadersPreflightResponse |
//! | … redirection URL X has credentials | RedirectContainsCredentials |

use crate::fetch::CorsError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Engine {
    Chromium,
    Firefox,
    Safari,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// A CORS block.
    Cors,
    /// A CORS warning that did not block (Firefox's Authorization deprecation).
    CorsWarning,
    /// A network line or message for a request that got no usable response.
    NetworkError,
    MixedContent,
    Csp,
    LocalNetworkAccess,
    /// "Failed to load resource: …".
    FailedToLoad,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ConsoleEvent {
    /// 1-based line where the message starts.
    pub line: usize,
    pub engine: Engine,
    pub kind: EventKind,
    /// `fetch`, `XMLHttpRequest`, `image` …
    pub resource: Option<String>,
    /// The (last) URL.
    pub url: Option<String>,
    pub redirected_from: Option<String>,
    pub origin: Option<String>,
    pub cors_error: Option<CorsError>,
    pub failed_parameter: Option<String>,
    pub status: Option<u16>,
    pub method: Option<String>,
    pub net_error: Option<String>,
    pub text: String,
    pub mapping_note: Option<&'static str>,
}

impl ConsoleEvent {
    fn new(line: usize, engine: Engine, kind: EventKind, text: &str) -> Self {
        ConsoleEvent {
            line,
            engine,
            kind,
            resource: None,
            url: None,
            redirected_from: None,
            origin: None,
            cors_error: None,
            failed_parameter: None,
            status: None,
            method: None,
            net_error: None,
            text: text.to_string(),
            mapping_note: None,
        }
    }

    /// The URL the page asked for.
    pub fn first_url(&self) -> Option<&str> {
        self.redirected_from.as_deref().or(self.url.as_deref())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ConsoleLog {
    pub events: Vec<ConsoleEvent>,
    /// Non-empty lines that are neither a known message nor known noise (stack frames …).
    pub unrecognized: usize,
    pub lines: usize,
}

/// Whether text looks like a browser console log.
pub fn looks_like_console(text: &str) -> bool {
    let log = parse_console(text);
    !log.events.is_empty() || text.contains("Navigated to ") || log.unrecognized == 0
}

/// Strips a DevTools `source:line` prefix (`app.js:16 `, `(index):3 `, `/s/x/?step=0:1 `) and
/// Safari's `[Error] ` / `[Warning] ` prefixes.
fn strip_prefix(line: &str) -> &str {
    let t = line.trim_start();
    for p in ["[Error] ", "[Warning] ", "[Log] ", "[Info] ", "[Debug] "] {
        if let Some(r) = t.strip_prefix(p) {
            return r.trim_start();
        }
    }
    if let Some((first, rest)) = t.split_once(' ') {
        if let Some((_, num)) = first.rsplit_once(':') {
            if !num.is_empty()
                && num.bytes().all(|b| b.is_ascii_digit())
                && !first.starts_with("http")
            {
                return rest.trim_start();
            }
        }
    }
    t
}

fn is_noise(t: &str) -> bool {
    t.is_empty()
        || t.starts_with("Navigated to ")
        || t.starts_with("await in ")
        || t.contains(" @ ")
        || t.starts_with("(anonymous)")
        || t.starts_with("at ")
        || t.starts_with("Show ") && t.ends_with(" more frames")
        || t.starts_with("Uncaught (in promise) TypeError")
        || t.starts_with("TypeError: Failed to fetch")
        || t.starts_with("TypeError: Load failed")
        || t.starts_with("TypeError: NetworkError when attempting to fetch resource")
        || t == "Failed to fetch"
        || is_firefox_network_row(t)
}

/// Firefox's console export writes a blocked request as three lines: `XHR GET` (or `GET`), the
/// URL, and the panel label (`CORS Missing Allow Origin`, `NS_ERROR_CONNECTION_REFUSED`,
/// `[HTTP/1.1 500 Internal Server Error 3ms]`).
fn is_firefox_network_row(t: &str) -> bool {
    firefox_method_row(t).is_some()
        || firefox_row_label(t)
        || ((t.starts_with("http://") || t.starts_with("https://")) && !t.contains(' '))
}

/// The first line of a Firefox network row: `XHR GET`, `XHRGET` (the export glues the cause to
/// the method), `GET`, `fetch POST` … → (`xhr` | `fetch` | none, method).
fn firefox_method_row(t: &str) -> Option<(Option<&'static str>, &str)> {
    const METHODS: [&str; 8] = [
        "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "CONNECT",
    ];
    let (kind, rest) = if let Some(r) = t.strip_prefix("XHR") {
        (Some("xhr"), r)
    } else if let Some(r) = t.strip_prefix("Fetch").or_else(|| t.strip_prefix("fetch")) {
        (Some("fetch"), r)
    } else {
        (None, t)
    };
    let m = rest.trim_start();
    METHODS.contains(&m).then_some((kind, m))
}

/// The last line of a Firefox network row: the panel's label (`CORS Missing Allow Origin`,
/// `NS_ERROR_CONNECTION_REFUSED`, `[HTTP/1.1 500 Internal Server Error 3ms]`).
fn firefox_row_label(t: &str) -> bool {
    (t.starts_with("CORS ")
        && t.split_whitespace()
            .all(|w| w.chars().next().is_some_and(|c| c.is_ascii_uppercase())))
        || (t.starts_with("NS_ERROR_") && !t.contains(' '))
        || (t.starts_with("[HTTP/") && t.ends_with(']'))
}

/// A Firefox network row being read: method line, URL line, label line.
#[derive(Debug, Default)]
struct FirefoxRow {
    line: usize,
    resource: Option<&'static str>,
    method: String,
    url: Option<String>,
    label: Option<String>,
}

/// The text between the first pair of quotes after `after` (`'…'`, `‘…’` or `"…"`).
fn quoted_after<'t>(t: &'t str, after: &str) -> Option<&'t str> {
    let start = t.find(after)? + after.len();
    let rest = &t[start..];
    let (open, close) = match rest.chars().next()? {
        '\'' => ('\'', '\''),
        '‘' => ('‘', '’'),
        '“' => ('“', '”'),
        '"' => ('"', '"'),
        _ => return None,
    };
    let inner = &rest[open.len_utf8()..];
    let end = inner.find(close)?;
    Some(&inner[..end])
}

fn between<'t>(t: &'t str, a: &str, b: &str) -> Option<&'t str> {
    let s = t.find(a)? + a.len();
    let e = t[s..].find(b)? + s;
    Some(&t[s..e])
}

fn status_code(t: &str) -> Option<u16> {
    let rest = &t[t.find("Status code: ")? + 13..];
    rest.trim_end_matches('.')
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse().ok())
}

const PREFLIGHT_PREFIX: &str = "Response to preflight request doesn't pass access control check: ";

/// Parses a Chromium CORS reason (the text after "has been blocked by CORS policy: ").
fn chromium_reason(reason: &str) -> (Option<CorsError>, Option<String>) {
    use CorsError::*;
    let (preflight, r) = match reason.strip_prefix(PREFLIGHT_PREFIX) {
        Some(r) => (true, r),
        None => (false, reason),
    };
    let q = |after: &str| quoted_after(r, after).map(str::to_string);
    let (e, p) = if r.starts_with("No 'Access-Control-Allow-Origin' header is present") {
        (Some(MissingAllowOriginHeader), None)
    } else if r.starts_with("The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard") {
        (Some(WildcardOriginNotAllowed), None)
    } else if r.starts_with("The 'Access-Control-Allow-Origin' header contains multiple values") {
        (Some(MultipleAllowOriginValues), q("contains multiple values "))
    } else if r.starts_with("The 'Access-Control-Allow-Origin' header contains the invalid value") {
        (Some(InvalidAllowOriginValue), q("contains the invalid value "))
    } else if r.starts_with("The 'Access-Control-Allow-Origin' header has a value") {
        (Some(AllowOriginMismatch), q("has a value "))
    } else if r.starts_with("The value of the 'Access-Control-Allow-Credentials' header") {
        (Some(InvalidAllowCredentials), q("in the response is "))
    } else if r.starts_with("Cross origin requests are not allowed by request mode") {
        (Some(DisallowedByMode), None)
    } else if r.starts_with("Cross origin requests are only supported for protocol schemes") {
        (Some(CorsDisabledScheme), None)
    } else if r.starts_with("It does not have HTTP ok status") {
        (Some(PreflightInvalidStatus), None)
    } else if r.starts_with("Redirect is not allowed for a preflight request") {
        (Some(PreflightDisallowedRedirect), None)
    } else if r.starts_with("Cannot parse Access-Control-Allow-Methods") {
        (Some(InvalidAllowMethodsPreflightResponse), None)
    } else if r.starts_with("Cannot parse Access-Control-Allow-Headers") {
        (Some(InvalidAllowHeadersPreflightResponse), None)
    } else if let Some(m) = between(r, "Method ", " is not allowed by Access-Control-Allow-Methods") {
        (Some(MethodDisallowedByPreflightResponse), Some(m.to_string()))
    } else if let Some(h) = between(r, "Request header field ", " is not allowed by Access-Control-Allow-Headers") {
        (Some(HeaderDisallowedByPreflightResponse), Some(h.to_string()))
    } else if r.starts_with("Redirect location ") {
        (Some(RedirectContainsCredentials), q("Redirect location "))
    } else if r.starts_with("The request client is not a secure context") {
        (Some(InsecureLocalNetwork), None)
    } else if r.starts_with("Request had a target IP address space") {
        (Some(InvalidLocalNetworkAccess), None)
    } else if r.starts_with("Request had no target IP address space") {
        (Some(UnexpectedPrivateNetworkAccess), None)
    } else if r.starts_with("Permission was denied for this request to access") {
        (Some(LocalNetworkAccessPermissionDenied), None)
    } else if r.starts_with("Unable to ask for permission to access") {
        (Some(PrivateNetworkAccessPermissionUnavailable), None)
    } else if r.starts_with("No 'Access-Control-Allow-Private-Network' header") {
        (Some(PreflightMissingAllowPrivateNetwork), None)
    } else if r.starts_with("The 'Access-Control-Allow-Private-Network' header") {
        (Some(PreflightInvalidAllowPrivateNetwork), q("had a value of "))
    } else if r.starts_with("The response is invalid") {
        (Some(InvalidResponse), None)
    } else {
        (None, None)
    };
    let e = if preflight {
        e.map(CorsError::on_preflight)
    } else {
        e
    };
    (e, p.filter(|p| !p.is_empty()))
}

fn chromium_cors(line: usize, t: &str) -> Option<ConsoleEvent> {
    let rest = t.strip_prefix("Access to ")?;
    let (resource, rest) = rest.split_once(" at '")?;
    let (url, rest) = rest.split_once('\'')?;
    let mut e = ConsoleEvent::new(line, Engine::Chromium, EventKind::Cors, t);
    e.resource = Some(resource.to_string());
    e.url = Some(url.to_string());
    let rest = rest.trim_start();
    let rest = match rest.strip_prefix("(redirected from '") {
        Some(r) => {
            let (from, r) = r.split_once("')")?;
            e.redirected_from = Some(from.to_string());
            r.trim_start()
        }
        None => rest,
    };
    e.origin = quoted_after(rest, "from origin ").map(str::to_string);
    let reason = &rest[rest.find("has been blocked by CORS policy: ")? + 33..];
    let (err, param) = chromium_reason(reason);
    e.cors_error = err;
    e.failed_parameter = param;
    if matches!(
        err,
        Some(
            CorsError::InsecureLocalNetwork
                | CorsError::InvalidLocalNetworkAccess
                | CorsError::LocalNetworkAccessPermissionDenied
        )
    ) {
        e.kind = EventKind::LocalNetworkAccess;
    }
    Some(e)
}

/// `GET http://… net::ERR_FAILED 500 (Internal Server Error)`
fn chromium_network(line: usize, t: &str) -> Option<ConsoleEvent> {
    let mut words = t.split_whitespace();
    let method = words.next()?;
    if !method.bytes().all(|b| b.is_ascii_uppercase()) || method.len() > 10 {
        return None;
    }
    let url = words.next()?;
    if !(url.starts_with("http://") || url.starts_with("https://") || url.starts_with("ws")) {
        return None;
    }
    let err = words.next()?;
    if !err.starts_with("net::") {
        return None;
    }
    let mut e = ConsoleEvent::new(line, Engine::Chromium, EventKind::NetworkError, t);
    e.method = Some(method.to_string());
    e.url = Some(url.to_string());
    e.net_error = Some(err.to_string());
    e.status = words.next().and_then(|s| s.parse().ok());
    Some(e)
}

fn firefox(line: usize, t: &str) -> Option<ConsoleEvent> {
    use CorsError::*;
    let warning = t.starts_with("Cross-Origin Request Warning:");
    if !t.starts_with("Cross-Origin Request Blocked:") && !warning {
        return None;
    }
    let mut e = ConsoleEvent::new(
        line,
        Engine::Firefox,
        if warning {
            EventKind::CorsWarning
        } else {
            EventKind::Cors
        },
        t,
    );
    let at = t.find("remote resource at ")? + 19;
    let rest = &t[at..];
    let url = match rest.chars().next() {
        Some('‘') | Some('\'') => quoted_after(t, "remote resource at ").unwrap_or(""),
        _ => rest
            .split(". (Reason")
            .next()
            .unwrap_or("")
            .split_whitespace()
            .next()
            .unwrap_or(""),
    };
    e.url = Some(url.trim_end_matches('.').to_string());
    e.status = status_code(t);
    let reason = between(t, "(Reason: ", ")").unwrap_or("");
    let r = reason.replace(['‘', '’'], "'");
    let q = |after: &str| quoted_after(&r, after).map(str::to_string);
    let (err, param, note): (Option<CorsError>, Option<String>, Option<&'static str>) = if warning {
        (None, None, Some("Firefox only warns: Authorization is not covered by Access-Control-Allow-Headers: *"))
    } else if r.contains("'Access-Control-Allow-Origin' missing") {
        (
            Some(MissingAllowOriginHeader),
            None,
            Some("Firefox does not say whether the preflight or the response lacked it"),
        )
    } else if r.contains("'Access-Control-Allow-Origin' does not match") {
        (Some(AllowOriginMismatch), q("does not match "), None)
    } else if r.starts_with("Multiple CORS header") {
        (Some(MultipleAllowOriginValues), None, None)
    } else if r.starts_with("Credential is not supported") {
        (Some(WildcardOriginNotAllowed), None, None)
    } else if r.contains("'Access-Control-Allow-Credentials'") {
        (Some(InvalidAllowCredentials), None, None)
    } else if r.starts_with("Did not find method") {
        (
            Some(MethodDisallowedByPreflightResponse),
            None,
            Some("Firefox does not name the method"),
        )
    } else if r.starts_with("missing token") {
        (
            Some(HeaderDisallowedByPreflightResponse),
            q("missing token "),
            None,
        )
    } else if r.starts_with("header '") && r.contains("Access-Control-Allow-Headers") {
        (
            Some(HeaderDisallowedByPreflightResponse),
            q("header "),
            None,
        )
    } else if r.starts_with("invalid token") && r.contains("Allow-Methods") {
        (Some(InvalidAllowMethodsPreflightResponse), None, None)
    } else if r.starts_with("invalid token") && r.contains("Allow-Headers") {
        (Some(InvalidAllowHeadersPreflightResponse), None, None)
    } else if r.starts_with("CORS preflight") {
        (
            Some(PreflightInvalidStatus),
            None,
            Some("Firefox uses this for any failed preflight, a redirected one included"),
        )
    } else if r.starts_with("CORS request not http") {
        (Some(CorsDisabledScheme), None, None)
    } else if r.starts_with("CORS request external redirect not allowed") {
        (
            None,
            None,
            Some("Firefox refused a redirect; Chromium names the failing check"),
        )
    } else if r.starts_with("CORS request did not succeed") {
        e.kind = EventKind::NetworkError;
        // No response arrived; the network row, when the export has one, names the error.
        e.net_error = Some("no response (Firefox: CORS request did not succeed)".to_string());
        (None, None, Some("not a CORS verdict: the request got no response (connection refused, DNS, TLS, blocked) or its preflight failed"))
    } else {
        (None, None, Some("Firefox reason not recognised"))
    };
    e.cors_error = err;
    e.failed_parameter = param
        .map(|p| p.to_ascii_lowercase())
        .filter(|p| !p.is_empty());
    if err == Some(AllowOriginMismatch) {
        e.failed_parameter = q("does not match ");
    }
    e.mapping_note = note;
    Some(e)
}

fn safari(line: usize, t: &str) -> Option<ConsoleEvent> {
    use CorsError::*;
    let mut e = ConsoleEvent::new(line, Engine::Safari, EventKind::Cors, t);
    e.status = status_code(t);
    let (err, param, note): (Option<CorsError>, Option<String>, Option<&'static str>) =
        if let Some(o) = between(
            t,
            "Origin ",
            " is not allowed by Access-Control-Allow-Origin",
        ) {
            e.origin = Some(o.to_string());
            (Some(MissingAllowOriginHeader), None, Some("Safari does not tell a missing Access-Control-Allow-Origin from a mismatching one"))
        } else if t.starts_with("Cannot use wildcard in Access-Control-Allow-Origin") {
            (Some(WildcardOriginNotAllowed), None, None)
        } else if t.starts_with("Access-Control-Allow-Origin cannot contain more than one origin") {
            (Some(MultipleAllowOriginValues), None, None)
        } else if t.starts_with("Credentials flag is true, but Access-Control-Allow-Credentials") {
            (Some(InvalidAllowCredentials), None, None)
        } else if t.starts_with("Preflight response is not successful") {
            (Some(PreflightInvalidStatus), None, Some("Safari reports any failed preflight status this way, whatever Access-Control-Allow-Origin said"))
        } else if let Some(m) = between(
            t,
            "Method ",
            " is not allowed by Access-Control-Allow-Methods",
        ) {
            (
                Some(MethodDisallowedByPreflightResponse),
                Some(m.to_string()),
                None,
            )
        } else if let Some(h) = between(
            t,
            "Request header field ",
            " is not allowed by Access-Control-Allow-Headers",
        ) {
            (
                Some(HeaderDisallowedByPreflightResponse),
                Some(h.to_ascii_lowercase()),
                None,
            )
        } else if t.starts_with("Header Access-Control-Allow-Methods has an invalid value") {
            (Some(InvalidAllowMethodsPreflightResponse), None, None)
        } else if t.starts_with("Header Access-Control-Allow-Headers has an invalid value") {
            (Some(InvalidAllowHeadersPreflightResponse), None, None)
        } else if t.starts_with("Cross-origin redirection to ") {
            let target =
                between(t, "Cross-origin redirection to ", " denied by").map(str::to_string);
            let inner = t.split(": ").nth(1).unwrap_or("");
            e.url = target;
            if inner.contains("has credentials") {
                (Some(RedirectContainsCredentials), None, None)
            } else if inner.contains("is not allowed by Access-Control-Allow-Origin") {
                (
                    Some(MissingAllowOriginHeader),
                    None,
                    Some("on the redirect; Safari does not tell missing from mismatching"),
                )
            } else {
                (None, None, Some("Safari refused a redirect"))
            }
        } else if t.contains("due to access control checks") {
            // The line naming the URL; it completes the reason line before it.
            let url =
                between(t, "cannot load ", " due to access control checks").map(str::to_string);
            e.url = url;
            e.resource = t.split(" cannot load").next().map(str::to_string);
            (None, None, None)
        } else {
            return None;
        };
    e.cors_error = err;
    e.failed_parameter = param;
    e.mapping_note = note;
    Some(e)
}

/// Parses console text.
pub fn parse_console(text: &str) -> ConsoleLog {
    let mut log = ConsoleLog::default();
    // A Safari reason line waiting for its "… cannot load URL due to access control checks."
    let mut safari_pending: Option<usize> = None;
    // Firefox network rows: the one being read, and the complete ones no message claimed yet.
    let mut row: Option<FirefoxRow> = None;
    let mut rows: Vec<FirefoxRow> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        log.lines = n;
        let t = strip_prefix(raw.trim_end_matches('\r')).trim();
        if t.is_empty() {
            continue;
        }
        if let Some((resource, method)) = firefox_method_row(t) {
            row = Some(FirefoxRow {
                line: n,
                resource,
                method: method.to_string(),
                ..Default::default()
            });
            continue;
        }
        if let Some(r) = row.as_mut() {
            if r.url.is_none()
                && (t.starts_with("http://") || t.starts_with("https://"))
                && !t.contains(' ')
            {
                r.url = Some(t.to_string());
                continue;
            }
            if r.url.is_some() && firefox_row_label(t) {
                r.label = Some(t.to_string());
                rows.extend(row.take());
                continue;
            }
            row = None;
        }
        if let Some(rest) = t.strip_prefix("Security Error: Content at ") {
            if let Some((page, url)) = rest.split_once(" may not load data from ") {
                let mut e = ConsoleEvent::new(n, Engine::Firefox, EventKind::Cors, t);
                e.url = Some(url.trim_end_matches('.').to_string());
                e.origin = Some(crate::model::origin::origin_of(page));
                e.cors_error = Some(CorsError::DisallowedByMode);
                e.mapping_note = Some(
                    "Firefox's message for a cross-origin load the request's mode forbids (fetch with mode 'same-origin')",
                );
                log.events.push(e);
                continue;
            }
        }
        if let Some(e) = chromium_cors(n, t) {
            log.events.push(e);
            continue;
        }
        if let Some(net) = chromium_network(n, t) {
            // Completes the CORS line for the same request when there is one.
            let same = log.events.iter_mut().rev().take(3).find(|e| {
                e.kind == EventKind::Cors
                    && e.method.is_none()
                    && (e.first_url() == net.url.as_deref() || e.url == net.url)
            });
            match same {
                Some(e) => {
                    e.method = net.method;
                    e.status = net.status;
                    e.net_error = net.net_error;
                }
                None => log.events.push(net),
            }
            continue;
        }
        if let Some(rest) = t
            .strip_prefix("Fetch API cannot load ")
            .or_else(|| t.strip_prefix("XMLHttpRequest cannot load "))
        {
            if let Some(idx) = rest.find(". Request mode is \"same-origin\"") {
                let mut e = ConsoleEvent::new(n, Engine::Chromium, EventKind::Cors, t);
                e.resource = Some("fetch".into());
                e.url = Some(rest[..idx].to_string());
                e.origin = rest
                    .rsplit(' ')
                    .next()
                    .map(|o| o.trim_end_matches('.').to_string());
                e.cors_error = Some(CorsError::DisallowedByMode);
                log.events.push(e);
                continue;
            }
        }
        if let Some(u) = t.strip_prefix("Request was blocked by DevTools: ") {
            let mut e = ConsoleEvent::new(n, Engine::Chromium, EventKind::NetworkError, t);
            e.url = Some(u.trim_matches('"').to_string());
            e.net_error = Some("net::ERR_BLOCKED_BY_CLIENT".into());
            log.events.push(e);
            continue;
        }
        if let Some(mut e) = firefox(n, t) {
            // After a failed preflight Firefox prints a second line for the same request, "CORS
            // request did not succeed": the request's channel failing, not another request.
            let follows_its_reason = e.kind == EventKind::NetworkError
                && log.events.iter().rev().take(3).any(|p| {
                    p.engine == Engine::Firefox && p.kind == EventKind::Cors && p.url == e.url
                });
            if follows_its_reason {
                continue;
            }
            // A refused redirect of a preflight reads "external redirect not allowed", then
            // "CORS preflight response did not succeed" with the redirect's status: one request.
            if e.cors_error == Some(CorsError::PreflightInvalidStatus) {
                if let Some(prev) = log.events.last_mut().filter(|p| {
                    p.engine == Engine::Firefox
                        && p.kind == EventKind::Cors
                        && p.url == e.url
                        && p.cors_error.is_none()
                        && p.text.contains("external redirect not allowed")
                }) {
                    prev.cors_error = Some(CorsError::PreflightDisallowedRedirect);
                    prev.status = e.status;
                    prev.mapping_note = Some("Firefox's two lines for a redirected preflight");
                    continue;
                }
            }
            let claimed = rows.iter().rposition(|r| {
                r.url.is_some() && r.url == e.url && e.kind != EventKind::CorsWarning
            });
            if let Some(k) = claimed {
                apply_firefox_row(&mut e, rows.remove(k));
            }
            log.events.push(e);
            continue;
        }
        if t.starts_with("Mixed Content: ") || t.starts_with("Blocked loading mixed active content")
        {
            let mut e = ConsoleEvent::new(n, Engine::Chromium, EventKind::MixedContent, t);
            if t.starts_with("Blocked") {
                e.engine = Engine::Firefox;
                e.url = quoted_after(t, "mixed active content ").map(str::to_string);
            } else {
                e.url = quoted_after(t, "requested an insecure resource ").map(str::to_string);
                e.origin = quoted_after(t, "The page at ").map(crate::model::origin::origin_of);
            }
            log.events.push(e);
            continue;
        }
        if t.starts_with("Refused to connect to ") || t.starts_with("Content-Security-Policy: ") {
            let mut e = ConsoleEvent::new(n, Engine::Chromium, EventKind::Csp, t);
            e.url = quoted_after(t, "Refused to connect to ").map(str::to_string);
            log.events.push(e);
            continue;
        }
        if let Some(rest) = t.strip_prefix("Failed to load resource: ") {
            let mut e = ConsoleEvent::new(n, Engine::Chromium, EventKind::FailedToLoad, t);
            if rest.starts_with("net::") {
                e.net_error = rest.split_whitespace().next().map(str::to_string);
            } else if let Some(s) = between(rest, "status of ", " ") {
                e.status = s.parse().ok();
            } else {
                e.engine = Engine::Safari;
            }
            // Safari repeats its reason here: keep it as evidence, not as a second block.
            log.events.push(e);
            continue;
        }
        if let Some(e) = safari(n, t) {
            if e.cors_error.is_none() && e.url.is_some() && e.mapping_note.is_none() {
                // "… cannot load URL due to access control checks." completes the pending reason.
                if let Some(p) = safari_pending.take() {
                    let pending = &mut log.events[p];
                    pending.url = e.url;
                    pending.resource = e.resource;
                    continue;
                }
            }
            if e.cors_error.is_some() && e.url.is_none() {
                safari_pending = Some(log.events.len());
            }
            log.events.push(e);
            continue;
        }
        if !is_noise(t) {
            log.unrecognized += 1;
        }
    }
    // Rows no message claimed: a failure the panel labelled with its network error
    // (`NS_ERROR_CONNECTION_REFUSED` …) is an event of its own.
    let mut late = false;
    for r in rows {
        if let (Some(url), Some(label)) = (&r.url, &r.label) {
            if label.starts_with("NS_ERROR_") {
                let text = format!("{} {url} {label}", r.method);
                let mut e =
                    ConsoleEvent::new(r.line, Engine::Firefox, EventKind::NetworkError, &text);
                e.url = Some(url.clone());
                e.method = Some(r.method.clone());
                e.resource = r.resource.map(str::to_string);
                e.net_error = Some(label.clone());
                log.events.push(e);
                late = true;
            }
        }
    }
    if late {
        log.events.sort_by_key(|e| e.line);
    }
    log
}

/// What a Firefox network row adds to the message about the same URL: the method, whether it
/// was an XHR or a fetch, the network error — and, when the row is the `OPTIONS` preflight,
/// that the check failed on the preflight (Firefox's reason text alone does not say).
fn apply_firefox_row(e: &mut ConsoleEvent, r: FirefoxRow) {
    let label = r.label.unwrap_or_default();
    if e.resource.is_none() {
        e.resource = r.resource.map(str::to_string);
    }
    if label.starts_with("NS_ERROR_") {
        e.net_error = Some(label);
    }
    if r.method.eq_ignore_ascii_case("OPTIONS") {
        if let (EventKind::Cors, Some(err)) = (e.kind, e.cors_error) {
            if !err.is_preflight_error() {
                e.cors_error = Some(err.on_preflight());
                e.mapping_note =
                    Some("the console's network row shows the OPTIONS preflight failed");
            }
        }
    } else {
        e.method = Some(r.method);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_chromium_save_as_block() {
        let text = "Navigated to http://app.example.test:47080/s/x/?step=0\n\
x/?step=0:1 Access to fetch at 'http://api.example.test:47081/s/x/items/404-acao' from origin 'http://app.example.test:47080' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.\n\
app.js?step=0:47  PUT http://api.example.test:47081/s/x/items/404-acao net::ERR_FAILED\n\
callFetch @ app.js?step=0:47\nawait in main\n(anonymous) @ app.js?step=0:70\n";
        let log = parse_console(text);
        assert_eq!(log.unrecognized, 0);
        assert_eq!(log.events.len(), 1);
        let e = &log.events[0];
        assert_eq!(e.cors_error, Some(CorsError::PreflightInvalidStatus));
        assert_eq!(e.method.as_deref(), Some("PUT"));
        assert_eq!(e.origin.as_deref(), Some("http://app.example.test:47080"));
        assert_eq!(e.line, 2);
    }

    #[test]
    fn parses_every_chromium_reason_with_its_parameter() {
        use CorsError::*;
        let cases = [
            ("No 'Access-Control-Allow-Origin' header is present on the requested resource.", MissingAllowOriginHeader, None),
            ("Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.", PreflightMissingAllowOriginHeader, None),
            ("The 'Access-Control-Allow-Origin' header has a value 'http://a:1/' that is not equal to the supplied origin.", AllowOriginMismatch, Some("http://a:1/")),
            ("The 'Access-Control-Allow-Origin' header contains multiple values 'a, b', but only one is allowed.", MultipleAllowOriginValues, Some("a, b")),
            ("The 'Access-Control-Allow-Origin' header contains the invalid value 'x'.", InvalidAllowOriginValue, Some("x")),
            ("The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'.", InvalidAllowCredentials, None),
            ("The value of the 'Access-Control-Allow-Credentials' header in the response is 'True' which must be 'true' when the request's credentials mode is 'include'.", InvalidAllowCredentials, Some("True")),
            ("Response to preflight request doesn't pass access control check: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.", PreflightWildcardOriginNotAllowed, None),
            ("Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response.", MethodDisallowedByPreflightResponse, Some("DELETE")),
            ("Request header field x-request-id is not allowed by Access-Control-Allow-Headers in preflight response.", HeaderDisallowedByPreflightResponse, Some("x-request-id")),
            ("Cannot parse Access-Control-Allow-Methods response header field in preflight response.", InvalidAllowMethodsPreflightResponse, None),
            ("Cannot parse Access-Control-Allow-Headers response header field in preflight response.", InvalidAllowHeadersPreflightResponse, None),
            ("Response to preflight request doesn't pass access control check: Redirect is not allowed for a preflight request.", PreflightDisallowedRedirect, None),
            ("Redirect location '' contains a username and password, which is disallowed for cross-origin requests.", RedirectContainsCredentials, None),
            ("Cross origin requests are not allowed by request mode.", DisallowedByMode, None),
            ("Permission was denied for this request to access the `local` address space.", LocalNetworkAccessPermissionDenied, None),
        ];
        for (reason, want, param) in cases {
            let line = format!("Access to XMLHttpRequest at 'https://b/x' (redirected from 'https://a/x') from origin 'https://app' has been blocked by CORS policy: {reason}");
            let log = parse_console(&line);
            let e = &log.events[0];
            assert_eq!(e.cors_error, Some(want), "{reason}");
            assert_eq!(e.failed_parameter.as_deref(), param, "{reason}");
            assert_eq!(e.redirected_from.as_deref(), Some("https://a/x"));
            assert_eq!(e.url.as_deref(), Some("https://b/x"));
            assert_eq!(e.resource.as_deref(), Some("XMLHttpRequest"));
        }
    }

    #[test]
    fn firefox_second_line_after_a_failed_preflight_is_the_same_request() {
        let u = "http://api.x/items/1";
        let text = format!(
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {u}. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 405.\n\
Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {u}. (Reason: CORS request did not succeed). Status code: (null).\n\
Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://down.x/. (Reason: CORS request did not succeed). Status code: (null).\n"
        );
        let log = parse_console(&text);
        assert_eq!(log.events.len(), 2, "{:#?}", log.events);
        assert_eq!(log.events[0].kind, EventKind::Cors);
        // Alone, the line is a network failure.
        assert_eq!(log.events[1].kind, EventKind::NetworkError);
        assert!(log.events[1].net_error.is_some());
    }

    #[test]
    fn firefox_network_rows_complete_their_messages() {
        // As Firefox 140's "Save all Messages to File" writes them (cause glued to the method).
        let text = "Navigated to http://app.x/\n\
XHROPTIONS\nhttp://api.x/items/1\nCORS Missing Allow Origin\n\n\
Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.x/items/1. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 405.\n\
XHRGET\nhttp://api.x/me\nCORS Missing Allow Origin\n\n\
Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.x/me. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 401.\n\
GET\nhttp://down.x/health\nNS_ERROR_CONNECTION_REFUSED\n\
Security Error: Content at http://app.x/page may not load data from http://api.x/data.\n";
        let log = parse_console(text);
        assert_eq!(log.unrecognized, 0);
        let e = &log.events;
        assert_eq!(e.len(), 4, "{e:#?}");
        assert_eq!(
            e[0].cors_error,
            Some(CorsError::PreflightMissingAllowOriginHeader)
        );
        assert_eq!(e[0].method, None);
        assert_eq!(e[0].resource.as_deref(), Some("xhr"));
        assert_eq!(e[1].cors_error, Some(CorsError::MissingAllowOriginHeader));
        assert_eq!(e[1].method.as_deref(), Some("GET"));
        assert_eq!(e[1].status, Some(401));
        assert_eq!(e[2].kind, EventKind::NetworkError);
        assert_eq!(e[2].url.as_deref(), Some("http://down.x/health"));
        assert_eq!(
            e[2].net_error.as_deref(),
            Some("NS_ERROR_CONNECTION_REFUSED")
        );
        assert_eq!(e[3].cors_error, Some(CorsError::DisallowedByMode));
        assert_eq!(e[3].url.as_deref(), Some("http://api.x/data"));
        assert_eq!(e[3].origin.as_deref(), Some("http://app.x"));
    }

    #[test]
    fn parses_firefox_and_safari_messages() {
        let ff = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example.test:8082/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 500.\n\
XHR GET\nhttp://api.example.test:8082/x\nCORS Missing Allow Origin\n\
Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘http://a/me’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).\n\
Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://a/y. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘http://app.example.test:3000’).\n\
Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://a/z. (Reason: CORS request did not succeed). Status code: (null).\n";
        let log = parse_console(ff);
        assert_eq!(log.unrecognized, 0, "{log:?}");
        assert_eq!(log.events.len(), 4);
        assert_eq!(
            log.events[0].cors_error,
            Some(CorsError::MissingAllowOriginHeader)
        );
        assert_eq!(log.events[0].status, Some(500));
        assert_eq!(
            log.events[0].url.as_deref(),
            Some("http://api.example.test:8082/x")
        );
        assert_eq!(
            log.events[1].cors_error,
            Some(CorsError::WildcardOriginNotAllowed)
        );
        assert_eq!(log.events[1].url.as_deref(), Some("http://a/me"));
        assert_eq!(
            log.events[2].failed_parameter.as_deref(),
            Some("http://app.example.test:3000")
        );
        assert_eq!(log.events[3].kind, EventKind::NetworkError);
        assert!(log.events[3].cors_error.is_none());

        let sa = "[Error] Origin http://localhost:3000 is not allowed by Access-Control-Allow-Origin. Status code: 403\n\
[Error] Fetch API cannot load http://api.x/v1 due to access control checks.\n\
[Error] Failed to load resource: Origin http://localhost:3000 is not allowed by Access-Control-Allow-Origin. Status code: 403\n\
[Error] Preflight response is not successful. Status code: 405\n\
[Error] XMLHttpRequest cannot load http://api.x/v2 due to access control checks.\n";
        let log = parse_console(sa);
        assert_eq!(log.unrecognized, 0);
        let cors: Vec<_> = log
            .events
            .iter()
            .filter(|e| e.kind == EventKind::Cors)
            .collect();
        assert_eq!(cors.len(), 2);
        assert_eq!(cors[0].url.as_deref(), Some("http://api.x/v1"));
        assert_eq!(cors[0].status, Some(403));
        assert_eq!(cors[0].origin.as_deref(), Some("http://localhost:3000"));
        assert_eq!(cors[1].cors_error, Some(CorsError::PreflightInvalidStatus));
        assert_eq!(cors[1].url.as_deref(), Some("http://api.x/v2"));
    }

    #[test]
    fn counts_unrecognized_lines_and_never_panics() {
        let log = parse_console("hello\nworld\n\u{0}\u{ffff}‘’“\nAccess to fetch at 'x\n");
        assert_eq!(log.unrecognized, 4);
        for s in [
            "'",
            "‘",
            "Access to fetch at '",
            "Status code: ",
            "(Reason: ",
            "Origin  is not allowed by Access-Control-Allow-Origin",
        ] {
            let _ = parse_console(s);
        }
    }
}
