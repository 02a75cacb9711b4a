//! A console log on its own: one request report per line that reports a request, built from
//! what the line prints and nothing else. A field the text does not give stays `null`; the
//! root cause is what the text supports, said to rest on the console only.

use super::{ConsoleLineSource, InputReport, Options, RequestReport, VerdictKind};
use crate::capture::console::{ConsoleEvent, ConsoleLog, EventKind};
use crate::fetch::check::CredentialsMode;
use crate::fetch::engine::{RequestMode, Stage};
use crate::fetch::CorsError;
use crate::judge::{Confidence, Credentials, Policy, VerdictSource};
use crate::model::{Origin, OriginSource, Producer};

/// The reports of the events at `indexes` that name a request.
pub fn analyze_console(
    input: usize,
    log: &ConsoleLog,
    indexes: &[usize],
    options: &Options,
) -> Vec<RequestReport> {
    indexes
        .iter()
        .filter_map(|&i| log.events.get(i))
        .filter(|e| reports_a_request(e))
        .map(|e| request_report(input, e, options))
        .collect()
}

/// A line that reports one request's fate: the join's relevant lines, and a CORS reason
/// pasted without its URL (a bare reason, Safari's reason-only line, IE's `SEC7120`), which
/// is still a blocked request.
fn reports_a_request(e: &ConsoleEvent) -> bool {
    crate::join::relevant(e) || e.kind == EventKind::Cors
}

/// What the line says about credentials: its own words ("credentials mode is 'include'"), or
/// one of the two errors that occur only for credentialed requests.
fn credentials(e: &ConsoleEvent) -> Credentials {
    if e.credentials_mode.as_deref() == Some("include") {
        return Credentials {
            mode: Some(CredentialsMode::Include),
            confidence: Confidence::High,
            because: "the console line says the credentials mode is 'include'".into(),
        };
    }
    let credentialed = e.cors_error.is_some_and(|c| {
        matches!(
            c.access_kind(),
            CorsError::WildcardOriginNotAllowed | CorsError::InvalidAllowCredentials
        )
    });
    if credentialed {
        Credentials {
            mode: Some(CredentialsMode::Include),
            confidence: Confidence::High,
            because: "the browser reports this error only for credentialed requests".into(),
        }
    } else {
        Credentials {
            mode: None,
            confidence: Confidence::Low,
            because: "the console line does not show the credentials mode".into(),
        }
    }
}

fn request_report(input: usize, e: &ConsoleEvent, options: &Options) -> RequestReport {
    let (origin, origin_source) =
        match (&options.origin, e.origin.as_deref().and_then(Origin::parse)) {
            (_, Some(o)) => (Some(o), OriginSource::Console),
            (Some(user), None) => (Some(user.clone()), OriginSource::User),
            (None, None) => (None, OriginSource::Unknown),
        };
    let (verdict, policy, failed) = match e.kind {
        EventKind::MixedContent => (VerdictKind::Policy, Some(Policy::MixedContent), None),
        EventKind::LocalNetworkAccess => {
            (VerdictKind::Policy, Some(Policy::LocalNetworkAccess), None)
        }
        EventKind::NetworkError => (
            VerdictKind::Failed,
            None,
            Some(
                e.net_error
                    .clone()
                    .unwrap_or_else(|| "no response (console)".into()),
            ),
        ),
        _ => (VerdictKind::Blocked, None, None),
    };
    let redirected = e.redirected_from.is_some() as usize;
    let stage = e.cors_error.map(|c| {
        if c.is_preflight_error() {
            Stage::Preflight { hop: redirected }
        } else {
            Stage::Response { hop: redirected }
        }
    });
    RequestReport {
        input,
        entry: e.line,
        method: e.method.clone(),
        // Empty when the line prints no URL (`null` in JSON, `?` in text).
        url: e.first_url().unwrap_or_default().to_string(),
        origin: origin.map(|o| o.serialized().to_string()),
        origin_source,
        status: e.status.map(i64::from),
        verdict,
        blocked: matches!(verdict, VerdictKind::Blocked | VerdictKind::Policy),
        failed,
        policy,
        cors_error: e.cors_error,
        failed_parameter: e.failed_parameter.clone(),
        verdict_source: VerdictSource::Console,
        stage,
        // Browsers print CORS errors only for `cors`-mode requests.
        mode: (e.kind == EventKind::Cors).then_some(RequestMode::Cors),
        credentials: credentials(e),
        disagreement: None,
        evidence: Vec::new(),
        console: Some(e.text.clone()),
        console_source: Some(ConsoleLineSource::Printed),
        notes: Vec::new(),
        repro: Vec::new(),
        browser_differences: Vec::new(),
        chain: Vec::new(),
        findings: crate::rules::diagnose_console(e),
    }
}

/// The input-level facts of a console log.
pub fn console_input_report(path: &str, log: &ConsoleLog) -> InputReport {
    InputReport {
        path: path.to_string(),
        kind: "console",
        producer: Producer::Unknown,
        creator: String::new(),
        entries: log.events.len(),
        skipped: Vec::new(),
        sanitized: None,
        unrecognized_lines: Some(log.unrecognized),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::console::parse_console;

    fn reports(text: &str) -> Vec<RequestReport> {
        let log = parse_console(text);
        let all: Vec<usize> = (0..log.events.len()).collect();
        analyze_console(0, &log, &all, &Options::default())
    }

    #[test]
    fn a_line_gives_only_what_it_prints() {
        let r = &reports("Access to fetch at 'http://api.x/a' from origin 'http://app.x' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.")[0];
        assert_eq!(r.method, None);
        assert_eq!(r.status, None);
        assert_eq!(r.origin.as_deref(), Some("http://app.x"));
        assert_eq!(r.origin_source, OriginSource::Console);
        assert_eq!(r.credentials.mode, None);
        assert_eq!(r.console_source, Some(ConsoleLineSource::Printed));
        assert!(r.chain.is_empty());
        assert_eq!(r.cors_error, Some(CorsError::MissingAllowOriginHeader));
    }

    #[test]
    fn the_network_line_gives_method_and_status() {
        let text = "Access to fetch at 'http://api.x/a' from origin 'http://app.x' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\nGET http://api.x/a net::ERR_FAILED 502 (Bad Gateway)\n";
        let r = &reports(text)[0];
        assert_eq!(r.method.as_deref(), Some("GET"));
        assert_eq!(r.status, Some(502));
        assert_eq!(
            r.cause().map(|f| f.rule),
            Some("error-response-without-cors")
        );
    }

    #[test]
    fn a_credentialed_error_proves_include() {
        let r = &reports("Access to fetch at 'http://api.x/a' from origin 'http://app.x' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.")[0];
        assert_eq!(r.credentials.mode, Some(CredentialsMode::Include));
        assert_eq!(r.credentials.confidence, Confidence::High);
    }

    #[test]
    fn the_origin_option_fills_only_what_the_line_leaves_unknown() {
        let log = parse_console(
            "No 'Access-Control-Allow-Origin' header is present on the requested resource.\n",
        );
        let options = Options {
            origin: Origin::parse("https://app.example"),
            ..Default::default()
        };
        let r = &analyze_console(0, &log, &[0], &options)[0];
        assert_eq!(r.origin.as_deref(), Some("https://app.example"));
        assert_eq!(r.origin_source, OriginSource::User);
        assert_eq!(r.url, "");
    }
}
