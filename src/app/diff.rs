//! `corsdx diff A B`: the comparison is the library's ([`corsdx::diff`]); this renders it.

use super::cli::{DiffArgs, FormatArg};
use super::{output, AppError};
use std::io::Write;

pub fn run(args: &DiffArgs) -> Result<i32, AppError> {
    if args.format == FormatArg::Html {
        return Err(AppError::Usage(
            "diff: --format html is not supported (table, json, ndjson, markdown)".to_string(),
        ));
    }
    let d = corsdx::diff::compare(&args.a, &args.b, &args.map)?;
    let mut sink = output::open(&args.output)?;
    let written = match args.format {
        FormatArg::Json => serde_json::to_writer_pretty(&mut sink, &d)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(sink)),
        FormatArg::Ndjson => d.endpoints.iter().try_for_each(|e| {
            serde_json::to_writer(&mut sink, e)?;
            writeln!(sink)
        }),
        FormatArg::Markdown => corsdx::diff::write_markdown(&mut sink, &d),
        FormatArg::Table | FormatArg::Html => corsdx::diff::write_table(&mut sink, &d),
    }
    .and_then(|_| sink.flush());
    output::finish(written, &args.output)?;
    Ok(corsdx::diff::exit_code(&d))
}
