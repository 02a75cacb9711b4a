//! Opening inputs: plain files are memory-mapped; gzip (detected by its magic bytes) is
//! inflated as a stream, up to a limit ([`Limits`]); UTF-16 with a byte-order mark is decoded to
//! UTF-8; `-` reads standard input; a UTF-8 BOM and a JSONP wrapper (`cb({...})`) are skipped
//! without copying.
#![deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use super::error::{LoadError, LoadErrorKind};
use std::io::Read;
use std::path::Path;

/// What an input holds, sniffed from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Har,
    /// A mitmproxy dump (`mitmdump -w`): tnetstring flows.
    Flow,
    Console,
    /// A Chrome NetLog: a JSON object whose first key is `constants` or `events`.
    NetLog,
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
const UTF16LE_BOM: [u8; 2] = [0xFF, 0xFE];
const UTF16BE_BOM: [u8; 2] = [0xFE, 0xFF];

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;
const GIB: u64 = 1024 * MIB;

/// How far compressed input may inflate. The data inflated is held in memory (the HAR reader
/// borrows from it), so these bound the memory an input can take.
///
/// The defaults: real HARs compress 3:1 to 15:1 (../shared/corpus: 15 MB of 41 HARs gzip to
/// 2.6 MB; the most compressible, a WebPageTest file, 10:1; a harness capture 14:1), and even
/// 200,000 identical entries — the most repetitive HAR there can be — reach 229:1, while deflate
/// itself tops out near 1032:1, where gzip bombs sit. So the inflated size may be at most
/// `max_ratio` (100) times the compressed size, with a floor (`min_allowed`, 64 MiB) so small
/// files are never refused, and never more than `max_inflated` (1 GiB), which no real capture
/// reaches compressed. Both can be set with the environment variables `CORSDX_MAX_INFLATED`
/// (bytes, or with a K/M/G/KiB/MiB/GiB suffix; 0 = no absolute limit) and `CORSDX_MAX_RATIO`
/// (0 = no ratio limit), or by a caller building its own `Limits`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Inflated bytes allowed in all (0: no limit).
    pub max_inflated: u64,
    /// Inflated bytes allowed per compressed byte (0: no limit).
    pub max_ratio: u64,
    /// The ratio limit never goes below this.
    pub min_allowed: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_inflated: GIB,
            max_ratio: 100,
            min_allowed: 64 * MIB,
        }
    }
}

/// The environment variable overriding [`Limits::max_inflated`].
pub const MAX_INFLATED_VAR: &str = "CORSDX_MAX_INFLATED";
/// The environment variable overriding [`Limits::max_ratio`].
pub const MAX_RATIO_VAR: &str = "CORSDX_MAX_RATIO";

impl Limits {
    /// The defaults, overridden by `CORSDX_MAX_INFLATED` and `CORSDX_MAX_RATIO`. A value that is
    /// not a size is an error naming the variable.
    pub fn from_env() -> Result<Limits, LoadError> {
        let mut l = Limits::default();
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        if let Some(v) = var(MAX_INFLATED_VAR) {
            l.max_inflated = parse_size(&v).ok_or_else(|| bad_setting(MAX_INFLATED_VAR, &v))?;
        }
        if let Some(v) = var(MAX_RATIO_VAR) {
            l.max_ratio = v
                .trim()
                .parse()
                .map_err(|_| bad_setting(MAX_RATIO_VAR, &v))?;
        }
        Ok(l)
    }

    /// The inflated bytes allowed for `compressed` bytes of input, and which limit set it.
    pub fn allowed(&self, compressed: u64) -> (u64, &'static str) {
        let absolute = if self.max_inflated == 0 {
            u64::MAX
        } else {
            self.max_inflated
        };
        let relative = if self.max_ratio == 0 {
            u64::MAX
        } else {
            compressed
                .saturating_mul(self.max_ratio)
                .max(self.min_allowed)
        };
        if relative < absolute {
            (relative, MAX_RATIO_VAR)
        } else {
            (absolute, MAX_INFLATED_VAR)
        }
    }
}

fn bad_setting(var: &str, value: &str) -> LoadError {
    LoadError::new(
        var,
        LoadErrorKind::BadSetting(format!(
            "'{value}' is not a size (expected bytes, or a number with K, M, G, KiB, MiB or GiB)"
        )),
    )
}

