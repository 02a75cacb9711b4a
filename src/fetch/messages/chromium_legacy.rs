//! Chromium's CORS console wordings since 2014, as a table read by the console parser.
//!
//! Today's reason texts are [`super::CHROMIUM_REASONS`] (`cors_error_string.cc`), printed after
//! `Access to <kind> at '<url>' from origin '<origin>' has been blocked by CORS policy: `. Before
//! Chrome 72 the line had other heads and Blink's own reason texts
//! (`third_party/WebKit/Source/core/loader/DocumentThreadableLoader.cpp` and
//! `platform/loader/fetch/CrossOriginAccessControl.cpp`, 2014–2018), followed by
//! ` Origin '<origin>' is therefore not allowed access.` and, for an error status,
//! ` The response had HTTP status code <n>.`:
//!
//! | head | Chrome |
//! | --- | --- |
//! | `XMLHttpRequest cannot load <url>. <reason>` | up to 63 |
//! | `Fetch API cannot load <url>. <reason>` | 42 to 63 |
//! | `Failed to load <url>: <reason>` | 64 to 71 |
//! | `[Failed to load <url>: ]Redirect from '<a>' to '<b>' has been blocked by CORS policy: <reason>` | 58 to 71 |
//! | `Access to <kind> at '<url>' [(redirected from '<a>') ]from origin '<o>' has been blocked by CORS policy: <reason>` | 72 on |

use crate::fetch::CorsError;

/// One old reason text: the pattern (`{param}` the failed parameter, `{status}` the status,
/// `{url}` a URL, `{origin}` the origin), what it means, what else it says.
#[derive(Debug, Clone, Copy)]
pub struct LegacyReason {
    pub id: &'static str,
    pub pattern: &'static str,
    /// `None` when Chromium has no CorsError for it today.
    pub error: Option<CorsError>,
    /// The text says the request's credentials mode was `include`.
    pub credentials_include: bool,
}

const fn l(
    id: &'static str,
    pattern: &'static str,
    error: Option<CorsError>,
    credentials_include: bool,
) -> LegacyReason {
    LegacyReason {
        id,
        pattern,
        error,
        credentials_include,
    }
}

/// Blink's reason texts of 2014–2018 that `cors_error_string.cc` no longer prints. Three more
/// (`Method M is not allowed by Access-Control-Allow-Methods.`, `Request header field H is not
/// allowed by Access-Control-Allow-Headers.`, `Cross origin requests are only supported for
/// HTTP.`) are WebKit's sentences too: they are rows of `webkit::WEBKIT_ROWS`, marked shared,
/// and name no browser.
pub const CHROMIUM_LEGACY_REASONS: &[LegacyReason] = {
    use CorsError::*;
    &[
        l("preflight-invalid-status-code", "Response for preflight has invalid HTTP status code {status}", Some(PreflightInvalidStatus), false),
        l("preflight-not-ok", "Response for preflight does not have HTTP ok status.", Some(PreflightInvalidStatus), false),
        l("preflight-redirect", "Response for preflight is invalid (redirect)", Some(PreflightDisallowedRedirect), false),
        l("wildcard-credentials-flag", "A wildcard '*' cannot be used in the 'Access-Control-Allow-Origin' header when the credentials flag is true.", Some(WildcardOriginNotAllowed), true),
        l("credentials-flag", "Credentials flag is 'true', but the 'Access-Control-Allow-Credentials' header is '{param}'. It must be 'true' to allow credentials.", Some(InvalidAllowCredentials), true),
        l("whitelists-only", "The 'Access-Control-Allow-Origin' whitelists only '{param}'.", Some(AllowOriginMismatch), false),
        l("same-origin-mode", "Request mode is \"same-origin\" but the URL's origin is not the same as the request origin {origin}.", Some(DisallowedByMode), false),
        l("no-cors-redirect", "Request mode is \"no-cors\" but the redirect mode is not \"follow\".", Some(NoCorsRedirectModeNotFollow), false),
        l("redirect-userinfo", "The request was redirected to a URL ('{param}') containing userinfo, which is disallowed for cross-origin requests.", Some(RedirectContainsCredentials), false),
        l("redirect-disallowed-scheme", "The request was redirected to a URL ('{url}') which has a disallowed scheme for cross-origin requests.", None, false),
        l("redirect-requires-preflight", "The request was redirected to '{url}', which is disallowed for cross-origin requests that require preflight.", None, false),
        l("preflight-invalid", "Response for preflight is invalid", None, false),
    ]
};

/// ` Origin '<origin>' is therefore not allowed access.` (any reason, before Chrome 72).
pub const THEREFORE_NOT_ALLOWED: &str = "Origin '{origin}' is therefore not allowed access";
/// `Origin '<origin>' is not in the list, and is therefore not allowed access.` (whitelists-only).
pub const NOT_IN_THE_LIST: &str =
    "Origin '{origin}' is not in the list, and is therefore not allowed access.";
/// ` The response had HTTP status code <n>.`
pub const RESPONSE_HAD_STATUS: &str = "The response had HTTP status code {status}.";
/// Printed for `credentials: 'include'` / `withCredentials` (old and new reason texts).
pub const CREDENTIALS_MODE_INCLUDE: &str = "credentials mode is 'include'";

#[cfg(test)]
mod tests {
    use super::super::pattern::{fill, fold, match_at_start};
    use super::*;

    #[test]
    fn every_legacy_row_reads_back() {
        for r in CHROMIUM_LEGACY_REASONS {
            let text = fill(
                r.pattern,
                &[
                    ("param", "X-Token"),
                    ("status", "422"),
                    ("url", "http://b/x"),
                    ("rest", "http, https."),
                    ("origin", "http://o.example:1"),
                ],
            );
            let m = match_at_start(r.pattern, &fold(&text)).unwrap_or_else(|| panic!("{}", r.id));
            if r.pattern.contains("{param}") {
                assert_eq!(m.get("param"), Some("X-Token"), "{}", r.id);
            }
            if r.pattern.contains("{status}") {
                assert_eq!(m.get("status"), Some("422"), "{}", r.id);
            }
        }
    }
}
