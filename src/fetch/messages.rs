//! The console line each browser prints for a CORS verdict.
//!
//! Chromium's line is rebuilt exactly from `cors_error_string.cc` (`GetErrorString`): the
//! resource kind, the last URL, the "(redirected from …)" part, the origin, the
//! "Response to preflight request doesn't pass access control check: " prefix for
//! [`CorsError::has_preflight_prefix`] kinds, the reason template and its fetch-only or XHR-only
//! suffix. Firefox and Safari have no CorsError; their line is the closest message they print
//! for the same failure (see [`render`] for the mapping tables).
//!
//! The reason templates live here as data ([`CHROMIUM_REASONS`]) so that the console parser
//! (`capture::console`) reads back exactly what is rendered.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

use crate::fetch::CorsError;

pub mod chromium_legacy;
pub mod edgehtml;
pub mod firefox;
pub mod pattern;
pub mod webkit;

/// A browser engine, as far as its console wording goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    /// Chrome, Edge, Opera, Brave, … (Blink).
    Chromium,
    /// Firefox (Gecko).
    Firefox,
    /// Safari and every iOS browser (WebKit).
    Safari,
}

impl Engine {
    pub const ALL: [Engine; 3] = [Engine::Chromium, Engine::Firefox, Engine::Safari];

    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
            Engine::Safari => "safari",
        }
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The kind of resource, as Chromium names it in `Access to <kind> at …`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ResourceKind {
    /// `fetch()`: printed "fetch".
    Fetch,
    /// `XMLHttpRequest`: printed "XMLHttpRequest".
    Xhr,
    /// Any other kind as Chromium prints it: "image", "script", "font", "CSS stylesheet", …
    Other(String),
}

impl ResourceKind {
    /// The word Chromium prints. `Resource::ResourceTypeToString` names are lower-cased when
    /// their second character is lower-case ("Image" → "image", "CSS stylesheet" unchanged).
    pub fn chromium_name(&self) -> Cow<'_, str> {
        match self {
            ResourceKind::Fetch => Cow::Borrowed("fetch"),
            ResourceKind::Xhr => Cow::Borrowed("XMLHttpRequest"),
            ResourceKind::Other(raw) => {
                let second_is_lower = raw.as_bytes().get(1).is_some_and(u8::is_ascii_lowercase);
                if second_is_lower {
                    Cow::Owned(raw.to_ascii_lowercase())
                } else {
                    Cow::Borrowed(raw.as_str())
                }
            }
        }
    }

    /// The inverse of [`Self::chromium_name`] for a printed kind.
    pub fn from_chromium_name(printed: &str) -> ResourceKind {
        match printed {
            "fetch" => ResourceKind::Fetch,
            "XMLHttpRequest" => ResourceKind::Xhr,
            other => ResourceKind::Other(other.to_string()),
        }
    }
}

impl fmt::Display for ResourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.chromium_name())
    }
}

impl Serialize for ResourceKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.chromium_name())
    }
}

/// What a console line is rendered from.
///
/// `failed_parameter` is printed only by the reasons whose template has a hint (the
/// offending `Access-Control-Allow-Origin` / `-Credentials` value, the method, the header name,
/// the redirect location, the `Access-Control-Allow-Private-Network` value). The two address
/// spaces are printed only by the Local/Private Network Access reasons; when unknown Chromium's
/// own word for an unknown space, `unknown`, is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageInput<'a> {
    pub error: CorsError,
    pub failed_parameter: Option<&'a str>,
    /// The last URL of the request (the redirect target after redirects).
    pub url: &'a str,
    /// The initial URL when the request was redirected (printed only when it differs from `url`).
    pub redirected_from: Option<&'a str>,
    /// The request's origin, serialized (`null` for an opaque origin).
    pub origin: &'a str,
    pub resource: ResourceKind,
    /// The response status when one was received.
    pub status: Option<u16>,
    /// Local Network Access: the address space the request targeted (`loopback`, `local`, …).
    pub target_address_space: Option<&'a str>,
    /// Local Network Access: the address space the resource turned out to be in.
    pub resource_address_space: Option<&'a str>,
    /// How many `Access-Control-Allow-Origin` lines the failing response carried, when known
    /// (Firefox words one line holding a list differently from two lines).
    pub allow_origin_lines: Option<usize>,
    /// The `Access-Control-Allow-Methods` / `-Headers` value an invalid-list error is about
    /// (Firefox names the item that is not a token).
    pub allow_list: Option<&'a str>,
}

