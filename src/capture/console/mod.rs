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

//!
//! The wordings themselves are the tables of `fetch::messages` (Chromium's since 2014 in
//! `chromium_legacy`, Firefox's per locale in `firefox`, WebKit's in `webkit`, EdgeHTML's
//! `SEC7xxx` codes in `edgehtml`); what pasting does to the text is undone in [`paste`].

pub mod paste;

use crate::fetch::messages::{chromium_legacy, edgehtml, firefox, pattern, webkit};
use crate::fetch::CorsError;

/// The browser whose wording a line is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Engine {
    Chromium,
    Firefox,
    Safari,
    /// Internet Explorer 10/11 and Edge 12–18 (`SEC7xxx` codes).
    EdgeHtml,
    /// A sentence more than one browser printed (old Chromium and Safari share some).
    Unknown,
}

impl Engine {
    /// The browser, `None` when the wording does not tell.
    pub fn known(self) -> Option<Engine> {
        (self != Engine::Unknown).then_some(self)
    }
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
    /// The browser that printed the line, `None` when its wording does not tell (`engine` is
    /// then `Unknown`).
    pub browser: Option<Engine>,
    /// The request's credentials mode when the text says it (`include`: "credentials mode is
    /// 'include'", "credentials flag is true", Firefox's credential reasons).
    pub credentials_mode: Option<String>,
    /// The origin of the page, from the last "Navigated to URL" line before this one.
    pub page_origin: Option<String>,
    /// The CorsErrors the text leaves open when it does not name one (Safari's "Origin … is not
    /// allowed", Firefox's "missing" that does not say preflight or response); empty when
    /// `cors_error` is all the text says.
    pub possible_errors: Vec<CorsError>,
    /// The wording-table row that read the line: `chromium:<row>`, `firefox:<locale>:<key>`,
    /// `safari:<row>`, `edgehtml:<code>`.
    pub wording: Option<String>,
    /// The line's locale when it is a translation (Firefox's `de`, `ja` …).
    pub locale: Option<&'static str>,
    /// Physical lines the message spans (more than 1 when a paste wrapped it).
    pub physical_lines: usize,
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
            browser: engine.known(),
            credentials_mode: None,
            page_origin: None,
            possible_errors: Vec::new(),
            wording: None,
            locale: None,
            physical_lines: 1,
        }
    }

    fn set_engine(&mut self, engine: Engine) {
        self.engine = engine;
        self.browser = engine.known();
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

/// A non-empty line no table recognised and no noise rule explained.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UnrecognizedLine {
    /// 1-based physical line.
    pub line: usize,
    pub text: String,
}

/// Everything read from console text: the log and what it could not read.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ConsoleReading {
    pub log: ConsoleLog,
    /// Every unrecognised line (`log.unrecognized` counts them), never silently dropped.
    pub unrecognized_lines: Vec<UnrecognizedLine>,
    /// Page origins from "Navigated to URL" lines, in order, with their line.
    pub navigations: Vec<(usize, String)>,
}

/// Whether text looks like a browser console log.
pub fn looks_like_console(text: &str) -> bool {
    let log = parse_console(text);
    !log.events.is_empty() || text.contains("Navigated to ") || log.unrecognized == 0
}

/// The part of [`is_noise`] that no message can be confused with.
fn is_stack_or_page_error(t: &str) -> bool {
    t.starts_with("await in ")
        || t.contains(" @ ")
        || t.starts_with("(anonymous)")
        || t.starts_with("at ")
        || t.starts_with("Show ") && t.ends_with(" more frames")
        || t.starts_with("Uncaught (in promise) TypeError")
        || t.starts_with("TypeError: Failed to fetch")
        || t.starts_with("TypeError: Load failed")
        || t.starts_with("TypeError: NetworkError when attempting to fetch resource")
        || t == "Failed to fetch"
}

fn is_noise(t: &str) -> bool {
    t.is_empty()
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

/// What a reason text says, read with the wording tables.
#[derive(Debug, Default)]
struct Reason {
    error: Option<CorsError>,
    param: Option<String>,
    status: Option<u16>,
    origin: Option<String>,
    credentials_include: bool,
    wording: Option<String>,
    /// `None`: Chromium's wording; `Some(engine)` when the sentence is WebKit's or shared.
    engine: Option<Engine>,
    open: Vec<CorsError>,
    note: Option<&'static str>,
    url: Option<String>,
}

/// A hole of today's `cors_error_string.cc` reason as a pattern hole.
fn template_pattern(t: &crate::fetch::messages::ReasonTemplate) -> String {
    use crate::fetch::messages::Hole;
    let mut p = String::new();
    for (i, part) in t.parts.iter().enumerate() {
        p.push_str(part);
        if let Some(h) = t.holes.get(i) {
            p.push_str(match h {
                Hole::Param => "{param}",
                Hole::TargetSpace => "{target}",
                Hole::ResourceSpace => "{resource}",
                Hole::Schemes => "{schemes}",
            });
        }
    }
    p
}

/// Leading digits of a status hole (`422`, `422.`); `None` for `(null)` and the like.
fn status_of(v: Option<&str>) -> Option<u16> {
    let v = v?;
    let end = v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len());
    v.get(..end).and_then(|d| d.parse().ok())
}

/// Strips one trailing slash from a printed origin (an origin has no path; users add it).
fn origin_value(o: &str) -> String {
    let o = o.trim_matches(|c| c == '\'' || c == '"');
    o.strip_suffix('/').unwrap_or(o).to_string()
}

