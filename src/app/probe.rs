//! `corsdx probe`: the exchange, its HAR and the audit are the library's ([`corsdx::probe`]);
//! this maps the arguments onto its options and renders the report with the analyze formats.

use super::cli::{FormatArg, ProbeArgs};
use super::{output, AppError};
use corsdx::probe::{self, audit, http::Transport, ProbeOptions};
use corsdx::report;
use std::io::{IsTerminal, Write};

pub fn run(args: &ProbeArgs) -> Result<i32, AppError> {
    let opts = ProbeOptions {
        url: args.url.clone(),
        origin: args.origin.clone(),
        method: args.method.clone(),
        headers: args.headers.clone(),
        credentials: args.credentials,
        no_preflight: args.no_preflight,
        transport: Transport {
            timeout: probe::timeout(args.timeout)?,
            cacert: args.cacert.clone(),
            insecure: args.insecure,
            resolve: probe::resolve_entries(&args.resolve)?,
        },
    };
    if args.audit {
        return run_audit(args, &opts);
    }
    let (exchange, report) = probe::probe(&opts, args.har_out.as_deref(), args.no_redact)?;
    let curls = probe::curl_lines(&exchange, &probe::curl_tls(&opts.transport));
    let title = "Reproduce each exchange with curl";
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let mut sink = output::open(&args.output)?;
    let written = match args.format {
        FormatArg::Json => report::json::write_json(&mut sink, &report),
        FormatArg::Ndjson => report
            .requests
            .iter()
            .try_for_each(|r| report::json::write_ndjson_line(&mut sink, r)),
        FormatArg::Html => report::html::write_html(&mut sink, &report),
        FormatArg::Markdown => {
            report::markdown::write_markdown(&mut sink, &report).and_then(|_| {
                writeln!(sink, "\n## {title}\n\n```sh")?;
                curls.iter().try_for_each(|l| writeln!(sink, "{l}"))?;
                writeln!(sink, "```")
            })
        }
        FormatArg::Table => {
            let style = report::table::Style {
                color: to_terminal && std::env::var_os("NO_COLOR").is_none(),
                width: 100,
                stack: args.stack.clone(),
            };
            report::table::write_table(&mut sink, &report, &style).and_then(|_| {
                writeln!(sink, "\n{title}:")?;
                curls.iter().try_for_each(|l| writeln!(sink, "{l}"))
            })
        }
    }
    .and_then(|_| sink.flush());
    output::finish(written, &args.output)?;
    if matches!(
        args.format,
        FormatArg::Json | FormatArg::Ndjson | FormatArg::Html
    ) {
        // Standard output holds a document: the curl lines go to standard error.
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{title}:");
        for l in &curls {
            let _ = writeln!(err, "{l}");
        }
    }
    Ok(corsdx::analyze::exit_code(&report.summary, args.strict))
}

fn run_audit(args: &ProbeArgs, opts: &ProbeOptions) -> Result<i32, AppError> {
    let report = audit::run(opts, args.har_out.as_deref())?;
    let mut sink = output::open(&args.output)?;
    let written = match args.format {
        FormatArg::Json => serde_json::to_writer_pretty(&mut sink, &report)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(sink)),
        FormatArg::Ndjson => report.checks.iter().try_for_each(|c| {
            serde_json::to_writer(&mut sink, c)?;
            writeln!(sink)
        }),
        FormatArg::Markdown => audit::write_markdown(&mut sink, &report),
        FormatArg::Table | FormatArg::Html => audit::write_table(&mut sink, &report),
    }
    .and_then(|_| sink.flush());
    output::finish(written, &args.output)?;
    Ok(audit::exit_code(&report, args.strict))
}
