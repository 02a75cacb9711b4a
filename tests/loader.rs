//! Every real HAR in ../shared/corpus (when present beside the clone) loads, with the entry
//! count and producer the corpus README states; bad inputs fail with the file named.

use corsdx::capture::error::LoadErrorKind;
use corsdx::capture::har::parse_har;
use corsdx::capture::input::Source;
use corsdx::model::Producer;
use std::path::{Path, PathBuf};

fn corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if p.is_dir() {
        Some(p)
    } else {
        // CI runs with ../shared beside the clone: a missing corpus there is a broken setup.
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is absent in CI",
            p.display()
        );
        eprintln!(
            "skipped: {} is absent (it sits beside the clone in CI)",
            p.display()
        );
        None
    }
}

/// (file, entries) from the corpus README's table.
fn stated_counts(dir: &Path) -> Vec<(String, usize)> {
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    readme
        .lines()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let file = cells.get(1)?.trim_matches('`').to_string();
            let entries = cells.get(7)?.parse().ok()?;
            Some((file, entries))
        })
        .collect()
}

fn expected_producer(file: &str) -> Option<Producer> {
    let prefix = file.split("--").next()?;
    Some(match prefix {
        "chrome" => Producer::Chromium,
        "firefox" => Producer::Firefox,
        "safari" => Producer::Safari,
        "playwright" => Producer::Playwright,
        "chrome-har" | "chrome-har-capturer" | "browsertime" | "webpagetest" => {
            Producer::ChromiumTool
        }
        "mitmproxy" | "charles" | "fiddler" | "insomnia" => Producer::Proxy,
        // The README cannot tell who wrote it; its creator says Firefox.
        "unknown" => Producer::Firefox,
        "ie" => Producer::Unknown,
        _ => return None,
    })
}

#[test]
fn every_corpus_har_loads_with_its_stated_entry_count() {
    let Some(dir) = corpus() else { return };
    let counts = stated_counts(&dir);
    assert!(counts.len() >= 40, "README table not found");
    for (file, entries) in counts {
        let source = Source::open(&dir.join(&file)).unwrap_or_else(|e| panic!("{e}"));
        let capture = parse_har(&file, source.bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(capture.entries.len(), entries, "{file}");
        assert!(capture.skipped.is_empty(), "{file}: {:?}", capture.skipped);
        // Every corpus file's producer is known from its name.
        let p = expected_producer(&file)
            .unwrap_or_else(|| panic!("{file}: no producer for its prefix"));
        assert_eq!(capture.producer, p, "{file}: creator {}", capture.creator);
        // The whole pipeline runs on it too.
        let report = corsdx::build_report(&[dir.join(&file)], &Default::default()).unwrap();
        assert_eq!(report.inputs[0].entries, entries);
    }
}

#[test]
fn bad_inputs_name_the_file_and_never_panic() {
    let tmp = std::env::temp_dir().join(format!("corsdx-bad-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "truncated.har",
            br#"{"log":{"version":"1.2","entries":[{"request":{"method":"GET""#.to_vec(),
        ),
        ("not-json.har", b"<html>not a har</html>".to_vec()),
        ("not-har.har", br#"{"hello":"world"}"#.to_vec()),
        (
            "garbage.har",
            (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect(),
        ),
        (
            "deep.har",
            format!("{{\"log\":{}", "[".repeat(200_000)).into_bytes(),
        ),
        (
            "utf8.har",
            b"{\"log\":{\"entries\":[{\"request\":{\"url\":\"\xc3\x28\"}}]}}".to_vec(),
        ),
        ("empty.har", Vec::new()),
        ("bad.har.gz", vec![0x1f, 0x8b, 8, 0, 1, 2, 3, 4]),
    ];
    for (name, bytes) in &cases {
        let path = tmp.join(name);
        std::fs::write(&path, bytes).unwrap();
        let err = corsdx::build_report(std::slice::from_ref(&path), &Default::default())
            .err()
            .unwrap_or_else(|| panic!("{name} loaded"));
        assert!(err.to_string().contains(name), "{name}: {err}");
    }
    let missing =
        corsdx::build_report(&[tmp.join("missing.har")], &Default::default()).unwrap_err();
    assert!(missing.to_string().contains("missing.har"));
    let dir = corsdx::build_report(std::slice::from_ref(&tmp), &Default::default()).unwrap_err();
    assert!(dir.to_string().contains("directory"));
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn stdin_gzip_and_bom_inputs_load() {
    use std::io::Write;
    let har = br#"{"log":{"creator":{"name":"WebInspector"},"entries":[{"request":{"method":"GET","url":"http://a/"},"response":{"status":200}}]}}"#;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(har).unwrap();
    let s = Source::from_bytes("-", gz.finish().unwrap()).unwrap();
    assert_eq!(parse_har("-", s.bytes()).unwrap().entries.len(), 1);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(har);
    let s = Source::from_bytes("bom.har", bom).unwrap();
    assert_eq!(
        parse_har("bom.har", s.bytes()).unwrap().producer,
        Producer::Chromium
    );
    assert!(matches!(
        Source::from_bytes("e", vec![]).err().unwrap().kind,
        LoadErrorKind::Empty
    ));
}

/// Warnings on real pages with no CORS problem are noise: each warning rule's count over the
/// corpus is pinned, and each remaining one is what its rule page calls a risk (an
/// `Access-Control-Allow-Origin` that echoes the request's `Origin` without `Vary: Origin`; `*`
/// on a fetch endpoint that sets cookies). They were 304 and 37 before the rules looked at what
/// the page actually requested.
#[test]
fn corpus_warnings_are_the_true_ones() {
    let Some(dir) = corpus() else { return };
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for (file, _) in stated_counts(&dir) {
        let report = corsdx::build_report(&[dir.join(&file)], &Default::default()).unwrap();
        for r in &report.requests {
            for f in r.warnings() {
                *counts.entry(f.rule.to_string()).or_default() += 1;
            }
        }
    }
    let want: std::collections::BTreeMap<String, usize> = [
        ("missing-vary-origin".to_string(), 57),
        ("wildcard-on-credentialed-endpoint".to_string(), 1),
    ]
    .into_iter()
    .collect();
    assert_eq!(counts, want);
}
