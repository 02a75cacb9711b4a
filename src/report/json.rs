//! `--format json` (one document) and `--format ndjson` (one request per line), documented
//! field by field in `docs/output.md`.
//!
//! Both can be written as the reports are made ([`JsonStream`]): the document is the same bytes
//! [`write_json`] writes for the whole [`Report`], and each chunk of requests is serialized in
//! parallel.

use crate::analyze::{InputReport, Report, RequestReport, Summary};
use rayon::prelude::*;
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

/// A JSON or NDJSON report written request by request.
pub struct JsonStream {
    ndjson: bool,
    written: usize,
}

impl JsonStream {
    /// Starts the document (nothing for NDJSON, which has no header).
    pub fn begin(out: &mut dyn Write, ndjson: bool, inputs: &[InputReport]) -> io::Result<Self> {
        if !ndjson {
            out.write_all(b"{\n  \"version\": 1,\n  \"inputs\": ")?;
            out.write_all(&pretty_at(inputs, b"\n  ")?)?;
            out.write_all(b",\n  \"requests\": [")?;
        }
        Ok(JsonStream { ndjson, written: 0 })
    }

    /// Writes the next requests, serialized in parallel.
    pub fn requests(&mut self, out: &mut dyn Write, chunk: &[RequestReport]) -> io::Result<()> {
        let ndjson = self.ndjson;
        let parts: Vec<io::Result<Vec<u8>>> = chunk
            .par_iter()
            .map(|r| {
                if ndjson {
                    let mut line = serde_json::to_vec(r)?;
                    line.push(b'\n');
                    Ok(line)
                } else {
                    pretty_at(r, b"\n    ")
                }
            })
            .collect();
        for part in parts {
            if !ndjson {
                out.write_all(if self.written == 0 {
                    b"\n    "
                } else {
                    b",\n    "
                })?;
            }
            out.write_all(&part?)?;
            self.written += 1;
        }
        Ok(())
    }

    /// Ends the document with the summary.
    pub fn end(self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if !self.ndjson {
            out.write_all(if self.written == 0 { b"]" } else { b"\n  ]" })?;
            out.write_all(b",\n  \"summary\": ")?;
            out.write_all(&pretty_at(summary, b"\n  ")?)?;
            out.write_all(b"\n}\n")?;
        }
        Ok(())
    }
}

/// `value` pretty-printed as serde_json does, nested at the indentation `newline` carries (JSON
/// strings hold no raw newline, so every `\n` is a line break of the layout). Printed flat, then
/// re-indented in one pass: an indenting writer sees serde_json's token-sized writes and cost
/// 23 % more instructions on a whole analysis (callgrind).
fn pretty_at<T: serde::Serialize + ?Sized>(value: &T, newline: &[u8]) -> io::Result<Vec<u8>> {
    let mut flat = Vec::with_capacity(16 * 1024);
    serde_json::to_writer_pretty(&mut flat, value)?;
    let newlines = memchr::memchr_iter(b'\n', &flat).count();
    let mut out = Vec::with_capacity(flat.len() + newlines * (newline.len() - 1));
    let mut last = 0;
    for at in memchr::memchr_iter(b'\n', &flat) {
        out.extend_from_slice(&flat[last..at]);
        out.extend_from_slice(newline);
        last = at + 1;
    }
    out.extend_from_slice(&flat[last..]);
    Ok(out)
}
