//! The analyzer against real Chromium: every capture the harness (tests/browser) made, in both
//! DevTools exports, must give Chromium's own recorded verdict for every request (issue 3), and
//! the root cause each scenario was built for (issue 4).

use corsdx::analyze::{Options, Report, RequestReport};
mod common;

use common::{s, truth};
use std::path::Path;

fn report(har: &Path) -> Report {
    corsdx::build_report(&[har.to_path_buf()], &Options::default())
        .unwrap_or_else(|e| panic!("{}: {e}", har.display()))
}

/// Pairs truth requests with report requests by (method, URL), in order of occurrence.
fn find<'r>(
    report: &'r Report,
    used: &mut Vec<usize>,
    method: &str,
    url: &str,
) -> Option<&'r RequestReport> {
    let i = report.requests.iter().enumerate().position(|(i, r)| {
        !used.contains(&i) && r.method_shown().eq_ignore_ascii_case(method) && r.url == url
    })?;
    used.push(i);
    Some(&report.requests[i])
}

const EXPORTS: [&str; 2] = ["capture.har", "capture.sanitized.har"];

#[test]
fn verdicts_equal_chromium_for_every_request_of_every_capture() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for dir in common::capture_dirs("chromium") {
        let t = truth(&dir);
        for export in EXPORTS {
            let har = dir.join(export);
            let rep = report(&har);
            let mut used = Vec::new();
            for req in t["requests"].as_array().unwrap() {
                // Preflights are judged as part of the request they were sent for.
                if req["type"] == "Preflight" || req["initiator"] == "preflight" {
                    continue;
                }
                let method = req["method"].as_str().unwrap_or("");
                let url = req["url"].as_str().unwrap_or("");
                let outcome = req["outcome"].as_str().unwrap_or("");
                let want_blocked = outcome == "blocked";
                let want_error = s(&req["corsError"]);
                let want_param = s(&req["failedParameter"]);
                let got = find(&rep, &mut used, method, url);
                let name = format!(
                    "{}/{export}: {method} {url}",
                    dir.file_name().unwrap().to_string_lossy()
                );
                match got {
                    None if outcome == "ok" || outcome == "canceled" => continue,
                    None => failures.push(format!("{name}: Chromium says {outcome} ({want_error:?}) but corsdx does not report it")),
                    Some(r) => {
                        checked += 1;
                        let got_error = r.cors_error.map(|e| e.name().to_string());
                        let got_param = r.failed_parameter.clone().filter(|p| !p.is_empty());
                        if r.blocked != want_blocked
                            || got_error != want_error
                            || (want_error.is_some() && got_param != want_param)
                            || (outcome == "failed") != r.failed.is_some()
                        {
                            failures.push(format!(
                                "{name}: Chromium {outcome} {want_error:?} {want_param:?}; corsdx blocked={} failed={:?} {got_error:?} {got_param:?}",
                                r.blocked, r.failed
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 0, "no request was compared");
    assert!(
        failures.is_empty(),
        "{} disagreement(s) with Chromium:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn each_scenario_gets_the_root_cause_it_was_built_for() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for dir in common::capture_dirs("chromium") {
        let t = truth(&dir);
        for export in EXPORTS {
            let rep = report(&dir.join(export));
            let mut used = Vec::new();
            for call in t["calls"].as_array().unwrap() {
                let method = call["method"].as_str().unwrap_or("GET").to_string();
                let url = call["url"].as_str().unwrap_or("");
                // A call Chromium refused before any request (mode: 'same-origin') leaves no
                // entry in a HAR; only the console shows it (tests/console.rs).
                let sent = t["requests"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|r| r["url"] == url);
                if !sent {
                    continue;
                }
                let expect = s(&call["expect_rule"]);
                let name = format!(
                    "{}/{export}: {} ({method} {url})",
                    dir.file_name().unwrap().to_string_lossy(),
                    call["label"].as_str().unwrap_or("")
                );
                let got = find(&rep, &mut used, &method, url);
                let cause = got.and_then(|r| r.cause()).map(|f| f.rule);
                let rules: Vec<&str> = got
                    .map(|r| r.findings.iter().map(|f| f.rule).collect())
                    .unwrap_or_default();
                checked += 1;
                let is_warning = expect
                    .as_deref()
                    .and_then(corsdx::rules::find)
                    .is_some_and(|r| r.severity == corsdx::rules::Severity::Warning);
                // A sanitized export drops cookies, Set-Cookie and Authorization: risks that rest on
                // them cannot be seen there, but every blocking cause must be.
                let sanitized = export.contains("sanitized");
                let ok = match expect.as_deref() {
                    None => cause.is_none(),
                    Some(_) if is_warning && sanitized => cause.is_none(),
                    Some(w) if is_warning => cause.is_none() && rules.contains(&w),
                    Some(w) => cause == Some(w),
                };
                if !ok {
                    failures.push(format!(
                        "{name}: expected {expect:?}, got cause {cause:?}, findings {rules:?}"
                    ));
                }
            }
        }
    }
    assert!(checked > 0);
    assert!(
        failures.is_empty(),
        "{} wrong root cause(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
