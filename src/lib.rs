//! corsdx: diagnose every CORS failure in a browser capture.
//!
//! The pipeline runs one way, one module per stage (`docs/architecture.md`):
//! `capture` (read HAR / console input) → `model` (capture-independent exchanges, origins) →
//! `trace` (chains: preflight ↔ actual, redirect hops, page origin) → `judge` (one decision per
//! chain: the `fetch` engine's verdict reconciled with what the capture recorded and the
//! console printed) → `rules` (root cause, evidence, fix) → `analyze` (the report model) →
//! `report` (formats). This file is the library face: [`diagnose`] streams request reports.

pub mod analyze;
pub mod capture;
pub mod diff;
pub mod fetch;
pub mod join;
pub mod judge;
pub mod model;
pub mod probe;
pub mod redact;
pub mod report;
pub mod repro;
pub mod rules;
pub mod sanitize;
pub mod scan;
pub mod trace;

pub use analyze::{InputReport, Options, Report, RequestReport, Summary};
use capture::console::ConsoleLog;
use capture::error::{LoadError, LoadErrorKind};
use capture::input::{InputKind, Source};
use std::path::PathBuf;

/// A failure of [`diagnose`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input could not be read (the message names the file and the place).
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The sink failed to write a report.
    #[error("writing the report: {0}")]
    Write(std::io::Error),
}

/// What to diagnose: captures (HAR, Chrome NetLog or console log each, told apart by content),
/// and a console log to join with the captures.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub files: Vec<PathBuf>,
    pub console: Option<PathBuf>,
    /// NetLogs: keep the browser's own traffic (left out by default).
    pub netlog_background: bool,
}

impl Inputs {
    pub fn files(files: &[PathBuf]) -> Self {
        Inputs {
            files: files.to_vec(),
            console: None,
            netlog_background: false,
        }
    }
}

/// Where [`diagnose`] sends what it finds, in order.
pub trait ReportSink {
    /// Every input, once all have loaded (before any request).
    fn begin(&mut self, inputs: &[InputReport]) -> std::io::Result<()>;
    /// The next request reports, in input and capture order.
    fn requests(&mut self, chunk: Vec<RequestReport>) -> std::io::Result<()>;
}

/// A sink that keeps everything: the whole [`Report`].
#[derive(Default)]
struct Collect {
    inputs: Vec<InputReport>,
    requests: Vec<RequestReport>,
}

impl ReportSink for Collect {
    fn begin(&mut self, inputs: &[InputReport]) -> std::io::Result<()> {
        self.inputs = inputs.to_vec();
        Ok(())
    }

    fn requests(&mut self, chunk: Vec<RequestReport>) -> std::io::Result<()> {
        self.requests.extend(chunk);
        Ok(())
    }
}

/// Diagnoses capture files (HAR or console log each) and returns the whole report.
pub fn build_report(files: &[PathBuf], options: &Options) -> Result<Report, Error> {
    report_of(&Inputs::files(files), options)
}

/// As [`build_report`], joining a console log with the HARs.
pub fn build_report_with_console(
    files: &[PathBuf],
    console: Option<&std::path::Path>,
    options: &Options,
) -> Result<Report, Error> {
    let inputs = Inputs {
        files: files.to_vec(),
        console: console.map(|c| c.to_path_buf()),
        netlog_background: false,
    };
    report_of(&inputs, options)
}

/// Diagnoses the inputs and returns the whole report.
pub fn report_of(inputs: &Inputs, options: &Options) -> Result<Report, Error> {
    let mut all = Collect::default();
    let summary = diagnose(inputs, options, usize::MAX, &mut all)?;
    Ok(Report {
        version: 1,
        inputs: all.inputs,
        requests: all.requests,
        summary,
    })
}

/// A loaded input, borrowing from its [`Source`].
enum Loaded<'a> {
    Har(model::Capture<'a>),
    Console(ConsoleLog),
}

/// An opened input: a file to load from its bytes, or a NetLog already read from its stream.
enum Opened {
    Source(Source),
    NetLog(String, Box<capture::netlog::NetLog>),
}

/// Opens an input; a NetLog file is read here, streamed, so it is never held whole in memory.
fn open(path: &std::path::Path, options: capture::netlog::ReadOptions) -> Result<Opened, Error> {
    let name = path.display().to_string();
    if let Some(stream) = capture::input::open_netlog(path) {
        let log = capture::netlog::read_netlog(&name, stream, options)?;
        return Ok(Opened::NetLog(name, Box::new(log)));
    }
    let source = Source::open(path)?;
    if source.kind() == InputKind::NetLog {
        // Standard input: already in memory.
        let log = capture::netlog::read_netlog(&source.name, source.bytes(), options)?;
        return Ok(Opened::NetLog(source.name.clone(), Box::new(log)));
    }
    Ok(Opened::Source(source))
}

/// The input report of a NetLog: what the log is, what was left out.
fn netlog_input_report(name: &str, log: &capture::netlog::NetLog) -> InputReport {
    let mut r = analyze::input_report(name, &log.capture);
    r.kind = "netlog";
    let info = &log.info;
    let mut about = Vec::new();
    if let Some(mode) = &info.capture_mode {
        about.push(format!("capture mode {mode}"));
    }
    if info.headers_stripped {
        about.push("no headers recorded: only the log's own verdicts (net errors, preflight CorsErrors) can be read, no cause that rests on a header".to_string());
    }
    if info.background > 0 {
        about.push(format!(
            "{} request(s) of the browser's own traffic left out",
            info.background
        ));
    }
    if !about.is_empty() {
        r.creator = format!("{} ({})", r.creator, about.join("; "));
    }
    r
}

