//! Which console line reports which chain. A console line is the browser's own verdict; a HAR
//! is the evidence. Lines are matched to chains by URL (the first or the last of the chain),
//! origin when both are known, and order, each line used once. Matching goes through an index
//! built once, so a log of a hundred thousand identical lines costs one lookup per chain.
//! The matched line is then read by the verdict layer (`judge::console`) while it judges.

use crate::capture::console::{ConsoleEvent, ConsoleLog, EventKind};
use crate::model::Capture;
use crate::trace::Chain;
use std::collections::HashMap;

/// Events that describe one request.
pub fn relevant(e: &ConsoleEvent) -> bool {
    e.url.is_some()
        && matches!(
            e.kind,
            EventKind::Cors
                | EventKind::NetworkError
                | EventKind::MixedContent
                | EventKind::LocalNetworkAccess
        )
}

/// Event indexes in line order, and a cursor past the used ones.
type Queue = (Vec<usize>, usize);

/// Events by URL and printed origin.
struct EventIndex<'l> {
    by_url: HashMap<&'l str, HashMap<Option<&'l str>, Queue>>,
    used: Vec<bool>,
}

impl<'l> EventIndex<'l> {
    fn new(log: &'l ConsoleLog) -> Self {
        let mut by_url: HashMap<&'l str, HashMap<Option<&'l str>, Queue>> = HashMap::new();
        for (i, e) in log.events.iter().enumerate().filter(|(_, e)| relevant(e)) {
            let origin = e.origin.as_deref();
            let first = e.first_url();
            let last = e.url.as_deref();
            for url in [first, last.filter(|l| Some(*l) != first)]
                .into_iter()
                .flatten()
            {
                by_url
                    .entry(url)
                    .or_default()
                    .entry(origin)
                    .or_default()
                    .0
                    .push(i);
            }
        }
        EventIndex {
            by_url,
            used: vec![false; log.events.len()],
        }
    }

    /// The earliest unused event for one of `urls` whose origin does not contradict `origin`.
    fn take(&mut self, urls: [&str; 2], origin: Option<&str>) -> Option<usize> {
        let mut best: Option<usize> = None;
        for url in urls {
            let Some(lists) = self.by_url.get_mut(url) else {
                continue;
            };
            for (key, (list, cursor)) in lists.iter_mut() {
                let compatible = match (key, origin) {
                    (Some(a), Some(b)) => *a == b,
                    _ => true,
                };
                if !compatible {
                    continue;
                }
                while list.get(*cursor).is_some_and(|&i| self.used[i]) {
                    *cursor += 1;
                }
                if let Some(&i) = list.get(*cursor) {
                    if best.is_none_or(|b| i < b) {
                        best = Some(i);
                    }
                }
            }
        }
        let i = best?;
        self.used[i] = true;
        Some(i)
    }
}

/// Which console event (by index) belongs to each chain, in chain order.
pub fn match_events(
    capture: &Capture<'_>,
    chains: &[Chain],
    log: &ConsoleLog,
) -> Vec<Option<usize>> {
    let mut index = EventIndex::new(log);
    chains
        .iter()
        .map(|c| {
            let first = capture.entries[c.first()].request.url.as_ref();
            let last = capture.entries[c.last().entry].request.url.as_ref();
            index.take([first, last], c.origin())
        })
        .collect()
}

/// Relevant events no chain claimed, in line order: requests the capture does not hold
/// (Safari's missing failed entries, requests refused before they existed).
pub fn unmatched(log: &ConsoleLog, matched: &[Option<usize>]) -> Vec<usize> {
    let mut used = vec![false; log.events.len()];
    for &i in matched.iter().flatten() {
        used[i] = true;
    }
    log.events
        .iter()
        .enumerate()
        .filter(|(i, e)| !used[*i] && relevant(e))
        .map(|(i, _)| i)
        .collect()
}

/// The log with only the events at `indexes` (in that order): what is left for the next capture.
pub fn keep(log: &ConsoleLog, indexes: &[usize]) -> ConsoleLog {
    ConsoleLog {
        events: indexes
            .iter()
            .filter_map(|&i| log.events.get(i).cloned())
            .collect(),
        unrecognized: log.unrecognized,
        lines: log.lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::console::parse_console;
    use crate::trace::build_chains;
    use crate::trace::tests::{capture, entry};

    const LINE: &str = "Access to fetch at 'http://api.x/a' from origin 'http://app.x' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.";

    #[test]
    fn each_line_reports_one_chain_in_order() {
        let c = capture(vec![
            entry(
                0,
                "GET",
                "http://api.x/a",
                &[("Origin", "http://app.x")],
                0,
                &[],
            ),
            entry(
                1,
                "GET",
                "http://api.x/a",
                &[("Origin", "http://app.x")],
                0,
                &[],
            ),
            entry(
                2,
                "GET",
                "http://api.x/a",
                &[("Origin", "http://other.x")],
                0,
                &[],
            ),
        ]);
        let log = parse_console(&format!("{LINE}\n{LINE}\n"));
        assert_eq!(log.events.len(), 2);
        let chains = build_chains(&c, None);
        let m = match_events(&c, &chains, &log);
        assert_eq!(m, [Some(0), Some(1), None]);
        assert!(unmatched(&log, &m).is_empty());
        let m = match_events(&c, &chains[2..], &log);
        assert_eq!(m, [None]);
        assert_eq!(unmatched(&log, &m), [0, 1]);
    }

    #[test]
    fn a_large_log_is_matched_through_the_index() {
        // 50,000 identical lines and as many chains: linear, or this test never ends.
        let n = 50_000;
        let text = format!("{LINE}\n").repeat(n);
        let log = parse_console(&text);
        let entries = (0..n)
            .map(|i| {
                entry(
                    i,
                    "GET",
                    "http://api.x/a",
                    &[("Origin", "http://app.x")],
                    0,
                    &[],
                )
            })
            .collect();
        let c = capture(entries);
        let chains = build_chains(&c, None);
        let m = match_events(&c, &chains, &log);
        assert!(m.iter().enumerate().all(|(i, x)| *x == Some(i)));
    }
}
