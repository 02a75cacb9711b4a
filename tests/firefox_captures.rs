//! The analyzer against real Firefox (issue 8). Firefox's HAR records no block — a blocked
//! response keeps its status, headers and body — so every verdict here is computed from the
//! headers alone and must equal Firefox's own outcome (truth.json: WebDriver BiDi events and
//! Firefox's console messages, written by tests/browser/capture-firefox.sh), with the root cause
//! each scenario was built for and the console line Firefox printed. Firefox's console export
//! alone must find every request Firefox blocked or failed.

use corsdx::analyze::{Options, Report, RequestReport};
mod common;

use common::{s, truth};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn report(files: &[PathBuf], console: Option<&Path>) -> Report {
    corsdx::build_report_with_console(files, console, &Options::default())
        .unwrap_or_else(|e| panic!("{files:?}: {e}"))
}

fn name(dir: &Path) -> String {
    dir.file_name().unwrap().to_string_lossy().into_owned()
}

/// The report's request for (method, URL), in order of occurrence.
fn take<'r>(
    rep: &'r Report,
    used: &mut Vec<usize>,
    method: Option<&str>,
    urls: &[&str],
) -> Option<&'r RequestReport> {
    let i = rep.requests.iter().enumerate().position(|(i, r)| {
        !used.contains(&i)
            && urls.contains(&r.url.as_str())
            && method.is_none_or(|m| {
                r.method
                    .as_deref()
                    .is_some_and(|x| x.eq_ignore_ascii_case(m))
            })
    })?;
    used.push(i);
    Some(&rep.requests[i])
}

/// Firefox's record of the request a call made (not its preflight), in order of occurrence.
fn firefox_request<'t>(
    t: &'t Value,
    used: &mut Vec<usize>,
    method: &str,
    url: &str,
) -> Option<&'t Value> {
    // Requests Firefox refused before they reached its network log (mixed content, a
    // 'same-origin' mode) are listed apart; its HAR still has an entry for them.
    let reqs: Vec<&Value> = t["requests"]
        .as_array()
        .unwrap()
        .iter()
        .chain(t["refused_before_request"].as_array().into_iter().flatten())
        .collect();
    let i = reqs.iter().enumerate().position(|(i, r)| {
        !used.contains(&i)
            && r["preflight"] != true
            && r["url"] == url
            && r["method"]
                .as_str()
                .is_some_and(|m| m.eq_ignore_ascii_case(method))
    })?;
    used.push(i);
    Some(reqs[i])
}

