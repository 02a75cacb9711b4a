//! A predicted verdict states its evidence. When nothing recorded the browser's outcome (a proxy,
//! a test tool, Firefox or Safari exports), the engine decides from the headers on the wire, and
//! the verdict says what it rests on — where the page origin came from, what the credentials
//! mode was inferred from — and what such a capture cannot show, instead of guessing it.

use super::{Credentials, Judged, RequestFacts};
use crate::fetch::engine::Outcome;
use crate::model::{Capture, OriginSource, Producer};
use crate::trace::Chain;

/// What a capture without the browser's verdict cannot show about a request whose preflight is
/// missing.
pub const PREFLIGHT_NOT_SEEN: &str = "the request needed a preflight and the capture holds none: the browser may have answered it from its preflight cache, which never reaches the wire, so the preflight checks are not judged";

/// The credentials mode of a predicted verdict, as an inference from the headers on the wire.
pub(super) fn credentials(
    capture: &Capture<'_>,
    chain: &Chain,
    req: &RequestFacts,
    inferred: Credentials,
    with_credentials: Option<&Outcome>,
) -> Credentials {
    let on_wire = |name: &str| {
        chain
            .hops
            .iter()
            .any(|h| capture.entries[h.entry].request.headers.contains(name))
    };
    let because = if req.cookies_sent {
        "inferred from the Cookie header on the wire: the browser sends cookies only with credentials"
    } else if req.http_auth {
        "inferred from an Authorization header the preflight did not ask for: the browser added it (HTTP authentication), which it does only with credentials"
    } else if on_wire("authorization") {
        "inferred: no Cookie header on the wire; the Authorization header was set by the page, which says nothing of the credentials mode; taken as without credentials"
    } else {
        "inferred: no Cookie or Authorization header on the wire, so taken as without credentials (a credentialed request for a site the browser holds no cookie for looks the same)"
    };
    let mut because = because.to_string();
    if let Some(Outcome::Blocked(f)) = with_credentials {
        because.push_str(&format!(
            "; with credentials it would be blocked ({}), which the wire cannot rule out",
            f.error
        ));
    }
    Credentials {
        mode: inferred.mode,
        confidence: inferred.confidence,
        because,
    }
}

/// What a predicted verdict rests on, and what the capture cannot show about it.
pub fn evidence(capture: &Capture<'_>, j: &Judged) -> Vec<String> {
    let mut out = vec![format!(
        "predicted: the {} capture records no browser verdict; the engine decided from the headers on the wire",
        producer_name(capture.producer)
    )];
    out.push(origin_evidence(j));
    if !j.engine.preflight_missing.is_empty() && !j.chain.lone_preflight {
        out.push(PREFLIGHT_NOT_SEEN.to_string());
    }
    let last = &capture.entries[j.chain.last().entry];
    let cors = j.spec.mode == crate::fetch::RequestMode::Cors && j.is_cross_origin();
    if capture.producer == Producer::Proxy && last.response.status <= 0 && cors {
        out.push(PROXY_ANSWERED.to_string());
    }
    if !j.chain.lone_preflight
        && last.response.status == 304
        && !last
            .response
            .headers
            .contains("access-control-allow-origin")
    {
        out.push(REVALIDATED.to_string());
    }
    out
}

/// What the browser got when the proxy reached no server (observed with mitmproxy).
pub const PROXY_ANSWERED: &str = "the proxy got no response from the server; a proxy then answers the browser itself (mitmproxy: 502 Bad Gateway without CORS headers), so the browser's console shows a CORS error (Chromium: MissingAllowOriginHeader) for what is a network failure";

/// What a capture without the browser's verdict cannot show about a revalidated response.
pub const REVALIDATED: &str = "answered 304 Not Modified: the browser checked the headers of its cached copy, which the capture does not hold, so the CORS check is not judged";

fn producer_name(p: Producer) -> &'static str {
    match p {
        Producer::Chromium => "Chromium",
        Producer::Firefox => "Firefox",
        Producer::Safari => "Safari",
        Producer::Playwright => "Playwright",
        Producer::ChromiumTool => "capture-tool",
        Producer::Proxy => "proxy",
        Producer::ChromeNetLog => "Chrome NetLog",
        Producer::Unknown => "unrecognised",
    }
}

