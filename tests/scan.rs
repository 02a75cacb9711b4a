//! `corsdx scan` on a directory mixing good, bad, gzipped and console files: every file gets a
//! row, a bad one is listed with its error and never stops the others, and the figures agree
//! with `analyze` on the same file.

use assert_cmd::Command;
use std::io::Write;

#[test]
fn scan_mixed_directory_and_agree_with_analyze() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("corsdx-scan-{}", std::process::id()));
    let sub = dir.join("nested");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::copy(
        root.join("samples/dashboard.har"),
        dir.join("dashboard.har"),
    )
    .unwrap();
    std::fs::copy(
        root.join("samples/preflight-not-handled.console.log"),
        sub.join("console.log"),
    )
    .unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&std::fs::read(root.join("samples/error-response-without-cors.har")).unwrap())
        .unwrap();
    std::fs::write(sub.join("errors.har.gz"), gz.finish().unwrap()).unwrap();
    std::fs::write(dir.join("broken.har"), "{\"log\": {\"entries\": [").unwrap();
    std::fs::write(dir.join("notes.md"), "not a capture").unwrap();

    let out = Command::cargo_bin("corsdx")
        .unwrap()
        .args(["scan", "--format", "json", "--jobs", "2"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "a bad file makes the exit status 2"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 4, "md files are not inputs: {files:?}");
    let by_name = |n: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(n))
            .unwrap()
    };
    assert!(by_name("broken.har")["error"]
        .as_str()
        .unwrap()
        .contains("broken.har"));
    assert_eq!(by_name("console.log")["kind"], "console");
    assert!(by_name("errors.har.gz")["blocked"].as_u64().unwrap() > 0);
    assert_eq!(report["aggregate"]["bad_files"], 1);

    let analyze = Command::cargo_bin("corsdx")
        .unwrap()
        .args(["analyze", "--format", "json"])
        .arg(dir.join("dashboard.har"))
        .output()
        .unwrap();
    let a: serde_json::Value = serde_json::from_slice(&analyze.stdout).unwrap();
    let row = by_name("dashboard.har");
    for k in ["requests", "blocked", "failed", "warnings"] {
        assert_eq!(row[k], a["summary"][k], "{k}");
    }
    let causes: u64 = row["causes"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(
        causes,
        a["summary"]["blocked"].as_u64().unwrap() + a["summary"]["failed"].as_u64().unwrap()
    );

    Command::cargo_bin("corsdx")
        .unwrap()
        .args(["scan", "--fail-on", "never"])
        .arg(dir.join("dashboard.har"))
        .assert()
        .code(0);
    Command::cargo_bin("corsdx")
        .unwrap()
        .args(["scan"])
        .arg(dir.join("dashboard.har"))
        .assert()
        .code(1);
    let _ = std::fs::remove_dir_all(&dir);
}
