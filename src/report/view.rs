//! The format-neutral view of a request report that every layout reads: which hop decided, how
//! statuses and unknown values are shown, and the one verdict label. Table, Markdown and HTML
//! lay these out; none works the chain out for itself.

use crate::analyze::RequestReport;
use crate::fetch::engine::Stage;

/// Which part of a hop the verdict was decided at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecidedAt {
    /// The preflight sent before the hop: the hop itself is never sent.
    Preflight,
    /// The hop's own response (a redirect or the final response).
    Response,
}

/// Where the verdict of `r` fell on hop `hop`, if it fell there.
pub fn decided_at(r: &RequestReport, hop: usize) -> Option<DecidedAt> {
    match r.stage? {
        Stage::Preflight { hop: h } if h == hop && r.blocked => Some(DecidedAt::Preflight),
        Stage::Redirect { hop: h } | Stage::Response { hop: h } if h == hop => {
            Some(DecidedAt::Response)
        }
        _ => None,
    }
}

/// A value the input may not show, for text: `?` when unknown.
pub fn shown(v: Option<&str>) -> &str {
    v.unwrap_or("?")
}

impl RequestReport {
    /// The method for text: `?` when no input shows it.
    pub fn method_shown(&self) -> &str {
        shown(self.method.as_deref())
    }

    /// The URL for text: `?` when no input shows it.
    pub fn url_shown(&self) -> &str {
        shown(Some(self.url.as_str()).filter(|u| !u.is_empty()))
    }
}

/// The label of a request's console line: the browser's own, or corsdx's rendering of it
/// (which users must not paste as real output).
pub fn console_label(r: &RequestReport) -> &'static str {
    match r.console_source {
        Some(crate::analyze::ConsoleLineSource::Rendered) => {
            "what the browser prints (rendered by corsdx; no console line in the inputs)"
        }
        _ => "printed by the browser",
    }
}

/// Where a request of the report comes from: an entry of a HAR or a line of a console log.
pub fn place(r: &RequestReport, path: &str) -> String {
    if r.chain.is_empty() && r.verdict_source == crate::judge::VerdictSource::Console {
        format!("line {} of {path}", r.entry)
    } else {
        format!("entry {} of {path}", r.entry)
    }
}

/// A status for text: `none` for a request without a response (`0`), `?` when unknown.
pub fn status_shown(s: Option<i64>, none: &str) -> String {
    match s {
        None => "?".into(),
        Some(s) if s <= 0 => none.into(),
        Some(s) => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_are_shown_as_unknown() {
        assert_eq!(status_shown(None, "—"), "?");
        assert_eq!(status_shown(Some(0), "—"), "—");
        assert_eq!(status_shown(Some(204), "—"), "204");
        assert_eq!(shown(None), "?");
    }
}
