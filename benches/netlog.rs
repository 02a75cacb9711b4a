//! `cargo bench --bench netlog`: corsdx on a large generated Chrome NetLog (500 MB by default),
//! whole and cut off without its closing brackets, with the wall time and peak resident set of
//! `corsdx analyze --format json`. The log mixes what makes real ones large (socket byte dumps
//! of the `Everything` capture mode, the browser's own traffic) with page requests: preflighted
//! PUTs stopped at their preflight, and GETs answered without `Access-Control-Allow-Origin`.
//!
//! Environment: CORSDX_BENCH_MB=500 sets the size; the file goes to target/bench-data.

#[path = "support/measure.rs"]
mod measure;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

const CONSTANTS: &str = r#"{"clientInfo":{"name":"Chromium","version":"156.0.8078.129"},"logCaptureMode":"Everything","timeTickOffset":"1796668122756","logSourceType":{"URL_REQUEST":1,"SOCKET":2},"netError":{"ERR_FAILED":-2},"logEventTypes":{"REQUEST_ALIVE":1,"URL_REQUEST_START_JOB":2,"HTTP_TRANSACTION_SEND_REQUEST_HEADERS":3,"HTTP_TRANSACTION_READ_RESPONSE_HEADERS":4,"CORS_REQUEST":5,"CHECK_CORS_PREFLIGHT_CACHE":6,"CORS_PREFLIGHT_URL_REQUEST":7,"CORS_PREFLIGHT_ERROR":8,"CREATED_BY":9,"SOCKET_BYTES_RECEIVED":10}}"#;

fn ev(w: &mut impl Write, t: u32, phase: u8, src: (u64, u32), params: &str) -> std::io::Result<()> {
    writeln!(
        w,
        "{{\"params\":{params},\"phase\":{phase},\"source\":{{\"id\":{},\"type\":{}}},\"time\":\"1000\",\"type\":{t}}},",
        src.0, src.1
    )
}

/// One page request (and its preflight for a PUT), then `filler` socket byte dumps.
fn group(w: &mut impl Write, n: u64, filler: &str) -> std::io::Result<()> {
    let id = n * 4 + 10;
    let url = format!("http://api.example.test/items/{n}");
    let origin = "http://app.example.test";
    let req = (id, 1);
    if n % 2 == 0 {
        let pf = (id + 1, 1);
        ev(
            w,
            5,
            1,
            req,
            &format!(
                r#"{{"request_headers":{{"headers":["Content-Type: application/json"],"line":"PUT /items/{n} HTTP/1.1\r\n"}},"url":"{url}"}}"#
            ),
        )?;
        ev(w, 6, 0, req, r#"{"status":"miss"}"#)?;
        ev(
            w,
            7,
            0,
            req,
            &format!(r#"{{"source_dependency":{{"id":{},"type":1}}}}"#, pf.0),
        )?;
        ev(
            w,
            1,
            1,
            pf,
            &format!(r#"{{"traffic_annotation":101845102,"url":"{url}"}}"#),
        )?;
        ev(
            w,
            9,
            0,
            pf,
            &format!(r#"{{"source_dependency":{{"id":{id},"type":1}}}}"#),
        )?;
        ev(
            w,
            2,
            1,
            pf,
            &format!(r#"{{"initiator":"{origin}","method":"OPTIONS","url":"{url}"}}"#),
        )?;
        ev(
            w,
            3,
            0,
            pf,
            &format!(r#"{{"headers":["Access-Control-Request-Method: PUT","Origin: {origin}"]}}"#),
        )?;
        ev(
            w,
            4,
            0,
            pf,
            r#"{"headers":["HTTP/1.1 204 No Content","Access-Control-Allow-Methods: PUT"]}"#,
        )?;
        ev(w, 1, 2, pf, "{}")?;
        ev(w, 8, 0, req, r#"{"cors-error":12,"error":"ERR_FAILED"}"#)?;
        ev(w, 5, 2, req, "{}")?;
    } else {
        ev(
            w,
            5,
            1,
            req,
            &format!(
                r#"{{"request_headers":{{"headers":[],"line":"GET /items/{n} HTTP/1.1\r\n"}},"url":"{url}"}}"#
            ),
        )?;
        ev(
            w,
            1,
            1,
            req,
            &format!(r#"{{"traffic_annotation":101845102,"url":"{url}"}}"#),
        )?;
        ev(
            w,
            2,
            1,
            req,
            &format!(r#"{{"initiator":"{origin}","method":"GET","url":"{url}"}}"#),
        )?;
        ev(
            w,
            3,
            0,
            req,
            &format!(r#"{{"headers":["Origin: {origin}","Sec-Fetch-Mode: cors"]}}"#),
        )?;
        ev(
            w,
            4,
            0,
            req,
            r#"{"headers":["HTTP/1.1 200 OK","Content-Type: application/json"]}"#,
        )?;
        ev(w, 5, 2, req, "{}")?;
        ev(w, 1, 2, req, "{}")?;
    }
    for k in 0..8u64 {
        ev(w, 10, 0, (id + 2 + k % 2, 2), filler)?;
    }
    Ok(())
}

/// Writes a NetLog of about `mb` megabytes; returns the page requests in it.
fn generate(path: &Path, mb: u64) -> std::io::Result<u64> {
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    write!(w, "{{\"constants\":{CONSTANTS},\n\"events\": [\n")?;
    let bytes: String = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo".repeat(110);
    let filler = format!(r#"{{"byte_count":2860,"bytes":"{bytes}"}}"#);
    let target = mb * 1_000_000;
    let mut n = 0;
    let per_group = 8 * (filler.len() as u64 + 80) + 2000;
    while n * per_group < target {
        group(&mut w, n, &filler)?;
        n += 1;
    }
    write!(w, "{{\"phase\":0,\"source\":{{\"id\":1,\"type\":2}},\"time\":\"1\",\"type\":10}}],\n\"polledData\":{{}}}}\n")?;
    w.flush()?;
    Ok(n)
}

fn main() {
    let mb: u64 = std::env::var("CORSDX_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let whole = dir.join(format!("netlog-{mb}mb.json"));
    let requests = generate(&whole, mb).unwrap();
    let len = std::fs::metadata(&whole).unwrap().len();
    // The same log cut off at 70 %, in the middle of an event, as Chrome leaves it when it exits.
    let cut = dir.join(format!("netlog-{mb}mb-cut.json"));
    {
        let mut f = std::fs::File::open(&whole).unwrap();
        let mut out = std::fs::File::create(&cut).unwrap();
        std::io::copy(&mut std::io::Read::take(&mut f, len * 7 / 10), &mut out).unwrap();
    }
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_corsdx"));
    println!("| log | file | page requests | time | peak RSS |");
    println!("| --- | --- | --- | --- | --- |");
    for (name, path) in [("whole", &whole), ("cut off at 70 %", &cut)] {
        let size = std::fs::metadata(path).unwrap().len();
        let run = measure::measure(
            Command::new(&exe)
                .args(["analyze", "--format", "json"])
                .arg(path),
        );
        let (secs, rss) = (run.secs, run.peak_rss);
        println!(
            "| {name} | {:.0} MB | {} | {secs:.1} s | {:.0} MB |",
            size as f64 / 1e6,
            if path == &whole {
                requests
            } else {
                requests * 7 / 10
            },
            rss as f64 / 1e6
        );
    }
}