/// `123`, `64K`, `500MiB`, `2G`, `1.5GiB` (K/M/G are binary multiples, as memory is).
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let mult = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => KIB,
        "m" | "mb" | "mib" => MIB,
        "g" | "gb" | "gib" => GIB,
        "t" | "tb" | "tib" => GIB * 1024,
        _ => return None,
    };
    if let Ok(n) = num.parse::<u64>() {
        return n.checked_mul(mult);
    }
    let f: f64 = num.parse().ok()?;
    let v = f * mult as f64;
    (v.is_finite() && v >= 0.0 && v < u64::MAX as f64).then_some(v as u64)
}

/// A size for messages: `1 GiB`, `64 MiB`, `1234 bytes`.
pub fn show_size(n: u64) -> String {
    for (unit, name) in [(GIB, "GiB"), (MIB, "MiB"), (KIB, "KiB")] {
        if n >= unit && n % unit == 0 {
            return format!("{} {name}", n / unit);
        }
        if n >= unit {
            return format!("{:.1} {name}", n as f64 / unit as f64);
        }
    }
    format!("{n} bytes")
}

impl Source {
    /// Opens a file, or standard input for `-`, with the limits of [`Limits::from_env`].
    pub fn open(path: &Path) -> Result<Source, LoadError> {
        Source::open_with(path, &Limits::from_env()?)
    }

