//! Snapshot tests of every report format on real harness captures (review any change with
//! `cargo insta review`).

use assert_cmd::Command;

fn run(args: &[&str]) -> String {
    let out = Command::cargo_bin("corsdx")
        .unwrap()
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.status.code() == Some(1) || out.status.code() == Some(0),
        "{out:?}"
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn table_report_of_the_dashboard_sample() {
    insta::assert_snapshot!(run(&["analyze", "samples/dashboard.har"]));
}

#[test]
fn json_report_of_the_dashboard_sample() {
    insta::assert_snapshot!(run(&[
        "analyze",
        "--format",
        "json",
        "samples/dashboard.har"
    ]));
}

#[test]
fn markdown_report_of_the_preflight_sample() {
    insta::assert_snapshot!(run(&[
        "analyze",
        "--format",
        "markdown",
        "samples/preflight-not-handled.har"
    ]));
}

#[test]
fn ndjson_has_one_request_per_line() {
    let text = run(&["analyze", "--format", "ndjson", "samples/dashboard.har"]);
    let json = run(&["analyze", "--format", "json", "samples/dashboard.har"]);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(&lines, doc["requests"].as_array().unwrap());
}

#[test]
fn console_only_report_of_a_sample() {
    insta::assert_snapshot!(run(&[
        "analyze",
        "--format",
        "json",
        "samples/error-response-without-cors.console.log"
    ]));
}

#[test]
fn exit_status_follows_the_verdicts() {
    Command::cargo_bin("corsdx")
        .unwrap()
        .args([
            "analyze",
            "tests/captures/chromium/ok-simple-get/capture.har",
        ])
        .assert()
        .code(0);
    Command::cargo_bin("corsdx")
        .unwrap()
        .args(["analyze", "samples/dashboard.har"])
        .assert()
        .code(1);
    Command::cargo_bin("corsdx")
        .unwrap()
        .args([
            "analyze",
            "--strict",
            "tests/captures/chromium/allows-null-origin/capture.har",
        ])
        .assert()
        .code(1);
}

#[test]
fn html_report_of_the_preflight_sample() {
    insta::assert_snapshot!(run(&[
        "analyze",
        "--format",
        "html",
        "samples/preflight-not-handled.har"
    ]));
}

#[test]
fn ndjson_report_of_the_preflight_sample() {
    insta::assert_snapshot!(run(&[
        "analyze",
        "--format",
        "ndjson",
        "samples/preflight-not-handled.har"
    ]));
}
