//! `corsdx sanitize` keeps the diagnosis: on every harness capture (Chromium and Firefox) and on
//! every HAR of the shared corpus (../shared/corpus: DevTools, chrome-har, WebPageTest, Firefox,
//! proxies), `analyze --format json` of the sanitized HAR gives the same requests, verdicts,
//! CORS errors and findings as the original, and no planted secret survives. Hostile shapes
//! (issue 14) end with a sanitized file or exit 2, never a panic.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn corsdx() -> Command {
    Command::cargo_bin("corsdx").unwrap()
}

/// What must not change: per request, its place, verdict, CORS error and rule ids.
fn diagnosis(har: &Path) -> (Vec<String>, Value) {
    let out = corsdx()
        .args(["analyze", "--format", "json"])
        .arg(har)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}: {}",
        har.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let requests = report["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let rules: Vec<&str> = r["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["rule"].as_str().unwrap())
                .collect();
            format!(
                "{} {} blocked={} failed={} cors_error={} param={} policy={} rules={rules:?}",
                r["entry"],
                r["method"],
                r["blocked"],
                r["failed"],
                r["cors_error"],
                r["failed_parameter"],
                r["policy"],
            )
        })
        .collect();
    (requests, report["summary"].clone())
}

fn sanitize(input: &Path, out: &Path) -> String {
    let run = corsdx()
        .arg("sanitize")
        .arg(input)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}: {}",
        input.display(),
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8(run.stderr).unwrap()
}

fn tmp_dir(tag: &str) -> PathBuf {
    let tmp = std::env::temp_dir().join(format!("corsdx-sanitize-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    tmp
}

/// Sanitizes each HAR and compares the diagnoses; returns how many were checked.
fn round_trip(hars: &[PathBuf], tag: &str) -> usize {
    let tmp = tmp_dir(tag);
    for (i, original) in hars.iter().enumerate() {
        let out = tmp.join(format!("{i}.har"));
        let stderr = sanitize(original, &out);
        // A capture analyze reads whole: no entry is dropped.
        assert_eq!(stderr, "", "{}", original.display());
        let (before, summary_before) = diagnosis(original);
        let (after, summary_after) = diagnosis(&out);
        if before != after {
            let only_before: Vec<&String> = before.iter().filter(|r| !after.contains(r)).collect();
            let only_after: Vec<&String> = after.iter().filter(|r| !before.contains(r)).collect();
            panic!(
                "{}: the diagnosis changed\n  original only: {only_before:#?}\n  sanitized only: {only_after:#?}",
                original.display()
            );
        }
        assert_eq!(summary_before, summary_after, "{}", original.display());
        let text = std::fs::read_to_string(&out).unwrap();
        for secret in ["eyJhbGciOiJIUzI1NiJ9", "session=abc123"] {
            assert!(
                !text.contains(secret),
                "{}: {secret} survived",
                original.display()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    hars.len()
}

fn harness_captures(browser: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/captures")
        .join(browser);
    let mut hars: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path().join("capture.har"))
        .filter(|p| p.is_file())
        .collect();
    hars.sort();
    hars
}

#[test]
fn sanitized_chromium_captures_diagnose_identically() {
    assert!(round_trip(&harness_captures("chromium"), "chromium") > 30);
}

#[test]
fn sanitized_firefox_captures_diagnose_identically() {
    assert!(round_trip(&harness_captures("firefox"), "firefox") > 30);
}

/// The shared corpus of real HARs (41 files from 12 producers). It lives outside the repository
/// (../shared/corpus): required when CI=true, skipped with a message elsewhere.
#[test]
fn sanitized_corpus_hars_diagnose_identically() {
    // CORSDX_CORPUS names another place (as for fuzz/seed.sh).
    let dir = std::env::var_os("CORSDX_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    if !dir.is_dir() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but the corpus directory {} is missing",
            dir.display()
        );
        eprintln!("skipped: no corpus at {}", dir.display());
        return;
    }
    let mut hars: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "har"))
        .collect();
    hars.sort();
    assert!(hars.len() >= 41, "{} HARs in {}", hars.len(), dir.display());
    assert_eq!(round_trip(&hars, "corpus"), hars.len());
}

#[test]
fn sanitize_rejects_bad_input_with_exit_2() {
    corsdx()
        .args(["sanitize", "no-such.har", "-o", "/dev/null"])
        .assert()
        .code(2);
    let tmp = tmp_dir("bad");
    for (i, doc) in ["{\"log\":", "[1]", "{\"log\":{\"entries\":3}}", "\u{0}"]
        .iter()
        .enumerate()
    {
        let p = tmp.join(format!("{i}.har"));
        std::fs::write(&p, doc).unwrap();
        let out = corsdx()
            .arg("sanitize")
            .arg(&p)
            .arg("-o")
            .arg(tmp.join("out.har"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{doc}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&p.display().to_string()), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

/// Issue 14's reproducer and its relatives: unreadable entries are dropped and named on
/// standard error (file and index), never copied with their secrets; the rest is analysed like
/// the original.
#[test]
fn unreadable_entries_are_dropped_and_listed() {
    let tmp = tmp_dir("drop");
    let input = tmp.join("in.har");
    let good = r#"{"request":{"method":"GET","url":"http://api.x/a","headers":[{"name":"Origin","value":"http://app.x"}]},"response":{"status":200,"headers":[]},"_initiator":"http://app.x/app.js?token=SECRET0"}"#;
    let deep = format!("{}0{}", "[".repeat(1000), "]".repeat(1000));
    let doc = format!(
        r#"{{"log":{{"pages":7,"entries":[{{"request":1,"response":{{}},"x":"SECRET1"}},{good},"SECRET2",{{"request":{{"method":"GET","url":"http://api.x/b"}},"deep":{deep}}}]}}}}"#
    );
    std::fs::write(&input, doc).unwrap();
    let out = tmp.join("out.har");
    let stderr = sanitize(&input, &out);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[0].contains(&input.display().to_string()), "{stderr}");
    assert!(lines[0].contains("log.entries[0]"), "{stderr}");
    assert!(lines[1].contains("log.entries[2]"), "{stderr}");
    let text = std::fs::read_to_string(&out).unwrap();
    for s in ["SECRET0", "SECRET1", "SECRET2"] {
        assert!(!text.contains(s), "{s} in {text}");
    }
    // Both readable entries are analysed, at their new places.
    let (_, summary) = diagnosis(&out);
    let (_, original) = diagnosis(&input);
    assert_eq!(summary, original);
    let _ = std::fs::remove_dir_all(&tmp);
}
