//! Chrome NetLog input (`chrome://net-export`, `--log-net-log`): the capture that records what
//! no HAR holds — the CorsError of a failed preflight, preflight-cache hits, the raw headers of
//! every hop. The log is streamed (`stream`): one event in memory at a time, folded into one
//! record per URL request (`events`), then shaped into the entries a Chromium HAR would hold
//! (`build`). CorsError numbers are named per Chromium version (`numbering`).

mod build;
pub mod constants;
mod events;
pub mod numbering;
pub mod stream;

use super::error::{LoadError, LoadErrorKind};
use crate::model::{Capture, Producer, Skipped};
use constants::Constants;
use std::borrow::Cow;
use std::io::Read;

/// How to read a NetLog.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Keep the browser's own traffic (updates, sign-in, safe browsing …), left out by default.
    pub background: bool,
}

/// What corsdx read about the log itself.
#[derive(Debug, Clone, Default)]
pub struct LogInfo {
    pub client: Option<String>,
    pub version: Option<String>,
    pub capture_mode: Option<String>,
    pub end: stream::End,
    /// Requests of the browser's own traffic left out.
    pub background: usize,
    /// The log records no headers (a stripped capture mode).
    pub headers_stripped: bool,
}

/// A NetLog read into a capture.
pub struct NetLog {
    pub capture: Capture<'static>,
    pub info: LogInfo,
}

/// Whether `head` (the first bytes of an input) starts a NetLog: a JSON object whose first key
/// is `constants` or `events` (a HAR's is `log`).
pub fn looks_like_netlog(head: &[u8]) -> bool {
    let mut rest = head.iter().skip_while(|b| b.is_ascii_whitespace()).copied();
    if rest.next() != Some(b'{') {
        return false;
    }
    let key: Vec<u8> = rest
        .skip_while(|b| b.is_ascii_whitespace())
        .take(12)
        .collect();
    key.starts_with(b"\"constants\"") || key.starts_with(b"\"events\"")
}

fn shape_error(name: &str, offset: u64, expected: &str) -> LoadError {
    LoadError::new(
        name,
        LoadErrorKind::NotNetLog {
            offset,
            expected: expected.to_string(),
        },
    )
}

/// Reads a NetLog from `r` (streamed: memory holds the requests kept, not the file).
pub fn read_netlog(name: &str, r: impl Read, options: ReadOptions) -> Result<NetLog, LoadError> {
    let mut constants: Option<Constants> = None;
    let mut fold = events::Fold::new(options.background);
    let mut early = 0usize;
    let end = stream::read(r, |item| {
        match item {
            stream::Item::Constants(bytes) => {
                let c = Constants::parse(bytes).map_err(|_| stream::StreamError::Shape {
                    offset: 0,
                    expected: "a \"constants\" object",
                })?;
                constants = Some(c);
            }
            stream::Item::Event(bytes) => match &constants {
                Some(c) => fold.event(c, bytes),
                None => early += 1,
            },
        }
        Ok(())
    })
    .map_err(|e| match e {
        stream::StreamError::Io(e) => LoadError::new(name, LoadErrorKind::Io(e.to_string())),
        stream::StreamError::Shape { offset, expected } => shape_error(name, offset, expected),
    })?;
    let Some(c) = constants else {
        return Err(shape_error(name, 0, "\"constants\" before \"events\""));
    };
    Ok(assemble(c, fold, end, early))
}

fn assemble(c: Constants, fold: events::Fold, end: stream::End, early: usize) -> NetLog {
    let stripped = c.strips_headers() || (!fold.saw_headers && end.events > 0);
    let keep_all = fold.keep_background;
    let mut background = fold.background;
    let kept: Vec<events::Request> = fold
        .requests
        .into_iter()
        .filter(|r| {
            let page = keep_all || r.is_page_traffic() || r.created_by.is_some();
            if !page && !r.done {
                background += 1;
            }
            page && (!r.jobs.is_empty() || r.cors.is_some())
        })
        .collect();
    let entries = build::entries(&c, kept, stripped);
    let mut skipped = Vec::new();
    if early > 0 {
        skipped.push(Skipped {
            entry: 0,
            reason: format!("{early} event(s) came before the log's constants and were not read"),
        });
    }
    if fold.unreadable > 0 {
        skipped.push(Skipped {
            entry: end.events,
            reason: format!("{} event(s) were not event objects", fold.unreadable),
        });
    }
    if end.truncated {
        skipped.push(Skipped {
            entry: end.events,
            reason: format!(
                "the log is cut off after {} event(s), without its closing brackets (Chrome stopped during the capture){}: the requests before it were read, a request still under way has no outcome",
                end.events,
                if end.partial_event { ", in the middle of an event" } else { "" }
            ),
        });
    }
    let version = c.version.clone();
    let capture = Capture {
        creator: Cow::Owned(format!(
            "{} NetLog",
            c.client.as_deref().unwrap_or("Chrome")
        )),
        creator_version: Cow::Owned(version.clone().unwrap_or_default()),
        browser: c.client.clone().map(Cow::Owned),
        producer: Producer::ChromeNetLog,
        pages: build::pages(&entries),
        entries,
        skipped,
    };
    NetLog {
        capture,
        info: LogInfo {
            client: c.client,
            version,
            capture_mode: c.capture_mode,
            end,
            background,
            headers_stripped: stripped,
        },
    }
}

#[cfg(test)]
mod tests;
