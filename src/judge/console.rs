//! The console line that reports a chain, read as evidence while judging it: the browser's own
//! words confirm the verdict, fill what the capture left out (the reason of a block recorded
//! as a bare `net::ERR_FAILED`), or contradict it (kept as a disagreement).

use super::{deciding, Decision, Judged, Policy, VerdictSource, NO_RESPONSE};
use crate::capture::console::{ConsoleEvent, EventKind};
use crate::fetch::check::Failure;

/// Reads `e` into the judged chain's decision.
pub fn reconcile(j: &mut Judged, e: &ConsoleEvent) {
    match e.kind {
        EventKind::MixedContent => {
            j.decision = Decision::Policy {
                policy: Policy::MixedContent,
                cors_error: None,
            };
        }
        EventKind::LocalNetworkAccess => {
            j.decision = Decision::Policy {
                policy: Policy::LocalNetworkAccess,
                cors_error: e.cors_error,
            };
        }
        // A network error the console names is more than a capture's bare "no response".
        EventKind::NetworkError if !j.blocked() && j.failed().is_none_or(|f| f == NO_RESPONSE) => {
            j.decision = Decision::Failed(
                e.net_error
                    .clone()
                    .unwrap_or_else(|| "no response (console)".into()),
            );
        }
        EventKind::Cors => cors_line(j, e),
        _ => {}
    }
}

fn cors_line(j: &mut Judged, e: &ConsoleEvent) {
    let at = deciding(&j.chain, j.engine.stage, j.replay);
    let Some(err) = e.cors_error else {
        // Safari's generic "due to access control checks": blocked, reason unknown.
        if !j.blocked() {
            j.decision = Decision::Blocked { failure: None, at };
        }
        return;
    };
    if let Decision::Blocked {
        failure: Some(mine),
        ..
    } = &mut j.decision
    {
        if mine.error == err {
            if mine.failed_parameter.is_none() {
                mine.failed_parameter = e.failed_parameter.clone();
            }
            return;
        }
    }
    let param = e
        .failed_parameter
        .as_deref()
        .map(|p| format!(" ('{p}')"))
        .unwrap_or_default();
    if let Some(mine) = j.cors_error() {
        j.disagreement = Some(format!(
            "the console reports {err}{param}, the capture's headers give {mine}"
        ));
    } else if !j.blocked() {
        j.disagreement = Some(format!(
            "the console reports {err}; the capture alone shows no block"
        ));
    }
    let mut failure = Failure::new(err);
    failure.failed_parameter = e.failed_parameter.clone();
    j.decision = Decision::Blocked {
        failure: Some(failure),
        at,
    };
    j.source = VerdictSource::Console;
}
