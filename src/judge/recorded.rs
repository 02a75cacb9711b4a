//! What a capture recorded about a chain's outcome, before any engine runs.

use super::{deciding, Decision, Judged, VerdictSource};
use crate::fetch::check::Failure;
use crate::fetch::CorsError;
use crate::model::{Capture, Entry, LogRecord, Producer};
use crate::trace::Chain;

/// What the capture recorded for the chain's last entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// The producer records no outcome.
    Nothing,
    /// A response was delivered to the page.
    Ok,
    /// `net::ERR_FAILED`: Chromium's error for a CORS block (and some other failures).
    ErrFailed,
    /// Firefox: the preflight was answered but the request itself was never sent (its entry has
    /// status 0 and no response headers): the browser stopped it at the preflight.
    NotSentAfterPreflight,
    /// `_error: ""` with status 0: Chromium's record of a request it refused to send
    /// (mixed content).
    EmptyError,
    /// Another network error (`net::ERR_CONNECTION_REFUSED`, `net::ERR_NAME_NOT_RESOLVED` …).
    NetError(String),
}

impl Recorded {
    /// The capture says the browser blocked the request (the engine then explains why).
    pub fn is_block(&self) -> bool {
        matches!(self, Recorded::ErrFailed | Recorded::NotSentAfterPreflight)
    }

    /// The capture says the response never reached the page.
    pub fn not_delivered(&self) -> bool {
        self.is_block() || matches!(self, Recorded::EmptyError)
    }
}

/// Reads the recorded outcome of a chain.
pub fn recorded_outcome(capture: &Capture<'_>, chain: &Chain) -> Recorded {
    let e = &capture.entries[chain.last().entry];
    if capture.producer == Producer::Firefox {
        // Firefox records no block, but a request it stopped at its preflight keeps an empty
        // entry next to the preflight that was answered.
        let answered = chain
            .last()
            .preflight
            .is_some_and(|p| capture.entries[p].response.status > 0);
        if answered && e.response.status <= 0 && e.response.headers.is_empty() {
            return Recorded::NotSentAfterPreflight;
        }
        return Recorded::Nothing;
    }
    if !capture.producer.records_outcome() {
        return Recorded::Nothing;
    }
    if capture.producer == Producer::ChromeNetLog {
        return netlog_outcome(e);
    }
    match e.response.error.as_deref() {
        Some("net::ERR_FAILED") => Recorded::ErrFailed,
        Some("") if e.response.status <= 0 => Recorded::EmptyError,
        Some(err) if !err.is_empty() => Recorded::NetError(err.to_string()),
        _ if e.response.status > 0 => Recorded::Ok,
        _ => Recorded::Nothing,
    }
}

/// What a Chrome NetLog recorded: a net error, a preflight's CorsError, or a final response the
/// loader dropped after its headers without reading its body (what Chromium's CORS loader does
/// to a response that fails its check; the engine then says which check, from the raw headers).
/// A response whose body was read was delivered; the log writes no other verdict.
fn netlog_outcome(e: &Entry<'_>) -> Recorded {
    let log = e.log.as_deref();
    if log.is_some_and(|l| l.cors_error.is_some()) {
        return Recorded::ErrFailed;
    }
    match e.response.error.as_deref() {
        Some("net::ERR_FAILED") => return Recorded::ErrFailed,
        Some(err) if !err.is_empty() => return Recorded::NetError(err.to_string()),
        _ => {}
    }
    if log.is_some_and(|l| l.dropped_after_headers) {
        Recorded::ErrFailed
    } else if e.response.status > 0 && !log.is_some_and(|l| l.unfinished) {
        Recorded::Ok
    } else {
        Recorded::Nothing
    }
}

/// The CorsError a NetLog recorded for the chain's request, when it names one corsdx knows.
fn logged_cors_error(log: &LogRecord) -> Option<CorsError> {
    log.cors_error.as_ref()?.name?.parse().ok()
}

