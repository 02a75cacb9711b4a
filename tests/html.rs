//! The HTML report in real headless Chromium: it renders offline, shows the verdicts and causes,
//! draws every chain, and its blocked/all filter works. Needs tests/browser/setup.sh (CI runs
//! it); skipped with a note elsewhere when Chromium or playwright-core is missing.

use assert_cmd::Command;
use std::path::Path;

fn browser_ready(root: &Path) -> bool {
    Path::new(&std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())).exists()
        && root
            .join("tests/browser/node_modules/playwright-core")
            .is_dir()
        && std::process::Command::new("node")
            .arg("--version")
            .output()
            .is_ok()
}

#[test]
fn html_report_renders_in_chromium() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !browser_ready(root) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run tests/browser/setup.sh first"
        );
        eprintln!("skipped: run tests/browser/setup.sh to install Chromium and playwright-core");
        return;
    }
    let dir = std::env::temp_dir().join(format!("corsdx-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let html = dir.join("report.html");
    Command::cargo_bin("corsdx")
        .unwrap()
        .args(["analyze", "--format", "html", "samples/dashboard.har", "-o"])
        .arg(&html)
        .assert()
        .code(1);
    let json = Command::cargo_bin("corsdx")
        .unwrap()
        .args(["analyze", "--format", "json", "samples/dashboard.har"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let problems: Vec<&serde_json::Value> = report["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["blocked"] == true || !r["failed"].is_null())
        .collect();
    let out = std::process::Command::new("node")
        .arg(root.join("tests/browser/render-check.mjs"))
        .arg(&html)
        .arg(dir.join("shot.png"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(seen["title"], "CORS diagnosis");
    assert_eq!(seen["blocked"], report["summary"]["blocked"].to_string());
    assert_eq!(seen["firstCause"], problems[0]["findings"][0]["rule"]);
    assert_eq!(
        seen["svgs"],
        problems.len(),
        "a diagram per blocked or failed request"
    );
    assert!(
        seen["svgWidth"].as_f64().unwrap() > 300.0,
        "the diagram is drawn"
    );
    assert_eq!(
        seen["before"],
        problems.len(),
        "the default filter shows blocked and failed requests"
    );
    assert_eq!(
        seen["after"],
        report["requests"].as_array().unwrap().len(),
        "'All requests' shows them all"
    );
    assert_eq!(
        seen["external"],
        serde_json::json!([]),
        "the report loads nothing from the network"
    );
    assert!(std::fs::metadata(dir.join("shot.png")).unwrap().len() > 10_000);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn markdown_reports_render_as_mermaid_diagrams() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !browser_ready(root) || !root.join("tests/browser/node_modules/mermaid").is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run tests/browser/setup.sh first"
        );
        eprintln!("skipped: run tests/browser/setup.sh");
        return;
    }
    let md = std::env::temp_dir().join(format!("corsdx-mermaid-{}.md", std::process::id()));
    let mut all = String::new();
    for dir in std::fs::read_dir(root.join("tests/captures/chromium")).unwrap() {
        let har = dir.unwrap().path().join("capture.har");
        let out = Command::cargo_bin("corsdx")
            .unwrap()
            .args(["analyze", "--format", "markdown"])
            .arg(&har)
            .output()
            .unwrap();
        all.push_str(&String::from_utf8(out.stdout).unwrap());
    }
    std::fs::write(&md, &all).unwrap();
    let out = std::process::Command::new("node")
        .arg(root.join("tests/browser/mermaid-check.mjs"))
        .arg(&md)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(seen["diagrams"].as_u64().unwrap() > 40, "{seen}");
    assert_eq!(seen["rendered"], seen["diagrams"], "{seen}");
    let _ = std::fs::remove_file(&md);
}
