//! Walks one request through its preflights, redirects and final response the way Chromium's
//! `CorsURLLoader` does, and says what the browser decided.

use super::check::{
    check_access, check_preflight, CredentialsMode, EngineOptions, Failure, PreflightAsk,
};
use super::safelist::is_safelisted_method;
use super::CorsError;
use crate::model::origin::{has_credentials, same_origin};
use crate::model::Headers;

/// Chromium follows at most this many redirects.
pub const REDIRECT_LIMIT: usize = 20;

/// The request's mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequestMode {
    Cors,
    NoCors,
    SameOrigin,
    Navigate,
}

/// The request as the page made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestSpec {
    pub method: String,
    pub url: String,
    /// The page's serialized origin (`null` for opaque origins such as sandboxed iframes).
    pub origin: String,
    pub mode: RequestMode,
    pub credentials: CredentialsMode,
    /// Unsafe request header names, lower-cased and sorted (what a preflight asks for).
    pub unsafe_headers: Vec<String>,
}

/// A response as captured.
#[derive(Debug, Clone, Copy)]
pub struct Observed<'r> {
    pub status: i64,
    pub headers: &'r Headers<'r>,
    /// The redirect target, resolved against the hop's URL, when the response redirects.
    pub location: Option<&'r str>,
}

impl Observed<'_> {
    pub fn is_redirect(&self) -> bool {
        (300..400).contains(&self.status) && self.location.is_some()
    }
}

/// One URL of the chain: the preflight sent to it (if captured) and its response (if any).
#[derive(Debug, Clone, Copy)]
pub struct HopInput<'r> {
    pub url: &'r str,
    pub preflight: Option<Observed<'r>>,
    pub response: Option<Observed<'r>>,
}

/// Where in the chain the decision fell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "at", rename_all = "kebab-case")]
pub enum Stage {
    /// Before anything was sent (request mode).
    BeforeRequest,
    Preflight {
        hop: usize,
    },
    Redirect {
        hop: usize,
    },
    Response {
        hop: usize,
    },
}

/// What the browser decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The page could read the response (or got an opaque one in `no-cors` mode).
    Allowed,
    /// A CORS check failed.
    Blocked(Failure),
    /// A network-level failure the engine can tell from the chain (too many redirects).
    Failed(String),
    /// The capture stops before the browser's decision: a response that never arrived, a
    /// redirect target missing from the capture.
    Incomplete,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub outcome: Outcome,
    pub stage: Stage,
    /// The origin the deciding check compared with (`null` after a tainting redirect).
    pub origin_checked: String,
    pub tainted: bool,
    /// Hops whose request needed a preflight the capture does not hold (served from the
    /// preflight cache, or a producer that records no preflights).
    pub preflight_missing: Vec<usize>,
    /// Hops at which a preflight was needed.
    pub preflight_needed: Vec<usize>,
    /// `Authorization` allowed only via `Access-Control-Allow-Headers: *` (see
    /// [`super::check::PreflightPass`]).
    pub authorization_covered_by_wildcard: bool,
}

impl Verdict {
    pub fn failure(&self) -> Option<&Failure> {
        match &self.outcome {
            Outcome::Blocked(f) => Some(f),
            _ => None,
        }
    }

    pub fn cors_error(&self) -> Option<CorsError> {
        self.failure().map(|f| f.error)
    }
}

/// Whether a request with this method and these unsafe headers needs a preflight once it is
/// cross-origin in `cors` mode.
pub fn needs_preflight(method: &str, unsafe_headers: &[String]) -> bool {
    !is_safelisted_method(method) || !unsafe_headers.is_empty()
}

/// Request-body headers dropped when a redirect turns the request into a GET.
const BODY_HEADERS: [&str; 4] = [
    "content-encoding",
    "content-language",
    "content-location",
    "content-type",
];

