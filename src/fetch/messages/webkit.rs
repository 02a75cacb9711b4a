//! WebKit's (Safari's) CORS console messages, as a table read by the console parser and checked
//! against [`super::render`]'s Safari lines.
//!
//! Sources: `WebKit/WebKit:Source/WebCore/loader/CrossOriginAccessControl.cpp`,
//! `Source/WebKit/NetworkProcess/NetworkLoadChecker.cpp`, `NetworkCORSPreflightChecker.cpp`,
//! older `Source/WebCore/loader/DocumentThreadableLoader.cpp` (see
//! research/fetch-firefox-safari.md §3.1). Safari 10 and before printed the reason on the
//! "cannot load" line itself: `XMLHttpRequest cannot load <url>. <reason>`.

use crate::fetch::CorsError;

#[derive(Debug, Clone, Copy)]
pub struct WebKitRow {
    pub id: &'static str,
    /// `{origin}`, `{param}`, `{status}`, `{url}`, `{rest}` holes.
    pub pattern: &'static str,
    pub error: Option<CorsError>,
    /// The CorsErrors the text leaves open (empty when it means exactly `error`).
    pub open: &'static [CorsError],
    /// Chromium before version 72 printed the same sentence: the browser is not told by it.
    pub shared_with_old_chromium: bool,
    pub credentials_include: bool,
}

/// What "Origin … is not allowed by Access-Control-Allow-Origin" leaves open: WebKit does not
/// tell a missing header from a mismatching or invalid one, nor the preflight from the response.
const ORIGIN_OPEN: &[CorsError] = {
    use CorsError::*;
    &[
        MissingAllowOriginHeader,
        AllowOriginMismatch,
        InvalidAllowOriginValue,
        PreflightMissingAllowOriginHeader,
        PreflightAllowOriginMismatch,
        PreflightInvalidAllowOriginValue,
    ]
};

