//! The lenient HAR reader. HAR 1.1/1.2 from every producer: unknown fields ignored, wrong-but-real
//! types tolerated (numbers as strings, `null` for objects and strings), bodies never
//! materialized, strings borrowed from the input where the JSON has no escapes.
//!
//! `log.entries` is first split into raw entry slices (serde_json's `RawValue`, which only scans),
//! then the entries are deserialized in parallel; an entry that cannot be read is reported in
//! [`Capture::skipped`] and the rest load.
#![deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use super::error::{from_json, LoadError, LoadErrorKind};
use crate::model::{Capture, Entry, Header, Headers, Page, Producer, Request, Response, Skipped};
use rayon::prelude::*;
use serde::de::{self, Deserializer, IgnoredAny, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

/// Visitor methods turning every scalar (and null) into `$value`: lenient readers treat a
/// wrong-but-real type as absent.
macro_rules! scalars_become {
    ($value:expr) => {
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($value)
        }
    };
}

/// A string that tolerates numbers, booleans and `null` (→ empty).
#[derive(Debug, Default, Clone)]
struct LStr<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for LStr<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LStr<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(LStr(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(LStr(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(LStr(Cow::Owned(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(LStr(Cow::Owned(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(LStr(Cow::Owned(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(LStr(Cow::Owned(v.to_string())))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(LStr(Cow::Owned(v.to_string())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(LStr::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(LStr::default())
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(V)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                while m.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(LStr::default())
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut s: A) -> Result<Self::Value, A::Error> {
                while s.next_element::<IgnoredAny>()?.is_some() {}
                Ok(LStr::default())
            }
        }
        d.deserialize_any(V)
    }
}

/// A number that tolerates strings (`"200"`), floats and `null` (→ the default).
#[derive(Debug, Default, Clone, Copy)]
struct LNum(Option<f64>);

impl<'de> Deserialize<'de> for LNum {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LNum;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<LNum, E> {
                Ok(LNum(Some(v as f64)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<LNum, E> {
                Ok(LNum(Some(v as f64)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<LNum, E> {
                Ok(LNum(Some(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LNum, E> {
                let t = v.trim();
                Ok(LNum(t.parse::<f64>().ok().or_else(|| {
                    // "200 OK" style.
                    t.split_whitespace().next().and_then(|w| w.parse().ok())
                })))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<LNum, E> {
                Ok(LNum(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<LNum, E> {
                Ok(LNum(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<LNum, E> {
                Ok(LNum(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<LNum, D::Error> {
                d.deserialize_any(V)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut m: A) -> Result<LNum, A::Error> {
                while m.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(LNum(None))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut s: A) -> Result<LNum, A::Error> {
                while s.next_element::<IgnoredAny>()?.is_some() {}
                Ok(LNum(None))
            }
        }
        d.deserialize_any(V)
    }
}

impl LNum {
    fn int(self, default: i64) -> i64 {
        self.0.map(|f| f as i64).unwrap_or(default)
    }
}

/// An object that may be `null` or of another type (→ default).
#[derive(Debug, Default)]
struct Lenient<T>(T);

impl<'de, T: Deserialize<'de> + Default> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Objects are read as `T`; anything else (null, a string, a list) becomes the default.
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de> + Default> Visitor<'de> for V<T> {
            type Value = Lenient<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, m: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(m)).map(Lenient)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut s: A) -> Result<Self::Value, A::Error> {
                while s.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Lenient(T::default()))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            scalars_become!(Lenient(T::default()));
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

#[derive(Deserialize, Default)]
struct HarHeader<'a> {
    #[serde(borrow, default)]
    name: LStr<'a>,
    #[serde(borrow, default)]
    value: LStr<'a>,
}

/// A list that may be `null` or not a list (→ empty); items that do not fit are dropped.
#[derive(Default)]
struct LList<T>(Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for LList<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = LList<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut s: A) -> Result<Self::Value, A::Error> {
                // Header lists hold 10–30 items and live as long as the capture: gather them in
                // a scratch buffer (freed at once, so the allocator hands the same block to the
                // next list) and keep an exactly sized copy, rather than growing 4 → 8 → 16 → 32.
                let mut scratch = Vec::with_capacity(32);
                while let Some(item) = s.next_element::<MaybeItem<T>>()? {
                    if let Some(i) = item.0 {
                        scratch.push(i);
                    }
                }
                let mut out = Vec::with_capacity(scratch.len());
                out.append(&mut scratch);
                Ok(LList(out))
            }
            scalars_become!(LList(Vec::new()));
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                while m.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(LList(Vec::new()))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// An item of a list that is an object; anything else is dropped (read in the same pass).
struct MaybeItem<T>(Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for MaybeItem<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = MaybeItem<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, m: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(m)).map(|t| MaybeItem(Some(t)))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut s: A) -> Result<Self::Value, A::Error> {
                while s.next_element::<IgnoredAny>()?.is_some() {}
                Ok(MaybeItem(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            scalars_become!(MaybeItem(None));
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

#[derive(Deserialize, Default)]
struct PostData<'a> {
    #[serde(borrow, default, rename = "mimeType")]
    mime_type: LStr<'a>,
}

#[derive(Deserialize, Default)]
struct HarRequest<'a> {
    #[serde(borrow, default)]
    method: LStr<'a>,
    #[serde(borrow, default)]
    url: LStr<'a>,
    #[serde(borrow, default, rename = "httpVersion")]
    http_version: LStr<'a>,
    #[serde(borrow, default)]
    headers: LList<HarHeader<'a>>,
    #[serde(default)]
    cookies: LList<IgnoredAny>,
    #[serde(borrow, default, rename = "postData")]
    post_data: Option<Lenient<PostData<'a>>>,
    #[serde(default, rename = "headersSize")]
    headers_size: LNum,
    #[serde(default, rename = "bodySize")]
    body_size: LNum,
}

#[derive(Deserialize, Default)]
struct Content<'a> {
    #[serde(borrow, default, rename = "mimeType")]
    mime_type: LStr<'a>,
}

#[derive(Deserialize, Default)]
struct HarResponse<'a> {
    #[serde(default)]
    status: LNum,
    #[serde(borrow, default, rename = "statusText")]
    status_text: LStr<'a>,
    #[serde(borrow, default, rename = "httpVersion")]
    http_version: LStr<'a>,
    #[serde(borrow, default)]
    headers: LList<HarHeader<'a>>,
    #[serde(default)]
    cookies: LList<IgnoredAny>,
    #[serde(borrow, default)]
    content: Lenient<Content<'a>>,
    #[serde(borrow, default, rename = "redirectURL")]
    redirect_url: LStr<'a>,
    #[serde(default, rename = "headersSize")]
    headers_size: LNum,
    #[serde(default, rename = "bodySize")]
    body_size: LNum,
    #[serde(default, rename = "_transferSize")]
    transfer_size: LNum,
    #[serde(borrow, default, rename = "_error")]
    error: Option<LStr<'a>>,
    #[serde(borrow, default, rename = "_failureText")]
    failure_text: Option<LStr<'a>>,
}

#[derive(Deserialize, Default)]
struct Initiator<'a> {
    #[serde(borrow, default, rename = "type")]
    kind: Option<LStr<'a>>,
    #[serde(borrow, default)]
    url: Option<LStr<'a>>,
}

#[derive(Deserialize)]
struct HarEntry<'a> {
    #[serde(borrow, default)]
    pageref: Option<LStr<'a>>,
    #[serde(borrow, default, rename = "startedDateTime")]
    started: LStr<'a>,
    #[serde(default)]
    time: LNum,
    #[serde(borrow)]
    request: HarRequest<'a>,
    #[serde(borrow, default)]
    response: Lenient<HarResponse<'a>>,
    #[serde(borrow, default, rename = "serverIPAddress")]
    server_ip: Option<LStr<'a>>,
    #[serde(borrow, default, rename = "_resourceType")]
    resource_type: Option<LStr<'a>>,
    #[serde(borrow, default, rename = "_initiator")]
    initiator: Option<Lenient<Initiator<'a>>>,
    #[serde(borrow, default, rename = "_fromCache")]
    from_cache: Option<LStr<'a>>,
}

#[derive(Deserialize, Default)]
struct NameVersion<'a> {
    #[serde(borrow, default)]
    name: LStr<'a>,
    #[serde(borrow, default)]
    version: LStr<'a>,
}

#[derive(Deserialize, Default)]
struct HarPage<'a> {
    #[serde(borrow, default)]
    id: LStr<'a>,
    #[serde(borrow, default)]
    title: LStr<'a>,
    #[serde(borrow, default, rename = "startedDateTime")]
    started: LStr<'a>,
}

#[derive(Deserialize)]
struct HarLog<'a> {
    #[serde(borrow, default)]
    creator: Lenient<NameVersion<'a>>,
    #[serde(borrow, default)]
    browser: Option<Lenient<NameVersion<'a>>>,
    #[serde(borrow, default)]
    pages: LList<HarPage<'a>>,
    #[serde(borrow)]
    entries: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct HarFile<'a> {
    #[serde(borrow)]
    log: HarLog<'a>,
}

/// Who wrote the capture, from `log.creator` and `log.browser`.
pub fn producer(creator: &str, browser: &str) -> Producer {
    let c = creator.to_ascii_lowercase();
    let b = browser.to_ascii_lowercase();
    if c.contains("playwright") {
        Producer::Playwright
    } else if c == "webinspector" {
        Producer::Chromium
    } else if c.contains("webkit") || c.contains("safari") {
        Producer::Safari
    } else if c.contains("firefox") || c.contains("firebug") {
        Producer::Firefox
    } else if c.contains("chrome-har")
        || c.contains("chrome har")
        || c.contains("browsertime")
        || c.contains("webpagetest")
        || c.contains("puppeteer")
        || c.contains("lighthouse")
    {
        Producer::ChromiumTool
    } else if [
        "mitmproxy",
        "charles",
        "fiddler",
        "http toolkit",
        "httptoolkit",
        "insomnia",
        "proxyman",
        "burp",
        "zap",
    ]
    .iter()
    .any(|p| c.contains(p))
    {
        Producer::Proxy
    } else if b.contains("firefox") {
        Producer::Firefox
    } else {
        Producer::Unknown
    }
}

/// Milliseconds since the epoch of an ISO 8601 date as HAR producers write it.
pub fn parse_date(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(
            d.timestamp_millis() as f64 + (d.timestamp_subsec_micros() % 1000) as f64 / 1000.0,
        );
    }
    // "+0100" offsets without a colon, or no offset at all (taken as UTC).
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M:%S%z"] {
        if let Ok(d) = chrono::DateTime::parse_from_str(s, fmt) {
            return Some(d.timestamp_millis() as f64);
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S%.f",
    ] {
        if let Ok(d) = chrono::NaiveDateTime::parse_from_str(s, fmt) {
            return Some(d.and_utc().timestamp_millis() as f64);
        }
    }
    None
}

fn headers(list: LList<HarHeader<'_>>) -> Headers<'_> {
    list.0
        .into_iter()
        .map(|h| Header {
            name: h.name.0,
            value: h.value.0,
        })
        .collect()
}

fn some(s: Option<LStr<'_>>) -> Option<Cow<'_, str>> {
    s.map(|s| s.0)
}

fn non_empty(s: Option<LStr<'_>>) -> Option<Cow<'_, str>> {
    s.map(|s| s.0).filter(|s| !s.is_empty())
}

fn convert(index: usize, e: HarEntry<'_>) -> Entry<'_> {
    let r = e.response.0;
    let error = match (r.error, r.failure_text) {
        (Some(e), _) => Some(e.0),
        (None, Some(f)) if !f.0.is_empty() => Some(f.0),
        _ => None,
    };
    let initiator = e.initiator.map(|i| i.0).unwrap_or_default();
    Entry {
        index,
        pageref: non_empty(e.pageref),
        started_ms: parse_date(&e.started.0),
        started: e.started.0,
        time_ms: e.time.0.unwrap_or(0.0),
        resource_type: non_empty(e.resource_type),
        initiator_type: non_empty(initiator.kind),
        initiator_url: non_empty(initiator.url),
        from_cache: non_empty(e.from_cache),
        server_ip: some(e.server_ip),
        request: Request {
            method: e.request.method.0,
            url: e.request.url.0,
            http_version: e.request.http_version.0,
            headers: headers(e.request.headers),
            cookie_count: e.request.cookies.0.len(),
            post_mime: e
                .request
                .post_data
                .map(|p| p.0.mime_type.0)
                .filter(|m| !m.is_empty()),
            headers_size: e.request.headers_size.int(-1),
            body_size: e.request.body_size.int(-1),
        },
        response: Response {
            status: r.status.int(0),
            status_text: r.status_text.0,
            http_version: r.http_version.0,
            headers: headers(r.headers),
            cookie_count: r.cookies.0.len(),
            redirect_url: r.redirect_url.0,
            error,
            headers_size: r.headers_size.int(-1),
            body_size: r.body_size.int(-1),
            transfer_size: r.transfer_size.0.map(|f| f as i64),
            mime_type: r.content.0.mime_type.0,
        },
        log: None,
    }
}

/// Entries per parse job.
const BATCH: usize = 256;

/// Reads a HAR document.
pub fn parse_har<'a>(name: &str, bytes: &'a [u8]) -> Result<Capture<'a>, LoadError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(LoadError::new(name, LoadErrorKind::Empty));
    }
    // Fast path: a structural scan finds each entry and hands them, a batch at a time, to
    // parallel workers while it goes on; everything outside `log.entries` (creator, pages) is
    // parsed on its own. serde_json checks the UTF-8 of every string it reads (the scan only
    // splits at ASCII bytes); bytes inside values nothing reads (a response body) are not checked.
    // Anything unexpected — a shape the scan does not know, an entry that fails on a byte that is
    // not UTF-8 — falls back to one full parse, which also gives the precise error.
    let parser = EntryParser::new(true);
    if let Some((array, batches)) = scan_and_parse(bytes, &parser) {
        let (a, e) = array;
        // The scan's offsets are inside `bytes`; were they not, the full parse below reads it.
        let (before, after) = (
            bytes.get(..a).unwrap_or_default(),
            bytes.get(e..).unwrap_or_default(),
        );
        let mut head = Vec::with_capacity(before.len() + 2 + after.len());
        head.extend_from_slice(before);
        head.extend_from_slice(b"[]");
        head.extend_from_slice(after);
        let in_range = a <= e && e <= bytes.len();
        if in_range && std::str::from_utf8(&head).is_ok() && !parser.not_utf8() {
            if let Ok(file) = serde_json::from_slice::<HarFile<'_>>(&head) {
                return Ok(assemble(owned_head(file.log), batches, parser));
            }
        }
    }
    let file: HarFile<'a> = match serde_json::from_slice(bytes) {
        Ok(f) => f,
        Err(e) => return Err(diagnose(name, bytes, e)),
    };
    let raw: Vec<&'a [u8]> = file
        .log
        .entries
        .iter()
        .map(|r| r.get().as_bytes())
        .collect();
    // serde_json has checked the whole document's UTF-8.
    let parser = EntryParser::new(false);
    let batches = raw
        .par_chunks(BATCH)
        .enumerate()
        .map(|(k, chunk)| (k * BATCH, parser.batch(k * BATCH, chunk)))
        .collect();
    Ok(assemble(owned_head(file.log), batches, parser))
}

/// The structural scan with the entries parsed as they are found: the array's range and the
/// parsed batches (by first index), or `None` when the scan gives up.
#[allow(clippy::type_complexity)]
fn scan_and_parse<'a>(
    bytes: &'a [u8],
    parser: &EntryParser,
) -> Option<((usize, usize), Vec<(usize, Vec<Entry<'a>>)>)> {
    let done = std::sync::Mutex::new(Vec::new());
    let mut array = None;
    let mut out_of_range = false;
    rayon::scope(|s| {
        let done = &done;
        let mut batch: Vec<&'a [u8]> = Vec::with_capacity(BATCH);
        let mut first = 0;
        let flush = |batch: Vec<&'a [u8]>, first: usize| {
            s.spawn(move |_| {
                let entries = parser.batch(first, &batch);
                lock(done).push((first, entries));
            })
        };
        array = super::structure::split_entries_each(bytes, |a, e| {
            let Some(entry) = bytes.get(a..e) else {
                // Never happens (the scan's offsets are inside `bytes`); the full parse reads it.
                out_of_range = true;
                return;
            };
            batch.push(entry);
            if batch.len() == BATCH {
                flush(
                    std::mem::replace(&mut batch, Vec::with_capacity(BATCH)),
                    first,
                );
                first += BATCH;
            }
        });
        if array.is_some() && !batch.is_empty() {
            flush(batch, first);
        }
    });
    if out_of_range {
        return None;
    }
    Some((array?, done.into_inner().unwrap_or_else(|p| p.into_inner())))
}

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Parses entries; the ones that do not parse are set aside with the reason.
struct EntryParser {
    check_utf8: bool,
    not_utf8: std::sync::atomic::AtomicBool,
    skipped: std::sync::Mutex<Vec<Skipped>>,
}

impl EntryParser {
    fn new(check_utf8: bool) -> Self {
        EntryParser {
            check_utf8,
            not_utf8: Default::default(),
            skipped: Default::default(),
        }
    }

    fn not_utf8(&self) -> bool {
        self.not_utf8.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The entries of `raw`, the first of which is `log.entries[first]`.
    fn batch<'a>(&self, first: usize, raw: &[&'a [u8]]) -> Vec<Entry<'a>> {
        let mut out = Vec::with_capacity(raw.len());
        for (k, bytes) in raw.iter().enumerate() {
            let i = first + k;
            match serde_json::from_slice::<HarEntry<'a>>(bytes) {
                Ok(e) => out.push(convert(i, e)),
                // serde_json checks every string it reads; an entry that fails because of a byte
                // that is not UTF-8 sends the document to the full parse, which says where.
                Err(_) if self.check_utf8 && std::str::from_utf8(bytes).is_err() => {
                    self.not_utf8
                        .store(true, std::sync::atomic::Ordering::Relaxed);
                }
                Err(err) => lock(&self.skipped).push(Skipped {
                    entry: i,
                    reason: format!(
                        "log.entries[{i}]: {}",
                        err.to_string().split(" at line").next().unwrap_or("")
                    ),
                }),
            }
        }
        out
    }
}

/// What a HAR holds besides its entries, owned (it may come from a temporary buffer).
struct Head {
    creator: String,
    creator_version: String,
    browser: Option<String>,
    pages: Vec<Page<'static>>,
}

fn owned_head(log: HarLog<'_>) -> Head {
    let creator = log.creator.0;
    Head {
        creator: creator.name.0.into_owned(),
        creator_version: creator.version.0.into_owned(),
        browser: log.browser.map(|b| b.0.name.0.into_owned()),
        pages: log
            .pages
            .0
            .into_iter()
            .map(|p| Page {
                id: Cow::Owned(p.id.0.into_owned()),
                title: Cow::Owned(p.title.0.into_owned()),
                started: Cow::Owned(p.started.0.into_owned()),
            })
            .collect(),
    }
}

/// The capture from its head and its parsed batches, in `log.entries` order.
fn assemble<'a>(
    head: Head,
    mut batches: Vec<(usize, Vec<Entry<'a>>)>,
    parser: EntryParser,
) -> Capture<'a> {
    let producer = producer(&head.creator, head.browser.as_deref().unwrap_or(""));
    batches.sort_unstable_by_key(|b| b.0);
    let mut entries = Vec::with_capacity(batches.iter().map(|b| b.1.len()).sum());
    for (_, batch) in batches {
        entries.extend(batch);
    }
    let mut skipped = parser
        .skipped
        .into_inner()
        .unwrap_or_else(|p| p.into_inner());
    skipped.sort_by_key(|s| s.entry);
    // `Entry::index` keeps each entry's place in `log.entries` when some were skipped.
    let mut capture = Capture {
        creator: Cow::Owned(head.creator),
        creator_version: Cow::Owned(head.creator_version),
        browser: head.browser.map(Cow::Owned),
        producer,
        pages: head.pages,
        entries,
        skipped,
    };
    super::proxy::normalize(&mut capture);
    capture
}

/// Explains why a document is not a readable HAR.
fn diagnose(name: &str, bytes: &[u8], e: serde_json::Error) -> LoadError {
    if e.classify() != serde_json::error::Category::Data {
        return from_json(name, bytes, &e, "", "");
    }
    // Valid JSON of the wrong shape: say which part is missing.
    let v: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e2) => return from_json(name, bytes, &e2, "", ""),
    };
    let (path, expected) = match &v {
        serde_json::Value::Object(o) => match o.get("log") {
            None => (
                "$".to_string(),
                "an object with a \"log\" member".to_string(),
            ),
            Some(serde_json::Value::Object(l)) => match l.get("entries") {
                None => ("log".into(), "a \"log.entries\" array".into()),
                Some(serde_json::Value::Array(_)) => ("log".into(), format!("HAR fields ({e})")),
                Some(_) => ("log.entries".into(), "an array of entries".into()),
            },
            Some(_) => ("log".into(), "an object".into()),
        },
        _ => ("$".into(), "a JSON object with a \"log\" member".into()),
    };
    LoadError::new(
        name,
        LoadErrorKind::NotHar {
            json_path: path,
            expected,
        },
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn har(entries: &str) -> String {
        format!(
            r#"{{"log":{{"version":"1.2","creator":{{"name":"WebInspector","version":"537.36"}},"pages":[{{"id":"page_1","title":"http://app.x/"}}],"entries":[{entries}]}}}}"#
        )
    }

    /// Many batches, parsed while the scan goes on: the order and the skipped indices are those
    /// of `log.entries`, and the full-parse fallback reads the same capture.
    #[test]
    fn batches_keep_the_order_of_log_entries() {
        let items: Vec<String> = (0..1000)
            .map(|i| {
                if i % 97 == 5 {
                    "7".to_string()
                } else {
                    format!(r#"{{"request":{{"method":"GET","url":"http://a.x/{i}"}}}}"#)
                }
            })
            .collect();
        let doc = har(&items.join(","));
        let fast = parse_har("t", doc.as_bytes()).unwrap();
        // An escaped key hides `entries` from the byte-level scan: the full parse reads it.
        let slow_doc = doc.replace(r#""entries":"#, r#""entri\u0065s":"#);
        assert!(crate::capture::structure::split_entries(slow_doc.as_bytes()).is_none());
        let slow = parse_har("t", slow_doc.as_bytes()).unwrap();
        for c in [&fast, &slow] {
            let skipped: Vec<usize> = c.skipped.iter().map(|s| s.entry).collect();
            assert_eq!(
                skipped,
                (0..1000).filter(|i| i % 97 == 5).collect::<Vec<_>>()
            );
            assert_eq!(c.entries.len() + skipped.len(), 1000);
            for e in &c.entries {
                assert_eq!(e.request.url, format!("http://a.x/{}", e.index));
            }
            assert!(c.entries.windows(2).all(|w| w[0].index < w[1].index));
        }
    }

    /// A byte that is not UTF-8 in a value corsdx reads fails the document with its place; in
    /// a body nothing reads, it is let through (serde_json checks the strings it reads).
    #[test]
    fn invalid_utf8_fails_only_where_it_is_read() {
        let entry = |url: &[u8], body: &[u8]| {
            let mut e = br#"{"request":{"method":"GET","url":""#.to_vec();
            e.extend_from_slice(url);
            e.extend_from_slice(br#""},"response":{"status":200,"content":{"text":""#);
            e.extend_from_slice(body);
            e.extend_from_slice(br#""}}}"#);
            e
        };
        let doc = |e: Vec<u8>| {
            let mut d = br#"{"log":{"entries":["#.to_vec();
            d.extend_from_slice(&e);
            d.extend_from_slice(b"]}}");
            d
        };
        let in_body = doc(entry(b"http://a.x/", b"ab\xffcd"));
        let ok = parse_har("t", &in_body).unwrap();
        assert_eq!(ok.entries.len(), 1);
        let in_url = doc(entry(b"http://a.x/\xff", b"abc"));
        let err = parse_har("t", &in_url).unwrap_err();
        assert!(
            matches!(err.kind, LoadErrorKind::InvalidUtf8 { .. }),
            "{err}"
        );
    }

    const GOOD: &str = r#"{"startedDateTime":"2026-11-23T07:00:00.123Z","time":12.5,"_resourceType":"fetch","_initiator":{"type":"script","url":"http://app.x/app.js"},"pageref":"page_1",
      "request":{"method":"PUT","url":"http://api.x/items/1","httpVersion":"HTTP/1.1","headers":[{"name":"Origin","value":"http://app.x"},{"name":"Content-Type","value":"application/json"}],"cookies":[{"name":"a","value":"b"}],"postData":{"mimeType":"application/json","text":"{\"secret\":1}"},"bodySize":12},
      "response":{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","headers":[{"name":"Access-Control-Allow-Origin","value":"a"},{"name":"access-control-allow-origin","value":"b"}],"cookies":[],"content":{"size":3,"mimeType":"application/json","text":"abc"},"redirectURL":"","headersSize":-1,"bodySize":-1,"_transferSize":0,"_error":"net::ERR_FAILED"}}"#;

    #[test]
    fn reads_a_chromium_entry_and_borrows_strings() {
        let text = har(GOOD);
        let c = parse_har("t.har", text.as_bytes()).unwrap();
        assert_eq!(c.producer, Producer::Chromium);
        let e = &c.entries[0];
        assert_eq!(e.request.method, "PUT");
        assert!(matches!(e.request.url, Cow::Borrowed(_)));
        assert_eq!(e.request.cookie_count, 1);
        assert_eq!(e.request.post_mime.as_deref(), Some("application/json"));
        assert_eq!(e.response.headers.count("access-control-allow-origin"), 2);
        assert_eq!(
            e.response
                .headers
                .combined("access-control-allow-origin")
                .unwrap(),
            "a, b"
        );
        assert_eq!(e.response.error.as_deref(), Some("net::ERR_FAILED"));
        assert_eq!(e.resource_type.as_deref(), Some("fetch"));
        assert_eq!(e.initiator_url.as_deref(), Some("http://app.x/app.js"));
        assert_eq!(e.started_ms, Some(1_795_417_200_123.0));
        assert_eq!(c.pages[0].title, "http://app.x/");
    }

    #[test]
    fn tolerates_wrong_but_real_types() {
        let odd = r#"{"startedDateTime":"2013-03-05T10:22:47.157-08:00","time":"5","request":{"method":"GET","url":"http://a/","headers":null,"cookies":null,"postData":null,"bodySize":"0"},"response":{"status":"304","statusText":null,"headers":[{"name":"X","value":5},7],"content":null,"redirectURL":null,"_error":null},"_initiator":null,"pageref":""}"#;
        let text = har(odd);
        let c = parse_har("t.har", text.as_bytes()).unwrap();
        let e = &c.entries[0];
        assert_eq!(e.response.status, 304);
        assert_eq!(e.response.headers.get("x"), Some("5"));
        assert_eq!(e.response.error, None);
        assert_eq!(e.pageref, None);
        assert!(e.started_ms.is_some());
        assert_eq!(e.time_ms, 5.0);
    }

    #[test]
    fn skips_one_malformed_entry_and_keeps_the_rest() {
        let text = har(&format!("{GOOD}, {{\"request\": 5}}, {GOOD}"));
        let c = parse_har("t.har", text.as_bytes()).unwrap();
        assert_eq!(c.entries.len(), 2);
        assert_eq!(c.entries[1].index, 2);
        assert_eq!(c.skipped.len(), 1);
        assert_eq!(c.skipped[0].entry, 1);
        assert!(c.skipped[0].reason.starts_with("log.entries[1]"));
    }

    #[test]
    fn bad_documents_name_the_place() {
        type Check = fn(&LoadErrorKind) -> bool;
        let cases: &[(&[u8], Check)] = &[
            (b"{\"log\": {\"entries\": [", |k| {
                matches!(k, LoadErrorKind::Truncated { .. })
            }),
            (b"hello world", |k| {
                matches!(k, LoadErrorKind::NotJson { .. })
            }),
            (b"{\"foo\": 1}", |k| {
                matches!(k, LoadErrorKind::NotHar { .. })
            }),
            (
                b"{\"log\": {\"entries\": 3}}",
                |k| matches!(k, LoadErrorKind::NotHar { json_path, .. } if json_path == "log.entries"),
            ),
            (b"[1,2]", |k| matches!(k, LoadErrorKind::NotHar { .. })),
            (b"{\"log\": {\"entries\": [\"\xff\xfe\"]}}", |k| {
                matches!(k, LoadErrorKind::InvalidUtf8 { .. })
            }),
        ];
        for (bytes, ok) in cases {
            let e = parse_har("bad.har", bytes).unwrap_err();
            assert!(ok(&e.kind), "{:?} → {e}", String::from_utf8_lossy(bytes));
            assert!(e.to_string().starts_with("bad.har"), "{e}");
        }
        // Deep nesting never overflows the stack, open or closed, anywhere in the document.
        for deep in [
            format!("{{\"log\":{}}}", "[".repeat(100_000)),
            format!("{{\"log\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000)),
            format!(
                "{{\"log\":{{\"entries\":[{{\"request\":{}{}}}]}}}}",
                "{\"a\":".repeat(50_000),
                "}".repeat(50_000)
            ),
            "[".repeat(1_000_000),
        ] {
            let e = parse_har("deep.har", deep.as_bytes());
            match e {
                Err(e) => assert!(e.to_string().starts_with("deep.har"), "{e}"),
                Ok(c) => assert_eq!(c.entries.len() + c.skipped.len(), 1),
            }
        }
    }

    #[test]
    fn producers_from_creator_names() {
        assert_eq!(producer("WebInspector", ""), Producer::Chromium);
        assert_eq!(producer("Firefox", "Firefox"), Producer::Firefox);
        assert_eq!(producer("Firebug", "Firefox"), Producer::Firefox);
        assert_eq!(producer("WebKit Web Inspector", ""), Producer::Safari);
        assert_eq!(producer("Playwright", "chromium"), Producer::Playwright);
        assert_eq!(producer("Charles Proxy", ""), Producer::Proxy);
        assert_eq!(producer("mitmproxy", ""), Producer::Proxy);
        assert_eq!(producer("Browsertime", "Chrome"), Producer::ChromiumTool);
        assert_eq!(
            producer("Internet Explorer Network Inspector", "Internet Explorer"),
            Producer::Unknown
        );
    }
}
