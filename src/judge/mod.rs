//! The browser-verdict layer: turns a chain of captured entries (and the console line that talks
//! about it, if any) into one [`Decision`], built once. It rebuilds the engine's inputs from the
//! chain, runs the engine, and reconciles the prediction with what the capture recorded and what
//! the console printed: the recorded outcome wins and the engine explains it; when nothing was
//! recorded, the engine predicts. Rules and reports read the decision; none recomputes it.

pub mod cache;
pub mod console;
pub mod credentials;
pub mod lone;
pub mod predicted;
pub mod recorded;
pub mod request;
#[cfg(test)]
mod tests;

use crate::capture::console::ConsoleEvent;
use crate::fetch::check::{CredentialsMode, EngineOptions, Failure};
use crate::fetch::engine::{
    evaluate, HopInput, Observed, Outcome, RequestMode, RequestSpec, Stage, Verdict,
};
use crate::fetch::CorsError;
use crate::model::origin::{is_http_scheme, origin_of, same_origin};
use crate::model::{Capture, Entry};
use crate::trace::{redirect_target, Chain};
use serde::Serialize;

pub use cache::{is_cacheable, varies_on_origin, CacheIndex, Replay};
pub use credentials::Credentials;
pub use recorded::{Recorded, NOT_SENT, NO_RESPONSE};

/// How sure corsdx is of an inferred fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn label(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
        }
    }
}

/// Where the verdict comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerdictSource {
    /// The capture recorded the outcome (Chromium `_error`, a completed response) and the
    /// engine's explanation agrees with it.
    Recorded,
    /// Nothing was recorded (proxy, Firefox, Safari HARs): the engine predicts.
    Predicted,
    /// Recorded as blocked, explained from other entries (a cached response replayed).
    Inferred,
    /// The browser's console said so.
    Console,
}

/// A policy block that is not a CORS error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Policy {
    MixedContent,
    LocalNetworkAccess,
}

/// The check that decided a block: where in the chain, and which entry's response it read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deciding {
    pub stage: Stage,
    /// Position in `capture.entries` of the response the check read: the preflight for a
    /// preflight failure, the cached response for a replay, else the hop's own entry.
    pub entry: usize,
}

/// What the browser decided about one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// The page could read the response (or got an opaque one in `no-cors` mode).
    Allowed,
    /// A CORS check failed. `failure` is `None` when the browser blocked without the inputs
    /// showing why (a recorded block whose headers pass every check, Safari's generic line).
    Blocked {
        failure: Option<Failure>,
        at: Deciding,
    },
    /// A policy block before any CORS check.
    Policy {
        policy: Policy,
        cors_error: Option<CorsError>,
    },
    /// The request failed without a policy block (the network error, or why none arrived).
    Failed(String),
    /// Nothing the inputs hold decides it (a load the page aborted, a capture that stops early).
    Unknown,
}

/// The judged chain.
#[derive(Debug, Clone)]
pub struct Judged {
    pub chain: Chain,
    pub spec: RequestSpec,
    /// The engine's run that explains the decision.
    pub engine: Verdict,
    pub recorded: Recorded,
    pub source: VerdictSource,
    pub decision: Decision,
    pub credentials: Credentials,
    /// A cached response the browser replayed for this request, when that explains the block.
    pub replay: Option<Replay>,
    /// The engine predicted something the recorded outcome or the console contradicts.
    pub disagreement: Option<String>,
    /// What the inputs say that the verdict does not show (a preflight served from the
    /// preflight cache, a log without headers), one sentence each.
    pub notes: Vec<String>,
    /// The verdict was reproduced only with the standard's stricter `Authorization` rule.
    pub strict_authorization: bool,
    /// For a predicted verdict: what it rests on (where the page origin and the credentials
    /// mode come from) and what the capture cannot show, one sentence each.
    pub evidence: Vec<String>,
}

impl Judged {
    pub fn is_cross_origin(&self) -> bool {
        self.chain
            .origin()
            .is_some_and(|o| !same_origin(&self.spec.url, o) || o == "null")
    }

    /// Blocked by CORS or by a policy.
    pub fn blocked(&self) -> bool {
        matches!(
            self.decision,
            Decision::Blocked { .. } | Decision::Policy { .. }
        )
    }

    pub fn failure(&self) -> Option<&Failure> {
        match &self.decision {
            Decision::Blocked { failure, .. } => failure.as_ref(),
            _ => None,
        }
    }

