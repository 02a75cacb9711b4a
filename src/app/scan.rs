//! `corsdx scan`: maps the flags to [`scan::ScanOptions`] and writes each path's result as the
//! scan hands it back (`report::scan_formats`), with a spinner on a terminal.

use super::cli::{FormatArg, ScanArgs};
use super::{output, AppError};
use corsdx::analyze::Options;
use corsdx::report::scan_formats::{Format, ScanWriter};
use corsdx::scan;
use std::io::{IsTerminal, Write};

pub fn run(args: &ScanArgs) -> Result<i32, AppError> {
    let format = match args.format {
        FormatArg::Json => Format::Json,
        FormatArg::Ndjson => Format::Ndjson,
        FormatArg::Table | FormatArg::Markdown | FormatArg::Html => Format::Table,
    };
    let options = scan::ScanOptions {
        analyze: Options {
            origin: None,
            no_redact: args.no_redact,
            ..Default::default()
        },
        jobs: args.jobs.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        }),
        timeout: (args.timeout.is_finite() && args.timeout > 0.0)
            .then(|| std::time::Duration::from_secs_f64(args.timeout.min(1e9))),
        request_lines: ScanWriter::wants_request_lines(format),
    };
    let bar = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new_spinner();
        if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {pos} files scanned")
        {
            bar.set_style(style);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut sink = output::open(&args.output)?;
    // Totals of what was written, so a closed pipe still gets the right exit status.
    let mut total = scan::Aggregate::default();
    let written = ScanWriter::begin(&mut sink, format).and_then(|mut w| {
        scan::scan_stream(scan::Walk::new(&args.paths), &options, |s| {
            bar.inc(1);
            total.add(&s.row);
            w.file(&mut sink, s)
        })?;
        bar.finish_and_clear();
        w.end(&mut sink, &total)
    });
    let written = written.and_then(|_| sink.flush());
    bar.finish_and_clear();
    output::finish(written, &args.output)?;
    Ok(scan::exit_code(&total, args.fail_on.into()))
}
