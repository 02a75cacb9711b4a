//! `corsdx diff` on real Chromium captures (tests/captures/chromium/): a failing scenario against
//! a working one moved onto the same endpoint, in both directions.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

const CAPTURES: &str = "tests/captures/chromium";

/// The working `ok-preflighted-put` capture, its endpoint renamed to `preflight-only-cors`'s:
/// "the same PUT, after the fix".
fn fixed_copy(dir: &Path) -> PathBuf {
    let text =
        std::fs::read_to_string(format!("{CAPTURES}/ok-preflighted-put/capture.har")).unwrap();
    let moved = text.replace(
        "/s/ok-preflighted-put/items/1",
        "/s/preflight-only-cors/items/7",
    );
    assert_ne!(moved, text);
    let path = dir.join("fixed.har");
    std::fs::write(&path, moved).unwrap();
    path
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("corsdx-diff-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn diff(a: &Path, b: &Path, extra: &[&str]) -> (i32, Value) {
    let out = Command::cargo_bin("corsdx")
        .unwrap()
        .arg("diff")
        .arg(a)
        .arg(b)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), v)
}

#[test]
fn failing_then_fixed_names_the_header_that_changed() {
    let dir = tmp("fixed");
    let failing = PathBuf::from(format!("{CAPTURES}/preflight-only-cors/capture.har"));
    let fixed = fixed_copy(&dir);
    let (code, d) = diff(&failing, &fixed, &[]);
    assert_eq!(code, 0, "{d}");
    let e = &d["endpoints"][0];
    assert_eq!(e["method"], "PUT");
    assert_eq!(e["path"], "/s/preflight-only-cors/items/7");
    assert_eq!(e["status"], "fixed");
    assert_eq!(e["a"]["cause"], "preflight-only-cors");
    assert_eq!(e["b"]["verdict"], "ok");
    let changes = e["changes"].as_array().unwrap();
    let acao = changes
        .iter()
        .find(|c| c["at"] == "response" && c["field"] == "Access-Control-Allow-Origin")
        .unwrap_or_else(|| panic!("{e}"));
    assert_eq!(acao["a"], Value::Null);
    assert_eq!(acao["b"], "http://app.example.test:47080");
    assert!(changes
        .iter()
        .any(|c| c["at"] == "response" && c["field"] == "Vary" && c["b"] == "Origin"));
    assert_eq!(d["summary"]["fixed"], 1);
    assert_eq!(d["summary"]["newly_blocked"], 0);

    // The other way round, B blocks what A did not: exit 1, and the table says so.
    let (code, d) = diff(&fixed, &failing, &[]);
    assert_eq!(code, 1);
    assert_eq!(d["endpoints"][0]["status"], "broken");
    assert_eq!(d["summary"]["newly_blocked"], 1);
    let out = Command::cargo_bin("corsdx")
        .unwrap()
        .arg("diff")
        .arg(&fixed)
        .arg(&failing)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("BROKEN in B"), "{text}");
    assert!(text.contains("Access-Control-Allow-Origin"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_capture_against_itself_has_no_changes() {
    let a = PathBuf::from(format!("{CAPTURES}/multiple-allow-origin/capture.har"));
    let (code, d) = diff(&a, &a, &[]);
    assert_eq!(code, 0);
    for e in d["endpoints"].as_array().unwrap() {
        assert_eq!(e["status"], "same", "{e}");
        assert!(e["changes"].as_array().unwrap().is_empty());
    }
    assert!(d["summary"]["matched"].as_u64().unwrap() > 0);
}

#[test]
fn hosts_are_mapped_explicitly_or_when_each_capture_has_one() {
    let dir = tmp("map");
    let failing = PathBuf::from(format!("{CAPTURES}/preflight-only-cors/capture.har"));
    // The fixed capture served from production.
    let text = std::fs::read_to_string(fixed_copy(&dir)).unwrap();
    let prod = dir.join("prod.har");
    std::fs::write(
        &prod,
        text.replace("api.example.test:47081", "api.prod.example:8443"),
    )
    .unwrap();
    let (_, d) = diff(&failing, &prod, &[]);
    assert_eq!(d["summary"]["matched"], 1, "{d}");
    assert_eq!(
        d["host_map"][0],
        serde_json::json!(["api.example.test:47081", "api.prod.example:8443"])
    );
    let (_, d) = diff(
        &failing,
        &prod,
        &["--map", "api.example.test:47081=api.prod.example:8443"],
    );
    assert_eq!(d["summary"]["matched"], 1);
    // A wrong map matches nothing.
    let (_, d) = diff(
        &failing,
        &prod,
        &["--map", "api.example.test:47081=elsewhere"],
    );
    assert_eq!(d["summary"]["matched"], 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_input_exits_2() {
    let a = format!("{CAPTURES}/preflight-only-cors/capture.har");
    for args in [
        vec!["diff", a.as_str(), "/nonexistent.har"],
        vec!["diff", a.as_str(), a.as_str(), "--map", "nohost"],
        vec!["diff", a.as_str(), a.as_str(), "--format", "html"],
    ] {
        let out = Command::cargo_bin("corsdx")
            .unwrap()
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn markdown_and_ndjson_name_the_changed_header() {
    let dir = tmp("md");
    let failing = PathBuf::from(format!("{CAPTURES}/preflight-only-cors/capture.har"));
    let fixed = fixed_copy(&dir);
    for (format, needle) in [
        ("markdown", "| response | Access-Control-Allow-Origin | `(absent)` | `http://app.example.test:47080` |"),
        ("ndjson", "\"field\":\"Access-Control-Allow-Origin\""),
    ] {
        let out = Command::cargo_bin("corsdx")
            .unwrap()
            .arg("diff")
            .arg(&failing)
            .arg(&fixed)
            .args(["--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(needle), "{format}: {text}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_endpoint_blocked_only_in_b_counts_as_newly_blocked() {
    // Different endpoints: A's works, B's is blocked and has no counterpart in A.
    let a = PathBuf::from(format!("{CAPTURES}/ok-simple-get/capture.har"));
    let b = PathBuf::from(format!("{CAPTURES}/no-cors-headers/capture.har"));
    let (code, d) = diff(&a, &b, &[]);
    assert_eq!(code, 1, "{d}");
    assert_eq!(d["summary"]["matched"], 0);
    assert!(d["summary"]["only_in_b"].as_u64().unwrap() >= 1);
    assert!(d["summary"]["newly_blocked"].as_u64().unwrap() >= 1);
    // The other way round nothing is newly blocked.
    let (code, _) = diff(&b, &a, &[]);
    assert_eq!(code, 0);
}
