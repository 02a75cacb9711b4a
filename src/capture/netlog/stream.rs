//! The top level of a NetLog, read as a stream: `{"constants": {…}, "events": [{…}, …],
//! "polledData": {…}}`. Each event reaches the caller as its own bytes, so memory holds one event
//! (and the constants) at a time whatever the size of the file. A log Chrome left without its
//! closing brackets (it exited during the capture) ends the stream early; the reader says so.

use std::io::{self, Read};

const BUF: usize = 64 * 1024;

/// What the stream hands to its caller.
pub enum Item<'b> {
    /// The bytes of the `constants` object.
    Constants(&'b [u8]),
    /// The bytes of one object of `events`.
    Event(&'b [u8]),
}

/// How the stream ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct End {
    /// The input stopped before the top-level object was closed.
    pub truncated: bool,
    /// Bytes of an event cut off by the end of the input (not handed over).
    pub partial_event: bool,
    /// Events handed over.
    pub events: usize,
}

/// Why the stream is not a NetLog, at a byte offset.
#[derive(Debug)]
pub enum StreamError {
    Io(io::Error),
    /// `expected` at byte `offset`.
    Shape {
        offset: u64,
        expected: &'static str,
    },
}

impl From<io::Error> for StreamError {
    fn from(e: io::Error) -> Self {
        StreamError::Io(e)
    }
}

/// A byte reader over any `Read`, with one byte of look-back.
struct Bytes<R> {
    r: R,
    buf: Box<[u8]>,
    i: usize,
    n: usize,
    /// Offset of `buf[0]` in the input.
    base: u64,
    back: Option<u8>,
}

impl<R: Read> Bytes<R> {
    fn new(r: R) -> Self {
        Bytes {
            r,
            buf: vec![0; BUF].into_boxed_slice(),
            i: 0,
            n: 0,
            base: 0,
            back: None,
        }
    }

    fn offset(&self) -> u64 {
        self.base + self.i as u64
    }

