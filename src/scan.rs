//! `corsdx scan`: many captures, analysed in parallel across files and handed back one file at a
//! time in a stable order (the order of the walk: arguments as given, directory entries sorted),
//! so two runs write the same bytes whatever the number of jobs.
//!
//! Memory is bounded by a few files, not by their number: the walk is lazy (one sorted listing
//! per open directory level), at most [`window`] files are in flight or waiting for their turn,
//! and a file's requests are rendered by its worker and dropped once written.
//!
//! Only regular files are read: FIFOs, sockets and devices are listed as skipped and never
//! opened (a FIFO would block the open for ever), as are dangling symbolic links and link loops.
//! A file whose analysis outlives the per-file time limit is reported as timed out and the scan
//! goes on; one bad file never stops the others.

use crate::analyze::{Options, RequestReport, Summary};
use crate::model::Producer;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Whether a path looks like an input `scan` should read.
pub fn is_candidate(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    [
        ".har", ".har.gz", ".log", ".log.gz", ".txt", ".txt.gz", ".console", ".harjson",
        // mitmproxy dumps (`mitmdump -w`), read by content.
        ".flow", ".flows", ".mitm",
    ]
    .iter()
    .any(|ext| name.ends_with(ext))
}

// ---------------------------------------------------------------------------------------------
// The walk
// ---------------------------------------------------------------------------------------------

/// One thing the walk found, in the order `scan` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A regular file to read (or `-`, standard input).
    Input(PathBuf),
    /// Found inside a directory and not read (not a regular file, a dangling link, a loop …).
    Skipped { path: PathBuf, reason: String },
    /// Named on the command line and not readable: an input error.
    Error { path: PathBuf, message: String },
    /// A directory whose name looks like a capture (`x.har/`): its contents are scanned.
    Directory(PathBuf),
}

/// Lazily expands files and directories (recursing, sorted, hidden entries skipped) into
/// [`Found`] items. Paths given explicitly are always read when they are regular files, whatever
/// their name; inside directories only capture-like names are.
pub struct Walk {
    args: std::collections::VecDeque<PathBuf>,
    levels: Vec<Level>,
    /// Every directory entered, so a second link to one is not scanned twice.
    seen: HashSet<DirId>,
}

struct Level {
    id: Option<DirId>,
    path: PathBuf,
    children: std::vec::IntoIter<PathBuf>,
}

type DirId = (u64, u64);

#[cfg(unix)]
fn dir_id(meta: &std::fs::Metadata) -> Option<DirId> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn dir_id(_meta: &std::fs::Metadata) -> Option<DirId> {
    None
}

/// What a file that is neither a regular file nor a directory is.
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_char_device() {
            return "a character device";
        }
    }
    let _ = meta;
    "not a regular file"
}

/// Why `path` cannot be followed, given the error of `metadata` (which follows links).
fn unreadable(path: &Path, e: &io::Error) -> String {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return format!("cannot be read: {e}");
    }
    let target = std::fs::read_link(path)
        .map(|t| t.display().to_string())
        .unwrap_or_default();
    if e.kind() == io::ErrorKind::NotFound {
        format!("dangling symbolic link (its target '{target}' does not exist)")
    } else if is_loop_error(e) {
        format!("symbolic link loop ('{target}' leads back to itself)")
    } else {
        format!("symbolic link to '{target}' cannot be followed: {e}")
    }
}

fn is_loop_error(e: &io::Error) -> bool {
    // ELOOP: 40 on Linux, 62 on the BSDs and macOS.
    #[cfg(target_os = "linux")]
    const ELOOP: i32 = 40;
    #[cfg(not(target_os = "linux"))]
    const ELOOP: i32 = 62;
    e.raw_os_error() == Some(ELOOP)
}

const NOT_REGULAR: &str = "only regular files are read, this one was not opened";

impl Walk {
    pub fn new(paths: &[PathBuf]) -> Walk {
        Walk {
            args: paths.iter().cloned().collect(),
            levels: Vec::new(),
            seen: HashSet::new(),
        }
    }

