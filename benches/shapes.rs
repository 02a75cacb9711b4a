//! `cargo bench --bench shapes`: corsdx's cost per entry in every capture shape of
//! `support/shapes.rs`, at 10k, 100k and 1M entries, beside a baseline measured in the same
//! run (a typed serde parse of the same file, as in `benches/scale.rs`). Linear cost shows as a
//! flat per-entry figure; the last column is the per-entry time at the largest size over the
//! smallest.
//!
//! Environment: CORSDX_SHAPES_SIZES=10000,100000 (default 10000,100000,1000000);
//! CORSDX_SHAPES=polled,origins (default: all); CORSDX_BENCH_RUNS=N (default 2).

#[path = "support/measure.rs"]
mod measure;
#[path = "support/shapes.rs"]
mod shapes;

use std::path::Path;
use std::process::Command;

/// Reads the file once in small pieces so it is in the page cache, without holding it: a child
/// forked from this process starts with this process's resident memory counted in its peak.
fn warm(path: &Path) {
    use std::io::Read;
    if let Ok(mut f) = std::fs::File::open(path) {
        let mut buf = vec![0u8; 1 << 20];
        while f.read(&mut buf).is_ok_and(|n| n > 0) {}
    }
}

fn env_list(name: &str) -> Option<Vec<String>> {
    std::env::var(name)
        .ok()
        .map(|v| v.split(',').map(|s| s.trim().to_string()).collect())
}

fn main() {
    let sizes: Vec<usize> = env_list("CORSDX_SHAPES_SIZES")
        .map(|v| v.iter().filter_map(|s| s.parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000, 1_000_000]);
    let chosen = env_list("CORSDX_SHAPES");
    let runs: usize = std::env::var("CORSDX_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    let corsdx = env!("CARGO_BIN_EXE_corsdx");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/shapes");
    std::fs::create_dir_all(&dir).unwrap();
    println!("| shape | entries | file | wall | CPU | CPU µs / entry | RSS | RSS / file | per-entry CPU vs smallest |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for shape in shapes::SHAPES {
        if chosen
            .as_ref()
            .is_some_and(|c| !c.iter().any(|s| s == shape))
        {
            continue;
        }
        let mut first_per_entry = None;
        for &n in &sizes {
            let path = dir.join(format!("{shape}-{n}.har"));
            if !path.exists() {
                shapes::generate(shape, &path, n).unwrap();
            }
            let size = std::fs::metadata(&path).unwrap().len();
            warm(&path);
            let (t, m, c) = measure::best(runs, || {
                measure::measure(
                    Command::new(corsdx)
                        .args(["analyze", "--format", "json"])
                        .arg(&path),
                )
            });
            let per = c / n as f64 * 1e6;
            let base = *first_per_entry.get_or_insert(per);
            println!(
                "| {shape} | {n} | {:.0} MB | {t:.2} s | {c:.2} s | {per:.2} | {:.0} MB | {:.2}× | {:.2}× |",
                size as f64 / 1e6,
                m as f64 / 1e6,
                m as f64 / size as f64,
                per / base
            );
            if n >= 1_000_000 {
                // The million-entry files are large: keep the disk for the next shape.
                let _ = std::fs::remove_file(&path);
            }
        }
    }
}
