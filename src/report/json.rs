//! `--format json` (one document) and `--format ndjson` (one request per line), documented
//! field by field in `docs/output.md`.

use crate::analyze::{Report, RequestReport};
use std::io::{self, Write};

pub fn write_json(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    writeln!(out)
}

/// One request as one line of NDJSON.
pub fn write_ndjson_line(out: &mut dyn Write, request: &RequestReport) -> io::Result<()> {
    serde_json::to_writer(&mut *out, request)?;
    writeln!(out)
}