    fn argument(&mut self, p: PathBuf) -> Option<Found> {
        if p.as_os_str() == "-" {
            return Some(Found::Input(p));
        }
        match std::fs::metadata(&p) {
            Err(e) => {
                let message = if e.kind() == io::ErrorKind::NotFound
                    && std::fs::symlink_metadata(&p).is_err()
                {
                    "no such file or directory".to_string()
                } else {
                    unreadable(&p, &e)
                };
                Some(Found::Error { path: p, message })
            }
            Ok(m) if m.is_dir() => self.enter(p, &m),
            Ok(m) if m.is_file() => Some(Found::Input(p)),
            Ok(m) => Some(Found::Error {
                message: format!("{}: {NOT_REGULAR}", special_kind(&m)),
                path: p,
            }),
        }
    }

    fn child(&mut self, c: PathBuf) -> Option<Found> {
        match std::fs::metadata(&c) {
            Err(e) => Some(Found::Skipped {
                reason: unreadable(&c, &e),
                path: c,
            }),
            Ok(m) if m.is_dir() => self.enter(c, &m),
            Ok(m) if m.is_file() => is_candidate(&c).then_some(Found::Input(c)),
            Ok(m) => Some(Found::Skipped {
                reason: format!("{}: {NOT_REGULAR}", special_kind(&m)),
                path: c,
            }),
        }
    }

    /// Opens a directory level; says so when its name looks like a capture.
    fn enter(&mut self, dir: PathBuf, meta: &std::fs::Metadata) -> Option<Found> {
        let id = dir_id(meta);
        if let Some(id) = id {
            if let Some(up) = self.levels.iter().find(|l| l.id == Some(id)) {
                return Some(Found::Skipped {
                    reason: format!(
                        "symbolic link loop (leads back to '{}', already being scanned)",
                        up.path.display()
                    ),
                    path: dir,
                });
            }
            if !self.seen.insert(id) {
                return Some(Found::Skipped {
                    reason: "a directory already scanned under another path".into(),
                    path: dir,
                });
            }
        }
        let children = match std::fs::read_dir(&dir) {
            Ok(rd) => {
                let mut c: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
                c.sort();
                c
            }
            Err(e) => {
                return Some(Found::Skipped {
                    reason: format!("directory cannot be read: {e}"),
                    path: dir,
                })
            }
        };
        let named_like_capture = is_candidate(&dir);
        self.levels.push(Level {
            id,
            path: dir.clone(),
            children: children.into_iter(),
        });
        named_like_capture.then_some(Found::Directory(dir))
    }
}

impl Iterator for Walk {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        loop {
            if let Some(level) = self.levels.last_mut() {
                match level.children.next() {
                    None => {
                        self.levels.pop();
                    }
                    Some(c) => {
                        let hidden = c
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                        if hidden {
                            continue;
                        }
                        if let Some(f) = self.child(c) {
                            return Some(f);
                        }
                    }
                }
                continue;
            }
            let arg = self.args.pop_front()?;
            if let Some(f) = self.argument(arg) {
                return Some(f);
            }
        }
    }
}

/// Every item of the walk at once (tests, small callers).
pub fn collect(paths: &[PathBuf]) -> Vec<Found> {
    Walk::new(paths).collect()
}

// ---------------------------------------------------------------------------------------------
// Rows and totals
// ---------------------------------------------------------------------------------------------

/// What became of one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Read and diagnosed.
    Analyzed,
    /// Could not be read or diagnosed (`error` says why).
    Error,
    /// Its analysis outlived the per-file time limit (`error` says so).
    TimedOut,
    /// Not read (`reason` says why): not a regular file, a dangling link, a loop.
    Skipped,
    /// A directory named like a capture; its contents are scanned (`reason` says so).
    Directory,
}

