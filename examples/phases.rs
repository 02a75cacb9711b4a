//! Times the phases of `corsdx analyze` on one file (load, analysis, JSON output), for profiling:
//! `cargo run --release --example phases -- FILE`.
fn main() {
    let path = std::path::PathBuf::from(std::env::args().nth(1).expect("FILE"));
    let t = std::time::Instant::now();
    let source = corsdx::capture::input::Source::open(&path).unwrap();
    let capture = corsdx::capture::har::parse_har(&source.name, source.bytes()).unwrap();
    let t_load = t.elapsed();
    let (requests, _) = corsdx::analyze::analyze_capture(0, &capture, &Default::default(), None);
    let t_analyze = t.elapsed();
    let mut out = std::io::BufWriter::new(std::io::sink());
    for r in &requests {
        corsdx::report::json::write_ndjson_line(&mut out, r).unwrap();
    }
    let t_out = t.elapsed();
    println!(
        "{} entries, {} requests: load {:.2?}, analyze {:.2?}, output {:.2?}",
        capture.entries.len(),
        requests.len(),
        t_load,
        t_analyze - t_load,
        t_out - t_analyze
    );
}
