//! `corsdx sanitize`: a HAR safe to attach to a ticket. Secret values are replaced (cookies,
//! Authorization, API-key headers and query parameters, passwords in URLs, JWT-shaped strings)
//! and bodies are dropped; header names, statuses, CORS headers and the chain structure stay, so
//! the sanitized capture diagnoses exactly like the original.
//!
//! It reads what `analyze` reads, as leniently: the document is first read by the HAR reader
//! ([`crate::capture::har::parse_har`]: same errors for a bad file, same entries skipped), then
//! split into its members and entries without building them (`RawValue`), and each part is built
//! as a JSON value at most [`MAX_DEPTH`] levels deep (deeper subtrees, which nothing reads, are
//! replaced by a marker). Every access is checked: any JSON value in any place is handled. An
//! entry that `analyze` skips, or that cannot be built, is dropped from the output and listed in
//! [`SanitizeOutcome::dropped`]; it is never copied through with its secrets.
#![deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use crate::capture::error::{LoadError, LoadErrorKind};
use crate::capture::input::Source;
use crate::model::Skipped;
use crate::redact;
use serde::de::{self, DeserializeSeed, IgnoredAny, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;
use std::path::Path;

const REMOVED_BODY: &str = "[removed by corsdx sanitize]";

/// Nesting kept in the output. The HAR fields corsdx reads are at most 6 levels deep; serde_json
/// refuses to build values deeper than 128, while `analyze` skips over any depth.
pub const MAX_DEPTH: usize = 64;

/// What replaces a subtree nested deeper than [`MAX_DEPTH`].
pub const TOO_DEEP: &str = "[removed by corsdx sanitize: nested too deeply]";

/// What a sanitize run did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SanitizeOutcome {
    /// Entries in the input's `log.entries`.
    pub entries: usize,
    /// Entries written to the output.
    pub kept: usize,
    /// Entries left out (index in the input's `log.entries`, and why), in input order.
    pub dropped: Vec<Skipped>,
}

/// A sanitized HAR and what was left out of it.
#[derive(Debug, Clone)]
pub struct Sanitized {
    pub har: Value,
    pub outcome: SanitizeOutcome,
}

/// Reads the HAR at `input` (a file, `.har.gz`, UTF-16, or `-` for standard input) and returns it
/// sanitized, with the messages of `analyze` for bad input. Writing it out (and listing
/// [`SanitizeOutcome::dropped`]) is the caller's.
pub fn sanitized_document(input: &Path) -> Result<Sanitized, LoadError> {
    let source = Source::open(input)?;
    let (har, outcome) = sanitize_bytes(&source.name, source.bytes())?;
    Ok(Sanitized { har, outcome })
}

/// Sanitizes a HAR document (the payload: no BOM, no JSONP wrapper, not compressed). `name`
/// names the input in errors.
pub fn sanitize_bytes(name: &str, bytes: &[u8]) -> Result<(Value, SanitizeOutcome), LoadError> {
    // The HAR reader first: the same messages as `analyze` for bad input, and the entries it
    // skips (they are dropped here too).
    let capture = crate::capture::har::parse_har(name, bytes)?;
    let mut skipped = capture.skipped.clone();
    drop(capture);
    skipped.sort_by_key(|s| s.entry);
    // The reader lets through bytes that are not UTF-8 inside values it does not read (bodies);
    // those values are removed or carried as U+FFFD here.
    let text: Cow<'_, str> = String::from_utf8_lossy(bytes);
    let not_har = |json_path: &str, expected: &str| {
        LoadError::new(
            name,
            LoadErrorKind::NotHar {
                json_path: json_path.into(),
                expected: expected.into(),
            },
        )
    };
    let top: Members<'_> = serde_json::from_str(&text).map_err(|e| {
        crate::capture::error::from_json(name, text.as_bytes(), &e, "$", "a HAR document")
    })?;
    let mut outcome = SanitizeOutcome::default();
    let mut out = Map::new();
    let mut saw_log = false;
    for (key, raw) in top.0 {
        if key != "log" {
            if let Some(mut v) = build(raw) {
                redact_strings(&mut v);
                out.insert(key, v);
            }
            continue;
        }
        saw_log = true;
        let log: Members<'_> =
            serde_json::from_str(raw.get()).map_err(|_| not_har("log", "an object"))?;
        let mut log_out = Map::new();
        for (lkey, lraw) in log.0 {
            match lkey.as_str() {
                "entries" => {
                    let raws: Vec<&RawValue> = serde_json::from_str(lraw.get())
                        .map_err(|_| not_har("log.entries", "an array of entries"))?;
                    let entries = sanitize_entries(&raws, &skipped, &mut outcome);
                    log_out.insert(lkey, Value::Array(entries));
                }
                "pages" => {
                    let mut pages = build(lraw).unwrap_or(Value::Null);
                    sanitize_pages(&mut pages);
                    log_out.insert(lkey, pages);
                }
                _ => {
                    if let Some(mut v) = build(lraw) {
                        redact_strings(&mut v);
                        log_out.insert(lkey, v);
                    }
                }
            }
        }
        out.insert(key, Value::Object(log_out));
    }
    if !saw_log {
        return Err(not_har("$", "an object with a \"log\" member"));
    }
    Ok((Value::Object(out), outcome))
}