    pub fn cors_error(&self) -> Option<CorsError> {
        match &self.decision {
            Decision::Blocked { failure, .. } => failure.as_ref().map(|f| f.error),
            Decision::Policy { cors_error, .. } => *cors_error,
            _ => None,
        }
    }

    pub fn failed_parameter(&self) -> Option<&str> {
        self.failure().and_then(|f| f.failed_parameter.as_deref())
    }

    /// The network error or reason when the request failed without a block.
    pub fn failed(&self) -> Option<&str> {
        match &self.decision {
            Decision::Failed(f) => Some(f),
            _ => None,
        }
    }

    pub fn policy(&self) -> Option<Policy> {
        match self.decision {
            Decision::Policy { policy, .. } => Some(policy),
            _ => None,
        }
    }

    /// The check that decided: the block's, else where the engine stopped.
    pub fn deciding(&self) -> Deciding {
        match &self.decision {
            Decision::Blocked { at, .. } => *at,
            _ => deciding(&self.chain, self.engine.stage, self.replay),
        }
    }

    /// Position in `capture.entries` of the response the deciding check read.
    pub fn deciding_entry(&self) -> usize {
        self.deciding().entry
    }

    /// The cached response the verdict layer inferred was replayed (the capture holds no
    /// response for the request itself).
    pub fn inferred_replay(&self) -> Option<usize> {
        self.replay.filter(|r| !r.recorded).map(|r| r.cached)
    }

    /// The page origin for sentences: quoted, or said to be unknown.
    pub fn origin_quoted(&self) -> String {
        self.chain.page.quoted()
    }
}

/// Which entry's response a check at `stage` read.
pub fn deciding(chain: &Chain, stage: Stage, replay: Option<Replay>) -> Deciding {
    let last = chain.hops.len() - 1;
    let hop = match stage {
        Stage::Preflight { hop } => {
            if let Some(p) = chain.hops.get(hop).and_then(|h| h.preflight) {
                return Deciding { stage, entry: p };
            }
            hop
        }
        Stage::Redirect { hop } | Stage::Response { hop } => hop,
        Stage::BeforeRequest => 0,
    }
    .min(last);
    let entry = match replay {
        Some(r) if hop == last => r.cached,
        _ => chain.hops[hop].entry,
    };
    Deciding { stage, entry }
}

/// What every chain of one capture shares: facts and indexes built once.
pub struct JudgeContext<'c> {
    /// Whether the export had cookies and `Authorization` removed, as far as it shows.
    pub sanitization: crate::capture::export::Sanitization,
    pub cache: CacheIndex<'c>,
}

impl<'c> JudgeContext<'c> {
    pub fn new(capture: &'c Capture<'_>) -> Self {
        JudgeContext {
            sanitization: crate::capture::export::sanitization(capture),
            cache: CacheIndex::new(capture),
        }
    }
}

/// The request as the chain shows it, before a credentials mode is chosen.
struct RequestFacts {
    method: String,
    unsafe_headers: Vec<String>,
    url: String,
    /// The origin the engine checks with. No `Origin` header, no page, no `Referer`: a
    /// cross-origin CORS request always carries `Origin` on the wire, so the engine takes the
    /// request as same-origin (the report still says the origin is unknown).
    origin: String,
    mode: RequestMode,
    cookies_sent: bool,
    /// An `Authorization` header the preflight did not ask for: added by the browser (HTTP
    /// authentication), which it does only for a credentialed request.
    http_auth: bool,
    /// Redirect targets per hop.
    targets: Vec<Option<String>>,
}

impl RequestFacts {
    fn of(capture: &Capture<'_>, chain: &Chain) -> Self {
        let entries = &capture.entries;
        let first = &entries[chain.first()];
        let preflight = chain
            .hops
            .iter()
            .find_map(|h| h.preflight)
            .map(|p| &entries[p]);
        let (method, unsafe_headers) = request::method_and_unsafe_headers(first, preflight);
        let targets = if chain.lone_preflight {
            vec![None]
        } else {
            chain
                .hops
                .iter()
                .map(|h| redirect_target(&entries[h.entry]))
                .collect()
        };
        let http_auth = preflight.is_some()
            && !chain.lone_preflight
            && !unsafe_headers.iter().any(|h| h == "authorization")
            && chain
                .hops
                .iter()
                .any(|h| entries[h.entry].request.headers.contains("authorization"));
        RequestFacts {
            method,
            unsafe_headers,
            url: first.request.url.to_string(),
            origin: chain
                .origin()
                .map(str::to_string)
                .unwrap_or_else(|| origin_of(&first.request.url)),
            mode: request::request_mode(first, preflight.is_some()),
            cookies_sent: chain.hops.iter().any(|h| {
                let e = &entries[h.entry];
                e.request.cookie_count > 0 || e.request.headers.contains("cookie")
            }),
            http_auth,
            targets,
        }
    }

