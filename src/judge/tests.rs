//! The decision per chain, from small captures: recorded outcomes win, the engine explains
//! them or predicts, the console line is read while judging, the deciding entry is settled once.

use super::*;
use crate::capture::console::parse_console;
use crate::fetch::CorsError;
use crate::model::Producer;
use crate::trace::build_chains;
use crate::trace::tests::{capture, entry};

const PAGE: &str = "http://app.example.test:3000";
const API: &str = "http://api.example.test:4000/items/1";

fn judge_all(c: &Capture<'static>, console: Option<&str>) -> Vec<Judged> {
    let cx = JudgeContext::new(c);
    let log = console.map(parse_console);
    let chains = build_chains(c, None);
    let matched = match &log {
        Some(l) => crate::join::match_events(c, &chains, l),
        None => vec![None; chains.len()],
    };
    chains
        .iter()
        .zip(&matched)
        .map(|(ch, m)| {
            let event = m.and_then(|i| log.as_ref().map(|l| &l.events[i]));
            judge(c, &cx, ch, event)
        })
        .collect()
}

fn chromium(entries: Vec<crate::model::Entry<'static>>) -> Capture<'static> {
    let mut c = capture(entries);
    c.producer = Producer::Chromium;
    c
}

#[test]
fn a_recorded_block_is_explained_at_the_preflight() {
    let mut put = entry(0, "PUT", API, &[], 0, &[]);
    put.response.error = Some("net::ERR_FAILED".into());
    let pf = entry(
        1,
        "OPTIONS",
        API,
        &[("Access-Control-Request-Method", "PUT"), ("Origin", PAGE)],
        405,
        &[],
    );
    let j = &judge_all(&chromium(vec![put, pf]), None)[0];
    assert_eq!(j.source, VerdictSource::Recorded);
    assert_eq!(
        j.cors_error(),
        Some(CorsError::PreflightMissingAllowOriginHeader)
    );
    // The deciding check read the preflight's response.
    assert_eq!(j.deciding_entry(), 1);
    assert!(matches!(j.deciding().stage, Stage::Preflight { hop: 0 }));
}

#[test]
fn a_delivered_response_wins_over_the_engine() {
    // The engine would block (no ACAO) but the browser delivered: allowed, with a note.
    let mut get = entry(0, "GET", API, &[("Origin", PAGE)], 200, &[]);
    get.resource_type = Some("fetch".into());
    let j = &judge_all(&chromium(vec![get]), None)[0];
    assert_eq!(j.decision, Decision::Allowed);
    assert!(j.disagreement.as_deref().unwrap().contains("delivered"));
}

#[test]
fn nothing_recorded_means_the_engine_predicts() {
    let get = entry(0, "GET", API, &[("Origin", PAGE)], 200, &[]);
    let j = &judge_all(&capture(vec![get]), None)[0];
    assert_eq!(j.source, VerdictSource::Predicted);
    assert_eq!(j.cors_error(), Some(CorsError::MissingAllowOriginHeader));
    let ok = entry(
        0,
        "GET",
        API,
        &[("Origin", PAGE)],
        200,
        &[("Access-Control-Allow-Origin", PAGE)],
    );
    assert_eq!(
        judge_all(&capture(vec![ok]), None)[0].decision,
        Decision::Allowed
    );
}

#[test]
fn network_errors_and_policies_come_before_cors() {
    let mut refused = entry(0, "GET", API, &[("Origin", PAGE)], 0, &[]);
    refused.response.error = Some("net::ERR_CONNECTION_REFUSED".into());
    let j = &judge_all(&chromium(vec![refused]), None)[0];
    assert_eq!(j.failed(), Some("net::ERR_CONNECTION_REFUSED"));
    assert!(!j.blocked());
    let mut aborted = entry(0, "GET", API, &[("Origin", PAGE)], 0, &[]);
    aborted.response.error = Some("net::ERR_ABORTED".into());
    assert_eq!(
        judge_all(&chromium(vec![aborted]), None)[0].decision,
        Decision::Unknown
    );
    let mut mixed = entry(
        0,
        "GET",
        "http://api.example.test/x",
        &[("Origin", "https://app.example.test")],
        0,
        &[],
    );
    mixed.response.error = Some(String::new().into());
    assert_eq!(
        judge_all(&chromium(vec![mixed]), None)[0].policy(),
        Some(Policy::MixedContent)
    );
}

#[test]
fn the_console_line_is_read_while_judging() {
    // A block recorded without a reason the headers show: the console's error is taken,
    // with the source said to be the console.
    let mut get = entry(0, "GET", API, &[("Origin", PAGE)], 0, &[]);
    get.response.error = Some("net::ERR_FAILED".into());
    let line = format!("Access to fetch at '{API}' from origin '{PAGE}' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'http://other.example' that is not equal to the supplied origin.");
    let j = &judge_all(&chromium(vec![get.clone()]), Some(&line))[0];
    assert_eq!(j.cors_error(), Some(CorsError::AllowOriginMismatch));
    assert_eq!(j.source, VerdictSource::Console);
    assert_eq!(j.failed_parameter(), Some("http://other.example"));
    // Without the line, the same capture is a block the inputs do not explain.
    let alone = &judge_all(&chromium(vec![get]), None)[0];
    assert!(alone.blocked());
    assert_eq!(alone.failure(), None);
}

#[test]
fn credentials_are_seen_or_inferred_with_their_confidence() {
    let get = entry(
        0,
        "GET",
        API,
        &[("Origin", PAGE), ("Cookie", "s=1")],
        200,
        &[("Access-Control-Allow-Origin", "*")],
    );
    let j = &judge_all(&capture(vec![get]), None)[0];
    assert_eq!(j.credentials.mode, Some(CredentialsMode::Include));
    assert_eq!(j.credentials.confidence, Confidence::High);
    assert_eq!(j.cors_error(), Some(CorsError::WildcardOriginNotAllowed));
}
