//! The NetLog reader against real Chromium (issue 22): every scenario's NetLog, recorded by the
//! harness (`--log-net-log`) next to its HAR, read alone, must give Chromium's own verdict from
//! CDP (truth.json) for every request the network service saw, and the root cause the scenario
//! was built for where the log holds the evidence. Also: the preflight-cache scenario, a log cut
//! off mid-event, a log without headers, joining, redaction, and the binary.

use assert_cmd::Command;
use corsdx::analyze::{Options, Report, RequestReport};
use serde_json::Value;
use std::path::{Path, PathBuf};
mod common;

use common::{s, truth};

fn netlog(dir: &Path) -> Option<PathBuf> {
    ["netlog.json", "netlog.json.gz"]
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file())
}

/// Scenario directories with a NetLog; fails when none has one.
fn dirs() -> Vec<(PathBuf, PathBuf)> {
    let all: Vec<(PathBuf, PathBuf)> = common::capture_dirs("chromium")
        .into_iter()
        .filter_map(|d| netlog(&d).map(|n| (d, n)))
        .collect();
    assert!(!all.is_empty(), "no NetLog in tests/captures/chromium");
    all
}

/// Every scenario directory with its NetLog's report, read once for all the tests.
fn corpus() -> &'static [(PathBuf, Report)] {
    static CORPUS: std::sync::OnceLock<Vec<(PathBuf, Report)>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(|| {
        dirs()
            .into_iter()
            .map(|(dir, log)| {
                let r = report(&log);
                (dir, r)
            })
            .collect()
    })
}

fn report(path: &Path) -> Report {
    corsdx::build_report(&[path.to_path_buf()], &Options::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn find<'r>(
    report: &'r Report,
    used: &mut Vec<usize>,
    method: &str,
    url: &str,
) -> Option<&'r RequestReport> {
    let i = report.requests.iter().enumerate().position(|(i, r)| {
        !used.contains(&i)
            && r.method
                .as_deref()
                .unwrap_or("")
                .eq_ignore_ascii_case(method)
            && r.url == url
    })?;
    used.push(i);
    Some(&report.requests[i])
}

fn name(dir: &Path) -> String {
    dir.file_name().unwrap().to_string_lossy().to_string()
}

/// Requests stopped in the renderer never reach the network service, so no NetLog holds them:
/// mixed content, and URLs blocked by DevTools (`blockedReason: inspector`).
fn renderer_only(req: &Value) -> bool {
    matches!(
        req["blockedReason"].as_str(),
        Some("mixed-content" | "inspector")
    )
}

