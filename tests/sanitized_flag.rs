//! The `sanitized` flag rests on evidence: the harness pages set no cookie, so Chromium's full
//! and sanitized exports are the same bytes and the flag must say it cannot tell (it used to
//! say "sanitized" for the full export); Firefox writes no sanitized export. A sanitized export
//! of a credentialed page is recognised by the header bytes its sizes still count.

#[allow(dead_code)] // this test uses only the capture directories of the shared helpers
mod common;

use corsdx::analyze::Options;

fn flag(har: &std::path::Path) -> Option<bool> {
    let report = corsdx::build_report(&[har.to_path_buf()], &Options::default()).unwrap();
    report.inputs[0].sanitized
}

/// Whether the full export carries a header DevTools' sanitized export removes.
fn credentialed(full: &std::path::Path) -> bool {
    let text = std::fs::read_to_string(full).unwrap().to_ascii_lowercase();
    ["authorization", "cookie", "set-cookie"]
        .iter()
        .any(|h| text.contains(&format!("\"name\": \"{h}\"")))
}

#[test]
fn harness_exports_are_never_called_sanitized_without_evidence() {
    let mut positives = 0;
    for dir in common::capture_dirs("chromium") {
        let full = dir.join("capture.har");
        let sanitized = dir.join("capture.sanitized.har");
        if credentialed(&full) {
            assert_eq!(flag(&full), Some(false), "{}", full.display());
            // The header is gone; its bytes still count in the recorded size when the request
            // was sent (a request blocked before sending records no size: cannot tell).
            match flag(&sanitized) {
                Some(true) => positives += 1,
                None => {}
                Some(false) => panic!("{}: called complete", sanitized.display()),
            }
        } else {
            assert_eq!(flag(&full), None, "{}", full.display());
            assert_eq!(flag(&sanitized), None, "{}", sanitized.display());
        }
    }
    // authorization-wildcard-default: its sanitized export lost the header, and its size shows.
    assert!(positives >= 1, "{positives}");
    for dir in common::capture_dirs("firefox") {
        assert_eq!(
            flag(&dir.join("capture.har")),
            Some(false),
            "{}",
            dir.display()
        );
    }
}

#[test]
fn a_removed_cookie_line_is_seen_in_the_recorded_size() {
    // The dashboard's full export with a Cookie header line removed the way a sanitizer
    // removes it: the header list loses it, the recorded header block size does not.
    let dir = common::capture_dirs("chromium")
        .into_iter()
        .find(|d| d.ends_with("dashboard"))
        .unwrap();
    let text = std::fs::read_to_string(dir.join("capture.har")).unwrap();
    let mut har: serde_json::Value = serde_json::from_str(&text).unwrap();
    let request = &mut har["log"]["entries"][0]["request"];
    let size = request["headersSize"].as_i64().unwrap();
    request["headersSize"] = (size + "Cookie: session=abc123\r\n".len() as i64).into();
    let path = std::env::temp_dir().join(format!("corsdx-sanitized-{}.har", std::process::id()));
    std::fs::write(&path, serde_json::to_vec(&har).unwrap()).unwrap();
    assert_eq!(flag(&path), Some(true));
    std::fs::remove_file(&path).unwrap();
}
