//! Every committed harness capture is whole and consistent with its truth file, so a stale,
//! partial or hand-edited capture fails here (regenerate with tests/browser/capture.sh).

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/captures/chromium");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/captures/chromium exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

fn json(p: &Path) -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// (method, url) → number of Fetch/XHR requests.
fn counts<'a>(
    items: impl Iterator<Item = (&'a str, &'a str)>,
) -> BTreeMap<(String, String), usize> {
    let mut m = BTreeMap::new();
    for (method, url) in items {
        *m.entry((method.to_string(), url.to_string())).or_default() += 1;
    }
    m
}

#[test]
fn every_capture_is_whole_and_matches_its_truth() {
    let all = dirs();
    assert!(
        all.len() >= 30,
        "expected the whole harness corpus, found {}",
        all.len()
    );
    for dir in all {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        for f in [
            "capture.har",
            "capture.sanitized.har",
            "console.log",
            "truth.json",
        ] {
            assert!(dir.join(f).is_file(), "{name}: {f} missing");
        }
        let truth = json(&dir.join("truth.json"));
        for key in ["scenario", "description", "browser", "calls", "requests"] {
            assert!(truth.get(key).is_some(), "{name}: truth.json lacks {key}");
        }
        assert_eq!(
            truth["scenario"],
            name.as_str(),
            "{name}: truth names another scenario"
        );
        let requests = truth["requests"].as_array().unwrap();
        for r in requests {
            for key in [
                "type",
                "method",
                "url",
                "outcome",
                "errorText",
                "corsError",
                "failedParameter",
                "blockedReason",
            ] {
                assert!(r.get(key).is_some(), "{name}: a truth request lacks {key}");
            }
        }
        let fetches = || {
            requests
                .iter()
                .filter(|r| matches!(r["type"].as_str(), Some("Fetch" | "XHR")))
                .map(|r| (r["method"].as_str().unwrap(), r["url"].as_str().unwrap()))
        };
        let want = counts(fetches());
        let console = std::fs::read_to_string(dir.join("console.log")).unwrap();
        for call in truth["calls"].as_array().unwrap() {
            let url = call["url"].as_str().unwrap();
            let sent = requests.iter().any(|r| r["url"] == url);
            let refused = console.contains(&format!("cannot load {url}"));
            assert!(
                sent || refused,
                "{name}: call {url} has no request in truth.json"
            );
        }
        for export in ["capture.har", "capture.sanitized.har"] {
            let har = json(&dir.join(export));
            assert_eq!(
                har["log"]["creator"]["name"], "WebInspector",
                "{name}/{export}: not a DevTools export"
            );
            let entries = har["log"]["entries"]
                .as_array()
                .unwrap_or_else(|| panic!("{name}/{export}: no entries"));
            let got = counts(
                entries
                    .iter()
                    .filter(|e| matches!(e["_resourceType"].as_str(), Some("fetch" | "xhr")))
                    .map(|e| {
                        (
                            e["request"]["method"].as_str().unwrap(),
                            e["request"]["url"].as_str().unwrap(),
                        )
                    }),
            );
            // Redirect hops are HAR entries of their own; the truth lists a request once.
            for (k, n) in &want {
                let have = got.get(k).copied().unwrap_or(0);
                assert!(
                    have >= *n,
                    "{name}/{export}: {k:?} recorded {n} time(s) by Chromium, {have} in the HAR"
                );
            }
            if export.contains("sanitized") {
                for e in entries {
                    for h in e["request"]["headers"].as_array().unwrap() {
                        let n = h["name"].as_str().unwrap().to_ascii_lowercase();
                        assert!(
                            n != "cookie" && n != "authorization",
                            "{name}: sanitized export has {n}"
                        );
                    }
                }
            }
        }
    }
}

/// The Firefox corpus (tests/browser/capture-firefox.sh): the same scenarios as Chromium's,
/// each written by Firefox's own exporters, every call present in the HAR Firefox wrote.
#[test]
fn every_firefox_capture_is_whole_and_matches_its_truth() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/captures/firefox");
    let names = |root: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(root)
            .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        v.sort();
        v
    };
    let chromium_root = root.with_file_name("chromium");
    assert_eq!(
        names(&root),
        names(&chromium_root),
        "the Firefox corpus has other scenarios than the Chromium one"
    );
    for name in names(&root) {
        let dir = root.join(&name);
        for f in ["capture.har", "console.log", "truth.json"] {
            assert!(dir.join(f).is_file(), "firefox/{name}: {f} missing");
        }
        let truth = json(&dir.join("truth.json"));
        assert_eq!(
            truth["scenario"],
            name.as_str(),
            "firefox/{name}: truth names another scenario"
        );
        assert_eq!(
            truth["browser"]["name"], "Firefox",
            "firefox/{name}: not Firefox's truth"
        );
        let har = json(&dir.join("capture.har"));
        assert_eq!(
            har["log"]["creator"]["name"], "Firefox",
            "firefox/{name}: not written by Firefox's exporter"
        );
        let entries = har["log"]["entries"].as_array().unwrap();
        let refused: Vec<&str> = truth["refused_before_request"]
            .as_array()
            .map(|r| r.iter().filter_map(|c| c["url"].as_str()).collect())
            .unwrap_or_default();
        for call in truth["calls"].as_array().unwrap() {
            let url = call["url"].as_str().unwrap();
            let in_har = entries.iter().any(|e| e["request"]["url"] == url);
            assert!(
                in_har || refused.contains(&url),
                "firefox/{name}: call {url} is not in the HAR"
            );
        }
    }
}