#[test]
fn netlog_verdicts_equal_chromium_for_every_request_the_network_saw() {
    let mut failures = Vec::new();
    let (mut checked, mut renderer) = (0, Vec::new());
    for (dir, rep) in corpus() {
        let t = truth(dir);
        let mut used = Vec::new();
        for req in t["requests"].as_array().unwrap() {
            if req["type"] == "Preflight" || req["initiator"] == "preflight" {
                continue;
            }
            let method = req["method"].as_str().unwrap_or("");
            let url = req["url"].as_str().unwrap_or("");
            let outcome = req["outcome"].as_str().unwrap_or("");
            let want_error = s(&req["corsError"]);
            let label = format!("{}: {method} {url}", name(dir));
            match find(rep, &mut used, method, url) {
                None if outcome == "ok" || outcome == "canceled" => {}
                None if renderer_only(req) => renderer.push(label),
                None => failures.push(format!(
                    "{label}: Chromium says {outcome} ({want_error:?}), the NetLog report lacks it"
                )),
                Some(r) => {
                    checked += 1;
                    let got_error = r.cors_error.map(|e| e.name().to_string());
                    if r.blocked != (outcome == "blocked")
                        || got_error != want_error
                        || (outcome == "failed") != r.failed.is_some()
                    {
                        failures.push(format!(
                            "{label}: Chromium {outcome} {want_error:?}; corsdx blocked={} failed={:?} {got_error:?}",
                            r.blocked, r.failed
                        ));
                    }
                }
            }
        }
    }
    eprintln!(
        "{checked} request(s) compared; not in any NetLog (stopped in the renderer): {renderer:?}"
    );
    assert!(checked > 0, "no request was compared");
    assert!(
        failures.is_empty(),
        "{} disagreement(s) with Chromium:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn netlog_gives_the_built_for_cause_where_its_evidence_allows() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (dir, rep) in corpus() {
        let t = truth(dir);
        let mut used = Vec::new();
        for call in t["calls"].as_array().unwrap() {
            let method = call["method"].as_str().unwrap_or("GET");
            let url = call["url"].as_str().unwrap_or("");
            // Calls stopped in the renderer (mixed content, a refused mode) left nothing in the
            // network service's log.
            let reached = t["requests"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["url"] == url && !renderer_only(r));
            if !reached {
                continue;
            }
            let expect = s(&call["expect_rule"]);
            let got = find(rep, &mut used, method, url);
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
                    "{}: {} ({method} {url}): expected {expect:?}, got cause {cause:?}, findings {rules:?}",
                    name(dir),
                    call["label"].as_str().unwrap_or("")
                ));
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

fn captures(id: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/captures/chromium")
        .join(id)
}

#[test]
fn a_preflight_served_from_the_cache_is_said_only_by_the_netlog() {
    let dir = captures("preflight-cache-hit");
    let base = "http://api.example.test:47081/s/preflight-cache-hit/orders/";
    let from_log = report(&netlog(&dir).expect("the scenario's NetLog"));
    let from_har = report(&dir.join("capture.har"));
    let puts = |r: &Report| -> Vec<RequestReport> {
        r.requests
            .iter()
            .filter(|x| x.url.starts_with(base) && x.method.as_deref() == Some("PUT"))
            .cloned()
            .collect()
    };
    let (log, har) = (puts(&from_log), puts(&from_har));
    let urls = |v: &[RequestReport]| -> Vec<String> {
        v.iter().map(|r| r.url.replace(base, "")).collect()
    };
    assert_eq!(urls(&log), ["1", "1", "2"], "{log:#?}");
    assert_eq!(urls(&har), ["1", "1", "2"]);
    let cached = |r: &RequestReport| r.notes.iter().any(|n| n.contains("preflight cache"));
    // The second PUT passed on the preflight cached from the first: only the NetLog says so.
    // The PUT to another URL sent its own preflight, which shows the server's new answer.
    let said: Vec<bool> = log.iter().map(cached).collect();
    assert_eq!(said, [false, true, false]);
    assert!(har.iter().all(|r| !cached(r)));
    let preflighted: Vec<bool> = log.iter().map(|r| r.chain[0].preflight.is_some()).collect();
    assert_eq!(preflighted, [true, false, true]);
    for v in [&log, &har] {
        assert!(!v[0].blocked && !v[1].blocked);
        assert_eq!(
            v[2].cors_error.map(|e| e.name()),
            Some("PreflightMissingAllowOriginHeader")
        );
    }
}

fn corsdx() -> Command {
    Command::cargo_bin("corsdx").unwrap()
}

/// The uncompressed bytes of a scenario's NetLog.
fn netlog_bytes(id: &str) -> Vec<u8> {
    use std::io::Read;
    let path = netlog(&captures(id)).unwrap();
    let raw = std::fs::read(&path).unwrap();
    if path.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .unwrap();
        out
    } else {
        raw
    }
}