fn origin_evidence(j: &Judged) -> String {
    let o = j.origin_quoted();
    match j.chain.page.source {
        OriginSource::Header => format!("page origin {o} from the Origin header the browser sent"),
        OriginSource::Page => format!("page origin {o} from the page the entry belongs to"),
        OriginSource::Referer => {
            format!("page origin {o} from the Referer header (the request carried no Origin)")
        }
        OriginSource::User => {
            format!("page origin {o} from --origin (no Origin or Referer header on the wire)")
        }
        OriginSource::Console => format!("page origin {o} from the console"),
        OriginSource::Unknown => "page origin unknown: no Origin or Referer header and no --origin; judged as a same-origin request".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::judge::{judge, JudgeContext, VerdictSource};
    use crate::model::Producer;
    use crate::trace::build_chains;
    use crate::trace::tests::{capture, entry};

    #[test]
    fn a_proxy_capture_states_what_its_verdict_rests_on() {
        let mut c = capture(vec![
            entry(
                0,
                "DELETE",
                "https://api.x/a",
                &[("Origin", "https://app.x"), ("Cookie", "s=1")],
                200,
                &[("Access-Control-Allow-Origin", "*")],
            ),
            entry(
                1,
                "GET",
                "https://api.x/b",
                &[("Referer", "https://app.x/page")],
                200,
                &[],
            ),
        ]);
        c.producer = Producer::Proxy;
        c.pages.clear();
        let cx = JudgeContext::new(&c);
        let chains = build_chains(&c, None);
        let j = judge(&c, &cx, &chains[0], None);
        assert_eq!(j.source, VerdictSource::Predicted);
        assert!(j.evidence[0].starts_with("predicted: the proxy capture"));
        assert!(
            j.evidence[1].contains("from the Origin header"),
            "{:?}",
            j.evidence
        );
        // DELETE needs a preflight and none is on the wire: said, not guessed.
        assert!(j.evidence.iter().any(|e| e == super::PREFLIGHT_NOT_SEEN));
        assert!(j.credentials.because.contains("Cookie header on the wire"));
        let j = judge(&c, &cx, &chains[1], None);
        assert!(
            j.evidence[1].contains("from the Referer header"),
            "{:?}",
            j.evidence
        );
        assert!(j.credentials.because.starts_with("inferred: no Cookie"));
    }

    #[test]
    fn without_a_cookie_on_the_wire_it_says_when_credentials_would_block() {
        let mut c = capture(vec![entry(
            0,
            "GET",
            "https://api.x/me",
            &[("Origin", "https://app.x")],
            200,
            &[("Access-Control-Allow-Origin", "*")],
        )]);
        c.producer = Producer::Proxy;
        let cx = JudgeContext::new(&c);
        let j = judge(&c, &cx, &build_chains(&c, None)[0], None);
        assert!(!j.blocked());
        assert!(
            j.credentials
                .because
                .ends_with("with credentials it would be blocked (WildcardOriginNotAllowed), which the wire cannot rule out"),
            "{}",
            j.credentials.because
        );
        // With the cookie on the wire the request is credentialed, and blocked.
        c.entries[0]
            .request
            .headers
            .push(crate::model::Header::new("Cookie", "s=1"));
        let cx = JudgeContext::new(&c);
        let j = judge(&c, &cx, &build_chains(&c, None)[0], None);
        assert!(j.blocked());
    }

    #[test]
    fn a_revalidated_response_says_the_cached_headers_are_not_in_the_capture() {
        let mut c = capture(vec![entry(
            0,
            "GET",
            "https://api.x/a",
            &[("Origin", "https://app.x"), ("If-None-Match", "\"1\"")],
            304,
            &[("ETag", "\"1\"")],
        )]);
        c.producer = Producer::Proxy;
        let cx = JudgeContext::new(&c);
        let j = judge(&c, &cx, &build_chains(&c, None)[0], None);
        assert!(!j.blocked());
        assert!(
            j.evidence.iter().any(|e| e == super::REVALIDATED),
            "{:?}",
            j.evidence
        );
    }

    #[test]
    fn a_browser_added_authorization_is_credentials() {
        let mut c = capture(vec![
            entry(
                0,
                "OPTIONS",
                "https://api.x/a",
                &[
                    ("Access-Control-Request-Method", "PUT"),
                    ("Origin", "https://app.x"),
                ],
                204,
                &[
                    ("Access-Control-Allow-Origin", "https://app.x"),
                    ("Access-Control-Allow-Methods", "PUT"),
                ],
            ),
            entry(
                1,
                "PUT",
                "https://api.x/a",
                &[("Origin", "https://app.x"), ("Authorization", "Basic eDp5")],
                200,
                &[("Access-Control-Allow-Origin", "https://app.x")],
            ),
        ]);
        c.producer = Producer::Proxy;
        let cx = JudgeContext::new(&c);
        let chains = build_chains(&c, None);
        let j = judge(&c, &cx, &chains[0], None);
        assert!(j.credentials.because.contains("HTTP authentication"));
        // Credentialed, without Access-Control-Allow-Credentials: blocked.
        assert!(j.blocked());
    }
}
