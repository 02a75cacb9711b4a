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

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("corsdx-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn sample(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn ndjson(bytes: &[u8]) -> Vec<serde_json::Value> {
    std::str::from_utf8(bytes)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// Every `file` line of a scan, by the path's name relative to `dir`.
fn file_lines(
    lines: &[serde_json::Value],
    dir: &std::path::Path,
) -> Vec<(String, serde_json::Value)> {
    lines
        .iter()
        .filter(|l| l["type"] == "file")
        .map(|l| {
            let p = std::path::Path::new(l["path"].as_str().unwrap());
            (
                p.strip_prefix(dir).unwrap().display().to_string(),
                l.clone(),
            )
        })
        .collect()
}

/// Issue 14 item 3: a FIFO (which would block `open` for ever), a socket, a symlink loop, a
/// dangling link, a directory link back to its parent, and a directory named `x.har`: the scan
/// finishes, never opens the special files, and lists each with its reason; the good files are
/// still analysed and a broken one is an error row.
#[cfg(unix)]
#[test]
fn scan_lists_odd_paths_and_never_hangs() {
    use std::os::unix::fs::symlink;
    let dir = temp_dir("scan-odd");
    std::fs::copy(sample("dashboard.har"), dir.join("a-good.har")).unwrap();
    std::fs::write(dir.join("b-broken.har"), "{\"log\": {\"entries\": [").unwrap();
    let fifo = std::ffi::CString::new(dir.join("c-fifo.har").into_os_string().into_encoded_bytes())
        .unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("d-socket.har")).unwrap();
    symlink("e-loop2.har", dir.join("e-loop1.har")).unwrap();
    symlink("e-loop1.har", dir.join("e-loop2.har")).unwrap();
    symlink("missing.har", dir.join("f-dangling.har")).unwrap();
    std::fs::create_dir(dir.join("g-dir.har")).unwrap();
    std::fs::copy(
        sample("error-response-without-cors.har"),
        dir.join("g-dir.har/inner.har"),
    )
    .unwrap();
    symlink("..", dir.join("g-dir.har/up")).unwrap();

    let out = Command::cargo_bin("corsdx")
        .unwrap()
        .args(["scan", "--format", "ndjson", "--jobs", "2"])
        .arg(&dir)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "the broken file makes it 2: {out:?}"
    );
    let lines = ndjson(&out.stdout);
    let files = file_lines(&lines, &dir);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "a-good.har",
            "b-broken.har",
            "c-fifo.har",
            "d-socket.har",
            "e-loop1.har",
            "e-loop2.har",
            "f-dangling.har",
            "g-dir.har",
            "g-dir.har/inner.har",
            "g-dir.har/up",
        ],
        "every path once, in sorted order"
    );
    let row = |n: &str| &files.iter().find(|(name, _)| name == n).unwrap().1;
    let reason = |n: &str| row(n)["reason"].as_str().unwrap_or_default().to_string();
    assert_eq!(row("a-good.har")["status"], "analyzed");
    assert!(row("a-good.har")["blocked"].as_u64().unwrap() > 0);
    assert_eq!(row("b-broken.har")["status"], "error");
    for (n, what) in [
        ("c-fifo.har", "FIFO"),
        ("d-socket.har", "socket"),
        ("e-loop1.har", "loop"),
        ("e-loop2.har", "loop"),
        ("f-dangling.har", "dangling"),
        ("g-dir.har/up", "loop"),
    ] {
        assert_eq!(row(n)["status"], "skipped", "{n}");
        assert!(reason(n).contains(what), "{n}: {}", reason(n));
    }
    assert_eq!(row("g-dir.har")["status"], "directory");
    assert!(reason("g-dir.har").contains("directory"));
    assert_eq!(row("g-dir.har/inner.har")["status"], "analyzed");
    let total = lines.last().unwrap();
    assert_eq!(total["type"], "total");
    assert_eq!(total["files"], 3);
    assert_eq!(total["bad_files"], 1);
    assert_eq!(total["skipped"], 6);

    // Named on the command line, a FIFO is an input error: still never opened.
    let out = Command::cargo_bin("corsdx")
        .unwrap()
        .args(["scan", "--format", "json"])
        .arg(dir.join("c-fifo.har"))
        .arg(dir.join("a-good.har"))
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["status"], "error");
    assert!(files[0]["error"].as_str().unwrap().contains("FIFO"));
    assert_eq!(files[1]["status"], "analyzed");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The harness captures of every Chromium scenario, copied flat into a temp dir (with one
/// gzipped and one broken file): a realistic mix for the ordering and totals tests.
fn corpus_dir(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/captures/chromium");
    let mut scenarios: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    scenarios.sort();
    for s in &scenarios {
        let n = s.file_name().unwrap().to_string_lossy().to_string();
        for (from, to) in [
            ("capture.har", format!("{n}.har")),
            ("console.log", format!("{n}.console.log")),
        ] {
            if s.join(from).is_file() {
                std::fs::copy(s.join(from), dir.join(to)).unwrap();
            }
        }
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&std::fs::read(sample("dashboard.har")).unwrap())
        .unwrap();
    std::fs::write(dir.join("zz-dashboard.har.gz"), gz.finish().unwrap()).unwrap();
    std::fs::write(dir.join("zz-broken.har"), "{\"log\": 7}").unwrap();
    dir
}

fn scan_bytes(args: &[&str], dir: &std::path::Path) -> Vec<u8> {
    let out = Command::cargo_bin("corsdx")
        .unwrap()
        .arg("scan")
        .args(args)
        .arg(dir)
        .timeout(std::time::Duration::from_secs(300))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// `scan --format ndjson`: the same bytes whatever `--jobs`; per file, its request lines then its
/// file line, files in sorted order, then one total line; the lines agree with each other and
/// with `--format json`.
#[test]
fn ndjson_is_stable_across_jobs_and_agrees_with_json() {
    let dir = corpus_dir("scan-ndjson");
    let one = scan_bytes(&["--format", "ndjson", "--jobs", "1"], &dir);
    for jobs in ["2", "3"] {
        let other = scan_bytes(&["--format", "ndjson", "--jobs", jobs], &dir);
        assert!(
            one == other,
            "--jobs {jobs} wrote other bytes than --jobs 1"
        );
    }
    let lines = ndjson(&one);
    let total = lines.last().unwrap();
    assert_eq!(total["type"], "total");
    assert_eq!(lines.iter().filter(|l| l["type"] == "total").count(), 1);

    // Per file: its requests (same path), then its file line with their count.
    let mut paths = Vec::new();
    let mut pending: Vec<&serde_json::Value> = Vec::new();
    let (mut blocked, mut failed, mut requests) = (0, 0, 0);
    for l in &lines[..lines.len() - 1] {
        match l["type"].as_str().unwrap() {
            "request" => {
                assert!(l["producer"].is_string() && l["host"].is_string(), "{l}");
                assert!(l["url"].is_string() && l["findings"].is_array(), "{l}");
                blocked += l["blocked"].as_bool().unwrap() as u64;
                failed += !l["failed"].is_null() as u64;
                requests += 1;
                pending.push(l);
            }
            "file" => {
                assert!(pending.iter().all(|r| r["path"] == l["path"]), "{l}");
                assert_eq!(pending.len() as u64, l["requests"].as_u64().unwrap(), "{l}");
                if let Some(r) = pending.first() {
                    assert_eq!(r["producer"], l["producer"]);
                }
                pending.clear();
                paths.push(l["path"].as_str().unwrap().to_string());
            }
            other => panic!("unexpected line type {other}"),
        }
    }
    assert!(pending.is_empty(), "request lines after the last file line");
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(paths.len() > 40, "{}", paths.len());
    assert_eq!(total["requests"], requests);
    assert_eq!(total["blocked"], blocked);
    assert_eq!(total["failed"], failed);
    assert!(blocked > 20, "the corpus has blocked requests: {blocked}");

    let json: serde_json::Value =
        serde_json::from_slice(&scan_bytes(&["--format", "json", "--jobs", "2"], &dir)).unwrap();
    let mut t = total.clone();
    t.as_object_mut().unwrap().remove("type");
    assert_eq!(json["aggregate"], t);
    assert_eq!(json["files"].as_array().unwrap().len(), paths.len());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A file that outlives `--timeout` is reported as timed out (an input error, exit 2), and the
/// files after it are still scanned and written in order.
#[test]
fn a_file_over_the_time_limit_is_reported_and_the_scan_goes_on() {
    let dir = temp_dir("scan-timeout");
    // A 40,000-entry HAR: far more than a millisecond of work, even in a release build.
    let har: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sample("dashboard.har")).unwrap()).unwrap();
    let entries = har["log"]["entries"].as_array().unwrap();
    let mut big = har.clone();
    big["log"]["entries"] =
        serde_json::Value::Array(entries.iter().cycle().take(40_000).cloned().collect());
    std::fs::write(dir.join("a-big.har"), serde_json::to_vec(&big).unwrap()).unwrap();
    std::fs::write(dir.join("b-small.har"), "{\"log\": {\"entries\": []}}").unwrap();
    let out = Command::cargo_bin("corsdx")
        .unwrap()
        .args([
            "scan",
            "--format",
            "ndjson",
            "--timeout",
            "0.001",
            "--jobs",
            "1",
        ])
        .arg(&dir)
        .timeout(std::time::Duration::from_secs(300))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let lines = ndjson(&out.stdout);
    let files = file_lines(&lines, &dir);
    assert_eq!(files.len(), 2, "{lines:?}");
    assert_eq!(files[0].0, "a-big.har");
    assert_eq!(files[0].1["status"], "timed-out");
    assert!(files[0].1["error"].as_str().unwrap().contains("0.001 s"));
    assert_eq!(files[1].0, "b-small.har");
    let total = lines.last().unwrap();
    assert_eq!(total["type"], "total");
    assert!(total["timed_out"].as_u64().unwrap() >= 1);
    assert!(
        !lines
            .iter()
            .any(|l| l["type"] == "request" && l["path"] == files[0].1["path"]),
        "no request line of a timed-out file"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
