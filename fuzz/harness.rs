//! The checks behind the fuzz targets (`fuzz/fuzz_targets/*.rs`, libFuzzer on nightly) and the
//! bounded property tests (`tests/fuzz_props.rs`, stable, in `cargo test`): one definition, two
//! drivers. Each takes any bytes; a panic (or a broken property, asserted) is a finding.

#![allow(dead_code)]

use corsdx::capture::{console, har, input::Source};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The lenient HAR reader: an error naming the input, or a capture whose entries keep their
/// `log.entries` order and never overlap the skipped ones.
pub fn har(data: &[u8]) {
    match har::parse_har("fuzz.har", data) {
        Ok(c) => {
            assert!(c.entries.windows(2).all(|w| w[0].index < w[1].index));
            assert!(c.skipped.windows(2).all(|w| w[0].entry < w[1].entry));
            for s in &c.skipped {
                assert!(c.entries.iter().all(|e| e.index != s.entry));
            }
        }
        Err(e) => assert!(e.to_string().starts_with("fuzz.har"), "{e}"),
    }
}

/// The console parser, on the text of the input (as `analyze` opens it: gzip, BOMs, UTF-16).
pub fn console(data: &[u8]) {
    let text = match Source::from_bytes("fuzz.log", data.to_vec()) {
        Ok(s) => match s.text() {
            Ok(t) => t.to_string(),
            Err(_) => return,
        },
        Err(_) => String::from_utf8_lossy(data).into_owned(),
    };
    let log = console::parse_console(&text);
    assert!(log.lines <= text.lines().count() + 1);
    let _ = console::looks_like_console(&text);
}

/// `sanitize`: an error, or a HAR that the reader reads whole, with exactly the entries kept.
pub fn sanitize(data: &[u8]) {
    let Ok(source) = Source::from_bytes("fuzz.har", data.to_vec()) else {
        return;
    };
    match corsdx::sanitize::sanitize_bytes(&source.name, source.bytes()) {
        Ok((v, outcome)) => {
            assert_eq!(outcome.kept + outcome.dropped.len(), outcome.entries);
            let text = serde_json::to_vec(&v).expect("a Value serializes");
            let again = har::parse_har("sanitized.har", &text)
                .unwrap_or_else(|e| panic!("the sanitized output does not read: {e}"));
            assert_eq!(
                again.entries.len(),
                outcome.kept,
                "{}",
                String::from_utf8_lossy(&text)
            );
            assert!(again.skipped.is_empty(), "{:?}", again.skipped);
            // Sanitizing is idempotent in what it keeps.
            let (_, twice) = corsdx::sanitize::sanitize_bytes("again", &text).expect("reads");
            assert_eq!(twice.kept, outcome.kept);
        }
        Err(e) => assert!(e.to_string().starts_with("fuzz.har"), "{e}"),
    }
}

static SEQ: AtomicUsize = AtomicUsize::new(0);

/// A file of its own for this call (property tests run on several threads).
fn temp_file(tag: &str, data: &[u8]) -> PathBuf {
    let p = std::env::temp_dir().join(format!(
        "corsdx-fuzz-{}-{}-{tag}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&p, data).expect("temp file");
    p
}

/// The whole `analyze` pipeline, from a file as the CLI reads it (gzip, UTF-16, JSONP, HAR or
/// console by content) to the JSON report. Bytes after a line `--console--` are a console log
/// given with `--console`, so the join runs too.
pub fn analyze(data: &[u8]) {
    const SEP: &[u8] = b"\n--console--\n";
    let (main, log) = match data.windows(SEP.len()).position(|w| w == SEP) {
        Some(i) => (&data[..i], Some(&data[i + SEP.len()..])),
        None => (data, None),
    };
    let file = temp_file("in", main);
    let log_file = log.map(|l| temp_file("log", l));
    let result = corsdx::build_report_with_console(
        std::slice::from_ref(&file),
        log_file.as_deref(),
        &Default::default(),
    );
    let _ = std::fs::remove_file(&file);
    if let Some(l) = &log_file {
        let _ = std::fs::remove_file(l);
    }
    match result {
        Ok(report) => {
            let json = serde_json::to_string(&report).expect("the report serializes");
            assert!(json.starts_with('{'));
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(!msg.is_empty());
        }
    }
}