impl<'a> MessageInput<'a> {
    /// An input with every optional part absent.
    pub fn new(error: CorsError, url: &'a str, origin: &'a str, resource: ResourceKind) -> Self {
        MessageInput {
            error,
            failed_parameter: None,
            url,
            redirected_from: None,
            origin,
            resource,
            status: None,
            target_address_space: None,
            resource_address_space: None,
            allow_origin_lines: None,
            allow_list: None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Chromium: cors_error_string.cc
// ---------------------------------------------------------------------------------------------

/// Printed before the reason of [`CorsError::has_preflight_prefix`] kinds.
pub const CHROMIUM_PREFLIGHT_PREFIX: &str =
    "Response to preflight request doesn't pass access control check: ";

/// Appended to `MissingAllowOriginHeader` for `fetch()` only. Chromium 156 prints nothing
/// there (observed by the harness: tests/captures/chromium/*/console.log); older versions
/// printed " If an opaque response serves your needs, set the request's mode to 'no-cors' …".
pub const CHROMIUM_FETCH_OPAQUE_SUFFIX: &str = "";

/// `kNoCorsInformation`: appended to the ACAO value errors for `fetch()` only, as Chromium 156
/// prints it (older versions went on: ", or, if an opaque response serves your needs, …").
pub const CHROMIUM_NO_CORS_INFORMATION: &str =
    " Have the server send the header with a valid value.";

/// Appended to the credentials errors for `XMLHttpRequest` only.
pub const CHROMIUM_XHR_CREDENTIALS_SUFFIX: &str = " The credentials mode of requests initiated \
     by the XMLHttpRequest is controlled by the withCredentials attribute.";

/// `SchemeRegistry::ListOfCorsEnabledURLSchemes()` as current Chrome prints it.
pub const CHROMIUM_CORS_ENABLED_SCHEMES: &str =
    "http, data, isolated-app, chrome-extension, chrome, https, chrome-untrusted";

/// A hole in a reason template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hole {
    /// `failed_parameter`.
    Param,
    /// The target IP address space (Local/Private Network Access).
    TargetSpace,
    /// The resource's IP address space (Local/Private Network Access).
    ResourceSpace,
    /// The list of CORS-enabled schemes (`CorsDisabledScheme`).
    Schemes,
}

/// Which suffix Chromium appends after the reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suffix {
    None,
    /// [`CHROMIUM_FETCH_OPAQUE_SUFFIX`] for fetch.
    FetchOpaque,
    /// [`CHROMIUM_NO_CORS_INFORMATION`] for fetch.
    FetchNoCorsInformation,
    /// [`CHROMIUM_XHR_CREDENTIALS_SUFFIX`] for XMLHttpRequest.
    XhrCredentials,
}

impl Suffix {
    /// The suffix text for a resource kind ("" when it does not apply).
    pub fn text(self, resource: &ResourceKind) -> &'static str {
        match (self, resource) {
            (Suffix::FetchOpaque, ResourceKind::Fetch) => CHROMIUM_FETCH_OPAQUE_SUFFIX,
            (Suffix::FetchNoCorsInformation, ResourceKind::Fetch) => CHROMIUM_NO_CORS_INFORMATION,
            (Suffix::XhrCredentials, ResourceKind::Xhr) => CHROMIUM_XHR_CREDENTIALS_SUFFIX,
            _ => "",
        }
    }
}

/// One reason text of `cors_error_string.cc`: `parts[0] hole[0] parts[1] hole[1] … parts[n]`.
///
/// Access-check kinds are listed once under their non-preflight name; the `Preflight*` variant
/// uses the same text behind [`CHROMIUM_PREFLIGHT_PREFIX`].
#[derive(Debug, Clone, Copy)]
pub struct ReasonTemplate {
    pub error: CorsError,
    pub parts: &'static [&'static str],
    pub holes: &'static [Hole],
    pub suffix: Suffix,
}

const fn t(
    error: CorsError,
    parts: &'static [&'static str],
    holes: &'static [Hole],
    suffix: Suffix,
) -> ReasonTemplate {
    ReasonTemplate {
        error,
        parts,
        holes,
        suffix,
    }
}

/// Every Chromium reason text, in `cors_error_string.cc` order.
///
/// `NoCorsRedirectModeNotFollow` has no entry: Blink's FetchManager prints its own line
/// (see [`chromium_no_cors_redirect_line`]).
pub const CHROMIUM_REASONS: &[ReasonTemplate] = {
    use CorsError::*;
    use Hole::*;
    &[
        t(
            DisallowedByMode,
            &["Cross origin requests are not allowed by request mode."],
            &[],
            Suffix::None,
        ),
        t(InvalidResponse, &["The response is invalid."], &[], Suffix::None),
        t(
            WildcardOriginNotAllowed,
            &["The value of the 'Access-Control-Allow-Origin' header in the response must not be \
               the wildcard '*' when the request's credentials mode is 'include'."],
            &[],
            Suffix::XhrCredentials,
        ),
        t(
            MissingAllowOriginHeader,
            &["No 'Access-Control-Allow-Origin' header is present on the requested resource."],
            &[],
            Suffix::FetchOpaque,
        ),
        t(
            MultipleAllowOriginValues,
            &[
                "The 'Access-Control-Allow-Origin' header contains multiple values '",
                "', but only one is allowed.",
            ],
            &[Param],
            Suffix::FetchNoCorsInformation,
        ),
        t(
            InvalidAllowOriginValue,
            &[
                "The 'Access-Control-Allow-Origin' header contains the invalid value '",
                "'.",
            ],
            &[Param],
            Suffix::FetchNoCorsInformation,
        ),
        t(
            AllowOriginMismatch,
            &[
                "The 'Access-Control-Allow-Origin' header has a value '",
                "' that is not equal to the supplied origin.",
            ],
            &[Param],
            Suffix::FetchNoCorsInformation,
        ),
        t(
            InvalidAllowCredentials,
            &[
                "The value of the 'Access-Control-Allow-Credentials' header in the response is '",
                "' which must be 'true' when the request's credentials mode is 'include'.",
            ],
            &[Param],
            Suffix::XhrCredentials,
        ),
        t(
            CorsDisabledScheme,
            &[
                "Cross origin requests are only supported for protocol schemes: ",
                ".",
            ],
            &[Schemes],
            Suffix::None,
        ),
        t(
            PreflightInvalidStatus,
            &["It does not have HTTP ok status."],
            &[],
            Suffix::None,
        ),
        t(
            PreflightDisallowedRedirect,
            &["Redirect is not allowed for a preflight request."],
            &[],
            Suffix::None,
        ),
        t(
            InvalidAllowMethodsPreflightResponse,
            &["Cannot parse Access-Control-Allow-Methods response header field in preflight \
               response."],
            &[],
            Suffix::None,
        ),
        t(
            InvalidAllowHeadersPreflightResponse,
            &["Cannot parse Access-Control-Allow-Headers response header field in preflight \
               response."],
            &[],
            Suffix::None,
        ),
        t(
            MethodDisallowedByPreflightResponse,
            &[
                "Method ",
                " is not allowed by Access-Control-Allow-Methods in preflight response.",
            ],
            &[Param],
            Suffix::None,
        ),
        t(
            HeaderDisallowedByPreflightResponse,
            &[
                "Request header field ",
                " is not allowed by Access-Control-Allow-Headers in preflight response.",
            ],
            &[Param],
            Suffix::None,
        ),
        t(
            RedirectContainsCredentials,
            &[
                "Redirect location '",
                "' contains a username and password, which is disallowed for cross-origin \
                 requests.",
            ],
            &[Param],
            Suffix::None,
        ),
        t(
            InsecureLocalNetwork,
            &[
                "The request client is not a secure context and the resource is in more-private \
                 address space `",
                "`.",
            ],
            &[ResourceSpace],
            Suffix::None,
        ),
        t(
            InvalidLocalNetworkAccess,
            &[
                "Request had a target IP address space of `",
                "` yet the resource is in address space `",
                "`.",
            ],
            &[TargetSpace, ResourceSpace],
            Suffix::None,
        ),
        t(
            UnexpectedPrivateNetworkAccess,
            &[
                "Request had no target IP address space, yet the resource is in address space `",
                "`.",
            ],
            &[ResourceSpace],
            Suffix::None,
        ),
        t(
            PreflightMissingAllowPrivateNetwork,
            &[
                "No 'Access-Control-Allow-Private-Network' header was present in the preflight \
                 response for this private network request targeting the `",
                "` address space.",
            ],
            &[TargetSpace],
            Suffix::None,
        ),
        t(
            PreflightInvalidAllowPrivateNetwork,
            &[
                "The 'Access-Control-Allow-Private-Network' header in the preflight response for \
                 this private network request targeting the `",
                "` address space had a value of '",
                // Two spaces before "not": verbatim from cors_error_string.cc.
                "',  not 'true'.",
            ],
            &[TargetSpace, Param],
            Suffix::None,
        ),
        t(
            PreflightMissingPrivateNetworkAccessId,
            &[
                "No 'Private-Network-Access-Id' header was present in the preflight response for \
                 this private network request targeting the `",
                "` address space.",
            ],
            &[TargetSpace],
            Suffix::None,
        ),
        t(
            PreflightMissingPrivateNetworkAccessName,
            &[
                "No 'Private-Network-Access-Name' header was present in the preflight response \
                 for this private network request targeting the `",
                "` address space.",
            ],
            &[TargetSpace],
            Suffix::None,
        ),
        t(
            PrivateNetworkAccessPermissionUnavailable,
            &[
                "Unable to ask for permission to access the `",
                "` IP address space.",
            ],
            &[TargetSpace],
            Suffix::None,
        ),
        t(
            LocalNetworkAccessPermissionDenied,
            &[
                "Permission was denied for this request to access the `",
                "` address space.",
            ],
            &[TargetSpace],
            Suffix::None,
        ),
        t(
            PreflightMissingAllowExternal,
            &["No 'Access-Control-Allow-External' header was present in the preflight response \
               for this external request (This is an experimental header which is defined in \
               'https://wicg.github.io/cors-rfc1918/')."],
            &[],
            Suffix::None,
        ),
        t(
            PreflightInvalidAllowExternal,
            &[
                "The 'Access-Control-Allow-External' header in the preflight response for this \
                 external request had a value of '",
                "',  not 'true' (This is an experimental header which is defined in \
                 'https://wicg.github.io/cors-rfc1918/').",
            ],
            &[Param],
            Suffix::None,
        ),
    ]
};