/// Reads what a NetLog recorded into the judged chain: its CorsError wins over the engine's (as
/// Chromium's own record does), with the engine's failed parameter when both agree; a number
/// the log's Chromium version does not name for corsdx, and a preflight answered from the
/// preflight cache, are said in the note.
pub fn reconcile_log(capture: &Capture<'_>, j: &mut Judged) {
    let Some(log) = capture
        .entries
        .get(j.chain.last().entry)
        .and_then(|e| e.log.as_deref())
    else {
        return;
    };
    let mut notes = Vec::new();
    if let Some(logged) = &log.cors_error {
        match logged_cors_error(log) {
            Some(err) if j.cors_error() != Some(err) => {
                if let Some(mine) = j.cors_error() {
                    j.disagreement = Some(format!(
                        "the NetLog records {err}, the recorded headers give {mine}"
                    ));
                }
                j.decision = Decision::Blocked {
                    failure: Some(Failure::new(err)),
                    at: deciding(&j.chain, j.engine.stage, j.replay),
                };
                j.source = VerdictSource::Recorded;
            }
            Some(_) => {}
            None => notes.push(format!(
                "the NetLog records CorsError number {} of Chromium {}, which corsdx cannot name for that version",
                logged.number,
                logged.version.as_deref().unwrap_or("(version not recorded)")
            )),
        }
    }
    if log.preflight_cache_hit() {
        notes.push("the preflight was answered from Chromium's preflight cache (NetLog CHECK_CORS_PREFLIGHT_CACHE: hit): no preflight was sent, so its response is not in the capture and the server's current preflight answer may differ from the cached one".to_string());
    }
    if log.headers_stripped {
        notes.push("the NetLog was captured without headers: no header-based check or cause can be judged, only what the log itself records".to_string());
    }
    j.notes.extend(notes);
}

/// The failure of a request with no response whose capture records no error.
pub const NO_RESPONSE: &str = "no response recorded";

/// The failure recorded for a request the browser stopped before the network.
pub const NOT_SENT: &str = "not sent by the browser";

/// Firefox keeps an entry for a request it stopped before the network (an extension or a
/// blocking rule, a `'same-origin'` request mode …): no response, no response size
/// (`bodySize: -1`, `headersSize: 0`), no time. A refused connection has sizes of 0.
pub fn never_sent(producer: Producer, e: &Entry<'_>) -> bool {
    producer == Producer::Firefox
        && e.response.status <= 0
        && e.response.body_size < 0
        && e.response.headers_size <= 0
        && e.response.headers.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::build_chains;
    use crate::trace::tests::{capture, entry};

    #[test]
    fn reads_chromiums_error_field() {
        let mut e = entry(0, "GET", "http://api.x/a", &[], 0, &[]);
        e.response.error = Some("net::ERR_FAILED".into());
        let mut c = capture(vec![e]);
        c.producer = Producer::Chromium;
        let chains = build_chains(&c, None);
        assert_eq!(recorded_outcome(&c, &chains[0]), Recorded::ErrFailed);
        c.entries[0].response.error = Some("net::ERR_CONNECTION_REFUSED".into());
        assert_eq!(
            recorded_outcome(&c, &chains[0]),
            Recorded::NetError("net::ERR_CONNECTION_REFUSED".into())
        );
        c.entries[0].response.error = Some(String::new().into());
        assert_eq!(recorded_outcome(&c, &chains[0]), Recorded::EmptyError);
        c.producer = Producer::Unknown;
        assert_eq!(recorded_outcome(&c, &chains[0]), Recorded::Nothing);
    }

    #[test]
    fn firefox_records_a_request_left_unsent_after_its_preflight() {
        let mut c = capture(vec![
            entry(0, "PUT", "http://api.x/a", &[], 0, &[]),
            entry(
                1,
                "OPTIONS",
                "http://api.x/a",
                &[("Access-Control-Request-Method", "PUT")],
                204,
                &[],
            ),
        ]);
        c.producer = Producer::Firefox;
        let chains = build_chains(&c, None);
        assert_eq!(
            recorded_outcome(&c, &chains[0]),
            Recorded::NotSentAfterPreflight
        );
    }
}