pub const WEBKIT_ROWS: &[WebKitRow] = {
    use CorsError::*;
    &[
        // With its status: Safari since 2018.
        WebKitRow { id: "origin-not-allowed-status", pattern: "Origin {origin} is not allowed by Access-Control-Allow-Origin. Status code: {status}", error: Some(MissingAllowOriginHeader), open: ORIGIN_OPEN, shared_with_old_chromium: false, credentials_include: false },
        // Without: older Safari, and Chrome before Blink (27 and before) printed the same words
        // (github.com/kenyee/angularjs-cart/issues/1 is a Chrome paste of it).
        WebKitRow { id: "origin-not-allowed", pattern: "Origin {origin} is not allowed by Access-Control-Allow-Origin.", error: Some(MissingAllowOriginHeader), open: ORIGIN_OPEN, shared_with_old_chromium: true, credentials_include: false },
        WebKitRow { id: "wildcard-credentials", pattern: "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.", error: Some(WildcardOriginNotAllowed), open: &[], shared_with_old_chromium: false, credentials_include: true },
        WebKitRow { id: "multiple-origins", pattern: "Access-Control-Allow-Origin cannot contain more than one origin.", error: Some(MultipleAllowOriginValues), open: &[], shared_with_old_chromium: false, credentials_include: false },
        WebKitRow { id: "credentials-not-true", pattern: "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".", error: Some(InvalidAllowCredentials), open: &[], shared_with_old_chromium: false, credentials_include: true },
        WebKitRow { id: "http-only", pattern: "Cross origin requests are only supported for HTTP.", error: Some(CorsDisabledScheme), open: &[], shared_with_old_chromium: true, credentials_include: false },
        WebKitRow { id: "preflight-not-successful", pattern: "Preflight response is not successful", error: Some(PreflightInvalidStatus), open: &[PreflightInvalidStatus, PreflightDisallowedRedirect], shared_with_old_chromium: false, credentials_include: false },
        WebKitRow { id: "invalid-allow-methods", pattern: "Header Access-Control-Allow-Methods has an invalid value: {rest}", error: Some(InvalidAllowMethodsPreflightResponse), open: &[], shared_with_old_chromium: false, credentials_include: false },
        WebKitRow { id: "invalid-allow-headers", pattern: "Header Access-Control-Allow-Headers has an invalid value: {rest}", error: Some(InvalidAllowHeadersPreflightResponse), open: &[], shared_with_old_chromium: false, credentials_include: false },
        WebKitRow { id: "method-not-allowed", pattern: "Method {param} is not allowed by Access-Control-Allow-Methods.", error: Some(MethodDisallowedByPreflightResponse), open: &[], shared_with_old_chromium: true, credentials_include: false },
        WebKitRow { id: "header-not-allowed", pattern: "Request header field {param} is not allowed by Access-Control-Allow-Headers.", error: Some(HeaderDisallowedByPreflightResponse), open: &[], shared_with_old_chromium: true, credentials_include: false },
        WebKitRow { id: "redirect-credentials", pattern: "Cross-origin redirection to {url} denied by Cross-Origin Resource Sharing policy: redirection URL {param} has credentials", error: Some(RedirectContainsCredentials), open: &[], shared_with_old_chromium: false, credentials_include: false },
        WebKitRow { id: "redirect-origin-not-allowed", pattern: "Cross-origin redirection to {url} denied by Cross-Origin Resource Sharing policy: Origin {origin} is not allowed by Access-Control-Allow-Origin.", error: Some(MissingAllowOriginHeader), open: &[MissingAllowOriginHeader, AllowOriginMismatch, InvalidAllowOriginValue], shared_with_old_chromium: false, credentials_include: false },
        WebKitRow { id: "redirect-denied", pattern: "Cross-origin redirection to {url} denied by Cross-Origin Resource Sharing policy: {rest}", error: None, open: &[], shared_with_old_chromium: false, credentials_include: false },
        WebKitRow { id: "redirect-denied-old", pattern: "Cross-origin redirection denied by Cross-Origin Resource Sharing policy.", error: None, open: &[], shared_with_old_chromium: false, credentials_include: false },
        WebKitRow { id: "same-origin-mode", pattern: "Unsafe attempt to load URL {url} from origin {origin}. Domains, protocols and ports must match.", error: Some(DisallowedByMode), open: &[], shared_with_old_chromium: false, credentials_include: false },
    ]
};

/// The row a (folded) reason text starts with, and the match; the longest match wins.
pub fn parse(folded: &str) -> Option<(&'static WebKitRow, super::pattern::Match)> {
    let mut best: Option<(&'static WebKitRow, super::pattern::Match)> = None;
    for row in WEBKIT_ROWS {
        if let Some(m) = super::pattern::match_at_start(row.pattern, folded) {
            if best.as_ref().is_none_or(|(_, b)| m.consumed > b.consumed) {
                best = Some((row, m));
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::super::pattern::{fill, fold};
    use super::*;

    /// Every row, filled, reads back as itself (the longest row wins where one extends another).
    #[test]
    fn every_row_reads_back() {
        let values = [
            ("origin", "http://localhost:3000"),
            ("param", "x-token"),
            ("status", "403"),
            ("url", "https://b.x/1"),
            ("rest", "GET; POST"),
        ];
        for row in WEBKIT_ROWS {
            let text = fill(row.pattern, &values);
            let (got, m) = parse(&fold(&text)).unwrap_or_else(|| panic!("{}", row.id));
            assert_eq!(got.pattern, row.pattern, "{}", row.id);
            if row.pattern.contains("{origin}") {
                assert_eq!(m.get("origin"), Some("http://localhost:3000"), "{}", row.id);
            }
            if row.pattern.contains("{param}") {
                assert_eq!(m.get("param"), Some("x-token"), "{}", row.id);
            }
        }
    }

    #[test]
    fn the_status_tells_safari_from_older_webkit() {
        let (row, _) = parse(&fold(
            "Origin http://a is not allowed by Access-Control-Allow-Origin. Status code: 500",
        ))
        .unwrap();
        assert!(!row.shared_with_old_chromium);
        let (row, _) = parse(&fold(
            "Origin http://a is not allowed by Access-Control-Allow-Origin.",
        ))
        .unwrap();
        assert!(row.shared_with_old_chromium);
    }
}