/// The reason template Chromium uses for an error (`None` for `NoCorsRedirectModeNotFollow`).
pub fn chromium_template(error: CorsError) -> Option<&'static ReasonTemplate> {
    let kind = error.access_kind();
    CHROMIUM_REASONS.iter().find(|t| t.error == kind)
}

/// The reason part of Chromium's line: prefix, reason text, suffix (everything after
/// "has been blocked by CORS policy: "). `None` for `NoCorsRedirectModeNotFollow`.
pub fn chromium_reason(m: &MessageInput) -> Option<String> {
    let template = chromium_template(m.error)?;
    let mut out = String::new();
    if m.error.has_preflight_prefix() {
        out.push_str(CHROMIUM_PREFLIGHT_PREFIX);
    }
    for (i, part) in template.parts.iter().enumerate() {
        out.push_str(part);
        if let Some(hole) = template.holes.get(i) {
            out.push_str(match hole {
                Hole::Param => m.failed_parameter.unwrap_or(""),
                Hole::TargetSpace => m.target_address_space.unwrap_or("unknown"),
                Hole::ResourceSpace => m.resource_address_space.unwrap_or("unknown"),
                Hole::Schemes => CHROMIUM_CORS_ENABLED_SCHEMES,
            });
        }
    }
    out.push_str(template.suffix.text(&m.resource));
    Some(out)
}

/// Blink FetchManager's line for `NoCorsRedirectModeNotFollow` (users' reports; not in
/// cors_error_string.cc).
pub fn chromium_no_cors_redirect_line(url: &str) -> String {
    format!(
        "Fetch API cannot load {url}. Request mode is \"no-cors\" but the redirect mode is not \
         \"follow\"."
    )
}

fn render_chromium(m: &MessageInput) -> String {
    let Some(reason) = chromium_reason(m) else {
        return chromium_no_cors_redirect_line(m.url);
    };
    let mut out = format!("Access to {} at '{}' ", m.resource.chromium_name(), m.url);
    if let Some(initial) = m.redirected_from.filter(|u| *u != m.url) {
        out.push_str("(redirected from '");
        out.push_str(initial);
        out.push_str("') ");
    }
    out.push_str("from origin '");
    out.push_str(m.origin);
    out.push_str("' has been blocked by CORS policy: ");
    out.push_str(&reason);
    out
}

// ---------------------------------------------------------------------------------------------
// Firefox: security.properties
// ---------------------------------------------------------------------------------------------

/// Firefox's common prefix (followed by the URL, ". ", then "(Reason: …).").
pub const FIREFOX_PREFIX: &str =
    "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ";

/// What the page sees in Firefox when there is no CORS message to print.
pub const FIREFOX_FETCH_TYPEERROR: &str =
    "TypeError: NetworkError when attempting to fetch resource.";

