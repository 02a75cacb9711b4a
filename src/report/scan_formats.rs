//! `corsdx scan`'s outputs, written as the scan hands back each path (in walk order):
//! `ndjson` streams every line, `json` streams the document (the same bytes as the whole
//! [`ScanReport`] pretty-printed), the table is drawn at the end from the rows (no requests are
//! kept for it). Every line and field is documented in `docs/output.md` (scan).

use crate::scan::{Aggregate, FileRow, Scanned, Status};
use comfy_table::{presets, ContentArrangement, Table};
use serde::Serialize;
use std::io::{self, Write};

/// `corsdx scan --format`: markdown and html print the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Ndjson,
}

/// A JSON object with a `type` member first, then the fields of `value`.
#[derive(Serialize)]
struct Typed<'a, T: Serialize> {
    #[serde(rename = "type")]
    line: &'static str,
    #[serde(flatten)]
    value: &'a T,
}

/// Writes one scan in one format.
pub struct ScanWriter {
    format: Format,
    rows_written: usize,
    /// Tables only: the rows, drawn at the end.
    rows: Vec<FileRow>,
}

impl ScanWriter {
    pub fn begin(out: &mut dyn Write, format: Format) -> io::Result<ScanWriter> {
        if format == Format::Json {
            out.write_all(b"{\n  \"version\": 1,\n  \"files\": [")?;
        }
        Ok(ScanWriter {
            format,
            rows_written: 0,
            rows: Vec::new(),
        })
    }

    /// Whether the format wants each request rendered as a line.
    pub fn wants_request_lines(format: Format) -> bool {
        format == Format::Ndjson
    }

    /// One finished path: its request lines (NDJSON) and its row.
    pub fn file(&mut self, out: &mut dyn Write, scanned: Scanned) -> io::Result<()> {
        match self.format {
            Format::Ndjson => {
                out.write_all(&scanned.lines)?;
                serde_json::to_writer(
                    &mut *out,
                    &Typed {
                        line: "file",
                        value: &scanned.row,
                    },
                )?;
                out.write_all(b"\n")?;
                // Each file's lines reach the reader as soon as the file is done.
                out.flush()?;
            }
            Format::Json => {
                out.write_all(if self.rows_written == 0 {
                    b"\n    "
                } else {
                    b",\n    "
                })?;
                out.write_all(&pretty_at(&scanned.row, b"\n    ")?)?;
            }
            Format::Table => self.rows.push(scanned.row),
        }
        self.rows_written += 1;
        Ok(())
    }

    pub fn end(self, out: &mut dyn Write, total: &Aggregate) -> io::Result<()> {
        match self.format {
            Format::Ndjson => {
                serde_json::to_writer(
                    &mut *out,
                    &Typed {
                        line: "total",
                        value: total,
                    },
                )?;
                out.write_all(b"\n")
            }
            Format::Json => {
                out.write_all(if self.rows_written == 0 {
                    b"]"
                } else {
                    b"\n  ]"
                })?;
                out.write_all(b",\n  \"aggregate\": ")?;
                out.write_all(&pretty_at(total, b"\n  ")?)?;
                out.write_all(b"\n}\n")
            }
            Format::Table => write_scan_table(out, &self.rows, total),
        }
    }
}

/// `value` pretty-printed as serde_json does, nested at the indentation `newline` carries (JSON
/// strings hold no raw newline, so every `\n` is a line break of the layout).
fn pretty_at<T: Serialize + ?Sized>(value: &T, newline: &[u8]) -> io::Result<Vec<u8>> {
    let flat = serde_json::to_vec_pretty(value)?;
    let mut out = Vec::with_capacity(flat.len() + flat.len() / 8);
    for (i, line) in flat.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.extend_from_slice(newline);
        }
        out.extend_from_slice(line);
    }
    Ok(out)
}

/// The table: one row per path, then the totals and the counts by rule, cause, CORS error and
/// host.
pub fn write_scan_table(out: &mut dyn Write, rows: &[FileRow], a: &Aggregate) -> io::Result<()> {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_HORIZONTAL_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(100)
        .set_header(vec![
            "File",
            "Requests",
            "Blocked",
            "Failed",
            "Warnings",
            "Causes / error",
        ]);
    for f in rows {
        let text = |s: &Option<String>| s.clone().unwrap_or_default();
        let causes = match f.status {
            Status::Error => format!("ERROR: {}", text(&f.error)),
            Status::TimedOut => format!("TIMED OUT: {}", text(&f.error)),
            Status::Skipped => format!("skipped: {}", text(&f.reason)),
            Status::Directory => format!("note: {}", text(&f.reason)),
            Status::Analyzed => f
                .causes
                .iter()
                .map(|(k, v)| format!("{k} ×{v}"))
                .collect::<Vec<_>>()
                .join(", "),
        };
        let count = |n: usize| match f.status {
            Status::Analyzed => n.to_string(),
            _ => String::new(),
        };
        table.add_row(vec![
            f.path.clone(),
            count(f.requests),
            count(f.blocked),
            count(f.failed),
            count(f.warnings),
            causes,
        ]);
    }
    writeln!(out, "{table}")?;
    writeln!(
        out,
        "\n{} files ({} unreadable, {} timed out), {} paths skipped; {} requests: {} blocked, {} failed, {} warnings",
        a.files, a.bad_files, a.timed_out, a.skipped, a.requests, a.blocked, a.failed, a.warnings
    )?;
    for (title, map) in [
        ("By root cause", &a.by_cause),
        ("By CORS error", &a.by_cors_error),
        ("By host", &a.by_host),
        ("Findings by rule", &a.by_rule),
    ] {
        if map.is_empty() {
            continue;
        }
        writeln!(out, "\n{title}")?;
        let mut rows: Vec<(&String, &usize)> = map.iter().collect();
        rows.sort_by(|x, y| y.1.cmp(x.1).then(x.0.cmp(y.0)));
        for (k, v) in rows {
            writeln!(out, "  {v:>6}  {k}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::ScanReport;

    fn row(path: &str, status: Status) -> FileRow {
        FileRow::noted(std::path::Path::new(path), status, "why".into())
    }

    #[test]
    fn streamed_json_is_the_whole_report_pretty_printed() {
        for rows in [
            vec![],
            vec![row("a.har", Status::Error)],
            vec![
                row("a.har", Status::Skipped),
                row("b.har", Status::TimedOut),
            ],
        ] {
            let mut total = Aggregate::default();
            rows.iter().for_each(|r| total.add(r));
            let mut streamed = Vec::new();
            let mut w = ScanWriter::begin(&mut streamed, Format::Json).unwrap();
            for r in &rows {
                w.file(
                    &mut streamed,
                    Scanned {
                        row: r.clone(),
                        lines: Vec::new(),
                    },
                )
                .unwrap();
            }
            w.end(&mut streamed, &total).unwrap();
            let whole = ScanReport {
                version: 1,
                files: rows,
                aggregate: total,
            };
            let mut expected = serde_json::to_vec_pretty(&whole).unwrap();
            expected.push(b'\n');
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                String::from_utf8(expected).unwrap()
            );
        }
    }
}
