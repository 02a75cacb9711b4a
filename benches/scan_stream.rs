//! `cargo bench --bench scan_stream`: `corsdx scan` over many small HARs (docs/sizing.md).
//!
//! Generates 100,000 small Chromium-style HARs (4 entries, ~3 KB: an allowed GET, a blocked GET,
//! a preflight and a PUT answered 500 without CORS headers) in a temp dir laid out as
//! `p{0..9}/d{0..9}/f{000..999}.har`, so that `p0/d0` holds 1,000 files, `p0` 10,000 and the
//! whole dir 100,000. Each figure is one child process measured from outside (wait4: wall time,
//! CPU time, peak RSS):
//!
//! - peak RSS of `scan --format ndjson --jobs 2` over 1,000, 10,000 and 100,000 files: flat when
//!   memory is bounded by the largest file, not the number of files;
//! - the same for `--format json` (streamed too: one row per file is written, not kept);
//! - files per second with 1 job and with 2 over 10,000 files: files/s/core and the speed-up.
//!
//! Environment: CORSDX_BENCH_FILES=N scales the largest set (default 100000, a multiple of
//! 10,000); CORSDX_BENCH_RUNS=N (default 3; best time, largest RSS); CORSDX_BENCH_KEEP=1 keeps the
//! generated files (in $TMPDIR/corsdx-bench-scan-N) for the next run.

#[path = "support/measure.rs"]
mod measure;

use measure::{best, measure};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One small HAR; `n` varies the hosts and paths so that no two files are identical.
fn har(n: usize) -> String {
    let app = "https://app.example.com";
    let api = format!("https://api{}.example.com", n % 7);
    let h = |name: &str, value: &str| format!("{{\"name\":\"{name}\",\"value\":\"{value}\"}}");
    let entry = |method: &str,
                 url: &str,
                 req: Vec<String>,
                 status: u32,
                 resp: Vec<String>,
                 extra: &str| {
        format!(
            "{{\"_resourceType\":\"fetch\",\"startedDateTime\":\"2026-12-07T08:00:00.000Z\",\"time\":12.5,\
\"request\":{{\"method\":\"{method}\",\"url\":\"{url}\",\"httpVersion\":\"HTTP/1.1\",\"headers\":[{}],\
\"queryString\":[],\"cookies\":[],\"headersSize\":-1,\"bodySize\":0}},\
\"response\":{{{extra}\"status\":{status},\"statusText\":\"\",\"httpVersion\":\"HTTP/1.1\",\"headers\":[{}],\
\"cookies\":[],\"content\":{{\"size\":0,\"mimeType\":\"application/json\"}},\"redirectURL\":\"\",\
\"headersSize\":-1,\"bodySize\":0}},\"cache\":{{}},\"timings\":{{\"send\":0,\"wait\":10,\"receive\":2.5}},\
\"pageref\":\"page_1\"}}",
            req.join(","),
            resp.join(",")
        )
    };
    let origin = h("Origin", app);
    let ua = h(
        "User-Agent",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0",
    );
    let entries = [
        entry(
            "GET",
            &format!("{api}/items?page={n}"),
            vec![origin.clone(), ua.clone(), h("Accept", "application/json")],
            200,
            vec![
                h("Access-Control-Allow-Origin", app),
                h("Vary", "Origin"),
                h("Content-Type", "application/json"),
            ],
            "",
        ),
        entry(
            "GET",
            &format!("{api}/private/{n}"),
            vec![origin.clone(), ua.clone()],
            200,
            vec![h("Content-Type", "application/json")],
            "\"_error\":\"net::ERR_FAILED\",",
        ),
        entry(
            "OPTIONS",
            &format!("{api}/items/{n}"),
            vec![
                origin.clone(),
                ua.clone(),
                h("Access-Control-Request-Method", "PUT"),
                h("Access-Control-Request-Headers", "content-type"),
            ],
            204,
            vec![
                h("Access-Control-Allow-Origin", app),
                h("Access-Control-Allow-Methods", "GET, PUT"),
                h("Access-Control-Allow-Headers", "content-type"),
            ],
            "",
        )
        .replacen("\"fetch\"", "\"preflight\"", 1),
        entry(
            "PUT",
            &format!("{api}/items/{n}"),
            vec![origin, ua, h("Content-Type", "application/json")],
            500,
            vec![h("Content-Type", "text/html")],
            "\"_error\":\"net::ERR_FAILED\",",
        ),
    ];
    format!(
        "{{\"log\":{{\"version\":\"1.2\",\"creator\":{{\"name\":\"WebInspector\",\"version\":\"537.36\"}},\
\"pages\":[{{\"startedDateTime\":\"2026-12-07T08:00:00.000Z\",\"id\":\"page_1\",\"title\":\"{app}/\",\
\"pageTimings\":{{}}}}],\"entries\":[{}]}}}}",
        entries.join(",")
    )
}

