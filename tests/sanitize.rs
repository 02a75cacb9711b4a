//! `corsdx sanitize` keeps the diagnosis: on every harness capture the sanitized HAR gives the
//! same verdicts and findings as the original, and no planted secret survives.

use assert_cmd::Command;
use std::path::Path;

fn summary(har: &Path) -> Vec<String> {
    let rep = corsdx::build_report(&[har.to_path_buf()], &Default::default()).unwrap();
    rep.requests
        .iter()
        .map(|r| {
            let rules: Vec<&str> = r.findings.iter().map(|f| f.rule).collect();
            format!(
                "{} {} {} {:?} {:?} {:?} {:?}",
                r.entry,
                r.method_shown(),
                r.blocked,
                r.failed,
                r.cors_error,
                r.failed_parameter,
                rules
            )
        })
        .collect()
}

#[test]
fn sanitized_captures_diagnose_identically() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/captures/chromium");
    let tmp = std::env::temp_dir().join(format!("corsdx-sanitize-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let mut n = 0;
    for dir in std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()) {
        let original = dir.join("capture.har");
        if !original.is_file() {
            continue;
        }
        let out = tmp.join(format!(
            "{}.har",
            dir.file_name().unwrap().to_string_lossy()
        ));
        Command::cargo_bin("corsdx")
            .unwrap()
            .arg("sanitize")
            .arg(&original)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        assert_eq!(summary(&original), summary(&out), "{}", dir.display());
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(
            !text.contains("eyJhbGciOiJIUzI1NiJ9"),
            "{}: a JWT survived",
            dir.display()
        );
        assert!(
            !text.contains("session=abc123"),
            "{}: a cookie survived",
            dir.display()
        );
        n += 1;
    }
    assert!(n > 30);
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn sanitize_rejects_bad_input_with_exit_2() {
    Command::cargo_bin("corsdx")
        .unwrap()
        .args(["sanitize", "no-such.har", "-o", "/dev/null"])
        .assert()
        .code(2);
}