    /// Opens a file, or standard input for `-`.
    pub fn open_with(path: &Path, limits: &Limits) -> Result<Source, LoadError> {
        let name = path.display().to_string();
        if name == "-" {
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut buf)
                .map_err(|e| LoadError::new("-", LoadErrorKind::Io(e.to_string())))?;
            return Source::from_bytes_with("-", buf, limits);
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
            let bytes = gunzip(&name, &map, limits)?;
            return Source::new(name, Data::Owned(bytes));
        }
        Source::new(name, Data::Mapped(map))
    }

    /// An input already in memory (standard input, tests), with the default [`Limits`] (the
    /// environment is not read).
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<Source, LoadError> {
        Source::from_bytes_with(name, bytes, &Limits::default())
    }

    /// An input already in memory, inflated within `limits`.
    pub fn from_bytes_with(
        name: &str,
        bytes: Vec<u8>,
        limits: &Limits,
    ) -> Result<Source, LoadError> {
        if bytes.starts_with(&GZIP_MAGIC) {
            let inflated = gunzip(name, &bytes, limits)?;
            return Source::new(name.to_string(), Data::Owned(inflated));
        }
        Source::new(name.to_string(), Data::Owned(bytes))
    }

    fn new(name: String, data: Data) -> Result<Source, LoadError> {
        let all: &[u8] = match &data {
            Data::Mapped(m) => m,
            Data::Owned(v) => v,
        };
        if all.starts_with(&UTF16LE_BOM) || all.starts_with(&UTF16BE_BOM) {
            let text = decode_utf16(&name, all)?;
            return Source::new(name, Data::Owned(text.into_bytes()));
        }
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

    /// Every byte of the input (after gzip), for formats that are not text (mitmproxy dumps).
    pub fn raw(&self) -> &[u8] {
        self.all()
    }

    /// The payload: BOM and JSONP wrapper removed.
    pub fn bytes(&self) -> &[u8] {
        self.all().get(self.start..self.end).unwrap_or_default()
    }

    /// A mitmproxy dump when it is a tnetstring dictionary, a NetLog or HAR when the payload is
    /// a JSON object; console text otherwise.
    pub fn kind(&self) -> InputKind {
        if super::mitm_flow::looks_like_flow(self.all()) {
            return InputKind::Flow;
        }
        let head = self.bytes().get(..256).unwrap_or(self.bytes());
        if super::netlog::looks_like_netlog(head) {
            return InputKind::NetLog;
        }
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

/// Opens a file for streaming when it holds a Chrome NetLog (gzip inflated on the fly), without
/// reading or mapping the rest of it: a NetLog of hundreds of megabytes is read a block at a
/// time. `None` for any other input, and for standard input.
pub fn open_netlog(path: &Path) -> Option<Box<dyn Read>> {
    let name = path.display().to_string();
    if name == "-" {
        return None;
    }
    let open = || std::fs::File::open(path).ok();
    let mut magic = [0u8; 2];
    let gz = open()?.read_exact(&mut magic).is_ok() && magic == GZIP_MAGIC;
    let reader = |f: std::fs::File| -> Box<dyn Read> {
        if gz {
            Box::new(flate2::read::MultiGzDecoder::new(std::io::BufReader::new(
                f,
            )))
        } else {
            Box::new(f)
        }
    };
    let mut head = Vec::with_capacity(512);
    reader(open()?).take(512).read_to_end(&mut head).ok()?;
    let (start, end) = payload(&head);
    let bom = head.starts_with(b"\xEF\xBB\xBF");
    if !super::netlog::looks_like_netlog(head.get(start..end.max(start))?) {
        return None;
    }
    let mut r = reader(open()?);
    if bom {
        let mut skip = [0u8; 3];
        r.read_exact(&mut skip).ok()?;
    }
    Some(r)
}

/// Inflates gzip (one or more members) as a stream, stopping as soon as the output passes the
/// limit: memory stays within the limit whatever the input claims.
fn gunzip(name: &str, bytes: &[u8], limits: &Limits) -> Result<Vec<u8>, LoadError> {
    let (allowed, var) = limits.allowed(bytes.len() as u64);
    let too_large = || {
        LoadError::new(
            name,
            LoadErrorKind::TooLarge {
                limit: allowed,
                compressed: bytes.len() as u64,
                var,
            },
        )
    };
    let mut decoder = flate2::read::MultiGzDecoder::new(bytes);
    // The size a single-member file declares (ISIZE, its last 4 bytes, mod 4 GiB) sizes the
    // buffer at once when it is within the limit: no copy as it grows. Only a hint: a lie costs
    // at most the limit, and the data decides.
    let declared = bytes
        .len()
        .checked_sub(4)
        .and_then(|at| bytes.get(at..))
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map(|b| u64::from(u32::from_le_bytes(b)))
        .filter(|&n| n <= allowed && n > 0);
    let first = declared.unwrap_or_else(|| (bytes.len() as u64).saturating_mul(4).min(allowed));
    // The first buffer is filled in place; what does not fit goes to fixed-size chunks, joined
    // once at the end. No buffer is ever copied while growing, so a bomb stopped at the limit
    // has taken about the limit, not twice it.
    const CHUNK: usize = 8 << 20;
    let mut out: Vec<u8> = Vec::with_capacity(usize::try_from(first).unwrap_or(0));
    let mut chunks: Vec<Vec<u8>> = Vec::new();
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match decoder.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(LoadError::new(name, LoadErrorKind::Gzip(e.to_string()))),
        };
        total += n as u64;
        if total > allowed {
            return Err(too_large());
        }
        let mut data = buf.get(..n).unwrap_or_default();
        while !data.is_empty() {
            let target = match chunks.last_mut() {
                None if out.len() < out.capacity() => &mut out,
                Some(c) if c.len() < c.capacity() => c,
                _ => {
                    chunks.push(Vec::with_capacity(CHUNK));
                    match chunks.last_mut() {
                        Some(c) => c,
                        None => continue,
                    }
                }
            };
            let room = target.capacity() - target.len();
            let (now, rest) = data.split_at(room.min(data.len()));
            target.extend_from_slice(now);
            data = rest;
        }
    }
    if !chunks.is_empty() {
        let mut all = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
        all.append(&mut out);
        for c in chunks {
            all.extend_from_slice(&c);
        }
        out = all;
    }
    Ok(out)
}

/// UTF-16 (the byte-order mark says which order) decoded to UTF-8, the mark dropped. A lone
/// surrogate or an odd trailing byte is an error naming its line and column.
fn decode_utf16(name: &str, all: &[u8]) -> Result<String, LoadError> {
    let le = all.starts_with(&UTF16LE_BOM);
    let body = all.get(2..).unwrap_or_default();
    let units = body.chunks(2).map(|c| match (c.first(), c.get(1)) {
        (Some(&a), Some(&b)) => Ok(if le {
            u16::from_le_bytes([a, b])
        } else {
            u16::from_be_bytes([a, b])
        }),
        _ => Err(()),
    });
    let mut out = String::with_capacity(body.len() / 2 + body.len() / 4);
    let mut odd = false;
    let units = units.filter_map(|u| u.map_err(|()| odd = true).ok());
    let mut bad = false;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => out.push(c),
            Err(_) => {
                bad = true;
                break;
            }
        }
    }
    if bad || odd {
        let (line, column) = super::error::line_col(out.as_bytes(), out.len());
        return Err(LoadError::new(
            name,
            LoadErrorKind::InvalidUtf16 {
                line,
                column,
                encoding: if le { "UTF-16LE" } else { "UTF-16BE" },
            },
        ));
    }
    Ok(out)
}

