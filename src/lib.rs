//! corsdx: diagnose every CORS failure in a browser capture.
//!
//! The pipeline, one module per stage, data flowing one way:
//! `capture` (read HAR / console input) → `model` (capture-independent exchanges) →
//! `trace` (chains: preflight ↔ actual, redirect hops) → `fetch` (the Fetch-standard CORS
//! engine) and `judge` (what the browser decided, reconciled with what it recorded) → `rules`
//! (root cause, evidence, fix) → `report`.

pub mod analyze;
pub mod capture;
pub mod cli;
pub mod fetch;
pub mod join;
pub mod judge;
pub mod model;
pub mod report;
pub mod rules;
pub mod sanitize;
pub mod scan;
pub mod trace;

use analyze::{Report, Summary};
use std::io::{IsTerminal, Write};

/// A failure that ends the command with exit status 2.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Load(#[from] capture::error::LoadError),
    #[error("{path}: {source}")]
    Output {
        path: String,
        source: std::io::Error,
    },
    #[error("--origin '{0}' is not an origin (expected scheme://host[:port])")]
    BadOrigin(String),
    /// Writing a streamed report failed; the caller names the output (see `finish_output`).
    #[error("writing the report: {0}")]
    Write(std::io::Error),
}

/// Loads every input (HAR or console log, told apart by content) and builds the report.
pub fn build_report(
    files: &[std::path::PathBuf],
    options: &analyze::Options,
) -> Result<Report, RunError> {
    build_report_with_console(files, None, options)
}

/// As [`build_report`], joining a `console` log with the HARs; its lines no HAR request claims
/// are reported as requests of their own.
pub fn build_report_with_console(
    files: &[std::path::PathBuf],
    console: Option<&std::path::Path>,
    options: &analyze::Options,
) -> Result<Report, RunError> {
    let mut inputs = Vec::new();
    let mut requests = Vec::new();
    let summary = analyze_inputs(
        files,
        console,
        options,
        usize::MAX,
        |i| {
            inputs = i.to_vec();
            Ok(())
        },
        |chunk| {
            requests.extend(chunk);
            Ok(())
        },
    )?;
    Ok(Report {
        version: 1,
        inputs,
        requests,
        summary,
    })
}

/// A loaded input, borrowing from its [`capture::input::Source`].
enum Loaded<'a> {
    Har(model::Capture<'a>),
    Console(capture::console::ConsoleLog),
}