fn sanitize_entries(
    raws: &[&RawValue],
    skipped: &[Skipped],
    outcome: &mut SanitizeOutcome,
) -> Vec<Value> {
    outcome.entries = raws.len();
    let mut kept = Vec::with_capacity(raws.len());
    let mut skipped = skipped.iter().peekable();
    for (i, raw) in raws.iter().enumerate() {
        while skipped.peek().is_some_and(|s| s.entry < i) {
            skipped.next();
        }
        if let Some(s) = skipped.next_if(|s| s.entry == i) {
            outcome.dropped.push(s.clone());
            continue;
        }
        match build_checked(raw) {
            Ok(Value::Object(mut entry)) => {
                sanitize_entry(&mut entry);
                kept.push(Value::Object(entry));
            }
            Ok(_) => outcome.dropped.push(Skipped {
                entry: i,
                reason: format!("log.entries[{i}]: not an object"),
            }),
            Err(e) => outcome.dropped.push(Skipped {
                entry: i,
                reason: format!("log.entries[{i}]: {e}"),
            }),
        }
    }
    outcome.kept = kept.len();
    kept
}

/// The members of a JSON object, in document order, unparsed.
struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for Members<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut out: Vec<(String, &'de RawValue)> = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, &'de RawValue>()? {
                    // A repeated key: the last one wins, as in every JSON reader corsdx uses.
                    out.retain(|(key, _)| *key != k);
                    out.push((k, v));
                }
                Ok(Members(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// Builds a JSON value at most [`MAX_DEPTH`] levels deep; `None` when it cannot be built (e.g. a
/// number out of range).
fn build(raw: &RawValue) -> Option<Value> {
    build_checked(raw).ok()
}

fn build_checked(raw: &RawValue) -> Result<Value, String> {
    let mut de = serde_json::Deserializer::from_str(raw.get());
    Pruned(MAX_DEPTH).deserialize(&mut de).map_err(|e| {
        e.to_string()
            .split(" at line")
            .next()
            .unwrap_or("")
            .to_string()
    })
}

/// A JSON value with the levels below the remaining depth replaced by [`TOO_DEEP`] (skipped
/// without recursion by serde_json).
#[derive(Clone, Copy)]
struct Pruned(usize);

impl<'de> DeserializeSeed<'de> for Pruned {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Pruned {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut s: A) -> Result<Value, A::Error> {
        let Some(depth) = self.0.checked_sub(1) else {
            while s.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(Value::String(TOO_DEEP.into()));
        };
        let mut out = Vec::new();
        while let Some(v) = s.next_element_seed(Pruned(depth))? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut m: A) -> Result<Value, A::Error> {
        let Some(depth) = self.0.checked_sub(1) else {
            while m.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(Value::String(TOO_DEEP.into()));
        };
        let mut out = Map::new();
        while let Some(k) = m.next_key::<String>()? {
            let v = m.next_value_seed(Pruned(depth))?;
            out.insert(k, v);
        }
        Ok(Value::Object(out))
    }
}

/// The string `analyze`'s lenient reader makes of a scalar (numbers and booleans as text, null
/// as empty); `None` for lists and objects (read as empty).
fn scalar_text(v: &Value) -> Option<Cow<'_, str>> {
    match v {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Null => Some(Cow::Borrowed("")),
        Value::Bool(b) => Some(Cow::Owned(b.to_string())),
        Value::Number(n) => Some(Cow::Owned(if let Some(i) = n.as_i64() {
            i.to_string()
        } else if let Some(u) = n.as_u64() {
            u.to_string()
        } else {
            n.as_f64().map(|f| f.to_string()).unwrap_or_default()
        })),
        Value::Array(_) | Value::Object(_) => None,
    }
}

/// Replaces a value with `redacted(text)` when that differs from the text `analyze` reads;
/// lists and objects (read as empty) become null.
fn redact_scalar(v: &mut Value, redacted: impl Fn(&str) -> String) {
    let new = match scalar_text(v) {
        Some(text) => {
            let r = redacted(&text);
            if r == text {
                return;
            }
            Value::String(r)
        }
        None => Value::Null,
    };
    *v = new;
}

fn redact_headers(list: &mut Value, base: Option<&url::Url>) {
    let Some(items) = list.as_array_mut() else {
        // Not a list: read as an empty one.
        *list = Value::Array(Vec::new());
        return;
    };
    // Items that are not objects are not read.
    items.retain(Value::is_object);
    for h in items.iter_mut().filter_map(Value::as_object_mut) {
        let name = h
            .get("name")
            .and_then(scalar_text)
            .map(Cow::into_owned)
            .unwrap_or_default();
        if let Some(v) = h.get_mut("value") {
            let lower = name.to_ascii_lowercase();
            if matches!(lower.as_str(), "location" | "referer" | "content-location") {
                redact_scalar(v, |u| redact_reference(u, base));
            } else {
                redact_scalar(v, |s| redact::header_value(&name, s));
            }
        }
    }
}

fn redact_pairs(list: &mut Value, secret: impl Fn(&str) -> bool) {
    let Some(items) = list.as_array_mut() else {
        *list = Value::Array(Vec::new());
        return;
    };
    items.retain(Value::is_object);
    for p in items.iter_mut().filter_map(Value::as_object_mut) {
        let name = p
            .get("name")
            .and_then(scalar_text)
            .map(Cow::into_owned)
            .unwrap_or_default();
        if let Some(v) = p.get_mut("value") {
            let is_secret = secret(&name);
            redact_scalar(v, |s| {
                if is_secret || redact::looks_like_jwt(s) {
                    redact::REDACTED.to_string()
                } else {
                    s.to_string()
                }
            });
        }
    }
}

/// A URL or a relative reference (`//host/p?q`, `/p?q`, `?q`, as `Location` and `redirectURL`
/// often hold) with its secrets redacted exactly as [`redact::url`] redacts the absolute URL it
/// resolves to against `base`: the redirect chain still links the hop to the next request, whose
/// URL is redacted the same way.
fn redact_reference(u: &str, base: Option<&url::Url>) -> String {
    if url::Url::parse(u).is_ok() {
        return redact::url(u);
    }
    if !u.bytes().any(|b| b == b'?' || b == b'@') && !u.contains("eyJ") {
        return u.to_string();
    }
    let fallback;
    let base = match base {
        Some(b) => b,
        None => match url::Url::parse("http://corsdx.invalid/") {
            Ok(b) => {
                fallback = b;
                &fallback
            }
            Err(_) => return redact::text(u),
        },
    };
    let Ok(abs) = base.join(u) else {
        return redact::text(u);
    };
    let abs = abs.to_string();
    let red = redact::url(&abs);
    if red == abs {
        return u.to_string();
    }
    if u.starts_with("//") {
        // Scheme-relative: the redacted URL without its scheme.
        if let Some((_, rest)) = red.split_once(':') {
            return rest.to_string();
        }
    }
    // Path- or query-relative: only the query can have changed; keep the reference's own form.
    let query_of = |s: &str| -> Option<String> {
        let no_frag = s.split('#').next().unwrap_or("");
        no_frag.split_once('?').map(|(_, q)| q.to_string())
    };
    match (u.split_once('?'), query_of(&red)) {
        (Some((head, rest)), Some(q)) => {
            let frag = rest.split_once('#').map(|(_, f)| format!("#{f}"));
            format!("{head}?{q}{}", frag.unwrap_or_default())
        }
        _ => redact::text(u),
    }
}

fn redact_url_field(m: &mut Map<String, Value>, key: &str) {
    if let Some(v) = m.get_mut(key) {
        redact_scalar(v, redact::url);
    }
}

/// Every string (not object keys) with URLs' secret parameters and JWT-shaped strings redacted:
/// fields corsdx does not know may hold them too.
fn redact_strings(v: &mut Value) {
    // Iterative: values are at most MAX_DEPTH deep, but no recursion is needed.
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) => {
                if s.contains("http") || s.contains("eyJ") {
                    let r = redact::message(s);
                    if r != *s {
                        *s = r;
                    }
                }
            }
            Value::Array(a) => stack.extend(a.iter_mut()),
            Value::Object(o) => stack.extend(o.values_mut()),
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
}

fn sanitize_pages(pages: &mut Value) {
    let Some(items) = pages.as_array_mut() else {
        // Not a list: read as no pages.
        *pages = Value::Array(Vec::new());
        return;
    };
    items.retain(Value::is_object);
    for p in items.iter_mut() {
        if let Some(m) = p.as_object_mut() {
            redact_url_field(m, "title");
        }
        redact_strings(p);
    }
}

/// The request URL of an entry, the base of its relative references.
fn request_url(e: &Map<String, Value>) -> Option<url::Url> {
    let u = e.get("request")?.get("url")?.as_str()?;
    url::Url::parse(u).ok()
}

fn sanitize_request(req: &mut Value, base: Option<&url::Url>) {
    let Some(m) = req.as_object_mut() else {
        // `analyze` skips an entry whose request is not an object; never reached for the
        // entries kept, handled anyway.
        *req = Value::Object(Map::new());
        return;
    };
    redact_url_field(m, "url");
    if let Some(h) = m.get_mut("headers") {
        redact_headers(h, base);
    }
    if let Some(c) = m.get_mut("cookies") {
        redact_pairs(c, |_| true);
    }
    if let Some(q) = m.get_mut("queryString") {
        redact_pairs(q, redact::is_secret_param);
    }
    if let Some(pd) = m.get_mut("postData") {
        match pd.as_object_mut() {
            Some(pd) => {
                if pd.contains_key("text") {
                    pd.insert("text".into(), Value::String(REMOVED_BODY.into()));
                }
                if pd.contains_key("params") {
                    pd.insert("params".into(), Value::Array(Vec::new()));
                }
            }
            // A body given as a string (or anything but an object) is read as no body.
            None => *pd = Value::Null,
        }
    }
}

fn sanitize_response(resp: &mut Value, base: Option<&url::Url>) {
    let Some(m) = resp.as_object_mut() else {
        // Read as an empty response.
        *resp = Value::Null;
        return;
    };
    if let Some(h) = m.get_mut("headers") {
        redact_headers(h, base);
    }
    if let Some(c) = m.get_mut("cookies") {
        redact_pairs(c, |_| true);
    }
    if let Some(v) = m.get_mut("redirectURL") {
        redact_scalar(v, |u| redact_reference(u, base));
    }
    if let Some(c) = m.get_mut("content") {
        match c.as_object_mut() {
            Some(c) => {
                if c.contains_key("text") {
                    c.insert("text".into(), Value::String(REMOVED_BODY.into()));
                    c.remove("encoding");
                }
            }
            None => *c = Value::Null,
        }
    }
}

/// Redacts one HAR entry in place.
fn sanitize_entry(e: &mut Map<String, Value>) {
    if let Some(init) = e.get_mut("_initiator") {
        match init {
            Value::Object(i) => {
                redact_url_field(i, "url");
                if let Some(stack) = i.get_mut("stack") {
                    *stack = Value::Null;
                }
            }
            // chrome-har and WebPageTest write the initiator as a string (a URL, or "other").
            Value::String(s) => *s = redact::message(s),
            _ => *init = Value::Null,
        }
    }
    let base = request_url(e);
    if let Some(req) = e.get_mut("request") {
        sanitize_request(req, base.as_ref());
    }
    if let Some(resp) = e.get_mut("response") {
        sanitize_response(resp, base.as_ref());
    }
    if let Some(ws) = e.get_mut("_webSocketMessages") {
        *ws = Value::Array(Vec::new());
    }
    for v in e.values_mut() {
        redact_strings(v);
    }
}

/// Redacts one HAR document in place (kept for callers holding a parsed document): the same
/// treatment as [`sanitize_bytes`], except that entries are not checked against the HAR reader.
/// Entries that are not objects are removed.
pub fn sanitize(har: &mut Value) {
    let Some(log) = har.get_mut("log").and_then(Value::as_object_mut) else {
        return;
    };
    if let Some(pages) = log.get_mut("pages") {
        sanitize_pages(pages);
    }
    if let Some(entries) = log.get_mut("entries").and_then(Value::as_array_mut) {
        entries.retain(Value::is_object);
        for e in entries.iter_mut().filter_map(Value::as_object_mut) {
            sanitize_entry(e);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn run(doc: &str) -> (Value, SanitizeOutcome) {
        sanitize_bytes("t.har", doc.as_bytes()).unwrap()
    }

    fn entries(v: &Value) -> &Vec<Value> {
        v["log"]["entries"].as_array().unwrap()
    }

    #[test]
    fn removes_secrets_and_bodies_and_keeps_cors_evidence() {
        let (har, outcome) = run(
            r#"{"log":{"pages":[{"id":"p","title":"https://app.x/?token=abc"}],"entries":[{
          "request":{"method":"GET","url":"https://api.x/a?api_key=k1&q=1","headers":[{"name":"Authorization","value":"Bearer s3cr3t"},{"name":"Cookie","value":"sid=xyz"},{"name":"Origin","value":"https://app.x"}],
            "cookies":[{"name":"sid","value":"xyz"}],"queryString":[{"name":"api_key","value":"k1"},{"name":"q","value":"1"}],"postData":{"mimeType":"application/json","text":"{\"password\":\"p\"}"}},
          "response":{"status":200,"headers":[{"name":"Set-Cookie","value":"sid=xyz; Path=/"},{"name":"Access-Control-Allow-Origin","value":"https://app.x"}],"cookies":[{"name":"sid","value":"xyz"}],
            "content":{"mimeType":"application/json","text":"eyJzZWNyZXQiOiJ4In0=","encoding":"base64"},"redirectURL":""},
          "_custom":{"note":"see https://x.y/?access_token=t0k3n and eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"}}]}}"#,
        );
        assert_eq!((outcome.entries, outcome.kept), (1, 1));
        let text = har.to_string();
        for secret in [
            "s3cr3t",
            "xyz",
            "k1",
            "password",
            "eyJzZWNyZXQ",
            "token=abc",
            "t0k3n",
            "c2lnbmF0dXJl",
        ] {
            assert!(!text.contains(secret), "{secret} left in {text}");
        }
        assert!(text.contains("Access-Control-Allow-Origin"));
        assert!(text.contains("\"Authorization\""));
        assert!(text.contains("Bearer [redacted]"));
        assert!(text.contains("q=1"));
    }

    /// Issue 14: any JSON value in any place; `request: 1` used to panic ("cannot access key
    /// url in JSON number").
    #[test]
    fn odd_values_anywhere_never_panic_and_bad_entries_are_dropped_and_listed() {
        let odd = [
            "1",
            "null",
            "\"x\"",
            "[]",
            "{}",
            "{\"request\":1,\"response\":{}}",
            "{\"request\":{\"url\":\"http://a.x/?token=SECRET1\"},\"request\":{}}",
            "{\"request\":{},\"response\":1,\"_initiator\":\"http://a.x/app.js?token=SECRET2\"}",
            "{\"request\":{\"url\":[1],\"headers\":{\"a\":1},\"cookies\":\"c=SECRET3\",\"queryString\":[1,{\"name\":\"token\",\"value\":{\"v\":\"SECRET4\"}}],\"postData\":\"SECRET5\"},\"response\":{\"headers\":[7,{\"name\":\"Authorization\",\"value\":12345}],\"content\":\"SECRET6\",\"redirectURL\":{}},\"_initiator\":[\"SECRET7\"]}",
        ];
        let doc = format!(
            r#"{{"log":{{"pages":[1,"x",{{"title":5}}],"entries":[{}]}}}}"#,
            odd.join(",")
        );
        let (har, outcome) = run(&doc);
        let text = har.to_string();
        for s in [
            "SECRET1", "SECRET2", "SECRET3", "SECRET4", "SECRET5", "SECRET6", "SECRET7",
        ] {
            assert!(!text.contains(s), "{s} left in {text}");
        }
        assert!(!text.contains("12345"), "{text}");
        let dropped: Vec<usize> = outcome.dropped.iter().map(|d| d.entry).collect();
        // Not objects (0–3), no request (4), a request that is not an object (5), a repeated
        // key (6).
        assert_eq!(dropped, vec![0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(outcome.kept, 2);
        assert_eq!(entries(&har).len(), 2);
        for d in &outcome.dropped {
            assert!(
                d.reason.starts_with(&format!("log.entries[{}]", d.entry)),
                "{d:?}"
            );
        }
        // What analyze reads of the sanitized output: the kept entries, none skipped.
        let again = har.to_string();
        let c = crate::capture::har::parse_har("s", again.as_bytes()).unwrap();
        assert_eq!((c.entries.len(), c.skipped.len()), (2, 0));
        assert_eq!(c.pages.len(), 1);
    }

    /// Found by the corpus round trip (WebPageTest, nytimes.com): a scheme-relative `Location`
    /// kept its `key=` while the next hop's URL lost it, and the redirect chain came apart.
    #[test]
    fn relative_references_are_redacted_like_the_url_they_resolve_to() {
        let base = url::Url::parse("https://a.x/dir/page?x=1").unwrap();
        let next = redact::url("https://b.x/s?type=gif&key=k1&uid=7");
        assert_eq!(
            redact_reference("//b.x/s?type=gif&key=k1&uid=7", Some(&base)),
            next.trim_start_matches("https:")
        );
        assert_eq!(
            redact_reference("/s?token=t&a=1#f", Some(&base)),
            "/s?token=%5Bredacted%5D&a=1#f"
        );
        assert_eq!(redact_reference("?sid=1", None), "?sid=%5Bredacted%5D");
        assert_eq!(redact_reference("/plain?a=1", Some(&base)), "/plain?a=1");
        assert_eq!(redact_reference("no query", None), "no query");
    }

    #[test]
    fn deep_nesting_is_pruned_not_refused() {
        let deep = format!("{}1{}", "[".repeat(1000), "]".repeat(1000));
        let doc = format!(
            r#"{{"log":{{"x":{deep},"entries":[{{"request":{{"method":"GET","url":"http://a.x/","y":{deep}}},"_z":{deep}}}]}}}}"#
        );
        let (har, outcome) = run(&doc);
        assert_eq!(outcome.kept, 1);
        let text = serde_json::to_string(&har).unwrap();
        assert!(text.contains(TOO_DEEP));
        assert!(text.len() < 2000, "{}", text.len());
        let c = crate::capture::har::parse_har("s", text.as_bytes()).unwrap();
        assert_eq!(c.entries[0].request.url, "http://a.x/");
    }

    #[test]
    fn bytes_that_are_not_utf8_in_a_body_are_let_through_like_analyze() {
        let mut doc = br#"{"log":{"entries":[{"request":{"method":"GET","url":"http://a.x/"},"response":{"status":200,"content":{"text":"ab"#.to_vec();
        doc.extend_from_slice(b"\xff\xfe");
        doc.extend_from_slice(br#""}}}]}}"#);
        let (har, outcome) = sanitize_bytes("t", &doc).unwrap();
        assert_eq!(outcome.kept, 1);
        assert_eq!(
            har["log"]["entries"][0]["response"]["content"]["text"],
            REMOVED_BODY
        );
    }

    #[test]
    fn a_number_serde_json_cannot_hold_drops_the_entry_and_says_why() {
        let doc = r#"{"log":{"entries":[{"request":{"method":"GET","url":"http://a.x/"},"n":1e400},{"request":{"method":"GET","url":"http://b.x/"}}]}}"#;
        let (har, outcome) = run(doc);
        assert_eq!(entries(&har).len(), 1);
        assert_eq!(outcome.dropped.len(), 1);
        assert_eq!(outcome.dropped[0].entry, 0);
        assert!(
            outcome.dropped[0].reason.contains("number out of range"),
            "{:?}",
            outcome.dropped
        );
    }

    #[test]
    fn bad_documents_fail_like_analyze() {
        for doc in [
            "",
            "{",
            "[1]",
            "{\"log\":1}",
            "{\"log\":{\"entries\":3}}",
            "hello",
        ] {
            let e = sanitize_bytes("bad.har", doc.as_bytes()).unwrap_err();
            assert!(e.to_string().starts_with("bad.har"), "{e}");
        }
    }

    #[test]
    fn the_value_api_handles_odd_shapes() {
        for doc in [
            "1",
            "{\"log\":1}",
            "{\"log\":{\"entries\":[1,{\"request\":1,\"response\":\"x\"}],\"pages\":7}}",
        ] {
            let mut v: Value = serde_json::from_str(doc).unwrap();
            sanitize(&mut v);
        }
    }
}
