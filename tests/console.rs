//! Console logs against real Chromium: each harness capture's console.log (written by DevTools'
//! own "Save as…") alone must give Chromium's recorded verdict for every blocked request, and a
//! HAR joined with its console must get every request right, including those the HAR cannot show.

use corsdx::analyze::{Options, Report, RequestReport};
mod common;

use common::{s, truth};
use serde_json::Value;

/// The truth's requests the page made (preflights are part of their request).
fn page_requests(t: &Value) -> Vec<&Value> {
    t["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["type"] != "Preflight" && r["initiator"] != "preflight")
        .collect()
}

fn take<'r>(
    rep: &'r Report,
    used: &mut Vec<usize>,
    method: Option<&str>,
    url: &str,
) -> Option<&'r RequestReport> {
    let i = rep.requests.iter().enumerate().position(|(i, r)| {
        !used.contains(&i)
            && r.url == url
            && method.is_none_or(|m| {
                r.method
                    .as_deref()
                    .is_some_and(|x| x.eq_ignore_ascii_case(m))
            })
    })?;
    used.push(i);
    Some(&rep.requests[i])
}

#[test]
fn console_alone_reproduces_every_blocked_verdict() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for dir in common::capture_dirs("chromium") {
        let t = truth(&dir);
        let rep = corsdx::build_report(&[dir.join("console.log")], &Options::default()).unwrap();
        assert_eq!(rep.inputs[0].kind, "console");
        assert_eq!(
            rep.inputs[0].unrecognized_lines,
            Some(0),
            "{}: unrecognised console lines",
            dir.display()
        );
        let mut used = Vec::new();
        for r in page_requests(&t)
            .into_iter()
            .filter(|r| r["outcome"] == "blocked")
        {
            let url = r["url"].as_str().unwrap();
            let name = format!(
                "{}: {} {url}",
                dir.file_name().unwrap().to_string_lossy(),
                r["method"]
            );
            checked += 1;
            match take(&rep, &mut used, None, url) {
                None => failures.push(format!("{name}: not found in the console")),
                Some(got) => {
                    let want = s(&r["corsError"]);
                    let have = got.cors_error.map(|e| e.name().to_string());
                    if !got.blocked || have != want {
                        failures.push(format!(
                            "{name}: Chromium {want:?}, console gives blocked={} {have:?}",
                            got.blocked
                        ));
                    }
                }
            }
        }
    }
    assert!(checked > 30);
    assert!(
        failures.is_empty(),
        "{}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn har_with_console_gets_every_request_right() {
    let mut failures = Vec::new();
    for dir in common::capture_dirs("chromium") {
        let t = truth(&dir);
        for export in ["capture.har", "capture.sanitized.har"] {
            let rep = corsdx::build_report_with_console(
                &[dir.join(export)],
                Some(&dir.join("console.log")),
                &Options::default(),
            )
            .unwrap();
            let mut used = Vec::new();
            for r in page_requests(&t) {
                let url = r["url"].as_str().unwrap();
                let outcome = r["outcome"].as_str().unwrap();
                let name = format!(
                    "{}/{export}: {} {url}",
                    dir.file_name().unwrap().to_string_lossy(),
                    r["method"]
                );
                match take(&rep, &mut used, r["method"].as_str(), url) {
                    None if matches!(outcome, "ok" | "canceled") => {}
                    None => failures.push(format!("{name}: Chromium says {outcome}, not reported")),
                    Some(got) => {
                        let want = s(&r["corsError"]);
                        let have = got.cors_error.map(|e| e.name().to_string());
                        let param_ok = want.is_none()
                            || got.failed_parameter.clone().filter(|p| !p.is_empty())
                                == s(&r["failedParameter"]);
                        if got.blocked != (outcome == "blocked")
                            || have != want
                            || !param_ok
                            || (outcome == "failed") != got.failed.is_some()
                        {
                            failures.push(format!("{name}: Chromium {outcome} {want:?}; corsdx blocked={} failed={:?} {have:?} {:?}", got.blocked, got.failed, got.failed_parameter));
                        }
                    }
                }
            }
            // Requests Chromium refused before they existed appear through the console.
            for call in t["calls"].as_array().unwrap() {
                let url = call["url"].as_str().unwrap();
                let sent = t["requests"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|r| r["url"] == url);
                if !sent && !rep.requests.iter().any(|r| r.url == url && r.blocked) {
                    failures.push(format!(
                        "{}/{export}: {url}: refused call missing",
                        dir.display()
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn rendered_chromium_lines_are_the_lines_chromium_printed() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for dir in common::capture_dirs("chromium") {
        let console = std::fs::read_to_string(dir.join("console.log")).unwrap();
        let rep = corsdx::build_report(
            &[dir.join("capture.har")],
            &Options {
                no_redact: true,
                ..Default::default()
            },
        )
        .unwrap();
        for r in rep.requests.iter().filter(|r| r.cors_error.is_some()) {
            let line = r.console.as_deref().unwrap();
            checked += 1;
            if !console.lines().any(|l| l.ends_with(line)) {
                failures.push(format!(
                    "{}: {line}",
                    dir.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    assert!(checked > 40, "{checked}");
    assert!(
        failures.is_empty(),
        "{} line(s) Chromium did not print:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The parser alone over every harness console, Chromium's and Firefox's: every line is read,
/// every request names the browser whose wording it is in and the wording-table row that read
/// it, the page origin comes from the "Navigated to" line, and a method is given only where the
/// console prints it.
#[test]
fn the_parser_reads_every_harness_console_line_without_inventing() {
    use corsdx::capture::console::{read_console, Engine, EventKind};
    let mut failures = Vec::new();
    let mut events = 0;
    for (browser, engine) in [("chromium", Engine::Chromium), ("firefox", Engine::Firefox)] {
        for dir in common::capture_dirs(browser) {
            let name = format!("{browser}/{}", dir.file_name().unwrap().to_string_lossy());
            let text = std::fs::read_to_string(dir.join("console.log")).unwrap();
            let r = read_console(&text);
            if !r.unrecognized_lines.is_empty() {
                failures.push(format!("{name}: unrecognised {:?}", r.unrecognized_lines));
            }
            assert_eq!(r.log.unrecognized, r.unrecognized_lines.len());
            let navigations: Vec<(usize, String)> = text
                .lines()
                .enumerate()
                .filter_map(|(i, l)| {
                    l.strip_prefix("Navigated to ")
                        .map(|u| (i + 1, corsdx::model::origin::origin_of(u)))
                })
                .collect();
            for e in r.log.events.iter().filter(|e| {
                matches!(
                    e.kind,
                    EventKind::Cors | EventKind::NetworkError | EventKind::CorsWarning
                )
            }) {
                events += 1;
                let at = format!("{name}:{}", e.line);
                if e.kind == EventKind::Cors && e.browser != Some(engine) {
                    failures.push(format!("{at}: browser {:?}", e.browser));
                }
                if e.kind == EventKind::Cors && e.wording.is_none() {
                    failures.push(format!("{at}: no wording row"));
                }
                let navigated = navigations
                    .iter()
                    .rev()
                    .find(|(line, _)| *line < e.line)
                    .map(|(_, o)| o.clone());
                if e.page_origin != navigated {
                    failures.push(format!(
                        "{at}: page origin {:?}, navigated to {navigated:?}",
                        e.page_origin
                    ));
                }
                if let Some(m) = &e.method {
                    // Printed as a network line's first word (`PUT http://… net::ERR_FAILED`)
                    // or a Firefox row (`XHRPUT`, `PUT`).
                    let printed = text.lines().any(|l| {
                        let first = l.split_whitespace().find(|w| {
                            !w.ends_with(|c: char| c.is_ascii_digit()) || !w.contains(':')
                        });
                        first.is_some_and(|w| {
                            w == m
                                || w.strip_prefix("XHR") == Some(m)
                                || w.strip_prefix("fetch") == Some(m)
                        }) || l.split_whitespace().nth(1) == Some(m.as_str())
                    });
                    if !printed {
                        failures.push(format!("{at}: method {m} not printed"));
                    }
                }
            }
        }
    }
    assert!(events > 80, "{events}");
    assert!(
        failures.is_empty(),
        "{}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