/// Reads a console log, refusing text that is not one.
fn console_of(source: &Source) -> Result<ConsoleLog, Error> {
    let text = source.text()?;
    let log = capture::console::parse_console(text);
    if !capture::console::looks_like_console(text) {
        let kind = LoadErrorKind::NotCapture { lines: log.lines };
        return Err(LoadError::new(&source.name, kind).into());
    }
    Ok(log)
}

/// An opened input in order: a NetLog read, or `None` for the next of the kept sources.
type Slot = Option<(String, Box<capture::netlog::NetLog>)>;

/// Opens every input in order: NetLogs read (streamed) now, the others kept in `sources` and
/// stood for by `None`.
fn open_all(
    files: &[PathBuf],
    read: capture::netlog::ReadOptions,
    sources: &mut Vec<Source>,
) -> Result<Vec<Slot>, Error> {
    let mut order = Vec::new();
    for f in files {
        match open(f, read)? {
            Opened::Source(source) => {
                order.push(None);
                sources.push(source);
            }
            Opened::NetLog(name, log) => order.push(Some((name, log))),
        }
    }
    Ok(order)
}

/// Loads every opened input, in order, with its input report.
fn load<'s>(
    order: Vec<Slot>,
    sources: &'s [Source],
) -> Result<(Vec<InputReport>, Vec<Loaded<'s>>), Error> {
    let mut reports = Vec::new();
    let mut loaded = Vec::new();
    let mut next_source = sources.iter();
    for slot in order {
        if let Some((name, log)) = slot {
            reports.push(netlog_input_report(&name, &log));
            loaded.push(Loaded::Har(log.capture));
            continue;
        }
        let Some(source) = next_source.next() else {
            continue;
        };
        match source.kind() {
            InputKind::Console => {
                let log = console_of(source)?;
                reports.push(analyze::console_input_report(&source.name, &log));
                loaded.push(Loaded::Console(log));
            }
            InputKind::Har | InputKind::NetLog => {
                let capture = capture::har::parse_har(&source.name, source.bytes())?;
                reports.push(analyze::input_report(&source.name, &capture));
                loaded.push(Loaded::Har(capture));
            }
            InputKind::Flow => {
                let capture = capture::mitm_flow::parse_flows(&source.name, source.raw())?;
                let mut report = analyze::input_report(&source.name, &capture);
                report.kind = "mitmproxy-flow";
                reports.push(report);
                loaded.push(Loaded::Har(capture));
            }
        }
    }
    Ok((reports, loaded))
}

/// The library face: loads every input, hands their [`InputReport`]s to the sink, then the
/// request reports in order, `chunk` chains at a time (a small chunk keeps the reports of a
/// huge capture out of memory), and returns the summary. The `--console` log is read as
/// evidence beside the HARs; its lines no HAR request claims are reported on their own.
pub fn diagnose(
    inputs: &Inputs,
    options: &Options,
    chunk: usize,
    sink: &mut dyn ReportSink,
) -> Result<Summary, Error> {
    let joined = match &inputs.console {
        Some(p) => {
            let source = Source::open(p)?;
            Some((source.name.clone(), console_of(&source)?))
        }
        None => None,
    };
    let read = capture::netlog::ReadOptions {
        background: inputs.netlog_background,
    };
    let mut sources = Vec::new();
    let opened = open_all(&inputs.files, read, &mut sources)?;
    let (mut reports, loaded) = load(opened, &sources)?;
    if let Some((name, log)) = &joined {
        reports.push(analyze::console_input_report(name, log));
    }
    sink.begin(&reports).map_err(Error::Write)?;
    let mut summary = Summary::default();
    let mut emit = |mut chunk: Vec<RequestReport>| {
        if options.host.is_some() || options.url_contains.is_some() {
            chunk.retain(|r| options.keeps(r));
        }
        if !options.no_redact {
            use rayon::prelude::*;
            chunk.par_iter_mut().for_each(redact::request);
        }
        chunk.iter().for_each(|r| summary.add(r));
        sink.requests(chunk)
    };
    // The joined log's events no HAR has claimed so far.
    let mut pending: Option<ConsoleLog> = joined.as_ref().map(|(_, log)| log.clone());
    for (i, input) in loaded.iter().enumerate() {
        match input {
            Loaded::Console(log) => {
                let all: Vec<usize> = (0..log.events.len()).collect();
                emit(analyze::analyze_console(i, log, &all, options))
            }
            Loaded::Har(capture) => {
                let log = pending.as_ref();
                let rest =
                    analyze::analyze_capture_chunked(i, capture, options, log, chunk, &mut emit);
                rest.map(|rest| {
                    if let (Some(log), Some(rest)) = (pending.as_mut(), rest) {
                        *log = join::keep(log, &rest);
                    }
                })
            }
        }
        .map_err(Error::Write)?;
    }
    if let Some(log) = pending {
        let all: Vec<usize> = (0..log.events.len()).collect();
        emit(analyze::analyze_console(loaded.len(), &log, &all, options)).map_err(Error::Write)?;
    }
    Ok(summary)
}
