//! A lone preflight: a preflight whose request the capture does not hold. It is the request it
//! was for — the method it asked for (`Access-Control-Request-Method`), the headers
//! (`Access-Control-Request-Headers`), the page's `Origin` — judged with the preflight checks.
//! A failing preflight is a blocked request; a passing one whose request never shows is "not
//! seen after the preflight", never dropped. Nothing recorded the browser's outcome, so the
//! verdict is predicted and says what it rests on.

use super::{
    deciding, predicted, run, Confidence, Credentials, Decision, Judged, Recorded, RequestFacts,
    VerdictSource, NO_RESPONSE,
};
use crate::fetch::check::{CredentialsMode, EngineOptions};
use crate::fetch::engine::{Outcome, Verdict};
use crate::model::Capture;
use crate::trace::Chain;

/// What is said of a passing preflight whose request the capture does not hold.
pub const NOT_SEEN: &str = "the request was not seen after its preflight, which passes every check: the page cancelled it, the browser stopped it at a check after the preflight, or the capture ended before it; the capture cannot tell which";

/// Judges a chain whose one hop is a preflight ([`Chain::lone_preflight`]).
pub fn judge(capture: &Capture<'_>, chain: &Chain) -> Judged {
    let req = RequestFacts::of(capture, chain);
    let modes = [CredentialsMode::SameOrigin, CredentialsMode::Include];
    let runs: Vec<Verdict> = modes
        .iter()
        .map(|&c| {
            let spec = req.spec(c);
            run(
                capture,
                chain,
                &spec,
                &req.targets,
                EngineOptions::default(),
                None,
            )
        })
        .collect();
    let verdict = runs[0].clone();
    let decision = decide(capture, chain, &verdict);
    let mut judged = Judged {
        chain: chain.clone(),
        spec: req.spec(modes[0]),
        engine: verdict,
        recorded: Recorded::Nothing,
        source: VerdictSource::Predicted,
        decision,
        credentials: credentials(&runs[0].outcome, &runs[1].outcome),
        replay: None,
        disagreement: None,
        notes: Vec::new(),
        strict_authorization: false,
        evidence: Vec::new(),
    };
    judged.evidence = predicted::evidence(capture, &judged);
    if matches!(judged.decision, Decision::Unknown) {
        judged.evidence.push(NOT_SEEN.to_string());
    }
    judged
}

/// The decision from the preflight alone: no answer is a failure, a failing check a block,
/// and a passing preflight decides nothing about a request the capture does not hold.
fn decide(capture: &Capture<'_>, chain: &Chain, verdict: &Verdict) -> Decision {
    let p = &capture.entries[chain.first()];
    if p.response.status <= 0 {
        let why = p
            .response
            .error
            .as_deref()
            .filter(|e| !e.is_empty())
            .unwrap_or(NO_RESPONSE);
        return Decision::Failed(why.to_string());
    }
    match &verdict.outcome {
        Outcome::Blocked(f) => Decision::Blocked {
            failure: Some(f.clone()),
            at: deciding(chain, verdict.stage, None),
        },
        Outcome::Failed(e) => Decision::Failed(e.clone()),
        Outcome::Allowed | Outcome::Incomplete => Decision::Unknown,
    }
}

/// A preflight never carries cookies: the credentials mode of the request it was for is not on
/// the wire. It is judged without credentials; when the mode changes the verdict, that is said.
fn credentials(without: &Outcome, with: &Outcome) -> Credentials {
    let because = if without == with {
        "a preflight never carries cookies, so the credentials mode of its request is not on the wire; with or without credentials the verdict is the same"
            .to_string()
    } else {
        let other = match with {
            Outcome::Blocked(f) => format!("blocked ({})", f.error),
            _ => "not blocked at the preflight".to_string(),
        };
        format!("a preflight never carries cookies, so the credentials mode of its request is not on the wire; judged without credentials (with credentials it would be {other})")
    };
    Credentials {
        mode: None,
        confidence: Confidence::Low,
        because,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::CorsError;
    use crate::judge::{judge as judge_chain, JudgeContext};
    use crate::model::Producer;
    use crate::trace::build_chains;
    use crate::trace::tests::{capture, entry};

    fn lone(status: i64, resp: &[(&'static str, &'static str)]) -> Judged {
        let mut c = capture(vec![entry(
            0,
            "OPTIONS",
            "https://api.x/items/1",
            &[
                ("Access-Control-Request-Method", "PUT"),
                ("Access-Control-Request-Headers", "content-type"),
                ("Origin", "https://app.x"),
            ],
            status,
            resp,
        )]);
        c.producer = Producer::Proxy;
        let chains = build_chains(&c, None);
        assert!(chains[0].lone_preflight);
        judge_chain(&c, &JudgeContext::new(&c), &chains[0], None)
    }

    #[test]
    fn a_failing_lone_preflight_is_a_blocked_request_for_the_method_it_asked() {
        for (status, error) in [
            (405, CorsError::PreflightMissingAllowOriginHeader),
            (503, CorsError::PreflightMissingAllowOriginHeader),
        ] {
            let j = lone(status, &[]);
            assert!(j.blocked(), "{status}");
            assert_eq!(j.cors_error(), Some(error));
            assert_eq!(j.spec.method, "PUT");
            assert_eq!(j.spec.unsafe_headers, ["content-type"]);
            assert_eq!(j.source, VerdictSource::Predicted);
            assert_eq!(j.deciding_entry(), 0);
        }
        let j = lone(503, &[("Access-Control-Allow-Origin", "https://app.x")]);
        assert_eq!(j.cors_error(), Some(CorsError::PreflightInvalidStatus));
    }

    #[test]
    fn a_passing_lone_preflight_is_not_seen_after_it_not_dropped() {
        let j = lone(
            204,
            &[
                ("Access-Control-Allow-Origin", "https://app.x"),
                ("Access-Control-Allow-Methods", "PUT"),
                ("Access-Control-Allow-Headers", "Content-Type"),
            ],
        );
        assert_eq!(j.decision, Decision::Unknown);
        assert!(!j.blocked());
        assert!(j.evidence.iter().any(|e| e == NOT_SEEN), "{:?}", j.evidence);
        assert_eq!(j.credentials.mode, None);
    }

    #[test]
    fn the_credentials_mode_is_said_when_it_would_change_the_verdict() {
        let j = lone(
            204,
            &[
                ("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Allow-Methods", "PUT"),
                ("Access-Control-Allow-Headers", "Content-Type"),
            ],
        );
        assert!(!j.blocked());
        assert!(
            j.credentials
                .because
                .contains("with credentials it would be blocked"),
            "{}",
            j.credentials.because
        );
    }

    #[test]
    fn an_unanswered_lone_preflight_failed() {
        let j = lone(0, &[]);
        assert_eq!(j.failed(), Some(NO_RESPONSE));
    }
}
