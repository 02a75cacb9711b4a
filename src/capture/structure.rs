//! A structural scan of a HAR document: finds `log.entries` and the byte range of each entry
//! without deserializing anything, so the entries can be parsed in parallel. Strings are
//! skipped with `memchr` (a 24 KiB base64 body costs a few vector compares). Returns `None`
//! whenever the document does not have the expected shape; the caller then parses it fully,
//! which also produces the precise error.

use memchr::memchr2;

fn ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// `i` at an opening quote; the index after the closing quote.
fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    loop {
        let off = memchr2(b'"', b'\\', b.get(i..)?)?;
        i += off;
        if b[i] == b'\\' {
            i += 2;
        } else {
            return Some(i + 1);
        }
    }
}

/// `i` at the start of a value; the index after it. Iterative: nesting depth costs nothing.
fn value_end(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = string_end(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
            {
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

/// `obj` at a `{`: the start of the value of member `key` (compared as raw bytes).
fn member(b: &[u8], obj: usize, key: &[u8]) -> Option<usize> {
    if b.get(obj) != Some(&b'{') {
        return None;
    }
    let mut i = ws(b, obj + 1);
    loop {
        if *b.get(i)? == b'}' {
            return None;
        }
        if b[i] != b'"' {
            return None;
        }
        let key_end = string_end(b, i)?;
        let name = &b[i + 1..key_end - 1];
        i = ws(b, key_end);
        if *b.get(i)? != b':' {
            return None;
        }
        i = ws(b, i + 1);
        if name == key {
            return Some(i);
        }
        i = ws(b, value_end(b, i)?);
        match *b.get(i)? {
            b',' => i = ws(b, i + 1),
            b'}' => return None,
            _ => return None,
        }
    }
}

/// The `log.entries` array's byte range and the range of each element.
pub struct EntriesSplit {
    pub array: (usize, usize),
    pub entries: Vec<(usize, usize)>,
}

pub fn split_entries(b: &[u8]) -> Option<EntriesSplit> {
    let mut entries = Vec::new();
    let array = split_entries_each(b, |s, e| entries.push((s, e)))?;
    Some(EntriesSplit { array, entries })
}

/// As [`split_entries`], handing each element's range to `each` as soon as it is found (so
/// parsing can start while the scan goes on); returns the array's range. `each` may have been
/// called for some elements when the scan then gives up with `None`.
pub fn split_entries_each(b: &[u8], mut each: impl FnMut(usize, usize)) -> Option<(usize, usize)> {
    let top = ws(b, 0);
    let log = member(b, top, b"log")?;
    let arr = member(b, log, b"entries")?;
    if b.get(arr) != Some(&b'[') {
        return None;
    }
    let mut i = ws(b, arr + 1);
    if b.get(i) == Some(&b']') {
        return Some((arr, i + 1));
    }
    loop {
        let end = value_end(b, i)?;
        each(i, end);
        i = ws(b, end);
        match *b.get(i)? {
            b',' => i = ws(b, i + 1),
            b']' => return Some((arr, i + 1)),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_entries_behind_other_members_and_tricky_strings() {
        let doc = br#" {"x": {"log": 1}, "log": {"pages": [{"title": "a]}\"{["}], "entries": [ {"a": "}\\"}, 7 , [1,[2]] ] }}"#;
        let s = split_entries(doc).unwrap();
        let items: Vec<&str> = s
            .entries
            .iter()
            .map(|&(a, e)| std::str::from_utf8(&doc[a..e]).unwrap())
            .collect();
        assert_eq!(items, [r#"{"a": "}\\"}"#, "7", "[1,[2]]"]);
        assert_eq!(&doc[s.array.0..s.array.1][..1], b"[");
        assert!(split_entries(br#"{"log": {"entries": []}}"#)
            .unwrap()
            .entries
            .is_empty());
    }

    #[test]
    fn gives_up_on_anything_unexpected() {
        for bad in [
            &b"{\"log\": {\"entries\": [1, 2"[..],
            b"{\"log\": []}",
            b"[1]",
            b"{\"log\": {\"entries\": {}}}",
            b"{\"log\": {\"entries\": [\"unterminated]}}",
            b"",
        ] {
            assert!(
                split_entries(bad).is_none(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        let deep = format!("{{\"log\":{{\"entries\":[{}]}}}}", "[".repeat(1_000_000));
        assert!(split_entries(deep.as_bytes()).is_none());
    }
}
