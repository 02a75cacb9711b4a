//! The CORS check (Fetch "CORS check"; Chromium `cors::CheckAccess`) and the preflight checks
//! (Chromium `PreflightController` / `PreflightResult`), in Chromium's order.

use super::safelist::{is_safelisted_method, is_token};
use super::CorsError;
use crate::model::Headers;
use url::Url;

/// The request's credentials mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CredentialsMode {
    Omit,
    SameOrigin,
    Include,
}

impl CredentialsMode {
    pub fn is_include(self) -> bool {
        self == CredentialsMode::Include
    }
}

/// A failed check: the error kind, Chromium's `failed_parameter` (the offending value, method or
/// header name; `None` where Chromium reports none), and the offending item where Chromium
/// reports none (the item of an allow list that is not a method or header name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub error: CorsError,
    pub failed_parameter: Option<String>,
    pub offending_item: Option<String>,
}

impl Failure {
    pub fn new(error: CorsError) -> Self {
        Failure {
            error,
            failed_parameter: None,
            offending_item: None,
        }
    }

    pub fn with(error: CorsError, param: impl Into<String>) -> Self {
        Failure {
            error,
            failed_parameter: Some(param.into()),
            offending_item: None,
        }
    }

    /// The value that failed the check: the offending item, else Chromium's parameter.
    pub fn offending(&self) -> Option<&str> {
        self.offending_item
            .as_deref()
            .or(self.failed_parameter.as_deref())
    }
}

/// The CORS check on a response (actual, redirect or preflight), with the request's
/// serialized origin (`null` when tainted) and credentials mode.
///
/// Order as in Chromium's `CheckAccess`: ACAO missing; `*` (refused only with credentials);
/// ACAO ≠ origin → a list (space or comma), `null`, not a URL, or another origin; then
/// `Access-Control-Allow-Credentials` must be exactly `true` with credentials.
pub fn check_access(
    headers: &Headers<'_>,
    origin: &str,
    credentials: CredentialsMode,
) -> Result<(), Failure> {
    let Some(acao) = headers.combined("access-control-allow-origin") else {
        return Err(Failure::new(CorsError::MissingAllowOriginHeader));
    };
    let acao = acao.trim();
    if acao == "*" {
        if credentials.is_include() {
            return Err(Failure::new(CorsError::WildcardOriginNotAllowed));
        }
        return Ok(());
    }
    if acao != origin {
        if acao.contains([' ', ',']) {
            return Err(Failure::with(CorsError::MultipleAllowOriginValues, acao));
        }
        if acao == "null" {
            return Err(Failure::with(CorsError::AllowOriginMismatch, acao));
        }
        if Url::parse(acao).is_err() {
            return Err(Failure::with(CorsError::InvalidAllowOriginValue, acao));
        }
        return Err(Failure::with(CorsError::AllowOriginMismatch, acao));
    }
    if credentials.is_include() {
        let acac = headers.combined("access-control-allow-credentials");
        let acac = acac.as_deref().map(str::trim).unwrap_or("");
        if acac != "true" {
            return Err(Failure::with(CorsError::InvalidAllowCredentials, acac));
        }
    }
    Ok(())
}

/// Parses an `Access-Control-Allow-Methods` / `-Headers` value: comma-separated tokens, empty
/// items dropped, whitespace trimmed. `Err` with the first item that is not a token.
pub fn parse_allow_list(value: Option<&str>, lower_case: bool) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for item in value.unwrap_or("").split(',') {
        let item = item.trim_matches([' ', '\t']);
        if item.is_empty() {
            continue;
        }
        if !is_token(item) {
            return Err(item.to_string());
        }
        out.push(if lower_case {
            item.to_ascii_lowercase()
        } else {
            item.to_string()
        });
    }
    Ok(out)
}

/// What the page's request asks a preflight to allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreflightAsk {
    pub method: String,
    /// Lower-cased, sorted unsafe header names (`Access-Control-Request-Headers`).
    pub headers: Vec<String>,
}