/// The driver behind every report: loads all inputs (HAR or console log, told apart by content),
/// hands their [`analyze::InputReport`]s to `begin`, then the request reports to `emit` in
/// order, `chunk` chains at a time, and returns the summary. Streaming writers pass a small
/// `chunk` so the reports of a huge capture are never all in memory.
pub fn analyze_inputs(
    files: &[std::path::PathBuf],
    console: Option<&std::path::Path>,
    options: &analyze::Options,
    chunk: usize,
    begin: impl FnOnce(&[analyze::InputReport]) -> std::io::Result<()>,
    mut emit: impl FnMut(Vec<analyze::RequestReport>) -> std::io::Result<()>,
) -> Result<Summary, RunError> {
    let console_log = match console {
        Some(p) => {
            let source = capture::input::Source::open(p)?;
            Some((
                source.name.clone(),
                capture::console::parse_console(source.text()?),
            ))
        }
        None => None,
    };
    let sources = files
        .iter()
        .map(|f| capture::input::Source::open(f))
        .collect::<Result<Vec<_>, _>>()?;
    let mut inputs = Vec::new();
    let mut loaded = Vec::new();
    for source in &sources {
        match source.kind() {
            capture::input::InputKind::Console => {
                let text = source.text()?;
                let log = capture::console::parse_console(text);
                if !capture::console::looks_like_console(text) {
                    return Err(capture::error::LoadError::new(
                        &source.name,
                        capture::error::LoadErrorKind::NotCapture { lines: log.lines },
                    )
                    .into());
                }
                inputs.push(analyze::console_input_report(&source.name, &log));
                loaded.push(Loaded::Console(log));
            }
            capture::input::InputKind::Har => {
                let capture = capture::har::parse_har(&source.name, source.bytes())?;
                inputs.push(analyze::input_report(&source.name, &capture));
                loaded.push(Loaded::Har(capture));
            }
        }
    }
    if let Some((name, log)) = &console_log {
        inputs.push(analyze::console_input_report(name, log));
    }
    let output = RunError::Write;
    begin(&inputs).map_err(output)?;
    let mut summary = Summary::default();
    let mut emit = |chunk: Vec<analyze::RequestReport>| {
        chunk.iter().for_each(|r| summary.add(r));
        emit(chunk)
    };
    let mut pending = console_log.as_ref().map(|(_, log)| log.clone());
    for (i, input) in loaded.iter().enumerate() {
        match input {
            Loaded::Console(log) => emit(analyze::analyze_console(i, log, options)),
            Loaded::Har(capture) => {
                let rest = analyze::analyze_capture_chunked(
                    i,
                    capture,
                    options,
                    pending.as_ref(),
                    chunk,
                    &mut emit,
                );
                rest.map(|rest| {
                    if rest.is_some() {
                        pending = rest;
                    }
                })
            }
        }
        .map_err(output)?;
    }
    if let (Some(_), Some(rest)) = (&console_log, pending) {
        emit(analyze::analyze_console(loaded.len(), &rest, options)).map_err(output)?;
    }
    Ok(summary)
}

/// `corsdx analyze`: returns the exit status.
pub fn run_analyze(args: &cli::AnalyzeArgs) -> Result<i32, RunError> {
    let origin = match &args.origin {
        None => None,
        Some(o) => {
            Some(fetch::origin::normalize_origin(o).ok_or_else(|| RunError::BadOrigin(o.clone()))?)
        }
    };
    let options = analyze::Options {
        origin,
        no_redact: args.no_redact,
    };
    if let report::Format::Json | report::Format::Ndjson = args.format {
        return stream_json(args, &options);
    }
    let report = build_report_with_console(&args.files, args.console.as_deref(), &options)?;
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let mut sink = open_output(&args.output)?;
    let written = match args.format {
        report::Format::Markdown => report::markdown::write_markdown(&mut sink, &report),
        report::Format::Html => report::html::write_html(&mut sink, &report),
        report::Format::Table | report::Format::Json | report::Format::Ndjson => {
            let style = report::table::Style {
                color: to_terminal && std::env::var_os("NO_COLOR").is_none(),
                width: 100,
                stack: args.stack.clone(),
            };
            report::table::write_table(&mut sink, &report, &style)
        }
    }
    .and_then(|_| sink.flush());
    finish_output(written, &args.output)?;
    Ok(analyze::exit_code(&report.summary, args.strict))
}

/// Requests per chunk when a report is streamed: enough to keep both cores busy, few enough that
/// the reports of a huge capture are never all in memory.
const STREAM_CHUNK: usize = 4096;

