//! `corsdx analyze`: loads the inputs through the library, renders the chosen format.

use super::cli::{AnalyzeArgs, FormatArg};
use super::{output, AppError};
use corsdx::analyze::{exit_code, Options};
use corsdx::report;
use std::io::{IsTerminal, Write};

/// Requests per chunk when a report is streamed: enough to keep both cores busy, few enough that
/// the reports of a huge capture are never all in memory.
const STREAM_CHUNK: usize = 4096;

pub fn run(args: &AnalyzeArgs) -> Result<i32, AppError> {
    let origin = match &args.origin {
        None => None,
        Some(o) => {
            Some(corsdx::model::Origin::parse(o).ok_or_else(|| AppError::BadOrigin(o.clone()))?)
        }
    };
    let options = Options {
        origin,
        no_redact: args.no_redact,
        host: args.host.clone(),
        url_contains: args.url_contains.clone(),
    };
    let inputs = corsdx::Inputs {
        files: args.files.clone(),
        console: args.console.clone(),
        netlog_background: args.netlog_background,
    };
    if let FormatArg::Json | FormatArg::Ndjson = args.format {
        return stream_json(args, &inputs, &options);
    }
    let report = corsdx::report_of(&inputs, &options)?;
    let to_stdout = output::is_stdout(&args.output);
    let to_terminal = to_stdout && std::io::stdout().is_terminal();
    let mut sink = output::open(&args.output)?;
    let written = match args.format {
        FormatArg::Markdown => report::markdown::write_markdown(&mut sink, &report),
        FormatArg::Html => report::html::write_html(&mut sink, &report),
        FormatArg::Table | FormatArg::Json | FormatArg::Ndjson => {
            let style = report::table::Style {
                color: to_terminal && std::env::var_os("NO_COLOR").is_none(),
                width: output::width(to_terminal),
                stack: args.stack.map(|s| s.heading().to_string()),
            };
            report::table::write_table(&mut sink, &report, &style)
        }
    }
    .and_then(|_| sink.flush());
    output::finish(written, &args.output)?;
    Ok(exit_code(&report.summary, args.strict))
}

/// The JSON writer as a report sink: the output is opened only once every input has loaded, so
/// a bad input leaves no partial file.
struct JsonSink<'a> {
    path: &'a Option<std::path::PathBuf>,
    ndjson: bool,
    open: Option<(Box<dyn Write>, report::json::JsonStream)>,
}

impl corsdx::ReportSink for JsonSink<'_> {
    fn begin(&mut self, inputs: &[corsdx::analyze::InputReport]) -> std::io::Result<()> {
        let mut out = output::open(self.path).map_err(|e| match e {
            AppError::Output { source, .. } => source,
            other => std::io::Error::other(other.to_string()),
        })?;
        let stream = report::json::JsonStream::begin(&mut out, self.ndjson, inputs)?;
        self.open = Some((out, stream));
        Ok(())
    }

    fn requests(&mut self, chunk: Vec<corsdx::analyze::RequestReport>) -> std::io::Result<()> {
        match self.open.as_mut() {
            Some((out, stream)) => stream.requests(out, &chunk),
            None => Ok(()),
        }
    }
}

/// `analyze --format json|ndjson`: written as the reports are made (same bytes as the whole
/// report serialized at once).
fn stream_json(
    args: &AnalyzeArgs,
    inputs: &corsdx::Inputs,
    options: &Options,
) -> Result<i32, AppError> {
    let mut sink = JsonSink {
        path: &args.output,
        ndjson: matches!(args.format, FormatArg::Ndjson),
        open: None,
    };
    let summary = match corsdx::diagnose(inputs, options, STREAM_CHUNK, &mut sink) {
        Ok(summary) => summary,
        Err(corsdx::Error::Write(e)) => {
            output::finish(Err(e), &args.output)?;
            // A closed pipe: what was written stands; the exit status still tells the verdict.
            return Ok(1);
        }
        Err(e) => return Err(e.into()),
    };
    if let Some((mut out, stream)) = sink.open {
        let written = stream.end(&mut out, &summary).and_then(|_| out.flush());
        output::finish(written, &args.output)?;
    }
    Ok(exit_code(&summary, args.strict))
}