/// Reads a CORS reason: today's Chromium texts, Chromium's texts of 2014–2018, WebKit's; then
/// the sentences around them (`Origin '…' is therefore not allowed access.`, `The response had
/// HTTP status code N.`, the credentials mode).
fn read_reason(reason: &str, webkit_too: bool) -> Reason {
    let folded = pattern::fold(reason);
    let (preflight, r) = match folded.strip_prefix(PREFLIGHT_PREFIX.trim_end()) {
        Some(r) => (true, r.trim_start()),
        None => (false, folded.as_str()),
    };
    let mut out = Reason::default();
    let mut best = 0usize;
    static TEMPLATES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let patterns = TEMPLATES.get_or_init(|| {
        crate::fetch::messages::CHROMIUM_REASONS
            .iter()
            .map(template_pattern)
            .collect()
    });
    for (t, p) in crate::fetch::messages::CHROMIUM_REASONS
        .iter()
        .zip(patterns)
    {
        if let Some(m) = pattern::match_at_start(p, r) {
            if m.consumed > best {
                best = m.consumed;
                out = Reason {
                    error: Some(t.error),
                    param: m.get("param").map(str::to_string),
                    wording: Some(format!("chromium:{}", t.error.name())),
                    ..Reason::default()
                };
            }
        }
    }
    for row in chromium_legacy::CHROMIUM_LEGACY_REASONS {
        if let Some(m) = pattern::match_at_start(row.pattern, r) {
            if m.consumed > best {
                best = m.consumed;
                out = Reason {
                    error: row.error,
                    param: m.get("param").map(str::to_string),
                    status: status_of(m.get("status")),
                    origin: m.get("origin").map(origin_value),
                    url: m.get("url").map(str::to_string),
                    credentials_include: row.credentials_include,
                    wording: Some(format!("chromium:{}", row.id)),
                    note: row
                        .error
                        .is_none()
                        .then_some("an old Chromium refusal with no CorsError today"),
                    ..Reason::default()
                };
            }
        }
    }
    if webkit_too {
        if let Some((row, m)) = webkit::parse(r) {
            if m.consumed > best {
                out = Reason {
                    error: row.error,
                    param: m.get("param").or(m.get("rest")).map(str::to_string),
                    status: None,
                    origin: m.get("origin").map(origin_value),
                    url: m.get("url").map(str::to_string),
                    credentials_include: row.credentials_include,
                    wording: Some(format!("safari:{}", row.id)),
                    engine: Some(if row.shared_with_old_chromium {
                        Engine::Unknown
                    } else {
                        Engine::Safari
                    }),
                    open: row.open.to_vec(),
                    ..Reason::default()
                };
            }
        }
    }
    if preflight {
        out.error = out.error.map(CorsError::on_preflight);
        if out.error.is_none() && out.wording.is_none() {
            out.open = vec![CorsError::PreflightInvalidStatus];
        }
    }
    // The sentences around the reason.
    for (i, _) in folded.match_indices("Origin '") {
        let here = folded.get(i..).unwrap_or("");
        for p in [
            chromium_legacy::THEREFORE_NOT_ALLOWED,
            chromium_legacy::NOT_IN_THE_LIST,
        ] {
            if let Some(m) = pattern::match_at_start(p, here) {
                if out.origin.is_none() {
                    out.origin = m.get("origin").map(origin_value);
                }
            }
        }
    }
    if let Some(i) = folded.find("The response had HTTP status code ") {
        let here = folded.get(i..).unwrap_or("");
        if let Some(m) = pattern::match_at_start(chromium_legacy::RESPONSE_HAD_STATUS, here) {
            out.status = out.status.or(status_of(m.get("status")));
        }
    }
    if folded.contains(chromium_legacy::CREDENTIALS_MODE_INCLUDE) {
        out.credentials_include = true;
    }
    if let Some(i) = folded.find("Status code: ") {
        out.status = out
            .status
            .or(status_of(folded.get(i + "Status code: ".len()..)));
    }
    out.param = out.param.filter(|p| !p.is_empty());
    out
}

fn apply_reason(e: &mut ConsoleEvent, r: Reason) {
    e.cors_error = r.error;
    e.failed_parameter = r.param;
    if r.status.is_some() {
        e.status = r.status;
    }
    if e.origin.is_none() {
        e.origin = r.origin;
    }
    if r.credentials_include {
        e.credentials_mode = Some("include".into());
    }
    e.wording = r.wording;
    e.possible_errors = r.open;
    if let Some(engine) = r.engine {
        e.set_engine(engine);
    }
    if r.note.is_some() {
        e.mapping_note = r.note;
    }
    if e.url.is_none() {
        e.url = r.url;
    }
    if matches!(
        e.cors_error,
        Some(
            CorsError::InsecureLocalNetwork
                | CorsError::InvalidLocalNetworkAccess
                | CorsError::LocalNetworkAccessPermissionDenied
        )
    ) {
        e.kind = EventKind::LocalNetworkAccess;
    }
}