    fn spec(&self, credentials: CredentialsMode) -> RequestSpec {
        RequestSpec {
            method: self.method.clone(),
            url: self.url.clone(),
            origin: self.origin.clone(),
            mode: self.mode,
            credentials,
            unsafe_headers: self.unsafe_headers.clone(),
        }
    }
}

fn observed<'r>(e: &'r Entry<'r>, location: Option<&'r str>) -> Option<Observed<'r>> {
    // A 304 is judged with the cached response's headers, which the capture does not hold.
    let revalidated =
        e.response.status == 304 && !e.response.headers.contains("access-control-allow-origin");
    (e.response.status > 0 && !revalidated).then_some(Observed {
        status: e.response.status,
        headers: &e.response.headers,
        location,
    })
}

/// Runs the engine on a chain; `replayed` substitutes a cached response for the last hop's.
fn run(
    capture: &Capture<'_>,
    chain: &Chain,
    spec: &RequestSpec,
    targets: &[Option<String>],
    options: EngineOptions,
    replayed: Option<usize>,
) -> Verdict {
    let entries = &capture.entries;
    let last = chain.hops.len() - 1;
    let pf_targets: Vec<Option<String>> = chain
        .hops
        .iter()
        .map(|h| h.preflight.and_then(|p| redirect_target(&entries[p])))
        .collect();
    let hops: Vec<HopInput> = chain
        .hops
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let answered = match replayed {
                Some(s) if i == last => &entries[s],
                _ => &entries[h.entry],
            };
            HopInput {
                url: &entries[h.entry].request.url,
                preflight: h
                    .preflight
                    .and_then(|p| observed(&entries[p], pf_targets[i].as_deref())),
                // A lone preflight's hop is the preflight: the request itself was not seen.
                response: if chain.lone_preflight {
                    None
                } else {
                    observed(answered, targets[i].as_deref())
                },
            }
        })
        .collect();
    evaluate(spec, &hops, options)
}

/// The engine run chosen to explain the chain.
struct Explanation {
    credentials: CredentialsMode,
    verdict: Verdict,
    /// The run reproduces the recorded outcome.
    consistent: bool,
    strict_authorization: bool,
    replay: Option<Replay>,
    /// The candidate credentials modes gave different outcomes.
    modes_differ: bool,
}

/// A credentials mode, the engine's run, whether it needed the strict `Authorization` rule,
/// and the replayed response it rests on.
type Found = (CredentialsMode, Verdict, bool, Option<Replay>);

fn is_blocked(v: &Verdict) -> bool {
    matches!(v.outcome, Outcome::Blocked(_))
}

/// Whether the chain holds a hop after the one `stage` is at: the browser went past it.
fn went_past(chain: &Chain, stage: Stage) -> bool {
    let hop = match stage {
        Stage::Preflight { hop } | Stage::Redirect { hop } | Stage::Response { hop } => hop,
        Stage::BeforeRequest => 0,
    };
    hop + 1 < chain.hops.len()
}

/// A recorded block: the first mode whose run blocks; with `Authorization` asked for, also
/// under the standard's rule that `*` does not cover it.
fn explain_block(
    capture: &Capture<'_>,
    chain: &Chain,
    req: &RequestFacts,
    modes: &[CredentialsMode],
    runs: &[Verdict],
) -> Option<Found> {
    let strict = EngineOptions {
        non_wildcard_authorization: true,
    };
    let asks_authorization = req.unsafe_headers.iter().any(|h| h == "authorization");
    for (&c, v) in modes.iter().zip(runs) {
        // A run blocking at a hop the browser went past (the capture holds the next hop)
        // contradicts the capture: it is not the explanation.
        if is_blocked(v) && !went_past(chain, v.stage) {
            return Some((c, v.clone(), false, None));
        }
        if asks_authorization {
            let v = run(capture, chain, &req.spec(c), &req.targets, strict, None);
            if is_blocked(&v) && !went_past(chain, v.stage) {
                return Some((c, v, true, None));
            }
        }
    }
    None
}