/// One row per path: documented in `docs/output.md` (scan).
#[derive(Debug, Clone, Serialize)]
pub struct FileRow {
    pub path: String,
    pub status: Status,
    /// `har` or `console`; absent when the file was not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    /// Who wrote the capture (as `producer` in `analyze`'s inputs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub producer: Option<Producer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub entries: usize,
    pub requests: usize,
    pub blocked: usize,
    pub failed: usize,
    pub warnings: usize,
    /// Root causes found in this file (rule → number of requests it is the cause of).
    pub causes: BTreeMap<String, usize>,
    #[serde(skip)]
    pub summary: Summary,
}

impl FileRow {
    fn new(path: String, status: Status) -> FileRow {
        FileRow {
            path,
            status,
            kind: None,
            producer: None,
            error: None,
            reason: None,
            entries: 0,
            requests: 0,
            blocked: 0,
            failed: 0,
            warnings: 0,
            causes: BTreeMap::new(),
            summary: Summary::default(),
        }
    }

    /// A row for a path that was not analysed: `reason` goes to `error` (errors, time-outs) or
    /// `reason` (skipped paths, directories).
    pub fn noted(path: &Path, status: Status, reason: String) -> FileRow {
        let mut row = FileRow::new(path.display().to_string(), status);
        if matches!(status, Status::Error | Status::TimedOut) {
            row.error = Some(reason);
        } else {
            row.reason = Some(reason);
        }
        row
    }
}

/// The whole scan as one JSON document (`--format json`).
#[derive(Debug, Clone, Serialize)]
pub struct ScanReport {
    pub version: u32,
    pub files: Vec<FileRow>,
    pub aggregate: Aggregate,
}

/// Totals over every row.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Aggregate {
    /// Files read or tried (analysed, errors, timed out); skipped paths are not files read.
    pub files: usize,
    /// Files with an error or timed out.
    pub bad_files: usize,
    pub timed_out: usize,
    pub skipped: usize,
    pub requests: usize,
    pub blocked: usize,
    pub failed: usize,
    pub warnings: usize,
    /// Findings per rule id (errors and warnings), as `analyze`'s summary.
    pub by_rule: BTreeMap<String, usize>,
    /// Blocked or failed requests per root-cause rule id (the files' `causes`, summed).
    pub by_cause: BTreeMap<String, usize>,
    pub by_cors_error: BTreeMap<String, usize>,
    /// Blocked or failed requests per host.
    pub by_host: BTreeMap<String, usize>,
}

impl Aggregate {
    pub fn add(&mut self, row: &FileRow) {
        match row.status {
            Status::Analyzed => self.files += 1,
            Status::Error => {
                self.files += 1;
                self.bad_files += 1;
            }
            Status::TimedOut => {
                self.files += 1;
                self.bad_files += 1;
                self.timed_out += 1;
            }
            Status::Skipped => self.skipped += 1,
            Status::Directory => {}
        }
        self.requests += row.requests;
        self.blocked += row.blocked;
        self.failed += row.failed;
        self.warnings += row.warnings;
        let sum = |to: &mut BTreeMap<String, usize>, from: &BTreeMap<String, usize>| {
            for (k, v) in from {
                *to.entry(k.clone()).or_default() += v;
            }
        };
        sum(&mut self.by_rule, &row.summary.by_rule);
        sum(&mut self.by_cause, &row.causes);
        sum(&mut self.by_cors_error, &row.summary.by_cors_error);
        sum(&mut self.by_host, &row.summary.by_host);
    }
}

/// The host `analyze`'s summary counts a request under (`by_host`).
pub fn request_host(r: &RequestReport) -> String {
    url::Url::parse(&r.url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default()
}

/// One request as one NDJSON line of `scan`: the request object of `analyze`, preceded by
/// where it comes from.
#[derive(Serialize)]
struct RequestLine<'a> {
    #[serde(rename = "type")]
    line: &'static str,
    path: &'a str,
    producer: Option<Producer>,
    host: String,
    #[serde(flatten)]
    request: &'a RequestReport,
}

// ---------------------------------------------------------------------------------------------
// The engine
// ---------------------------------------------------------------------------------------------