fn generate(dir: &Path, files: usize) -> std::io::Result<()> {
    let done = dir.join(".complete");
    if done.exists() {
        return Ok(());
    }
    for i in 0..files {
        let sub = dir.join(format!("p{}/d{}", i / 10_000, (i / 1000) % 10));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&sub)?;
        }
        std::fs::File::create(sub.join(format!("f{:03}.har", i % 1000)))?
            .write_all(har(i).as_bytes())?;
    }
    std::fs::write(done, b"")
}

/// This process's peak resident set (VmHWM), in bytes.
fn own_peak_rss() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0)
        * 1024
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes --bench; nothing else is taken.
    let files = env_usize("CORSDX_BENCH_FILES", 100_000).max(10_000) / 10_000 * 10_000;
    let runs = env_usize("CORSDX_BENCH_RUNS", 3).max(1);
    let corsdx = env!("CARGO_BIN_EXE_corsdx");
    let dir = std::env::temp_dir().join(format!("corsdx-bench-scan-{files}"));
    let t = std::time::Instant::now();
    generate(&dir, files).unwrap();
    eprintln!(
        "{files} HARs of {} bytes in {} ({:.1} s)",
        har(0).len(),
        dir.display(),
        t.elapsed().as_secs_f64()
    );
    let sets: Vec<(usize, PathBuf)> = vec![
        (1_000, dir.join("p0/d0")),
        (10_000, dir.join("p0")),
        (files, dir.clone()),
    ];
    // Warm the page cache and check the output once. Nothing is kept: a child's peak RSS as
    // wait4 reports it starts at this process's own (Linux carries it across exec), so this
    // process stays small.
    let mut check = Command::new(corsdx)
        .args(["scan", "--format", "ndjson", "--jobs", "2"])
        .arg(&sets[0].1)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut total = String::new();
    for line in std::io::BufRead::lines(std::io::BufReader::new(check.stdout.take().unwrap())) {
        total = line.unwrap();
    }
    check.wait().unwrap();
    assert!(
        total.contains("\"type\":\"total\"")
            && total.contains("\"files\":1000,")
            && total.contains("\"blocked\":2000,"),
        "1,000 files, each with 2 blocked requests: {total}"
    );
    let _ = Command::new(corsdx)
        .args(["scan", "--format", "json"])
        .arg(&dir)
        .stdout(std::process::Stdio::null())
        .status();
    eprintln!(
        "this process's own peak RSS (the floor of every figure below): {:.1} MB",
        own_peak_rss() as f64 / 1e6
    );

    println!("| files | format | jobs | wall | CPU | files/s | files per CPU-second | peak RSS |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    let row = |n: usize, format: &str, jobs: usize, path: &Path| {
        let (wall, rss, cpu) = best(runs, || {
            measure(
                Command::new(corsdx)
                    .args(["scan", "--format", format, "--jobs"])
                    .arg(jobs.to_string())
                    .arg(path),
            )
        });
        println!(
            "| {n} | {format} | {jobs} | {wall:.2} s | {cpu:.2} s | {:.0} | {:.0} | {:.1} MB |",
            n as f64 / wall,
            n as f64 / cpu,
            rss as f64 / 1e6
        );
        (wall, rss, cpu)
    };
    let mut ndjson_rss = Vec::new();
    for (n, path) in &sets {
        ndjson_rss.push(row(*n, "ndjson", 2, path).1);
    }
    let (json_rss_small, json_rss_big) = (
        row(sets[0].0, "json", 2, &sets[0].1).1,
        row(files, "json", 2, &dir).1,
    );
    // Measured again next to the 1-job run, so that both see the same machine.
    let (t1, _, c1) = row(10_000, "ndjson", 1, &sets[1].1);
    let (t2, _, _) = row(10_000, "ndjson", 2, &sets[1].1);
    println!(
        "\nndjson peak RSS: {:.1} MB at 1,000 files, {:.1} MB at {files} ({:.2}×); json: {:.1} MB → {:.1} MB",
        ndjson_rss[0] as f64 / 1e6,
        ndjson_rss[2] as f64 / 1e6,
        ndjson_rss[2] as f64 / ndjson_rss[0] as f64,
        json_rss_small as f64 / 1e6,
        json_rss_big as f64 / 1e6,
    );
    println!(
        "1 job: {:.0} files/s ({:.0} per CPU-second); 2 jobs: {:.0} files/s; speed-up {:.2}×",
        10_000.0 / t1,
        10_000.0 / c1,
        10_000.0 / t2,
        t1 / t2
    );
    if std::env::var_os("CORSDX_BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
