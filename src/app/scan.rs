//! `corsdx scan`: many files in parallel, a progress bar on a terminal, per-file rows and totals.

use super::cli::{FormatArg, ScanArgs};
use super::{output, AppError};
use corsdx::analyze::Options;
use corsdx::{report, scan};
use std::io::{IsTerminal, Write};

pub fn run(args: &ScanArgs) -> Result<i32, AppError> {
    let files = scan::collect(&args.paths);
    let options = Options {
        origin: None,
        no_redact: args.no_redact,
        ..Default::default()
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
    let mut sink = output::open(&args.output)?;
    let written = match args.format {
        FormatArg::Json => serde_json::to_writer_pretty(&mut sink, &report)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(sink)),
        FormatArg::Ndjson => report.files.iter().try_for_each(|f| {
            serde_json::to_writer(&mut sink, f)?;
            writeln!(sink)
        }),
        FormatArg::Table | FormatArg::Markdown | FormatArg::Html => {
            report::table::write_scan(&mut sink, &report)
        }
    }
    .and_then(|_| sink.flush());
    output::finish(written, &args.output)?;
    Ok(scan::exit_code(&report, args.fail_on.into()))
}
