//! Hostile input through the binary (issue 14): a gzip bomb fails fast, in bounded memory, with
//! a message naming the file and the limit (exit 2); the limits can be changed from the
//! environment; UTF-16 console logs and HARs are read.

use assert_cmd::Command;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn tmp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("corsdx-hostile-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(data).unwrap();
    gz.finish().unwrap()
}

/// 2 GiB of zeros in ~2 MB: 2048 gzip members of 1 MiB each (gzip readers inflate every
/// member), the shape of issue 14's bomb (2 MB → 2 GiB, 6.3 GB of RSS and 18 s before).
fn write_bomb(path: &Path) -> u64 {
    let one = gz(&vec![0u8; 1 << 20]);
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for _ in 0..2048 {
        f.write_all(&one).unwrap();
    }
    f.flush().unwrap();
    one.len() as u64 * 2048
}

/// Peak RSS of the children waited for so far, in KiB (Linux `ru_maxrss`).
fn children_max_rss_kib() -> i64 {
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage fills the struct it is given.
    assert_eq!(
        unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru) },
        0
    );
    ru.ru_maxrss
}

#[test]
fn a_gzip_bomb_fails_fast_in_bounded_memory_naming_file_and_limit() {
    let dir = tmp_dir("bomb");
    let bomb = dir.join("bomb.har.gz");
    let compressed = write_bomb(&bomb);
    assert!(compressed < 4 << 20, "{compressed}");
    for cmd in [&["analyze"][..], &["sanitize"][..]] {
        let start = Instant::now();
        let mut c = Command::cargo_bin("corsdx").unwrap();
        c.args(cmd).arg(&bomb);
        if cmd[0] == "sanitize" {
            c.arg("-o").arg(dir.join("out.har"));
        }
        let out = c
            .env_remove("CORSDX_MAX_INFLATED")
            .env_remove("CORSDX_MAX_RATIO")
            .output()
            .unwrap();
        let took = start.elapsed();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(&bomb.display().to_string()), "{stderr}");
        // The ratio limit: 100 × ~2 MB.
        assert!(stderr.contains("MiB"), "{stderr}");
        assert!(stderr.contains("CORSDX_MAX_RATIO"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        // Debug build; the release binary takes well under a second (docs/fuzzing.md).
        assert!(took < Duration::from_secs(60), "{took:?}");
    }
    // The limit (~200 MiB) plus the program: far from the 2 GiB the bomb holds.
    let rss = children_max_rss_kib();
    assert!(rss < 600 * 1024, "peak RSS {} MiB", rss / 1024);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_limits_come_from_the_environment() {
    let dir = tmp_dir("env");
    let har = br#"{"log":{"entries":[{"request":{"method":"GET","url":"http://a.x/"},"response":{"status":200}}]}}"#;
    let mut padded = har.to_vec();
    padded.extend(vec![b' '; 300_000]);
    let file = dir.join("a.har.gz");
    std::fs::write(&file, gz(&padded)).unwrap();
    let run = |vars: &[(&str, &str)]| {
        let mut c = Command::cargo_bin("corsdx").unwrap();
        c.arg("analyze").arg(&file);
        c.env_remove("CORSDX_MAX_INFLATED")
            .env_remove("CORSDX_MAX_RATIO");
        for (k, v) in vars {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    assert_eq!(run(&[]).status.code(), Some(0));
    let small = run(&[("CORSDX_MAX_INFLATED", "100K")]);
    let msg = String::from_utf8_lossy(&small.stderr);
    assert_eq!(small.status.code(), Some(2), "{msg}");
    assert!(
        msg.contains("100 KiB") && msg.contains("CORSDX_MAX_INFLATED"),
        "{msg}"
    );
    assert_eq!(
        run(&[("CORSDX_MAX_INFLATED", "0"), ("CORSDX_MAX_RATIO", "0")])
            .status
            .code(),
        Some(0)
    );
    let bad = run(&[("CORSDX_MAX_RATIO", "lots")]);
    let msg = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(bad.status.code(), Some(2), "{msg}");
    assert!(msg.contains("CORSDX_MAX_RATIO: 'lots'"), "{msg}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn utf16(text: &str, le: bool) -> Vec<u8> {
    let mut out = if le {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in text.encode_utf16() {
        out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

/// Issue 14: "A UTF-16 console log with a BOM is refused as invalid UTF-8". Each harness pair,
/// re-encoded, gives the same report as the UTF-8 original.
#[test]
fn utf16_console_logs_and_hars_analyse_like_utf8() {
    let root =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/captures/chromium/origin-mismatch");
    let dir = tmp_dir("utf16");
    let json = |args: &[&Path]| {
        let mut c = Command::cargo_bin("corsdx").unwrap();
        c.args(["analyze", "--format", "json"]);
        c.arg(args[0]);
        if let Some(log) = args.get(1) {
            c.arg("--console").arg(log);
        }
        let out = c.output().unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        // Paths differ; everything else must not.
        v["inputs"] = serde_json::Value::Null;
        v
    };
    let har = root.join("capture.har");
    let log = root.join("console.log");
    let expected = json(&[&har, &log]);
    let expected_console_only = json(&[&log]);
    for le in [true, false] {
        let h16 = dir.join(format!("h-{le}.har"));
        let l16 = dir.join(format!("l-{le}.log"));
        std::fs::write(&h16, utf16(&std::fs::read_to_string(&har).unwrap(), le)).unwrap();
        std::fs::write(&l16, utf16(&std::fs::read_to_string(&log).unwrap(), le)).unwrap();
        assert_eq!(json(&[&h16, &l16]), expected, "le={le}");
        assert_eq!(json(&[&l16]), expected_console_only, "le={le}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
