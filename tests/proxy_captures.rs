//! Captures no browser wrote (issue 16): the proxy and test-tool harness
//! (tests/browser/proxy/capture.sh) records every scenario through a real mitmproxy (its HAR
//! export and its `-w` flow dump) and with playwright-core's `recordHar`, with Chromium's own
//! verdict (CDP) in truth.json. corsdx must give Chromium's verdict and the cause each scenario
//! was built for wherever the wire shows enough, and say "cannot tell" where it does not — the
//! requests listed in [`CANNOT_TELL`], each with the reason.

use corsdx::analyze::{Options, Report, RequestReport, VerdictKind};
use corsdx::judge::VerdictSource;
mod common;

use common::{s, truth};
use std::path::Path;

fn report(file: &Path) -> Report {
    corsdx::build_report(&[file.to_path_buf()], &Options::default())
        .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
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

/// (producer directory, capture file).
const CAPTURES: [(&str, &str); 3] = [
    ("mitmproxy", "capture.har"),
    ("mitmproxy", "capture.flow"),
    ("playwright", "capture.har"),
];

/// What corsdx must say about a request whose browser verdict the capture cannot show.
#[derive(Clone, Copy, Debug)]
enum Says {
    /// Blocked, as recorded, with no CorsError and the cause `unexplained-block`.
    Unexplained,
    /// Not in the report: the request never reached the wire.
    Absent,
    /// Not blocked, and the credentials statement says that with credentials it would be
    /// (a preflight never carries cookies).
    CredentialsUnseen,
    /// Not blocked under Chromium's default, with `cross-browser-divergence` said.
    FeatureFlag,
    /// Failed (no response on the wire), cause `not-cors-network-failure`.
    Failed,
    /// Reported, not blocked, without the risk that needs the preflight entries.
    NoPreflightEntries,
}

const PLAYWRIGHT_NO_RESPONSE: &str = "Playwright's recordHar keeps no response for a request the browser failed (status -1, _failureText net::ERR_FAILED) and no preflight entry: the block is recorded, the CorsError and its cause are not";
const PLAYWRIGHT_NO_PREFLIGHTS: &str =
    "Playwright's recordHar records no preflight entries: risks read from preflights cannot be seen";
const CREDENTIALS_UNSEEN: &str = "blocked at its preflight, which never carries cookies: the credentialed request that would have carried the session cookie was never sent, so nothing on the wire shows the credentials mode; corsdx judges it without credentials and says it would be blocked with them";
const BROWSER_CACHE: &str =
    "Chromium answered the second origin from its HTTP cache: the request never reached the proxy";
const REFUSED_BEFORE_NETWORK: &str =
    "Chromium refused the request before the network: the proxy never saw it";
const PROXY_ANSWERED: &str = "the proxy could not reach the server and answered the browser itself (a 502 without CORS headers, which Chromium blocks as MissingAllowOriginHeader); its capture records no response";
const TLS_TO_PROXY: &str = "Chromium rejected the proxy's certificate: the TLS handshake failed before any HTTP request, so the proxy recorded none";
const FEATURE_FLAG: &str = "the block comes from a Chromium feature flag (CorsNonWildcardRequestHeadersSupport) the wire does not show; corsdx judges Chromium's default and names the divergence";

/// Requests whose browser verdict a capture of this producer cannot show: (producer, scenario,
/// URL endings, reason, what corsdx says instead).
#[rustfmt::skip]
const CANNOT_TELL: &[(&str, &str, &[&str], &str, Says)] = &[
    ("mitmproxy", "authorization-wildcard-strict", &["/me"], FEATURE_FLAG, Says::FeatureFlag),
    ("mitmproxy", "cached-for-other-origin", &["/config"], BROWSER_CACHE, Says::Absent),
    ("mitmproxy", "dashboard", &["/health"], PROXY_ANSWERED, Says::Failed),
    ("mitmproxy", "mixed-content", &["/data"], REFUSED_BEFORE_NETWORK, Says::Absent),
    ("mitmproxy", "network-failures", &["/x"], PROXY_ANSWERED, Says::Failed),
    ("mitmproxy", "network-failures", &["/tracker.js"], REFUSED_BEFORE_NETWORK, Says::Absent),
    ("mitmproxy", "tls-certificate-error", &["/data"], TLS_TO_PROXY, Says::Absent),
    ("mitmproxy", "wildcard-in-allow-list-with-credentials", &["/m", "/h"], CREDENTIALS_UNSEEN, Says::CredentialsUnseen),
    ("mitmproxy", "wildcard-origin-with-credentials", &["/update"], CREDENTIALS_UNSEEN, Says::CredentialsUnseen),
    ("playwright", "authorization-wildcard-default", &["/me"], PLAYWRIGHT_NO_PREFLIGHTS, Says::NoPreflightEntries),
    ("playwright", "preflight-overhead", &["/cart/1"], PLAYWRIGHT_NO_PREFLIGHTS, Says::NoPreflightEntries),
    ("playwright", "auth-rejected-before-cors", &["/admin", "/me"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "authorization-wildcard-strict", &["/me"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "dashboard", &["/api/export", "/api/reports", "/api/reports/weekly", "/api/search", "/api/widgets"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "error-response-without-cors", &["/boom", "/limited", "/missing"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "header-not-allowed", &["/x"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "infrastructure-stripped-headers", &["/feed?page=2"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "invalid-allow-list", &["/h", "/m"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "invalid-allow-origin", &["/bare", "/null", "/path", "/pattern"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "method-not-allowed", &["/x"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "missing-allow-credentials", &["/a", "/b"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "multiple-allow-origin", &["/dup", "/list"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "no-cors-headers", &["/data", "/submit"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "origin-mismatch", &["/case", "/port", "/prod", "/scheme", "/slash", "/www"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "preflight-auth-rejected", &["/a", "/b"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "preflight-failed-status", &["/a", "/b"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "preflight-missing-allow-origin", &["/x"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "preflight-not-handled", &["/items/404", "/items/404-acao", "/items/405"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "preflight-only-cors", &["/items/7"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "preflight-redirected", &["/a", "/b"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "redirect-canonical-host", &["/data"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "redirect-credentials-in-url", &["/start"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "redirect-http-to-https", &["/data"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "redirect-login", &["/account"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "redirect-tainted-origin", &["/start"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "redirect-target-without-cors", &["/old"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "redirect-trailing-slash", &["/items"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "wildcard-in-allow-list-with-credentials", &["/h", "/m"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
    ("playwright", "wildcard-origin-with-credentials", &["/me", "/update"], PLAYWRIGHT_NO_RESPONSE, Says::Unexplained),
];

/// The reason and what corsdx says, when the request is listed in [`CANNOT_TELL`].
fn cannot_tell(producer: &str, scenario: &str, url: &str) -> Option<(&'static str, Says)> {
    CANNOT_TELL
        .iter()
        .find(|(p, sc, ends, ..)| {
            *p == producer && *sc == scenario && ends.iter().any(|e| url.ends_with(e))
        })
        .map(|c| (c.3, c.4))
}

/// Whether the report says what a cannot-tell entry requires.
fn says(got: Option<&RequestReport>, what: Says) -> bool {
    let cause = got.and_then(|r| r.cause()).map(|f| f.rule);
    match (what, got) {
        (Says::Absent, r) => r.is_none(),
        (_, None) => false,
        (Says::Unexplained, Some(r)) => {
            r.blocked && r.cors_error.is_none() && cause == Some("unexplained-block")
        }
        (Says::CredentialsUnseen, Some(r)) => {
            !r.blocked
                && r.verdict_source == VerdictSource::Predicted
                && r.credentials
                    .because
                    .contains("with credentials it would be blocked")
        }
        (Says::FeatureFlag, Some(r)) => {
            !r.blocked
                && r.findings
                    .iter()
                    .any(|f| f.rule == "cross-browser-divergence")
        }
        (Says::Failed, Some(r)) => {
            !r.blocked
                && r.failed.is_some()
                && cause == Some("not-cors-network-failure")
                && r.evidence
                    .iter()
                    .any(|e| e.contains("a proxy then answers the browser"))
        }
        (Says::NoPreflightEntries, Some(r)) => !r.blocked && r.verdict != VerdictKind::Blocked,
    }
}

#[test]
fn verdicts_equal_chromium_wherever_the_wire_shows_enough() {
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut told = 0;
    // (producer/file) → (requests compared, of them cannot-tell), for the figures in docs.
    let mut per: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for (producer, file) in CAPTURES {
        for dir in common::capture_dirs(producer) {
            let scenario = dir.file_name().unwrap().to_string_lossy().to_string();
            let t = truth(&dir);
            let rep = report(&dir.join(file));
            let mut used = Vec::new();
            for req in t["requests"].as_array().unwrap() {
                if req["type"] == "Preflight" || req["initiator"] == "preflight" {
                    continue;
                }
                let method = req["method"].as_str().unwrap_or("");
                let url = req["url"].as_str().unwrap_or("");
                let outcome = req["outcome"].as_str().unwrap_or("");
                let want_error = s(&req["corsError"]);
                let want_param = s(&req["failedParameter"]);
                let name = format!("{producer}/{scenario}/{file}: {method} {url}");
                let got = find(&rep, &mut used, method, url);
                // A request the browser let through is always checked (the cached scenario's
                // first origin); the list is about the ones it did not.
                let listed = cannot_tell(producer, &scenario, url).filter(|_| outcome != "ok");
                if let Some((why, what)) = listed {
                    checked += 1;
                    told += 1;
                    let n = per.entry(format!("{producer}/{file}")).or_default();
                    n.0 += 1;
                    n.1 += 1;
                    if !says(got, what) {
                        failures.push(format!(
                            "{name}: cannot tell ({why}); corsdx must say {what:?}, got {:?}",
                            got.map(|r| (
                                r.blocked,
                                &r.failed,
                                r.cors_error,
                                r.cause().map(|f| f.rule)
                            ))
                        ));
                    }
                    continue;
                }
                match got {
                    None if outcome == "ok" || outcome == "canceled" => continue,
                    None => failures.push(format!(
                        "{name}: Chromium says {outcome} ({want_error:?}) but corsdx does not report it"
                    )),
                    Some(r) => {
                        checked += 1;
                        per.entry(format!("{producer}/{file}")).or_default().0 += 1;
                        let got_error = r.cors_error.map(|e| e.name().to_string());
                        let got_param = r.failed_parameter.clone().filter(|p| !p.is_empty());
                        if r.blocked != (outcome == "blocked")
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
    assert!(checked > 250, "only {checked} requests compared");
    eprintln!("{checked} requests compared, {told} of them cannot-tell: {per:?}");
    assert!(
        failures.is_empty(),
        "{} disagreement(s) with Chromium:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every listed entry names a request of its scenario's truth: the list cannot go stale.
#[test]
fn every_cannot_tell_entry_names_a_request_the_browser_made() {
    for (p, sc, ends, ..) in CANNOT_TELL {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/captures")
            .join(p)
            .join(sc);
        let t = truth(&dir);
        for e in *ends {
            assert!(
                t["requests"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|r| r["url"].as_str().is_some_and(|u| u.ends_with(e))),
                "{p}/{sc}: no request ends with {e}"
            );
        }
    }
}

/// The outcome Chromium recorded for the `k`-th request (not a preflight) of `method url`.
fn truth_outcome<'t>(
    t: &'t serde_json::Value,
    method: &str,
    url: &str,
    k: usize,
) -> Option<&'t str> {
    t["requests"]
        .as_array()?
        .iter()
        .filter(|r| r["type"] != "Preflight" && r["initiator"] != "preflight")
        .filter(|r| {
            r["url"] == url
                && r["method"]
                    .as_str()
                    .is_some_and(|m| m.eq_ignore_ascii_case(method))
        })
        .nth(k)
        .and_then(|r| r["outcome"].as_str())
}

#[test]
fn each_scenario_gets_the_root_cause_it_was_built_for() {
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut told = 0;
    for (producer, file) in CAPTURES {
        for dir in common::capture_dirs(producer) {
            let scenario = dir.file_name().unwrap().to_string_lossy().to_string();
            let t = truth(&dir);
            let rep = report(&dir.join(file));
            let mut used = Vec::new();
            let mut seen: Vec<(String, String)> = Vec::new();
            for call in t["calls"].as_array().unwrap() {
                let method = call["method"].as_str().unwrap_or("GET").to_string();
                let url = call["url"].as_str().unwrap_or("");
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
                    "{producer}/{scenario}/{file}: {} ({method} {url})",
                    call["label"].as_str().unwrap_or("")
                );
                let k = seen
                    .iter()
                    .filter(|(m, u)| *m == method && *u == url)
                    .count();
                seen.push((method.clone(), url.to_string()));
                let got = find(&rep, &mut used, &method, url);
                // Listed: a request the browser did not let through, or a risk that needs the
                // preflight entries; it must be said as the list says.
                let outcome = truth_outcome(&t, &method, url, k);
                let listed = cannot_tell(producer, &scenario, url).filter(|(_, what)| {
                    outcome != Some("ok") || matches!(what, Says::NoPreflightEntries)
                });
                if let Some((why, what)) = listed {
                    told += 1;
                    // A risk that needs the preflights is absent (or the list is stale).
                    let ok = match what {
                        Says::NoPreflightEntries => got.is_some_and(|r| {
                            !r.blocked
                                && expect
                                    .as_deref()
                                    .is_none_or(|w| r.findings.iter().all(|f| f.rule != w))
                        }),
                        _ => says(got, what),
                    };
                    if !ok {
                        failures.push(format!(
                            "{name}: cannot tell ({why}); corsdx must say {what:?}"
                        ));
                    }
                    continue;
                }
                let cause = got.and_then(|r| r.cause()).map(|f| f.rule);
                let rules: Vec<&str> = got
                    .map(|r| r.findings.iter().map(|f| f.rule).collect())
                    .unwrap_or_default();
                checked += 1;
                let is_warning = expect
                    .as_deref()
                    .and_then(corsdx::rules::find)
                    .is_some_and(|r| r.severity == corsdx::rules::Severity::Warning);
                let ok = match expect.as_deref() {
                    None => cause.is_none(),
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
    assert!(checked > 100, "only {checked} calls compared");
    eprintln!("{checked} calls compared, {told} more cannot-tell");
    assert!(
        failures.is_empty(),
        "{} wrong root cause(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// The binary, on the regression fixtures (tests/fixtures/proxy/README.md says which are
// constructed and which extracted) and on the harness's flow dumps.

fn corsdx() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("corsdx").unwrap()
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/proxy")
        .join(name)
}

/// `corsdx analyze FILE --format json`, with its exit status.
fn analyze_json(file: &Path) -> (i32, serde_json::Value) {
    let out = corsdx()
        .args(["analyze", "--format", "json"])
        .arg(file)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: {e}: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), json)
}

/// (method, url, cors_error, cause) of every request of a JSON report.
fn rows(report: &serde_json::Value) -> Vec<(String, String, Option<String>, Option<String>)> {
    report["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let cause = r["findings"]
                .as_array()
                .and_then(|f| f.iter().find(|f| f["severity"] == "error"))
                .and_then(|f| s(&f["rule"]));
            (
                s(&r["method"]).unwrap_or_default(),
                s(&r["url"]).unwrap_or_default(),
                s(&r["cors_error"]),
                cause,
            )
        })
        .collect()
}

#[test]
fn lone_failing_preflights_of_any_proxy_are_blocked_requests_never_nothing_blocked() {
    for file in [
        "mitmproxy-lone-preflights.har",
        "charles-lone-preflights.har",
    ] {
        let text = corsdx().arg("analyze").arg(fixture(file)).output().unwrap();
        assert_eq!(text.status.code(), Some(1), "{file}");
        let stdout = String::from_utf8_lossy(&text.stdout);
        assert!(
            !stdout.contains("No request was blocked"),
            "{file}:\n{stdout}"
        );
        let (code, json) = analyze_json(&fixture(file));
        assert_eq!(code, 1);
        let want = [
            (
                "PUT",
                "https://api.example.com/v1/items/1",
                "preflight-not-handled",
            ),
            (
                "PUT",
                "https://api.example.com/v1/orders",
                "preflight-failed-status",
            ),
        ];
        let got = rows(&json);
        assert_eq!(got.len(), 2, "{file}: {got:?}");
        for ((m, u, cause), row) in want.iter().zip(&got) {
            assert_eq!((row.0.as_str(), row.1.as_str()), (*m, *u));
            assert_eq!(row.2.as_deref(), Some("PreflightMissingAllowOriginHeader"));
            assert_eq!(row.3.as_deref(), Some(*cause), "{file}");
        }
        for r in json["requests"].as_array().unwrap() {
            assert_eq!(r["verdict_source"], "predicted");
            assert_eq!(r["origin_source"], "header");
            assert!(r["evidence"][0]
                .as_str()
                .unwrap()
                .starts_with("predicted: the proxy capture"));
        }
    }
}

#[test]
fn the_webpagetest_preflight_answered_503_is_reported_blocked() {
    let mut files = vec![fixture("webpagetest-nytimes-503-preflight.har")];
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/webpagetest--pagexray--www.nytimes.com.har");
    if corpus.is_file() {
        files.push(corpus);
    } else {
        eprintln!(
            "{} is absent: the extracted fixture alone is checked",
            corpus.display()
        );
    }
    for file in files {
        let (code, json) = analyze_json(&file);
        assert_eq!(code, 1);
        let hit: Vec<_> = rows(&json)
            .into_iter()
            .filter(|r| r.1 == "http://int-promos.nytimes.com/hp-watching/serves")
            .collect();
        assert_eq!(
            hit,
            [(
                "POST".to_string(),
                "http://int-promos.nytimes.com/hp-watching/serves".to_string(),
                Some("PreflightMissingAllowOriginHeader".to_string()),
                Some("preflight-failed-status".to_string())
            )],
            "{}",
            file.display()
        );
    }
}

#[test]
fn a_passing_lone_preflight_is_reported_as_not_seen_after_it() {
    let (code, json) = analyze_json(&fixture("mitmproxy-passing-lone-preflight.har"));
    assert_eq!(code, 0);
    let r = &json["requests"][0];
    assert_eq!(r["method"], "DELETE");
    assert_eq!(r["verdict"], "unknown");
    assert_eq!(r["blocked"], false);
    assert_eq!(r["status"], serde_json::Value::Null);
    let evidence: Vec<&str> = r["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e.as_str())
        .collect();
    assert!(
        evidence
            .iter()
            .any(|e| e.contains("not seen after its preflight")),
        "{evidence:?}"
    );
    assert!(r["credentials"]["because"]
        .as_str()
        .unwrap()
        .contains("a preflight never carries cookies"));
}

#[test]
fn proxy_quirks_do_not_change_the_verdict() {
    let (code, json) = analyze_json(&fixture("mitmproxy-quirks.har"));
    assert_eq!(code, 1);
    let by_url = |u: &str| {
        json["requests"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["url"] == u)
            .unwrap_or_else(|| panic!("{u} not reported"))
            .clone()
    };
    // HTTP/2 lower-case names, listed before its preflight, started after it: paired, allowed.
    let put = by_url("https://api.example.com/v1/items/3");
    assert_eq!(put["verdict"], "allowed");
    assert_eq!(put["chain"][0]["preflight"]["entry"], 1);
    // Two values merged by the proxy into one line.
    let merged = by_url("https://api.example.com/v1/profile");
    assert_eq!(merged["cors_error"], "MultipleAllowOriginValues");
    // A TLS failure recorded as an entry: failed, not a CORS block.
    let tls = by_url("https://pinned.example.com/v1/data");
    assert_eq!(tls["blocked"], false);
    assert!(tls["failed"]
        .as_str()
        .unwrap()
        .contains("TLS handshake failed"));
    // A redirect target listed before its redirect: one chain of two hops.
    let feed = by_url("https://api.example.com/v1/feed");
    assert_eq!(feed["chain"].as_array().unwrap().len(), 2);
    assert_eq!(feed["cors_error"], "MissingAllowOriginHeader");
    // The CONNECT tunnel is not a request of the page.
    assert!(json["requests"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["method"] != "CONNECT"));
}

#[test]
fn scan_reads_a_directory_of_mitmdump_flow_files() {
    let dir = std::env::temp_dir().join(format!("corsdx-flows-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/captures/mitmproxy");
    for sc in [
        "preflight-not-handled",
        "ok-preflighted-put",
        "multiple-allow-origin",
    ] {
        std::fs::copy(
            root.join(sc).join("capture.flow"),
            dir.join(format!("{sc}.flow")),
        )
        .unwrap();
    }
    let out = corsdx()
        .args(["scan", "--format", "json"])
        .arg(&dir)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 3, "{json}");
    for f in files {
        assert_eq!(f["kind"], "mitmproxy-flow", "{f}");
        assert!(f.get("error").is_none(), "{f}");
    }
    let blocked = |name: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .unwrap()["blocked"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(blocked("preflight-not-handled.flow"), 3);
    assert_eq!(blocked("ok-preflighted-put.flow"), 0);
    assert_eq!(blocked("multiple-allow-origin.flow"), 2);
    assert_eq!(json["aggregate"]["by_rule"]["preflight-not-handled"], 3);
}

/// A damaged dump never panics: cut anywhere, or with a byte changed anywhere, it loads what it
/// can (the flows before the damage) or fails with the byte it stopped at.
#[test]
fn a_damaged_flow_dump_loads_what_it_can_and_never_panics() {
    use corsdx::capture::mitm_flow::parse_flows;
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/captures/mitmproxy/preflight-not-handled/capture.flow");
    let bytes = std::fs::read(path).unwrap();
    let whole = parse_flows("x.flow", &bytes).unwrap();
    assert!(whole.skipped.is_empty() && whole.entries.len() >= 5);
    // Where each flow ends: a cut there leaves whole flows, and nothing to say.
    let mut ends = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        at = corsdx::capture::mitm_flow::parse_value(&bytes, at, 0)
            .unwrap()
            .1;
        ends.push(at);
    }
    let step = (bytes.len() / 400).max(1);
    for cut in (1..bytes.len()).step_by(step).chain(ends.iter().copied()) {
        match parse_flows("x.flow", &bytes[..cut]) {
            Ok(c) => {
                assert!(c.entries.len() <= whole.entries.len(), "cut at {cut}");
                let whole_flows = ends.contains(&cut);
                assert_eq!(c.skipped.is_empty(), whole_flows, "cut at {cut}");
            }
            Err(e) => assert!(e.to_string().contains("byte"), "{e}"),
        }
    }
    for at in (0..bytes.len()).step_by(step) {
        for b in [b'0', b'9', b':', b'}', b']', b',', 0xff] {
            let mut damaged = bytes.clone();
            damaged[at] = b;
            let _ = parse_flows("x.flow", &damaged);
        }
    }
}

/// Every Chromium scenario is recorded by every producer, whole, with its own truth: a stale or
/// partial corpus fails here (regenerate with tests/browser/proxy/capture.sh).
#[test]
fn every_scenario_is_recorded_by_every_producer() {
    let names = |dirs: Vec<std::path::PathBuf>| -> Vec<String> {
        dirs.iter()
            .map(|d| d.file_name().unwrap().to_string_lossy().to_string())
            .collect()
    };
    // Scenarios added after the proxy harness last ran, each with the reason it was not rerun;
    // `tests/browser/proxy/capture.sh --only NAME` records one.
    const NOT_YET_RECORDED: [(&str, &str); 1] = [(
        "preflight-cache-hit",
        "added with the NetLog work in the same session, after the proxy corpus was recorded",
    )];
    let scenarios: Vec<String> = names(common::capture_dirs("chromium"))
        .into_iter()
        .filter(|s| !NOT_YET_RECORDED.iter().any(|(n, _)| n == s))
        .collect();
    for (producer, files) in [
        ("mitmproxy", &["capture.har", "capture.flow"][..]),
        ("playwright", &["capture.har"][..]),
    ] {
        let dirs = common::capture_dirs(producer);
        assert_eq!(names(dirs.clone()), scenarios, "{producer}");
        for dir in dirs {
            for f in files {
                assert!(dir.join(f).is_file(), "{}: {f} missing", dir.display());
            }
            let t = truth(&dir);
            assert_eq!(t["producer"], producer, "{}", dir.display());
            assert_eq!(t["scenario"].as_str(), dir.file_name().unwrap().to_str());
            assert_eq!(t["browser"]["name"], "Chromium");
            assert!(!t["requests"].as_array().unwrap().is_empty());
        }
    }
}
