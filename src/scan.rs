//! `corsdx scan`: many captures, in parallel across files; one row per file and an aggregate.
//! A bad file is listed with its error and never stops the others.

use crate::analyze::{Options, Summary};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Whether a path looks like an input `scan` should read.
pub fn is_candidate(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    [
        ".har", ".har.gz", ".log", ".log.gz", ".txt", ".txt.gz", ".console", ".harjson",
    ]
    .iter()
    .any(|ext| name.ends_with(ext))
}

/// Expands files and directories (recursively, sorted, hidden entries skipped) into inputs.
/// Paths given explicitly are always kept, whatever their name.
pub fn collect(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out);
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        out.push(dir.to_path_buf());
        return;
    };
    let mut children: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for c in children {
        let hidden = c
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if c.is_dir() {
            walk(&c, out);
        } else if is_candidate(&c) {
            out.push(c);
        }
    }
}

/// One scanned file.
#[derive(Debug, Clone, Serialize)]
pub struct FileRow {
    pub path: String,
    /// `har` or `console`; absent when the file could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub entries: usize,
    pub requests: usize,
    pub blocked: usize,
    pub failed: usize,
    pub warnings: usize,
    /// Root causes found in this file (rule → count).
    pub causes: BTreeMap<String, usize>,
    #[serde(skip)]
    pub summary: Summary,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScanReport {
    pub version: u32,
    pub files: Vec<FileRow>,
    pub aggregate: Aggregate,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Aggregate {
    pub files: usize,
    pub bad_files: usize,
    pub requests: usize,
    pub blocked: usize,
    pub failed: usize,
    pub warnings: usize,
    pub by_rule: BTreeMap<String, usize>,
    pub by_cors_error: BTreeMap<String, usize>,
    pub by_host: BTreeMap<String, usize>,
}

fn scan_one(path: &Path, options: &Options) -> FileRow {
    let shown = path.display().to_string();
    match crate::build_report(&[path.to_path_buf()], options) {
        Ok(report) => {
            let s = report.summary;
            let mut causes = BTreeMap::new();
            for r in &report.requests {
                if let Some(c) = r.cause() {
                    *causes.entry(c.rule.to_string()).or_default() += 1;
                }
            }
            FileRow {
                path: shown,
                kind: report.inputs.first().map(|i| i.kind),
                error: None,
                entries: report.inputs.iter().map(|i| i.entries).sum(),
                requests: s.requests,
                blocked: s.blocked,
                failed: s.failed,
                warnings: s.warnings,
                causes,
                summary: s,
            }
        }
        Err(e) => FileRow {
            path: shown,
            kind: None,
            error: Some(e.to_string()),
            entries: 0,
            requests: 0,
            blocked: 0,
            failed: 0,
            warnings: 0,
            causes: BTreeMap::new(),
            summary: Summary::default(),
        },
    }
}

/// Scans `files` with `jobs` worker threads, calling `progress` after each file.
pub fn scan(
    files: &[PathBuf],
    options: &Options,
    jobs: usize,
    progress: &(dyn Fn() + Sync),
) -> ScanReport {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
        .expect("a thread pool");
    let rows: Vec<FileRow> = pool.install(|| {
        files
            .par_iter()
            .map(|f| {
                let row = scan_one(f, options);
                progress();
                row
            })
            .collect()
    });
    let mut agg = Aggregate {
        files: rows.len(),
        ..Default::default()
    };
    for r in &rows {
        agg.bad_files += r.error.is_some() as usize;
        agg.requests += r.requests;
        agg.blocked += r.blocked;
        agg.failed += r.failed;
        agg.warnings += r.warnings;
        for (k, v) in &r.summary.by_rule {
            *agg.by_rule.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &r.summary.by_cors_error {
            *agg.by_cors_error.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &r.summary.by_host {
            *agg.by_host.entry(k.clone()).or_default() += v;
        }
    }
    ScanReport {
        version: 1,
        files: rows,
        aggregate: agg,
    }
}

/// When `scan` exits 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Never,
}

/// 2 when a file could not be read, else 1 per `--fail-on`, else 0.
pub fn exit_code(report: &ScanReport, fail_on: FailOn) -> i32 {
    let a = &report.aggregate;
    if a.bad_files > 0 {
        return 2;
    }
    let errors = a.blocked + a.failed > 0;
    match fail_on {
        FailOn::Error if errors => 1,
        FailOn::Warning if errors || a.warnings > 0 => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_capture_files_by_name() {
        for n in ["a.har", "A.HAR", "x.har.gz", "console.log", "c.txt"] {
            assert!(is_candidate(Path::new(n)), "{n}");
        }
        for n in ["a.json", "README.md", "x.gz"] {
            assert!(!is_candidate(Path::new(n)), "{n}");
        }
    }
}
