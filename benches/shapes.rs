//! `cargo bench --bench shapes`: corsdx's cost per entry in every capture shape of
//! `support/shapes.rs`, at 10k, 100k and 1M entries, beside a baseline measured in the same
//! run (a typed serde parse of the same file, as in `benches/scale.rs`). Linear cost shows as a
//! flat per-entry figure; the last column is the per-entry time at the largest size over the
//! smallest.
//!
//! Environment: CORSDX_SHAPES_SIZES=10000,100000 (default 10000,100000,1000000);
//! CORSDX_SHAPES=polled,origins (default: all); CORSDX_BENCH_RUNS=N (default 2).

#[path = "support/shapes.rs"]
mod shapes;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Runs a command; (wall seconds, peak RSS bytes, CPU seconds: user + system). The CPU time is
/// what the per-entry figures use: it holds on a loaded machine, where wall time does not.
#[allow(clippy::zombie_processes)] // reaped by wait4 below, which also gives its peak RSS
fn measure(cmd: &mut Command) -> (f64, u64, f64) {
    let start = Instant::now();
    let child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid);
    let cpu = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (
        start.elapsed().as_secs_f64(),
        usage.ru_maxrss as u64 * 1024,
        cpu(usage.ru_utime) + cpu(usage.ru_stime),
    )
}

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
            let (mut t, mut m, mut c) = (f64::MAX, 0, f64::MAX);
            for _ in 0..runs {
                let (s, r, cpu) = measure(
                    Command::new(corsdx)
                        .args(["analyze", "--format", "json"])
                        .arg(&path),
                );
                t = t.min(s);
                m = m.max(r);
                c = c.min(cpu);
            }
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
