//! Opening inputs: plain files are memory-mapped; gzip (detected by its magic bytes) is
//! inflated; `-` reads standard input; a UTF-8 BOM and a JSONP wrapper (`cb({...})`) are skipped
//! without copying.

use super::error::{LoadError, LoadErrorKind};
use std::io::Read;
use std::path::Path;

/// What an input holds, sniffed from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Har,
    Console,
}

enum Data {
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
}

/// An opened input: its bytes and the payload range inside them.
pub struct Source {
    pub name: String,
    data: Data,
    start: usize,
    end: usize,
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

impl Source {
    /// Opens a file, or standard input for `-`.
    pub fn open(path: &Path) -> Result<Source, LoadError> {
        let name = path.display().to_string();
        if name == "-" {
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut buf)
                .map_err(|e| LoadError::new("-", LoadErrorKind::Io(e.to_string())))?;
            return Source::from_bytes("-", buf);
        }
        let meta = std::fs::metadata(path).map_err(|e| {
            let kind = if e.kind() == std::io::ErrorKind::NotFound {
                LoadErrorKind::NotFound
            } else {
                LoadErrorKind::Io(e.to_string())
            };
            LoadError::new(&name, kind)
        })?;
        if meta.is_dir() {
            return Err(LoadError::new(&name, LoadErrorKind::IsDirectory));
        }
        let file = std::fs::File::open(path)
            .map_err(|e| LoadError::new(&name, LoadErrorKind::Io(e.to_string())))?;
        if meta.len() == 0 {
            return Err(LoadError::new(&name, LoadErrorKind::Empty));
        }
        // SAFETY: the map is read-only; a file truncated underneath us is the usual mmap caveat,
        // accepted here as every mmap-based reader does.
        let map = unsafe { memmap2::Mmap::map(&file) }
            .map_err(|e| LoadError::new(&name, LoadErrorKind::Io(e.to_string())))?;
        if map.starts_with(&GZIP_MAGIC) {
            let bytes = gunzip(&name, &map)?;
            return Source::from_bytes(&name, bytes);
        }
        Source::new(name, Data::Mapped(map))
    }

    /// An input already in memory (standard input, tests).
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<Source, LoadError> {
        if bytes.starts_with(&GZIP_MAGIC) {
            let inflated = gunzip(name, &bytes)?;
            return Source::new(name.to_string(), Data::Owned(inflated));
        }
        Source::new(name.to_string(), Data::Owned(bytes))
    }

    fn new(name: String, data: Data) -> Result<Source, LoadError> {
        let all: &[u8] = match &data {
            Data::Mapped(m) => m,
            Data::Owned(v) => v,
        };
        let (start, end) = payload(all);
        if start >= end {
            return Err(LoadError::new(name, LoadErrorKind::Empty));
        }
        Ok(Source {
            name,
            data,
            start,
            end,
        })
    }

    fn all(&self) -> &[u8] {
        match &self.data {
            Data::Mapped(m) => m,
            Data::Owned(v) => v,
        }
    }

    /// The payload: BOM and JSONP wrapper removed.
    pub fn bytes(&self) -> &[u8] {
        &self.all()[self.start..self.end]
    }

    /// HAR when the payload is a JSON object; console text otherwise.
    pub fn kind(&self) -> InputKind {
        match self.bytes().iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => InputKind::Har,
            _ => InputKind::Console,
        }
    }

    /// The payload as text (console logs). Invalid UTF-8 is an error naming line and column.
    pub fn text(&self) -> Result<&str, LoadError> {
        std::str::from_utf8(self.bytes()).map_err(|e| {
            let (line, column) = super::error::line_col(self.bytes(), e.valid_up_to());
            LoadError::new(&self.name, LoadErrorKind::InvalidUtf8 { line, column })
        })
    }
}

fn gunzip(name: &str, bytes: &[u8]) -> Result<Vec<u8>, LoadError> {
    let mut out = Vec::with_capacity(bytes.len() * 4);
    flate2::read::MultiGzDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(|e| LoadError::new(name, LoadErrorKind::Gzip(e.to_string())))?;
    Ok(out)
}

/// The range of the payload: after a UTF-8 BOM, inside a JSONP `callback( … )` wrapper.
fn payload(all: &[u8]) -> (usize, usize) {
    let mut start = if all.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let mut end = all.len();
    while start < end && all[start].is_ascii_whitespace() {
        start += 1;
    }
    while end > start && all[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    // JSONP: an identifier (dots allowed), optional spaces, '(' … ')' [';'].
    let ident_len = all[start..end]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'.'))
        .count();
    if ident_len > 0 {
        let mut i = start + ident_len;
        while i < end && all[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < end && all[i] == b'(' {
            let mut e = end;
            if all[e - 1] == b';' {
                e -= 1;
            }
            while e > i && all[e - 1].is_ascii_whitespace() {
                e -= 1;
            }
            if e > i + 1 && all[e - 1] == b')' {
                let inner = &all[i + 1..e - 1];
                if inner.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
                    start = i + 1;
                    end = e - 1;
                }
            }
        }
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &[u8]) -> &[u8] {
        let (a, b) = payload(s);
        &s[a..b]
    }

    #[test]
    fn strips_bom_whitespace_and_jsonp() {
        assert_eq!(p(b"\xEF\xBB\xBF{\"log\":{}}"), b"{\"log\":{}}");
        assert_eq!(p(b"  {\"a\":1}\n"), b"{\"a\":1}");
        assert_eq!(p(b"onInputData({\"log\":{}});"), b"{\"log\":{}}");
        assert_eq!(p(b"cb.x ( {\"log\":{}} )\n"), b" {\"log\":{}} ");
        // Console text that happens to start with a word and a parenthesis is left alone.
        assert_eq!(
            p(b"app.js:16 (anonymous) failed"),
            b"app.js:16 (anonymous) failed"
        );
    }

    #[test]
    fn sniffs_kind_and_inflates_gzip() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"{\"log\":{\"entries\":[]}}").unwrap();
        let s = Source::from_bytes("x.har.gz", gz.finish().unwrap()).unwrap();
        assert_eq!(s.kind(), InputKind::Har);
        assert_eq!(s.bytes(), b"{\"log\":{\"entries\":[]}}");
        let c = Source::from_bytes("c.log", b"Access to fetch at 'x'".to_vec()).unwrap();
        assert_eq!(c.kind(), InputKind::Console);
        let bad = Source::from_bytes("b.gz", vec![0x1f, 0x8b, 1, 2, 3]);
        assert!(matches!(bad.err().unwrap().kind, LoadErrorKind::Gzip(_)));
        assert_eq!(
            Source::from_bytes("e", b"  \n".to_vec())
                .err()
                .unwrap()
                .kind,
            LoadErrorKind::Empty
        );
    }
}