/// A recorded block without a response: a response the browser replayed from its cache for
/// another origin, when one explains it. Every run made is kept in `runs`.
fn explain_by_replay(
    capture: &Capture<'_>,
    cx: &JudgeContext<'_>,
    chain: &Chain,
    req: &RequestFacts,
    modes: &[CredentialsMode],
    runs: &mut Vec<Verdict>,
) -> Option<Found> {
    let last = chain.last().entry;
    let cached = cx
        .cache
        .replayed_for_other_origin(&capture.entries[last], last, &req.origin)?;
    for &mode in modes {
        let v = run(
            capture,
            chain,
            &req.spec(mode),
            &req.targets,
            EngineOptions::default(),
            Some(cached),
        );
        runs.push(v.clone());
        if is_blocked(&v) {
            let replay = Replay {
                cached,
                recorded: false,
            };
            return Some((mode, v, false, Some(replay)));
        }
    }
    None
}

/// Tries the plausible explanations in order and keeps the first that reproduces the recorded
/// outcome: the request as seen; with `Authorization` asked for, the standard's rule that `*`
/// does not cover it; each credentials mode; and for a block without a response, a response
/// the browser replayed from its cache.
fn explain(
    capture: &Capture<'_>,
    cx: &JudgeContext<'_>,
    chain: &Chain,
    req: &RequestFacts,
    recorded: &Recorded,
) -> Explanation {
    let default = EngineOptions::default();
    let modes = credentials::candidates(req.cookies_sent || req.http_auth);
    let runs: Vec<Verdict> = modes
        .iter()
        .map(|&c| run(capture, chain, &req.spec(c), &req.targets, default, None))
        .collect();
    let mut outcomes: Vec<&Outcome> = runs.iter().map(|v| &v.outcome).collect();
    let mut found = match recorded {
        Recorded::Ok => modes
            .iter()
            .zip(&runs)
            .find(|(_, v)| matches!(v.outcome, Outcome::Allowed))
            .map(|(&c, v)| (c, v.clone(), false, None)),
        r if r.is_block() => explain_block(capture, chain, req, modes, &runs),
        _ => None,
    };
    let last = &capture.entries[chain.last().entry];
    let mut replay_runs = Vec::new();
    if found.is_none() && recorded.is_block() && last.response.status <= 0 {
        found = explain_by_replay(capture, cx, chain, req, modes, &mut replay_runs);
    }
    outcomes.extend(replay_runs.iter().map(|v| &v.outcome));
    let modes_differ = outcomes.windows(2).any(|w| w[0] != w[1]);
    match found {
        Some((credentials, verdict, strict_authorization, replay)) => Explanation {
            credentials,
            verdict,
            consistent: true,
            strict_authorization,
            replay,
            modes_differ,
        },
        None => Explanation {
            credentials: modes[0],
            verdict: runs[0].clone(),
            consistent: false,
            strict_authorization: false,
            replay: None,
            modes_differ,
        },
    }
}

