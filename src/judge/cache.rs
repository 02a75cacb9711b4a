//! The HTTP cache as a capture shows it: which earlier response the browser may have replayed
//! for a request. Answered from an index built once per capture, so a page that polls one URL
//! a hundred thousand times costs one lookup per poll, not a scan of every earlier entry.

use crate::model::{Capture, Entry};
use std::collections::HashMap;

/// Whether a response carries a freshness lifetime (`max-age`, `s-maxage`, `Expires`).
pub fn is_cacheable(e: &Entry<'_>) -> bool {
    let cc = e
        .response
        .headers
        .combined("cache-control")
        .map(|v| v.to_ascii_lowercase())
        .unwrap_or_default();
    if cc.contains("no-store") || cc.contains("no-cache") {
        return false;
    }
    cc.split(',').any(|d| {
        let d = d.trim();
        (d.starts_with("max-age=") || d.starts_with("s-maxage="))
            && d.split('=')
                .nth(1)
                .and_then(|n| n.trim().parse::<u64>().ok())
                .is_some_and(|n| n > 0)
    }) || e.response.headers.contains("expires")
}

/// Whether `Vary` names `Origin` (or is `*`).
pub fn varies_on_origin(e: &Entry<'_>) -> bool {
    e.response.headers.get_all("vary").any(|v| {
        v.split(',')
            .any(|t| t.trim().eq_ignore_ascii_case("origin") || t.trim() == "*")
    })
}

/// A cached response a blocked request may have been served, and how the capture shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replay {
    /// Position in `capture.entries` of the response that was cached.
    pub cached: usize,
    /// The replayed response itself is in the capture, marked as served from the cache
    /// (`_fromCache`, Firefox's `headersSize: 0`); otherwise the replay is inferred.
    pub recorded: bool,
}

/// One candidate of a URL's list: its position, and the `Origin` its request carried.
struct Candidate<'c> {
    pos: usize,
    origin: Option<&'c str>,
    /// Index in the same list of the nearest earlier candidate whose `Origin` differs.
    prev_other: Option<usize>,
}

/// Responses that a browser's HTTP cache could replay to another origin, per (URL, method): a
/// 2xx with `Access-Control-Allow-Origin`, a freshness lifetime and no `Vary: Origin`. And
/// responses whose `Access-Control-Allow-Origin` echoed the request's own `Origin`, per (URL,
/// that origin).
pub struct CacheIndex<'c> {
    shareable: HashMap<(&'c str, String), Vec<Candidate<'c>>>,
    echoed: HashMap<(&'c str, &'c str), Vec<usize>>,
}

impl<'c> CacheIndex<'c> {
    pub fn new(capture: &'c Capture<'_>) -> Self {
        let mut shareable: HashMap<(&'c str, String), Vec<Candidate<'c>>> = HashMap::new();
        let mut echoed: HashMap<(&'c str, &'c str), Vec<usize>> = HashMap::new();
        for (pos, c) in capture.entries.iter().enumerate() {
            let Some(acao) = c.response.headers.get("access-control-allow-origin") else {
                continue;
            };
            let url: &'c str = &c.request.url;
            let sent = c.request.headers.get("origin");
            if sent == Some(acao) {
                echoed.entry((url, acao)).or_default().push(pos);
            }
            if (200..300).contains(&c.response.status) && is_cacheable(c) && !varies_on_origin(c) {
                let list = shareable
                    .entry((url, c.request.method.to_ascii_uppercase()))
                    .or_default();
                let prev_other = match list.last() {
                    None => None,
                    Some(last) if last.origin != sent => Some(list.len() - 1),
                    Some(last) => last.prev_other,
                };
                list.push(Candidate {
                    pos,
                    origin: sent,
                    prev_other,
                });
            }
        }
        CacheIndex { shareable, echoed }
    }

    /// The latest shareable response before `before` for the same URL and method, fetched for
    /// another origin than `origin` (or with no `Origin` recorded).
    pub fn replayed_for_other_origin(
        &self,
        e: &Entry<'_>,
        before: usize,
        origin: &str,
    ) -> Option<usize> {
        let list = self.shareable.get(&(
            e.request.url.as_ref(),
            e.request.method.to_ascii_uppercase(),
        ))?;
        let at = list.partition_point(|c| c.pos < before).checked_sub(1)?;
        let c = list.get(at)?;
        if c.origin != Some(origin) {
            return Some(c.pos);
        }
        c.prev_other.and_then(|i| list.get(i)).map(|c| c.pos)
    }

    /// The latest response before `before` for the same URL whose request carried `Origin:
    /// acao` and whose `Access-Control-Allow-Origin` echoed it.
    pub fn echoed_for(&self, url: &str, acao: &str, before: usize) -> Option<usize> {
        let list = self.echoed.get(&(url, acao))?;
        let at = list.partition_point(|&p| p < before).checked_sub(1)?;
        list.get(at).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::tests::{capture, entry};

    const URL: &str = "http://api.x/cfg";

    fn cached(i: usize, origin: &'static str) -> Entry<'static> {
        entry(
            i,
            "GET",
            URL,
            &[("Origin", origin)],
            200,
            &[
                ("Access-Control-Allow-Origin", origin),
                ("Cache-Control", "max-age=60"),
            ],
        )
    }

    #[test]
    fn finds_the_latest_response_cached_for_another_origin() {
        let c = capture(vec![
            cached(0, "http://a.x"),
            cached(1, "http://b.x"),
            cached(2, "http://b.x"),
            cached(3, "http://b.x"),
            entry(4, "GET", URL, &[], 0, &[]),
        ]);
        let idx = CacheIndex::new(&c);
        let e = &c.entries[4];
        assert_eq!(idx.replayed_for_other_origin(e, 4, "http://b.x"), Some(0));
        assert_eq!(idx.replayed_for_other_origin(e, 4, "http://a.x"), Some(3));
        assert_eq!(idx.replayed_for_other_origin(e, 1, "http://a.x"), None);
        assert_eq!(idx.echoed_for(URL, "http://b.x", 4), Some(3));
        assert_eq!(idx.echoed_for(URL, "http://b.x", 1), None);
    }

    #[test]
    fn vary_origin_and_no_store_are_not_shareable() {
        let mut vary = cached(0, "http://a.x");
        vary.response
            .headers
            .push(crate::model::Header::new("Vary", "Origin"));
        let mut no_store = cached(1, "http://a.x");
        no_store.response.headers = crate::model::Headers::from_pairs([
            ("Access-Control-Allow-Origin", "http://a.x"),
            ("Cache-Control", "no-store, max-age=60"),
        ]);
        let c = capture(vec![vary, no_store, entry(2, "GET", URL, &[], 0, &[])]);
        let idx = CacheIndex::new(&c);
        assert_eq!(
            idx.replayed_for_other_origin(&c.entries[2], 2, "http://b.x"),
            None
        );
    }
}