/// `analyze --format json|ndjson`: written as the reports are made (same bytes as the whole
/// [`Report`] serialized at once).
fn stream_json(args: &cli::AnalyzeArgs, options: &analyze::Options) -> Result<i32, RunError> {
    let ndjson = matches!(args.format, report::Format::Ndjson);
    // The output and the document state, opened by the first closure, written by the second.
    let state = std::cell::RefCell::new(None);
    let result = analyze_inputs(
        &args.files,
        args.console.as_deref(),
        options,
        STREAM_CHUNK,
        |inputs| {
            // Opened only once every input has loaded: a bad input leaves no partial file.
            let mut out = open_output(&args.output).map_err(|e| match e {
                RunError::Output { source, .. } => source,
                other => std::io::Error::other(other.to_string()),
            })?;
            let stream = report::json::JsonStream::begin(&mut out, ndjson, inputs)?;
            *state.borrow_mut() = Some((out, stream));
            Ok(())
        },
        |chunk| match state.borrow_mut().as_mut() {
            Some((out, stream)) => stream.requests(out, &chunk),
            None => Ok(()),
        },
    );
    let summary = match result {
        Ok(summary) => summary,
        Err(RunError::Write(e)) => {
            finish_output(Err(e), &args.output)?;
            // A closed pipe: what was written stands; the exit status still tells the verdict.
            return Ok(1);
        }
        Err(e) => return Err(e),
    };
    if let Some((mut out, stream)) = state.into_inner() {
        let written = stream.end(&mut out, &summary).and_then(|_| out.flush());
        finish_output(written, &args.output)?;
    }
    Ok(analyze::exit_code(&summary, args.strict))
}

fn open_output(path: &Option<std::path::PathBuf>) -> Result<Box<dyn Write>, RunError> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p).map_err(
            |source| RunError::Output {
                path: p.display().to_string(),
                source,
            },
        )?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

fn finish_output(
    result: std::io::Result<()>,
    path: &Option<std::path::PathBuf>,
) -> Result<(), RunError> {
    match result {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(source) => Err(RunError::Output {
            path: path
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "standard output".into()),
            source,
        }),
    }
}

/// `corsdx scan`: returns the exit status.
pub fn run_scan(args: &cli::ScanArgs) -> Result<i32, RunError> {
    let files = scan::collect(&args.paths);
    let options = analyze::Options {
        origin: None,
        no_redact: args.no_redact,
    };
    let jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(files.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let report = scan::scan(&files, &options, jobs, &|| bar.inc(1));
    bar.finish_and_clear();
    let mut sink = open_output(&args.output)?;
    let written = match args.format {
        report::Format::Json => serde_json::to_writer_pretty(&mut sink, &report)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(sink)),
        report::Format::Ndjson => report.files.iter().try_for_each(|f| {
            serde_json::to_writer(&mut sink, f)?;
            writeln!(sink)
        }),
        report::Format::Table | report::Format::Markdown | report::Format::Html => {
            report::table::write_scan(&mut sink, &report)
        }
    }
    .and_then(|_| sink.flush());
    finish_output(written, &args.output)?;
    Ok(scan::exit_code(&report, args.fail_on))
}

/// `corsdx sanitize IN -o OUT`.
pub fn run_sanitize(input: &std::path::Path, output: &std::path::Path) -> Result<(), RunError> {
    let source = capture::input::Source::open(input)?;
    // Validate with the HAR reader first: the same messages as `analyze` for bad input.
    capture::har::parse_har(&source.name, source.bytes())?;
    let mut har: serde_json::Value = serde_json::from_slice(source.bytes()).map_err(|e| {
        capture::error::from_json(&source.name, source.bytes(), &e, "$", "a HAR document")
    })?;
    sanitize::sanitize(&mut har);
    let out = output.to_path_buf();
    let mut sink = open_output(&Some(out.clone()))?;
    let written = serde_json::to_writer_pretty(&mut sink, &har)
        .map_err(std::io::Error::from)
        .and_then(|_| writeln!(sink))
        .and_then(|_| sink.flush());
    finish_output(written, &Some(out))
}

/// `corsdx rules`: the catalog, one line per rule.
pub fn rules_listing() -> String {
    let mut out = String::new();
    for sev in [rules::Severity::Error, rules::Severity::Warning] {
        out.push_str(if sev == rules::Severity::Error {
            "Blocking causes (error)\n"
        } else {
            "\nRisks (warning)\n"
        });
        for r in rules::RULES.iter().filter(|r| r.severity == sev) {
            out.push_str(&format!("  {:<42} {}\n", r.id, r.title()));
        }
    }
    out
}
