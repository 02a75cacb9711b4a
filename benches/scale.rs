//! `cargo bench`: corsdx against a baseline parser on the same large HARs, in one run, so every
//! figure is a ratio measured together. The baseline memory-maps the file and deserializes it
//! single-threaded with serde_json into borrowed structs holding only method, URL, status and
//! headers (bodies as IgnoredAny). Files are generated once into target/bench-data.
//!
//! Environment: CORSDX_BENCH_SCALE=0.1 shrinks the files (quick runs); CORSDX_BENCH_RUNS=N.

#[path = "support/gen.rs"]
mod gen;
#[path = "support/measure.rs"]
mod measure;

use measure::{best, measure};

use serde::de::IgnoredAny;
use serde::Deserialize;
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Deserialize)]
struct BHeader<'a> {
    #[serde(borrow)]
    #[allow(dead_code)]
    name: Cow<'a, str>,
    #[serde(borrow)]
    #[allow(dead_code)]
    value: Cow<'a, str>,
}
#[derive(Deserialize)]
#[allow(dead_code)]
struct BRequest<'a> {
    #[serde(borrow)]
    method: Cow<'a, str>,
    #[serde(borrow)]
    url: Cow<'a, str>,
    #[serde(borrow)]
    headers: Vec<BHeader<'a>>,
}
#[derive(Deserialize)]
#[allow(dead_code)]
struct BResponse<'a> {
    status: i64,
    #[serde(borrow)]
    headers: Vec<BHeader<'a>>,
    content: IgnoredAny,
}
#[derive(Deserialize)]
struct BEntry<'a> {
    #[serde(borrow)]
    request: BRequest<'a>,
    #[serde(borrow)]
    response: BResponse<'a>,
}
#[derive(Deserialize)]
struct BLog<'a> {
    #[serde(borrow)]
    entries: Vec<BEntry<'a>>,
}
#[derive(Deserialize)]
struct BHar<'a> {
    #[serde(borrow)]
    log: BLog<'a>,
}

/// The baseline, run in a child process (this binary with `--baseline FILE`).
fn baseline(path: &Path) {
    let file = std::fs::File::open(path).unwrap();
    let map = unsafe { memmap2::Mmap::map(&file) }.unwrap();
    let har: BHar = serde_json::from_slice(&map).unwrap();
    let n = har.log.entries.len();
    let statuses: i64 = har.log.entries.iter().map(|e| e.response.status).sum();
    let headers: usize = har
        .log
        .entries
        .iter()
        .map(|e| e.request.headers.len() + e.response.headers.len())
        .sum();
    println!("{n} {statuses} {headers}");
}

fn data_dir() -> PathBuf {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--baseline") {
        baseline(Path::new(&args[2]));
        return;
    }
    let scale: f64 = std::env::var("CORSDX_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    let runs: usize = std::env::var("CORSDX_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let corsdx = env!("CARGO_BIN_EXE_corsdx");
    let me = std::env::current_exe().unwrap();
    let dir = data_dir();
    println!("| shape | file | entries | baseline | corsdx analyze --format json | ratio | CPU ratio | baseline RSS | corsdx RSS | corsdx RSS / file |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (shape, entries) in [("body", 20_000usize), ("headers", 150_000)] {
        let n = ((entries as f64) * scale) as usize;
        let path = dir.join(format!("{shape}-{n}.har"));
        if !path.exists() {
            gen::generate(shape, &path, Some(n)).unwrap();
        }
        let size = std::fs::metadata(&path).unwrap().len();
        // Warm the page cache so both read from memory.
        let _ = std::fs::read(&path);
        let (bt, bm, bc) = best(runs, || {
            measure(Command::new(&me).arg("--baseline").arg(&path))
        });
        let (ct, cm, cc) = best(runs, || {
            measure(
                Command::new(corsdx)
                    .args(["analyze", "--format", "json"])
                    .arg(&path),
            )
        });
        println!(
            "| {shape} | {:.0} MB | {n} | {bt:.2} s | {ct:.2} s | {:.2}× | {:.2}× | {:.0} MB | {:.0} MB | {:.2}× |",
            size as f64 / 1e6,
            ct / bt,
            cc / bc,
            bm as f64 / 1e6,
            cm as f64 / 1e6,
            cm as f64 / size as f64
        );
    }
    // scan: 1,000 small HARs, 1 job against 2.
    let small = dir.join("scan-1000");
    if !small.exists() {
        std::fs::create_dir_all(&small).unwrap();
        for i in 0..1000 {
            gen::generate("headers", &small.join(format!("c{i:04}.har")), Some(200)).unwrap();
        }
    }
    let (t1, _, _) = best(runs, || {
        measure(
            Command::new(corsdx)
                .args(["scan", "--jobs", "1", "--format", "json"])
                .arg(&small),
        )
    });
    let (t2, _, _) = best(runs, || {
        measure(
            Command::new(corsdx)
                .args(["scan", "--jobs", "2", "--format", "json"])
                .arg(&small),
        )
    });
    println!("\nscan of 1,000 HARs (200 entries each): 1 job {t1:.2} s, 2 jobs {t2:.2} s, speed-up {:.2}×", t1 / t2);
}