/// Firefox reason for a CorsError: (reason text, URL quoted, status printed).
/// The check Firefox reports for this failure, in Chromium's names. Where the two browsers
/// differ (seen in real Firefox 140 exports): Firefox compares one `Access-Control-Allow-Origin`
/// line holding a list as a whole ("does not match", where Chromium says the header has multiple
/// values), and checks a redirected preflight's `Access-Control-Allow-Origin` before refusing the
/// redirect.
pub fn firefox_error(m: &MessageInput) -> CorsError {
    match (m.error, m.allow_origin_lines) {
        (CorsError::MultipleAllowOriginValues, Some(1)) => CorsError::AllowOriginMismatch,
        (CorsError::PreflightDisallowedRedirect, Some(0)) => {
            CorsError::PreflightMissingAllowOriginHeader
        }
        (e, _) => e,
    }
}

/// The `security.properties` key Firefox prints for the verdict, and its `%2$S`.
fn firefox_key(m: &MessageInput) -> Option<(firefox::FirefoxKey, Option<String>)> {
    use firefox::FirefoxKey as K;
    use CorsError::*;
    // Firefox names the list item that is not a token ("GET; DELETE").
    let invalid_item = m.allow_list.and_then(|list| {
        list.split(',')
            .map(str::trim)
            .find(|item| !crate::fetch::safelist::is_token(item))
    });
    let param = invalid_item
        .or(m.failed_parameter)
        .unwrap_or("")
        .to_string();
    let status = m.status.map(|s| s.to_string());
    Some(match firefox_error(m).access_kind() {
        MissingAllowOriginHeader => (K::MissingAllowOrigin, status),
        WildcardOriginNotAllowed => (K::NotSupportingCredentials, None),
        MultipleAllowOriginValues => (K::MultipleAllowOriginNotAllowed, None),
        InvalidAllowOriginValue | AllowOriginMismatch => {
            (K::AllowOriginNotMatchingOrigin, Some(param))
        }
        InvalidAllowCredentials => (K::MissingAllowCredentials, None),
        CorsDisabledScheme => (K::RequestNotHttp, None),
        PreflightInvalidStatus => (K::PreflightDidNotSucceed, status),
        PreflightDisallowedRedirect => (K::ExternalRedirectNotAllowed, None),
        InvalidAllowMethodsPreflightResponse => (K::InvalidAllowMethod, Some(param)),
        InvalidAllowHeadersPreflightResponse => (K::InvalidAllowHeader, Some(param)),
        MethodDisallowedByPreflightResponse => (K::MethodNotFound, None),
        HeaderDisallowedByPreflightResponse => (K::MissingAllowHeaderFromPreflight, Some(param)),
        // "did not succeed" is printed for a channel that failed: Firefox has no status for it
        // even when a redirect answered (seen in real Firefox 140 exports).
        InvalidResponse | RedirectContainsCredentials => (K::DidNotSucceed, Some("(null)".into())),
        _ => return None,
    })
}

/// Firefox's line: the en-US row of [`firefox::FIREFOX_ROWS`] for the key, filled. A status the
/// verdict does not know is left out with its " Status code: " label.
fn render_firefox(m: &MessageInput) -> String {
    let Some((key, second)) = firefox_key(m) else {
        return FIREFOX_FETCH_TYPEERROR.to_string();
    };
    let Some(row) = firefox::en_us(key) else {
        return FIREFOX_FETCH_TYPEERROR.to_string();
    };
    let text = match (&second, row.text.strip_suffix(" Status code: %2$S.")) {
        (None, Some(without_status)) => without_status,
        _ => row.text,
    };
    pattern::fill(
        text,
        &[("1", m.url), ("2", second.as_deref().unwrap_or(""))],
    )
}

// ---------------------------------------------------------------------------------------------
// Safari: CrossOriginAccessControl.cpp, NetworkLoadChecker.cpp, ThreadableLoader.cpp
// ---------------------------------------------------------------------------------------------

fn safari_reason(m: &MessageInput) -> Option<String> {
    use CorsError::*;
    let param = m.failed_parameter.unwrap_or("");
    let status = m
        .status
        .map(|s| format!(" Status code: {s}"))
        .unwrap_or_default();
    Some(match m.error.access_kind() {
        DisallowedByMode => format!(
            "Unsafe attempt to load URL {} from origin {}. Domains, protocols and ports must match.",
            m.url, m.origin
        ),
        WildcardOriginNotAllowed => {
            "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true."
                .to_string()
        }
        MultipleAllowOriginValues => {
            "Access-Control-Allow-Origin cannot contain more than one origin.".to_string()
        }
        MissingAllowOriginHeader | InvalidAllowOriginValue | AllowOriginMismatch => format!(
            "Origin {} is not allowed by Access-Control-Allow-Origin.{status}",
            m.origin
        ),
        InvalidAllowCredentials => {
            "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\"."
                .to_string()
        }
        CorsDisabledScheme => "Cross origin requests are only supported for HTTP.".to_string(),
        PreflightInvalidStatus => format!("Preflight response is not successful.{status}"),
        PreflightDisallowedRedirect => "Preflight response is not successful.".to_string(),
        InvalidAllowMethodsPreflightResponse => {
            format!("Header Access-Control-Allow-Methods has an invalid value: {param}")
        }
        InvalidAllowHeadersPreflightResponse => {
            format!("Header Access-Control-Allow-Headers has an invalid value: {param}")
        }
        MethodDisallowedByPreflightResponse => {
            format!("Method {param} is not allowed by Access-Control-Allow-Methods.")
        }
        HeaderDisallowedByPreflightResponse => {
            format!("Request header field {param} is not allowed by Access-Control-Allow-Headers.")
        }
        RedirectContainsCredentials => format!(
            "Cross-origin redirection to {} denied by Cross-Origin Resource Sharing policy: \
             redirection URL {} has credentials",
            m.url,
            m.failed_parameter.unwrap_or(m.url)
        ),
        _ => return None,
    })
}