#[test]
fn verdicts_causes_and_messages_equal_firefox_for_every_call() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for dir in common::capture_dirs("firefox") {
        let t = truth(&dir);
        let har = dir.join("capture.har");
        let rep = report(std::slice::from_ref(&har), None);
        assert_eq!(
            rep.inputs[0].producer,
            corsdx::model::Producer::Firefox,
            "{}",
            name(&dir)
        );
        let mut used = Vec::new();
        let mut seen = Vec::new();
        for call in t["calls"].as_array().unwrap() {
            let method = call["method"].as_str().unwrap_or("GET");
            let url = call["url"].as_str().unwrap_or("");
            let label = format!("{}: {} ({method} {url})", name(&dir), call["label"]);
            let Some(ff) = firefox_request(&t, &mut seen, method, url) else {
                // Every call is in Firefox's record, refused ones included: a call without one
                // would go unchecked.
                failures.push(format!(
                    "{label}: no Firefox record of this call in truth.json"
                ));
                continue;
            };
            let outcome = ff["outcome"].as_str().unwrap_or("");
            let expect = s(&call["expect_rule"]);
            let got = take(&rep, &mut used, Some(method), &[url]);
            checked += 1;
            let Some(r) = got else {
                if outcome != "ok" {
                    failures.push(format!(
                        "{label}: Firefox says {outcome}, corsdx does not report it"
                    ));
                } else if expect.is_some() {
                    failures.push(format!("{label}: expected {expect:?}, not reported"));
                }
                continue;
            };
            // The verdict.
            let not_sent = r.failed.as_deref() == Some(corsdx::judge::NOT_SENT);
            let verdict_ok = match outcome {
                "blocked" => r.blocked || not_sent,
                "failed" => r.failed.is_some() && !r.blocked,
                _ => !r.blocked && r.failed.is_none(),
            };
            if !verdict_ok {
                failures.push(format!(
                    "{label}: Firefox {outcome} ({:?}); corsdx blocked={} failed={:?} {:?}",
                    ff["corsReason"], r.blocked, r.failed, r.cors_error
                ));
                continue;
            }
            // Firefox calls a network failure a CORS failure: the report says it is not one.
            let reason = ff["corsReason"].as_str().unwrap_or("");
            if outcome == "failed"
                && reason.starts_with("CORS request did not succeed")
                && !r
                    .browser_differences
                    .iter()
                    .any(|d| d.contains("CORS request did not succeed"))
            {
                failures.push(format!(
                    "{label}: Firefox printed a CORS failure for a network error; the report does not say so ({:?})",
                    r.browser_differences
                ));
            }
            // What Firefox printed: corsdx's line in Firefox's words is one of Firefox's own.
            let printed: Vec<&str> = ff["corsMessages"]
                .as_array()
                .map(|m| m.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if r.blocked && !printed.is_empty() {
                let line = r.console.as_deref().unwrap_or("");
                if !printed.contains(&line) {
                    failures.push(format!(
                        "{label}: corsdx renders {line:?}; Firefox printed {printed:?}"
                    ));
                }
            }
            // The root cause. A request Firefox stopped before the network leaves no reason in
            // the HAR; its console does (checked joined, below).
            let r: RequestReport = if not_sent {
                let joined = report(std::slice::from_ref(&har), Some(&dir.join("console.log")));
                match take(&joined, &mut Vec::new(), Some(method), &[url]) {
                    Some(j) if j.blocked || outcome != "blocked" => j.clone(),
                    _ => {
                        failures.push(format!(
                            "{label}: not sent, and the console does not explain it"
                        ));
                        continue;
                    }
                }
            } else {
                r.clone()
            };
            let cause = r.cause().map(|f| f.rule);
            let rules: Vec<&str> = r.findings.iter().map(|f| f.rule).collect();
            let is_warning = expect
                .as_deref()
                .and_then(corsdx::rules::find)
                .is_some_and(|x| x.severity == corsdx::rules::Severity::Warning);
            let ok = match expect.as_deref() {
                None => cause.is_none(),
                Some(w) if is_warning => cause.is_none() && rules.contains(&w),
                Some(w) => cause == Some(w),
            };
            if !ok {
                failures.push(format!(
                    "{label}: expected {expect:?}, got cause {cause:?}, findings {rules:?}"
                ));
            }
        }
    }
    assert!(checked > 0, "no call was compared");
    assert!(
        failures.is_empty(),
        "{} disagreement(s) with Firefox:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn firefox_console_alone_finds_every_blocked_or_failed_request() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for dir in common::capture_dirs("firefox") {
        let t = truth(&dir);
        let rep = report(&[dir.join("console.log")], None);
        assert_eq!(rep.inputs[0].kind, "console");
        if rep.inputs[0].unrecognized_lines != Some(0) {
            failures.push(format!(
                "{}: {:?} unrecognised console lines",
                name(&dir),
                rep.inputs[0].unrecognized_lines
            ));
        }
        let mut used = Vec::new();
        let refused = t["refused_before_request"].as_array().into_iter().flatten();
        for r in t["requests"].as_array().unwrap().iter().chain(refused) {
            let outcome = r["outcome"].as_str().unwrap_or("");
            // Preflights are reported with their request; a failure Firefox printed nothing
            // about (a request cancelled by the Network panel's blocking) is not in the console.
            let printed = s(&r["corsReason"]).is_some() || s(&r["message"]).is_some();
            if r["preflight"] == true || outcome == "ok" || !printed {
                continue;
            }
            let url = r["url"].as_str().unwrap();
            // Firefox names the last URL of a redirected request.
            let last = r["final_url"].as_str().unwrap_or(url);
            let label = format!("{}: {} {url}", name(&dir), r["method"]);
            checked += 1;
            match take(&rep, &mut used, None, &[url, last]) {
                None => failures.push(format!(
                    "{label}: Firefox {outcome}, not in the console report"
                )),
                Some(got) => {
                    // "CORS request did not succeed" is all Firefox prints both for a network
                    // failure and for a refused redirect (credentials in its URL): the console
                    // cannot tell them apart, the HAR can (checked above).
                    let ambiguous = s(&r["corsReason"])
                        .is_some_and(|c| c.starts_with("CORS request did not succeed"));
                    let ok = match outcome {
                        "blocked" if ambiguous => got.blocked || got.failed.is_some(),
                        "blocked" => got.blocked,
                        _ => got.failed.is_some() && !got.blocked,
                    };
                    if !ok {
                        failures.push(format!(
                            "{label}: Firefox {outcome}; console report blocked={} failed={:?}",
                            got.blocked, got.failed
                        ));
                    }
                }
            }
        }
    }
    assert!(checked > 0);
    assert!(
        failures.is_empty(),
        "{} miss(es) in Firefox console exports:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Firefox's HAR holds every request, even those it never sent: joining its console confirms
/// or explains them and must not invent others (a second console line for one request used to).
#[test]
fn joining_the_firefox_console_adds_no_request() {
    let mut failures = Vec::new();
    for dir in common::capture_dirs("firefox") {
        let har = dir.join("capture.har");
        let alone = report(std::slice::from_ref(&har), None);
        let joined = report(std::slice::from_ref(&har), Some(&dir.join("console.log")));
        let urls = |r: &Report| -> Vec<String> {
            r.requests
                .iter()
                .map(|q| format!("{} {}", q.method_shown(), q.url))
                .collect()
        };
        let (a, j) = (urls(&alone), urls(&joined));
        let extra: Vec<&String> = j.iter().filter(|u| !a.contains(u)).collect();
        if !extra.is_empty() || a.len() != j.len() {
            failures.push(format!("{}: the join adds {extra:?}", name(&dir)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