/// Judges one chain, with the console line that reports it when there is one.
pub fn judge(
    capture: &Capture<'_>,
    cx: &JudgeContext<'_>,
    chain: &Chain,
    console: Option<&ConsoleEvent>,
) -> Judged {
    if chain.lone_preflight {
        let mut judged = lone::judge(capture, chain);
        if let Some(event) = console {
            console::reconcile(&mut judged, event);
        }
        return judged;
    }
    let req = RequestFacts::of(capture, chain);
    let recorded = recorded::recorded_outcome(capture, chain);
    let x = explain(capture, cx, chain, &req, &recorded);
    let credentials = credentials::infer(&credentials::Facts {
        cookies_sent: req.cookies_sent,
        explained_with: x.credentials,
        decisive: x.modes_differ && x.consistent && recorded != Recorded::Nothing,
        sanitized: cx.sanitization.is_sanitized(),
        may_be_sanitized: cx.sanitization == crate::capture::export::Sanitization::CannotTell,
        credentials_allowed: chain.hops.iter().any(|h| {
            capture.entries[h.entry]
                .response
                .headers
                .get("access-control-allow-credentials")
                == Some("true")
        }),
    });
    let (decision, disagreement) = decide(capture, chain, &req, &recorded, &x);
    let mut judged = Judged {
        chain: chain.clone(),
        spec: req.spec(x.credentials),
        engine: x.verdict,
        source: match recorded {
            Recorded::Nothing => VerdictSource::Predicted,
            Recorded::NotSentAfterPreflight => VerdictSource::Inferred,
            _ if x.replay.is_some() => VerdictSource::Inferred,
            _ => VerdictSource::Recorded,
        },
        recorded,
        decision,
        credentials,
        replay: x.replay,
        disagreement,
        notes: Vec::new(),
        strict_authorization: x.strict_authorization,
        evidence: Vec::new(),
    };
    recorded::reconcile_log(capture, &mut judged);
    if judged.source == VerdictSource::Predicted {
        let with = (!(req.cookies_sent || req.http_auth || judged.blocked())).then(|| {
            let spec = req.spec(CredentialsMode::Include);
            run(
                capture,
                chain,
                &spec,
                &req.targets,
                EngineOptions::default(),
                None,
            )
            .outcome
        });
        judged.credentials =
            predicted::credentials(capture, chain, &req, judged.credentials, with.as_ref());
        judged.evidence = predicted::evidence(capture, &judged);
    }
    if let Some(event) = console {
        console::reconcile(&mut judged, event);
    }
    if judged.replay.is_none() {
        judged.replay = recorded_replay(capture, cx, &judged);
    }
    judged
}

/// A replayed response the capture holds as such: the last response names another origin in
/// `Access-Control-Allow-Origin`, and an earlier response for that origin was cacheable (or the
/// last one is marked as served from the cache).
fn recorded_replay(capture: &Capture<'_>, cx: &JudgeContext<'_>, j: &Judged) -> Option<Replay> {
    if j.cors_error()?.access_kind() != CorsError::AllowOriginMismatch {
        return None;
    }
    let at = j.chain.last().entry;
    let last = &capture.entries[at];
    let acao = last.response.headers.get("access-control-allow-origin")?;
    let replayed = last.from_cache.is_some() || last.response.headers_size == 0;
    let earlier = cx.cache.echoed_for(&last.request.url, acao, at)?;
    let e = &capture.entries[earlier];
    if !(replayed || is_cacheable(e)) || varies_on_origin(e) {
        return None;
    }
    Some(Replay {
        cached: earlier,
        recorded: replayed,
    })
}

/// The decision from the recorded outcome and the engine's explanation: policy blocks and
/// network failures come before CORS; then the recorded outcome, explained by the engine.
fn decide(
    capture: &Capture<'_>,
    chain: &Chain,
    req: &RequestFacts,
    recorded: &Recorded,
    x: &Explanation,
) -> (Decision, Option<String>) {
    let entries = &capture.entries;
    let last = &entries[chain.last().entry];
    let mixed = chain
        .hops
        .iter()
        .any(|h| request::is_mixed_content(&req.origin, &entries[h.entry].request.url));
    // A mixed request that got a response was allowed (or auto-upgraded): only one that never
    // got one was blocked.
    if mixed && (recorded.not_delivered() || last.response.status <= 0) {
        return (policy(Policy::MixedContent), None);
    }
    if let Recorded::NetError(err) = recorded {
        return (net_error(err), None);
    }
    if !is_http_scheme(&req.url) && req.mode == RequestMode::Cors && !x.consistent {
        return (Decision::Failed("unsupported scheme".to_string()), None);
    }
    let block = |f: &Failure| Decision::Blocked {
        failure: Some(f.clone()),
        at: deciding(chain, x.verdict.stage, x.replay),
    };
    let unexplained = Decision::Blocked {
        failure: None,
        at: deciding(chain, x.verdict.stage, x.replay),
    };
    match (recorded, &x.verdict.outcome) {
        (Recorded::Ok, Outcome::Blocked(f)) => (
            Decision::Allowed,
            Some(format!(
                "the engine predicted {} but the browser delivered the response",
                f.error
            )),
        ),
        (Recorded::Ok, Outcome::Failed(e)) => (Decision::Failed(e.clone()), None),
        (Recorded::Ok, _) => (Decision::Allowed, None),
        (Recorded::ErrFailed | Recorded::NotSentAfterPreflight, Outcome::Blocked(f)) => {
            (block(f), None)
        }
        // Firefox stopped the request at a preflight that passes every check the engine
        // (Chromium's order, the Fetch standard) knows.
        (Recorded::NotSentAfterPreflight, _) => (
            unexplained,
            Some("Firefox did not send the request after its preflight, but the recorded preflight passes every CORS check".to_string()),
        ),
        (Recorded::ErrFailed, Outcome::Allowed) => (
            unexplained,
            Some("the browser blocked the request but its recorded headers pass every CORS check".to_string()),
        ),
        (Recorded::ErrFailed, _) => (unexplained, None),
        (Recorded::Nothing, Outcome::Blocked(f)) => (block(f), None),
        (Recorded::Nothing, Outcome::Failed(e)) => (Decision::Failed(e.clone()), None),
        (Recorded::Nothing, Outcome::Allowed) => (Decision::Allowed, None),
        (Recorded::Nothing, Outcome::Incomplete) if last.response.status <= 0 => {
            // A proxy's own record of why no response came (mitmproxy's flow error).
            let said = last.response.error.as_deref().filter(|e| !e.is_empty());
            let why = if recorded::never_sent(capture.producer, last) {
                NOT_SENT
            } else {
                said.unwrap_or(NO_RESPONSE)
            };
            (Decision::Failed(why.to_string()), None)
        }
        (Recorded::EmptyError, _) => (
            Decision::Failed("request not sent (no error recorded)".to_string()),
            None,
        ),
        _ => (Decision::Unknown, None),
    }
}

