//! Input errors: one clear message naming the file, the place and what was expected.
#![deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadErrorKind {
    /// Text that is neither JSON nor a browser console log.
    NotCapture {
        lines: usize,
    },
    NotFound,
    IsDirectory,
    Io(String),
    Gzip(String),
    /// Compressed data that inflates past the limit (`var` is the setting that raises it).
    TooLarge {
        limit: u64,
        compressed: u64,
        var: &'static str,
    },
    /// A setting (environment variable) that cannot be used; the path names the variable.
    BadSetting(String),
    Empty,
    InvalidUtf16 {
        line: usize,
        column: usize,
        encoding: &'static str,
    },
    InvalidUtf8 {
        line: usize,
        column: usize,
    },
    NotJson {
        line: usize,
        column: usize,
        msg: String,
    },
    Truncated {
        line: usize,
        column: usize,
    },
    TooDeep {
        line: usize,
        column: usize,
    },
    NotHar {
        json_path: String,
        expected: String,
    },
    /// A mitmproxy dump (tnetstring) that cannot be read at `offset`.
    NotFlow {
        offset: usize,
        expected: String,
    },
    /// A JSON object that starts like a Chrome NetLog but is not one, at a byte offset.
    NotNetLog {
        offset: u64,
        expected: String,
    },
}

/// Why an input could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    pub path: String,
    pub kind: LoadErrorKind,
}

impl LoadError {
    pub fn new(path: impl Into<String>, kind: LoadErrorKind) -> Self {
        LoadError {
            path: path.into(),
            kind,
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = &self.path;
        match &self.kind {
            LoadErrorKind::NotFound => write!(f, "{p}: no such file"),
            LoadErrorKind::IsDirectory => {
                write!(f, "{p}: is a directory, expected a HAR file (use `corsdx scan` for directories)")
            }
            LoadErrorKind::Io(e) => write!(f, "{p}: cannot read: {e}"),
            LoadErrorKind::Gzip(e) => write!(f, "{p}: corrupt gzip data: {e}"),
            LoadErrorKind::TooLarge {
                limit,
                compressed,
                var,
            } => write!(
                f,
                "{p}: the gzip data ({}) inflates to more than the limit of {} and was not read (a gzip bomb?); set {var} to raise the limit",
                super::input::show_size(*compressed),
                super::input::show_size(*limit),
            ),
            LoadErrorKind::BadSetting(e) => write!(f, "{p}: {e}"),
            LoadErrorKind::InvalidUtf16 {
                line,
                column,
                encoding,
            } => write!(
                f,
                "{p}:{line}:{column}: invalid {encoding} (a lone surrogate or an odd last byte), expected text after the byte-order mark"
            ),
            LoadErrorKind::Empty => write!(f, "{p}: the file is empty, expected a HAR (JSON) or a console log"),
            LoadErrorKind::InvalidUtf8 { line, column } => {
                write!(f, "{p}:{line}:{column}: invalid UTF-8, expected UTF-8 text")
            }
            LoadErrorKind::NotJson { line, column, msg } => {
                write!(f, "{p}:{line}:{column}: not valid JSON ({msg}), expected a HAR file")
            }
            LoadErrorKind::Truncated { line, column } => write!(
                f,
                "{p}:{line}:{column}: the file ends in the middle of the JSON (truncated?), expected the rest of the HAR"
            ),
            LoadErrorKind::TooDeep { line, column } => write!(
                f,
                "{p}:{line}:{column}: JSON nested too deeply, expected a HAR file"
            ),
            LoadErrorKind::NotCapture { lines } => write!(
                f,
                "{p}:1:1: neither a HAR (JSON) nor a browser console log (no console message recognised in {lines} line(s)), expected a HAR file or a console log"
            ),
            LoadErrorKind::NotHar {
                json_path,
                expected,
            } => write!(f, "{p}: {json_path}: not a HAR: expected {expected}"),
            LoadErrorKind::NotFlow { offset, expected } => write!(
                f,
                "{p}: byte {offset}: not a mitmproxy dump (tnetstring): expected {expected}"
            ),
            LoadErrorKind::NotNetLog { offset, expected } => write!(
                f,
                "{p}: byte {offset}: not a Chrome NetLog: expected {expected}"
            ),
        }
    }
}

/// Line and column (1-based) of a byte offset.
pub fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let upto = bytes.get(..offset.min(bytes.len())).unwrap_or_default();
    let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = upto.len()
        - upto
            .iter()
            .rposition(|&b| b == b'\n')
            .map(|p| p + 1)
            .unwrap_or(0)
        + 1;
    (line, col)
}

/// Maps a serde_json error on `bytes` to a load error.
pub fn from_json(
    path: &str,
    bytes: &[u8],
    e: &serde_json::Error,
    json_path: &str,
    expected: &str,
) -> LoadError {
    use serde_json::error::Category;
    let (line, column) = (e.line(), e.column());
    let msg = e.to_string();
    let kind = match e.classify() {
        Category::Eof => LoadErrorKind::Truncated { line, column },
        Category::Syntax if msg.contains("recursion limit") => {
            LoadErrorKind::TooDeep { line, column }
        }
        Category::Syntax if msg.contains("invalid unicode") || msg.contains("UTF-8") => {
            LoadErrorKind::InvalidUtf8 { line, column }
        }
        Category::Syntax | Category::Io => {
            let short = msg.split(" at line").next().unwrap_or(&msg).to_string();
            // Raw invalid UTF-8 outside strings is reported by serde_json as a syntax error.
            if std::str::from_utf8(bytes).is_err() {
                let off = std::str::from_utf8(bytes)
                    .err()
                    .map(|u| u.valid_up_to())
                    .unwrap_or(0);
                let (l, c) = line_col(bytes, off);
                LoadErrorKind::InvalidUtf8 { line: l, column: c }
            } else {
                LoadErrorKind::NotJson {
                    line,
                    column,
                    msg: short,
                }
            }
        }
        Category::Data => LoadErrorKind::NotHar {
            json_path: json_path.to_string(),
            expected: format!(
                "{expected} ({})",
                msg.split(" at line").next().unwrap_or(&msg)
            ),
        },
    };
    LoadError::new(path, kind)
}