/// How to scan: the library face of `corsdx scan`'s flags.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    pub analyze: Options,
    /// Files analysed at once (at least 1).
    pub jobs: usize,
    /// Per-file time limit; `None`: none.
    pub timeout: Option<Duration>,
    /// Render each request as an NDJSON line into [`Scanned::lines`] (`--format ndjson`).
    pub request_lines: bool,
}

/// The default per-file time limit: about fifty times what the 416 MB benchmark file of
/// `docs/performance.md` takes (2.3 s).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// One finished path, handed to the caller in walk order.
#[derive(Debug)]
pub struct Scanned {
    pub row: FileRow,
    /// The file's request lines (NDJSON, each ending in `\n`) when
    /// [`ScanOptions::request_lines`] is set.
    pub lines: Vec<u8>,
}

/// Files in flight or finished and waiting for their turn: beyond it the walk waits, so a slow
/// file holds back at most this many others in memory.
pub fn window(jobs: usize) -> usize {
    2 * jobs.max(1) + 2
}

/// Requests analysed and rendered at a time within one file.
const CHUNK: usize = 4096;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

struct Shared {
    queue: Mutex<mpsc::Receiver<(u64, PathBuf)>>,
    /// Jobs being analysed, with their start; removed by the worker when done, or by the
    /// dispatcher when the job timed out (the worker then drops its result and exits).
    started: Mutex<HashMap<u64, Instant>>,
    results: Mutex<mpsc::Sender<(u64, Scanned)>>,
    options: Options,
    request_lines: bool,
}

/// A pool of `threads` threads, each running a worker loop. The workers are the pool's own
/// threads, so a file's analysis (itself parallel) runs in the pool without a hand-off, and its
/// parallel parts are shared out among the pool's threads.
fn start_workers(shared: &Arc<Shared>, threads: usize) -> io::Result<rayon::ThreadPool> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("corsdx-scan-{i}"))
        .build()
        .map_err(|e| io::Error::other(format!("cannot start the scan's threads: {e}")))?;
    let shared = Arc::clone(shared);
    pool.spawn_broadcast(move |_| worker(&shared));
    Ok(pool)
}

/// The next file to analyse; `None` once the scan has handed out the last. While there is none,
/// the worker helps with the parallel parts of the files the other workers are analysing (a large
/// file alone at the end of a scan still gets every thread).
fn next_job(shared: &Shared) -> Option<(u64, PathBuf)> {
    loop {
        match lock(&shared.queue).try_recv() {
            Ok(job) => return Some(job),
            Err(mpsc::TryRecvError::Disconnected) => return None,
            Err(mpsc::TryRecvError::Empty) => {}
        }
        if rayon::yield_now() == Some(rayon::Yield::Executed) {
            continue;
        }
        match lock(&shared.queue).recv_timeout(Duration::from_millis(1)) {
            Ok(job) => return Some(job),
            Err(mpsc::RecvTimeoutError::Disconnected) => return None,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
    }
}

fn worker(shared: &Shared) {
    loop {
        let Some((seq, path)) = next_job(shared) else {
            return;
        };
        lock(&shared.started).insert(seq, Instant::now());
        let run =
            std::panic::AssertUnwindSafe(|| scan_one(&path, &shared.options, shared.request_lines));
        let scanned = std::panic::catch_unwind(run).unwrap_or_else(|_| Scanned {
            row: FileRow::noted(
                &path,
                Status::Error,
                "internal error: corsdx panicked on this file (a bug: please report it)".into(),
            ),
            lines: Vec::new(),
        });
        if lock(&shared.started).remove(&seq).is_none() {
            // Timed out: reported already, and a new worker took this one's place.
            return;
        }
        if lock(&shared.results).send((seq, scanned)).is_err() {
            return;
        }
    }
}

/// What [`crate::diagnose`] hands back for one file, collected (and rendered) as it comes.
struct FileSink<'a> {
    shown: &'a str,
    request_lines: bool,
    producer: Option<Producer>,
    kind: Option<&'static str>,
    entries: usize,
    causes: BTreeMap<String, usize>,
    lines: Vec<u8>,
}