/// Chromium's CORS line, every head since 2014 (see `chromium_legacy`'s table of heads); the
/// old `XMLHttpRequest cannot load <url>. <reason>` head is Safari's too before Safari 11, so
/// its reason decides the browser.
fn chromium_cors(line: usize, t: &str) -> Option<ConsoleEvent> {
    let mut e = ConsoleEvent::new(line, Engine::Chromium, EventKind::Cors, t);
    let (reason, webkit_too) = if let Some(rest) = t.strip_prefix("Access to ") {
        let (resource, rest) = rest.split_once(" at '")?;
        let (url, rest) = rest.split_once('\'')?;
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
        e.origin = quoted_after(rest, "from origin ").map(origin_value);
        let at = rest.find("has been blocked by CORS policy:")? + 32;
        (rest.get(at..)?.trim_start(), false)
    } else if let Some((resource, rest)) = t
        .strip_prefix("XMLHttpRequest cannot load ")
        .map(|r| ("XMLHttpRequest", r))
        .or_else(|| {
            t.strip_prefix("Fetch API cannot load ")
                .map(|r| ("fetch", r))
        })
    {
        if rest.contains(" due to access control checks") {
            return None;
        }
        e.resource = Some(resource.to_string());
        let (url, reason) = match rest.find(". ") {
            Some(i) => (rest.get(..i)?, rest.get(i + 2..)?),
            None => (rest.trim_end_matches('.'), ""),
        };
        if url.is_empty() || url.contains(char::is_whitespace) {
            // Not a URL: prose that happens to say "cannot load".
            return None;
        }
        e.url = Some(url.to_string());
        e.wording = Some("chromium:cannot-load".into());
        (reason, true)
    } else if let Some(rest) = t.strip_prefix("Failed to load ") {
        if rest.starts_with("resource:") {
            return None;
        }
        let i = rest.find(": ")?;
        e.url = Some(rest.get(..i)?.to_string());
        (rest.get(i + 2..)?, false)
    } else if t.starts_with("Redirect from '") {
        ("", false)
    } else {
        return None;
    };
    // `Redirect from 'a' to 'b' has been blocked by CORS policy: <reason>` (Chrome 58–71).
    let reason = match reason
        .find("Redirect from '")
        .map(|i| reason.get(i..).unwrap_or(""))
        .or_else(|| t.strip_prefix("Redirect from '").map(|_| t))
    {
        Some(redirect) => {
            let r = redirect.strip_prefix("Redirect from '")?;
            let (from, r) = r.split_once("' to '")?;
            let (to, r) = r.split_once('\'')?;
            e.redirected_from = Some(from.to_string());
            e.url = Some(to.to_string());
            let at = r.find("has been blocked by CORS policy:")? + 32;
            r.get(at..)?.trim_start()
        }
        None => reason,
    };
    let r = read_reason(reason, webkit_too);
    if r.wording.is_none() && e.wording.is_none() && e.resource.is_none() {
        // "Failed to load <url>: <something not CORS>".
        return None;
    }
    let head_wording = e.wording.take();
    apply_reason(&mut e, r);
    if e.wording.is_none() {
        e.wording = head_wording;
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

/// A Firefox message in any locale of `firefox::FIREFOX_ROWS`.
fn firefox(line: usize, t: &str) -> Option<ConsoleEvent> {
    use firefox::FirefoxKey as K;
    use firefox::Second;
    let folded = pattern::fold(t);
    let m = firefox::parse(&folded)?;
    let key = m.row.key;
    let kind = if key == K::AllowHeaderFromPreflightDeprecation {
        EventKind::CorsWarning
    } else {
        EventKind::Cors
    };
    let mut e = ConsoleEvent::new(line, Engine::Firefox, kind, t);
    e.url = m.url.map(|u| u.trim_end_matches('.').to_string());
    e.locale = (m.row.locale != "en-US").then_some(m.row.locale);
    e.wording = Some(format!(
        "firefox:{}:{}{}",
        m.row.locale,
        m.row.property,
        if m.without_status { " (no status)" } else { "" }
    ));
    e.cors_error = key.cors_error();
    e.possible_errors = key.open().to_vec();
    if key.says_credentials_included() {
        e.credentials_mode = Some("include".into());
    }
    match key.second() {
        Second::Status => e.status = status_of(m.second.as_deref()),
        Second::AllowOrigin => e.failed_parameter = m.second.clone(),
        Second::Header => e.failed_parameter = m.second.as_deref().map(str::to_ascii_lowercase),
        Second::Token | Second::None => {}
    }
    e.mapping_note = match key {
        K::AllowHeaderFromPreflightDeprecation => Some(
            "Firefox only warns: Authorization is not covered by Access-Control-Allow-Headers: *",
        ),
        K::MissingAllowOrigin => {
            Some("Firefox does not say whether the preflight or the response lacked it")
        }
        K::MethodNotFound => Some("Firefox does not name the method"),
        K::PreflightDidNotSucceed => {
            Some("Firefox uses this for any failed preflight, a redirected one included")
        }
        K::ExternalRedirectNotAllowed => {
            Some("Firefox refused a redirect; Chromium names the failing check")
        }
        K::Disabled => Some("CORS is disabled in this Firefox's settings"),
        K::Blocked => Some("Firefox 30 and before printed no reason"),
        K::OriginHeaderNotAdded => Some("Firefox could not add the Origin header"),
        K::DidNotSucceed => {
            e.kind = EventKind::NetworkError;
            // No response arrived; the network row, when the export has one, names the error.
            e.net_error = Some("no response (Firefox: CORS request did not succeed)".to_string());
            Some("not a CORS verdict: the request got no response (connection refused, DNS, TLS, blocked) or its preflight failed")
        }
        _ => None,
    };
    Some(e)
}

fn safari(line: usize, t: &str) -> Option<ConsoleEvent> {
    use CorsError::*;
    let mut e = ConsoleEvent::new(line, Engine::Safari, EventKind::Cors, t);
    if t.contains("due to access control checks") {
        // The line naming the URL; it completes the reason line before it.
        e.url = between(t, "cannot load ", " due to access control checks").map(str::to_string);
        e.resource = t.split(" cannot load").next().map(str::to_string);
        e.wording = Some("safari:cannot-load".into());
        return Some(e);
    }
    let folded = pattern::fold(t);
    let (row, m) = webkit::parse(&folded)?;
    e.status = status_code(t);
    e.cors_error = row.error;
    e.possible_errors = row.open.to_vec();
    e.wording = Some(format!("safari:{}", row.id));
    e.origin = m.get("origin").map(origin_value);
    e.url = m.get("url").map(str::to_string);
    if row.shared_with_old_chromium {
        e.set_engine(Engine::Unknown);
    }
    if row.credentials_include {
        e.credentials_mode = Some("include".into());
    }
    e.failed_parameter = match row.error {
        Some(HeaderDisallowedByPreflightResponse) => m.get("param").map(str::to_ascii_lowercase),
        Some(MethodDisallowedByPreflightResponse | RedirectContainsCredentials) => {
            m.get("param").map(str::to_string)
        }
        _ => None,
    };
    e.mapping_note = match row.id {
        "origin-not-allowed" | "origin-not-allowed-status" => Some(
            "Safari does not tell a missing Access-Control-Allow-Origin from a mismatching one",
        ),
        "preflight-not-successful" => Some(
            "Safari reports any failed preflight status this way, whatever Access-Control-Allow-Origin said",
        ),
        "redirect-origin-not-allowed" => {
            Some("on the redirect; Safari does not tell missing from mismatching")
        }
        "redirect-denied" | "redirect-denied-old" => Some("Safari refused a redirect"),
        _ => None,
    };
    Some(e)
}

/// `SEC7120: …` and the other CORS codes of Internet Explorer and EdgeHTML.
fn edge(line: usize, t: &str) -> Option<ConsoleEvent> {
    let code = t
        .get(..7)
        .filter(|c| c.starts_with("SEC") && c.bytes().skip(3).all(|b| b.is_ascii_digit()))?;
    let row = edgehtml::row(code)?;
    // `SEC7120: …`: the code alone in prose is no message.
    let text = t.get(7..)?.strip_prefix(':')?.trim_start();
    let mut e = ConsoleEvent::new(line, Engine::EdgeHtml, EventKind::Cors, t);
    e.wording = Some(format!("edgehtml:{code}"));
    e.cors_error = row.error;
    if row.credentials_include {
        e.credentials_mode = Some("include".into());
    }
    let folded = pattern::fold(text);
    if let Some(m) = row
        .patterns
        .iter()
        .find_map(|p| pattern::match_at_start(p, &folded))
    {
        e.origin = m.get("origin").map(origin_value);
        e.url = m.get("url").map(|u| u.trim_matches('\'').to_string());
        if matches!(
            row.error,
            Some(
                CorsError::HeaderDisallowedByPreflightResponse
                    | CorsError::MethodDisallowedByPreflightResponse
            )
        ) {
            e.failed_parameter = m.get("param").map(str::to_string);
        }
    }
    if code == "SEC7120" {
        e.possible_errors = vec![
            CorsError::MissingAllowOriginHeader,
            CorsError::AllowOriginMismatch,
            CorsError::InvalidAllowOriginValue,
        ];
        e.mapping_note = Some(
            "EdgeHTML does not tell a missing Access-Control-Allow-Origin from a mismatching one",
        );
    }
    if row.error.is_none() {
        e.mapping_note = Some("EdgeHTML blocked a redirect of a CORS request");
    }
    Some(e)
}

/// Internet Explorer's and EdgeHTML's informational codes (a CORS or preflight request was
/// made): recognised, not an event.
fn edge_info(t: &str) -> bool {
    t.get(..7)
        .and_then(edgehtml::row)
        .is_some_and(|r| !r.blocks)
        || t.starts_with("SCRIPT7002: XMLHttpRequest: Network Error")
}

/// Parses console text.
pub fn parse_console(text: &str) -> ConsoleLog {
    read_console(text).log
}

/// Reads console text: the log, every line it could not read, the pages navigated to.
pub fn read_console(text: &str) -> ConsoleReading {
    let mut log = ConsoleLog::default();
    let mut unrecognized_lines = Vec::new();
    let mut navigations: Vec<(usize, String)> = Vec::new();
    log.lines = text.lines().count();
    // A Safari reason line waiting for its "… cannot load URL due to access control checks."
    let mut safari_pending: Option<usize> = None;
    // Firefox network rows: the one being read, and the complete ones no message claimed yet.
    let mut row: Option<FirefoxRow> = None;
    let mut rows: Vec<FirefoxRow> = Vec::new();
    for logical in paste::logical_lines(text) {
        let n = logical.line;
        let t = logical.text.as_str();
        if t.is_empty() {
            continue;
        }
        let pushed = log.events.len();
        let recognised = read_line(
            n,
            t,
            &mut log,
            &mut row,
            &mut rows,
            &mut safari_pending,
            &mut navigations,
        );
        if let Some(e) = log.events.get_mut(pushed) {
            e.physical_lines = logical.lines;
        }
        if !recognised {
            log.unrecognized += 1;
            unrecognized_lines.push(UnrecognizedLine {
                line: n,
                text: t.to_string(),
            });
        }
    }
    finish(&mut log, rows, &navigations);
    ConsoleReading {
        log,
        unrecognized_lines,
        navigations,
    }
}

/// Reads one logical line into the log; `false` when nothing recognised it.
fn read_line(
    n: usize,
    t: &str,
    log: &mut ConsoleLog,
    row: &mut Option<FirefoxRow>,
    rows: &mut Vec<FirefoxRow>,
    safari_pending: &mut Option<usize>,
    navigations: &mut Vec<(usize, String)>,
) -> bool {
    {
        if let Some(url) = t.strip_prefix("Navigated to ") {
            let url = url.trim();
            if url.contains("://") {
                navigations.push((n, crate::model::origin::origin_of(url)));
            }
            return true;
        }
        // Stack frames and the page's own errors: known, and the commonest lines by far.
        if is_stack_or_page_error(t) {
            return true;
        }
        if let Some((resource, method)) = firefox_method_row(t) {
            *row = Some(FirefoxRow {
                line: n,
                resource,
                method: method.to_string(),
                ..Default::default()
            });
            return true;
        }
        if let Some(r) = row.as_mut() {
            if r.url.is_none()
                && (t.starts_with("http://") || t.starts_with("https://"))
                && !t.contains(' ')
            {
                r.url = Some(t.to_string());
                return true;
            }
            if r.url.is_some() && firefox_row_label(t) {
                r.label = Some(t.to_string());
                rows.extend(row.take());
                return true;
            }
            *row = None;
        }
        if let Some(rest) = t.strip_prefix("Security Error: Content at ") {
            if let Some((page, url)) = rest.split_once(" may not load data from ") {
                let mut e = ConsoleEvent::new(n, Engine::Firefox, EventKind::Cors, t);
                e.url = Some(url.trim_end_matches('.').to_string());
                e.origin = Some(crate::model::origin::origin_of(page));
                e.cors_error = Some(CorsError::DisallowedByMode);
                e.wording = Some("firefox:en-US:Security Error (same-origin mode)".into());
                e.mapping_note = Some(
                    "Firefox's message for a cross-origin load the request's mode forbids (fetch with mode 'same-origin')",
                );
                log.events.push(e);
                return true;
            }
        }
        if let Some(e) = chromium_cors(n, t) {
            log.events.push(e);
            return true;
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
            return true;
        }
        if let Some(u) = t.strip_prefix("Request was blocked by DevTools: ") {
            let mut e = ConsoleEvent::new(n, Engine::Chromium, EventKind::NetworkError, t);
            e.url = Some(u.trim_matches('"').to_string());
            e.net_error = Some("net::ERR_BLOCKED_BY_CLIENT".into());
            log.events.push(e);
            return true;
        }
        if let Some(e) = firefox(n, t) {
            push_firefox(log, rows, e);
            return true;
        }
        if let Some(e) = mixed_content(n, t) {
            log.events.push(e);
            return true;
        }
        if t.starts_with("Refused to connect to ") || t.starts_with("Content-Security-Policy: ") {
            let mut e = ConsoleEvent::new(n, Engine::Chromium, EventKind::Csp, t);
            e.url = quoted_after(t, "Refused to connect to ").map(str::to_string);
            log.events.push(e);
            return true;
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
            return true;
        }
        if let Some(e) = edge(n, t) {
            log.events.push(e);
            return true;
        }
        if edge_info(t) {
            return true;
        }
        if let Some(e) = safari(n, t) {
            if e.cors_error.is_none() && e.url.is_some() && e.mapping_note.is_none() {
                // "… cannot load URL due to access control checks." completes the pending reason.
                if let Some(p) = safari_pending.take() {
                    if let Some(pending) = log.events.get_mut(p) {
                        pending.url = e.url;
                        pending.resource = e.resource;
                    }
                    return true;
                }
            }
            if e.cors_error.is_some() && e.url.is_none() {
                *safari_pending = Some(log.events.len());
            }
            log.events.push(e);
            return true;
        }
        if let Some(e) = fragment(n, t) {
            if e.engine == Engine::Firefox {
                push_firefox(log, rows, e);
            } else {
                log.events.push(e);
            }
            return true;
        }
        is_noise(t)
    }
}

/// Adds a Firefox message: the second line of a failed request is merged into the first, a
/// network row claimed by URL completes it.
fn push_firefox(log: &mut ConsoleLog, rows: &mut Vec<FirefoxRow>, mut e: ConsoleEvent) {
    // After a failed preflight Firefox prints a second line for the same request, "CORS
    // request did not succeed": the request's channel failing, not another request.
    let follows_its_reason =
        e.kind == EventKind::NetworkError
            && log.events.iter().rev().take(3).any(|p| {
                p.engine == Engine::Firefox && p.kind == EventKind::Cors && p.url == e.url
            });
    if follows_its_reason {
        return;
    }
    // A refused redirect of a preflight reads "external redirect not allowed", then
    // "CORS preflight response did not succeed" with the redirect's status: one request.
    if e.cors_error == Some(CorsError::PreflightInvalidStatus) {
        if let Some(prev) = log.events.last_mut().filter(|p| {
            p.engine == Engine::Firefox
                && p.kind == EventKind::Cors
                && p.url == e.url
                && p.cors_error.is_none()
                && p.wording
                    .as_deref()
                    .is_some_and(|w| w.contains("CORSExternalRedirectNotAllowed"))
        }) {
            prev.cors_error = Some(CorsError::PreflightDisallowedRedirect);
            prev.status = e.status;
            prev.mapping_note = Some("Firefox's two lines for a redirected preflight");
            return;
        }
    }
    let claimed = rows
        .iter()
        .rposition(|r| r.url.is_some() && r.url == e.url && e.kind != EventKind::CorsWarning);
    if let Some(k) = claimed {
        apply_firefox_row(&mut e, rows.remove(k));
    }
    log.events.push(e);
}

/// Chromium's `Mixed Content: …` and Firefox's `Blocked loading mixed active content …`.
fn mixed_content(n: usize, t: &str) -> Option<ConsoleEvent> {
    if !(t.starts_with("Mixed Content: ") || t.starts_with("Blocked loading mixed active content"))
    {
        return None;
    }
    let mut e = ConsoleEvent::new(n, Engine::Chromium, EventKind::MixedContent, t);
    if t.starts_with("Blocked") {
        e.set_engine(Engine::Firefox);
        e.url = quoted_after(t, "mixed active content ").map(str::to_string);
    } else {
        e.url = quoted_after(t, "requested an insecure resource ").map(str::to_string);
        e.origin = quoted_after(t, "The page at ").map(crate::model::origin::origin_of);
    }
    Some(e)
}

/// A message on its own line, any browser (no Firefox network rows, no joining).
fn message(n: usize, t: &str) -> Option<ConsoleEvent> {
    chromium_cors(n, t)
        .or_else(|| mixed_content(n, t))
        .or_else(|| firefox(n, t))
        .or_else(|| edge(n, t))
        .or_else(|| safari(n, t).filter(|e| e.cors_error.is_some() || e.url.is_some()))
}

/// What is left of a message a paste damaged: one inside prose (`I get "XMLHttpRequest cannot
/// load …"`), Firefox's reason without its prefix (`… at URL. (Reason: …)` cut before the URL),
/// Chromium's reason without its head (`No 'Access-Control-Allow-Origin' header is present …`).
fn fragment(n: usize, t: &str) -> Option<ConsoleEvent> {
    const HEADS: &[&str] = &[
        "Access to ",
        "XMLHttpRequest cannot load ",
        "Fetch API cannot load ",
        "Failed to load http",
        "Cross-Origin Request Blocked:",
        "SEC71",
        "Mixed Content: ",
    ];
    static ALL_HEADS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let heads = ALL_HEADS.get_or_init(|| {
        let mut heads: Vec<&'static str> = HEADS.to_vec();
        heads.extend(
            firefox::FIREFOX_ROWS
                .iter()
                .filter_map(|r| r.text.get(..r.text.find([':', '：'])?)),
        );
        heads.sort_unstable();
        heads.dedup();
        heads
    });
    for head in heads.iter().copied() {
        for (i, _) in t.match_indices(head).filter(|(i, _)| *i > 0) {
            let sub = t.get(i..).unwrap_or("");
            let sub = sub.trim_end_matches(['"', '\'', '`', '”', '.', ' ']);
            // Put back the period the trim took from a sentence.
            let sub = if t.get(i..).is_some_and(|r| r.trim_end().ends_with('.')) {
                t.get(i..i + sub.len() + 1).unwrap_or(sub)
            } else {
                sub
            };
            if let Some(mut e) = message(n, sub) {
                // Inside prose, a message counts when it names a check or a real URL.
                let real_url = e
                    .url
                    .as_deref()
                    .is_some_and(|u| u.contains("://") && !u.contains(char::is_whitespace));
                if e.cors_error.is_some() || real_url {
                    e.text = t.to_string();
                    e.wording = e.wording.map(|w| format!("{w} (inside other text)"));
                    return Some(e);
                }
            }
        }
    }
    // `… https://a/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing).`
    if let Some(i) = t.find(". (Reason: ") {
        let start = t
            .get(..i)
            .and_then(|b| b.rfind(' ').map(|s| s + 1))
            .unwrap_or(0);
        let line = format!(
            "{}{}",
            crate::fetch::messages::FIREFOX_PREFIX,
            t.get(start..).unwrap_or("")
        );
        if let Some(mut e) = firefox(n, &line) {
            e.text = t.to_string();
            e.wording = e.wording.map(|w| format!("{w} (reason only)"));
            return Some(e);
        }
    }
    // `<url>. <reason>`: the old head's "XMLHttpRequest cannot load " lost (the resource kind
    // with it).
    if t.starts_with("http://") || t.starts_with("https://") {
        if let Some(mut e) = chromium_cors(n, &format!("XMLHttpRequest cannot load {t}")) {
            if e.cors_error.is_some() {
                e.resource = None;
                e.text = t.to_string();
                e.wording = e.wording.map(|w| format!("{w} (head lost)"));
                return Some(e);
            }
        }
    }
    // A Chromium reason without its head.
    let r = read_reason(t, false);
    if r.wording.is_some() {
        let mut e = ConsoleEvent::new(n, Engine::Chromium, EventKind::Cors, t);
        apply_reason(&mut e, r);
        e.wording = e.wording.map(|w| format!("{w} (reason only)"));
        return Some(e);
    }
    None
}

/// After the last line: Firefox network rows no message claimed become events, every event
/// gets the page origin of the last navigation before it.
fn finish(log: &mut ConsoleLog, rows: Vec<FirefoxRow>, navigations: &[(usize, String)]) {
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
    for e in &mut log.events {
        e.page_origin = navigations
            .iter()
            .rev()
            .find(|(line, _)| *line < e.line)
            .map(|(_, o)| o.clone());
    }
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

    fn one(text: &str) -> ConsoleEvent {
        let log = parse_console(text);
        assert_eq!(log.events.len(), 1, "{text}\n{:#?}", log.events);
        log.events.into_iter().next().unwrap()
    }

    #[test]
    fn chromium_wordings_since_2014() {
        use CorsError::*;
        // (line, error, url, origin, status, param, credentials)
        type Case<'a> = (
            &'a str,
            CorsError,
            Option<&'a str>,
            Option<&'a str>,
            Option<u16>,
            Option<&'a str>,
            bool,
        );
        let cases: &[Case] = &[
            ("XMLHttpRequest cannot load http://api.x/v1/popular. No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin 'http://www.x' is therefore not allowed access. The response had HTTP status code 502.", MissingAllowOriginHeader, Some("http://api.x/v1/popular"), Some("http://www.x"), Some(502), None, false),
            ("Fetch API cannot load https://a.x/s.js. No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin 'https://b.x' is therefore not allowed access. If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.", MissingAllowOriginHeader, Some("https://a.x/s.js"), Some("https://b.x"), None, None, false),
            ("XMLHttpRequest cannot load http://www.mocky.io/v2/5908. Response for preflight has invalid HTTP status code 422", PreflightInvalidStatus, Some("http://www.mocky.io/v2/5908"), None, Some(422), None, false),
            ("Failed to load http://demo.x/api/_search: Response for preflight is invalid (redirect)", PreflightDisallowedRedirect, Some("http://demo.x/api/_search"), None, None, None, false),
            ("Failed to load http://10.1.1.1:8000/api/: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin 'http://10.1.1.1' is therefore not allowed access", PreflightMissingAllowOriginHeader, Some("http://10.1.1.1:8000/api/"), Some("http://10.1.1.1"), None, None, false),
            ("XMLHttpRequest cannot load http://a.x/. The 'Access-Control-Allow-Origin' header has a value 'http://a.x/' that is not equal to the supplied origin. Origin 'http://b.x:8080' is therefore not allowed access.", AllowOriginMismatch, Some("http://a.x/"), Some("http://b.x:8080"), None, Some("http://a.x/"), false),
            ("XMLHttpRequest cannot load http://a.x/y. A wildcard '*' cannot be used in the 'Access-Control-Allow-Origin' header when the credentials flag is true. Origin 'http://b.x' is therefore not allowed access.", WildcardOriginNotAllowed, Some("http://a.x/y"), Some("http://b.x"), None, None, true),
            ("XMLHttpRequest cannot load http://a.x/y. Credentials flag is 'true', but the 'Access-Control-Allow-Credentials' header is ''. It must be 'true' to allow credentials. Origin 'http://b.x' is therefore not allowed access.", InvalidAllowCredentials, Some("http://a.x/y"), Some("http://b.x"), None, None, true),
            ("XMLHttpRequest cannot load http://a.x/y. Request header field X-Token is not allowed by Access-Control-Allow-Headers in preflight response.", HeaderDisallowedByPreflightResponse, Some("http://a.x/y"), None, None, Some("X-Token"), false),
            ("XMLHttpRequest cannot load file:///C:/a/data.json. Cross origin requests are only supported for protocol schemes: http, data, chrome, chrome-extension, https.", CorsDisabledScheme, Some("file:///C:/a/data.json"), None, None, None, false),
            ("Failed to load https://a.x/1: Redirect from 'https://a.x/1' to 'https://b.x/1' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin 'https://c.x' is therefore not allowed access.", MissingAllowOriginHeader, Some("https://b.x/1"), Some("https://c.x"), None, None, false),
            ("Access to fetch at 'https://a.x/v1/' from origin 'https://pp.x/' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: Redirect is not allowed for a preflight request.", PreflightDisallowedRedirect, Some("https://a.x/v1/"), Some("https://pp.x"), None, None, false),
            ("Access to XMLHttpRequest at 'https://a.x/me' from origin 'https://b.x' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'. The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.", WildcardOriginNotAllowed, Some("https://a.x/me"), Some("https://b.x"), None, None, true),
        ];
        for (line, error, url, origin, status, param, credentials) in cases {
            let e = one(line);
            assert_eq!(e.cors_error, Some(*error), "{line}");
            assert_eq!(e.url.as_deref(), *url, "{line}");
            assert_eq!(e.origin.as_deref(), *origin, "{line}");
            assert_eq!(e.status, *status, "{line}");
            assert_eq!(e.failed_parameter.as_deref(), *param, "{line}");
            assert_eq!(e.credentials_mode.is_some(), *credentials, "{line}");
            assert_eq!(e.method, None, "{line}: a method the text does not print");
            assert!(e.wording.is_some(), "{line}");
        }
    }

    #[test]
    fn a_sentence_old_chromium_and_safari_share_names_no_browser() {
        let e = one("XMLHttpRequest cannot load http://a.x/y. Request header field X-Token is not allowed by Access-Control-Allow-Headers.");
        assert_eq!(
            e.cors_error,
            Some(CorsError::HeaderDisallowedByPreflightResponse)
        );
        assert_eq!(e.browser, None);
        assert_eq!(e.engine, Engine::Unknown);
        // Safari 10 and before: the reason on the "cannot load" line.
        // Safari 10 and before, and Chrome before Blink, printed these words.
        let e = one("XMLHttpRequest cannot load http://a.x/y. Origin http://localhost:3000 is not allowed by Access-Control-Allow-Origin.");
        assert_eq!(e.browser, None);
        assert_eq!(e.origin.as_deref(), Some("http://localhost:3000"));
        assert!(e.possible_errors.contains(&CorsError::AllowOriginMismatch));
    }

    #[test]
    fn localised_firefox_lines() {
        let cases = [
            ("de", "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf https://a.x/v1. (Grund: CORS-Kopfzeile ‚Access-Control-Allow-Origin‘ fehlt). Statuscode: 404.", Some(CorsError::MissingAllowOriginHeader), Some(404)),
            ("fr", "Blocage d’une requête multiorigines (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur https://a.x/v0?page=1. Raison : l’en-tête CORS « Access-Control-Allow-Origin » est manquant. Code d’état : 200.", Some(CorsError::MissingAllowOriginHeader), Some(200)),
            ("ru", "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на https://a.x/api2?x={%22a%22:[1,2]}. (Причина: отсутствует заголовок CORS «Access-Control-Allow-Origin»). Код состояния: 524.", Some(CorsError::MissingAllowOriginHeader), Some(524)),
            ("zh-CN", "已拦截跨源请求：同源策略禁止读取位于 https://a.x/api 的远程资源。（原因：CORS 预检通道未成功）。", Some(CorsError::PreflightInvalidStatus), None),
            ("ja", "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、https://a.x/api にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Origin’ が足りない)。", Some(CorsError::MissingAllowOriginHeader), None),
            ("es-ES", "Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en https://a.x/api (razón: falta la cabecera CORS 'Access-Control-Allow-Origin').", Some(CorsError::MissingAllowOriginHeader), None),
            ("pt-BR", "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em https://a.x/api (motivo: falha na resposta de comprovação (preflight) do CORS). Código de status: 405.", Some(CorsError::PreflightInvalidStatus), Some(405)),
        ];
        for (locale, line, error, status) in cases {
            let e = one(line);
            assert_eq!(e.browser, Some(Engine::Firefox), "{line}");
            assert_eq!(e.locale, Some(locale), "{line}");
            assert_eq!(e.cors_error, error, "{line}");
            assert_eq!(e.status, status, "{line}");
            assert!(
                e.url
                    .as_deref()
                    .is_some_and(|u| u.starts_with("https://a.x/")),
                "{line}: {:?}",
                e.url
            );
        }
    }

    #[test]
    fn edgehtml_codes() {
        let e = one("SEC7120: Origin http://localhost:4200 not found in Access-Control-Allow-Origin header.");
        assert_eq!(e.browser, Some(Engine::EdgeHtml));
        assert_eq!(e.cors_error, Some(CorsError::MissingAllowOriginHeader));
        assert_eq!(e.origin.as_deref(), Some("http://localhost:4200"));
        assert_eq!(e.url, None);
        let log = parse_console("SEC7121: Wildcard in Access-Control-Allow-Origin not allowed when credentials flag is set to true.\nSCRIPT7002: XMLHttpRequest: Network Error 0x80070005, Access is denied.\n");
        assert_eq!(log.unrecognized, 0);
        assert_eq!(
            log.events[0].cors_error,
            Some(CorsError::WildcardOriginNotAllowed)
        );
        assert_eq!(log.events[0].credentials_mode.as_deref(), Some("include"));
    }

    #[test]
    fn page_origin_comes_from_navigated_to_and_unrecognised_lines_are_listed() {
        let r = read_console("Navigated to https://app.x/page?q=1\nsomething else\nAccess to fetch at 'https://api.x/a' from origin 'https://app.x' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\n");
        assert_eq!(
            r.log.events[0].page_origin.as_deref(),
            Some("https://app.x")
        );
        assert_eq!(r.log.unrecognized, 1);
        assert_eq!(
            r.unrecognized_lines,
            vec![UnrecognizedLine {
                line: 2,
                text: "something else".into()
            }]
        );
        assert_eq!(r.navigations, vec![(1, "https://app.x".to_string())]);
        // No navigation line: no page origin.
        let e = one("Access to fetch at 'https://api.x/a' from origin 'https://app.x' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.");
        assert_eq!(e.page_origin, None);
    }

    #[test]
    fn damaged_pastes() {
        // Inside prose, quoted, with a trailing ellipsis.
        let e = one("I get this \"XMLHttpRequest cannot load https://***/ut/Locations. Response for preflight has invalid HTTP status code 405\"....");
        assert_eq!(e.cors_error, Some(CorsError::PreflightInvalidStatus));
        assert_eq!(e.status, Some(405));
        assert_eq!(e.url.as_deref(), Some("https://***/ut/Locations"));
        // Firefox's reason cut from its prefix.
        let e = one("I'm getting a console error: https://b.x/ticker?cors=true. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing).");
        assert_eq!(e.browser, Some(Engine::Firefox));
        assert_eq!(e.url.as_deref(), Some("https://b.x/ticker?cors=true"));
        // Chromium's reason without a head.
        let e = one("No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin 'http://localhost:8080' is therefore not allowed access. The response had HTTP status code 404.");
        assert_eq!(e.url, None);
        assert_eq!(e.status, Some(404));
        assert_eq!(e.origin.as_deref(), Some("http://localhost:8080"));
        // Firefox Browser Console's old form, with its timestamp.
        let e = one("E/GeckoConsole( 2237): [JavaScript Warning: \"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://bosh.x/. This can be fixed by moving the resource to the same domain or enabling CORS.\" {file: \"https://bosh.x/\" line: 0}]");
        assert_eq!(e.url.as_deref(), Some("https://bosh.x/"));
        assert_eq!(e.kind, EventKind::Cors);
        assert_eq!(e.cors_error, None);
        // Wrapped at 72 columns.
        let e = one("XMLHttpRequest cannot load http://api.example.com/v1/items. No\n'Access-Control-Allow-Origin' header is present on the requested\nresource. Origin 'http://localhost:3000' is therefore not allowed\naccess. The response had HTTP status code 500.\n");
        assert_eq!(e.status, Some(500));
        assert_eq!(e.physical_lines, 4);
        assert_eq!(e.origin.as_deref(), Some("http://localhost:3000"));
    }

    /// One table renders and reads: every line `fetch::messages::render` prints for a verdict
    /// reads back as that verdict (or, where the browser's words leave it open, as a set holding
    /// it), with the URL, the origin and the parameter the line prints.
    #[test]
    fn every_rendered_line_reads_back() {
        use crate::fetch::messages::{render, Engine as Browser, MessageInput, ResourceKind};
        let mut failures = Vec::new();
        for error in CorsError::ALL {
            for resource in [ResourceKind::Fetch, ResourceKind::Xhr] {
                let mut m = MessageInput::new(
                    error,
                    "https://api.x/v1/items?id=3",
                    "https://app.x",
                    resource,
                );
                m.failed_parameter = Some("x-request-id");
                m.status = Some(405);
                for browser in Browser::ALL {
                    if !crate::fetch::messages::has_specific_message(browser, error) {
                        continue;
                    }
                    let text = render(browser, &m);
                    let log = parse_console(&text);
                    let Some(e) = log
                        .events
                        .iter()
                        .find(|e| e.kind != EventKind::FailedToLoad)
                    else {
                        failures.push(format!("{browser} {error:?}: nothing read from {text:?}"));
                        continue;
                    };
                    let want = match browser {
                        Browser::Firefox => crate::fetch::messages::firefox_error(&m),
                        _ => error,
                    };
                    let read = e.cors_error;
                    let open = e.possible_errors.contains(&want)
                        || e.possible_errors.contains(&want.access_kind());
                    let same = read == Some(want) || read == Some(want.access_kind());
                    // Firefox's "did not succeed" is a failure, not a verdict (InvalidResponse,
                    // RedirectContainsCredentials render it).
                    let failure = browser == Browser::Firefox
                        && e.kind == EventKind::NetworkError
                        && matches!(
                            error.access_kind(),
                            CorsError::InvalidResponse | CorsError::RedirectContainsCredentials
                        );
                    // Safari prints one text for a failed and a redirected preflight.
                    let safari_preflight = browser == Browser::Safari
                        && error == CorsError::PreflightDisallowedRedirect
                        && read == Some(CorsError::PreflightInvalidStatus);
                    if !(same || open || failure || safari_preflight) {
                        failures.push(format!(
                            "{browser} {error:?}: read {read:?} {:?} from {text:?}",
                            e.possible_errors
                        ));
                    }
                    if browser != Browser::Safari
                        && e.url.as_deref() != Some("https://api.x/v1/items?id=3")
                    {
                        failures.push(format!("{browser} {error:?}: url {:?}", e.url));
                    }
                    if browser == Browser::Chromium {
                        // Every line but FetchManager's no-cors one prints the origin.
                        let printed = text.contains("from origin 'https://app.x'");
                        if e.origin.as_deref() != printed.then_some("https://app.x") {
                            failures.push(format!("{browser} {error:?}: origin {:?}", e.origin));
                        }
                        let prints_param = crate::fetch::messages::chromium_template(error)
                            .is_some_and(|t| {
                                t.holes.contains(&crate::fetch::messages::Hole::Param)
                            });
                        if prints_param && e.failed_parameter.as_deref() != Some("x-request-id") {
                            failures.push(format!(
                                "{browser} {error:?}: parameter {:?}",
                                e.failed_parameter
                            ));
                        }
                    }
                }
            }
        }
        assert!(
            failures.is_empty(),
            "{}:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn prose_that_says_cannot_load_is_no_request() {
        let log = parse_console("# what: the reason pasted without its 'XMLHttpRequest cannot load URL.' head: no URL\nI read that Fetch API cannot load things sometimes.\n");
        assert!(log.events.is_empty(), "{:#?}", log.events);
        assert_eq!(log.unrecognized, 2);
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