/// Safari's second line: `<API> cannot load <url> due to access control checks.`
pub fn safari_cannot_load_line(resource: &ResourceKind, url: &str) -> String {
    let api = match resource {
        ResourceKind::Fetch => "Fetch API ",
        ResourceKind::Xhr => "XMLHttpRequest ",
        ResourceKind::Other(o) if o.eq_ignore_ascii_case("eventsource") => "EventSource ",
        ResourceKind::Other(_) => "",
    };
    let verb = if api.is_empty() {
        "Cannot load"
    } else {
        "cannot load"
    };
    format!("{api}{verb} {url} due to access control checks.")
}

fn render_safari(m: &MessageInput) -> String {
    let second = safari_cannot_load_line(&m.resource, m.url);
    match safari_reason(m) {
        Some(reason) => format!("{reason}\n{second}"),
        None => second,
    }
}

/// Renders the console line `engine` prints for the verdict `m`.
///
/// **Chromium**: exactly `cors_error_string.cc` (one line). `NoCorsRedirectModeNotFollow`
/// renders FetchManager's "Fetch API cannot load …" line instead.
///
/// **Firefox** (one line, curly quotes as Firefox prints them; the status is printed only by the
/// three reasons that carry one, and only when known):
///
/// | CorsError (and its `Preflight*` twin) | Firefox reason (key) |
/// | --- | --- |
/// | MissingAllowOriginHeader | `CORS header ‘Access-Control-Allow-Origin’ missing` (CORSMissingAllowOrigin2) + status |
/// | WildcardOriginNotAllowed | `Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’` (CORSNotSupportingCredentials; the URL is quoted) |
/// | MultipleAllowOriginValues | `Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed` |
/// | AllowOriginMismatch, InvalidAllowOriginValue | `CORS header ‘Access-Control-Allow-Origin’ does not match ‘<value>’` (CORSAllowOriginNotMatchingOrigin; Firefox does not tell an invalid value from a mismatch) |
/// | InvalidAllowCredentials | `expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’` |
/// | CorsDisabledScheme | `CORS request not http` |
/// | PreflightInvalidStatus | `CORS preflight response did not succeed` (CORSPreflightDidNotSucceed3) + status |
/// | PreflightDisallowedRedirect | `CORS request external redirect not allowed` (Firefox rejects any redirect of the preflight) |
/// | InvalidAllowMethodsPreflightResponse | `invalid token ‘<token>’ in CORS header ‘Access-Control-Allow-Methods’` |
/// | InvalidAllowHeadersPreflightResponse | `invalid token ‘<token>’ in CORS header ‘Access-Control-Allow-Headers’` |
/// | MethodDisallowedByPreflightResponse | `Did not find method in CORS header ‘Access-Control-Allow-Methods’` (the method is not printed) |
/// | HeaderDisallowedByPreflightResponse | `header ‘<name>’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response` |
/// | InvalidResponse, RedirectContainsCredentials | `CORS request did not succeed` + `Status code: (null)` (Firefox has no specific message: a credentials redirect fails as NS_ERROR_DOM_BAD_URI) |
/// | DisallowedByMode, NoCorsRedirectModeNotFollow, every Local/Private Network Access and CORS-RFC1918 kind | no CORS message: the page's `TypeError: NetworkError when attempting to fetch resource.` is rendered |
///
/// **Safari** (the reason line, when Safari has one, then "`<API>` cannot load `<url>` due to
/// access control checks.", separated by `\n`, as Safari prints them; `<API>` is "Fetch API",
/// "XMLHttpRequest", "EventSource", or the line starts "Cannot load"):
///
/// | CorsError (and its `Preflight*` twin) | Safari reason line |
/// | --- | --- |
/// | MissingAllowOriginHeader, AllowOriginMismatch, InvalidAllowOriginValue | `Origin <origin> is not allowed by Access-Control-Allow-Origin. Status code: <n>` (one text for all three; status only when known) |
/// | WildcardOriginNotAllowed | `Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.` |
/// | MultipleAllowOriginValues | `Access-Control-Allow-Origin cannot contain more than one origin.` |
/// | InvalidAllowCredentials | `Credentials flag is true, but Access-Control-Allow-Credentials is not "true".` |
/// | CorsDisabledScheme | `Cross origin requests are only supported for HTTP.` |
/// | PreflightInvalidStatus | `Preflight response is not successful. Status code: <n>` |
/// | PreflightDisallowedRedirect | `Preflight response is not successful.` (no status: Safari's text for a redirected preflight) |
/// | InvalidAllowMethodsPreflightResponse | `Header Access-Control-Allow-Methods has an invalid value: <value>` |
/// | InvalidAllowHeadersPreflightResponse | `Header Access-Control-Allow-Headers has an invalid value: <value>` |
/// | MethodDisallowedByPreflightResponse | `Method <method> is not allowed by Access-Control-Allow-Methods.` |
/// | HeaderDisallowedByPreflightResponse | `Request header field <name> is not allowed by Access-Control-Allow-Headers.` |
/// | RedirectContainsCredentials | `Cross-origin redirection to <url> denied by Cross-Origin Resource Sharing policy: redirection URL <location> has credentials` |
/// | DisallowedByMode | `Unsafe attempt to load URL <url> from origin <origin>. Domains, protocols and ports must match.` |
/// | InvalidResponse, NoCorsRedirectModeNotFollow, Local/Private Network Access and CORS-RFC1918 kinds | no reason line (WebKit has no such check); only the "cannot load" line |
pub fn render(engine: Engine, m: &MessageInput) -> String {
    match engine {
        Engine::Chromium => render_chromium(m),
        Engine::Firefox => render_firefox(m),
        Engine::Safari => render_safari(m),
    }
}