impl crate::ReportSink for FileSink<'_> {
    fn begin(&mut self, inputs: &[crate::InputReport]) -> io::Result<()> {
        if let Some(i) = inputs.first() {
            self.producer = Some(i.producer);
            self.kind = Some(i.kind);
        }
        self.entries = inputs.iter().map(|i| i.entries).sum();
        Ok(())
    }

    fn requests(&mut self, chunk: Vec<RequestReport>) -> io::Result<()> {
        for r in &chunk {
            if let Some(c) = r.cause() {
                *self.causes.entry(c.rule.to_string()).or_default() += 1;
            }
            if self.request_lines {
                let line = RequestLine {
                    line: "request",
                    path: self.shown,
                    producer: self.producer,
                    host: request_host(r),
                    request: r,
                };
                serde_json::to_writer(&mut self.lines, &line)?;
                self.lines.push(b'\n');
            }
        }
        Ok(())
    }
}

/// Analyses one file.
pub fn scan_one(path: &Path, options: &Options, request_lines: bool) -> Scanned {
    let shown = path.display().to_string();
    let mut sink = FileSink {
        shown: &shown,
        request_lines,
        producer: None,
        kind: None,
        entries: 0,
        causes: BTreeMap::new(),
        lines: Vec::new(),
    };
    let inputs = crate::Inputs::files(&[path.to_path_buf()]);
    match crate::diagnose(&inputs, options, CHUNK, &mut sink) {
        Ok(s) => {
            let mut row = FileRow::new(shown.clone(), Status::Analyzed);
            row.kind = sink.kind;
            row.producer = sink.producer;
            row.entries = sink.entries;
            row.requests = s.requests;
            row.blocked = s.blocked;
            row.failed = s.failed;
            row.warnings = s.warnings;
            row.causes = sink.causes;
            row.summary = s;
            Scanned {
                row,
                lines: sink.lines,
            }
        }
        Err(e) => Scanned {
            row: FileRow::noted(path, Status::Error, e.to_string()),
            lines: Vec::new(),
        },
    }
}

fn row_of(found: Found) -> Scanned {
    let row = match found {
        Found::Skipped { path, reason } => FileRow::noted(&path, Status::Skipped, reason),
        Found::Error { path, message } => FileRow::noted(&path, Status::Error, message),
        Found::Directory(path) => FileRow::noted(
            &path,
            Status::Directory,
            "a directory named like a capture: scanned as a directory".into(),
        ),
        Found::Input(path) => FileRow::noted(&path, Status::Error, "not analysed".into()),
    };
    Scanned {
        row,
        lines: Vec::new(),
    }
}