/// A preflight that passed, with what the engines disagree on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreflightPass {
    /// `Authorization` was allowed only by `Access-Control-Allow-Headers: *`. Chromium 156
    /// allows it by default with a deprecation issue; the Fetch standard (and Chromium with
    /// `CorsNonWildcardRequestHeadersSupport`) blocks it.
    pub authorization_covered_by_wildcard: bool,
}

/// Engine switches where browsers differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EngineOptions {
    /// Block `Authorization` covered only by `Access-Control-Allow-Headers: *` (the standard;
    /// Chromium with `CorsNonWildcardRequestHeadersSupport`). Off by default, as in Chromium 156.
    pub non_wildcard_authorization: bool,
}

/// The checks on a preflight response that did not redirect, in Chromium's order:
/// CORS check (→ `Preflight*` variants) before the status, then ACAM/ACAH parsing, then the
/// method, then the headers.
pub fn check_preflight(
    status: i64,
    headers: &Headers<'_>,
    origin: &str,
    credentials: CredentialsMode,
    ask: &PreflightAsk,
    options: EngineOptions,
) -> Result<PreflightPass, Failure> {
    check_access(headers, origin, credentials).map_err(|f| Failure {
        error: f.error.on_preflight(),
        ..f
    })?;
    if !(200..300).contains(&status) {
        return Err(Failure::new(CorsError::PreflightInvalidStatus));
    }
    let acam = headers.combined("access-control-allow-methods");
    let invalid = |error: CorsError| {
        move |item: String| Failure {
            offending_item: Some(item),
            ..Failure::new(error)
        }
    };
    let methods = parse_allow_list(acam.as_deref(), false)
        .map_err(invalid(CorsError::InvalidAllowMethodsPreflightResponse))?;
    let acah = headers.combined("access-control-allow-headers");
    let allowed_headers = parse_allow_list(acah.as_deref(), true)
        .map_err(invalid(CorsError::InvalidAllowHeadersPreflightResponse))?;

    let include = credentials.is_include();
    let method = ask.method.as_str();
    let method_ok = is_safelisted_method(method)
        || methods.iter().any(|m| m == method)
        || methods.iter().any(|m| *m == method.to_ascii_uppercase())
        || (!include && methods.iter().any(|m| m == "*"));
    if !method_ok {
        return Err(Failure::with(
            CorsError::MethodDisallowedByPreflightResponse,
            method,
        ));
    }

    let mut pass = PreflightPass::default();
    let wildcard = !include && allowed_headers.iter().any(|h| h == "*");
    let explicit = |name: &str| allowed_headers.iter().any(|h| h == name);
    if wildcard {
        if ask.headers.iter().any(|h| h == "authorization") && !explicit("authorization") {
            if options.non_wildcard_authorization {
                return Err(Failure::with(
                    CorsError::HeaderDisallowedByPreflightResponse,
                    "authorization",
                ));
            }
            pass.authorization_covered_by_wildcard = true;
        }
        return Ok(pass);
    }
    if let Some(missing) = ask.headers.iter().find(|h| !explicit(h)) {
        return Err(Failure::with(
            CorsError::HeaderDisallowedByPreflightResponse,
            missing.clone(),
        ));
    }
    Ok(pass)
}

#[cfg(test)]
mod tests {
    use super::*;
    use CredentialsMode::*;

    const O: &str = "https://app.example.com";