    #[inline]
    fn next(&mut self) -> io::Result<Option<u8>> {
        if let Some(b) = self.back.take() {
            return Ok(Some(b));
        }
        if self.i == self.n {
            self.base += self.n as u64;
            self.i = 0;
            self.n = loop {
                match self.r.read(&mut self.buf) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            if self.n == 0 {
                return Ok(None);
            }
        }
        let b = self.buf.get(self.i).copied();
        self.i += 1;
        Ok(b)
    }

    /// The next byte that is not JSON white space.
    fn next_token(&mut self) -> io::Result<Option<u8>> {
        loop {
            match self.next()? {
                Some(b' ' | b'\n' | b'\r' | b'\t') => continue,
                other => return Ok(other),
            }
        }
    }

    /// Consumes the rest of a JSON value whose first byte was `first`, appending its bytes to
    /// `out`. Returns `false` when the input ends inside the value.
    fn value(&mut self, first: u8, out: &mut Vec<u8>, keep: bool) -> io::Result<bool> {
        if keep {
            out.push(first);
        }
        match first {
            b'{' | b'[' => self.nested(out, keep),
            b'"' => self.string(out, keep),
            _ => loop {
                // A number, `true`, `false` or `null`: up to the next delimiter.
                match self.next()? {
                    None => return Ok(true),
                    Some(b @ (b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')) => {
                        self.back = Some(b);
                        return Ok(true);
                    }
                    Some(b) if keep => out.push(b),
                    Some(_) => {}
                }
            },
        }
    }

    /// The rest of a string whose opening quote was read.
    fn string(&mut self, out: &mut Vec<u8>, keep: bool) -> io::Result<bool> {
        let mut escaped = false;
        while let Some(b) = self.next()? {
            if keep {
                out.push(b);
            }
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The rest of an object or array whose opening bracket was read.
    fn nested(&mut self, out: &mut Vec<u8>, keep: bool) -> io::Result<bool> {
        let mut depth = 1usize;
        while let Some(b) = self.next()? {
            if keep {
                out.push(b);
            }
            match b {
                b'"' if !self.string(out, keep)? => return Ok(false),
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(true);
                    }
                }
                _ => {}
            }
        }
        Ok(false)
    }
}

fn shape(bytes: &Bytes<impl Read>, expected: &'static str) -> StreamError {
    StreamError::Shape {
        offset: bytes.offset().saturating_sub(1),
        expected,
    }
}

/// Reads a NetLog from `r`, handing the constants and each event to `f` in order.
pub fn read<R: Read>(
    r: R,
    mut f: impl FnMut(Item<'_>) -> Result<(), StreamError>,
) -> Result<End, StreamError> {
    let mut bytes = Bytes::new(r);
    let mut end = End::default();
    match bytes.next_token()? {
        Some(b'{') => {}
        _ => {
            return Err(shape(
                &bytes,
                "a JSON object with \"constants\" and \"events\"",
            ))
        }
    }
    let mut key = Vec::new();
    let mut buf = Vec::new();
    loop {
        let Some(b) = bytes.next_token()? else {
            end.truncated = true;
            return Ok(end);
        };
        match b {
            b'}' => return Ok(end),
            b',' => continue,
            b'"' => {}
            _ => return Err(shape(&bytes, "a key of the NetLog object")),
        }
        key.clear();
        if !bytes.string(&mut key, true)? || bytes.next_token()? != Some(b':') {
            end.truncated = true;
            return Ok(end);
        }
        let Some(first) = bytes.next_token()? else {
            end.truncated = true;
            return Ok(end);
        };
        match key.as_slice() {
            b"constants\"" => {
                buf.clear();
                if !bytes.value(first, &mut buf, true)? {
                    end.truncated = true;
                    return Ok(end);
                }
                f(Item::Constants(&buf))?;
            }
            b"events\"" => {
                if first != b'[' {
                    return Err(shape(&bytes, "the \"events\" array"));
                }
                if !events(&mut bytes, &mut buf, &mut end, &mut f)? {
                    end.truncated = true;
                    return Ok(end);
                }
            }
            _ => {
                if !bytes.value(first, &mut buf, false)? {
                    end.truncated = true;
                    return Ok(end);
                }
            }
        }
    }
}

/// The elements of `events` up to its closing bracket; `false` when the input ends first.
fn events<R: Read>(
    bytes: &mut Bytes<R>,
    buf: &mut Vec<u8>,
    end: &mut End,
    f: &mut impl FnMut(Item<'_>) -> Result<(), StreamError>,
) -> Result<bool, StreamError> {
    loop {
        match bytes.next_token()? {
            None => return Ok(false),
            Some(b']') => return Ok(true),
            Some(b',') => continue,
            Some(b'{') => {
                buf.clear();
                if !bytes.value(b'{', buf, true)? {
                    end.partial_event = true;
                    return Ok(false);
                }
                end.events += 1;
                f(Item::Event(buf))?;
            }
            Some(_) => return Err(shape(bytes, "an event object in \"events\"")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(input: &str) -> Result<(Vec<String>, End), StreamError> {
        let mut items = Vec::new();
        let end = read(input.as_bytes(), |item| {
            items.push(match item {
                Item::Constants(b) => format!("C{}", String::from_utf8_lossy(b)),
                Item::Event(b) => format!("E{}", String::from_utf8_lossy(b)),
            });
            Ok(())
        })?;
        Ok((items, end))
    }

    #[test]
    fn splits_constants_and_events() {
        let (items, end) = collect(
            "{\"constants\": {\"a\": [1, \"}\"]},\n\"events\": [\n{\"type\": 1, \"p\": \"x\\\"]\"},\n{\"type\": 2}\n],\n\"polledData\": {\"x\": [true]}}\n",
        )
        .unwrap();
        assert_eq!(
            items,
            vec![
                "C{\"a\": [1, \"}\"]}",
                "E{\"type\": 1, \"p\": \"x\\\"]\"}",
                "E{\"type\": 2}"
            ]
        );
        assert_eq!(
            end,
            End {
                truncated: false,
                partial_event: false,
                events: 2
            }
        );
    }

    #[test]
    fn a_log_cut_off_keeps_its_whole_events() {
        let (items, end) =
            collect("{\"constants\":{},\"events\":[\n{\"type\":1},\n{\"type\":2},\n").unwrap();
        assert_eq!(items.len(), 3);
        assert!(end.truncated && !end.partial_event);
        let (items, end) = collect("{\"constants\":{},\"events\":[{\"type\":1},{\"ty").unwrap();
        assert_eq!(items.len(), 2);
        assert!(end.truncated && end.partial_event);
        assert_eq!(end.events, 1);
    }

    #[test]
    fn refuses_what_is_not_a_netlog() {
        assert!(matches!(
            collect("[1,2]"),
            Err(StreamError::Shape { offset: 0, .. })
        ));
        assert!(matches!(
            collect("{\"events\": 3}"),
            Err(StreamError::Shape { .. })
        ));
        assert!(matches!(
            collect("{\"events\": [1]}"),
            Err(StreamError::Shape { .. })
        ));
    }
}