/// Scans what `walk` finds with `options.jobs` files at a time, handing every path's result to
/// `each` in walk order as soon as it and all before it are done; returns the totals. An error
/// from `each` (a closed output) stops the scan and is returned.
pub fn scan_stream(
    walk: impl IntoIterator<Item = Found>,
    options: &ScanOptions,
    mut each: impl FnMut(Scanned) -> io::Result<()>,
) -> io::Result<Aggregate> {
    let jobs = options.jobs.max(1);
    let window = window(jobs) as u64;
    let (queue, queued) = mpsc::channel();
    let (results, done) = mpsc::channel();
    let shared = Arc::new(Shared {
        queue: Mutex::new(queued),
        started: Mutex::new(HashMap::new()),
        results: Mutex::new(results),
        options: options.analyze.clone(),
        request_lines: options.request_lines,
    });
    // Kept until the scan ends; dropping a pool lets its threads finish their loop and exit.
    let mut pools = vec![start_workers(&shared, jobs)?];
    let mut walk = walk.into_iter();
    let mut exhausted = false;
    let mut next_seq = 0u64;
    let mut next_out = 0u64;
    let mut ready: BTreeMap<u64, Scanned> = BTreeMap::new();
    let mut running: HashMap<u64, PathBuf> = HashMap::new();
    let mut total = Aggregate::default();
    loop {
        while !exhausted && next_seq < next_out + window {
            match walk.next() {
                None => exhausted = true,
                Some(Found::Input(p)) => {
                    running.insert(next_seq, p.clone());
                    queue
                        .send((next_seq, p))
                        .map_err(|_| io::Error::other("the scan's workers stopped"))?;
                    next_seq += 1;
                }
                Some(other) => {
                    ready.insert(next_seq, row_of(other));
                    next_seq += 1;
                }
            }
        }
        while let Some(s) = ready.remove(&next_out) {
            total.add(&s.row);
            each(s)?;
            next_out += 1;
        }
        if next_out == next_seq {
            if exhausted {
                break;
            }
            // Everything dispatched is written: walk on.
            continue;
        }
        if !running.contains_key(&next_out) {
            // Cannot happen: the next row to write is ready (written above) or running.
            return Err(io::Error::other("scan: lost track of a file"));
        }
        let wait = match options.timeout {
            None => Duration::from_secs(3600),
            Some(limit) => {
                let now = Instant::now();
                lock(&shared.started)
                    .values()
                    .map(|t| (*t + limit).saturating_duration_since(now))
                    .min()
                    .unwrap_or(limit)
                    .max(Duration::from_millis(1))
            }
        };
        match done.recv_timeout(wait) {
            Ok((seq, s)) => {
                if running.remove(&seq).is_some() {
                    ready.insert(seq, s);
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(io::Error::other("the scan's workers stopped"));
            }
        }
        if let Some(limit) = options.timeout {
            let now = Instant::now();
            let expired: Vec<u64> = {
                let mut started = lock(&shared.started);
                let late: Vec<u64> = started
                    .iter()
                    .filter(|(_, t)| now.duration_since(**t) >= limit)
                    .map(|(s, _)| *s)
                    .collect();
                for s in &late {
                    started.remove(s);
                }
                late
            };
            for seq in expired {
                // A stuck thread cannot be stopped: a new worker (in a pool of its own) takes
                // its place, and the stuck one exits, dropping its result, if it ever finishes.
                pools.push(start_workers(&shared, 1)?);
                if let Some(path) = running.remove(&seq) {
                    let message = format!(
                        "timed out: the analysis did not finish within the per-file limit of {} (--timeout)",
                        seconds(limit)
                    );
                    ready.insert(
                        seq,
                        Scanned {
                            row: FileRow::noted(&path, Status::TimedOut, message),
                            lines: Vec::new(),
                        },
                    );
                }
            }
        }
    }
    drop(queue);
    drop(pools);
    Ok(total)
}

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
}

/// Scans everything and returns the whole report (`--format json`, tables).
pub fn scan(paths: &[PathBuf], options: &ScanOptions) -> io::Result<ScanReport> {
    let mut files = Vec::new();
    let aggregate = scan_stream(Walk::new(paths), options, |s| {
        files.push(s.row);
        Ok(())
    })?;
    Ok(ScanReport {
        version: 1,
        files,
        aggregate,
    })
}

/// When `scan` exits 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Never,
}

/// 2 when a file could not be read (or timed out), else 1 per `fail_on`, else 0. Skipped paths
/// (FIFOs, dangling links found in directories) do not change it.
pub fn exit_code(total: &Aggregate, fail_on: FailOn) -> i32 {
    if total.bad_files > 0 {
        return 2;
    }
    let errors = total.blocked + total.failed > 0;
    match fail_on {
        FailOn::Error if errors => 1,
        FailOn::Warning if errors || total.warnings > 0 => 1,
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

    #[test]
    fn the_walk_is_sorted_and_lazy_per_level() {
        let dir = std::env::temp_dir().join(format!("corsdx-walk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("b")).unwrap();
        for f in [
            "c.har",
            "a.har",
            "b/z.har",
            "b/y.txt",
            ".hidden.har",
            "notes.md",
        ] {
            std::fs::write(dir.join(f), "{}").unwrap();
        }
        let found: Vec<String> = collect(std::slice::from_ref(&dir))
            .into_iter()
            .map(|f| match f {
                Found::Input(p) => p.strip_prefix(&dir).unwrap().display().to_string(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(found, ["a.har", "b/y.txt", "b/z.har", "c.har"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