/// Decides the chain. `hops[0].url` is the URL the page asked for; each redirect's target is the
/// next hop.
// Length: one walk in Chromium's `CorsURLLoader` order (mode, preflight, redirect, response per hop); kept in one function so the order of checks reads top to bottom as in Chromium.
pub fn evaluate(spec: &RequestSpec, hops: &[HopInput<'_>], options: EngineOptions) -> Verdict {
    let mut v = Verdict {
        outcome: Outcome::Incomplete,
        stage: Stage::BeforeRequest,
        origin_checked: spec.origin.clone(),
        tainted: false,
        preflight_missing: Vec::new(),
        preflight_needed: Vec::new(),
        authorization_covered_by_wildcard: false,
    };
    let cors_mode = spec.mode == RequestMode::Cors;
    if spec.mode == RequestMode::SameOrigin && !same_origin(&spec.url, &spec.origin) {
        v.outcome = Outcome::Blocked(Failure::new(CorsError::DisallowedByMode));
        return v;
    }
    let mut cors_flag = false;
    let mut method = spec.method.clone();
    let mut unsafe_headers = spec.unsafe_headers.clone();

    for (i, hop) in hops.iter().enumerate() {
        let origin_now = if v.tainted {
            "null"
        } else {
            spec.origin.as_str()
        };
        v.origin_checked = origin_now.to_string();
        if !cors_flag && cors_mode && !same_origin(hop.url, &spec.origin) {
            cors_flag = true;
        }
        if cors_flag && needs_preflight(&method, &unsafe_headers) {
            v.preflight_needed.push(i);
            match hop.preflight {
                Some(pf) if pf.is_redirect() => {
                    v.stage = Stage::Preflight { hop: i };
                    v.outcome =
                        Outcome::Blocked(Failure::new(CorsError::PreflightDisallowedRedirect));
                    return v;
                }
                Some(pf) => {
                    let ask = PreflightAsk {
                        method: method.clone(),
                        headers: unsafe_headers.clone(),
                    };
                    match check_preflight(
                        pf.status,
                        pf.headers,
                        origin_now,
                        spec.credentials,
                        &ask,
                        options,
                    ) {
                        Ok(pass) => {
                            v.authorization_covered_by_wildcard |=
                                pass.authorization_covered_by_wildcard;
                        }
                        Err(f) => {
                            v.stage = Stage::Preflight { hop: i };
                            v.outcome = Outcome::Blocked(f);
                            return v;
                        }
                    }
                }
                None => v.preflight_missing.push(i),
            }
        }
        let Some(resp) = hop.response else {
            v.stage = Stage::Response { hop: i };
            v.outcome = Outcome::Incomplete;
            return v;
        };
        if resp.is_redirect() {
            v.stage = Stage::Redirect { hop: i };
            if cors_flag {
                if let Err(f) = check_access(resp.headers, origin_now, spec.credentials) {
                    v.outcome = Outcome::Blocked(f);
                    return v;
                }
            }
            if i + 1 > REDIRECT_LIMIT {
                v.outcome = Outcome::Failed("net::ERR_TOO_MANY_REDIRECTS".to_string());
                return v;
            }
            let location = resp.location.unwrap_or_default();
            let cross_to_location = !same_origin(location, &spec.origin);
            if has_credentials(location)
                && (cors_flag || (cors_mode && (v.tainted || cross_to_location)))
            {
                // Chromium reports no failed parameter here (observed in Chromium 156).
                v.outcome = Outcome::Blocked(Failure::new(CorsError::RedirectContainsCredentials));
                return v;
            }
            if !same_origin(location, hop.url) && !same_origin(&spec.origin, hop.url) {
                v.tainted = true;
            }
            let becomes_get = (resp.status == 303 && method != "HEAD")
                || (matches!(resp.status, 301 | 302) && method == "POST");
            if becomes_get {
                method = "GET".to_string();
                unsafe_headers.retain(|h| !BODY_HEADERS.contains(&h.as_str()));
            }
            if i + 1 == hops.len() {
                // The target is not in the capture.
                v.outcome = Outcome::Incomplete;
                return v;
            }
            continue;
        }
        v.stage = Stage::Response { hop: i };
        if cors_flag {
            if let Err(f) = check_access(resp.headers, origin_now, spec.credentials) {
                v.outcome = Outcome::Blocked(f);
                return v;
            }
        }
        v.outcome = Outcome::Allowed;
        return v;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "http://app.example.test:3000";
    const API: &str = "http://api.example.test:4000";

    fn spec(method: &str, url: &str, cred: CredentialsMode, headers: &[&str]) -> RequestSpec {
        RequestSpec {
            method: method.into(),
            url: url.into(),
            origin: PAGE.into(),
            mode: RequestMode::Cors,
            credentials: cred,
            unsafe_headers: headers.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn hs(pairs: &[(&'static str, &'static str)]) -> Headers<'static> {
        Headers::from_pairs(pairs.iter().copied())
    }

    fn obs<'r>(status: i64, headers: &'r Headers<'r>, location: Option<&'r str>) -> Observed<'r> {
        Observed {
            status,
            headers,
            location,
        }
    }

    fn blocked(v: &Verdict) -> Option<(CorsError, Option<&str>)> {
        v.failure()
            .map(|f| (f.error, f.failed_parameter.as_deref()))
    }

    #[test]
    fn simple_request_without_acao_is_blocked_at_the_response() {
        let url = format!("{API}/x");
        let h = hs(&[("Content-Type", "application/json")]);
        let v = evaluate(
            &spec("GET", &url, CredentialsMode::SameOrigin, &[]),
            &[HopInput {
                url: &url,
                preflight: None,
                response: Some(obs(200, &h, None)),
            }],
            EngineOptions::default(),
        );
        assert_eq!(
            blocked(&v),
            Some((CorsError::MissingAllowOriginHeader, None))
        );
        assert_eq!(v.stage, Stage::Response { hop: 0 });
        assert!(v.preflight_needed.is_empty());
    }

    #[test]
    fn same_origin_requests_are_never_checked() {
        let url = format!("{PAGE}/api");
        let h = hs(&[]);
        let v = evaluate(
            &spec("PUT", &url, CredentialsMode::Include, &["x-custom"]),
            &[HopInput {
                url: &url,
                preflight: None,
                response: Some(obs(200, &h, None)),
            }],
            EngineOptions::default(),
        );
        assert_eq!(v.outcome, Outcome::Allowed);
        assert!(v.preflight_needed.is_empty());
    }

    #[test]
    fn preflight_failure_wins_over_a_missing_response() {
        let url = format!("{API}/items/1");
        let pf = hs(&[("Allow", "GET")]);
        let v = evaluate(
            &spec("PUT", &url, CredentialsMode::SameOrigin, &["content-type"]),
            &[HopInput {
                url: &url,
                preflight: Some(obs(405, &pf, None)),
                response: None,
            }],
            EngineOptions::default(),
        );
        assert_eq!(
            blocked(&v),
            Some((CorsError::PreflightMissingAllowOriginHeader, None))
        );
        assert_eq!(v.stage, Stage::Preflight { hop: 0 });
    }

    #[test]
    fn redirected_preflight_is_refused() {
        let url = format!("{API}/items");
        let pf = hs(&[
            ("Access-Control-Allow-Origin", "*"),
            ("Location", "/items/"),
        ]);
        let v = evaluate(
            &spec("DELETE", &url, CredentialsMode::SameOrigin, &[]),
            &[HopInput {
                url: &url,
                preflight: Some(obs(301, &pf, Some("http://api.example.test:4000/items/"))),
                response: None,
            }],
            EngineOptions::default(),
        );
        assert_eq!(
            blocked(&v),
            Some((CorsError::PreflightDisallowedRedirect, None))
        );
    }

    #[test]
    fn missing_preflight_is_noted_and_response_still_judged() {
        let url = format!("{API}/items");
        let h = hs(&[("Access-Control-Allow-Origin", PAGE)]);
        let v = evaluate(
            &spec("PUT", &url, CredentialsMode::SameOrigin, &["content-type"]),
            &[HopInput {
                url: &url,
                preflight: None,
                response: Some(obs(200, &h, None)),
            }],
            EngineOptions::default(),
        );
        assert_eq!(v.outcome, Outcome::Allowed);
        assert_eq!(v.preflight_missing, vec![0]);
    }

    #[test]
    fn redirect_without_acao_blocks_at_the_hop() {
        let a = format!("{API}/items");
        let b = format!("{API}/items/");
        let r = hs(&[("Location", "/items/")]);
        let ok = hs(&[("Access-Control-Allow-Origin", "*")]);
        let v = evaluate(
            &spec("GET", &a, CredentialsMode::SameOrigin, &[]),
            &[
                HopInput {
                    url: &a,
                    preflight: None,
                    response: Some(obs(301, &r, Some(&b))),
                },
                HopInput {
                    url: &b,
                    preflight: None,
                    response: Some(obs(200, &ok, None)),
                },
            ],
            EngineOptions::default(),
        );
        assert_eq!(
            blocked(&v),
            Some((CorsError::MissingAllowOriginHeader, None))
        );
        assert_eq!(v.stage, Stage::Redirect { hop: 0 });
    }

    #[test]
    fn cross_origin_redirect_taints_the_origin() {
        let a = format!("{API}/x");
        let b = "http://api2.example.test:4001/x".to_string();
        let r = hs(&[("Access-Control-Allow-Origin", PAGE)]);
        let target = hs(&[("Access-Control-Allow-Origin", PAGE)]);
        let v = evaluate(
            &spec("GET", &a, CredentialsMode::SameOrigin, &[]),
            &[
                HopInput {
                    url: &a,
                    preflight: None,
                    response: Some(obs(302, &r, Some(&b))),
                },
                HopInput {
                    url: &b,
                    preflight: None,
                    response: Some(obs(200, &target, None)),
                },
            ],
            EngineOptions::default(),
        );
        assert!(v.tainted);
        assert_eq!(v.origin_checked, "null");
        assert_eq!(
            blocked(&v),
            Some((CorsError::AllowOriginMismatch, Some(PAGE)))
        );
        let star = hs(&[("Access-Control-Allow-Origin", "*")]);
        let v = evaluate(
            &spec("GET", &a, CredentialsMode::SameOrigin, &[]),
            &[
                HopInput {
                    url: &a,
                    preflight: None,
                    response: Some(obs(302, &r, Some(&b))),
                },
                HopInput {
                    url: &b,
                    preflight: None,
                    response: Some(obs(200, &star, None)),
                },
            ],
            EngineOptions::default(),
        );
        assert_eq!(v.outcome, Outcome::Allowed);
    }

    #[test]
    fn same_origin_redirect_does_not_taint() {
        let a = format!("{API}/x");
        let b = format!("{API}/y");
        let r = hs(&[("Access-Control-Allow-Origin", PAGE)]);
        let v = evaluate(
            &spec("GET", &a, CredentialsMode::SameOrigin, &[]),
            &[
                HopInput {
                    url: &a,
                    preflight: None,
                    response: Some(obs(302, &r, Some(&b))),
                },
                HopInput {
                    url: &b,
                    preflight: None,
                    response: Some(obs(200, &r, None)),
                },
            ],
            EngineOptions::default(),
        );
        assert!(!v.tainted);
        assert_eq!(v.outcome, Outcome::Allowed);
    }

    #[test]
    fn credentials_in_redirect_location_are_refused() {
        let a = format!("{API}/x");
        let b = "http://user:pw@api2.example.test:4001/x";
        let r = hs(&[("Access-Control-Allow-Origin", "*")]);
        let v = evaluate(
            &spec("GET", &a, CredentialsMode::SameOrigin, &[]),
            &[HopInput {
                url: &a,
                preflight: None,
                response: Some(obs(302, &r, Some(b))),
            }],
            EngineOptions::default(),
        );
        assert_eq!(
            blocked(&v),
            Some((CorsError::RedirectContainsCredentials, None))
        );
    }

    #[test]
    fn more_than_twenty_redirects_fail() {
        let urls: Vec<String> = (0..22).map(|i| format!("{API}/loop/{i}")).collect();
        let r = hs(&[("Access-Control-Allow-Origin", "*")]);
        let hops: Vec<HopInput> = (0..22)
            .map(|i| HopInput {
                url: &urls[i],
                preflight: None,
                response: Some(obs(
                    302,
                    &r,
                    urls.get(i + 1).map(String::as_str).or(Some(&urls[0])),
                )),
            })
            .collect();
        let v = evaluate(
            &spec("GET", &urls[0], CredentialsMode::SameOrigin, &[]),
            &hops,
            EngineOptions::default(),
        );
        assert_eq!(
            v.outcome,
            Outcome::Failed("net::ERR_TOO_MANY_REDIRECTS".into())
        );
        assert_eq!(v.stage, Stage::Redirect { hop: 20 });
    }

    #[test]
    fn same_origin_mode_refuses_cross_origin_before_sending() {
        let url = format!("{API}/x");
        let mut s = spec("GET", &url, CredentialsMode::SameOrigin, &[]);
        s.mode = RequestMode::SameOrigin;
        let v = evaluate(&s, &[], EngineOptions::default());
        assert_eq!(blocked(&v), Some((CorsError::DisallowedByMode, None)));
        assert_eq!(v.stage, Stage::BeforeRequest);
    }

    #[test]
    fn no_cors_mode_is_never_blocked_by_cors() {
        let url = format!("{API}/x");
        let h = hs(&[]);
        let mut s = spec("GET", &url, CredentialsMode::Include, &[]);
        s.mode = RequestMode::NoCors;
        let v = evaluate(
            &s,
            &[HopInput {
                url: &url,
                preflight: None,
                response: Some(obs(200, &h, None)),
            }],
            EngineOptions::default(),
        );
        assert_eq!(v.outcome, Outcome::Allowed);
    }

    #[test]
    fn post_redirected_with_303_drops_body_headers_and_preflight_need() {
        let a = format!("{API}/submit");
        let b = format!("{API}/done");
        let r = hs(&[("Access-Control-Allow-Origin", "*")]);
        let ok = hs(&[("Access-Control-Allow-Origin", "*")]);
        let pf = hs(&[
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Headers", "content-type"),
        ]);
        let v = evaluate(
            &spec("POST", &a, CredentialsMode::SameOrigin, &["content-type"]),
            &[
                HopInput {
                    url: &a,
                    preflight: Some(obs(204, &pf, None)),
                    response: Some(obs(303, &r, Some(&b))),
                },
                HopInput {
                    url: &b,
                    preflight: None,
                    response: Some(obs(200, &ok, None)),
                },
            ],
            EngineOptions::default(),
        );
        assert_eq!(v.outcome, Outcome::Allowed);
        assert_eq!(v.preflight_needed, vec![0]);
        assert!(v.preflight_missing.is_empty());
    }
}
