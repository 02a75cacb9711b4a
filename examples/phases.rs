//! Times the phases of `corsdx analyze` on one file (load, analysis, JSON output), for profiling:
//! `cargo run --release --example phases -- FILE`.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let path = std::path::PathBuf::from(std::env::args().nth(1).expect("FILE"));
    let t = std::time::Instant::now();
    let source = corsdx::capture::input::Source::open(&path).unwrap();
    let capture = corsdx::capture::har::parse_har(&source.name, source.bytes()).unwrap();
    let t_load = t.elapsed();
    let rss_load = rss_mb();
    let (requests, _) = corsdx::analyze::analyze_capture(0, &capture, &Default::default(), None);
    let t_analyze = t.elapsed();
    let rss_analyze = rss_mb();
    let mut out = std::io::BufWriter::new(std::io::sink());
    for r in &requests {
        corsdx::report::json::write_ndjson_line(&mut out, r).unwrap();
    }
    let t_out = t.elapsed();
    let (entries, n) = (capture.entries.len(), requests.len());
    drop(requests);
    drop(capture);
    drop(source);
    let t_drop = t.elapsed();
    println!(
        "{entries} entries, {n} requests: load {:.2?} (RSS {rss_load} MB), analyze {:.2?} (RSS {rss_analyze} MB), output {:.2?}, free {:.2?}",
        t_load,
        t_analyze - t_load,
        t_out - t_analyze,
        t_drop - t_out
    );
}

/// Resident set in MB, from /proc/self/status (Linux).
fn rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}