/// The range of the payload: after a UTF-8 BOM, inside a JSONP `callback( … )` wrapper.
fn payload(all: &[u8]) -> (usize, usize) {
    let at = |i: usize| all.get(i).copied().unwrap_or(0);
    let mut start = if all.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let mut end = all.len();
    while start < end && at(start).is_ascii_whitespace() {
        start += 1;
    }
    while end > start && at(end - 1).is_ascii_whitespace() {
        end -= 1;
    }
    // JSONP: an identifier (dots allowed), optional spaces, '(' … ')' [';'].
    let ident_len = all
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'.'))
        .count();
    if ident_len > 0 {
        let mut i = start + ident_len;
        while i < end && at(i).is_ascii_whitespace() {
            i += 1;
        }
        if i < end && at(i) == b'(' {
            let mut e = end;
            if at(e - 1) == b';' {
                e -= 1;
            }
            while e > i && at(e - 1).is_ascii_whitespace() {
                e -= 1;
            }
            if e > i + 1 && at(e - 1) == b')' {
                let inner = all.get(i + 1..e - 1).unwrap_or_default();
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
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod limit_tests {
    use super::*;
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(data).unwrap();
        gz.finish().unwrap()
    }

    /// `members` concatenated gzip members, each `mib` MiB of zeros.
    pub(crate) fn bomb(members: usize, mib: usize) -> Vec<u8> {
        let one = gz(&vec![0u8; mib << 20]);
        one.repeat(members)
    }

    #[test]
    fn the_allowed_size_is_relative_with_a_floor_and_absolute() {
        let l = Limits::default();
        assert_eq!(l.allowed(1000), (64 * MIB, MAX_RATIO_VAR));
        assert_eq!(l.allowed(2 * MIB), (200 * MIB, MAX_RATIO_VAR));
        assert_eq!(l.allowed(100 * MIB), (GIB, MAX_INFLATED_VAR));
        let none = Limits {
            max_inflated: 0,
            max_ratio: 0,
            min_allowed: 0,
        };
        assert_eq!(none.allowed(u64::MAX).0, u64::MAX);
    }

    #[test]
    fn sizes_parse_with_binary_units() {
        assert_eq!(parse_size("123"), Some(123));
        assert_eq!(parse_size("64K"), Some(64 * KIB));
        assert_eq!(parse_size(" 500MiB "), Some(500 * MIB));
        assert_eq!(parse_size("2g"), Some(2 * GIB));
        assert_eq!(parse_size("1.5GiB"), Some(GIB + GIB / 2));
        assert_eq!(parse_size("0"), Some(0));
        for bad in ["", "x", "-1", "1 parsec", "99999999999999999999T", "1e3"] {
            assert_eq!(parse_size(bad), None, "{bad}");
        }
        assert_eq!(show_size(GIB), "1 GiB");
        assert_eq!(show_size(3 * MIB / 2), "1.5 MiB");
        assert_eq!(show_size(10), "10 bytes");
    }

    #[test]
    fn inflating_stops_at_the_limit_and_names_it() {
        let small = Limits {
            max_inflated: 8 * MIB,
            max_ratio: 100,
            min_allowed: MIB,
        };
        // 64 MiB from ~64 KB: over the ratio (100 × ~64 KB ≈ 6 MB) and the absolute limit.
        let b = bomb(16, 4);
        let e = Source::from_bytes_with("bomb.har.gz", b.clone(), &small)
            .err()
            .unwrap();
        assert!(
            matches!(e.kind, LoadErrorKind::TooLarge { var, .. } if var == MAX_RATIO_VAR),
            "{e:?}"
        );
        let msg = e.to_string();
        assert!(msg.starts_with("bomb.har.gz: "), "{msg}");
        assert!(msg.contains(MAX_RATIO_VAR), "{msg}");
        let no_ratio = Limits {
            max_ratio: 0,
            ..small
        };
        let e = Source::from_bytes_with("bomb.har.gz", b.clone(), &no_ratio)
            .err()
            .unwrap();
        assert!(e.to_string().contains("8 MiB"), "{e}");
        assert!(e.to_string().contains(MAX_INFLATED_VAR), "{e}");
        // Under the limit: read whole, multi-member.
        let json = br#"{"log":{"entries":[]}}"#;
        let mut two = gz(json);
        two.extend(gz(b" "));
        let s = Source::from_bytes_with("ok.har.gz", two, &small).unwrap();
        assert_eq!(s.bytes(), json);
        let exact = gz(&vec![b' '; 1000]);
        let tight = Limits {
            max_inflated: 1000,
            max_ratio: 0,
            min_allowed: 0,
        };
        // Exactly at the limit is allowed (then empty, as it is all blanks).
        assert_eq!(
            Source::from_bytes_with("x", exact.clone(), &tight)
                .err()
                .unwrap()
                .kind,
            LoadErrorKind::Empty
        );
        let tighter = Limits {
            max_inflated: 999,
            ..tight
        };
        assert!(matches!(
            Source::from_bytes_with("x", exact, &tighter)
                .err()
                .unwrap()
                .kind,
            LoadErrorKind::TooLarge { limit: 999, .. }
        ));
    }

    /// More than the first buffer and several chunks, the declared size wrong (multi-member):
    /// the bytes come out whole and in order.
    #[test]
    fn inflating_past_the_first_buffer_keeps_every_byte() {
        let mut doc = br#"{"log":{"entries":[]},"pad":""#.to_vec();
        doc.extend((0..20u32 << 20).map(|i| b'a' + (i % 23) as u8));
        doc.extend_from_slice(br#""}"#);
        let (head, tail) = doc.split_at(doc.len() - 3);
        let mut two = gz(head);
        two.extend(gz(tail));
        let s = Source::from_bytes("big.har.gz", two).unwrap();
        assert_eq!(s.bytes().len(), doc.len());
        assert!(s.bytes() == doc.as_slice());
    }

    fn utf16(text: &str, le: bool) -> Vec<u8> {
        let mut out = if le {
            UTF16LE_BOM.to_vec()
        } else {
            UTF16BE_BOM.to_vec()
        };
        for u in text.encode_utf16() {
            out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    #[test]
    fn utf16_with_a_bom_is_decoded_both_orders_har_and_console() {
        let har = "{\"log\":{\"entries\":[],\"comment\":\"caf\u{e9} \u{1F600}\"}}\r\n";
        let console = "Access to fetch at 'https://api.x/' from origin 'https://app.x' has been blocked by CORS policy: \u{2026}\r\n";
        for le in [true, false] {
            let s = Source::from_bytes("h.har", utf16(har, le)).unwrap();
            assert_eq!(s.kind(), InputKind::Har);
            assert_eq!(s.text().unwrap(), har.trim_end());
            let c = Source::from_bytes("c.log", utf16(console, le)).unwrap();
            assert_eq!(c.kind(), InputKind::Console);
            assert_eq!(c.text().unwrap(), console.trim_end());
            // Gzipped UTF-16 too.
            let z = Source::from_bytes("h.har.gz", gz(&utf16(har, le))).unwrap();
            assert_eq!(z.text().unwrap(), har.trim_end());
        }
    }

    #[test]
    fn broken_utf16_names_the_place() {
        // A lone high surrogate on line 2.
        let mut b = utf16("ab\ncd", true);
        b.extend(0xD800u16.to_le_bytes());
        b.extend(u16::from(b'x').to_le_bytes());
        let e = Source::from_bytes("c.log", b).err().unwrap();
        assert_eq!(
            e.kind,
            LoadErrorKind::InvalidUtf16 {
                line: 2,
                column: 3,
                encoding: "UTF-16LE"
            }
        );
        assert!(
            e.to_string().starts_with("c.log:2:3: invalid UTF-16LE"),
            "{e}"
        );
        // An odd last byte.
        let mut b = utf16("{}", false);
        b.push(0);
        let e = Source::from_bytes("h.har", b).err().unwrap();
        assert!(matches!(e.kind, LoadErrorKind::InvalidUtf16 { .. }), "{e}");
        // Only a BOM: empty.
        assert_eq!(
            Source::from_bytes("e", UTF16LE_BOM.to_vec())
                .err()
                .unwrap()
                .kind,
            LoadErrorKind::Empty
        );
    }
}