    fn h(pairs: &[(&'static str, &'static str)]) -> Headers<'static> {
        Headers::from_pairs(pairs.iter().copied())
    }

    fn err(r: Result<(), Failure>) -> Option<(CorsError, Option<String>)> {
        r.err().map(|f| (f.error, f.failed_parameter))
    }

    #[test]
    fn cors_check_table() {
        use CorsError::*;
        let acao = "Access-Control-Allow-Origin";
        let acac = "Access-Control-Allow-Credentials";
        let p = |s: &str| Some(s.to_string());
        type Row = (
            Vec<(&'static str, &'static str)>,
            CredentialsMode,
            Option<(CorsError, Option<String>)>,
        );
        let table: Vec<Row> = vec![
            (vec![], Omit, Some((MissingAllowOriginHeader, None))),
            (vec![(acao, "*")], Omit, None),
            (vec![(acao, "*")], SameOrigin, None),
            (
                vec![(acao, "*")],
                Include,
                Some((WildcardOriginNotAllowed, None)),
            ),
            (
                vec![(acao, "*"), (acac, "true")],
                Include,
                Some((WildcardOriginNotAllowed, None)),
            ),
            (vec![(acao, O)], Omit, None),
            (
                vec![(acao, "https://app.example.com/")],
                Omit,
                Some((AllowOriginMismatch, p("https://app.example.com/"))),
            ),
            (
                vec![(acao, "http://app.example.com")],
                Omit,
                Some((AllowOriginMismatch, p("http://app.example.com"))),
            ),
            (
                vec![(acao, "https://App.example.com")],
                Omit,
                Some((AllowOriginMismatch, p("https://App.example.com"))),
            ),
            (
                vec![(acao, "https://www.app.example.com")],
                Omit,
                Some((AllowOriginMismatch, p("https://www.app.example.com"))),
            ),
            (
                vec![(acao, O), (acao, O)],
                Omit,
                Some((
                    MultipleAllowOriginValues,
                    p("https://app.example.com, https://app.example.com"),
                )),
            ),
            (
                vec![(acao, "https://a.com https://b.com")],
                Omit,
                Some((MultipleAllowOriginValues, p("https://a.com https://b.com"))),
            ),
            (
                vec![(acao, "*"), (acao, "*")],
                Omit,
                Some((MultipleAllowOriginValues, p("*, *"))),
            ),
            (
                vec![(acao, "null")],
                Omit,
                Some((AllowOriginMismatch, p("null"))),
            ),
            (
                vec![(acao, "app.example.com")],
                Omit,
                Some((InvalidAllowOriginValue, p("app.example.com"))),
            ),
            (
                vec![(acao, O)],
                Include,
                Some((InvalidAllowCredentials, p(""))),
            ),
            (
                vec![(acao, O), (acac, "True")],
                Include,
                Some((InvalidAllowCredentials, p("True"))),
            ),
            (vec![(acao, O), (acac, "true")], Include, None),
            (vec![(acao, O), (acac, "false")], Omit, None),
        ];
        for (headers, cred, want) in table {
            let hs = Headers::from_pairs(headers.clone());
            assert_eq!(
                err(check_access(&hs, O, cred)),
                want,
                "{headers:?} {cred:?}"
            );
        }
    }

    #[test]
    fn tainted_origin_null_matches_only_null_or_star() {
        let hs = h(&[("Access-Control-Allow-Origin", "null")]);
        assert!(check_access(&hs, "null", Omit).is_ok());
        let hs = h(&[("Access-Control-Allow-Origin", O)]);
        assert_eq!(
            err(check_access(&hs, "null", Omit)),
            Some((CorsError::AllowOriginMismatch, Some(O.to_string())))
        );
    }

    fn ask(method: &str, headers: &[&str]) -> PreflightAsk {
        PreflightAsk {
            method: method.to_string(),
            headers: headers.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn pf(
        status: i64,
        headers: &[(&'static str, &'static str)],
        cred: CredentialsMode,
        a: &PreflightAsk,
    ) -> Result<PreflightPass, (CorsError, Option<String>)> {
        check_preflight(status, &h(headers), O, cred, a, EngineOptions::default())
            .map_err(|f| (f.error, f.failed_parameter))
    }

    #[test]
    fn preflight_checks_allow_origin_before_status() {
        use CorsError::*;
        let put = ask("PUT", &["content-type"]);
        for status in [200, 204, 404, 405, 500] {
            assert_eq!(
                pf(status, &[], Omit, &put),
                Err((PreflightMissingAllowOriginHeader, None))
            );
        }
        assert_eq!(
            pf(404, &[("Access-Control-Allow-Origin", "*")], Omit, &put),
            Err((PreflightInvalidStatus, None))
        );
        assert_eq!(
            pf(200, &[("Access-Control-Allow-Origin", "*")], Include, &put),
            Err((PreflightWildcardOriginNotAllowed, None))
        );
        assert_eq!(
            pf(200, &[("Access-Control-Allow-Origin", O)], Include, &put),
            Err((PreflightInvalidAllowCredentials, Some(String::new())))
        );
    }

    #[test]
    fn preflight_method_and_header_rules() {
        use CorsError::*;
        let acao = ("Access-Control-Allow-Origin", O);
        let acac = ("Access-Control-Allow-Credentials", "true");
        let del = ask("DELETE", &[]);
        assert_eq!(
            pf(
                204,
                &[acao, ("Access-Control-Allow-Methods", "GET, POST")],
                Omit,
                &del
            ),
            Err((MethodDisallowedByPreflightResponse, Some("DELETE".into())))
        );
        assert!(pf(
            204,
            &[acao, ("Access-Control-Allow-Methods", "GET,DELETE")],
            Omit,
            &del
        )
        .is_ok());
        assert!(pf(
            204,
            &[acao, ("Access-Control-Allow-Methods", "*")],
            Omit,
            &del
        )
        .is_ok());
        assert_eq!(
            pf(
                204,
                &[acao, acac, ("Access-Control-Allow-Methods", "*")],
                Include,
                &del
            ),
            Err((MethodDisallowedByPreflightResponse, Some("DELETE".into())))
        );
        // Safelisted methods need no listing; headers still do.
        let post = ask("POST", &["x-request-id"]);
        assert_eq!(
            pf(204, &[acao], Omit, &post),
            Err((
                HeaderDisallowedByPreflightResponse,
                Some("x-request-id".into())
            ))
        );
        assert!(pf(
            204,
            &[acao, ("Access-Control-Allow-Headers", "X-Request-ID")],
            Omit,
            &post
        )
        .is_ok());
        assert!(pf(
            204,
            &[acao, ("Access-Control-Allow-Headers", "*")],
            Omit,
            &post
        )
        .is_ok());
        assert_eq!(
            pf(
                204,
                &[acao, acac, ("Access-Control-Allow-Headers", "*")],
                Include,
                &post
            ),
            Err((
                HeaderDisallowedByPreflightResponse,
                Some("x-request-id".into())
            ))
        );
        // Unparsable lists.
        assert_eq!(
            pf(
                204,
                &[acao, ("Access-Control-Allow-Methods", "GET; POST")],
                Omit,
                &del
            ),
            Err((InvalidAllowMethodsPreflightResponse, None))
        );
        assert_eq!(
            pf(
                204,
                &[
                    acao,
                    ("Access-Control-Allow-Methods", "PUT"),
                    ("Access-Control-Allow-Headers", "X Foo")
                ],
                Omit,
                &del
            ),
            Err((InvalidAllowHeadersPreflightResponse, None))
        );
        assert!(pf(
            204,
            &[acao, ("Access-Control-Allow-Methods", "GET,,DELETE ,")],
            Omit,
            &del
        )
        .is_ok());
    }

    #[test]
    fn authorization_and_wildcard_differ_between_engines() {
        let a = ask("GET", &["authorization"]);
        let hs = h(&[
            ("Access-Control-Allow-Origin", O),
            ("Access-Control-Allow-Headers", "*"),
        ]);
        let chromium = check_preflight(204, &hs, O, Omit, &a, EngineOptions::default()).unwrap();
        assert!(chromium.authorization_covered_by_wildcard);
        let strict = EngineOptions {
            non_wildcard_authorization: true,
        };
        let f = check_preflight(204, &hs, O, Omit, &a, strict).unwrap_err();
        assert_eq!(f.error, CorsError::HeaderDisallowedByPreflightResponse);
        assert_eq!(f.failed_parameter.as_deref(), Some("authorization"));
        let explicit = h(&[
            ("Access-Control-Allow-Origin", O),
            ("Access-Control-Allow-Headers", "*, Authorization"),
        ]);
        let ok = check_preflight(204, &explicit, O, Omit, &a, strict).unwrap();
        assert!(!ok.authorization_covered_by_wildcard);
    }
}