fn policy(policy: Policy) -> Decision {
    Decision::Policy {
        policy,
        cors_error: None,
    }
}

/// A recorded network error: a policy block for Local Network Access, nothing for a load the
/// page aborted, else a failure.
fn net_error(err: &str) -> Decision {
    if err == "net::ERR_ABORTED" {
        // The page or the browser dropped the load (an opaque body nobody reads, a
        // navigation): not a failure.
        Decision::Unknown
    } else if err.contains("LOCAL_NETWORK") || err.contains("PRIVATE_NETWORK") {
        policy(Policy::LocalNetworkAccess)
    } else if err == "mixed-content" {
        // Playwright records Chromium's `blockedReason` as the failure text.
        policy(Policy::MixedContent)
    } else {
        Decision::Failed(err.to_string())
    }
}

/// Whether a chain belongs in the report: cross-origin, or failed, or blocked.
pub fn reportable(j: &Judged) -> bool {
    j.blocked()
        || j.failed().is_some()
        || j.is_cross_origin() && j.spec.mode != RequestMode::Navigate
}

/// Producers that record a failure but not the response that decided it (issue 16).
#[cfg(test)]
mod capture_gap_tests {
    use super::*;
    use crate::model::Producer;
    use crate::trace::build_chains;
    use crate::trace::tests::{capture, entry};

    fn judged(c: &Capture<'_>) -> Vec<Judged> {
        let cx = JudgeContext::new(c);
        build_chains(c, None)
            .iter()
            .map(|ch| judge(c, &cx, ch, None))
            .collect()
    }

    /// Playwright records a redirect hop (with `Access-Control-Allow-Origin`, without
    /// `-Credentials`) and the target without a response: the browser went past the redirect,
    /// so the block is at the response it did not record, not "with credentials, at the
    /// redirect".
    #[test]
    fn a_block_after_an_unrecorded_response_is_not_explained_by_another_credentials_mode() {
        let mut last = entry(1, "GET", "http://api.x/new", &[], -1, &[]);
        last.response.error = Some("net::ERR_FAILED".into());
        let mut c = capture(vec![
            entry(
                0,
                "GET",
                "http://api.x/old",
                &[("Origin", "http://app.x")],
                302,
                &[
                    ("Location", "http://api.x/new"),
                    ("Access-Control-Allow-Origin", "http://app.x"),
                ],
            ),
            last,
        ]);
        c.producer = Producer::Playwright;
        let j = &judged(&c)[0];
        assert!(j.blocked());
        assert_eq!(j.cors_error(), None, "{:?}", j.decision);
    }

    /// Playwright writes Chromium's `blockedReason` as the failure text.
    #[test]
    fn playwrights_mixed_content_failure_is_a_policy_block() {
        let mut e = entry(0, "GET", "http://api.x/data", &[], -1, &[]);
        e.response.error = Some("mixed-content".into());
        let mut c = capture(vec![e]);
        c.producer = Producer::Playwright;
        assert_eq!(judged(&c)[0].policy(), Some(Policy::MixedContent));
    }
}
