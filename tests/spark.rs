//! The Apache Spark recipe (`scripts/spark/corsdx_spark.py`, docs/spark.md) run in `local[2]` on
//! the Chromium harness captures: its totals, read back from the Parquet table it writes, and the
//! sums of its CSV table equal `corsdx scan --format json` on the same files.
//!
//! Needs Java and pyspark (`scripts/spark/setup.sh`, which `.ci/run` runs). Skipped, with a
//! message, only when Java is absent and `CI` is not `true`; under `CI=true` a missing Java or
//! pyspark is a failure, so CI cannot pass without running it.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

fn java_works() -> bool {
    std::process::Command::new(std::env::var_os("JAVA").unwrap_or_else(|| "java".into()))
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The first Python that imports pyspark: `CORSDX_SPARK_PYTHON`, setup.sh's virtualenv, python3.
fn pyspark_python() -> Option<PathBuf> {
    let venv = std::env::var_os("CORSDX_SPARK_VENV")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache/corsdx/spark-venv"))
        });
    let candidates = std::env::var_os("CORSDX_SPARK_PYTHON")
        .map(PathBuf::from)
        .into_iter()
        .chain(venv.map(|v| v.join("bin/python")))
        .chain([PathBuf::from("python3")]);
    for p in candidates {
        let ok = std::process::Command::new(&p)
            .args(["-c", "import pyspark"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(p);
        }
    }
    None
}

/// Every Chromium capture and console log, in two levels, plus a gzipped HAR and a broken one.
fn captures(dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let input = dir.join("in");
    std::fs::create_dir_all(input.join("consoles")).unwrap();
    let mut scenarios: Vec<PathBuf> = std::fs::read_dir(root.join("tests/captures/chromium"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("capture.har").is_file())
        .collect();
    scenarios.sort();
    assert!(scenarios.len() > 20, "the Chromium corpus is missing");
    for s in &scenarios {
        let n = s.file_name().unwrap().to_string_lossy().to_string();
        std::fs::copy(s.join("capture.har"), input.join(format!("{n}.har"))).unwrap();
        if s.join("console.log").is_file() {
            std::fs::copy(
                s.join("console.log"),
                input.join("consoles").join(format!("{n}.console.log")),
            )
            .unwrap();
        }
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&std::fs::read(root.join("samples/dashboard.har")).unwrap())
        .unwrap();
    std::fs::write(
        input.join("consoles/dashboard.har.gz"),
        gz.finish().unwrap(),
    )
    .unwrap();
    std::fs::write(input.join("broken.har"), "{\"log\": {\"entries\": [").unwrap();
}

/// `blocked.csv`'s rows (Spark writes one part file: the job coalesces to one partition).
fn csv_rows(dir: &Path) -> Vec<BTreeMap<String, String>> {
    let part = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "csv"))
        .unwrap_or_else(|| panic!("no CSV part in {}", dir.display()));
    let text = std::fs::read_to_string(part).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_string)
        .collect();
    lines
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split(',').map(|v| v.trim_matches('"').to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn spark_recipe_totals_equal_scan() {
    if !java_works() {
        assert!(
            !in_ci(),
            "CI=true but `java` is missing: .ci/run installs it (scripts/spark/setup.sh)"
        );
        eprintln!(
            "SKIPPED spark_recipe_totals_equal_scan: Java is not installed (scripts/spark/setup.sh \
             installs Debian's default-jre-headless and pyspark)"
        );
        return;
    }
    let python = pyspark_python().unwrap_or_else(|| {
        panic!(
            "Java is here but pyspark is not: run scripts/spark/setup.sh (a virtualenv in \
             ~/.cache/corsdx/spark-venv, what .ci/run does), or set CORSDX_SPARK_PYTHON to a \
             python that imports pyspark"
        )
    });
    let dir = std::env::temp_dir().join(format!("corsdx-spark-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    captures(&dir);
    let corsdx = env!("CARGO_BIN_EXE_corsdx");

    let scan = Command::new(corsdx)
        .args(["scan", "--format", "json", "--fail-on", "never"])
        .arg(dir.join("in"))
        .output()
        .unwrap();
    assert_eq!(
        scan.status.code(),
        Some(2),
        "broken.har is an unreadable file"
    );
    let scan: Value = serde_json::from_slice(&scan.stdout).unwrap();
    let aggregate = &scan["aggregate"];
    assert!(aggregate["blocked"].as_u64().unwrap() > 20);

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/spark/corsdx_spark.py");
    let started = Instant::now();
    let run = Command::new(&python)
        .arg(&script)
        .args([
            "--master",
            "local[2]",
            "--corsdx",
            corsdx,
            "--batch-files",
            "16",
        ])
        .args(["--partitions", "3"])
        .args(["--conf", "spark.sql.shuffle.partitions=2"])
        .args(["--conf", "spark.ui.enabled=false"])
        .arg(dir.join("in"))
        .arg(dir.join("out"))
        .env("PYSPARK_PYTHON", &python)
        .timeout(Duration::from_secs(900))
        .output()
        .unwrap();
    eprintln!(
        "the Spark job took {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(
        run.status.success(),
        "the Spark job failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let totals: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/totals.json")).unwrap())
            .unwrap();
    for key in [
        "files",
        "bad_files",
        "timed_out",
        "skipped",
        "requests",
        "blocked",
        "failed",
        "by_host",
        "by_cause",
        "by_cors_error",
    ] {
        assert_eq!(totals[key], aggregate[key], "{key}");
    }
    assert_eq!(
        totals["files"].as_u64(),
        Some(scan["files"].as_array().unwrap().len() as u64)
    );

    let rows = csv_rows(&dir.join("out/blocked.csv"));
    let n = |r: &BTreeMap<String, String>, k: &str| r[k].parse::<u64>().unwrap();
    let blocked: u64 = rows.iter().map(|r| n(r, "blocked")).sum();
    let failed: u64 = rows.iter().map(|r| n(r, "failed")).sum();
    assert_eq!(Some(blocked), aggregate["blocked"].as_u64());
    assert_eq!(Some(failed), aggregate["failed"].as_u64());
    let mut by_host: BTreeMap<String, u64> = BTreeMap::new();
    for r in &rows {
        *by_host.entry(r["host"].clone()).or_default() += n(r, "requests");
    }
    assert_eq!(
        serde_json::to_value(&by_host).unwrap(),
        aggregate["by_host"]
    );
    assert!(std::fs::read_dir(dir.join("out/blocked.parquet"))
        .unwrap()
        .any(|e| e
            .unwrap()
            .path()
            .extension()
            .is_some_and(|x| x == "parquet")));
    let _ = std::fs::remove_dir_all(&dir);
}