/// Whether `engine` has a message of its own for `error` (otherwise [`render`] prints the
/// engine's generic failure text).
pub fn has_specific_message(engine: Engine, error: CorsError) -> bool {
    let m = MessageInput::new(error, "", "", ResourceKind::Fetch);
    match engine {
        Engine::Chromium => true,
        Engine::Firefox => firefox_key(&m).is_some(),
        Engine::Safari => safari_reason(&m).is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CorsError::*;

    const URL: &str = "https://api.example/x";
    const ORIGIN: &str = "https://app.example";

    fn chromium(error: CorsError, resource: ResourceKind, param: Option<&str>) -> String {
        let mut m = MessageInput::new(error, URL, ORIGIN, resource);
        m.failed_parameter = param;
        render(Engine::Chromium, &m)
    }

    fn head(kind: &str) -> String {
        format!(
            "Access to {kind} at 'https://api.example/x' from origin 'https://app.example' has \
             been blocked by CORS policy: "
        )
    }

    /// Each reason, fetch and XHR, as Chromium 156 prints it (cors_error_string.cc, research
    /// §1.3, with the suffixes the harness observed).
    #[test]
    fn chromium_every_reason_exact() {
        let pf = "Response to preflight request doesn't pass access control check: ";
        // Chromium 156 (observed): no opaque hint, a shortened kNoCorsInformation.
        let opaque = "";
        let no_cors = " Have the server send the header with a valid value.";
        let xhr = " The credentials mode of requests initiated by the XMLHttpRequest is \
                   controlled by the withCredentials attribute.";
        let wildcard = "The value of the 'Access-Control-Allow-Origin' header in the response \
                        must not be the wildcard '*' when the request's credentials mode is \
                        'include'.";
        let missing = "No 'Access-Control-Allow-Origin' header is present on the requested \
                       resource.";
        let multiple = "The 'Access-Control-Allow-Origin' header contains multiple values \
                        'https://a, https://b', but only one is allowed.";
        let invalid = "The 'Access-Control-Allow-Origin' header contains the invalid value \
                       'https://app.example/'.";
        let mismatch = "The 'Access-Control-Allow-Origin' header has a value 'https://other' \
                        that is not equal to the supplied origin.";
        let creds = "The value of the 'Access-Control-Allow-Credentials' header in the response \
                     is '' which must be 'true' when the request's credentials mode is \
                     'include'.";
        // (error, hint, reason, fetch suffix, xhr suffix)
        let cases: Vec<(CorsError, Option<&str>, String, &str, &str)> =
            vec![
            (
                DisallowedByMode,
                None,
                "Cross origin requests are not allowed by request mode.".into(),
                "",
                "",
            ),
            (InvalidResponse, None, "The response is invalid.".into(), "", ""),
            (WildcardOriginNotAllowed, None, wildcard.into(), "", xhr),
            (PreflightWildcardOriginNotAllowed, None, format!("{pf}{wildcard}"), "", xhr),
            (MissingAllowOriginHeader, None, missing.into(), opaque, ""),
            (PreflightMissingAllowOriginHeader, None, format!("{pf}{missing}"), opaque, ""),
            (MultipleAllowOriginValues, Some("https://a, https://b"), multiple.into(), no_cors, ""),
            (
                PreflightMultipleAllowOriginValues,
                Some("https://a, https://b"),
                format!("{pf}{multiple}"),
                no_cors,
                "",
            ),
            (InvalidAllowOriginValue, Some("https://app.example/"), invalid.into(), no_cors, ""),
            (
                PreflightInvalidAllowOriginValue,
                Some("https://app.example/"),
                format!("{pf}{invalid}"),
                no_cors,
                "",
            ),
            (AllowOriginMismatch, Some("https://other"), mismatch.into(), no_cors, ""),
            (
                PreflightAllowOriginMismatch,
                Some("https://other"),
                format!("{pf}{mismatch}"),
                no_cors,
                "",
            ),
            (InvalidAllowCredentials, Some(""), creds.into(), "", xhr),
            (PreflightInvalidAllowCredentials, None, format!("{pf}{creds}"), "", xhr),
            (
                CorsDisabledScheme,
                None,
                "Cross origin requests are only supported for protocol schemes: http, data, \
                 isolated-app, chrome-extension, chrome, https, chrome-untrusted."
                    .into(),
                "",
                "",
            ),
            (PreflightInvalidStatus, None, format!("{pf}It does not have HTTP ok status."), "", ""),
            (
                PreflightDisallowedRedirect,
                None,
                format!("{pf}Redirect is not allowed for a preflight request."),
                "",
                "",
            ),
            (
                InvalidAllowMethodsPreflightResponse,
                None,
                "Cannot parse Access-Control-Allow-Methods response header field in preflight \
                 response."
                    .into(),
                "",
                "",
            ),
            (
                InvalidAllowHeadersPreflightResponse,
                None,
                "Cannot parse Access-Control-Allow-Headers response header field in preflight \
                 response."
                    .into(),
                "",
                "",
            ),
            (
                MethodDisallowedByPreflightResponse,
                Some("PUT"),
                "Method PUT is not allowed by Access-Control-Allow-Methods in preflight response."
                    .into(),
                "",
                "",
            ),
            (
                HeaderDisallowedByPreflightResponse,
                Some("x-api-key"),
                "Request header field x-api-key is not allowed by Access-Control-Allow-Headers \
                 in preflight response."
                    .into(),
                "",
                "",
            ),
            (
                RedirectContainsCredentials,
                Some("https://u:p@b.example/x"),
                "Redirect location 'https://u:p@b.example/x' contains a username and password, \
                 which is disallowed for cross-origin requests."
                    .into(),
                "",
                "",
            ),
            (
                InsecureLocalNetwork,
                None,
                "The request client is not a secure context and the resource is in \
                 more-private address space `unknown`."
                    .into(),
                "",
                "",
            ),
            (
                InvalidLocalNetworkAccess,
                None,
                "Request had a target IP address space of `unknown` yet the resource is in \
                 address space `unknown`."
                    .into(),
                "",
                "",
            ),
            (
                UnexpectedPrivateNetworkAccess,
                None,
                "Request had no target IP address space, yet the resource is in address space \
                 `unknown`."
                    .into(),
                "",
                "",
            ),
            (
                PreflightMissingAllowPrivateNetwork,
                None,
                format!(
                    "{pf}No 'Access-Control-Allow-Private-Network' header was present in the \
                     preflight response for this private network request targeting the \
                     `unknown` address space."
                ),
                "",
                "",
            ),
            (
                PreflightInvalidAllowPrivateNetwork,
                Some("false"),
                format!(
                    "{pf}The 'Access-Control-Allow-Private-Network' header in the preflight \
                     response for this private network request targeting the `unknown` address \
                     space had a value of 'false',  not 'true'."
                ),
                "",
                "",
            ),
            (
                PreflightMissingPrivateNetworkAccessId,
                None,
                "No 'Private-Network-Access-Id' header was present in the preflight response \
                 for this private network request targeting the `unknown` address space."
                    .into(),
                "",
                "",
            ),
            (
                PreflightMissingPrivateNetworkAccessName,
                None,
                "No 'Private-Network-Access-Name' header was present in the preflight response \
                 for this private network request targeting the `unknown` address space."
                    .into(),
                "",
                "",
            ),
            (
                PrivateNetworkAccessPermissionUnavailable,
                None,
                "Unable to ask for permission to access the `unknown` IP address space.".into(),
                "",
                "",
            ),
            (
                LocalNetworkAccessPermissionDenied,
                None,
                "Permission was denied for this request to access the `unknown` address space."
                    .into(),
                "",
                "",
            ),
            (
                PreflightMissingAllowExternal,
                None,
                format!(
                    "{pf}No 'Access-Control-Allow-External' header was present in the preflight \
                     response for this external request (This is an experimental header which \
                     is defined in 'https://wicg.github.io/cors-rfc1918/')."
                ),
                "",
                "",
            ),
            (
                PreflightInvalidAllowExternal,
                Some("1"),
                format!(
                    "{pf}The 'Access-Control-Allow-External' header in the preflight response \
                     for this external request had a value of '1',  not 'true' (This is an \
                     experimental header which is defined in \
                     'https://wicg.github.io/cors-rfc1918/')."
                ),
                "",
                "",
            ),
        ];
        let mut covered: Vec<CorsError> = cases.iter().map(|c| c.0).collect();
        for (error, hint, reason, fetch_suffix, xhr_suffix) in &cases {
            assert_eq!(
                chromium(*error, ResourceKind::Fetch, *hint),
                format!("{}{reason}{fetch_suffix}", head("fetch")),
                "{error} fetch"
            );
            assert_eq!(
                chromium(*error, ResourceKind::Xhr, *hint),
                format!("{}{reason}{xhr_suffix}", head("XMLHttpRequest")),
                "{error} XHR"
            );
            assert_eq!(
                chromium(*error, ResourceKind::Other("Image".into()), *hint),
                format!("{}{reason}", head("image")),
                "{error} image: no suffix"
            );
        }
        covered.push(NoCorsRedirectModeNotFollow);
        covered.sort();
        let mut all = CorsError::ALL.to_vec();
        all.sort();
        assert_eq!(covered, all, "every CorsError has a test case");
    }

    #[test]
    fn chromium_research_examples() {
        let mut m = MessageInput::new(
            MissingAllowOriginHeader,
            "https://api.example/x",
            "https://app.example",
            ResourceKind::Fetch,
        );
        assert_eq!(
            render(Engine::Chromium, &m),
            "Access to fetch at 'https://api.example/x' from origin 'https://app.example' has \
             been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on \
             the requested resource."
        );
        m = MessageInput::new(
            PreflightInvalidStatus,
            "https://b/x",
            "https://app",
            ResourceKind::Xhr,
        );
        m.redirected_from = Some("https://a/x");
        assert_eq!(
            render(Engine::Chromium, &m),
            "Access to XMLHttpRequest at 'https://b/x' (redirected from 'https://a/x') from \
             origin 'https://app' has been blocked by CORS policy: Response to preflight request \
             doesn't pass access control check: It does not have HTTP ok status."
        );
        // Same initial and last URL: no "(redirected from …)".
        m.redirected_from = Some("https://b/x");
        assert!(!render(Engine::Chromium, &m).contains("redirected"));
    }

    #[test]
    fn chromium_address_spaces_and_no_cors_redirect() {
        let mut m = MessageInput::new(
            InvalidLocalNetworkAccess,
            "http://192.168.1.1/",
            "https://app.example",
            ResourceKind::Fetch,
        );
        m.target_address_space = Some("local");
        m.resource_address_space = Some("public");
        assert!(render(Engine::Chromium, &m).ends_with(
            "Request had a target IP address space of `local` yet the resource is in address \
             space `public`."
        ));
        let m = MessageInput::new(
            NoCorsRedirectModeNotFollow,
            URL,
            ORIGIN,
            ResourceKind::Fetch,
        );
        assert_eq!(
            render(Engine::Chromium, &m),
            "Fetch API cannot load https://api.example/x. Request mode is \"no-cors\" but the \
             redirect mode is not \"follow\"."
        );
    }

    #[test]
    fn resource_kind_names() {
        assert_eq!(
            ResourceKind::Other("Script".into()).chromium_name(),
            "script"
        );
        assert_eq!(
            ResourceKind::Other("CSS stylesheet".into()).chromium_name(),
            "CSS stylesheet"
        );
        assert_eq!(
            ResourceKind::Other("Text track".into()).chromium_name(),
            "text track"
        );
        assert_eq!(
            ResourceKind::from_chromium_name("fetch"),
            ResourceKind::Fetch
        );
        assert_eq!(
            ResourceKind::from_chromium_name("XMLHttpRequest"),
            ResourceKind::Xhr
        );
        assert_eq!(
            ResourceKind::from_chromium_name("font"),
            ResourceKind::Other("font".into())
        );
    }

    #[test]
    fn firefox_lines() {
        let mut m = MessageInput::new(MissingAllowOriginHeader, URL, ORIGIN, ResourceKind::Fetch);
        m.status = Some(500);
        assert_eq!(
            render(Engine::Firefox, &m),
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote \
             resource at https://api.example/x. (Reason: CORS header \
             ‘Access-Control-Allow-Origin’ missing). Status code: 500."
        );
        m.status = None;
        assert!(render(Engine::Firefox, &m).ends_with("missing)."));

        let m = MessageInput::new(
            PreflightWildcardOriginNotAllowed,
            URL,
            ORIGIN,
            ResourceKind::Xhr,
        );
        assert_eq!(
            render(Engine::Firefox, &m),
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote \
             resource at ‘https://api.example/x’. (Reason: Credential is not supported if the \
             CORS header ‘Access-Control-Allow-Origin’ is ‘*’)."
        );

        let mut m = MessageInput::new(AllowOriginMismatch, URL, ORIGIN, ResourceKind::Fetch);
        m.failed_parameter = Some("https://other.example");
        assert!(render(Engine::Firefox, &m).ends_with(
            "(Reason: CORS header ‘Access-Control-Allow-Origin’ does not match \
             ‘https://other.example’)."
        ));

        let mut m = MessageInput::new(
            HeaderDisallowedByPreflightResponse,
            URL,
            ORIGIN,
            ResourceKind::Fetch,
        );
        m.failed_parameter = Some("x-api-key");
        assert!(render(Engine::Firefox, &m).ends_with(
            "(Reason: header ‘x-api-key’ is not allowed according to header \
             ‘Access-Control-Allow-Headers’ from CORS preflight response)."
        ));

        let mut m = MessageInput::new(PreflightInvalidStatus, URL, ORIGIN, ResourceKind::Fetch);
        m.status = Some(405);
        assert!(render(Engine::Firefox, &m)
            .ends_with("(Reason: CORS preflight response did not succeed). Status code: 405."));

        let m = MessageInput::new(
            RedirectContainsCredentials,
            URL,
            ORIGIN,
            ResourceKind::Fetch,
        );
        assert!(render(Engine::Firefox, &m)
            .ends_with("(Reason: CORS request did not succeed). Status code: (null)."));

        let m = MessageInput::new(
            LocalNetworkAccessPermissionDenied,
            URL,
            ORIGIN,
            ResourceKind::Fetch,
        );
        assert_eq!(render(Engine::Firefox, &m), FIREFOX_FETCH_TYPEERROR);
        assert!(!has_specific_message(
            Engine::Firefox,
            LocalNetworkAccessPermissionDenied
        ));
        assert!(has_specific_message(
            Engine::Firefox,
            PreflightDisallowedRedirect
        ));
    }

    #[test]
    fn firefox_words_what_it_checks_differently() {
        let url = "http://api.x/a";
        let mut m = MessageInput::new(
            CorsError::MultipleAllowOriginValues,
            url,
            "http://app.x",
            ResourceKind::Fetch,
        );
        m.failed_parameter = Some("http://app.x http://b.x");
        m.allow_origin_lines = Some(2);
        assert!(render(Engine::Firefox, &m).contains("Multiple CORS header"));
        m.allow_origin_lines = Some(1);
        assert_eq!(firefox_error(&m), CorsError::AllowOriginMismatch);
        assert!(render(Engine::Firefox, &m)
            .contains("(Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘http://app.x http://b.x’)"));

        let mut p = MessageInput::new(
            CorsError::PreflightDisallowedRedirect,
            url,
            "http://app.x",
            ResourceKind::Fetch,
        );
        p.status = Some(307);
        p.allow_origin_lines = Some(0);
        assert!(render(Engine::Firefox, &p).ends_with(
            "(Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 307."
        ));
        p.allow_origin_lines = Some(1);
        assert!(render(Engine::Firefox, &p)
            .ends_with("(Reason: CORS request external redirect not allowed)."));

        let mut l = MessageInput::new(
            CorsError::InvalidAllowMethodsPreflightResponse,
            url,
            "http://app.x",
            ResourceKind::Fetch,
        );
        l.allow_list = Some("GET, PUT; DELETE");
        assert!(render(Engine::Firefox, &l)
            .contains("invalid token ‘PUT; DELETE’ in CORS header ‘Access-Control-Allow-Methods’"));
        // Chromium's line does not depend on these.
        assert_eq!(render(Engine::Chromium, &l), {
            let mut c = l.clone();
            c.allow_list = None;
            render(Engine::Chromium, &c)
        });
    }

    #[test]
    fn safari_lines() {
        let mut m = MessageInput::new(MissingAllowOriginHeader, URL, ORIGIN, ResourceKind::Fetch);
        m.status = Some(500);
        assert_eq!(
            render(Engine::Safari, &m),
            "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status \
             code: 500\nFetch API cannot load https://api.example/x due to access control checks."
        );
        let mut m = MessageInput::new(PreflightInvalidStatus, URL, ORIGIN, ResourceKind::Xhr);
        m.status = Some(403);
        assert_eq!(
            render(Engine::Safari, &m),
            "Preflight response is not successful. Status code: 403\nXMLHttpRequest cannot load \
             https://api.example/x due to access control checks."
        );
        let mut m = MessageInput::new(
            MethodDisallowedByPreflightResponse,
            URL,
            ORIGIN,
            ResourceKind::Fetch,
        );
        m.failed_parameter = Some("PATCH");
        assert!(render(Engine::Safari, &m)
            .starts_with("Method PATCH is not allowed by Access-Control-Allow-Methods.\n"));
        let m = MessageInput::new(
            InvalidAllowCredentials,
            URL,
            ORIGIN,
            ResourceKind::Other("image".into()),
        );
        assert_eq!(
            render(Engine::Safari, &m),
            "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".\n\
             Cannot load https://api.example/x due to access control checks."
        );
        let m = MessageInput::new(InsecureLocalNetwork, URL, ORIGIN, ResourceKind::Fetch);
        assert_eq!(
            render(Engine::Safari, &m),
            "Fetch API cannot load https://api.example/x due to access control checks."
        );
    }
}