#[test]
fn a_log_cut_off_mid_event_is_read_up_to_the_cut_and_says_so() {
    let bytes = netlog_bytes("preflight-missing-allow-origin");
    // Up to just after the preflight's CORS_PREFLIGHT_ERROR, then half an event.
    let text = String::from_utf8(bytes).unwrap();
    let at = text.find("\"cors-error\"").expect("a CORS_PREFLIGHT_ERROR");
    let end = at + text[at..].find('\n').unwrap() + 1;
    let mut cut = text[..end].to_string();
    cut.push_str("{\"params\":{\"hea");
    let dir = std::env::temp_dir().join(format!("corsdx-netlog-cut-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("cut.json");
    std::fs::write(&path, &cut).unwrap();
    let out = corsdx()
        .args(["analyze", "--format", "json"])
        .arg(&path)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["inputs"][0]["kind"], "netlog");
    let skipped = v["inputs"][0]["skipped"].to_string();
    assert!(skipped.contains("cut off after"), "{skipped}");
    let put = v["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["method"] == "PUT")
        .expect("the PUT before the cut");
    assert_eq!(put["cors_error"], "PreflightMissingAllowOriginHeader");
    let table = corsdx().arg("analyze").arg(&path).assert().code(1);
    let text = String::from_utf8(table.get_output().stdout.clone()).unwrap();
    assert!(text.contains("cut off after"), "{text}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_binary_reads_a_gzipped_netlog_alone_joined_and_in_scan() {
    let dir = captures("preflight-missing-allow-origin");
    let log = netlog(&dir).unwrap();
    let out = corsdx().arg("analyze").arg(&log).assert().code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("PreflightMissingAllowOriginHeader"), "{text}");
    // Joined with the console of the same session: its line reports the NetLog's request.
    let out = corsdx()
        .args(["analyze", "--format", "json", "--console"])
        .arg(dir.join("console.log"))
        .arg(&log)
        .assert()
        .code(1);
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let put = v["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["method"] == "PUT")
        .unwrap();
    assert_eq!(put["console_source"], "printed", "{put:#}");
    assert_eq!(put["cors_error"], "PreflightMissingAllowOriginHeader");
    // Beside the HAR of the same session: two inputs, the same verdict.
    let out = corsdx()
        .args(["analyze", "--format", "json"])
        .arg(dir.join("capture.har"))
        .arg(&log)
        .assert()
        .code(1);
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let kinds: Vec<&str> = v["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["har", "netlog"]);
    let errors: Vec<&Value> = v["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["method"] == "PUT")
        .map(|r| &r["cors_error"])
        .collect();
    assert_eq!(errors.len(), 2);
    assert!(errors
        .iter()
        .all(|e| *e == "PreflightMissingAllowOriginHeader"));
    // scan reads it as one file among others.
    let out = corsdx()
        .args(["scan", "--format", "json"])
        .arg(&log)
        .assert()
        .code(1);
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["files"][0]["kind"], "netlog");
    assert!(v["files"][0]["blocked"].as_u64().unwrap() >= 1);
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/netlog")
        .join(name)
}

#[test]
fn a_log_without_headers_gives_the_logs_own_verdict_and_says_what_cannot_be_judged() {
    let rep = report(&fixture("stripped.json"));
    assert!(
        rep.inputs[0].creator.contains("no headers"),
        "{:?}",
        rep.inputs[0]
    );
    // The method was in the request line the capture mode left out: only the URL is known.
    let put = rep
        .requests
        .iter()
        .find(|r| r.url.ends_with("/preflight-missing-allow-origin/x"))
        .unwrap();
    assert!(put.blocked);
    assert_eq!(
        put.cors_error.map(|e| e.name()),
        Some("PreflightMissingAllowOriginHeader")
    );
    let note = put.notes.join("; ");
    assert!(note.contains("without headers"), "{note}");
}

#[test]
fn a_number_the_logs_version_does_not_name_is_reported_unnamed() {
    let rep = report(&fixture("unknown-version.json"));
    let put = rep
        .requests
        .iter()
        .find(|r| r.method.as_deref() == Some("PUT"))
        .unwrap();
    let note = put.notes.join("; ");
    assert!(
        note.contains("CorsError number 19 of Chromium 160"),
        "{note}"
    );
    // The engine still explains it from the recorded headers.
    assert!(put.blocked);
}

#[test]
fn secrets_in_a_netlog_are_redacted_by_default() {
    // The fixture's request URLs with an API key in their query.
    let text = std::fs::read_to_string(fixture("unknown-version.json"))
        .unwrap()
        .replace(
            "/preflight-missing-allow-origin/x",
            "/preflight-missing-allow-origin/x?api_key=SEKRET123",
        );
    let dir = std::env::temp_dir().join(format!("corsdx-netlog-key-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("netlog.json");
    std::fs::write(&path, text).unwrap();
    let run = |extra: &[&str]| {
        let out = corsdx()
            .args(["analyze", "--format", "json"])
            .args(extra)
            .arg(&path)
            .assert()
            .code(1);
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    assert!(run(&["--no-redact"]).contains("SEKRET123"));
    assert!(!run(&[]).contains("SEKRET123"));
    std::fs::remove_dir_all(&dir).ok();
}
